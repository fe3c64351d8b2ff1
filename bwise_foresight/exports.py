"""Exports: projections and charts as files — CSV, XLSX, IAMC, PNG/SVG/PDF, offline HTML, PPTX, ZIP.

Data in, ``bytes`` out; nothing is written outside a temporary folder (kaleido renders a batch of
images into files). Static images need a Chromium for kaleido (Debian: ``apt-get install -y
chromium``; ``BROWSER_PATH`` points elsewhere); one browser is started on first use and reused
(kaleido's persistent server, with two tabs that render a pack's images side by side), so the
first image costs a few seconds and the next ones a fraction of a second.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import itertools
import json
import math
import tempfile
import threading
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import escape as escape_html
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import __version__, charts, markup
from .baseline import Baseline
from .countries import national_terms_text, project_in, source_line
from .i18n import EN, Translator, language_name
from .model import VARIABLES, Projection
from .scenario import Range, Scenario
from .summary import gap_by_cluster, headline, narrative
from .training import module_titles, plan_table
from .training import source_line as plan_source

MODEL_NAME = "B-WISE Foresight"
REGION = "EU WISE sector (13 B-WISE partner countries)"
IMAGE_FORMATS = ("png", "svg", "pdf")


class ExportError(RuntimeError):
    """An export cannot be made on this machine; the message says what to install."""


# --- data -------------------------------------------------------------------------------------


# Decimals kept per unit: a tenth of a person, whole hours, a thousandth of a level. The model's
# floating-point noise (12345.678901234) only gets in a report writer's way.
DECIMALS = {
    "persons": 1,
    "persons/year": 1,
    "hours": 0,
    "hours/year": 0,
    "level": 3,
    "levels": 3,
    "index 0-1": 3,
    "share of exits": 4,
    "share of tasks": 4,
}
DEFAULT_DECIMALS = 3
# the training plan's table (training.PLAN_COLUMNS gives the units): persons to a tenth, EUR and hours whole
PLAN_DECIMALS = {"planned_learners": 1, "learners": 1, "delivered_share": 4, "learner_hours": 0, "cost": 0,
                 "trainer_hours": 0, "trainers": 2}  # fmt: skip


def rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """The long table with each value rounded to its unit's precision (``DECIMALS``)."""
    decimals = frame["unit"].astype(str).map(DECIMALS).fillna(DEFAULT_DECIMALS).to_numpy(dtype=int)
    values = frame["value"].to_numpy(dtype=float)
    out = np.empty_like(values)
    for d in np.unique(decimals):
        mask = decimals == d
        out[mask] = np.round(values[mask], d)
    return frame.assign(value=out + 0.0)  # + 0.0: no "-0.0" in the files


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV; the long table (with ``unit`` and ``value``) rounded to its units' precision."""
    if {"unit", "value"} <= set(frame.columns):
        frame = rounded(frame)
    return frame.to_csv(index=False).encode("utf-8")


def _sources_table(baseline: Baseline) -> pd.DataFrame:
    return baseline.sources[["source_id", "kind", "title", "publisher", "year", "url", "licence", "reasoning"]]


