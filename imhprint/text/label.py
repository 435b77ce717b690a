"""One line of layout text drawn straight onto a page (a footer's "Page 1 of 2", a write-in
label, the sample band), shaped like any paragraph when its language needs it.

ReportLab's ``drawString`` draws characters one after another in their stored order: right
for English, but Bengali vowel signs land on the wrong side of their consonant and Urdu
letters come out unjoined and backwards. These helpers send such text through the text
path and leave the rest to ReportLab, so an English footer's bytes do not change.
"""

from __future__ import annotations

from reportlab.lib.fonts import ps2tt
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .drawing import draw_run
from .layout import Line, lay_out, shape_paragraph
from .scripts import needs_text_path

ONE_LINE = 1_000_000.0  # room wide enough that a label is never broken


def _shaped_line(text: str, font_name: str, size: float, language: str) -> Line | None:
    # author Text (and a strings file's language) carry their line: HarfBuzz takes str
    text, language = str(text), str(language)
    bold = ps2tt(font_name)[1] == 1
    lines = lay_out(shape_paragraph(text, language, bold), size, size, lambda _: ONE_LINE)
    return lines[0] if lines else None


def label_width(text: str, font_name: str, size: float, language: str) -> float:
    """How wide ``text`` prints on one line, in points."""
    if not needs_text_path(text, language):
        return stringWidth(text, font_name, size)
    line = _shaped_line(text, font_name, size, language)
    return line.width if line else 0.0


def draw_label(canv: Canvas, text: str, x: float, y: float, font_name: str, size: float,
               language: str, anchor: str = "left") -> None:
    """Draw ``text`` on one line with its baseline at ``y``; ``anchor`` says whether ``x``
    is its left edge, its right edge or its centre ("left", "right", "centre")."""
    if not needs_text_path(text, language):
        canv.setFont(font_name, size)
        draw = {"left": canv.drawString, "right": canv.drawRightString,
                "centre": canv.drawCentredString}[anchor]
        draw(x, y, text)
        return
    line = _shaped_line(text, font_name, size, language)
    if line is None:
        return
    left = {"left": x, "right": x - line.width, "centre": x - line.width / 2}[anchor]
    shaped = shape_paragraph(str(text), str(language), ps2tt(font_name)[1] == 1)
    for piece in line.pieces:
        draw_run(canv, piece.span.font, size, left, y, shaped.text, piece.glyphs, piece.end)
        left += piece.width
