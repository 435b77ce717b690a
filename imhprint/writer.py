"""Stage 3: write PDFs safely. A file is either the old one or the new one, never half.

Each PDF is written to a temporary file beside it (``.NAME.PID.XXXX.tmp``), flushed to disk,
and renamed over the old one in one step. A build killed at any moment leaves the old PDF
or the new one, never a truncated file; at worst a temporary file is left behind, and the
next build that writes the same PDF removes it. A full disk or an output path that is not
a folder is reported in plain words (``write_failure``), and the old PDF is kept.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from pathlib import Path

from .diagnostics import display_path


class OutputClash(Exception):
    pass


_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")

_PLAIN_REASONS = {
    getattr(errno, name, None): reason for name, reason in (
        ("ENOSPC", "the disk is full"),
        ("EDQUOT", "the disk quota is full"),
        ("EFBIG", "the file is larger than this system allows (is the disk or quota full?)"),
        ("EROFS", "the output folder is on a read-only disk"),
        ("EACCES", "permission denied: the output folder cannot be written to"),
        ("EPERM", "permission denied: the output folder cannot be written to"),
    )
}


def plain_reason(exc: OSError) -> str:
    """Why a write failed, in words a non-programmer understands where we know them.

    Never ``str(exc)``: that reads "[Errno 28] ...: None" when the error names no file.
    """
    return _PLAIN_REASONS.get(exc.errno) or exc.strerror or type(exc).__name__


def write_failure(what: str, exc: OSError) -> str:
    """The one message for any output that cannot be written (a PDF, preflight.json)."""
    return (f"cannot write {what}: {plain_reason(exc)}. Check the output folder exists, is "
            "writable and the disk has space; the previous file was left as it was")


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but is not ours
        return True
    return True


class Writer:
    """Writes each output once, atomically, and refuses two outputs on one path."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self._claimed: dict[Path, str] = {}

    def claim(self, relative: Path, owner: str) -> Path:
        target = (self.output_dir / relative).resolve()
        if target in self._claimed:
            raise OutputClash(f"{owner} and {self._claimed[target]} would both write {target}")
        self._claimed[target] = owner
        return target

    def _make_folder(self, folder: Path) -> None:
        """Create ``folder``; a file in the way is named, not reported as errno jargon."""
        for parent in (folder, *folder.parents):
            if parent.exists() or parent.is_symlink():
                if not parent.is_dir():
                    raise NotADirectoryError(
                        errno.ENOTDIR, f"'{display_path(parent)}' is a file, not a folder: "
                        "move it away or choose another --output folder")
                break
        folder.mkdir(parents=True, exist_ok=True)

    def write(self, target: Path, data: bytes) -> None:
        self._make_folder(target.parent)
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.",
                                             suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as temp:
                temp.write(data)
                temp.flush()
                os.fsync(temp.fileno())
            os.chmod(temp_name, 0o644)
            os.replace(temp_name, target)
        except BaseException:  # a full disk, or Ctrl-C: never leave the half-written file
            Path(temp_name).unlink(missing_ok=True)
            raise
        _sync_folder(target.parent)
        self._remove_leftovers(target)

    def write_if_changed(self, target: Path, data: bytes) -> bool:
        """Write ``data`` unless the file already holds exactly it: a build that changes
        nothing leaves every file, and its modification time, as it was."""
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                self._remove_leftovers(target)
                return False
        except OSError:
            pass  # not there yet, or unreadable: write it
        self.write(target, data)
        return True

    def keep(self, target: Path) -> None:
        """``target`` is already up to date: only clear what a killed build left of it."""
        self._remove_leftovers(target)

    @staticmethod
    def _remove_leftovers(target: Path) -> None:
        """Temporary files of this PDF left by an earlier build that was killed."""
        try:
            names = os.listdir(target.parent)
        except OSError:
            return
        for name in names:
            match = _LEFTOVER.match(name)
            if match and match["name"] == target.name and not _process_alive(int(match["pid"])):
                with contextlib.suppress(OSError):
                    (target.parent / name).unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
