"""Hostile scenario files (issue 11 §1): whatever a file holds, reading it ends in a ScenarioError
naming its file, line and key — never another exception, never a hang, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from paths import FIXTURES, ROOT

from bwise_foresight import ScenarioError, load_scenario, scenario_from_text

HOSTILE_NAMES = "invalid_date bad_bool_tag bad_int_tag huge_integer deep_nesting nul_byte control_character"
HOSTILE = [
    FIXTURES / "scenarios" / f"error_{name}.yaml" for name in (HOSTILE_NAMES + " lone_surrogate escape_in_key").split()
]


# --- every failure to read a file is a ScenarioError with file, line and key -----------------------


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.stem)
def test_a_hostile_file_is_a_scenario_error_with_a_line(path, baseline):
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, baseline=baseline, display=path.name)
    (problem,) = err.value.problems
    assert problem.file == path.name and problem.line is not None


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.stem)
def test_uploaded_text_of_a_hostile_file_is_a_scenario_error(path, baseline):
    text = path.read_bytes().decode("utf-8").replace("extends: valid_base\n", "")
    with pytest.raises(ScenarioError) as err:
        scenario_from_text(text, scenario_id="upload", baseline=baseline)
    assert all(p.file == "upload.yaml" and p.line for p in err.value.problems)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("date: 2026-02-30\n", "date"),
        ("horizon: {start: !!float abc}\n", "horizon.start"),
        ("when: !!timestamp soon\n", "when"),
        ("? !!int abc\n: 1\n", "abc"),
    ],
)
def test_a_value_yaml_cannot_read_names_its_key(text, key):
    with pytest.raises(ScenarioError) as err:
        scenario_from_text("title: x\n" + text, scenario_id="t")
    (problem,) = err.value.problems
    assert problem.key == key and problem.line == 2


def test_nesting_through_aliases_is_bounded_too():
    text = "title: x\na0: &a0 [1]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 60))
    with pytest.raises(ScenarioError, match="nested more than 32 levels"):
        scenario_from_text(text, scenario_id="t")


def test_utf16_without_a_bom_is_reported_on_a_line_not_as_a_unicode_string(tmp_path):
    path = tmp_path / "utf16.yaml"
    path.write_bytes("title: Saved by Notepad\nauthor: me\n".encode("utf-16-le"))
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, check_baseline=False, display="utf16.yaml")
    (problem,) = err.value.problems
    assert str(problem) == (
        "utf16.yaml:1: the file looks like UTF-16 text (zero bytes between the letters); save it as UTF-8"
    )
    assert "<unicode string>" not in str(problem)


def test_a_folder_named_like_a_scenario_is_a_scenario_error(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(ScenarioError, match="cannot read the file"):
        load_scenario(tmp_path / "folder.yaml", check_baseline=False)


def test_any_other_failure_still_ends_in_a_scenario_error(monkeypatch, tmp_path):
    """The net under the known cases: a bug in a later step names the file instead of escaping."""
    import bwise_foresight.scenario as scenario

    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(scenario, "_deep_merge", broken)
    (tmp_path / "a.yaml").write_text("title: a\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(tmp_path / "a.yaml", check_baseline=False, display="a.yaml")
    assert str(err.value) == "a.yaml: the file could not be read (KeyError); please report this, with the file"
    monkeypatch.setattr(scenario, "_build", broken)
    with pytest.raises(ScenarioError, match=r"^up\.yaml: the file could not be read \(KeyError\)"):
        scenario_from_text("title: a\n", scenario_id="up")


def test_validate_cli_prints_every_hostile_file_without_a_traceback(tmp_path):
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_bytes("title: x\n".encode("utf-16-le"))
    result = subprocess.run(
        [sys.executable, "-m", "bwise_foresight", "validate", *map(str, HOSTILE), str(utf16)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert result.stderr == ""
    out = result.stdout.splitlines()
    assert len(out) == len(HOSTILE) + 1
    assert all(":" in line and "Traceback" not in line for line in out)
    assert "\x1b" not in result.stdout


# --- extends names a scenario id in the same folder, however spelled ------------------------------


@pytest.mark.parametrize("spelling", ["parent", "./parent", "parent.yaml", "Parent", "./PARENT.yml", " parent "])
def test_extends_resolves_any_spelling_to_the_scenario_id(tmp_path, spelling):
    (tmp_path / "parent.yaml").write_text((FIXTURES / "scenarios" / "valid_base.yaml").read_text(encoding="utf-8"))
    (tmp_path / "child.yaml").write_text(f"title: Child\nextends: '{spelling}'\n")
    child = load_scenario(tmp_path / "child.yaml", check_baseline=False, display="child.yaml")
    assert child.files == ("child.yaml", "parent.yaml")


@pytest.mark.parametrize("spelling", ["a", "./a", "a.yaml", "A", ".\\a.YAML"])
def test_a_cycle_is_caught_however_it_is_spelled(tmp_path, spelling):
    (tmp_path / "a.yaml").write_text("title: A\nextends: b\n")
    (tmp_path / "b.yaml").write_text(f"title: B\nextends: '{spelling}'\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(tmp_path / "a.yaml", check_baseline=False, display="a.yaml")
    (problem,) = err.value.problems
    assert problem.key == "extends"
    assert str(problem).startswith("b.yaml:2: 'extends' makes a cycle: a.yaml → b.yaml → a.yaml")


@pytest.mark.parametrize("spelling", ["../outside", "../scenarios/parent", "/tmp/outside", "sub/parent", "..\\outside"])
def test_extends_never_leaves_the_folder(tmp_path, spelling):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "sub").mkdir()
    base = (FIXTURES / "scenarios" / "valid_base.yaml").read_text(encoding="utf-8")
    for target in (tmp_path / "outside.yaml", folder / "parent.yaml", folder / "sub" / "parent.yaml"):
        target.write_text(base)
    (folder / "child.yaml").write_text(f"title: Child\nextends: '{spelling}'\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(folder / "child.yaml", check_baseline=False, display="child.yaml")
    assert str(err.value).startswith(f"child.yaml:2: 'extends: {spelling}' points outside this folder")


def test_a_link_out_of_the_folder_is_refused(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (tmp_path / "secret.yaml").write_text((FIXTURES / "scenarios" / "valid_base.yaml").read_text(encoding="utf-8"))
    (folder / "parent.yaml").symlink_to(tmp_path / "secret.yaml")
    (folder / "child.yaml").write_text("title: Child\nextends: parent\n")
    with pytest.raises(ScenarioError, match="points outside this folder"):
        load_scenario(folder / "child.yaml", check_baseline=False)


# --- what a file expands to, and every message, is bounded; unsafe characters are shown escaped ---


def test_aliases_to_one_long_string_are_refused_quickly():
    """412 KB of aliases to one 400 KB string once drove the server to 7 GB."""
    text = "title: &s " + "x" * 400_000 + "\ndescription: [" + ", ".join(["*s"] * 3000) + "]\n"
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match=r"more than 1,048,576 characters of text through YAML aliases"):
        scenario_from_text(text, scenario_id="aliases")
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize(
    "text",
    [
        "horizon: {start: " + "9" * 4000 + ", end: " + "'" + "x" * 5000 + "'}\n",  # values quoted in messages
        "demand: {growth: [" + ", ".join(["'" + "y" * 200 + "'"] * 500) + "]}\n",  # a long list
        "? " + "x" * 5000 + "\n: 1\n",  # a long key (written as an explicit key: YAML allows it)
        "demand:\n  profiles:\n    ? " + "z" * 5000 + "\n    : 0.1\n",  # a long id, checked against the baseline
    ],
    ids=["long_values", "long_list", "long_key", "long_id"],
)
def test_every_message_is_bounded_and_long_values_are_shortened(text, baseline, tmp_path):
    (tmp_path / "base.yaml").write_text((FIXTURES / "scenarios" / "valid_base.yaml").read_text(encoding="utf-8"))
    (tmp_path / "long.yaml").write_text("title: Long\nextends: base\n" + text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(tmp_path / "long.yaml", baseline=baseline, display="long.yaml")
    for problem in err.value.problems:
        assert len(problem.message) < 1000 and len(problem.key) <= 160, problem.message
    assert "…" in str(err.value)


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "de", "it", "es", "pl"])
@pytest.mark.parametrize("path", HOSTILE[-2:], ids=lambda p: p.stem)
def test_unsafe_characters_are_shown_escaped_in_every_language(path, lang, baseline):
    from bwise_foresight.i18n import Translator

    with pytest.raises(ScenarioError) as err:
        load_scenario(path, baseline=baseline, display=path.name)
    for problem in err.value.problems:
        text = problem.text(Translator(lang))
        text.encode("utf-8")  # a lone surrogate cannot be encoded: no page or terminal could show it
        assert "\x1b" not in text and ("\\x1b[31m" in text or "\\ud800" in text)


# --- messages that say what is wrong and nothing else ---------------------------------------------


@pytest.mark.parametrize(
    ("written", "advice"),
    [("1e-2", "write 0.01 or 1.0e-2"), ("5E3", "write 5000 or 5.0E+3"), ("-2.5e1", "write -25 or -2.5e+1")],
)
def test_a_number_yaml_reads_as_text_is_not_told_to_drop_quotes(written, advice, tmp_path, baseline):
    (tmp_path / "base.yaml").write_text((FIXTURES / "scenarios" / "valid_base.yaml").read_text(encoding="utf-8"))
    (tmp_path / "x.yaml").write_text(f"title: x\nextends: base\nautomation:\n  midpoint_year: {written}\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(tmp_path / "x.yaml", baseline=baseline, display="x.yaml")
    (problem,) = err.value.problems
    assert problem.message.endswith(f"got text '{written}' — YAML reads {written} as text, not as a number: {advice}")
    assert "quotes" not in problem.message


@pytest.mark.parametrize(
    ("training", "expected"),
    [
        ("hours_per_worker: -5", "'training.hours_per_worker' must be between 0 and 1000"),
        ("hours_per_worker: {wsn: -5}", "'training.hours_per_worker.wsn' must be between 0 and 1000"),
        ("hours_per_worker: abc", "'training.hours_per_worker' must be a number or a range"),
    ],
)
def test_hours_per_worker_gets_one_message_for_the_shape_it_has(training, expected, tmp_path, baseline):
    (tmp_path / "base.yaml").write_text((FIXTURES / "scenarios" / "valid_base.yaml").read_text(encoding="utf-8"))
    (tmp_path / "x.yaml").write_text(f"title: x\nextends: base\ntraining:\n  {training}\n  hours_per_level: 60\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(tmp_path / "x.yaml", baseline=baseline, display="x.yaml")
    (problem,) = err.value.problems
    assert problem.message.startswith(expected) and problem.line == 4


def test_number_and_null_keys_are_reported_on_their_own_lines():
    text = "title: x\ndemand:\n  growth: 0.01\n  profiles:\n    1: 0.1\n    ~: 0.2\ntrue: 3\n"
    with pytest.raises(ScenarioError) as err:
        scenario_from_text(text, scenario_id="keys")
    keys = {p.key: (p.line, p.message) for p in err.value.problems if p.key.startswith(("demand.", "true"))}
    assert keys["demand.profiles.1"] == (5, "key 1 under 'demand.profiles' is read as a number, but keys are names")
    assert keys["demand.profiles.null"][0] == 6
    assert keys["true"][0] == 7 and "is read as true/false" in keys["true"][1]


@pytest.mark.parametrize("title", ["''", "'   '", "' \\t\\n '"])
def test_a_blank_title_is_refused(title):
    with pytest.raises(ScenarioError) as err:
        scenario_from_text(f'title: "{title[1:-1]}"\n', scenario_id="blank")
    assert any(p.key == "title" and p.line == 1 for p in err.value.problems)


def test_a_file_name_that_is_not_utf8_is_left_out_of_the_list(tmp_path):
    """Its id could be neither shown nor put in a link: listed, it took every page down."""
    import os

    from bwise_foresight import list_scenarios

    good = tmp_path / "good.yaml"
    good.write_text("title: x\n")
    (tmp_path / os.fsdecode(b"caf\xe9.yaml")).write_text("title: y\n")
    assert list_scenarios(tmp_path) == [good]
