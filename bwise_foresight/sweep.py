"""Large uncertainty sweeps: one row per sampled future, its assumptions beside its outcomes (pure).

Scenario discovery and goals look at 10^5–10^6 futures of the scenario's uncertainty, more than a
laptop runs in its minutes: the runs go in chunks through the same vectorised model as the app's
draws, in this process or on Dask (a ``LocalCluster`` of single-threaded worker processes by
default, or a running cluster at ``tcp://host:port``). Dask is imported only when a sweep uses it.

Every run's assumptions are drawn up front with :func:`uncertainty.sample`, one Latin hypercube over
all runs (the same seed gives the same draws as the app's ``project_draws``), then cut into chunks.
A Latin hypercube is balanced over all its runs, so independently seeded chunks would either lose
that balance or make the numbers depend on the chunk size; and the draws are part of the result
anyway (10^6 runs × 17 assumptions are 136 MB), so drawing them first needs no memory the result
does not. A run's outcomes depend on its own draws only (the model has no reduction over the draw
axis), so the table is the same, to the last bit, whatever the chunk size, the number of workers
and the cluster.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .baseline import CLUSTERS, GROUPS, Baseline
from .model import Projection, resolve, run, targets
from .scenario import Scenario
from .summary import cluster_gap
from .uncertainty import aggregate, picker, sample, sobol_analyze, sobol_design, triangular, uncertain
from .yamlio import Path_

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

# callable(projection of D runs) -> (D,) values of one outcome
Outcome = Callable[[Projection], np.ndarray]
SCHEDULER_ENV = "BWISE_DASK_SCHEDULER"
# Runs per task: the model is fastest per run at a few hundred draws (its arrays stay in cache; about
# 40 MB per chunk here), and a task of 30-40 ms keeps Dask's overhead per task (about 1 ms) small.
DEFAULT_CHUNK = 250
LHS, SOBOL = "lhs", "sobol"  # designs: a Latin hypercube, or a Sobol' sample for variance-based indices
CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler before saying it cannot be reached
# the Dask setting that local_cluster() unsets ('dask worker --no-nanny' does without it)
NO_TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
IN_FLIGHT = 2  # chunks queued per worker thread: workers never wait, and memory stays bounded
PACKAGE = __name__.split(".")[0]
# an outcome's name ends with its unit (longest suffix first)
UNITS = {"_persons_per_year": "persons/year", "_persons": "persons", "_hours": "hours", "_levels": "levels",
         "_share": "share"}  # fmt: skip


class SweepError(Exception):
    """A sweep cannot run on the cluster asked for; the message says what to do."""


def column(path: Path_) -> str:
    """An assumption's column name: its key path joined by dots, e.g. ``automation.midpoint_year``."""
    return ".".join(str(part) for part in path)


def unit_of(name: str) -> str:
    """The unit an outcome's name ends with (``_persons``, ``_persons_per_year``, ``_levels``…), or ''."""
    return next((unit for suffix, unit in UNITS.items() if name.endswith(suffix)), "")


def workforce(projection: Projection) -> np.ndarray:
    """Persons working in the WISEs in the end year, per run."""
    return aggregate(projection, "employment", year=int(projection.years[-1]))


def open_employment(projection: Projection) -> np.ndarray:
    """Workers with support needs moving into open employment in the end year (persons/year), per run."""
    return aggregate(projection, "transitions_open_market", year=int(projection.years[-1]))


def group_gap(baseline: Baseline, group: str, cluster: str, projection: Projection) -> np.ndarray:
    """End-year gap (levels) of a competence cluster over a target group's profiles, per run: the
    figure goals set targets on (``summary.cluster_gap``, weighted by workforce × importance)."""
    return cluster_gap(projection.at_year(-1), baseline, cluster, targets(baseline, group))[:, 0]


