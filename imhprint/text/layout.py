"""A paragraph's text as shaped spans, broken into lines on the shaped widths.

The stages, in order: author markup to characters with a weight and a link each; bidi
levels for the whole paragraph; a script and a font for every character; spans of equal
font, level and link, each shaped by HarfBuzz once; lines broken greedily at spaces on the
widths of the shaped glyphs; and each line's pieces put in visual order (UAX #9 rule L2).
Nothing here draws: ``paragraph.py`` does.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import accumulate, pairwise

from reportlab.pdfbase import pdfmetrics

from ..markup import parse_inline
from ..theme import INK_CLEARANCE, direction_for, family_of, letter_ratio, script_for
from .addresses import inside_addresses
from .bidi import (
    PHONE_NUMBER,
    BidiParagraph,
    Isolate,
    analyse,
    line_in_visual_order,
    reads_right_to_left,
)
from .scripts import HARFBUZZ_SCRIPTS, choose_fonts, resolve_scripts
from .shaping import Glyph, glyph_box, shape

_FOLDED_SPACE = re.compile(r"[ \t\n\r\f\v\u2028\u2029]+")  # not the no-break space
_TOLERANCE = 1e-6
_JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner


@dataclass(frozen=True)
class Span:
    """A stretch of the paragraph in one font, at one bidi level, with one link (or none)."""

    start: int
    end: int
    font: str
    level: int
    url: str | None
    glyphs: tuple[Glyph, ...]  # in visual order
    # drawn at this times the paragraph's size: another family's letters among a tall
    # family's on a poster, made as tall as its own (see theme.letter_ratio)
    scale: float = 1.0

    @property
    def right_to_left(self) -> bool:
        return self.level % 2 == 1


@dataclass(frozen=True)
class ShapedText:
    """A paragraph's text shaped once; it is laid out again for each width it is given."""

    text: str
    bidi: BidiParagraph
    spans: tuple[Span, ...]
    advances: tuple[float, ...]  # per character, in thousandths of the size
    breaks: tuple[int, ...]  # where a line may start: after a space, not inside a number
    cluster_starts: tuple[int, ...]  # sorted: where a word too long for a line may be cut

    @property
    def right_to_left(self) -> bool:
        return self.bidi.base_level == 1


@dataclass(frozen=True)
class Piece:
    """The part of a span that falls on one line."""

    span: Span
    start: int
    end: int
    glyphs: tuple[Glyph, ...]
    width: float  # points


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # the line's trailing spaces are not part of it
    pieces: tuple[Piece, ...]  # left to right
    width: float
    ascent: float  # from the line's top to its baseline
    descent: float  # from the baseline to the next line's top

    @property
    def height(self) -> float:
        return self.ascent + self.descent


# ---- shaping a paragraph once ------------------------------------------------------------

@lru_cache(maxsize=2048)
def shape_paragraph(source: str, language: str, bold: bool,
                    match_letters: bool = False) -> ShapedText:
    """Author markup (``**bold**``, ``[text](https://...)``) shaped for ``language``.
    ``match_letters`` (posters): runs in another family than the language's are drawn
    with letters as tall as the language's own (a phone number among Nastaliq words)."""
    text, weights, urls = _characters(source, bold)
    bidi = analyse(text, reads_right_to_left(text, direction_for(language) == "rtl"))
    in_isolate = [False] * len(text)
    for isolate in bidi.isolates:
        in_isolate[isolate.start:isolate.end] = [True] * (isolate.end - isolate.start)
    scripts = resolve_scripts(text, language, in_isolate)
    fonts = choose_fonts(text, scripts, weights, language)
    isolate_ids = _isolate_ids(len(text), bidi.isolates)
    keys = [(fonts[i], bidi.levels[i], urls[i], isolate_ids[i], scripts[i])
            for i in range(len(text))]
    spans = []
    start = 0
    for end in range(1, len(text) + 1):
        if end == len(text) or keys[end] != keys[start]:
            font, level, url, _, script = keys[start]
            own = language if script == script_for(language) else None
            glyphs = shape(text, start, end, font, level % 2 == 1,
                           HARFBUZZ_SCRIPTS.get(script), own)
            scale = letter_ratio(font, language) if match_letters else 1.0
            spans.append(Span(start, end, font, level, url, glyphs, scale))
            start = end
    advances = [0.0] * len(text)
    for span in spans:
        for glyph in span.glyphs:
            advances[glyph.cluster] += glyph.x_advance * span.scale
    in_address = inside_addresses(text)  # an address is cut only after a "/" or "."
    clusters = sorted(c for c in {g.cluster for s in spans for g in s.glyphs}
                      | {s.start for s in spans}
                      if _may_cut_before(text, c) and c not in in_address)
    return ShapedText(text, bidi, tuple(spans), tuple(advances),
                      tuple(_break_opportunities(text)), tuple(clusters))


