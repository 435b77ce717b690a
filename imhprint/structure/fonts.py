"""A subset tag of its own for each embedded font subset.

ReportLab counts subsets per font, so Andika and Andika Bold both start at 'AAAAAA+'.
PDF asks for a tag that tells subsets apart (PDF 1.7, 9.6.4), and assistive technology
and preflight tools key fonts by name: each subset gets six letters from a hash of its
own font program, the same on every build.
"""

from __future__ import annotations

import hashlib
import re
import string

import pikepdf
from pikepdf import Name

_SUBSET = re.compile(r"^/[A-Z]{6}\+(.+)$")


def _tag(program: bytes, name: str) -> str:
    digest = hashlib.sha256(name.encode("utf-8") + b"\0" + program).digest()
    return "".join(string.ascii_uppercase[byte % 26] for byte in digest[:6])


def _fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    found = {}
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            found[font.objgen] = font
            for descendant in font.get("/DescendantFonts", []):
                found[descendant.objgen] = descendant
    return list(found.values())


def retag_subsets(pdf: pikepdf.Pdf) -> None:
    """Rename each subset font 'ABCDEF+Name' with a tag from its own glyph data."""
    for font in _fonts(pdf):
        found = _SUBSET.match(str(font.get("/BaseFont", "")))
        descriptor = font.get("/FontDescriptor")
        if not found or descriptor is None:
            continue
        program = next((descriptor[key] for key in ("/FontFile2", "/FontFile3", "/FontFile")
                        if key in descriptor), None)
        if program is None:
            continue
        name = Name(f"/{_tag(program.read_raw_bytes(), found.group(1))}+{found.group(1)}")
        font.BaseFont = name
        descriptor.FontName = name
