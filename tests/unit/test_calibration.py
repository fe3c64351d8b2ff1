"""The calibration table in docs/model.md is what the code computes for Business as usual."""

from __future__ import annotations

import re

import numpy as np
import pytest
from paths import ROOT, SCENARIOS

from bwise_foresight import load_scenario, project
from bwise_foresight.calibration import CHECKS, INPUT_NOTE, calibration, markdown


def _doc_block() -> str:
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- calibration-table -->\n(.*?)\n<!-- /calibration-table -->", text, re.S)
    assert block, "docs/model.md lost its calibration table"
    return block.group(1).strip()


def test_the_document_shows_what_the_model_computes(baseline):
    table = calibration(project(load_scenario(SCENARIOS / "baseline.yaml", baseline=baseline), baseline), baseline)
    assert _doc_block() == markdown(table), "docs/model.md's calibration table is stale: paste calibration.markdown()"


def test_every_check_meets_a_documented_benchmark(baseline):
    known = set(baseline.benchmarks.index)
    for check in CHECKS:
        assert check.benchmark in known
        assert len(check.reason) > 60  # each row says why the two differ


def test_comparable_measures_land_near_their_benchmark(baseline):
    """Where the model and the source measure the same thing, the baseline stays within reach of it."""
    table = calibration(project(load_scenario(SCENARIOS / "baseline.yaml", baseline=baseline), baseline), baseline)
    rows = table.set_index("measure")
    replacement = rows.loc[next(m for m in rows.index if m.startswith("Staff openings"))]
    assert abs(replacement.difference) < 0.05  # Cedefop: about 9 in 10 openings replace leavers
    positive = rows.loc[next(m for m in rows.index if m.startswith("Workers with support needs still"))]
    assert 0.6 < positive.model < 0.9  # ENSIE: 82 % positive, staying included


def test_early_adoption_reaches_the_wef_share_of_changing_skills(baseline):
    """What the calibration table claims: Fast automation's requirements shift as much as WEF expects."""
    from bwise_foresight.calibration import skill_shift

    fast = project(load_scenario(SCENARIOS / "fast_automation.yaml", baseline=baseline), baseline)
    assert skill_shift(fast, baseline) >= baseline.benchmarks.loc["wef_skills_change", "value"]


def test_a_country_view_measures_wises_by_its_own_counts_and_says_what_it_cannot_measure(baseline):
    from bwise_foresight.countries import national_stocks, project_in

    scenario = load_scenario(SCENARIOS / "baseline.yaml", baseline=baseline)
    row = [c.measure for c in CHECKS].index("Workers with support needs per WISE, 2024")
    france = calibration(project_in(scenario, baseline, "FR"), baseline, ["FR"])
    assert france["model"][row] == pytest.approx(national_stocks(baseline).loc["FR", "wsn"] / 3803)  # DARES count
    europe = calibration(project_in(scenario, baseline), baseline, list(baseline.countries.index))
    assert 20 < europe["model"][row] < 80  # not Europe's 500,000 over ENSIE's 3,166 WISEs (158)
    # only forms that publish both: Spain's sheltered centres (no count) are not divided by its 232 insertion firms
    spain = calibration(project_in(scenario, baseline, "ES"), baseline, ["ES"])
    assert np.isnan(spain["model"][row])
    # in France's view DARES gives both the open-market share and the benchmark: the row says so
    exits = [c.benchmark for c in CHECKS].index("dares_employed_6m")
    assert france["reason"][exits].startswith(INPUT_NOTE) and not europe["reason"][exits].startswith(INPUT_NOTE)
    # the Dutch Wsw publishes no count of WISEs and has no training WISEs: those rows are NaN, not 0
    dutch = calibration(project_in(scenario, baseline, "NL"), baseline, ["NL"]).set_index("measure")["model"]
    assert dutch.isna().sum() == 3 and dutch.notna().sum() == len(CHECKS) - 3
