"""Errors and warnings collected during a build, reported as ``path:line: level: message``."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field, replace
from pathlib import Path


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    level: str  # "error" or "warning"
    message: str
    root_cause: bool = False  # a broken shared file: listed before everything it affects

    def __lt__(self, other: Diagnostic) -> bool:
        return self._sort_key() < other._sort_key()

    def _sort_key(self) -> tuple[bool, str, int, str, str]:
        return (not self.root_cause, self.path, self.line, self.level, self.message)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.message}"


def display_path(path: Path | str) -> str:
    """A path as the user typed it: relative to the working folder when inside it."""
    return _relative(os.fspath(path), os.getcwd())


@functools.lru_cache(maxsize=4096)
def _relative(path: str, folder: str) -> str:
    # remembered: a leaflet names the same few files (its own, services.yaml) hundreds of
    # times, for every contact detail it prints
    try:
        return os.path.relpath(path, folder)
    except ValueError:  # another drive on Windows
        return path


@dataclass
class Diagnostics:
    """Collects every problem in a run so the user sees them all at once."""

    items: list[Diagnostic] = field(default_factory=list)
    # what is in items, to find a repeat at once (a build of thousands of PDFs repeats
    # the same finding thousands of times)
    _seen: set[Diagnostic] = field(default_factory=set, repr=False, compare=False)

    def add(self, diagnostic: Diagnostic) -> None:
        """Keep each problem once, though many formats and editions may find it."""
        if len(self._seen) != len(self.items):  # items was set by hand
            self._seen = set(self.items)
        if diagnostic not in self._seen:
            self._seen.add(diagnostic)
            self.items.append(diagnostic)

    def error(self, path: Path | str, line: int, message: str) -> None:
        self.add(Diagnostic(display_path(path), line, "error", message))

    def warning(self, path: Path | str, line: int, message: str) -> None:
        self.add(Diagnostic(display_path(path), line, "warning", message))

    def mark_root_causes(self, paths: set[str]) -> None:
        """Errors in these files (shared data every resource uses) are listed first."""
        self.items = [replace(d, root_cause=True) if d.path in paths and d.level == "error"
                      else d for d in self.items]
        self._seen = set(self.items)

    def extend(self, other: Diagnostics) -> None:
        for item in other.items:
            self.add(item)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "warning"]

    def has_errors_for(self, path: Path | str) -> bool:
        shown = display_path(path)
        return any(d.path == shown for d in self.errors)
