"""The live room under a room's load (issue 14): participants joining and answering through the real page.

One ``streamlit run app.py`` on a fresh SQLite file (or ``BWISE_DATABASE_URL``). Each simulated
participant is a WebSocket client speaking Streamlit's own protocol, as a browser does: it opens
the participant page (``/room?room=CODE``), which joins the room and draws the question, then sets
the slider and presses Send, as a thumb would (a rerun of the question's fragment, with the widgets'
values); the server runs the page script, its callbacks and the database writes exactly as for a phone,
and the open page's round check every 5 s as the browser's timer asks for it. No browser is started,
so the machine's cores go to the server.

1. **Joining**: N participants open the page within ``--join-window`` seconds (random times, after
   one untimed warm-up session that pays for the app's start-up); per join: the time until the
   question's slider has arrived, and the server's CPU seconds per join (``/proc/<pid>/stat``).
2. **Answering**: each participant sends one answer at a random moment within ``--answer-window``
   seconds; meanwhile the facilitator's live view is refreshed every ``--refresh-every`` seconds (the
   page does it every 2 s; more often gives more samples) and each refresh timed: the fragment's work,
   reading the round's answers, statistics, histogram and figure, as JSON for the browser.
   Afterwards every answer must be in the database with the value sent.

Targets: every participant sees the question within 5 s, answers 50 / 50, refresh p95 ≤ 1 s.

    python benchmarks/bench_room.py --participants 50 --join-window 30 --answer-window 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e"), str(ROOT / "benchmarks")]

from bench_load import cpu_seconds, server_pid  # noqa: E402
from harness import streamlit_server  # noqa: E402
from protocol import Client  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402

from bwise_foresight.rooms import service as rooms  # noqa: E402
from bwise_foresight.rooms.charts import distribution_figure  # noqa: E402
from bwise_foresight.rooms.db import connect  # noqa: E402
from bwise_foresight.rooms.stats import histogram, summarize  # noqa: E402
from bwise_foresight.scenario import load_scenario  # noqa: E402


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


class Phone(Client):
    """One participant's session: the participant page, through the protocol client bench_load shares."""

    def __init__(self, base: str, code: str) -> None:
        super().__init__(base, page="room", query=f"room={code}")
        self.slider, self.send, self.fragment, self.every, self.watches, self.question = "", "", "", 0.0, 0, ""

    async def _run(self, ws, widgets: list | None = None, *, fragment: str = "", auto: bool = False) -> None:
        """Ask for a run of the page, or of one fragment (with these widget values only; ``auto``: as the
        browser's timer does), and note the question's slider, its Send button and the page's timer."""
        for forward in await self.run(ws, widgets or [], fragment=fragment, auto=auto):
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                if element.WhichOneof("type") == "slider":
                    self.slider = element.slider.id
                elif element.WhichOneof("type") == "button" and element.button.is_form_submitter:
                    self.send, self.question = element.button.id, forward.delta.fragment_id
            elif kind == "auto_rerun":
                self.fragment, self.every = forward.auto_rerun.fragment_id, forward.auto_rerun.interval

    async def _watch(self, ws, until: float) -> None:
        """What the open page does while the phone waits: its round check every few seconds until ``until``."""
        while self.every and time.perf_counter() + self.every < until:
            await asyncio.sleep(self.every)
            await self._run(ws, fragment=self.fragment, auto=True)
            self.watches += 1
        await asyncio.sleep(max(until - time.perf_counter(), 0))

    async def session(self, join_at: float, answer_at: float, value: float, result: dict, start: float) -> None:
        await asyncio.sleep(max(join_at - (time.perf_counter() - start), 0))
        async with self.connect() as ws:
            t0 = time.perf_counter()
            await self._run(ws)
            result["join"] = time.perf_counter() - t0
            if not self.slider or not self.send:
                raise RuntimeError("the page drew no question")
            while not result["answer_phase"].is_set():
                await self._watch(ws, time.perf_counter() + max(self.every, 0.2))
            await self._watch(ws, result["answer_start"][0] + answer_at)
            slider, send = BackMsg().rerun_script.widget_states.widgets.add(), None
            slider.id = self.slider
            slider.double_array_value.data.append(value)
            send = type(slider)()
            send.id, send.trigger_value = self.send, True
            t0 = time.perf_counter()
            await self._run(ws, [slider, send], fragment=self.question)  # the question's fragment, as a browser
            result["answer"] = time.perf_counter() - t0
            result["me"] = dict(p.split("=", 1) for p in self.query.split("&")).get("me")
            await self._watch(ws, result["answer_start"][0] + result["window"])
            result["watches"], result["every"] = self.watches, self.every


def refresh(db, code: str) -> float:
    """The facilitator fragment's work once: the round's answers, statistics, histogram, figure as JSON."""
    t0 = time.perf_counter()
    state = rooms.room_state(db, code)
    question = state.questions[0]
    values = [a.value for a in rooms.answers(db, code) if a.value is not None]
    rooms.participants(db, code)
    summary = summarize(values)
    bins = histogram(values, lo=question.minimum, hi=question.maximum, step=question.step)
    distribution_figure(bins, summary, unit=question.unit()).to_json()
    return time.perf_counter() - t0


