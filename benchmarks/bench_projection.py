"""Time the deterministic projection on the default data; print medians.

Target (issue 2): project() under 2 ms on the full baseline. Run: python benchmarks/bench_projection.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bwise_foresight import list_scenarios, load_baseline, load_scenario, project
from bwise_foresight.model import resolve, run

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 2.0


def median_ms(fn, repeats: int = 31, number: int = 20) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number * 1000)
    return statistics.median(times)


def main() -> int:
    baseline = load_baseline()
    print(f"baseline: {len(baseline.profile_ids)} profiles x {len(baseline.competence_ids)} competences")
    worst = 0.0
    for path in list_scenarios(ROOT / "scenarios"):
        scenario = load_scenario(path, baseline=baseline)
        params = resolve(scenario, baseline)
        t_project = median_ms(lambda s=scenario: project(s, baseline))
        t_run = median_ms(lambda p=params: run(p, baseline))
        t_frame = median_ms(lambda s=scenario: project(s, baseline).to_frame(), repeats=11, number=3)
        worst = max(worst, t_project)
        years = f"{scenario.horizon.start}-{scenario.horizon.end}"
        print(
            f"{path.stem:18s} {years}  project {t_project:6.3f} ms  (model only {t_run:6.3f} ms)"
            f"  project+to_frame {t_frame:6.2f} ms"
        )
    verdict = "OK" if worst < TARGET_MS else "OVER TARGET"
    print(
        f"worst median project(): {worst:.3f} ms; target < {TARGET_MS} ms: {verdict} "
        f"({worst / TARGET_MS:.0%} of target)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
