"""The structure tree, added to the PDF that ReportLab wrote, with pikepdf.

The tree follows the elements the renderer made (the YAML's order and nesting); what
is drawn decides only which elements have content and in what order siblings are read:
by the region each was drawn in, as the layout orders its regions, then by drawing order
within a region (which, frame by frame, is the order the story is read).
"""

from __future__ import annotations

import io
import re
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .elements import Element
from .recording import LinkNote, Mark, StructureRecorder
from .xmp import xmp_packet

ReadingKey = tuple[int, int]  # (rank of the region in the reading order, drawing order)
_Kid = Mark | pikepdf.Object  # a kid of an element: its content, or an element

_HEADING = re.compile(r"^H([1-6])$")
PRODUCER = "imh-print (ReportLab)"
_STRUCT_ELEM = Name.StructElem


@dataclass(frozen=True)
class _Link:
    note: LinkNote
    annotation: pikepdf.Object
    page: pikepdf.Object


class _TreeWriter:
    def __init__(self, pdf: pikepdf.Pdf, recorder: StructureRecorder,
                 reading_order: Sequence[str], language: str) -> None:
        self.pdf = pdf
        self.page_objects = [page.obj for page in pdf.pages]
        self.language = language
        rank = {name: index for index, name in enumerate(reading_order)}
        self.marks: dict[Element, list[tuple[ReadingKey, Mark]]] = defaultdict(list)
        self.children: dict[Element | None, list[Element]] = defaultdict(list)
        self.first: dict[Element, ReadingKey] = {}
        for mark in recorder.marks:
            key = (rank.get(mark.region, len(rank)), mark.order)
            self.marks[mark.element].append((key, mark))
            for element in (mark.element, *mark.element.ancestors()):
                if element not in self.first:
                    self.children[element.parent].append(element)
                    self.first[element] = key
                else:
                    self.first[element] = min(self.first[element], key)
        self.links: dict[Element | None, list[_Link]] = defaultdict(list)
        for link in self._link_annotations(recorder.links):
            owner = link.note.element if link.note.element in self.first else None
            self.links[owner].append(link)
        self.annotations: list[tuple[pikepdf.Object, pikepdf.Object]] = []  # with element
        self.page_marks: dict[int, dict[int, pikepdf.Object]] = defaultdict(dict)
        self.heading_level = 0

    def _link_annotations(self, notes: list[LinkNote]) -> list[_Link]:
        """Each noted link with its annotation: a page's link annotations are written in
        the order they were made."""
        by_page: dict[int, list[LinkNote]] = defaultdict(list)
        for note in notes:
            by_page[note.page].append(note)
        links = []
        for number, page_notes in by_page.items():
            page = self.pdf.pages[number - 1].obj
            annotations = [a for a in page.get("/Annots", Array())
                           if a.get("/Subtype") == Name.Link]
            if len(annotations) != len(page_notes):
                raise ValueError(f"page {number} has {len(annotations)} link annotations, "
                                 f"but {len(page_notes)} links were drawn")
            links += [_Link(note, annotation, page)
                      for note, annotation in zip(page_notes, annotations, strict=True)]
        return links

    def write(self, title: str, producer: str) -> None:
        root = self.pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        document = self._element("Document", root)
        document.K = Array([self._written(kid) for kid in self._kids(None, document)])
        root.K = document
        self._write_parent_tree(root)
        catalogue = self.pdf.Root
        catalogue.StructTreeRoot = root
        catalogue.MarkInfo = Dictionary(Marked=True)
        catalogue.Lang = String(self.language)
        preferences = catalogue.get("/ViewerPreferences", Dictionary())
        preferences.DisplayDocTitle = True
        catalogue.ViewerPreferences = preferences
        # deflated as qpdf's save would: the same bytes whether the PDF is saved once
        # (a build: imhprint.finish) or again later
        packet = xmp_packet(title, self.language, producer)
        metadata = self.pdf.make_stream(packet)
        metadata.write(zlib.compress(packet), filter=Name.FlateDecode)
        metadata.Type, metadata.Subtype = Name.Metadata, Name.XML
        catalogue.Metadata = metadata

    def _element(self, type_: str, parent: pikepdf.Object, element: Element | None = None,
                 known: dict[str, object] | None = None) -> pikepdf.Object:
        """The element's dictionary, made in one call with every entry known so far
        (``known``: such as its /K and /Pg, when they are known before it is made); setting
        entries one by one on a pikepdf object costs more than all of them at once."""
        entry: dict[str, object] = {"/Type": _STRUCT_ELEM, "/S": Name("/" + type_),
                                    "/P": parent}
        if element is not None:
            if element.lang and element.lang != self.language:
                entry["/Lang"] = String(element.lang)
            if element.alt:
                entry["/Alt"] = String(element.alt)
            if element.actual_text:
                entry["/ActualText"] = String(element.actual_text)
            if element.scope:
                entry["/A"] = Dictionary({"/O": Name.Table, "/Scope": Name("/" + element.scope)})
        if known:
            entry.update(known)
        return self.pdf.make_indirect(Dictionary(entry))

    def _type(self, element: Element) -> str:
        """Headings in sequence: a level never skips one (a card title straight after
        the document's title is read as H2, not H3)."""
        found = _HEADING.match(element.type)
        if not found:
            return element.type
        self.heading_level = min(int(found.group(1)), self.heading_level + 1)
        return f"H{self.heading_level}"

    def _kids(self, element: Element | None, written: pikepdf.Object) -> list[_Kid]:
        items: list[tuple[ReadingKey, Mark | Element]] = [
            *(self.marks.get(element, []) if element is not None else []),
            *((self.first[child], child) for child in self.children.get(element, []))]
        kids: list[_Kid] = []
        for _, item in sorted(items, key=lambda pair: pair[0]):
            if isinstance(item, Mark):
                kids.append(item)
                self.page_marks[item.page][item.mcid] = written
            else:
                kids.append(self._child(item, written))
        kids += [self._link(link, written) for link in self.links.get(element, [])]
        return kids

    def _child(self, element: Element, parent: pikepdf.Object) -> pikepdf.Object:
        type_ = self._type(element)
        if self.children.get(element) or self.links.get(element):
            child = self._element(type_, parent, element)
            value, page = self._compact(self._kids(element, child))
            child.K = value
            if page is not None:
                child.Pg = page
            return child
        # only marked content: its /K and /Pg are known before it is made
        marks = [mark for _, mark in sorted(self.marks.get(element, []),
                                            key=lambda pair: pair[0])]
        value, page = self._compact(marks)
        known = {"/K": value} if page is None else {"/K": value, "/Pg": page}
        child = self._element(type_, parent, element, known)
        for mark in marks:
            self.page_marks[mark.page][mark.mcid] = child
        return child

    def _compact(self, kids: list[_Kid]) -> tuple[object, pikepdf.Object | None]:
        """/K as most files write it: content on one page as bare MCIDs, with the page
        (returned beside it) on the element, and one kid as itself rather than in an
        array."""
        pages = {kid.page for kid in kids if isinstance(kid, Mark)}
        page = None
        if len(pages) == 1 and all(isinstance(kid, Mark) for kid in kids):
            page = self.page_objects[pages.pop() - 1]
            values: list[object] = [kid.mcid for kid in kids]
        else:
            values = [self._written(kid) for kid in kids]
        return (values[0] if len(values) == 1 else Array(values)), page

    def _written(self, kid: _Kid) -> pikepdf.Object:
        """A kid as the file holds it: a mark as a marked-content reference."""
        if isinstance(kid, Mark):
            return Dictionary({"/Type": Name.MCR, "/Pg": self.page_objects[kid.page - 1],
                               "/MCID": kid.mcid})
        return kid

    def _link(self, link: _Link, parent: pikepdf.Object) -> pikepdf.Object:
        """A Link element owning its annotation (OBJR), both saying where it goes."""
        description = link.note.url.removeprefix("https://").removeprefix("http://")
        objr = Dictionary({"/Type": Name.OBJR, "/Obj": link.annotation, "/Pg": link.page})
        element = self._element("Link", parent,
                                known={"/Alt": String(description), "/K": Array([objr])})
        link.annotation.Contents = String(description)
        link.page.Tabs = Name.S
        self.annotations.append((link.annotation, element))
        return element

    def _write_parent_tree(self, root: pikepdf.Object) -> None:
        """The number tree from each page's StructParents (an array by MCID) and each
        annotation's StructParent (its element) to the structure: page n has key n - 1,
        the annotations the keys after the last page's."""
        nums = Array()
        for number, marks in sorted(self.page_marks.items()):
            self.page_objects[number - 1].StructParents = number - 1
            nums.extend([number - 1, Array([marks[mcid] for mcid in range(len(marks))])])
        after_pages = len(self.pdf.pages)
        for key, (annotation, element) in enumerate(self.annotations, start=after_pages):
            annotation.StructParent = key
            nums.extend([key, element])
        root.ParentTree = self.pdf.make_indirect(Dictionary(Nums=nums))
        root.ParentTreeNextKey = len(self.pdf.pages) + len(self.annotations)


def write_tree(document: pikepdf.Pdf, recorder: StructureRecorder,
               reading_order: Sequence[str], title: str, language: str,
               producer: str = PRODUCER) -> None:
    """Add the structure tree to the open ``document``, mark it as tagged and give it
    PDF/UA metadata: the tagging step of the one pass that finishes a PDF
    (imhprint.finish)."""
    _TreeWriter(document, recorder, reading_order, language).write(title, producer)


def tag_pdf(pdf: bytes, recorder: StructureRecorder, reading_order: Sequence[str],
            title: str, language: str, producer: str = PRODUCER) -> bytes:
    """``pdf`` with its structure tree, and nothing else done to it: for tests and
    one-off use (a build tags and finishes a PDF in one pass: imhprint.finish).

    Saved so that the same input gives the same bytes: qpdf writes objects in a fixed
    order, and the file's /ID is derived from its content."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        write_tree(document, recorder, reading_order, title, language, producer)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, compress_streams=True,
                      object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()
