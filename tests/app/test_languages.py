"""Every page in every language; the picker keeps the view; no text on screen bypasses the catalogue."""

from __future__ import annotations

import json
import re

import pytest
from paths import APP_PAGES, ROOT, SCENARIOS
from streamlit.testing.v1 import AppTest

from bwise_foresight import load_scenario
from bwise_foresight.i18n import PSEUDO, Translator, language_name, languages
from bwise_foresight.markup import escape

PAGES = APP_PAGES
TITLES = {  # the catalogue key of each page's first title
    "app_pages/compare.py": "compare.title",
    "app_pages/profile.py": "profile.title",
    "app_pages/competence.py": "competence.title",
    "app_pages/sensitivity.py": "sensitivity.title",
    "app_pages/data_method.py": "data.title",
}


def _app(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def _open(page: str, **query: str) -> AppTest:
    at = _app(**query).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.mark.parametrize("lang", languages())
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_every_language(page, lang):
    at = _open(page, lang=lang)
    t = Translator(lang)
    assert at.selectbox(key="lang").value == lang
    assert at.selectbox(key="lang").label.endswith(t("sidebar.language"))
    if page in TITLES:
        assert at.title[0].value == t(TITLES[page])
    if page == "app_pages/explore.py":
        assert at.metric[0].label == t("metric.workforce", year=2040)
        assert at.toggle(key="unc").label == t("explore.uncertainty")


def test_dutch_figures_use_dutch_numbers_and_names():
    at = _open("app_pages/explore.py", lang="nl")
    assert re.fullmatch(r"\d{3}\.\d{3}", at.metric[0].value)  # 977.660
    assert re.fullmatch(r"\d{3}\.\d{3}", at.metric[1].value)  # 623.574 staff openings
    assert re.fullmatch(r"\d\.\d{3}\xa0M", at.metric[3].value)  # 1.888 M training hours
    assert re.fullmatch(r"\d{2}%", at.metric[5].value)  # 52% positive destinations (CLDR: no space in Dutch)
    (chart,) = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["layout"]["separators"] == ",."
    assert spec["layout"]["title"]["text"] == "Personeelsbestand per doelgroep (personen)"
    text = " ".join(m.value for m in at.markdown)
    assert "In 2040 groeit het personeelsbestand" in text


def test_a_fall_shows_as_a_fall_in_every_language():
    """st.metric points its arrow down only for a leading ASCII '-': the typographic minus would read as a rise."""
    for lang in languages():
        at = _open("app_pages/explore.py", lang=lang, scenario=_title("fast_automation", lang))
        assert at.selectbox(key="scenario").value == "fast_automation"
        assert at.metric[0].proto.delta.startswith("-"), (lang, at.metric[0].proto.delta)


def _title(scenario_id: str, lang: str) -> str:
    return load_scenario(SCENARIOS / f"{scenario_id}.yaml", check_baseline=False).title_in(lang)


def test_switching_language_keeps_scenario_sliders_and_chart():
    at = _app(scenario="Fast automation", ceil="80").run()
    at.segmented_control(key="chart").set_value("openings").run()
    at.selectbox(key="lang").select("nl").run()
    assert not at.exception
    assert at.query_params["lang"] == ["nl"] or at.query_params["lang"] == "nl"
    assert at.selectbox(key="scenario").value == "fast_automation"
    assert at.slider(key="ceil").value == 80
    assert at.segmented_control(key="chart").value == "openings"
    assert at.header[0].value == "Snelle automatisering (aangepast)"
    (chart,) = at.get("plotly_chart")
    assert "Vacatures per jaar" in chart.proto.spec
    at.selectbox(key="lang").select("en").run()
    assert "lang" not in at.query_params and at.header[0].value == "Fast automation (adjusted)"


def test_a_link_in_another_language_opens_that_view():
    at = _app(lang="de", scenario="Schnelle Automatisierung", profile="Jobcoach")
    at.switch_page("app_pages/profile.py").run()
    assert not at.exception
    assert at.selectbox(key="scenario").value == "fast_automation"
    assert at.selectbox(key="profile").value == "sup_job_coach"
    assert at.title[0].value == "Ein Profil im Sozialunternehmen"


# --- nothing on screen outside the catalogue -------------------------------------------------

MARKED = re.compile(r"⟦[^⟦⟧]*⟧")


def _content() -> set[str]:
    """Texts that are content, not interface: what scenario and story authors wrote, language names."""
    texts = {language_name(code) for code in languages()}
    for path in SCENARIOS.glob("*.yaml"):
        scenario = load_scenario(path, check_baseline=False)
        texts |= {scenario.title, scenario.description}
    import yaml

    from bwise_foresight.story import Story

    story = Story.model_validate(yaml.safe_load((ROOT / "stories" / "five_futures.yaml").read_text(encoding="utf-8")))
    texts |= {story.title} | {s.title for s in story.steps} | {p for s in story.steps for p in s.talking_points}
    return texts | {escape(text) for text in texts}  # shown as typed: Markdown-escaped where Markdown renders


def _screen_texts(at: AppTest) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success"):
        out += [(kind, str(e.value)) for e in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "slider", "toggle", "button", "radio", "checkbox", "text_input"):
        for e in getattr(at, kind):
            out += [(kind, e.label), (f"{kind} help", e.help or "")]
            out += [(f"{kind} option", str(o)) for o in getattr(e, "options", None) or []]
    for e in at.metric:
        out += [("metric", e.label), ("metric help", e.proto.help), ("metric value", e.value)]
    out += [("tab", e.label) for e in at.tabs] + [("expander", e.label) for e in at.expander]
    for e in at.get("segmented_control"):
        out += [("segmented", e.proto.label)] + [("segmented option", o.content) for o in e.proto.options]
    for e in at.get("plotly_chart"):
        spec = json.loads(e.proto.spec)
        layout = spec["layout"]
        out.append(("chart title", layout.get("title", {}).get("text", "")))
        out += [("axis", layout.get(a, {}).get("title", {}).get("text", "")) for a in ("xaxis", "yaxis")]
        out += [("annotation", a.get("text", "")) for a in layout.get("annotations", [])]
        for trace in spec["data"]:
            out += [("trace", trace.get("name", "")), ("hover", trace.get("hovertemplate", ""))]
    return out


def _outside(text: str, content: set[str]) -> list[str]:
    """Words left once every catalogue text (⟦marked⟧), content, icon, placeholder and number is taken out."""
    previous = None
    while previous != text:
        previous, text = text, MARKED.sub(" ", text)
    for known in sorted(content, key=len, reverse=True):
        text = text.replace(known, " ")
    text = re.sub(r":material/\w+:|%\{[^}]*\}|<[^>]+>", " ", text)
    return re.findall(r"[^\W\d_]{3,}", text)


@pytest.mark.parametrize("page", PAGES)
def test_no_text_on_screen_bypasses_the_catalogue(page, monkeypatch):
    """In the pseudo-language every catalogue text is wrapped in ⟦…⟧; a word outside the marks was written
    in the code (or comes from data that should be translated)."""
    monkeypatch.setenv("BWISE_PSEUDO_LOCALE", "1")
    at = _open(page, lang=PSEUDO)
    assert at.selectbox(key="lang").value == PSEUDO
    content = _content()
    model = (ROOT / "docs" / "model.md").read_text(encoding="utf-8").split("\n", 1)[0]  # shown as published
    shown = [(kind, text) for kind, text in _screen_texts(at) if not text.startswith(model)]
    leaks = [(kind, text[:80], words) for kind, text in shown if (words := _outside(text, content))]
    assert not leaks, leaks
    assert any("⟦" in text for _, text in _screen_texts(at))  # the check saw translated texts at all
