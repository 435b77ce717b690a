"""One line of text drawn straight onto the canvas (a label, a band, "Page 1 of 2"),
shaped and ordered like any paragraph when it needs to be.

Layouts draw a few strings themselves rather than as paragraphs. Through here those
strings shape and read right to left as paragraphs do; text that needs none of that is
drawn by ReportLab's own string drawing, exactly as before.
"""

from __future__ import annotations

from reportlab.lib.fonts import ps2tt
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .drawing import draw_run
from .layout import Line, lay_out, shape_paragraph
from .nestle import boxes
from .scripts import needs_text_path

_NO_LIMIT = 1e6  # a single line: never broken


def _shaped_line(text: str, language: str, font_name: str, size: float
                 ) -> tuple[str, Line] | None:
    # plain str: a strings file's Text carries its line; HarfBuzz takes str only
    shaped = shape_paragraph(str(text), str(language), ps2tt(font_name)[1] == 1)
    lines = lay_out(shaped, size, size, lambda _: _NO_LIMIT)
    return (shaped.text, lines[0]) if lines else None


def line_width(text: str, language: str, font_name: str, size: float) -> float:
    """The width of ``text`` drawn as one line by ``draw_line``."""
    if not needs_text_path(text, language):
        return stringWidth(text, font_name, size)
    shaped = _shaped_line(text, language, font_name, size)
    return shaped[1].width if shaped else 0.0


def ink_extent(text: str, language: str, font_name: str, size: float
               ) -> tuple[float, float] | None:
    """How far the glyphs of ``text`` drawn as one line reach above and below its
    baseline, in points; None for text ReportLab draws (its font's own metrics hold)."""
    if not needs_text_path(text, language):
        return None
    shaped = _shaped_line(text, language, font_name, size)
    found = boxes(shaped[1], size, 0.0) if shaped else []
    if not found:
        return None
    return max(box[3] for box in found), -min(box[2] for box in found)


def draw_line(canv: Canvas, text: str, language: str, font_name: str, size: float,
              x: float, y: float, anchor: str = "left") -> None:
    """``text`` on the baseline ``y``, its left edge, right edge or centre (``anchor``)
    at ``x``, in the canvas's fill colour. The canvas's font must already be set to
    ``font_name`` and ``size`` (ReportLab's drawing uses it)."""
    if not needs_text_path(text, language):
        draw = {"left": canv.drawString, "right": canv.drawRightString,
                "centre": canv.drawCentredString}[anchor]
        draw(x, y, text)
        return
    shaped = _shaped_line(text, language, font_name, size)
    if shaped is None:
        return
    chars, line = shaped
    x -= {"left": 0.0, "right": line.width, "centre": line.width / 2}[anchor]
    for piece in line.pieces:
        draw_run(canv, piece.span.font, size, x, y, chars, piece.glyphs, piece.end)
        x += piece.width
