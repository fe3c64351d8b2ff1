"""Command line: ``validate FILE...``, ``project FILE --out F`` and ``export FILE --out pack.zip``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .baseline import load_baseline
from .errors import DataError, InputError, Problem
from .i18n import PSEUDO, Translator, languages
from .model import project
from .scenario import load_scenario


def _print(problems: list[Problem], args: argparse.Namespace) -> None:
    for problem in problems:
        print(problem.text(Translator(args.lang)))


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
    baseline = load_baseline(args.data)
    try:
        scenario = load_scenario(args.file, baseline=baseline)
    except InputError as exc:
        _print(exc.problems, args)
        return 1
    if args.draws:
        quantiles = tuple(float(q) for q in args.quantiles.split(","))
        frame = project(scenario, baseline, draws=args.draws, seed=args.seed).to_frame(quantiles=quantiles)
    else:
        frame = project(scenario, baseline).to_frame()
    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"{out}: exists; pass --force to overwrite it", file=sys.stderr)
        return 1
    if out.suffix.lower() == ".xlsx":
        frame.to_excel(out, sheet_name="projection", index=False)
    elif out.suffix.lower() == ".csv":
        frame.to_csv(out, index=False)
    else:
        print(f"{out}: unknown format; use .csv or .xlsx", file=sys.stderr)
        return 2
    print(f"{out}: {len(frame):,} rows ({scenario.title}, {scenario.horizon.start}-{scenario.horizon.end})")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .exports import ExportError, export_pack

    baseline = load_baseline(args.data)
    try:
        scenario = load_scenario(args.file, baseline=baseline)
        reference = None
        if not args.no_reference:
            reference_path = Path(args.file).parent / "baseline.yaml"
            if reference_path.is_file() and reference_path.resolve() != Path(args.file).resolve():
                reference = load_scenario(reference_path, baseline=baseline)
    except InputError as exc:
        _print(exc.problems, args)
        return 1
    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"{out}: exists; pass --force to overwrite it", file=sys.stderr)
        return 1
    try:
        pack = export_pack(scenario, baseline, reference=reference, t=Translator(args.lang))
    except ExportError as exc:
        print(f"{out}: {exc}", file=sys.stderr)
        return 1
    out.write_bytes(pack)
    print(f"{out}: {len(pack) / 1e6:.1f} MB — charts, data, slides, scenario and manifest for {scenario.title}")
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
        type=int,
        default=0,
        help="sample the scenario's ranges this many times (adds a "
        "'quantile' column); 0 = one run with every range at its mode",
    )
    p.add_argument("--seed", type=int, default=0, help="random seed of the draws (same seed, same numbers)")
    p.add_argument("--quantiles", default="0.1,0.5,0.9", help="quantiles to write with --draws")
    p.set_defaults(func=_project)
    e = sub.add_parser("export", help="build the export pack (ZIP): charts, data, slides, scenario, manifest")
    e.add_argument("file", metavar="FILE")
    e.add_argument("--out", required=True, help="output file, e.g. pack.zip")
    e.add_argument("--force", action="store_true", help="overwrite an existing output file")
    e.add_argument("--no-reference", action="store_true", help="do not compare with scenarios/baseline.yaml")
    e.set_defaults(func=_export)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
