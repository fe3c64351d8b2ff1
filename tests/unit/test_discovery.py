"""Scenario discovery: PRIM finds a known failure box, says it in words, and draws what it found."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bwise_foresight.charts.discovery import box_figure, trajectory_figure
from bwise_foresight.discovery import (
    ALL_FAILED,
    FOUND,
    NO_BOX,
    NONE_FAILED,
    choose,
    decimals_for,
    describe,
    discover,
    dotted,
    path_of,
)
from bwise_foresight.i18n import EN, Translator
from bwise_foresight.markup import plotly_plain

RUNS = 2000
NOISE = 0.02  # share of runs whose outcome is flipped
MIDPOINT, GROWTH, AI, CEILING = (
    ("automation", "midpoint_year"),
    ("demand", "growth"),
    ("genai", "ceiling"),
    ("automation", "profiles", "wsn_recycling", "ceiling"),
)


def _uniform(seed: int = 1) -> tuple[pd.DataFrame, np.ndarray]:
    """Four uniform inputs; the goal fails iff x1 < 0.3 and x2 > 0.6, a few outcomes flipped."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.uniform(size=(RUNS, 4)), columns=["x1", "x2", "x3", "x4"])
    failed = ((x["x1"] < 0.3) & (x["x2"] > 0.6)).to_numpy() ^ (rng.uniform(size=RUNS) < NOISE)
    return x, failed


@pytest.fixture(scope="module")
def synthetic():
    x, failed = _uniform()
    return discover(x, failed)


@pytest.fixture(scope="module")
def assumptions():
    """The synthetic case in scenario units: x1 the automation midpoint over 2025–2045, x2 demand growth
    over −1 to +2 % per year (stored as shares), x3 and x4 two assumptions that do not matter."""
    x, failed = _uniform()
    inputs = {MIDPOINT: 2025 + 20 * x["x1"], GROWTH: -0.01 + 0.03 * x["x2"], AI: x["x3"], CEILING: x["x4"]}
    return discover({k: v.to_numpy() for k, v in inputs.items()}, failed)


def test_the_chosen_box_is_the_failure_box(synthetic):
    box = synthetic.box()
    assert synthetic.status == FOUND
    assert list(box.index) == ["x1", "x2"]
    assert box.loc["x1", "restricts_high"] and not box.loc["x1", "restricts_low"]
    assert box.loc["x2", "restricts_low"] and not box.loc["x2", "restricts_high"]
    assert abs(box.loc["x1", "high"] - 0.3) <= 0.05
    assert abs(box.loc["x2", "low"] - 0.6) <= 0.05
    stats = synthetic.trajectory.loc[synthetic.chosen]
    assert stats["density"] >= 0.9
    assert stats["coverage"] >= 0.8  # the true box holds about 92 % of the failures
    assert stats["res_dim"] == 2 and stats["significant"]
    assert (box[["qp_low", "qp_high"]].min(axis=1) < 1e-10).all()


def test_the_trajectory_peels_from_all_futures(synthetic):
    tr = synthetic.trajectory
    first = tr.iloc[0]
    assert (first["coverage"], first["mass"], first["res_dim"]) == (1.0, 1.0, 0)
    assert first["density"] == pytest.approx(synthetic.failures / synthetic.runs)
    assert np.allclose(tr["density"], tr["k"] / tr["n"])
    assert np.allclose(tr["coverage"], tr["k"] / synthetic.failures)
    assert np.allclose(tr["mass"], tr["n"] / RUNS)
    assert len(synthetic.limits) == len(tr)
    assert tr["mass"].iloc[:-1].min() < 0.2  # peeled well into the box


def test_the_densest_box_is_not_chosen_when_a_limit_is_not_significant(synthetic):
    """Peeling goes on past the true box into noise (a third assumption limited): EMA's quasi-p-values
    show those limits are not significant, and the choice stays with the two-assumption box."""
    tr = synthetic.trajectory
    assert tr["density"].idxmax() != synthetic.chosen
    assert not tr.loc[tr["density"].idxmax(), "significant"]


def test_choose_prefers_density_then_fewer_assumptions_then_coverage():
    tr = pd.DataFrame({
        "coverage": [1.0, 0.9, 0.8, 0.85, 0.4],
        "density": [0.1, 0.7, 0.9, 0.9, 1.0],
        "res_dim": [0, 1, 3, 2, 2],
        "significant": [True, True, True, True, True],
    })  # fmt: skip
    assert choose(tr, min_coverage=0.5) == 3
    assert choose(tr, min_coverage=0.95) is None
    assert choose(tr.assign(significant=[True, True, False, False, True]), min_coverage=0.5) == 1


def test_the_sentence_names_the_limited_assumptions_and_their_directions(assumptions):
    box = assumptions.box()
    assert list(box.index) == [dotted(MIDPOINT), dotted(GROWTH)]
    text = describe(assumptions)
    assert "automation midpoint before 2031" in text
    assert "sector demand growth above 0.8\u00a0% per year" in text
    stats = assumptions.trajectory.loc[assumptions.chosen]
    assert EN.pct(stats["density"]) in text and EN.pct(stats["coverage"]) in text
    assert "generative AI" not in text and "saturation" not in text


def test_the_sentence_in_french_writes_numbers_the_french_way(assumptions):
    fr = Translator("fr")
    text = describe(assumptions, t=fr)
    assert "0,8\u00a0%" in text and "2031" in text
    assert fr.pct(assumptions.trajectory.loc[assumptions.chosen, "density"]) in text
    assert "{" not in text


