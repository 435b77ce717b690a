"""A4 leaflet, two pages, for double-sided printing on an office printer.

Page 1: a cover header (title, subtitle, warm introduction), then the content begins.
Page 2: the rest of the content, above a fixed panel: the family hub's write-in space
and key numbers, in the same place on every leaflet; below it the small print (not a
substitute for advice, other formats, sources, feedback) across the full width.

A script whose lines stand much taller than Latin (Nastaliq: its family's
``leaflet_pages``) runs to four pages: the content is spread evenly over pages 1 to 4
(balance.py, as the tri-fold's panels), and the last page carries what page 2 carries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
)

from imhprint.flowables import CardGrid, Panel
from imhprint.model import Resource
from imhprint.panels import LocalFit
from imhprint.structure import BACK, CONTENT, NOTICE, SMALL_PRINT
from imhprint.theme import LEAFLET_PAGE, LEAFLET_TYPE, TypeScale, family_for, script_for

from .balance import Cut, add_space_above, balance, break_points, measure
from .base import BuildEnv, FixedPanel, Layout, LayoutOverflow

# The most the hub panel or the useful numbers may take at the foot of page 2: a hub's
# details longer than this leave too little of the page for the leaflet itself.
BACK_PANEL_ROOM = 70 * mm
# Pages of a longer leaflet filled evenly may get up to this many gaps more between
# blocks, so a page with few blocks is not left half empty.
SPREAD_STEPS = 2
# A table with a header row (the cues) may go on over a page between its rows, its header
# row repeated, when that fills the pages more evenly: at least this many rows each side.
MIN_TABLE_ROWS = 2


def _evenness(cut: Cut) -> tuple[float, ...]:
    """How evenly a cut fills the pages, to compare cuts by: the emptiest page's fill,
    then the next emptiest's, and so on (rounded, so float noise never picks the winner)."""
    return tuple(sorted(round(fill, 4) for fill in cut.fills))