def _characters(source: str, bold: bool) -> tuple[str, list[bool], list[str | None]]:
    """The paragraph's characters with white space folded as a browser (and ReportLab's
    Paragraph) does, and each character's weight and link."""
    chars: list[str] = []
    weights: list[bool] = []
    urls: list[str | None] = []
    for run in parse_inline(source):
        for ch in _FOLDED_SPACE.sub(" ", run.text):
            if ch == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(ch)
            weights.append(bold or run.bold or run.url is not None)
            urls.append(run.url)
    while chars and chars[-1] == " ":
        chars.pop()
        weights.pop()
        urls.pop()
    return "".join(chars), weights, urls


def _may_cut_before(text: str, index: int) -> bool:
    """Whether a word too long for its line may be cut before ``text[index]``: not before a
    mark or a joiner, nor after a joiner or virama (HarfBuzz gives a vowel mark its own
    cluster, but it belongs to its letter)."""
    if index == 0 or index >= len(text):
        return True
    ch, before = text[index], text[index - 1]
    return (unicodedata.category(ch)[0] != "M" and ch not in _JOINERS
            and before not in _JOINERS and unicodedata.combining(before) != 9)


def _isolate_ids(length: int, isolates: tuple[Isolate, ...]) -> list[int]:
    ids = [-1] * length
    for number, isolate in enumerate(isolates):
        ids[isolate.start:isolate.end] = [number] * (isolate.end - isolate.start)
    return ids


def _break_opportunities(text: str) -> list[int]:
    """Line starts allowed: after a space, except inside a phone number."""
    inside_number: set[int] = set()
    for match in PHONE_NUMBER.finditer(text):
        inside_number.update(range(match.start() + 1, match.end()))
    return [i for i in range(1, len(text))
            if text[i - 1] == " " and text[i] != " " and i not in inside_number]


# ---- breaking into lines -----------------------------------------------------------------

def break_lines(shaped: ShapedText, size: float,
                width_of_line: Callable[[int], float]) -> list[tuple[int, int]]:
    """Greedy line breaking on shaped widths: (start, end) of each line, end before the
    line's trailing spaces. A word wider than a line is cut between clusters."""
    text = shaped.text
    sums = [0.0, *accumulate(a * size / 1000 for a in shaped.advances)]

    def width(a: int, b: int) -> float:
        return sums[b] - sums[a]

    def trimmed(b: int) -> int:
        while b > 0 and text[b - 1] == " ":
            b -= 1
        return b

    bounds = [0, *shaped.breaks, len(text)]
    lines: list[tuple[int, int]] = []
    start: int | None = None
    for a, b in pairwise(bounds):
        visible_end = trimmed(b)
        if start is not None and width(start, visible_end) <= width_of_line(len(lines)) \
                + _TOLERANCE:
            continue
        if start is not None:
            lines.append((start, trimmed(a)))
        while width(a, visible_end) > width_of_line(len(lines)) + _TOLERANCE:
            cut = _cut(shaped.cluster_starts, a, visible_end, width, width_of_line(len(lines)))
            lines.append((a, cut))
            a = cut
        start = a
    if start is not None and start < len(text):
        lines.append((start, trimmed(len(text))))
    return lines


def _cut(clusters: tuple[int, ...], a: int, b: int, width: Callable[[int, int], float],
         room: float) -> int:
    """The last cluster boundary in (a, b) where text from ``a`` still fits ``room``; at
    least one cluster, so every line holds something (in a web address, whose only cuts
    are after its separators, up to the first of them, or all of it)."""
    first = bisect_left(clusters, a + 1)
    best = None
    for boundary in clusters[first:]:
        if boundary >= b:
            break
        if width(a, boundary) > room + _TOLERANCE:
            break
        best = boundary
    if best is None:
        best = clusters[first] if first < len(clusters) and clusters[first] < b else b
    return best


