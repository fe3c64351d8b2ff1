"""Sweeps: one row per sampled future, the same table in this process, on a local cluster and on a
real Dask cluster (a scheduler and two workers started here on loopback), whatever the chunking."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from paths import FIXTURES, ROOT, SCENARIOS

from bwise_foresight import load_scenario
from bwise_foresight import sweep as sweep_module
from bwise_foresight.cli import main
from bwise_foresight.countries import analysed, project_in
from bwise_foresight.goals import Goal
from bwise_foresight.sweep import SCHEDULER_ENV, SweepError, column, default_outcomes, sweep, workforce
from bwise_foresight.uncertainty import aggregate, project_draws, sample, uncertain

FILE = SCENARIOS / "austerity.yaml"  # the most ranges of the shipped scenarios, a demand shock among them


@pytest.fixture(scope="module")
def scenario(baseline):
    return load_scenario(FILE, baseline=baseline)


@pytest.fixture(scope="module")
def local(scenario, baseline) -> pd.DataFrame:
    """The reference: 600 runs in this process, one chunk."""
    return sweep(scenario, baseline, runs=600, seed=7, chunk=600, workers=0)


def _wait_for(predicate, what: str, processes: list[subprocess.Popen], logs: list[Path], timeout: float = 45.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
            said = "\n".join(log.read_text(errors="replace")[-1500:] for log in logs)
            raise RuntimeError(f"{what} did not happen:\n{said}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    """A real cluster on loopback: ``dask scheduler`` on a port the system picks and two single-threaded
    ``dask worker`` processes that import this repository's package; yields the scheduler's address."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("dask")
    info = folder / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop(SCHEDULER_ENV, None)
    dask = [sys.executable, "-m", "dask"]
    started: list[subprocess.Popen] = []
    logs: list[Path] = []  # files, not pipes: a full pipe would stall a chatty worker

    def start(*args: str) -> None:
        logs.append(folder / f"{args[0]}-{len(logs)}.log")
        with logs[-1].open("wb") as log:
            started.append(subprocess.Popen([*dask, *args], cwd=folder, env=env, stdout=log, stderr=log))

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(info))
        _wait_for(lambda: info.exists() and info.stat().st_size > 0, "the scheduler started", started, logs)
        address = json.loads(info.read_text())["address"]
        for name in ("one", "two"):
            start("worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--name", name,
                  "--host", "127.0.0.1", "--local-directory", str(folder))  # fmt: skip
        with Client(address, timeout=30, set_as_default=False) as client:
            _wait_for(lambda: len(client.scheduler_info()["workers"]) == 2, "two workers joined", started, logs)
        yield address
    finally:
        # workers first, each gone before the scheduler goes (a worker whose scheduler is closing hangs)
        for process in reversed(started):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_real_cluster_gives_the_same_table_as_this_process(cluster, scenario, baseline, local):
    # which process ran each run (a lambda travels to the workers by value)
    outcomes = {**default_outcomes(baseline), "pid": lambda p: np.full(p.draws, float(os.getpid()))}
    remote = sweep(scenario, baseline, runs=600, seed=7, chunk=50, scheduler=cluster, outcomes=outcomes)
    pids = set(remote.pop("pid"))
    assert len(pids) == 2 and os.getpid() not in pids  # both workers ran chunks, this process none
    pd.testing.assert_frame_equal(remote, local, check_exact=True, check_like=False)
    assert remote.attrs["outcomes"][-1] == "pid" and remote.attrs["seed"] == 7


def test_workers_that_cannot_import_the_package_are_said_plainly(cluster, scenario, baseline):
    outcomes = {"x": lambda p: __import__("bwise_foresight.elsewhere")}  # what a worker without the package meets
    with pytest.raises(SweepError, match="workers cannot import bwise_foresight: install it where they run"):
        sweep(scenario, baseline, runs=20, scheduler=cluster, outcomes=outcomes)


