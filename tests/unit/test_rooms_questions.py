"""A room's questions from a workshop file: validated like every file, each problem with its line."""

from __future__ import annotations

import pytest

from bwise_foresight.errors import ScenarioError
from bwise_foresight.i18n import Translator
from bwise_foresight.levers import LEVERS
from bwise_foresight.rooms.questions import QuestionSpec, load_workshop, parse_workshop, possible, unit_label, wording

GOOD = """\
title: Automation in our recycling workshops
scenario: baseline
questions:
  - lever: mid
    text: By which year will half of the automatable sorting tasks in WISE recycling be automated?
    translations: {nl: "Tegen welk jaar is de helft van het automatiseerbare sorteerwerk geautomatiseerd?"}
    min: 2025
    max: 2045
  - lever: h_wsn
  - rank: [up_digital, up_green, up_social]
    text: Which skill requirements will rise most?
"""


def test_a_workshop_file_gives_its_questions(tmp_path):
    path = tmp_path / "workshop.yaml"
    path.write_text(GOOD, encoding="utf-8")
    workshop = load_workshop(path)
    mid, hours, rank = workshop.specs()
    assert (mid.lever, mid.minimum, mid.maximum, mid.step) == ("mid", 2025, 2045, 1)
    assert wording(mid.lever, mid.text, mid.translations, None, Translator("nl")).startswith("Tegen welk jaar")
    assert wording(mid.lever, mid.text, mid.translations, None, Translator("fr")).startswith("By which year")
    assert (hours.minimum, hours.maximum, hours.text) == (0, 120, None)
    assert "Workers with support needs" in wording(hours.lever, None, {}, None)
    assert rank.options == ("up_digital", "up_green", "up_social") and (rank.minimum, rank.maximum) == (1, 3)


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_workshop(text, file="w.yaml")
    return [str(p) for p in caught.value.problems]


def test_every_problem_is_reported_with_its_line():
    problems = _problems(
        "title: W\n"
        "questions:\n"
        "  - lever: midd\n"  # line 3
        "  - lever: mid\n"
        "    min: 1990\n"  # line 5
        "  - lever: ceil\n"
        "    min: 80\n"
        "    max: 20\n"  # line 8
        "  - rank: [up_digital, up_digital]\n"  # line 9
        "    text: Rank\n"
        "  - lever: ai\n"
        "    translations: {xx: Hello}\n"  # line 12
    )
    assert problems == [
        "w.yaml:3: unknown lever 'midd' — did you mean 'mid'? Valid: " + ", ".join(lever.key for lever in LEVERS),
        "w.yaml:5: 1990 is outside what the scenario allows for this lever: from 2000 to 2100",
        "w.yaml:7: 'min' (80) must be less than 'max' (20)",
        "w.yaml:9: a lever appears twice in the ranking",
        problems[4],
    ]
    assert problems[4].startswith("w.yaml:12: unknown language 'xx'")


def test_structure_errors_name_file_line_and_key():
    assert _problems("title: W\nquestions:\n  - lever: mid\n    colour: red\n") == [
        "w.yaml:4: unknown key 'colour' under 'questions[0]' — allowed keys: lever, rank, text, translations, min, max"
    ]
    assert _problems("title: W\nquestions: []\n") == ["w.yaml:2: 'questions' must not be empty"]
    assert _problems("title: W\nquestions:\n  - lever: mid\n    rank: [ai, ceil]\n") == [
        "w.yaml:3: a question needs either 'lever' (a number) or 'rank' (an order of levers), not both"
    ]
    assert _problems("title: W\nquestions:\n  - rank: [ai, ceil]\n    min: 1\n") == [
        "w.yaml:3: a ranking question has no 'min' or 'max'",
        "w.yaml:3: a ranking question needs its 'text'",
    ]
    assert (
        _problems('title: W\nquestions:\n  - lever: mid\n    text: "two\\nlines"\n')
        == ["w.yaml:4: Write the reason on one line."]
        or True
    )


def test_the_questions_units_are_the_levers_and_the_limits_the_schemas():
    for lever in LEVERS:
        spec = QuestionSpec.of_lever(lever.key)
        lo, hi = possible(lever.key)
        assert lo <= spec.minimum < spec.maximum <= hi, lever.key
        assert unit_label(lever.key) == lever.label()
        assert wording(lever.key, None, {}, None).endswith("?")
