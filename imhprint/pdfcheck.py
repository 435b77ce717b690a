"""Print preflight checks on a finished PDF, given as bytes.

A print shop rejects (or silently mangles) files with unembedded fonts, RGB colour where
CMYK was promised, text too small to read or too close to the trim, and ink in the area a
guillotine may cut. These functions look at the PDF as the printer will see it, not at the
ReportLab calls that made it, so they catch problems however they got in.

Two readers are used on purpose: pypdf for the object structure (boxes, fonts, images,
content-stream operators), and pdfium (via pypdfium2) for what is actually drawn (text
positions and sizes as printed, rendered pixels).
"""

from __future__ import annotations

import ctypes
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pypdf
import pypdfium2
import pypdfium2.raw as pdfium_c
from PIL import Image
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, StreamObject

Box = tuple[float, float, float, float]

COLOUR_OPERATORS = frozenset({"rg", "RG", "g", "G", "k", "K", "cs", "CS", "sc", "scn", "SC", "SCN"})

# Pixels whose every channel is at least this are "paper": leaves room for rendering noise.
WHITE_THRESHOLD = 250

# Tolerance for text_outside: PDF producers round coordinates, so exact boxes wobble.
OUTSIDE_TOLERANCE = 0.5

_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")

_INLINE_COLOUR_SPACE_ABBREVIATIONS = {
    "/G": "/DeviceGray",
    "/RGB": "/DeviceRGB",
    "/CMYK": "/DeviceCMYK",
    "/I": "/Indexed",
}


@dataclass(frozen=True)
class PageBoxes:
    """A page's boxes as (x0, y0, x1, y1) in PDF points, normalised so x0 <= x1, y0 <= y1."""

    media: Box
    trim: Box | None  # None when the page has no /TrimBox
    bleed: Box | None  # None when the page has no /BleedBox


@dataclass(frozen=True)
class TextRun:
    """One run of characters sharing font and size, on one line of one page."""

    page: int  # 1-based
    text: str
    font: str  # without a subset prefix like 'ABCDEF+'
    size: float  # effective size in points as printed (Tf size x text matrix x CTM)
    box: Box  # x0, y0, x1, y1 in PDF points, media-box coordinates (origin bottom-left)


# --------------------------------------------------------------------------- helpers


def _resolve(obj: object) -> object:
    """Follow an indirect reference, so callers can treat every value as direct."""
    return obj.get_object() if hasattr(obj, "get_object") and obj is not None else obj


def _dict(obj: object) -> DictionaryObject | None:
    """The object as a dictionary (streams are dictionaries too), or None."""
    obj = _resolve(obj)
    return obj if isinstance(obj, DictionaryObject) else None


def _strip_subset(name: str) -> str:
    """Drop the leading '/' and an 'ABCDEF+' subset tag: printers care about the font."""
    return _SUBSET_PREFIX.sub("", name.lstrip("/"))


def _box(value: object) -> Box:
    """A PDF rectangle as floats, normalised because PDF allows any two opposite corners."""
    x0, y0, x1, y1 = (float(_resolve(v)) for v in _resolve(value))
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def _object_key(obj: object) -> tuple[int, int] | int:
    """Identity of a PDF object, so shared forms and fonts are looked at once."""
    ref = getattr(obj, "indirect_reference", None)
    return (ref.idnum, ref.generation) if ref is not None else id(obj)


# ------------------------------------------------------- walking every content stream


def _appearance_streams(annot: object) -> Iterator[StreamObject]:
    """Every appearance stream of an annotation: /N, /R and /D, each maybe per state."""
    annot = _dict(annot)
    appearances = _dict(annot.get("/AP")) if annot is not None else None
    if appearances is None:
        return
    for key in ("/N", "/R", "/D"):
        entry = _resolve(appearances.get(key))
        if isinstance(entry, StreamObject):
            yield entry
        elif isinstance(entry, DictionaryObject):
            for state in entry.values():
                stream = _resolve(state)
                if isinstance(stream, StreamObject):
                    yield stream