def default_outcomes(baseline: Baseline) -> dict[str, Outcome]:
    """The outcomes a sweep records unless told otherwise, units in the names, all in the end year:
    ``workforce_persons``, ``open_employment_persons_per_year`` and ``gap_<group>_<cluster>_levels``
    (the mean gap of each target group in each competence cluster; pairs with no profile or no
    competence are left out)."""
    out: dict[str, Outcome] = {"workforce_persons": workforce, "open_employment_persons_per_year": open_employment}
    for group in GROUPS:
        for cluster in CLUSTERS:
            if (baseline.groups == group).any() and (baseline.clusters == cluster).any():
                out[f"gap_{group}_{cluster}_levels"] = functools.partial(group_gap, baseline, group, cluster)
    return out


@dataclass(frozen=True)
class _Job:
    """What every chunk shares (sent to each worker once): the model's inputs and the outcomes."""

    scenario: Scenario
    baseline: Baseline
    outcomes: tuple[tuple[str, Outcome], ...]

    def __call__(self, values: Mapping[Path_, np.ndarray]) -> dict[str, np.ndarray]:
        """The outcomes of one chunk of runs (``values``: each assumption's draws for these runs)."""
        runs = _size(values) if values else 1
        if runs == 1:  # numpy takes other paths for arrays with one draw, rounding differently in the last bit
            values = {path: np.repeat(draws, 2) for path, draws in values.items()}
        projection = run(resolve(self.scenario, self.baseline, picker(values)), self.baseline,
                         scenario_id=self.scenario.id, title=self.scenario.title, dtype=np.float32)  # fmt: skip
        out = {}
        for name, outcome in self.outcomes:
            value = np.asarray(outcome(projection), dtype=float)
            if value.shape != (projection.draws,):
                raise ValueError(f"outcome {name!r} gave shape {value.shape}; it must give one value per run")
            out[name] = value[:runs]
        return out


def _size(piece: Mapping[Path_, np.ndarray]) -> int:
    return len(next(iter(piece.values())))


def _run_chunk(job: _Job, values: Mapping[Path_, np.ndarray]) -> dict[str, np.ndarray]:
    return job(values)


