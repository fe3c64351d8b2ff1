"""The future-scenario schema: YAML files in ``scenarios/`` parsed into validated objects.

Validation happens in two steps (as IAMC's nomenclature does): pydantic checks the structure,
types and ranges of one file and the files it ``extends``; then :func:`check_against_baseline`
checks every profile, group and cluster id against the baseline data. Every problem is reported
at once, each with its file, line and key.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated, Any, Union

import numpy as np
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PrivateAttr,
    Strict,
    Tag,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .errors import InputError, Problem, ScenarioError, shorten
from .i18n import SOURCE, Message, languages, msg
from .wording import dotted, locate, location, suggest, unique, unknown, validation_problems
from .yamlio import LineMap, Path_, parse_yaml, read_yaml

if TYPE_CHECKING:
    from .baseline import Baseline

MAX_YEAR = 2050
ALL = "all"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(_Strict):
    """An uncertain value: a triangular distribution from ``low`` through ``mode`` to ``high``."""

    low: Annotated[float, Strict()]
    mode: Annotated[float, Strict()]
    high: Annotated[float, Strict()]

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if not self.low <= self.mode <= self.high:
            raise PydanticCustomError(
                "range_order",
                "a range needs low <= mode <= high, got low {low}, mode {mode}, high {high}",
                {"low": self.low, "mode": self.mode, "high": self.high},
            )
        return self


def _number_or_range(value: Any) -> str:
    return "range" if isinstance(value, dict) else "number"


def _bounded(lo: float, hi: float, unit: str, *, share: bool = False) -> AfterValidator:
    def check(value: float | Range) -> float | Range:
        values = [value.low, value.mode, value.high] if isinstance(value, Range) else [value]
        for v in values:
            if not lo <= v <= hi:
                fraction = f"{v / 100:g}" if share and 1 < v <= 100 else ""
                raise PydanticCustomError(
                    "out_of_range",
                    "must be between {lo} and {hi} ({unit}), got {got}",
                    {"lo": f"{lo:g}", "hi": f"{hi:g}", "unit": unit, "got": f"{v:g}", "fraction": fraction},
                )
        return value

    return AfterValidator(check)


def _serialize(value: float | Range) -> float | dict[str, float]:
    return value.model_dump() if isinstance(value, Range) else value


def Uncertain(lo: float, hi: float, unit: str, *, share: bool = False) -> Any:  # noqa: N802
    """A number or a ``{low, mode, high}`` range, every value within ``[lo, hi]``; ``unit`` names the
    catalogue text ``error.unit.<unit>`` that error messages show."""
    return Annotated[
        Union[Annotated[Annotated[float, Strict()], Tag("number")], Annotated[Range, Tag("range")]],  # noqa: UP007
        Discriminator(_number_or_range),
        _bounded(lo, hi, unit, share=share),
        PlainSerializer(_serialize),
    ]


Share = Uncertain(0, 1, "share", share=True)
Growth = Uncertain(-0.2, 0.2, "growth", share=True)
Levels = Uncertain(0, 7, "levels")
Hours = Uncertain(0, 1000, "hours")


class Horizon(_Strict):
    start: int = Field(ge=2000, le=MAX_YEAR, description="First year: the baseline year.")
    end: int = Field(ge=2000, le=MAX_YEAR, description="Last projected year, at most 2050.")

    @model_validator(mode="after")
    def _after_start(self) -> Horizon:
        if self.end <= self.start:
            raise PydanticCustomError(
                "horizon_order", "end ({end}) must come after start ({start})", {"end": self.end, "start": self.start}
            )
        return self


class ProfileAutomation(_Strict):
    ceiling: Share | None = None
    substitution: Share | None = None


class Automation(_Strict):
    midpoint_year: Uncertain(2000, 2100, "year")  # type: ignore[valid-type]
    steepness: Uncertain(0.05, 5, "steepness")  # type: ignore[valid-type]
    ceiling: Share  # type: ignore[valid-type]
    substitution: Share  # type: ignore[valid-type]
    creation: Uncertain(0, 2, "creation") = 0.0  # type: ignore[valid-type]
    profiles: dict[str, ProfileAutomation] = {}


class Shock(_Strict):
    year: int = Field(ge=2000, le=MAX_YEAR)
    profiles: list[str] = Field(min_length=1)
    change: Uncertain(-0.9, 1, "change", share=True)  # type: ignore[valid-type]


class Demand(_Strict):
    growth: Growth  # type: ignore[valid-type]
    profiles: dict[str, Growth] = {}  # type: ignore[valid-type]
    shocks: list[Shock] = []


class Skills(_Strict):
    uplift: dict[str, Levels] = {}  # type: ignore[valid-type]


Year = Uncertain(2000, 2100, "year")
Steepness = Uncertain(0.05, 5, "steepness")
Factor = Uncertain(0, 10, "factor")


class Training(_Strict):
    hours_per_worker: Hours | dict[str, Hours]  # type: ignore[valid-type]
    hours_per_level: Uncertain(1, 2000, "hours_per_level")  # type: ignore[valid-type]
    # share of the hours reserved for a cluster; the rest goes where the shortfall is largest
    focus: dict[str, Share] = {}  # type: ignore[valid-type]
    max_levels_per_year: Uncertain(0.05, 4, "levels") = 1.0  # type: ignore[valid-type]


class Green(_Strict):
    """The green transition: its own adoption curve, independent of automation."""

    midpoint_year: Year | None = None  # type: ignore[valid-type]  # default: automation's
    steepness: Steepness | None = None  # type: ignore[valid-type]  # default: automation's
    importance: Factor = 0.0  # type: ignore[valid-type]  # relative rise of green competences' importance
    circular_demand: Uncertain(-0.5, 2, "change", share=True) = 0.0  # type: ignore[valid-type]


class GenAI(_Strict):
    """Generative AI: a second adoption curve acting on profiles by their ILO exposure."""

    midpoint_year: Year = 2030.0  # type: ignore[valid-type]
    steepness: Steepness = 0.5  # type: ignore[valid-type]
    ceiling: Share = 0.0  # type: ignore[valid-type]  # share of exposed task content automated at saturation
    uplift: Levels = 0.0  # type: ignore[valid-type]  # digital levels added for the most exposed profile


class WiseType(_Strict):
    growth: Growth = 0.0  # type: ignore[valid-type]  # extra demand growth per year of this WISE type
    duration: Uncertain(0.1, 40, "years") | None = None  # type: ignore[valid-type]
    open_market: Factor = 1.0  # type: ignore[valid-type]  # odds multiplier of open-market exits


class Pathways(_Strict):
    """How workers with support needs leave: skills and the labour market shift the open-market share."""

    skill_effect: Uncertain(0, 3, "per_level") = 0.6  # type: ignore[valid-type]
    open_market: Factor = 1.0  # type: ignore[valid-type]


class Course(_Strict):
    """One module of the training catalogue taken, each year from ``start`` to ``end``, by a share of
    the workers of a profile, a target group or all profiles."""

    module: str = Field(min_length=1)
    profiles: str = ALL
    share: float = Field(ge=0, le=1)  # of the workers, taking the module each year
    start: int | None = Field(default=None, ge=2000, le=MAX_YEAR)  # default: the first projected year
    end: int | None = Field(default=None, ge=2000, le=MAX_YEAR)  # default: the horizon's end


class Plan(_Strict):
    """A training plan: a decision of the sector, not an uncertainty. Its numbers are chosen, never
    sampled; ``budget`` (EUR per year) and ``trainers`` (full-time trainers) limit what it delivers."""

    courses: list[Course] = []
    budget: float | None = Field(default=None, ge=0)
    trainers: float | None = Field(default=None, ge=0)


class ScenarioText(_Strict):
    """A scenario's title and description in another language (``translations: {nl: {...}}``)."""

    title: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = Field(default=None, min_length=1, max_length=2000)


