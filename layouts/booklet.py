"""A5 booklet: 4 or 8 A5 pages from a leaflet's blocks, for hubs whose print shop
prefers booklets (``formats: [booklet]``).

Page 1 is the cover (title, subtitle, introduction): in 4 pages the content begins under
it; in 8 it is a cover page of its own, as in a printed booklet, and the names of the
sources follow the content. The content goes on, one column to a page, spread evenly over
the pages before the back (``layouts.balance``, as the tri-fold's panels), so no page in
the middle stands half empty; the last content page holds the rest. Content too short to
fill them well leaves one page, the one before the back, to notes. The back cover ends
with the family hub's details, the useful numbers and the small print, with lines for
notes above them (or the end of long content).

The office copy is the pages in reader's order, one A5 page each (print it as a booklet
from the printer's dialogue, or read it on screen). The press copy is imposed for
saddle-stitch on A4 landscape sheets, printer's spreads (``imhprint.press.impose``); its
bookmarks keep the reader's order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, PageTemplate

from imhprint.panels import LocalFit
from imhprint.press import impose
from imhprint.theme import LEAFLET_TYPE, PageGeometry

from .balance import add_space_above, balance, break_points, measure
from .base import Box, FixedPanel, Layout, LayoutOverflow, trim_box_for
from .sources import sources_list

BOOKLET_PAGES = (4, 8)  # whole sheets: saddle-stitch folds 4 pages from each
# The A4 leaflet's type, with a title that suits the narrower page.
BOOKLET_TYPE = replace(LEAFLET_TYPE, title=28, header_icon=34)
BOOKLET_PAGE = PageGeometry(margin_x=14 * mm, margin_top=13 * mm, margin_bottom=10.5 * mm)
BACK_PANEL_ROOM = 95 * mm  # the most the hub's details and numbers may take on the back
# A content page this full looks finished; below it, one page fewer of content (and one
# of notes) is tried, if that spreads the content better.
FILL_TARGET = 2 / 3
MAX_GAP_STEPS = 2  # at most this many gaps' more space between blocks, to fill pages


@dataclass(frozen=True)
class PageSpread:
    """Where each content page after the first begins (indices into the content), the
    space added between blocks, and how full the emptiest page that counts is."""

    starts: tuple[int, ...] = ()
    extra_gap: float = 0.0
    emptiest: float = 0.0


class BookletA5(Layout):
    name = "leaflet-booklet"
    kind = "leaflet"
    choice = "booklet"
    pagesize = A5
    max_pages = BOOKLET_PAGES[-1]
    min_pages = BOOKLET_PAGES[0]
    scale = BOOKLET_TYPE
    geometry = BOOKLET_PAGE
    columns = 1

    def relative_path(self) -> Path:
        return Path("leaflets") / f"{self.resource.id}-booklet.pdf"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cover_page = False  # the cover on a page of its own (8 pages)
        self._spread = PageSpread()  # until render_pages() balances the pages

    def story(self) -> list[Any]:
        flowing: list[Any] = []
        if self._cover_page:  # a hair under the page, so it always fits
            flowing += [self.renderer.folded_cover(self.resource, self.frame_width,
                                                   self._page_room(), self.publisher()),
                        PageBreak()]
        for index, flowable in enumerate(self._content(self._spread.extra_gap)):
            if index in self._spread.starts:
                flowing.append(PageBreak())
            flowing.append(flowable)
        return flowing

    def _content(self, extra_gap: float) -> list[Any]:
        """The blocks, under the cover's title panel when the cover shares page 1; behind
        a cover page, with the room eight pages give, the names of the sources after
        them, as a good booklet ends."""
        content = add_space_above(super().story(), extra_gap)
        if self._cover_page:
            return [*content, *sources_list(self.renderer, self.strings, self.resource)]
        return [self.renderer.cover_header(self.resource), *content]

    def _page_room(self) -> float:
        return self.body_top() - self.body_bottom(1) - 1  # a hair under the frame

    # ---- even pages ------------------------------------------------------------------------

    def _balanced_spread(self, pages: int) -> PageSpread:
        """The content spread evenly over the pages before the back, every content page
        but the last at least FILL_TARGET full if it can be: first over all of them, then
        on over the top of the back, then over one page fewer (left to notes) behind a
        cover page; a little more space between blocks when the words are few. Nothing
        (the content flows on from page to page) when the pages cannot hold it."""
        before_back = pages - 1 - int(self._cover_page)
        plans = [(before_back, False), (before_back, True)]
        if self._cover_page:
            plans.append((before_back - 1, False))
        best = PageSpread()
        for count, onto_back in plans:
            for step in range(MAX_GAP_STEPS + 1):
                spread = self._spread_over(count, onto_back, step * self.scale.gap)
                if spread is None:
                    break
                if spread.emptiest > best.emptiest:
                    best = spread
                if spread.emptiest >= FILL_TARGET:
                    break
            if best.emptiest >= FILL_TARGET:
                return best
        return best

    def _spread_over(self, count: int, onto_back: bool, extra_gap: float
                     ) -> PageSpread | None:
        """The most even spread of the content over ``count`` pages and, if
        ``onto_back``, the top of the back page, which only holds the rest; None when
        they cannot hold it."""
        if count < 1:
            return None
        content = self._content(extra_gap)
        points = break_points(content)  # before measuring, which clears keepWithNext
        room = self._page_room()
        rooms = (room,) * count + ((self._back_room(),) if onto_back else ())
        placed = measure(content, self.frame_width, sum(rooms) + room, self.fonts.regular)
        if placed is None:
            return None
        counted = count if onto_back else max(count - 1, 1)  # the last holds the rest
        cut = balance(placed, points, len(rooms), rooms, counted=counted)
        if cut is None:
            return None
        return PageSpread(cut.starts, extra_gap, min(cut.fills[:counted]))

    def _back_room(self) -> float:
        """The height of the back page above its panels."""
        return self._page_room() - self._back_panel_height()

    # ---- the back cover --------------------------------------------------------------------

    def _back_panels(self) -> list[Any]:
        renderer = self.renderer
        panels = [renderer.hub_panel()]
        if renderer.key_services(self.resource.contacts_panel):
            numbers = renderer.key_numbers_panel(self.resource.contacts_panel)
            numbers.spaceBefore = self.scale.gap
            panels.append(numbers)
        return panels

    def fixed_panels(self) -> list[FixedPanel]:
        width = self.frame_width
        labels = [("hub panel", "the hub panel on the back of the booklet"),
                  ("useful numbers", "the useful numbers panel on the back of the booklet")]
        return [*super().fixed_panels(), *(
            FixedPanel(key, label, panel.wrap(width, 10_000)[1], BACK_PANEL_ROOM)
            for (key, label), panel in zip(labels, self._back_panels(), strict=False))]

    def page_templates(self) -> list[PageTemplate]:
        """The content's pages, then the back with its panels on the last page.

        The page before the back asks for it by name: a chain of ReportLab's
        ``autoNextPageTemplate`` uses each template twice.
        """
        last = self.max_pages
        panel_height, draw_back = self.foot_panel(self._back_panels(), page=last)

        def before_the_back(canv: Any, doc: Any) -> None:
            if doc.page == last - 1:
                doc.handle_nextPageTemplate("back")

        return [
            PageTemplate("page", [self.body_frame(self.body_bottom(1), "page")],
                         onPage=before_the_back),
            PageTemplate("back", [self.body_frame(self.body_bottom(last) + panel_height,
                                                  "back")],
                         onPage=draw_back, autoNextPageTemplate="overflow"),
            PageTemplate("overflow", [self.body_frame(self.body_bottom(1), "overflow")]),
        ]

    # ---- 4 pages, or 8 ----------------------------------------------------------------------

    def render_pages(self, local: LocalFit | None) -> bytes:
        """The fewest whole sheets that hold the content: 4 pages, else 8 (behind a cover
        page, else with the content under the cover's title, which leaves more room);
        each balanced, else flowing from page to page."""
        problem: LayoutOverflow | None = None
        for pages in BOOKLET_PAGES:
            self.max_pages = self.min_pages = pages
            for cover_page in (True, False) if pages > BOOKLET_PAGES[0] else (False,):
                self._cover_page = cover_page
                self.renderer.local_fit = local  # the pages are measured with it in
                balanced = self._balanced_spread(pages)
                # the plain flow is never expected to be needed: the spread was measured
                for spread in dict.fromkeys((balanced, PageSpread())):
                    self._spread = spread
                    try:
                        return super().render_pages(local)
                    except LayoutOverflow as exc:
                        problem = exc
        assert problem is not None
        raise problem

    def padding(self, pages: int) -> list[Any]:
        """Lines for notes on each page between the content's end and the back cover,
        and above the hub's details on the back."""
        inner = self.body_top() - self.body_bottom(2) - 1
        back = inner - self._back_panel_height()
        filler: list[Any] = []
        for page in range(pages + 1, self.min_pages + 1):
            filler += [PageBreak(), self.renderer.notes_panel(
                back if page == self.min_pages else inner)]
        return filler

    def _back_panel_height(self) -> float:
        return self.foot_panel(self._back_panels(), page=self.max_pages)[0] \
            + self.body_bottom(self.max_pages) - self.body_bottom(2)

    # ---- press: imposed on sheets --------------------------------------------------------

    def sheet_geometry(self) -> impose.SheetGeometry:
        width, height = self.pagesize
        return impose.SheetGeometry(width, height, self.profile.bleed, self.profile.slug)

    @property
    def imposed(self) -> bool:
        """Press copies are printer's spreads: sheets for the press, whose pages are out of
        reading order by design, so they carry no tags (the office copy is the one a
        screen reader reads)."""
        return bool(self.profile.bleed)

    def render(self) -> bytes:
        pdf = super().render()
        if not self.profile.bleed:
            return pdf
        self._fine_print_on_sheets()
        return impose.impose_saddle_stitch(pdf, self.sheet_geometry())

    def trim_box(self) -> Box:
        if not self.profile.bleed:
            return trim_box_for(self.profile, self.pagesize)
        return self.sheet_geometry().trim

    def _fine_print_on_sheets(self) -> None:
        """Where the small print went, moved from each page to its place on its sheet."""
        geometry, offset = self.sheet_geometry(), self.profile.mark_offset
        moved: dict[int, list[tuple[Box, float]]] = {}
        for side, pair in enumerate(impose.printer_spreads(self.max_pages), start=1):
            for right_hand, page in zip((False, True), pair, strict=True):
                dx = geometry.page_left(right_hand) - offset
                moved.setdefault(side, []).extend(
                    ((x0 + dx, y0, x1 + dx, y1), size)
                    for (x0, y0, x1, y1), size in self.fine_print_boxes.get(page, []))
        self.fine_print_boxes = moved


__all__ = ["BOOKLET_PAGES", "BookletA5"]
