"""A small picture of a PDF's first page for the catalogue, rendered with pypdfium2."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium

THUMBNAIL_WIDTH = 260  # pixels: sharp at the catalogue's 6.5 rem on a phone's 2x screen


def thumbnail_png(pdf: Path | bytes, width: int = THUMBNAIL_WIDTH,
                  ) -> tuple[bytes, tuple[int, int]]:
    """The first page of a PDF (a file, or its bytes) as PNG bytes (the same bytes for
    the same PDF), and its size."""
    document = pdfium.PdfDocument(str(pdf) if isinstance(pdf, Path) else pdf)
    try:
        page = document[0]
        try:
            bitmap = page.render(scale=width / page.get_width())
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, "PNG")  # Pillow writes no date or other changing chunk
    return out.getvalue(), image.size