def to_xlsx_bytes(
    frame: pd.DataFrame,
    *,
    baseline: Baseline,
    scenario: Scenario | None = None,
    t: Translator = EN,
    extra: Mapping[str, pd.DataFrame] | None = None,
) -> bytes:
    """An Excel workbook: a README sheet (units, sources), then one sheet per variable, then the
    ``extra`` tables (sheet name -> table, e.g. a training plan).

    Each sheet has the profile's (and competence's) name beside its id, in ``t``'s language; values
    are rounded to their unit's precision. Column names stay English, as in every data file.
    """
    buffer = io.BytesIO()
    frame = rounded(frame)
    named = baseline.localized(t)
    profile_names = dict(zip(named.profiles["profile_id"], named.profiles["name"], strict=True))
    competence_names = dict(zip(named.competences["competence_id"], named.competences["name"], strict=True))
    units = frame.drop_duplicates("variable")[["variable", "unit"]]
    readme = pd.DataFrame(
        {
            "B-WISE Foresight projection": [
                f"Scenario: {t.scenario_title(scenario) if scenario else frame['scenario'].iloc[0]}",
                "One sheet per variable; rows = profile (and competence), id and name "
                f"(names in {language_name(t.lang)}), columns = years.",
                "Method: docs/model.md. Data: the sources below (assumptions are labelled as such).",
                f"Exported {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, B-WISE Foresight {__version__}.",
            ]
        }
    )
    import xlsxwriter

    # XlsxWriter streams rows (constant_memory): about four times faster than openpyxl's write-only mode
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("README")
    row = 0
    for table, blank_rows in ((readme, 0), (units, 1), (_sources_table(baseline), 2)):
        row = _append_table(sheet, table, row + blank_rows)
    keys = ["profile", "competence"] if "quantile" not in frame else ["profile", "competence", "quantile"]
    for variable in frame["variable"].unique():
        rows = frame[frame["variable"] == variable]
        wide = rows.pivot_table(index=keys, columns="year", values="value", observed=True).reset_index()
        if VARIABLES[str(variable)][1] == "profile":
            wide = wide.drop(columns="competence")
        else:
            at = wide.columns.get_loc("competence") + 1
            wide.insert(at, "competence_name", wide["competence"].astype(str).map(competence_names))
        wide.insert(1, "profile_name", wide["profile"].astype(str).map(profile_names))
        _append_table(book.add_worksheet(str(variable)[:31]), wide)
    for name, table in (extra or {}).items():
        _append_table(book.add_worksheet(name[:31]), table)
    book.close()
    return buffer.getvalue()


def _append_table(sheet, table: pd.DataFrame, first: int = 0) -> int:
    """A header row and the table's rows from row ``first``, empty cells for missing values; returns
    the row after the table."""
    sheet.write_row(first, 0, [c if isinstance(c, int | float) else str(c) for c in table.columns])
    # object arrays hold Python numbers and strings already: no per-cell conversion
    rows = table.astype(object).where(table.notna(), None).to_numpy().tolist()
    for i, values in enumerate(rows, start=first + 1):
        sheet.write_row(i, 0, values)
    return first + 1 + len(rows)


def to_iamc_frame(frame: pd.DataFrame, *, model: str = MODEL_NAME, region: str = REGION) -> pd.DataFrame:
    """The IAMC wide format: ``model, scenario, region, variable, unit, <years>``.

    Variables join their hierarchy with ``|``: ``Employment|wsn_recycling``,
    ``Gap|sup_job_coach|dig_5_1``; pyam reads the result. A frame with a ``country`` column (national
    projections) has the country code as its region.
    """
    f = rounded(frame if "quantile" not in frame else frame[frame["quantile"] == 0.5])
    name = f["variable"].astype(str).str.replace("_", " ").str.capitalize().str.replace(" ", "_")
    competence = f["competence"].astype(str)
    variable = name + "|" + f["profile"].astype(str) + competence.where(competence == "", "|" + competence)
    long = pd.DataFrame(
        {
            "model": model,
            "scenario": f["scenario"].astype(str),
            "region": f["country"].astype(str) if "country" in f else region,
            "variable": variable,
            "unit": f["unit"].astype(str),
            "year": f["year"],
            "value": f["value"],
        }
    )
    wide = long.pivot_table(index=["model", "scenario", "region", "variable", "unit"], columns="year", values="value")
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()


def to_iamc_csv_bytes(frame: pd.DataFrame) -> bytes:
    return to_iamc_frame(frame).to_csv(index=False).encode("utf-8")


# --- charts -----------------------------------------------------------------------------------

_server_lock = threading.Lock()
_server_started = False
# kaleido's server answers calls in the order they come, from one queue of results: two sessions
# exporting at once could receive each other's images. One call at a time.
_render_lock = threading.Lock()
TABS = 2  # browser tabs rendering at once: a pack's images in about two thirds of the time on 2 cores


