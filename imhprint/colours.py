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

    def describe(self) -> str:
        size = f", {self.size:g} pt{' bold' if self.bold else ''}" if self.is_text else ""
        return f"{self.label} ({hex_of(self.ink)} on {hex_of(self.ground)}{size})"


def low_contrast(pairs: list[ColourPair]) -> list[tuple[ColourPair, float]]:
    """Pairs below the contrast they need, with their ratio."""
    found = {}
    for pair in pairs:
        ratio = contrast_ratio(pair.ink, pair.ground)
        if ratio < pair.needed:
            found.setdefault((hex_of(pair.ink), hex_of(pair.ground), pair.needed), (pair, ratio))
    return list(found.values())


def low_greyscale_contrast(pairs: list[ColourPair]) -> list[tuple[ColourPair, float]]:
    """Pairs that fall below 3:1 once printed in greyscale."""
    found = {}
    for pair in pairs:
        ratio = contrast_ratio(greyscale(pair.ink), greyscale(pair.ground))
        if ratio < MIN_GREYSCALE_CONTRAST:
            found.setdefault((hex_of(pair.ink), hex_of(pair.ground)), (pair, ratio))
    return list(found.values())


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
