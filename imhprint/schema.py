"""A small declarative schema for YAML nodes, in the spirit of MkDocs' config options.

Each field type turns a node into a Python value or reports why it cannot, with the
node's line. Nothing stops at the first problem: a whole file is checked in one pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostics
from .yamlnodes import (
    MappingNode,
    ScalarNode,
    SequenceNode,
    TrailingComment,
    line_of,
    trailing_comment,
)

INVALID: Any = object()  # a value that failed validation; its error is already recorded

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_PATTERN = re.compile(r"^https://[^\s/]+\.[^\s]+$")
MAX_TEXT_LENGTH = 5000
MAX_UNKNOWN_REPORTED = 10  # unknown fields named one by one in a record; the rest are counted


class Text(str):
    """A string that remembers the line it came from, for later messages."""

    line: int

    def __new__(cls, value: str, line: int = 0) -> Text:
        self = super().__new__(cls, value)
        self.line = line
        return self


@dataclass
class Context:
    path: Path
    diags: Diagnostics

    def error(self, node_or_line: Any, message: str) -> Any:
        line = node_or_line if isinstance(node_or_line, int) else line_of(node_or_line)
        self.diags.error(self.path, line, message)
        return INVALID

    def warning(self, line: int, message: str) -> None:
        self.diags.warning(self.path, line, message)


def _kind_of(node: Any) -> str:
    if isinstance(node, MappingNode):
        return "a set of named fields"
    if isinstance(node, SequenceNode):
        return "a list"
    return "text"


def _is_null(node: Any) -> bool:
    return isinstance(node, ScalarNode) and node.tag.endswith(":null") and node.style is None


# Control characters (Cc), lone surrogates (Cs: only a "\\ud800" escape can make one), and
# the Unicode line and paragraph separators (Zl, Zp), which print as nothing or break lines.
_UNPRINTABLE_CATEGORIES = ("Cc", "Cs", "Zl", "Zp")


def _control_characters(value: str) -> list[str]:
    return [ch for ch in value
            if ch not in "\n\t" and (unicodedata.category(ch) in _UNPRINTABLE_CATEGORIES
                                      or ch in "\ufffe\uffff")]


def shown(value: object, limit: int = 40) -> str:
    """Author text quoted in a message: one line, no control characters, not too long."""
    text = " ".join(str(value).split())
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class FieldType:
    """Base class: ``parse`` returns a value or INVALID (after recording an error)."""

    description = "a value"

    def parse(self, node: Any, ctx: Context, name: str) -> Any:
        raise NotImplementedError


def in_quotes(text: str, limit: int = 60) -> str:
    """Author text as it could be written in YAML quotes, for a message's suggestion."""
    text = shown(text, limit)
    if '"' in text or "\\" in text:
        return "'" + text.replace("'", "''") + "'"
    return f'"{text}"'


def _as_typed(node: ScalarNode) -> str:
    """A one-line plain value with its trailing comment, as the author typed the line."""
    comment = trailing_comment(node)
    return node.value + (comment.typed if comment else "")


def _read_as_key_and_value(node: Any) -> str | None:
    """The typed text, if YAML read one line of text as 'name: value' because of ': '."""
    if not isinstance(node, MappingNode) or len(node.value) != 1:
        return None
    key, value = node.value[0]
    if not (isinstance(key, ScalarNode) and key.style is None and isinstance(value, ScalarNode)
            and key.start_mark.line == value.end_mark.line):
        return None
    if _is_null(value) and not value.value:
        return f"{key.value}:"
    return f"{key.value}: {_as_typed(value) if value.style is None else value.value}"


def looks_like_text(comment: TrailingComment) -> bool:
    """Whether a '#' after a value reads as more of the text rather than a note.

    A note is set apart, as yamllint asks: two spaces before the '#' and one after it
    (``name: Riverside   # the publisher``). One space before it, or a word straight
    after it, is how text reads: ``press #2 for help``, ``Call us # or drop in``.
    """
    return len(comment.gap) < 2 or comment.text[:1] not in ("", " ", "\t")


