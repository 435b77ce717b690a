"""Simple, friendly vector icons drawn with ReportLab paths, sharp at any size.

Each painter draws into a unit square (0..1) that the caller scales; ``fg`` is the
icon colour and ``bg`` the colour it sits on (used to cut shapes out). An icon never
carries meaning alone: it always sits beside words.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import FILL_EVEN_ODD, Canvas
from reportlab.platypus import Flowable

IconPainter = Callable[[Canvas, Color, Color], None]


def _fill(c: Canvas, color: Color) -> None:
    c.setFillColor(color)
    c.setStrokeColor(color)


def _fill_path(c: Canvas, path: object) -> None:
    # The fill rule is named, not left to the canvas: an older svglib, once imported to
    # draw a logo, makes every later drawPath in the process fill by the non-zero rule,
    # so the same icon would print differently by which PDFs a worker made before.
    c.drawPath(path, stroke=0, fill=1, fillMode=FILL_EVEN_ODD)


def _heart_path(c: Canvas, cx: float, cy: float, size: float) -> object:
    def at(x: float, y: float) -> tuple[float, float]:
        return cx + (x - 0.5) * size, cy + (y - 0.5) * size

    path = c.beginPath()
    path.moveTo(*at(0.5, 0.12))
    path.curveTo(*at(0.30, 0.30), *at(0.05, 0.45), *at(0.08, 0.68))
    path.curveTo(*at(0.11, 0.90), *at(0.40, 0.95), *at(0.5, 0.74))
    path.curveTo(*at(0.60, 0.95), *at(0.89, 0.90), *at(0.92, 0.68))
    path.curveTo(*at(0.95, 0.45), *at(0.70, 0.30), *at(0.5, 0.12))
    path.close()
    return path


def _heart(c: Canvas, fg: Color, bg: Color) -> None:
    _fill(c, fg)
    _fill_path(c, _heart_path(c, 0.5, 0.5, 1.0))


def _disc(c: Canvas, fg: Color) -> None:
    _fill(c, fg)
    c.circle(0.5, 0.5, 0.5, stroke=0, fill=1)


def _badge(symbol: str) -> IconPainter:
    def paint(c: Canvas, fg: Color, bg: Color) -> None:
        _disc(c, fg)
        _fill(c, bg)
        if symbol == "!":
            c.roundRect(0.44, 0.36, 0.12, 0.42, 0.05, stroke=0, fill=1)
            c.circle(0.5, 0.23, 0.07, stroke=0, fill=1)
        else:  # "i"
            c.circle(0.5, 0.75, 0.07, stroke=0, fill=1)
            c.roundRect(0.44, 0.2, 0.12, 0.42, 0.05, stroke=0, fill=1)

    return paint


def _phone(c: Canvas, fg: Color, bg: Color) -> None:
    _disc(c, fg)
    _fill(c, bg)
    path = c.beginPath()  # a handset: two ear pieces joined by a curved grip
    path.moveTo(0.25, 0.70)
    path.curveTo(0.22, 0.50, 0.38, 0.28, 0.62, 0.22)
    path.lineTo(0.72, 0.33)
    path.lineTo(0.62, 0.43)
    path.curveTo(0.52, 0.42, 0.44, 0.50, 0.45, 0.58)
    path.lineTo(0.36, 0.68)
    path.close()
    _fill_path(c, path)


def _speech(c: Canvas, fg: Color, bg: Color) -> None:
    _fill(c, fg)
    c.roundRect(0.05, 0.28, 0.9, 0.62, 0.18, stroke=0, fill=1)
    path = c.beginPath()
    path.moveTo(0.25, 0.32)
    path.lineTo(0.18, 0.08)
    path.lineTo(0.45, 0.30)
    path.close()
    _fill_path(c, path)
    _fill(c, bg)
    for x in (0.3, 0.5, 0.7):
        c.circle(x, 0.59, 0.065, stroke=0, fill=1)


def _bottle(c: Canvas, fg: Color, bg: Color) -> None:
    _fill(c, fg)
    c.roundRect(0.30, 0.04, 0.40, 0.58, 0.1, stroke=0, fill=1)
    c.roundRect(0.26, 0.60, 0.48, 0.11, 0.04, stroke=0, fill=1)
    path = c.beginPath()
    path.moveTo(0.38, 0.71)
    path.curveTo(0.38, 0.86, 0.44, 0.97, 0.50, 0.97)
    path.curveTo(0.56, 0.97, 0.62, 0.86, 0.62, 0.71)
    path.close()
    _fill_path(c, path)
    _fill(c, bg)
    for y in (0.18, 0.30, 0.42):
        c.rect(0.30, y, 0.16, 0.035, stroke=0, fill=1)


def _moon(c: Canvas, fg: Color, bg: Color) -> None:
    _fill(c, fg)
    c.circle(0.44, 0.48, 0.40, stroke=0, fill=1)
    _fill(c, bg)
    c.circle(0.62, 0.62, 0.34, stroke=0, fill=1)
    _fill(c, fg)
    for x, y, r in ((0.80, 0.22, 0.05), (0.90, 0.40, 0.035), (0.70, 0.08, 0.03)):
        c.circle(x, y, r, stroke=0, fill=1)


def _face(mouth: str) -> IconPainter:
    def paint(c: Canvas, fg: Color, bg: Color) -> None:
        _disc(c, fg)
        _fill(c, bg)
        c.circle(0.34, 0.60, 0.07, stroke=0, fill=1)
        c.circle(0.66, 0.60, 0.07, stroke=0, fill=1)
        c.setLineWidth(0.07)
        c.setLineCap(1)
        if mouth == "smile":
            c.arc(0.27, 0.18, 0.73, 0.56, startAng=200, extent=140)
        else:  # a sad mouth and a tear
            c.arc(0.32, 0.20, 0.68, 0.46, startAng=25, extent=130)
            path = c.beginPath()
            path.moveTo(0.70, 0.50)
            path.curveTo(0.64, 0.40, 0.64, 0.33, 0.70, 0.31)
            path.curveTo(0.76, 0.33, 0.76, 0.40, 0.70, 0.50)
            path.close()
            _fill_path(c, path)

    return paint


def _pause(c: Canvas, fg: Color, bg: Color) -> None:
    _disc(c, fg)
    _fill(c, bg)
    c.roundRect(0.32, 0.27, 0.12, 0.46, 0.04, stroke=0, fill=1)
    c.roundRect(0.56, 0.27, 0.12, 0.46, 0.04, stroke=0, fill=1)


def _lifebuoy(c: Canvas, fg: Color, bg: Color) -> None:
    _disc(c, fg)
    _fill(c, bg)
    c.circle(0.5, 0.5, 0.24, stroke=0, fill=1)
    c.saveState()
    c.translate(0.5, 0.5)
    for angle in (45, 135, 225, 315):
        c.saveState()
        c.rotate(angle)
        c.rect(0.24, -0.06, 0.27, 0.12, stroke=0, fill=1)
        c.restoreState()
    c.restoreState()


def _home(c: Canvas, fg: Color, bg: Color) -> None:
    _fill(c, fg)
    path = c.beginPath()
    path.moveTo(0.02, 0.52)
    path.lineTo(0.5, 0.95)
    path.lineTo(0.98, 0.52)
    path.close()
    _fill_path(c, path)
    c.rect(0.14, 0.05, 0.72, 0.50, stroke=0, fill=1)
    _fill(c, bg)
    c.roundRect(0.42, 0.05, 0.16, 0.28, 0.03, stroke=0, fill=1)
    _fill_path(c, _heart_path(c, 0.5, 0.70, 0.16))


def _star(c: Canvas, fg: Color, bg: Color) -> None:
    _fill(c, fg)
    path = c.beginPath()
    for i in range(10):
        radius = 0.5 if i % 2 == 0 else 0.21
        angle = math.pi / 2 + i * math.pi / 5
        x, y = 0.5 + radius * math.cos(angle), 0.47 + radius * math.sin(angle)
        path.moveTo(x, y) if i == 0 else path.lineTo(x, y)
    path.close()
    _fill_path(c, path)


def _bump(c: Canvas, fg: Color, bg: Color) -> None:
    _disc(c, fg)
    _fill(c, bg)
    _fill_path(c, _heart_path(c, 0.5, 0.48, 0.5))


def _eye(c: Canvas, fg: Color, bg: Color) -> None:
    _fill(c, fg)
    path = c.beginPath()
    path.moveTo(0.02, 0.5)
    path.curveTo(0.25, 0.88, 0.75, 0.88, 0.98, 0.5)
    path.curveTo(0.75, 0.12, 0.25, 0.12, 0.02, 0.5)
    path.close()
    _fill_path(c, path)
    _fill(c, bg)
    c.circle(0.5, 0.5, 0.2, stroke=0, fill=1)
    _fill(c, fg)
    c.circle(0.5, 0.5, 0.1, stroke=0, fill=1)


def _hands(c: Canvas, fg: Color, bg: Color) -> None:
    """A heart held in a cupped hand."""
    _fill(c, fg)
    _fill_path(c, _heart_path(c, 0.5, 0.68, 0.55))
    path = c.beginPath()
    path.moveTo(0.02, 0.42)
    path.curveTo(0.10, 0.05, 0.90, 0.05, 0.98, 0.42)
    path.lineTo(0.84, 0.42)
    path.curveTo(0.76, 0.22, 0.24, 0.22, 0.16, 0.42)
    path.close()
    _fill_path(c, path)


ICONS: dict[str, IconPainter] = {
    "heart": _heart,
    "warning": _badge("!"),
    "info": _badge("i"),
    "phone": _phone,
    "speech": _speech,
    "hunger": _bottle,
    "tired": _moon,
    "play": _face("smile"),
    "crying": _face("cry"),
    "break": _pause,
    "help": _lifebuoy,
    "home": _home,
    "star": _star,
    "bump": _bump,
    "eye": _eye,
    "hands": _hands,
}
ICON_NAMES = tuple(ICONS)


def draw_icon(c: Canvas, name: str, x: float, y: float, size: float,
              fg: Color, bg: Color) -> None:
    c.saveState()
    c.translate(x, y)
    c.scale(size, size)
    ICONS[name](c, fg, bg)
    c.restoreState()


class IconFlowable(Flowable):
    """An icon as a flowable, for placing beside a title."""

    def __init__(self, name: str, size: float, fg: Color, bg: Color) -> None:
        super().__init__()
        self.name, self.size, self.fg, self.bg = name, size, fg, bg
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_icon(self.canv, self.name, 0, 0, self.size, self.fg, self.bg)
