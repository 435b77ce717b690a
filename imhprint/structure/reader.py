"""The structure tree read back from a PDF, as a screen reader walks it: for preflight
and the tests. Read with pypdf, the reader preflight already has open."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject


@dataclass(frozen=True)
class ReadElement:
    """One structure element, in the order a screen reader meets it."""

    type: str  # without the slash: "H1", "P", "Figure"
    depth: int  # 0 for the Document element
    marks: tuple[tuple[int, int], ...]  # (page, 1-based, and MCID) of its own content
    lang: str | None
    alt: str | None
    links: int  # link annotations it owns (OBJR)


@dataclass(frozen=True)
class Tagging:
    """What a PDF says about its tags, read once."""

    marked: bool  # /MarkInfo /Marked true
    has_parent_tree: bool
    lang: str  # the catalogue's /Lang, "" when none
    elements: tuple[ReadElement, ...]  # depth first, in reading order

    @property
    def tagged(self) -> bool:
        return self.marked and self.has_parent_tree and bool(self.elements)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def read_tagging(reader: pypdf.PdfReader) -> Tagging:
    catalogue = reader.trailer["/Root"]
    mark_info = catalogue.get("/MarkInfo")
    marked = bool(mark_info is not None and mark_info.get_object().get("/Marked"))
    root = catalogue.get("/StructTreeRoot")
    if root is None:
        return Tagging(marked, False, _text(catalogue.get("/Lang")) or "", ())
    root = root.get_object()
    pages = {page.indirect_reference.idnum: number
             for number, page in enumerate(reader.pages, start=1)}
    elements = tuple(_walk(root.get("/K"), None, 0, pages))
    return Tagging(marked, "/ParentTree" in root, _text(catalogue.get("/Lang")) or "",
                   elements)


def _kids(value: object) -> list[object]:
    value = value.get_object() if hasattr(value, "get_object") else value
    if value is None:
        return []
    return list(value) if isinstance(value, ArrayObject) else [value]


def _page_of(entry: DictionaryObject, pages: dict[int, int]) -> int | None:
    page = entry.get("/Pg")
    return pages.get(page.idnum) if page is not None else None


def _walk(value: object, page: int | None, depth: int,
          pages: dict[int, int]) -> Iterator[ReadElement]:
    for kid in _kids(value):
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if not isinstance(kid, DictionaryObject) or kid.get("/Type") not in (
                None, "/StructElem"):
            continue
        own_page = _page_of(kid, pages) or page
        marks, links, children = [], 0, []
        for item in _kids(kid.get("/K")):
            item = item.get_object() if hasattr(item, "get_object") else item
            if isinstance(item, int):
                marks.append((own_page or 0, int(item)))
            elif isinstance(item, DictionaryObject) and item.get("/Type") == "/MCR":
                marks.append((_page_of(item, pages) or own_page or 0, int(item["/MCID"])))
            elif isinstance(item, DictionaryObject) and item.get("/Type") == "/OBJR":
                links += 1
            elif isinstance(item, DictionaryObject):
                children.append(item)
        yield ReadElement(str(kid["/S"]).lstrip("/"), depth, tuple(marks),
                          _text(kid.get("/Lang")), _text(kid.get("/Alt")), links)
        yield from _walk(ArrayObject(children), own_page, depth + 1, pages)
