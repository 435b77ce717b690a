"""Print profiles: how a PDF is made for the printer that will print it.

``office`` suits the hub's own printer: RGB, and no ink near the sheet edge, which office
printers cannot reach. ``press`` suits a print shop: 3 mm bleed, crop marks, TrimBox and
BleedBox on every page, and every colour and picture in CMYK.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.units import mm

from .press.icc import black_only, is_near_black, rgb_to_cmyk
from .theme import Palette


@dataclass(frozen=True)
class PrintProfile:
    name: str
    description: str
    bleed: float            # extra picture beyond the trim on every edge, in points
    slug: float             # room outside the bleed for crop marks
    cmyk: bool
    links: bool             # clickable web links (a print shop's file needs none)
    edge_clear: float       # no ink at all within this distance of the sheet edge (0: no rule)
    text_inset: float       # text at least this far inside the finished (trimmed) edge
    min_image_ppi: int      # pictures below this resolution at printed size get a warning
    folder: str             # where its PDFs go inside the output folder ("" for the top)

    @property
    def mark_offset(self) -> float:
        """How far the sheet's corner is from the trim corner in a press PDF."""
        return self.bleed + self.slug if self.bleed else 0.0


PROFILES = {
    "office": PrintProfile(
        name="office", description="office printer: RGB, nothing within 6 mm of the edge",
        bleed=0, slug=0, cmyk=False, links=True, edge_clear=6 * mm, text_inset=6 * mm,
        min_image_ppi=150, folder=""),
    "press": PrintProfile(
        name="press", description="print shop: 3 mm bleed, crop marks, CMYK",
        bleed=3 * mm, slug=10 * mm, cmyk=True, links=False, edge_clear=0,
        text_inset=5 * mm, min_image_ppi=300, folder="press"),
}
DEFAULT_PROFILE = PROFILES["office"]
REGISTRATION = CMYKColor(1, 1, 1, 1)  # prints on every plate: for crop and fold marks


def to_cmyk(color: Color) -> CMYKColor:
    """The press CMYK for an RGB colour, through the press ICC profile (see press/icc.py);
    greys and near-blacks (the body text's ink) print on black ink alone, as light as
    the colour.

    Text in black ink only stays sharp when the plates are slightly misaligned; small
    text in any other colour is put on black at the end (press/inks.py).
    """
    if isinstance(color, CMYKColor):
        return color
    rgb = (color.red, color.green, color.blue)
    inks = rgb_to_cmyk(*rgb)
    if is_near_black(*rgb):
        inks = black_only(inks)
    return CMYKColor(*inks)


def cmyk_palette(palette: Palette) -> Palette:
    """The same palette with every colour in CMYK."""
    return Palette(**{f.name: to_cmyk(getattr(palette, f.name)) for f in fields(Palette)})


def colour_for_markup(color: Color) -> str:
    """A colour as paragraph markup accepts it, RGB or CMYK."""
    if isinstance(color, CMYKColor):
        return "cmyk({:.4f},{:.4f},{:.4f},{:.4f})".format(*color.cmyk())
    return "#" + color.hexval()[2:]
