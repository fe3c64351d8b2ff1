"""User-supplied text inside Markdown: shown as typed, never as formatting, a link or an image (pure).

Scenario titles and descriptions, story texts, keys quoted in error messages and the names of
uploaded files are written by whoever wrote the file. Streamlit renders headers, captions,
alerts and toasts as Markdown (CommonMark with GitHub's extensions, plus its own ``:red[…]``
colours, ``:material/…:`` icons, ``:emoji:`` short codes and ``$…$`` maths), so such text is
escaped before it goes into one. No package escapes Streamlit's own extensions, so this follows
CommonMark's rule (§2.4: any ASCII punctuation character may be backslash-escaped): every
punctuation character that means something in Markdown is escaped, and so is one that means
something only at the start of a line (``-``, ``+``, ``1.``) when the text starts with it.

Plotly's texts (titles, axis titles, legend names, hover labels, tick labels) are a small HTML of
their own: ``<b>``, ``<i>``, ``<br>``, ``<a href>``, ``<span style>`` and entities such as
``&lt;``; and ``%{…}`` in a hover template, a title or a legend name is filled in from the data or
``layout.meta``. :func:`plotly_text` writes user text so that Plotly shows it as typed.
"""

from __future__ import annotations

import html
import re
import string

# Punctuation with no Markdown meaning in the middle of a line: left as typed, so that file
# names and sentences stay readable where they are also read as raw values (test output, logs).
_MIDLINE_SAFE = frozenset("/,;?@'\"%.(){}-+=")
_ESCAPED = frozenset(string.punctuation) - _MIDLINE_SAFE
_LIST_NUMBER = re.compile(r"(\d+)([.)])")
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|\*\*")
ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis when it is longer."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS


def escape(text: object, *, limit: int | None = None) -> str:
    """``text`` as Markdown that shows exactly its characters: every run of whitespace (line breaks
    included) becomes one space, and Markdown's punctuation is backslash-escaped.

    ``limit`` shortens a long text (a value from a link) to that many characters first.
    """
    plain = " ".join(str(text).split())
    if limit is not None:
        plain = shorten(plain, limit)
    out = "".join("\\" + c if c in _ESCAPED else c for c in plain)
    if out[:1] in _MIDLINE_SAFE:  # '- x', '+ x', '= x' … would start a list or a heading
        out = "\\" + out
    elif number := _LIST_NUMBER.match(out):  # '1. x' would start a numbered list
        out = f"{number[1]}\\{number[2]}{out[number.end() :]}"
    return out


def code(text: object) -> str:
    """``text`` as a Markdown code span that no backtick inside it can close: shown as typed, in
    a fixed-width font (CommonMark §6.1: a span opened by n backticks ends only at n backticks)."""
    body = " ".join(str(text).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", body)), default=0) + 1)
    pad = " " if body[:1] == "`" or body[-1:] == "`" else ""
    return f"{fence}{pad}{body}{pad}{fence}" if body else ""


def plain(markdown: str) -> str:
    """Text written with :func:`escape` and the catalogue's ``**bold**`` as plain text (for slides
    and files): the bold markers go, escaped characters are shown as themselves."""
    return _MARKDOWN_ESCAPE.sub(lambda m: m.group(1) or "", markdown)


# Plotly's pseudo-HTML: tags and entities; "%{" starts a template field in hover texts, titles and names
_PLOTLY_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PLOTLY_SPECIAL = re.compile(r"[&<>]|%(?=\{)")
# The start of an address that a PDF viewer (Chromium's, Acrobat, pdf.js) turns into a link by itself,
# in the text of an exported chart: "http://", "mailto:", "www." (Plotly itself links only <a href>).
# Its colon or dot is written with a look-alike that no link detector reads: RATIO (U+2236) and ONE DOT
# LEADER (U+2024). Invisible characters do not do: Chromium leaves zero-width joiners out of a PDF's
# text, and a hair space's gap is too narrow to part words in small type.
ADDRESS_MARKS = {":": "\u2236", ".": "\u2024"}
_ADDRESS = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*(:)(?=//)|mailto(:)|www(\.))")
_WRITTEN_ADDRESS = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*(\u2236)(?=//)|mailto(\u2236)|www(\u2024))")


def _swap_mark(match: re.Match[str], marks: dict[str, str]) -> str:
    group = next(i for i in (1, 2, 3) if match[i] is not None)
    start = match.start(group) - match.start()
    return match[0][:start] + marks[match[group]] + match[0][start + 1 :]


def plotly_text(text: object) -> str:
    """``text`` for a Plotly title, axis title, legend name, hover label or category: shown exactly as
    typed, never as markup, a link or a template field.

    ``&``, ``<`` and ``>`` become entities, the ``%`` of ``%{`` a numeric one (``&#37;``, which Plotly
    converts after filling in templates), and the colon of ``http://`` or ``mailto:`` and the dot of
    ``www.`` a look-alike (``ADDRESS_MARKS``), so that no PDF viewer makes an address a link.
    :func:`plotly_plain` undoes this.
    """
    escaped = _PLOTLY_SPECIAL.sub(lambda m: _PLOTLY_ESCAPES.get(m[0], "&#37;"), str(text))
    return _ADDRESS.sub(lambda m: _swap_mark(m, ADDRESS_MARKS), escaped)


def plotly_plain(text: object) -> str:
    """Text written by :func:`plotly_text` as plain text again (tables and files of a chart's numbers)."""
    back = {mark: char for char, mark in ADDRESS_MARKS.items()}
    return html.unescape(_WRITTEN_ADDRESS.sub(lambda m: _swap_mark(m, back), str(text)))
