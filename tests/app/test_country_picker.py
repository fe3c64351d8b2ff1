"""AppTest: the country picker shows a country's national projection, bound to the link (issue 12 §3)."""

from __future__ import annotations

from paths import ROOT
from streamlit.testing.v1 import AppTest


def _app(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def _workforce(at: AppTest) -> str:
    return at.metric[0].value


def test_a_country_link_shows_its_national_figures_and_says_where_they_come_from():
    europe = _app().run()
    assert europe.selectbox(key="country").value == "eu"
    france = _app(country="FR").run()
    assert not france.exception
    assert france.selectbox(key="country").value == "FR"
    assert _workforce(france) != _workforce(europe)  # France's own stocks, not Europe's
    caption = " ".join(c.value for c in france.sidebar.caption)
    assert "144,600 workers with support needs (secondary)" in caption
    assert france.header[0].value.endswith("· France")  # the page says whose projection it is


def test_a_country_named_in_the_language_of_the_link_or_by_code_is_chosen_and_an_unknown_one_says_so():
    at = _app(country="Frankreich (FR)", lang="de").run()
    assert at.selectbox(key="country").value == "FR"
    at = _app(country="Atlantis").run()
    assert at.selectbox(key="country").value == "eu"
    (toast,) = [t.value for t in at.toast]
    assert "“Atlantis”" in toast and "Europe (13 countries)" in toast


def test_compare_shows_the_scenario_in_every_country_one_panel_each():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception
    figures = [c.proto.spec for c in at.get("plotly_chart")]
    import json

    panels = [
        f for f in map(json.loads, figures) if "Moves into open employment by country" in f["layout"]["title"]["text"]
    ]
    assert len(panels) == 1
    (fig,) = panels
    assert len(fig["data"]) == 13
    names = {a["text"] for a in fig["layout"]["annotations"]}
    assert {"France", "Latvia", "Greece"} <= names


def test_a_country_suggests_its_language_and_never_switches_to_it():
    at = _app(country="BE").run()
    assert at.sidebar.selectbox(key="lang").value == "en"  # choosing a country changes no language
    labels = [b.label for b in at.sidebar.button]
    assert "Toon in het Nederlands" in labels and "Afficher en français" in labels  # Belgium: two languages
    next(b for b in at.sidebar.button if b.label == "Afficher en français").click().run()
    assert not at.exception
    assert at.sidebar.selectbox(key="country").value == "BE"
    assert at.sidebar.selectbox(key="lang").value == "fr"
    assert at.header[0].value.endswith("· Belgique")  # now in French, Belgium still chosen


def test_a_small_country_carries_the_small_cell_caution():
    latvia = " ".join(c.value for c in _app(country="LV").run().sidebar.caption)
    france = " ".join(c.value for c in _app(country="FR").run().sidebar.caption)
    assert "fewer than 10,000 people" in latvia and "fewer than 10,000 people" not in france


def test_the_open_employment_by_type_chart_follows_the_country():
    """The by-type table behind that chart is the country's, not Europe's."""
    import json

    france = _app(country="FR", chart="pathways_types").run()
    europe = _app(chart="pathways_types").run()
    assert not france.exception and not europe.exception

    def values(at: AppTest) -> list[str]:
        (fig,) = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
        assert "WISE" in str(fig["layout"]["title"])  # the chart the link named
        return [json.dumps(trace.get("y"), sort_keys=True) for trace in fig["data"]]

    assert values(france) != values(europe)


def test_a_profile_that_is_a_small_cell_in_the_chosen_country_carries_the_caution():
    """Cedefop's caution is about the cell on screen: a profile large in Europe is small in Latvia."""

    def warned(**query: str) -> bool:
        at = _app(profile="sup_job_coach", **query).run()
        at.switch_page("app_pages/profile.py").run()
        assert not at.exception
        return any("Cedefop treats as a reliable cell" in w.value for w in at.warning)

    assert not warned()  # job coaches in Europe: far above 10,000
    assert warned(country="LV")


def test_a_national_chart_names_the_countrys_own_sources():
    import json

    def source(**query: str) -> str:
        (chart,) = _app(**query).run().get("plotly_chart")
        return json.loads(chart.proto.spec)["layout"]["annotations"][0]["text"]

    # France's publishers in France; Europe's name the countries' most cited, Austria's among them
    assert "CNAM CDFT" in source(country="FR") and "CNAM CDFT" not in source()
    assert "arbeit plus Tirol" in source() and "arbeit plus Tirol" not in source(country="FR")
    assert "ENSIE 2019" in source(country="FR")


def test_every_page_names_the_chosen_countrys_publishers_under_its_charts():
    """Not only Explore: Compare, Profile, Competence and the rest draw through one chart function,
    which names the publishers of the figures on screen on a chart's default source line."""
    import json

    for page in ("compare", "profile", "competence"):
        at = _app(country="FR")
        at.run()
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, page
        sources = [json.loads(c.proto.spec)["layout"]["annotations"][0]["text"] for c in at.get("plotly_chart")]
        assert sources and all("DARES" in line for line in sources if "ENSIE 2019" in line), (page, sources)
        assert any("DARES" in line for line in sources), page


def test_a_country_view_says_which_published_figures_replace_europes_assumptions():
    netherlands = _app(country="NL").run()
    captions = " ".join(c.value for c in netherlands.main.caption)
    # the description speaks of Europe's 0.5 % a year; the Dutch Wsw shrinks
    assert "Netherlands: the country's published figures replace Europe's assumptions" in captions
    assert "Social WISEs: −5.8% a year in the baseline future (Europe +0.5%)" in captions
    spain = " ".join(c.value for c in _app(country="ES", lang="es").run().main.caption)
    assert "67" in spain and "empleo ordinario" in spain
    italy = " ".join(c.value for c in _app(country="IT").run().main.caption)
    assert "replace Europe's assumptions" not in italy  # nothing published: Europe's assumptions, no line
