"""Cached access to the library for the app: baseline, scenarios and projections.

Caches are keyed by hashable inputs: a scenario file by its path, modification time and size
(so an edit on disk is picked up at once), a projection by the scenario's JSON key.

Every cache here is ``st.cache_resource``: one object per process, shared by every session and
never copied (``st.cache_data`` would unpickle a copy of a frame or projection on every call). So
what is cached must never be mutated: pages filter and derive, they do not write into a Result.
"""

from __future__ import annotations

import contextlib
import gc
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from bwise_foresight import Baseline, InputError, Problem, Projection, Scenario, load_baseline, load_scenario
from bwise_foresight.baseline import WISE_TYPES
from bwise_foresight.i18n import SOURCE, Translator, msg
from bwise_foresight.scenario import ALL, is_text_name, list_scenarios
from bwise_foresight.summary import Headline, gap_by_cluster, headline

if TYPE_CHECKING:
    from bwise_foresight.uncertainty import Bands  # imported when first needed: scipy is slow to load

ROOT = Path(__file__).resolve().parents[2]
# BWISE_SCENARIOS points the app at another folder of scenario files (tests use a scratch copy).
SCENARIO_DIR = Path(os.environ.get("BWISE_SCENARIOS", ROOT / "scenarios"))
REFERENCE_ID = "baseline"
# The sidebar's WISE-type filter (bound to ?type=): every page's figures follow it.
WISE_TYPE_KEY = "type"
COUNTRY_KEY = "country"
EUROPE = "eu"  # the country picker's first option: the European aggregate


@st.cache_resource(show_spinner=False)
def _baseline() -> Baseline:
    return load_baseline()


@st.cache_resource(show_spinner=False)
def baseline(lang: str = SOURCE) -> Baseline:
    """The baseline data, its profile and competence names in ``lang``."""
    return _baseline().localized(Translator(lang))


@st.cache_resource(show_spinner=False)
def source_line(country: str, lang: str) -> str:
    """A chart's source line naming the publishers of a country's figures (EUROPE: every country's),
    worked out once per process, country and language rather than for every chart of every rerun."""
    from bwise_foresight.countries import source_line as line

    return line(baseline(), None if country == EUROPE else country, Translator(lang))


@st.cache_resource(show_spinner=False)
def profile_names(lang: str) -> dict[str, str]:
    """Profile names by id in ``lang`` (shared: never modify it)."""
    b = baseline(lang)
    return dict(zip(b.profile_ids, b.profiles["name"], strict=True))


@st.cache_resource(show_spinner=False)
def competence_names(lang: str) -> dict[str, str]:
    """Competence names by id in ``lang`` (shared: never modify it)."""
    b = baseline(lang)
    return dict(zip(b.competence_ids, b.competences["name"], strict=True))


UPLOADED = "_uploaded_scenarios"


def _uploaded() -> dict[str, Scenario]:
    return st.session_state.get(UPLOADED, {})


def scenario_ids() -> list[str]:
    """Ids of the scenario files on disk (baseline first), then those uploaded in this session."""
    on_disk = [p.stem for p in list_scenarios(SCENARIO_DIR)]
    return on_disk + [sid for sid in _uploaded() if sid not in on_disk]


@st.cache_resource(show_spinner=False, max_entries=64)
def _load(path: str, folder: tuple[tuple[str, int, int], ...]) -> Scenario | list[Problem]:
    del folder  # part of the cache key only
    try:
        return load_scenario(path, baseline=baseline(), display=f"scenarios/{Path(path).name}")
    except InputError as exc:
        return exc.problems


