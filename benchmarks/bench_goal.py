"""Time goal-seeking and scenario discovery on the default data.

Target (issue 13): an answer for one goal ≤ 10 s. Prints the medians of wall-clock and CPU time of
three goals (a reachable gap goal, an unreachable one within a budget, a goal on moves into open
employment), the number of model runs each took, and the time of one discovery (2,000 futures of
the plan, then PRIM). Run: python benchmarks/bench_goal.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import medians, verdict

from bwise_foresight import load_baseline, load_scenario
from bwise_foresight.discovery import discover
from bwise_foresight.goals import Goal, failures, seek

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 10_000.0


def main() -> int:
    baseline = load_baseline()
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml", baseline=baseline)
    poor = scenario.with_overrides({"plan": {"budget": 1_000_000}}, baseline=baseline)
    coaches = Goal("gap", 2032, 0.5, 0.8, "digital", "sup_job_coach")
    cases = {
        "job coaches' digital gap <= 0.5 by 2032 (80 %)": (coaches, scenario),
        "the same <= 0.1 within 1 M EUR a year": (Goal("gap", 2032, 0.1, 0.8, "digital", "sup_job_coach"), poor),
        ">= 55,000 moves into open employment in 2030": (Goal("transitions", 2030, 55_000, 0.8), scenario),
    }
    worst = 0.0
    print("goal                                              wall ms   cpu ms  runs  reachable")
    for name, (goal, s) in cases.items():
        answers: list = []
        wall, cpu = medians(lambda g=goal, s=s, out=answers: out.append(seek(g, s, baseline)), repeats=3)
        worst = max(worst, wall)
        print(f"{name:48s}  {wall:7.0f}  {cpu:7.0f}  {answers[-1].runs:4d}  {answers[-1].reachable}")
    print(f"\nslowest goal: {worst / 1000:.1f} s (target ≤ {GOAL_MS / 1000:.0f} s: {verdict(worst, GOAL_MS)})")
    courses = seek(coaches, scenario, baseline).courses
    discover(*failures(coaches, scenario, baseline, courses, runs=200))  # import EMA Workbench once
    wall, cpu = medians(lambda: discover(*failures(coaches, scenario, baseline, courses)), repeats=3)
    print(f"discovery, 2,000 futures and PRIM: wall {wall:.0f} ms, cpu {cpu:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