# Decisions the sector takes, apart from the external assumptions (as EMA Workbench separates levers
# from uncertainties): key paths under these prefixes. Everything else happens to the sector.
DECISIONS: tuple[Path_, ...] = (("training", "hours_per_worker"), ("training", "focus"), ("plan",))


def is_decision(path: Path_) -> bool:
    """Whether an assumption's key path is a decision of the sector (training effort, a plan), not external."""
    return any(path[: len(prefix)] == prefix for prefix in DECISIONS)


ADJUSTED = " (adjusted)"  # appended to a title when sliders changed the scenario


class Scenario(_Strict):
    """A named, validated set of assumptions about the future (one YAML file)."""

    title: str = Field(min_length=1, max_length=120, pattern=r"\S")  # not blank: the picker would show nothing
    description: str = Field(min_length=1, max_length=2000)
    author: str = Field(min_length=1)
    date: dt.date
    extends: str | None = None
    horizon: Horizon
    automation: Automation
    demand: Demand
    skills: Skills = Skills()
    training: Training
    green: Green = Green()
    genai: GenAI = GenAI()
    pathways: Pathways = Pathways()
    plan: Plan = Plan()
    wise_types: dict[str, WiseType] = {}
    translations: dict[str, ScenarioText] = {}
    # per country (a partner-country code), assumptions that differ from the rest of the file, written
    # as the same keys: countries: {FR: {demand: {growth: 0.02}}}
    countries: dict[str, dict[str, Any]] = {}

    _id: str = PrivateAttr(default="")
    _files: tuple[str, ...] = PrivateAttr(default=())

    @property
    def id(self) -> str:
        """The scenario id: its file stem."""
        return self._id

    @property
    def files(self) -> tuple[str, ...]:
        """The files this scenario was read from, the file itself first, then what it extends."""
        return self._files

    def title_in(self, lang: str, *, adjusted: str = ADJUSTED.strip()) -> str:
        """The title in ``lang`` (its translation, else the title as written), ``adjusted`` marking slider changes."""
        changed = self.title.endswith(ADJUSTED)
        own = self.title.removesuffix(ADJUSTED)
        text = self.translations.get(lang)
        name = text.title if text is not None and text.title else own
        return f"{name} {adjusted}" if changed else name

    def description_in(self, lang: str) -> str:
        text = self.translations.get(lang)
        return text.description if text is not None and text.description else self.description

    @property
    def years(self) -> range:
        return range(self.horizon.start, self.horizon.end + 1)

    def to_dict(self) -> dict[str, Any]:
        """The resolved scenario as plain data (``extends`` already applied)."""
        data = self.model_dump(mode="json", exclude_defaults=False)
        data.pop("extends", None)
        return data

    def to_yaml(self) -> str:
        """The resolved scenario as YAML that :func:`load_scenario` reads back to an equal object."""
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)

    def key(self) -> str:
        """A stable text key of the scenario's content: for caching and hashing."""
        return json.dumps([self.id, self.to_dict()], sort_keys=True, separators=(",", ":"))

    def with_overrides(self, overrides: Mapping[str, Any], *, baseline: Baseline | None = None) -> Scenario:
        """A validated copy with ``overrides`` deep-merged in (e.g. from the dashboard's sliders)."""
        data = _deep_merge(self.to_dict(), dict(overrides))
        return _build(data, {}, scenario_id=self.id, files=self.files, baseline=baseline, file=self.id)

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, scenario_id: str = "custom", baseline: Baseline | None = None
    ) -> Scenario:
        """Validate plain data (no ``extends``) into a Scenario."""
        if data.get("extends"):
            raise ScenarioError([Problem.of(scenario_id, None, "extends", msg("error.from_dict_extends"))])
        return _build(dict(data), {}, scenario_id=scenario_id, files=(), baseline=baseline, file=scenario_id)

    def for_country(self, code: str | None) -> Scenario:
        """The scenario as it holds in one country: its ``countries`` entry merged in (None: as written)."""
        if code is None:
            return self
        data = {k: v for k, v in self.to_dict().items() if k != "countries"}
        merged = Scenario.model_validate(_deep_merge(data, self.countries.get(code, {})))
        merged._id, merged._files = self._id, self._files
        return merged

    def uncertain_parameters(self) -> dict[Path_, float | Range]:
        """Every numeric assumption by its key path: the inputs of uncertainty analysis."""
        return dict(_numeric_leaves(self))


