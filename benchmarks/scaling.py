"""Synthetic baselines for scaling benchmarks: the default data tiled to more profiles and competences."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from bwise_foresight import Baseline


def scaled(baseline: Baseline, profiles: int, competences: int | None = None) -> Baseline:
    """A baseline with ``profiles`` times the profiles and ``competences`` times the competences
    (tiled copies; ``competences`` defaults to ``profiles``). Headcount and the shares of created
    jobs are divided among the copies, so the sector keeps its size; the WISE types stay three."""
    fp, fc = profiles, profiles if competences is None else competences

    def copies(table: pd.DataFrame, key: str, n: int) -> pd.DataFrame:
        return pd.concat([table.assign(**{key: table[key] + f"_{i}"}) for i in range(n)], ignore_index=True)

    def by_profile(a: np.ndarray) -> np.ndarray:
        return np.tile(a, (fp, *(1,) * (a.ndim - 1)))

    def by_cell(a: np.ndarray) -> np.ndarray:  # (P, C)
        return np.tile(a, (fp, fc))

    return dataclasses.replace(
        baseline,
        profiles=copies(baseline.profiles, "profile_id", fp),
        competences=copies(baseline.competences, "competence_id", fc),
        headcount=by_profile(baseline.headcount) / fp,
        quit_rate=by_profile(baseline.quit_rate),
        age_shares=by_profile(baseline.age_shares),
        circular=by_profile(baseline.circular),
        genai_exposure=by_profile(baseline.genai_exposure),
        type_share=by_profile(baseline.type_share),
        exposure=by_profile(baseline.exposure),
        entrant_level=by_profile(baseline.entrant_level),
        complement_share=by_profile(baseline.complement_share) / fp,
        automation_coefficient=np.tile(baseline.automation_coefficient, fc),
        importance=by_cell(baseline.importance),
        required_level=by_cell(baseline.required_level),
        available_level=by_cell(baseline.available_level),
    )
