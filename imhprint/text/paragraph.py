"""ShapedParagraph: a ReportLab flowable for text that must be shaped or read right to left.

It takes our markup and a ParagraphStyle like ReportLab's Paragraph, and behaves like one
in frames, panels and tables (wrap, split, bullets, space before and after), but breaks
lines on HarfBuzz's widths, orders each line by the bidi algorithm, aligns to the start
of its direction (right for Arabic and Urdu, with the bullet on the right), and draws
glyph runs. Each glyph cluster that does not read back as its own text is wrapped in
marked content with /ActualText, so the PDF's text can be copied and searched.
"""

from __future__ import annotations

from itertools import pairwise

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.fonts import ps2tt
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ..theme import direction_for
from .drawing import draw_run
from .layout import Line, Piece, ShapedText, glyph_room, lay_out, shape_paragraph
from .nestle import is_tall, nestle, nestle_under


class ShapedParagraph(Flowable):
    """A paragraph of author markup, shaped, bidi-ordered and broken on shaped widths."""

    def __init__(self, source: str, style: ParagraphStyle, language: str, *,
                 link_color: Color | None = None, links: bool = True,
                 whole: bool = False, bulletText: str | None = None,  # noqa: N803
                 match_letters: bool = False, glyph_lines: bool = False) -> None:
        super().__init__()
        self.source = str(source)  # author Text carries its line; shaping needs plain str
        self.style = style  # read at each wrap: a renderer may swap it after making us
        self.language = str(language)
        self.link_color = link_color
        self.links = links
        self.whole = whole  # never split across frames (folded leaflets)
        self.match_letters = match_letters  # posters: see shape_paragraph
        # posters: a tall family's lines as close as their glyphs allow (glyph_room)
        self.glyph_lines = glyph_lines
        self.bulletText = bulletText  # noqa: N815 (ReportLab's name, set by the renderer)
        self._lines: list[Line] | None = None  # fixed lines: one part of a split paragraph
        self._laid_out: tuple[tuple, list[Line]] | None = None
        # the paragraph above, in the same frame or box at the same width: a tall
        # family's first line nestles under its last (posters, see BlockRenderer.nestled)
        self.nestles_under: ShapedParagraph | None = None

    # ---- layout ---------------------------------------------------------------------------

    @property
    def shaped(self) -> ShapedText:
        bold = ps2tt(self.style.fontName)[1] == 1
        return shape_paragraph(self.source, self.language, bold, self.match_letters)

    @property
    def right_to_left(self) -> bool:
        return self.shaped.right_to_left

    @property
    def starts_at_right(self) -> bool:
        """Lines and the bullet stand at the right: on a right-to-left page, or for a
        paragraph that reads right to left on any page."""
        return self.right_to_left or direction_for(self.language) == "rtl"

    def lines(self, width: float) -> list[Line]:
        if self._lines is not None:
            return self._lines
        style = self.style
        key = (width, id(style), style.fontName, style.fontSize, style.leading,
               style.leftIndent, style.rightIndent, style.firstLineIndent)
        if self._laid_out is None or self._laid_out[0] != key:
            room = width - style.leftIndent - style.rightIndent

            def width_of_line(index: int) -> float:
                return room - (style.firstLineIndent if index == 0 else 0)

            lines = lay_out(self.shaped, style.fontSize, style.leading, width_of_line)
            starts = [self._line_x(line, index, width) for index, line in enumerate(lines)]
            # posters: a tall family's lines as close as their glyphs allow
            by_glyphs = self.glyph_lines and all(is_tall(line) for line in lines)
            if by_glyphs:
                lines = [glyph_room(line, style.fontSize, style.leading) for line in lines]
            lines = nestle(lines, starts, style.fontSize, style.leading,
                           family_line=not by_glyphs)
            above = self.nestles_under
            if above is not None and lines:
                above_lines = above.lines(width)
                last = above_lines[-1]
                upper_at = (above._line_x(last, len(above_lines) - 1, width),
                            above.style.fontSize, above.style.leading)
                lines[0] = nestle_under(last, upper_at, lines[0],
                                        (starts[0], style.fontSize, style.leading))
            self._laid_out = (key, lines)
        return self._laid_out[1]

    def inks_inside(self, width: float) -> bool:
        """Whether every line is as tall as its glyphs (a poster's tall lines), so no ink
        reaches below the paragraph's box."""
        return self.glyph_lines and all(is_tall(line) for line in self.lines(width))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = sum(line.height for line in self.lines(avail_width))
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self.whole:
            return []
        lines = self.lines(avail_width)
        used, fitting = 0.0, 0
        for line in lines:
            if used + line.height > avail_height + 1e-8:
                break
            used += line.height
            fitting += 1
        if fitting >= len(lines):
            return [self]
        if fitting <= 1:  # no orphans: a single line at the foot moves on with the rest
            return []
        return [self._part(lines[:fitting], self.bulletText),
                self._part(lines[fitting:], None)]

    def _part(self, lines: list[Line], bullet: str | None) -> ShapedParagraph:
        part = ShapedParagraph(self.source, self.style, self.language,
                               link_color=self.link_color, links=self.links,
                               whole=self.whole, bulletText=bullet,
                               match_letters=self.match_letters,
                               glyph_lines=self.glyph_lines)
        part._lines = lines
        return part

    def minWidth(self) -> float:  # noqa: N802 (ReportLab's name)
        """The widest word: what a table column must give this paragraph."""
        shaped, size = self.shaped, self.style.fontSize
        bounds = [0, *shaped.breaks, len(shaped.text)]
        widest = max((sum(shaped.advances[a:b]) for a, b in pairwise(bounds)),
                     default=0.0)
        return widest * size / 1000 + self.style.leftIndent + self.style.rightIndent

    def natural_width(self) -> float:
        """The width of the whole text on one line."""
        style = self.style
        return (sum(self.shaped.advances) * style.fontSize / 1000 + style.leftIndent
                + style.rightIndent)

    def getPlainText(self, identify: object = None) -> str:  # noqa: N802 (ReportLab's name)
        return self.shaped.text

    # ---- drawing --------------------------------------------------------------------------

    def draw(self) -> None:
        canv: Canvas = self.canv
        lines = self.lines(self.width)
        canv.saveState()
        top = self.height
        for index, line in enumerate(lines):
            baseline = top - line.ascent
            x = self._line_x(line, index)
            for piece in line.pieces:
                self._draw_piece(canv, piece, x, baseline)
                x += piece.width
            if self.links:
                self._link_line(canv, line, self._line_x(line, index), baseline)
            if index == 0 and self.bulletText:
                self._draw_bullet(canv, baseline)
            top -= line.height
        canv.restoreState()

    def _line_x(self, line: Line, index: int, width: float | None = None) -> float:
        """Where a line starts: at the start side of the paragraph's direction."""
        style = self.style
        width = self.width if width is None else width
        start_indent = style.leftIndent + (style.firstLineIndent if index == 0 else 0)
        end_indent = style.rightIndent
        rtl = self.starts_at_right
        left, right = (end_indent, width - start_indent) if rtl else \
            (start_indent, width - end_indent)
        if style.alignment == TA_CENTER:
            return left + (right - left - line.width) / 2
        at_right = (style.alignment == TA_RIGHT) != rtl  # 'right' in RTL means the end
        return right - line.width if at_right else left

    def _color(self, piece: Piece) -> Color:
        if piece.span.url and self.link_color is not None:
            return self.link_color
        return self.style.textColor

    def _draw_piece(self, canv: Canvas, piece: Piece, x: float, baseline: float) -> None:
        canv.setFillColor(self._color(piece))
        size = self.style.fontSize * piece.span.scale
        draw_run(canv, piece.span.font, size, x, baseline, self.shaped.text,
                 piece.glyphs, piece.end)

    def _link_line(self, canv: Canvas, line: Line, x: float, baseline: float) -> None:
        """One link area per stretch of a line that leads to one address, whichever
        direction the line reads in."""
        stretches: list[list] = []  # [url, x0, x1]
        for piece in line.pieces:
            url = piece.span.url
            if url and stretches and stretches[-1][0] == url and stretches[-1][2] == x:
                stretches[-1][2] = x + piece.width
            elif url:
                stretches.append([url, x, x + piece.width])
            x += piece.width
        size = self.style.fontSize
        for url, x0, x1 in stretches:
            canv.linkURL(url, (x0, baseline - size * 0.25, x1, baseline + size * 0.9),
                         relative=1, kind="URI")

    def _draw_bullet(self, canv: Canvas, baseline: float) -> None:
        """The bullet at the start side of the first line: left, or right in RTL."""
        style = self.style
        size = style.bulletFontSize or style.fontSize
        bullet = shape_paragraph(self.bulletText, self.language, False)
        lines = lay_out(bullet, size, size, lambda _: 10_000)
        if not lines:
            return
        line = lines[0]
        x = self.width - style.bulletIndent - line.width if self.starts_at_right \
            else style.bulletIndent
        canv.setFillColor(style.bulletColor or style.textColor)
        for piece in line.pieces:
            draw_run(canv, piece.span.font, size, x, baseline, bullet.text, piece.glyphs,
                     piece.end)
            x += piece.width
