"""The yearly competence recursion of the model, compiled with Numba.

The recursion runs year after year (a year starts from last year's proficiency), and every year
is ~20 elementwise steps over (draws x profiles x competences). In numpy each step is a pass over
memory and a Python call; compiled, the steps of one profile's competences run fused in the
processor's registers. That is what makes 1,000 sampled futures fit in a slider's time budget.
The equations are those of docs/model.md §Competences; ``model.run`` prepares the inputs.

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
    importance: np.ndarray,  # (T, D, P, C) out; year 0 filled
    required: np.ndarray,  # (T, D, P, C) out; year 0 filled
    available: np.ndarray,  # (T, D, P, C) out; year 0 filled
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
    cluster_of: np.ndarray,  # (C,) cluster index of each competence
    wsn_index: np.ndarray,  # (P,) index into readiness's profile axis, -1 for staff
    max_level: float,
    levels_used: np.ndarray,  # (D, T, P) out: levels per worker the budget paid for
    readiness: np.ndarray,  # (T, D, Pw) out; year 0 filled: importance-weighted gap of WSN
) -> None:
    n_years, n_draws, n_profiles, n_comp = importance.shape
    n_clusters = reserved.shape[1]
    need = np.empty(n_clusters)
    share = np.empty(n_clusters)
    short = np.empty(n_comp)
    mixed = np.empty(n_comp)
    for t in range(1, n_years):
        for d in range(n_draws):
            g = green_drive[d, t]
            ai = ai_drive[d, t]
            for p in range(n_profiles):
                a = automated[d, t, p]
                k = kept[d, t, p]
                need[:] = 0.0
                for c in range(n_comp):
                    # I = clip(I0 (1 + beta A + [green] G), 0, 1); R = min(8, R0 + I x drivers)
                    imp = min(max(i0[p, c] * (1.0 + beta[c] * a + is_green[c] * g), 0.0), 1.0)
                    req = min(r0[p, c] + imp * (ai_digital[p, c] * ai + curves[d, t, c]), max_level)
                    importance[t, d, p, c] = imp
                    required[t, d, p, c] = req
                    # M = N + K/E (V - N): stayers keep their level, entrants bring theirs
                    m = entrant_level[p, c] + (available[t - 1, d, p, c] - entrant_level[p, c]) * k
                    s = max(req - m, 0.0)
                    mixed[c] = m
                    short[c] = s
                    need[cluster_of[c]] += imp * s  # importance x shortfall by cluster
                total = need.sum()
                used = 0.0
                for j in range(n_clusters):
                    x = need[j] / total if total > 0.0 else 0.0
                    if focused:
                        x = (x * free[d] + reserved[d, j]) if need[j] > 0.0 else 0.0
                    x *= budget[d, t, p]
                    used += x
                    if planning:  # the plan's courses come on top of the training hours by need
                        x += planned[d, t, p, j]
                    share[j] = min(x, cap[d])
                levels_used[d, t, p] = used
                # a cluster's competences rise together, none past its shortfall
                w = wsn_index[p]
                closed = 0.0
                weight = 0.0
                for c in range(n_comp):
                    gain = min(share[cluster_of[c]], short[c])
                    available[t, d, p, c] = min(mixed[c] + gain, max_level)
                    imp = importance[t, d, p, c]
                    closed += imp * gain
                    weight += imp
                if w >= 0:
                    readiness[t, d, w] = (total - closed) / weight if weight > 0.0 else 0.0


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
