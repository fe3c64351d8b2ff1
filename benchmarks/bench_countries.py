"""Time national projections: every partner country in one run, how time grows with the number of
countries, and 1,000 sampled futures for one country.

Targets (issue 12): all 13 countries deterministic ≤ 20 ms; time linear in the number of countries;
1,000 draws for one country ≤ 150 ms. Also Europe, the sum of the countries: its projection, and its
fans of 1,000 futures (13,000 runs; the app's Show uncertainty target is 1 s). Prints medians of
wall-clock and CPU time (on a shared machine the CPU time is the steadier; Europe's fans run in two
threads, so their CPU time exceeds their wall time). Run: python benchmarks/bench_countries.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import medians, verdict

from bwise_foresight import load_baseline, load_scenario
from bwise_foresight.countries import bands_in, national_baseline, project_countries, project_europe
from bwise_foresight.uncertainty import bands, project_draws

ROOT = Path(__file__).resolve().parent.parent
ALL_MS, DRAWS_MS, FANS_MS = 20.0, 150.0, 1000.0


def main() -> int:
    baseline = load_baseline()
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml", baseline=baseline)
    codes = list(baseline.countries.index)
    print("countries  wall ms   cpu ms   cpu ms per country")
    rows = {}
    for n in (1, 2, 4, 8, len(codes)):
        wall, cpu = medians(lambda n=n: project_countries(scenario, baseline, codes[:n]))
        rows[n] = (wall, cpu)
        print(f"{n:9d}  {wall:7.2f}  {cpu:7.2f}  {cpu / n:7.2f}")
    wall, cpu = rows[len(codes)]
    print(f"\nall {len(codes)} countries: wall {wall:.1f} ms, cpu {cpu:.1f} ms (target ≤ {ALL_MS:.0f} ms: "
          f"{verdict(min(wall, cpu), ALL_MS)}); per country {cpu / len(codes):.2f} ms vs one country "
          f"{rows[1][1]:.2f} ms")  # fmt: skip
    national = national_baseline(baseline, "FR")
    fr = scenario.for_country("FR")
    wall, cpu = medians(lambda: project_draws(fr, national, draws=1000, seed=0), repeats=7)
    print(f"1,000 draws for France: wall {wall:.0f} ms, cpu {cpu:.0f} ms (target ≤ {DRAWS_MS:.0f} ms: "
          f"{verdict(min(wall, cpu), DRAWS_MS)})")  # fmt: skip
    wall, cpu = medians(lambda: bands(fr, national, draws=1000, seed=0), repeats=7)
    print(f"France's fans, 1,000 futures: wall {wall:.0f} ms, cpu {cpu:.0f} ms")
    wall, cpu = medians(lambda: project_europe(scenario, baseline))
    print(f"Europe (sum of the countries), deterministic: wall {wall:.1f} ms, cpu {cpu:.1f} ms "
          f"(target ≤ {ALL_MS:.0f} ms: {verdict(wall, ALL_MS)})")  # fmt: skip
    wall, cpu = medians(lambda: bands_in(scenario, baseline, None, draws=1000, seed=0), repeats=5)
    print(f"Europe's fans, 1,000 futures x 13 countries: wall {wall:.0f} ms, cpu {cpu:.0f} ms "
          f"(Show uncertainty target ≤ {FANS_MS:.0f} ms: {verdict(wall, FANS_MS)})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
