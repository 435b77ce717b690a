"""Read a YAML file into a node tree that keeps line numbers, refusing unsafe or broken input.

Validation works on nodes, not on PyYAML's Python objects, for three reasons: every value
keeps its line for error messages; duplicate keys are caught (PyYAML keeps the last one
silently); and plain scalars keep the text the author typed (``version: 1.0`` stays "1.0",
``title: No`` stays "No").

A plain scalar also keeps the comment that follows it on its line (``trailing_comment``):
in ``press #2 for help`` YAML reads ``#2 for help`` as a comment, and the schema needs the
raw line to tell the author that part of the text was dropped.

Bad input is refused before it can cost time or memory, each with the line it is on:
files that are not regular files or are over ``MAX_FILE_BYTES``; binary or non-UTF-8 data;
invisible control characters (they also upset YAML's line counting); anchors and aliases
(the "billion laughs" alias bomb); nesting deeper than ``MAX_DEPTH``; and more than
``MAX_NODES`` values. Those checks run on the parser's event stream, before any node tree
is built, using libyaml (C) when PyYAML has it, so even a large hostile file is answered
in well under a second.
"""

from __future__ import annotations

import contextlib
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostics

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 20_000  # values in one file; the largest real file has under 300

# libyaml is about ten times faster; the pure-Python loader gives the same nodes.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Characters refused anywhere in a file. C0 controls other than tab and line ends, DEL,
# C1 controls (U+0085 included: YAML reads it as a line break, so line numbers would drift),
# the Unicode line and paragraph separators, and the two noncharacters YAML forbids.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class RefusedInput(Exception):
    """Input we will not parse; carries the line it was found on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class TrailingComment:
    """A ``# comment`` after a plain value on the same line, as typed."""

    gap: str  # the spaces or tabs between the value and the '#'
    text: str  # what follows the '#'
    line: int  # 1-based

    @property
    def typed(self) -> str:
        """The comment as it stands in the file, from its gap on."""
        return f"{self.gap}#{self.text}"


_COMMENT_AFTER = re.compile(r"([ \t]+)#(.*)")


@dataclass
class LoadedFile:
    path: Path
    root: Node


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def _line_at(text: str, position: int) -> int:
    """The 1-based line of a character position, counting line ends as YAML does."""
    return len(_LINE_BREAK.findall(text, 0, position)) + 1


def describe_character(ch: str) -> str:
    """'U+0007 (a control character)' and the like, for messages."""
    code = f"U+{ord(ch):04X}"
    if ch in "\u2028\u2029\x85":
        return f"{code} (an invisible line break from a word processor)"
    if ch in "\ufffe\uffff":
        return f"{code} (not a real character)"
    return f"{code} (an invisible control character)"


def _read(path: Path, diags: Diagnostics) -> bytes | None:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            diags.error(path, 0, "this is not a regular file (a folder, device or pipe has a "
                        ".yaml name): rename or remove it")
            return None
        if info.st_size > MAX_FILE_BYTES:
            diags.error(path, 0, f"the file is {info.st_size:,} bytes, larger than the "
                        f"{MAX_FILE_BYTES:,} allowed: is it the right file?")
            return None
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        diags.error(path, 0, f"cannot read the file: {exc.strerror or exc}")
        return None
    if len(data) > MAX_FILE_BYTES:  # it grew after stat()
        diags.error(path, 0, f"the file is larger than the {MAX_FILE_BYTES:,} bytes allowed: "
                    "is it the right file?")
        return None
    return data


def _decode(path: Path, data: bytes, diags: Diagnostics) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        diags.error(path, 1, "the file is saved as UTF-16 text: save it again with UTF-8 "
                    "encoding")
        return None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        diags.error(path, line, "this is not a text file (it contains binary data): "
                    "save the content as plain UTF-8 text")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diags.error(path, line, "the file is not UTF-8 text: open it in a text editor "
                    "and save it with UTF-8 encoding")
        return None
    bad = _UNPRINTABLE.search(text)
    if bad:
        diags.error(path, _line_at(text, bad.start()), "this line contains the character "
                    f"{describe_character(bad.group())}, which cannot be printed: delete it "
                    "(it often comes from copy and paste)")
        return None
    return text


def _tab_line(text: str, mark: yaml.Mark | None) -> int | None:
    """The line (1-based) near a syntax error whose indentation has a tab, if any."""
    if mark is None:
        return None
    lines = _LINE_BREAK.split(text)
    for index in (mark.line, mark.line - 1):
        if 0 <= index < len(lines):
            line = lines[index]
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in indent:
                return index + 1
    return None


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if "escape" in problem and ("Unicode" in problem or "character" in problem):
        return ("a \\ escape in quotes does not name a printable character: write the "
                "character itself, or remove the backslash")
    context = f" {exc.context}" if exc.context else ""
    return (f"YAML syntax: {problem}{context}: check the indentation, the colons "
            "and that quotes are closed")


