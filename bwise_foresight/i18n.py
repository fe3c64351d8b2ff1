"""Languages: one catalogue file per language, and numbers written the way each language writes them.

Every user-facing text lives in ``locales/<lang>.yaml`` under a dotted key (``explore.title``) with
``{name}`` placeholders. :class:`Translator` looks texts up and formats numbers through Babel
(``1,234.5`` in English, ``1.234,5`` in Dutch, ``1 234,5`` in French). English is the source: a key
missing from another catalogue falls back to English, so a half-translated catalogue never breaks a
workshop (a test keeps every catalogue complete). Profile and competence names and training module titles
in English come from the baseline data; the other catalogues translate them under ``profile_name.<id>``,
``profile_description.<id>``, ``competence_name.<id>`` and ``module_title.<id>``.

Setting ``BWISE_PSEUDO_LOCALE=1`` adds the pseudo-language ``qps``: English wrapped in ⟦…⟧, which
makes any text that bypasses the catalogue stand out (the tests use it).
"""

from __future__ import annotations

import functools
import os
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

LOCALE_DIR = Path(__file__).resolve().parent / "locales"
SOURCE = "en"
PSEUDO = "qps"
OPEN, CLOSE = "⟦", "⟧"
MINUS = "\u2212"


@functools.cache
def _catalogue_files(folder: Path) -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in folder.glob("*.yaml") if p.stem != SOURCE))


def languages() -> tuple[str, ...]:
    """Language codes with a catalogue, English first (plus the pseudo-language when enabled)."""
    extra = (PSEUDO,) if os.environ.get("BWISE_PSEUDO_LOCALE") == "1" else ()
    return (SOURCE, *_catalogue_files(LOCALE_DIR), *extra)


@functools.cache
def _percent_pattern(locale: str) -> str:
    return Locale.parse(locale).percent_formats[None].pattern.split(";")[0]


def language_name(lang: str) -> str:
    """The language's name in itself, as a picker shows it: 'Nederlands', 'Français'."""
    if lang == PSEUDO:
        return "Pseudo (test)"
    name = Locale.parse(lang).display_name or lang
    return name[:1].upper() + name[1:]


def _flatten(node: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in node.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{full}."))
        else:
            out[full] = str(value)
    return out


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """Every text of one language by dotted key (the pseudo-language: English, marked)."""
    if lang == PSEUDO:
        return {key: f"{OPEN}{text}{CLOSE}" for key, text in catalogue(SOURCE).items()}
    path = LOCALE_DIR / f"{lang}.yaml"
    with path.open(encoding="utf-8") as handle:
        return _flatten(yaml.safe_load(handle) or {})


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a catalogue text."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def normalize(lang: str | None) -> str:
    """A supported language code for what a URL or a browser says ('nl-BE' -> 'nl'), else English."""
    if not lang:
        return SOURCE
    code = lang.replace("_", "-").split("-")[0].lower()
    return code if code in languages() else SOURCE


@dataclass(frozen=True)
class Translator:
    """Texts and number formats of one language. Call it with a key: ``t("explore.title")``."""

    lang: str = SOURCE

    @property
    def locale(self) -> str:
        return SOURCE if self.lang == PSEUDO else self.lang

    def __call__(self, key: str, /, **params: object) -> str:
        text = catalogue(self.lang).get(key)
        if text is None:
            text = catalogue(SOURCE)[key]  # a KeyError here is a bug: the key is not in English either
        return text.format(**params)

    def has(self, key: str) -> bool:
        return key in catalogue(SOURCE) or key in catalogue(self.lang)

    def num(self, value: float, decimals: int = 0, *, signed: bool = False) -> str:
        """A number with the language's decimal and group symbols; ``signed`` writes + and −."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        if signed:
            pattern = f"+{pattern};{MINUS}{pattern}"
        elif value < 0:
            return MINUS + format_decimal(-value, format=pattern, locale=self.locale)
        return format_decimal(value, format=pattern, locale=self.locale)

    def plain(self, value: float) -> str:
        """A number with as many decimals as it needs (up to three) and no grouping, so that an
        assumption reads as written: '0,45', '2032', '60'."""
        text = format_decimal(abs(value), format="0.###", locale=self.locale)
        return MINUS + text if value < 0 else text

    def pct(self, share: float, decimals: int = 0, *, signed: bool = False) -> str:
        """A share as a percentage in the language's own style ('12,3 %' in French)."""
        percent = _percent_pattern(self.locale)
        number = self.num(100 * share, decimals, signed=signed)
        return percent.replace("#,##0", "\0").replace("#", "").replace("\0", number)

    def millions(self, value: float) -> str:
        """Large totals compactly: '1,23 M' (two decimals below 100 million), small ones in full."""
        if abs(value) >= 1e8:
            return f"{self.num(value / 1e6)}\u00a0M"
        return f"{self.num(value / 1e6, 2)}\u00a0M" if abs(value) >= 1e6 else self.num(value)

    @property
    def separators(self) -> str:
        """Plotly's ``layout.separators``: the decimal then the group symbol of the language."""
        return get_decimal_symbol(self.locale) + get_group_symbol(self.locale)

    def profile(self, profile_id: str, english: str) -> str:
        """A profile's name: the catalogue's, or the baseline's English name."""
        return self.named("profile_name", profile_id, english)

    def competence(self, competence_id: str, english: str) -> str:
        return self.named("competence_name", competence_id, english)

    def named(self, section: str, item: str, english: str) -> str:
        """A text about a data item (``profile_name.wsn_recycling``): the catalogue's, or the data's English."""
        text = catalogue(self.lang).get(f"{section}.{item}")
        if text is None:
            return f"{OPEN}{english}{CLOSE}" if self.lang == PSEUDO else english
        return text

    def scenario_title(self, scenario: Any) -> str:
        """A scenario's title in this language (its ``translations``), marked when sliders changed it."""
        return scenario.title_in(self.lang, adjusted=self("scenario.adjusted"))

    def country(self, code: str) -> str:
        """A country's name in this language (Babel's CLDR names; the EU writes Greece EL, ISO GR)."""
        name = Locale.parse(self.locale).territories.get("GR" if code == "EL" else code, code)
        return f"{OPEN}{name}{CLOSE}" if self.lang == PSEUDO else name

    def group(self, group: str) -> str:
        return self(f"group.{group}")

    def cluster(self, cluster: str) -> str:
        return self(f"cluster.{cluster}")


EN = Translator()


@dataclass(frozen=True)
class Message:
    """A text to be said in any language later: a catalogue key and its fields (which may be Messages)."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def render(self, t: Translator = EN) -> str:
        return t(self.key, **{k: v.render(t) if isinstance(v, Message | Number) else v for k, v in self.params})


@dataclass(frozen=True)
class Number:
    """A number inside a :class:`Message`, written in the language it is rendered in."""

    value: float
    decimals: int = 0

    def render(self, t: Translator = EN) -> str:
        return t.num(self.value, self.decimals)


def msg(key: str, /, **params: object) -> Message:
    """A :class:`Message` for ``key`` with ``params``."""
    return Message(key, tuple(params.items()))
