"""From story to finished PDF: the pages built (again with fewer local services when
they do not fit), overflow measured and explained, then tagged and finished."""

from __future__ import annotations

import io
import math
from functools import partial
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import LayoutError, PageBreak, PageTemplate, Spacer

from imhprint.editionfit import blame_overflow
from imhprint.finish import Tags, finish
from imhprint.markup import plain_text
from imhprint.model import Service
from imhprint.panels import LocalFit
from imhprint.pdfcanvas import FooterCanvas
from imhprint.structure import BACK, NOTICE, StructureRecorder, region

from .dates import build_epoch
from .document import LayoutOverflow, TrackingDocTemplate, plural


class PdfRendering:
    """How a layout renders: a first pass for the page count, the local services
    that fit, the page background, bands and panels painted on each page, and the
    tagged, finished PDF.

    Mixed into ``Layout``, whose ``story``, ``page_templates``, ``draw_footer`` and
    page painters it calls."""

    def render(self) -> bytes:
        """The finished PDF: tagged (imhprint.structure), with its font subsets named apart
        and, for press, PDF/X (imhprint.press); or LayoutOverflow when the content does
        not fit."""
        untagged = self.render_untagged()
        tags = Tags(self.recorded, self.reading_order, plain_text(self.resource.title),
                    self.resource.language)
        return finish(untagged, tags, press=self.profile.cmyk)

    def render_untagged(self) -> bytes:
        """The PDF as ReportLab writes it (what it marked in ``self.recorded``), or
        LayoutOverflow when the content does not fit.

        A local services section takes the room there is: the services as cards, else as
        a compact list, else as many as fit (those left off are in ``left_off``, for a
        warning). When an edition's copy does not fit but the national one does, the
        edition's details are what grew, and the error says which to shorten.
        """
        services = self.local_services()
        self.left_off, self.local_shortfall = [], 0.0
        try:
            if not services:
                return self.render_pages(None)
            for form in ("cards", "list"):
                try:
                    return self.render_pages(LocalFit(form, tuple(services)))
                except LayoutOverflow as exc:
                    all_listed = exc.missing
            return self._render_most_services(services, all_listed)
        except LayoutOverflow as exc:
            raise blame_overflow(self, exc) from None

    def _render_most_services(self, services: list[Service], all_listed: float) -> bytes:
        """As many local services as fit, as a list, in the edition's order
        (``all_listed``: how far past the pages the list of them all ran)."""
        pdf = self.render_pages(LocalFit("list", ()))  # if even this fails, it is not theirs
        fitting, too_many = 0, len(services)
        shortfall = {too_many: all_listed}  # services listed -> how far past the pages
        while too_many - fitting > 1:
            middle = (fitting + too_many) // 2
            try:
                pdf = self.render_pages(LocalFit("list", tuple(services[:middle])))
                fitting = middle
            except LayoutOverflow as exc:
                too_many, shortfall[middle] = middle, exc.missing
        # the last try may have been one that failed: lay out the one that fits again, so
        # the ledger holds what it prints
        pdf = self.render_pages(LocalFit("list", tuple(services[:fitting])))
        self.left_off = services[fitting:]
        self.local_shortfall = shortfall.get(fitting + 1, 0.0)
        return pdf

    def render_pages(self, local: LocalFit | None) -> bytes:
        """The PDF with the local services section laid out as ``local`` says.

        A first pass finds the page count for 'page x of y' unless the format fixes it.
        """
        self.renderer.local_fit = local
        self.ledger.printed.clear()  # what an earlier try printed is not in this PDF
        fixed = self.min_pages == self.max_pages
        pdf, pages = self._build(self.story(), total_pages=self.max_pages)
        if pages < self.min_pages:  # short content still gets its back page
            pdf, pages = self._build([*self.story(), *self.padding(pages)],
                                     total_pages=self.max_pages)
        if not fixed:
            pdf, _ = self._build(self.story(), total_pages=pages)
        return pdf

    def padding(self, pages: int) -> list[Any]:
        """What fills the pages between the content's end (on page ``pages``) and the
        format's last page: nothing, by default."""
        return [PageBreak(), Spacer(1, 1)] * (self.min_pages - pages)

    def _build(self, story: list[Any], total_pages: int) -> tuple[bytes, int]:
        buffer = io.BytesIO()
        self.fine_print_boxes = {}
        self.recorded = StructureRecorder()  # of the last build: the PDF returned
        resource = self.resource
        doc = TrackingDocTemplate(
            buffer, max_pages=self.max_pages, pagesize=self.pagesize,
            pageTemplates=self.page_templates(), title=plain_text(resource.title),
            author=self.publisher(), subject=plain_text(resource.subtitle or resource.title),
            keywords=self.keywords(), creator="imh-print", producer="imh-print (ReportLab)",
            lang=resource.language, displayDocTitle=1, invariant=1,
            initialFontName=self.fonts.regular, pageCompression=1,
            leftMargin=self.geometry.margin_x, rightMargin=self.geometry.margin_x,
            **self.press_options())
        for template in doc.pageTemplates:
            self._paint_background_first(template)
        canvasmaker = partial(FooterCanvas, footer=self.draw_footer,
                              epoch=build_epoch(resource), total_pages=total_pages,
                              structure=self.recorded)
        try:
            doc.build(list(story), canvasmaker=canvasmaker)
        except LayoutError as exc:
            raise self._too_tall(doc) from exc
        if doc.page > self.max_pages or doc.overflow_block is not None:
            missing = max(doc.overflow_height(), self.scale.body * self.scale.leading)
            raise LayoutOverflow(doc.overflow_block or doc.current_block,
                                 f"the content needs about {self.describe_height(missing)} "
                                 f"more than its {plural(self.max_pages, 'page')} hold", missing)
        self.last_frame = doc.last_frame
        return buffer.getvalue(), doc.page

    def _too_tall(self, doc: TrackingDocTemplate) -> LayoutOverflow:
        """One flowable taller than a whole frame: it cannot be placed anywhere."""
        block = doc.current_block
        what = (f"the {block.type_name} block on line {block.line}" if block is not None
                else "one part of it")
        if doc.too_tall is None:
            return LayoutOverflow(block, f"{what} is too tall for a {self.frame_noun}",
                                  names_block=True)
        needed, room = doc.too_tall
        unsplit = " and is never split across a fold" if self.whole_paragraphs else ""
        return LayoutOverflow(block, (
            f"{what} is {needed / mm:.0f} mm tall{unsplit}, but a {self.frame_noun} holds "
            f"only {room / mm:.0f} mm: shorten it by about "
            f"{self.describe_height(needed - room)}, or split it into two blocks"),
            needed - room, names_block=True)

    def describe_height(self, height: float) -> str:
        """A height as a reader can act on it: millimetres, and lines of body text."""
        lines = max(1, math.ceil(height / (self.scale.body * self.scale.leading)))
        return f"{max(1, round(height / mm))} mm ({plural(lines, 'line')} of body text)"

    def _paint_background_first(self, template: PageTemplate) -> None:
        """Draw the page background under everything the template draws."""
        own = template.onPage

        def on_page(canv: Canvas, doc: Any) -> None:
            self.draw_background(canv, doc.page)
            with region(canv, NOTICE):
                self.draw_sample_band(canv, doc.page)
                self.draw_translation_band(canv, doc.page)
            with region(canv, BACK):  # the hub's panels: read after the content
                own(canv, doc)

        template.onPage = on_page
