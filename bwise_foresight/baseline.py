"""Load the baseline data package and check it against ``datapackage.json``."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .errors import DataError, Problem
from .i18n import SOURCE, Translator

if TYPE_CHECKING:
    from .training import Catalogue

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GROUPS = ("enablers", "supporters", "wsn")
STAFF = ("enablers", "supporters")
WISE_TYPES = ("productive", "training", "social")
DESTINATIONS = ("open_market", "other_wise", "education", "unemployment", "inactivity")
POSITIVE = ("open_market", "other_wise", "education")  # ENSIE counts these (and staying) as positive
CLUSTERS = ("digital", "social", "management", "green", "vocational", "transversal")


@dataclass(frozen=True, eq=False)
class Baseline:
    """The base-year state of the sector, as tables and as aligned numpy arrays.

    Arrays are indexed by ``profiles`` (axis 0) and ``competences`` (axis 1) in table order and
    are read-only, so one Baseline can be shared by every projection.
    """

    base_year: int
    profiles: pd.DataFrame
    competences: pd.DataFrame
    requirements: pd.DataFrame
    sources: pd.DataFrame
    wise_types: pd.DataFrame
    profile_type_table: pd.DataFrame  # profile x WISE type shares, as in data/profile_types.csv
    genai_table: pd.DataFrame  # exposure to generative AI by ISCO-08 major group, as in data/genai_exposure.csv
    benchmarks: pd.DataFrame  # published figures, indexed by benchmark_id (docs/model.md, Calibration)
    countries: pd.DataFrame  # the B-WISE partner countries, indexed by country code (data/countries.csv)
    country_figures: pd.DataFrame  # published national figures, one row each (data/country_figures.csv)
    training_modules: pd.DataFrame  # the training catalogue's modules (data/training_modules.csv)
    training_content: pd.DataFrame  # the clusters each module raises (data/training_content.csv)
    training_countries: pd.DataFrame  # training costs and trainer hours by country (data/training_countries.csv)
    headcount: np.ndarray  # (P,) persons
    quit_rate: np.ndarray  # (P,) 1/year, staff leaving for other reasons than retirement (0 for WSN)
    age_shares: np.ndarray  # (P, 3) staff under 35, 35-54, 55+ (0 for WSN)
    circular: np.ndarray  # (P,) share of the activity in the circular economy
    genai_exposure: np.ndarray  # (P,) index 0-1 (ILO, by ISCO major group)
    type_share: np.ndarray  # (P, W) share of the profile's headcount in each WISE type
    duration: np.ndarray  # (W,) years a worker with support needs stays
    training_factor: np.ndarray  # (W,) training of WSN relative to the scenario's hours
    exit_shares: np.ndarray  # (W, K) base-year destinations of WSN leavers
    exposure: np.ndarray  # (P,) index 0-1
    entrant_level: np.ndarray  # (P,) level
    complement_share: np.ndarray  # (P,) share
    automation_coefficient: np.ndarray  # (C,) relative change
    importance: np.ndarray  # (P, C) index 0-1
    required_level: np.ndarray  # (P, C) level
    available_level: np.ndarray  # (P, C) level
    country: str | None = None  # a partner country's code for a national baseline, None for Europe
    # (W,) a country's published trend of each WISE type over Europe's (0: none, and always for Europe)
    type_growth: np.ndarray = field(default_factory=lambda: np.zeros(len(WISE_TYPES)))

    def localized(self, t: Translator) -> Baseline:
        """The same baseline with profile names and descriptions and competence names in ``t``'s language."""
        if t.lang == SOURCE:
            return self
        profiles, competences = self.profiles.copy(), self.competences.copy()
        ids = profiles["profile_id"]
        profiles["name"] = [t.profile(i, n) for i, n in zip(ids, profiles["name"], strict=True)]
        profiles["description"] = [
            t.named("profile_description", i, d) for i, d in zip(ids, profiles["description"], strict=True)
        ]
        competences["name"] = [
            t.competence(i, n) for i, n in zip(competences["competence_id"], competences["name"], strict=True)
        ]
        return replace(self, profiles=profiles, competences=competences)

    def publishers(self, source_ids: Iterable[str], *, most: int = 3) -> list[str]:
        """Short names of the publishers of some sources (assumptions left out), the most cited first,
        at most ``most`` of them: what a chart's source line names ('DARES', not 'DARES - French
        Ministry of Labour statistics'); the Data & method page lists every source."""
        table = self.sources.set_index("source_id")
        names = [
            re.split(r" - | \(|; |, ", str(table.loc[i, "publisher"]), maxsplit=1)[0]
            for i in source_ids
            if table.loc[i, "kind"] != "assumption"
        ]
        counts = pd.Series(names, dtype=object).value_counts(sort=False)  # first-cited order among equals
        return list(counts.sort_values(ascending=False, kind="stable").index[:most])

    @cached_property
    def catalogue(self) -> Catalogue:
        """The training catalogue as arrays (see ``training.catalogue``)."""
        from .training import catalogue

        return catalogue(self)

    @cached_property
    def profile_ids(self) -> list[str]:
        return self.profiles["profile_id"].tolist()

    @cached_property
    def competence_ids(self) -> list[str]:
        return self.competences["competence_id"].tolist()

    @cached_property
    def is_wsn(self) -> np.ndarray:
        """(P,) True for profiles of workers with support needs."""
        return self.groups == "wsn"

    @cached_property
    def groups(self) -> np.ndarray:
        """Target group of each profile, aligned with ``profile_ids``."""
        return self.profiles["group"].to_numpy(dtype=str)

    @cached_property
    def clusters(self) -> np.ndarray:
        """Cluster of each competence, aligned with ``competence_ids``."""
        return self.competences["cluster"].to_numpy(dtype=str)


