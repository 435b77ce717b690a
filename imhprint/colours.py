"""Edition colours: parsed from "#RRGGBB" and checked for contrast before use."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from reportlab.lib.colors import Color, HexColor, linearlyInterpolatedColor

from .schema import Context, FieldType, ScalarNode, line_of
from .theme import Palette, contrast_ratio, hex_of

MIN_TEXT_CONTRAST = 4.5


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


def text_pairs(palette: Palette) -> list[tuple[str, Color, str, Color]]:
    """Every (text colour, background) pair the layouts draw that involves the accent."""
    return [
        ("the accent colour", palette.accent, "white paper", palette.paper),
        ("the accent colour", palette.accent, "the tint", palette.accent_tint),
        ("white table headings", palette.on_accent, "the accent colour", palette.accent),
        ("body text", palette.ink, "the tint", palette.accent_tint),
        ("small print", palette.muted_ink, "the tint", palette.accent_tint),
    ]


def contrast_problems(palette: Palette) -> list[str]:
    """Plain-language reasons the palette is too low in contrast to read (empty if fine)."""
    problems = []
    for text_name, text, ground_name, ground in text_pairs(palette):
        ratio = contrast_ratio(text, ground)
        if ratio < MIN_TEXT_CONTRAST:
            problems.append(
                f"{text_name} ({hex_of(text)}) on {ground_name} ({hex_of(ground)}) has "
                f"contrast {ratio:.1f}:1, below the {MIN_TEXT_CONTRAST}:1 needed for text")
    return problems
