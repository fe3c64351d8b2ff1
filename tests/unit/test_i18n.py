"""Languages: complete catalogues, numbers in each language's style, translated figures, texts and errors."""

from __future__ import annotations

import re

import pytest
import yaml
from paths import FIXTURES, ROOT, SCENARIOS

from bwise_foresight import ScenarioError, charts, load_scenario, project, scenario_from_text
from bwise_foresight.i18n import (
    LOCALE_DIR,
    SOURCE,
    Translator,
    catalogue,
    language_name,
    languages,
    normalize,
    placeholders,
)
from bwise_foresight.story import load_story
from bwise_foresight.summary import gap_by_cluster, headline, narrative

OTHERS = [lang for lang in languages() if lang != SOURCE]
NAMED = ("profile_name.", "profile_description.", "competence_name.", "module_title.")


def test_at_least_the_six_languages_of_the_brief():
    assert {"en", "nl", "fr", "de", "it", "es", "pl"} <= set(languages())


def _keys(node, prefix=""):
    for key, value in node.items():
        assert isinstance(key, str), f"{prefix}{key!r} is not text (YAML reads on/off/yes/no as booleans: quote it)"
        if isinstance(value, dict):
            yield from _keys(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


@pytest.mark.parametrize("lang", languages())
def test_catalogue_keys_are_text_and_values_are_not_empty(lang):
    raw = yaml.safe_load((LOCALE_DIR / f"{lang}.yaml").read_text(encoding="utf-8"))
    assert list(_keys(raw))
    assert all(text.strip() for text in catalogue(lang).values())


@pytest.mark.parametrize("lang", OTHERS)
def test_every_catalogue_has_every_key_with_the_same_placeholders(lang, baseline):
    english, other = catalogue(SOURCE), catalogue(lang)
    missing = sorted(set(english) - set(other))
    extra = sorted(k for k in set(other) - set(english) if not k.startswith(NAMED))
    assert not missing, f"{lang}.yaml lacks {missing}"
    assert not extra, f"{lang}.yaml has keys English does not: {extra}"
    wrong = [k for k in english if placeholders(english[k]) != placeholders(other[k])]
    assert not wrong, f"{lang}.yaml: placeholders differ from English in {wrong}"
    names = {f"{section}.{p}" for p in baseline.profile_ids for section in ("profile_name", "profile_description")}
    names |= {f"competence_name.{c}" for c in baseline.competence_ids}
    names |= {f"module_title.{m}" for m in baseline.training_modules["module_id"]}
    assert names <= set(other), f"{lang}.yaml lacks names of {sorted(names - set(other))}"
    assert {k for k in other if k.startswith(NAMED)} <= names, "names of items the data lacks"


def test_digcomp_names_follow_the_published_translations():
    """Spot checks against the translations the catalogue headers cite (AgID for Italian, INTEF-style Spanish)."""
    assert (
        Translator("it").competence("dig_1_1", "")
        == "Navigare, ricercare e filtrare dati, informazioni e contenuti digitali"
    )
    assert Translator("it").competence("dig_2_6", "") == "Gestire l'identità digitale"
    assert Translator("es").competence("dig_4_4", "") == "Protección medioambiental"
    assert Translator("es").competence("dig_2_5", "") == "Netiqueta"
    assert Translator("nl").cluster("digital") == "Digitaal"


def test_numbers_are_written_the_way_each_language_writes_them():
    assert Translator("en").num(1234.5, 1) == "1,234.5"
    assert Translator("nl").num(1234.5, 1) == "1.234,5"
    assert Translator("de").num(-1234.5, 1) == "\u22121.234,5"
    assert Translator("fr").num(1234.5, 1) == "1\u202f234,5"
    assert Translator("nl").pct(0.123, 1, signed=True) == "+12,3%"
    assert re.fullmatch(r"12,3\s%", Translator("fr").pct(0.123, 1))
    assert Translator("nl").millions(1_604_000) == "1,60\u00a0M"
    assert Translator("nl").separators == ",." and Translator("en").separators == ".,"


def test_language_names_and_codes():
    assert language_name("nl") == "Nederlands" and language_name("de") == "Deutsch"
    assert normalize("nl-BE") == "nl" and normalize("pt-PT") == SOURCE and normalize(None) == SOURCE


def test_a_missing_text_falls_back_to_english_and_an_unknown_key_is_a_bug(monkeypatch, tmp_path):
    from bwise_foresight import i18n

    (tmp_path / "en.yaml").write_text((LOCALE_DIR / "en.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "nl.yaml").write_text("page:\n  compare: Vergelijken\n", encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    catalogue.cache_clear()
    try:
        assert Translator("nl")("page.compare") == "Vergelijken"
        assert Translator("nl")("page.explore") == "Explore"  # half-translated: English, never a crash
        with pytest.raises(KeyError):
            Translator("nl")("no.such.key")
    finally:
        catalogue.cache_clear()


@pytest.fixture(scope="module")
def projections(baseline):
    ours = project(load_scenario(SCENARIOS / "fast_automation.yaml", baseline=baseline), baseline)
    ref = project(load_scenario(SCENARIOS / "baseline.yaml", baseline=baseline), baseline)
    return ours, ref


def test_charts_speak_the_language_and_separate_numbers_its_way(projections, baseline):
    ours, ref = projections
    t = Translator("nl")
    named = baseline.localized(t)
    fig = charts.standard_figure(
        "training",
        ours.to_frame(),
        profiles=named.profiles,
        competences=named.competences,
        gaps=gap_by_cluster(ours, baseline),
        year=2040,
        reference=ref.to_frame(),
        reference_name="Business as usual",
        t=t,
    )
    assert fig.layout.separators == ",."
    assert fig.layout.title.text == "Opleidingsuren nodig om het tekort in 2040 te dichten (miljoen uren)"
    assert fig.layout.xaxis.title.text == "Miljoen opleidingsuren"
    assert "Jobcoach" in fig.data[0].y and "Medewerker recycling en hergebruik" in fig.data[0].y
    assert {tr.name for tr in fig.data} >= {"Begeleiders", "Business as usual (referentie)"}
    assert fig.layout.annotations[0].text.startswith("Bron:")


def test_the_narrative_reads_in_dutch_with_dutch_numbers(projections, baseline):
    ours, ref = projections
    t = Translator("nl")
    names = dict(zip(baseline.competence_ids, baseline.localized(t).competences["name"], strict=True))
    text = narrative(
        headline(ours, baseline), headline(ref, baseline), gap_by_cluster(ours, baseline), t=t, names=names
    )
    assert "personeelsbestand" in text and "vacatures" in text and "opleidingsuren" in text
    assert re.search(r"\*\*\d{3}\.\d{3} mensen\*\*", text)  # 1.234-style grouping
    assert re.search(r"[+\u2212]\d+,\d%", text)  # decimal comma in percentages
    assert "the " not in text and " levels" not in text


@pytest.mark.parametrize("lang", OTHERS)
def test_scenario_errors_are_said_in_every_language_with_file_and_line(lang, baseline):
    path = FIXTURES / "scenarios" / "error_unknown_key.yaml"
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, baseline=baseline, display=path.name)
    (problem,) = err.value.problems
    english, translated = problem.text(), problem.text(Translator(lang))
    assert english.startswith("error_unknown_key.yaml:4: unknown key 'automaton'")
    assert translated.startswith("error_unknown_key.yaml:4: ") and "'automaton'" in translated
    assert "'automation'" in translated and translated != english  # the suggestion survives translation


def test_nested_messages_translate_every_part(baseline):
    with pytest.raises(ScenarioError) as err:
        scenario_from_text(
            "title: T\ndescription: D\nauthor: A\ndate: 2026-01-01\nhorizon: {start: 2024, end: 2040}\n"
            "automation: {midpoint_year: 2035, steepness: 0.3, ceiling: 30, substitution: 0.3}\n"
            "demand: {growth: 0.01}\ntraining: {hours_per_worker: 10, hours_per_level: 60}\n",
            baseline=baseline,
        )
    (problem,) = err.value.problems
    assert "did you mean 0.3?" in problem.text()
    german = problem.text(Translator("de"))
    assert "ein Anteil von 0 bis 1" in german and "meinten Sie 0.3?" in german


@pytest.mark.parametrize("lang", OTHERS)
def test_shipped_scenarios_and_the_example_story_are_translated(lang, baseline):
    for path in sorted(SCENARIOS.glob("*.yaml")):
        scenario = load_scenario(path, baseline=baseline)
        assert scenario.title_in(lang) != scenario.title or lang == "nl"  # Dutch keeps "Business as usual"
        assert scenario.description_in(lang) != scenario.description, f"{path.name} has no {lang} description"
    story = load_story(ROOT / "stories" / "five_futures.yaml", scenario_dir=SCENARIOS, baseline=baseline)
    assert story.title_in(lang) != story.title
    for step in story.steps:
        assert step.title_in(lang) != step.title and len(step.points_in(lang)) == len(step.talking_points)


def test_a_translation_is_never_inherited_through_extends(baseline, tmp_path):
    (tmp_path / "baseline.yaml").write_text((SCENARIOS / "baseline.yaml").read_text(encoding="utf-8"))
    (tmp_path / "child.yaml").write_text("title: Child\ndescription: A child.\nextends: baseline\n")
    child = load_scenario(tmp_path / "child.yaml", baseline=baseline)
    assert child.title_in("fr") == "Child" and not child.translations


def test_an_unknown_language_is_reported_with_its_line(baseline):
    text = (SCENARIOS / "baseline.yaml").read_text(encoding="utf-8") + "  xx: {title: Unknown}\n"
    with pytest.raises(ScenarioError) as err:
        scenario_from_text(text, scenario_id="lang", baseline=baseline)
    (problem,) = err.value.problems
    line = text.splitlines().index("  xx: {title: Unknown}") + 1
    assert str(problem).startswith(f"lang.yaml:{line}: unknown language 'xx' in 'translations'")
    assert "Valid: " in str(problem) and "nl" in str(problem)


def test_the_command_line_reports_problems_in_the_chosen_language(capsys):
    from bwise_foresight.cli import main

    path = FIXTURES / "scenarios" / "error_unknown_key.yaml"
    assert main(["--lang", "it", "validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:4: chiave sconosciuta 'automaton'") and "forse intendevi 'automation'?" in out
