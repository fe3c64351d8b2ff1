"""The room's distribution figure: asserted on its data and layout, not on an image."""

from __future__ import annotations

from bwise_foresight.i18n import Translator
from bwise_foresight.rooms.charts import distribution_figure
from bwise_foresight.rooms.stats import histogram, summarize


def test_the_figure_shows_the_bars_the_middle_half_and_the_median():
    values = [2030, 2034, 2035, 2036, 2045]
    fig = distribution_figure(histogram(values, lo=2025, hi=2050, step=1), summarize(values), unit="Year")
    (bars,) = fig.data
    assert sum(bars.y) == 5 and bars.name == "Answers"
    shapes = {s.type: s for s in fig.layout.shapes}
    assert (shapes["rect"].x0, shapes["rect"].x1) == (2034, 2036)  # Q1–Q3
    assert shapes["line"].x0 == 2035  # the median
    assert fig.layout.xaxis.range == (2025, 2050) and fig.layout.yaxis.dtick == 1
    assert not fig.layout.showlegend


def test_an_earlier_round_is_an_outline_over_the_bars_and_the_texts_speak_the_language():
    before = histogram([2030, 2045], lo=2025, hi=2050, step=1)
    now = histogram([2035], lo=2025, hi=2050, step=1)
    fig = distribution_figure(now, summarize([2035]), earlier=before, t=Translator("nl"), title="<b>x</b>")
    assert [trace.name for trace in fig.data] == ["Antwoorden", "Vorige ronde"]
    assert fig.data[1].marker.color == "rgba(0,0,0,0)" and fig.layout.showlegend
    assert fig.layout.separators == ",." and "<b>" not in fig.layout.title.text  # user text shown as typed


def test_the_answers_csv_numbers_participants_leaves_hidden_reasons_out_and_runs_no_formula():
    import csv
    import datetime as dt
    import io

    from bwise_foresight.rooms.export import answers_csv
    from bwise_foresight.rooms.service import AnswerInfo, QuestionInfo, RoomState

    when = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)
    mid = QuestionInfo(7, 0, "mid", 2025, 2050, 1, None, {}, None)
    state = RoomState("ABCD2345", "Room", "baseline", 2, True, when, when, (mid,))
    answers = [
        AnswerInfo(1, 7, 1, 40, 2030.0, None, 3, "=cmd|' /C calc'!A0", False, when),
        AnswerInfo(2, 7, 1, 41, 2035.0, None, None, "rude", True, when),
        AnswerInfo(3, 7, 2, 41, 2033.0, None, None, None, False, when),
    ]
    rows = list(csv.DictReader(io.StringIO(answers_csv(state, answers).decode("utf-8-sig"))))
    assert [(r["participant"], r["round"], r["value"], r["reason"]) for r in rows] == [
        ("1", "1", "2030", "'=cmd|' /C calc'!A0"),  # a formula written as text
        ("2", "1", "2035", ""),
        ("2", "2", "2033", ""),
    ]
    assert rows[0]["unit"] == "Automation midpoint (year)" and rows[0]["updated_utc"] == "2026-11-30T09:00:00Z"


def test_the_rooms_pack_holds_the_answers_a_chart_per_question_and_round_and_slides():
    import datetime as dt
    import io
    import zipfile

    from pptx import Presentation

    from bwise_foresight.rooms.export import room_pack
    from bwise_foresight.rooms.service import AnswerInfo, QuestionInfo, RoomState

    when = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)
    mid = QuestionInfo(7, 0, "mid", 2025, 2050, 1, None, {}, None)
    rank = QuestionInfo(8, 1, "up_digital", 1, 2, 1, "Rank", {}, ("up_digital", "up_green"))
    state = RoomState("ABCD2345", "Our room", "baseline", 2, True, when, when, (mid, rank))
    answers = [
        *(AnswerInfo(i, 7, 1, i, v, None, None, None, False, when) for i, v in enumerate([2030, 2040, 2045])),
        *(AnswerInfo(10 + i, 7, 2, i, v, None, None, None, False, when) for i, v in enumerate([2036, 2038, 2039])),
        AnswerInfo(20, 8, 1, 1, None, ("up_green", "up_digital"), None, None, False, when),
    ]
    drawn = []
    png = (  # a 1 × 1 PNG: the renderer is faked (no browser needed); python-pptx reads its header
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
    )

    def render(fig):
        drawn.append(fig)
        return png

    pack = zipfile.ZipFile(io.BytesIO(room_pack(state, answers, render=render)))
    assert sorted(pack.namelist()) == ["answers.csv", "question1_round1.png", "question1_round2.png", "room.pptx"]
    assert [fig.layout.title.text for fig in drawn] == [
        "By which year will automation reach half of its potential in WISEs? — Round 1",
        "By which year will automation reach half of its potential in WISEs? — Round 2",
    ]
    assert [trace.name for trace in drawn[1].data] == ["Answers", "Previous round"]
    deck = Presentation(io.BytesIO(pack.read("room.pptx")))
    texts = [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in deck.slides]
    assert texts[0] == ["Our room", "Live room ABCD2345, opened 2026-11-30; 2 rounds"]
    assert texts[1] == [
        "3 answers, median 2038, middle half 2037 to 2038.5; outliers (Tukey's fences): –."
        " Middle half's width: 7.5 in round 1, 1.5 now."
    ]
