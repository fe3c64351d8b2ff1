"""A crowded room (issue 11 §5): N browser sessions against one app server, and what each costs it.

One Debian Chromium (Playwright, async API) opens N browser contexts — N participants — against one
``streamlit run app.py``. All of them open the Explore page at once (the room scanning the QR code);
then each moves a slider (a key press on a Streamlit slider) every ``--interval`` seconds,
``--moves`` times, the sessions' moves spread evenly over the interval. Before that, one untimed
session opens the page as the facilitator would (so the first loads do not pay for the server's
imports and the work all sessions share).

Per N it prints first-page latency and slider-move latency (p50/p95), errors, the server's resident
memory, and the **server process's CPU seconds** (user + system, read from ``/proc/<pid>/stat``)
per first page load (CPU of the load phase / N) and per slider move (CPU of the slider phase /
moves), against the targets: ≤ 0.5 s per first page, ≤ 0.15 s per move, and slider p95 ≤ 1.5 s
with 30 sessions. The browsers share the machine's cores with the server, so latencies are upper
bounds; the CPU figures are the server's own.

Every move asks for a projection no other session asked for (sessions move different sliders, in
different directions; beyond 16 sessions, groups open links with one more slider set apart), so moves
are not served from another session's cache.

    python benchmarks/bench_load.py --sessions 1 10 30 --moves 10 --interval 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from harness import CHART_SIGNATURES, CHROMIUM_ARGS, find_chromium, streamlit_server  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402

TARGET_CPU_LOAD = 0.5  # server CPU seconds per first page load
TARGET_CPU_MOVE = 0.15  # server CPU seconds per slider move
TARGET_P95_MOVE = 1.5  # slider p95 (s) with 30 sessions moving every 10 s
TARGET_SESSIONS = 30
# Sliders of the Explore page's two open sections (their widget keys): the first ones are moved,
# the last one sets each group of sessions apart (see _plan).
MAIN_SLIDERS = ("ceil", "subst", "create", "ai", "mid", "speed", "growth", "circular")
OFFSET_SLIDER = "open"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
POLL_MS = 25  # how often the browser checks whether a page has finished redrawing

# What the page shows that a slider move changes: the headline figures' text and every chart's data.
SIGNATURE_JS = f"""() => [
    ...Array.from(document.querySelectorAll('[data-testid="stMetricValue"]')).map(e => e.textContent),
    ...({CHART_SIGNATURES})(),
].join('|')"""
CHANGED_JS = f"""before => ({SIGNATURE_JS})() !== before
    && !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')"""
READY_JS = """() => document.querySelector('[data-testid="stMain"]')
    && document.querySelectorAll('[data-testid="stMetricValue"]').length > 0
    && document.querySelector('[data-testid="stPlotlyChart"] .main-svg')
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-stale="true"]')"""


