"""A print shop's sheet: the trimmed page inside bleed and slug, crop marks, and the
accent band bled off the top."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from imhprint.profiles import REGISTRATION, PrintProfile
from imhprint.theme import PRESS_BAND_SHARE

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points


def grow_box(box: Box, by: float) -> Box:
    """A box moved out by ``by`` on every side (in, when ``by`` is negative)."""
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


@dataclass(frozen=True)
class CropMarks:
    """ReportLab's crop-mark settings: marks in the slug, outside the bleed, in
    registration colour so they print on every plate."""

    borderWidth: float  # noqa: N815 (ReportLab's names)
    markLength: float  # noqa: N815
    markWidth: float = 0.25  # noqa: N815
    markColor: CMYKColor = REGISTRATION  # noqa: N815
    markLast: int = 1  # noqa: N815
    bleedWidth: float = 0  # noqa: N815 (0: never stretch the page to fake a bleed)


def trim_box_for(profile: PrintProfile, pagesize: tuple[float, float]) -> Box:
    """The finished page within the PDF's sheet: all of it, unless the sheet carries
    bleed and crop marks around it."""
    offset = profile.mark_offset
    width, height = pagesize
    return (offset, offset, offset + width, offset + height)


def press_options_for(profile: PrintProfile, pagesize: tuple[float, float]) -> dict[str, Any]:
    """Document options for a print shop: the sheet grows by bleed and slug on every
    side, crop marks sit in the slug, and TrimBox and BleedBox say where to cut.
    """
    if not profile.bleed:
        return {}
    trim = trim_box_for(profile, pagesize)
    return {
        "cropMarks": CropMarks(borderWidth=profile.mark_offset,
                               markLength=profile.slug - 1 * mm),
        "trimBox": trim,
        "bleedBox": grow_box(trim, profile.bleed),
        "enforceColorSpace": "cmyk",
    }


class PressSheet:
    """The layout's sheet for a print shop: document options, trim box, and the
    accent band bled off the top (office copies have none).

    Mixed into ``Layout``, whose ``profile``, ``pagesize``, ``geometry`` and
    ``palette`` it reads."""

    def press_options(self) -> dict[str, Any]:
        return press_options_for(self.profile, self.pagesize)

    def trim_box(self) -> Box:
        return trim_box_for(self.profile, self.pagesize)

    def draw_background(self, canv: Canvas, page: int) -> None:
        """Press only: a band of the accent colour across the top, bled off the sheet.

        Office printers cannot print near the edge, so office copies have no band.
        """
        bleed = self.profile.bleed
        if not bleed:
            return
        width, height = self.pagesize
        band = self.geometry.margin_top * PRESS_BAND_SHARE
        canv.saveState()
        canv.setFillColor(self.palette.accent)
        canv.rect(-bleed, height - band, width + 2 * bleed, band + bleed, stroke=0, fill=1)
        canv.restoreState()
