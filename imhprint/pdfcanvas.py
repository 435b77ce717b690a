"""A canvas that draws footers once the page count is known, with a fixed timestamp."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from reportlab import rl_config
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas

from .structure import TaggedCanvas

FooterPainter = Callable[[Canvas, int, int], None]


def fixed_timestamp(epoch: int) -> TimeStamp:
    """A ReportLab timestamp for a given moment, so builds are byte-identical."""
    stamp = TimeStamp(invariant=True)
    stamp.t = epoch
    stamp.lt = time.gmtime(epoch)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp


class FooterCanvas(TaggedCanvas):
    """Draws the layout's footer on each page as it ends; the page total is known up front.
    (It records structure for the tagged PDF too: see ``structure.TaggedCanvas``.)

    (Holding pages back until the end, the usual 'page x of y' recipe, would put every
    bookmark on page 1, so the layout counts pages in a first pass instead.)
    """

    def __init__(self, *args: Any, footer: FooterPainter, epoch: int, total_pages: int,
                 **kwargs: Any) -> None:
        kwargs["invariant"] = 1
        super().__init__(*args, **kwargs)
        self._doc._timeStamp = fixed_timestamp(epoch)
        self._footer = footer
        self._total_pages = total_pages

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._footer(self, self.getPageNumber(), self._total_pages)
        super().showPage()

    def save(self) -> None:
        # Page streams as plain Flate, not ASCII85 over Flate: the finish pass
        # (imhprint.finish) would only decode the ASCII85 and deflate the same bytes
        # again, at the same zlib level, so the file it writes is the same.
        before = rl_config.useA85
        rl_config.useA85 = 0
        try:
            super().save()
        finally:
            rl_config.useA85 = before
