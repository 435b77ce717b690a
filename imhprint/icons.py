"""Simple vector icons drawn with ReportLab paths, so they stay sharp at any size.

Each icon draws into a unit square (0..1) scaled to ``size``; colour comes from the caller.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

IconPainter = Callable[[Canvas, Color, Color], None]


def _heart(c: Canvas, fg: Color, bg: Color) -> None:
    path = c.beginPath()
    path.moveTo(0.5, 0.12)
    path.curveTo(0.30, 0.30, 0.05, 0.45, 0.08, 0.68)
    path.curveTo(0.11, 0.90, 0.40, 0.95, 0.5, 0.74)
    path.curveTo(0.60, 0.95, 0.89, 0.90, 0.92, 0.68)
    path.curveTo(0.95, 0.45, 0.70, 0.30, 0.5, 0.12)
    path.close()
    c.setFillColor(fg)
    c.drawPath(path, stroke=0, fill=1)


def _badge(symbol: str) -> IconPainter:
    """A filled circle with a bold mark in it (the mark is drawn, not typed)."""

    def paint(c: Canvas, fg: Color, bg: Color) -> None:
        c.setFillColor(fg)
        c.circle(0.5, 0.5, 0.5, stroke=0, fill=1)
        c.setFillColor(bg)
        if symbol == "!":
            c.roundRect(0.44, 0.36, 0.12, 0.42, 0.05, stroke=0, fill=1)
            c.circle(0.5, 0.23, 0.07, stroke=0, fill=1)
        else:  # "i"
            c.circle(0.5, 0.75, 0.07, stroke=0, fill=1)
            c.roundRect(0.44, 0.2, 0.12, 0.42, 0.05, stroke=0, fill=1)

    return paint


def _phone(c: Canvas, fg: Color, bg: Color) -> None:
    c.setFillColor(fg)
    c.circle(0.5, 0.5, 0.5, stroke=0, fill=1)
    c.setFillColor(bg)
    path = c.beginPath()  # a classic handset: two ear pieces joined by a curved grip
    path.moveTo(0.25, 0.70)
    path.curveTo(0.22, 0.50, 0.38, 0.28, 0.62, 0.22)
    path.lineTo(0.72, 0.33)
    path.lineTo(0.62, 0.43)
    path.curveTo(0.52, 0.42, 0.44, 0.50, 0.45, 0.58)
    path.lineTo(0.36, 0.68)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


def _speech(c: Canvas, fg: Color, bg: Color) -> None:
    c.setFillColor(fg)
    c.roundRect(0.05, 0.28, 0.9, 0.62, 0.18, stroke=0, fill=1)
    path = c.beginPath()
    path.moveTo(0.25, 0.32)
    path.lineTo(0.18, 0.08)
    path.lineTo(0.45, 0.30)
    path.close()
    c.drawPath(path, stroke=0, fill=1)
    c.setFillColor(bg)
    for x in (0.3, 0.5, 0.7):
        c.circle(x, 0.59, 0.065, stroke=0, fill=1)


ICONS: dict[str, IconPainter] = {
    "heart": _heart,
    "warning": _badge("!"),
    "info": _badge("i"),
    "phone": _phone,
    "speech": _speech,
}


def draw_icon(c: Canvas, name: str, x: float, y: float, size: float,
              fg: Color, bg: Color) -> None:
    c.saveState()
    c.translate(x, y)
    c.scale(size, size)
    ICONS[name](c, fg, bg)
    c.restoreState()
