"""Time what a user waits for on two heavier views, in Debian's Chromium with Playwright.

Targets (issue 11 §6): *Compare*'s first load ≤ 3 s (navigation to every chart drawn, caches as a
fresh session finds them: the shipped scenarios are projected at server start); *Show uncertainty*
≤ 1 s (toggle to the fan drawn) for a scenario whose bands are not cached yet. Each trial starts a
new browser context; the bands of a new slider position are never cached.
Run: python benchmarks/bench_pages.py [--trials 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

sys.path.insert(0, str(ROOT / "benchmarks"))

from harness import CHART, find_chromium, launch, streamlit_server, wait_until_idle  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from timing import verdict  # noqa: E402

COMPARE_S, UNCERTAINTY_S = 3.0, 1.0


def compare_first_load(browser, url: str) -> float:
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.goto(url)  # Explore first, as a user arrives, then the Compare page
    page.locator(f"{CHART} .main-svg").first.wait_for(timeout=120_000)
    wait_until_idle(page)
    start = time.perf_counter()
    page.get_by_role("link", name="Compare").click()
    page.get_by_text("in each partner country").wait_for(timeout=120_000)
    page.wait_for_function(
        f"() => document.querySelectorAll('{CHART} .main-svg').length >= 4"
        " && !document.querySelector('[data-stale=\"true\"]')",
        timeout=120_000,
    )
    elapsed = time.perf_counter() - start
    page.context.close()
    return elapsed


def show_uncertainty(browser, url: str, step: int) -> float:
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.goto(f"{url}/?ceil={30 + 5 * step}")  # a slider position whose bands nobody computed yet
    page.locator(f"{CHART} .main-svg").first.wait_for(timeout=120_000)
    wait_until_idle(page)
    start = time.perf_counter()
    page.get_by_text("Show uncertainty").click()
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.legendtext')).some(t => /P10/.test(t.textContent))"
        " && !document.querySelector('[data-stale=\"true\"]')",
        timeout=120_000,
    )
    elapsed = time.perf_counter() - start
    page.context.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=5)
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("needs Debian's Chromium: apt-get install -y chromium")
        return 1
    with sync_playwright() as p, streamlit_server(ROOT / "app.py") as url:
        browser = launch(p, chromium)
        compare = [compare_first_load(browser, url) for _ in range(args.trials)]
        bands = [show_uncertainty(browser, url, i) for i in range(args.trials)]
        browser.close()
    c, u = statistics.median(compare), statistics.median(bands)
    for name, times, median, target in (
        ("Compare, first load", compare, c, COMPARE_S),
        ("Show uncertainty (uncached bands)", bands, u, UNCERTAINTY_S),
    ):
        print(f"{name}: median {median:.2f} s over {len(times)} sessions (min {min(times):.2f}, "
              f"max {max(times):.2f}); target ≤ {target:.0f} s: {verdict(median, target)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
