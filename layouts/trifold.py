"""DL tri-fold leaflet: one A4 landscape sheet, printed on both sides and roll-folded.

Panels are 100, 100 and 97 mm wide; the 97 mm one folds in first. Printed double-sided
(flip on the short edge), each outside panel backs the inside panel at the mirrored place:

    outside:  [ inside flap 97 | back 100 | front cover 100 ]
    inside:   [ inside 1 100   | inside 2 100 | inside 3 97 ]

Folded, the front cover is on top and the back underneath. Opening the cover shows the
inside flap; opening that shows inside 1, 2 and 3. So the content flows:
front cover -> inside flap -> inside 1 -> inside 2 -> inside 3, and the back holds the
hub's details, the useful numbers and the review dates, as on the A4 leaflet.

Right to left (Arabic, Urdu), the whole sheet is mirrored, on both sides:

    outside:  [ front cover 100 | back 100 | inside flap 97 ]
    inside:   [ inside 3 97 | inside 2 100 | inside 1 100 ]

Each panel still backs the same one (the front backs inside 1, the flap backs inside 3),
so the same duplex setting prints it. Folded, the narrow panel (now on the left) goes in
first and inside 1 over it, so the cover's hinge is on the right: the leaflet opens from
the left edge, as a book in Arabic or Urdu does, and the inside panels read from right to
left, inside 1, 2, then 3. Merely reversing the panels' content would not do: the cover
would open the wrong way, and the reader would meet inside 3 first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, FrameBreak, PageTemplate

from imhprint import structure
from imhprint.flowables import BlockMarker, WriteInLine, draw_stack, stack_height
from imhprint.model import Resource
from imhprint.panels import LocalFit
from imhprint.profiles import REGISTRATION
from imhprint.text.direction import Direction
from imhprint.theme import (
    TRIFOLD_FOLD_MARGIN,
    TRIFOLD_PAGE,
    TRIFOLD_TYPE,
    TypeScale,
    headings_by_letter_height,
)

from .balance import RecordingFrame, add_space_above, balance, break_points, measure
from .base import BuildEnv, FixedPanel, Layout, LayoutOverflow

COVER_INSET = 8 * mm  # the cover's tint stays this far from the sheet edge (office)
COVER_FOLD_GAP = 4 * mm

# Balancing: the flap and inside 1 and 2 are filled evenly, and at least this full if the
# content allows; to get there short content may gain up to this many steps of one gap
# between its blocks. Inside 3, the last panel, takes the rest and then notes lines.
BALANCED_PANELS = 3
FILL_TARGET = 0.75
MAX_GAP_STEPS = 2
NOTES_SPACE = 12  # points above a notes panel that follows the content
MIN_NOTE_LINES = 3  # fewer would look like an afterthought: leave the room empty then


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
CONTENT_PANELS = [FLAP, *INSIDE]  # where the blocks flow, in reading order
SHEET_WIDTH, SHEET_HEIGHT = landscape(A4)


@dataclass(frozen=True)
class Folding:
    """Where each panel is on the sheet, for one reading direction: the panels in reading
    order, each at its place (see the module's docstring for why RTL mirrors the sheet)."""

    outside: tuple[FoldPanel, ...]
    inside: tuple[FoldPanel, ...]

    @classmethod
    def for_direction(cls, direction: Direction) -> Folding:
        def placed(panel: FoldPanel) -> FoldPanel:
            return FoldPanel(panel.name, direction.x(panel.left, panel.width, SHEET_WIDTH),
                             panel.width)
        return cls(tuple(map(placed, OUTSIDE)), tuple(map(placed, INSIDE)))

    @property
    def flap(self) -> FoldPanel:
        return self.outside[0]

    @property
    def back(self) -> FoldPanel:
        return self.outside[1]

    @property
    def front(self) -> FoldPanel:
        return self.outside[2]

    @property
    def content_panels(self) -> tuple[FoldPanel, ...]:
        return (self.flap, *self.inside)


@dataclass(frozen=True)
class Spread:
    """How the content is laid over CONTENT_PANELS: the first ``panels`` of them, the
    second and later each beginning at an index of ``starts``, with ``extra_gap`` more
    space between blocks. No panels: the content simply flows from panel to panel."""

    panels: int = 0
    starts: tuple[int, ...] = ()
    extra_gap: float = 0.0
    fills: tuple[float, ...] = ()


def _emptiest(spread: Spread) -> float:
    return min(spread.fills[:BALANCED_PANELS])


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
    # nothing splits across a fold either: a tall script's lines (a card's details in
    # Nastaliq) stand as close as their glyphs allow, as on a poster (text/nestle.py)
    nestled_lines = True
    frame_noun = "panel"
    governance_page = 1  # the outside, where the back panel is
    # folded: the cover, the inside flap, inside 1 to 3 (the frames, filled in that
    # order), then the back, whose hub panels are drawn first, with the outside's page
    reading_order = (structure.NOTICE, structure.CONTENT, structure.BACK,
                     structure.SMALL_PRINT)

    def __init__(self, resource: Resource, env: BuildEnv) -> None:
        super().__init__(resource, env)
        self._spread = Spread()  # until render() balances it
        self._content: list[Any] = []
        self._frames: dict[str, RecordingFrame] = {}
        self.folding = Folding.for_direction(self.direction)

    def type_scale(self) -> TypeScale:
        """Headings in a tall script by their letters' height: the panels are narrow."""
        return headings_by_letter_height(super().type_scale(), self.resource.language)

    def relative_path(self) -> Path:
        return Path("leaflets") / f"{self.resource.id}-trifold.pdf"

    def text_width(self) -> float:
        """Blocks are laid out for the narrowest panel, so they fit any of them."""
        return min(self._text_span(panel)[1] for panel in OUTSIDE + INSIDE)  # either way

    # ---- where text goes in a panel ------------------------------------------------------

    @staticmethod
    def _text_span(panel: FoldPanel) -> tuple[float, float]:
        """Left edge and width of a panel's text: wider margins at the sheet's edges."""
        g = TRIFOLD_PAGE
        left = g.margin_x if abs(panel.left) < 1 else panel.left + TRIFOLD_FOLD_MARGIN
        right = (SHEET_WIDTH - g.margin_x if abs(panel.right - SHEET_WIDTH) < 1
                 else panel.right - TRIFOLD_FOLD_MARGIN)
        return left, right - left

    def _frame(self, panel: FoldPanel) -> RecordingFrame:
        left, width = self._text_span(panel)
        bottom = self.geometry.margin_bottom
        return RecordingFrame(left, bottom, width, self.body_top() - bottom, leftPadding=0,
                              rightPadding=0, topPadding=0, bottomPadding=0, id=panel.name)

    def panel_room(self) -> float:
        """The height a panel's text may fill, top margin to bottom margin."""
        return self.body_top() - self.geometry.margin_bottom

    def _cover_frame(self) -> Frame:
        front = self.folding.front  # its fold on the left (on the right in RTL)
        gaps = (COVER_INSET, COVER_FOLD_GAP) if self.direction.right_to_left else \
            (COVER_FOLD_GAP, COVER_INSET)
        left = front.left + gaps[0]
        width = front.right - gaps[1] - left
        top = self.content_top(COVER_INSET)  # below a sample edition's band
        if self.translation_band_height():  # the cover starts under a draft's band
            top = self.body_top()
        return Frame(left, COVER_INSET, width, top - COVER_INSET, leftPadding=0,
                     rightPadding=0, topPadding=0, bottomPadding=0, id=front.name)

    def band_spans(self, page: int) -> list[tuple[float, float]]:
        """A band on each panel, so every panel of the folded sheet shows it."""
        folding = self.folding
        return [self._text_span(panel)
                for panel in (folding.outside if page == 1 else folding.inside)]

    # ---- content ---------------------------------------------------------------------------

    def story(self) -> list[Any]:
        cover = self._cover_frame()
        spread = self._spread
        self._content = self._blocks(spread.extra_gap)
        flowing: list[Any] = []
        for index, flowable in enumerate(self._content):
            if index and index in spread.starts:
                flowing.append(FrameBreak())
            flowing.append(flowable)
        # A hair under the frame's height, so the cover always fits its own panel.
        return [self.renderer.folded_cover(self.resource, cover._aW, cover._aH - 1,
                                           self.publisher()),
                FrameBreak(), *flowing, *self._notes()]

    def _blocks(self, extra_gap: float) -> list[Any]:
        """The blocks' flowables, with ``extra_gap`` more space before each block, except
        after a heading or a line leading into it."""
        return add_space_above(super().story(), extra_gap)

    def _notes(self) -> list[Any]:
        """Lines for notes and questions in the last panel: all of it when the content ends
        before it, else the room under the content, if that holds a few lines."""
        spread, room = self._spread, self.panel_room()
        if not spread.panels:
            return []
        if spread.panels < len(CONTENT_PANELS):
            breaks = [FrameBreak()] * (len(CONTENT_PANELS) - spread.panels)
            return [*breaks, self.renderer.notes_panel(room - 1)]
        last = [f for f in self._content if not isinstance(f, BlockMarker)][-1]
        space = max(last.getSpaceAfter(), NOTES_SPACE)
        height = room - 1 - spread.fills[-1] * (room - 1) - space - 1
        notes = self.renderer.notes_panel(height)
        if sum(isinstance(f, WriteInLine) for f in notes.content) < MIN_NOTE_LINES:
            return []
        notes.spaceBefore = NOTES_SPACE
        return [notes]

    def render_pages(self, local: LocalFit | None) -> bytes:
        """Spread the content evenly over the panels, then build it.

        The content (with the local services section as ``local`` says) fills the flap and
        inside 1 and 2 evenly, so no middle panel stands empty or half empty; inside 3
        holds the rest, if any, then lines for notes.
        """
        self.renderer.local_fit = local  # the spread is measured with the section in it
        self._spread = self._balanced_spread()
        if self._spread.panels:
            try:
                pdf = super().render_pages(local)
                if self._spread_held():
                    return pdf
            except LayoutOverflow:
                pass  # never expected, as the spread was measured to fit
            self._spread = Spread()  # then plain flowing, panel after panel
        return super().render_pages(local)

    def _balanced_spread(self) -> Spread:
        """The fewest panels (three at least) that hold the content, the flap and inside 1
        and 2 filled evenly (inside 3 takes the rest, then notes); short content gets a
        little more space between blocks, within a limit that still looks calm."""
        # fewer than three panels only for content with too few places to break at all
        for panels in (BALANCED_PANELS, len(CONTENT_PANELS), *range(BALANCED_PANELS - 1, 0, -1)):
            spread = self._spread_over(panels, 0.0)
            if spread is None:
                continue
            for step in range(1, MAX_GAP_STEPS + 1):
                if _emptiest(spread) >= FILL_TARGET:
                    break
                airier = self._spread_over(panels, step * self.scale.gap)
                if airier is None:
                    break
                if _emptiest(airier) > _emptiest(spread):
                    spread = airier
            return spread
        return Spread()  # too long for every panel: building it names the block that overflows

    def _spread_over(self, panels: int, extra_gap: float) -> Spread | None:
        """The most even spread of the content over ``panels`` panels, or None if they
        cannot hold it. Measured at the narrowest panel's width, so it fits any panel."""
        content = self._blocks(extra_gap)
        points = break_points(content)
        room = self.panel_room() - 1  # a hair under, like the cover
        placed = measure(content, self.text_width(), room * (len(CONTENT_PANELS) + 1),
                         self.fonts.regular)
        cut = balance(placed, points, panels, room, counted=BALANCED_PANELS) if placed else None
        if cut is None:
            return None
        return Spread(panels, cut.starts, extra_gap, cut.fills)

    def _spread_held(self) -> bool:
        """Whether the build put each panel's share of the content in that panel."""
        stops = [*self._spread.starts, len(self._content)]
        for panel, stop in zip(CONTENT_PANELS[:self._spread.panels], stops, strict=True):
            shown = [f for f in self._content[:stop] if not isinstance(f, BlockMarker)]
            if id(shown[-1]) not in self._frames[panel.name].placed:
                return False
        return True

    def page_templates(self) -> list[PageTemplate]:
        draw_back = self._back_panel_painter()
        folding = self.folding
        self._frames = {panel.name: self._frame(panel) for panel in folding.content_panels}
        return [
            PageTemplate("outside", [self._cover_frame(), self._frames[FLAP.name]],
                         onPage=draw_back, autoNextPageTemplate="inside"),
            PageTemplate("inside", [self._frames[panel.name] for panel in folding.inside]),
        ]

    def reading_landmarks(self) -> list[str]:
        return [*super().reading_landmarks(), self.renderer.hub_heading()]

    def _back_flowables(self) -> list[Any]:
        renderer = self.renderer
        flowables = [renderer.hub_panel()]
        if renderer.key_services(self.resource.contacts_panel):
            key_numbers = renderer.key_numbers_panel(self.resource.contacts_panel)
            key_numbers.spaceBefore = self.scale.gap * 2
            flowables.append(key_numbers)
        return flowables

    def _back_room(self) -> float:
        """The back panel above its small print (this copy's: the edition's publisher and
        feedback route may take a line more than the national copy's, as the back has
        room to spare; the two are measured together, see ``fixed_panels``)."""
        width = self.footer_width()
        return (self.body_top() - self.geometry.margin_bottom - self.scale.gap
                - self.footer_height(width, page=1))

    def footer_width(self) -> float:
        return self._text_span(self.folding.back)[1]

    def fixed_panels(self) -> list[FixedPanel]:
        cover_frame = self._cover_frame()
        cover = self.renderer.folded_cover(self.resource, cover_frame._aW,
                                           cover_frame._aH - 1, self.publisher())
        back = FixedPanel("back", "the back panel (hub details, useful numbers and small "
                          "print)", stack_height(self._back_flowables(), self.footer_width()),
                          self._back_room())
        # no separate footer panel: the small print shares the back panel with the hub
        # details, so what matters is that they fit it together
        return [back, FixedPanel("cover", "the front cover", cover.needed, cover.min_height)]

    def _back_panel_painter(self) -> Any:
        """The back: hub details and useful numbers at the top, review dates at the foot."""
        flowables = self._back_flowables()
        left, width = self._text_span(self.folding.back)
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
            left, width = self._text_span(self.folding.back)
            self.draw_footer_at(canv, left, width, page, pages)

    # ---- press: the cover's tint runs off the sheet, and fold marks ---------------------

    def draw_background(self, canv: Canvas, page: int) -> None:
        bleed = self.profile.bleed
        if bleed and page == 1:
            canv.saveState()
            canv.setFillColor(self.palette.accent_tint)
            front = self.folding.front  # bled off the sheet's edge, not at the fold
            left = front.left - bleed if self.direction.right_to_left else front.left
            canv.rect(left, -bleed, front.width + bleed, SHEET_HEIGHT + 2 * bleed,
                      stroke=0, fill=1)
            canv.restoreState()
        super().draw_background(canv, page)
        if bleed:
            folding = self.folding
            self._fold_marks(canv, folding.outside if page == 1 else folding.inside)

    def _fold_marks(self, canv: Canvas, panels: tuple[FoldPanel, ...]) -> None:
        """Short dashed lines in the slug, above and below each fold."""
        profile = self.profile
        near, far = profile.bleed + 2 * mm, profile.mark_offset - 1 * mm
        canv.saveState()
        canv.setStrokeColor(REGISTRATION)
        canv.setLineWidth(0.25)
        canv.setDash(2, 2)
        for panel in sorted(panels, key=lambda p: p.left)[:-1]:
            x = panel.right
            canv.line(x, SHEET_HEIGHT + near, x, SHEET_HEIGHT + far)
            canv.line(x, -near, x, -far)
        canv.restoreState()