def folder_signature(*folders: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every YAML file in ``folders`` (default: the scenarios):
    a change to any of them (a scenario may extend another) gives new cache keys, so edits on disk
    show at once."""
    out = []
    for p in sorted(f for folder in (folders or (SCENARIO_DIR,)) for f in folder.glob("*.yaml") if is_text_name(f)):
        with contextlib.suppress(OSError):
            stat = p.stat()
            out.append((str(p), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def scenario(scenario_id: str, *, signature: tuple | None = None) -> Scenario | list[Problem]:
    """A scenario by id, or the list of problems that stop it from loading.

    Pass ``signature`` (from :func:`folder_signature`) when loading several, to read the folder once.
    """
    path = SCENARIO_DIR / f"{scenario_id}.yaml"
    if not path.is_file() and scenario_id in _uploaded():
        return _uploaded()[scenario_id]
    if not path.is_file():
        return [Problem.of(f"scenarios/{scenario_id}.yaml", None, "", msg("error.file_gone"))]
    return _load(str(path), signature if signature is not None else folder_signature())


@dataclass(frozen=True)
class Result:
    """Everything the pages draw from one projection, seen through one WISE type (or all)."""

    scenario: Scenario
    projection: Projection
    frame: pd.DataFrame
    headline: Headline
    gaps: pd.DataFrame  # year x cluster, levels
    wise_type: str = ALL
    country: str = EUROPE

    @property
    def by_type(self) -> pd.DataFrame:
        """The pathway variables split by WISE type (column ``wise_type``), for the one chart that needs
        them: built on first use, once per scenario and country (it does not depend on the type shown)."""
        return _by_type(self.scenario, self.scenario.key(), self.country)


@st.cache_resource(show_spinner=False, max_entries=128)
def _whole(_scenario: Scenario, key: str, country: str) -> Projection:
    """The projection of every WISE type: Europe's (the sum of the countries), or the country's."""
    return _project(_scenario, country)


def _project(s: Scenario, country: str) -> Projection:
    from bwise_foresight.countries import project_in

    return project_in(s, baseline(), None if country == EUROPE else country)


@st.cache_resource(show_spinner=False, max_entries=128)
def _by_type(_scenario: Scenario, key: str, country: str = EUROPE) -> pd.DataFrame:
    """The pathway variables split by WISE type: the same whichever type the sidebar shows, so one per
    scenario and country, not one per (scenario, type)."""
    from bwise_foresight.charts import BY_TYPE_VARIABLES

    return _whole(_scenario, key, country).to_frame(BY_TYPE_VARIABLES, by_type=True)


@st.cache_resource(show_spinner=False, max_entries=128)
def _result(_scenario: Scenario, key: str, wise_type: str, country: str = EUROPE) -> Result:
    b = baseline()
    projection = _whole(_scenario, key, country).select(wise_type)
    return Result(
        _scenario,
        projection,
        projection.to_frame(),
        headline(projection, b),
        gap_by_cluster(projection, b),
        wise_type,
        country,
    )


@st.cache_resource(show_spinner=False)
def shared_work() -> tuple[str, ...]:
    """What every session needs, done once per process, before the first page is drawn: the
    baseline, the shipped scenarios and their projections and summaries (all WISE types); returns
    the ids of the scenarios it projected.

    Then everything alive is frozen out of the garbage collector's reach (``gc.freeze``): imported
    modules, Plotly's validators, the baseline and these results live as long as the process, yet
    Streamlit's full collection after every run (``runner.postScriptGC``) would walk them all again,
    which cost more server CPU than the slider move itself. Garbage is collected first, so only what
    survives is frozen; objects made later are collected as usual.
    """
    baseline()
    signature = folder_signature()
    done = []
    for path in list_scenarios(SCENARIO_DIR):
        loaded = scenario(path.stem, signature=signature)
        if not isinstance(loaded, Scenario):
            continue
        # A file that cannot be projected must not take every page down: the page that shows it
        # reports the error, as it did before this warm-up.
        try:
            result(loaded, wise_type=ALL, country=EUROPE)
        except Exception:
            continue
        done.append(path.stem)
    gc.collect()
    gc.freeze()
    return tuple(done)


def selected_type() -> str:
    """The WISE type the sidebar filter shows ('all' for every type)."""
    chosen = st.session_state.get(WISE_TYPE_KEY)
    return chosen if chosen in WISE_TYPES else ALL


@st.cache_resource(show_spinner=False)
def national_stocks() -> pd.DataFrame:
    """Each partner country's stocks of workers with support needs and staff (shared: never modify it)."""
    from bwise_foresight.countries import national_stocks as stocks

    return stocks(baseline())


@st.cache_resource(show_spinner=False, max_entries=64)
def _country_series(_scenario: Scenario, key: str, variable: str, wise_type: str) -> dict[str, pd.Series]:
    from bwise_foresight.countries import project_countries
    from bwise_foresight.model import FLOW_VARIABLES
    from bwise_foresight.uncertainty import aggregate

    out = {}
    for code, p in project_countries(_scenario, baseline()).items():
        values = pd.Series(aggregate(p.select(wise_type), variable)[0], index=p.years)
        out[code] = values.iloc[1:] if variable in FLOW_VARIABLES else values
    return out


def country_series(s: Scenario, variable: str) -> dict[str, pd.Series]:
    """One output by year in every partner country (one batched run; shared: never modify it)."""
    return _country_series(s, s.key(), variable, selected_type())


def selected_country() -> str:
    """The country the sidebar shows (EUROPE for the European aggregate)."""
    chosen = st.session_state.get(COUNTRY_KEY)
    return chosen if chosen in baseline().countries.index else EUROPE


def result(s: Scenario, *, wise_type: str | None = None, country: str | None = None) -> Result:
    """The projection of a scenario and its summaries, cached by the scenario's content, seen through
    ``wise_type`` and ``country`` (default: the sidebar's choices, so every page follows them)."""
    return _result(s, s.key(), wise_type or selected_type(), country or selected_country())


@st.cache_resource(show_spinner=False, max_entries=32)
def _bands(_scenario: Scenario, key: str, draws: int, seed: int, wise_type: str, country: str) -> Bands:
    from bwise_foresight.countries import bands_in

    where = None if country == EUROPE else country
    return bands_in(_scenario, baseline(), where, draws=draws, seed=seed, wise_type=wise_type)


def bands(s: Scenario, t: Translator, *, draws: int = 1000, seed: int = 0) -> Bands:
    """P10–P90 bands of a scenario's ranges, cached by its content, draw count and seed."""
    with st.spinner(t("explore.sampling", n=t.num(draws))):
        return _bands(s, s.key(), draws, seed, selected_type(), selected_country())
