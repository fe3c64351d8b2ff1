"""Exact slider values: a number box under each slider takes a typed value; slider, link and Undo follow."""

from __future__ import annotations

from paths import ROOT
from streamlit.testing.v1 import AppTest

from bwise_foresight.levers import LEVERS_BY_KEY


def _explore(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_number_boxes_appear_only_when_asked_for():
    at = _explore()
    assert not [n for n in at.number_input if n.key and n.key.startswith("exact_")]
    at.toggle(key="typed_levers").set_value(True).run()
    boxes = {n.key for n in at.number_input if n.key and n.key.startswith("exact_")}
    assert {f"exact_{key}" for key in LEVERS_BY_KEY} <= boxes


def test_a_typed_value_moves_the_slider_the_link_and_can_be_undone():
    at = _explore()
    at.toggle(key="typed_levers").set_value(True).run()
    before = at.metric[0].value
    at.number_input(key="exact_ceil").set_value(37).run()
    assert not at.exception, at.exception
    assert at.slider(key="ceil").value == 37  # between the slider's steps of 5
    assert at.query_params["ceil"] in ("37", ["37"])
    assert at.metric[0].value != before
    at.number_input(key="exact_speed").set_value(0.37).run()
    assert at.slider(key="speed").value == 0.37
    at.slider(key="ceil").set_value(50).run()
    assert at.number_input(key="exact_ceil").value == 50  # the box follows the slider
    at.button(key="undo").click().run()
    assert at.slider(key="ceil").value == 37


def test_a_link_with_an_exact_value_opens_it():
    at = _explore(ceil="37", typed_levers="true")
    assert at.slider(key="ceil").value == 37
