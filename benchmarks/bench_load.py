"""A crowded room (issue 11 §5): N sessions of the Explore page against one app server, and what each costs it.

Against one ``streamlit run app.py``, N participants open the Explore page at once (the room scanning
the QR code); then each moves a slider every ``--interval`` seconds, ``--moves`` times, the sessions'
moves spread evenly over the interval. Before that, the facilitator opens the page in a browser
(untimed), so the first loads do not pay for the server's imports and the work all sessions share.
The participants are, by ``--clients``:

- ``browser`` (the default): N browser contexts of one Debian Chromium (Playwright, async API). A move
  is an arrow key press on a slider, timed until the page shows new headline figures and charts. On
  this 2-core machine one Chromium drawing 30 pages takes the cores from the server (30 sessions: 182 s
  of browser CPU against the server's 7 s in the load phase), so its latencies mostly time the browser.
- ``ws``: N WebSocket clients speaking Streamlit's own protocol (``protocol.py``, which bench_room's
  phones speak too), because real phones bring their own CPU to draw. A first page is timed from
  fetching the files the facilitator's browser fetched (HTML, JavaScript, fonts; the browser is closed
  before the room comes in) until the page's run sends ``script_finished``. A move sends the rerun a
  browser sends for the same key press: the slider's next value (snapped as the browser snaps it),
  every other widget's current value, the address with the slider's value, the fragment. It is timed
  until ``script_finished`` and must change a headline figure. These latencies are the server's part:
  a phone then draws the chart on its own CPU (one browser's draw time: bench_slider.py).
  ``--check`` compares, rerun by rerun, what a browser tab and a ws client send for the same moves.

Per N it prints first-page latency and slider-move latency (p50/p95), errors, the server's resident
memory, and the **server process's CPU seconds** (user + system, read from ``/proc/<pid>/stat``)
per first page load (CPU of the load phase / N) and per slider move (CPU of the slider phase /
moves), against the targets: ≤ 0.5 s per first page, ≤ 0.15 s per move, and slider p95 ≤ 1.5 s
with 30 sessions, and the clients' own CPU (the browser's, or this process's). The clients share the
machine's cores with the server, so latencies are upper bounds; the CPU figures are the server's own.

Every move asks for a projection no other session asked for (sessions move different sliders, in
different directions; beyond 16 sessions, groups open links with one more slider set apart), so moves
are not served from another session's cache.

    python benchmarks/bench_load.py --sessions 1 10 30 --moves 10 --interval 10
    python benchmarks/bench_load.py --clients ws --sessions 1 10 30 --moves 10 --interval 10
    python benchmarks/bench_load.py --check
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "e2e"), str(ROOT / "benchmarks")]

from google.protobuf import text_format  # noqa: E402
from harness import CHART_SIGNATURES, CHROMIUM_ARGS, find_chromium, streamlit_server  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402
from protocol import Client, fetch_files, slider_press  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

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
VIEWPORT = {"width": 1366, "height": 900}

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
    clients: str = "browser"
    loads: list[float] = field(default_factory=list)
    moves: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    moves_tried: int = 0
    cpu_load: float = 0.0  # server CPU seconds in the load phase
    cpu_moves: float = 0.0  # server CPU seconds in the slider phase
    client_load: float = 0.0  # the clients' CPU seconds in the load phase (the browser's, or this process's)
    client_moves: float = 0.0
    wall_moves: float = 0.0
    load_wall: float = 0.0
    rss: float = 0.0
    rss_peak: float = 0.0
    files: int = 0  # ws: files each session fetched before its first run, and their bytes
    file_bytes: int = 0


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


def _link(query: str, extra: str) -> str:
    """The query string of a session's link: ``--query`` and the session's own part."""
    if not extra:
        return query
    return f"{query}&{extra}" if query.lstrip("?") else f"?{extra}"


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
    arrow = _turn(arrow, value, low, high)
    before = await page.evaluate(SIGNATURE_JS)
    await slider.focus()
    start = time.perf_counter()
    await slider.press(arrow)
    await page.wait_for_function(CHANGED_JS, arg=before, polling=POLL_MS, timeout=timeout_s * 1000)
    return time.perf_counter() - start, arrow


def _turn(arrow: str, value: float, low: float, high: float) -> str:
    """The key to press: at the end of the slider's range, the other one."""
    if value >= high and arrow == "ArrowRight":
        return "ArrowLeft"
    if value <= low and arrow == "ArrowLeft":
        return "ArrowRight"
    return arrow


