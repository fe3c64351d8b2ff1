"""The code reproduces the worked example in docs/model.md, number for number."""

from __future__ import annotations

import re

import numpy as np
import pytest
from paths import FIXTURES, ROOT

from bwise_foresight import load_scenario, project


def _doc_table(name: str = "worked-example-table") -> list[dict[str, str]]:
    """The rows of a table docs/model.md marks with <!-- name --> … <!-- /name -->."""
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    block = re.search(rf"<!-- {name} -->\n(.*?)<!-- /{name} -->", text, re.S)
    assert block, f"docs/model.md lost its {name}"
    lines = [line.strip().strip("|").split("|") for line in block.group(1).strip().splitlines()]
    header = [h.strip() for h in lines[0]]
    return [dict(zip(header, (c.strip() for c in row), strict=True)) for row in lines[2:]]


ROWS = _doc_table()


@pytest.fixture(scope="module")
def frame(toy_baseline):
    scenario = load_scenario(FIXTURES / "scenarios" / "worked_example.yaml", baseline=toy_baseline)
    return project(scenario, toy_baseline).to_frame()


def test_table_is_not_empty():
    assert len(ROWS) >= 15


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['variable']}-{r['profile']}-{r['competence']}")
def test_code_matches_the_worked_example(frame, row):
    for year in ("2024", "2025", "2026"):
        if not row[year]:
            continue
        hit = frame[
            (frame.variable == row["variable"])
            & (frame.profile == row["profile"])
            & (frame.competence == row["competence"])
            & (frame.year == int(year))
        ]
        assert len(hit) == 1, f"{row['variable']} {year} missing from the projection"
        expected = float(row[year])
        decimals = len(row[year].split(".")[1]) if "." in row[year] else 0
        assert np.isclose(hit.value.iloc[0], expected, rtol=1e-4, atol=0.6 * 10**-decimals), (
            f"{row['variable']} {row['profile']} {row['competence']} {year}: "
            f"code {hit.value.iloc[0]:.6f}, docs {expected}"
        )


@pytest.mark.parametrize("row", _doc_table("plan-example-table"), ids=lambda r: f"budget {r['budget']}-{r['year']}")
def test_code_matches_the_training_plan_example(toy_baseline, row):
    from bwise_foresight.training import plan_table

    scenario = load_scenario(FIXTURES / "scenarios" / "worked_example.yaml", baseline=toy_baseline)
    plan = {"courses": [{"module": "digital_course", "profiles": "sup_b", "share": 0.2}]}
    if row["budget"] != "none":
        plan["budget"] = float(row["budget"])
    projection = project(scenario.with_overrides({"plan": plan}, baseline=toy_baseline), toy_baseline)
    table = plan_table(projection, toy_baseline).set_index("year").loc[int(row["year"])]
    for column in ("learners", "learner_hours", "cost", "trainers"):
        assert table[column] == pytest.approx(float(row[column]), abs=1e-3)
    frame = projection.to_frame(["available_level", "gap", "training_delivered"])
    mine = frame[(frame["profile"] == "sup_b") & (frame["year"] == int(row["year"]))]
    for variable in ("available_level", "gap"):
        value = mine[(mine["variable"] == variable) & (mine["competence"] == "dig_d")]["value"].item()
        assert value == pytest.approx(float(row[variable]), abs=1e-4)
    delivered = mine[mine["variable"] == "training_delivered"]["value"].item()
    assert delivered == pytest.approx(float(row["training_delivered"]), abs=1e-3)
