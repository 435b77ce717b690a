"""Stage 2: turn content blocks into ReportLab flowables.

One renderer serves every format: a layout passes its type scale and column count,
and gets back flowables sized for its sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable

from . import model
from .authortext import STYLE_STRUCTURE, AuthorText, WholeParagraph, no_lone_last_word
from .blocktypes import BlockTypes
from .colours import ColourPair
from .contacts import ContactLedger, Origin
from .covers import CoverPanels
from .flowables import BlockMarker, keep_whole
from .images import PlacedPicture
from .model import Edition, Service
from .panels import ContactPanels
from .pieces import BlockPieces
from .strings import Strings
from .structure import StructureBuilder
from .styles import StyleSheet, colour_pairs
from .text.direction import LEFT_TO_RIGHT, Direction
from .theme import PALETTE, Fonts, Palette, TypeScale

# imported from here by the layouts, preflight and the tests
__all__ = ["STYLE_STRUCTURE", "BlockRenderer", "RenderContext", "StyleSheet", "WholeParagraph",
           "colour_pairs", "no_lone_last_word"]


@dataclass(frozen=True)
class RenderContext:
    """What a layout tells the renderer about the page it is filling."""

    fonts: Fonts
    scale: TypeScale
    strings: Strings
    services: dict[str, Service]
    assets_dir: Path
    frame_width: float
    columns: int = 2
    compact_contacts: bool = False  # posters: name, number and hours only
    palette: Palette = PALETTE
    edition: Edition | None = None
    links: bool = True  # clickable links; print-shop files have none
    whole_paragraphs: bool = False  # folded leaflets: never break a paragraph over a fold
    cmyk: bool = False  # pictures converted to CMYK for a print shop
    ledger: ContactLedger | None = None  # told every contact detail printed
    # right to left (Arabic, Urdu): rows, cards, bars and icons mirror through this
    direction: Direction = LEFT_TO_RIGHT
    # False (large print): one column all through, so a number goes under its name
    side_by_side: bool = True
    # A list of up to this many items never splits over a page or fold. Large print sets
    # fewer: at 18 pt eight items fill half a page, and keeping them whole would leave one
    # half empty.
    unsplit_list_items: int = 8
    # posters: paragraphs that never part nestle a tall family's lines (text/nestle.py)
    nestled_lines: bool = False


# The group each block's elements are read in; None: its paragraphs stand on their own.
BLOCK_STRUCTURE: dict[type, str | None] = {
    model.Bullets: "L", model.Tips: "Div", model.Callout: "Sect", model.Quote: "BlockQuote",
    model.Contacts: "Div", model.LocalServices: "Div", model.QRCode: "Div",
}


# A list straight after a heading or a lead-in ("Call 999 or go to A&E now if your baby:")
# is the set of signs that sentence names: a parent must see them all together, so it is
# never split over a page or fold in any format, large print included, up to this many
# items (at 18 pt, about half an A4 page). A list on its own follows the format's limit.
LED_IN_LIST_ITEMS = 8


class BlockRenderer(AuthorText, BlockPieces, BlockTypes, CoverPanels, ContactPanels):
    """Content blocks as flowables, each block in its group of the structure tree.

    Its parts live in a module each: author text as tagged paragraphs (authortext.py),
    the pieces cards and rows are made of (pieces.py), one method per block type
    (blocktypes.py), covers and the notes panel (covers.py), and contact and hub panels
    (panels.py)."""

    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self.direction = ctx.direction
        self.palette = ctx.palette
        self.styles = StyleSheet(ctx.fonts, ctx.scale, ctx.palette)
        self._normal_styles = self.styles
        self._large_styles = StyleSheet(ctx.fonts, ctx.scale, ctx.palette, large=True)
        self.placed_pictures: list[PlacedPicture] = []
        self.structure = StructureBuilder(ctx.strings.language)  # the tagged PDF's elements
        self._printing: tuple[Origin | None, str | None] = (None, None)
        self._renderers: dict[type, Callable[[model.Block], list[Flowable]]] = {
            model.Heading: self._heading,
            model.Paragraph: self._paragraph,
            model.Bullets: self._bullets,
            model.Tips: self._tips,
            model.Cues: self._cues,
            model.Callout: self._callout,
            model.Quote: self._quote,
            model.Contacts: self._contacts,
            model.LocalServices: self._local_services,
            model.QRCode: self._qr,
            model.Image: self._image,
        }

    # ---- public -------------------------------------------------------------------------

    def story(self, blocks: list[model.Block]) -> list[Flowable]:
        """All blocks, each preceded by a marker naming it (for overflow messages)."""
        flowables: list[Flowable] = []
        keep_together = False  # the previous block leads into this one
        for index, block in enumerate(blocks):
            flowables.append(BlockMarker(block, keep_with_next=keep_together))
            rendered = self.render(block)
            if keep_together and isinstance(block, model.Bullets) \
                    and len(block.items) <= LED_IN_LIST_ITEMS:
                keep_whole(rendered)  # the signs a lead-in names are read together
            flowables.extend(rendered)
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            # a heading, or a paragraph leading into a list ("Call 111 if your baby:"),
            # never ends a page or column apart from what follows it
            keep_together = isinstance(block, model.Heading) or (
                isinstance(block, model.Paragraph) and isinstance(following, model.Bullets))
            if keep_together and rendered:
                rendered[-1].keepWithNext = 1
        return flowables

    def render(self, block: model.Block) -> list[Flowable]:
        # a large block is drawn with the far-reading styles; every other with the normal
        large = block.size == "large"
        self.styles = self._large_styles if large else self._normal_styles
        try:
            with self.structure.group(self._block_structure(block)):
                return self._renderers[type(block)](block)
        finally:
            self.styles = self._normal_styles

    def _block_structure(self, block: model.Block) -> str | None:
        if isinstance(block, model.Cues):  # a table, or cards on a narrow page
            return "Table" if self.ctx.columns > 1 else "Div"
        return BLOCK_STRUCTURE.get(type(block))

    def colour_pairs(self) -> list[ColourPair]:
        """Every colour this renderer draws on another (see ``colour_pairs``)."""
        return colour_pairs(self.ctx.fonts, self.ctx.scale, self.palette)
