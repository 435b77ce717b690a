"""Posters for nursery and hub walls: one page, laid out for each sheet size, not scaled.

Type grows with the paper and the viewing distance (see theme.poster_type), and
nothing is ever shrunk below the size's minimum: content that does not fit is an error.
The small print at the foot is for someone standing close (theme.poster_type).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from reportlab.lib.pagesizes import A2, A3, A4
from reportlab.platypus import PageTemplate

from imhprint.structure import BACK, CONTENT, NOTICE, SMALL_PRINT
from imhprint.theme import poster_page, poster_type

from .base import FixedPanel, Layout


class Poster(Layout):
    kind = "poster"
    size: ClassVar[str]
    max_pages = 1
    min_pages = 1
    show_page_numbers = False
    compact_contacts = True
    # one page, nothing splits: a tall script's lines (the ICON lines in Nastaliq) stand as
    # close as the lines of one paragraph, in a list, a card and the header
    nestled_lines = True
    # top to bottom: the content, the hub band at its foot, the small print under that
    reading_order = (NOTICE, CONTENT, BACK, SMALL_PRINT)

    def relative_path(self) -> Path:
        return Path("posters") / f"{self.resource.id}-{self.size}.pdf"

    def story(self) -> list[Any]:
        return [self.renderer.cover_header(self.resource), *super().story()]

    def fixed_panels(self) -> list[FixedPanel]:
        """The hub band is made for two lines: the hub's name, and how to reach it."""
        band = self.renderer.hub_band()
        return [*super().fixed_panels(), FixedPanel(
            "hub band", "the hub band at the foot of the poster",
            band.wrap(self.frame_width, 10_000)[1],
            self.renderer.hub_band_room(self.frame_width))]

    def page_templates(self) -> list[PageTemplate]:
        band_height, draw_band = self.foot_panel([self.renderer.hub_band()])
        frame = self.body_frame(self.body_bottom() + band_height, "poster")
        return [PageTemplate("poster", [frame], onPage=draw_band)]


def _poster_format(size: str, pagesize: tuple[float, float], body: float) -> type[Poster]:
    return type(f"Poster{size.upper()}", (Poster,), {
        "name": f"poster-{size}", "size": size, "choice": size, "pagesize": pagesize,
        "scale": poster_type(body), "geometry": poster_page(body),
    })


# Body sizes for a poster read from 1-3 m: each A size is about sqrt(2) from the next.
POSTER_FORMATS = [
    _poster_format("a4", A4, body=20),
    _poster_format("a3", A3, body=28),
    _poster_format("a2", A2, body=40),
]
