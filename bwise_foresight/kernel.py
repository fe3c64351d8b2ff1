"""The yearly competence recursion of the model, compiled with Numba.

The recursion runs year after year (a year starts from last year's proficiency), and every year
is ~20 elementwise steps over (draws x profiles x competences). In numpy each step is a pass over
memory and a Python call; compiled, the steps of one profile's competences run fused in the
processor's registers. That is what makes 1,000 sampled futures fit in a slider's time budget.
The equations are those of docs/model.md §Competences; ``model.run`` prepares the inputs, in the
dtype of the competence arrays (float32 for sampled futures: twice as many lanes per vector
instruction). Each draw runs its years one after the other, so last year's levels are read back
from cache; competences are visited in runs of one cluster (one run per cluster when they are
sorted by cluster), so the sums by cluster and the shares they give need no lookup per competence.

The kernel is serial on purpose: the app calls it from many Streamlit threads at once, and
Numba's parallel thread pools are not safe to enter from several threads. ``fastmath`` lets the
compiler reorder sums (results agree with numpy to float32 round-off) and assumes no NaN or
infinity, which the model's inputs never hold (the scenario loader checks every number).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True, fastmath=True)
def competences(
    importance: np.ndarray,  # (T or 2, D, P, C) out; year 0 filled (2: the last two years, in turn)
    required: np.ndarray,  # (T or 2, D, P, C) out; year 0 filled
    available: np.ndarray,  # (T or 2, D, P, C) out; year 0 filled
    i0: np.ndarray,  # (P, C) base-year importance
    r0: np.ndarray,  # (P, C) base-year required level
    entrant_level: np.ndarray,  # (P, C) level a new worker brings
    automated: np.ndarray,  # (D, T, P) automated share of the profile's tasks
    green_drive: np.ndarray,  # (D, T) green importance x green adoption
    beta: np.ndarray,  # (C,) relative importance change per unit of automation
    is_green: np.ndarray,  # (C,) 1.0 for green competences
    curves: np.ndarray,  # (D, T, C) requirement uplift x the adoption curve that drives it
    ai_digital: np.ndarray,  # (P, C) generative-AI exposure on digital competences
    ai_drive: np.ndarray,  # (D, T) generative-AI uplift x its adoption
    kept: np.ndarray,  # (D, T, P) share of last year's workers still here
    budget: np.ndarray,  # (D, T, P) training levels per worker this year
    free: np.ndarray,  # (D,) share of hours allocated by need
    reserved: np.ndarray,  # (D, K) share of hours reserved per cluster
    focused: bool,
    planned: np.ndarray,  # (D, T, P, K) levels a worker gains per year from a training plan
    planning: bool,
    cap: np.ndarray,  # (D,) levels a worker can gain per competence per year
    runs: np.ndarray,  # (S + 1,) run j holds competences runs[j]:runs[j + 1], all of one cluster
    run_cluster: np.ndarray,  # (S,) cluster of each run (competences sorted by cluster: one run per cluster)
    wsn_index: np.ndarray,  # (P,) index into readiness's profile axis, -1 for staff
    max_level: float,
    levels_used: np.ndarray,  # (D, T, P) out: levels per worker the budget paid for
    readiness: np.ndarray,  # (T, D, Pw) out; year 0 filled: importance-weighted gap of WSN
) -> None:
    """Arithmetic runs in the dtype of the competence arrays: ``model.run`` passes every float input
    in that dtype (scalars are typed from it here, as a float literal would widen float32 to float64).
    A draw's years run one after the other, so last year's levels are still in cache. Output arrays
    with two years instead of T hold year t at t % 2: the last year's levels alone, at a fraction of
    the memory traffic (what the fans need)."""
    n_store, n_draws, n_profiles, n_comp = importance.shape
    n_years = kept.shape[1]
    n_clusters = reserved.shape[1]
    n_runs = run_cluster.shape[0]
    imp = np.empty_like(i0[0])  # this year's importance, shortfall and mixed level of one profile
    short = np.empty_like(i0[0])
    mixed = np.empty_like(i0[0])
    need = np.empty(n_clusters, i0.dtype)
    share = np.empty(n_clusters, i0.dtype)
    consts = np.empty(3, i0.dtype)  # 0, 1 and the top level in the arrays' dtype
    consts[0], consts[1], consts[2] = 0.0, 1.0, max_level
    zero, one, top = consts[0], consts[1], consts[2]
    for d in range(n_draws):
        for t in range(1, n_years):
            g = green_drive[d, t]
            ai = ai_drive[d, t]
            uplift = curves[d, t]
            for p in range(n_profiles):
                a = automated[d, t, p]
                k = kept[d, t, p]
                i0p, r0p, new, aip = i0[p], r0[p], entrant_level[p], ai_digital[p]
                last = available[(t - 1) % n_store, d, p]
                imp_out = importance[t % n_store, d, p]
                req_out = required[t % n_store, d, p]
                for c in range(n_comp):
                    # I = clip(I0 (1 + beta A + [green] G), 0, 1); R = min(8, R0 + I x drivers)
                    x = min(max(i0p[c] * (one + beta[c] * a + is_green[c] * g), zero), one)
                    r = min(r0p[c] + x * (aip[c] * ai + uplift[c]), top)
                    imp_out[c] = x
                    req_out[c] = r
                    imp[c] = x
                    # M = N + K/E (V - N): stayers keep their level, entrants bring theirs
                    m = new[c] + (last[c] - new[c]) * k
                    mixed[c] = m
                    short[c] = max(r - m, zero)
                need[:] = zero
                for j in range(n_runs):  # importance x shortfall by cluster
                    s = zero
                    for c in range(runs[j], runs[j + 1]):
                        s += imp[c] * short[c]
                    need[run_cluster[j]] += s
                total = need.sum()
                used = zero
                for j in range(n_clusters):
                    x = need[j] / total if total > zero else zero
                    if focused:
                        x = (x * free[d] + reserved[d, j]) if need[j] > zero else zero
                    x *= budget[d, t, p]
                    used += x
                    if planning:  # the plan's courses come on top of the training hours by need
                        x += planned[d, t, p, j]
                    share[j] = min(x, cap[d])
                levels_used[d, t, p] = used
                # a cluster's competences rise together, none past its shortfall
                level = available[t % n_store, d, p]
                closed = zero
                weight = zero
                for j in range(n_runs):
                    sj = share[run_cluster[j]]
                    for c in range(runs[j], runs[j + 1]):
                        gain = min(sj, short[c])
                        level[c] = min(mixed[c] + gain, top)
                        closed += imp[c] * gain
                        weight += imp[c]
                w = wsn_index[p]
                if w >= 0:
                    readiness[t, d, w] = (total - closed) / weight if weight > zero else zero


@njit(cache=True, nogil=True, fastmath=True)
def staff_bands(
    employment: np.ndarray,  # (D, T, W, P) persons by cell
    staff: np.ndarray,  # (Ps,) indices of staff profiles
    age_shares: np.ndarray,  # (P, 3) base-year shares under 35, 35-54, 55+
    quits: np.ndarray,  # (P,) 1/year, in every band
    ageing: np.ndarray,  # (3,) 1/years spent in each band (the 55+ band ages into retirement)
    entrant_ages: np.ndarray,  # (3,) age mix of new staff
    exits: np.ndarray,  # (D, T, W, P) out: quits plus retirements, staff columns from year 1
    retirements: np.ndarray,  # (D, T, W, P) out: staff columns from year 1
) -> None:
    """Staff by age band, cell by cell: each band keeps those who neither quit nor age out, the
    younger bands receive those ageing in, hires (in the entrants' age mix) fill what demand asks
    for, and when demand falls every band is laid off in proportion. Retirements leave the 55+ band."""
    n_draws, n_years, n_types, _ = employment.shape
    for d in range(n_draws):
        for w in range(n_types):
            for p in staff:
                q = quits[p]
                b0 = employment[d, 0, w, p] * age_shares[p, 0]
                b1 = employment[d, 0, w, p] * age_shares[p, 1]
                b2 = employment[d, 0, w, p] * age_shares[p, 2]
                for t in range(1, n_years):
                    retiring = b2 * ageing[2]
                    s0 = b0 * (1.0 - q - ageing[0])
                    s1 = b1 * (1.0 - q - ageing[1]) + b0 * ageing[0]
                    s2 = b2 * (1.0 - q - ageing[2]) + b1 * ageing[1]
                    remaining = s0 + s1 + s2
                    demand = employment[d, t, w, p]
                    missing = demand - remaining
                    if missing < 0.0:  # layoffs: every band in proportion
                        scale = demand / remaining
                        s0 *= scale
                        s1 *= scale
                        s2 *= scale
                        missing = 0.0
                    b0 = s0 + missing * entrant_ages[0]
                    b1 = s1 + missing * entrant_ages[1]
                    b2 = s2 + missing * entrant_ages[2]
                    retirements[d, t, w, p] = retiring
                    exits[d, t, w, p] = employment[d, t - 1, w, p] * q + retiring
