"""Flowables the block renderer builds on: panels, card grids, write-in lines and markers."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import textTransformFrags
from reportlab.platypus.paraparser import ParaParser

from .icons import draw_icon
from .text.addresses import break_addresses
from .text.direction import LEFT_TO_RIGHT, Direction
from .text.line import draw_line, line_width

# Paragraph markup parsed by ReportLab, by (markup, style, case): a real build makes the
# same paragraphs again and again (every edition, every try at fitting local services, a
# live preview after one edit), and parsing is most of making one. Bounded: the least
# recently used go first.
_PARSED: OrderedDict[Hashable, tuple[str, list[Any]]] = OrderedDict()
_PARSED_LIMIT = 4096


# For text without markup, what ReportLab's parser makes of any such text in a style:
# one fragment in the style's font, which only the text differs from (by style).
_PLAIN: dict[Hashable, Any] = {}


def forget_parsed_markup() -> None:
    """Parse every paragraph's markup afresh from now on (for the benchmark, which times
    one leaflet's build as a first build would be)."""
    _PARSED.clear()
    _PLAIN.clear()


def _is_plain(text: str) -> bool:
    """Text ReportLab's parser sees as one run of characters: no tag, no entity."""
    return bool(text) and "<" not in text and "&" not in text


def _plain_frags(text: str, style: Any, style_key: Hashable, case_sensitive: int) -> list[Any]:
    """The fragments ReportLab's parser makes of plain ``text`` (as ``_is_plain``),
    without running it: the one fragment it makes of any plain text in the style, with
    this text, transformed as the style says."""
    key = (style_key, case_sensitive)
    model = _PLAIN.get(key)
    if model is None:
        parser = ParaParser()
        parser.caseSensitive = case_sensitive
        _, frags, _ = parser.parse("x", style)
        model = _PLAIN[key] = frags[0]
    frags = _copied([model])
    frags[0].text = text
    textTransformFrags(frags, style)
    return frags


def _style_key(style: object) -> Hashable | None:
    """What a parse of markup may read from a style: all of it but its parent (whose
    values it has copied), each value with its type (colours of different models can
    compare equal); None when a value cannot be a key."""
    key = tuple(sorted((name, type(value), value) for name, value in vars(style).items()
                       if name != "parent"))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _copied(frags: list[Any]) -> list[Any]:
    """Fragments ReportLab may change while it breaks and splits lines, copied with their
    lists (links, underlines), so the parsed ones stay as parsed."""
    copies = []
    for frag in frags:
        copy = frag.clone()
        for name, value in vars(copy).items():
            if isinstance(value, list):
                setattr(copy, name, value.copy())
        copies.append(copy)
    return copies


