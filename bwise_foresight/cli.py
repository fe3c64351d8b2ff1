"""Command line: ``validate FILE...``, ``project FILE --out F``, ``export FILE --out pack.zip`` and
``sweep FILE --runs N --out runs.parquet``."""

from __future__ import annotations

import argparse
import errno
import io
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .baseline import WISE_TYPES, Baseline, load_baseline
from .errors import DataError, InputError, Problem
from .i18n import PSEUDO, Translator, languages
from .scenario import ALL, Scenario, load_scenario
from .storage import write_atomic
from .sweep import DEFAULT_CHUNK, LHS, SCHEDULER_ENV, SOBOL
from .uncertainty import DEFAULT_QUANTILES, quantile_frame
from .wording import suggest, unknown

# Each draw holds three float32 arrays of years x profiles x competences (about 160 KB here), and
# the quantiles copy them: more draws hardly sharpen the quantiles but need gigabytes (the app uses 1,000).
MAX_DRAWS = 5_000
PROJECT_FORMATS = (".csv", ".xlsx")
# A sweep keeps every run's assumptions and outcomes in memory, about 300 bytes a run here; a task
# of a chunk of runs about 160 KB a run.
MAX_RUNS, MAX_CHUNK = 10_000_000, 5_000


def _whole(high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from 1 to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not 1 <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside 1-{high:,}")
        return value

    return parse


def _seed(text: str) -> int:
    """argparse type of --seed: a whole number, 0 or more (numpy refuses negative seeds)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; use 0 or more")
    return value


def _quantiles(text: str) -> tuple[float, ...]:
    """argparse type of --quantiles: comma-separated numbers from 0 to 1, e.g. 0.1,0.5,0.9."""
    values = []
    for item in text.split(","):
        try:
            value = float(item)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{item.strip()!r} is not a number; give e.g. 0.1,0.5,0.9") from None
        if not (math.isfinite(value) and 0 <= value <= 1):
            raise argparse.ArgumentTypeError(f"{item.strip()} is outside 0-1; give e.g. 0.1,0.5,0.9")
        if value not in values:
            values.append(value)
    return tuple(values)


def _cannot_write(out: Path, exc: OSError) -> str:
    """A sentence for a failed write, saying what to do; the old file, if any, is unchanged."""
    folder = out.parent
    if isinstance(exc, FileExistsError):
        return f"{out}: exists; pass --force to overwrite it"
    if exc.errno == errno.ENOENT and not folder.is_dir():
        return f"{out}: the folder {folder} does not exist; create it or choose another --out"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{out}: no permission to write into {folder}; choose another --out"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"{out}: not enough disk space (or over a quota or file size limit); nothing was written"
    if exc.errno == errno.EISDIR or out.is_dir():
        return f"{out}: is a folder; give a file name"
    return f"{out}: cannot write: {exc.strerror or exc}"


def _check_out(out: Path, *, force: bool) -> str | None:
    """What stops writing ``out`` before any work is done: a missing folder or an existing file."""
    if not out.parent.is_dir():
        return _cannot_write(out, FileNotFoundError(errno.ENOENT, "No such file or directory", str(out)))
    if out.is_dir():
        return _cannot_write(out, IsADirectoryError(errno.EISDIR, "Is a directory", str(out)))
    if out.exists() and not force:
        return _cannot_write(out, FileExistsError(errno.EEXIST, "File exists", str(out)))
    return None


def _refuse_out(out: Path, *, force: bool, formats: tuple[str, ...] = ()) -> int:
    """Print why ``out`` cannot be written before any work is done and return the exit code (2: a
    format not in ``formats``; 1: a missing folder or an existing file), or 0 when it can."""
    if formats and out.suffix.lower() not in formats:
        print(f"{out}: unknown format; use {' or '.join(formats)}", file=sys.stderr)
        return 2
    if problem := _check_out(out, force=force):
        print(problem, file=sys.stderr)
        return 1
    return 0


def _write(out: Path, data: bytes, *, force: bool) -> bool:
    """Write ``out`` atomically; on failure print why and return False."""
    try:
        write_atomic(out, data, overwrite=force)
    except OSError as exc:
        print(_cannot_write(out, exc), file=sys.stderr)
        return False
    return True


def _print(problems: list[Problem], args: argparse.Namespace) -> None:
    for problem in problems:
        print(problem.text(Translator(args.lang)))


def _scenario_and_country(args: argparse.Namespace, baseline: Baseline) -> Scenario | int:
    """The scenario of ``args.file``, with ``args.country`` checked and upper-cased; else the exit code
    after printing why (1: the file, 2: an unknown country)."""
    try:
        scenario = load_scenario(args.file, baseline=baseline)
    except InputError as exc:
        _print(exc.problems, args)
        return 1
    args.country = args.country.upper() if args.country else None  # fr and FR alike
    if args.country and args.country not in baseline.countries.index:
        known = list(baseline.countries.index)
        print(f"--country: {unknown('country', args.country, 'countries.csv', known).render(Translator(args.lang))}",
              file=sys.stderr)  # fmt: skip
        return 2
    return scenario


def _validate(args: argparse.Namespace) -> int:
    baseline = load_baseline(args.data)
    failed = 0
    for name in args.files:
        try:
            load_scenario(name, baseline=baseline)
        except InputError as exc:
            failed += 1
            _print(exc.problems, args)
        else:
            print(f"{name}: ok")
    return 1 if failed else 0


def _project(args: argparse.Namespace) -> int:
    from .countries import country_frame, project_in
    from .exports import rounded, to_iamc_frame  # the precision of every data file the app writes, decided in one place

    out = Path(args.out)
    if refused := _refuse_out(out, force=args.force, formats=PROJECT_FORMATS):  # before the work, not after it
        return refused
    baseline = load_baseline(args.data)
    scenario = _scenario_and_country(args, baseline)
    if isinstance(scenario, int):
        return scenario
    if args.draws:
        quantiles = args.quantiles or DEFAULT_QUANTILES
        sampled = project_in(scenario, baseline, args.country, draws=args.draws, seed=args.seed)
        frame = quantile_frame(sampled.select(args.wise_type), quantiles=quantiles)
        if args.country:
            frame.insert(1, "country", args.country)
    elif args.country or args.by_country:
        codes = [args.country] if args.country else None
        frame = country_frame(scenario, baseline, codes, wise_type=args.wise_type, by_type=args.by_type)
    else:
        frame = project_in(scenario, baseline).select(args.wise_type).to_frame(by_type=args.by_type)
    frame = rounded(frame)
    if args.iamc:
        frame = to_iamc_frame(frame)
    if out.suffix.lower() == ".xlsx":
        buffer = io.BytesIO()
        frame.to_excel(buffer, sheet_name="projection", index=False)
        data = buffer.getvalue()
    else:
        data = frame.to_csv(index=False).encode("utf-8")
    if not _write(out, data, force=args.force):
        return 1
    print(f"{out}: {len(frame):,} rows ({scenario.title}, {scenario.horizon.start}-{scenario.horizon.end})")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .exports import ExportError, export_pack

    out = Path(args.out)
    if refused := _refuse_out(out, force=args.force):
        return refused
    baseline = load_baseline(args.data)
    scenario = _scenario_and_country(args, baseline)
    if isinstance(scenario, int):
        return scenario
    try:
        reference = None
        if not args.no_reference:
            reference_path = Path(args.file).parent / "baseline.yaml"
            if reference_path.is_file() and reference_path.resolve() != Path(args.file).resolve():
                reference = load_scenario(reference_path, baseline=baseline)
    except InputError as exc:
        _print(exc.problems, args)
        return 1
    try:
        pack = export_pack(scenario, baseline, reference=reference, t=Translator(args.lang), country=args.country)
    except ExportError as exc:
        print(f"{out}: {exc}", file=sys.stderr)
        return 1
    if not _write(out, pack, force=args.force):
        return 1
    where = f" in {args.country}" if args.country else ""
    print(f"{out}: {len(pack) / 1e6:.1f} MB — charts, data, slides, scenario and manifest for {scenario.title}{where}")
    return 0


def _sweep(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .sweep import SweepError, scheduler_address, sweep

    out = Path(args.out)
    if refused := _refuse_out(out, force=args.force, formats=(".parquet",)):
        return refused
    try:
        scheduler_address(args.scheduler, args.workers)
    except SweepError as exc:
        print(exc, file=sys.stderr)
        return 2
    baseline = load_baseline(args.data)
    scenario = _scenario_and_country(args, baseline)
    if isinstance(scenario, int):
        return scenario
    started = time.perf_counter()
    try:
        with tqdm(total=args.runs, unit="run", unit_scale=True, file=sys.stderr, desc="sweep") as bar:
            frame = sweep(scenario, baseline, runs=args.runs, seed=args.seed, chunk=args.chunk, country=args.country,
                          scheduler=args.scheduler, workers=args.workers, progress=bar.update,
                          design=args.design)  # fmt: skip
    except SweepError as exc:
        print(exc, file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    buffer = io.BytesIO()
    frame.to_parquet(buffer, engine="pyarrow")
    if not _write(out, buffer.getvalue(), force=args.force):
        return 1
    where = f" in {args.country}" if args.country else ""
    inputs, outcomes = len(frame.attrs["inputs"]), len(frame.attrs["outcomes"])
    print(f"{out}: {len(frame):,} runs of {scenario.title}{where}, {inputs} assumptions and {outcomes} outcomes "
          f"each, in {seconds:.1f} s ({len(frame) / seconds:,.0f} runs/s)")  # fmt: skip
    return 0


def _sweep_outcome(args: argparse.Namespace) -> tuple[Any, Any] | int:
    """A sweep's table and one outcome's values, or an exit code after saying what is wrong."""
    import pandas as pd

    try:
        runs = pd.read_parquet(args.runs)
    except (OSError, ValueError) as exc:
        print(f"{args.runs}: cannot read a sweep's Parquet file ({exc})", file=sys.stderr)
        return 2
    outcomes = runs.attrs.get("outcomes", [])
    if args.outcome not in outcomes:
        hint = suggest(args.outcome, outcomes)
        hint_text = hint.render(Translator(args.lang)) if hint else "."
        print(f"{args.runs}: no outcome '{args.outcome}'{hint_text} Outcomes: {', '.join(outcomes)}", file=sys.stderr)
        return 2
    return runs, runs[args.outcome].to_numpy(dtype=float)


def _discover(args: argparse.Namespace) -> int:
    """PRIM over a sweep's runs: where an outcome crosses a threshold, as the Plan page shows it."""
    from .discovery import describe, discover

    read = _sweep_outcome(args)
    if isinstance(read, int):
        return read
    runs, values = read
    failed = values > args.above if args.above is not None else values < args.below
    found = discover(runs[runs.attrs["inputs"]], failed)
    side = f"above {args.above:g}" if args.above is not None else f"below {args.below:g}"
    print(f"{len(runs):,} runs, {int(failed.sum()):,} where {args.outcome} is {side}")
    print(describe(found, t=Translator(args.lang)))
    if found.chosen is not None:
        print(found.box().to_string())
    return 0


def _sobol(args: argparse.Namespace) -> int:
    """Sobol indices of one outcome of a sweep with the Sobol' design."""
    from .sweep import sobol_table

    read = _sweep_outcome(args)
    if isinstance(read, int):
        return read
    runs, _ = read
    try:
        table = sobol_table(runs, args.outcome)
    except ValueError as exc:
        print(f"{args.runs}: {exc}", file=sys.stderr)
        return 2
    print(f"{len(runs):,} runs; Sobol indices of {args.outcome} (S1 first-order, ST total, with 95 % intervals)")
    print(table.round(3).to_string())
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (1 when any input is invalid)."""
    parser = argparse.ArgumentParser(prog="python -m bwise_foresight", description=__doc__)
    parser.add_argument("--data", help="baseline data folder (default: the repository's data/)")
    parser.add_argument(
        "--lang",
        default="en",
        choices=[code for code in languages() if code != PSEUDO],
        help="language of error messages and of the export pack's charts and slides (default: en)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check scenario files; prints file:line: message per problem")
    v.add_argument("files", nargs="+", metavar="FILE")
    v.set_defaults(func=_validate)
    p = sub.add_parser("project", help="project a scenario and write the long table")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--out", required=True, help="output file: .csv or .xlsx")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.add_argument(
        "--draws",
        type=_whole(MAX_DRAWS),
        help=f"sample the scenario's ranges this many times, 1-{MAX_DRAWS:,} (adds a 'quantile' column); "
        "without it, one run with every range at its mode",
    )
    p.add_argument(
        "--seed", type=_seed, default=0, help="random seed of the draws, 0 or more (same seed, same numbers)"
    )
    p.add_argument(
        "--quantiles",
        type=_quantiles,
        help="quantiles to write with --draws, numbers from 0 to 1 (default: "
        + ",".join(f"{q:g}" for q in DEFAULT_QUANTILES)
        + ")",
    )
    p.add_argument(
        "--wise-type",
        choices=[ALL, *WISE_TYPES],
        default=ALL,
        help="only this type of WISE (B-WISE's productive, training or social WISEs; default: all)",
    )
    p.add_argument(
        "--by-type",
        action="store_true",
        help="split every flow by type of WISE (adds a 'wise_type' column; not with --draws)",
    )
    p.add_argument("--country", help="one partner country (e.g. FR): its national baseline and the scenario's "
                   "countries: entry; adds a 'country' column")  # fmt: skip
    p.add_argument("--by-country", action="store_true",
                   help="every partner country (adds a 'country' column; not with --draws)")  # fmt: skip
    p.add_argument("--iamc", action="store_true",
                   help="write the IAMC wide format (model, scenario, region, variable, unit, years); "
                   "a country is its region")  # fmt: skip
    p.set_defaults(func=_project)
    e = sub.add_parser("export", help="build the export pack (ZIP): charts, data, slides, scenario, manifest")
    e.add_argument("file", metavar="FILE")
    e.add_argument("--out", required=True, help="output file, e.g. pack.zip")
    e.add_argument("--force", action="store_true", help="overwrite an existing output file")
    e.add_argument("--no-reference", action="store_true", help="do not compare with scenarios/baseline.yaml")
    e.add_argument("--country", help="one partner country (e.g. FR): its national projection, titles and sources "
                   "(default: Europe, the sum of the 13 countries)")  # fmt: skip
    e.set_defaults(func=_export)
    w = sub.add_parser("sweep", help="run many sampled futures (on Dask) and write one row per run as Parquet")
    w.add_argument("file", metavar="FILE")
    w.add_argument("--runs", type=_whole(MAX_RUNS), required=True,
                   help=f"how many futures to sample from the scenario's ranges, 1-{MAX_RUNS:,}")  # fmt: skip
    w.add_argument("--out", required=True, help="output file, .parquet")
    w.add_argument("--force", action="store_true", help="overwrite an existing output file")
    w.add_argument("--seed", type=_seed, default=0, help="random seed of the runs, 0 or more (same seed, same file)")
    w.add_argument("--scheduler", help="address of a running Dask scheduler, tcp://host:port (default: "
                   f"${SCHEDULER_ENV} if set, else a local cluster)")  # fmt: skip
    w.add_argument("--workers", type=_whole(1024),
                   help="worker processes of the local cluster (default: one per core)")  # fmt: skip
    w.add_argument("--chunk", type=_whole(MAX_CHUNK), default=DEFAULT_CHUNK,
                   help=f"runs per task, 1-{MAX_CHUNK:,} (default {DEFAULT_CHUNK}): the speed changes, the numbers "
                   "never")  # fmt: skip
    w.add_argument("--country", help="one partner country (e.g. FR): its national baseline and the scenario's "
                   "countries: entry")  # fmt: skip
    w.add_argument("--design", choices=[LHS, SOBOL], default=LHS,
                   help="lhs: a Latin hypercube (for discover); sobol: a Sobol' sample of n × (assumptions + 2) "
                   "runs, at most --runs (for the sobol command)")  # fmt: skip
    w.set_defaults(func=_sweep)
    o = sub.add_parser("sobol", help="Sobol indices of one outcome of a sweep run with --design sobol")
    o.add_argument("runs", metavar="RUNS", help="a sweep's .parquet file (--design sobol)")
    o.add_argument(
        "--outcome", required=True, help="an outcome column of the sweep, e.g. open_employment_persons_per_year"
    )
    o.set_defaults(func=_sobol)
    d = sub.add_parser("discover", help="scenario discovery (PRIM) over a sweep: where an outcome misses a threshold")
    d.add_argument("runs", metavar="RUNS", help="a sweep's .parquet file")
    d.add_argument(
        "--outcome", required=True, help="an outcome column of the sweep, e.g. gap_supporters_digital_levels"
    )
    side = d.add_mutually_exclusive_group(required=True)
    side.add_argument("--above", type=float, help="a run fails when the outcome is above this value")
    side.add_argument("--below", type=float, help="a run fails when the outcome is below this value")
    d.set_defaults(func=_discover)
    args = parser.parse_args(argv)
    if args.command == "project" and args.draws is None:
        for option in ("quantiles", "seed"):
            if getattr(args, option) != p.get_default(option):
                p.error(f"--{option} only applies with --draws")
    if args.command == "project" and args.draws is not None and args.by_type:
        p.error("--by-type splits one run; with --draws pick one type with --wise-type instead")
    if args.command == "project" and args.by_country and (args.draws is not None or args.country):
        p.error("--by-country runs every country once; with --draws or for one country use --country")
    if args.command == "sweep" and args.scheduler and args.workers:
        w.error("--workers sets the size of the local cluster; a cluster at --scheduler has its own workers")
    try:
        return args.func(args)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
