"""The room's statistics against cases computed by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bwise_foresight.rooms.stats import convergence, histogram, kendall_w, mean_ranks, summarize


def test_quantiles_interpolate_linearly_and_tukey_fences_flag_outliers():
    s = summarize([1, 2, 3, 10])
    assert (s.count, s.median, s.q1, s.q3, s.iqr) == (4, 2.5, 1.75, 4.75, 3.0)
    assert (s.p10, s.p90) == pytest.approx((1.3, 7.9))
    assert (s.low_fence, s.high_fence) == (-2.75, 9.25)  # Q1 - 1.5 IQR, Q3 + 1.5 IQR
    assert s.outliers == (10.0,)
    assert summarize([5, 5, 5]).outliers == ()
    assert summarize([]) is None


def test_the_spread_is_p10_p90_or_the_quartiles():
    s = summarize(range(11))
    assert s.spread("p10_p90") == (1.0, 9.0)
    assert s.spread("iqr") == (2.5, 7.5)
    with pytest.raises(ValueError, match="spread"):
        s.spread("p5_p95")


def test_histogram_bins_span_the_questions_range_in_whole_steps():
    bins = histogram([2025, 2026, 2049.9, 2050], lo=2025, hi=2050, step=1)
    assert (bins[0].left, bins[-1].right) == (2025, 2050)
    assert all(b.right - b.left == 2 for b in bins[:-1])  # 25 steps in at most 20 bins: 2 steps each
    assert [b.count for b in bins] == [2] + [0] * 11 + [2]  # the top of the range is in the last bin
    assert [b.count for b in histogram([], lo=0, hi=100, step=5)] == [0] * 20
    with pytest.raises(ValueError):
        histogram([1], lo=1, hi=1, step=1)


@given(st.lists(st.floats(0, 100), max_size=60))
def test_every_answer_falls_in_one_bin(values):
    assert sum(b.count for b in histogram(values, lo=0, hi=100, step=5)) == len(values)


def test_convergence_is_the_iqr_change():
    first, second = summarize([2030, 2035, 2040, 2045]), summarize([2034, 2036, 2038, 2040])
    c = convergence(first, second)
    assert (c.iqr_before, c.iqr_after, c.change) == (7.5, 3.0, -0.6)
    assert math.isnan(convergence(summarize([1, 1]), summarize([1, 2])).change)


def test_kendalls_w_is_one_for_agreement_and_matches_a_worked_example():
    same = [["a", "b", "c"]] * 4
    assert kendall_w(same) == 1.0
    assert kendall_w([["a", "b"], ["b", "a"]]) == 0.0
    # three judges, four items: rank sums 4, 8, 8, 10 -> S = 20, W = 12 S / (9 (64 - 4)) = 0.444…
    judges = [["a", "b", "c", "d"], ["a", "c", "b", "d"], ["b", "a", "d", "c"]]
    ranks = {"a": 1 + 1 + 2, "b": 2 + 3 + 1, "c": 3 + 2 + 4, "d": 4 + 4 + 3}
    s = sum((r - sum(ranks.values()) / 4) ** 2 for r in ranks.values())
    assert kendall_w(judges) == pytest.approx(12 * s / (9 * (4**3 - 4)))
    assert kendall_w([["a", "b"]]) is None
    with pytest.raises(ValueError, match="same options"):
        kendall_w([["a", "b"], ["a", "c"]])


def test_mean_ranks_give_the_rooms_order():
    assert mean_ranks([["a", "b", "c"], ["b", "a", "c"], ["b", "c", "a"]]) == {"b": 4 / 3, "a": 2.0, "c": 8 / 3}
