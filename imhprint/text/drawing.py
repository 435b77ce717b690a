"""Shaped glyphs into a page's content stream, each where HarfBuzz put it, and readable.

Glyphs are written as PDF text operators of their own (a TJ array that moves each glyph
by its offset, and a text rise for its height), not through ReportLab's text objects:
those lose track of the rise when two raised glyphs follow each other, and the next
glyphs, and the next text object, are then drawn raised too.

A cluster of glyphs that does not read back as its own characters (a joining form, a
conjunct, a reordered vowel sign, a raised Nastaliq letter) is marked with /ActualText,
one cluster to a span: text extractors spread an ActualText's characters across the span
from left to right, so a longer span would come out backwards in right-to-left text.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ..markedcontent import actual_text, marked_content
from .shaping import Glyph, glyph_char, glyph_id, nominal_width, reads_as


@dataclass(frozen=True)
class Segment:
    """Glyphs drawn together: a run of clusters that read back as their own text, or one
    cluster with the text it stands for."""

    offset: float  # points from the run's left edge
    glyphs: tuple[Glyph, ...]
    actual_text: str | None


def segments(text: str, font: str, glyphs: tuple[Glyph, ...], end: int,
             size: float) -> list[Segment]:
    """Glyphs of ``text`` (in visual order, ending at character ``end``) grouped by
    cluster: clusters that read back as their own characters join their neighbours,
    any other stands alone with its characters."""
    groups: list[list[Glyph]] = []
    for glyph in glyphs:
        if groups and groups[-1][0].cluster == glyph.cluster:
            groups[-1].append(glyph)
        else:
            groups.append([glyph])
    starts = sorted({group[0].cluster for group in groups})
    result: list[Segment] = []
    offset = 0.0
    for group in groups:
        cluster = group[0].cluster
        following = starts.index(cluster) + 1
        own = text[cluster:starts[following] if following < len(starts) else end]
        members = tuple(group)
        plain = reads_as(font, members, own)
        if plain and result and result[-1].actual_text is None:
            last = result[-1]
            result[-1] = Segment(last.offset, last.glyphs + members, None)
        else:
            result.append(Segment(offset, members, None if plain else own))
        offset += sum(g.x_advance for g in members) * size / 1000
    return result


def draw_run(canv: Canvas, font: str, size: float, x: float, y: float, text: str,
             glyphs: tuple[Glyph, ...], end: int) -> None:
    """Glyphs of ``text`` drawn from (x, y) on the baseline, readable by text extractors."""
    for segment in segments(text, font, glyphs, end, size):
        if segment.actual_text is None:
            show_glyphs(canv, font, size, x + segment.offset, y, segment.glyphs)
        else:
            with marked_content(canv, "Span", actual_text(segment.actual_text)):
                show_glyphs(canv, font, size, x + segment.offset, y,
                            anchored(font, segment.glyphs))


def anchored(font: str, glyphs: tuple[Glyph, ...]) -> tuple[Glyph, ...]:
    """Glyphs between two invisible spaces on the baseline, at the cluster's left and right
    edges. A text extractor puts an ActualText where the span's first glyph starts and
    its last one ends: without them, a raised Nastaliq glyph would lift the letters onto
    a line of their own, and a vowel sign's width would push them into the next word."""
    space = glyph_id(font, " ")
    space_width = nominal_width(font, space)
    start = Glyph(space, glyphs[0].cluster, 0, 0, 0)
    end = Glyph(space, glyphs[-1].cluster, 0, -space_width, 0)
    return (start, *glyphs, end)


def show_glyphs(canv: Canvas, font_name: str, size: float, x: float, y: float,
                glyphs: tuple[Glyph, ...]) -> None:
    """One text object that puts each glyph at its pen position plus its offset."""
    if not glyphs:
        return
    font = pdfmetrics.getFont(font_name)
    doc = canv._doc
    ops = [f"BT 1 0 0 1 {fp_str(x)} {fp_str(y)} Tm"]
    array: list[str] = []

    def flush() -> None:
        if array:
            ops.append(f"[{' '.join(array)}] TJ")
            array.clear()

    subset_now, rise = None, 0.0
    pen = 0.0  # where the PDF's text position is, in thousandths of the size
    shaped_pen = 0.0  # where HarfBuzz's pen is
    for glyph in glyphs:
        [(subset, code)] = font.splitString(glyph_char(font_name, glyph.gid), doc)
        if subset != subset_now:
            flush()
            ops.append(f"{font.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf")
            subset_now = subset
        if glyph.y_offset != rise:
            flush()
            rise = glyph.y_offset
            ops.append(f"{fp_str(rise * size / 1000)} Ts")
        move = shaped_pen + glyph.x_offset - pen
        if abs(move) > 0.001:
            array.append(fp_str(-move))  # TJ moves left by positive numbers
        array.append(f"({escapePDF(code)})")
        pen = shaped_pen + glyph.x_offset + nominal_width(font_name, glyph.gid)
        shaped_pen += glyph.x_advance
    flush()
    if rise:
        ops.append("0 Ts")  # text rise outlives ET: never leave it set
    ops.append("ET")
    canv.addLiteral(" ".join(ops))
