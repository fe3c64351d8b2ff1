"""In a real browser: a link value the app ignores says so, and choices survive a reload and a
language switch (issue 11 §3)."""

from __future__ import annotations

import re

from harness import CHART, ROOT, wait_until_idle

TOAST = '[data-testid="stToast"]'


def _open(page, url: str) -> None:
    page.goto(url)
    page.locator(f"{CHART} .main-svg").first.wait_for(timeout=60_000)
    wait_until_idle(page)


def _chart_title(page) -> str:
    return page.locator(f"{CHART} .gtitle").first.text_content()


def _image_format(page) -> str:
    return page.locator('[data-testid="stSidebar"] [data-testid="stRadioOption"][data-selected="true"]').inner_text()


def test_an_unknown_scenario_in_the_link_says_what_is_shown(page, app_url):
    page.goto(f"{app_url}/?scenario=fast_automaton")
    toast = page.locator(TOAST)
    toast.wait_for(timeout=60_000)  # shown for a while from the first run on, while the charts draw
    assert "“fast_automaton”" in toast.inner_text() and "Business as usual is shown" in toast.inner_text()
    page.locator(f"{CHART} .main-svg").first.wait_for(timeout=60_000)
    assert page.locator('[data-testid="stMain"] h2').first.inner_text() == "Business as usual"


def test_the_file_id_opens_the_scenario(page, app_url):
    _open(page, f"{app_url}/?scenario=fast_automation")
    assert page.locator('[data-testid="stMain"] h2').first.inner_text() == "Fast automation"
    assert page.locator(TOAST).count() == 0


def test_chart_and_image_format_survive_a_reload_and_a_language_switch(page, app_url):
    _open(page, app_url)
    page.locator("button", has_text=re.compile(r"^Job openings$")).click()
    wait_until_idle(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]').get_by_text("SVG, vector").click()
    wait_until_idle(page)
    page.wait_for_timeout(500)
    assert _chart_title(page).startswith("Job openings") and _image_format(page).startswith("SVG")
    page.reload()
    page.locator(f"{CHART} .main-svg").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    assert _chart_title(page).startswith("Job openings") and _image_format(page).startswith("SVG")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Nederlands").click()
    page.wait_for_function("() => location.href.includes('lang=nl')")
    wait_until_idle(page)
    page.wait_for_timeout(500)
    assert _chart_title(page).startswith("Vacatures") and _image_format(page).startswith("SVG")


def test_an_uploaded_scenario_is_listed_and_shown_at_once(page, app_url, tmp_path):
    _open(page, app_url)
    page.get_by_text("Scenario files").first.click()
    good = tmp_path / "my_upload.yaml"
    good.write_text((ROOT / "tests/fixtures/scenarios/valid_minimal.yaml").read_text())
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(good))
    page.get_by_text("Loaded Minimal valid scenario and showing it").wait_for(timeout=30_000)
    wait_until_idle(page)
    assert page.locator('[data-testid="stMain"] h2').first.inner_text() == "Minimal valid scenario"
    assert "scenario=Minimal+valid+scenario" in page.evaluate("location.href")  # the picker shows it
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1).click()
    assert page.get_by_role("option", name="Minimal valid scenario").count() == 1
