"""Time sweeps: runs per second in this process and on a local Dask cluster of 1 and 2 workers.

Each cluster is started once (its start-up is timed apart) and then runs the same sweep several
times; the figures are medians of wall-clock time (the work happens in the worker processes, so this
process's CPU time says nothing). A sweep of 10^6 runs takes 10^6 / (runs per second) seconds on top
of the start-up. The machine is shared: compare with an earlier version in the same sitting.
Run: python benchmarks/bench_sweep.py [--runs 10000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import medians

from bwise_foresight import load_baseline, load_scenario
from bwise_foresight.sweep import DEFAULT_CHUNK, local_cluster, sweep

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000, help="runs per sweep (default 10,000)")
    parser.add_argument("--repeats", type=int, default=5, help="timed sweeps per setting (default 5)")
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "baseline.yaml"))
    args = parser.parse_args()
    from distributed import Client

    baseline = load_baseline()
    scenario = load_scenario(args.scenario, baseline=baseline)
    print(f"{scenario.title}: {args.runs:,} runs a sweep, chunks of {DEFAULT_CHUNK}, median of {args.repeats}")
    print("where              start s   wall s   runs/s")
    wall, _ = medians(lambda: sweep(scenario, baseline, runs=args.runs, workers=0), repeats=args.repeats)
    rates = {0: args.runs / wall * 1000}
    print(f"this process       {0:7.1f}  {wall / 1000:7.2f}  {rates[0]:7,.0f}")
    for workers in (1, 2):
        started = time.perf_counter()
        with local_cluster(workers) as cluster, Client(cluster, set_as_default=False) as client:
            client.wait_for_workers(workers)
            start = time.perf_counter() - started
            wall, _ = medians(lambda c=client: sweep(scenario, baseline, runs=args.runs, client=c),
                              repeats=args.repeats)  # fmt: skip
        rates[workers] = args.runs / wall * 1000
        print(f"{workers} worker{'s' if workers > 1 else ' '}          {start:7.1f}  {wall / 1000:7.2f}  "
              f"{rates[workers]:7,.0f}")  # fmt: skip
    print(f"\n2 workers / 1 worker: {rates[2] / rates[1]:.2f}x; 1 worker / this process: {rates[1] / rates[0]:.2f}x; "
          f"10^6 runs on 2 workers: about {1e6 / rates[2] / 60:.0f} min")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