class Tab:
    """A participant in a browser context of the shared Chromium (``--clients browser``)."""

    def __init__(self, browser, url: str, args) -> None:
        self.browser, self.url, self.args = browser, url, args
        self.context = self.page = None

    async def open(self) -> None:
        self.context = await self.browser.new_context(viewport=VIEWPORT)
        self.page = await _open(self.context, self.url, self.args.load_timeout)

    async def move(self, slider_key: str, arrow: str) -> tuple[float, str]:
        return await _move(self.page, slider_key, arrow, self.args.move_timeout)

    async def close(self) -> None:
        if self.context is not None:
            await self.context.close()


def headline(messages: list[ForwardMsg]) -> tuple[str, ...]:
    """The headline figures a run drew (their labels and values)."""
    return tuple(
        f"{m.delta.new_element.metric.label}: {m.delta.new_element.metric.body}"
        for m in messages
        if m.WhichOneof("type") == "delta" and m.delta.new_element.WhichOneof("type") == "metric"
    )


class Phone:
    """A participant speaking Streamlit's protocol (``--clients ws``): the files a browser fetches, then the
    page's runs; ``sent`` collects the messages it sends (``--check``)."""

    def __init__(self, base: str, link: str, files: list[str], pool: ThreadPoolExecutor | None, args) -> None:
        self.client, self.files, self.pool, self.args = Client(base, query=link), files, pool, args
        self.ws: Any = None
        self.figures: tuple[str, ...] = ()
        self.bytes, self.broken = 0, ""
        self.sent: list[bytes] | None = None

    async def open(self) -> None:
        await asyncio.wait_for(self._open(), self.args.load_timeout)

    async def _open(self) -> None:
        if self.files:
            loop = asyncio.get_running_loop()
            self.bytes = await loop.run_in_executor(self.pool, fetch_files, self.client.base, self.files)
        self.ws = await self.client.connect()
        if self.sent is not None:
            send, sent = self.ws.send, self.sent

            async def spy(message: bytes) -> None:
                sent.append(message)
                await send(message)

            self.ws.send = spy
        messages = await self._run(timeout=self.args.load_timeout)
        self.figures = headline(messages)
        drawn = {m.delta.new_element.WhichOneof("type") for m in messages if m.WhichOneof("type") == "delta"}
        if not self.figures or "plotly_chart" not in drawn:
            raise RuntimeError("the page drew no headline figures or no chart")

    async def _run(self, fragment: str = "", timeout: float | None = None) -> list[ForwardMsg]:
        if self.broken:
            raise RuntimeError(f"no move after an earlier failure ({self.broken})")
        try:
            run = self.client.run(self.ws, fragment=fragment)
            return await asyncio.wait_for(run, timeout or self.args.move_timeout)
        except BaseException as exc:  # the rest of that run's messages would answer the next one
            self.broken = type(exc).__name__
            raise

    async def move(self, slider_key: str, arrow: str) -> tuple[float, str]:
        """The rerun a browser sends for an arrow key press on the slider: seconds until the script has
        finished, and the key pressed (turning round at the ends as in the browser)."""
        _, slider, fragment = self.client.widget(slider_key)
        value = self.client.widgets[slider.id].double_array_value.data[0]
        arrow = _turn(arrow, value, slider.min, slider.max)
        state = WidgetState(id=slider.id)
        state.double_array_value.data.append(slider_press(slider, value, 1 if arrow == "ArrowRight" else -1))
        self.client.set(state)
        start = time.perf_counter()
        messages = await self._run(fragment)
        elapsed = time.perf_counter() - start
        figures = headline(messages)
        if not figures or figures == self.figures:
            raise RuntimeError(f"{slider_key} {value:g} -> {state.double_array_value.data[0]:g}: same headline figures")
        self.figures = figures
        return elapsed, arrow

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def _session(participant, index: int, run: Run, args, loaded: asyncio.Event, ready: list) -> None:
    try:
        start = time.perf_counter()
        try:
            await participant.open()
            run.loads.append(time.perf_counter() - start)
            opened = True
        except Exception as exc:
            run.errors.append(f"session {index}: first page: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            opened = False
        ready.append(index)
        if len(ready) == run.sessions:
            loaded.set()
        await loaded.wait()
        if not opened:
            return
        # spread the sessions' moves evenly over one interval
        await asyncio.sleep(args.interval * index / run.sessions)
        plan = _plan(index, args.moves)
        turned: dict[str, str] = {}
        for i, (slider_key, arrow) in enumerate(plan):
            due = time.perf_counter() + args.interval
            run.moves_tried += 1
            try:
                elapsed, turned[slider_key] = await participant.move(slider_key, turned.get(slider_key, arrow))
                run.moves.append(elapsed)
            except Exception as exc:
                run.errors.append(f"session {index} move {i}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            if i < len(plan) - 1:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
    finally:
        await participant.close()


async def measure(participants: list, pid: int, args, client_cpu: Callable[[], float]) -> Run:
    """Open the page in every session at once, then the moves; the server's CPU in each phase."""
    run = Run(len(participants), args.clients)
    loaded = asyncio.Event()
    ready: list[int] = []
    cpu0, client0, t0 = cpu_seconds(pid), client_cpu(), time.perf_counter()
    tasks = [asyncio.create_task(_session(p, i, run, args, loaded, ready)) for i, p in enumerate(participants)]
    try:
        await loaded.wait()
        cpu1, client1, t1 = cpu_seconds(pid), client_cpu(), time.perf_counter()
        run.load_wall, run.cpu_load, run.client_load = t1 - t0, cpu1 - cpu0, client1 - client0
        await asyncio.gather(*tasks)
    finally:  # interrupted (Ctrl-C, SIGTERM): stop every session before the browser and server close
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    run.cpu_moves, run.client_moves = cpu_seconds(pid) - cpu1, client_cpu() - client1
    run.wall_moves = time.perf_counter() - t1
    run.rss, run.rss_peak = memory_mb(pid)
    return run


async def facilitator(browser, url: str, args) -> tuple[tuple[float, float, float], list[str]]:
    """The facilitator opens the page before the room does (untimed): the offset slider's (value, step,
    min), and the paths of the files the browser fetched from the server, in order."""
    context = await browser.new_context(viewport=VIEWPORT)
    server = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    fetched: list[str] = []

    def finished(request) -> None:
        parts = urlsplit(request.url)
        if request.url.startswith(server):
            fetched.append(parts.path + (f"?{parts.query}" if parts.query else ""))

    context.on("requestfinished", finished)
    try:
        page = await _open(context, url, args.load_timeout)
        await page.wait_for_timeout(1000)  # files the page asks for once drawn
        offset = await (
            page.locator(f".st-key-{OFFSET_SLIDER}")
            .get_by_role("slider")
            .evaluate("el => [Number(el.value), Number(el.step), Number(el.min)]")
        )
    finally:
        await context.close()
    return tuple(offset), fetched


async def room(chromium: str, url: str, pid: int, sessions: int, args) -> Run:
    """The facilitator's visit, then N participants of the kind asked for."""
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            offset, files = await facilitator(browser, url + args.query, args)
            links = [_link(args.query, _offset(i, *offset)) for i in range(sessions)]
            if args.clients == "browser":
                return await measure([Tab(browser, url + link, args) for link in links], pid, args, browser_cpu_seconds)
        finally:
            await asyncio.wait_for(browser.close(), 60)
    # ws: the browser and its driver have exited before the room comes in
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        phones = [Phone(url, link, files, pool, args) for link in links]
        run = await measure(phones, pid, args, time.process_time)
    run.files, run.file_bytes = len(files), max(phone.bytes for phone in phones)
    return run


def one_n(chromium: str, sessions: int, args) -> Run:
    """Measure N sessions against a server of their own; the server stops however this ends."""
    with streamlit_server(ROOT / "app.py", timeout=120) as url:
        pid = server_pid(url)
        # Not asyncio.run: on Ctrl-C it would wait for every session to wind down inside a browser
        # that may be saturated. Left-over tasks die with the loop; the Playwright driver and its
        # Chromium exit when this process does.
        loop = asyncio.new_event_loop()
        try:
            return loop.run_until_complete(room(chromium, url, pid, sessions, args))
        finally:
            loop.close()


def _rerun(message: bytes) -> dict[str, Any]:
    """What a rerun message asks for, field by field, widget by widget (for --check); {} for other messages."""
    back = BackMsg()
    back.ParseFromString(message)
    if back.WhichOneof("type") != "rerun_script":
        return {}
    rerun = back.rerun_script
    fields = {
        name: text_format.MessageToString(getattr(rerun, name), as_one_line=True)
        if name == "context_info"
        else getattr(rerun, name)
        for name in ("query_string", "page_name", "page_script_hash", "fragment_id", "is_auto_rerun", "context_info")
    }
    for widget in rerun.widget_states.widgets:
        fields[f"widget {widget.id.rsplit('-', 1)[-1]}"] = text_format.MessageToString(widget, as_one_line=True)
    return fields


async def check(chromium: str, url: str, args) -> int:
    """Open the link of the first session with an offset in a browser tab and in a ws client, move each
    main slider one step each way in both, and compare every rerun message they send."""
    moves = [(key, arrow) for key in MAIN_SLIDERS for arrow in ("ArrowRight", "ArrowLeft")]
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            offset, _ = await facilitator(browser, url + args.query, args)
            link = _link(args.query, _offset(2 * len(MAIN_SLIDERS), *offset))
            context = await browser.new_context(viewport=VIEWPORT)
            frames: list[bytes] = []
            page = await context.new_page()
            page.on(
                "websocket", lambda ws: ws.on("framesent", lambda f: frames.append(f) if isinstance(f, bytes) else 0)
            )
            await page.goto(url + link, timeout=args.load_timeout * 1000)
            await page.wait_for_function(READY_JS, polling=POLL_MS, timeout=args.load_timeout * 1000)
            for key, arrow in moves:
                await _move(page, key, arrow, args.move_timeout)
                await page.wait_for_function(READY_JS, polling=POLL_MS, timeout=args.move_timeout * 1000)
            await context.close()
        finally:
            await asyncio.wait_for(browser.close(), 60)
    phone = Phone(url, link, [], None, args)
    phone.sent = []
    try:
        await phone.open()
        for key, arrow in moves:
            await phone.move(key, arrow)
    finally:
        await phone.close()
    ours = [_rerun(m) for m in phone.sent]
    theirs = [f for f in map(_rerun, frames) if f]
    print(f"link {link or '(none)'}: the browser sent {len(theirs)} reruns, the ws client {len(ours)}")
    differences = 0
    for i, (a, b) in enumerate(zip(theirs, ours, strict=False)):
        for name in sorted(set(a) | set(b)):
            if a.get(name) != b.get(name):
                differences += 1
                print(f"  rerun {i}: {name}: browser {a.get(name)!r}, ws {b.get(name)!r}")
    same = differences == 0 and len(theirs) == len(ours)
    print("the same messages" if same else f"{differences} differences")
    return 0 if same else 1


def verdict(value: float, target: float) -> str:
    return "OK" if value <= target else "OVER"


def report(run: Run) -> None:
    n = run.sessions
    per_load = run.cpu_load / n
    per_move = run.cpu_moves / run.moves_tried if run.moves_tried else float("nan")
    print(f"\n== {n} session{'s' * (n != 1)}, {run.clients} clients ==")
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
    who = "browser CPU " if run.clients == "browser" else "client CPU  "
    print(f"{who} {run.client_load:.1f} s in the load phase ({run.load_wall:.0f} s wall), "
          f"{run.client_moves:.1f} s in the slider phase ({run.wall_moves:.0f} s wall)"
          + ("" if run.clients == "browser" else " (this process: the WebSocket clients)"))  # fmt: skip
    if run.clients == "ws":
        print(f"files        {run.files} fetched by each session before its first run "
              f"({run.file_bytes / 1e6:.1f} MB), as the facilitator's browser fetched them")  # fmt: skip
    print(f"server RSS   {run.rss:.0f} MB at the end, peak {run.rss_peak:.0f} MB")
    print(f"errors       {len(run.errors)}")
    for line in run.errors[:10]:
        print(f"  {line}")


CLIENTS = {
    "browser": "browser tabs of one Chromium on this machine (latencies include drawing the page)",
    "ws": "WebSocket clients speaking Streamlit's protocol; latencies are the server's part (a phone then draws "
    "the chart on its own CPU; the draw time in one browser comes from bench_slider.py)",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 30], help="numbers of sessions to try")
    parser.add_argument("--clients", choices=sorted(CLIENTS), default="browser", help="what each session is")
    parser.add_argument("--moves", type=int, default=10, help="slider moves per session")
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between a session's moves")
    parser.add_argument("--query", default="", help="query string of the page all sessions open, e.g. '?lang=fr'")
    parser.add_argument("--load-timeout", type=float, default=300.0, help="seconds a first page may take")
    parser.add_argument("--move-timeout", type=float, default=60.0, help="seconds a slider move may take")
    parser.add_argument("--check", action="store_true", help="compare a browser's and a ws client's messages, only")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("No Chromium found: apt-get install -y chromium (or set BROWSER_PATH).")
        return 1
    if args.check:
        with streamlit_server(ROOT / "app.py", timeout=120) as url:
            return asyncio.run(check(chromium, url, args))
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} before the run; "
          f"{args.moves} moves per session, one every {args.interval:g} s")  # fmt: skip
    print(f"clients: {args.clients}, {CLIENTS[args.clients]}")
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
