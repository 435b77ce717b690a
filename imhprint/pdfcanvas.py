"""A canvas that draws footers once the page count is known, with a fixed timestamp."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas

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


class FooterCanvas(Canvas):
    """Holds each page until the end so every footer can say 'page x of y'."""

    def __init__(self, *args: Any, footer: FooterPainter, epoch: int, **kwargs: Any) -> None:
        kwargs["invariant"] = 1
        super().__init__(*args, **kwargs)
        self._doc._timeStamp = fixed_timestamp(epoch)
        self._footer = footer
        self._pending_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._pending_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pending_pages)
        for number, state in enumerate(self._pending_pages, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()