def _start_kaleido() -> None:
    """Start kaleido's browser once per process and keep it (about 4 s once, then ~0.4 s an image)."""
    global _server_started
    with _server_lock:
        if _server_started:
            return
        import kaleido

        try:
            kaleido.start_sync_server(n=TABS, silence_warnings=True)
        except Exception as exc:  # kaleido raises RuntimeError/ChromeNotFoundError without a browser
            raise ExportError(
                "Image export needs a Chromium browser, which this machine lacks: install Debian's with "
                "'apt-get install -y chromium' (or set BROWSER_PATH to a Chrome/Chromium). "
                "CSV, Excel, HTML and the other exports work without it."
            ) from exc
        _server_started = True


def figure_to_image_bytes(fig: go.Figure, fmt: str = "png", *, scale: float | None = None) -> bytes:
    """PNG (at print scale, 3×), SVG or PDF bytes of a figure."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; use one of {', '.join(IMAGE_FORMATS)}")
    _start_kaleido()
    width, height = fig.layout.width or 1200, fig.layout.height or 600
    with _render_lock, warnings.catch_warnings():
        # per-call options are ignored by a running server: we pass the figure's own size and scale
        warnings.filterwarnings("ignore", message=".*kopts argument is ignored.*")
        try:
            return fig.to_image(
                format=fmt, width=width, height=height, scale=scale or (charts.PRINT_SCALE if fmt == "png" else 1)
            )
        except Exception as exc:
            raise ExportError(f"could not render the chart as {fmt.upper()}: {exc}") from exc


def figures_to_image_bytes(items: Sequence[tuple[go.Figure, str]]) -> list[bytes]:
    """Images of several figures at once (``(figure, "png" | "svg" | "pdf")`` each, PNG at print scale),
    rendered side by side in the browser's tabs: what :func:`figure_to_image_bytes` makes, faster."""
    for _, fmt in items:
        if fmt not in IMAGE_FORMATS:
            raise ValueError(f"unknown image format {fmt!r}; use one of {', '.join(IMAGE_FORMATS)}")
    if not items:
        return []
    _start_kaleido()
    import kaleido

    with tempfile.TemporaryDirectory(prefix="bwise-images-") as folder, _render_lock:
        paths = [Path(folder) / f"{i}.{fmt}" for i, (_, fmt) in enumerate(items)]
        specs = [
            {
                "fig": fig,
                "path": str(path),
                "opts": {
                    "format": fmt,
                    "width": fig.layout.width or 1200,
                    "height": fig.layout.height or 600,
                    "scale": charts.PRINT_SCALE if fmt == "png" else 1,
                },
            }
            for (fig, fmt), path in zip(items, paths, strict=True)
        ]
        try:
            errors = kaleido.write_fig_from_object_sync(specs)
            if errors:
                raise errors[0]
            return [path.read_bytes() for path in paths]
        except Exception as exc:
            raise ExportError(f"could not render the charts as images: {exc}") from exc


def figure_to_html_bytes(fig: go.Figure, *, title: str | None = None) -> bytes:
    """An interactive HTML page that works offline: plotly.js is embedded, no CDN."""
    html = fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})
    if title:
        html = html.replace("<head>", f"<head><title>{escape_html(title)}</title>", 1)
    return html.encode("utf-8")


def chart_data(fig: go.Figure) -> pd.DataFrame:
    """The numbers behind a chart as a table: one row per category or year, one column per series.

    The first column is named after the category axis (``Year``, ``WISE profile``…), the others
    after their series with the unit (``Enablers (persons)``), in the chart's language; values are
    rounded to about four significant digits of the largest.
    """
    table = charts.data_table(fig)
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    unit = meta.get("unit") or ""
    if fig.data and getattr(fig.data[0], "z", None) is not None:  # a heatmap: rows along the y axis
        table.index.name = markup.plotly_plain(fig.layout.yaxis.title.text) if fig.layout.yaxis.title.text else None
    table.index.name = table.index.name or meta.get("category") or "category"
    table.columns = [f"{name} ({unit})" if unit else str(name) for name in table.columns]
    largest = float(np.nanmax(np.abs(table.to_numpy(dtype=float)))) if table.size else 0.0
    if largest > 0 and np.isfinite(largest):
        decimals = int(min(3, max(0, 3 - np.floor(np.log10(largest)))))
        table = table.round(decimals) + 0.0
        if decimals == 0:
            table = table.astype("Int64")  # 34020, not 34020.0
    return table.reset_index()


