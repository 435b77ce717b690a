"""The bands across the top of every page: a sample edition's, and a draft
translation's."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from imhprint.flowables import BoxStyle, Panel, SideBySide, draw_stack, stack_height
from imhprint.imprint import (
    SAMPLE_BAND_GAP,
    draw_sample_band,
    sample_band_bottom,
    sample_band_height,
    sample_band_size,
)
from imhprint.text.line import line_width
from imhprint.theme import bold_by_letter_height, fonts_for


class TopBands:
    """The sample band (a sample edition says so on every page) and the draft band (a
    translation not yet checked), and the content's top below them.

    Mixed into ``Layout``, whose ``env``, ``strings``, ``fonts``, ``scale``, ``palette``
    and ``renderer`` it uses; formats with panels override ``band_spans``."""

    def band_spans(self, page: int) -> list[tuple[float, float]]:
        """Where a band across the top (the sample band, a draft translation's band) goes
        on a page: (left edge, width) of each part; one across the text on most formats."""
        return [(self.geometry.margin_x, self.frame_width)]

    def draw_sample_band(self, canv: Canvas, page: int) -> None:
        """A sample edition says so at the top of every page, so no one prints it as real."""
        if not self.env.imprint.sample:
            return
        size = self.sample_band_size()
        spans = self.band_spans(page)
        draw_sample_band(canv, spans, self.pagesize[1], size, self.fonts, self.palette,
                         self.strings["sample_band"], self.strings.language)
        words = self._sample_band_words()
        bottom = sample_band_bottom(self.pagesize[1], size, *words)
        height = sample_band_height(size, *words)
        self._note_fine_print(page, [(x, bottom, x + width, bottom + height)
                                     for x, width in spans], size)

    def _sample_band_words(self) -> tuple[str, str, str]:
        """The band's words, language and font: Nastaliq words need a taller band."""
        return self.strings["sample_band"], self.strings.language, self.fonts.bold

    def sample_band_size(self) -> float:
        return sample_band_size(self.geometry.margin_top, self.scale.fine)

    def content_top(self, inset: float) -> float:
        """The top of the content ``inset`` below the sheet's top, or lower in a sample
        edition, to stay clear of the band."""
        top = self.pagesize[1] - inset
        if self.env.imprint.sample:
            band = sample_band_bottom(self.pagesize[1], self.sample_band_size(),
                                      *self._sample_band_words()) - SAMPLE_BAND_GAP
            top = min(top, band)
        return top

    def _translation_band(self, width: float) -> list[Any]:
        """The draft band: the English words and the translation's side by side on one
        row when they fit it (the English at the left, a rule between), at the band's size
        or a little smaller, never under the footer's small print nor the format's
        smallest text; else one above the other. One row leaves the content more room on
        every page and panel."""
        translation = self.env.translation
        if translation is None or not translation.band:
            return []
        palette, scale = self.palette, self.scale
        box = BoxStyle(background=palette.warning_tint, bar=palette.warning,
                       radius=scale.corner_radius, padding=scale.padding * 0.5)
        inner = width - 2 * box.padding - 6  # the panel's bar and padding
        # the first line in the language translated from, the second in the translation's
        languages = [translation.source_language, translation.language]
        lines = list(zip(translation.band, languages, strict=False))
        gap = scale.padding * 1.2
        size, smallest = scale.detail, max(scale.fine, scale.minimum)  # as preflight allows
        while len(lines) == 2 and size >= smallest:
            widths = [line_width(text, language, fonts_for(language).bold, size) + 1
                      for text, language in lines]
            if sum(widths) + gap <= inner:
                left, right = (self._band_line(text, language, size)
                               for text, language in lines)
                return [Panel([SideBySide(left, right, widths[0], gap, palette.warning)],
                              box, direction=self.direction)]
            size -= 0.5
        # one above the other, a tall script's letters as tall as the English capitals
        # (theme.py), so its line takes less room. Not nestled: a Nastaliq alef under
        # the English line's letters crowds the two languages of a band read at a glance
        stacked = [self._band_line(text, language, bold_by_letter_height(
            scale.detail, language, smallest)) for text, language in lines]
        return [Panel(stacked, box, direction=self.direction)]

    def _band_line(self, text: str, language: str, size: float) -> Any:
        # card text (ink on the warning tint: a pair preflight checks), set tight: the
        # band takes room from the content, and posters have little to spare
        style = ParagraphStyle("band", parent=self.renderer.styles.card_text, spaceAfter=0,
                               fontSize=size, leading=size * 1.15)
        return self.renderer.para(f"**{text}**", style, language=language)

    def translation_band_height(self) -> float:
        """Room the band takes at the top of every page (0 on a checked translation)."""
        spans = self.band_spans(1)
        heights = [stack_height(self._translation_band(width), width)
                   for _, width in spans]
        tallest = max(heights, default=0)
        return tallest + self.scale.gap * 0.7 if tallest else 0

    def draw_translation_band(self, canv: Canvas, page: int) -> None:
        """A draft's band on every page: "Draft translation: not yet checked", in the
        English and in the translation's language."""
        top = self.content_top(self.geometry.margin_top)
        for left, width in self.band_spans(page):
            band = self._translation_band(width)
            if band:
                draw_stack(canv, band, left, top, width)