def test_german_keeps_the_capital_of_a_noun(assumptions):
    de = Translator("de")
    name = de("lever.growth.label").split(" (")[0]
    assert name in describe(assumptions, t=de)


def test_a_box_with_both_limits_says_between(assumptions):
    """The last box on the trajectory limits demand growth from both sides."""
    last = assumptions.box(-1)
    both = last[last["restricts_low"] & last["restricts_high"]]
    assert not both.empty
    assert "sector demand growth between " in describe(assumptions, -1)


def test_no_failure_all_failures_and_no_box_each_say_so():
    x, _ = _uniform()
    none = discover(x, np.zeros(RUNS, bool))
    every = discover(x, np.ones(RUNS, bool))
    spread = discover(x, np.random.default_rng(3).uniform(size=RUNS) < 0.3)  # failures unrelated to x
    assert (none.status, every.status, spread.status) == (NONE_FAILED, ALL_FAILED, NO_BOX)
    assert none.chosen is every.chosen is spread.chosen is None
    texts = [describe(d) for d in (none, every, spread)]
    assert texts[0].startswith("The plan meets the goal in all 2,000")
    assert texts[1].startswith("The plan fails in all 2,000")
    assert "spread out" in texts[2] and f"{spread.failures:,} of 2,000" in texts[2]
    assert len(set(texts)) == 3
    with pytest.raises(ValueError, match="no box"):
        none.box()


def test_bad_input_is_refused():
    x, failed = _uniform()
    with pytest.raises(ValueError, match="2000 runs"):
        discover(x.iloc[:10], failed)
    with pytest.raises(ValueError, match="not finite"):
        discover(x.assign(x1=np.nan), failed)
    with pytest.raises(ValueError, match="True/False"):
        discover(x, np.full(RUNS, 0.5))


def test_paths_round_trip():
    path = ("demand", "shocks", 0, "change")
    assert path_of(dotted(path)) == path
    assert decimals_for(20) == 0 and decimals_for(3) == 1 and decimals_for(1) == 2
    assert decimals_for(8, year=True) == 0 and decimals_for(8) == 1


def test_trajectory_figure_shows_the_trajectory(synthetic):
    fig = trajectory_figure(synthetic)
    assert fig.layout.xaxis.title.text.startswith("Coverage") and "(%)" in fig.layout.xaxis.title.text
    assert fig.layout.yaxis.title.text.startswith("Density") and "(%)" in fig.layout.yaxis.title.text
    assert fig.layout.title.text
    points = [tr for tr in fig.data if tr.mode == "markers" and tr.legendgroup == "limited"]
    assert {tr.legendgrouptitle.text for tr in points} == {"Assumptions limited"}
    tr = synthetic.trajectory
    assert sorted(int(p.name) for p in points) == sorted(tr["res_dim"].unique())
    for p in points:
        at = tr[tr["res_dim"] == int(p.name)]
        assert np.allclose(p.x, 100 * at["coverage"]) and np.allclose(p.y, 100 * at["density"])
    chosen = next(t for t in fig.data if t.name == "Chosen box")
    assert chosen.x[0] == pytest.approx(100 * tr.loc[synthetic.chosen, "coverage"])
    assert chosen.y[0] == pytest.approx(100 * tr.loc[synthetic.chosen, "density"])
    assert "Assumptions limited: 2" in chosen.customdata[0]


def test_box_figure_labels_every_row_and_draws_the_limits(assumptions):
    fig = box_figure(assumptions)
    box = assumptions.box()
    sampled, limits = fig.data
    labels = [plotly_plain(v) for v in fig.layout.yaxis.ticktext]
    assert labels == ["Automation midpoint (year)", "Sector demand growth (% per year)"]
    assert list(fig.layout.yaxis.tickvals) == list(sampled.y) == list(limits.y)
    assert sampled.name == "Sampled range" and limits.name == "Box limits"
    span = box["sampled_high"] - box["sampled_low"]
    assert np.allclose(limits.base, 100 * (box["low"] - box["sampled_low"]) / span)
    assert np.allclose(np.add(limits.base, limits.x), 100 * (box["high"] - box["sampled_low"]) / span)
    assert fig.layout.xaxis.title.text.replace("<br>", " ").startswith("Position within each sampled range (%")
    texts = {a.text for a in fig.layout.annotations}
    assert {"2025", "2045", "2031", "0.8\u00a0% per year", "−1\u00a0% per year"} <= texts
    assert "coverage" in fig.layout.title.text and EN.pct(assumptions.trajectory.loc[assumptions.chosen, "density"])


def test_box_figure_without_a_box_says_why():
    x, _ = _uniform()
    fig = box_figure(discover(x, np.zeros(RUNS, bool)))
    assert all(len(tr.y) == 0 for tr in fig.data)
    assert fig.layout.title.text == "Where the plan fails"
    assert "meets the goal" in plotly_plain(fig.layout.annotations[-1].text.replace("<br>", " "))


def test_the_charts_speak_the_language(assumptions):
    fr = Translator("fr")
    box, trajectory = box_figure(assumptions, t=fr), trajectory_figure(assumptions, t=fr)
    labels = [plotly_plain(v) for v in box.layout.yaxis.ticktext]
    assert labels[0] == fr("lever.mid.label") and labels[1] == fr("lever.growth.label")
    assert box.layout.xaxis.title.text.startswith("Position dans chaque fourchette")
    assert "0,8\u00a0% par an" in {a.text for a in box.layout.annotations}
    assert trajectory.layout.xaxis.title.text.startswith("Couverture") and trajectory.layout.separators == ",\u202f"
