"""Saddle-stitch imposition: a booklet's A5 pages on A4 landscape sheets, as printed.

A booklet of N pages (a multiple of 4) is N/4 sheets, printed both sides, stacked,
folded down the middle and stapled on the fold. The pages on each side are printer's
spreads: sheet ``s`` (from 0) carries N-2s | 2s+1 on its front and 2s+2 | N-2s-1 on its
back, so for 8 pages: sheet 1 front 8|1, back 2|7; sheet 2 front 6|3, back 4|5. Folded,
the pages read 1 to N.

Each A5 page arrives with its own bleed (from the press profile); on the sheet it keeps
the bleed on its three outer edges and is cut at the fold, where it meets its neighbour.
The sheet gets its own crop marks, a fold mark at the spine, TrimBox and BleedBox, and
the bookmarks keep the reader's order, each pointing at the sheet side its page is on.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

# pikepdf (and the PDF/X step) are imported where a booklet is imposed: the booklet layout
# imports this module, and a build with every PDF up to date must not load qpdf.

Box = tuple[float, float, float, float]
REGISTRATION = "1 1 1 1 K"
MARK_WIDTH = 0.25


def printer_spreads(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers of each sheet side, front then back, sheet by sheet."""
    if pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {pages}")
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 2 * sheet, 2 * sheet + 1))
        sides.append((2 * sheet + 2, pages - 2 * sheet - 1))
    return sides


@dataclass(frozen=True)
class SheetGeometry:
    """Sizes in points: one finished page, the bleed, and the slug outside it."""

    page_width: float
    page_height: float
    bleed: float
    slug: float

    @property
    def offset(self) -> float:
        return self.bleed + self.slug

    @property
    def media(self) -> Box:
        return (0, 0, 2 * self.page_width + 2 * self.offset, self.page_height + 2 * self.offset)

    @property
    def trim(self) -> Box:
        o = self.offset
        return (o, o, o + 2 * self.page_width, o + self.page_height)

    @property
    def bleed_box(self) -> Box:
        x0, y0, x1, y1 = self.trim
        return (x0 - self.bleed, y0 - self.bleed, x1 + self.bleed, y1 + self.bleed)

    def page_left(self, right_hand: bool) -> float:
        """Where a page's trim starts on the sheet."""
        return self.offset + (self.page_width if right_hand else 0)


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _place(name: str, geometry: SheetGeometry, right_hand: bool) -> str:
    """Draw one page's form, cut at the fold, keeping the bleed on its outer edges."""
    g = geometry
    left = g.page_left(right_hand)
    clip_x0 = left if right_hand else left - g.bleed
    clip_width = g.page_width + g.bleed
    dx = left - g.offset  # the page's own trim sits at its offset from its corner
    clip = " ".join(_number(v) for v in (clip_x0, g.offset - g.bleed, clip_width,
                                         g.page_height + 2 * g.bleed))
    return f"q {clip} re W n 1 0 0 1 {_number(dx)} 0 cm /{name} Do Q\n"


def _marks(geometry: SheetGeometry) -> str:
    """Crop marks at the sheet's corners and a fold mark at the spine, in the slug."""
    g = geometry
    x0, y0, x1, y1 = g.trim
    near, far = g.bleed + 1, g.offset - 1
    lines = []
    for x in (x0, x1):
        lines += [(x, y0 - near, x, y0 - far), (x, y1 + near, x, y1 + far)]
    for y in (y0, y1):
        lines += [(x0 - near, y, x0 - far, y), (x1 + near, y, x1 + far, y)]
    spine = (x0 + x1) / 2
    fold = [(spine, y0 - near, spine, y0 - far), (spine, y1 + near, spine, y1 + far)]
    drawn = "".join(f"{_number(a)} {_number(b)} m {_number(c)} {_number(d)} l S\n"
                    for a, b, c, d in lines)
    folded = "".join(f"{_number(a)} {_number(b)} m {_number(c)} {_number(d)} l S\n"
                     for a, b, c, d in fold)
    return (f"q {REGISTRATION} {MARK_WIDTH} w\n{drawn}[2 2] 0 d\n{folded}Q\n")


def _page_of_destination(source: pikepdf.Pdf, item: pikepdf.OutlineItem) -> int | None:
    import pikepdf

    destination = item.destination
    if destination is None and item.action is not None:
        destination = item.action.get("/D")
    if isinstance(destination, (pikepdf.String, str)):
        names = pikepdf.NameTree(source.Root.Names.Dests)
        destination = names.get(str(destination))
        if isinstance(destination, pikepdf.Dictionary):
            destination = destination.D
    if not isinstance(destination, pikepdf.Array) or not len(destination):
        return None
    target = destination[0]
    for index, page in enumerate(source.pages):
        if page.obj.objgen == target.objgen:
            return index
    return None


def _bookmarks(source: pikepdf.Pdf) -> list[tuple[str, int]]:
    """The source's top-level bookmarks, in order, with the page (from 0) each opens."""
    found = []
    with source.open_outline() as outline:
        for item in outline.root:
            page = _page_of_destination(source, item)
            if page is not None:
                found.append((item.title, page))
    return found


def impose_saddle_stitch(pdf: bytes, geometry: SheetGeometry) -> bytes:
    """The booklet's pages (reader's order, with bleed) on sheets, as PDF/X for press."""
    import pikepdf

    from .pdfx import PDF_HEADER_VERSION, make_pdfx

    with pikepdf.open(io.BytesIO(pdf)) as source, pikepdf.new() as sheets:
        count = len(source.pages)
        forms = [sheets.copy_foreign(page.as_form_xobject()) for page in source.pages]
        side_of_page = {}
        for side, (left, right) in enumerate(printer_spreads(count)):
            sheets.add_blank_page(page_size=geometry.media[2:])
            page = sheets.pages[-1]
            page.obj.TrimBox = pikepdf.Array(geometry.trim)
            page.obj.BleedBox = pikepdf.Array(geometry.bleed_box)
            page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(
                {f"/P{left}": forms[left - 1], f"/P{right}": forms[right - 1]}))
            content = (_place(f"P{left}", geometry, right_hand=False)
                       + _place(f"P{right}", geometry, right_hand=True) + _marks(geometry))
            page.obj.Contents = sheets.make_stream(content.encode())
            side_of_page[left - 1] = side_of_page[right - 1] = side
        with sheets.open_outline() as outline:
            for title, page in _bookmarks(source):
                outline.root.append(pikepdf.OutlineItem(title, side_of_page[page]))
        sheets.Root.PageMode = pikepdf.Name.UseOutlines
        # copied across files: an object of one Pdf may not be put in another
        if "/Lang" in source.Root:
            sheets.Root.Lang = pikepdf.String(str(source.Root.Lang))
        info = sheets.make_indirect(pikepdf.Dictionary())
        for key, value in source.trailer.Info.items():
            info[key] = pikepdf.Name(str(value)) if isinstance(value, pikepdf.Name) \
                else pikepdf.String(bytes(value))
        sheets.trailer.Info = info
        make_pdfx(sheets)
        out = io.BytesIO()
        sheets.save(out, deterministic_id=True, compress_streams=True,
                    force_version=PDF_HEADER_VERSION)
        return out.getvalue()
