"""Time quantiles over 1,000 sampled futures: what *Show uncertainty* computes, and the whole long frame.

Targets (issue 11 §6): 1,000 draws plus the quantiles the app shows ≤ 150 ms; the whole quantile
frame (every variable and cell, P10/P50/P90) ≤ 1 s. Prints medians of wall-clock time and of this
process's CPU time (on a shared machine the CPU time is the steadier of the two).

Run: python benchmarks/bench_quantiles.py [--before]   (--before also times numpy's np.quantile,
one call per quantile, as quantile_frame did before: about ten seconds per run)
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import medians, verdict

from bwise_foresight import VARIABLES, load_baseline, load_scenario
from bwise_foresight.model import long_frame
from bwise_foresight.uncertainty import DEFAULT_QUANTILES, bands, project_draws, quantile_frame

ROOT = Path(__file__).resolve().parent.parent
APP_MS, FRAME_MS = 150.0, 1000.0
# the variables the Explore page's fans show (uncertainty.bands)
FANS = ("employment", "openings_total", "transitions_open_market")


def main() -> int:
    warnings.simplefilter("ignore", RuntimeWarning)
    baseline = load_baseline()
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml", baseline=baseline)
    draws = project_draws(scenario, baseline, draws=1000, seed=0)

    rows = [
        ("1,000 draws (project_draws)", lambda: project_draws(scenario, baseline, draws=1000, seed=0)),
        ("1,000 draws + the fans' quantiles (bands)", lambda: bands(scenario, baseline, draws=1000, seed=0)),
        ("whole quantile frame of 1,000 draws", lambda: quantile_frame(draws)),
        ("quantile frame of the fans' variables", lambda: quantile_frame(draws, variables=list(FANS))),
    ]
    results = {}
    print(f"medians of 7 runs; {len(VARIABLES)} variables, P10/P50/P90")
    for name, fn in rows:
        wall, cpu = medians(fn)
        results[name] = (wall, cpu)
        print(f"  {name:44s} wall {wall:8.1f} ms   cpu {cpu:8.1f} ms")

    draws_wall, (total_wall, total_cpu) = results[rows[0][0]][0], results[rows[1][0]]
    print(
        f"\n1,000 draws + the quantiles the app shows: wall {total_wall:.0f} ms, cpu {total_cpu:.0f} ms "
        f"(target ≤ {APP_MS:.0f} ms: {verdict(min(total_wall, total_cpu), APP_MS)}); "
        f"of which the draws {draws_wall:.0f} ms"
    )
    frame_wall, frame_cpu = results[rows[2][0]]
    print(
        f"whole frame: wall {frame_wall:.0f} ms, cpu {frame_cpu:.0f} ms "
        f"(target ≤ {FRAME_MS:.0f} ms: {verdict(min(frame_wall, frame_cpu), FRAME_MS)})"
    )

    if "--before" in sys.argv:

        def before(p=draws) -> None:  # quantile_frame before issue 11: np.quantile once per quantile
            for q in DEFAULT_QUANTILES:
                long_frame(p, {n: np.nanquantile(p[n], q, axis=0) for n in VARIABLES})

        wall, cpu = medians(before, repeats=3)
        print(f"before (np.quantile per quantile, whole frame): wall {wall:.0f} ms, cpu {cpu:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
