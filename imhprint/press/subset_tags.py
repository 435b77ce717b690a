"""A distinct subset tag for every embedded font subset.

A subset font's name starts with six capital letters and '+' (``ABCDEF+Andika``), which
the PDF specification asks to differ between subsets, so that a print shop's RIP never
takes one subset for another. ReportLab numbers subsets per font, so the regular and the
bold both come out as ``AAAAAA+``. Each tag here is made from the font's name and the
subset's own bytes: the same subset always gets the same tag (builds stay byte for byte
the same), and two different subsets get different ones.
"""

from __future__ import annotations

import hashlib
import re

import pikepdf

SUBSET_NAME = re.compile(r"^/?[A-Z]{6}\+(?P<name>.+)$")
LETTERS = 26


def subset_tag(font_name: str, subset: bytes) -> str:
    """Six capital letters from a digest of the font's name and its subset's bytes."""
    digest = hashlib.sha256(font_name.encode() + b"\0" + subset).digest()
    return "".join(chr(ord("A") + byte % LETTERS) for byte in digest[:6])


def _font_file(descriptor: pikepdf.Object) -> bytes:
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in descriptor:
            return descriptor[key].read_bytes()
    return b""


def _descriptor(font: pikepdf.Object) -> pikepdf.Object | None:
    if "/FontDescriptor" in font:
        return font.FontDescriptor
    for descendant in font.get("/DescendantFonts", []):
        if "/FontDescriptor" in descendant:
            return descendant.FontDescriptor
    return None


def retag_subsets(pdf: pikepdf.Pdf) -> None:
    """Give every subset font (and its descriptor) its own content-derived tag."""
    seen: set[tuple[int, int]] = set()
    for obj in pdf.objects:
        if not (isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"):
            continue
        if obj.objgen in seen or "/BaseFont" not in obj:
            continue
        seen.add(obj.objgen)
        match = SUBSET_NAME.match(str(obj.BaseFont))
        descriptor = _descriptor(obj)
        if match is None or descriptor is None:
            continue
        name = f"{subset_tag(match['name'], _font_file(descriptor))}+{match['name']}"
        obj.BaseFont = pikepdf.Name("/" + name)
        descriptor.FontName = pikepdf.Name("/" + name)
        for descendant in obj.get("/DescendantFonts", []):
            descendant.BaseFont = pikepdf.Name("/" + name)
