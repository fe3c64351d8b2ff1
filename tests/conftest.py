"""Shared fixtures: the real baseline, the toy baseline of the worked example, paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from paths import FIXTURES, ROOT, SCENARIOS

from bwise_foresight import Baseline, Scenario, load_baseline, load_scenario


@pytest.fixture(scope="session")
def baseline() -> Baseline:
    return load_baseline()


@pytest.fixture(scope="session")
def toy_baseline(tmp_path_factory: pytest.TempPathFactory) -> Baseline:
    """The worked example's two profiles and two competences, checked against the real schema."""
    folder = tmp_path_factory.mktemp("toy_data")
    for csv in (FIXTURES / "toy_data").glob("*.csv"):
        shutil.copy(csv, folder)
    shutil.copy(ROOT / "data" / "datapackage.json", folder)
    return load_baseline(folder)


@pytest.fixture(scope="session")
def base_scenario(baseline: Baseline) -> Scenario:
    return load_scenario(SCENARIOS / "baseline.yaml", baseline=baseline)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium, needed by browser tests and static image export.

    Outside CI a missing Chromium skips the test with the install hint; in CI (``CI`` set) it
    fails, because ``.ci/run`` installs one.
    """
    import os
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))
    from harness import find_chromium

    path = find_chromium()
    if path is None:
        message = "no Chromium found: install it with 'apt-get install -y chromium' (or set BROWSER_PATH)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
