"""Stories load with every step's scenario, and bad story files say what to fix."""

from __future__ import annotations

import pytest
from paths import ROOT, SCENARIOS

from bwise_foresight import ScenarioError
from bwise_foresight.story import list_stories, load_story


def test_the_shipped_stories_load(baseline):
    paths = list_stories(ROOT / "stories")
    assert paths
    for path in paths:
        story = load_story(path, scenario_dir=SCENARIOS, baseline=baseline)
        assert len(story.scenarios) == len(story.steps) >= 3
        assert all(step.talking_points for step in story.steps)


def test_overrides_are_applied_to_the_step_scenario(baseline):
    story = load_story(ROOT / "stories" / "five_futures.yaml", scenario_dir=SCENARIOS, baseline=baseline)
    last = story.scenarios[-1]
    assert last.id == "austerity" and last.training.hours_per_worker == {"enablers": 24, "supporters": 30, "wsn": 20}


def _write(tmp_path, text):
    path = tmp_path / "story.yaml"
    path.write_text(text)
    return path


def test_an_unknown_scenario_is_named_with_a_suggestion(tmp_path, baseline):
    path = _write(tmp_path, "title: T\nsteps:\n  - title: One\n    scenario: fast_automaton\n")
    with pytest.raises(ScenarioError) as err:
        load_story(path, scenario_dir=SCENARIOS, baseline=baseline, display="story.yaml")
    assert str(err.value.problems[0]).startswith(
        "story.yaml:4: no scenario 'fast_automaton' in scenarios/ — did you mean 'fast_automation'?"
    )


def test_an_unknown_chart_and_key_are_reported_with_lines(tmp_path, baseline):
    path = _write(
        tmp_path,
        "title: T\nsteps:\n  - title: One\n    scenario: baseline\n    charts: [pie]\n    talkingpoints: [x]\n",
    )
    with pytest.raises(ScenarioError) as err:
        load_story(path, scenario_dir=SCENARIOS, baseline=baseline, display="story.yaml")
    lines = [str(p) for p in err.value.problems]
    assert any(line.startswith("story.yaml:5:") and "'steps[0].charts[0]'" in line for line in lines)
    assert any(
        line.startswith("story.yaml:6: unknown key 'talkingpoints'") and "talking_points" in line for line in lines
    )


def test_bad_overrides_point_at_the_step(tmp_path, baseline):
    path = _write(
        tmp_path,
        "title: T\nsteps:\n  - title: One\n    scenario: baseline\n    overrides: {automation: {ceiling: 3}}\n",
    )
    with pytest.raises(ScenarioError) as err:
        load_story(path, scenario_dir=SCENARIOS, baseline=baseline, display="story.yaml")
    (problem,) = err.value.problems
    assert problem.line == 5 and "step 1 (One)" in problem.message and "between 0 and 1" in problem.message