def test_the_table_is_the_same_whatever_the_chunk_size(scenario, baseline, local):
    for chunk in (7, 64, 599):  # 599 leaves a chunk of one run
        pd.testing.assert_frame_equal(sweep(scenario, baseline, runs=600, seed=7, chunk=chunk, workers=0), local,
                                      check_exact=True)  # fmt: skip
    other = sweep(scenario, baseline, runs=600, seed=8, workers=0)
    assert not np.array_equal(other["workforce_persons"], local["workforce_persons"])  # the seed matters


def test_each_run_has_every_uncertain_assumption_inside_its_range_and_the_apps_draws(scenario, baseline, local):
    ranges = uncertain(scenario)
    assert list(local.index) == list(range(600)) and local.index.name == "run"
    assert list(local.columns[: len(ranges)]) == [column(p) for p in ranges] == local.attrs["inputs"]
    assert "demand.shocks.0.change" in local.columns and "automation.midpoint_year" in local.columns
    drawn = sample(scenario, 600, seed=7)
    for path, value in ranges.items():
        runs = local[column(path)]
        assert runs.between(value.low, value.high).all(), path
        assert runs.min() < value.mode < runs.max(), path  # spread over the range, not stuck at one value
        np.testing.assert_array_equal(runs, drawn[path])


def test_the_default_outcomes_are_the_apps_figures_for_the_same_draws(scenario, baseline, local):
    # Europe: the countries pooled into one workforce, as the app's sensitivity and goals
    projection = project_draws(*analysed(scenario, baseline, None), draws=600, seed=7)
    end = int(projection.years[-1])
    assert local.attrs["end_year"] == end
    np.testing.assert_array_equal(local["workforce_persons"], aggregate(projection, "employment", year=end))
    np.testing.assert_array_equal(local["open_employment_persons_per_year"],
                                  aggregate(projection, "transitions_open_market", year=end))  # fmt: skip
    gaps = [c for c in local.columns if c.startswith("gap_")]
    assert len(gaps) == 18 and "gap_wsn_digital_levels" in gaps
    assert {local.attrs["units"][c] for c in gaps} == {"levels"}
    assert local.attrs["units"]["open_employment_persons_per_year"] == "persons/year"
    assert (local[gaps] >= 0).all().all() and local["gap_wsn_digital_levels"].std() > 0


def test_a_country_sweep_runs_its_national_projection(scenario, baseline):
    runs = sweep(scenario, baseline, runs=40, seed=2, country="FR", workers=0)
    national = project_in(scenario, baseline, "FR", draws=40, seed=2)
    end = int(national.years[-1])
    np.testing.assert_array_equal(runs["workforce_persons"], aggregate(national, "employment", year=end))
    assert runs.attrs["country"] == "FR"
    europe = sweep(scenario, baseline, runs=40, seed=2, workers=0)
    assert runs["workforce_persons"].mean() != pytest.approx(europe["workforce_persons"].mean(), rel=0.05)


def test_the_gaps_are_the_figures_goals_set_targets_on_and_goals_plug_their_own(scenario, baseline, local):
    end = local.attrs["end_year"]
    projection = project_draws(*analysed(scenario, baseline, None), draws=600, seed=7)
    for group, cluster in (("wsn", "digital"), ("supporters", "green")):
        goal = Goal(kind="gap", year=end, threshold=0.5, cluster=cluster, profiles=group)
        np.testing.assert_array_equal(local[f"gap_{group}_{cluster}_levels"], goal.values(projection, baseline))
    coaches = Goal(kind="gap", year=2032, threshold=0.5, cluster="digital", profiles="sup_job_coach")
    runs = sweep(scenario, baseline, runs=30, workers=0,
                 outcomes={"coach_gap_levels": functools.partial(coaches.values, baseline=baseline)})  # fmt: skip
    assert list(runs.columns[len(uncertain(scenario)) :]) == ["coach_gap_levels"]
    assert runs.attrs["units"] == {"coach_gap_levels": "levels"}
    expected = coaches.values(project_draws(*analysed(scenario, baseline, None), draws=30, seed=0), baseline)
    np.testing.assert_array_equal(runs["coach_gap_levels"], expected)


