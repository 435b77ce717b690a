"""Preflight's press rules, read from the finished PDF as a print shop's check reads it.

- ``pdfx_problems``: PDF/X-1a:2003 identification (Info and XMP saying the same) and one
  OutputIntent for FOGRA39 with its profile;
- ``small_text_problems``: text up to the body size on black ink alone;
- ``ink_problems``: no fill or stroke above the 300 % total ink limit;
- ``picture_ink_problems``: the same limit for the pixels of every picture (a warning:
  a photo's darkest corner may pass it without harm, but a shop will ask);
- ``subset_tag_problems`` (office too): no two font subsets with the same tag.

Each returns plain messages; preflight turns them into findings. Each takes the PDF's
bytes or the document already open (preflight opens it once for every rule, and reads
its vector inks once: ``ink_report``).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections import defaultdict
from collections.abc import Iterator

import pikepdf
from pikepdf import PdfImage

from . import pdfx
from .inks import LARGE_TEXT, TOTAL_INK_LIMIT, InkReport, ink_report, total_ink
from .subset_tags import SUBSET_NAME

_XMP_VALUE = r"<{0}>([^<]*)</{0}>|{0}=\"([^\"]*)\""


PdfSource = bytes | pikepdf.Pdf


@contextlib.contextmanager
def _open(pdf: PdfSource) -> Iterator[pikepdf.Pdf]:
    """The document: opened from bytes (and closed after), or the one already open."""
    if isinstance(pdf, pikepdf.Pdf):
        yield pdf
        return
    with pikepdf.open(io.BytesIO(pdf)) as document:
        yield document


def _inks(pdf: PdfSource, report: InkReport | None) -> InkReport:
    if report is not None:
        return report
    with _open(pdf) as document:
        return ink_report(document)


def _xmp_value(xmp: str, prop: str) -> str | None:
    match = re.search(_XMP_VALUE.format(re.escape(prop)), xmp)
    return None if match is None else (match[1] if match[1] is not None else match[2])


def _info_problems(document: pikepdf.Pdf) -> list[str]:
    info = document.trailer.get("/Info", pikepdf.Dictionary())
    problems = []
    for key, wanted in pdfx.pdfx_info_keys().items():
        if str(info.get(key, "")) != str(wanted):
            problems.append(f"its Info says {key[1:]} is '{info.get(key, 'missing')}', not "
                            f"'{str(wanted).lstrip('/')}'")
    xmp = document.Root.Metadata.read_bytes().decode("utf-8", "replace") \
        if "/Metadata" in document.Root else ""
    for prop, wanted in pdfx.pdfx_xmp_properties().items():
        found = _xmp_value(xmp, prop)
        if found != wanted:
            problems.append(f"its XMP metadata says {prop} is '{found or 'missing'}', not "
                            f"'{wanted}' as its Info does")
    return problems


def _intent_problems(document: pikepdf.Pdf) -> list[str]:
    intents = [i for i in document.Root.get("/OutputIntents", [])
               if i.get("/S") == "/GTS_PDFX"]
    if len(intents) != 1:
        return [f"it has {len(intents)} PDF/X OutputIntents, not one"]
    intent = intents[0]
    problems = [f"its OutputIntent's {key} is '{intent.get('/' + key, 'missing')}', not "
                f"'{wanted}'" for key, wanted in (
                    ("OutputConditionIdentifier", pdfx.OUTPUT_CONDITION),
                    ("RegistryName", pdfx.REGISTRY), ("Info", pdfx.OUTPUT_CONDITION_INFO))
                if str(intent.get("/" + key, "")) != wanted]
    profile = intent.get("/DestOutputProfile")
    if profile is None or int(profile.get("/N", 0)) != 4:
        problems.append("its OutputIntent has no CMYK profile (DestOutputProfile)")
    return problems


def pdfx_problems(pdf: PdfSource) -> list[str]:
    """What stops the file being PDF/X-1a:2003 for FOGRA39, in words."""
    with _open(pdf) as document:
        problems = [*_info_problems(document), *_intent_problems(document)]
        if document.is_encrypted:
            problems.append("it is encrypted")
        if document.pdf_version > pdfx.PDF_HEADER_VERSION:
            problems.append(f"it is PDF {document.pdf_version}, newer than the PDF "
                            f"{pdfx.PDF_HEADER_VERSION} that PDF/X-1a:2003 is built on")
    return problems


def small_text_problems(pdf: PdfSource, report: InkReport | None = None) -> list[str]:
    """Text up to the body size printed in more than black ink: the first of them
    (``report``: the file's inks, when already read)."""
    small = _inks(pdf, report).small_text_in_colour
    if not small:
        return []
    page, size, ink = small[0]
    return [f"text of {size:.3g} pt on page {page} prints in "
            f"{_percent(ink)}: text up to {LARGE_TEXT:.0f} pt must print in black ink "
            f"alone ({len(small)} piece(s) of text)"]


def ink_problems(pdf: PdfSource, report: InkReport | None = None) -> list[str]:
    """A fill or stroke above the total ink limit: the heaviest."""
    heaviest = _inks(pdf, report).heaviest
    if heaviest is None or total_ink(heaviest[1]) <= TOTAL_INK_LIMIT + 1e-6:
        return []
    page, ink = heaviest
    return [f"a colour on page {page} ({_percent(ink)}) has "
            f"{total_ink(ink) * 100:.0f} % total ink, above the {TOTAL_INK_LIMIT * 100:.0f} % "
            "coated paper takes"]


def picture_ink_problems(pdf: PdfSource) -> list[str]:
    """Pictures whose darkest pixel needs more than the total ink limit."""
    problems = []
    with _open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            for image in _page_images(page):
                picture = PdfImage(image).as_pil_image()
                if picture.mode != "CMYK":
                    continue
                data = picture.tobytes()
                heaviest = max(sum(data[i:i + 4]) for i in range(0, len(data), 4)) / 255
                if heaviest > TOTAL_INK_LIMIT + 0.01:
                    problems.append(f"a picture on page {number} needs {heaviest * 100:.0f} "
                                    f"% total ink in its darkest part, above the "
                                    f"{TOTAL_INK_LIMIT * 100:.0f} % coated paper takes")
    return problems


def _page_images(page: pikepdf.Page) -> list[pikepdf.Object]:
    xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
    # items(), not values(): pikepdf 8 (our floor) has no Dictionary.values()
    return [x for _, x in xobjects.items() if x.get("/Subtype") == "/Image"]


def subset_tag_problems(pdf: PdfSource) -> list[str]:
    """Subset tags shared by different font subsets, of every font object in the file."""
    with _open(pdf) as document:
        fonts = [str(obj.BaseFont).lstrip("/") for obj in document.objects
                 if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"
                 and "/BaseFont" in obj]
    return subset_tag_clashes(fonts)


def subset_tag_clashes(font_names: list[str]) -> list[str]:
    """Subset tags shared by different subsets, among these /BaseFont names (preflight
    passes the fonts it found in every content stream's resources)."""
    names: dict[str, set[str]] = defaultdict(set)
    for name in font_names:
        if SUBSET_NAME.match(name):
            names[name[:6]].add(name)
    return [f"the fonts {', '.join(sorted(fonts))} share the subset tag {tag}+, which "
            "the PDF specification asks to be distinct" for tag, fonts in sorted(names.items())
            if len(fonts) > 1]


def _percent(ink: tuple[float, ...]) -> str:
    return "C{:.0f} M{:.0f} Y{:.0f} K{:.0f}".format(*(v * 100 for v in ink))
