"""Timing helpers shared by the benchmarks: medians of wall-clock and CPU time, and the verdict."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def medians(fn: Callable[[], object], repeats: int = 7) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of ``fn`` after one warm-up call (on a shared machine
    the CPU time is the steadier of the two)."""
    fn()
    wall, cpu = [], []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def verdict(value: float, target: float) -> str:
    return "OK" if value <= target else "OVER"