def sweep(
    scenario: Scenario,
    baseline: Baseline,
    *,
    runs: int,
    seed: int = 0,
    chunk: int = DEFAULT_CHUNK,
    outcomes: Mapping[str, Outcome] | None = None,
    country: str | None = None,
    client: Client | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[int], object] | None = None,
    design: str = LHS,
) -> pd.DataFrame:
    """Run ``runs`` sampled futures of a scenario and return one row per run.

    Parameters
    ----------
    runs, seed
        How many futures, and the seed of their Latin hypercube (same seed, same table).
    chunk
        Runs per task; it changes the speed, never the numbers.
    outcomes
        Column name -> ``callable(Projection) -> (D,) array`` (default :func:`default_outcomes`);
        another module plugs its own metric here.
    country
        A partner country's code: that country's national projection (its ``countries`` entry
        applied, on its national baseline); None: Europe, its countries pooled into one workforce
        (``countries.pooled_baseline``, as the app's sensitivity and goals).
    client, scheduler, workers
        Where the chunks run: a Dask ``client`` you hold; else the scheduler at ``scheduler``
        (``tcp://host:port``) or, unless ``workers`` is given, at the address in
        ``$BWISE_DASK_SCHEDULER``; else a ``LocalCluster`` of ``workers`` single-threaded processes
        (default: one per core), closed afterwards.
        ``workers=0`` runs in this process without Dask (small sweeps).
    progress
        Called with the number of runs each finished chunk adds (e.g. ``tqdm.update``).
    design
        ``lhs``: one Latin hypercube of ``runs`` futures (for discovery and goals); ``sobol``: the
        Sobol' sample of :func:`uncertainty.sobol_design` for :func:`sobol_table`, with the largest
        power of two ``n`` such that ``n × (assumptions + 2)`` runs fit in ``runs``.

    Returns
    -------
    DataFrame indexed by ``run`` (0 to runs - 1): one column per uncertain assumption (its key path
    joined by dots, in the scenario file's units), then one per outcome. ``attrs`` hold the
    scenario id, country, seed, end year, inputs, outcomes and the outcomes' units.
    """
    if runs < 1 or chunk < 1:
        raise ValueError(f"runs and chunk must be 1 or more, not {runs} and {chunk}")
    if workers is not None and (client is not None or scheduler):
        raise ValueError("workers sets the size of a local cluster; it does not apply to a client or scheduler")
    from .countries import analysed  # Europe: the countries pooled into one workforce, as the app's analyses

    scenario, baseline = analysed(scenario, baseline, country)
    chosen = dict(default_outcomes(baseline) if outcomes is None else outcomes)
    values = _draws(scenario, runs, seed, design)
    runs = len(next(iter(values.values()))) if values else runs
    inputs = {column(path): draws for path, draws in values.items()}
    clash = sorted(set(inputs) & set(chosen))
    if clash:
        raise ValueError(f"outcome names {clash} are also assumptions; rename them")
    job = _Job(scenario, baseline, tuple(chosen.items()))
    if not values:  # no ranges: every run is the scenario itself
        one = job({})
        results = {name: np.repeat(value, runs) for name, value in one.items()}
        if progress:
            progress(runs)
    else:
        starts = range(0, runs, chunk)
        pieces = [{path: draws[i : i + chunk] for path, draws in values.items()} for i in starts]
        if workers == 0 and client is None and not scheduler:
            parts = []
            for piece in pieces:
                parts.append(job(piece))
                if progress:
                    progress(_size(piece))
        else:
            with _client(client, scheduler, workers) as dask_client:
                parts = _on_dask(dask_client, job, pieces, progress)
        results = {name: np.concatenate([part[name] for part in parts]) for name in chosen}
    frame = pd.DataFrame({**inputs, **results}, index=pd.RangeIndex(runs, name="run"))
    frame.attrs.update(
        scenario=scenario.id,
        country=country or "",
        seed=seed,
        design=design,
        end_year=int(scenario.horizon.end),
        inputs=list(inputs),
        outcomes=list(results),
        units={name: unit for name in results if (unit := unit_of(name))},
    )
    return frame


def _draws(scenario: Scenario, runs: int, seed: int, design: str) -> dict[Path_, np.ndarray]:
    """Every run's assumptions: a Latin hypercube, or a Sobol' design mapped to each range."""
    if design == LHS:
        return sample(scenario, runs, seed=seed)
    if design != SOBOL:
        raise ValueError(f"unknown design {design!r}; known: {LHS}, {SOBOL}")
    ranges = uncertain(scenario)
    most = runs // (len(ranges) + 2)
    if not ranges or most < 1:
        raise SweepError(f"a Sobol' design of {len(ranges)} assumptions needs at least {len(ranges) + 2} runs")
    base = 2 ** int(np.log2(most))  # a power of two keeps the Sobol' sequence balanced
    u = sobol_design([column(p) for p in ranges], base, seed=seed)
    return {path: triangular(u[:, i], value) for i, (path, value) in enumerate(ranges.items())}


