"""Right-to-left order: the Unicode bidirectional algorithm (UAX #9) for one paragraph.

Levels are resolved once for the whole paragraph (rules P2 to I2, by python-bidi's
implementation of them); after line breaking each line is reordered on its own (rule L2),
as UAX #9 requires: reordering the paragraph first and breaking it afterwards would put
the first words of a right-to-left paragraph on its last line.

Phone numbers, web addresses and runs of Latin words inside text that has right-to-left
letters are left-to-right isolates, as if wrapped in LRI ... PDI: to the text around them
each is a single neutral character, and inside they read left to right in their own order.
Without that, "0800 123 4567" after an Arabic word comes out as "4567 123 0800".

One isolate holds the whole English stretch, with the spaces and the English punctuation
between its words: "Monday to Friday, 9am to 5pm" and "Riverside Family Hub
https://riverside-hub.example" are one unit each. Split at the comma, the comma (then
neutral between two isolates) would take the Arabic's direction and the two halves swap
sides. Arabic punctuation and the list separator " · " are the Arabic text's, so English
names listed with them still stand in right-to-left order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from bidi import algorithm as uba

T = TypeVar("T")

_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"  # European, Arabic-Indic, Extended Arabic-Indic
_LATIN = "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_MARKS = "\u0300-\u036f"
# A degree sign joins a number to its unit ("38°C"): alone, the 38 would take the
# right-to-left order of the Arabic-script text around it and print after the C.
_JOIN = ".'\u2019&/:@+\\-\u00b0\u2013"
_WORD = rf"\+?[{_LATIN}][{_LATIN}{_MARKS}]*(?:[{_JOIN}][{_LATIN}][{_LATIN}{_MARKS}]*)*"
_ADDRESS = r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*[A-Za-z0-9/]"

# Digit groups joined by spaces or hyphens: read as one unit, never broken over two lines.
PHONE_NUMBER = re.compile(rf"\+?[{_DIGITS}]+(?:[ \u00a0\-][{_DIGITS}]+)+")
_ITEM = rf"(?:{_ADDRESS}|{PHONE_NUMBER.pattern}|{_WORD})"
# What stands between two items of one English stretch: spaces, after a comma, semicolon,
# colon or dash if there is one ("Monday to Friday, 9am", "Shout: 85258", "9am - 5pm").
_GAP = "[ \u00a0]*[,;:\u2013\u2014-]?[ \u00a0]+"
LEFT_TO_RIGHT_UNIT = re.compile(rf"{_ITEM}(?:{_GAP}{_ITEM})*")

_PLACEHOLDER = "\ufffc"  # bidi class ON: what an isolate is to the text around it
_ISOLATE_CONTROLS = {"LRI", "RLI", "FSI", "PDI"}  # unknown to python-bidi's rules: neutral
_RIGHT_TO_LEFT = {"R", "AL", "AN"}


@dataclass(frozen=True)
class Isolate:
    start: int
    end: int
    level: int  # the level of its (implied) LRI and PDI: where the unit sits in the line


@dataclass(frozen=True)
class BidiParagraph:
    base_level: int  # 0 left to right, 1 right to left
    levels: tuple[int, ...]  # the resolved level of every character
    isolates: tuple[Isolate, ...]


def left_to_right_units(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in LEFT_TO_RIGHT_UNIT.finditer(text)]


def reads_right_to_left(text: str, page_right_to_left: bool) -> bool:
    """A paragraph's base direction (UAX #9 rules P2 and P3, with one higher-level rule).

    A paragraph whose first strong letter is right to left reads right to left, even in a
    left-to-right resource (an Arabic line in an English leaflet). In a right-to-left
    resource, one with any right-to-left letter does, even if it starts with a Latin name
    ("ICON: ..."); one with none (a hub's address or opening times, an English passage
    printed while its translation is out of date, "NHS 111") reads left to right, in the
    English order of its words and stops; it still stands at the page's start side.
    """
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            break
    return page_right_to_left and any(unicodedata.bidirectional(ch) in ("R", "AL")
                                      for ch in text)


def analyse(text: str, right_to_left: bool) -> BidiParagraph:
    """Resolve the embedding level of every character of one paragraph."""
    base = 1 if right_to_left else 0
    if not right_to_left and not any(unicodedata.bidirectional(ch) in _RIGHT_TO_LEFT
                                     for ch in text):
        return BidiParagraph(0, (0,) * len(text), ())
    units = left_to_right_units(text)
    reduced, origins = _replace_units(text, units)
    embedding, resolved = _resolve(reduced, base)
    levels = [base] * len(text)
    isolates = []
    for j, origin in enumerate(origins):
        if isinstance(origin, tuple):  # a placeholder for a whole unit
            start, end = origin
            # UAX #9 X5a: an isolate's content takes the next even level above its own
            content_level = (embedding.get(j, base) + 2) & ~1
            levels[start:end] = [content_level] * (end - start)
            isolates.append(Isolate(start, end, resolved.get(j, base)))
        else:
            # a character that X9 removed (a joiner) keeps the level of the one before it
            levels[origin] = resolved.get(j, levels[origin - 1] if origin else base)
    return BidiParagraph(base, tuple(levels), tuple(isolates))


def _replace_units(text: str, units: list[tuple[int, int]]
                   ) -> tuple[str, list[int | tuple[int, int]]]:
    """The text with each unit as one placeholder; for each character of that, where it
    came from: an index into the text, or a unit's (start, end)."""
    chars: list[str] = []
    origins: list[int | tuple[int, int]] = []
    position = 0
    for start, end in units:
        chars += text[position:start]
        origins += range(position, start)
        chars.append(_PLACEHOLDER)
        origins.append((start, end))
        position = end
    chars += text[position:]
    origins += range(position, len(text))
    return "".join(chars), origins


