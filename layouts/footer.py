"""The footer on every page: the version and review dates, and on the governance page
the small print (who publishes it, other formats, sources, feedback)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from imhprint.flowables import draw_stack, stack_height
from imhprint.imprint import SEPARATOR, Imprint, governance_lines, kept_whole
from imhprint.structure import ARTIFACT, SMALL_PRINT, region
from imhprint.text import ShapedParagraph
from imhprint.text.line import draw_line, line_width

from .dates import format_date

# Lines of small print an edition's footer may take beyond the national copy's.
FOOTER_SPARE_LINES = 1


@dataclass(frozen=True)
class FixedPanel:
    """A place of fixed size that prints an edition's details (the hub panel, the
    footer): the height its content needs and the room the layout gives it."""

    key: str
    label: str  # in words, for messages: "the hub panel on page 2"
    height: float
    room: float

    @property
    def excess(self) -> float:
        return self.height - self.room


class PageFooter:
    """The footer of a layout's pages, and the room an edition's small print may take.

    Mixed into ``Layout``, whose ``strings``, ``resource``, ``renderer``, ``scale``,
    ``geometry`` and ``_note_fine_print`` it uses."""

    def governance_page_number(self) -> int:
        """The page with the small print: the back, where a reader looks for it."""
        return self.governance_page or self.max_pages

    def is_governance_page(self, page: int) -> bool:
        return page == self.governance_page_number()

    def _footer_parts(self, page: int, imprint: Imprint | None = None
                      ) -> tuple[Any | None, list[Any], float]:
        """The footer's first line (on the governance page: this does not replace advice)
        and the rest, and the width kept beside the first line for 'page x of y'.

        The version and review dates are on every page. The governance page (the back)
        adds where to ask for other formats, the sources and feedback, and who publishes
        it: a two-page leaflet is one sheet, so its back says it once. ``imprint``: whose
        small print to set (default: this copy's).
        """
        strings, resource, renderer = self.strings, self.resource, self.renderer
        styles = renderer.styles
        page_width = 0.0
        if self.show_page_numbers:
            sample = strings.format("page_x_of_y", page=88, pages=88)
            page_width = line_width(sample, strings.language, self.fonts.bold,
                                    styles.fine.fontSize) + 12
        version = [kept_whole(item) for item in (
            strings.format("version", version=resource.version),
            strings.format("reviewed", date=format_date(resource.reviewed, strings)),
            strings.format("next_review", date=format_date(resource.next_review, strings)),
        )]
        if not self.is_governance_page(page):  # the same sheet's front: which version it is
            return None, [renderer.para(SEPARATOR.join(version), styles.fine)], page_width
        imprint = imprint or self.env.imprint
        notice, routes = governance_lines(strings, resource.kind, imprint)
        published = strings.format("published_by", owner=imprint.publisher or resource.owner)
        # Small print runs on across the full width, so it takes as few lines as it can.
        rest = renderer.para(SEPARATOR.join([routes, published, *version]), styles.fine)
        # posters: the rest's first line nestles under the notice (a tall script's lines)
        first, rest = renderer.nestled([renderer.para(notice, styles.fine_ink), rest])
        return first, [rest], page_width

    def footer_height(self, width: float | None = None, page: int = 1,
                      imprint: Imprint | None = None) -> float:
        width = self.footer_width() if width is None else width
        # Remembered for this copy: every page template and every try at fitting the local
        # services asks again, and the answer depends only on these (the footer's words
        # are this copy's). What the footer prints reaches the ledger when it is drawn.
        key = (width, self.is_governance_page(page), imprint or self.env.imprint)
        known = self.__dict__.setdefault("_footer_heights", {})
        if key not in known:
            first, rest, page_width = self._footer_parts(page, imprint)
            rest_width = width if first else width - page_width
            height = stack_height(rest, rest_width)
            if first is not None:
                height += stack_height([first], width - page_width)
            lift = self._footer_lift(rest[-1], rest_width)
            known[key] = height + self._footer_rule_gap() + lift
        return known[key]

    def _footer_rule_gap(self) -> float:
        return self.scale.gap * 0.4  # between the rule above the footer and its text

    def _footer_lift(self, last: Any, width: float) -> float:
        """How far the footer sits above the bottom margin so that the descenders of its
        tightly set last line (``last``, at ``width``) stay inside the margin too: none for
        lines as tall as their glyphs (a tall script's on a poster), whose ink is inside."""
        if isinstance(last, ShapedParagraph) and last.inks_inside(width):
            return 0.0
        style = self.renderer.styles.fine
        descent = -pdfmetrics.getDescent(style.fontName, style.fontSize)
        return max(0.0, descent - (style.leading - style.fontSize))

    def footer_width(self) -> float:
        return self.frame_width

    def fixed_panels(self) -> list[FixedPanel]:
        """The places of fixed size that print an edition's details, each with the height
        it needs and the room it has: measured when an edition is loaded. The footer (on
        the page with the small print) may take one line more than the national copy's,
        for an edition's longer publisher, feedback route or sources address; the page
        above it gives up that line, and if its content then no longer fits, the
        overflow says which of the edition's details to shorten.
        """
        page = self.governance_page_number()
        national = self.footer_height(page=page, imprint=self.env.national_imprint)
        spare = FOOTER_SPARE_LINES * self.renderer.styles.fine.leading
        return [FixedPanel("footer", "the footer", self.footer_height(page=page),
                           national + spare)]

    def draw_footer(self, canv: Canvas, page: int, pages: int) -> None:
        """The footer, in the same place on every page; page x of y beside its first line."""
        self.draw_footer_at(canv, self.geometry.margin_x, self.frame_width, page, pages)

    def draw_footer_at(self, canv: Canvas, x: float, width: float, page: int,
                       pages: int) -> None:
        """The footer across ``width`` from ``x``, its foot on the bottom margin; 'page x
        of y' at the end of its first line (the left, on a right-to-left page)."""
        top = self.geometry.margin_bottom + self.footer_height(width, page)
        first, rest, page_width = self._footer_parts(page)
        # read once, on the governance page; the version line repeated on others is not
        with region(canv, SMALL_PRINT if self.is_governance_page(page) else ARTIFACT):
            self._draw_footer_parts(canv, x, width, top, first, rest, page_width, page, pages)
        self._note_fine_print(page, [(x, self.geometry.margin_bottom - 1, x + width, top)],
                              self.scale.fine)

    def _draw_footer_parts(self, canv: Canvas, x: float, width: float, top: float,
                           first: Any | None, rest: list[Any], page_width: float,
                           page: int, pages: int) -> None:
        # the text's own width beside 'page x of y': from x, or after it in RTL
        text_x = x + page_width if self.direction.right_to_left else x
        canv.saveState()
        canv.setStrokeColor(self.palette.accent_mid)
        canv.setLineWidth(max(0.8, self.scale.small / 14))
        canv.line(x, top, x + width, top)
        text_top = top - self._footer_rule_gap()
        rest_width = width - page_width
        if first is not None:
            draw_stack(canv, [first], text_x, text_top, width - page_width)
            text_top -= stack_height([first], width - page_width)
            rest_width = width
        draw_stack(canv, rest, x if rest_width == width else text_x, text_top, rest_width)
        if self.show_page_numbers:
            size = self.scale.fine
            canv.setFillColor(self.palette.muted_ink)
            canv.setFont(self.fonts.bold, size)
            rtl = self.direction.right_to_left
            draw_line(canv, self.strings.format("page_x_of_y", page=page, pages=pages),
                      self.strings.language, self.fonts.bold, size,
                      x if rtl else x + width, top - self._footer_rule_gap() - size,
                      "left" if rtl else "right")
        canv.restoreState()
