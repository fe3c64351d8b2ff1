"""Saving scenarios: a safe name, never overwriting unasked, a backup, atomic even when interrupted."""

from __future__ import annotations

import os

import pytest

from bwise_foresight import ScenarioError, load_scenario
from bwise_foresight.scenario import BACKUP_DIR, save_scenario, scenario_filename


def test_the_file_name_comes_from_the_title():
    assert scenario_filename("Fast automation (adjusted)") == "fast_automation_adjusted.yaml"
    assert scenario_filename("Été 2030 — vert!") == "ete_2030_vert.yaml"
    assert scenario_filename("///") == "scenario.yaml"


def test_save_writes_a_file_that_loads_back(tmp_path, base_scenario, baseline):
    path = save_scenario(base_scenario, tmp_path)
    assert path == tmp_path / "business_as_usual.yaml"
    assert load_scenario(path, baseline=baseline).to_dict() == base_scenario.to_dict()


def test_an_existing_file_is_never_overwritten_without_asking(tmp_path, base_scenario):
    path = save_scenario(base_scenario, tmp_path)
    path.write_text("title: my own edits\n")
    with pytest.raises(FileExistsError):
        save_scenario(base_scenario, tmp_path)
    assert path.read_text() == "title: my own edits\n"
    save_scenario(base_scenario, tmp_path, overwrite=True)
    (backup,) = (tmp_path / BACKUP_DIR).iterdir()
    assert backup.read_text() == "title: my own edits\n"
    assert "Business as usual" in path.read_text()


@pytest.mark.parametrize("name", ["../escape.yaml", "sub/dir.yaml", "/etc/passwd.yaml", ".hidden.yaml", "x.txt"])
def test_a_name_that_leaves_the_folder_is_refused(tmp_path, base_scenario, name):
    with pytest.raises(ScenarioError, match=r"plain \.yaml file name"):
        save_scenario(base_scenario, tmp_path, name=name)
    assert not (tmp_path.parent / "escape.yaml").exists()


def test_a_crash_mid_write_leaves_the_old_file_intact(tmp_path, base_scenario, monkeypatch):
    path = save_scenario(base_scenario, tmp_path)
    before = path.read_text()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    changed = base_scenario.with_overrides({"demand": {"growth": 0.05}})
    with pytest.raises(OSError, match="disk full"):
        save_scenario(changed, tmp_path, overwrite=True)
    assert path.read_text() == before
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]  # no temporary file left behind
