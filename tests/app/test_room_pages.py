"""AppTest: the live room's pages, a facilitator and participants sharing one database (SQLite in a
temporary folder): opening a room, answering from a phone, the live view, rounds, moderation, adopting."""

from __future__ import annotations

import pytest
from paths import ROOT
from streamlit.testing.v1 import AppTest

from bwise_foresight.rooms import service as rooms
from bwise_foresight.rooms.db import connect


@pytest.fixture
def database(tmp_path, monkeypatch):
    import bwise_foresight.share as share

    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    monkeypatch.setenv("BWISE_DATABASE_URL", url)
    monkeypatch.delenv("BWISE_PUBLIC_URL", raising=False)
    monkeypatch.setattr(share, "lan_addresses", lambda: ["192.168.1.23"])
    db = connect(url)
    yield db
    db.engine.dispose()


def _facilitator(levers: list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("app_pages/room_live.py").run()
    at.multiselect[0].set_value(levers)
    next(b for b in at.button if b.label == "Open the room").click().run()
    assert not at.exception
    return at


def _participant(code: str, me: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_pages" / "room.py"), default_timeout=60)
    at.query_params["room"] = code
    if me:
        at.query_params["me"] = me
    at.run()
    assert not at.exception
    return at


def _param(at: AppTest, name: str) -> str:
    value = at.query_params[name]
    return value if isinstance(value, str) else value[0]


def _send(at: AppTest, value: float, reason: str = "") -> None:
    at.slider[0].set_value(value)
    at.text_input[0].set_value(reason)
    next(b for b in at.button if b.label in ("Send", "Send the revised answer")).click().run()


def test_a_facilitator_opens_a_room_whose_key_never_enters_the_address(database):
    at = _facilitator(["mid", "ceil"])
    code = _param(at, "room")
    assert "key" not in at.query_params
    assert code in at.title[0].value
    participant_link = next(c.value for c in at.code if "/room?" in c.value)
    assert participant_link == f"http://192.168.1.23:8501/room?room={code}" and "key=" not in participant_link
    assert len(at.get("image")) == 1  # the QR code
    state = rooms.room_state(database, code)
    assert [q.lever for q in state.questions] == ["mid", "ceil"]


def test_a_participant_sees_the_distribution_only_after_answering(database, base_scenario):
    opened = rooms.open_room(
        database, title="Room", scenario=base_scenario, questions=[rooms.QuestionSpec.of_lever("mid")]
    )
    phone = _participant(opened.code)
    me = _param(phone, "me")
    slider = phone.slider[0]
    assert (slider.min, slider.max, slider.label) == (2025, 2050, "Automation midpoint (year)")
    assert not [m for m in phone.markdown if "The room so far" in m.value]
    _send(phone, 2035, "<b>robots</b> get cheap")
    assert phone.success and "The room so far: **1** answers, median **2035**" in " ".join(
        m.value for m in phone.markdown
    )
    (stored,) = rooms.answers(database, opened.code)
    assert (stored.value, stored.reason) == (2035, "<b>robots</b> get cheap")
    again = _participant(opened.code, me)  # a reload keeps the participant and their answer
    assert again.slider[0].value == 2035 and again.text_input[0].value == "<b>robots</b> get cheap"
    _send(again, 2040)
    assert [a.value for a in rooms.answers(database, opened.code)] == [2040]


def test_the_live_view_counts_answers_moderates_and_runs_rounds(database):
    at = _facilitator(["mid"])
    code = _param(at, "room")
    for value, reason in ((2030, "slow money"), (2035, "rude words"), (2036, ""), (2050, "never")):
        _send(_participant(code), value, reason)
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Answers"] == "4 / 4" and metrics["Median"] == "2035.5" and metrics["Outliers"] == "1"
    assert any(c.value.startswith("Outliers (Tukey's fences") and c.value.endswith(": 2050") for c in at.caption)
    assert len(at.get("plotly_chart")) == 1
    assert [x.value for x in at.text] == ["2030 — slow money", "2035 — rude words", "2050 — never"]
    hide = next(b for b in at.button if b.key and b.key.startswith("hide") and b.label == "Hide")
    at.button(key=hide.key).click().run()
    assert "2030 — (hidden)" in [x.value for x in at.text]
    at.button(key="close_round").click().run()
    assert not rooms.room_state(database, code).open
    at.button(key="next_round").click().run()
    assert rooms.room_state(database, code).round == 2
    _send(_participant(code), 2034)
    at.run()
    chart = at.get("plotly_chart")[0].proto.spec
    assert "Previous round" in chart  # round 2 shows round 1's distribution behind its own
    assert any("in round 1" in c.value for c in at.caption)


def test_adopting_puts_the_rooms_scenario_in_the_session(database):
    at = _facilitator(["mid"])
    code = _param(at, "room")
    for value in (2030, 2034, 2036):
        _send(_participant(code), value)
    at.run()
    at.button(key="adopt").click().run()
    assert not at.exception
    sid = f"room-{code.lower()}"
    assert sid in at.success[0].value
    adopted = at.session_state["_uploaded_scenarios"][sid]
    assert adopted.automation.midpoint_year.mode == 2034
    at.button(key="to_explore").click().run()  # run at once, beside the shipped scenarios
    assert not at.exception
    options = at.selectbox(key="scenario").options
    assert at.session_state["scenario"] == sid
    assert options[0] == "Business as usual" and options[-1] == f"Business as usual — room {code}"


def test_a_wrong_code_is_said_on_the_phone(database):
    phone = _participant("NOPE2345")
    assert "No room with the code NOPE2345" in phone.error[0].value
    assert phone.text_input[0].label == "The room's code"


def test_a_ranking_question_from_phone_to_kendalls_w(database, base_scenario):
    options = ["up_digital", "up_green", "up_social"]
    opened = rooms.open_room(
        database, title="Rank", scenario=base_scenario, questions=[rooms.QuestionSpec.ranking(options)]
    )
    for order in (options, options, [options[1], options[0], options[2]]):
        phone = _participant(opened.code)
        phone.multiselect[0].set_value(order)
        next(b for b in phone.button if b.label == "Send").click().run()
        assert phone.success, [e.value for e in phone.error]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["room"], at.query_params["key"] = opened.code, opened.token
    at.run()
    at.switch_page("app_pages/room_live.py").run()
    assert not at.exception
    assert "key" not in at.query_params
    assert [m.value for m in at.markdown if m.value[:2] in ("1.", "2.", "3.")] == [
        "1. Requirements, Digital (+levels) — 1.33",  # the room's order: mean ranks
        "2. Requirements, Green (+levels) — 1.67",
        "3. Requirements, Social-pedagogical (+levels) — 3",
    ]
    # rank sums 4, 5, 9 of three judges: S = 14, W = 12 S / (3² (3³ − 3)) = 0.78
    assert any(
        c.value.startswith("Agreement on the order (Kendall's W") and c.value.endswith(": 0.78") for c in at.caption
    )
    assert "Download the answers (CSV)" in [b.label for b in at.get("download_button")]


def test_the_phone_speaks_its_language_and_stops_taking_answers_when_the_round_closes(database, base_scenario):
    opened = rooms.open_room(
        database, title="Room", scenario=base_scenario, questions=[rooms.QuestionSpec.of_lever("ceil")]
    )
    phone = AppTest.from_file(str(ROOT / "app_pages" / "room.py"), default_timeout=60)
    phone.query_params["room"], phone.query_params["lang"] = opened.code, "nl"
    phone.run()
    assert any("automatiseerbare taken" in m.value for m in phone.markdown), [m.value for m in phone.markdown]
    assert phone.slider[0].label == "Aandeel blootgestelde taken dat uiteindelijk geautomatiseerd wordt (%)"
    rooms.close_round(database, opened.code, opened.token)
    phone.run()
    assert phone.slider[0].disabled and phone.text_input[0].disabled
    assert "Ronde 1: gesloten" in phone.caption[0].value


WORKSHOP = b"""title: Recycling workshop
scenario: fast_automation
questions:
  - lever: mid
    text: By which year will half of the sorting be automated?
    min: 2025
    max: 2045
  - lever: h_wsn
"""


def _open_with(workshop: bytes) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("app_pages/room_live.py").run()
    at.file_uploader(key="workshop").set_value(("workshop.yaml", workshop, "application/yaml"))
    next(b for b in at.button if b.label == "Open the room").click().run()
    assert not at.exception
    return at


def test_a_room_opens_from_a_workshop_file(database):
    at = _open_with(WORKSHOP)
    state = rooms.room_state(database, _param(at, "room"))
    assert (state.title, state.scenario_id) == ("Recycling workshop", "fast_automation")
    assert [(q.lever, q.minimum, q.maximum) for q in state.questions] == [("mid", 2025, 2045), ("h_wsn", 0, 120)]
    assert state.questions[0].wording() == "By which year will half of the sorting be automated?"


def test_a_wrong_workshop_file_says_where(database):
    at = _open_with(WORKSHOP.replace(b"lever: h_wsn", b"lever: h_wns"))
    assert "room" not in at.query_params
    (error,) = at.error
    assert "`workshop.yaml:8: unknown lever 'h_wns' — did you mean 'h_wsn'? Valid: mid, speed," in error.value


def test_a_phone_can_type_the_number_instead(database, base_scenario):
    opened = rooms.open_room(
        database, title="Room", scenario=base_scenario, questions=[rooms.QuestionSpec.of_lever("speed")]
    )
    phone = _participant(opened.code)
    phone.toggle[0].set_value(True).run()
    box = phone.number_input[0]
    assert (box.min, box.max, box.step, box.label) == (0.1, 1.5, 0.005, "Adoption speed (per year)")
    box.set_value(0.425)
    next(b for b in phone.button if b.label == "Send").click().run()
    assert phone.success
    assert [a.value for a in rooms.answers(database, opened.code)] == [0.425]  # finer than the slider's 0.05