def _resolve(text: str, base: int) -> tuple[dict[int, int], dict[int, int]]:
    """Explicit (X1-X9) and resolved (W1-I2) levels by index, for the characters X9 keeps."""
    storage = uba.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    uba.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
        if char["type"] in _ISOLATE_CONTROLS:
            char["type"] = char["orig"] = "ON"
    uba.explicit_embed_and_overrides(storage)
    embedding = {char["index"]: char["level"] for char in storage["chars"]}
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    return embedding, {char["index"]: char["level"] for char in storage["chars"]}


def visual_text(text: str, page_right_to_left: bool) -> str:
    """``text`` (plain, no markup) as it stands on one line, its characters from left to
    right: what the PDF's lines are ordered by, for one line that holds all of it."""
    bidi = analyse(text, reads_right_to_left(text, page_right_to_left))
    runs = [(i, i + 1, bidi.levels[i], ch) for i, ch in enumerate(text)]
    return "".join(line_in_visual_order(runs, bidi.isolates, 0, len(text)))


def line_in_visual_order(runs: Sequence[tuple[int, int, int, T]],
                         isolates: Sequence[Isolate], start: int, end: int) -> list[T]:
    """One line's runs, each (start, end, level, item) and given in reading order, in the
    order they stand from left to right. An empty mark at each isolate's opening and
    closing (its LRI and PDI) lets rule L2 move the isolate as one unit."""
    inside = [i for i in isolates if i.start < end and i.end > start]
    opens = {max(i.start, start): i.level for i in inside}
    closes = {min(i.end, end): i.level for i in inside}
    items: list[tuple[int, T | None]] = []
    for run_start, run_end, level, item in runs:
        if run_start in opens:
            items.append((opens[run_start], None))
        items.append((level, item))
        if run_end in closes:
            items.append((closes[run_end], None))
    return [item for item in visual_order(items) if item is not None]


def visual_order(items: Sequence[tuple[int, T]]) -> list[T]:
    """UAX #9 rule L2 for one line: items (each at one level), given in reading order,
    in the order they appear from left to right."""
    if not items:
        return []
    levels = [level for level, _ in items]
    order = list(range(len(items)))
    for level in range(max(levels), (min(levels) | 1) - 1, -1):
        start = None
        for position in range(len(order) + 1):
            inside = position < len(order) and levels[order[position]] >= level
            if inside and start is None:
                start = position
            elif not inside and start is not None:
                order[start:position] = reversed(order[start:position])
                start = None
    return [items[i][1] for i in order]
