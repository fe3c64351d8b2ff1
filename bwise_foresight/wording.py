"""How a validation error becomes a sentence a person can act on.

pydantic reports errors as locations and codes; :func:`validation_problems` turns each into a
:class:`Problem` with the file, the line (from the YAML line map) and the key, worded through
the message catalogue (``error.*``), with a "did you mean" where a close name exists.
"""

from __future__ import annotations

import difflib
import re
import reprlib
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Union

import yaml
from pydantic import BaseModel, ValidationError

from .errors import MAX_VALUE, Problem, shorten
from .i18n import Message, msg
from .yamlio import Path_

# a value quoted in a message: a few items of a list or mapping, long text cut (a file may repeat a
# 400 KB string through aliases in every value: each message must not repeat it whole)
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, MAX_VALUE, MAX_VALUE

_TAGS = {"number", "range", "float", "int", "dict[str,float]", "dict[str,Range]"}


def clean_loc(loc: tuple[Any, ...]) -> Path_:
    """A pydantic error location as the key path of the YAML file (union and validator labels dropped)."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and (part in _TAGS or part.startswith(("function-", "tagged-union", "union["))):
            continue
        if isinstance(part, str) and part.startswith("dict["):
            continue
        out.append(part)
    return tuple(out)


def location(path: Path_) -> Message | str:
    """Where a key path is, as messages say it: 'automation.ceiling' in quotes, or the top level."""
    return msg("error.top_level") if not path else "'" + dotted(path) + "'"


def dotted(path: Path_) -> str:
    """A key path as one key: 'demand.shocks[0].year'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (("." if text else "") + shorten(part))
    return text


def model_at(path: Path_, root: type[BaseModel]) -> type[BaseModel] | None:
    """The pydantic model that describes the mapping at ``path`` under ``root``, if any."""
    model: Any = root
    container = False  # the previous key was a list or a mapping: this part is an index or an id
    for part in path:
        if container:
            container = False
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        model = model.model_fields[part].annotation
        while True:
            origin = typing.get_origin(model)
            args = [a for a in typing.get_args(model) if a is not type(None)]
            if origin in (Union, types.UnionType) and len(args) == 1:
                model = args[0]
            elif origin in (list, dict):
                model, container = args[-1], True
                break
            else:
                break
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def suggest(word: str, options: list[str]) -> Message | str:
    """' — did you mean 'x'?' for the closest of ``options``, or nothing when none is close."""
    if len(str(word)) > MAX_VALUE:  # nothing is that long; and difflib's time grows with the length
        return ""
    close = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    return msg("error.did_you_mean", name=close[0]) if close else ""


def unknown(what: str, name: str, where: str, valid: list[str]) -> Message:
    """'unknown X 'name' in where — did you mean 'y'? Valid: a, b, c'."""
    return msg(
        "error.unknown_id",
        what=msg(f"error.what.{what}"),
        name=shorten(name),
        where=where,
        hint=suggest(name, valid) or ".",
        valid=", ".join(valid),
    )


_BOUNDS = {
    "greater_than_equal": "at_least",
    "less_than_equal": "at_most",
    "greater_than": "more_than",
    "less_than": "less_than",
}


def message(err: dict[str, Any], path: Path_, root: type[BaseModel]) -> Message:
    """One pydantic error at key path ``path`` (of a ``root`` model) as a catalogue message."""
    kind, key = err["type"], shorten(path[-1]) if path else ""
    got_key = path[-1] if path else None
    parent = path[:-1]
    if kind == "missing":
        return msg("error.missing", key=key, where=location(parent))
    if kind == "invalid_key":
        model = model_at(parent, root)
        allowed = list(model.model_fields) if model else []
        hint = msg("error.allowed_keys", keys=", ".join(allowed)) if allowed else ""
        kinds = {type(None): "empty", bool: "truth", int: "number", float: "number"}
        what = msg(f"error.kind.{kinds.get(type(got_key), 'other')}")
        return msg("error.key_not_name", key=_key_text(got_key), where=location(parent), kind=what, hint=hint)
    if kind == "extra_forbidden":
        model = model_at(parent, root)
        allowed = list(model.model_fields) if model else []
        hint = suggest(str(key), allowed) or (msg("error.allowed_keys", keys=", ".join(allowed)) if allowed else "")
        if key == "id" and not parent:
            hint = msg("error.id_is_file_name")
        return msg("error.unknown_key", key=key, where=location(parent), hint=hint)
    got = err.get("input")
    got_text = f"'{shorten(got)}'" if isinstance(got, str) else shorten(_REPR.repr(got))
    where = location(path)
    if kind in {"float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"}:
        want = msg("error.want_whole" if kind.startswith("int") else "error.want_number")
        if kind == "float_type" and isinstance(got, str):
            hint = _exponent_hint(got) or (msg("error.no_quotes") if is_number(got) else "")
            return msg("error.number_or_range_text", where=where, want=want, got=got_text, hint=hint)
        return msg("error.must_be", where=where, want=want, got=got_text)
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return msg("error.want_mapping", where=where, got=got_text)
    if kind == "list_type":
        return msg("error.want_list", where=where, got=got_text)
    if kind in {"string_type"}:
        return msg("error.want_text", where=where, got=got_text)
    if kind == "string_pattern_mismatch" and err["ctx"]["pattern"] == r"\S":
        return msg("error.blank", where=where)
    if kind in {"string_too_short", "too_short"}:
        return msg("error.empty", where=where)
    if kind == "string_too_long":
        return msg("error.too_long", where=where, n=err["ctx"]["max_length"])
    if kind in {"date_type", "date_parsing", "date_from_datetime_parsing"}:
        return msg("error.want_date", where=where, got=got_text)
    if kind in _BOUNDS:
        limit = next(iter(err["ctx"].values()))
        extra = msg("error.horizon_2050") if path[-1:] == ("end",) and kind == "less_than_equal" else ""
        return msg(f"error.{_BOUNDS[kind]}", where=where, limit=limit, got=got_text, extra=extra)
    if kind == "out_of_range":
        ctx = err["ctx"]
        hint = msg("error.fraction", value=ctx["fraction"]) if ctx["fraction"] else ""
        return msg(
            "error.out_of_range",
            where=where,
            lo=ctx["lo"],
            hi=ctx["hi"],
            unit=msg(f"error.unit.{ctx['unit']}"),
            got=ctx["got"],
            hint=hint,
        )
    if kind == "range_order":
        return msg("error.range_order", where=where, **err["ctx"])
    if kind == "horizon_order":
        return msg("error.horizon_order", where=where, **err["ctx"])
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        return msg("error.number_or_range", where=where, got=got_text)
    return msg("error.other", where=where, what=err["msg"])


