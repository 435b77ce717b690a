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
STATE_OPERATORS = {"q", "Q", "cm", "w", "k", "K", "BT", "Tf", "Tm"}  # make no mark
Instruction = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage
Operation = Instruction | tuple[list, pikepdf.Operator]  # read, or written in
_FILL_OPERATOR, _STROKE_OPERATOR = pikepdf.Operator("k"), pikepdf.Operator("K")


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

    def _set_fill(self, ink: CMYK, out: list[Operation]) -> None:
        if ink != self.state.fill_set:
            self.state = replace(self.state, fill_set=ink)
            out.append(([*ink], _FILL_OPERATOR))

    def _set_stroke(self, ink: CMYK, out: list[Operation]) -> None:
        if ink != self.state.stroke_set:
            self.state = replace(self.state, stroke_set=ink)
            out.append(([*ink], _STROKE_OPERATOR))

    def _update(self, name: str, operands: list) -> None:
        """Follow an operator that changes the graphics or text state."""
        state = self.state
        if name == "q":
            self.stack.append(state)
            return
        if name == "Q":
            if self.stack:
                self.state = self.stack.pop()
            return
        if name == "BT":
            self.text_matrix = IDENTITY
            return
        numbers = [float(v) for v in operands if isinstance(v, NUMBER_TYPES)]
        if name == "cm" and len(numbers) == 6:
            self.state = replace(state, ctm=_multiply(tuple(numbers), state.ctm))
        elif name == "w" and numbers:
            self.state = replace(state, line_width=numbers[0])
        elif name == "k" and len(numbers) == 4:
            ink = tuple(numbers)
            self.state = replace(state, fill=ink, fill_set=ink)
        elif name == "K" and len(numbers) == 4:
            ink = tuple(numbers)
            self.state = replace(state, stroke=ink, stroke_set=ink)
        elif name == "Tf" and numbers:
            self.font_size = numbers[-1]
        elif name == "Tm" and len(numbers) == 6:
            self.text_matrix = tuple(numbers)

    def step(self, instruction: Instruction, out: list[Operation]) -> None:
        """Follow one operation, adding to ``out`` what is written for it: the ink its
        mark prints in when that is not the ink in effect, then the operation itself
        (its operands are read only when the state needs them: that is slow)."""
        name, state = str(instruction.operator), self.state
        if name in STATE_OPERATORS:
            self._update(name, instruction.operands)
        elif name in TEXT_SHOWS:
            size = self.font_size * _vertical_scale(_multiply(self.text_matrix, state.ctm))
            ink = _text_ink(state, size) if self.apply_rules else state.fill
            self._set_fill(ink, out)
            self.marks.append(Mark("text", ink, size))
        else:
            if name in FILLS:
                self._set_fill(state.fill, out)
                self.marks.append(Mark("fill", state.fill))
            if name in STROKES:
                ink = _stroke_ink(state) if self.apply_rules else state.stroke
                self._set_stroke(ink, out)
                self.marks.append(Mark("stroke", ink, state.line_width * _scale(state.ctm)))
        if self.apply_rules:
            # written back as Python values, so numbers are spelt as they always were
            # ("0.69"; passed through, qpdf keeps ReportLab's ".69")
            out.append((list(instruction.operands), instruction.operator))
        else:
            out.append(instruction)


def _run(page: pikepdf.Page, apply_rules: bool = True) -> tuple[list[Operation], list[Mark]]:
    interpreter = _Interpreter(apply_rules)
    operations: list[Operation] = []
    for instruction in pikepdf.parse_content_stream(page):
        interpreter.step(instruction, operations)
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