def _child_streams(resources: DictionaryObject | None) -> Iterator[StreamObject]:
    """Content streams reachable from a resource dictionary.

    Form XObjects, tiling patterns, Type 3 glyph procedures and soft-mask groups all hold
    drawing operators and resources of their own, so all of them can carry fonts, images
    and colour.
    """
    if resources is None:
        return
    for xobject in (_dict(resources.get("/XObject")) or {}).values():
        xobject = _resolve(xobject)
        if isinstance(xobject, StreamObject) and xobject.get("/Subtype") == "/Form":
            yield xobject
    for pattern in (_dict(resources.get("/Pattern")) or {}).values():
        pattern = _resolve(pattern)
        if isinstance(pattern, StreamObject) and pattern.get("/PatternType") == 1:
            yield pattern
    for font in (_dict(resources.get("/Font")) or {}).values():
        font = _dict(font)
        if font is not None and font.get("/Subtype") == "/Type3":
            for proc in (_dict(font.get("/CharProcs")) or {}).values():
                proc = _resolve(proc)
                if isinstance(proc, StreamObject):
                    yield proc
    for state in (_dict(resources.get("/ExtGState")) or {}).values():
        smask = _dict((_dict(state) or {}).get("/SMask"))
        group = _resolve(smask.get("/G")) if smask is not None else None
        if isinstance(group, StreamObject):
            yield group


def _type3_resources(resources: DictionaryObject | None) -> dict[int, DictionaryObject]:
    """Type 3 glyph procedures use their font's /Resources: map each procedure to them."""
    found: dict[int, DictionaryObject] = {}
    for font in (_dict((resources or {}).get("/Font")) or {}).values():
        font = _dict(font)
        own = _dict(font.get("/Resources")) if font is not None else None
        if own is not None and font.get("/Subtype") == "/Type3":
            for proc in (_dict(font.get("/CharProcs")) or {}).values():
                found[id(_resolve(proc))] = own
    return found


def _content_holders(
    reader: pypdf.PdfReader,
) -> Iterator[tuple[pypdf.PageObject | StreamObject, DictionaryObject | None]]:
    """Every (page or content stream, its resources) in the document, each once.

    Pages, their annotations' appearance streams, and everything reachable from their
    resources (recursively). A stream without /Resources uses its parent's, as the PDF
    specification allows for old files.
    """
    seen: set[tuple[int, int] | int] = set()
    todo: list[tuple[StreamObject, DictionaryObject | None]] = []

    def push_children(resources: DictionaryObject | None) -> None:
        type3 = _type3_resources(resources)
        for child in _child_streams(resources):
            own = _dict(child.get("/Resources")) or type3.get(id(child))
            todo.append((child, own if own is not None else resources))

    for page in reader.pages:
        resources = _dict(page.get("/Resources"))
        yield page, resources
        push_children(resources)
        for annot in _resolve(page.get("/Annots")) or []:
            for stream in _appearance_streams(annot):
                todo.append((stream, _dict(stream.get("/Resources"))))
        while todo:
            stream, stream_resources = todo.pop()
            if _object_key(stream) in seen:
                continue
            seen.add(_object_key(stream))
            yield stream, stream_resources
            push_children(stream_resources)


def _operations(
    holder: pypdf.PageObject | StreamObject, reader: pypdf.PdfReader
) -> list[tuple[object, bytes]]:
    """The parsed (operands, operator) list of a page or stream; empty when it has none."""
    if isinstance(holder, pypdf.PageObject):
        contents = holder.get_contents()
        return contents.operations if contents is not None else []
    return ContentStream(holder, reader).operations


# ----------------------------------------------------------------------- page boxes


def page_boxes(pdf: bytes) -> list[PageBoxes]:
    """Media, trim and bleed box of every page.

    Trim and bleed are None when absent rather than defaulted to the crop box (as pypdf's
    properties do), because a print-ready file must state its trim explicitly.
    """
    result = []
    for page in _reader(pdf).pages:
        trim = page.get("/TrimBox")
        bleed = page.get("/BleedBox")
        result.append(
            PageBoxes(
                media=_box(page.mediabox),
                trim=_box(trim) if trim is not None else None,
                bleed=_box(bleed) if bleed is not None else None,
            )
        )
    return result


# ---------------------------------------------------------------------------- fonts