class MeasuredParagraph(Paragraph):
    """ReportLab's Paragraph, breaking its lines once for each width it is given.

    The layout asks a paragraph its height at the same width several times (a panel is
    measured, then kept with the next block, then placed), and ReportLab's Paragraph
    breaks its lines again every time. The line breaks depend only on the width, the
    style and the words, so the last ones are kept while those stay the same (and
    ReportLab has not thrown them away: a split that moves the paragraph on does).
    """

    _measured: tuple[float, object, object, tuple[float, float]] | None = None

    def __init__(self, *args: object, **kwargs: object) -> None:
        self._measured = None  # a paragraph set up again (a heading's words) is new
        super().__init__(*args, **kwargs)

    def _setup(self, text: str, style: Any, bulletText: Any, frags: Any,  # noqa: N803
               cleaner: Callable[[str], str]) -> None:
        """ReportLab's setup, with markup parsed once for each markup and style."""
        style_key = _style_key(style) if frags is None else None
        if style_key is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        key = (text, style_key, self.caseSensitive, cleaner)
        parsed = _PARSED.get(key)
        if parsed is not None:
            _PARSED.move_to_end(key)
            cleaned, frags = parsed
            super()._setup(cleaned, style, bulletText, _copied(frags), cleaner)
            return
        cleaned = cleaner(text)
        if _is_plain(cleaned):
            frags = _plain_frags(cleaned, style, style_key, self.caseSensitive)
            super()._setup(cleaned, style, bulletText, frags, cleaner)
        else:
            super()._setup(text, style, bulletText, None, cleaner)
        # kept only when the markup set no style or bullet of its own
        if self.style is style and self.bulletText is bulletText:
            _PARSED[key] = (self.text, _copied(self.frags))
            if len(_PARSED) > _PARSED_LIMIT:
                _PARSED.popitem(last=False)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        measured = self._measured
        if (measured is not None and measured[0] == availWidth
                and measured[1] is self.style and measured[2] is self.frags
                and "blPara" in self.__dict__):
            self.width, self.height = measured[3]  # as breaking them again would set
            return measured[3]
        size = super().wrap(availWidth, availHeight)
        if getattr(self, "_splitLongWordCount", 0) and self._set_addresses_whole(availWidth):
            size = super().wrap(availWidth, availHeight)
        self._measured = (availWidth, self.style, self.frags, size)
        return size

    def _set_addresses_whole(self, width: float) -> bool:
        """ReportLab cut a word too long for a line: a web address is set again cut only
        after its separators, or not at all (text/addresses.py, as on the text path).
        Whether the paragraph changed."""
        style = self.style
        room = width - style.leftIndent - style.rightIndent
        text = break_addresses(self.text, lambda piece: stringWidth(
            piece, style.fontName, style.fontSize) <= room, "<br/>")
        if text == self.text:
            return False
        bullet = self.bulletText
        self.__init__(text, ParagraphStyle(style.name, parent=style, splitLongWords=0))
        self.bulletText = bullet
        return True


ParagraphFlowable = MeasuredParagraph  # the paragraph every block and sheet is made of


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
        item_width, height = item.wrap(width, 10_000)
        y -= height
        # one set at the right (the start side of a right-to-left page: a picture, the
        # cover's heart) goes there; the rest stay at x, whatever hAlign says
        at_right = getattr(item, "hAlign", "LEFT") == "RIGHT"
        item.drawOn(canv, x, y, _sW=width - item_width if at_right else 0)
        if index < len(flowables) - 1:
            y -= max(item.getSpaceAfter(), flowables[index + 1].getSpaceBefore())


def keep_whole(lines: list[Flowable]) -> list[Flowable]:
    """Lines (list items) read as one: never split over a page, a column or a fold, and
    what goes before the first, such as a heading or a lead-in, stays with them."""
    for line in lines[:-1]:
        line.keepWithNext = 1
    return lines


def keep_ends_together(lines: list[Flowable]) -> list[Flowable]:
    """Lines (list items) that may go on over a page, but never leave one alone on either
    side: what goes before the first, such as a heading, stays with the first two."""
    for line in [lines[0], lines[-2]] if len(lines) > 2 else lines[:-1]:
        line.keepWithNext = 1
    return lines


@dataclass(frozen=True)
class BoxStyle:
    background: Color | None = None
    border: Color | None = None
    bar: Color | None = None  # a thick bar down the start edge (left, or right in RTL)
    radius: float = 6
    padding: float = 10
    icon: str | None = None
    icon_color: Color | None = None
    icon_size: float = 22


class Panel(Flowable):
    """Flowables in a padded, optionally tinted and rounded box, with an optional icon.

    The bar and the icon stand at the start side of ``direction``: on the right of a
    right-to-left page, the content inset from the right instead.
    """

    def __init__(self, content: list[Flowable], style: BoxStyle,
                 space_before: float = 0, space_after: float = 0,
                 direction: Direction = LEFT_TO_RIGHT) -> None:
        super().__init__()
        self.content = content
        self.box = style
        self.direction = direction
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
        x = self.direction.x  # from the start side, as the panel reads
        if box.bar:
            canv.saveState()
            canv.setFillColor(box.bar)
            canv.roundRect(x(0, 6, self.width), 0, 6, self.height, min(3, box.radius),
                           stroke=0, fill=1)
            canv.restoreState()
        left = self._inner_left()
        top = self.height - box.padding
        if box.icon:
            icon_x = left - box.icon_size - box.padding * 0.8
            draw_icon(canv, box.icon, x(icon_x, box.icon_size, self.width),
                      top - box.icon_size, box.icon_size,
                      box.icon_color or box.bar or box.border, box.background or white)
        inner = self.width - left - box.padding
        draw_stack(canv, self.content, x(left, inner, self.width), top, inner)


