"""In a real browser, a hostile scenario file makes no request outside the app and shows as typed
(issue 11 §2): the outside-requests check of ``test_browser.py``, on every page, with a scratch
scenarios folder (``BWISE_SCENARIOS``) holding files whose title, description and keys are
Markdown that would fetch an image."""

from __future__ import annotations

import shutil
from urllib.parse import quote_plus

import pytest
from harness import ROOT, streamlit_server, wait_until_idle

OUTSIDE = "http://outside.invalid"
TITLE = f"![x]({OUTSIDE}/title.png) **Hostile** title"
DESCRIPTION = f"Description ![y]({OUTSIDE}/description.png) and <img src={OUTSIDE}/html.png>"
KEY = f"`![z]({OUTSIDE}/key.png)` **key**"
PAGES = {"explore": "", "compare": "compare", "profile": "profile", "competence": "competence",
         "sensitivity": "sensitivity", "plan": "plan", "story": "story", "data": "data"}  # fmt: skip


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "scenarios"
    shutil.copytree(ROOT / "scenarios", folder)
    (folder / "hostile.yaml").write_text(
        f"title: '{TITLE}'\ndescription: '{DESCRIPTION}'\nextends: baseline\n", encoding="utf-8"
    )
    (folder / "hostile_key.yaml").write_text(f"title: Key\nextends: baseline\n'{KEY}': 1\n", encoding="utf-8")
    with streamlit_server(ROOT / "app.py", env={"BWISE_SCENARIOS": str(folder)}) as url:
        yield url


def _outside(requested: list[str], url: str) -> list[str]:
    return [u for u in requested if not u.startswith((url, "data:", "blob:", "ws://127.0.0.1"))]


@pytest.mark.parametrize("name", list(PAGES))
def test_a_hostile_scenario_makes_no_outside_request_on_any_page(browser, hostile_url, name):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    query = f"scenario={quote_plus(TITLE)}&compare={quote_plus(TITLE)}&compare=Business+as+usual"
    page.goto(f"{hostile_url}/{PAGES[name]}?{query}")
    page.locator('[data-testid="stMain"] h1, [data-testid="stMain"] h2').first.wait_for(timeout=60_000)
    wait_until_idle(page)
    page.wait_for_timeout(1500)
    assert page.locator('[data-testid="stMain"] img[src*="outside.invalid"]').count() == 0
    assert not _outside(requested, hostile_url)
    if name == "explore":
        header = page.locator('[data-testid="stMain"] h2').first.inner_text()
        assert header.strip() == TITLE  # shown as typed: the image's Markdown and both pairs of asterisks
        assert DESCRIPTION in page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
        assert page.get_by_text(f"under {TITLE}", exact=False).count() == 1  # the narrative, bold and whole
    context.close()


def test_a_hostile_key_in_an_error_box_is_shown_as_typed(browser, hostile_url):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{hostile_url}/?scenario={quote_plus('hostile_key (has errors)')}")
    error = page.locator('[data-testid="stAlertContentError"]').first
    error.wait_for(timeout=60_000)
    wait_until_idle(page)
    page.wait_for_timeout(1000)
    assert KEY.strip("`").split("`")[0] in error.inner_text() or "![z](" in error.inner_text()
    assert error.locator("img").count() == 0 and error.locator("strong", has_text="key").count() == 0
    assert not _outside(requested, hostile_url)
    context.close()
