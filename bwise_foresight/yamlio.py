"""Safe YAML reading that remembers the line of every key, and refuses hostile files."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, ScenarioError, printable, shorten
from .i18n import Message, Number, msg

MAX_BYTES = 1024 * 1024
MAX_NODES = 20_000  # values once aliases are expanded
MAX_TEXT = MAX_BYTES  # characters of text once aliases are expanded: no file needs more than it holds
MAX_DEPTH = 32  # nested mappings and lists; a scenario needs five
MAX_DIGITS = sys.get_int_max_str_digits() or 4300  # Python refuses to read longer integers

_SURROGATE = re.compile("[\ud800-\udfff]")

Path_ = tuple[str | int, ...]
LineMap = dict[Path_, int]


def _fail(file: str, line: int | None, message: Message, key: str = "") -> ScenarioError:
    return ScenarioError([Problem.of(file, line, key, message)])


class _NodeError(Exception):
    """A node the loader will not read; turned into a ScenarioError once its key path is known."""

    def __init__(self, node: yaml.Node, message: Message) -> None:
        self.node, self.message = node, message


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing deep nesting while it composes (its composer recurses once per
    level, so ~900 nested brackets end in a RecursionError) and naming the node of a value it cannot
    construct (PyYAML raises a bare ValueError or KeyError for ``2026-13-45`` or ``!!bool maybe``)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                event = self.peek_event()
                raise _NodeError(yaml.ScalarNode("", "", event.start_mark), msg("error.yaml.too_deep", n=MAX_DEPTH))
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (_NodeError, yaml.YAMLError):
            raise
        except Exception:  # PyYAML's constructors raise ValueError, KeyError, AttributeError …
            raise _NodeError(node, _unreadable(node)) from None


def _unreadable(node: yaml.Node) -> Message:
    """Why a scalar cannot become a value: an impossible date, a number too long, a value its tag refuses."""
    value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    shown = shorten(value)
    if tag == "!!timestamp":
        return msg("error.yaml.bad_date", value=shown)
    digits = sum(c.isdigit() for c in value)
    if tag in ("!!int", "!!float") and digits > MAX_DIGITS:
        return msg("error.yaml.long_number", n=Number(digits), max=Number(MAX_DIGITS))
    return msg("error.yaml.bad_value", value=shown, tag=tag)


def _expanded_size(root: yaml.Node, file: str) -> tuple[int, int, int]:
    """Values, characters of text and depth of a document once aliases are expanded, without
    expanding them (each node is measured once; the walk uses its own stack, not recursion)."""
    sizes: dict[int, tuple[int, int, int]] = {}
    in_progress: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]

    def children(node: yaml.Node) -> list[yaml.Node]:
        if isinstance(node, yaml.MappingNode):
            return [n for pair in node.value for n in pair]
        return list(node.value) if isinstance(node, yaml.SequenceNode) else []

    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            parts = [sizes[id(c)] for c in children(node)]
            chars = len(node.value) if isinstance(node, yaml.ScalarNode) else 0
            sizes[key] = (
                min(1 + sum(p[0] for p in parts), MAX_NODES + 1),
                min(chars + sum(p[1] for p in parts), MAX_TEXT + 1),
                1 + max((p[2] for p in parts), default=0),
            )
            in_progress.discard(key)
        elif key not in sizes:
            if key in in_progress:
                raise _fail(file, node.start_mark.line + 1, msg("error.yaml.recursive"))
            in_progress.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in children(node) if id(c) not in sizes)
    return sizes[id(root)]


def _line_map(node: yaml.Node, file: str, loader: _Loader, paths: dict[int, Path_]) -> LineMap:
    """The line of every key path; fills ``paths`` with the key path of every node (for errors found later).

    Keys are the values YAML makes of them (``1:`` is the number 1, ``~:`` is None), as pydantic
    reports them. Text with a lone surrogate (a ``"\\ud800"`` escape) is refused here: no later
    step could encode it.
    """
    lines: LineMap = {(): node.start_mark.line + 1}
    stack: list[tuple[yaml.Node, Path_]] = [(node, ())]
    while stack:
        current, path = stack.pop()
        paths.setdefault(id(current), path)
        if isinstance(current, yaml.ScalarNode) and _SURROGATE.search(current.value):
            raise _NodeError(current, msg("error.yaml.surrogate", char=printable(_SURROGATE.search(current.value)[0])))
        if isinstance(current, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for k, v in current.value:
                line = k.start_mark.line + 1
                name = _key(k, loader)
                paths.setdefault(id(k), (*path, name))
                if isinstance(k, yaml.ScalarNode) and _SURROGATE.search(k.value):
                    stack.append((k, (*path, name)))
                if name in seen:
                    where = ".".join(map(str, (*path, name)))
                    raise _fail(
                        file,
                        line,
                        msg("error.yaml.duplicate", key=shorten(where), first=seen[name], line=line),
                        where,
                    )
                seen[name] = line
                lines[(*path, name)] = line
                stack.append((v, (*path, name)))
        elif isinstance(current, yaml.SequenceNode):
            for i, v in enumerate(current.value):
                lines[(*path, i)] = v.start_mark.line + 1
                stack.append((v, (*path, i)))
    return lines


def _key(node: yaml.Node, loader: _Loader) -> Any:
    """A mapping key as YAML reads it (a number, None, text …); its source text when it cannot be read."""
    if isinstance(node, yaml.ScalarNode) and not _SURROGATE.search(node.value):
        try:
            key = loader.construct_object(node, deep=True)
            hash(key)
        except Exception:  # an unreadable key: reported when the document is constructed
            loader.recursive_objects.clear()  # PyYAML leaves the failed node marked as in progress
            loader.deep_construct = False
            return node.value
        return key
    return str(node.value) if isinstance(node, yaml.ScalarNode) else f"<{node.id}>"


def read_yaml(path: str | Path, *, display: str | None = None) -> tuple[dict[str, Any], LineMap]:
    """Read a YAML mapping safely; return the data and the line of every key path.

    Refuses files over 1 MiB, alias bombs (more than 20,000 values or 1 MiB of text once
    expanded), nesting deeper than 32 levels, recursive anchors, duplicate keys, characters YAML
    does not allow, values YAML cannot read (``2026-13-45``, ``!!bool maybe``) and anything but a
    mapping at the top: each with a ScenarioError that names the file, line and key. No other
    exception escapes.
    """
    path = Path(path)
    file = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _fail(file, None, msg("error.yaml.unreadable", reason=exc.strerror or str(exc))) from None
    if size > MAX_BYTES:
        raise _fail(file, None, msg("error.yaml.too_big", size=f"{size / 1024 / 1024:.1f}"))
    try:
        raw = path.read_bytes()
    except OSError as exc:  # a folder named *.yaml, no permission, a file that vanished
        raise _fail(file, None, msg("error.yaml.unreadable", reason=exc.strerror or str(exc))) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(file, line, msg("error.yaml.not_utf8")) from None
    return parse_yaml(text, file=file)


def parse_yaml(text: str, *, file: str) -> tuple[dict[str, Any], LineMap]:
    """Parse YAML text (see :func:`read_yaml`)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _fail(file, None, msg("error.yaml.text_too_big"))
    try:
        loader = _Loader(text)  # the reader checks every character here
    except yaml.reader.ReaderError as exc:
        raise _fail(file, text.count("\n", 0, exc.position) + 1, _bad_character(text, exc.character)) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.reader.ReaderError as exc:
            raise _fail(file, text.count("\n", 0, exc.position) + 1, _bad_character(text, exc.character)) from None
        except yaml.MarkedYAMLError as exc:
            raise _fail(file, *_syntax(exc)) from None
        except yaml.YAMLError as exc:
            raise _fail(file, None, msg("error.yaml.syntax", what=shorten(str(exc)), hint="")) from None
        except _NodeError as exc:
            raise _fail(file, exc.node.start_mark.line + 1, exc.message) from None
        if node is None:
            raise _fail(file, 1, msg("error.yaml.empty"))
        if not isinstance(node, yaml.MappingNode):
            raise _fail(file, node.start_mark.line + 1, msg("error.yaml.not_mapping"))
        values, chars, depth = _expanded_size(node, file)
        if values > MAX_NODES:
            raise _fail(file, None, msg("error.yaml.alias_bomb", n=Number(MAX_NODES)))
        if chars > MAX_TEXT:
            raise _fail(file, None, msg("error.yaml.text_bomb", n=Number(MAX_TEXT)))
        if depth > MAX_DEPTH:
            raise _fail(file, None, msg("error.yaml.too_deep", n=MAX_DEPTH))
        paths: dict[int, Path_] = {}
        try:
            lines = _line_map(node, file, loader, paths)
            data = loader.construct_document(node)
        except yaml.constructor.ConstructorError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else None
            raise _fail(file, line, msg("error.yaml.constructor", what=shorten(str(exc.problem)))) from None
        except _NodeError as exc:
            path = paths.get(id(exc.node), ())
            key = _dotted(path)
            message = msg("error.yaml.at_key", key=key, what=exc.message) if key else exc.message
            raise _fail(file, exc.node.start_mark.line + 1, message, key) from None
    finally:
        loader.dispose()
    return data, lines


def _dotted(path: Path_) -> str:
    return ".".join(shorten(str(p)) for p in path)


def _syntax(exc: yaml.MarkedYAMLError) -> tuple[int | None, Message]:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    what = " ".join(s for s in (exc.context, exc.problem) if s)
    hint: Message | str = ""
    if "'\\t'" in what:
        hint = msg("error.yaml.hint_tabs")
    elif "mapping values are not allowed" in what:
        hint = msg("error.yaml.hint_colon")
    elif "could not find expected ':'" in what or "expected <block end>" in what:
        hint = msg("error.yaml.hint_indent")
    return line, msg("error.yaml.syntax", what=shorten(what, 200), hint=hint)


def _bad_character(text: str, char: int | str) -> Message:
    """A character YAML refuses: NUL bytes (often a file saved as UTF-16) or another control character."""
    code = char if isinstance(char, int) else ord(char)
    if code == 0:
        utf16 = text.count("\0") * 3 >= len(text)  # UTF-16 of mostly ASCII text: every other byte is 0
        return msg("error.yaml.utf16" if utf16 else "error.yaml.nul")
    return msg("error.yaml.bad_character", char=f"U+{code:04X}")
