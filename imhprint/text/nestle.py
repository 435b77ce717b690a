"""Lines set as close as their glyphs allow: a line's tall letters may stand under the
gaps of the line above, but never under its low ones.

Nastaliq words slope from high on the right to the baseline on the left, and their dots
and bowls reach well below it, so a line's highest point and its lowest are rarely in the
same place. Spacing lines by the highest and lowest points anywhere on them (about 2.6
times the size) wastes what the script's own books use; here each pair of lines is as far
apart as the glyphs that stand above one another need, plus a clearance, and never closer
than the style's (or the theme's Nastaliq) line. The glyph boxes come from the font, as
HarfBuzz placed each glyph.
"""

from __future__ import annotations

from dataclasses import replace

from ..theme import family_of
from .layout import Line, line_clearance, line_extent
from .shaping import glyph_box

Box = tuple[float, float, float, float]  # left, right, bottom, top: points, baseline at 0


def boxes(line: Line, size: float, left: float) -> list[Box]:
    """Where each inked glyph of the line stands, the line starting at ``left``."""
    found = []
    x = left
    for piece in line.pieces:
        scale = size * piece.span.scale / 1000
        for glyph in piece.glyphs:
            box = glyph_box(piece.span.font, glyph.gid)
            if box is not None:
                x0, x1, bottom, top = box
                found.append((x + (glyph.x_offset + x0) * scale,
                              x + (glyph.x_offset + x1) * scale,
                              (glyph.y_offset + bottom) * scale,
                              (glyph.y_offset + top) * scale))
            x += glyph.x_advance * scale
    return found


def _needed(upper: list[Box], lower: list[Box], gap: float) -> float:
    """The distance between two baselines at which no glyph of the lower line comes
    within ``gap`` of a glyph of the upper line standing over it."""
    need = 0.0
    for left, right, bottom, _ in upper:
        for other_left, other_right, _, top in lower:
            if other_left < right + gap and left < other_right + gap:
                need = max(need, top - bottom)
    return need + gap if need else 0.0


def _pitch(upper: Line, upper_boxes: list[Box], lower: Line, lower_boxes: list[Box],
           sizes: tuple[float, float], leadings: tuple[float, float],
           family_line: bool = True) -> tuple[float, float]:
    """The upper line's descent by its style, and the distance between the two baselines:
    the styles' (or the tall family's) line, or what the glyphs standing over one another
    need with the clearance, if more. ``sizes`` and ``leadings``: the upper line's, then
    the lower's. ``family_line`` False: the styles' line, not a tall family's."""
    fonts_up = {p.span.font for p in upper.pieces}
    fonts_low = {p.span.font for p in lower.pieces}
    if family_line:
        upper_descent = line_extent(fonts_up, sizes[0], leadings[0])[1]
        lower_ascent = line_extent(fonts_low, sizes[1], leadings[1])[0]
    else:
        upper_descent, lower_ascent = leadings[0] - sizes[0], sizes[1]
    gap = max(line_clearance(fonts_up) * sizes[0], line_clearance(fonts_low) * sizes[1])
    return upper_descent, max(upper_descent + lower_ascent,
                              _needed(upper_boxes, lower_boxes, gap))


def nestle(lines: list[Line], starts: list[float], size: float, leading: float,
           family_line: bool = True) -> list[Line]:
    """The lines with the room between them each pair needs; ``starts`` is each line's
    left edge. The first line's top and the last line's foot keep their own glyphs'
    room (the blocks around a paragraph are not looked into). ``family_line`` False
    (posters): no closer than the style's line, not a tall family's."""
    if len(lines) < 2:
        return lines
    placed = [boxes(line, size, start) for line, start in zip(lines, starts, strict=True)]
    result = [lines[0]]
    for index in range(1, len(lines)):
        upper, lower = result[-1], lines[index]
        upper_descent, pitch = _pitch(upper, placed[index - 1], lower, placed[index],
                                      (size, size), (leading, leading), family_line)
        result[-1] = replace(upper, descent=upper_descent)
        result.append(replace(lower, ascent=pitch - upper_descent))
    return result


def is_tall(line: Line) -> bool:
    """Whether the line is set in a tall family (Nastaliq)."""
    families = (family_of(p.span.font) for p in line.pieces)
    return any(f is not None and f.tall for f in families)


def nestle_under(upper: Line, upper_at: tuple[float, float, float], lower: Line,
                 lower_at: tuple[float, float, float]) -> Line:
    """The first line of a paragraph (``lower``) as close under the last line of the one
    above as two lines of one paragraph stand (the paragraphs' own space still between
    them), if it is in a tall family: a Nastaliq line's top is mostly the few tall
    letters of one word, which can stand under the gaps of the line above, whatever that
    line's script (an English name over a Nastaliq line, in a card or the hub band).
    ``upper_at``
    and ``lower_at``: each line's left edge, size and leading. Other lines keep theirs.
    The glyphs decide, not the family's line: paragraphs that nestle are posters' lines,
    each its own paragraph (glyph_room)."""
    if not is_tall(lower):
        return lower
    (upper_left, upper_size, upper_leading), (lower_left, lower_size, lower_leading) = \
        upper_at, lower_at
    _, pitch = _pitch(upper, boxes(upper, upper_size, upper_left), lower,
                      boxes(lower, lower_size, lower_left), (upper_size, lower_size),
                      (upper_leading, lower_leading), family_line=False)
    return replace(lower, ascent=min(lower.ascent, max(0.0, pitch - upper.descent)))