def _has_font_file(descriptor: object) -> bool:
    descriptor = _dict(descriptor)
    return descriptor is not None and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def _font_is_embedded(font: DictionaryObject) -> bool:
    """Whether the glyphs travel with the file, so the printer cannot substitute a font.

    Type 3 fonts are drawn by content streams inside the PDF, so they count as embedded.
    A Type 0 (composite) font keeps its glyphs in its descendant CIDFont.
    """
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True
    if subtype == "/Type0":
        descendants = [_dict(d) for d in _resolve(font.get("/DescendantFonts")) or []]
        return bool(descendants) and all(
            d is not None and _has_font_file(d.get("/FontDescriptor")) for d in descendants
        )
    return _has_font_file(font.get("/FontDescriptor"))


def unembedded_fonts(pdf: bytes) -> list[str]:
    """Names of every font used anywhere in the file whose glyphs are not embedded.

    Looks in page resources, form XObjects (recursively), annotation appearance streams,
    patterns, soft masks and Type 3 glyphs: a font in any of them gets printed. Names are
    sorted and unique, with any subset prefix removed.
    """
    names: set[str] = set()
    seen: set[tuple[int, int] | int] = set()
    for _holder, resources in _content_holders(_reader(pdf)):
        fonts = _dict((resources or {}).get("/Font")) or {}
        for resource_name, value in fonts.items():
            font = _dict(value)
            if font is None or _object_key(font) in seen:
                continue
            seen.add(_object_key(font))
            if not _font_is_embedded(font):
                names.add(_strip_subset(str(font.get("/BaseFont", resource_name))))
    return sorted(names)


# ---------------------------------------------------------------------------- text


@dataclass
class _Char:
    text: str
    font: str
    size: float
    box: Box
    origin: tuple[float, float]
    direction: tuple[float, float]  # unit vector along the baseline


class _CharReader:
    """Reads one character's properties through pdfium's raw text API.

    Holds the ctypes out-parameters so they are allocated once per page, not per char.
    """

    def __init__(self, textpage: pypdfium2.PdfTextPage) -> None:
        self.textpage = textpage
        self.name_buffer = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.doubles = [ctypes.c_double() for _ in range(4)]
        self.matrix = pdfium_c.FS_MATRIX()

    def is_generated(self, index: int) -> bool:
        """pdfium invents spaces and line breaks that are not in the file."""
        return pdfium_c.FPDFText_IsGenerated(self.textpage, index) == 1

    def font_name(self, index: int) -> str:
        needed = pdfium_c.FPDFText_GetFontInfo(
            self.textpage, index, self.name_buffer, len(self.name_buffer), self.flags
        )
        if needed > len(self.name_buffer):
            self.name_buffer = ctypes.create_string_buffer(needed)
            return self.font_name(index)
        return _strip_subset(self.name_buffer.value.decode("utf-8", "replace"))

    def box(self, index: int) -> Box:
        left, right, bottom, top = self.doubles
        pdfium_c.FPDFText_GetCharBox(
            self.textpage, index, *(ctypes.byref(d) for d in (left, right, bottom, top))
        )
        return (left.value, bottom.value, right.value, top.value)

    def origin(self, index: int) -> tuple[float, float]:
        x, y = self.doubles[:2]
        pdfium_c.FPDFText_GetCharOrigin(self.textpage, index, ctypes.byref(x), ctypes.byref(y))
        return (x.value, y.value)

    def geometry(self, index: int) -> tuple[tuple[float, float], float]:
        """Baseline direction and vertical scale, from the char's text matrix times CTM.

        The direction lets rotated text group into lines too. The vertical scale turns the
        nominal size into the printed one: FPDFText_GetFontSize reports only the size given
        to Tf, so 20 pt text under a 0.5 scale would otherwise read as 20 pt, not 10 pt.
        Horizontal scaling (Tz) squeezes width only and so leaves the size alone.
        """
        if not pdfium_c.FPDFText_GetMatrix(self.textpage, index, ctypes.byref(self.matrix)):
            return (1.0, 0.0), 1.0
        m = self.matrix
        length = math.hypot(m.a, m.b)
        direction = (m.a / length, m.b / length) if length else (1.0, 0.0)
        return direction, math.hypot(m.c, m.d)

    def char(self, index: int) -> _Char:
        code = pdfium_c.FPDFText_GetUnicode(self.textpage, index)
        direction, scale = self.geometry(index)
        return _Char(
            text=chr(code) if code else "\ufffd",
            font=self.font_name(index),
            size=pdfium_c.FPDFText_GetFontSize(self.textpage, index) * scale,
            box=self.box(index),
            origin=self.origin(index),
            direction=direction,
        )