class LeafletA4(Layout):
    name = "leaflet-a4"
    kind = "leaflet"
    choice = "a4"
    pagesize = A4
    max_pages = 2
    min_pages = 2
    scale = LEAFLET_TYPE
    geometry = LEAFLET_PAGE
    # page 2: its content before the hub and numbers panels below it, then the small print
    reading_order = (NOTICE, CONTENT, BACK, SMALL_PRINT)

    def __init__(self, resource: Resource, env: BuildEnv) -> None:
        script = script_for(resource.language)
        family = family_for(script, resource.language) if script else None
        if family is not None and family.leaflet_pages:
            self.max_pages = self.min_pages = family.leaflet_pages
        super().__init__(resource, env)
        self._cut: Cut | None = None  # where pages 2 on begin, once balanced
        self._extra_gap = 0.0  # more space between blocks, to fill the pages evenly
        self._table_split: tuple[int, int] | None = None  # (table's index, rows before)

    def type_scale(self) -> TypeScale:
        """With the pages a tall script needs, its text keeps the leaflet's own sizes
        (the family's smaller ``leaflet_body`` is for fitting two pages)."""
        if self.max_pages > type(self).max_pages:
            return type(self).scale
        return super().type_scale()

    def relative_path(self) -> Path:
        return Path("leaflets") / f"{self.resource.id}.pdf"

    def story(self) -> list[Any]:
        content = self._content()
        if self.max_pages == 2:
            return content
        if self._cut is None:  # it did not fit: the back page after the rest says by how much
            return [*content, NextPageTemplate("back"), PageBreak(), Spacer(1, 1)]
        flowing: list[Any] = []
        last = self._cut.starts[-1]
        for index, flowable in enumerate(content):
            if index and index in self._cut.starts:
                if index == last:  # named, not chained: ReportLab keeps one page's pick
                    flowing.append(NextPageTemplate("back"))  # for the page after too
                flowing.append(FrameBreak())
            flowing.append(flowable)
        return flowing

    def _content(self) -> list[Any]:
        blocks = add_space_above(super().story(), self._extra_gap) if self._extra_gap \
            else super().story()
        content = [self.renderer.cover_header(self.resource), *blocks]
        return self._split_table(content) if self._table_split else content

    def _table_splits(self, content: list[Any]) -> list[tuple[int, int]]:
        """Where a table with a header row may be cut: (its index in ``content``, how many
        of its rows go before the cut)."""
        return [(index, rows) for index, flowable in enumerate(content)
                if isinstance(flowable, Table) and flowable.repeatRows
                for rows in range(MIN_TABLE_ROWS, len(flowable._cellvalues)
                                  - flowable.repeatRows - MIN_TABLE_ROWS + 1)]

    def _split_table(self, content: list[Any]) -> list[Any]:
        """``content`` with the table cut as ``_table_split`` says: ReportLab's own split,
        so the rest repeats the header row and the corners round as on a page break."""
        index, rows = self._table_split
        table = content[index]
        table.wrap(self.frame_width, self.body_top())
        before = sum(table._rowHeights[:table.repeatRows + rows])
        parts = table.split(self.frame_width, before + 0.01)
        if len(parts) != 2:  # ReportLab would not cut it there: it stays whole
            self._table_split = None
            return content
        return [*content[:index], *parts, *content[index + 1:]]

    def render_pages(self, local: LocalFit | None) -> bytes:
        """Two pages flow as ReportLab fills them. More pages are filled evenly, so that
        no page stands half empty before a last page of only the hub's panels."""
        self._cut, self._extra_gap, self._table_split = None, 0.0, None
        if self.max_pages == 2:
            return super().render_pages(local)
        self.renderer.local_fit = local  # measured with the local services in it
        self._cut = self._balanced_cut()
        if self._cut is not None:
            try:
                return super().render_pages(local)
            except LayoutOverflow:
                # never expected: it was measured
                self._cut, self._extra_gap, self._table_split = None, 0.0, None
        return super().render_pages(local)

    def page_rooms(self) -> tuple[float, ...]:
        """The height each page's body frame holds (a hair under, so a measured share
        always fits its frame)."""
        last = self.max_pages
        rooms = [self.body_top() - self.body_bottom(page) - 1 for page in range(1, last)]
        return (*rooms, self.body_top() - self.body_bottom(last) - self._back_height() - 1)

    def _back_height(self) -> float:
        return self.foot_panel(self.back_panel(), page=self.max_pages)[0]

    def _balanced_cut(self) -> Cut | None:
        """The cut of the content over the pages that leaves the emptiest page fullest,
        with a little more space between blocks if that fills the emptiest page better
        (calm, not stretched: at most SPREAD_STEPS gaps more), and a table going on over
        a page between its rows if that does (a page is not left half empty because the
        table after it is kept whole); None when even the fullest pages cannot hold it
        (the build then says so)."""
        best: Cut | None = None
        best_gap, best_split = 0.0, None
        for split in [None, *self._table_splits(self._content())]:
            self._table_split = split
            for step in range(SPREAD_STEPS + 1):
                cut = self._cut_with(step * self.scale.gap)
                if cut is None:
                    break
                if split is not None and split[0] + 1 not in cut.starts:
                    continue  # the table's rest, its header row repeated, begins a page
                if best is None or _evenness(cut) > _evenness(best):
                    best, best_gap, best_split = cut, step * self.scale.gap, split
        self._extra_gap, self._table_split = best_gap, best_split
        return best

    def _cut_with(self, extra_gap: float) -> Cut | None:
        self._extra_gap = extra_gap
        content = self._content()
        points = break_points(content)  # before measuring: a build clears keepWithNext
        rooms = self.page_rooms()
        placed = measure(content, self.frame_width, sum(rooms), self.fonts.regular)
        if placed is None:
            return None
        # the last page's hub panels fill it too: it looks as full as they and the content
        fixed = (*(0.0,) * (self.max_pages - 1), self._back_height())
        return balance(placed, points, self.max_pages, rooms, fixed=fixed)

    def reading_landmarks(self) -> list[str]:
        return [*super().reading_landmarks(), self.renderer.hub_heading()]

    def _back_panels(self) -> list[Panel]:
        renderer = self.renderer
        panels = [renderer.hub_panel()]
        if renderer.key_services(self.resource.contacts_panel):
            panels.append(renderer.key_numbers_panel(self.resource.contacts_panel))
        return panels

    def back_panel(self) -> list[Any]:
        return [CardGrid(self._back_panels(), columns=2, gap=self.scale.gap * 1.5,
                         direction=self.direction)]

    def fixed_panels(self) -> list[FixedPanel]:
        panels = self._back_panels()
        gap = self.scale.gap * 1.5
        width = (self.frame_width - gap * (len(panels) - 1)) / len(panels)
        last = self.max_pages
        labels = [("hub panel", f"the hub panel on page {last}"),
                  ("useful numbers", f"the useful numbers panel on page {last}")]
        return [*super().fixed_panels(), *(
            FixedPanel(key, label, panel.wrap(width, 10_000)[1], BACK_PANEL_ROOM)
            for (key, label), panel in zip(labels, panels, strict=False))]

    def page_templates(self) -> list[PageTemplate]:
        # the back page's footer is taller: it carries the notes (see is_governance_page)
        last = self.max_pages
        panel_height, draw_back_panel = self.foot_panel(self.back_panel(), page=last)
        back = PageTemplate("back", [self.body_frame(self.body_bottom(last) + panel_height,
                                                     "back")],
                            onPage=draw_back_panel, autoNextPageTemplate="overflow")
        overflow = PageTemplate("overflow", [self.body_frame(self.body_bottom(last + 1),
                                                             "overflow")])
        if last == 2:
            return [PageTemplate("cover", [self.body_frame(self.body_bottom(1), "cover")],
                                 autoNextPageTemplate="back"), back, overflow]
        # more pages: those between the cover and the back; story() names the back
        return [PageTemplate("cover", [self.body_frame(self.body_bottom(1), "cover")],
                             autoNextPageTemplate="inner"),
                PageTemplate("inner", [self.body_frame(self.body_bottom(2), "inner")]),
                back, overflow]
