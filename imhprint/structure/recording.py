"""Marked content while ReportLab draws, and a record of it for the structure tree.

Every page's stream is one /Artifact sequence, left and re-entered around each tagged
flowable's own ``/Tag <</MCID n>> BDC ... EMC``. So whatever no element claims (tints,
rules, icons, the repeated footer, crop and fold marks that ReportLab adds last) is an
artifact without a special case, and every MCID belongs to exactly one element.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .elements import ARTIFACT, Element

# Regions of a page, which a layout orders as they are read (Layout.reading_order).
NOTICE = "notice"  # a draft translation's band: first, and once
CONTENT = "content"  # the frames, in the order the story fills them
BACK = "back"  # what the page template draws: the hub and numbers panels, the hub band
SMALL_PRINT = "small print"  # the footer on the page with the governance notes

# Regions whose text, once read, is an artifact where it repeats (a band on each panel).
READ_ONCE = frozenset({NOTICE})


@dataclass(frozen=True)
class Mark:
    """One marked-content sequence: an element's content on one page."""

    page: int  # 1-based
    mcid: int
    element: Element
    region: str
    order: int  # when it was drawn, across the whole document


@dataclass(frozen=True)
class LinkNote:
    """A link annotation made while ``element`` was being drawn."""

    page: int
    element: Element | None
    url: str


@dataclass
class StructureRecorder:
    """What one build of a document marked: each MCID's element and region, and each
    link annotation's element, in drawing order."""

    marks: list[Mark] = field(default_factory=list)
    links: list[LinkNote] = field(default_factory=list)
    _regions: list[str] = field(default_factory=lambda: [CONTENT])
    _open: Element | None = None
    _after_label: Element | None = None  # whose words follow the bullet being drawn
    _next_mcid: dict[int, int] = field(default_factory=dict)
    _drawn: dict[int, Any] = field(default_factory=dict)  # id -> flowable (kept alive)
    _read: set[tuple[str, str]] = field(default_factory=set)

    @property
    def region_now(self) -> str:
        return self._regions[-1]

    @contextmanager
    def region(self, name: str) -> Iterator[None]:
        self._regions.append(name)
        try:
            yield
        finally:
            self._regions.pop()

    def _is_artifact(self, flowable: Any, element: Element) -> bool:
        """Drawn as an artifact: an element of that type, anything in an artifact region,
        a flowable drawn a second time (a table's header row repeated on the next page),
        and text already read in a read-once region."""
        region = self.region_now
        if element.type == ARTIFACT or region == ARTIFACT or id(flowable) in self._drawn:
            return True
        if region in READ_ONCE:
            key = (region, element.text)
            if key in self._read:
                return True
            self._read.add(key)
        return False

    @contextmanager
    def content(self, canv: Canvas, flowable: Any, element: Element | None) -> Iterator[None]:
        """Mark what is drawn inside as ``element``'s content, with a new MCID."""
        if element is None or self._open is not None:  # inside another element's content
            yield
            return
        artifact = self._is_artifact(flowable, element)
        self._drawn[id(flowable)] = flowable
        if artifact:
            yield
            return
        canv.addLiteral("EMC")  # leave the page's artifact
        # ReportLab's paragraph draws its bullet first, as a text object of its own
        labelled = element.label is not None and isinstance(flowable, Paragraph) \
            and bool(getattr(flowable, "bulletText", None))
        self._begin(canv, element.label if labelled else element)
        self._after_label = element if labelled else None
        self._open = element
        try:
            yield
        finally:
            self._open = self._after_label = None
            canv.addLiteral("EMC")
            canv.addLiteral(f"/{ARTIFACT} BMC")

    def _begin(self, canv: Canvas, element: Element) -> None:
        page = canv.getPageNumber()
        mcid = self._next_mcid.get(page, 0)
        self._next_mcid[page] = mcid + 1
        self.marks.append(Mark(page, mcid, element, self.region_now, len(self.marks)))
        canv.addLiteral(f"/{element.type} <</MCID {mcid}>> BDC")

    def text_drawn(self, canv: Canvas) -> None:
        """A text object was drawn: after a list item's bullet, its words begin."""
        if self._after_label is not None:
            canv.addLiteral("EMC")
            self._begin(canv, self._after_label)
            self._after_label = None

    def note_link(self, page: int, url: str) -> None:
        self.links.append(LinkNote(page, self._open, url))


@contextmanager
def region(canv: Any, name: str) -> Iterator[None]:
    """What is drawn inside belongs to region ``name`` of the page (or, for ARTIFACT, is
    an artifact); a no-op on a canvas that records no structure."""
    recorder = getattr(canv, "structure", None)
    if recorder is None:
        yield
        return
    with recorder.region(name):
        yield


@contextmanager
def marked(canv: Any, element: Element) -> Iterator[None]:
    """Mark what is drawn inside as ``element``'s content: for what is drawn straight on
    the canvas rather than as a flowable (the sample edition's band)."""
    recorder = getattr(canv, "structure", None)
    if recorder is None:
        yield
        return
    with recorder.content(canv, object(), element):
        yield


class TaggedCanvas(Canvas):
    """A canvas that records structure: every page's stream opens as an artifact (the
    sequence tagged flowables step out of), and link annotations note their element."""

    def __init__(self, *args: Any, structure: StructureRecorder | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.structure = structure if structure is not None else StructureRecorder()

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        # around the whole stream, crop marks (which ReportLab adds last) included
        self._psCommandsBeforePage = [f"/{ARTIFACT} BMC", *self._psCommandsBeforePage]
        self._psCommandsAfterPage = [*self._psCommandsAfterPage, "EMC"]
        super().showPage()

    def drawText(self, textobject: Any) -> None:  # noqa: N802 (ReportLab's name)
        super().drawText(textobject)
        self.structure.text_drawn(self)

    def linkURL(self, url: str, rect: Any, relative: int = 0, *args: Any,  # noqa: N802
                **kwargs: Any) -> None:
        self.structure.note_link(self.getPageNumber(), url)
        super().linkURL(url, rect, relative, *args, **kwargs)