_EXPONENT = re.compile(r"([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))([eE])([-+]?)([0-9]+)")


def _exponent_hint(text: str) -> Message | None:
    """For '1e-2', which YAML 1.1 reads as text (it wants a dot and a signed exponent: '1.0e-2'):
    say so, and how to write it, instead of telling the reader to drop quotes that are not there."""
    match = _EXPONENT.fullmatch(text.strip())
    if match is None or len(text) > MAX_VALUE or not isinstance(yaml.safe_load(text), str):
        return None
    mantissa, e, sign, power = match.groups()
    mantissa = mantissa if "." in mantissa else f"{mantissa}.0"
    exponent = f"{mantissa}{e}{sign or '+'}{power}"
    decimal = format(Decimal(text.strip()), "f")
    if len(decimal) > 12:  # 1e-20 written out helps nobody
        return msg("error.exponent_text_one", got=shorten(text), exponent=exponent)
    return msg("error.exponent_text", got=shorten(text), decimal=decimal, exponent=exponent)


def is_number(text: str) -> bool:
    """Whether text reads as a number (e.g. a number written in quotes)."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def locate(path: Path_, lines: Mapping[Path_, tuple[str, int]], default_file: str) -> tuple[str, int | None]:
    """The file and line of ``path``, or of its nearest parent that has one."""
    for i in range(len(path), -1, -1):
        if path[:i] in lines:
            return lines[path[:i]]
    return default_file, None


def validation_problems(
    exc: ValidationError,
    lines: Mapping[Path_, tuple[str, int]],
    file: str,
    root: type[BaseModel],
    *,
    data: Any = None,
) -> list[Problem]:
    """Every pydantic error of a YAML-born model as a Problem with its file, line and key.

    ``data`` (what was validated) lets a value that could be one of two shapes be reported for
    the shape it has, not for both.
    """
    problems = []
    for err in _one_branch(exc.errors(include_url=False), data):
        path = clean_loc(err["loc"])
        key = dotted(path)
        if path[-1:] == ("[key]",) and err["type"] == "string_type":  # a key of a mapping of ids
            err, path = {**err, "type": "invalid_key"}, path[:-1]
        if err["type"] == "invalid_key":  # a key YAML read as a number, None, true …: pydantic says 'None'
            path = (*path[:-1], err["input"])
            key = ".".join(p for p in (dotted(path[:-1]), _key_text(err["input"])) if p)
        where_file, line = locate(path, lines, file)
        problems.append(Problem.of(where_file, line, key, message(err, path, root)))
    return unique(problems)


def _one_branch(errors: list[Any], data: Any) -> list[Any]:
    """Of the branches of a union (``hours_per_worker``: a number or range, or one per group), keep
    the errors of the branch the value's shape chooses: a mapping without low/mode/high is one
    value per group, anything else a number or a range. pydantic reports every branch, and a
    reader told both '-5 must be between 0 and 1000' and '-5 must be a mapping' cannot act."""
    if data is None:
        return errors
    labels: dict[Path_, set[str]] = {}
    for err in errors:
        at = _branch(err["loc"])
        if at is not None:
            labels.setdefault(clean_loc(err["loc"][:at]), set()).add(err["loc"][at])
    kept = []
    for err in errors:
        at = _branch(err["loc"])
        if at is not None and len(labels[clean_loc(err["loc"][:at])]) > 1:
            value = _value_at(data, clean_loc(err["loc"][:at]))
            per_group = isinstance(value, Mapping) and not {"low", "mode", "high"} & set(value)
            if err["loc"][at].startswith("dict[") != per_group:
                continue
        kept.append(err)
    return kept


def _branch(loc: tuple[Any, ...]) -> int | None:
    """The position of the first union branch label in a pydantic location, if any."""
    for i, part in enumerate(loc):
        if isinstance(part, str) and part.startswith(("dict[", "function-", "tagged-union", "union[")):
            return i
    return None


def _value_at(data: Any, path: Path_) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _key_text(key: Any) -> str:
    """A key as YAML would write it: 7, null, true."""
    return "null" if key is None else str(key).lower() if isinstance(key, bool) else shorten(key)


def unique(problems: list[Problem]) -> list[Problem]:
    """Problems without repeats, in file and line order."""
    seen, out = set(), []
    for p in problems:
        if (p.file, p.line, p.message) not in seen:
            seen.add((p.file, p.line, p.message))
            out.append(p)
    return sorted(out, key=lambda p: (p.file, p.line or 0))
