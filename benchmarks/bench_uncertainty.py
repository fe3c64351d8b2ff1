"""Time uncertainty runs: 1,000 draws on the default data, and how time grows with draws and data size.

Target (issue 4): 1,000 draws (all profiles x competences, base year to 2040) in at most 150 ms,
peak memory under 500 MB. Run: python benchmarks/bench_uncertainty.py
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scaling import scaled

from bwise_foresight import load_baseline, load_scenario
from bwise_foresight.uncertainty import project_draws

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS, TARGET_MB = 150.0, 500.0


def median_ms(fn, repeats: int = 9) -> float:
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def peak_mb(fn) -> float:
    tracemalloc.start()  # numpy reports its buffers to tracemalloc
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> int:
    baseline = load_baseline()
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml", baseline=baseline)
    cells = len(baseline.profile_ids) * len(baseline.competence_ids)
    print(
        f"default data: {len(baseline.profile_ids)} profiles x {len(baseline.competence_ids)} competences, "
        f"{scenario.horizon.start}-{scenario.horizon.end}, {len(scenario.uncertain_parameters())} assumptions"
    )

    t = median_ms(lambda: project_draws(scenario, baseline, draws=1000, seed=0))
    mb = peak_mb(lambda: project_draws(scenario, baseline, draws=1000, seed=0))
    print(
        f"1,000 draws: median {t:.0f} ms (target ≤ {TARGET_MS:.0f} ms: {'OK' if t <= TARGET_MS else 'OVER'}), "
        f"peak memory {mb:.0f} MB (target < {TARGET_MB:.0f} MB: {'OK' if mb < TARGET_MB else 'OVER'})"
    )

    print("\ngrowth with draws (default data):")
    per_draw = []
    for draws in (125, 250, 500, 1000, 2000, 4000):
        ms = median_ms(lambda d=draws: project_draws(scenario, baseline, draws=d, seed=0), repeats=5)
        per_draw.append(ms / draws)
        print(f"  {draws:5d} draws  {ms:8.1f} ms  {ms / draws * 1000:6.1f} µs per draw")
    print(f"  time per draw varies {max(per_draw) / min(per_draw):.2f}x from 125 to 4,000 draws (linear = 1x)")

    # 200 draws here: at 10x the profiles and the competences (100x the cells) 1,000 draws would need ~16 GB
    print("\ngrowth with data size (200 draws, synthetic tiled baselines):")
    per_cell = []
    for factor in (1, 2, 5, 10):
        big = scaled(baseline, factor)
        ms = median_ms(lambda b=big: project_draws(scenario, b, draws=200, seed=0), repeats=3)
        n = cells * factor * factor
        per_cell.append(ms / n)
        print(
            f"  {factor:2d}x profiles and competences ({n:7,d} profile-competence cells)  {ms:9.1f} ms  "
            f"{ms / n * 1000:6.2f} µs per cell"
        )
    print(f"  time per cell varies {max(per_cell) / min(per_cell):.2f}x from 1x to 10x (linear = 1x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
