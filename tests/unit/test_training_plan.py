"""Training plans: courses from the catalogue change the gaps they aim at, within budget and trainers."""

from __future__ import annotations

import numpy as np
import pytest
from paths import FIXTURES

from bwise_foresight import ScenarioError, load_scenario, project
from bwise_foresight.countries import project_country
from bwise_foresight.summary import gap_by_cluster
from bwise_foresight.training import plan_table


def _with_plan(scenario, baseline, **plan):
    return scenario.with_overrides({"plan": plan}, baseline=baseline)


COURSE = {"module": "bw_sup_2", "profiles": "supporters", "share": 0.3, "start": 2025, "end": 2030}


@pytest.fixture(scope="module")
def runs(baseline, base_scenario):
    planned = _with_plan(base_scenario, baseline, courses=[COURSE])
    return project(base_scenario, baseline), project(planned, baseline), planned


def _profile_gap(projection, baseline, group: str, cluster: str) -> np.ndarray:
    """(T,) importance-weighted gap of a cluster over a target group's profiles."""
    rows = baseline.groups == group
    cols = baseline.clusters == cluster
    weight = projection["importance"][0][:, rows][..., cols] * projection["employment"][0][:, rows, None]
    return (weight * projection["gap"][0][:, rows][..., cols]).sum(axis=(1, 2)) / weight.sum(axis=(1, 2))


def test_a_course_closes_the_gap_it_aims_at_and_nothing_else(runs, baseline):
    before, after, _ = runs
    supporters = _profile_gap(before, baseline, "supporters", "digital") - _profile_gap(
        after, baseline, "supporters", "digital"
    )
    assert supporters[0] == 0 and supporters[1:7].min() > 0.05  # 2025-2030: closed by the course
    # enablers and workers with support needs take no course: their levels are the same to the last digit
    others = baseline.groups != "supporters"
    np.testing.assert_array_equal(before["available_level"][:, :, others], after["available_level"][:, :, others])
    # the employment model does not depend on skills
    np.testing.assert_array_equal(before["employment"], after["employment"])


def test_plan_table_adds_up_by_hand(runs, baseline):
    _, after, _ = runs
    table = plan_table(after, baseline)
    cat = baseline.catalogue
    m = cat.module_ids.index("bw_sup_2")
    assert sorted(table["year"]) == list(range(2025, 2031))
    row = table[table["year"] == 2027].iloc[0]
    supporters = after["employment"][0, after.years.tolist().index(2027), baseline.groups == "supporters"].sum()
    assert row["learners"] == pytest.approx(0.3 * supporters)
    assert row["learner_hours"] == pytest.approx(row["learners"] * cat.hours[m])
    assert row["cost"] == pytest.approx(row["learners"] * cat.cost[m])
    assert row["trainers"] == pytest.approx(row["learners"] * cat.trainer_hours[m] / cat.teaching_hours["EU"])
    # the training delivered to supporters includes the plan's learner hours
    delivered = after["training_delivered"][0] - runs[0]["training_delivered"][0]
    t = after.years.tolist().index(2027)
    assert delivered[t, baseline.groups == "supporters"].sum() >= row["learner_hours"] * 0.99


def test_budget_and_trainers_limit_what_the_plan_delivers(runs, baseline):
    _, after, planned = runs
    full = plan_table(after, baseline)
    budget = float(full["cost"].min()) / 2
    for limits, column, cap in (({"budget": budget}, "cost", budget), ({"trainers": 10.0}, "trainers", 10.0)):
        limited = project(_with_plan(planned, baseline, courses=[COURSE], **limits), baseline)
        table = plan_table(limited, baseline)
        assert (table[column] <= cap * (1 + 1e-9)).all()
        assert table[column].max() == pytest.approx(cap)
        assert (table["delivered_share"] < 1).all()
        gained = _profile_gap(runs[0], baseline, "supporters", "digital") - _profile_gap(
            limited, baseline, "supporters", "digital"
        )
        whole = _profile_gap(runs[0], baseline, "supporters", "digital") - _profile_gap(
            after, baseline, "supporters", "digital"
        )
        assert 0 < gained[3] < whole[3]


def test_a_module_with_few_places_trains_no_more_than_it_has(toy_baseline):
    scenario = load_scenario(FIXTURES / "scenarios" / "worked_example.yaml", baseline=toy_baseline)
    planned = _with_plan(
        scenario, toy_baseline, courses=[{"module": "coaching_course", "profiles": "sup_b", "share": 1.0}]
    )
    table = plan_table(project(planned, toy_baseline), toy_baseline)
    assert (table["learners"] <= 20 + 1e-9).all() and (table["planned_learners"] > 20).all()


