"""Time from a slider key press to every visible chart redrawn, against Streamlit's own floor.

Target (issue 3): the Explore page redraws all its charts within 3 × the time the same Streamlit
needs to update one line of text. Both are measured in one run, in Debian's Chromium, with
Playwright: ``python benchmarks/bench_slider.py [--trials 21]``. Prints medians and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from harness import CHART, CHART_SIGNATURES, find_chromium, launch, streamlit_server, wait_until_idle  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

TARGET_RATIO = 3.0


def _presses(page, sliders, trials: int, changed_js: str, snapshot_js: str) -> list[float]:
    """Press arrow keys and time each redraw.

    The first slider walks to one end of its range and back; at each end the second slider
    takes one step. No combination of values repeats, so every press is a new projection,
    never a cache hit.
    """
    times: list[float] = []
    direction = "ArrowRight"
    for i in range(trials + 2):
        main = sliders[0]
        # Streamlit's sliders are <input type="range">: the value and bounds are properties
        value, low, high = main.evaluate("el => [Number(el.value), Number(el.min), Number(el.max)]")
        if value == (high if direction == "ArrowRight" else low) and len(sliders) > 1:
            slider, key = sliders[1], "ArrowRight"
            direction = "ArrowLeft" if direction == "ArrowRight" else "ArrowRight"
        else:
            slider, key = main, direction
        before = page.evaluate(snapshot_js)
        slider.focus()
        start = time.perf_counter()
        slider.press(key)
        page.wait_for_function(changed_js, arg=before, polling="raf", timeout=30_000)
        elapsed = time.perf_counter() - start
        wait_until_idle(page)
        if i >= 2:  # the first two warm up the browser and the server
            times.append(elapsed)
        time.sleep(0.3)
    return times


def measure_floor(browser, trials: int) -> list[float]:
    with streamlit_server(ROOT / "benchmarks" / "floor_app.py") as url:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(url)
        page.get_by_text("The value is").wait_for()
        text = (
            "() => Array.from(document.querySelectorAll('p'))"
            ".find(p => p.textContent.startsWith('The value is'))?.textContent"
        )
        changed = f"before => ({text})() !== before && !document.querySelector('[data-stale=\"true\"]')"
        return _presses(page, [page.get_by_role("slider")], trials, changed, text)


def measure_explore(browser, trials: int, query: str = "") -> tuple[list[float], int]:
    with streamlit_server(ROOT / "app.py") as url:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(url + query)
        page.locator(f"{CHART} .main-svg").first.wait_for()
        wait_until_idle(page)
        charts = page.locator(CHART).count()
        changed = f"""before => {{
            const now = ({CHART_SIGNATURES})();
            return now.length === before.length && now.every((s, i) => s !== before[i])
                   && !document.querySelector('[data-stale="true"]');
        }}"""
        sliders = [page.get_by_role("slider", name="Share of exposed tasks automated by saturation (%)"),
                   page.get_by_role("slider", name="Automated tasks that remove jobs (%)")]  # fmt: skip
        return _presses(page, sliders, trials, changed, CHART_SIGNATURES), charts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=21)
    parser.add_argument("--query", default="", help="query string for the Explore page, e.g. '?chart1=Job+openings'")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("No Chromium found: apt-get install -y chromium (or set BROWSER_PATH).")
        return 1
    with sync_playwright() as p:
        browser = launch(p, chromium)
        floor = measure_floor(browser, args.trials)
        explore, charts = measure_explore(browser, args.trials, args.query)
        browser.close()
    f, e = statistics.median(floor), statistics.median(explore)
    print(f"text floor (one line of text): median {f * 1000:.0f} ms over {len(floor)} presses "
          f"(min {min(floor) * 1000:.0f}, max {max(floor) * 1000:.0f})")  # fmt: skip
    print(f"Explore page ({charts} charts + headline figures): median {e * 1000:.0f} ms over {len(explore)} presses "
          f"(min {min(explore) * 1000:.0f}, max {max(explore) * 1000:.0f})")  # fmt: skip
    ratio = e / f
    verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(f"ratio {ratio:.2f} × the floor; target ≤ {TARGET_RATIO:.0f} ×: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
