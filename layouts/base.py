"""What every output format shares: a name, a page size, a page limit, and a build."""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    LayoutError,
    PageBreak,
    PageTemplate,
    Spacer,
)

from imhprint.blocks import BlockRenderer, RenderContext
from imhprint.flowables import BlockMarker, draw_stack, stack_height
from imhprint.markup import plain_text
from imhprint.model import Block, Edition, Heading, Resource, Service
from imhprint.pdfcanvas import FooterCanvas
from imhprint.profiles import DEFAULT_PROFILE, REGISTRATION, PrintProfile, cmyk_palette
from imhprint.strings import Strings
from imhprint.theme import (
    PALETTE,
    PRESS_BAND_SHARE,
    Fonts,
    PageGeometry,
    Palette,
    TypeScale,
    fonts_for,
)

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


class LayoutOverflow(Exception):
    """Content did not fit the format; names the block where room ran out."""

    def __init__(self, block: Block | None, message: str) -> None:
        super().__init__(message)
        self.block = block
        self.message = message


@dataclass(frozen=True)
class BuildEnv:
    """Shared data every layout needs, the same for all resources in a run."""

    services: dict[str, Service]
    strings: dict[str, Strings]
    assets_dir: Path
    edition: Edition | None = None  # None: the national, unbranded edition
    palette: Palette = PALETTE
    profile: PrintProfile = DEFAULT_PROFILE

    @property
    def publisher(self) -> str | None:
        return self.edition.name if self.edition else None


