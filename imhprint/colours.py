"""Edition colours: parsed from "#RRGGBB" and checked for contrast before use."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from reportlab.lib.colors import Color, HexColor, linearlyInterpolatedColor

from .schema import Context, FieldType, ScalarNode, line_of
from .theme import Palette, contrast_ratio, greyscale, hex_of, is_large_text

MIN_TEXT_CONTRAST = 4.5
MIN_LARGE_TEXT_CONTRAST = 3.0
MIN_GREYSCALE_CONTRAST = 3.0


@dataclass(frozen=True)
class ColourPair:
    """A colour drawn on another: text (with its size) or a meaningful graphic (an icon)."""

    label: str  # what it is, in words: "card titles on the tip cards"
    ink: Color
    ground: Color
    size: float = 0  # points; 0 for a graphic
    bold: bool = False
    fields: tuple[str, ...] = ()  # the palette colours involved, to say where to fix them

    @property
    def is_text(self) -> bool:
        return self.size > 0

    @property
    def needed(self) -> float:
        """The contrast the pair needs in colour: 4.5:1, or 3:1 for large text and graphics."""
        if not self.is_text or is_large_text(self.size, self.bold):
            return MIN_LARGE_TEXT_CONTRAST
        return MIN_TEXT_CONTRAST

    def describe(self, where: str = "") -> str:
        size = f", {self.size:.3g} pt{' bold' if self.bold else ''}" if self.is_text else ""
        place = f", in the {where} format" if where else ""
        return f"{self.label} ({hex_of(self.ink)} on {hex_of(self.ground)}{size}{place})"


def shortfall(pair: ColourPair) -> float:
    """How far a pair is from the contrast it needs: above 1 when it falls short."""
    return pair.needed / contrast_ratio(pair.ink, pair.ground)


def greyscale_ratio(pair: ColourPair) -> float:
    return contrast_ratio(greyscale(pair.ink), greyscale(pair.ground))


@dataclass(frozen=True)
class ColourProblem:
    """Every pair drawn in the same two colours that falls short, said once: the worst
    case (the one furthest below what it needs) stands for the rest."""

    worst: ColourPair
    where: str  # the format the worst case is printed in
    kinds: int  # how many kinds of text or graphic use these two colours and fall short
    contrast: float | None  # the worst case's ratio when it is too low in colour, else None
    grey: float | None  # the ratio in greyscale when too low, else None
    text: bool  # text falls short (not only icons)

    def describe(self) -> str:
        return self.worst.describe(self.where)


def colour_problem(pairs: list[tuple[str, ColourPair]]) -> ColourProblem | None:
    """The problem with pairs in the same two colours (from any format), or None.

    ``pairs`` are (format name, pair). In colour, small text needs more contrast than
    large text, so the worst case is the one furthest below its need; in greyscale every
    pair needs 3:1, so the worst case is the smallest text.
    """
    low = [(where, pair) for where, pair in pairs if shortfall(pair) > 1]
    grey = [(where, pair) for where, pair in pairs
            if greyscale_ratio(pair) < MIN_GREYSCALE_CONTRAST]
    if not low and not grey:
        return None
    if low:
        where, worst = max(low, key=lambda item: shortfall(item[1]))
    else:
        where, worst = min(grey, key=lambda item: (not item[1].is_text, item[1].size))
    failing = {pair.label for _, pair in [*low, *grey]}
    return ColourProblem(
        worst, where, len(failing),
        contrast_ratio(worst.ink, worst.ground) if low else None,
        greyscale_ratio(worst) if grey else None,
        any(pair.is_text for _, pair in [*low, *grey]))


class ColourField(FieldType):
    description = "a colour like #0B5563"

    def parse(self, node: Any, ctx: Context, name: str) -> Any:
        value = node.value.strip() if isinstance(node, ScalarNode) else ""
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
            shown = value or "not text"
            return ctx.error(node, f"'{name}' is '{shown}', which is not a colour: write it "
                             'as # and six hex digits, in quotes, for example "#0B5563"')
        color = HexColor(value)
        color.line = line_of(node)
        return color


def edition_palette(base: Palette, accent: Color, tint: Color | None) -> Palette:
    """The theme's palette with an edition's accent (and tint) swapped in."""
    tint = tint or linearlyInterpolatedColor(accent, HexColor("#FFFFFF"), 0, 1, 0.88)
    mid = linearlyInterpolatedColor(accent, HexColor("#FFFFFF"), 0, 1, 0.55)
    return replace(base, accent=accent, accent_tint=tint, accent_mid=mid)
