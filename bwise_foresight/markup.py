"""User-supplied text inside Markdown: shown as typed, never as formatting, a link or an image (pure).

Scenario titles and descriptions, story texts, keys quoted in error messages and the names of
uploaded files are written by whoever wrote the file. Streamlit renders headers, captions,
alerts and toasts as Markdown (CommonMark with GitHub's extensions, plus its own ``:red[…]``
colours, ``:material/…:`` icons, ``:emoji:`` short codes and ``$…$`` maths), so such text is
escaped before it goes into one. No package escapes Streamlit's own extensions, so this follows
CommonMark's rule (§2.4: any ASCII punctuation character may be backslash-escaped): every
punctuation character that means something in Markdown is escaped, and so is one that means
something only at the start of a line (``-``, ``+``, ``1.``) when the text starts with it.
"""

from __future__ import annotations

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