def _numeric_leaves(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, float | Range]]:
    if isinstance(node, Range) or (isinstance(node, float | int) and not isinstance(node, bool)):
        # a country entry is an assumption of that country's run only (see for_country), not of this one
        # a plan is a decision, chosen rather than uncertain (see DECISIONS)
        if path[:1] not in {("horizon",), ("countries",), ("plan",)} and path[-1:] != ("year",):
            yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _numeric_leaves(getattr(node, name), (*path, name))
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _numeric_leaves(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _numeric_leaves(v, (*path, i))


# --- building a scenario ---------------------------------------------------------------------


def _replaced(data: Any, path: Path_ = ()) -> Iterator[Path_]:
    """Key paths whose value a file replaces whole (not merged key by key) when it extends another."""
    if isinstance(data, Mapping) and not {"low", "mode", "high"} & set(data):
        for k, v in data.items():
            yield from _replaced(v, (*path, k))
    elif path:
        yield path


def _deep_merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), Mapping) and not {"low", "mode", "high"} & set(v):
            out[k] = _deep_merge(dict(out[k]), v)
        else:
            out[k] = v
    return out


def _build(
    data: dict[str, Any],
    lines: Mapping[Path_, tuple[str, int]],
    *,
    scenario_id: str,
    files: tuple[str, ...],
    baseline: Baseline | None,
    file: str,
) -> Scenario:
    problems: list[Problem] = []
    scenario = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems += validation_problems(exc, lines, file, Scenario, data=data)
    if scenario is not None:
        scenario._id = scenario_id
        scenario._files = files
        problems += _country_problems(data, lines, file)
        if baseline is not None:
            problems += check_against_baseline(scenario, baseline, lines=lines, file=file)
    if problems:
        raise ScenarioError(unique(problems))
    assert scenario is not None
    return scenario


