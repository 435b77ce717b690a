"""Structure elements, made as the blocks are rendered, and the tag that ties one to a
flowable so that its drawing is marked with the element's MCIDs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from reportlab.platypus import Flowable

ARTIFACT = "Artifact"  # what is drawn is not content: no element, no MCID


@dataclass(eq=False)
class Element:
    """One structure element (PDF 1.7, 14.8.4): a standard type, where it sits in the
    tree, and what a screen reader needs beyond the page's text."""

    type: str  # "P", "H2", "LI", "Figure", ...
    parent: Element | None = None
    lang: str | None = None  # BCP 47; written only where it differs from the document's
    alt: str | None = None  # a figure's alternative text
    scope: str | None = None  # a table header's: "Column" or "Row"
    actual_text: str | None = None  # read instead of its content (words drawn repeatedly)
    label: Element | None = None  # a list item's Lbl: the bullet its paragraph draws first
    text: str = field(default="", repr=False)  # what it says, for repeated-text checks

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class StructureBuilder:
    """Makes elements under the group open at the time, as the block renderer builds its
    flowables: ``with builder.group("LI"): renderer.para(...)``."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._open: list[Element | None] = [None]
        self._label: Element | None = None  # for the next element made (see list_item)

    @property
    def current(self) -> Element | None:
        return self._open[-1]

    def element(self, type_: str, **details: Any) -> Element:
        details.setdefault("lang", self.language)
        details.setdefault("label", self._label)
        self._label = None
        return Element(type_, self.current, **details)

    @contextmanager
    def list_item(self) -> Iterator[None]:
        """LI > Lbl, LBody: the paragraph made inside is the body, and the bullet it
        draws before its words is the label."""
        with self.group("LI") as item, self.group("LBody"):
            self._label = Element("Lbl", item, lang=self.language)
            yield
            self._label = None

    @contextmanager
    def group(self, type_: str | None, **details: Any) -> Iterator[Element | None]:
        """Elements made inside belong to a new group (none when ``type_`` is None)."""
        group = self.element(type_, **details) if type_ else self.current
        with self.within(group):
            yield group

    @contextmanager
    def within(self, parent: Element | None) -> Iterator[None]:
        """Elements made inside belong to ``parent``: for flowables made later than their
        group, such as a table built for the width it is given."""
        self._open.append(parent)
        try:
            yield
        finally:
            self._open.pop()


class TaggedFlowable:
    """Mixed into a flowable's class by ``tag``: its drawing is marked content of its
    element, and the parts it splits into stay tagged with the same element."""

    structure_element: Element | None = None

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        recorder = getattr(canv, "structure", None)
        if recorder is None:
            super().drawOn(canv, x, y, _sW)  # type: ignore[misc]
            return
        with recorder.content(canv, self, self.structure_element):
            super().drawOn(canv, x, y, _sW)  # type: ignore[misc]

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts = super().split(avail_width, avail_height)  # type: ignore[misc]
        for part in parts:
            if isinstance(part, Flowable) and part is not self:
                tag(part, self.structure_element)
        return parts


@cache
def _tagged_class(cls: type) -> type:
    if issubclass(cls, TaggedFlowable):
        return cls
    return type(cls.__name__, (TaggedFlowable, cls), {"__module__": cls.__module__,
                                                     "__qualname__": cls.__qualname__})


def tag(flowable: Any, element: Element | None) -> Any:
    """Mark what ``flowable`` draws as ``element``'s content (an Artifact for an element
    of that type, nothing for None), keeping its class for every check that asks."""
    # set past __setattr__: a Drawing's checks its attribute map, and keeps '__class__'
    # as a plain attribute rather than changing the class
    object.__setattr__(flowable, "__class__", _tagged_class(type(flowable)))
    flowable.__dict__["structure_element"] = element
    return flowable
