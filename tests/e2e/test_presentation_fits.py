"""Browser: presentation mode on a 1920 x 1080 projector shows the headline figures and the whole chart,
x axis included, without scrolling — in English, and in German with deltas, uncertainty and long labels."""

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
  }};
}}"""


@pytest.mark.parametrize(
    "query",
    ["present=true", "present=true&lang=de&unc=true&growth=-5&chart=Zu+besetzende+Stellen"],
    ids=["english", "german-adjusted-uncertain"],
)
def test_headline_figures_and_the_whole_chart_fit_a_projector(browser, app_url, screenshots, query):
    context = browser.new_context(viewport={"width": 1920, "height": HEIGHT})
    page = context.new_page()
    page.goto(f"{app_url}/?{query}")
    page.wait_for_selector(f"{CHART} .main-svg", timeout=90_000)
    wait_until_idle(page, timeout=90_000)
    page.wait_for_timeout(500)  # Plotly's last relayout
    boxes = page.evaluate(BOXES)
    page.screenshot(path=str(screenshots / f"presentation_1920x1080_{query.count('&')}.png"))
    context.close()
    assert len(boxes["metrics"]) == 6
    assert all(m["top"] >= 0 and m["bottom"] <= HEIGHT for m in boxes["metrics"]), boxes["metrics"]
    assert boxes["xaxis"]["bottom"] <= HEIGHT, boxes  # the x axis is above the fold
    assert boxes["xtitle"]["bottom"] <= HEIGHT, boxes
    assert boxes["chart"]["bottom"] <= HEIGHT, boxes  # the whole chart, source line included
    assert boxes["exit"]["top"] >= 0 and boxes["exit"]["bottom"] <= HEIGHT