async def crowd(base: str, db, code: str, args) -> tuple[list[dict], list[float], float, float]:
    rng = random.Random(0)
    n = args.participants
    phase = asyncio.Event()
    answer_start = [0.0]
    results = [{"answer_phase": phase, "answer_start": answer_start, "window": args.answer_window} for _ in range(n)]
    values = [float(rng.randint(2025, 2050)) for _ in range(n)]
    joins = sorted(rng.uniform(0, args.join_window) for _ in range(n))
    answers = [rng.uniform(0, args.answer_window) for _ in range(n)]
    pid = server_pid(base)
    start = time.perf_counter()
    cpu0 = cpu_seconds(pid)
    tasks = [
        asyncio.create_task(Phone(base, code).session(joins[i], answers[i], values[i], results[i], start))
        for i in range(n)
    ]
    while sum("join" in r for r in results) < n:
        if any(t.done() and t.exception() for t in tasks):
            break
        await asyncio.sleep(0.05)
    join_cpu = cpu_seconds(pid) - cpu0
    refreshes: list[float] = []
    stop = threading.Event()

    def facilitator() -> None:
        while not stop.is_set():
            refreshes.append(refresh(db, code))
            stop.wait(args.refresh_every)

    watcher = threading.Thread(target=facilitator)
    cpu1 = cpu_seconds(pid)
    answer_start[0] = time.perf_counter()
    phase.set()
    watcher.start()
    await asyncio.gather(*tasks)
    stop.set()
    watcher.join()
    refreshes.append(refresh(db, code))
    for r, v in zip(results, values, strict=True):
        r["value"] = v
    return results, refreshes, join_cpu, cpu_seconds(pid) - cpu1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--join-window", type=float, default=30.0)
    parser.add_argument("--answer-window", type=float, default=10.0)
    parser.add_argument("--refresh-every", type=float, default=0.5, help="seconds (the page: 2; more samples)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bwise-bench-room-")
    url = os.environ.get("BWISE_DATABASE_URL") or f"sqlite:///{folder}/rooms.sqlite3"
    db = connect(url)
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    opened = rooms.open_room(db, title="Benchmark", scenario=scenario, questions=[rooms.QuestionSpec.of_lever("mid")])
    with streamlit_server(ROOT / "app.py", env={"BWISE_DATABASE_URL": url}) as base:
        warm = time.perf_counter()
        one = argparse.Namespace(participants=1, join_window=0, answer_window=0, refresh_every=1)
        asyncio.run(crowd(base, db, opened.code, one))
        print(f"warm-up session (server start-up work): {time.perf_counter() - warm:.1f} s")
        results, refreshes, join_cpu, answer_cpu = asyncio.run(crowd(base, db, opened.code, args))
    joins = [r["join"] for r in results]
    sent = [r["answer"] for r in results]
    stored = {a.participant: a.value for a in rooms.answers(db, opened.code)}
    by_token = {r["me"]: r["value"] for r in results}
    with db.reading() as session:
        from sqlalchemy import select

        from bwise_foresight.rooms.models import Participant

        tokens = dict(session.execute(select(Participant.token, Participant.id)).all())
    kept = sum(1 for token, value in by_token.items() if stored.get(tokens.get(token)) == value)
    n = args.participants
    print(f"database: {url.split(':')[0]}; {n} participants; joins within {args.join_window:g} s, "
          f"answers within {args.answer_window:g} s")  # fmt: skip
    print(f"join (page until the question is drawn): p50 {statistics.median(joins):.2f} s, p95 {p95(joins):.2f} s, "
          f"max {max(joins):.2f} s (target ≤ 5 s each); server CPU per join {join_cpu / n * 1000:.0f} ms")  # fmt: skip
    print(f"answer (Send until the page has rerun): p50 {statistics.median(sent):.2f} s, p95 {p95(sent):.2f} s, "
          f"max {max(sent):.2f} s; server CPU in the answer phase {answer_cpu:.1f} s "
          f"({answer_cpu / n * 1000:.0f} ms per answer, the pages' round checks included)")  # fmt: skip
    watches = sum(r["watches"] for r in results)
    print(f"answers kept: {kept} / {n} (the warm-up session's answer is not counted); meanwhile the phones' "
          f"open pages checked the round {watches} times (every {results[0]['every']:g} s)")  # fmt: skip
    median, high = statistics.median(refreshes) * 1000, p95(refreshes) * 1000
    print(f"facilitator refresh during answering: {len(refreshes)} refreshes, p50 {median:.0f} ms, "
          f"p95 {high:.0f} ms (target ≤ 1000 ms)")  # fmt: skip
    db.engine.dispose()


if __name__ == "__main__":
    main()