# --- the standard set of charts and the pack --------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """One chart of an export: a file stem, the figure and a one-line caption."""

    name: str
    figure: go.Figure
    caption: str


FILE_NAMES = {
    "workforce": "workforce_by_group",
    "workforce_profiles": "workforce_by_profile",
    "openings": "job_openings",
    "pathways": "pathways_of_leavers",
    "pathways_types": "open_employment_by_wise_type",
    "gaps": "gaps_by_cluster",
    "training": "training_hours",
    "need": "competence_need",
}


def standard_charts(
    scenario: Scenario,
    baseline: Baseline,
    reference: Scenario | None = None,
    *,
    t: Translator = EN,
    projection: Projection | None = None,
    reference_projection: Projection | None = None,
    country: str | None = None,
) -> list[Chart]:
    """The charts of the Explore page for a scenario, against the reference, in ``t``'s language.

    ``projection`` and ``reference_projection``, when given, are the scenarios' projections (saves
    projecting them again); with ``country`` they are that country's, and every title and caption
    names it."""

    ours = projection or project_in(scenario, baseline, country)
    theirs = reference_projection or (project_in(reference, baseline, country) if reference is not None else None)
    start, end = scenario.horizon.start, scenario.horizon.end
    against = " " + t("caption.against", title=t.scenario_title(reference)) if reference is not None else ""
    named = baseline.localized(t)
    common = {
        "profiles": named.profiles,
        "competences": named.competences,
        "gaps": gap_by_cluster(ours, baseline),
        "year": end,
        "reference": theirs.to_frame() if theirs is not None else None,
        "reference_gaps": gap_by_cluster(theirs, baseline) if theirs is not None else None,
        "reference_name": t.scenario_title(reference) if reference is not None else "",
        "by_type": ours.to_frame(charts.BY_TYPE_VARIABLES, by_type=True),
        "reference_by_type": theirs.to_frame(charts.BY_TYPE_VARIABLES, by_type=True) if theirs is not None else None,
        "t": t,
    }
    frame = ours.to_frame()
    out = [
        Chart(
            kind.replace("workforce", "workforce_by_group" if kind == "workforce" else "workforce"),
            charts.standard_figure(kind, frame, **common),
            t(f"caption.{kind}", start=start, end=end) + against,
        )
        for kind in charts.STANDARD
    ]

    if country is None:
        for chart in out:
            charts.with_source(chart.figure, source_line(baseline, None, t))
        return out
    place = t.country(country)
    for chart in out:
        chart.figure.update_layout(title_text=f"{chart.figure.layout.title.text} · {place}")
        charts.with_source(chart.figure, source_line(baseline, country, t))
    return [dataclasses.replace(c, caption=f"{place}: {c.caption}") for c in out]


