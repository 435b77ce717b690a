"""Every font a PDF uses, and whether its glyphs travel with the file: for preflight.

Read with pikepdf, from the document preflight already has open for the tags and the
press rules (so a leaflet's fonts cost no second reader). A font counts wherever it can
be printed from: a page's resources, an annotation's appearance, and every form XObject,
tiling pattern, Type 3 glyph procedure and soft-mask group reachable from those, however
deep. A stream without /Resources uses its parent's, as the PDF specification allows for
old files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf

_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


@dataclass(frozen=True)
class FontFacts:
    """What preflight's font rules read."""

    unembedded: list[str]  # sorted, unique, without a subset tag
    type3: bool  # any Type 3 font anywhere (its glyphs may draw outside their boxes)
    base_fonts: list[str]  # every font object's /BaseFont, with its subset tag


def strip_subset(name: str) -> str:
    """Drop the leading '/' and an 'ABCDEF+' subset tag: printers care about the font."""
    return _SUBSET_PREFIX.sub("", name.lstrip("/"))


def _key(obj: pikepdf.Object) -> tuple[int, int] | int:
    return obj.objgen if obj.is_indirect else id(obj)


def _dictionary(value: object) -> pikepdf.Dictionary | None:
    """A dictionary, or a stream's dictionary entries (a stream is one), or None."""
    return value if isinstance(value, (pikepdf.Dictionary, pikepdf.Stream)) else None


def _entries(value: object) -> list[tuple[str, object]]:
    # items(), not values(): pikepdf 8 (our floor) has no Dictionary.values()
    found = _dictionary(value)
    return list(found.items()) if found is not None else []


def _appearance_streams(annotation: object) -> Iterator[pikepdf.Stream]:
    """Every appearance stream of an annotation: /N, /R and /D, each maybe per state."""
    appearances = _dictionary(_dictionary(annotation) and annotation.get("/AP"))
    for key in ("/N", "/R", "/D"):
        entry = appearances.get(key) if appearances is not None else None
        if isinstance(entry, pikepdf.Stream):
            yield entry
        elif isinstance(entry, pikepdf.Dictionary):
            yield from (state for _, state in entry.items()
                        if isinstance(state, pikepdf.Stream))


def _child_streams(resources: pikepdf.Dictionary
                   ) -> Iterator[tuple[pikepdf.Stream, pikepdf.Dictionary | None]]:
    """The content streams a resource dictionary reaches, each with the resources it
    names itself (a Type 3 glyph uses its font's), or None."""
    for _, xobject in _entries(resources.get("/XObject")):
        if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form":
            yield xobject, _dictionary(xobject.get("/Resources"))
    for _, pattern in _entries(resources.get("/Pattern")):
        if isinstance(pattern, pikepdf.Stream) and pattern.get("/PatternType") == 1:
            yield pattern, _dictionary(pattern.get("/Resources"))
    for _, font in _entries(resources.get("/Font")):
        if _dictionary(font) is not None and font.get("/Subtype") == "/Type3":
            own = _dictionary(font.get("/Resources"))
            for _, proc in _entries(font.get("/CharProcs")):
                if isinstance(proc, pikepdf.Stream):
                    yield proc, _dictionary(proc.get("/Resources")) or own
    for _, state in _entries(resources.get("/ExtGState")):
        mask = _dictionary(_dictionary(state) and state.get("/SMask"))
        group = mask.get("/G") if mask is not None else None
        if isinstance(group, pikepdf.Stream):
            yield group, _dictionary(group.get("/Resources"))


def _push_children(todo: list[tuple[pikepdf.Stream, pikepdf.Dictionary | None]],
                   resources: pikepdf.Dictionary) -> None:
    """Add the streams ``resources`` reaches, each with its own resources, else these."""
    todo.extend((stream, own or resources) for stream, own in _child_streams(resources))


def resource_dictionaries(document: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every resource dictionary content is drawn with, each stream visited once."""
    seen: set[tuple[int, int] | int] = set()
    for page in document.pages:
        todo: list[tuple[pikepdf.Stream, pikepdf.Dictionary | None]] = []
        page_resources = _dictionary(page.obj.get("/Resources"))
        if page_resources is not None:
            yield page_resources
            _push_children(todo, page_resources)
        for annotation in page.obj.get("/Annots", pikepdf.Array()):
            todo.extend((stream, _dictionary(stream.get("/Resources")))
                        for stream in _appearance_streams(annotation))
        while todo:
            stream, resources = todo.pop()
            if _key(stream) in seen:
                continue
            seen.add(_key(stream))
            if resources is not None:
                yield resources
                _push_children(todo, resources)


def _has_font_file(descriptor: object) -> bool:
    descriptor = _dictionary(descriptor)
    return descriptor is not None and any(key in descriptor for key in _FONT_FILES)


def is_embedded(font: pikepdf.Dictionary) -> bool:
    """Whether the glyphs travel with the file, so the printer cannot substitute a font.

    Type 3 fonts are drawn by content streams inside the PDF, so they count as embedded.
    A Type 0 (composite) font keeps its glyphs in its descendant CIDFont.
    """
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True
    if subtype == "/Type0":
        descendants = list(font.get("/DescendantFonts", pikepdf.Array()))
        return bool(descendants) and all(
            _has_font_file(_dictionary(d) and d.get("/FontDescriptor")) for d in descendants)
    return _has_font_file(font.get("/FontDescriptor"))


def font_facts(document: pikepdf.Pdf) -> FontFacts:
    """Every font used anywhere in the document, each font object looked at once."""
    unembedded: set[str] = set()
    base_fonts: list[str] = []
    type3 = False
    seen: set[tuple[int, int] | int] = set()
    for resources in resource_dictionaries(document):
        for resource_name, font in _entries(resources.get("/Font")):
            if _dictionary(font) is None or _key(font) in seen:
                continue
            seen.add(_key(font))
            type3 = type3 or font.get("/Subtype") == "/Type3"
            base_font = font.get("/BaseFont")
            if base_font is not None:
                base_fonts.append(str(base_font).lstrip("/"))
            if not is_embedded(font):
                # (not ``base_font or ...``: pikepdf 8's Name has no truth value)
                name = str(base_font) if base_font is not None else resource_name
                unembedded.add(strip_subset(name))
    return FontFacts(sorted(unembedded), type3, base_fonts)
