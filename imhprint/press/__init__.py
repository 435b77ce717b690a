"""The last stage of a PDF: what a print shop (and the PDF specification) asks of it.

Every PDF gets distinct font subset tags (``subset_tags``). A press PDF is also made
PDF/X-1a:2003 for FOGRA39 (``pdfx``), with small text and thin rules on black ink alone
(``inks``); its colours and pictures were already converted through the press ICC profile
(``icc``) as it was laid out. The PDF is rewritten with pikepdf, deterministically: the
same input gives the same bytes.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

# pikepdf and the steps that use it are imported when a PDF is finished: the press colour
# conversion (``icc``) is imported with the layouts, which a build with every PDF up to
# date loads without finishing any PDF.


def finish_document(document: pikepdf.Pdf, press: bool) -> None:
    """Finish the open ``document``: subset tags always; PDF/X and black text for press."""
    from .inks import apply_ink_rules
    from .pdfx import make_pdfx
    from .subset_tags import retag_subsets

    retag_subsets(document)
    if press:
        apply_ink_rules(document)
        make_pdfx(document)


def save_finished(document: pikepdf.Pdf, press: bool) -> bytes:
    """The finished document's bytes: the same input always gives the same bytes (qpdf
    writes objects in a fixed order, and the /ID is derived from the content)."""
    from .pdfx import PDF_HEADER_VERSION

    out = io.BytesIO()
    document.save(out, deterministic_id=True, compress_streams=True,
                  min_version=PDF_HEADER_VERSION if press else "",
                  force_version=PDF_HEADER_VERSION if press else None)
    return out.getvalue()


def finish_pdf(pdf: bytes, press: bool) -> bytes:
    """The PDF as it is written: subset tags always; PDF/X and black text for press (a
    build finishes a PDF in the same pass that tags it: imhprint.finish)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        finish_document(document, press)
        return save_finished(document, press)