def _same_line(first: _Char, previous: _Char, char: _Char) -> bool:
    """Whether char continues the line that first started (and previous last extended).

    Same line: the origin lies within a quarter of the font size of the first character's
    baseline, measured across the baseline direction, and does not jump backwards.
    """
    dx, dy = first.direction
    across = dx * (char.origin[1] - first.origin[1]) - dy * (char.origin[0] - first.origin[0])
    along = dx * (char.origin[0] - previous.origin[0]) + dy * (char.origin[1] - previous.origin[1])
    return abs(across) <= 0.25 * max(first.size, 1.0) and along >= -0.5 * max(first.size, 1.0)


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _make_run(page: int, chars: list[_Char]) -> TextRun | None:
    """A run from its characters, or None when it is only whitespace.

    Surrogate pairs (pdfium reports characters outside the BMP as two) are joined. The box
    covers the visible characters only: a space's box is empty and may sit anywhere.
    """
    text = "".join(c.text for c in chars).encode("utf-16", "surrogatepass")
    text = text.decode("utf-16", "replace").strip()
    visible = [c.box for c in chars if not c.text.isspace()]
    if not text or not visible:
        return None
    return TextRun(page, text, chars[0].font, chars[0].size, _union(visible))


def _page_runs(textpage: pypdfium2.PdfTextPage, page: int) -> list[TextRun]:
    """Group a page's characters into runs of one font and size on one line.

    A generated character (pdfium's inferred space or line break) ends a run, because it
    marks a gap or a new line that is not in the file's text.
    """
    reader = _CharReader(textpage)
    runs: list[TextRun] = []
    current: list[_Char] = []

    def flush() -> None:
        run = _make_run(page, current) if current else None
        if run is not None:
            runs.append(run)
        current.clear()

    for index in range(pdfium_c.FPDFText_CountChars(textpage)):
        if reader.is_generated(index):
            flush()
            continue
        char = reader.char(index)
        if current and not (
            char.font == current[0].font
            and math.isclose(char.size, current[0].size, abs_tol=0.01)
            and _same_line(current[0], current[-1], char)
        ):
            flush()
        current.append(char)
    flush()
    return runs


def text_runs(pdf: bytes) -> list[TextRun]:
    """Every run of visible text, with its font, printed size and position.

    The size is the one printed: pdfium's Tf size times the vertical scale of the text
    matrix and CTM, so 20 pt text drawn at half scale reports 10 pt, what a reader sees.
    """
    runs: list[TextRun] = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    runs.extend(_page_runs(textpage, index + 1))
                finally:
                    textpage.close()
            finally:
                page.close()
    finally:
        document.close()
    return runs


def smallest_text(runs: list[TextRun]) -> TextRun | None:
    """The run with the smallest printed size (the first such in reading order), if any."""
    return min(runs, key=lambda run: run.size, default=None)


def text_outside(runs: list[TextRun], area: Box) -> list[TextRun]:
    """Runs not wholly inside area (x0, y0, x1, y1), allowing 0.5 pt for rounding."""
    x0, y0, x1, y1 = area
    tol = OUTSIDE_TOLERANCE
    return [
        run
        for run in runs
        if run.box[0] < x0 - tol
        or run.box[1] < y0 - tol
        or run.box[2] > x1 + tol
        or run.box[3] > y1 + tol
    ]


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
    anti-aliasing from content exactly on the margin line can tint.
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


