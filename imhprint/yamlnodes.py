"""Read a YAML file into a node tree that keeps line numbers, refusing unsafe or broken input.

Validation works on nodes, not on PyYAML's Python objects, for three reasons: every value
keeps its line for error messages; duplicate keys are caught (PyYAML keeps the last one
silently); and plain scalars keep the text the author typed (``version: 1.0`` stays "1.0",
``title: No`` stays "No").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostics

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40


class RefusedInput(Exception):
    """Input we will not parse; carries the line it was found on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _GuardedLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases (alias bombs) and very deep nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise RefusedInput(
                event.start_mark.line + 1,
                "YAML anchors and aliases (& and *) are not allowed: write the text out in full",
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise RefusedInput(
                    mark.line + 1,
                    f"content is nested more than {MAX_DEPTH} levels deep: check the indentation",
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass
class LoadedFile:
    path: Path
    root: Node


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def _decode(path: Path, data: bytes, diags: Diagnostics) -> str | None:
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        diags.error(path, line, "this is not a text file (it contains binary data): "
                    "save the content as plain UTF-8 text")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diags.error(path, line, "the file is not UTF-8 text: open it in a text editor "
                    "and save it with UTF-8 encoding")
        return None


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if "'\\t'" in problem or "\\t" in problem:
        return "a tab is used for indentation: YAML needs spaces, so replace tabs with spaces"
    context = f" {exc.context}" if exc.context else ""
    return (f"YAML syntax: {problem}{context}: check the indentation, the colons "
            "and that quotes are closed")


def load_yaml_file(path: Path, diags: Diagnostics) -> LoadedFile | None:
    """Parse one file; on any problem add a diagnostic and return None."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.error(path, 0, f"the file is {size:,} bytes, larger than the "
                        f"{MAX_FILE_BYTES:,} allowed: is it the right file?")
            return None
        data = path.read_bytes()
    except OSError as exc:
        diags.error(path, 0, f"cannot read the file: {exc.strerror or exc}")
        return None
    text = _decode(path, data, diags)
    if text is None:
        return None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        diags.error(path, 1, "the file is empty: add content, or delete the file")
        return None
    loader = _GuardedLoader(text)
    try:
        root = loader.get_single_node()
    except RefusedInput as exc:
        diags.error(path, exc.line, exc.message)
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        if exc.problem and "expected a single document" in exc.problem:
            diags.error(path, line, "the file holds more than one YAML document (---): "
                        "keep one resource per file")
        else:
            diags.error(path, line, _syntax_message(exc))
        return None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        diags.error(path, line, f"the text contains the control character U+{exc.character:04X}, "
                    "which cannot be printed: delete it (it often comes from copy and paste)")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        diags.error(path, mark.line + 1 if mark else 0, f"YAML: {exc}")
        return None
    except RecursionError:
        diags.error(path, 0, "content is nested too deeply: check the indentation")
        return None
    finally:
        loader.dispose()
    if root is None:
        diags.error(path, 1, "the file is empty: add content, or delete the file")
        return None
    return LoadedFile(path, root)


__all__ = [
    "LoadedFile",
    "MappingNode",
    "ScalarNode",
    "SequenceNode",
    "line_of",
    "load_yaml_file",
]
