"""Safe YAML reading that remembers the line of every key, and refuses hostile files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, ScenarioError
from .i18n import Message, Number, msg

MAX_BYTES = 1024 * 1024
MAX_NODES = 20_000

Path_ = tuple[str | int, ...]
LineMap = dict[Path_, int]


def _fail(file: str, line: int | None, message: Message, key: str = "") -> ScenarioError:
    return ScenarioError([Problem.of(file, line, key, message)])


def _expanded_size(root: yaml.Node, file: str) -> int:
    """Count the nodes a document has once aliases are expanded, without expanding them."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise _fail(file, node.start_mark.line + 1, msg("error.yaml.recursive"))
        in_progress.add(key)
        if isinstance(node, yaml.MappingNode):
            n = 1 + sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            n = 1 + sum(size(v) for v in node.value)
        else:
            n = 1
        in_progress.discard(key)
        sizes[key] = min(n, MAX_NODES + 1)
        return sizes[key]

    return size(root)


def _line_map(node: yaml.Node, file: str) -> LineMap:
    lines: LineMap = {(): node.start_mark.line + 1}
    stack: list[tuple[yaml.Node, Path_]] = [(node, ())]
    while stack:
        current, path = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, v in current.value:
                line = k.start_mark.line + 1
                name = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
                if name in seen:
                    where = ".".join(map(str, (*path, name)))
                    raise _fail(
                        file,
                        line,
                        msg("error.yaml.duplicate", key=where, first=seen[name], line=line),
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


def read_yaml(path: str | Path, *, display: str | None = None) -> tuple[dict[str, Any], LineMap]:
    """Read a YAML mapping safely; return the data and the line of every key path.

    Refuses files over 1 MiB, alias bombs (more than 20,000 values once expanded), recursive
    anchors, duplicate keys and anything but a mapping at the top, each with a ScenarioError
    that names the file and line.
    """
    path = Path(path)
    file = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _fail(file, None, msg("error.yaml.unreadable", reason=exc.strerror or str(exc))) from None
    if size > MAX_BYTES:
        raise _fail(file, None, msg("error.yaml.too_big", size=f"{size / 1024 / 1024:.1f}"))
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(file, line, msg("error.yaml.not_utf8")) from None
    return parse_yaml(text, file=file)


def parse_yaml(text: str, *, file: str) -> tuple[dict[str, Any], LineMap]:
    """Parse YAML text (see :func:`read_yaml`)."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise _fail(file, None, msg("error.yaml.text_too_big"))
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
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
        raise _fail(file, line, msg("error.yaml.syntax", what=what, hint=hint)) from None
    except yaml.YAMLError as exc:
        raise _fail(file, None, msg("error.yaml.syntax", what=str(exc), hint="")) from None
    if node is None:
        raise _fail(file, 1, msg("error.yaml.empty"))
    if not isinstance(node, yaml.MappingNode):
        raise _fail(file, node.start_mark.line + 1, msg("error.yaml.not_mapping"))
    if _expanded_size(node, file) > MAX_NODES:
        raise _fail(file, None, msg("error.yaml.alias_bomb", n=Number(MAX_NODES)))
    lines = _line_map(node, file)
    loader = yaml.SafeLoader("")
    try:
        data = loader.construct_document(node)
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise _fail(file, line, msg("error.yaml.constructor", what=exc.problem)) from None
    finally:
        loader.dispose()
    return data, lines
