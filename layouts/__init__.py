"""The registry of output formats. A resource's kind decides which formats it is built in."""

from __future__ import annotations

from imhprint.model import Resource

from .base import BuildEnv, Layout, LayoutOverflow
from .leaflet import LeafletA4
from .poster import POSTER_FORMATS

FORMATS: dict[str, type[Layout]] = {cls.name: cls for cls in (LeafletA4, *POSTER_FORMATS)}


def layouts_for(resource: Resource, env: BuildEnv) -> list[Layout]:
    """The formats a resource is made in: its kind, and for posters its sizes."""
    return [cls(resource, env) for cls in FORMATS.values()
            if cls.kind == resource.kind
            and (getattr(cls, "size", None) is None or cls.size in resource.sizes)]


__all__ = ["FORMATS", "BuildEnv", "Layout", "LayoutOverflow", "layouts_for"]
