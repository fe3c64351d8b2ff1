"""AppTest: saving over a scenario from the app keeps only the newest backups of each scenario."""

from __future__ import annotations

import shutil

from paths import ROOT, SCENARIOS
from streamlit.testing.v1 import AppTest

from bwise_foresight.scenario import BACKUP_DIR
from bwise_foresight.storage import KEEP_BACKUPS


def test_replacing_a_scenario_prunes_its_old_backups(tmp_path, monkeypatch):
    folder = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, folder)
    backups = folder / BACKUP_DIR
    backups.mkdir()
    old = [backups / f"my_future.2026010{i}T120000000000.yaml" for i in range(1, 10)]
    old += [backups / f"my_future.2026011{i}T120000000000.yaml" for i in range(5)]
    for path in old:
        path.write_text("title: old\n", encoding="utf-8")
    monkeypatch.setenv("BWISE_SCENARIOS", str(folder))
    monkeypatch.setenv("BWISE_ALLOW_SAVE", "1")
    import bwise_foresight.ui.data as data

    monkeypatch.setattr(data, "SCENARIO_DIR", folder)
    (folder / "my_future.yaml").write_text((folder / "baseline.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.text_input(key="save_name").input("my_future.yaml").run()
    at.checkbox(key="save_overwrite").check().run()
    at.button(key="save").click().run()
    assert not at.exception
    kept = sorted(p.name for p in backups.iterdir())
    assert len(kept) == KEEP_BACKUPS
    assert kept[:-1] == sorted(p.name for p in old)[-(KEEP_BACKUPS - 1) :]  # the oldest went, the new one stays
