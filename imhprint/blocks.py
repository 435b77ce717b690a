"""Stage 2: turn content blocks into ReportLab flowables.

One renderer serves every format: a layout passes its type scale and column count,
and gets back flowables sized for its sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus import Image as ImageFlowable
from reportlab.platypus import Paragraph as ParagraphFlowable

from . import model
from .flowables import BlockMarker, BoxStyle, CardGrid, Panel, WriteInLine
from .markup import plain_text, to_reportlab
from .model import Service
from .strings import Strings
from .theme import PALETTE, Fonts, Palette, TypeScale, hex_of


@dataclass(frozen=True)
class RenderContext:
    """What a layout tells the renderer about the page it is filling."""

    fonts: Fonts
    scale: TypeScale
    strings: Strings
    services: dict[str, Service]
    assets_dir: Path
    frame_width: float
    columns: int = 2
    compact_contacts: bool = False  # posters: name, number and hours only
    palette: Palette = PALETTE


class StyleSheet:
    """Paragraph styles for one format, all derived from the theme."""

    def __init__(self, fonts: Fonts, scale: TypeScale, palette: Palette) -> None:
        def style(name: str, size: float, bold: bool = False, color: object = palette.ink,
                  space_before: float = 0, space_after: float = 0, leading: float = 0,
                  **extra: object) -> ParagraphStyle:
            return ParagraphStyle(
                name, fontName=fonts.bold if bold else fonts.regular, fontSize=size,
                leading=leading or size * scale.leading, textColor=color, alignment=TA_LEFT,
                spaceBefore=space_before, spaceAfter=space_after,
                bulletFontName=fonts.regular, **extra)

        gap = scale.gap
        self.body = style("body", scale.body, space_after=gap)
        self.lead = style("lead", max(scale.subtitle * 0.85, scale.body) if scale.header_icon
                          else scale.body, space_after=0)
        self.title = style("title", scale.title, bold=True, color=palette.accent,
                           leading=scale.title * 1.12, space_after=gap * 0.4)
        self.subtitle = style("subtitle", scale.subtitle, color=palette.accent,
                              space_after=gap)
        self.heading = style("heading", scale.heading, bold=True, color=palette.accent,
                             space_before=gap * 1.5, space_after=gap * 0.6,
                             leading=scale.heading * 1.2, keepWithNext=1)
        self.card_title = style("card_title", scale.card_title, bold=True,
                                color=palette.accent, space_after=gap * 0.3,
                                leading=scale.card_title * 1.25)
        self.card_text = style("card_text", scale.detail, space_after=gap * 0.3)
        self.small = style("small", scale.small, color=palette.muted_ink)
        self.table_head = style("table_head", scale.detail, bold=True,
                                color=palette.on_accent)
        self.table_cell = style("table_cell", scale.detail)
        self.callout_title = style("callout_title", scale.card_title * 1.08, bold=True,
                                   color=palette.ink, space_after=gap * 0.3)
        self.quote = style("quote", scale.body * 1.12, color=palette.accent, space_after=4)
        self.phone = style("phone", scale.phone, bold=True, color=palette.ink,
                           leading=scale.phone * 1.25, space_after=gap * 0.3)
        self.bullet = style("bullet", scale.body, space_after=gap * 0.45,
                            leftIndent=scale.body * 1.3, bulletIndent=scale.body * 0.2,
                            bulletColor=palette.accent, bulletFontSize=scale.body)


class HeadingFlowable(ParagraphFlowable):
    """A paragraph that the layout turns into a PDF bookmark."""

    outline_text = ""


def unbreakable(number: str) -> str:
    """A phone number whose digit groups never wrap onto separate lines."""
    return number.replace(" ", "\u00a0")


def short_address(url: str) -> str:
    """The address a reader would type: no scheme, no trailing slash."""
    return url.removeprefix("https://").removesuffix("/")


class BlockRenderer:
    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self.palette = ctx.palette
        self.styles = StyleSheet(ctx.fonts, ctx.scale, ctx.palette)
        self._renderers: dict[type, Callable[[model.Block], list[Flowable]]] = {
            model.Heading: self._heading,
            model.Paragraph: self._paragraph,
            model.Bullets: self._bullets,
            model.Tips: self._tips,
            model.Cues: self._cues,
            model.Callout: self._callout,
            model.Quote: self._quote,
            model.Contacts: self._contacts,
            model.QRCode: self._qr,
            model.Image: self._image,
        }

    # ---- public -------------------------------------------------------------------------

    def para(self, text: str, style: ParagraphStyle) -> ParagraphFlowable:
        return ParagraphFlowable(to_reportlab(text, hex_of(self.palette.accent)), style)

    def story(self, blocks: list[model.Block]) -> list[Flowable]:
        """All blocks, each preceded by a marker naming it (for overflow messages)."""
        flowables: list[Flowable] = []
        after_heading = False
        for block in blocks:
            flowables.append(BlockMarker(block, keep_with_next=after_heading))
            flowables.extend(self.render(block))
            after_heading = isinstance(block, model.Heading)
        return flowables

    def render(self, block: model.Block) -> list[Flowable]:
        return self._renderers[type(block)](block)

    def printable_services(self, ids: list[str]) -> list[Service]:
        services = (self.ctx.services[i] for i in ids if i in self.ctx.services)
        return [s for s in services if s.printable]

    def contact_card(self, service: Service) -> Panel:
        s, strings = self.styles, self.ctx.strings
        content: list[Flowable] = [self.para(service.name, s.card_title)]
        if service.phone:
            content.append(self.para(f"{strings['call']} {unbreakable(service.phone)}",
                                     s.phone))
        if service.text:
            content.append(self.para(service.text, s.phone))
        if self.ctx.compact_contacts:
            if service.hours:
                content.append(self.para(service.hours, s.card_text))
            return Panel(content, self._card_box(self.palette.accent_tint))
        content.append(self.para(service.offers, s.card_text))
        if service.hours:
            content.append(self.para(f"**{strings['hours_label']}** {service.hours}",
                                     s.card_text))
        if service.website:
            content.append(self.para(f"**{strings['web_label']}** "
                                     f"{short_address(service.website)}", s.card_text))
        if service.email:
            content.append(self.para(f"**{strings['email_label']}** {service.email}",
                                     s.card_text))
        if service.note:
            content.append(self.para(service.note, s.card_text))
        if service.is_local_placeholder:
            content.append(self._write_in(strings["local_details"]))
        return Panel(content, self._card_box(self.palette.accent_tint))

    def hub_panel(self) -> Panel:
        """The 'your family hub' space: lines for a hub to write its details on by hand."""
        s, strings = self.styles, self.ctx.strings
        content: list[Flowable] = [
            self.para(strings["hub_heading"], s.card_title),
            self.para(strings["hub_write_in"], s.card_text),
            self._write_in(strings["hub_name_label"]),
            self._write_in(strings["hub_phone_label"]),
            self._write_in(strings["hub_times_label"]),
        ]
        return Panel(content, BoxStyle(border=self.palette.accent, radius=self.ctx.scale
                                       .corner_radius, padding=self.ctx.scale.padding))

    def key_numbers_panel(self, ids: list[str]) -> Panel:
        """A compact list of names and numbers, for the fixed back-page panel."""
        s, strings = self.styles, self.ctx.strings
        content: list[Flowable] = [self.para(strings["key_numbers_heading"], s.card_title)]
        for service in self.printable_services(ids):
            how = unbreakable(service.phone) if service.phone else service.text or (
                short_address(service.website) if service.website else "")
            content.append(self.para(f"**{service.name}**", s.card_text))
            if how:
                prefix = f"{strings['call']} " if service.phone else ""
                content.append(self.para(f"{prefix}{how}", s.phone))
        return Panel(content, BoxStyle(background=self.palette.accent_tint,
                                       radius=self.ctx.scale.corner_radius,
                                       padding=self.ctx.scale.padding, icon="phone",
                                       icon_color=self.palette.accent))

    def cover_header(self, resource: model.Resource) -> Panel:
        s = self.styles
        content: list[Flowable] = [self._heading_flowable(resource.title, s.title, level=0)]
        if resource.subtitle:
            content.append(self.para(resource.subtitle, s.subtitle))
        content.append(self.para(resource.intro, s.lead))
        scale = self.ctx.scale
        return Panel(content, BoxStyle(background=self.palette.accent_tint,
                                       radius=scale.corner_radius * 2,
                                       padding=scale.header_padding,
                                       icon="heart" if scale.header_icon else None,
                                       icon_color=self.palette.accent,
                                       icon_size=scale.header_icon),
                     space_after=scale.gap * 1.5)

    # ---- one method per block type ------------------------------------------------------

    def _heading_flowable(self, text: str, style: ParagraphStyle,
                          level: int = 1) -> HeadingFlowable:
        flowable = HeadingFlowable(to_reportlab(text, hex_of(self.palette.accent)), style)
        flowable.outline_text = plain_text(text)
        flowable.outline_level = level
        return flowable

    def _heading(self, block: model.Heading) -> list[Flowable]:
        return [self._heading_flowable(block.text, self.styles.heading)]

    def _paragraph(self, block: model.Paragraph) -> list[Flowable]:
        return [self.para(block.text, self.styles.body)]

    def _bullets(self, block: model.Bullets) -> list[Flowable]:
        items = [ParagraphFlowable(to_reportlab(item, hex_of(self.palette.accent)),
                                   self.styles.bullet, bulletText="\u2022")
                 for item in block.items]
        items[-1].style = ParagraphStyle("bullet_last", parent=self.styles.bullet,
                                         spaceAfter=self.ctx.scale.gap)
        return items

    def _card_box(self, background: object, icon: str | None = None) -> BoxStyle:
        return BoxStyle(background=background, radius=self.ctx.scale.corner_radius,
                        padding=self.ctx.scale.padding, icon=icon,
                        icon_color=self.palette.accent, icon_size=self.ctx.scale.icon,
                        icon_on_top=self.ctx.scale.icons_on_top)

    def _grid(self, cards: list[Panel]) -> CardGrid:
        gap = self.ctx.scale.gap
        return CardGrid(cards, self.ctx.columns, gap, space_after=gap * 1.4)

    def _tips(self, block: model.Tips) -> list[Flowable]:
        s = self.styles
        cards = [Panel([self.para(tip.tip, s.card_title), self.para(tip.why, s.card_text)],
                       self._card_box(self.palette.warm_tint, icon=tip.icon))
                 for tip in block.items]
        return [self._grid(cards)]

    def _cues(self, block: model.Cues) -> list[Flowable]:
        s, strings = self.styles, self.ctx.strings
        header = [self.para(strings[key], s.table_head)
                  for key in ("cue_you_see", "cue_it_may_mean", "cue_you_can_try")]
        rows = [[self.para(cue.you_see, s.table_cell),
                 self.para(f"**{cue.it_may_mean}**", s.table_cell),
                 self.para(cue.you_can_try, s.table_cell)] for cue in block.rows]
        width = self.ctx.frame_width
        table = Table([header, *rows], colWidths=[width * 0.37, width * 0.27, width * 0.36],
                      repeatRows=1, spaceAfter=self.ctx.scale.gap * 1.4)
        pad = self.ctx.scale.padding * 0.6
        commands = [
            *self._table_font(),
            ("BACKGROUND", (0, 0), (-1, 0), self.palette.accent),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.2),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("LINEBELOW", (0, 1), (-1, -2), 0.75, self.palette.accent_mid),
            ("BOX", (0, 0), (-1, -1), 0.75, self.palette.accent),
            ("ROUNDEDCORNERS", [self.ctx.scale.corner_radius] * 4),
        ]
        commands += [("BACKGROUND", (0, i), (-1, i), self.palette.accent_tint)
                     for i in range(2, len(rows) + 1, 2)]
        table.setStyle(TableStyle(commands))
        return [table]

    def _table_font(self) -> list[tuple]:
        """Tables default every cell to Helvetica; name our font so none slips in."""
        return [("FONT", (0, 0), (-1, -1), self.ctx.fonts.regular, self.ctx.scale.detail)]

    def _callout(self, block: model.Callout) -> list[Flowable]:
        s = self.styles
        warning = block.tone == "warning"
        color = self.palette.warning if warning else self.palette.accent
        content = [self.para(block.title, s.callout_title), self.para(block.text, s.card_text)]
        box = BoxStyle(background=self.palette.warning_tint if warning else
                       self.palette.accent_tint, bar=color,
                       radius=self.ctx.scale.corner_radius, padding=self.ctx.scale.padding,
                       icon="warning" if warning else "info", icon_color=color,
                       icon_size=self.ctx.scale.card_title * 1.7)
        return [Panel(content, box, space_after=self.ctx.scale.gap * 1.4)]

    def _quote(self, block: model.Quote) -> list[Flowable]:
        content: list[Flowable] = [self.para(block.text, self.styles.quote)]
        if block.by:
            content.append(self.para(block.by, self.styles.small))
        box = BoxStyle(bar=self.palette.accent_mid, radius=2, padding=self.ctx.scale.padding,
                       icon="speech", icon_color=self.palette.accent_mid,
                       icon_size=self.ctx.scale.body * 1.6)
        return [Panel(content, box, space_after=self.ctx.scale.gap * 1.4)]

    def _contacts(self, block: model.Contacts) -> list[Flowable]:
        cards = [self.contact_card(s) for s in self.printable_services(block.services)]
        return [self._grid(cards)] if cards else []

    def _qr(self, block: model.QRCode) -> list[Flowable]:
        size = self.ctx.scale.qr_size
        widget = QrCodeWidget(block.url, barLevel="M", barBorder=0)
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0),
                                                 0, 0])
        drawing.initialFontName = self.ctx.fonts.regular  # else graphics start in Helvetica
        widget.barFillColor = self.palette.ink
        drawing.add(widget)
        text = [self.para(block.text, self.styles.body),
                self.para(f"**{short_address(block.url)}**", self.styles.body)]
        gap = self.ctx.scale.padding
        table = Table([[drawing, text]], colWidths=[size + gap * 1.5, None],
                      spaceAfter=self.ctx.scale.gap * 1.4)
        table.setStyle(TableStyle([
            *self._table_font(),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [table]

    def _image(self, block: model.Image) -> list[Flowable]:
        path = self.ctx.assets_dir / block.src
        width = self.ctx.frame_width * block.width_percent / 100
        image = ImageFlowable(str(path))
        image.drawHeight = image.imageHeight * width / image.imageWidth
        image.drawWidth = width
        image.hAlign = "LEFT"
        image.alt_text = block.alt  # kept for tagged PDFs (roadmap)
        result: list[Flowable] = [image]
        if block.caption:
            result.append(self.para(block.caption, self.styles.small))
        result[-1].spaceAfter = self.ctx.scale.gap
        return result

    def _write_in(self, label: str) -> WriteInLine:
        return WriteInLine(label, self.ctx.fonts.regular, self.ctx.scale.detail,
                           self.palette.ink, self.palette.muted_ink)