def test_a_wrong_outcome_is_refused(scenario, baseline):
    with pytest.raises(ValueError, match="one value per run"):
        sweep(scenario, baseline, runs=30, workers=0, outcomes={"bad": lambda p: np.zeros(3)})
    with pytest.raises(ValueError, match="also assumptions"):
        sweep(scenario, baseline, runs=30, workers=0, outcomes={"demand.growth": workforce})


def test_a_scenario_without_ranges_gives_the_same_future_every_run(toy_baseline):
    scenario = load_scenario(FIXTURES / "scenarios" / "worked_example.yaml", baseline=toy_baseline)
    runs = sweep(scenario, toy_baseline, runs=5, workers=0)
    assert runs.attrs["inputs"] == [] and len(runs) == 5
    assert (runs.nunique(dropna=False) == 1).all()


def test_a_bad_scheduler_address_is_said_before_any_work(scenario, baseline, monkeypatch):
    with pytest.raises(SweepError, match=r"no Dask scheduler address.*tcp://host:port"):
        sweep(scenario, baseline, runs=10, scheduler="localhost")
    monkeypatch.setenv(SCHEDULER_ENV, "http://127.0.0.1:8786")
    with pytest.raises(SweepError, match=r"from \$BWISE_DASK_SCHEDULER"):
        sweep(scenario, baseline, runs=10)
    monkeypatch.setattr(sweep_module, "CONNECT_TIMEOUT", 1.0)
    with pytest.raises(SweepError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        sweep(scenario, baseline, runs=10, scheduler="tcp://127.0.0.1:9")  # the discard port: nobody listens


def test_the_command_writes_parquet_on_the_cluster_in_the_environment(cluster, scenario, baseline, tmp_path,
                                                                       monkeypatch, capsys):  # fmt: skip
    monkeypatch.setenv(SCHEDULER_ENV, cluster)
    out = tmp_path / "runs.parquet"
    assert main(["sweep", str(FILE), "--runs", "200", "--seed", "5", "--chunk", "40", "--out", str(out)]) == 0
    written = pd.read_parquet(out)
    expected = sweep(scenario, baseline, runs=200, seed=5, workers=0)
    pd.testing.assert_frame_equal(written, expected, check_exact=True)
    assert written.attrs["units"]["workforce_persons"] == "persons"
    printed = capsys.readouterr()
    assert "200/200" in printed.err  # the progress bar
    assert f"{out}: 200 runs of" in printed.out and "runs/s" in printed.out
    assert os.listdir(tmp_path) == ["runs.parquet"]


def test_the_command_runs_a_local_cluster_by_default(scenario, baseline, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    out = tmp_path / "fr.parquet"
    args = ["sweep", str(FILE), "--runs", "90", "--workers", "1", "--country", "fr", "--out", str(out)]
    assert main(args) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(out), sweep(scenario, baseline, runs=90, country="FR", workers=0),
                                  check_exact=True)  # fmt: skip
    assert "in FR" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["--out", "{tmp}/old.parquet"], 1, "exists; pass --force"),
        (["--out", "{tmp}/missing/runs.parquet"], 1, "does not exist"),
        (["--out", "{tmp}/runs.csv"], 2, "use .parquet"),
        (["--out", "{tmp}/runs.parquet", "--scheduler", "tcp://127.0.0.1"], 2, "no Dask scheduler address"),
        (["--out", "{tmp}/runs.parquet", "--country", "XX"], 2, "--country"),
    ],
    ids=["exists", "no folder", "format", "scheduler", "country"],
)
def test_the_command_says_what_is_wrong_before_any_work(args, code, said, tmp_path, capsys):
    (tmp_path / "old.parquet").write_bytes(b"old")
    argv = ["sweep", str(FILE), "--runs", "10", *(a.format(tmp=tmp_path) for a in args)]
    assert main(argv) == code
    assert said in capsys.readouterr().err
    assert (tmp_path / "old.parquet").read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["old.parquet"]


