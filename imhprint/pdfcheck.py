"""Print preflight checks on a finished PDF.

A print shop rejects (or silently mangles) files with unembedded fonts, RGB colour where
CMYK was promised, text too small to read or too close to the trim, and ink in the area a
guillotine may cut. These checks look at the PDF as the printer will see it, not at the
ReportLab calls that made it, so they catch problems however they got in (a drawing, an
SVG icon, a font fallback).

Readers are used on purpose: pikepdf (qpdf) for the objects every profile reads (the
structure tree, the fonts: ``pdffonts``, and the press rules: ``press.checks``, whose
inks are read once), pypdf for the press profile's boxes, content-stream colour
operators and images, and pdfium (via pypdfium2) for what is actually drawn (text
positions and sizes as printed, the bounds of every drawn object, rendered pixels).

``PdfFacts`` reads a PDF once for every rule: each reader is opened when a rule first
needs it, and each fact worked out once, then kept. How each fact is read, and why it is
exact yet cheap:

- Text comes from pdfium's page objects, one per text-showing operator (so one font, one
  size, one baseline), each with its font, size, matrix and bounds: a few calls into
  pdfium per object, not six per character.
- Ink near the edges is first ruled out from the bounds of every drawn object (path,
  text, image, form, shading), which contain all the ink the object can make; only a page
  with an object reaching into the margin is rendered, and then checked pixel by pixel.
- Colour operators are found by a tokenizer that reads strings, names and comments
  whole (``pdfcolour``), with pypdf's full parser only for a stream it cannot read.

The functions taking bytes (``text_runs(pdf)`` and the rest) each read one fact, for
one-off use and tests.
"""

from __future__ import annotations

import ctypes
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from types import TracebackType
from typing import TypeVar

import pikepdf
import pypdf
import pypdfium2
import pypdfium2.raw as pdfium_c
from PIL import Image
from pypdf.generic import DictionaryObject

from .pdfcolour import (  # COLOUR_OPERATORS: re-exported for the checks that name them
    COLOUR_OPERATORS,  # noqa: F401
    Holder,
    content_holders,
    content_stream,
    resolve,
    scan_content,
    xobject_image_spaces,
)
from .pdffonts import FontFacts, font_facts, strip_subset
from .press.inks import InkReport, ink_report
from .structure.reader import Tagging, read_tagging

Box = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]  # a b c d e f, as in PDF
Fact = TypeVar("Fact")

# Pixels whose every channel is at least this are "paper": leaves room for rendering noise.
WHITE_THRESHOLD = 250

# Tolerance for text_outside: PDF producers round coordinates, so exact boxes wobble.
OUTSIDE_TOLERANCE = 0.5

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class PageBoxes:
    """A page's boxes as (x0, y0, x1, y1) in PDF points, normalised so x0 <= x1, y0 <= y1."""

    media: Box
    trim: Box | None  # None when the page has no /TrimBox
    bleed: Box | None  # None when the page has no /BleedBox


@dataclass(frozen=True)
class TextRun:
    """One run of characters sharing font and size, on one line of one page: what one
    text-showing operator (Tj, TJ, ' or ") draws."""

    page: int  # 1-based
    text: str  # without leading or trailing spaces
    font: str  # without a subset prefix like 'ABCDEF+'
    size: float  # effective size in points as printed (Tf size x text matrix x CTM)
    box: Box  # x0, y0, x1, y1 in PDF points, media-box coordinates (origin bottom-left)


@dataclass(frozen=True, eq=False)
class _TextObject:
    """A text object as first read: what the rules sort and filter on. Its characters and
    font name are read only when a rule needs them (see PdfFacts._run)."""

    page: int  # 0-based
    handle: object  # pdfium's FPDF_PAGEOBJECT, valid while its page is open
    size: float
    box: Box


@dataclass
class _DrawnPage:
    """What pdfium found drawn on one page."""

    media: Box
    # The bounds of each object drawn directly on the page (a form counts as one, its
    # bounds holding all it draws); None where pdfium could give none.
    bounds: list[Box | None] = field(default_factory=list)
    text: list[_TextObject] = field(default_factory=list)  # in drawing order, forms' too


