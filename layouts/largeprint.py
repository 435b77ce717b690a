"""Large print: every leaflet on A4 portrait pages at 18 pt, for readers with low vision.

Follows RNIB Clear Print for large print: nothing under 18 pt, headings larger and bold,
one column read straight down, left-aligned (right-aligned in a right-to-left language,
which the text path does by itself), space between blocks, no text over pictures. It
takes as many pages as the words need, each with "Page 1 of 5" at its foot.

The same blocks as the A4 leaflet, through the same block renderer: in one column the
card grids stack, the cues table becomes a column of cue cards, and the useful numbers
put each number under its name. What the A4 leaflet fixes at the foot of page 2 (the
hub panel, the useful numbers) and its small print follow the content here, at full
size, with the names of the sources; the version and review dates are in every footer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageTemplate

from imhprint.flowables import keep_whole
from imhprint.imprint import governance_routes
from imhprint.model import LARGE_PRINT
from imhprint.theme import LARGE_PRINT_PAGE, LARGE_PRINT_TYPE

from .base import Layout
from .sources import sources_list

# A leaflet at 18 pt takes five to seven pages; more than this means the content is far
# longer than a leaflet should be (the build then says which block ran over).
MAX_LARGE_PRINT_PAGES = 24


class LargePrintA4(Layout):
    name = "leaflet-large-print"
    kind = "leaflet"
    choice = LARGE_PRINT
    pagesize = A4
    max_pages = MAX_LARGE_PRINT_PAGES
    min_pages = 1
    scale = LARGE_PRINT_TYPE
    geometry = LARGE_PRINT_PAGE
    columns = 1
    side_by_side = False
    unsplit_list_items = 3  # a longer list may go on over the page, two items at least

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # a paragraph's last line never goes over the page alone: at 18 pt one line at
        # the top of a page reads as a stray
        self.renderer.styles.body.allowWidows = 0

    def relative_path(self) -> Path:
        return Path("leaflets") / f"{self.resource.id}-large-print.pdf"

    def is_governance_page(self, page: int) -> bool:
        """No page carries the small print in its footer: it follows the content at full
        size (see ``back_matter``), so every footer is the same short line."""
        return False

    def sample_band_size(self) -> float:
        """A sample edition's band at full size too: the content starts below it."""
        return self.scale.fine

    def content_top(self, inset: float) -> float:
        """Below a sample edition's band, a gap as wide as between blocks, as the band is
        as large as the text under it."""
        top = super().content_top(inset)
        return top - self.scale.gap if self.env.imprint.sample else top

    def story(self) -> list[Any]:
        return [self.renderer.cover_header(self.resource), *super().story(),
                *self.back_matter()]

    def back_matter(self) -> list[Any]:
        """After the content: the hub panel, the useful numbers, the sources, then what
        the leaflet says about itself."""
        renderer, gap = self.renderer, self.scale.gap
        panels = [renderer.hub_panel()]
        if renderer.key_services(self.resource.contacts_panel):
            panels.append(renderer.key_numbers_panel(self.resource.contacts_panel))
        for panel in panels:
            panel.spaceBefore, panel.spaceAfter = gap * 0.5, gap * 1.4
        return [*panels, *self._sources(), *self._about()]

    def _sources(self) -> list[Any]:
        items = sources_list(self.renderer, self.strings, self.resource)
        if items:
            # the last two go over the page with the small print after them, so a last
            # page never holds the small print alone
            items[-1].keepWithNext = 1
        return items

    def _about(self) -> list[Any]:
        """The small print of the other formats, one item to a line, in the small style
        (muted ink) at this format's full size."""
        strings, resource, styles = self.strings, self.resource, self.renderer.styles
        imprint = self.env.imprint
        lines = [
            strings[f"not_advice_{resource.kind}"],
            *governance_routes(strings, imprint),
            strings.format("published_by", owner=imprint.publisher or resource.owner),
        ]  # the version and review dates are in every page's footer
        paragraphs = [self.renderer.para(lines[0], styles.body)]
        paragraphs += [self.renderer.para(line, styles.small) for line in lines[1:]]
        paragraphs[0].spaceBefore = self.scale.gap
        return keep_whole(paragraphs)  # a few short lines: read as one

    def page_templates(self) -> list[PageTemplate]:
        return [PageTemplate("page", [self.body_frame(self.body_bottom(1), "page")])]
