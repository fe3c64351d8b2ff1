"""Stories: a facilitator's sequence of steps through future scenarios (YAML files in ``stories/``).

Each step has a title, talking points, a scenario (with optional overrides) and the chart(s) to
show. Validated like scenario files: every problem with its file, line and key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .baseline import Baseline
from .charts import STANDARD
from .errors import Problem, ScenarioError
from .i18n import SOURCE, languages, msg
from .scenario import Scenario, load_scenario
from .wording import dotted, suggest, unknown, validation_problems
from .yamlio import read_yaml

ChartKind = Literal[
    "workforce", "workforce_profiles", "openings", "pathways", "pathways_types", "gaps", "training", "need"
]
assert set(ChartKind.__args__) == set(STANDARD)


class StepText(BaseModel):
    """A step's title and talking points in another language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = Field(default=None, min_length=1, max_length=120)
    talking_points: list[str] | None = Field(default=None, max_length=8)


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1, max_length=120)
    talking_points: list[str] = Field(default_factory=list, max_length=8)
    scenario: str = Field(min_length=1)
    overrides: dict[str, Any] = Field(default_factory=dict)
    charts: list[ChartKind] = Field(default_factory=lambda: ["workforce"], min_length=1, max_length=2)
    translations: dict[str, StepText] = Field(default_factory=dict)

    def title_in(self, lang: str) -> str:
        text = self.translations.get(lang)
        return text.title if text is not None and text.title else self.title

    def points_in(self, lang: str) -> list[str]:
        text = self.translations.get(lang)
        return text.talking_points if text is not None and text.talking_points is not None else self.talking_points


class StoryText(BaseModel):
    """A story's title and description in another language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = None


class Story(BaseModel):
    """A validated story; ``scenarios`` holds each step's scenario with its overrides applied."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    title: str = Field(min_length=1, max_length=120)
    description: str = ""
    author: str = ""
    steps: list[Step] = Field(min_length=1, max_length=30)
    translations: dict[str, StoryText] = Field(default_factory=dict)
    scenarios: list[Scenario] = Field(default_factory=list, exclude=True)

    def title_in(self, lang: str) -> str:
        text = self.translations.get(lang)
        return text.title if text is not None and text.title else self.title


def load_story(path: str | Path, *, scenario_dir: str | Path, baseline: Baseline, display: str | None = None) -> Story:
    """Read and check a story file: its structure, then every step's scenario and overrides."""
    path = Path(path)
    file = display or str(path)
    data, file_lines = read_yaml(path, display=file)
    lines = {k: (file, v) for k, v in file_lines.items()}
    try:
        story = Story.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(validation_problems(exc, lines, file, Story)) from None
    problems: list[Problem] = []
    scenarios: list[Scenario] = []
    known = [code for code in languages() if code != SOURCE]
    for path, codes in [(("translations",), story.translations)] + [
        (("steps", i, "translations"), step.translations) for i, step in enumerate(story.steps)
    ]:
        for code in (c for c in codes if c not in known):
            where = dotted(path)
            problem = unknown("language", code, f"'{where}'", known)
            problems.append(Problem.of(file, file_lines.get((*path, code)), f"{where}.{code}", problem))
    available = sorted(p.stem for p in Path(scenario_dir).glob("*.yaml"))
    for i, step in enumerate(story.steps):
        where = ("steps", i, "scenario")
        if step.scenario not in available:
            problems.append(
                Problem.of(
                    file,
                    file_lines.get(where),
                    f"steps[{i}].scenario",
                    msg(
                        "error.story_scenario",
                        name=step.scenario,
                        hint=suggest(step.scenario, available) or ".",
                        available=", ".join(available),
                    ),
                )
            )
            continue
        try:
            scenario = load_scenario(Path(scenario_dir) / f"{step.scenario}.yaml", baseline=baseline)
            if step.overrides:
                scenario = scenario.with_overrides(step.overrides, baseline=baseline)
        except ScenarioError as exc:
            line = file_lines.get(("steps", i, "overrides"), file_lines.get(where))
            problems += [
                Problem.of(
                    file,
                    line,
                    f"steps[{i}]",
                    msg("error.story_step", n=i + 1, title=step.title, problem=p.msg or p.message),
                )
                for p in exc.problems
            ]
            continue
        scenarios.append(scenario)
    if problems:
        raise ScenarioError(problems)
    return story.model_copy(update={"scenarios": scenarios})


def list_stories(directory: str | Path) -> list[Path]:
    return sorted(Path(directory).glob("*.yaml"))
