"""Which script each character belongs to, and which font of the theme draws it."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

from ..theme import (
    direction_for,
    families_for,
    family_for,
    font_has,
    fonts_for,
    register_family,
    script_for,
)

COMMON = "common"  # digits, punctuation, spaces: they take the script around them
INHERITED = "inherited"  # combining marks and joiners: they take the script of their base
OTHER = "other"  # a script the theme has no family for

# Code point ranges of the scripts the theme draws (from Unicode's Scripts.txt).
_SCRIPT_RANGES = (
    (0x0041, 0x005A, "latin"), (0x0061, 0x007A, "latin"), (0x00AA, 0x00AA, "latin"),
    (0x00BA, 0x00BA, "latin"), (0x00C0, 0x00D6, "latin"), (0x00D8, 0x00F6, "latin"),
    (0x00F8, 0x024F, "latin"), (0x0250, 0x02AF, "latin"), (0x1E00, 0x1EFF, "latin"),
    (0x2C60, 0x2C7F, "latin"), (0xA720, 0xA7FF, "latin"), (0xAB30, 0xAB6F, "latin"),
    (0xFB00, 0xFB06, "latin"),
    (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"), (0x0870, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFC, "arabic"),
    (0x0980, 0x09FF, "bengali"), (0x0A00, 0x0A7F, "gurmukhi"),
)

# ISO 15924 tags, as HarfBuzz names scripts.
HARFBUZZ_SCRIPTS = {"latin": "Latn", "arabic": "Arab", "bengali": "Beng", "gurmukhi": "Guru"}


def script_of(ch: str) -> str:
    code = ord(ch)
    for first, last, script in _SCRIPT_RANGES:
        if first <= code <= last:
            # a block's own marks, digits and punctuation are the script's too (Arabic
            # vowel signs, the Arabic comma, Bengali digits)
            return script
    category = unicodedata.category(ch)
    if category in ("Mn", "Me") or ch in "\u200c\u200d" or 0xFE00 <= code <= 0xFE0F:
        return INHERITED
    if category[0] == "L":
        return OTHER
    return COMMON


def needs_text_path(text: str, language: str) -> bool:
    """Whether ``text`` must be shaped and ordered by the text path rather than drawn by
    ReportLab's Paragraph: a right-to-left or non-Latin language, a character of another
    script, a combining mark, or a character the language's own font lacks."""
    if not text:
        return False
    if direction_for(language) == "rtl" or script_for(language) != "latin":
        return True
    regular = fonts_for(language).regular
    return any(_needs_text_path(ch, regular) for ch in set(text))


# This runs for every paragraph laid out, and a leaflet's paragraphs repeat the same few
# dozen characters: each distinct character is looked at once per font, and remembered
# (a font's name stands for one registered file for the whole run).
@functools.lru_cache(maxsize=4096)
def _needs_text_path(ch: str, regular: str) -> bool:
    return bool(script_of(ch) not in ("latin", COMMON) or unicodedata.combining(ch)
                or (not ch.isspace() and not font_has(regular, ch)))


def resolve_scripts(text: str, language: str, in_isolate: Sequence[bool]) -> list[str]:
    """The script of every character, with common and inherited ones resolved.

    Common characters (spaces, digits, punctuation) take the script of the text before
    them, else after them, else the language's. Inside a left-to-right unit in other text
    (a phone number, an address) they are Latin, so digits print in the Latin face.
    Combining marks and joiners take their base character's script.
    """
    scripts = [script_of(ch) for ch in text]
    own = script_for(language) or "latin"
    strong = [s if s not in (COMMON, INHERITED) else None for s in scripts]
    outside = [s if not in_isolate[i] else None for i, s in enumerate(strong)]
    before: list[str | None] = []
    last: str | None = None
    for s in outside:
        before.append(last)
        last = s or last
    after: list[str | None] = [None] * len(text)
    nxt: str | None = None
    for i in range(len(text) - 1, -1, -1):
        after[i] = nxt
        nxt = outside[i] or nxt
    resolved = []
    for i, s in enumerate(scripts):
        if s == INHERITED and resolved:
            s = resolved[-1]
        elif s in (COMMON, INHERITED):
            s = "latin" if in_isolate[i] or _borders_unit(text, in_isolate, i) \
                else (before[i] or after[i] or own)
        resolved.append(s)
    return resolved


def _borders_unit(text: str, in_isolate: Sequence[bool], i: int) -> bool:
    """A space just before or after a left-to-right unit: set in the Latin face, since a
    Nastaliq space (an eighth of an em) would all but join the unit to the next word."""
    return text[i] == " " and ((i > 0 and in_isolate[i - 1])
                               or (i + 1 < len(text) and in_isolate[i + 1]))


def choose_fonts(text: str, scripts: Sequence[str], bold: Sequence[bool],
                 language: str) -> list[str]:
    """The ReportLab font name that draws each character.

    A character goes to its script's family; if that face lacks it, to the first family in
    the theme's order that has it (a bullet or dash in Urdu text prints in Andika). A
    combining mark stays in its base's font, so the cluster shapes as one.
    """
    chain = [register_family(f) for f in families_for(language)]
    fonts: list[str] = []
    for i, ch in enumerate(text):
        family = family_for(scripts[i], language)
        first = register_family(family) if family else chain[0]
        face = first.bold if bold[i] else first.regular
        if fonts and script_of(ch) == INHERITED and font_has(fonts[-1], ch):
            face = fonts[-1]
        elif not ch.isspace() and not font_has(face, ch):
            for candidate in chain:
                other = candidate.bold if bold[i] else candidate.regular
                if font_has(other, ch):
                    face = other
                    break
        fonts.append(face)
    return fonts
