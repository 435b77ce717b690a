"""What every output format shares: a name, a page size, a page limit, and a build."""

from __future__ import annotations

import datetime as dt
import io
import math
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from reportlab.lib.colors import CMYKColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
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
from imhprint.contacts import ContactLedger, Origin, known_details
from imhprint.diagnostics import display_path
from imhprint.editionfit import blame_overflow
from imhprint.finish import Tags, finish
from imhprint.flowables import (
    BlockMarker,
    BoxStyle,
    Panel,
    SideBySide,
    draw_stack,
    stack_height,
)
from imhprint.i18n.dates import month_year
from imhprint.imprint import (
    SAMPLE_BAND_GAP,
    SEPARATOR,
    Imprint,
    draw_sample_band,
    governance_lines,
    kept_whole,
    sample_band_bottom,
    sample_band_height,
    sample_band_size,
)
from imhprint.markup import plain_text
from imhprint.model import (
    Block,
    Edition,
    Heading,
    LocalServices,
    Resource,
    Service,
    Settings,
)
from imhprint.panels import LocalFit
from imhprint.pdfcanvas import FooterCanvas
from imhprint.profiles import DEFAULT_PROFILE, REGISTRATION, PrintProfile, cmyk_palette
from imhprint.strings import Strings
from imhprint.structure import (
    ARTIFACT,
    BACK,
    CONTENT,
    NOTICE,
    SMALL_PRINT,
    StructureRecorder,
    region,
)
from imhprint.text import ShapedParagraph
from imhprint.text.direction import direction_of
from imhprint.text.line import draw_line, line_width
from imhprint.theme import (
    PALETTE,
    PRESS_BAND_SHARE,
    Fonts,
    PageGeometry,
    Palette,
    TypeScale,
    bold_by_letter_height,
    fonts_for,
    type_for,
)

if TYPE_CHECKING:
    from imhprint.i18n.translate import TranslationInfo

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points

# Lines of small print an edition's footer may take beyond the national copy's.
FOOTER_SPARE_LINES = 1


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
    """Content did not fit the format: names the block where room ran out, says how much
    room is missing, and where to fix it (the resource, or the edition when its data is
    what grew)."""

    def __init__(self, block: Block | None, message: str, missing: float = 0,
                 path: Path | None = None, line: int = 0, names_block: bool = False) -> None:
        super().__init__(message)
        self.block = block
        self.message = message
        self.missing = missing  # points of height; 0 when not measured
        self.path = path  # None: the resource's own file
        self.line = line
        self.names_block = names_block  # the message already says which block


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


@dataclass(frozen=True)
class BuildEnv:
    """Shared data every layout needs, the same for all resources in a run."""

    services: dict[str, Service]
    strings: dict[str, Strings]
    assets_dir: Path
    edition: Edition | None = None  # None: the national, unbranded edition
    palette: Palette = PALETTE
    profile: PrintProfile = DEFAULT_PROFILE
    translation: TranslationInfo | None = None  # set on a translated copy's own env
    settings: Settings | None = None  # the national edition's imprint (settings.yaml)

    @property
    def imprint(self) -> Imprint:
        """Who publishes this copy, how readers give feedback, where the sources are."""
        return Imprint.of(self.edition, self.settings)

    @property
    def national_imprint(self) -> Imprint:
        """The imprint of the national copy, the one without an edition."""
        return Imprint.of(None, self.settings)

    @property
    def publisher(self) -> str | None:
        """The edition's name, or the national publisher; None without settings."""
        return self.imprint.publisher


def trim_box_for(profile: PrintProfile, pagesize: tuple[float, float]) -> Box:
    """The finished page within the PDF's sheet: all of it, unless the sheet carries
    bleed and crop marks around it."""
    offset = profile.mark_offset
    width, height = pagesize
    return (offset, offset, offset + width, offset + height)


def press_options_for(profile: PrintProfile, pagesize: tuple[float, float]) -> dict[str, Any]:
    """Document options for a print shop: the sheet grows by bleed and slug on every
    side, crop marks sit in the slug, and TrimBox and BleedBox say where to cut.
    """
    if not profile.bleed:
        return {}
    trim = trim_box_for(profile, pagesize)
    return {
        "cropMarks": CropMarks(borderWidth=profile.mark_offset,
                               markLength=profile.slug - 1 * mm),
        "trimBox": trim,
        "bleedBox": grow_box(trim, profile.bleed),
        "enforceColorSpace": "cmyk",
    }