def _min_width(flowable: Flowable) -> float:
    """A flowable's longest unbreakable run: a paragraph's widest word, or what a composite
    flowable says of itself in ``min_width``."""
    if isinstance(flowable, Paragraph):
        return flowable.minWidth()
    return float(getattr(flowable, "min_width", 0.0))


class CardGrid(Flowable):
    """Panels in columns; the cards in a row share a height. Splits between rows.
    A row reads from the start side of ``direction``: right to left on an RTL page."""

    def __init__(self, cards: list[Panel], columns: int, gap: float,
                 space_before: float = 0, space_after: float = 0,
                 direction: Direction = LEFT_TO_RIGHT) -> None:
        super().__init__()
        self.cards = cards
        self.direction = direction
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
        first = CardGrid(self.cards[:cut], self.columns, self.gap, self.spaceBefore, 0,
                         self.direction)
        rest = CardGrid(self.cards[cut:], self.columns, self.gap, self.gap, self.spaceAfter,
                        self.direction)
        return [first, rest]

    def draw(self) -> None:
        y = self.height
        for row, height in self._rows:
            y -= height
            for index, card in enumerate(row):
                card.min_height = height
                card.wrap(self._column_width, height)
                card.drawOn(self.canv, self.direction.x(
                    index * (self._column_width + self.gap), self._column_width, self.width), y)
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
    """A label and a dotted line to write on by hand, the label at the start side of
    ``direction`` (the line runs on to the left of it on a right-to-left page)."""

    def __init__(self, label: str, font: str, size: float, color: Color,
                 line_color: Color, language: str = "en-GB",
                 direction: Direction = LEFT_TO_RIGHT) -> None:
        super().__init__()
        self.label, self.font, self.size = label, font, size
        self.color, self.line_color = color, line_color
        self.language, self.direction = language, direction

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.size * 2.1
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFont(self.font, self.size)
        canv.setFillColor(self.color)
        label_width = line_width(self.label, self.language, self.font, self.size)
        draw_line(canv, self.label, self.language, self.font, self.size,
                  self.direction.x(0, label_width, self.width), 4)
        start = label_width + 6
        canv.setStrokeColor(self.line_color)
        canv.setLineWidth(0.9)
        canv.setDash(1.5, 2.5)
        x0, x1 = (0, self.width - start) if self.direction.right_to_left else \
            (start, self.width)
        canv.line(x0, 3, x1, 3)
        canv.restoreState()


class SideBySide(Flowable):
    """Two flowables on one row: ``left`` in a cell ``left_width`` wide at the left,
    ``right`` in the rest after ``gap``, a thin rule of ``rule`` in the middle of the gap
    keeping them apart; each centred in the row's height. Read left, then right."""

    def __init__(self, left: Flowable, right: Flowable, left_width: float, gap: float,
                 rule: Color) -> None:
        super().__init__()
        self.left, self.right = left, right
        self.left_width, self.gap, self.rule = left_width, gap, rule
        self._heights = (0.0, 0.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        right_width = avail_width - self.left_width - self.gap
        self._heights = (self.left.wrap(self.left_width, avail_height)[1],
                         self.right.wrap(right_width, avail_height)[1])
        self.height = max(self._heights)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        middle = self.left_width + self.gap / 2
        canv.saveState()
        canv.setStrokeColor(self.rule)
        canv.setLineWidth(1)
        canv.line(middle, self.height * 0.1, middle, self.height * 0.9)
        canv.restoreState()
        left_height, right_height = self._heights
        self.left.drawOn(canv, 0, (self.height - left_height) / 2)
        self.right.drawOn(canv, self.left_width + self.gap, (self.height - right_height) / 2)
