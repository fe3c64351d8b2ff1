"""Time the deterministic projection: the default data against its target, and how time grows with size.

Target (issue 2): project() under 2 ms on the full baseline. The growth table runs synthetic baselines
(the default data tiled, see ``scaling.scaled``) over profiles, competences and horizon lengths; the
WISE types are fixed at 3 by the data, so they enter every size as a constant factor. Time per
cell-year (profile x WISE type x competence x year) that stays flat means linear growth.
Run: python benchmarks/bench_projection.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scaling import scaled

from bwise_foresight import list_scenarios, load_baseline, load_scenario, project
from bwise_foresight.baseline import WISE_TYPES
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
    print(
        f"baseline: {len(baseline.profile_ids)} profiles x {len(WISE_TYPES)} WISE types x "
        f"{len(baseline.competence_ids)} competences"
    )
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
    default = load_scenario(ROOT / "scenarios" / "baseline.yaml", baseline=baseline)
    t_default = median_ms(lambda: project(default, baseline), repeats=51)
    print(
        f"default data (baseline.yaml): median project() {t_default:.3f} ms; target < {TARGET_MS} ms: "
        f"{'OK' if t_default < TARGET_MS else 'OVER TARGET'} ({t_default / TARGET_MS:.0%} of target)"
    )
    print(
        f"worst scenario median project(): {worst:.3f} ms: {'OK' if worst < TARGET_MS else 'OVER TARGET'} "
        f"({worst / TARGET_MS:.0%} of target)"
    )

    n_types = len(WISE_TYPES)
    print(f"\ngrowth with size (baseline.yaml, synthetic tiled baselines; WISE types fixed at {n_types}):")
    print("  profiles  competences  years   cell-years     project()   per cell-year")
    start = default.horizon.start
    sizes = [(1, 1, default.horizon.end), (2, 1, default.horizon.end), (4, 1, default.horizon.end),
             (1, 2, default.horizon.end), (1, 4, default.horizon.end), (1, 1, start + 6), (1, 1, 2050),
             (2, 2, 2050), (4, 4, 2050)]  # fmt: skip
    per_cell_year = []
    for fp, fc, end in sizes:
        big = scaled(baseline, fp, fc)
        scenario = default.model_copy(update={"horizon": default.horizon.model_copy(update={"end": end})})
        n_p, n_c, n_t = len(big.profile_ids), len(big.competence_ids), end - start + 1
        cell_years = n_p * n_types * n_c * n_t
        number = min(20, max(1, round(400_000 / cell_years)))  # about the same work per timing
        ms = median_ms(lambda b=big, s=scenario: project(s, b), repeats=11, number=number)
        per_cell_year.append(ms / cell_years)
        print(f"  {n_p:8d}  {n_c:11d}  {n_t:5d}  {cell_years:11,d}  {ms:9.3f} ms  {ms / cell_years * 1e6:8.1f} ns")
    print(
        f"  time per cell-year varies {max(per_cell_year) / min(per_cell_year):.2f}x over these sizes "
        "(linear = 1x; small runs pay a fixed overhead per numpy call and per year)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
