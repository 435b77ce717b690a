"""PDF/X-1a:2003 for press PDFs: the keys, the OutputIntent, and the XMP that says so.

Why PDF/X-1a:2003 and not PDF/X-4: our press pages are already everything X-1a asks
(CMYK only, no transparency, no RGB pictures, every font embedded), and X-1a is the
version every UK print shop's preflight and every RIP, old or new, accepts without
questions. PDF/X-4 would only add what these leaflets never use (live transparency, ICC
colour left for the RIP to convert, layers) and is still refused by some older workflows.

The OutputIntent names the characterisation the pages were separated for, FOGRA39 (ISO
12647-2:2004, coated paper; registered at color.org), and embeds the ICC profile they
were made with (see ``assets/icc/README.md``), so a shop can soft-proof exactly what we
converted to.
"""

from __future__ import annotations

import datetime as dt
import zlib
from functools import lru_cache

import pikepdf

from ..structure.xmp import xmp_packet
from .icc import press_profile_bytes

PDFX_VERSION = "PDF/X-1:2003"
PDFX_CONFORMANCE = "PDF/X-1a:2003"
OUTPUT_CONDITION = "FOGRA39"
OUTPUT_CONDITION_INFO = "Coated FOGRA39 (ISO 12647-2:2004)"
REGISTRY = "http://www.color.org"
PDF_HEADER_VERSION = "1.4"  # PDF/X-1a:2003 is built on PDF 1.4

XMP_NAMESPACES = {
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfx": "http://ns.adobe.com/pdfx/1.3/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}


def pdfx_info_keys() -> dict[str, pikepdf.Object]:
    """The document information entries PDF/X-1a:2003 asks for."""
    return {"/GTS_PDFXVersion": pikepdf.String(PDFX_VERSION),
            "/GTS_PDFXConformance": pikepdf.String(PDFX_CONFORMANCE),
            "/Trapped": pikepdf.Name("/False")}


def pdfx_xmp_properties() -> dict[str, str]:
    """The XMP properties that say the same as the Info keys (prefix:name -> value).

    The one place PDF/X's XMP keys are written: another standard's keys (PDF/UA) join
    them in the same packet.
    """
    return {"pdf:Trapped": "False",
            "pdfx:GTS_PDFXVersion": PDFX_VERSION,
            "pdfx:GTS_PDFXConformance": PDFX_CONFORMANCE,
            "pdfxid:GTS_PDFXVersion": PDFX_VERSION}


def _xmp_date(value: object) -> str:
    """A PDF date (D:YYYYMMDDHHmmSS...) as XMP writes it; '' when unreadable."""
    text = str(value)[2:] if str(value).startswith("D:") else str(value)
    try:
        moment = dt.datetime.strptime(text[:14], "%Y%m%d%H%M%S")
    except ValueError:
        return ""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + "Z"


def press_xmp(pdf: pikepdf.Pdf, info: pikepdf.Dictionary) -> bytes:
    """The document's one XMP packet (imhprint.structure.xmp: title, language, PDF/UA),
    with PDF/X's keys and the dates and creator Info gives, so that both say the same."""
    simple = dict(pdfx_xmp_properties())
    for key, prop in (("/CreatorTool", "xmp:CreatorTool"), ("/Creator", "xmp:CreatorTool")):
        if key in info:
            simple.setdefault(prop, str(info[key]))
    for key, prop in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        if key in info and _xmp_date(info[key]):
            simple[prop] = _xmp_date(info[key])
    extra = [(prefix, XMP_NAMESPACES[prefix], name, value)
             for prefix, name, value in sorted((*prop.split(":"), value)
                                               for prop, value in simple.items())]
    title = str(info.Title) if "/Title" in info else ""
    language = str(pdf.Root.Lang) if "/Lang" in pdf.Root else ""
    producer = str(info.Producer) if "/Producer" in info else "imh-print"
    return xmp_packet(title, language, producer, extra)


@lru_cache(maxsize=1)
def _deflated_profile() -> bytes:
    """The ICC profile deflated once a process, as qpdf's save would deflate it each
    time (the same bytes): it is most of a press PDF's size."""
    return zlib.compress(press_profile_bytes())


def output_intent(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    profile = pdf.make_stream(b"")
    profile.write(_deflated_profile(), filter=pikepdf.Name.FlateDecode)
    profile.N = 4
    return pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(OUTPUT_CONDITION),
        OutputCondition=pikepdf.String(OUTPUT_CONDITION_INFO),
        Info=pikepdf.String(OUTPUT_CONDITION_INFO),
        RegistryName=pikepdf.String(REGISTRY),
        DestOutputProfile=profile)


def make_pdfx(pdf: pikepdf.Pdf) -> None:
    """Mark a press PDF as PDF/X-1a:2003, for FOGRA39."""
    info = pdf.trailer.Info if "/Info" in pdf.trailer else pdf.make_indirect(
        pikepdf.Dictionary())
    for key, value in pdfx_info_keys().items():
        info[key] = value
    pdf.trailer.Info = info
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(output_intent(pdf))])
    metadata = pdf.make_stream(press_xmp(pdf, info))
    metadata.Type, metadata.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    pdf.Root.Metadata = metadata
