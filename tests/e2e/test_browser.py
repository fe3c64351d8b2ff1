"""The app in a real browser: pages render charts without errors, sliders redraw, links reproduce views."""

from __future__ import annotations

import re

import pytest
from harness import CHART, CHART_SIGNATURES, ROOT, wait_until_idle

PAGES = {
    "explore": "",
    "compare": "compare",
    "profile": "profile",
    "competence": "competence",
    "sensitivity": "sensitivity",
}
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def _open(page, url: str) -> None:
    page.goto(url)
    page.locator(f"{CHART} .main-svg").first.wait_for(timeout=60_000)
    wait_until_idle(page)


def _href(page) -> str:
    return page.evaluate("location.href")  # page.url lags behind Streamlit's history.pushState


def _workforce_metric(page) -> str:
    return (
        page.locator('[data-testid="stMetric"]', has_text="Workforce 2040")
        .locator('[data-testid="stMetricValue"]')
        .inner_text()
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_renders_its_charts_without_an_error_box(page, app_url, name, screenshots):
    _open(page, f"{app_url}/{PAGES[name]}")
    assert page.locator(ERRORS).count() == 0
    charts = page.locator(CHART)
    assert charts.count() >= 1
    for i in range(charts.count()):  # every chart has drawn its SVG layers
        assert charts.nth(i).locator(".main-svg").count() >= 1
    page.screenshot(path=str(screenshots / f"{name}-1366.png"), full_page=True)


def test_data_and_method_page_shows_the_tables(page, app_url, screenshots):
    page.goto(f"{app_url}/data")
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=60_000)
    wait_until_idle(page)
    assert page.locator(ERRORS).count() == 0
    page.get_by_role("tab", name="The model").click()
    page.get_by_text("Worked example").first.wait_for()
    page.wait_for_timeout(1000)
    assert page.locator(".katex").count() > 20  # the equations are typeset
    assert page.locator(".katex-error").count() == 0
    page.screenshot(path=str(screenshots / "data-1366.png"))


def test_a_slider_move_redraws_the_chart_and_updates_the_link(page, app_url):
    _open(page, app_url)
    before_chart, before_metric = page.evaluate(CHART_SIGNATURES), _workforce_metric(page)
    slider = page.get_by_role("slider", name="Share of exposed tasks automated by saturation (%)")
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_function(f"b => JSON.stringify(({CHART_SIGNATURES})()) !== JSON.stringify(b)", arg=before_chart)
    wait_until_idle(page)
    assert _workforce_metric(page) != before_metric
    assert "ceil=35" in _href(page)


def test_a_shared_link_reproduces_the_view(page, app_url, browser):
    _open(page, app_url)
    page.get_by_role("slider", name="Share of exposed tasks automated by saturation (%)").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_until_idle(page)
    page.locator("button", has_text=re.compile(r"^Job openings$")).click()
    wait_until_idle(page)
    page.get_by_text("Share this view").click()
    link = page.locator('[data-testid="stCode"]').inner_text().strip()
    assert "ceil=40" in link and "chart=Job+openings" in link
    metric, chart = _workforce_metric(page), page.evaluate(CHART_SIGNATURES)

    other = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    _open(other, link)
    assert _workforce_metric(other) == metric
    assert other.evaluate(CHART_SIGNATURES) == chart
    assert other.get_by_role("slider", name="Share of exposed tasks automated by saturation (%)").input_value() == "40"
    other.context.close()


def test_a_link_to_another_page_keeps_scenario_and_sliders(page, app_url):
    _open(page, f"{app_url}/compare?scenario=Fast+automation&ceil=80")
    assert page.locator(ERRORS).count() == 0
    page.get_by_role("link", name="Explore").click()
    page.locator(f"{CHART} .main-svg").first.wait_for()
    wait_until_idle(page)
    assert "scenario=Fast+automation" in _href(page) and "ceil=80" in _href(page)
    assert page.get_by_role("slider", name="Share of exposed tasks automated by saturation (%)").input_value() == "80"


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_screenshots_at_laptop_and_projector_sizes(browser, app_url, screenshots, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    p = context.new_page()
    _open(p, f"{app_url}/?scenario=Fast+automation")
    assert p.locator(ERRORS).count() == 0
    p.screenshot(path=str(screenshots / f"explore-{size[0]}x{size[1]}.png"))
    context.close()


def test_chart_data_and_the_export_pack_download(page, app_url, tmp_path):
    import io
    import zipfile

    _open(page, app_url)
    page.get_by_role("button", name="Download", exact=True).click()
    with page.expect_download() as csv_download:
        page.get_by_role("button", name="Chart data (CSV)").click()
    csv = csv_download.value.path().read_text()
    assert csv.startswith("Year,") and "Workers with support needs (persons)" in csv
    page.keyboard.press("Escape")
    with page.expect_download(timeout=90_000) as pack_download:
        page.get_by_role("button", name="Export pack (ZIP)").click()
    pack = zipfile.ZipFile(io.BytesIO(pack_download.value.path().read_bytes()))
    assert {"slides.pptx", "scenario.yaml", "manifest.json", "data/projection.csv"} <= set(pack.namelist())


def test_uploading_a_scenario_shows_its_errors_or_adds_it(page, app_url, tmp_path):
    _open(page, app_url)
    page.get_by_text("Scenario files").first.click()
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Bad\nautomaton: {}\n")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    page.get_by_text("bad.yaml cannot be used").wait_for()
    assert (
        "unknown key 'automaton' under the top level"
        in page.locator('[data-testid="stAlertContentError"]').inner_text()
    )
    good = tmp_path / "my_upload.yaml"
    good.write_text((ROOT / "tests/fixtures/scenarios/valid_minimal.yaml").read_text())
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(good))
    page.get_by_text("Loaded Minimal valid scenario").wait_for()


ALL_PAGES = {**PAGES, "story": "story", "data": "data"}


@pytest.mark.parametrize("name", list(ALL_PAGES))
def test_no_serious_accessibility_violations_and_no_external_requests(browser, app_url, name):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{app_url}/{ALL_PAGES[name]}")
    page.locator('[data-testid="stMain"] h1, [data-testid="stMain"] h2').first.wait_for(timeout=60_000)
    violations = []
    for _ in range(3):  # scan a settled page: mid-rerun, Streamlit fades stale elements, which lowers contrast
        wait_until_idle(page)
        page.wait_for_timeout(2000)
        violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        if not violations:
            break
    assert not violations, [(v["id"], [n["html"][:80] for n in v["nodes"]]) for v in violations]
    external = [u for u in requested if not u.startswith((app_url, "data:", "blob:", "ws://127.0.0.1"))]
    assert not external, external
    context.close()


def test_the_room_qr_code_decodes_to_the_current_view(browser):
    """With a public address configured, the QR code carries this view at that address."""
    import io

    zxingcpp = pytest.importorskip("zxingcpp")
    from harness import streamlit_server
    from PIL import Image

    public = "https://foresight.example.org/workshop"
    with streamlit_server(ROOT / "app.py", env={"BWISE_PUBLIC_URL": public}) as url:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        _open(page, f"{url}/compare?scenario=Austerity&ceil=40")
        page.get_by_text("Share this view").click()
        page.get_by_role("button", name="QR code for the room").click()
        image = page.get_by_role("dialog").locator("img").first
        image.wait_for()
        png = page.request.get(
            image.get_attribute("src")
            if image.get_attribute("src").startswith("http")
            else url + image.get_attribute("src")
        ).body()
        (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
        assert code.text.startswith(f"{public}/compare?")
        assert "scenario=Austerity" in code.text and "ceil=40" in code.text
        context.close()
