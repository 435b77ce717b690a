"""The registry of output formats. A resource's kind decides which formats it is built in."""

from __future__ import annotations

from imhprint.model import Resource

from .base import BuildEnv, Layout, LayoutOverflow, grow_box
from .booklet import BookletA5
from .largeprint import LargePrintA4
from .leaflet import LeafletA4
from .poster import POSTER_FORMATS
from .trifold import TriFoldDL

FORMATS: dict[str, type[Layout]] = {cls.name: cls for cls in
                                    (LeafletA4, TriFoldDL, BookletA5, LargePrintA4,
                                     *POSTER_FORMATS)}


def layouts_for(resource: Resource, env: BuildEnv) -> list[Layout]:
    """The formats a resource is made in: those of its kind that it asks for."""
    return [cls(resource, env) for cls in FORMATS.values()
            if cls.kind == resource.kind and cls.choice in resource.choices]


__all__ = ["FORMATS", "BuildEnv", "Layout", "LayoutOverflow", "grow_box", "layouts_for"]