def build_epoch(resource: Resource) -> int:
    """SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the review date."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.isdigit():
        return int(env)
    moment = dt.datetime.combine(resource.reviewed, dt.time(), tzinfo=dt.timezone.utc)
    return int(moment.timestamp())


def format_date(date: dt.date, strings: Strings) -> str:
    months = [m.strip() for m in strings["months"].split(",")]
    return strings.format("date_format", day=date.day, month=months[date.month - 1],
                          year=date.year)


class TrackingDocTemplate(BaseDocTemplate):
    """Records which block is being placed, and adds a bookmark for each heading."""

    def __init__(self, *args: Any, max_pages: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_pages = max_pages
        self.current_block: Block | None = None
        self.overflow_block: Block | None = None
        self.last_frame: str | None = None
        self._outline_count = 0

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 (ReportLab's name)
        if isinstance(flowable, BlockMarker):
            self.current_block = flowable.block
        elif getattr(self, "frame", None) is not None:
            self.last_frame = self.frame.id  # where the content ended
        if self.page > self.max_pages and self.overflow_block is None:
            self.overflow_block = self.current_block
        outline = getattr(flowable, "outline_text", "")
        if outline:
            key = f"heading-{self._outline_count}"
            self._outline_count += 1
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(outline, key, level=0)
            self.canv.showOutline()  # open the bookmarks pane in the viewer


class Layout:
    """One output format. Subclasses set the class attributes and ``page_templates``."""

    name: ClassVar[str]
    kind: ClassVar[str]
    pagesize: ClassVar[tuple[float, float]]
    max_pages: ClassVar[int]
    min_pages: ClassVar[int] = 1
    scale: ClassVar[TypeScale]
    geometry: ClassVar[PageGeometry]
    columns: ClassVar[int] = 2
    show_page_numbers: ClassVar[bool] = True
    compact_contacts: ClassVar[bool] = False
    whole_paragraphs: ClassVar[bool] = False  # never break a paragraph across columns
    choice: ClassVar[str]  # what a resource lists to ask for this format: a4, trifold, a3...

    def __init__(self, resource: Resource, env: BuildEnv) -> None:
        self.resource = resource
        self.env = env
        self.fonts: Fonts = fonts_for(resource.language)
        self.strings = env.strings[resource.language]
        self.profile = env.profile
        self.palette = cmyk_palette(env.palette) if env.profile.cmyk else env.palette
        self.frame_width = self.text_width()
        self.renderer = BlockRenderer(RenderContext(
            fonts=self.fonts, scale=self.scale, strings=self.strings,
            services=env.services, assets_dir=env.assets_dir,
            frame_width=self.frame_width, columns=self.columns,
            compact_contacts=self.compact_contacts, palette=self.palette,
            edition=env.edition, links=self.profile.links, cmyk=self.profile.cmyk,
            whole_paragraphs=self.whole_paragraphs))

    # ---- what subclasses provide ----------------------------------------------------------

    def text_width(self) -> float:
        """The width blocks are laid out to: the page between its side margins."""
        return self.pagesize[0] - 2 * self.geometry.margin_x

    def output_path(self) -> Path:
        """Where the PDF goes inside the output folder: the profile's folder, then the
        format's own place."""
        return Path(self.profile.folder) / self.relative_path()

    def relative_path(self) -> Path:
        raise NotImplementedError

    def page_templates(self) -> list[Any]:
        raise NotImplementedError

    def blocks(self) -> list[Block]:
        """The resource's blocks for this format (a block may list its ``formats``)."""
        return self.resource.blocks_in(self.choice)

    def story(self) -> list[Any]:
        return self.renderer.story(self.blocks())

    # ---- shared -----------------------------------------------------------------------------

    def publisher(self) -> str:
        """Who stands behind this copy: the edition's organisation, else the content owner."""
        return self.env.publisher or self.resource.owner

    def keywords(self) -> list[str]:
        headings = [plain_text(b.text) for b in self.blocks() if isinstance(b, Heading)]
        return [self.resource.title, *headings]

    def render(self) -> bytes:
        """The finished PDF, or LayoutOverflow when the content does not fit.

        A first pass finds the page count for 'page x of y' unless the format fixes it.
        """
        fixed = self.min_pages == self.max_pages
        pdf, pages = self._build(self.story(), total_pages=self.max_pages)
        if pages < self.min_pages:  # short content still gets its back page
            padding = [PageBreak(), Spacer(1, 1)] * (self.min_pages - pages)
            pdf, pages = self._build([*self.story(), *padding], total_pages=self.max_pages)
        if not fixed:
            pdf, _ = self._build(self.story(), total_pages=pages)
        return pdf

    def _build(self, story: list[Any], total_pages: int) -> tuple[bytes, int]:
        buffer = io.BytesIO()
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
                              epoch=build_epoch(resource), total_pages=total_pages)
        try:
            doc.build(list(story), canvasmaker=canvasmaker)
        except LayoutError as exc:
            raise LayoutOverflow(doc.current_block, "a part of it is too large for the "
                                 f"page: shorten it or split it ({exc.args[0][:60]}...)") from exc
        if doc.page > self.max_pages or doc.overflow_block is not None:
            raise LayoutOverflow(doc.overflow_block or doc.current_block,
                                 f"the content does not fit on {self.max_pages} page(s)")
        self.last_frame = doc.last_frame
        return buffer.getvalue(), doc.page

    def press_options(self) -> dict[str, Any]:
        """Document options for a print shop: the sheet grows by bleed and slug on every
        side, crop marks sit in the slug, and TrimBox and BleedBox say where to cut.
        """
        profile = self.profile
        if not profile.bleed:
            return {}
        return {
            "cropMarks": CropMarks(borderWidth=profile.mark_offset,
                                   markLength=profile.slug - 1 * mm),
            "trimBox": self.trim_box(),
            "bleedBox": grow_box(self.trim_box(), profile.bleed),
            "enforceColorSpace": "cmyk",
        }

    def trim_box(self) -> Box:
        """The finished page within the PDF's sheet: all of it, unless the sheet carries
        bleed and crop marks around it."""
        offset = self.profile.mark_offset
        width, height = self.pagesize
        return (offset, offset, offset + width, offset + height)

    def _paint_background_first(self, template: PageTemplate) -> None:
        """Draw the page background under everything the template draws."""
        own = template.onPage

        def on_page(canv: Canvas, doc: Any) -> None:
            self.draw_background(canv, doc.page)
            own(canv, doc)

        template.onPage = on_page

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

    def _footer_parts(self) -> tuple[list[Any], float]:
        """The footer's left-hand paragraphs and the width kept for 'page x of y'."""
        strings, resource, renderer = self.strings, self.resource, self.renderer
        style = renderer.styles.small
        dates = " \u00b7 ".join([
            strings.format("reviewed", date=format_date(resource.reviewed, strings)),
            strings.format("next_review", date=format_date(resource.next_review, strings)),
        ])
        page_width = 0.0
        if self.show_page_numbers:
            sample = strings.format("page_x_of_y", page=88, pages=88)
            page_width = stringWidth(sample, self.fonts.bold, style.fontSize) + 12
        published = strings.format("published_by", owner=self.publisher())
        return [renderer.para(published, style), renderer.para(dates, style)], page_width

    def footer_height(self, width: float | None = None) -> float:
        parts, page_width = self._footer_parts()
        width = self.frame_width if width is None else width
        return stack_height(parts, width - page_width) + self.scale.gap * 0.6

    def draw_footer(self, canv: Canvas, page: int, pages: int) -> None:
        """Owner, review dates and page x of y, in the same place on every page."""
        self.draw_footer_at(canv, self.geometry.margin_x, self.frame_width, page, pages)

    def draw_footer_at(self, canv: Canvas, x: float, width: float, page: int,
                       pages: int) -> None:
        """The footer across ``width`` from ``x``, its foot on the bottom margin."""
        top = self.geometry.margin_bottom + self.footer_height(width)
        parts, page_width = self._footer_parts()
        canv.saveState()
        canv.setStrokeColor(self.palette.accent_mid)
        canv.setLineWidth(max(0.8, self.scale.small / 14))
        canv.line(x, top, x + width, top)
        text_top = top - self.scale.gap * 0.6
        draw_stack(canv, parts, x, text_top, width - page_width)
        if self.show_page_numbers:
            size = self.scale.small
            canv.setFillColor(self.palette.muted_ink)
            canv.setFont(self.fonts.bold, size)
            canv.drawRightString(x + width, text_top - size,
                                 self.strings.format("page_x_of_y", page=page, pages=pages))
        canv.restoreState()

    def body_bottom(self) -> float:
        return self.geometry.margin_bottom + self.footer_height() + self.scale.gap

    def body_top(self) -> float:
        return self.pagesize[1] - self.geometry.margin_top

    def foot_panel(self, flowables: list[Any]) -> tuple[float, Any]:
        """A panel fixed at the foot of a page, above the footer, in the same place on
        every resource: returns the height it takes and the page callback that draws it.
        """
        body_bottom = self.body_bottom()
        height = stack_height(flowables, self.frame_width) + self.scale.gap * 2

        def draw(canv: Any, doc: Any) -> None:
            top = body_bottom + height - self.scale.gap
            draw_stack(canv, flowables, self.geometry.margin_x, top, self.frame_width)

        return height, draw

    def body_frame(self, bottom: float, frame_id: str) -> Frame:
        return Frame(self.geometry.margin_x, bottom, self.frame_width,
                     self.body_top() - bottom, leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0, id=frame_id)
