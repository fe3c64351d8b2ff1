"""Languages in a real browser: the picker keeps the view and the link, and no label is cut off."""

from __future__ import annotations

import pytest
from harness import CHART, wait_until_idle

from bwise_foresight.i18n import SOURCE, languages

# every text Streamlit cut off with an ellipsis (metric labels, buttons, widget labels, expanders …), and every
# text of a chart (titles, axis titles and ticks, legend, source line) that runs past its chart's edge
TRUNCATED = """() => [
  ...[...document.querySelectorAll('[data-testid="stMain"] *, [data-testid="stSidebar"] *')]
    .filter(e => getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth)
    .map(e => (e.textContent || '').trim()).filter(text => text),
  ...[...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].flatMap(plot => {
    const box = plot.getBoundingClientRect();
    const texts = '.gtitle, .xtitle, .ytitle, .annotation-text, .legendtext, .xtick text, .ytick text';
    return [...plot.querySelectorAll(texts)]
      .filter(e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
      })
      .map(e => 'chart: ' + (e.textContent || '').trim());
  })]"""


def _open(page, url: str) -> None:
    page.goto(url)
    page.locator(f"{CHART} .main-svg").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    page.wait_for_timeout(1500)


def _href(page) -> str:
    return page.evaluate("location.href")


def test_switching_language_rewrites_the_link_and_a_reload_keeps_the_view(page, app_url, screenshots):
    _open(page, f"{app_url}/?scenario=Fast+automation&chart=Job+openings&ceil=80")
    page.screenshot(path=str(screenshots / "explore-en-1366.png"))
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Nederlands").click()
    page.get_by_role("heading", name="Snelle automatisering (aangepast)").wait_for(timeout=30_000)
    wait_until_idle(page)
    page.wait_for_timeout(1000)
    href = _href(page)
    assert "lang=nl" in href and "scenario=Snelle+automatisering" in href and "chart=Vacatures" in href
    assert "ceil=80" in href
    _open(page, href)
    page.get_by_role("heading", name="Snelle automatisering (aangepast)").wait_for(timeout=30_000)
    assert "Vacatures per jaar" in page.locator(f"{CHART} .gtitle").first.text_content()
    assert page.locator(f"{CHART} .modebar-btn").first.get_attribute("data-title") == "Grafiek downloaden als PNG"
    metric = page.locator('[data-testid="stMetric"]', has_text="Personeel 2040").locator(
        '[data-testid="stMetricValue"]'
    )
    assert "." in metric.inner_text() and "," not in metric.inner_text()  # 410.123, Dutch grouping
    page.screenshot(path=str(screenshots / "explore-nl-1366.png"))


def test_an_english_link_opened_in_dutch_keeps_its_view(page, app_url):
    _open(page, f"{app_url}/?scenario=Fast+automation&chart=Job+openings&lang=nl")
    page.get_by_role("heading", name="Snelle automatisering").wait_for(timeout=30_000)
    assert "Vacatures per jaar" in page.locator(f"{CHART} .gtitle").first.text_content()


@pytest.mark.parametrize("lang", languages())
def test_no_label_is_cut_off_on_a_laptop_screen(browser, app_url, lang, screenshots):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    cut = {}
    for path in ("", "compare", "profile", "competence", "sensitivity", "plan", "story"):
        _open(page, f"{app_url}/{path}?lang={lang}")
        assert page.locator('[data-testid="stMain"] h1, [data-testid="stMain"] h2').first.is_visible()
        if found := page.evaluate(TRUNCATED):
            cut[path or "explore"] = found
        if lang != SOURCE and path == "profile":
            page.screenshot(path=str(screenshots / f"profile-{lang}-1366.png"))
    context.close()
    assert not cut, f"labels cut off in {lang}: {cut}"


def test_without_a_language_in_the_link_the_browser_language_is_used(browser, app_url):
    for locale, heading in (("de-DE", "Weiter wie bisher"), ("pt-BR", "Business as usual")):
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale=locale)
        page = context.new_page()
        _open(page, f"{app_url}/")
        page.get_by_role("heading", name=heading).wait_for(timeout=30_000)
        assert "lang=" not in _href(page)
        context.close()
    # English picked in a German browser stays English after a reload: the link says so
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    page = context.new_page()
    _open(page, f"{app_url}/")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="English").click()
    page.get_by_role("heading", name="Business as usual").wait_for(timeout=30_000)
    wait_until_idle(page)
    assert "lang=en" in _href(page)
    _open(page, _href(page))
    page.get_by_role("heading", name="Business as usual").wait_for(timeout=30_000)
    context.close()