# --------------------------------------------------------------------------- helpers


def _box(value: object) -> Box:
    """A PDF rectangle as floats, normalised because PDF allows any two opposite corners."""
    x0, y0, x1, y1 = (float(resolve(v)) for v in resolve(value))
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _concat(inner: Matrix, outer: Matrix) -> Matrix:
    """inner, then outer: the matrix of an object inside a form, in the form's parent."""
    a, b, c, d, e, f = inner
    oa, ob, oc, od, oe, of = outer
    return (a * oa + b * oc, a * ob + b * od, c * oa + d * oc, c * ob + d * od,
            e * oa + f * oc + oe, e * ob + f * od + of)


def _transform_box(box: Box, matrix: Matrix) -> Box:
    """The upright box holding box's four corners after matrix."""
    if matrix == IDENTITY:
        return box
    a, b, c, d, e, f = matrix
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))


# ------------------------------------------------------------------- drawn objects


class _ObjectReader:
    """Reads pdfium page objects: ctypes out-parameters made once, font names by handle."""

    def __init__(self) -> None:
        self.corners = [ctypes.c_float() for _ in range(4)]
        self.size = ctypes.c_float()
        self.matrix = pdfium_c.FS_MATRIX()
        # the out-parameters' references, made once: a page has hundreds of objects
        self._corner_refs = tuple(ctypes.byref(v) for v in self.corners)
        self._size_ref, self._matrix_ref = ctypes.byref(self.size), ctypes.byref(self.matrix)
        self.text_buffer = ctypes.create_string_buffer(1024)
        self.name_buffer = ctypes.create_string_buffer(256)
        self.font_names: dict[int | None, str] = {}

    def bounds(self, obj: object) -> Box | None:
        """The object's bounds in its parent's space (the page, or the form holding it)."""
        left, bottom, right, top = self.corners
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *self._corner_refs):
            return None
        return (left.value, bottom.value, right.value, top.value)

    def object_matrix(self, obj: object) -> Matrix:
        """A text object's text matrix times the CTM, or a form's /Matrix times the CTM."""
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, self._matrix_ref):
            return IDENTITY
        m = self.matrix
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def font_size(self, obj: object) -> float:
        """The size given to Tf (the matrix scales it to the printed size)."""
        if not pdfium_c.FPDFTextObj_GetFontSize(obj, self._size_ref):
            return 0.0
        return self.size.value

    def font_name(self, obj: object) -> str:
        """The /BaseFont the file names, without a subset tag (pdfium before pypdfium2 5.0
        could give only the family of the font it drew with, a stand-in when not
        embedded: hence that floor)."""
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        key = ctypes.cast(font, ctypes.c_void_p).value
        if key not in self.font_names:
            self.font_names[key] = strip_subset(self._base_font_name(font)) if key else ""
        return self.font_names[key]

    def _base_font_name(self, font: object) -> str:
        needed = pdfium_c.FPDFFont_GetBaseFontName(font, self.name_buffer,
                                                   len(self.name_buffer))
        if needed > len(self.name_buffer):
            self.name_buffer = ctypes.create_string_buffer(needed)
            return self._base_font_name(font)
        return self.name_buffer.value.decode("utf-8", "replace")

    def text(self, obj: object, textpage: pypdfium2.PdfTextPage) -> str:
        """The text object's characters, as pdfium's text page reads them."""
        buffer = self.text_buffer
        needed = pdfium_c.FPDFTextObj_GetText(
            obj, textpage, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), len(buffer))
        if needed > len(buffer):
            self.text_buffer = ctypes.create_string_buffer(needed)
            return self.text(obj, textpage)
        # UTF-16 with a final NUL; decoding joins the surrogate pairs of non-BMP characters
        return buffer.raw[:max(needed - 2, 0)].decode("utf-16-le", "replace")


_TEXT, _FORM = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM


