"""Browser: presentation mode on a 1920 x 1080 projector shows the headline figures and the whole chart,
x axis included, without scrolling — in English, and in German with deltas, uncertainty and long labels;
the workforce by profile with its whole legend (17 entries in 3 groups) beside the plot, in English and in
Italian (the longest profile names)."""

from __future__ import annotations

import pytest
from harness import CHART, wait_until_idle

HEIGHT = 1080
# the layout's boxes, in CSS pixels from the top of the viewport
BOXES = f"""() => {{
  const box = el => {{ const r = el.getBoundingClientRect(); return {{top: r.top, bottom: r.bottom}}; }};
  const chart = document.querySelector('{CHART}');
  return {{
    chart: box(chart),
    xaxis: box(chart.querySelector('.xaxislayer-above')),
    xtitle: box(chart.querySelector('.xtitle')),
    metrics: Array.from(document.querySelectorAll('[data-testid="stMetric"]')).map(box),
    exit: box(document.querySelector('.st-key-exit')),
    legend: box(chart.querySelector('.legend .bg')),
    entries: Array.from(chart.querySelectorAll('.legend .traces')).map(box),
    scrollbar: Array.from(chart.querySelectorAll('.legend .scrollbar')).map(e => e.getBoundingClientRect().height),
  }};
}}"""


@pytest.mark.parametrize(
    "query",
    [
        "present=true",
        "present=true&lang=de&unc=true&growth=-5&chart=Zu+besetzende+Stellen",
        "present=1&chart=workforce_profiles",
        "present=1&chart=workforce_profiles&lang=it",
    ],
    ids=["english", "german-adjusted-uncertain", "by-profile", "by-profile-italian"],
)
def test_headline_figures_and_the_whole_chart_fit_a_projector(browser, app_url, screenshots, query):
    context = browser.new_context(viewport={"width": 1920, "height": HEIGHT})
    page = context.new_page()
    page.goto(f"{app_url}/?{query}")
    page.wait_for_selector(f"{CHART} .main-svg", timeout=90_000)
    wait_until_idle(page, timeout=90_000)
    page.wait_for_timeout(500)  # Plotly's last relayout
    boxes = page.evaluate(BOXES)
    name = query.replace("&", "_").replace("=", "-").replace("+", "-")
    page.screenshot(path=str(screenshots / f"presentation_1920x1080_{name}.png"))
    context.close()
    assert len(boxes["metrics"]) == 6
    assert all(m["top"] >= 0 and m["bottom"] <= HEIGHT for m in boxes["metrics"]), boxes["metrics"]
    assert boxes["xaxis"]["bottom"] <= HEIGHT, boxes  # the x axis is above the fold
    assert boxes["xtitle"]["bottom"] <= HEIGHT, boxes
    assert boxes["chart"]["bottom"] <= HEIGHT, boxes  # the whole chart, source line included
    assert boxes["exit"]["top"] >= 0 and boxes["exit"]["bottom"] <= HEIGHT
    # the whole legend: no scroll bar, every entry inside it, and it inside the chart above the fold
    assert not any(boxes["scrollbar"]), boxes["scrollbar"]
    legend = boxes["legend"]
    assert legend["bottom"] <= boxes["chart"]["bottom"] and legend["bottom"] <= HEIGHT, boxes
    assert all(e["top"] >= legend["top"] - 1 and e["bottom"] <= legend["bottom"] + 1 for e in boxes["entries"]), boxes
    if "workforce_profiles" in query:
        assert len(boxes["entries"]) >= 17  # 16 profiles and the reference's total (group titles are entries too)