# ---- one line's pieces, in visual order --------------------------------------------------

def build_line(shaped: ShapedText, start: int, end: int, size: float,
               leading: float) -> Line:
    pieces: list[Piece] = []
    for span in shaped.spans:
        a, b = max(span.start, start), min(span.end, end)
        if a >= b:
            continue
        glyphs = tuple(g for g in span.glyphs if a <= g.cluster < b)
        width = sum(g.x_advance for g in glyphs) * size * span.scale / 1000
        pieces.append(Piece(span, a, b, glyphs, width))
    visible = tuple(line_in_visual_order([(p.start, p.end, p.span.level, p) for p in pieces],
                                         shaped.bidi.isolates, start, end))
    fonts = {p.span.font for p in visible}
    ascent, descent = _ink_room(line_extent(fonts, size, leading), _ink_extent(visible),
                                line_clearance(fonts) * size, size)
    return Line(start, end, visible, sum(p.width for p in visible), ascent, descent)


def _ink_room(extent: tuple[float, float], ink: tuple[float, float], clearance: float,
              size: float) -> tuple[float, float]:
    """A line's ascent and descent so that its glyphs, with half the clearance above and
    below them, stand inside the line: the line is as tall as its style's, or as its glyphs
    and the clearance if that is more. The baseline moves only as far as the glyphs need;
    where the style's ascent is more than the glyphs' height above the baseline (Naskh's
    letters stand lower than the size, but its marks reach further below than Latin's),
    that room serves below, so such a line is no taller than its style's."""
    ascent, descent = extent
    top = ink[0] * size / 1000 + clearance / 2
    bottom = -ink[1] * size / 1000 + clearance / 2
    height = max(ascent + descent, top + bottom)
    ascent = max(top, min(ascent, height - bottom))
    return ascent, height - ascent


def glyph_room(line: Line, size: float, leading: float) -> Line:
    """A line as tall as its glyphs and the clearance need, or its style's line if more,
    without a tall family's own line (posters: a one-line paragraph has no rhythm of lines
    to keep, and a Nastaliq line's height is mostly the few tall letters of one word)."""
    fonts = {p.span.font for p in line.pieces}
    ascent, descent = _ink_room((size, leading - size), _ink_extent(line.pieces),
                                line_clearance(fonts) * size, size)
    return replace(line, ascent=ascent, descent=descent)


def _ink_extent(pieces: tuple[Piece, ...]) -> tuple[float, float]:
    """How far the line's glyphs reach above and below the baseline, in thousandths of
    the size, with each glyph's own vertical offset (Nastaliq steps letters up and down)."""
    top = bottom = 0.0
    for piece in pieces:
        for glyph in piece.glyphs:
            box = glyph_box(piece.span.font, glyph.gid)
            if box is not None:
                top = max(top, (box[3] + glyph.y_offset) * piece.span.scale)
                bottom = min(bottom, (box[2] + glyph.y_offset) * piece.span.scale)
    return top, bottom


def line_clearance(fonts: set[str]) -> float:
    """The share of the size kept clear between glyphs of this line and the next's."""
    families = (family_of(font) for font in fonts)
    return max([INK_CLEARANCE, *(f.clearance for f in families if f is not None)])


def line_extent(fonts: set[str], size: float, leading: float) -> tuple[float, float]:
    """Ascent and descent of a line: the style's (its leading less one size below the
    baseline, as ReportLab's Paragraph does), or a tall font's own, if that is more; a
    font with a minimum line height gets the extra room below the baseline."""
    ascent, descent = size, leading - size
    for font in fonts:
        tall = _tall_extent(font)
        if tall:
            ascent = max(ascent, tall[0] * size)
            descent = max(descent, tall[1] * size)
    for font in fonts:
        family = family_of(font)
        if family is not None and family.min_line_height:
            descent = max(descent, family.min_line_height * size - ascent)
    return ascent, descent


@cache
def _tall_extent(font: str) -> tuple[float, float] | None:
    family = family_of(font)
    if family is None or not family.tall:
        return None
    if family.line:
        return family.line
    face = pdfmetrics.getFont(font).face
    return face.ascent / 1000, -face.descent / 1000


def lay_out(shaped: ShapedText, size: float, leading: float,
            width_of_line: Callable[[int], float]) -> list[Line]:
    return [build_line(shaped, a, b, size, leading)
            for a, b in break_lines(shaped, size, width_of_line)]
