"""Tagged PDF: the structure a screen reader follows, in reading order (PDF/UA-1).

How it works, in three stages:

1. The block renderer makes each flowable and says what it is (``elements``): a heading,
   a paragraph, a figure with its alt text, inside the groups it belongs to (a list item,
   a table cell, a card). The element tree is built here, as the blocks are, so it
   follows the YAML, not the page.
2. While ReportLab draws, the canvas (``recording``) wraps each tagged flowable's drawing
   in ``/Tag <</MCID n>> BDC ... EMC`` and remembers which element owns each MCID and in
   which region of the page it was drawn; everything else on the page (tints, rules,
   icons, crop and fold marks, repeated footers) is an /Artifact.
3. After ReportLab writes the file, ``tree`` builds /StructTreeRoot with pikepdf (in the
   one pass that finishes the PDF, ``imhprint.finish``),
   ordering the regions as the layout says they are read, and adds the catalogue entries
   and XMP metadata (``xmp``) that PDF/UA asks for.

``reader`` reads the structure back from a PDF, for preflight and the tests.
"""

from .elements import ARTIFACT, Element, StructureBuilder, tag
from .recording import (
    BACK,
    CONTENT,
    NOTICE,
    SMALL_PRINT,
    StructureRecorder,
    TaggedCanvas,
    marked,
    region,
)

# The tree and XMP writers load pikepdf and xml.sax (with urllib and http behind it): only
# finishing a PDF needs them, so a build with every PDF up to date never loads them.
_LAZY = {"tag_pdf": "tree", "write_tree": "tree", "xmp_packet": "xmp"}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)


__all__ = ["ARTIFACT", "BACK", "CONTENT", "NOTICE", "SMALL_PRINT", "Element",
           "StructureBuilder", "StructureRecorder", "TaggedCanvas", "marked", "region", "tag",
           "tag_pdf", "write_tree", "xmp_packet"]