class TextField(FieldType):
    """Text. ``prose`` marks words a reader reads (not an id, address or file name):
    if YAML dropped part of such a text as a comment, the author is warned."""

    description = "text"

    def __init__(self, max_length: int = MAX_TEXT_LENGTH, multiline: bool = True,
                 prose: bool = True) -> None:
        self.max_length = max_length
        self.multiline = multiline
        self.prose = prose

    def parse(self, node: Any, ctx: Context, name: str) -> Any:
        if not isinstance(node, ScalarNode):
            return self._not_text(node, ctx, name)
        if _is_null(node) or not node.value.strip():
            return self._empty(node, ctx, name)
        value = " ".join(node.value.split()) if not self.multiline else node.value.strip()
        bad = _control_characters(value)
        if bad:
            return ctx.error(node, f"'{name}' contains the control character "
                             f"U+{ord(bad[0]):04X}, which cannot be printed: delete it "
                             "(it often comes from copy and paste)")
        if len(value) > self.max_length:
            return ctx.error(node, f"'{name}' is {len(value)} characters long, more than "
                             f"the {self.max_length} allowed: shorten it")
        comment = trailing_comment(node)
        if self.prose and comment and looks_like_text(comment):
            ctx.warning(comment.line, f"'{name}' is cut short at the '#': YAML reads "
                        f"'{shown(comment.typed)}' as a note, not text, so only "
                        f"'{shown(value)}' is printed. If it is part of the text, put the "
                        f"whole text in quotes: {in_quotes(_as_typed(node))}; if it is a "
                        "note, move it to a line of its own")
        return Text(value, line_of(node))

    def _not_text(self, node: Any, ctx: Context, name: str) -> Any:
        typed = _read_as_key_and_value(node)
        if typed is not None:
            return ctx.error(node, f"'{name}' has '{shown(typed, 60)}', which YAML reads as "
                             "a field name and a value because of the ': ' (a colon and a "
                             f"space): put the whole text in quotes: {in_quotes(typed)}")
        return ctx.error(node, f"'{name}' should be {self.description}, but it is "
                         f"{_kind_of(node)}: check the indentation")

    def _empty(self, node: ScalarNode, ctx: Context, name: str) -> Any:
        if node.value.strip():  # null, Null, NULL or ~
            return ctx.error(node, f"'{name}' has '{shown(node.value)}', which YAML reads as "
                             "nothing (no text): if it is the text, put it in quotes: "
                             f"{in_quotes(node.value)}")
        comment = trailing_comment(node)
        if comment:
            return ctx.error(node, f"'{name}' is empty: YAML reads "
                             f"'{shown(comment.typed)}' as a note, not text: if it is the "
                             f"text, put it in quotes: {in_quotes(comment.typed.strip())}")
        return ctx.error(node, f"'{name}' is empty: write the {self.description} after "
                         "the colon, or remove the line")


class PatternField(TextField):
    """One line of text that must match a pattern, e.g. an id or a web address."""

    def __init__(self, pattern: re.Pattern[str], description: str, advice: str,
                 max_length: int) -> None:
        super().__init__(max_length=max_length, multiline=False, prose=False)
        self.pattern = pattern
        self.description = description
        self.advice = advice

    def parse(self, node: Any, ctx: Context, name: str) -> Any:
        value = super().parse(node, ctx, name)
        if value is not INVALID and not self.pattern.match(value):
            return ctx.error(node, f"'{name}' is '{shown(value, 80)}': {self.advice}")
        return value


def IdField() -> PatternField:  # noqa: N802 (reads like the other field types)
    return PatternField(ID_PATTERN, "an id (lowercase letters, digits and hyphens)",
                        "use only lowercase letters, digits and single hyphens, for "
                        "example 'where-to-get-help'", max_length=80)


def UrlField() -> PatternField:  # noqa: N802
    return PatternField(URL_PATTERN, "a web address starting with https://",
                        "write a full web address starting with https://", max_length=300)


class Date(dt.date):
    """A date from the YAML that remembers its line, for messages about it."""

    line: int = 0


class DateField(FieldType):
    description = "a date like 2026-11-21"

    def parse(self, node: Any, ctx: Context, name: str) -> Any:
        if not isinstance(node, ScalarNode) or _is_null(node):
            return ctx.error(node, f"'{name}' should be {self.description}")
        try:
            value = dt.date.fromisoformat(node.value.strip())
        except ValueError:
            return ctx.error(node, f"'{name}' is '{shown(node.value)}': write the date as "
                             "year-month-day, for example 2026-11-21")
        date = Date(value.year, value.month, value.day)
        date.line = line_of(node)
        return date