def to_pptx_bytes(
    chart_images: Sequence[tuple[Chart, bytes]],
    *,
    scenario: Scenario,
    text: str,
    baseline: Baseline,
    t: Translator = EN,
    country: str | None = None,
) -> bytes:
    """A 16:9 slide deck: a title slide with the narrative, one slide per chart (the picture as large
    as its caption and source leave room for, both under it), and closing slides with the assumptions
    in plain words and the sources behind the projection (a country's: its own and the shared ones),
    continued on further slides rather than run off the page."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]

    def textbox(slide, left, top, width, height, content: str, size: int, bold: bool = False) -> None:
        frame = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height)).text_frame
        frame.word_wrap = True
        for i, line in enumerate(content.split("\n")):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.text = line
            paragraph.font.size, paragraph.font.bold = Pt(size), bold

    title = deck.slides.add_slide(blank)
    textbox(title, 0.8, 1.0, 11.7, 1.2, t.scenario_title(scenario), 40, bold=True)
    textbox(
        title,
        0.8,
        2.2,
        11.7,
        0.6,
        t("slides.subtitle", start=scenario.horizon.start, end=scenario.horizon.end),
        20,
    )
    textbox(title, 0.8, 3.2, 11.7, 3.8, markup.plain(text), 16)
    for chart, png in chart_images:
        slide = deck.slides.add_slide(blank)
        # the chart carries its own title; the slide adds the caption and the source under the picture
        source = charts.source_of(chart.figure)
        caption_h = 0.26 * _lines(chart.caption, SLIDE_CAPTION_CHARS) + 0.1
        source_h = 0.19 * _lines(source, SLIDE_SOURCE_CHARS) + 0.05
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # PNG header
        scale = min(12.0 / width, (7.5 - 0.3 - 0.3 - caption_h - source_h) / height)  # as large as fits, centred
        slide.shapes.add_picture(
            io.BytesIO(png),
            Inches((13.333 - width * scale) / 2),
            Inches(0.3),
            width=Inches(width * scale),
            height=Inches(height * scale),
        )
        below = 0.3 + height * scale + 0.1
        textbox(slide, 0.5, below, 12.3, caption_h, chart.caption, 14)
        textbox(slide, 0.5, below + caption_h, 12.3, source_h, source, 10)
    names = baseline.localized(t)
    profiles = dict(zip(names.profiles["profile_id"], names.profiles["name"], strict=True))
    # a country's pack: its entry applied, and the published figures that replace Europe's assumptions
    own = scenario.for_country(country) if country else scenario
    assumptions = [_plain_assumption(path, value, t, profiles) for path, value in own.uncertain_parameters().items()]
    if country and (national := national_terms_text(baseline, country, scenario, t)):
        assumptions.append(national)
    pages = list(
        itertools.zip_longest(
            _slide_pages(assumptions),
            _slide_pages([*_cited_sources(baseline, country), t("slides.other")]),
            fillvalue=[],
        )
    )
    for i, (left, right) in enumerate(pages, start=1):
        closing = deck.slides.add_slide(blank)
        heading = t("slides.assumptions") + (f" ({i}/{len(pages)})" if len(pages) > 1 else "")
        textbox(closing, 0.5, 0.2, 12.3, 0.6, heading, 24, bold=True)
        textbox(closing, 0.5, 0.9, 6.0, 6.3, "\n".join(left), 10)
        textbox(closing, 6.8, 0.9, 6.0, 6.3, "\n".join(right), 10)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


SLIDE_CAPTION_CHARS = 110  # characters of a 14 pt line across a 12.3 inch box (wide scripts included)
SLIDE_SOURCE_CHARS = 150  # the same at 10 pt
SLIDE_COLUMN_CHARS = 80  # a 10 pt line in a 6 inch column of the closing slides
SLIDE_COLUMN_LINES = 34  # 10 pt lines in that column's 6.3 inches


def _lines(text: str, width: int) -> int:
    """Lines a text takes at ``width`` characters a line (an estimate: PowerPoint wraps by words)."""
    return sum(max(1, math.ceil(len(part) / width)) for part in text.split("\n"))


def _slide_pages(entries: list[str]) -> list[list[str]]:
    """Entries in pages of one closing-slide column each, never an entry split over two."""
    pages: list[list[str]] = [[]]
    used = 0
    for entry in entries:
        lines = _lines(entry, SLIDE_COLUMN_CHARS)
        if pages[-1] and used + lines > SLIDE_COLUMN_LINES:
            pages.append([])
            used = 0
        pages[-1].append(entry)
        used += lines
    return pages


def _plain_assumption(path: tuple, value: object, t: Translator, profiles: Mapping[str, str]) -> str:
    """'Sector demand growth (% per year): 0.5 (range 0–1.5)': an assumption by name, in its units."""
    from .uncertainty import assumption

    name, scale = assumption(path, t, profiles=profiles)
    if isinstance(value, Range):
        value = Range(low=float(value.low * scale), mode=float(value.mode * scale), high=float(value.high * scale))
    elif isinstance(value, int | float):
        value = value * scale
    return f"{name}: {_show(value, t)}"


def _cited_sources(baseline: Baseline, country: str | None) -> list[str]:
    """The published sources behind a projection: every one for Europe; for a country, those of its own
    national figures and those every projection shares (not other countries' national figures)."""
    figures = baseline.country_figures
    others = set(figures.loc[figures["country"] != country, "value_source_id"]) if country else set()
    own = set(figures.loc[figures["country"] == country, "value_source_id"]) if country else set()
    return [
        f"{row.title} ({row.publisher}, {row.year})"
        for row in baseline.sources.itertuples()
        if row.kind != "assumption" and (row.source_id not in others or row.source_id in own)
    ]


def _show(value: object, t: Translator) -> str:
    mode = getattr(value, "mode", None)
    if mode is None:
        return t.plain(value)  # type: ignore[arg-type]
    return t("slides.range", mode=t.plain(mode), low=t.plain(value.low), high=t.plain(value.high))  # type: ignore[attr-defined]


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's resolved content: the same assumptions, the same hash."""
    return hashlib.sha256(scenario.key().encode("utf-8")).hexdigest()


SLIDE_ROWS = 17  # labelled rows a slide shows legibly (about 7 pt type); taller heatmaps span several slides


def slide_figures(fig: go.Figure) -> list[go.Figure]:
    """The figure as it goes on slides: a heatmap of more than ``SLIDE_ROWS`` rows in parts, else itself."""
    if fig.data and fig.data[0].type == "heatmap" and len(fig.data[0].y) > SLIDE_ROWS:
        return charts.heatmap_parts(fig, max_rows=SLIDE_ROWS)
    return [fig]


def export_pack(
    scenario: Scenario,
    baseline: Baseline,
    *,
    reference: Scenario | None = None,
    chart_list: Sequence[Chart] | None = None,
    extra_charts: Sequence[Chart] = (),
    projection: Projection | None = None,
    reference_projection: Projection | None = None,
    t: Translator = EN,
    country: str | None = None,
    extra_files: Mapping[str, bytes] | None = None,
) -> bytes:
    """A ZIP with everything a report needs: charts (PNG, SVG, offline HTML, CSV of their numbers),
    data (CSV, XLSX, IAMC), slides.pptx, scenario.yaml (as used, slider changes applied) and
    manifest.json.

    ``chart_list`` replaces the standard charts, ``extra_charts`` follow them (e.g. the Compare
    page's); ``projection`` and ``reference_projection`` are the scenarios' projections when the
    caller has them already. Charts, captions, slides and the narrative are in ``t``'s language;
    data files keep their English column names and ids, so scripts read every pack the same way.
    With ``country`` the pack is that country's national projection: its data carry a ``country``
    column (the IAMC region), its titles and manifest name it. ``extra_files`` (path -> bytes) go in
    as they are: e.g. the live room's answers, charts and slides behind a scenario adopted from it."""

    projection = projection or project_in(scenario, baseline, country)
    theirs = reference_projection or (project_in(reference, baseline, country) if reference is not None else None)
    frame = projection.to_frame()
    if country is not None:
        frame.insert(1, "country", country)
    if chart_list is None:
        chart_list = standard_charts(
            scenario, baseline, reference, t=t, projection=projection, reference_projection=theirs, country=country
        )
    plan = plan_table(projection.select(None), baseline)  # the whole plan, every type of WISE
    if len(plan):  # the scenario's training plan: its cost chart, its table as CSV and as a sheet
        title = t("plan.cost_chart") + (f" · {t.country(country)}" if country is not None else "")
        plan_chart = charts.plan_cost_figure(
            plan, modules=module_titles(baseline, t), title=title, source=plan_source(baseline, t), t=t
        )
        extra_charts = [*extra_charts, Chart("training_plan_cost", plan_chart, title)]
        plan = plan.round(PLAN_DECIMALS)
        plan.insert(0, "scenario", scenario.id)
        if country is not None:
            plan.insert(1, "country", country)
    chart_list = [*chart_list, *extra_charts]
    # every image in one batch, the browser's tabs rendering them side by side while this thread
    # builds the data files (the browser is a process of its own: the two overlap)
    parts = [(chart, slide_figures(chart.figure)) for chart in chart_list]
    extra_parts = [(chart, part) for chart, figures in parts if len(figures) > 1 for part in figures]
    items = [(c.figure, fmt) for c in chart_list for fmt in ("png", "svg")] + [(p, "png") for _, p in extra_parts]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bwise-images") as pool:
        rendering = pool.submit(figures_to_image_bytes, items)
        data_files = {
            "data/projection.csv": to_csv_bytes(frame),
            "data/projection.xlsx": to_xlsx_bytes(
                frame, baseline=baseline, scenario=scenario, t=t, extra={"training_plan": plan} if len(plan) else None
            ),
            "data/projection_iamc.csv": to_iamc_csv_bytes(frame),
        }
        if len(plan):
            data_files["data/training_plan.csv"] = to_csv_bytes(plan)
        pages = {c.name: figure_to_html_bytes(c.figure, title=c.caption) for c in chart_list}
        images = iter(rendering.result())
    files = {c.name: (next(images), next(images)) for c in chart_list}
    split = {id(p): next(images) for _, p in extra_parts}
    slides = [
        (chart, files[chart.name][0] if len(figures) == 1 else split[id(figure)])
        for chart, figures in parts
        for figure in figures
    ]
    ours = headline(projection, baseline)
    ref_headline = headline(theirs, baseline) if theirs is not None else None
    names = dict(zip(baseline.competence_ids, baseline.localized(t).competences["name"], strict=True))
    titles = {s.id: t.scenario_title(s) for s in (scenario, reference) if s is not None}
    text = narrative(ours, ref_headline, gap_by_cluster(projection, baseline), t=t, names=names, titles=titles)
    if country is not None:  # the pack is one country's: its narrative says which
        text = f"**{t.country(country)}.** {text}"
    buffer = io.BytesIO()
    # level 1: the HTML files (plotly.js embedded in each) compress nearly as well, several times faster
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as pack:
        for chart in chart_list:
            png, svg = files[chart.name]
            pack.writestr(f"charts/{chart.name}.png", png, compress_type=zipfile.ZIP_STORED)  # PNG is compressed
            pack.writestr(f"charts/{chart.name}.svg", svg)
            pack.writestr(f"charts/{chart.name}.html", pages[chart.name])
            pack.writestr(f"charts/{chart.name}.csv", to_csv_bytes(chart_data(chart.figure)))
        for name, content in data_files.items():
            # a workbook is a ZIP already: deflating it again costs time and saves nothing
            stored = zipfile.ZIP_STORED if name.endswith(".xlsx") else None
            pack.writestr(name, content, compress_type=stored)
        slides_pptx = to_pptx_bytes(slides, scenario=scenario, text=text, baseline=baseline, t=t, country=country)
        pack.writestr("slides.pptx", slides_pptx, compress_type=zipfile.ZIP_STORED)  # a ZIP too
        pack.writestr("scenario.yaml", scenario.to_yaml())
        for name, content in (extra_files or {}).items():
            pack.writestr(name, content)
        manifest = {
            "app": MODEL_NAME,
            "version": __version__,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "scenario": {
                "id": scenario.id,
                "title": scenario.title,
                "sha256": scenario_hash(scenario),
                "files": list(scenario.files),
            },
            "reference": reference.title if reference is not None else None,
            "country": country or REGION,
            "language": t.lang,
            "narrative": markup.plain(text),
            "sources": _sources_table(baseline).fillna("").to_dict(orient="records"),
            "files": [*sorted(pack.namelist()), "manifest.json"],
        }
        pack.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    return buffer.getvalue()
