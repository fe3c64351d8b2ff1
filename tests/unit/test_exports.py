"""Exporters: every format opens in the tool a report writer would use; the pack has all its members."""

from __future__ import annotations

import io
import json
import re
import zipfile
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from paths import SCENARIOS

from bwise_foresight import exports, load_scenario, project


@pytest.fixture(scope="module")
def fast(baseline):
    return load_scenario(SCENARIOS / "fast_automation.yaml", baseline=baseline)


@pytest.fixture(scope="module")
def frame(fast, baseline):
    return project(fast, baseline).to_frame()


@pytest.fixture(scope="module")
def chart_set(fast, baseline, base_scenario):
    return exports.standard_charts(fast, baseline, base_scenario)


def test_csv_round_trips(frame):
    back = pd.read_csv(io.BytesIO(exports.to_csv_bytes(frame)), keep_default_na=False)
    assert len(back) == len(frame)
    assert list(back.columns) == list(frame.columns)


def test_xlsx_opens_with_a_readme_and_one_sheet_per_variable(frame, baseline, fast):
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(frame, baseline=baseline, scenario=fast)))
    assert book.sheetnames[0] == "README"
    assert set(frame["variable"].astype(str)) <= set(book.sheetnames)
    readme = " ".join(str(c.value) for row in book["README"].iter_rows() for c in row if c.value is not None)
    assert "Fast automation" in readme and "persons" in readme and "ENSIE" in readme
    employment = book["employment"]
    header = [c.value for c in employment[1]]
    assert header[0] == "profile" and 2024 in header and 2040 in header
    assert employment.max_row == 1 + len(baseline.profile_ids)


def test_iamc_has_the_iamc_columns_and_years(frame):
    iamc = pd.read_csv(io.BytesIO(exports.to_iamc_csv_bytes(frame)))
    assert list(iamc.columns[:5]) == ["model", "scenario", "region", "variable", "unit"]
    assert [int(c) for c in iamc.columns[5:]] == list(range(2024, 2041))
    assert "Employment|wsn_recycling" in set(iamc.variable)
    assert "Gap|sup_job_coach|dig_5_1" in set(iamc.variable)
    assert iamc.loc[iamc.variable == "Employment|wsn_recycling", "unit"].item() == "persons"


def test_html_is_interactive_and_offline(chart_set):
    html = exports.figure_to_html_bytes(chart_set[0].figure, title="t").decode()
    assert "Plotly.newPlot" in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and not [tag for tag in scripts if "src=" in tag]  # nothing loaded from a CDN
    assert len(html) > 1_000_000  # plotly.js itself is embedded


def test_chart_data_has_a_row_per_year_and_series_named_with_their_unit(chart_set):
    data = exports.chart_data(chart_set[2].figure)  # job openings
    assert data.columns[0] == "Year" and list(data["Year"]) == list(range(2025, 2041))
    assert {
        "Replacement demand (staff who leave) (persons/year)",
        "Integration turnover (workers with support needs moving on) (persons/year)",
    } <= set(data.columns)
    assert str(data.iloc[:, 1].dtype) == "Int64"  # thousands of persons: whole numbers
    gaps = exports.chart_data(chart_set[5].figure)  # levels: three decimals at most
    assert gaps.columns[0] == "Competence cluster" and all(c.endswith("(levels)") for c in gaps.columns[1:])
    assert (gaps.iloc[:, 1:].round(3) == gaps.iloc[:, 1:]).all().all()
    training = exports.chart_data(chart_set[6].figure)  # horizontal bars: the rows are profiles
    assert training.columns[0] == "WISE profile" and len(training) == 16
    need = exports.chart_data(chart_set[7].figure)  # heatmap: competences down, profiles across
    assert need.columns[0] == "Competence" and need.shape == (49, 17) and need.columns[1].endswith("(persons)")


def test_data_files_round_values_to_their_units_precision(frame):
    text = exports.to_csv_bytes(frame).decode()
    assert not re.search(r"\.\d{5,}", text)  # no floating-point noise such as 11388.299999999
    back = pd.read_csv(io.StringIO(text), keep_default_na=False)
    for unit, decimals in (("persons", 1), ("levels", 3), ("hours", 0), ("share of exits", 4)):
        values = back.loc[back["unit"] == unit, "value"]
        assert len(values) and (values.round(decimals) == values).all(), unit
    original = frame.set_index(["profile", "competence", "year", "variable"])["value"]
    again = back.set_index(["profile", "competence", "year", "variable"])["value"]
    assert np.allclose(again.to_numpy(), original.to_numpy(), atol=0.51)  # rounded, not changed
    iamc = exports.to_iamc_csv_bytes(frame).decode()
    assert not re.search(r"\.\d{5,}", iamc)


