"""Fixtures for the browser tests: the app served by ``streamlit run`` and Debian's Chromium.

Outside CI, with no Chromium on the machine, these tests skip and say how to get one; in CI
(``CI=true``) a missing Chromium is an error, because ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, launch, streamlit_server

SHOTS = Path(os.environ.get("BWISE_SCREENSHOTS", ROOT / "screenshots"))


@pytest.fixture(scope="session")
def browser(chromium):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with playwright.sync_playwright() as p:
        b = launch(p, chromium)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_url():
    with streamlit_server(ROOT / "app.py") as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    p = context.new_page()
    yield p
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
