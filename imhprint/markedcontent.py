"""The one place that opens and closes marked content in a page's content stream.

Marked content labels what is drawn between its operators (PDF 1.7, section 14.6). The
text path wraps shaped glyphs in a /Span with /ActualText, so that copying, searching and
screen readers get the words as written, not the glyphs' forms. Tagged PDF uses the
same pair of operators, with an /MCID, around each tagged flowable (structure.recording).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from reportlab.pdfgen.canvas import Canvas


def text_string(text: str) -> str:
    """A PDF text string for any Unicode text: UTF-16BE with its byte order mark, in hex
    (hex needs no escaping of brackets or backslashes)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def actual_text(text: str) -> dict[str, str]:
    """Properties saying which text the marked glyphs stand for."""
    return {"ActualText": text_string(text)}


@contextmanager
def marked_content(canv: Canvas, tag: str,
                   properties: Mapping[str, str | int] | None = None) -> Iterator[None]:
    """Mark what is drawn inside the ``with`` block: ``/tag <<properties>> BDC ... EMC``
    (``/tag BMC ... EMC`` without properties). Values are PDF objects already written out,
    such as ``text_string(...)``, or integers (an MCID)."""
    if properties:
        entries = " ".join(f"/{key} {value}" for key, value in properties.items())
        canv.addLiteral(f"/{tag} <<{entries}>> BDC")
    else:
        canv.addLiteral(f"/{tag} BMC")
    try:
        yield
    finally:
        canv.addLiteral("EMC")
