"""Which ink each mark prints in: small text and thin rules on the black plate alone.

Four plates never line up perfectly; a letter of 12 pt built from cyan, magenta and black
grows coloured fringes when they are a hair apart, and a thin rule doubles. So on press
pages, text up to the 14 pt body size and strokes up to THIN_RULE wide print in black ink
alone, a K-only tint as light as the colour the theme asked for (solid black for
near-black). "Below 14 pt" would miss the body text itself, which is set at 14 pt on
leaflets, so the line is drawn just above it: headings (16 pt and up), panels, bands and
icons keep their hue. Near-neutral colours (the body ink at any size, greys) are put on
black by the colour mapping itself (``profiles.to_cmyk``).

This is done once, on the finished page's content streams, not block by block: a small
interpreter follows the graphics state (q/Q, cm, colours, line width, text matrix and
font size), and before each mark sets the ink it should print in. ``ink_report`` runs the
same interpreter to check a PDF (preflight): what small text and total ink it holds.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

import pikepdf

from .icc import CMYK, black_only

LARGE_TEXT = 14.5  # points: text above the 14 pt body size keeps its colour
THIN_RULE = 2.0  # points: strokes up to this wide print on black alone
TOTAL_INK_LIMIT = 3.0  # 300 %: coated offset stock takes no more before it sets off
REGISTRATION: CMYK = (1.0, 1.0, 1.0, 1.0)  # crop and fold marks, outside the finished page

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
PAPER: CMYK = (0.0, 0.0, 0.0, 0.0)

NUMBER_TYPES = (int, float, Decimal)  # how pikepdf gives a content stream's numbers
TEXT_SHOWS = {"Tj", "TJ", "'", '"'}
FILLS = {"f", "F", "f*", "B", "B*", "b", "b*", "sh"}
STROKES = {"S", "s", "B", "B*", "b", "b*"}


def _multiply(a: Matrix, b: Matrix) -> Matrix:
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _vertical_scale(matrix: Matrix) -> float:
    return math.hypot(matrix[2], matrix[3])


def _scale(matrix: Matrix) -> float:
    return math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))


@dataclass(frozen=True)
class State:
    """The part of the graphics state that decides a mark's ink. ``fill`` and ``stroke``
    are what the stream asked for; ``*_set`` what is in effect in the rewritten stream."""

    ctm: Matrix = IDENTITY
    fill: CMYK = (0.0, 0.0, 0.0, 1.0)
    stroke: CMYK = (0.0, 0.0, 0.0, 1.0)
    fill_set: CMYK = (0.0, 0.0, 0.0, 1.0)
    stroke_set: CMYK = (0.0, 0.0, 0.0, 1.0)
    line_width: float = 1.0


@dataclass(frozen=True)
class Mark:
    """One mark as printed: a text show (with its size), a fill or a stroke."""

    kind: str  # "text", "fill" or "stroke"
    ink: CMYK  # what it prints in after the rule
    size: float = 0.0  # points: text size, or stroke width


def _text_ink(state: State, size: float) -> CMYK:
    return black_only(state.fill) if size < LARGE_TEXT else state.fill


def _stroke_ink(state: State) -> CMYK:
    width = state.line_width * _scale(state.ctm)
    if width <= THIN_RULE and state.stroke != REGISTRATION:
        return black_only(state.stroke)
    return state.stroke


@dataclass
class _Interpreter:
    """Walks one content stream, yielding the operations to write and the marks made;
    with ``apply_rules`` off, it only reads: each mark in the ink the stream gives it."""

    apply_rules: bool = True
    state: State = field(default_factory=State)
    stack: list[State] = field(default_factory=list)
    text_matrix: Matrix = IDENTITY
    font_size: float = 0.0
    marks: list[Mark] = field(default_factory=list)

    def _set_fill(self, ink: CMYK) -> Iterator[tuple[list, pikepdf.Operator]]:
        if ink != self.state.fill_set:
            self.state = replace(self.state, fill_set=ink)
            yield [*ink], pikepdf.Operator("k")

    def _set_stroke(self, ink: CMYK) -> Iterator[tuple[list, pikepdf.Operator]]:
        if ink != self.state.stroke_set:
            self.state = replace(self.state, stroke_set=ink)
            yield [*ink], pikepdf.Operator("K")

    def step(self, operands: list, operator: pikepdf.Operator
             ) -> Iterator[tuple[list, pikepdf.Operator]]:
        name, state = str(operator), self.state
        numbers = [float(v) for v in operands if isinstance(v, NUMBER_TYPES)]
        if name == "q":
            self.stack.append(state)
        elif name == "Q" and self.stack:
            self.state = self.stack.pop()
        elif name == "cm" and len(numbers) == 6:
            self.state = replace(state, ctm=_multiply(tuple(numbers), state.ctm))
        elif name == "w" and numbers:
            self.state = replace(state, line_width=numbers[0])
        elif name == "k" and len(numbers) == 4:
            ink = tuple(numbers)
            self.state = replace(state, fill=ink, fill_set=ink)
        elif name == "K" and len(numbers) == 4:
            ink = tuple(numbers)
            self.state = replace(state, stroke=ink, stroke_set=ink)
        elif name == "BT":
            self.text_matrix = IDENTITY
        elif name == "Tf" and numbers:
            self.font_size = numbers[-1]
        elif name == "Tm" and len(numbers) == 6:
            self.text_matrix = tuple(numbers)
        if name in TEXT_SHOWS:
            size = self.font_size * _vertical_scale(_multiply(self.text_matrix, state.ctm))
            ink = _text_ink(state, size) if self.apply_rules else state.fill
            yield from self._set_fill(ink)
            self.marks.append(Mark("text", ink, size))
        else:
            if name in FILLS:
                yield from self._set_fill(state.fill)
                self.marks.append(Mark("fill", state.fill))
            if name in STROKES:
                ink = _stroke_ink(state) if self.apply_rules else state.stroke
                yield from self._set_stroke(ink)
                self.marks.append(Mark("stroke", ink, state.line_width * _scale(state.ctm)))
        yield operands, operator


def _run(page: pikepdf.Page, apply_rules: bool = True
         ) -> tuple[list[tuple[list, pikepdf.Operator]], list[Mark]]:
    interpreter = _Interpreter(apply_rules)
    operations = []
    for operands, operator in pikepdf.parse_content_stream(page):
        operations.extend(interpreter.step(list(operands), operator))
    return operations, interpreter.marks


def apply_ink_rules(pdf: pikepdf.Pdf) -> None:
    """Rewrite every page so small text and thin rules print on black alone."""
    for page in pdf.pages:
        operations, _ = _run(page)
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))


@dataclass(frozen=True)
class InkReport:
    """What preflight needs from a press PDF's vector marks."""

    small_text_in_colour: list[tuple[int, float, CMYK]]  # page, size, ink
    heaviest: tuple[int, CMYK] | None  # page, the fill or stroke with the most total ink


def total_ink(ink: CMYK) -> float:
    return sum(ink)


def ink_report(pdf: pikepdf.Pdf) -> InkReport:
    """Small text printed in more than black ink, and the heaviest ink, page by page."""
    small: list[tuple[int, float, CMYK]] = []
    heaviest: tuple[int, CMYK] | None = None
    for number, page in enumerate(pdf.pages, start=1):
        _, marks = _run(page, apply_rules=False)
        for mark in marks:
            if mark.kind == "text" and mark.size < LARGE_TEXT and any(mark.ink[:3]):
                small.append((number, mark.size, mark.ink))
            is_mark = mark.kind == "stroke" and mark.ink == REGISTRATION  # crop marks
            if not is_mark and (heaviest is None
                                             or total_ink(mark.ink) > total_ink(heaviest[1])):
                heaviest = (number, mark.ink)
    return InkReport(small, heaviest)