def test_workers_and_a_scheduler_together_are_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["sweep", str(FILE), "--runs", "10", "--out", str(tmp_path / "r.parquet"), "--workers", "2",
              "--scheduler", "tcp://127.0.0.1:8786"])  # fmt: skip
    assert stop.value.code == 2 and "--workers" in capsys.readouterr().err


def test_the_library_and_the_command_line_do_not_import_dask():
    """The app imports the library: Dask is loaded only when a sweep runs on it."""
    code = "import sys, bwise_foresight.cli; print(sorted({'dask', 'distributed', 'tqdm'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_discover_finds_where_a_sweep_misses_a_threshold(tmp_path, capsys):
    """The command line's scenario discovery over a sweep's file: PRIM's box, said in a sentence."""
    from bwise_foresight.cli import main

    out = tmp_path / "runs.parquet"
    assert main(["sweep", str(SCENARIOS / "baseline.yaml"), "--runs", "3000", "--workers", "1", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["discover", str(out), "--outcome", "gap_supporters_digital_levels", "--above", "0.6"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("3,000 runs, ") and "(density)" in printed and "training.hours_per_level" in printed
    assert main(["discover", str(out), "--outcome", "gap_supporter_digital", "--above", "0.6"]) == 2
    assert "did you mean 'gap_supporters_digital_levels'" in capsys.readouterr().err


def test_a_sobol_sweep_gives_the_indices_of_a_direct_sobol_analysis(baseline, capsys, tmp_path):
    """The Sobol' design of a sweep (in chunks, anywhere) gives the indices the app's own analysis gives."""
    from bwise_foresight.cli import main
    from bwise_foresight.model import resolve, run
    from bwise_foresight.sweep import column, open_employment, sobol_table, sweep
    from bwise_foresight.uncertainty import picker, sobol, triangular, uncertain

    scenario = load_scenario(FILE, baseline=baseline)
    ranges = uncertain(scenario)
    names = [column(p) for p in ranges]
    runs = 64 * (len(ranges) + 2)
    frame = sweep(scenario, baseline, runs=2 * runs - 1, design="sobol", workers=0, chunk=300)
    assert len(frame) == runs  # the largest design of a power-of-two base that fits

    def evaluate(u):
        values = {p: triangular(u[:, i], r) for i, (p, r) in enumerate(ranges.items())}
        same, pooled = analysed(scenario, baseline, None)  # Europe's analyses run on the countries pooled
        return open_employment(run(resolve(same, pooled, picker(values)), pooled))

    direct = sobol(names, evaluate, n=64)
    swept = sobol_table(frame, "open_employment_persons_per_year")
    # chunked runs round differently from one run of all (float64, last digits); the intervals are
    # SALib's bootstrap, which that last digit reshuffles
    pd.testing.assert_frame_equal(swept[["S1", "ST"]], direct[["S1", "ST"]], check_exact=False, rtol=1e-5, atol=1e-6)
    assert swept.index[0] == "demand.growth"
    out = tmp_path / "sobol.parquet"
    frame.to_parquet(out)
    assert main(["sobol", str(out), "--outcome", "open_employment_persons_per_year"]) == 0
    assert "demand.growth" in capsys.readouterr().out
    lhs = tmp_path / "lhs.parquet"
    sweep(scenario, baseline, runs=50, workers=0).to_parquet(lhs)
    assert main(["sobol", str(lhs), "--outcome", "open_employment_persons_per_year"]) == 2
    assert "Sobol' design" in capsys.readouterr().err
