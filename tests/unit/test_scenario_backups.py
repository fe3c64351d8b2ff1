"""Backups of replaced scenario files: the newest few of each scenario are kept, nothing else is touched."""

from __future__ import annotations

import pytest

from bwise_foresight.scenario import BACKUP_DIR, save_scenario
from bwise_foresight.storage import KEEP_BACKUPS, prune_backups


def _stamp(i: int) -> str:
    return f"20261130T1200{i:02d}000000"


def _backups(folder, stem: str, n: int) -> list:
    paths = [folder / f"{stem}.{_stamp(i)}.yaml" for i in range(n)]
    for path in paths:
        path.write_text(f"title: {path.name}\n", encoding="utf-8")
    return paths


def test_only_the_newest_backups_of_each_scenario_are_kept(tmp_path):
    many = _backups(tmp_path, "fast_automation", 14)
    few = _backups(tmp_path, "austerity", 3)
    dotted = _backups(tmp_path, "v1.2", 12)
    others = [tmp_path / "notes.txt", tmp_path / "fast_automation.yaml", tmp_path / "x.2026.yaml"]
    for path in others:
        path.write_text("keep me", encoding="utf-8")
    deleted = prune_backups(tmp_path)
    assert sorted(deleted) == sorted(many[:4] + dotted[:2])
    left = set(tmp_path.iterdir())
    assert left == set(many[4:]) | set(few) | set(dotted[2:]) | set(others)
    assert KEEP_BACKUPS == 10


def test_keep_is_adjustable_and_a_missing_folder_is_fine(tmp_path):
    paths = _backups(tmp_path, "baseline", 5)
    assert prune_backups(tmp_path, keep=2) == paths[:3]
    assert prune_backups(tmp_path / "none") == []
    with pytest.raises(ValueError, match="keep"):
        prune_backups(tmp_path, keep=-1)


def test_backups_that_save_scenario_writes_are_recognised(tmp_path, base_scenario):
    for _ in range(3):
        save_scenario(base_scenario, tmp_path, name="mine.yaml", overwrite=True)
    backups = tmp_path / BACKUP_DIR
    assert len(list(backups.iterdir())) == 2
    prune_backups(backups, keep=1)
    (left,) = backups.iterdir()
    assert left.name.startswith("mine.")
