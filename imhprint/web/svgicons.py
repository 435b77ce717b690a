"""The leaflets' icons as inline SVG, drawn by the same painters as the PDFs.

``imhprint/icons.py`` paints each icon with a handful of ReportLab canvas calls into a
unit square. ``SvgCanvas`` answers those calls by writing SVG elements, so the web page
shows the very shapes the leaflet prints, with no second set of drawings to keep in step.
"""

from __future__ import annotations

import math
from functools import cache

from markupsafe import Markup
from reportlab.lib.colors import Color, HexColor

from ..icons import ICONS
from ..theme import Palette, hex_of


def _n(value: float) -> str:
    """A coordinate with four decimals, the same on every run (reproducible pages)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class SvgPath:
    """The path object ``beginPath()`` returns, recording SVG path commands."""

    def __init__(self) -> None:
        self.commands: list[str] = []

    def moveTo(self, x: float, y: float) -> None:  # noqa: N802 (ReportLab's names)
        self.commands.append(f"M{_n(x)} {_n(y)}")

    def lineTo(self, x: float, y: float) -> None:  # noqa: N802
        self.commands.append(f"L{_n(x)} {_n(y)}")

    def curveTo(self, x1: float, y1: float, x2: float, y2: float,  # noqa: N802
                x3: float, y3: float) -> None:
        self.commands.append(f"C{_n(x1)} {_n(y1)} {_n(x2)} {_n(y2)} {_n(x3)} {_n(y3)}")

    def close(self) -> None:
        self.commands.append("Z")


class SvgCanvas:
    """Just the canvas calls the icon painters make, as SVG (y up, as in PDF)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._fill = "#000"
        self._stroke = "#000"
        self._line_width = 1.0
        self._cap = 0
        self._states: list[tuple[str, str, float, int, int]] = []
        self._open_groups = 0

    # ---- state ----------------------------------------------------------------------------
    def setFillColor(self, color: Color) -> None:  # noqa: N802
        self._fill = hex_of(color)

    def setStrokeColor(self, color: Color) -> None:  # noqa: N802
        self._stroke = hex_of(color)

    def setLineWidth(self, width: float) -> None:  # noqa: N802
        self._line_width = width

    def setLineCap(self, cap: int) -> None:  # noqa: N802
        self._cap = cap

    def saveState(self) -> None:  # noqa: N802
        self._states.append((self._fill, self._stroke, self._line_width, self._cap,
                             self._open_groups))
        self._open_groups = 0

    def restoreState(self) -> None:  # noqa: N802
        self.parts.extend(["</g>"] * self._open_groups)
        (self._fill, self._stroke, self._line_width, self._cap,
         self._open_groups) = self._states.pop()

    def _transform(self, transform: str) -> None:
        self.parts.append(f'<g transform="{transform}">')
        self._open_groups += 1

    def translate(self, x: float, y: float) -> None:
        self._transform(f"translate({_n(x)} {_n(y)})")

    def scale(self, x: float, y: float) -> None:
        self._transform(f"scale({_n(x)} {_n(y)})")

    def rotate(self, degrees: float) -> None:
        self._transform(f"rotate({_n(degrees)})")

    # ---- shapes ---------------------------------------------------------------------------
    def _paint(self, stroke: int, fill: int) -> str:
        caps = {0: "butt", 1: "round", 2: "square"}
        fill_attr = f'fill="{self._fill}"' if fill else 'fill="none"'
        if not stroke:
            return fill_attr
        return (f'{fill_attr} stroke="{self._stroke}" stroke-width="{_n(self._line_width)}" '
                f'stroke-linecap="{caps.get(self._cap, "butt")}"')

    def beginPath(self) -> SvgPath:  # noqa: N802
        return SvgPath()

    def drawPath(self, path: SvgPath, stroke: int = 1, fill: int = 0,  # noqa: N802
                 fillMode: int | None = None) -> None:  # noqa: N803
        # the fill rule is the SVG default: no icon's outline crosses itself, so the
        # even-odd rule the PDF names paints the same
        self.parts.append(f'<path d="{" ".join(path.commands)}" {self._paint(stroke, fill)}/>')

    def circle(self, x: float, y: float, r: float, stroke: int = 1, fill: int = 0) -> None:
        self.parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" '
                          f'{self._paint(stroke, fill)}/>')

    def rect(self, x: float, y: float, w: float, h: float, stroke: int = 1,
             fill: int = 0) -> None:
        self.roundRect(x, y, w, h, 0, stroke, fill)

    def roundRect(self, x: float, y: float, w: float, h: float, r: float,  # noqa: N802
                  stroke: int = 1, fill: int = 0) -> None:
        self.parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" '
                          f'rx="{_n(r)}" {self._paint(stroke, fill)}/>')

    def arc(self, x1: float, y1: float, x2: float, y2: float, startAng: float = 0,  # noqa: N803
            extent: float = 90) -> None:
        """A stroked elliptical arc in the box (x1, y1)-(x2, y2), angles in degrees."""


        cx, cy, rx, ry = (x1 + x2) / 2, (y1 + y2) / 2, abs(x2 - x1) / 2, abs(y2 - y1) / 2
        a0, a1 = math.radians(startAng), math.radians(startAng + extent)
        sx, sy = cx + rx * math.cos(a0), cy + ry * math.sin(a0)
        ex, ey = cx + rx * math.cos(a1), cy + ry * math.sin(a1)
        large = 1 if abs(extent) > 180 else 0
        sweep = 1 if extent > 0 else 0
        self.parts.append(f'<path d="M{_n(sx)} {_n(sy)} A{_n(rx)} {_n(ry)} 0 {large} {sweep} '
                          f'{_n(ex)} {_n(ey)}" {self._paint(1, 0)}/>')


@cache
def icon_svg(name: str, fg: str, bg: str) -> Markup:
    """An icon as an inline <svg>, hidden from screen readers: an icon always sits beside
    words that say the same. ``fg`` and ``bg`` are hex colours (bg: what it sits on)."""
    canvas = SvgCanvas()
    ICONS[name](canvas, HexColor(fg), HexColor(bg))  # type: ignore[arg-type]
    body = "".join(canvas.parts)
    # ReportLab's y axis points up; flip the unit square so the icon is the right way up
    return Markup(f'<svg class="icon" viewBox="0 0 1 1" aria-hidden="true" focusable="false">'
                  f'<g transform="matrix(1 0 0 -1 0 1)">{body}</g></svg>')


def favicon_svg(palette: Palette) -> str:
    """The heart of the leaflets' covers as the pages' own icon, a file beside them."""
    canvas = SvgCanvas()
    ICONS["heart"](canvas, palette.accent, palette.paper)  # type: ignore[arg-type]
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
            f'<g transform="matrix(1 0 0 -1 0 1)">{"".join(canvas.parts)}</g></svg>\n')
