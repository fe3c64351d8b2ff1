"""Writing files safely: all or nothing, and scenario backups kept few.

A file is written to a temporary file in the target's own folder, flushed to disk and then
renamed over the target (``os.replace`` is atomic on one file system), so a crash, a kill or a
full disk mid-write leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

KEEP_BACKUPS = 10
# save_scenario's backups: <stem>.<UTC timestamp to the microsecond>.yaml
_BACKUP = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}T\d{12})\.yaml$")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: some systems cannot open a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: str | Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` all at once or not at all.

    Raises ``FileExistsError`` when the file exists and ``overwrite`` is false, and the
    ``OSError`` of the failed step otherwise (missing folder, no permission, disk full); the
    temporary file is removed and an existing file is left as it was. The new file gets the
    usual permissions (0666 less the umask), not a temporary file's 0600.
    """
    target = Path(path)
    if not overwrite and target.exists():
        raise FileExistsError(17, "File exists", str(target))
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        break
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)
    return target


def prune_backups(folder: str | Path, *, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Delete all but the newest ``keep`` backups of each scenario in ``folder`` (``scenarios/.backups``).

    Backups are told apart by the scenario's file stem and ordered by the timestamp in their
    name; files that do not look like backups are never touched. Returns the deleted paths.
    """
    if keep < 0:
        raise ValueError(f"keep must be 0 or more, not {keep}")
    by_stem: dict[str, list[tuple[str, Path]]] = {}
    try:
        entries = list(Path(folder).iterdir())
    except FileNotFoundError:
        return []
    for entry in entries:
        match = _BACKUP.match(entry.name)
        if match and entry.is_file():
            by_stem.setdefault(match["stem"], []).append((match["stamp"], entry))
    deleted = []
    for backups in by_stem.values():
        backups.sort()
        for _, entry in backups[: max(len(backups) - keep, 0)]:
            with contextlib.suppress(FileNotFoundError):  # another session pruned it first
                entry.unlink()
                deleted.append(entry)
    return deleted