def _check_events(text: str, loader_class: type | None = None) -> None:
    """Walk the parser's events (no nodes yet) and refuse aliases, deep nesting, bulk."""
    loader = (loader_class or _Loader)(text)
    try:
        depth = nodes = documents = 0
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, StreamEndEvent):
                return
            if isinstance(event, AliasEvent):
                raise RefusedInput(event.start_mark.line + 1, "YAML anchors and aliases "
                                   "(& and *) are not allowed: write the text out in full")
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise RefusedInput(event.start_mark.line + 1, "the file holds more than "
                                       "one YAML document (---): keep one resource per file")
            elif isinstance(event, (MappingStartEvent, SequenceStartEvent, ScalarEvent)):
                nodes += 1
                if nodes > MAX_NODES:
                    raise RefusedInput(event.start_mark.line + 1, f"the file holds more than "
                                       f"{MAX_NODES:,} values: is it the right file?")
                if not isinstance(event, ScalarEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise RefusedInput(event.start_mark.line + 1, "content is nested more "
                                           f"than {MAX_DEPTH} levels deep: check the "
                                           "indentation")
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


def trailing_comment(node: Node) -> TrailingComment | None:
    """The comment after a plain value on its last line, if there is one."""
    return getattr(node, "trailing_comment", None)


def _comment_after(node: ScalarNode, lines: list[str]) -> TrailingComment | None:
    mark = node.end_mark
    if node.style is not None or not 0 <= mark.line < len(lines):
        return None
    match = _COMMENT_AFTER.fullmatch(lines[mark.line], mark.column)
    return TrailingComment(match[1], match[2], mark.line + 1) if match else None


def _check_input(text: str) -> None:
    """Our refusals first, even where libyaml gives up before our checks see the events.

    libyaml reads ahead of the events, so it can stop on a limit of its own (newer
    releases refuse nesting about 1000 levels deep) before the events reach our depth
    cap. When it stops, the pure-Python parser, which has no such limit and stops at our
    cap, walks the text again: if it finds something we refuse, that is the answer, in
    our words and at its line; otherwise libyaml's syntax error stands. This costs time
    only for a file that is broken anyway, at most about a second for the largest.
    """
    try:
        _check_events(text)
    except yaml.MarkedYAMLError as refusal:
        if _Loader is yaml.SafeLoader:
            raise
        with contextlib.suppress(yaml.YAMLError):  # it fails too: libyaml's answer stands
            _check_events(text, yaml.SafeLoader)
        raise refusal from None


def _compose(text: str) -> Node | None:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    lines = _LINE_BREAK.split(text)
    # libyaml marks a plain scalar with style "" where PyYAML uses None: use None for both.
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            if not node.style:
                node.style = None
            node.trailing_comment = _comment_after(node, lines)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return root


def load_yaml_file(path: Path, diags: Diagnostics) -> LoadedFile | None:
    """Parse one file; on any problem add a diagnostic and return None."""
    data = _read(path, diags)
    if data is None:
        return None
    text = _decode(path, data, diags)
    if text is None:
        return None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        diags.error(path, 1, "the file is empty: add content, or delete the file")
        return None
    try:
        _check_input(text)
        root = _compose(text)
    except RefusedInput as exc:
        diags.error(path, exc.line, exc.message)
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        tab = _tab_line(text, mark)
        if tab is not None or (exc.problem and "\\t" in exc.problem):
            diags.error(path, tab or (mark.line + 1 if mark else 0), "a tab is used for "
                        "indentation: YAML needs spaces, so replace tabs with spaces")
        else:
            diags.error(path, mark.line + 1 if mark else 0, _syntax_message(exc))
        return None
    except yaml.reader.ReaderError as exc:  # the checks above should leave none
        diags.error(path, _line_at(text, exc.position), "the text contains the character "
                    f"U+{exc.character:04X}, which cannot be read: delete it")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        diags.error(path, mark.line + 1 if mark else 0, f"YAML: {exc}")
        return None
    except RecursionError:
        diags.error(path, 0, "content is nested too deeply: check the indentation")
        return None
    if root is None or (isinstance(root, ScalarNode) and not root.value.strip()
                        and root.style is None):
        diags.error(path, 1, "the file is empty: add content, or delete the file")
        return None
    return LoadedFile(path, root)


__all__ = [
    "LoadedFile",
    "TrailingComment",
    "MappingNode",
    "ScalarNode",
    "SequenceNode",
    "line_of",
    "load_yaml_file",
    "trailing_comment",
]
