"""The command line's output files: a clear message and a non-zero exit for every way a write can
fail, never a traceback; all-or-nothing writes; options checked before any work is done."""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from paths import FIXTURES, ROOT, SCENARIOS

from bwise_foresight.cli import main

OLD = b"scenario,year,value\nold,2024,1\n"
EXAMPLE = FIXTURES / "scenarios" / "worked_example.yaml"


@pytest.fixture(scope="module")
def toy_data(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("toy_data")
    for csv in (FIXTURES / "toy_data").glob("*.csv"):
        shutil.copy(csv, folder)
    shutil.copy(ROOT / "data" / "datapackage.json", folder)
    return folder


def run(toy_data, *args: str) -> int:
    return main(["--data", str(toy_data), "project", str(EXAMPLE), *args])


def test_a_projection_is_written_with_the_usual_permissions_and_no_leftovers(toy_data, tmp_path, capsys):
    out = tmp_path / "result.csv"
    assert run(toy_data, "--out", str(out)) == 0
    assert out.read_text(encoding="utf-8").startswith("scenario,")
    assert os.listdir(tmp_path) == ["result.csv"]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    assert "rows" in capsys.readouterr().out


def test_an_existing_file_is_kept_without_force_and_replaced_with_it(toy_data, tmp_path, capsys):
    out = tmp_path / "result.csv"
    out.write_bytes(OLD)
    assert run(toy_data, "--out", str(out)) == 1
    assert "exists; pass --force" in capsys.readouterr().err
    assert out.read_bytes() == OLD
    assert run(toy_data, "--out", str(out), "--force") == 0
    assert out.read_bytes().startswith(b"scenario,profile,")


@pytest.mark.parametrize("command", ["project", "export"])
def test_a_missing_folder_is_named_before_any_work(toy_data, tmp_path, capsys, command):
    out = tmp_path / "no" / "such" / ("result.csv" if command == "project" else "pack.zip")
    assert main(["--data", str(toy_data), command, str(EXAMPLE), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and str(tmp_path / "no" / "such") in err and "Traceback" not in err
    assert not (tmp_path / "no").exists()


def test_a_folder_given_as_output_is_refused(toy_data, tmp_path, capsys):
    folder = tmp_path / "result.csv"
    folder.mkdir()
    assert run(toy_data, "--out", str(folder), "--force") == 1
    assert "is a folder" in capsys.readouterr().err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that permissions apply to")
def test_a_read_only_folder_is_reported(toy_data, tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    try:
        assert run(toy_data, "--out", str(folder / "result.csv")) == 1
    finally:
        folder.chmod(0o755)
    assert "no permission to write into" in capsys.readouterr().err


def test_a_refused_write_is_reported_simulated(toy_data, tmp_path, capsys, monkeypatch):
    """The same as a read-only folder, for test runs as root (whom permissions do not stop)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).startswith(str(folder)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert run(toy_data, "--out", str(folder / "result.csv")) == 1
    err = capsys.readouterr().err
    assert f"no permission to write into {folder}" in err and "Traceback" not in err
    assert os.listdir(folder) == []


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(toy_data, tmp_path, capsys, monkeypatch, code):
    out = tmp_path / "result.csv"
    out.write_bytes(OLD)
    real_write = os.write

    def full(fd, data):
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path)):
            real_write(fd, bytes(data)[:10])  # the disk fills up part-way
            raise OSError(code, os.strerror(code))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full)
    assert run(toy_data, "--out", str(out), "--force") == 1
    assert "not enough disk space" in capsys.readouterr().err
    assert out.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["result.csv"]


def _project_with_file_size_limit(out, limit: int, *, crash: bool) -> subprocess.CompletedProcess:
    """``project --force`` in a child process that may write at most ``limit`` bytes per file: the
    kernel kills it mid-write (SIGXFSZ), or with the signal ignored (Python's default) the write
    fails with EFBIG."""
    restore = "import signal; signal.signal(signal.SIGXFSZ, signal.SIG_DFL); " if crash else ""
    code = f"{restore}import sys; from bwise_foresight.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-B", "-c", code, "project", str(SCENARIOS / "baseline.yaml"), "--out", str(out), "--force"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)),
        timeout=120,
    )


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file size limits")
def test_a_crash_mid_write_leaves_the_old_file_intact(tmp_path):
    out = tmp_path / "result.csv"
    out.write_bytes(OLD)
    result = _project_with_file_size_limit(out, 200_000, crash=True)  # the CSV is about 6 MB
    assert result.returncode == -signal.SIGXFSZ, result.stderr
    assert out.read_bytes() == OLD


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file size limits")
def test_a_write_that_fails_part_way_is_a_message_not_a_traceback(tmp_path):
    out = tmp_path / "result.csv"
    out.write_bytes(OLD)
    result = _project_with_file_size_limit(out, 200_000, crash=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and f"{out}: not enough disk space" in result.stderr
    assert out.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["result.csv"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--draws", "-5"], "argument --draws: -5 is outside 1-5,000"),
        (["--draws", "0"], "argument --draws: 0 is outside 1-5,000"),
        (["--draws", "many"], "argument --draws: 'many' is not a whole number"),
        (["--draws", "10", "--quantiles", "abc"], "argument --quantiles: 'abc' is not a number"),
        (["--draws", "10", "--quantiles", "0.1,1.5"], "argument --quantiles: 1.5 is outside 0-1"),
        (["--draws", "10", "--quantiles", "0.1,,0.9"], "argument --quantiles: '' is not a number"),
        (["--draws", "10", "--quantiles", "nan"], "argument --quantiles: nan is outside 0-1"),
        (["--draws", "10", "--seed", "-1"], "argument --seed: -1 is negative"),
        (["--quantiles", "0.5"], "--quantiles only applies with --draws"),
    ],
)
def test_bad_options_are_usage_errors(toy_data, tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as exit_:
        run(toy_data, "--out", str(tmp_path / "result.csv"), *args)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage:") and message in err and "Traceback" not in err
    assert not (tmp_path / "result.csv").exists()


def test_draws_write_the_quantiles_asked_for(toy_data, tmp_path):
    ranged = tmp_path / "ranged.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    ranged.write_text(
        text.replace("steepness: 1.0986122886681098", "steepness: {low: 0.8, mode: 1.1, high: 1.4}"), encoding="utf-8"
    )
    out = tmp_path / "result.csv"
    args = ["--out", str(out), "--draws", "20", "--quantiles", "0.25,0.75,0.25"]
    assert main(["--data", str(toy_data), "project", str(ranged), *args]) == 0
    header, *rows = out.read_text(encoding="utf-8").splitlines()
    column = header.split(",").index("quantile")
    assert {row.split(",")[column] for row in rows} == {"0.25", "0.75"}


def test_project_splits_and_filters_by_wise_type(tmp_path):
    from bwise_foresight.cli import main

    split, training = tmp_path / "split.csv", tmp_path / "training.csv"
    assert main(["project", str(SCENARIOS / "baseline.yaml"), "--by-type", "--out", str(split)]) == 0
    assert main(["project", str(SCENARIOS / "baseline.yaml"), "--wise-type", "training", "--out", str(training)]) == 0
    by_type = pd.read_csv(split, keep_default_na=False)
    one = pd.read_csv(training, keep_default_na=False)
    assert set(by_type["wise_type"]) == {"productive", "training", "social", "all"}
    moves = by_type[(by_type.variable == "transitions_open_market") & (by_type.wise_type == "training")]
    ours = one[one.variable == "transitions_open_market"]
    assert abs(moves["value"].sum() - ours["value"].sum()) < 1e-6 * ours["value"].sum()
    assert ours["value"].sum() > 0


def test_by_type_does_not_combine_with_draws(tmp_path, capsys):
    from bwise_foresight.cli import main

    with pytest.raises(SystemExit) as stop:
        main(
            [
                "project",
                str(SCENARIOS / "baseline.yaml"),
                "--draws",
                "10",
                "--by-type",
                "--out",
                str(tmp_path / "x.csv"),
            ]
        )
    assert stop.value.code == 2 and "--wise-type" in capsys.readouterr().err


@pytest.mark.parametrize(
    "options",
    [["--out", "result.csv"], ["--out", "result.xlsx"], ["--by-type", "--out", "result.csv"],
     ["--draws", "20", "--seed", "1", "--out", "result.csv"]],
)  # fmt: skip
def test_a_projection_file_has_the_precision_of_the_apps_exports(toy_data, tmp_path, options):
    """The command line writes what the app's exports write: each value rounded to its unit's
    precision by ``exports.rounded`` (a tenth of a person, whole hours…), no floating-point noise."""
    from bwise_foresight.exports import DECIMALS, DEFAULT_DECIMALS

    options[-1] = str(tmp_path / options[-1])
    assert run(toy_data, *options) == 0
    out = options[-1]
    if out.endswith(".xlsx"):
        frame = pd.read_excel(out, sheet_name="projection")
    else:
        frame = pd.read_csv(out)
        assert not re.search(r"\.\d{5,}", Path(out).read_text(encoding="utf-8"))
    decimals = frame["unit"].map(DECIMALS).fillna(DEFAULT_DECIMALS).to_numpy(dtype=int)
    assert len(frame) and set(decimals) >= {0, 1, 3}  # whole hours, tenths of persons, levels
    scaled = frame["value"].to_numpy(dtype=float) * 10.0**decimals
    assert np.nanmax(np.abs(scaled - np.round(scaled))) < 1e-6


def test_project_for_a_country_and_by_country_with_iamc_regions(tmp_path, capsys):
    """--country writes one country's national projection, --by-country every country, --iamc uses
    the country as the region; an unknown code is refused with the valid ones."""
    scenario = str(ROOT / "scenarios" / "baseline.yaml")
    out = tmp_path / "fr.csv"
    assert main(["project", scenario, "--out", str(out), "--country", "fr"]) == 0
    frame = pd.read_csv(out)
    assert set(frame["country"]) == {"FR"}
    assert main(["project", scenario, "--out", str(tmp_path / "all.csv"), "--by-country", "--iamc"]) == 0
    iamc = pd.read_csv(tmp_path / "all.csv")
    assert list(iamc.columns[:5]) == ["model", "scenario", "region", "variable", "unit"]
    assert sorted(set(iamc["region"])) == sorted(
        ["AT", "BE", "BG", "HR", "FR", "EL", "IT", "LV", "NL", "PL", "RO", "SI", "ES"]
    )
    capsys.readouterr()
    assert main(["project", scenario, "--out", str(tmp_path / "x.csv"), "--country", "FRA"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'FR'" in err and "AT, BE" in err
    assert not (tmp_path / "x.csv").exists()


def test_export_for_a_country_builds_that_countrys_pack_in_the_language_asked(tmp_path, capsys, chromium):
    """``export --country NL --lang nl``: the Dutch national projection, titled and sourced as such; an
    unknown code is refused before any work, and nothing is written."""
    scenario = str(ROOT / "scenarios" / "baseline.yaml")
    out = tmp_path / "nl.zip"
    assert main(["--lang", "nl", "export", scenario, "--out", str(out), "--country", "nl"]) == 0
    assert "in NL" in capsys.readouterr().out
    with zipfile.ZipFile(out) as pack:
        assert set(pd.read_csv(pack.open("data/projection.csv"))["country"]) == {"NL"}
        assert json.loads(pack.read("manifest.json"))["country"] == "NL"
        assert "· Nederland" in pack.read("charts/workforce_by_group.html").decode()
    assert main(["export", scenario, "--out", str(tmp_path / "x.zip"), "--country", "NLD"]) == 2
    assert "did you mean 'NL'" in capsys.readouterr().err and not (tmp_path / "x.zip").exists()
