"""Time the export pack for the baseline scenario, cold and warm (target: warm at most 6 s).

Cold includes starting kaleido's browser (once per process); warm reuses it. Each run builds
every file again (nothing is cached between packs). Run:
python benchmarks/bench_export.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bwise_foresight import exports, load_baseline, load_scenario

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 6.0  # warm; issue 11


def main() -> int:
    baseline = load_baseline()
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml", baseline=baseline)
    start = time.perf_counter()
    pack = exports.export_pack(scenario, baseline)
    cold = time.perf_counter() - start
    warm = []
    for _ in range(3):
        start = time.perf_counter()
        exports.export_pack(scenario, baseline)
        warm.append(time.perf_counter() - start)
    w = statistics.median(warm)
    print(
        f"export pack (baseline scenario, {len(pack) / 1e6:.1f} MB): cold {cold:.1f} s, warm median {w:.1f} s "
        f"over {len(warm)} runs; target warm ≤ {TARGET_S:.0f} s: {'OK' if w <= TARGET_S else 'OVER'}"
    )
    fig = exports.standard_charts(scenario, baseline)[0].figure
    single = []
    for _ in range(5):
        start = time.perf_counter()
        exports.figure_to_image_bytes(fig, "png")
        single.append(time.perf_counter() - start)
    print(f"one PNG with the browser running: median {statistics.median(single):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
