"""A4 leaflet, two pages, for double-sided printing on an office printer.

Page 1: a cover header (title, subtitle, warm introduction), then the content begins.
Page 2: the rest of the content, above a fixed panel: the family hub's write-in space
and key numbers, in the same place on every leaflet; below it the small print (not a
substitute for advice, other formats, sources, feedback) across the full width.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageTemplate

from imhprint.flowables import CardGrid, Panel
from imhprint.structure import BACK, CONTENT, NOTICE, SMALL_PRINT
from imhprint.theme import LEAFLET_PAGE, LEAFLET_TYPE

from .base import FixedPanel, Layout

# The most the hub panel or the useful numbers may take at the foot of page 2: a hub's
# details longer than this leave too little of the page for the leaflet itself.
BACK_PANEL_ROOM = 70 * mm


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

    def relative_path(self) -> Path:
        return Path("leaflets") / f"{self.resource.id}.pdf"

    def story(self) -> list[Any]:
        return [self.renderer.cover_header(self.resource), *super().story()]

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
        labels = [("hub panel", "the hub panel on page 2"),
                  ("useful numbers", "the useful numbers panel on page 2")]
        return [*super().fixed_panels(), *(
            FixedPanel(key, label, panel.wrap(width, 10_000)[1], BACK_PANEL_ROOM)
            for (key, label), panel in zip(labels, panels, strict=False))]

    def page_templates(self) -> list[PageTemplate]:
        # the back page's footer is taller: it carries the notes (see is_governance_page)
        panel_height, draw_back_panel = self.foot_panel(self.back_panel(), page=2)
        return [
            PageTemplate("cover", [self.body_frame(self.body_bottom(1), "cover")],
                         autoNextPageTemplate="back"),
            PageTemplate("back", [self.body_frame(self.body_bottom(2) + panel_height, "back")],
                         onPage=draw_back_panel, autoNextPageTemplate="overflow"),
            PageTemplate("overflow", [self.body_frame(self.body_bottom(3), "overflow")]),
        ]
