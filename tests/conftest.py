"""Shared fixtures: the real baseline, the toy baseline of the worked example, paths."""

from __future__ import annotations

import shutil

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
