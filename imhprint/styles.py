"""Paragraph styles for one format, all derived from the theme, and the colour pairs
they draw (what preflight checks for contrast)."""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from .colours import ColourPair
from .theme import Fonts, Palette, TypeScale


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


GROUND_NAMES = {"paper": "the paper", "accent_tint": "the tint", "warm_tint": "the tip cards",
                "warning_tint": "warning boxes", "accent": "the accent colour"}


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
