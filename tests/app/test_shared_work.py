"""Work shared by all sessions is done once per process, not once per session (issue 11 §5).

A room of participants opening the same link must not make the server load the baseline, project
the shipped scenarios or build their tables again for each of them. Each test opens the app in two
sessions (two AppTests in one process: they share the process's caches, as browser sessions share
the server's) and counts the work the second one does.
"""

from __future__ import annotations

import gc

import pytest
import streamlit as st
from paths import ROOT, SCENARIOS
from streamlit.testing.v1 import AppTest

from bwise_foresight.model import Projection
from bwise_foresight.ui import data, views

APP = str(ROOT / "app.py")


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Fresh caches, and counters of the shared work: baseline loads, projections, long tables."""
    st.cache_resource.clear()
    counts = {"baseline": 0, "project": 0, "frame": 0, "by_type": 0}

    def counting(name, real):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(data, "load_baseline", counting("baseline", data.load_baseline))
    monkeypatch.setattr(data, "_project", counting("project", data._project))
    real_frame = Projection.to_frame

    def to_frame(self, *args, **kwargs):
        counts["by_type" if kwargs.get("by_type") else "frame"] += 1
        return real_frame(self, *args, **kwargs)

    monkeypatch.setattr(Projection, "to_frame", to_frame)
    yield counts
    st.cache_resource.clear()  # nothing counted or frozen here leaks into other tests' caches


def session(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_second_session_recomputes_nothing(counted):
    session()
    first = dict(counted)
    # the counters see the work (else this test could never fail): the baseline and every shipped scenario
    assert first["baseline"] == 1
    assert first["project"] == len(list(SCENARIOS.glob("*.yaml")))
    assert first["frame"] >= first["project"]
    session()
    assert counted == first


def test_every_shipped_scenario_is_projected_before_anyone_asks(counted):
    session()
    first = dict(counted)
    for sid in ("austerity", "fast_automation"):
        session(scenario=sid)
    assert counted == first


def test_sessions_share_the_same_objects_not_copies(monkeypatch, counted):
    """``st.cache_resource`` hands every session the same Result; ``st.cache_data`` would unpickle a
    copy per call (work and memory per session), which the counters alone would not notice."""
    seen: list[tuple] = []  # the objects themselves: kept alive, so no id is reused
    real = views.standard_chart

    def spy(kind, ours, ref, **kwargs):
        seen.append((ours.frame, ours.gaps, ref.frame if ref else None))
        return real(kind, ours, ref, **kwargs)

    monkeypatch.setattr(views, "standard_chart", spy)
    session()
    session()
    assert len(seen) == 2
    assert all(mine is theirs for mine, theirs in zip(*seen, strict=True))


def test_the_by_type_table_is_built_once_per_scenario_not_per_type(counted):
    """The split by WISE type does not depend on the type the sidebar shows."""
    session(chart="pathways_types")
    session(chart="pathways_types", type="training")
    session(chart="pathways_types", type="social")
    assert counted["by_type"] == 1  # the baseline's: Explore shows it against itself
    session(chart="workforce", type="productive")
    assert counted["by_type"] == 1  # a chart that does not need the table does not build it


def test_the_long_lived_objects_are_frozen_out_of_the_collectors_way(counted):
    """After the shared work the garbage collector no longer walks the process's long-lived objects
    (Streamlit runs a full collection after every run: it cost more than a slider move)."""
    gc.unfreeze()
    session()
    assert gc.get_freeze_count() > 0


def test_a_scenario_that_cannot_be_projected_does_not_stop_the_others(monkeypatch, counted):
    """The warm-up projects every shipped scenario before the first page: one that fails there must
    only ever affect itself (issue 11 §1), not every page of every session."""
    real = data._project

    def failing(s, b):
        if s.id == "austerity":
            raise RuntimeError("cannot project")
        return real(s, b)

    monkeypatch.setattr(data, "_project", failing)
    session()
    assert "austerity" not in data.shared_work()
    assert "baseline" in data.shared_work()
