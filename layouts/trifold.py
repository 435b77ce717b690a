"""DL tri-fold leaflet: one A4 landscape sheet, printed on both sides and roll-folded.

Panels are 100, 100 and 97 mm wide; the 97 mm one folds in first. Printed double-sided
(flip on the short edge), each outside panel backs the inside panel at the mirrored place:

    outside:  [ inside flap 97 | back 100 | front cover 100 ]
    inside:   [ inside 1 100   | inside 2 100 | inside 3 97 ]

Folded, the front cover is on top and the back underneath. Opening the cover shows the
inside flap; opening that shows inside 1, 2 and 3. So the content flows:
front cover -> inside flap -> inside 1 -> inside 2 -> inside 3, and the back holds the
hub's details, the useful numbers and the review dates, as on the A4 leaflet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, FrameBreak, PageTemplate

from imhprint.flowables import draw_stack, stack_height
from imhprint.profiles import REGISTRATION
from imhprint.theme import TRIFOLD_FOLD_MARGIN, TRIFOLD_PAGE, TRIFOLD_TYPE

from .base import FixedPanel, Layout, LayoutOverflow

COVER_INSET = 8 * mm  # the cover's tint stays this far from the sheet edge (office)
COVER_FOLD_GAP = 4 * mm


@dataclass(frozen=True)
class FoldPanel:
    name: str
    left: float  # from the sheet's left edge, in points
    width: float

    @property
    def right(self) -> float:
        return self.left + self.width


def _row(*panels: tuple[str, float]) -> list[FoldPanel]:
    placed, left = [], 0.0
    for name, width in panels:
        placed.append(FoldPanel(name, left, width * mm))
        left += width * mm
    return placed


OUTSIDE = _row(("inside flap", 97), ("back", 100), ("front cover", 100))
INSIDE = _row(("inside 1", 100), ("inside 2", 100), ("inside 3", 97))
FLAP, BACK, FRONT = OUTSIDE
SHEET_WIDTH, SHEET_HEIGHT = landscape(A4)


class TriFoldDL(Layout):
    name = "leaflet-trifold"
    kind = "leaflet"
    choice = "trifold"
    pagesize = (SHEET_WIDTH, SHEET_HEIGHT)
    max_pages = 2
    min_pages = 2
    scale = TRIFOLD_TYPE
    geometry = TRIFOLD_PAGE
    columns = 1
    show_page_numbers = False
    whole_paragraphs = True
    frame_noun = "panel"

    def relative_path(self) -> Path:
        return Path("leaflets") / f"{self.resource.id}-trifold.pdf"

    def text_width(self) -> float:
        """Blocks are laid out for the narrowest panel, so they fit any of them."""
        return min(self._text_span(panel)[1] for panel in OUTSIDE + INSIDE)

    # ---- where text goes in a panel ------------------------------------------------------

    @staticmethod
    def _text_span(panel: FoldPanel) -> tuple[float, float]:
        """Left edge and width of a panel's text: wider margins at the sheet's edges."""
        g = TRIFOLD_PAGE
        left = g.margin_x if panel.left == 0 else panel.left + TRIFOLD_FOLD_MARGIN
        right = (SHEET_WIDTH - g.margin_x if abs(panel.right - SHEET_WIDTH) < 1
                 else panel.right - TRIFOLD_FOLD_MARGIN)
        return left, right - left

    def _frame(self, panel: FoldPanel) -> Frame:
        left, width = self._text_span(panel)
        bottom = self.geometry.margin_bottom
        return Frame(left, bottom, width, self.body_top() - bottom, leftPadding=0,
                     rightPadding=0, topPadding=0, bottomPadding=0, id=panel.name)

    def _cover_frame(self) -> Frame:
        left = FRONT.left + COVER_FOLD_GAP
        width = FRONT.right - COVER_INSET - left
        return Frame(left, COVER_INSET, width, SHEET_HEIGHT - 2 * COVER_INSET, leftPadding=0,
                     rightPadding=0, topPadding=0, bottomPadding=0, id=FRONT.name)

    # ---- content ---------------------------------------------------------------------------

    def story(self) -> list[Any]:
        cover = self._cover_frame()
        # A hair under the frame's height, so the cover always fits its own panel.
        return [self.renderer.folded_cover(self.resource, cover._aW, cover._aH - 1,
                                           self.publisher()),
                FrameBreak(), *super().story(), *self._notes()]

    def render(self) -> bytes:
        """When the content ends before the last panel, that panel holds notes lines
        rather than stand empty."""
        self._notes_after = None
        pdf = super().render()
        order = [FLAP.name, *(panel.name for panel in INSIDE)]
        if self.last_frame in order[:-1]:
            self._notes_after = order.index(self.last_frame)
            pdf = super().render()
        return pdf

    def _notes(self) -> list[Any]:
        if getattr(self, "_notes_after", None) is None:
            return []
        breaks = [FrameBreak()] * (len(INSIDE) - self._notes_after)
        frame = self._frame(INSIDE[-1])
        return [*breaks, self.renderer.notes_panel(frame._aH - 1)]

    def page_templates(self) -> list[PageTemplate]:
        draw_back = self._back_panel_painter()
        return [
            PageTemplate("outside", [self._cover_frame(), self._frame(FLAP)],
                         onPage=draw_back, autoNextPageTemplate="inside"),
            PageTemplate("inside", [self._frame(panel) for panel in INSIDE]),
        ]

    def _back_flowables(self) -> list[Any]:
        renderer = self.renderer
        flowables = [renderer.hub_panel()]
        if renderer.key_services(self.resource.contacts_panel):
            key_numbers = renderer.key_numbers_panel(self.resource.contacts_panel)
            key_numbers.spaceBefore = self.scale.gap * 2
            flowables.append(key_numbers)
        return flowables

    def _back_room(self) -> float:
        """The back panel above the review dates (as many lines as the national copy's)."""
        width = self.footer_width()
        return (self.body_top() - self.geometry.margin_bottom - self.scale.gap
                - self.footer_height(width, publisher=self.resource.owner))

    def footer_width(self) -> float:
        return self._text_span(BACK)[1]

    def fixed_panels(self) -> list[FixedPanel]:
        cover_frame = self._cover_frame()
        cover = self.renderer.folded_cover(self.resource, cover_frame._aW,
                                           cover_frame._aH - 1, self.publisher())
        back = FixedPanel("back", "the back panel (hub details and useful numbers)",
                          stack_height(self._back_flowables(), self.footer_width()),
                          self._back_room())
        return [*super().fixed_panels(), back,
                FixedPanel("cover", "the front cover", cover.needed, cover.min_height)]

    def _back_panel_painter(self) -> Any:
        """The back: hub details and useful numbers at the top, review dates at the foot."""
        flowables = self._back_flowables()
        left, width = self._text_span(BACK)
        needed, room = stack_height(flowables, width), self._back_room()
        if needed > room:
            raise LayoutOverflow(None, (
                f"the hub details and useful numbers need {self.describe_height(needed)} "
                f"on the back panel, {self.describe_height(needed - room)} more than there "
                "is: list fewer numbers in contacts_panel"), needed - room,
                self.resource.path, self.resource.contacts_panel[0].line
                if self.resource.contacts_panel else self.resource.line)

        def draw(canv: Canvas, doc: Any) -> None:
            draw_stack(canv, flowables, left, self.body_top(), width)

        return draw

    def draw_footer(self, canv: Canvas, page: int, pages: int) -> None:
        if page == 1:  # review dates on the back, not on every panel
            left, width = self._text_span(BACK)
            self.draw_footer_at(canv, left, width, page, pages)

    # ---- press: the cover's tint runs off the sheet, and fold marks ---------------------

    def draw_background(self, canv: Canvas, page: int) -> None:
        bleed = self.profile.bleed
        if bleed and page == 1:
            canv.saveState()
            canv.setFillColor(self.palette.accent_tint)
            canv.rect(FRONT.left, -bleed, FRONT.width + bleed, SHEET_HEIGHT + 2 * bleed,
                      stroke=0, fill=1)
            canv.restoreState()
        super().draw_background(canv, page)
        if bleed:
            self._fold_marks(canv, OUTSIDE if page == 1 else INSIDE)

    def _fold_marks(self, canv: Canvas, panels: list[FoldPanel]) -> None:
        """Short dashed lines in the slug, above and below each fold."""
        profile = self.profile
        near, far = profile.bleed + 2 * mm, profile.mark_offset - 1 * mm
        canv.saveState()
        canv.setStrokeColor(REGISTRATION)
        canv.setLineWidth(0.25)
        canv.setDash(2, 2)
        for panel in panels[:-1]:
            x = panel.right
            canv.line(x, SHEET_HEIGHT + near, x, SHEET_HEIGHT + far)
            canv.line(x, -near, x, -far)
        canv.restoreState()
