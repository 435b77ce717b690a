"""Flowables the block renderer builds on: panels, card grids, write-in lines and markers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import Color, white
from reportlab.platypus import Flowable, Paragraph

from .icons import draw_icon
from .text.label import draw_label, label_width


class BlockMarker(Flowable):
    """Zero-size flowable placed before each block's flowables.

    The layout watches where markers land to name the block where room ran out. A layout
    with room to spare may set ``space_above``: extra space before the block, kept only
    below other content (at the top of a frame or column it would be a hole).
    """

    def __init__(self, block: object, keep_with_next: bool = False) -> None:
        super().__init__()
        self.block = block
        self.keepWithNext = keep_with_next
        self.space_above = 0.0
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # ReportLab's frame sets itself on the flowable while placing it
        frame = getattr(self, "_frame", None)
        at_top = frame is None or getattr(frame, "_atTop", True)
        self.height = 0 if at_top else self.space_above
        return 0, self.height

    def draw(self) -> None:
        pass


def stack_height(flowables: list[Flowable], width: float) -> float:
    """Height of flowables placed one under another, with their own spacing between."""
    total = 0.0
    for index, item in enumerate(flowables):
        _, height = item.wrap(width, 10_000)
        total += height
        if index < len(flowables) - 1:
            total += max(item.getSpaceAfter(), flowables[index + 1].getSpaceBefore())
    return total


def draw_stack(canv: object, flowables: list[Flowable], x: float, top: float,
               width: float) -> None:
    y = top
    for index, item in enumerate(flowables):
        _, height = item.wrap(width, 10_000)
        y -= height
        item.drawOn(canv, x, y)
        if index < len(flowables) - 1:
            y -= max(item.getSpaceAfter(), flowables[index + 1].getSpaceBefore())


@dataclass(frozen=True)
class BoxStyle:
    background: Color | None = None
    border: Color | None = None
    bar: Color | None = None  # a thick bar down the left edge
    radius: float = 6
    padding: float = 10
    icon: str | None = None
    icon_color: Color | None = None
    icon_size: float = 22


class Panel(Flowable):
    """Flowables in a padded, optionally tinted and rounded box, with an optional icon."""

    def __init__(self, content: list[Flowable], style: BoxStyle,
                 space_before: float = 0, space_after: float = 0) -> None:
        super().__init__()
        self.content = content
        self.box = style
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.min_height = 0.0

    def min_width(self) -> float:
        """The narrowest the panel can be before a word or phone number runs out of it."""
        widest = max((_min_width(item) for item in self.content), default=0.0)
        return self._inner_left() + widest + self.box.padding

    def _inner_left(self) -> float:
        box = self.box
        left = box.padding + (6 if box.bar else 0)
        if box.icon:
            left += box.icon_size + box.padding * 0.8
        return left

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        inner = avail_width - self._inner_left() - self.box.padding
        content_height = stack_height(self.content, inner)
        if self.box.icon:
            content_height = max(content_height, self.box.icon_size)
        self.height = max(content_height + 2 * self.box.padding, self.min_height)
        return self.width, self.height

    def draw(self) -> None:
        canv, box = self.canv, self.box
        if box.background or box.border:
            canv.saveState()
            if box.background:
                canv.setFillColor(box.background)
            if box.border:
                canv.setStrokeColor(box.border)
                canv.setLineWidth(1)
            canv.roundRect(0, 0, self.width, self.height, box.radius,
                           stroke=1 if box.border else 0, fill=1 if box.background else 0)
            canv.restoreState()
        if box.bar:
            canv.saveState()
            canv.setFillColor(box.bar)
            canv.roundRect(0, 0, 6, self.height, min(3, box.radius), stroke=0, fill=1)
            canv.restoreState()
        left = self._inner_left()
        top = self.height - box.padding
        if box.icon:
            icon_x = left - box.icon_size - box.padding * 0.8
            draw_icon(canv, box.icon, icon_x, top - box.icon_size, box.icon_size,
                      box.icon_color or box.bar or box.border, box.background or white)
        draw_stack(canv, self.content, left, top, self.width - left - box.padding)


def _min_width(flowable: Flowable) -> float:
    """A flowable's longest unbreakable run: a paragraph's widest word, or what a composite
    flowable says of itself in ``min_width``."""
    if isinstance(flowable, Paragraph):
        return flowable.minWidth()
    return float(getattr(flowable, "min_width", 0.0))


class CardGrid(Flowable):
    """Panels in columns; the cards in a row share a height. Splits between rows."""

    def __init__(self, cards: list[Panel], columns: int, gap: float,
                 space_before: float = 0, space_after: float = 0) -> None:
        super().__init__()
        self.cards = cards
        self.columns = max(1, min(columns, len(cards)))
        self.gap = gap
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self._rows: list[tuple[list[Panel], float]] = []

    def _layout(self, avail_width: float) -> list[tuple[list[Panel], float]]:
        column_width = (avail_width - self.gap * (self.columns - 1)) / self.columns
        rows = []
        for start in range(0, len(self.cards), self.columns):
            row = self.cards[start:start + self.columns]
            for card in row:
                card.min_height = 0
            height = max(card.wrap(column_width, 10_000)[1] for card in row)
            rows.append((row, height))
        self._column_width = column_width
        return rows

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._rows = self._layout(avail_width)
        # no cards (say, every service in a contacts block is unverified): no height at all
        self.height = sum(h for _, h in self._rows) + self.gap * max(0, len(self._rows) - 1)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        rows = self._layout(avail_width)
        used, fitting = 0.0, 0
        for _, height in rows:
            needed = height + (self.gap if fitting else 0)
            if used + needed > avail_height:
                break
            used += needed
            fitting += 1
        if fitting == 0 or fitting == len(rows):
            return []
        cut = fitting * self.columns
        first = CardGrid(self.cards[:cut], self.columns, self.gap, self.spaceBefore, 0)
        rest = CardGrid(self.cards[cut:], self.columns, self.gap, self.gap, self.spaceAfter)
        return [first, rest]

    def draw(self) -> None:
        y = self.height
        for row, height in self._rows:
            y -= height
            for index, card in enumerate(row):
                card.min_height = height
                card.wrap(self._column_width, height)
                card.drawOn(self.canv, index * (self._column_width + self.gap), y)
            y -= self.gap


class FitToWidth(Flowable):
    """A flowable made for the width it is given: ``make(width)`` builds it when it is
    wrapped (a table, say, whose columns are split to suit that width)."""

    def __init__(self, make: Callable[[float], Flowable]) -> None:
        super().__init__()
        self.make = make
        self._made: tuple[float, Flowable] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._made is None or self._made[0] != avail_width:
            self._made = (avail_width, self.make(avail_width))
        self.width, self.height = self._made[1].wrap(avail_width, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        if self._made is not None:
            self._made[1].drawOn(self.canv, 0, 0)


class WriteInLine(Flowable):
    """A label and a dotted line to write on by hand."""

    def __init__(self, label: str, font: str, size: float, color: Color,
                 line_color: Color, language: str = "en-GB") -> None:
        super().__init__()
        self.label, self.font, self.size = label, font, size
        self.color, self.line_color = color, line_color
        self.language = language  # the label is shaped in it (Bengali, Urdu)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.size * 2.1
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFont(self.font, self.size)
        canv.setFillColor(self.color)
        draw_label(canv, self.label, 0, 4, self.font, self.size, self.language)
        start = label_width(self.label, self.font, self.size, self.language) + 6
        canv.setStrokeColor(self.line_color)
        canv.setLineWidth(0.9)
        canv.setDash(1.5, 2.5)
        canv.line(start, 3, self.width, 3)
        canv.restoreState()
