"""Stage 2: turn content blocks into ReportLab flowables.

One renderer serves every format: a layout passes its type scale and column count,
and gets back flowables sized for its sheet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table

from . import model
from .colours import ColourPair
from .contacts import ContactLedger, Origin, keep_numbers_whole
from .flowables import (
    BlockMarker,
    BoxStyle,
    CardGrid,
    Panel,
    ParagraphFlowable,
    WriteInLine,
    keep_ends_together,
    keep_whole,
    stack_height,
)
from .icons import IconFlowable
from .images import PlacedPicture, picture_flowable
from .imprint import short_address
from .markup import plain_text, to_reportlab
from .model import Edition, Service
from .panels import ContactPanels
from .profiles import colour_for_markup
from .schema import Text
from .strings import Strings
from .structure import ARTIFACT, Element, StructureBuilder, tag
from .text import ShapedParagraph, needs_text_path
from .text.direction import LEFT_TO_RIGHT, Direction
from .theme import PALETTE, Fonts, Palette, TypeScale, fonts_for


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
    edition: Edition | None = None
    links: bool = True  # clickable links; print-shop files have none
    whole_paragraphs: bool = False  # folded leaflets: never break a paragraph over a fold
    cmyk: bool = False  # pictures converted to CMYK for a print shop
    ledger: ContactLedger | None = None  # told every contact detail printed
    # right to left (Arabic, Urdu): rows, cards, bars and icons mirror through this
    direction: Direction = LEFT_TO_RIGHT
    # False (large print): one column all through, so a number goes under its name
    side_by_side: bool = True
    # A list of up to this many items never splits over a page or fold. Large print sets
    # fewer: at 18 pt eight items fill half a page, and keeping them whole would leave one
    # half empty.
    unsplit_list_items: int = 8
    # posters: paragraphs that never part nestle a tall family's lines (text/nestle.py)
    nestled_lines: bool = False


class StyleSheet:
    """Paragraph styles for one format, all derived from the theme.

    ``large``: the styles for a 'size: large' block, whose headings, list items, tip titles
    and phone numbers are set at the format's far-reading size (posters).
    """

    def __init__(self, fonts: Fonts, scale: TypeScale, palette: Palette,
                 large: bool = False) -> None:
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
        self.fine = style("fine", scale.fine, color=palette.muted_ink, leading=scale.fine * 1.15)
        self.fine_ink = style("fine_ink", scale.fine, color=palette.ink, leading=scale.fine * 1.15)
        self.table_head = style("table_head", scale.detail, bold=True,
                                color=palette.on_accent)
        self.table_cell = style("table_cell", scale.detail)
        self.callout_title = style("callout_title", scale.card_title * 1.08, bold=True,
                                   color=palette.ink, space_after=gap * 0.3)
        self.quote = style("quote", scale.body * 1.12, color=palette.accent, space_after=4)
        self.phone = style("phone", scale.phone, bold=True, color=palette.ink,
                           leading=scale.phone * 1.25, space_after=gap * 0.3)
        self.tip_title = self.card_title
        self.number = style("number", scale.body, bold=True, color=palette.ink)
        self.bullet = style("bullet", scale.body, space_after=gap * 0.45,
                            leftIndent=scale.body * 1.3, bulletIndent=scale.body * 0.2,
                            bulletColor=palette.accent, bulletFontSize=scale.body)
        if large and scale.far:
            far = dict(fontSize=scale.far, leading=scale.far * 1.12)
            self.heading = ParagraphStyle("far_heading", parent=self.heading, **far)
            self.tip_title = ParagraphStyle("far_tip_title", parent=self.tip_title, **far)
            self.phone = ParagraphStyle("far_phone", parent=self.phone, **far)
            self.bullet = ParagraphStyle("far_bullet", parent=self.bullet, **far,
                                         leftIndent=scale.far * 0.75,
                                         bulletFontSize=scale.far * 0.8)


class WholeParagraph(ParagraphFlowable):
    """A paragraph that moves whole to the next column rather than break across it."""

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []


class HeadingFlowable(ParagraphFlowable):
    """A paragraph that the layout turns into a PDF bookmark.

    Its last two words are joined (no_lone_last_word) only where the pair fits on a line:
    on a narrow panel a long pair ("plânsul\u00a0bebelușului" at title size) would be
    one word too wide, which ReportLab cuts mid-word; there they wrap apart instead."""

    outline_text = ""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        joined = [w for w in self.text.split(" ") if "\u00a0" in w]
        style = self.style
        room = availWidth - style.leftIndent - style.rightIndent
        if joined and stringWidth(re.sub(r"<[^>]*>", "", joined[-1]), style.fontName,
                                  style.fontSize) > room:
            outline = self.outline_text, getattr(self, "outline_level", 1)
            self.__init__(self.text.replace("\u00a0", " "), style)
            self.outline_text, self.outline_level = outline
        return super().wrap(availWidth, availHeight)


# What a paragraph is in the structure tree, by its style; any other style is a P.
# (Heading levels are made sequential when the tree is written.)
STYLE_STRUCTURE = {"title": "H1", "heading": "H2", "far_heading": "H2", "card_title": "H3",
                   "far_tip_title": "H3", "callout_title": "H3"}

# The group each block's elements are read in; None: its paragraphs stand on their own.
BLOCK_STRUCTURE: dict[type, str | None] = {
    model.Bullets: "L", model.Tips: "Div", model.Callout: "Sect", model.Quote: "BlockQuote",
    model.Contacts: "Div", model.LocalServices: "Div", model.QRCode: "Div",
}

GROUND_NAMES = {"paper": "the paper", "accent_tint": "the tint", "warm_tint": "the tip cards",
                "warning_tint": "warning boxes", "accent": "the accent colour"}

# A list straight after a heading or a lead-in ("Call 999 or go to A&E now if your baby:")
# is the set of signs that sentence names: a parent must see them all together, so it is
# never split over a page or fold in any format, large print included, up to this many
# items (at 18 pt, about half an A4 page). A list on its own follows the format's limit.
LED_IN_LIST_ITEMS = 8
LONE_WORD_MAX = 12  # a last word up to this long is kept with the word before it


def no_lone_last_word(text: str) -> str:
    """A heading whose last word never stands alone on its line ("Where to get / help"):
    the last two words are joined by a no-break space, so they wrap together."""
    head, space, last = text.rpartition(" ")
    if not space or " " not in head.strip() or len(last) > LONE_WORD_MAX or "](" in last:
        return text
    return f"{head}\u00a0{last}"


class BlockRenderer(ContactPanels):
    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self.direction = ctx.direction
        self.palette = ctx.palette
        self.styles = StyleSheet(ctx.fonts, ctx.scale, ctx.palette)
        self._normal_styles = self.styles
        self._large_styles = StyleSheet(ctx.fonts, ctx.scale, ctx.palette, large=True)
        self.placed_pictures: list[PlacedPicture] = []
        self.structure = StructureBuilder(ctx.strings.language)  # the tagged PDF's elements
        self._printing: tuple[Origin | None, str | None] = (None, None)
        self._renderers: dict[type, Callable[[model.Block], list[Flowable]]] = {
            model.Heading: self._heading,
            model.Paragraph: self._paragraph,
            model.Bullets: self._bullets,
            model.Tips: self._tips,
            model.Cues: self._cues,
            model.Callout: self._callout,
            model.Quote: self._quote,
            model.Contacts: self._contacts,
            model.LocalServices: self._local_services,
            model.QRCode: self._qr,
            model.Image: self._image,
        }

    # ---- public -------------------------------------------------------------------------

    def para(self, text: str, style: ParagraphStyle,
             paragraph_class: type[ParagraphFlowable] | None = None,
             language: str | None = None) -> Flowable:
        """Author text as a paragraph: the one switch to the text path, for text that needs
        shaping or right-to-left order; ReportLab's Paragraph for the rest. The contact
        ledger is told what it prints, and phone numbers never wrap between digit groups.
        ``language``: text in another language than the page's (a draft band's English
        line), still set at the page's start side.

        The paragraph is tagged for the structure tree: a heading or a paragraph by its
        style, in the group open in ``self.structure``, with its language."""
        self._note_printed(text)
        own = language is None or language == self.ctx.strings.language
        language = language or self.ctx.strings.language
        element = self.structure.element(STYLE_STRUCTURE.get(style.name, "P"),
                                         text=plain_text(text), lang=language)
        if not own and self.direction.right_to_left:
            style = ParagraphStyle(f"{style.name}_start", parent=style,
                                   alignment=self.direction.start_alignment)
        # another language's text in another font goes by the text path, which picks its
        # script's font (the style's is the page's, which may not have its letters)
        if (not own and fonts_for(language) != self.ctx.fonts) \
                or needs_text_path(plain_text(text), language):
            return tag(ShapedParagraph(keep_numbers_whole(text), style, language,
                                       link_color=self.palette.accent, links=self.ctx.links,
                                       whole=self.ctx.whole_paragraphs,
                                       # posters size letters, not points (theme.py),
                                       # and a tri-fold its tall script's phone lines
                                       match_letters=bool(self.ctx.scale.far) or style.name
                                       in self.ctx.scale.letters_matched,
                                       glyph_lines=self.ctx.nestled_lines), element)
        if paragraph_class is None:
            paragraph_class = WholeParagraph if self.ctx.whole_paragraphs else ParagraphFlowable
        return tag(paragraph_class(self.markup(keep_numbers_whole(text)), style), element)

    def figure(self, flowable: Flowable, alt: str | None) -> Flowable:
        """A picture, logo or QR code: a Figure with its alt text; without alt text
        (a decorative picture), an artifact."""
        element = self.structure.element("Figure", alt=alt) if alt else Element(ARTIFACT)
        return tag(flowable, element)

    @contextmanager
    def printing_for(self, origin: Origin | None,
                     kind_hint: str | None = None) -> Iterator[None]:
        """Text printed inside belongs to ``origin`` (a service's card) for the ledger."""
        before = self._printing
        self._printing = (origin, kind_hint)
        try:
            yield
        finally:
            self._printing = before

    def _note_printed(self, text: str) -> None:
        """Tell the ledger the numbers and addresses in text about to be printed."""
        if self.ctx.ledger is not None:
            origin, kind_hint = self._printing
            seen = plain_text(text)
            self.ctx.ledger.note_text(Text(seen, getattr(text, "line", 0)), origin, kind_hint)

    def _note_detail(self, kind: str, value: str) -> None:
        """Tell the ledger a detail it cannot pick out of the words, such as opening times."""
        if self.ctx.ledger is not None:
            self.ctx.ledger.note(kind, value, self._printing[0], getattr(value, "line", 0))

    def markup(self, text: str) -> str:
        """Paragraph markup for author text, links in the accent colour."""
        return to_reportlab(text, colour_for_markup(self.palette.accent), self.ctx.links)

    def story(self, blocks: list[model.Block]) -> list[Flowable]:
        """All blocks, each preceded by a marker naming it (for overflow messages)."""
        flowables: list[Flowable] = []
        keep_together = False  # the previous block leads into this one
        for index, block in enumerate(blocks):
            flowables.append(BlockMarker(block, keep_with_next=keep_together))
            rendered = self.render(block)
            if keep_together and isinstance(block, model.Bullets) \
                    and len(block.items) <= LED_IN_LIST_ITEMS:
                keep_whole(rendered)  # the signs a lead-in names are read together
            flowables.extend(rendered)
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            # a heading, or a paragraph leading into a list ("Call 111 if your baby:"),
            # never ends a page or column apart from what follows it
            keep_together = isinstance(block, model.Heading) or (
                isinstance(block, model.Paragraph) and isinstance(following, model.Bullets))
            if keep_together and rendered:
                rendered[-1].keepWithNext = 1
        return flowables

    def render(self, block: model.Block) -> list[Flowable]:
        # a large block is drawn with the far-reading styles; every other with the normal
        large = block.size == "large"
        self.styles = self._large_styles if large else self._normal_styles
        try:
            with self.structure.group(self._block_structure(block)):
                return self._renderers[type(block)](block)
        finally:
            self.styles = self._normal_styles

    def _block_structure(self, block: model.Block) -> str | None:
        if isinstance(block, model.Cues):  # a table, or cards on a narrow page
            return "Table" if self.ctx.columns > 1 else "Div"
        return BLOCK_STRUCTURE.get(type(block))

    def _beside(self, left: Flowable, right: Flowable) -> Table:
        """Two flowables side by side, the right one at its natural width."""
        width = right.wrap(self.ctx.frame_width, 1000)[0]
        return self._row(left, right, [None, width + 4], [("ALIGN", (1, 0), (1, 0), "RIGHT")])

    def _row(self, left: Flowable, right: Flowable, widths: list[float | None],
             extra_style: list[tuple] | None = None) -> Table:
        """Two flowables side by side, vertically centred, with no cell padding (``left``
        is the first in reading order: on the right of a right-to-left page)."""
        row = self.direction.table([[left, right]], widths, [
            *self._table_font(),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            *[(side, (0, 0), (-1, -1), 0) for side in
              ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")],
            *(extra_style or []),
        ])
        row.spaceAfter = self.ctx.scale.gap * 0.4
        return row

    def _logo(self, src: Text) -> Flowable:
        edition = self.ctx.edition
        return self._picture(src, edition.name if edition else None,
                             width=self.ctx.scale.body * 5, max_height=self.ctx.scale.body * 2.2)

    def _picture(self, src: Text, alt: str | None, width: float,
                 max_height: float | None = None) -> Flowable:
        """A picture from assets/, noted in ``placed_pictures`` for preflight."""
        flowable, pixels = picture_flowable(self.ctx.assets_dir / src, width, max_height,
                                            cmyk=self.ctx.cmyk, font=self.ctx.fonts.regular)
        flowable.hAlign = self.direction.start_side
        self.placed_pictures.append(PlacedPicture(
            str(src), getattr(src, "line", 0), alt, pixels,
            (flowable.drawWidth, flowable.drawHeight) if pixels else
            (flowable.width, flowable.height)))
        return self.figure(flowable, alt)

    def cover_header(self, resource: model.Resource) -> Panel:
        s = self.styles
        content: list[Flowable] = [self._heading_flowable(resource.title, s.title, level=0)]
        if resource.subtitle:
            content.append(self.para(no_lone_last_word(resource.subtitle), s.subtitle))
        content.append(self.para(resource.intro, s.lead))
        scale = self.ctx.scale
        return Panel(self.nestled(content), BoxStyle(background=self.palette.accent_tint,
                                       radius=scale.corner_radius * 2,
                                       padding=scale.header_padding,
                                       icon="heart" if scale.header_icon else None,
                                       icon_color=self.palette.accent,
                                       icon_size=scale.header_icon),
                     space_after=scale.gap * 1.5, direction=self.direction)

    def folded_cover(self, resource: model.Resource, width: float, height: float,
                     publisher: str) -> Panel:
        """A folded leaflet's front: the heart above the title, on a tint filling the panel,
        and who publishes it (with the edition's logo) at the foot."""
        s, scale = self.styles, self.ctx.scale
        heart = IconFlowable("heart", scale.header_icon, self.palette.accent,
                             self.palette.accent_tint)
        heart.spaceAfter = scale.gap * 2
        heart.hAlign = self.direction.start_side
        content: list[Flowable] = [heart,
                                   self._heading_flowable(resource.title, s.title, level=0)]
        if resource.subtitle:
            content.append(self.para(no_lone_last_word(resource.subtitle), s.subtitle))
        content.append(self.para(resource.intro, s.lead))
        foot: list[Flowable] = []
        edition = self.ctx.edition
        if edition is not None and edition.logo:
            foot += [self._logo(edition.logo), Spacer(1, scale.gap)]
        foot.append(self.para(f"**{publisher}**", s.card_text))
        inner = width - 2 * scale.header_padding
        room = height - 2 * scale.header_padding - stack_height(content, inner) \
            - stack_height(foot, inner)
        panel = Panel([*content, Spacer(1, max(room, 0)), *foot],
                      BoxStyle(background=self.palette.accent_tint,
                               radius=scale.corner_radius * 2, padding=scale.header_padding),
                      direction=self.direction)
        panel.min_height = height
        panel.needed = height - room  # its words and foot, without the space between
        return panel

    def colour_pairs(self) -> list[ColourPair]:
        """Every colour this renderer draws on another (see ``colour_pairs``)."""
        return colour_pairs(self.ctx.fonts, self.ctx.scale, self.palette)

    def notes_panel(self, height: float) -> Panel:
        """A panel of lines to write questions on, filling ``height`` (a spare panel)."""
        s, strings = self.styles, self.ctx.strings
        with self.structure.group("Sect"):
            content: list[Flowable] = [self.para(strings["notes_heading"], s.card_title),
                                       self.para(strings["notes_prompt"], s.card_text)]
        box = BoxStyle(border=self.palette.accent_mid, radius=self.ctx.scale.corner_radius,
                       padding=self.ctx.scale.padding)
        line = self._write_in("")
        line_height = line.wrap(self.ctx.frame_width, height)[1]
        room = height - 2 * box.padding - stack_height(content, self.ctx.frame_width)
        content += [self._write_in("") for _ in range(max(0, int(room // line_height)))]
        panel = Panel(content, box, direction=self.direction)
        panel.min_height = height
        return panel

    # ---- one method per block type ------------------------------------------------------

    def _heading_flowable(self, text: str, style: ParagraphStyle,
                          level: int = 1) -> Flowable:
        flowable = self.para(no_lone_last_word(text), style, HeadingFlowable)
        flowable.outline_text = plain_text(text)
        flowable.outline_level = level
        return flowable

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

    def nestled(self, stack: list[Flowable]) -> list[Flowable]:
        """Paragraphs stacked at one width that never part (a poster's unsplit list, the
        header's title and intro, a card's lines): on a poster, each shaped paragraph's
        first line nestles under the one above, which moves only a tall family's lines
        (Nastaliq: text/nestle.py)."""
        if self.ctx.nestled_lines:
            for upper, lower in pairwise(stack):
                if isinstance(upper, ShapedParagraph) and isinstance(lower, ShapedParagraph):
                    lower.nestles_under = upper
        return stack

    def _card_box(self, background: object, icon: str | None = None) -> BoxStyle:
        return BoxStyle(background=background, radius=self.ctx.scale.corner_radius,
                        padding=self.ctx.scale.padding, icon=icon,
                        icon_color=self.palette.accent, icon_size=self.ctx.scale.icon)

    def _grid(self, cards: list[Panel]) -> list[Flowable]:
        """Cards in rows; in one column each card is its own flowable, so a heading keeps
        with the first card only and the rest flow on to the next column.

        Cards go one to a row when a word or number in one of them (say, in a large
        block on a poster) would not fit in a column's width.
        """
        gap = self.ctx.scale.gap
        columns = self.ctx.columns
        column_width = (self.ctx.frame_width - gap * (columns - 1)) / columns
        if any(card.min_width() > column_width for card in cards):
            columns = 1
        if columns > 1 or not cards:
            return [CardGrid(cards, columns, gap, space_after=gap * 1.4,
                             direction=self.direction)]
        for card in cards:
            card.spaceAfter = gap
        cards[-1].spaceAfter = gap * 1.4
        return list(cards)

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

    def _icon_row(self, icon: str, title: ParagraphFlowable) -> Table:
        """An icon with a title beside it, vertically centred (picture cards on posters)."""
        size = self.ctx.scale.icon
        icon_flowable = IconFlowable(icon, size, self.palette.accent, self.palette.warm_tint)
        icon_width = size + self.ctx.scale.padding * 0.7
        row = self._row(icon_flowable, title, [icon_width, None])
        row.min_width = icon_width + title.minWidth()  # for the card grid's column count
        return row

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

    def _table_font(self) -> list[tuple]:
        """Tables default every cell to Helvetica; name our font so none slips in."""
        return [("FONT", (0, 0), (-1, -1), self.ctx.fonts.regular, self.ctx.scale.detail)]

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

    def _write_in(self, label: str) -> WriteInLine:
        """A line to write on: its label is read ("Phone:"), a bare line is an artifact."""
        line = WriteInLine(label, self.ctx.fonts.regular, self.ctx.scale.detail,
                           self.palette.ink, self.palette.muted_ink,
                           self.ctx.strings.language, self.direction)
        return tag(line, self.structure.element("P", text=label) if label
                   else Element(ARTIFACT))


def colour_pairs(fonts: Fonts, scale: TypeScale, palette: Palette) -> list[ColourPair]:
    """Every colour the renderer draws on another, with the text's size, for one type
    scale: what preflight checks for contrast, in colour and in greyscale. Keep in step
    with the blocks."""
    s, p = StyleSheet(fonts, scale, palette), palette
    cards = ["warm_tint", "accent_tint", "paper"]
    texts = [
        ("body text", s.body, ["paper"]),
        ("headings", s.heading, ["paper"]),
        ("titles", s.title, ["accent_tint"]),
        ("subtitles", s.subtitle, ["accent_tint"]),
        ("introductions", s.lead, ["accent_tint"]),
        ("card titles", s.card_title, cards),
        ("card text", s.card_text, [*cards, "warning_tint"]),
        ("phone numbers", s.phone, ["accent_tint", "paper"]),
        ("callout titles", s.callout_title, ["warning_tint", "accent_tint"]),
        ("table headings", s.table_head, ["accent"]),
        ("table text", s.table_cell, ["paper", "accent_tint"]),
        ("quotes", s.quote, ["paper"]),
        ("small print", s.small, ["paper"]),
        ("footer small print", s.fine, ["paper"]),
        ("footer notes", s.fine_ink, ["paper"]),
    ]
    pairs = [ColourPair(f"{name} on {GROUND_NAMES[ground]}", style.textColor,
                        getattr(p, ground), style.fontSize,
                        style.fontName == fonts.bold, (ground,))
             for name, style, grounds in texts for ground in grounds]
    link_size = min(s.body.fontSize, s.card_text.fontSize)
    pairs += [ColourPair(f"links on {GROUND_NAMES[ground]}", p.accent, getattr(p, ground),
                         link_size, True, ("accent", ground)) for ground in cards]
    pairs.append(ColourPair("the sample edition band", p.on_accent, p.warning,
                            s.fine.fontSize, True, ("on_accent", "warning")))
    pairs += [ColourPair(f"icons on {GROUND_NAMES[ground]}", getattr(p, ink),
                         getattr(p, ground), fields=(ink, ground))
              for ink, ground in (("accent", "paper"), ("accent", "accent_tint"),
                                  ("accent", "warm_tint"), ("warning", "warning_tint"))]
    return pairs
