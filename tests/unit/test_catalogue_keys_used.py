"""Every catalogue text is used: a key left behind by a change (``files.loaded``) goes from every language.

A key counts as used when the code names it, literally (``"files.saved"``) or through an f-string
whose fields may fill it (``f"chart.{what}_of"``). Texts about data items (``profile_name.<id>``,
``module_title.<id>``…) are looked up by the data's ids and are left out.
"""

from __future__ import annotations

import re

from paths import ROOT

from bwise_foresight.i18n import SOURCE, catalogue

DATA_SECTIONS = ("profile_name.", "profile_description.", "competence_name.", "module_title.")
# a dotted catalogue key as a string literal, f-string fields allowed: "files.saved", f"chart.{what}_of"
KEY_LITERAL = re.compile(r"""["']([a-z_{][a-z0-9_]*(?:\.[a-z0-9_]*(?:\{[^{}"']*\}[a-z0-9_]*)*)+)["']""")


def _code() -> str:
    files = [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "bwise_foresight").rglob("*.py")]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def _patterns(code: str) -> list[re.Pattern[str]]:
    """Each key the code may name, as a pattern: an f-string field matches any part of a key."""
    return [
        re.compile(
            "".join(
                r"[a-z0-9_.]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]*\})", text)
            )
        )
        for text in set(KEY_LITERAL.findall(code))
    ]


def test_every_catalogue_key_is_used_somewhere():
    patterns = _patterns(_code())
    unused = [
        key
        for key in catalogue(SOURCE)
        if not key.startswith(DATA_SECTIONS) and not any(p.fullmatch(key) for p in patterns)
    ]
    assert not unused, f"catalogue keys no code uses (remove them from every language): {unused}"


def test_the_check_sees_a_key_that_is_not_used():
    patterns = _patterns('t("files.saved") + t(f"chart.{what}_of")')
    assert any(p.fullmatch("files.saved") for p in patterns)
    assert any(p.fullmatch("chart.total_of") for p in patterns)
    assert not any(p.fullmatch("files.loaded") for p in patterns)