def test_a_country_pays_its_own_cost_of_training(baseline, base_scenario):
    planned = _with_plan(base_scenario, baseline, courses=[COURSE])
    europe = plan_table(project(planned, baseline), baseline).set_index("year")
    for code in ("FR", "RO"):
        national = project_country(planned, baseline, code)
        table = plan_table(national, baseline).set_index("year")
        per_learner = table["cost"] / table["learners"]
        expected = europe["cost"] / europe["learners"] * baseline.catalogue.cost_index[code]
        np.testing.assert_allclose(per_learner, expected)
    assert baseline.catalogue.cost_index["FR"] > 1 > baseline.catalogue.cost_index["RO"]
    # a national budget buys that country's training at that country's cost
    budget = float(table["cost"].min()) / 2
    national = project_country(_with_plan(planned, baseline, courses=[COURSE], budget=budget), baseline, "RO")
    assert plan_table(national, baseline)["cost"].max() == pytest.approx(budget)


@pytest.mark.parametrize(
    ("course", "key", "words"),
    [
        ({"module": "bw_sup_22", "share": 0.1}, "plan.courses[0].module", ["unknown training module", "bw_sup_2"]),
        ({"module": "bw_sup_2", "profiles": "job_coach", "share": 0.1}, "plan.courses[0].profiles", ["sup_job_coach"]),
        ({"module": "bw_sup_2", "share": 0.1, "start": 2035, "end": 2030}, "plan.courses[0]", ["2035", "2030"]),
        ({"module": "bw_sup_2", "share": 1.5}, "plan.courses[0].share", ["1"]),
    ],
)
def test_a_wrong_course_is_named_with_its_key(baseline, base_scenario, course, key, words):
    with pytest.raises(ScenarioError) as err:
        _with_plan(base_scenario, baseline, courses=[course])
    problem = next(p for p in err.value.problems if p.key == key)
    for word in words:
        assert word in problem.message


def test_no_worker_takes_a_module_more_than_once_a_year(baseline, base_scenario):
    twice = [{"module": "bw_sup_2", "profiles": "supporters", "share": 1.0},
             {"module": "bw_sup_2", "profiles": "sup_job_coach", "share": 0.5, "start": 2030}]  # fmt: skip
    with pytest.raises(ScenarioError) as err:
        _with_plan(base_scenario, baseline, courses=twice)
    (problem,) = err.value.problems
    assert problem.key == "plan.courses" and "1.5 of sup_job_coach in 2030" in problem.message
    _with_plan(base_scenario, baseline, courses=[{**twice[0], "share": 0.5}, twice[1]])  # 0.5 + 0.5: fine


def test_without_a_plan_the_projection_is_unchanged(runs, base_scenario, baseline):
    before, _, _ = runs
    empty = project(_with_plan(base_scenario, baseline, courses=[]), baseline)
    np.testing.assert_array_equal(before["available_level"], empty["available_level"])
    assert plan_table(empty, baseline).empty
    gaps = gap_by_cluster(before, baseline)
    assert gaps.notna().all(axis=None)


def test_a_pack_carries_the_plan_as_chart_table_sheet_and_slide(baseline, base_scenario, chromium):
    import io
    import zipfile

    import openpyxl
    import pandas as pd
    from pptx import Presentation

    from bwise_foresight.exports import export_pack

    planned = _with_plan(base_scenario, baseline, courses=[COURSE])
    pack = zipfile.ZipFile(io.BytesIO(export_pack(planned, baseline, country="RO")))
    table = pd.read_csv(io.BytesIO(pack.read("data/training_plan.csv")))
    expected = plan_table(project_country(planned, baseline, "RO"), baseline)
    assert set(table["country"]) == {"RO"} and list(table["year"]) == list(expected["year"])
    np.testing.assert_allclose(table["cost"], expected["cost"], atol=0.5)
    book = openpyxl.load_workbook(io.BytesIO(pack.read("data/projection.xlsx")), read_only=True)
    rows = list(book["training_plan"].values)
    assert rows[0][:4] == ("scenario", "country", "year", "module") and len(rows) == len(expected) + 1
    chart = pd.read_csv(io.BytesIO(pack.read("charts/training_plan_cost.csv")))
    assert len(chart) == len(expected)
    svg = pack.read("charts/training_plan_cost.svg").decode()
    assert "Statistics Finland" in svg  # the catalogue's sources on the chart's source line
    deck = Presentation(io.BytesIO(pack.read("slides.pptx")))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert any("Cost of the plan by module" in text and "Romania" in text for text in texts)