def _read_objects(reader: _ObjectReader, drawn: _DrawnPage, page: int,
                  children: tuple[Callable[..., int], Callable[..., object]],
                  parent: object, matrix: Matrix, top_level: bool) -> None:
    """Record the objects under parent (a page, or a form object inside one).

    matrix maps the parent's space to the page's. Text inside forms is read as text on
    the page, as a printer sees it; only the page's own objects' bounds are kept, since a
    form's bounds already hold everything inside it.
    """
    count, get = children
    for index in range(count(parent)):
        obj = get(parent, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        box = reader.bounds(obj)
        if box is not None:
            box = _transform_box(box, matrix)
        if top_level:
            drawn.bounds.append(box)
        if kind == _TEXT and box is not None:
            # The vertical scale of the full matrix turns the Tf size into the printed one;
            # horizontal scaling (Tz) squeezes width only and so leaves it alone.
            _a, _b, c, d, _e, _f = _concat(reader.object_matrix(obj), matrix)
            size = reader.font_size(obj) * math.hypot(c, d)
            drawn.text.append(_TextObject(page, obj, size, box))
        elif kind == _FORM:
            inner = _concat(reader.object_matrix(obj), matrix)
            _read_objects(reader, drawn, page, _FORM_CHILDREN, obj, inner, False)


_PAGE_CHILDREN = (pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject)
_FORM_CHILDREN = (pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject)


def _reaches_margin(drawn: _DrawnPage, margin: float) -> bool:
    """Whether any object's bounds come within margin of the media box edge.

    Bounds hold all the ink an object can make (glyph boxes, stroke width and mitres,
    the image square; clipping only takes ink away), so a page where this is False has
    no ink near its edges, and need not be rendered. An object pdfium gives no bounds
    for counts as reaching the margin. Objects wholly off the sheet are never printed.
    """
    x0, y0, x1, y1 = drawn.media
    for box in drawn.bounds:
        if box is None:
            return True
        if box[2] <= x0 or box[0] >= x1 or box[3] <= y0 or box[1] >= y1:
            continue
        if (box[0] < x0 + margin or box[1] < y0 + margin
                or box[2] > x1 - margin or box[3] > y1 - margin):
            return True
    return False


# ------------------------------------------------------------------------- pixels


def _render_media_box(page: pypdfium2.PdfPage, scale: float) -> Image.Image:
    """The whole media box, unrotated, on white paper, without annotations.

    The crop box is widened to the media box and /Rotate is cleared (on this in-memory
    copy only) so the edges checked are the media box's own left, right, top and bottom.
    """
    page.set_cropbox(*page.get_mediabox())
    page.set_rotation(0)
    bitmap = page.render(
        scale=scale,
        fill_color=(255, 255, 255, 255),
        draw_annots=False,
        may_draw_forms=False,
    )
    try:
        return bitmap.to_pil().convert("RGB")  # convert copies, so the bitmap may close
    finally:
        bitmap.close()


def _has_ink(image: Image.Image, box: tuple[int, int, int, int]) -> bool:
    """Whether any pixel in box has a channel darker than paper white."""
    extrema = image.crop(box).getextrema()
    if isinstance(extrema[0], (int, float)):  # single-band image
        extrema = (extrema,)
    return any(low < WHITE_THRESHOLD for low, _high in extrema)


def _inked_edges(image: Image.Image, band_x: float, band_y: float) -> list[str]:
    """Which edges have ink in their band of band_x / band_y pixels.

    Only pixels wholly inside the band count, less the innermost row or column, which
    anti-aliasing from content exactly on the margin line can tint. So ink must come at
    least a whole pixel closer to the edge than the margin to count: the slack that lets
    _reaches_margin rule pages out from bounds alone.
    """
    width, height = image.size
    nx = max(math.floor(band_x) - 1, 0)
    ny = max(math.floor(band_y) - 1, 0)
    bands = {
        "top": (0, 0, width, ny),
        "right": (width - nx, 0, width, height),
        "bottom": (0, height - ny, width, height),
        "left": (0, 0, nx, height),
    }
    return [
        edge
        for edge, box in bands.items()
        if box[2] > box[0] and box[3] > box[1] and _has_ink(image, box)
    ]


def _page_inked_edges(page: pypdfium2.PdfPage, margin: float, dpi: float) -> list[str]:
    """The edges of one page with ink within margin points, from a render at dpi."""
    image = _render_media_box(page, dpi / 72)
    x0, y0, x1, y1 = page.get_mediabox()
    return _inked_edges(image, margin * image.width / (x1 - x0),
                        margin * image.height / (y1 - y0))


# --------------------------------------------------------------------------- the facts


class PdfFacts:
    """Everything the preflight rules read from one PDF, each read once and kept.

    Use it as a context manager (or call close()), so pdfium's copy is freed promptly.
    """

    def __init__(self, pdf: bytes) -> None:
        self.pdf = pdf
        self._textpages: dict[int, pypdfium2.PdfTextPage] = {}
        self._runs: dict[_TextObject, TextRun | None] = {}

    def __enter__(self) -> PdfFacts:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Free pdfium's copy: text pages, then pages, then the document."""
        for textpage in self._textpages.values():
            textpage.close()
        self._textpages.clear()
        for page in self.__dict__.pop("_pages", []):
            page.close()
        if "_document" in self.__dict__:
            self.__dict__.pop("_document").close()
        if "objects" in self.__dict__:
            self.__dict__.pop("objects").close()

    # ---- the two readers

    @cached_property
    def _reader(self) -> pypdf.PdfReader:
        return pypdf.PdfReader(io.BytesIO(self.pdf))

    @cached_property
    def _document(self) -> pypdfium2.PdfDocument:
        return pypdfium2.PdfDocument(self.pdf)

    @cached_property
    def objects(self) -> pikepdf.Pdf:
        """The file's objects as qpdf reads them, open for every rule that reads objects
        (the tags, the press rules): opened once, closed with the facts."""
        return pikepdf.open(io.BytesIO(self.pdf))

    @cached_property
    def _holders(self) -> list[tuple[Holder, DictionaryObject | None]]:
        return list(content_holders(self._reader))

    # ---- structure

    @property
    def pages(self) -> int:
        return len(self._document)

    @cached_property
    def page_boxes(self) -> list[PageBoxes]:
        """Media, trim and bleed box of every page.

        Trim and bleed are None when absent rather than defaulted to the crop box (as
        pypdf's properties do), because a print-ready file must state its trim explicitly.
        """
        result = []
        for page in self._reader.pages:
            trim = page.get("/TrimBox")
            bleed = page.get("/BleedBox")
            result.append(PageBoxes(
                media=_box(page.mediabox),
                trim=_box(trim) if trim is not None else None,
                bleed=_box(bleed) if bleed is not None else None,
            ))
        return result

    @cached_property
    def _fonts(self) -> FontFacts:
        return font_facts(self.objects)

    @property
    def font_names(self) -> list[str]:
        """The /BaseFont of every font used anywhere in the file (with its subset tag),
        one for each font object, found where ``unembedded_fonts`` looks."""
        return self._fonts.base_fonts

    @property
    def unembedded_fonts(self) -> list[str]:
        """Every font used anywhere in the file whose glyphs are not embedded.

        Looks in page resources, form XObjects (recursively), annotation appearance
        streams, patterns, soft masks and Type 3 glyphs: a font in any of them gets printed.
        """
        return self._fonts.unembedded

    @cached_property
    def _content(self) -> tuple[set[str], set[str]]:
        operators: set[str] = set()
        inline_spaces: set[str] = set()
        for holder, resources in self._holders:
            content = content_stream(holder, self._reader)
            if content is not None:
                found, spaces = scan_content(content, resources)
                operators |= found
                inline_spaces |= spaces
        return operators, inline_spaces

    @property
    def colour_operators(self) -> set[str]:
        """Colour-setting operators used in any content stream of the file.

        A CMYK-only job should show only 'k' and 'K' (or 'cs'/'scn' with a CMYK space);
        'rg' or 'RG' means RGB colour that the printer will convert its own way.
        """
        return self._content[0]

    @cached_property
    def image_colour_spaces(self) -> set[str]:
        """The /ColorSpace of every image, e.g. {'/DeviceCMYK'}.

        Image XObjects are found through pages, forms (recursively), annotations, patterns
        and soft masks; inline images are included too.
        """
        found = set(self._content[1])
        for _holder, resources in self._holders:
            found |= xobject_image_spaces(resources)
        return found

    @cached_property
    def tagging(self) -> Tagging:
        """The structure tree and the catalogue's tagging entries (tagged PDF)."""
        return read_tagging(self.objects)

    @cached_property
    def inks(self) -> InkReport:
        """Small text printed in colour and the heaviest ink, page by page (press)."""
        return ink_report(self.objects)

    # ---- what is drawn

    @cached_property
    def _pages(self) -> list[pypdfium2.PdfPage]:
        """Every page, loaded once and kept open: text objects are read from them later."""
        return [self._document[index] for index in range(len(self._document))]

    @cached_property
    def _objects(self) -> _ObjectReader:
        return _ObjectReader()

    @cached_property
    def _drawn(self) -> list[_DrawnPage]:
        result = []
        for index, page in enumerate(self._pages):
            drawn = _DrawnPage(media=tuple(page.get_mediabox()))
            _read_objects(self._objects, drawn, index, _PAGE_CHILDREN, page, IDENTITY, True)
            result.append(drawn)
        return result

    def _textpage(self, index: int) -> pypdfium2.PdfTextPage:
        """A page's text, loaded the first time a run's characters are wanted from it."""
        if index not in self._textpages:
            self._textpages[index] = self._pages[index].get_textpage()
        return self._textpages[index]

    def _run(self, obj: _TextObject) -> TextRun | None:
        """The run a text object draws, or None when it draws only spaces."""
        if obj not in self._runs:
            text = self._objects.text(obj.handle, self._textpage(obj.page)).strip()
            self._runs[obj] = TextRun(obj.page + 1, text, self._objects.font_name(obj.handle),
                                      obj.size, obj.box) if text else None
        return self._runs[obj]

    @cached_property
    def _marked(self) -> dict[tuple[int, int], list[_TextObject]]:
        """The text objects of each marked-content sequence, by (page, 1-based, and
        MCID), in drawing order: their characters are read only when asked for."""
        marked: dict[tuple[int, int], list[_TextObject]] = {}
        for obj in self._text_objects():
            mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj.handle)
            if mcid >= 0:
                marked.setdefault((obj.page + 1, mcid), []).append(obj)
        return marked

    @property
    def marked_content(self) -> list[tuple[int, int]]:
        """Every marked-content sequence with text in it, as (page, MCID), in the order
        first drawn (its text: ``marked_text``)."""
        return list(self._marked)

    def marked_text(self, key: tuple[int, int]) -> str:
        """The text one marked-content sequence draws ("" for none, or only spaces):
        characters are read for the sequences a rule asks about, not for every one."""
        return " ".join(run.text for obj in self._marked.get(key, [])
                        if (run := self._run(obj)) is not None)

    def _text_objects(self) -> list[_TextObject]:
        return [obj for drawn in self._drawn for obj in drawn.text]

    @property
    def text_runs(self) -> list[TextRun]:
        """Every run of visible text, with its font, printed size and position, in the
        order drawn.

        The size is the one printed: Tf size times the vertical scale of the text matrix
        and CTM, so 20 pt text drawn at half scale reports 10 pt, what a reader sees. The
        box is pdfium's bounds of the text object: its glyphs' boxes, a space counting as
        a point on the baseline.
        """
        return [run for obj in self._text_objects() if (run := self._run(obj)) is not None]

    def smallest_text(self, below: float = math.inf,
                      minimum_at: Callable[[int, Box], float] | None = None
                      ) -> TextRun | None:
        """The run with the smallest printed size, of those smaller than below (the first
        such in drawing order), if any. With minimum_at, (page, box) -> the size allowed
        there, a run counts only if it is also smaller than that: a layout's small print,
        drawn smaller on purpose, is held to its own size where it was drawn.

        Characters are read only for runs smaller than below, smallest first, so a file
        with no text too small has none read at all.
        """
        smaller = sorted((obj for obj in self._text_objects() if obj.size < below and (
                             minimum_at is None or obj.size < minimum_at(obj.page + 1,
                                                                          obj.box))),
                         key=lambda obj: obj.size)  # sorting is stable: ties keep order
        return next((run for obj in smaller if (run := self._run(obj)) is not None), None)

    def text_outside(self, area: Box) -> list[TextRun]:
        """Runs not wholly inside area, as text_outside(runs, area): characters are read
        only for the runs outside."""
        return [run for obj in self._text_objects()
                if _outside(obj.box, area) and (run := self._run(obj)) is not None]

    def ink_near_edges(self, margin: float, dpi: float = 50) -> list[tuple[int, str]]:
        """Pages with ink within margin points of the media box edge, and which edges.

        Ink there is at risk from the guillotine and from printers that cannot print to
        the edge. A page whose objects all keep clear of the margin has no ink there; any
        other is rendered at dpi and its pixels looked at. Type 3 glyphs may draw outside
        their declared boxes, so a file with a Type 3 font has every page rendered. Edges
        are named in the order top, right, bottom, left, e.g. (2, "top, left"). A margin
        narrower than two pixels at this dpi cannot be checked and reports nothing.
        """
        found: list[tuple[int, str]] = []
        type3 = self._fonts.type3
        for index, drawn in enumerate(self._drawn):
            if not type3 and not _reaches_margin(drawn, margin):
                continue
            edges = _page_inked_edges(self._pages[index], margin, dpi)
            if edges:
                found.append((index + 1, ", ".join(edges)))
        return found


