"""The last stage of a PDF: one pikepdf pass over the bytes ReportLab wrote.

ReportLab writes the pages; this opens them once, in memory, adds the structure tree
(``imhprint.structure``: tags, language, PDF/UA metadata), names the font subsets apart
and, for press, makes the file PDF/X (``imhprint.press``), then saves once. Opening and
saving a PDF costs more than most of what is done to it, so every step shares the one
open document. It writes the same bytes the two passes it replaced (tag, then finish)
wrote: the steps run in the same order, and the streams are first put as a first save
left them (``_flate_only``).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .structure import StructureRecorder

if TYPE_CHECKING:
    import pikepdf

# pikepdf (and the press and structure-tree writers, which use it) are imported when a PDF
# is finished, not with this module: the layouts import it, and a build with every PDF up
# to date must not pay for loading qpdf.


@dataclass(frozen=True)
class Tags:
    """What the structure tree is made from: what the renderer recorded while drawing,
    the order its regions are read in, and the document's title and language."""

    recorded: StructureRecorder
    reading_order: Sequence[str]
    title: str
    language: str


def finish(pdf: bytes, tags: Tags | None, press: bool) -> bytes:
    """ReportLab's ``pdf`` as it is written: tagged (unless ``tags`` is None), its font
    subsets named apart, and PDF/X for ``press``."""
    import pikepdf

    from .press import finish_document, save_finished
    from .structure.tree import write_tree

    with pikepdf.open(io.BytesIO(pdf)) as document:
        if tags is not None:
            write_tree(document, tags.recorded, tags.reading_order, tags.title,
                       tags.language)
        finish_document(document, press)
        _flate_only(document)
        return save_finished(document, press)


def _flate_only(document: pikepdf.Pdf) -> None:
    """Every stream ReportLab wrote as plain Flate, as qpdf's save leaves it.

    qpdf's save passes a stream compressed with Flate alone through untouched, and
    decodes and deflates any other (ReportLab's pages are ASCII85 over Flate). Doing that
    here, once, gives the bytes a second save gave (the two passes this one replaced),
    and the font files are never inflated and deflated again. zlib at its default level
    is what qpdf deflates with; the bytes stay the same for the same input either way.
    """
    import pikepdf

    flate = pikepdf.Name.FlateDecode
    reportlab_text = [pikepdf.Name.ASCII85Decode, flate]  # ReportLab's page content streams
    for obj in document.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        filters = obj.stream_dict.get("/Filter")
        if not isinstance(filters, pikepdf.Array) or "/DecodeParms" in obj.stream_dict:
            continue  # a picture's predictor parameters stay as they are
        if list(filters) == [flate]:
            obj.stream_dict.Filter = flate
        elif list(filters) == reportlab_text:
            obj.write(zlib.compress(obj.read_bytes()), filter=flate)
