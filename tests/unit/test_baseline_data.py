"""The baseline data: complete, sourced figure by figure, and checked against datapackage.json."""

from __future__ import annotations

import importlib.util
import json
import shutil

import numpy as np
import pandas as pd
import pytest
from paths import ROOT

from bwise_foresight import DataError, load_baseline

DATA = ROOT / "data"
PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
DIGCOMP_CODES = [f"{a}.{c}" for a, n in ((1, 3), (2, 6), (3, 4), (4, 4), (5, 4)) for c in range(1, n + 1)]


def _figure_columns(resource: dict) -> list[str]:
    names = [f["name"] for f in resource["schema"]["fields"]]
    return [n for n in names if f"{n}_source_id" in names]


@pytest.mark.parametrize("resource", PACKAGE["resources"], ids=lambda r: r["name"])
def test_every_field_is_described_and_every_figure_has_a_unit(resource):
    for field in resource["schema"]["fields"]:
        assert field.get("description"), f"{resource['name']}.{field['name']} has no description"
    for name in _figure_columns(resource):
        field = next(f for f in resource["schema"]["fields"] if f["name"] == name)
        assert field.get("unit"), f"{resource['name']}.{name} has no unit"


@pytest.mark.parametrize(
    "resource", [r for r in PACKAGE["resources"] if r["name"] != "sources"], ids=lambda r: r["name"]
)
def test_every_figure_carries_a_known_source_and_an_evidence_tag(resource, baseline):
    table = pd.read_csv(DATA / resource["path"])
    figures = _figure_columns(resource)
    assert figures, f"{resource['name']} has no sourced figures"
    known = set(baseline.sources.source_id)
    kinds = baseline.sources.set_index("source_id").kind
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    for name in figures:
        # an optional figure (e.g. staff-only columns) may be empty, and then so are its source and tag
        given = table[name].notna()
        if fields[name]["constraints"].get("required", False):
            assert given.all(), f"{resource['name']}.{name} has an empty figure"
        assert table.loc[~given, [f"{name}_source_id", f"{name}_evidence"]].isna().all(axis=None)
        assert table.loc[given, f"{name}_source_id"].isin(known).all()
        assert table.loc[given, f"{name}_evidence"].isin(["read", "secondary", "assumption"]).all()
        numeric = pd.to_numeric(table.loc[given, name], errors="coerce")
        assert numeric.notna().all(), f"{resource['name']}.{name} has a non-numeric figure"
        # a figure whose source is an assumption row must say it is an assumption
        from_assumption = table[f"{name}_source_id"].map(kinds) == "assumption"
        assert (table.loc[from_assumption, f"{name}_evidence"] == "assumption").all()


def test_every_source_is_cited_by_some_figure(baseline):
    """A source that no figure cites is decoration: cite it or remove it."""
    cited: set[str] = set()
    for resource in PACKAGE["resources"]:
        table = pd.read_csv(DATA / resource["path"], dtype=str)
        cited |= {v for c in table.columns if c.endswith("_source_id") for v in table[c].dropna()}
    assert set(baseline.sources.source_id) - cited == set()


def test_wise_type_shares_and_destinations_add_up(baseline):
    assert np.allclose(baseline.type_share.sum(axis=1), 1.0)
    assert np.allclose(baseline.exit_shares.sum(axis=1), 1.0)
    # staff have an age structure, workers with support needs do not (their exits follow their WISE type)
    assert np.allclose(baseline.age_shares[~baseline.is_wsn].sum(axis=1), 1.0)
    assert (baseline.age_shares[baseline.is_wsn] == 0).all() and (baseline.quit_rate[baseline.is_wsn] == 0).all()


def test_every_assumption_gives_its_reasoning_and_every_source_its_url(baseline):
    src = baseline.sources
    assert src.loc[src.kind == "assumption", "reasoning"].str.len().gt(40).all()
    # the address as the source was found: a few national pages are only published over plain http
    assert src.loc[src.kind != "assumption", "url"].str.match(r"https?://[^\s]+$").all()
    assert src.source_id.is_unique


def test_profiles_cover_the_three_target_groups(baseline):
    p = baseline.profiles
    assert len(p) >= 12
    counts = p.group.value_counts()
    assert set(counts.index) == {"enablers", "supporters", "wsn"}
    assert counts.min() >= 3
    assert p.exposure_proxy.str.len().gt(5).all()


def test_headcount_is_anchored_on_the_ensie_total(baseline):
    assert baseline.headcount.sum() == 378_000


def test_competences_include_all_of_digcomp_and_every_cluster(baseline):
    c = baseline.competences
    assert len(c) >= 30
    digital = c[c.cluster == "digital"]
    assert sorted(digital.digcomp_code.astype(str)) == sorted(DIGCOMP_CODES)
    assert set(c.cluster) == {"digital", "social", "management", "green", "vocational", "transversal"}
    assert (np.sign(c.automation_coefficient) < 0).any() and (np.sign(c.automation_coefficient) > 0).any()
    uris = c.esco_uri.dropna()
    assert len(uris) >= 20 and uris.str.startswith("http://data.europa.eu/esco/").all()


def test_requirements_cover_every_pair_on_the_8_level_scale(baseline):
    shape = (len(baseline.profile_ids), len(baseline.competence_ids))
    for name in ("importance", "required_level", "available_level"):
        assert getattr(baseline, name).shape == shape
    assert ((baseline.required_level >= 1) & (baseline.required_level <= 8)).all()
    assert ((baseline.available_level >= 1) & (baseline.available_level <= 8)).all()
    assert ((baseline.importance >= 0) & (baseline.importance <= 1)).all()


def test_requirements_csv_is_what_its_build_script_writes():
    spec = importlib.util.spec_from_file_location("make_requirements", DATA / "make_requirements.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render(DATA) == (DATA / "requirements.csv").read_text(encoding="utf-8")


def test_baseline_arrays_are_read_only(baseline):
    with pytest.raises(ValueError):
        baseline.headcount[0] = 0


def _broken_copy(tmp_path, edit):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    edit(folder)
    return folder


def test_a_value_outside_its_constraint_is_reported_with_file_and_row(tmp_path):
    def edit(folder):
        table = pd.read_csv(folder / "profiles.csv")
        table.loc[2, "quit_rate"] = 1.5
        table.to_csv(folder / "profiles.csv", index=False)

    with pytest.raises(DataError) as err:
        load_baseline(_broken_copy(tmp_path, edit))
    problem = err.value.problems[0]
    assert problem.file.endswith("profiles.csv")
    assert problem.line == 4  # header is row 1
    assert problem.key == "quit_rate"


def test_an_unknown_source_id_is_a_broken_foreign_key(tmp_path):
    def edit(folder):
        table = pd.read_csv(folder / "competences.csv")
        table.loc[0, "automation_coefficient_source_id"] = "nowhere"
        table.to_csv(folder / "competences.csv", index=False)

    with pytest.raises(DataError, match=r"competences\.csv"):
        load_baseline(_broken_copy(tmp_path, edit))


def test_a_missing_requirement_pair_is_reported(tmp_path):
    def edit(folder):
        table = pd.read_csv(folder / "requirements.csv")
        table.iloc[:-1].to_csv(folder / "requirements.csv", index=False)

    with pytest.raises(DataError, match="no row"):
        load_baseline(_broken_copy(tmp_path, edit))