# The last second of the year 9999: a PDF date has four digits for the year.
MAX_SOURCE_DATE_EPOCH = 253_402_300_799


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) in seconds; None when unset or empty.

    ValueError, in words for the person who set it, for any value a PDF date cannot hold.
    """
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if text.isascii() and text.isdigit() and int(text) <= MAX_SOURCE_DATE_EPOCH:
        return int(text)
    raise ValueError(f"SOURCE_DATE_EPOCH is {text[:40]!r}: it must be a whole number of "
                     "seconds since 1970-01-01 00:00 UTC, from 0 to "
                     f"{MAX_SOURCE_DATE_EPOCH} (the end of the year 9999), for example "
                     "1767225600 for 2026-01-01; or unset it to date each PDF by its "
                     "'reviewed' date")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def build_epoch(resource: Resource) -> int:
    """SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the review date."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    moment = dt.datetime.combine(resource.reviewed, dt.time(), tzinfo=dt.timezone.utc)
    return int(moment.timestamp())


def format_date(date: dt.date, strings: Strings) -> str:
    """A footer date, month and year, as CLDR writes them in the strings' language."""
    return month_year(date, strings.language)


class TrackingDocTemplate(BaseDocTemplate):
    """Records which block is being placed, and adds a bookmark for each heading.

    It also measures what does not fit, for the overflow message: the height of the
    content that spilled past the last page, or of a flowable too tall for any frame.
    """

    def __init__(self, *args: Any, max_pages: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_pages = max_pages
        self.current_block: Block | None = None
        self.overflow_block: Block | None = None
        self.last_frame: str | None = None
        self.spilled: dict[tuple[int, str], float] = {}  # height used past the last page
        self.gaps = 0.0  # room left unused at the foot of frames within the pages
        self.placing: Any = None  # the flowable being placed
        self.too_tall: tuple[float, float] | None = None  # (height needed, frame height)
        self._outline_count = 0

    def filterFlowables(self, flowables: list[Any]) -> None:  # noqa: N802
        self.placing = flowables[0] if flowables else None

    def handle_flowable(self, flowables: list[Any]) -> None:
        try:
            super().handle_flowable(flowables)
        except LayoutError:
            frame, flowable = self.frame, self.placing
            if flowable is not None:
                needed = flowable.wrap(frame._aW, frame._aH)[1]
                self.too_tall = (needed, frame._aH)
            raise

    def handle_frameEnd(self, resume: int = 0) -> None:  # noqa: N802
        frame = getattr(self, "frame", None)
        if frame is not None and self.page <= self.max_pages:
            self.gaps += max(0.0, frame._y - frame._y1p)
        super().handle_frameEnd(resume)

    def overflow_height(self) -> float:
        """Roughly how much must go for everything to fit: what ran past the last page,
        less the room that content moving back would fill at the foot of earlier frames
        (a card or whole paragraph that did not fit leaves such a gap)."""
        return max(sum(self.spilled.values()) - self.gaps, 0.0)

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 (ReportLab's name)
        if isinstance(flowable, BlockMarker):
            self.current_block = flowable.block
        elif getattr(self, "frame", None) is not None:
            self.last_frame = self.frame.id  # where the content ended
            if self.page > self.max_pages:
                frame = self.frame
                used = frame._y2 - frame._topPadding - frame._y
                self.spilled[(self.page, frame.id)] = used
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
    side_by_side: ClassVar[bool] = True  # False: a number under its name, not beside it
    unsplit_list_items: ClassVar[int] = 8  # a list this short never splits (blocks.py)
    nestled_lines: ClassVar[bool] = False  # a tall family's paragraphs nestle (blocks.py)
    frame_noun: ClassVar[str] = "page"  # what one frame of this format is, in messages
    choice: ClassVar[str]  # what a resource lists to ask for this format: a4, trifold, a3...
    governance_page: ClassVar[int] = 0  # the page with the small print; 0: the last page
    # The order a reader takes the regions of the page in (structure.recording): the
    # tagged PDF's reading order, whatever order they are drawn in.
    reading_order: ClassVar[tuple[str, ...]] = (NOTICE, CONTENT, BACK, SMALL_PRINT)

    def __init__(self, resource: Resource, env: BuildEnv) -> None:
        self.resource = resource
        self.env = env
        self.fonts: Fonts = fonts_for(resource.language)
        self.scale = self.type_scale()  # Nastaliq's own
        self.strings = env.strings[resource.language]
        self.direction = direction_of(resource.language)  # mirrors the page in RTL
        self.profile = env.profile
        self.palette = cmyk_palette(env.palette) if env.profile.cmyk else env.palette
        self.frame_width = self.text_width()
        self.left_off: list[Service] = []  # local services there was no room for
        self.local_shortfall = 0.0  # how much more room one more of them needed
        self.ledger = self._new_ledger()
        # page -> where small print went, and its size (see preflight's text size check)
        self.fine_print_boxes: dict[int, list[tuple[Box, float]]] = {}
        self.recorded = StructureRecorder()  # what the last build marked, for its tags
        self.renderer = BlockRenderer(RenderContext(
            fonts=self.fonts, scale=self.scale, strings=self.strings,
            services=env.services, assets_dir=env.assets_dir,
            frame_width=self.frame_width, columns=self.columns,
            compact_contacts=self.compact_contacts, palette=self.palette,
            edition=env.edition, links=self.profile.links, cmyk=self.profile.cmyk,
            whole_paragraphs=self.whole_paragraphs, ledger=self.ledger,
            direction=self.direction,
            side_by_side=self.side_by_side, unsplit_list_items=self.unsplit_list_items,
            nestled_lines=self.nestled_lines))

    def _new_ledger(self) -> ContactLedger:
        """An empty ledger of the contact details this copy prints (see contacts.py)."""
        resource, env = self.resource, self.env
        where = self.name if env.translation is None else \
            f"{self.name} in {env.translation.language}"
        return ContactLedger(
            env.services, Origin(f"the text of '{resource.id}'", display_path(resource.path),
                                 resource.line),
            (resource.id, where), known_details(env.edition, env.imprint))

    # ---- what subclasses provide ----------------------------------------------------------

    def type_scale(self) -> TypeScale:
        """The format's sizes for this resource's language (see theme.type_for)."""
        return type_for(type(self).scale, self.resource.language)

    def text_width(self) -> float:
        """The width blocks are laid out to: the page between its side margins."""
        return self.pagesize[0] - 2 * self.geometry.margin_x

    def output_path(self) -> Path:
        """Where the PDF goes inside the output folder: the profile's folder, then the
        format's own place."""
        return Path(self.profile.folder) / self.file_path()

    def file_path(self) -> Path:
        """The format's own place, with a translation's language before '.pdf', so each
        language sits beside the English: posters/ID-a4.pdf, posters/ID-a4.pl.pdf."""
        path = self.relative_path()
        translation = self.env.translation
        if translation is None:
            return path
        return path.with_name(f"{path.stem}.{translation.language}{path.suffix}")

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
        """Who stands behind this copy: the edition's organisation, or the national
        publisher in the settings; without settings, the content's owner."""
        return self.env.publisher or self.resource.owner

    def reading_landmarks(self) -> list[str]:
        """Headings a screen reader must meet in this order (preflight checks them): the
        title, then each heading block."""
        return [plain_text(self.resource.title),
                *(plain_text(b.text) for b in self.blocks() if isinstance(b, Heading))]

    def keywords(self) -> list[str]:
        headings = [plain_text(b.text) for b in self.blocks() if isinstance(b, Heading)]
        return [self.resource.title, *headings]

    # True for sheets imposed for a press (booklet spreads): read by no one in page order
    imposed = False

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

    def press_options(self) -> dict[str, Any]:
        return press_options_for(self.profile, self.pagesize)

    def trim_box(self) -> Box:
        return trim_box_for(self.profile, self.pagesize)

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

    # ---- the sample band -------------------------------------------------------------------

    def band_spans(self, page: int) -> list[tuple[float, float]]:
        """Where a band across the top (the sample band, a draft translation's band) goes
        on a page: (left edge, width) of each part; one across the text on most formats."""
        return [(self.geometry.margin_x, self.frame_width)]

    def draw_sample_band(self, canv: Canvas, page: int) -> None:
        """A sample edition says so at the top of every page, so no one prints it as real."""
        if not self.env.imprint.sample:
            return
        size = self.sample_band_size()
        spans = self.band_spans(page)
        draw_sample_band(canv, spans, self.pagesize[1], size, self.fonts, self.palette,
                         self.strings["sample_band"], self.strings.language)
        words = self._sample_band_words()
        bottom = sample_band_bottom(self.pagesize[1], size, *words)
        height = sample_band_height(size, *words)
        self._note_fine_print(page, [(x, bottom, x + width, bottom + height)
                                     for x, width in spans], size)

    def _sample_band_words(self) -> tuple[str, str, str]:
        """The band's words, language and font: Nastaliq words need a taller band."""
        return self.strings["sample_band"], self.strings.language, self.fonts.bold

    def sample_band_size(self) -> float:
        return sample_band_size(self.geometry.margin_top, self.scale.fine)

    def content_top(self, inset: float) -> float:
        """The top of the content ``inset`` below the sheet's top, or lower in a sample
        edition, to stay clear of the band."""
        top = self.pagesize[1] - inset
        if self.env.imprint.sample:
            band = sample_band_bottom(self.pagesize[1], self.sample_band_size(),
                                      *self._sample_band_words()) - SAMPLE_BAND_GAP
            top = min(top, band)
        return top

    def _note_fine_print(self, page: int, boxes: list[Box], size: float) -> None:
        """Remember where small print of ``size`` was drawn (in the PDF's own
        coordinates): preflight holds text there to that size, not the format's minimum."""
        offset = self.profile.mark_offset
        self.fine_print_boxes.setdefault(page, []).extend(
            ((x0 + offset, y0 + offset, x1 + offset, y1 + offset), size)
            for x0, y0, x1, y1 in boxes)

    # ---- the footer ------------------------------------------------------------------------

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

    # ---- what an edition's details must fit ------------------------------------------------

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

    # ---- an edition's local services --------------------------------------------------------

    def local_services(self) -> list[Service]:
        """What the resource's local services section lists: each service of the edition
        it can print and does not already show as a card or in the hub panel. Posters leave
        the section out.
        """
        edition = self.env.edition
        if edition is None or self.compact_contacts or not any(
                isinstance(block, LocalServices) for block in self.resource.blocks):
            return []
        shown = set(self.resource.card_refs())
        return [s for s in edition.services if s.printable and s.id not in shown
                and not self.renderer.in_hub_panel(s)]

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

    def body_bottom(self, page: int = 1) -> float:
        return self.geometry.margin_bottom + self.footer_height(page=page) \
            + self.scale.gap * 0.75

    def body_top(self) -> float:
        return self.content_top(self.geometry.margin_top) - self.translation_band_height()

    # ---- the band on a translation not yet checked ------------------------------------------

    def _translation_band(self, width: float) -> list[Any]:
        """The draft band: the English words and the translation's side by side on one
        row when they fit it (the English at the left, a rule between), at the band's size
        or a little smaller, never under the footer's small print nor the format's
        smallest text; else one above the other. One row leaves the content more room on
        every page and panel."""
        translation = self.env.translation
        if translation is None or not translation.band:
            return []
        palette, scale = self.palette, self.scale
        box = BoxStyle(background=palette.warning_tint, bar=palette.warning,
                       radius=scale.corner_radius, padding=scale.padding * 0.5)
        inner = width - 2 * box.padding - 6  # the panel's bar and padding
        # the first line in the language translated from, the second in the translation's
        languages = [translation.source_language, translation.language]
        lines = list(zip(translation.band, languages, strict=False))
        gap = scale.padding * 1.2
        size, smallest = scale.detail, max(scale.fine, scale.minimum)  # as preflight allows
        while len(lines) == 2 and size >= smallest:
            widths = [line_width(text, language, fonts_for(language).bold, size) + 1
                      for text, language in lines]
            if sum(widths) + gap <= inner:
                left, right = (self._band_line(text, language, size)
                               for text, language in lines)
                return [Panel([SideBySide(left, right, widths[0], gap, palette.warning)],
                              box, direction=self.direction)]
            size -= 0.5
        # one above the other, a tall script's letters as tall as the English capitals
        # (theme.py), so its line takes less room. Not nestled: a Nastaliq alef under
        # the English line's letters crowds the two languages of a band read at a glance
        stacked = [self._band_line(text, language, bold_by_letter_height(
            scale.detail, language, smallest)) for text, language in lines]
        return [Panel(stacked, box, direction=self.direction)]

    def _band_line(self, text: str, language: str, size: float) -> Any:
        # card text (ink on the warning tint: a pair preflight checks), set tight: the
        # band takes room from the content, and posters have little to spare
        style = ParagraphStyle("band", parent=self.renderer.styles.card_text, spaceAfter=0,
                               fontSize=size, leading=size * 1.15)
        return self.renderer.para(f"**{text}**", style, language=language)

    def translation_band_height(self) -> float:
        """Room the band takes at the top of every page (0 on a checked translation)."""
        spans = self.band_spans(1)
        heights = [stack_height(self._translation_band(width), width)
                   for _, width in spans]
        tallest = max(heights, default=0)
        return tallest + self.scale.gap * 0.7 if tallest else 0

    def draw_translation_band(self, canv: Canvas, page: int) -> None:
        """A draft's band on every page: "Draft translation: not yet checked", in the
        English and in the translation's language."""
        top = self.content_top(self.geometry.margin_top)
        for left, width in self.band_spans(page):
            band = self._translation_band(width)
            if band:
                draw_stack(canv, band, left, top, width)

    def foot_panel(self, flowables: list[Any], page: int = 1) -> tuple[float, Any]:
        """A panel fixed at the foot of a page, above the footer, in the same place on
        every resource: returns the height it takes and the page callback that draws it.
        """
        body_bottom = self.body_bottom(page)  # a gap above the footer's rule
        height = stack_height(flowables, self.frame_width) + self.scale.gap

        def draw(canv: Any, doc: Any) -> None:
            top = body_bottom + height - self.scale.gap
            draw_stack(canv, flowables, self.geometry.margin_x, top, self.frame_width)

        return height, draw

    def body_frame(self, bottom: float, frame_id: str) -> Frame:
        return Frame(self.geometry.margin_x, bottom, self.frame_width,
                     self.body_top() - bottom, leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0, id=frame_id)
