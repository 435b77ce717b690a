"""The registry of output formats. A resource's kind decides which formats it is built in."""

from __future__ import annotations

from imhprint.model import Resource

from .base import BuildEnv, Layout, LayoutOverflow
from .leaflet import LeafletA4

FORMATS: dict[str, type[Layout]] = {cls.name: cls for cls in (LeafletA4,)}


def layouts_for(resource: Resource, env: BuildEnv) -> list[Layout]:
    return [cls(resource, env) for cls in FORMATS.values() if cls.kind == resource.kind]


__all__ = ["FORMATS", "BuildEnv", "Layout", "LayoutOverflow", "layouts_for"]
