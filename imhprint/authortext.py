"""Author text as paragraphs: the switch to the text path for shaped or right-to-left
text, the structure tree's tag for each, and the contact ledger told what prints."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from .contacts import Origin, keep_numbers_whole
from .flowables import ParagraphFlowable
from .markup import plain_text, to_reportlab
from .profiles import colour_for_markup
from .schema import Text
from .structure import ARTIFACT, Element, tag
from .text import ShapedParagraph, needs_text_path
from .theme import fonts_for


class WholeParagraph(ParagraphFlowable):
    """A paragraph that moves whole to the next column rather than break across it."""

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []


class HeadingFlowable(ParagraphFlowable):
    """A paragraph that the layout turns into a PDF bookmark.

    Its last two words are joined (no_lone_last_word) only where the pair fits on a line:
    on a narrow panel a long pair ("plânsul\u00a0bebelușului" at title size) would be
    one word too wide, which ReportLab cuts mid-word; there they wrap apart instead."""

    outline_text = ""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        joined = [w for w in self.text.split(" ") if "\u00a0" in w]
        style = self.style
        room = availWidth - style.leftIndent - style.rightIndent
        if joined and stringWidth(re.sub(r"<[^>]*>", "", joined[-1]), style.fontName,
                                  style.fontSize) > room:
            outline = self.outline_text, getattr(self, "outline_level", 1)
            self.__init__(self.text.replace("\u00a0", " "), style)
            self.outline_text, self.outline_level = outline
        return super().wrap(availWidth, availHeight)


# What a paragraph is in the structure tree, by its style; any other style is a P.
# (Heading levels are made sequential when the tree is written.)
STYLE_STRUCTURE = {"title": "H1", "heading": "H2", "far_heading": "H2", "card_title": "H3",
                   "far_tip_title": "H3", "callout_title": "H3"}


LONE_WORD_MAX = 12  # a last word up to this long is kept with the word before it


def no_lone_last_word(text: str) -> str:
    """A heading whose last word never stands alone on its line ("Where to get / help"):
    the last two words are joined by a no-break space, so they wrap together."""
    head, space, last = text.rpartition(" ")
    if not space or " " not in head.strip() or len(last) > LONE_WORD_MAX or "](" in last:
        return text
    return f"{head}\u00a0{last}"


class AuthorText:
    """Author text set as tagged paragraphs and figures, and told to the ledger.

    Mixed into ``BlockRenderer``, whose ``ctx``, ``styles``, ``palette``,
    ``direction`` and ``structure`` these methods use."""

    def para(self, text: str, style: ParagraphStyle,
             paragraph_class: type[ParagraphFlowable] | None = None,
             language: str | None = None) -> Flowable:
        """Author text as a paragraph: the one switch to the text path, for text that needs
        shaping or right-to-left order; ReportLab's Paragraph for the rest. The contact
        ledger is told what it prints, and phone numbers never wrap between digit groups.
        ``language``: text in another language than the page's (a draft band's English
        line), still set at the page's start side.

        The paragraph is tagged for the structure tree: a heading or a paragraph by its
        style, in the group open in ``self.structure``, with its language."""
        self._note_printed(text)
        own = language is None or language == self.ctx.strings.language
        language = language or self.ctx.strings.language
        element = self.structure.element(STYLE_STRUCTURE.get(style.name, "P"),
                                         text=plain_text(text), lang=language)
        if not own and self.direction.right_to_left:
            style = ParagraphStyle(f"{style.name}_start", parent=style,
                                   alignment=self.direction.start_alignment)
        # another language's text in another font goes by the text path, which picks its
        # script's font (the style's is the page's, which may not have its letters)
        if (not own and fonts_for(language) != self.ctx.fonts) \
                or needs_text_path(plain_text(text), language):
            return tag(ShapedParagraph(keep_numbers_whole(text), style, language,
                                       link_color=self.palette.accent, links=self.ctx.links,
                                       whole=self.ctx.whole_paragraphs,
                                       # posters size letters, not points (theme.py),
                                       # and a tri-fold its tall script's phone lines
                                       match_letters=bool(self.ctx.scale.far) or style.name
                                       in self.ctx.scale.letters_matched,
                                       glyph_lines=self.ctx.nestled_lines), element)
        if paragraph_class is None:
            paragraph_class = WholeParagraph if self.ctx.whole_paragraphs else ParagraphFlowable
        return tag(paragraph_class(self.markup(keep_numbers_whole(text)), style), element)

    def figure(self, flowable: Flowable, alt: str | None) -> Flowable:
        """A picture, logo or QR code: a Figure with its alt text; without alt text
        (a decorative picture), an artifact."""
        element = self.structure.element("Figure", alt=alt) if alt else Element(ARTIFACT)
        return tag(flowable, element)

    @contextmanager
    def printing_for(self, origin: Origin | None,
                     kind_hint: str | None = None) -> Iterator[None]:
        """Text printed inside belongs to ``origin`` (a service's card) for the ledger."""
        before = self._printing
        self._printing = (origin, kind_hint)
        try:
            yield
        finally:
            self._printing = before

    def _note_printed(self, text: str) -> None:
        """Tell the ledger the numbers and addresses in text about to be printed."""
        if self.ctx.ledger is not None:
            origin, kind_hint = self._printing
            seen = plain_text(text)
            self.ctx.ledger.note_text(Text(seen, getattr(text, "line", 0)), origin, kind_hint)

    def _note_detail(self, kind: str, value: str) -> None:
        """Tell the ledger a detail it cannot pick out of the words, such as opening times."""
        if self.ctx.ledger is not None:
            self.ctx.ledger.note(kind, value, self._printing[0], getattr(value, "line", 0))

    def markup(self, text: str) -> str:
        """Paragraph markup for author text, links in the accent colour."""
        return to_reportlab(text, colour_for_markup(self.palette.accent), self.ctx.links)

    def _heading_flowable(self, text: str, style: ParagraphStyle,
                          level: int = 1) -> Flowable:
        flowable = self.para(no_lone_last_word(text), style, HeadingFlowable)
        flowable.outline_text = plain_text(text)
        flowable.outline_level = level
        return flowable

    def nestled(self, stack: list[Flowable]) -> list[Flowable]:
        """Paragraphs stacked at one width that never part (a poster's unsplit list, the
        header's title and intro, a card's lines): on a poster, each shaped paragraph's
        first line nestles under the one above, which moves only a tall family's lines
        (Nastaliq: text/nestle.py)."""
        if self.ctx.nestled_lines:
            for upper, lower in pairwise(stack):
                if isinstance(upper, ShapedParagraph) and isinstance(lower, ShapedParagraph):
                    lower.nestles_under = upper
        return stack