# what stays one for all countries: the file's identity, text and horizon
NOT_PER_COUNTRY = ("title", "description", "author", "date", "extends", "horizon", "translations", "countries")


def _country_problems(data: dict[str, Any], lines: Mapping[Path_, tuple[str, int]], file: str) -> list[Problem]:
    """Every problem of the ``countries`` entries: keys that cannot differ by country, and values
    that do not validate once merged into the rest of the file (reported at their own line)."""
    problems: list[Problem] = []
    base = {k: v for k, v in data.items() if k not in ("countries", "extends")}
    for code, override in (data.get("countries") or {}).items():
        where = ("countries", code)
        for key in [k for k in override if k in NOT_PER_COUNTRY]:
            f, line = locate((*where, key), lines, file)
            problems.append(Problem.of(f, line, dotted((*where, key)), msg("error.not_per_country", key=shorten(key))))
        if any(k in NOT_PER_COUNTRY for k in override):
            continue
        try:
            Scenario.model_validate(_deep_merge(base, override))
        except ValidationError as exc:
            shifted = {k[2:]: v for k, v in lines.items() if k[:2] == where}
            for p in validation_problems(exc, shifted, file, Scenario, data=override):
                problems.append(
                    dataclasses.replace(
                        p, key=f"countries.{code}.{p.key}", line=p.line or lines.get(where, (file, None))[1]
                    )
                )
    return problems


def check_against_baseline(
    scenario: Scenario,
    baseline: Baseline,
    *,
    lines: Mapping[Path_, tuple[str, int]] | None = None,
    file: str | None = None,
) -> list[Problem]:
    """Every id in the scenario that the baseline does not know, and years outside the horizon."""
    lines = lines or {}
    file = file or scenario.id
    from .baseline import CLUSTERS, GROUPS, WISE_TYPES

    profiles = baseline.profile_ids
    targets = [*GROUPS, *profiles]
    problems: list[Problem] = []

    def report(path: Path_, message: Message) -> None:
        f, line = locate(path, lines, file)
        problems.append(Problem.of(f, line, dotted(path), message))

    def check_ids(path: Path_, ids: list[str], valid: list[str], what: str) -> None:
        for name in ids:
            if name not in valid:
                where = (*path, name) if path[-1] != "profiles" or "shocks" not in path else path
                report(where, unknown(what, name, location(path), valid))

    h = scenario.horizon
    if h.start != baseline.base_year:
        report(("horizon", "start"), msg("error.base_year", year=baseline.base_year, got=h.start))
    check_ids(("automation", "profiles"), list(scenario.automation.profiles), targets, "target")
    check_ids(("demand", "profiles"), list(scenario.demand.profiles), targets, "target")
    for i, shock in enumerate(scenario.demand.shocks):
        check_ids(("demand", "shocks", i, "profiles"), shock.profiles, [ALL, *targets], "target")
        if not h.start < shock.year <= h.end:
            report(
                ("demand", "shocks", i, "year"),
                msg("error.shock_year", year=shock.year, first=h.start + 1, last=h.end),
            )
    check_ids(("skills", "uplift"), list(scenario.skills.uplift), list(CLUSTERS), "cluster")
    check_ids(("training", "focus"), list(scenario.training.focus), list(CLUSTERS), "cluster")
    focus = sum(v.high if isinstance(v, Range) else v for v in scenario.training.focus.values())
    if focus > 1 + 1e-9:
        report(("training", "focus"), msg("error.focus_sum", total=f"{focus:g}"))
    check_ids(("wise_types",), list(scenario.wise_types), list(WISE_TYPES), "wise_type")
    check_ids(("translations",), list(scenario.translations), [x for x in languages() if x != SOURCE], "language")
    check_ids(("countries",), list(scenario.countries), list(baseline.countries.index), "country")
    if isinstance(scenario.training.hours_per_worker, dict):
        check_ids(("training", "hours_per_worker"), list(scenario.training.hours_per_worker), targets, "target")
    modules = list(baseline.training_modules["module_id"])
    for i, course in enumerate(scenario.plan.courses):
        where = ("plan", "courses", i)
        if course.module not in modules:
            report((*where, "module"), unknown("module", course.module, location((*where,)), modules))
        if course.profiles not in (ALL, *targets):
            report((*where, "profiles"), unknown("target", course.profiles, location((*where,)), [ALL, *targets]))
        start, end = course.start or h.start + 1, course.end or h.end
        if not h.start < start <= end <= h.end:
            report(where, msg("error.course_years", start=start, end=end, first=h.start + 1, last=h.end))
    if scenario.plan.courses and not problems:  # no worker takes a module more than once a year
        from .training import plan_shares

        shares = plan_shares(scenario.plan.courses, baseline, np.arange(h.start, h.end + 1))
        over = np.argwhere(shares > 1 + 1e-9)
        if len(over):
            t, p, m = over[0]
            report(
                ("plan", "courses"),
                msg(
                    "error.course_share_sum",
                    module=baseline.catalogue.module_ids[m],
                    profile=baseline.profile_ids[p],
                    year=h.start + int(t),
                    total=f"{shares[t, p, m]:g}",
                ),
            )
    return problems