def _validate_package(descriptor: Path) -> list[Problem]:
    from frictionless import Package  # imported here: it is slow and only needed on load

    try:
        report = Package(str(descriptor)).validate()
    except Exception as exc:  # frictionless raises for an unreadable descriptor
        return [Problem(str(descriptor), None, "", f"cannot read the data package: {exc}")]
    problems = []
    for task in report.tasks:
        for err in task.errors:
            line = getattr(err, "row_number", None)
            column = getattr(err, "field_name", "") or ""
            problems.append(Problem(str(Path(descriptor.parent, task.name + ".csv")), line, column, err.message))
    for err in report.errors:
        problems.append(Problem(str(descriptor), None, "", err.message))
    return problems


def readonly(a: np.ndarray) -> np.ndarray:
    """A contiguous float copy (or the array itself) that cannot be written: shared by every projection."""
    a = np.ascontiguousarray(a, dtype=float)
    a.setflags(write=False)
    return a


@functools.lru_cache(maxsize=8)
def _load(data_dir: Path) -> Baseline:
    descriptor = data_dir / "datapackage.json"
    if not descriptor.is_file():
        raise DataError([Problem(str(descriptor), None, "", "no datapackage.json in the data folder")])
    problems = _validate_package(descriptor)
    if problems:
        raise DataError(problems)
    meta = json.loads(descriptor.read_text(encoding="utf-8"))
    tables = {
        r["name"]: pd.read_csv(
            data_dir / r["path"],
            keep_default_na=False,
            na_values=[""],
            dtype={f["name"]: "str" for f in r["schema"]["fields"] if f["type"] == "string"},
        )
        for r in meta["resources"]
    }
    profiles, competences, req = tables["profiles"], tables["competences"], tables["requirements"]

    pids, cids = profiles["profile_id"].tolist(), competences["competence_id"].tolist()
    full = pd.MultiIndex.from_product([pids, cids], names=["profile_id", "competence_id"])
    req_idx = req.set_index(["profile_id", "competence_id"])
    missing = full.difference(req_idx.index)
    if len(missing):
        sample = ", ".join(f"{p}/{c}" for p, c in missing[:5])
        raise DataError(
            [
                Problem(
                    str(data_dir / "requirements.csv"),
                    None,
                    "",
                    f"{len(missing)} profile x competence pairs have no row (e.g. {sample}); every pair needs one",
                )
            ]
        )
    share = profiles["complement_share"].sum()
    if not np.isclose(share, 1.0) and not np.isclose(share, 0.0):
        raise DataError(
            [
                Problem(
                    str(data_dir / "profiles.csv"),
                    None,
                    "complement_share",
                    f"complement_share must sum to 1 over profiles (or be all 0), sums to {share:g}",
                )
            ]
        )
    req_idx = req_idx.reindex(full)
    types = tables["wise_types"].set_index("wise_type").reindex(list(WISE_TYPES))
    mix = tables["profile_types"].pivot(index="profile_id", columns="wise_type", values="share")
    mix = mix.reindex(index=pids, columns=list(WISE_TYPES)).fillna(0.0)
    problems = [
        Problem(str(data_dir / "profile_types.csv"), None, "share", f"the shares of '{pid}' sum to {total:g}, not 1")
        for pid, total in mix.sum(axis=1).items()
        if not np.isclose(total, 1.0)
    ]
    exit_cols = [f"exit_{d}" for d in DESTINATIONS]
    problems += [
        Problem(str(data_dir / "wise_types.csv"), None, "exit_*", f"the exit shares of '{w}' sum to {total:g}, not 1")
        for w, total in types[exit_cols].sum(axis=1).items()
        if not np.isclose(total, 1.0)
    ]
    if types.isna().any(axis=None):
        problems.append(
            Problem(str(data_dir / "wise_types.csv"), None, "wise_type", f"needs one row per type: {WISE_TYPES}")
        )
    if problems:
        raise DataError(problems)
    staff = profiles["group"].isin(STAFF).to_numpy()
    young = profiles["share_under35"].fillna(0.0).to_numpy(dtype=float)
    old = profiles["share_55plus"].fillna(0.0).to_numpy(dtype=float)
    ages = np.where(staff[:, None], np.column_stack([young, 1.0 - young - old, old]), 0.0)
    exposure_ai = tables["genai_exposure"].set_index("isco_major")["exposure"]
    majors = profiles["isco08"].str[0].astype(int)

    def matrix(col: str) -> np.ndarray:
        return readonly(req_idx[col].to_numpy(dtype=float).reshape(len(pids), len(cids)))

    return Baseline(
        base_year=int(meta["base_year"]),
        profiles=profiles,
        competences=competences,
        requirements=req,
        sources=tables["sources"],
        wise_types=tables["wise_types"],
        profile_type_table=tables["profile_types"],
        genai_table=tables["genai_exposure"],
        benchmarks=tables["benchmarks"].set_index("benchmark_id"),
        countries=tables["countries"].set_index("country"),
        country_figures=tables["country_figures"],
        training_modules=tables["training_modules"],
        training_content=tables["training_content"],
        training_countries=tables["training_countries"],
        headcount=readonly(profiles["headcount"].to_numpy()),
        quit_rate=readonly(np.where(staff, profiles["quit_rate"].fillna(0.0).to_numpy(dtype=float), 0.0)),
        age_shares=readonly(ages),
        circular=readonly(profiles["circular_share"].to_numpy()),
        genai_exposure=readonly(exposure_ai.reindex(majors).to_numpy()),
        type_share=readonly(mix.to_numpy()),
        duration=readonly(types["duration"].to_numpy()),
        training_factor=readonly(types["training_factor"].to_numpy()),
        exit_shares=readonly(types[exit_cols].to_numpy()),
        exposure=readonly(profiles["automation_exposure"].to_numpy()),
        entrant_level=readonly(profiles["entrant_level"].to_numpy()),
        complement_share=readonly(profiles["complement_share"].to_numpy()),
        automation_coefficient=readonly(competences["automation_coefficient"].to_numpy()),
        importance=matrix("importance"),
        required_level=matrix("required_level"),
        available_level=matrix("available_level"),
    )


def load_baseline(data_dir: str | Path | None = None) -> Baseline:
    """Load and check the baseline data package (default: the repository's ``data/``).

    Every CSV is validated against ``datapackage.json`` (types, constraints, keys) with
    frictionless; any mismatch raises :class:`DataError` listing every problem. Results are
    cached per folder, so repeated calls are free.
    """
    return _load(Path(data_dir or DEFAULT_DATA_DIR).resolve())