def test_the_workbook_names_profiles_and_competences_in_the_pages_language(frame, baseline, fast):
    from bwise_foresight.i18n import Translator

    workbook = exports.to_xlsx_bytes(frame, baseline=baseline, scenario=fast, t=Translator("nl"))
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    rows = list(book["gap"].iter_rows(values_only=True))
    assert list(rows[0][:4]) == ["profile", "profile_name", "competence", "competence_name"]
    by_id = {(r[0], r[2]): (r[1], r[3]) for r in rows[1:]}
    assert by_id["sup_job_coach", "dig_5_1"] == ("Jobcoach", Translator("nl").competence("dig_5_1", ""))
    employment = list(book["employment"].iter_rows(values_only=True))
    assert employment[0][:2] == ("profile", "profile_name") and employment[1][1] == "WISE-manager"
    assert all(round(v, 1) == v for v in employment[1][2:])


def test_png_svg_and_pdf(chart_set, chromium):
    fig = chart_set[0].figure
    png = exports.figure_to_image_bytes(fig, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == 1200 * 3  # print scale
    batch = exports.figures_to_image_bytes([(fig, "png"), (chart_set[1].figure, "svg")])
    assert int.from_bytes(batch[0][16:20], "big") == width and b"<svg" in batch[1][:500]
    svg = exports.figure_to_image_bytes(fig, "svg")
    assert ElementTree.fromstring(svg).tag.endswith("svg")
    assert exports.figure_to_image_bytes(fig, "pdf")[:5] == b"%PDF-"
    with pytest.raises(ValueError, match="unknown image format"):
        exports.figure_to_image_bytes(fig, "gif")


def test_pack_has_every_member_and_a_readable_deck(fast, baseline, base_scenario, chromium):
    from pptx import Presentation

    standard = exports.standard_charts(fast, baseline, base_scenario)
    extra = exports.Chart("compare_workforce", standard[0].figure, "Future scenarios compared: A, B.")
    pack = zipfile.ZipFile(
        io.BytesIO(exports.export_pack(fast, baseline, reference=base_scenario, extra_charts=[extra]))
    )
    names = set(pack.namelist())
    charts = [c.name for c in standard] + ["compare_workforce"]  # Compare's charts follow the standard ones
    for chart in charts:
        assert {f"charts/{chart}.png", f"charts/{chart}.svg", f"charts/{chart}.html", f"charts/{chart}.csv"} <= names
    assert {
        "data/projection.csv",
        "data/projection.xlsx",
        "data/projection_iamc.csv",
        "slides.pptx",
        "scenario.yaml",
        "manifest.json",
    } <= names
    manifest = json.loads(pack.read("manifest.json"))
    assert manifest["scenario"]["sha256"] == exports.scenario_hash(fast)
    assert manifest["version"] and manifest["created"] and len(manifest["sources"]) >= 10
    deck = Presentation(io.BytesIO(pack.read("slides.pptx")))
    slides = list(deck.slides)
    # title, one per chart (the 49 competences of the need heatmap on three), assumptions and sources on as many
    # slides as they need (Europe's 13 countries cite many sources), none run off its slide
    assert "Fast automation" in [sh.text_frame.text for sh in slides[0].shapes if sh.has_text_frame]
    pictures = [s for s in slides[1:] if any(sh.shape_type == 13 for sh in s.shapes)]
    assert len(pictures) == len(charts) + 2 and slides[1 : len(pictures) + 1] == pictures
    closing = slides[len(pictures) + 1 :]
    texts = [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame] for s in closing]
    assert len(closing) >= 2 and all(t[0].startswith("Assumptions and sources (") for t in texts)
    assert all(exports._lines(column, exports.SLIDE_COLUMN_CHARS) <= exports.SLIDE_COLUMN_LINES
               for t in texts for column in t[1:])  # fmt: skip
    everything = " ".join(" ".join(t) for t in texts)
    # assumptions by name and in their units, not as YAML paths
    assert "Share of exposed tasks automated by saturation (%): 60 (range 40–80)" in everything
    assert "automation.ceiling" not in everything and "ENSIE" in everything and "DARES" in everything
    # chart slides: the caption and the source under the picture, not over it
    for slide in pictures:
        picture = next(sh for sh in slide.shapes if sh.shape_type == 13)
        below = [sh for sh in slide.shapes if sh.has_text_frame]
        assert len(below) == 2 and all(sh.top >= picture.top + picture.height for sh in below)
        assert below[0].top + below[0].height <= below[1].top and below[1].top + below[1].height <= deck.slide_height
    # scenario.yaml reloads to the same scenario
    from bwise_foresight import scenario_from_text

    again = scenario_from_text(pack.read("scenario.yaml").decode(), scenario_id=fast.id, baseline=baseline)
    assert again.to_dict() == fast.to_dict()


