"""AppTest: hostile files in the scenarios folder only ever affect themselves (issue 11 §1)."""

from __future__ import annotations

import os
import shutil

import pytest
from paths import FIXTURES, ROOT, SCENARIOS
from streamlit.testing.v1 import AppTest

HOSTILE = ["invalid_date", "bad_bool_tag", "huge_integer", "deep_nesting", "nul_byte", "lone_surrogate",
           "escape_in_key", "blank_title", "null_key"]  # fmt: skip


@pytest.fixture
def hostile_folder(tmp_path, monkeypatch):
    folder = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, folder)
    for name in HOSTILE:
        text = (FIXTURES / "scenarios" / f"error_{name}.yaml").read_bytes().replace(b"valid_base", b"baseline")
        (folder / f"{name}.yaml").write_bytes(text)
    (folder / "utf16.yaml").write_bytes("title: Saved as UTF-16\nextends: baseline\n".encode("utf-16-le"))
    (folder / "self_loop.yaml").write_text("title: Self loop\nextends: ./self_loop\n")
    (folder / "outside.yaml").write_text("title: Outside\nextends: ../../etc/passwd\n")
    (folder / "aliases.yaml").write_text(
        "title: &s " + "x" * 400_000 + "\ndescription: [" + ", ".join(["*s"] * 30) + "]\n"
    )
    (folder / "folder.yaml").mkdir()
    monkeypatch.setenv("BWISE_SCENARIOS", str(folder))
    import bwise_foresight.ui.data as data

    monkeypatch.setattr(data, "SCENARIO_DIR", folder)
    return folder


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def test_broken_files_leave_the_picker_and_the_good_scenarios_working(hostile_folder):
    at = _app().run()
    assert not at.exception, at.exception
    options = at.selectbox(key="scenario").options
    for title in ("Business as usual", "Austerity", "Fast automation"):
        assert title in options
    broken = [o for o in options if o.endswith("(has errors)")]
    assert len(broken) == len(HOSTILE) + 5  # every hostile file listed as broken, never hidden or crashing
    assert not at.error and len(at.get("plotly_chart")) == 1


@pytest.mark.parametrize("name", [*HOSTILE, "utf16", "self_loop", "outside", "aliases"])
def test_a_broken_file_shows_its_problems_and_nothing_else_breaks(hostile_folder, name):
    at = _app().run()
    at.selectbox(key="scenario").select(f"{name} (has errors)").run()
    assert not at.exception, at.exception
    (error,) = at.error
    assert f"scenarios/{name}.yaml" in error.value
    assert "Traceback" not in error.value and "\x1b" not in error.value and len(error.value) < 2000
    at.selectbox(key="scenario").select("Austerity").run()
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 1


def test_compare_lists_the_good_scenarios_beside_broken_ones(hostile_folder):
    at = _app().run()
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception, at.exception
    options = at.multiselect(key="compare").options
    assert {"Business as usual", "Austerity", "Fast automation"} <= set(options)
    assert not at.error


def test_a_file_name_that_is_not_utf8_affects_only_itself(hostile_folder):
    (hostile_folder / os.fsdecode(b"caf\xe9.yaml")).write_text("title: Latin-1 file name\nextends: baseline\n")
    at = _app().run()
    assert not at.exception, at.exception
    assert "Austerity" in at.selectbox(key="scenario").options
