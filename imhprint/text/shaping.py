"""HarfBuzz shaping of text runs, and the bridge from glyph ids to ReportLab's fonts.

HarfBuzz turns characters into glyphs: Arabic letters into their joining forms, Bengali
and Gurmukhi syllables into conjuncts with their vowel signs reordered, each glyph with
its own position. ReportLab's TrueType fonts, though, draw *characters*: a subset maps each
character it is given to the glyph the font's cmap names. So every glyph is named by a
character: its own, when the cmap maps one to it, else a code in the Private Use Area.
Those codes are given once per font, in glyph order, to the glyphs no character maps to,
so the same glyph always has the same code and builds stay byte-identical whatever order
documents are built in. (ReportLab's own ``shapeStr`` hands them out in the order glyphs
are first met, which is why it is not used here.)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..theme import PRIVATE_USE, FontProblem


@dataclass(frozen=True)
class Glyph:
    """One shaped glyph. Distances are in thousandths of the font size (PDF text space)."""

    gid: int
    cluster: int  # index of the first character of the text it draws
    x_advance: float
    x_offset: float
    y_offset: float


@dataclass(frozen=True)
class HarfBuzzFont:
    font: hb.Font
    scale: float  # font units to thousandths of an em


@cache
def harfbuzz_font(font_name: str) -> HarfBuzzFont:
    """The HarfBuzz font for a registered ReportLab font, made once."""
    face = hb.Face(hb.Blob(_font_data(font_name)))
    return HarfBuzzFont(hb.Font(face), 1000 / face.upem)


def _font_data(font_name: str) -> bytes:
    font = pdfmetrics.getFont(font_name)
    if not isinstance(font, TTFont):
        raise FontProblem(f"the font {font_name} is not a TrueType font: the text path "
                          "can only shape the TrueType fonts in assets/fonts")
    return font.face._ttf_data  # ReportLab keeps the file's bytes; no second read


@lru_cache(maxsize=4096)
def shape(text: str, start: int, end: int, font_name: str, right_to_left: bool,
          script: str | None, language: str | None) -> tuple[Glyph, ...]:
    """Shape ``text[start:end]``, with the text around it as context (Arabic letters join
    across a change of weight), into glyphs in visual order, left to right."""
    hb_font = harfbuzz_font(font_name)
    buffer = hb.Buffer()
    # each character its own cluster where the glyphs allow (a vowel mark apart from its
    # letter), so that text extractors get every character in its place
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_codepoints([ord(ch) for ch in text], start, end - start)
    buffer.direction = "rtl" if right_to_left else "ltr"
    if script:
        buffer.script = script
    if language:
        buffer.language = language
    buffer.guess_segment_properties()
    hb.shape(hb_font.font, buffer)
    scale = hb_font.scale
    return tuple(Glyph(info.codepoint, info.cluster, pos.x_advance * scale,
                       pos.x_offset * scale, pos.y_offset * scale)
                 for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True))


@lru_cache(maxsize=16384)
def glyph_box(font_name: str, gid: int) -> tuple[float, float, float, float] | None:
    """A glyph's ink box (left, right, bottom, top) from its origin, in thousandths of the
    size; None for a glyph with no ink."""
    hb_font = harfbuzz_font(font_name)
    extents = hb_font.font.get_glyph_extents(gid)
    if extents is None or extents.height == 0 or extents.width == 0:
        return None
    scale = hb_font.scale
    left, top = extents.x_bearing * scale, extents.y_bearing * scale
    return left, left + extents.width * scale, top + extents.height * scale, top


@cache
def _private_codes(font_name: str) -> dict[int, int]:
    """Private Use codes for the glyphs of a font that no character maps to, in glyph order.

    The codes are entered in the font's character map (with the glyph's width), so that
    ReportLab subsets and draws them like any character. Author text never reaches them:
    the theme counts no Private Use character as covered.
    """
    font = pdfmetrics.getFont(font_name)
    face = font.face
    hb_font = harfbuzz_font(font_name)
    free = (code for code in PRIVATE_USE if code not in face.charToGlyph)
    unnamed = [gid for gid in range(1, hb_font.font.face.glyph_count)  # not .notdef
               if gid not in face.glyphToChar]
    codes = {}
    for gid in unnamed:
        code = next(free, None)
        if code is None:
            raise FontProblem(f"the font {font_name} has more unnamed glyphs than the "
                              "Private Use Area has codes: use a smaller font")
        codes[gid] = code
        face.charToGlyph[code] = gid
        face.glyphToChar[gid] = [code]
        face.charWidths[code] = hb_font.font.get_glyph_h_advance(gid) * hb_font.scale
    return codes


def glyph_char(font_name: str, gid: int) -> str:
    """The character that draws glyph ``gid`` in a ReportLab font."""
    if gid == 0:
        return "\0"  # no character maps to it, so ReportLab draws .notdef (code 0)
    names = pdfmetrics.getFont(font_name).face.glyphToChar.get(gid)
    if not names:
        return chr(_private_codes(font_name)[gid])
    return chr(names[0])


def glyph_id(font_name: str, ch: str) -> int:
    """The glyph a character draws in a ReportLab font: the inverse of ``glyph_char``."""
    _private_codes(font_name)
    return pdfmetrics.getFont(font_name).face.charToGlyph.get(ord(ch), 0)


def nominal_width(font_name: str, gid: int) -> float:
    """A glyph's own advance (its width in the PDF font), in thousandths of the size."""
    face = pdfmetrics.getFont(font_name).face
    return face.charWidths.get(ord(glyph_char(font_name, gid)), 0)


def reads_as(font_name: str, glyphs: tuple[Glyph, ...], text: str) -> bool:
    """Whether a text extractor gets ``text`` back from these glyphs without help: each
    maps to its own character and sits where its plain width puts it, as if drawn
    unshaped."""
    return "".join(glyph_char(font_name, g.gid) for g in glyphs) == text and all(
        g.x_offset == 0 and g.y_offset == 0
        and abs(g.x_advance - nominal_width(font_name, g.gid)) < 0.5 for g in glyphs)