def test_charts_captions_and_slides_follow_the_language(fast, baseline, base_scenario):
    from PIL import Image
    from pptx import Presentation

    from bwise_foresight.i18n import Translator

    t = Translator("nl")
    charts = exports.standard_charts(fast, baseline, base_scenario, t=t)
    first = charts[0]
    assert first.figure.layout.title.text == "Personeelsbestand per doelgroep (personen)"
    assert first.caption.startswith("Werkzame personen") and "Business as usual" in first.caption
    buffer = io.BytesIO()
    Image.new("RGB", (300, 150), "white").save(buffer, format="PNG")
    text = "In 2040 groeit het personeelsbestand …"
    deck = exports.to_pptx_bytes(
        [(c, buffer.getvalue()) for c in charts], scenario=fast, text=text, baseline=baseline, t=t
    )
    slides = list(Presentation(io.BytesIO(deck)).slides)
    title_texts = [sh.text_frame.text for sh in slides[0].shapes if sh.has_text_frame]
    assert "Snelle automatisering" in title_texts and any("toekomstscenario" in x for x in title_texts)
    assert any(sh.has_text_frame and sh.text_frame.text.startswith("Bron:") for sh in slides[1].shapes)
    closing = " ".join(sh.text_frame.text for s in slides[-4:] for sh in s.shapes if sh.has_text_frame)
    assert "Aannames en bronnen (1/" in closing and ": 60 (bereik 40–80)" in closing


def test_a_countrys_pack_holds_that_countrys_data_and_names_it_everywhere(fast, baseline, base_scenario, chromium):
    """A pack made with a country chosen is that country's national projection, and says so."""
    from bwise_foresight.countries import project_country
    from bwise_foresight.i18n import Translator

    pack = zipfile.ZipFile(
        io.BytesIO(exports.export_pack(fast, baseline, reference=base_scenario, country="EL", t=Translator("de")))
    )
    data = pd.read_csv(io.BytesIO(pack.read("data/projection.csv")))
    assert set(data["country"]) == {"EL"}
    greece = project_country(fast, baseline, "EL")["employment"][0, 0].sum()
    assert data.query("variable == 'employment' and year == 2024")["value"].sum() == pytest.approx(greece, rel=1e-3)
    assert set(pd.read_csv(io.BytesIO(pack.read("data/projection_iamc.csv")))["region"]) == {"EL"}
    manifest = json.loads(pack.read("manifest.json"))
    assert manifest["country"] == "EL" and manifest["narrative"].startswith("Griechenland.")
    html = pack.read("charts/workforce_by_group.html").decode()
    assert "<title>Griechenland: " in html and "· Griechenland" in html
    # every chart slide names Greece's own publishers under the picture, as the picture does
    from pptx import Presentation

    publishers = baseline.publishers(baseline.country_figures.query("country == 'EL'")["value_source_id"])
    deck = Presentation(io.BytesIO(pack.read("slides.pptx")))
    sources = [sh.text_frame.text for s in deck.slides for sh in s.shapes
               if sh.has_text_frame and sh.text_frame.text.startswith("Quelle")]  # fmt: skip
    assert len(sources) >= 6 and all(publishers[0] in line for line in sources), sources[:2]
    # its sources: Greece's own and the shared ones, not another country's national figures
    closing = " ".join(sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame)
    assert "The Social Economy Review" in closing and "DARES" not in closing and "ENSIE" in closing


def test_a_countrys_slides_list_its_own_assumptions_and_published_figures(baseline, base_scenario):
    """The closing slides of a country's deck show the scenario with its entry for the country applied,
    and the published figures that replace Europe's assumptions there."""
    from PIL import Image
    from pptx import Presentation

    scenario = base_scenario.with_overrides({"countries": {"FR": {"demand": {"growth": 0.02}}}}, baseline=baseline)
    buffer = io.BytesIO()
    Image.new("RGB", (300, 150), "white").save(buffer, format="PNG")
    chart = exports.Chart("workforce", go.Figure(layout={"annotations": [{"text": "Source: test"}]}), "Caption")

    def closing(country):
        deck = exports.to_pptx_bytes([(chart, buffer.getvalue())], scenario=scenario, text="", baseline=baseline,
                                     country=country)  # fmt: skip
        slides = list(Presentation(io.BytesIO(deck)).slides)[2:]
        return " ".join(sh.text_frame.text for s in slides for sh in s.shapes if sh.has_text_frame)

    france, europe = closing("FR"), closing(None)
    assert "Sector demand growth (% per year): 2" in france and "Sector demand growth (% per year): 0.5" in europe
    assert "France: the country's published figures replace Europe's assumptions" in france
    assert "replace Europe's assumptions" not in europe