def _chain(path: Path, display: str) -> list[tuple[Path, str, dict[str, Any], LineMap]]:
    """The file and every file it extends, nearest first, each read and line-mapped.

    ``extends`` names a scenario in the same folder by its id, however it is spelled (``./x``,
    ``x.yaml``, ``X``); a cycle is caught by the files it names, never by the spelling.
    """
    chain: list[tuple[Path, str, dict[str, Any], LineMap]] = []
    seen: list[Path] = []
    current, shown = path, display
    while True:
        data, lines = read_yaml(current, display=shown)
        chain.append((current, shown, data, lines))
        seen.append(current.resolve())
        parent = data.get("extends")
        if parent is None:
            return chain

        def fail(message: Message) -> ScenarioError:
            return ScenarioError([Problem.of(shown, lines.get(("extends",)), "extends", message)])  # noqa: B023

        if not isinstance(parent, str) or not parent.strip():
            raise fail(msg("error.extends_type"))
        target = _extended(current.parent, parent)
        if target is None:
            raise fail(msg("error.extends_outside", parent=shorten(parent)))
        if target.resolve() in seen:
            cycle = " → ".join(p.name for p in (*seen, target.resolve()))
            raise fail(msg("error.extends_cycle", cycle=cycle))
        if not target.is_file():
            available = sorted(p.stem for p in current.parent.glob("*.yaml") if p != current)
            name = shorten(target.stem)
            hint = suggest(target.stem, available) or "."
            raise fail(msg("error.extends_missing", parent=name, hint=hint, available=", ".join(available)))
        current, shown = target, str(Path(shown).parent / target.name)


