"""One method per content block type, each returning the block's flowables."""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from . import model
from .authortext import no_lone_last_word
from .flowables import BoxStyle, Panel, keep_ends_together, keep_whole
from .imprint import short_address


class BlockTypes:
    """The flowables of each kind of block (contacts and local services: panels.py).

    Mixed into ``BlockRenderer``, which picks the method by the block's type."""

    def _heading(self, block: model.Heading) -> list[Flowable]:
        return [self._heading_flowable(block.text, self.styles.heading)]

    def _paragraph(self, block: model.Paragraph) -> list[Flowable]:
        return [self.para(block.text, self.styles.body)]

    def _bullets(self, block: model.Bullets) -> list[Flowable]:
        items = []
        for item in block.items:
            with self.structure.list_item():
                items.append(self.para(item, self.styles.bullet))
        for item in items:
            item.bulletText = "\u2022"
        # the gap after the list grows with the text (a large block's lines are bigger)
        gap = self.ctx.scale.gap * self.styles.bullet.fontSize / self.ctx.scale.body
        items[-1].style = ParagraphStyle("bullet_last", parent=self.styles.bullet,
                                         spaceAfter=gap)
        # a short list (signs to look out for) is read as one: never split over a page or
        # a fold; a longer one may be, but never leaves one item alone on either side.
        # Each kept item keeps with the next, so the lead-in and heading before the list
        # stay with it too.
        if len(items) > self.ctx.unsplit_list_items:
            return keep_ends_together(items)
        return keep_whole(self.nestled(items))

    def _tips(self, block: model.Tips) -> list[Flowable]:
        s = self.styles
        beside_title = self.ctx.scale.icons_beside_title
        cards = []
        for tip in block.items:
            with self.structure.group("Sect"):
                title: Flowable = self.para(tip.tip, s.tip_title)
                why = self.para(tip.why, s.card_text)
            if tip.icon and beside_title:
                title = self._icon_row(tip.icon, title)
            box = self._card_box(self.palette.warm_tint,
                                 icon=None if beside_title else tip.icon)
            cards.append(Panel([title, why], box, direction=self.direction))
        return self._grid(cards)

    def _cues(self, block: model.Cues) -> list[Flowable]:
        if self.ctx.columns == 1:
            return self._cue_cards(block)
        s, strings = self.styles, self.ctx.strings
        header = self._table_row([strings[key] for key in ("cue_you_see", "cue_it_may_mean",
                                                           "cue_you_can_try")], s.table_head)
        rows = [self._table_row([cue.you_see, f"**{cue.it_may_mean}**", cue.you_can_try],
                                s.table_cell) for cue in block.rows]
        width = self.ctx.frame_width
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
        return [self.direction.table([header, *rows],
                                     [width * 0.37, width * 0.27, width * 0.36], commands,
                                     repeatRows=1, spaceAfter=self.ctx.scale.gap * 1.4)]

    def _table_row(self, cells: list[str], style: ParagraphStyle) -> list[Flowable]:
        """A row of a table: TH cells (headers of their columns) in the header style, TD
        cells in any other."""
        header = style is self.styles.table_head
        with self.structure.group("TR"):
            row = []
            for text in cells:
                with self.structure.group("TH" if header else "TD",
                                          scope="Column" if header else None):
                    row.append(self.para(text, style))
            return row

    def _cue_cards(self, block: model.Cues) -> list[Flowable]:
        """Cues as a column of cards, for a page too narrow for the three-column table."""
        s, strings = self.styles, self.ctx.strings
        lead = self.para(strings["cue_you_see"], s.card_text)
        cards = []
        for cue in block.rows:
            with self.structure.group("Sect"):
                cards.append(Panel([
                    self.para(cue.you_see, s.card_title),
                    self.para(f"{strings['cue_it_may_mean']} **{cue.it_may_mean}**",
                              s.card_text),
                    self.para(f"{strings['cue_you_can_try']} {cue.you_can_try}",
                              s.card_text)], self._card_box(self.palette.accent_tint),
                    direction=self.direction))
        return [lead, *self._grid(cards)]

    def _callout(self, block: model.Callout) -> list[Flowable]:
        s = self.styles
        warning = block.tone == "warning"
        color = self.palette.warning if warning else self.palette.accent
        content = [self.para(no_lone_last_word(block.title), s.callout_title),
                   self.para(block.text, s.card_text)]
        box = BoxStyle(background=self.palette.warning_tint if warning else
                       self.palette.accent_tint, bar=color,
                       radius=self.ctx.scale.corner_radius, padding=self.ctx.scale.padding,
                       icon="warning" if warning else "info", icon_color=color,
                       icon_size=self.ctx.scale.card_title * 1.7)
        return [Panel(content, box, space_after=self.ctx.scale.gap * 1.4,
                      direction=self.direction)]

    def _quote(self, block: model.Quote) -> list[Flowable]:
        content: list[Flowable] = [self.para(block.text, self.styles.quote)]
        if block.by:
            content.append(self.para(block.by, self.styles.small))
        box = BoxStyle(bar=self.palette.accent_mid, radius=2, padding=self.ctx.scale.padding,
                       icon="speech", icon_color=self.palette.accent_mid,
                       icon_size=self.ctx.scale.body * 1.6)
        return [Panel(content, box, space_after=self.ctx.scale.gap * 1.4,
                      direction=self.direction)]

    def _contacts(self, block: model.Contacts) -> list[Flowable]:
        cards = [self.contact_card(s) for s in self.printable_services(block.services)
                 if not self.in_hub_panel(s)]
        return self._grid(cards) if cards else []

    def _qr(self, block: model.QRCode) -> list[Flowable]:
        size = self.ctx.scale.qr_size
        widget = QrCodeWidget(block.url, barLevel="M", barBorder=0)
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0),
                                                 0, 0])
        drawing.initialFontName = self.ctx.fonts.regular  # else graphics start in Helvetica
        widget.barFillColor = self.palette.ink
        drawing.add(widget)
        self.figure(drawing, short_address(block.url))
        text = [self.para(block.text, self.styles.body),
                self.para(f"**{short_address(block.url)}**", self.styles.body)]
        gap = self.ctx.scale.padding
        return [self.direction.table([[drawing, text]], [size + gap * 1.5, None], [
            *self._table_font(),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ], spaceAfter=self.ctx.scale.gap * 1.4)]

    def _image(self, block: model.Image) -> list[Flowable]:
        width = self.ctx.frame_width * block.width_percent / 100
        image = self._picture(block.src, block.alt, width)
        result: list[Flowable] = [image]
        if block.caption:
            result.append(self.para(block.caption, self.styles.small))
        result[-1].spaceAfter = self.ctx.scale.gap
        return result