class ChoiceField(FieldType):
    def __init__(self, *choices: str) -> None:
        self.choices = choices
        self.description = "one of " + ", ".join(choices)

    def parse(self, node: Any, ctx: Context, name: str) -> Any:
        if not isinstance(node, ScalarNode) or node.value not in self.choices:
            given = node.value if isinstance(node, ScalarNode) else _kind_of(node)
            hint = _did_you_mean(given[:100], self.choices)
            return ctx.error(node, f"'{name}' is '{shown(given)}', but it must be "
                             f"{self.description}{hint}")
        return Text(node.value, line_of(node))


class BoolField(FieldType):
    description = "true or false"

    def parse(self, node: Any, ctx: Context, name: str) -> Any:
        value = node.value.strip().lower() if isinstance(node, ScalarNode) else ""
        if value not in ("true", "false"):
            given = node.value if isinstance(node, ScalarNode) else _kind_of(node)
            return ctx.error(node, f"'{name}' is '{shown(given)}', but it must be true or "
                             "false")
        return value == "true"


class ListField(FieldType):
    def __init__(self, item: FieldType, min_items: int = 1, max_items: int = 200) -> None:
        self.item = item
        self.min_items = min_items
        self.max_items = max_items
        self.description = f"a list of {item.description}"

    def parse(self, node: Any, ctx: Context, name: str) -> Any:
        if not isinstance(node, SequenceNode):
            return ctx.error(node, f"'{name}' should be {self.description}, one per line "
                             "starting with '- '")
        if len(node.value) < self.min_items:
            return ctx.error(node, f"'{name}' needs at least {self.min_items} item(s)")
        if len(node.value) > self.max_items:
            return ctx.error(node, f"'{name}' has {len(node.value)} items, more than the "
                             f"{self.max_items} allowed")
        values = [self.item.parse(child, ctx, name) for child in node.value]
        return INVALID if any(v is INVALID for v in values) else values


@dataclass(frozen=True)
class Field:
    type: FieldType
    required: bool = True
    default: Any = None


def _did_you_mean(word: str, options: Any) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _plain_key(key: str) -> bool:
    return 0 < len(key) <= 100 and key.isprintable()