def _extended(folder: Path, parent: str) -> Path | None:
    """The file ``extends: parent`` names in ``folder``, matched by id whatever the spelling or case;
    None when it names a path that leaves the folder (``../x``, ``/etc/x``, a link pointing out)."""
    parts = [p for p in PurePosixPath(parent.strip().replace("\\", "/")).parts if p != "."]
    if parent.strip().startswith(("/", "\\")) or len(parts) != 1 or parts[0] in ("..", "/"):
        return None
    stem = parts[0]
    for suffix in (".yaml", ".yml"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    files = {p.stem: p for p in folder.glob("*.yaml") if p.is_file()}
    same = [files[s] for s in sorted(files) if s.casefold() == stem.casefold()]
    target = files.get(stem) or (same[0] if same else folder / f"{stem}.yaml")
    if target.is_file() and target.resolve().parent != folder.resolve():
        return None
    return target


def load_scenario(
    path: str | Path, *, baseline: Baseline | None = None, check_baseline: bool = True, display: str | None = None
) -> Scenario:
    """Read a scenario YAML file, resolve ``extends`` and validate it.

    ``baseline`` defaults to the repository's data; every id the scenario uses is checked against
    it unless ``check_baseline`` is False. Raises :class:`ScenarioError` with every problem, each
    naming the file, line and key.
    """
    path = Path(path)
    display = display or str(path)
    with _only_scenario_errors(display):
        return _load(path, display, baseline=baseline, check_baseline=check_baseline)


def _load(path: Path, display: str, *, baseline: Baseline | None, check_baseline: bool) -> Scenario:
    chain = _chain(path, display)
    data: dict[str, Any] = {}
    lines: dict[Path_, tuple[str, int]] = {}
    for _, shown, file_data, file_lines in reversed(chain):
        data = _deep_merge(data, file_data)
        for point in _replaced(file_data):
            for stale in [k for k in lines if len(k) > len(point) and k[: len(point)] == point]:
                del lines[stale]
        lines.update({k: (shown, v) for k, v in file_lines.items()})
    data["extends"] = chain[0][2].get("extends")
    # translations name one file's own title and description: never inherited
    data.pop("translations", None)
    if "translations" in chain[0][2]:
        data["translations"] = chain[0][2]["translations"]
    if check_baseline and baseline is None:
        from .baseline import load_baseline

        baseline = load_baseline()
    return _build(
        data,
        lines,
        scenario_id=path.stem,
        files=tuple(c[1] for c in chain),
        baseline=baseline if check_baseline else None,
        file=display,
    )


def scenario_from_text(text: str, *, scenario_id: str = "uploaded", baseline: Baseline | None = None) -> Scenario:
    """Validate YAML text (e.g. an upload) that does not extend another file."""
    file = f"{scenario_id}.yaml"
    with _only_scenario_errors(file):
        data, file_lines = parse_yaml(text, file=file)
        if data.get("extends"):
            line = file_lines.get(("extends",))
            raise ScenarioError([Problem.of(file, line, "extends", msg("error.upload_extends"))])
        lines = {k: (file, v) for k, v in file_lines.items()}
        return _build(data, lines, scenario_id=scenario_id, files=(), baseline=baseline, file=file)


@contextlib.contextmanager
def _only_scenario_errors(file: str) -> Iterator[None]:
    """Whatever goes wrong while reading a file becomes a ScenarioError naming it: one bad file must
    never take the app, or the command that reads it, down. (Each known failure has its own message;
    this is the net under them.)"""
    try:
        yield
    except InputError:
        raise
    except Exception as exc:
        problem = Problem.of(file, None, "", msg("error.unexpected", what=type(exc).__name__))
        raise ScenarioError([problem]) from exc


def list_scenarios(directory: str | Path) -> list[Path]:
    """The scenario files in a folder, sorted with ``baseline`` first.

    A file whose name is not valid text (bytes that are not UTF-8) is left out: its id could be
    neither shown nor put in a link, and would take every page that lists scenarios down with it.
    """
    files = sorted(p for p in Path(directory).glob("*.yaml") if is_text_name(p))
    return sorted(files, key=lambda p: (p.stem != "baseline", p.stem))


def is_text_name(path: Path) -> bool:
    """Whether a file name is valid text (Python keeps undecodable bytes as lone surrogates)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


BACKUP_DIR = ".backups"


def scenario_filename(title: str) -> str:
    """A safe file name for a scenario title: lowercase ASCII words joined by underscores."""
    from slugify import slugify

    stem = slugify(title, separator="_", max_length=60, word_boundary=True)
    return f"{stem or 'scenario'}.yaml"


def save_scenario(
    scenario: Scenario, directory: str | Path, *, name: str | None = None, overwrite: bool = False
) -> Path:
    """Write a scenario (resolved: no ``extends``) into ``directory`` safely.

    The file name comes from ``name`` or the title and may not leave ``directory``. An existing
    file is kept unless ``overwrite`` is true; then its previous version is copied to
    ``directory/.backups/`` first. The write is atomic (a temporary file renamed over the
    target), so a crash mid-write leaves the old file intact. Returns the path written.
    """
    import os
    import shutil
    import tempfile

    directory = Path(directory).resolve()
    filename = name if name is not None else scenario_filename(scenario.title)
    target = (directory / filename).resolve()
    if target.parent != directory or target.suffix != ".yaml" or target.name.startswith("."):
        raise ScenarioError(
            [Problem.of(filename, None, "", msg("error.bad_file_name", name=filename, folder=directory.name))]
        )
    if target.exists() and not overwrite:
        raise FileExistsError(target)
    text = scenario.to_yaml()
    if target.exists():
        backups = directory / BACKUP_DIR
        backups.mkdir(exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        shutil.copy2(target, backups / f"{target.stem}.{stamp}.yaml")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
