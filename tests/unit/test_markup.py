"""User text inside Markdown is shown as typed (issue 11 §2): escaping, code spans, plain text."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from bwise_foresight.markup import code, escape, plain, shorten

# CommonMark with GitHub's tables and strikethrough: what Streamlit's renderer builds on
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

HOSTILE = [
    "![x](http://host.invalid/img.png)",
    "**bold** and __bold__ and *it* and _it_",
    "`code` and ``more``",
    "<img src=http://host.invalid/a.png> &amp; &#65;",
    "[link](http://host.invalid) and <http://host.invalid>",
    ":red[red] :material/home: :smile: $x^2$",
    "# heading",
    "- list",
    "+ list",
    "1. numbered",
    "2) numbered",
    "> quote",
    "    indented code",
    "a | b\n--|--\n1 | 2",
    "~~strike~~ back\\slash [^1]",
    "line one\n\nline two\n===",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_one_paragraph_of_exactly_its_characters(text):
    html = MD.render(escape(text))
    expected = MD.utils.escapeHtml(" ".join(text.split()))
    assert html.startswith("<p>") and html.endswith("</p>\n") and html.count("<p>") == 1
    assert "<img" not in html and "<a " not in html and "<em>" not in html and "<strong>" not in html
    assert "<code>" not in html and "<h1>" not in html and "<li>" not in html and "<table>" not in html
    assert html == f"<p>{expected}</p>\n"


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_keeps_streamlits_own_markup_inert(text):
    escaped = escape(text)
    for i, c in enumerate(escaped):  # colours, icons, short codes and maths all start with one of these
        if c in ":$[":
            assert escaped[i - 1] == "\\", (escaped, i)


def test_a_title_inside_the_catalogues_bold_stays_bold_and_shows_its_asterisks():
    html = MD.render(f"By 2040 under **{escape('Fast **automation**')}**, …")
    assert html == "<p>By 2040 under <strong>Fast **automation**</strong>, …</p>\n"


def test_readable_punctuation_is_left_as_typed():
    assert escape("scenarios/fast_automation.yaml, line 3 (key 'x'): 5 % more") == (
        "scenarios/fast\\_automation.yaml, line 3 (key 'x')\\: 5 % more"
    )
    assert escape("Business as usual") == "Business as usual"


def test_plain_undoes_escape_and_drops_the_catalogues_bold():
    for text in HOSTILE:
        assert plain(escape(text)) == " ".join(text.split())
    assert plain(f"under **{escape('**x**')}** ({escape('a_b')})") == "under **x** (a_b)"


@pytest.mark.parametrize("text", ["a `b` c", "`start", "end`", "```", "x ``` y ` z"])
def test_a_code_span_cannot_be_closed_by_the_text_inside_it(text):
    html = MD.render("- " + code(text + " ![x](http://host.invalid/i.png)"))
    assert html.count("<code>") == 1 and "<img" not in html
    inner = html.split("<code>")[1].split("</code>")[0]
    assert inner == MD.utils.escapeHtml(text + " ![x](http://host.invalid/i.png)")


def test_long_values_are_shortened_with_an_ellipsis():
    assert shorten("x" * 100, 10) == "x" * 9 + "…"
    assert escape("y" * 100, limit=5) == "yyyy…"
    assert shorten("short", 10) == "short"
