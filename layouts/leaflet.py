"""A4 leaflet, two pages, for double-sided printing on an office printer.

Page 1: a cover header (title, subtitle, warm introduction), then the content begins.
Page 2: the rest of the content, above a fixed panel: the family hub's write-in space
and key numbers, in the same place on every leaflet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Frame, PageTemplate

from imhprint.flowables import CardGrid, stack_height
from imhprint.theme import LEAFLET_PAGE, LEAFLET_TYPE

from .base import Layout


class LeafletA4(Layout):
    name = "leaflet-a4"
    kind = "leaflet"
    pagesize = A4
    max_pages = 2
    min_pages = 2
    scale = LEAFLET_TYPE
    geometry = LEAFLET_PAGE

    def output_path(self) -> Path:
        return Path("leaflets") / f"{self.resource.id}.pdf"

    def story(self) -> list[Any]:
        return [self.renderer.cover_header(self.resource), *super().story()]

    def back_panel(self) -> list[Any]:
        renderer = self.renderer
        panels = [renderer.hub_panel()]
        if renderer.printable_services(self.resource.contacts_panel):
            panels.append(renderer.key_numbers_panel(self.resource.contacts_panel))
        return [renderer.para(self.strings["contacts_heading"], renderer.styles.heading),
                CardGrid(panels, columns=2, gap=self.scale.gap * 1.5)]

    def page_templates(self) -> list[PageTemplate]:
        g = self.geometry
        width, height = self.pagesize
        body_bottom = g.margin_bottom + g.footer_height + self.scale.gap
        body_top = height - g.margin_top
        panel = self.back_panel()
        panel_height = stack_height(panel, self.frame_width) + self.scale.gap * 2

        def frame(bottom: float, frame_id: str) -> Frame:
            return Frame(g.margin_x, bottom, self.frame_width, body_top - bottom,
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                         id=frame_id)

        def draw_back_panel(canv: Any, doc: Any) -> None:
            top = body_bottom + panel_height - self.scale.gap
            y = top
            for flowable in panel:
                _, h = flowable.wrap(self.frame_width, panel_height)
                y -= h
                flowable.drawOn(canv, g.margin_x, y)
                y -= flowable.getSpaceAfter()

        return [
            PageTemplate("cover", [frame(body_bottom, "cover")], autoNextPageTemplate="back"),
            PageTemplate("back", [frame(body_bottom + panel_height, "back")],
                         onPage=draw_back_panel, autoNextPageTemplate="overflow"),
            PageTemplate("overflow", [frame(body_bottom, "overflow")]),
        ]