def mapping_pairs(node: MappingNode, ctx: Context) -> dict[str, tuple[Any, Any]]:
    """Key -> (key node, value node), reporting duplicate and non-text keys."""
    pairs: dict[str, tuple[Any, Any]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or not _plain_key(key_node.value):
            ctx.error(key_node, "a field name must be plain text on one line, like "
                      "'title:'" + (f", not '{shown(key_node.value)}'"
                                    if isinstance(key_node, ScalarNode) else ""))
            continue
        key = key_node.value
        if key in pairs:
            first = line_of(pairs[key][0])
            ctx.error(key_node, f"'{key}' is given twice (first on line {first}): "
                      "keep one and delete the other")
            continue
        pairs[key] = (key_node, value_node)
    return pairs


class RecordField(FieldType):
    """A mapping with known fields, built into ``factory(**values, line=...)``."""

    def __init__(self, fields: dict[str, Field], factory: Callable[..., Any],
                 description: str = "a set of named fields", may_be_empty: bool = False
                 ) -> None:
        self.fields = fields
        self.factory = factory
        self.description = description
        self.may_be_empty = may_be_empty  # nothing after the colon: every field's default

    def parse(self, node: Any, ctx: Context, name: str) -> Any:
        if self.may_be_empty and isinstance(node, ScalarNode) and _is_null(node):
            return self.factory(**{key: spec.default() if callable(spec.default)
                                   else spec.default for key, spec in self.fields.items()},
                                line=line_of(node))
        if not isinstance(node, MappingNode):
            return ctx.error(node, f"'{name}' should be {self.description} "
                             f"({', '.join(self.required_names())}), but it is {_kind_of(node)}")
        pairs = mapping_pairs(node, ctx)
        values: dict[str, Any] = {}
        ok = True
        unknown = [(key, key_node) for key, (key_node, _) in pairs.items()
                   if key not in self.fields]
        for key, key_node in unknown[:MAX_UNKNOWN_REPORTED]:
            ctx.error(key_node, f"unknown field '{key}' in {name}"
                      f"{_did_you_mean(key, self.fields)}; known fields: "
                      f"{', '.join(self.fields)}")
        if len(unknown) > MAX_UNKNOWN_REPORTED:
            ctx.error(unknown[MAX_UNKNOWN_REPORTED][1], f"{len(unknown) - MAX_UNKNOWN_REPORTED} "
                      f"more unknown fields in this {name}: is this the right file?")
        ok = not unknown
        for key, spec in self.fields.items():
            if key in pairs:
                value = spec.type.parse(pairs[key][1], ctx, key)
                ok = ok and value is not INVALID
                values[key] = value
            elif spec.required:
                ctx.error(node, f"{name} is missing the required field '{key}' "
                          f"({spec.type.description})")
                ok = False
            else:
                values[key] = spec.default() if callable(spec.default) else spec.default
        if not ok:
            return INVALID
        return self.factory(**values, line=line_of(node))

    def required_names(self) -> list[str]:
        return [k for k, f in self.fields.items() if f.required]


class TaggedUnionField(FieldType):
    """A mapping whose one type key picks the type, e.g. ``- heading: Before birth``.

    ``shared`` fields may sit beside the type key in any variant (``formats: [a4]``);
    each is parsed once here and set on the built value, so every variant gets them.
    """

    def __init__(self, variants: dict[str, FieldType], description: str,
                 shared: dict[str, Field] | None = None) -> None:
        self.variants = variants
        self.description = description
        self.shared = shared or {}

    def parse(self, node: Any, ctx: Context, name: str) -> Any:
        if not isinstance(node, MappingNode) or not node.value:
            return self._not_tagged(node, ctx)
        pairs = mapping_pairs(node, ctx)
        type_keys = [key for key in pairs if key not in self.shared]
        if len(type_keys) != 1:
            if len(type_keys) > 1 and type_keys[0] in self.variants:
                return ctx.error(pairs[type_keys[1]][0], self._extra_key(type_keys[1]))
            return self._not_tagged(node, ctx)
        key = type_keys[0]
        key_node, value_node = pairs[key]
        if key not in self.variants:
            return ctx.error(key_node, f"unknown {self.description} type '{shown(key)}'"
                             f"{_did_you_mean(key[:100], self.variants)}; types: "
                             f"{', '.join(self.variants)}")
        value = self.variants[key].parse(value_node, ctx, key)
        extras = {field_name: spec.type.parse(pairs[field_name][1], ctx, field_name)
                  for field_name, spec in self.shared.items() if field_name in pairs}
        if value is INVALID or any(v is INVALID for v in extras.values()):
            return INVALID
        for field_name, spec in self.shared.items():
            default = spec.default() if callable(spec.default) else spec.default
            setattr(value, field_name, extras.get(field_name, default))
        return value

    def _not_tagged(self, node: Any, ctx: Context) -> Any:
        return ctx.error(node, f"each {self.description} is one line like "
                         "'- paragraph: ...' naming its type; types: "
                         f"{', '.join(self.variants)}")

    def _extra_key(self, key: str) -> str:
        shared = f"; beside its type a {self.description} may have: " \
            f"{', '.join(self.shared)}" if self.shared else ""
        return (f"unknown field '{shown(key)}' beside the {self.description} type"
                f"{_did_you_mean(key[:100], self.shared)}{shared}. Is the indentation "
                "right? The block's own fields go on the lines under its type")


class WrappedField(FieldType):
    """Parse with ``inner`` then wrap the value, e.g. a bare list into a block object."""

    def __init__(self, inner: FieldType, wrap: Callable[[Any, int], Any]) -> None:
        self.inner = inner
        self.wrap = wrap
        self.description = inner.description

    def parse(self, node: Any, ctx: Context, name: str) -> Any:
        value = self.inner.parse(node, ctx, name)
        return INVALID if value is INVALID else self.wrap(value, line_of(node))


class TextMapField(FieldType):
    """A mapping of names to text, such as a strings file."""

    description = "named pieces of text"

    def parse(self, node: Any, ctx: Context, name: str) -> Any:
        if not isinstance(node, MappingNode):
            return ctx.error(node, f"'{name}' should be {self.description}, like 'key: text'")
        text = TextField(max_length=300)
        values = {key: text.parse(value_node, ctx, key)
                  for key, (_, value_node) in mapping_pairs(node, ctx).items()}
        return INVALID if any(v is INVALID for v in values.values()) else values
