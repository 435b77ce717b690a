"""The last stage of a PDF: what a print shop (and the PDF specification) asks of it.

Every PDF gets distinct font subset tags (``subset_tags``). A press PDF is also made
PDF/X-1a:2003 for FOGRA39 (``pdfx``), with small text and thin rules on black ink alone
(``inks``); its colours and pictures were already converted through the press ICC profile
(``icc``) as it was laid out. The PDF is rewritten with pikepdf, deterministically: the
same input gives the same bytes.
"""

from __future__ import annotations

import io

import pikepdf

from .inks import apply_ink_rules
from .pdfx import PDF_HEADER_VERSION, make_pdfx
from .subset_tags import retag_subsets


def finish_pdf(pdf: bytes, press: bool) -> bytes:
    """The PDF as it is written: subset tags always; PDF/X and black text for press."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        retag_subsets(document)
        if press:
            apply_ink_rules(document)
            make_pdfx(document)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, compress_streams=True,
                      min_version=PDF_HEADER_VERSION if press else "",
                      force_version=PDF_HEADER_VERSION if press else None)
        return out.getvalue()
