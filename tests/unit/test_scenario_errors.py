"""Bad scenario files give one clear line per problem: file, line, key, what to do."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
from paths import FIXTURES, ROOT, SCENARIOS

from bwise_foresight import ScenarioError, load_scenario, scenario_from_text

CORPUS = sorted((FIXTURES / "scenarios").glob("error_*.yaml"))


def _expectation(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.match(r"# expect: (.+)$", first)
    assert match, f"{path.name} must start with '# expect: <file>:<line>: <message>'"
    return match.group(1)


def test_the_corpus_covers_the_promised_mistakes():
    assert len(CORPUS) >= 20


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_error_file_gives_its_expected_message(path, baseline):
    expected = _expectation(path)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, baseline=baseline, display=path.name)
    lines = [str(p) for p in err.value.problems]
    assert any(line.startswith(expected) for line in lines), f"expected {expected!r}\ngot {lines}"


def test_every_problem_is_reported_at_once(tmp_path, baseline):
    path = tmp_path / "many.yaml"
    path.write_text(
        "title: Many mistakes\ndescription: x\nauthor: me\ndate: 2026-01-01\n"
        "horizon: {start: 2024, end: 2040}\n"
        "automation: {midpoint_year: 2030, steepness: 0.5, ceiling: 2, substitution: -1}\n"
        "demand: {growth: 0.01, profiles: {nobody: 0.1}}\n"
        "training: {hours_per_worker: 10, hours_per_level: 60}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, baseline=baseline, display="many.yaml")
    text = str(err.value)
    assert "many.yaml:6: 'automation.ceiling' must be between 0 and 1" in text
    assert "many.yaml:6: 'automation.substitution' must be between 0 and 1" in text
    # cross-checks run only once the structure is valid, so the unknown profile is not yet listed
    assert len(err.value.problems) == 2


def test_unknown_ids_are_all_listed_with_the_valid_ones(tmp_path, baseline):
    path = tmp_path / "ids.yaml"
    path.write_text("extends: baseline\ndemand:\n  profiles: {job_coach: 0.02, wsn_cleanin: 0.01}\n", encoding="utf-8")
    (tmp_path / "baseline.yaml").write_text((SCENARIOS / "baseline.yaml").read_text(encoding="utf-8"))
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, baseline=baseline, display="ids.yaml")
    assert [p.line for p in err.value.problems] == [3, 3]
    assert "did you mean 'sup_job_coach'" in str(err.value)
    assert "did you mean 'wsn_cleaning'" in str(err.value)
    assert all("Valid: enablers, supporters, wsn, ena_manager" in p.message for p in err.value.problems)


def test_an_error_in_the_parent_file_names_the_parent(tmp_path, baseline):
    (tmp_path / "parent.yaml").write_text(
        (SCENARIOS / "baseline.yaml")
        .read_text(encoding="utf-8")
        .replace("growth: {low: 0.0, mode: 0.005", "growth: {low: 0.0, mode: 0.5")
    )
    (tmp_path / "child.yaml").write_text("title: Child\nextends: parent\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(tmp_path / "child.yaml", baseline=baseline)
    (problem,) = err.value.problems
    assert problem.file.endswith("parent.yaml")
    assert problem.key == "demand.growth"


def test_files_over_one_mebibyte_are_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("title: big\n# " + "x" * (1024 * 1024) + "\n")
    with pytest.raises(ScenarioError, match="limited to 1 MiB"):
        load_scenario(path, check_baseline=False)


def test_alias_bomb_is_refused_quickly():
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match="alias bomb"):
        load_scenario(FIXTURES / "scenarios" / "error_alias_bomb.yaml", check_baseline=False)
    assert time.perf_counter() - start < 2.0


def test_recursive_anchor_is_refused():
    with pytest.raises(ScenarioError, match="refers to itself"):
        scenario_from_text("title: x\na: &a [1, *a]\n", scenario_id="rec")


def test_python_objects_are_not_constructed():
    with pytest.raises(ScenarioError, match="YAML error"):
        scenario_from_text("title: !!python/object/apply:os.system ['echo hi']\n", scenario_id="evil")


def test_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("title: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match=r"latin\.yaml:1: the file is not UTF-8"):
        load_scenario(path, check_baseline=False)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read the file"):
        load_scenario(tmp_path / "nope.yaml", check_baseline=False)


def test_validate_cli_prints_file_line_message_and_exits_1():
    files = [str(FIXTURES / "scenarios" / "error_unknown_key.yaml"), str(SCENARIOS / "baseline.yaml")]
    result = subprocess.run(
        [sys.executable, "-m", "bwise_foresight", "validate", *files], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 1
    assert "error_unknown_key.yaml:4: unknown key 'automaton' under the top level" in result.stdout
    assert "baseline.yaml: ok" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_cli_never_shows_a_traceback_on_any_corpus_file():
    result = subprocess.run(
        [sys.executable, "-m", "bwise_foresight", "validate", *map(str, CORPUS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stdout.strip().splitlines()) >= len(CORPUS)


def test_project_cli_writes_csv_and_xlsx_and_never_overwrites(tmp_path):
    import pandas as pd

    out = tmp_path / "results.csv"
    command = [sys.executable, "-m", "bwise_foresight", "project", str(SCENARIOS / "austerity.yaml"), "--out", str(out)]
    assert subprocess.run(command, cwd=ROOT, capture_output=True).returncode == 0
    frame = pd.read_csv(out, keep_default_na=False)
    assert list(frame.columns) == ["scenario", "profile", "competence", "year", "variable", "unit", "value"]
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 1 and "--force" in again.stderr
    xlsx = tmp_path / "results.xlsx"
    subprocess.run([*command[:-1], str(xlsx)], cwd=ROOT, check=True, capture_output=True)
    assert pd.read_excel(xlsx, sheet_name="projection").shape == frame.shape


def test_project_cli_with_draws_writes_quantiles(tmp_path):
    import pandas as pd

    out = tmp_path / "draws.csv"
    command = [sys.executable, "-m", "bwise_foresight", "project", str(SCENARIOS / "baseline.yaml"), "--draws", "200",
               "--seed", "3", "--out", str(out)]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    frame = pd.read_csv(out, keep_default_na=False)
    assert sorted(frame["quantile"].unique()) == [0.1, 0.5, 0.9]
    out.unlink()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    assert pd.read_csv(out, keep_default_na=False).equals(frame)  # same seed, same file
