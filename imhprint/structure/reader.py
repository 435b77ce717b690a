"""The structure tree read back from a PDF, as a screen reader walks it: for preflight
and the tests. Read with pikepdf, the document preflight already has open (qpdf parses
the objects; only the tree is walked here)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf


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


# compared as text: comparing pikepdf Names costs more than the rest of reading a key
_MCR, _OBJR, _ELEMENT = "/MCR", "/OBJR", "/StructElem"


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def read_tagging(document: pikepdf.Pdf) -> Tagging:
    catalogue = document.Root
    mark_info = catalogue.get("/MarkInfo")
    marked = bool(isinstance(mark_info, pikepdf.Dictionary) and mark_info.get("/Marked"))
    lang = _text(catalogue.get("/Lang")) or ""
    root = catalogue.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary):
        return Tagging(marked, False, lang, ())
    pages = {page.objgen: number for number, page in enumerate(document.pages, start=1)}
    elements = tuple(_walk(_kids(root.get("/K")), None, 0, pages))
    return Tagging(marked, "/ParentTree" in root, lang, elements)


def _kids(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _entry(entry: pikepdf.Dictionary, keys: set[str], key: str) -> object:
    """``entry[key]``, or None: asked only of the keys it has (pikepdf's get of a
    missing key costs several times one that is there, and most elements lack most)."""
    return entry.get(key) if key in keys else None


def _page_of(entry: pikepdf.Dictionary, keys: set[str],
             pages: dict[tuple[int, int], int]) -> int | None:
    page = _entry(entry, keys, "/Pg")
    return pages.get(page.objgen) if page is not None else None


def _walk(kids: list[object], page: int | None, depth: int,
          pages: dict[tuple[int, int], int]) -> Iterator[ReadElement]:
    for kid in kids:
        if not isinstance(kid, pikepdf.Dictionary):
            continue
        keys = kid.keys()
        if "/Type" in keys and str(kid.get("/Type")) != _ELEMENT:
            continue
        own_page = _page_of(kid, keys, pages) or page
        marks, links, children = [], 0, []
        for item in _kids(_entry(kid, keys, "/K")):
            if isinstance(item, int):
                marks.append((own_page or 0, int(item)))
            elif not isinstance(item, pikepdf.Dictionary):
                continue
            elif (kind := str(item.get("/Type"))) == _MCR:
                item_keys = item.keys()
                marks.append((_page_of(item, item_keys, pages) or own_page or 0,
                              int(item.MCID)))
            elif kind == _OBJR:
                links += 1
            else:
                children.append(item)
        yield ReadElement(str(kid.S).lstrip("/"), depth, tuple(marks),
                          _text(_entry(kid, keys, "/Lang")), _text(_entry(kid, keys, "/Alt")),
                          links)
        yield from _walk(children, own_page, depth + 1, pages)