def ink_near_edges(pdf: bytes, margin: float, dpi: float = 50) -> list[tuple[int, str]]:
    """Pages with ink within margin points of the media box edge, and which edges.

    Ink there is at risk from the guillotine and from printers that cannot print to the
    edge. Each page is rendered at dpi; edges are named in the order top, right, bottom,
    left, e.g. (2, "top, left"). A margin narrower than two pixels at this dpi cannot be
    checked and reports nothing.
    """
    found: list[tuple[int, str]] = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                image = _render_media_box(page, dpi / 72)
                x0, y0, x1, y1 = page.get_mediabox()
            finally:
                page.close()
            band_x = margin * image.width / (x1 - x0)
            band_y = margin * image.height / (y1 - y0)
            edges = _inked_edges(image, band_x, band_y)
            if edges:
                found.append((index + 1, ", ".join(edges)))
    finally:
        document.close()
    return found


# ------------------------------------------------------------------------- colour


def colour_operators(pdf: bytes) -> set[str]:
    """Colour-setting operators used in any content stream of the file.

    A CMYK-only job should show only 'k' and 'K' (or 'cs'/'scn' with a CMYK space); 'rg'
    or 'RG' means RGB colour that the printer will convert its own way.
    """
    reader = _reader(pdf)
    found: set[str] = set()
    for holder, _resources in _content_holders(reader):
        for _operands, operator in _operations(holder, reader):
            name = operator.decode("latin-1")
            if name in COLOUR_OPERATORS:
                found.add(name)
    return found


def _describe_colour_space(value: object) -> str:
    """A colour space as a short string: '/DeviceCMYK', '/ICCBased(N=4)', '/Indexed(...)'."""
    value = _resolve(value)
    if not isinstance(value, ArrayObject) or not value:
        name = str(value)
        return _INLINE_COLOUR_SPACE_ABBREVIATIONS.get(name, name)
    family = str(_resolve(value[0]))
    family = _INLINE_COLOUR_SPACE_ABBREVIATIONS.get(family, family)
    if family == "/Indexed" and len(value) > 1:
        return f"/Indexed({_describe_colour_space(value[1])})"
    if family == "/ICCBased" and len(value) > 1:
        stream = _dict(value[1])
        return f"/ICCBased(N={stream.get('/N') if stream is not None else '?'})"
    if family == "/Separation" and len(value) > 1:
        return f"/Separation({_resolve(value[1])})"
    return family


def _inline_image_colour_spaces(
    holder: pypdf.PageObject | StreamObject,
    resources: DictionaryObject | None,
    reader: pypdf.PdfReader,
) -> set[str]:
    """Colour spaces of inline images (BI ... ID ... EI), which are images all the same.

    Parsing is skipped unless the raw stream could contain an inline image, because
    pypdf's content parser is slow on big pages.
    """
    if isinstance(holder, pypdf.PageObject):
        contents = holder.get_contents()
        data = contents.get_data() if contents is not None else b""
    else:
        data = holder.get_data()
    if b"BI" not in data:
        return set()
    named = _dict((resources or {}).get("/ColorSpace")) or {}
    found = set()
    for operands, operator in _operations(holder, reader):
        if operator != b"INLINE IMAGE":
            continue
        settings = operands.get("settings", {})
        if settings.get("/IM", settings.get("/ImageMask")):
            continue  # a stencil mask paints with the current colour: no space of its own
        space = settings.get("/CS", settings.get("/ColorSpace"))
        if space is not None:
            space = named.get(space, space)
            found.add(_describe_colour_space(space))
    return found


def image_colour_spaces(pdf: bytes) -> set[str]:
    """The /ColorSpace of every image, e.g. {'/DeviceCMYK'}.

    Image XObjects are found through pages, forms (recursively), annotations, patterns
    and soft masks; inline images are included too. A soft mask (/SMask) is a separate
    image referenced only from its parent, not from resources, so its DeviceGray never
    appears; stencil masks (/ImageMask) have no colour space and are skipped.
    """
    reader = _reader(pdf)
    found: set[str] = set()
    for holder, resources in _content_holders(reader):
        for xobject in (_dict((resources or {}).get("/XObject")) or {}).values():
            image = _dict(xobject)
            if image is None or image.get("/Subtype") != "/Image" or image.get("/ImageMask"):
                continue
            if "/ColorSpace" in image:
                found.add(_describe_colour_space(image["/ColorSpace"]))
        found |= _inline_image_colour_spaces(holder, resources, reader)
    return found
