"""The hub's own A4 sheets, made once per build rather than per resource.

- The sources page (sources.pdf): every resource's title, version, review dates and the
  pages its facts come from, to hand out or publish. It is made for the build's print
  profile, so a print shop can print it with the leaflets.
- The contacts check sheet (contacts-check.pdf, with a CSV twin): every phone number,
  text number, web address and opening time the leaflets and posters print, with where
  each comes from and how it was last checked, and a box to tick. It is for the hub's
  desk, so it is always an office PDF.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from functools import partial
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle

from imhprint.blocks import STYLE_STRUCTURE, StyleSheet, WholeParagraph
from imhprint.contacts import KIND_LABELS, Origin, Printed, sorted_rows
from imhprint.finish import Tags, finish
from imhprint.flowables import ParagraphFlowable
from imhprint.imprint import (
    SAMPLE_BAND_GAP,
    draw_sample_band,
    sample_band_bottom,
    short_address,
)
from imhprint.markup import plain_text
from imhprint.model import DEFAULT_LANGUAGE, VERIFIED_HOW, Resource
from imhprint.pdfcanvas import FooterCanvas
from imhprint.profiles import DEFAULT_PROFILE, PrintProfile, cmyk_palette, colour_for_markup
from imhprint.strings import Strings
from imhprint.structure import (
    CONTENT,
    NOTICE,
    StructureBuilder,
    StructureRecorder,
    region,
    tag,
)
from imhprint.theme import SHEET_TYPE, Fonts, Palette, fonts_for
from imhprint.xmlquote import escape, quoteattr

from .base import BuildEnv, build_epoch, format_date, press_options_for, source_date_epoch

MARGIN_X = 18 * mm
MARGIN_Y = 14 * mm


class TickBox(Flowable):
    """An empty square to tick by hand."""

    def __init__(self, size: float, color: Any) -> None:
        super().__init__()
        self.size, self.color = size, color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(1)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)
        self.canv.restoreState()


class Sheet:
    """One A4 sheet document: its fonts, styles and colours, for a profile and edition."""

    def __init__(self, env: BuildEnv, profile: PrintProfile, pagesize: tuple[float, float],
                 palette: Palette) -> None:
        self.env = env
        self.profile = profile
        self.pagesize = pagesize
        self.palette = palette
        self.fonts: Fonts = fonts_for(DEFAULT_LANGUAGE)
        self.strings: Strings = env.strings[DEFAULT_LANGUAGE]
        self.styles = StyleSheet(self.fonts, SHEET_TYPE, palette)
        self.structure = StructureBuilder(DEFAULT_LANGUAGE)

    def para(self, markup: str, style: Any,
             paragraph_class: type[ParagraphFlowable] = ParagraphFlowable) -> ParagraphFlowable:
        """A paragraph of our own markup (callers escape what they put in), tagged by
        its style as the leaflets' paragraphs are."""
        element = self.structure.element(STYLE_STRUCTURE.get(style.name, "P"))
        return tag(paragraph_class(markup, style), element)

    def text(self, words: str, style: Any) -> ParagraphFlowable:
        """A paragraph of plain words, printed exactly as given."""
        return self.para(escape(words), style)

    def link(self, url: str) -> str:
        """A web address as markup: clickable on screen copies, plain for a print shop."""
        colour = colour_for_markup(self.palette.accent)
        if self.profile.links:
            return f'<a href={quoteattr(url)} color="{colour}">{escape(url)}</a>'
        return f'<font color="{colour}">{escape(url)}</font>'

    def content_top(self) -> float:
        top = self.pagesize[1] - MARGIN_Y
        if self.env.imprint.sample:
            top = min(top, sample_band_bottom(self.pagesize[1], SHEET_TYPE.fine)
                      - SAMPLE_BAND_GAP)
        return top

    def render(self, story: Callable[[], list[Flowable]], title: str, epoch: int,
               footer_text: str) -> bytes:
        """The finished, tagged PDF; a first pass counts the pages for 'page x of y'. The
        footer and the sample band, on every page, are artifacts."""
        _, pages, _ = self._build(story(), title, epoch, footer_text, total_pages=0)
        pdf, _, recorded = self._build(story(), title, epoch, footer_text, total_pages=pages)
        tags = Tags(recorded, (NOTICE, CONTENT), title, DEFAULT_LANGUAGE)
        return finish(pdf, tags, press=self.profile.cmyk)

    def _build(self, story: list[Flowable], title: str, epoch: int, footer_text: str,
               total_pages: int) -> tuple[bytes, int, StructureRecorder]:
        buffer = io.BytesIO()
        recorded = StructureRecorder()
        width = self.pagesize[0]
        bottom = MARGIN_Y + SHEET_TYPE.small * 2
        frame = Frame(MARGIN_X, bottom, width - 2 * MARGIN_X, self.content_top() - bottom,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc = BaseDocTemplate(
            buffer, pagesize=self.pagesize, title=title, author=self.env.publisher or "",
            creator="imh-print", producer="imh-print (ReportLab)", lang=DEFAULT_LANGUAGE,
            displayDocTitle=1, invariant=1, initialFontName=self.fonts.regular,
            pageCompression=1,
            pageTemplates=[PageTemplate("sheet", [frame], onPage=self._draw_band)],
            **press_options_for(self.profile, self.pagesize))
        doc.build(story, canvasmaker=partial(
            FooterCanvas, footer=partial(self._draw_footer, text=footer_text), epoch=epoch,
            total_pages=total_pages, structure=recorded))
        return buffer.getvalue(), doc.page, recorded

    def _draw_band(self, canv: Canvas, doc: Any) -> None:
        if self.env.imprint.sample:
            with region(canv, NOTICE):  # read once, before the sheet
                draw_sample_band(canv, [(MARGIN_X, self.pagesize[0] - 2 * MARGIN_X)],
                                 self.pagesize[1], SHEET_TYPE.fine, self.fonts,
                                 self.palette, self.strings["sample_band"])

    def _draw_footer(self, canv: Canvas, page: int, pages: int, text: str) -> None:
        size = SHEET_TYPE.small
        canv.saveState()
        canv.setFillColor(self.palette.muted_ink)
        canv.setFont(self.fonts.regular, size)
        canv.drawString(MARGIN_X, MARGIN_Y, text)
        canv.setFont(self.fonts.bold, size)
        canv.drawRightString(self.pagesize[0] - MARGIN_X, MARGIN_Y,
                             self.strings.format("page_x_of_y", page=page, pages=pages))
        canv.restoreState()


# ---- the sources page -----------------------------------------------------------------------

def sources_pdf(resources: list[Resource], env: BuildEnv) -> bytes:
    """Every resource's title, version, review dates and sources, for the build's profile."""
    profile = env.profile
    palette = _palette_for(env)
    sheet = Sheet(env, profile, A4, palette)
    strings = sheet.strings
    publisher = env.publisher or _owners(resources)
    ask = strings["ask_at_hub"]

    def story() -> list[Flowable]:
        return _sources_story(sheet, resources, publisher, ask)

    where = short_address(env.imprint.sources_web) if env.imprint.sources_web else ""
    footer = " \u00b7 ".join(part for part in (strings["sources_title"], where) if part)
    latest = max(resources, key=lambda r: r.reviewed)
    return sheet.render(story, strings["sources_title"], build_epoch(latest), footer)


def _sources_story(sheet: Sheet, resources: list[Resource], publisher: str,
                   ask: str) -> list[Flowable]:
    s, strings, env = sheet.styles, sheet.strings, sheet.env
    story: list[Flowable] = [
        sheet.text(strings["sources_title"], s.title),
        sheet.text(strings["sources_intro"], s.body),
        sheet.text(" \u00b7 ".join([
            strings.format("published_by", owner=publisher),
            strings.format("feedback_line", how=env.imprint.feedback or ask)]), s.card_text),
    ]
    for resource in resources:
        dates = " \u00b7 ".join([
            strings.format("version", version=resource.version),
            strings.format("reviewed", date=format_date(resource.reviewed, strings)),
            strings.format("next_review", date=format_date(resource.next_review, strings))])
        heading, dates_line = sheet.text(plain_text(resource.title), s.heading), \
            sheet.text(dates, s.small)
        dates_line.keepWithNext = 1  # the dates never end a page apart from the sources
        story += [heading, dates_line]
        with sheet.structure.group("L"):
            for source in resource.sources:
                item = escape(source.title) + (f"<br/>{sheet.link(source.url)}"
                                               if source.url else "")
                # whole, never split over a page: an address broken there cannot be typed
                with sheet.structure.list_item():
                    paragraph = sheet.para(item, s.bullet, WholeParagraph)
                paragraph.bulletText = "\u2022"
                story.append(paragraph)
    return story


def _owners(resources: list[Resource]) -> str:
    return ", ".join(dict.fromkeys(r.owner for r in resources))


def _palette_for(env: BuildEnv) -> Palette:
    return cmyk_palette(env.palette) if env.profile.cmyk else env.palette


# ---- the contacts check sheet ---------------------------------------------------------------

CHECK_TITLE = "Contact details to check before a print run"
CHECK_HOW_TO = (
    "Check each line on the organisation's own website (its source) or by phone, and tick "
    "it when it matches what is printed. If something has changed, correct it in the file "
    "and line shown, set verified_on to the day you checked and verified_how: source-site "
    "(or phoned), and build again. Hub details are your own: check they are still right.")
CHECK_HEADINGS = ("\u2713", "Printed detail", "Printed on (resource and format)")


def contacts_pdf(printed: dict[Printed, set[tuple[str, str]]], env: BuildEnv,
                 today: dt.date) -> bytes:
    """The check sheet: one row per printed detail with a tick box (always office)."""
    sheet = Sheet(env, DEFAULT_PROFILE, landscape(A4), env.palette)
    s = sheet.styles
    edition = env.edition.name if env.edition else "the national edition"
    rows = sorted_rows(printed)

    def story() -> list[Flowable]:
        return [
            sheet.text(CHECK_TITLE, s.title),
            sheet.text(f"{edition}: {len(rows)} detail(s) printed, as of "
                       f"{today.isoformat()}.", s.subtitle),
            sheet.text(CHECK_HOW_TO, s.card_text),
            _check_table(sheet, rows),
        ]

    footer = f"{CHECK_TITLE} \u00b7 {edition} \u00b7 {today.isoformat()}"
    return sheet.render(story, CHECK_TITLE, _epoch_of_day(today), footer)


def _epoch_of_day(day: dt.date) -> int:
    """SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the day checked for."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    return int(dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc).timestamp())


def _check_table(sheet: Sheet, rows: list[tuple[Printed, str]]) -> Table:
    """One block per organisation (where to check it, when and how it was last checked,
    the file and line to correct), then a line with a tick box for each detail printed."""
    s, palette = sheet.styles, sheet.palette
    cell = s.table_cell
    muted = colour_for_markup(palette.muted_ink)
    structure = sheet.structure
    with structure.group("Table"):
        with structure.group("TR"):
            header = []
            for text in CHECK_HEADINGS[1:]:  # the tick column's head is a mark, not a word
                with structure.group("TH", scope="Column"):
                    header.append(sheet.text(text, s.table_head))
            header.insert(0, sheet.text(CHECK_HEADINGS[0], s.table_head))
            tag(header[0], None)
        body: list[list[Any]] = []
        commands: list[tuple] = []
        origin = None
        for item, places in rows:
            if item.origin != origin:
                origin = item.origin
                with structure.group("TR"), structure.group("TD"):
                    body.append([_origin_cell(sheet, origin, muted), "", ""])
                row = len(body)  # the header is row 0
                commands += [("SPAN", (0, row), (-1, row)),
                             ("BACKGROUND", (0, row), (-1, row), palette.accent_tint)]
            with structure.group("TR"):
                with structure.group("TD"):
                    detail = sheet.para(f"{escape(KIND_LABELS[item.kind])}: "
                                        f"<b>{escape(item.value)}</b>", cell)
                with structure.group("TD"):
                    where = sheet.text(places, cell)
            body.append([TickBox(SHEET_TYPE.body, palette.ink), detail, where])
    width = sheet.pagesize[0] - 2 * MARGIN_X
    table = Table([header, *body], colWidths=[24, width * 0.3, width * 0.7 - 24],
                  repeatRows=1, spaceBefore=8)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), sheet.fonts.regular, SHEET_TYPE.detail),
        ("BACKGROUND", (0, 0), (-1, 0), palette.accent),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, palette.accent_mid),
        *commands,
    ]))
    return table


def _origin_cell(sheet: Sheet, origin: Origin, muted: str) -> ParagraphFlowable:
    """'Cry-sis · check at https://... · last checked 2026-11-21, ... · correct in file:line'."""
    if not origin.source:  # the hub's own details, or the resource's own words
        where = "no source recorded: check it with them"
    elif origin.source.startswith("https://"):
        where = f"check at {sheet.link(origin.source)}"
    else:
        where = f"check at {escape(origin.source)}"
    checked = (f"{origin.verified_on.isoformat()}, " if origin.verified_on else "") + \
        VERIFIED_HOW.get(origin.verified_how or "", "not recorded")
    return sheet.para(f"<b>{escape(origin.name)}</b> \u00b7 {where} \u00b7 last "
                      f"checked: {escape(checked)} \u00b7 "
                      f'<font color="{muted}">correct in {escape(origin.path)}:{origin.line}'
                      "</font>", sheet.styles.table_cell)