# ------------------------------------------------------- one fact from a PDF's bytes


def _one_fact(pdf: bytes, fact: Callable[[PdfFacts], Fact]) -> Fact:
    with PdfFacts(pdf) as facts:
        return fact(facts)


def page_boxes(pdf: bytes) -> list[PageBoxes]:
    """Media, trim and bleed box of every page (see PdfFacts.page_boxes)."""
    return _one_fact(pdf, lambda facts: facts.page_boxes)


def unembedded_fonts(pdf: bytes) -> list[str]:
    """Names of every font used anywhere whose glyphs are not embedded (see PdfFacts)."""
    return _one_fact(pdf, lambda facts: facts.unembedded_fonts)


def text_runs(pdf: bytes) -> list[TextRun]:
    """Every run of visible text, with its font, printed size and position (see PdfFacts)."""
    return _one_fact(pdf, lambda facts: facts.text_runs)


def ink_near_edges(pdf: bytes, margin: float, dpi: float = 50) -> list[tuple[int, str]]:
    """Pages with ink within margin points of the sheet's edge (see PdfFacts)."""
    return _one_fact(pdf, lambda facts: facts.ink_near_edges(margin, dpi))


def colour_operators(pdf: bytes) -> set[str]:
    """Colour-setting operators used in any content stream of the file (see PdfFacts)."""
    return _one_fact(pdf, lambda facts: facts.colour_operators)


def image_colour_spaces(pdf: bytes) -> set[str]:
    """The /ColorSpace of every image in the file (see PdfFacts)."""
    return _one_fact(pdf, lambda facts: facts.image_colour_spaces)


# ------------------------------------------------------------------ reading the runs


def smallest_text(runs: list[TextRun]) -> TextRun | None:
    """The run with the smallest printed size (the first such in drawing order), if any."""
    return min(runs, key=lambda run: run.size, default=None)


def text_outside(runs: list[TextRun], area: Box) -> list[TextRun]:
    """Runs not wholly inside area (x0, y0, x1, y1), allowing 0.5 pt for rounding."""
    return [run for run in runs if _outside(run.box, area)]


def inside(box: Box, area: Box) -> bool:
    """Whether box is wholly inside area, allowing OUTSIDE_TOLERANCE for rounding."""
    return not _outside(box, area)


def _outside(box: Box, area: Box) -> bool:
    """Whether box is not wholly inside area, allowing OUTSIDE_TOLERANCE for rounding."""
    tol = OUTSIDE_TOLERANCE
    return (box[0] < area[0] - tol or box[1] < area[1] - tol
            or box[2] > area[2] + tol or box[3] > area[3] + tol)