def server_pid(url: str) -> int:
    """The pid of the streamlit server the harness started for ``url`` (a child of this process)."""
    port = url.rsplit(":", 1)[1]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"streamlit" in b" ".join(cmdline) and port.encode() in cmdline:
            return int(entry.name)
    raise RuntimeError(f"no streamlit server process on port {port}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds the process has used (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (fields 14, 15 of stat)


def _processes() -> dict[int, tuple[int, bytes, float]]:
    """Every process: pid -> (parent pid, command name, CPU seconds used, dead children included)."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name, rest = stat.split("(", 1)[1].rsplit(")", 1)
            f = rest.split()
            out[int(entry.name)] = (int(f[1]), name.encode(), sum(int(x) for x in f[11:15]) / CLOCK_TICKS)
    return out


def browser_cpu_seconds() -> float:
    """CPU seconds of every Chromium process under this one (the browser the sessions share)."""
    procs = _processes()
    mine, todo = set(), [os.getpid()]
    while todo:
        parent = todo.pop()
        for pid, (ppid, _, _) in procs.items():
            if ppid == parent and pid not in mine:
                mine.add(pid)
                todo.append(pid)
    return sum(cpu for pid, (_, name, cpu) in procs.items() if pid in mine and b"chrom" in name.lower())


def memory_mb(pid: int) -> tuple[float, float]:
    """Resident memory now and at its peak (MB)."""
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation; nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass
class Run:
    """What one N measured."""

    sessions: int
    loads: list[float] = field(default_factory=list)
    moves: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    moves_tried: int = 0
    cpu_load: float = 0.0  # server CPU seconds in the load phase
    cpu_moves: float = 0.0  # server CPU seconds in the slider phase
    browser_load: float = 0.0  # the browser's CPU seconds in the load phase
    browser_moves: float = 0.0
    wall_moves: float = 0.0
    load_wall: float = 0.0
    rss: float = 0.0
    rss_peak: float = 0.0


def _plan(index: int, moves: int) -> list[tuple[str, str]]:
    """The key presses of session ``index``: (slider key, arrow key). Sessions take the main sliders in
    turn, the second round of them in the other direction (see also ``_offset``)."""
    slider = MAIN_SLIDERS[index % len(MAIN_SLIDERS)]
    direction = "ArrowRight" if (index // len(MAIN_SLIDERS)) % 2 == 0 else "ArrowLeft"
    return [(slider, direction)] * moves


def _offset(index: int, value: float, step: float, low: float) -> str:
    """The link of session ``index``: the room's link for the first 2 × len(MAIN_SLIDERS) sessions;
    each further group of as many sessions has the offset slider one step further from the scenario's
    value in its link, so that no two sessions' moves ask for the same projection."""
    group = index // (2 * len(MAIN_SLIDERS))
    if group == 0:
        return ""
    moved = value - group * step if value - group * step >= low else value + group * step
    return f"{OFFSET_SLIDER}={round(moved, 6):g}"


async def _open(context, url: str, timeout_s: float):
    page = await context.new_page()
    await page.goto(url, timeout=timeout_s * 1000)
    await page.wait_for_function(READY_JS, polling=POLL_MS, timeout=timeout_s * 1000)
    return page


async def _move(page, slider_key: str, arrow: str, timeout_s: float) -> tuple[float, str]:
    """Press an arrow key on a slider: seconds until the page shows the new figures, and the key
    pressed (at the end of the slider's range it turns round, and so do the session's later presses)."""
    slider = page.locator(f".st-key-{slider_key}").get_by_role("slider")
    # Streamlit's sliders are <input type="range">: the value and bounds are properties
    value, low, high = await slider.evaluate("el => [Number(el.value), Number(el.min), Number(el.max)]")
    if value >= high and arrow == "ArrowRight":
        arrow = "ArrowLeft"
    elif value <= low and arrow == "ArrowLeft":
        arrow = "ArrowRight"
    before = await page.evaluate(SIGNATURE_JS)
    await slider.focus()
    start = time.perf_counter()
    await slider.press(arrow)
    await page.wait_for_function(CHANGED_JS, arg=before, polling=POLL_MS, timeout=timeout_s * 1000)
    return time.perf_counter() - start, arrow


async def _session(browser, url: str, index: int, run: Run, args, loaded: asyncio.Event, ready: list) -> None:
    context = await browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        start = time.perf_counter()
        try:
            page = await _open(context, url, args.load_timeout)
            run.loads.append(time.perf_counter() - start)
        except Exception as exc:
            run.errors.append(f"session {index}: first page: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            page = None
        ready.append(index)
        if len(ready) == run.sessions:
            loaded.set()
        await loaded.wait()
        if page is None:
            return
        # spread the sessions' moves evenly over one interval
        await asyncio.sleep(args.interval * index / run.sessions)
        plan = _plan(index, args.moves)
        turned: dict[str, str] = {}
        for i, (slider_key, arrow) in enumerate(plan):
            due = time.perf_counter() + args.interval
            run.moves_tried += 1
            try:
                elapsed, turned[slider_key] = await _move(
                    page, slider_key, turned.get(slider_key, arrow), args.move_timeout
                )
                run.moves.append(elapsed)
            except Exception as exc:
                run.errors.append(f"session {index} move {i}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            if i < len(plan) - 1:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
    finally:
        await context.close()


async def measure(browser, url: str, pid: int, sessions: int, args, offset: tuple[float, float, float]) -> Run:
    run = Run(sessions)
    loaded = asyncio.Event()
    ready: list[int] = []
    urls = []
    for i in range(sessions):
        extra = _offset(i, *offset)
        urls.append(f"{url}{'&' if '?' in url else '?'}{extra}" if extra else url)
    cpu0, browser0, t0 = cpu_seconds(pid), browser_cpu_seconds(), time.perf_counter()
    tasks = [asyncio.create_task(_session(browser, urls[i], i, run, args, loaded, ready)) for i in range(sessions)]
    try:
        await loaded.wait()
        cpu1, browser1, t1 = cpu_seconds(pid), browser_cpu_seconds(), time.perf_counter()
        run.load_wall, run.cpu_load, run.browser_load = t1 - t0, cpu1 - cpu0, browser1 - browser0
        await asyncio.gather(*tasks)
    finally:  # interrupted (Ctrl-C, SIGTERM): stop every session before the browser and server close
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    run.cpu_moves, run.browser_moves = cpu_seconds(pid) - cpu1, browser_cpu_seconds() - browser1
    run.wall_moves = time.perf_counter() - t1
    run.rss, run.rss_peak = memory_mb(pid)
    return run


async def browse(chromium: str, url: str, pid: int, sessions: int, args) -> Run:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            # the facilitator opens the page before the room does (untimed); it tells the offset slider's range
            context = await browser.new_context(viewport={"width": 1366, "height": 900})
            page = await _open(context, url, args.load_timeout)
            offset = await (
                page.locator(f".st-key-{OFFSET_SLIDER}")
                .get_by_role("slider")
                .evaluate("el => [Number(el.value), Number(el.step), Number(el.min)]")
            )
            await context.close()
            return await measure(browser, url, pid, sessions, args, tuple(offset))
        finally:
            await asyncio.wait_for(browser.close(), 60)


def one_n(chromium: str, sessions: int, args) -> Run:
    """Measure N sessions against a server of their own; the server stops however this ends."""
    with streamlit_server(ROOT / "app.py", timeout=120) as url:
        pid = server_pid(url)
        # Not asyncio.run: on Ctrl-C it would wait for every session to wind down inside a browser
        # that may be saturated. Left-over tasks die with the loop; the Playwright driver and its
        # Chromium exit when this process does.
        loop = asyncio.new_event_loop()
        try:
            return loop.run_until_complete(browse(chromium, url + args.query, pid, sessions, args))
        finally:
            loop.close()


def verdict(value: float, target: float) -> str:
    return "OK" if value <= target else "OVER"


def report(run: Run) -> None:
    n = run.sessions
    per_load = run.cpu_load / n
    per_move = run.cpu_moves / run.moves_tried if run.moves_tried else float("nan")
    print(f"\n== {n} session{'s' * (n != 1)} ==")
    print(f"first page   p50 {percentile(run.loads, 0.5):6.2f} s  p95 {percentile(run.loads, 0.95):6.2f} s"
          f"  ({len(run.loads)} of {n} loaded; all in {run.load_wall:.1f} s)")  # fmt: skip
    print(f"slider move  p50 {percentile(run.moves, 0.5):6.2f} s  p95 {percentile(run.moves, 0.95):6.2f} s"
          f"  ({len(run.moves)} of {run.moves_tried} moves)")  # fmt: skip
    print(f"server CPU   {per_load:.2f} s per first page ({run.cpu_load:.1f} s / {n}): "
          f"target ≤ {TARGET_CPU_LOAD} s {verdict(per_load, TARGET_CPU_LOAD)}")  # fmt: skip
    print(f"             {per_move:.3f} s per slider move ({run.cpu_moves:.1f} s / {run.moves_tried}): "
          f"target ≤ {TARGET_CPU_MOVE} s {verdict(per_move, TARGET_CPU_MOVE)}")  # fmt: skip
    if n >= TARGET_SESSIONS:
        p95 = percentile(run.moves, 0.95)
        print(
            f"slider p95 with {n} sessions: {p95:.2f} s, target ≤ {TARGET_P95_MOVE} s {verdict(p95, TARGET_P95_MOVE)}"
        )
    print(f"browser CPU  {run.browser_load:.1f} s in the load phase ({run.load_wall:.0f} s wall), "
          f"{run.browser_moves:.1f} s in the slider phase ({run.wall_moves:.0f} s wall)")  # fmt: skip
    print(f"server RSS   {run.rss:.0f} MB at the end, peak {run.rss_peak:.0f} MB")
    print(f"errors       {len(run.errors)}")
    for line in run.errors[:10]:
        print(f"  {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 30], help="numbers of sessions to try")
    parser.add_argument("--moves", type=int, default=10, help="slider moves per session")
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between a session's moves")
    parser.add_argument("--query", default="", help="query string of the page all sessions open, e.g. '?lang=fr'")
    parser.add_argument("--load-timeout", type=float, default=300.0, help="seconds a first page may take")
    parser.add_argument("--move-timeout", type=float, default=60.0, help="seconds a slider move may take")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("No Chromium found: apt-get install -y chromium (or set BROWSER_PATH).")
        return 1
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} before the run; "
          f"{args.moves} moves per session, one every {args.interval:g} s")  # fmt: skip
    # SIGTERM ends the run as Ctrl-C does: the server is stopped, the browser exits with this process
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        for n in args.sessions:
            report(one_n(chromium, n, args))
    except KeyboardInterrupt:
        print("interrupted")
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
