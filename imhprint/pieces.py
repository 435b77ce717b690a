"""The small parts blocks and panels are built of: card boxes, grids of cards, rows of
two, tables' font, pictures and logos, and lines to write on."""

from __future__ import annotations

from reportlab.platypus import Flowable, Table

from .flowables import BoxStyle, CardGrid, Panel, ParagraphFlowable, WriteInLine
from .icons import IconFlowable
from .images import PlacedPicture, picture_flowable
from .schema import Text
from .structure import ARTIFACT, Element, tag


class BlockPieces:
    """Parts shared by the block types, the contact panels and the covers.

    Mixed into ``BlockRenderer``, whose ``ctx``, ``palette``, ``direction``,
    ``structure`` and ``figure`` these methods use."""

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

    def _icon_row(self, icon: str, title: ParagraphFlowable) -> Table:
        """An icon with a title beside it, vertically centred (picture cards on posters)."""
        size = self.ctx.scale.icon
        icon_flowable = IconFlowable(icon, size, self.palette.accent, self.palette.warm_tint)
        icon_width = size + self.ctx.scale.padding * 0.7
        row = self._row(icon_flowable, title, [icon_width, None])
        row.min_width = icon_width + title.minWidth()  # for the card grid's column count
        return row

    def _table_font(self) -> list[tuple]:
        """Tables default every cell to Helvetica; name our font so none slips in."""
        return [("FONT", (0, 0), (-1, -1), self.ctx.fonts.regular, self.ctx.scale.detail)]

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

    def _write_in(self, label: str) -> WriteInLine:
        """A line to write on: its label is read ("Phone:"), a bare line is an artifact."""
        line = WriteInLine(label, self.ctx.fonts.regular, self.ctx.scale.detail,
                           self.palette.ink, self.palette.muted_ink,
                           self.ctx.strings.language, self.direction)
        return tag(line, self.structure.element("P", text=label) if label
                   else Element(ARTIFACT))