def sobol_table(frame: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Sobol first-order and total indices of one outcome of a sweep run with ``design="sobol"``."""
    if frame.attrs.get("design") != SOBOL:
        raise ValueError("Sobol indices need a sweep with the Sobol' design (design='sobol', --design sobol)")
    return sobol_analyze(list(frame.attrs["inputs"]), frame[outcome].to_numpy(), seed=int(frame.attrs["seed"]))


@contextlib.contextmanager
def _client(client: Client | None, scheduler: str | None, workers: int | None) -> Iterator[Client]:
    """The Dask client to run on (see :func:`sweep`); a cluster or connection opened here is closed after."""
    if client is not None:
        yield client
        return
    from distributed import Client

    address = scheduler_address(scheduler, workers)
    if address:
        try:
            connected = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, ValueError) as exc:
            source = "" if scheduler else f" (from ${SCHEDULER_ENV})"
            raise SweepError(
                f"cannot reach the Dask scheduler at {address}{source}: {exc}; is it running? 'dask scheduler' "
                "prints its address"
            ) from None
        with connected:
            yield connected
        return
    with local_cluster(workers) as cluster, Client(cluster, set_as_default=False) as local:
        yield local


def local_cluster(workers: int | None = None) -> LocalCluster:
    """A Dask cluster on this machine: ``workers`` single-threaded processes (default: one per core),
    no dashboard, quiet logs. Close it after use (``with``)."""
    import dask
    from distributed import LocalCluster

    # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, which stops glibc from keeping freed
    # memory: every chunk's arrays (tens of MB) are then mapped afresh, and the model runs at half speed.
    with dask.config.set({NO_TRIM: None}):
        # the scheduler's small HTTP server (health checks) on any free port, not on the dashboard's 8787
        return LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                            dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                            silence_logs=logging.ERROR)  # fmt: skip


def scheduler_address(scheduler: str | None, workers: int | None = None) -> str | None:
    """The address of the cluster a sweep runs on: ``scheduler``, else (unless ``workers`` asks for a
    local cluster) ``$BWISE_DASK_SCHEDULER``; None for a local cluster. Raises :class:`SweepError` for
    what is no scheduler address, before anything connects (a failed client takes 20 s to give up)."""
    address = scheduler or (os.environ.get(SCHEDULER_ENV) if workers is None else None)
    if not address:
        return None
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(address)
        get_backend(scheme)
        parse_host_port(location)
    except ValueError as exc:
        source = "" if scheduler else f" (from ${SCHEDULER_ENV})"
        raise SweepError(f"{address}{source} is no Dask scheduler address ({exc}); give tcp://host:port") from None
    return address


def _on_dask(
    client: Client, job: _Job, pieces: list[dict[Path_, np.ndarray]], progress: Callable[[int], object] | None
) -> list[dict[str, np.ndarray]]:
    """Every chunk's outcomes, in chunk order, computed on the cluster: a few chunks queued per worker
    thread at a time, so that neither the workers nor this process hold all of them at once."""
    from distributed import as_completed

    threads = sum(client.nthreads().values())
    if not threads:
        raise SweepError("the Dask cluster has no workers; start some with 'dask worker tcp://host:port'")
    parts: list[dict[str, np.ndarray] | None] = [None] * len(pieces)
    index = {}
    queue = as_completed(with_results=True, loop=client.loop)
    todo = iter(enumerate(pieces))
    try:
        # a key of its own (hash=False): the same job scattered by an earlier sweep may be being released
        shared = client.scatter(job, broadcast=True, hash=False)

        def submit() -> None:
            for i, piece in todo:
                future = client.submit(_run_chunk, shared, piece, pure=False)
                index[future.key] = i
                queue.add(future)
                return

        for _ in range(IN_FLIGHT * threads):
            submit()
        for future, part in queue:
            if isinstance(part, BaseException):  # cancelled: a worker lost, say
                raise SweepError(f"the Dask cluster dropped a chunk of runs ({part!r}); run the sweep again")
            i = index.pop(future.key)
            parts[i] = part
            future.release()
            if progress:
                progress(_size(pieces[i]))
            submit()
    except Exception as exc:
        # the workers say so in a scatter's message or as the task's own exception
        if not any(f"No module named '{PACKAGE}{end}" in str(exc) for end in "'."):
            raise
        raise SweepError(
            f"the Dask workers cannot import {PACKAGE}: install it where they run (python -m pip install -e .) "
            "or start them with PYTHONPATH set to this repository's folder"
        ) from None
    return parts  # type: ignore[return-value]
