"""The registry of output formats. A resource's kind decides which formats it is built in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class PlannedFormat:
    """What planning a build needs of a format: its name and where its PDF goes."""

    name: str
    output_path: Path  # Layout.output_path()
    file_path: Path  # Layout.file_path()


def formats_planned(resource: Resource, env: BuildEnv) -> list[PlannedFormat]:
    """The formats ``layouts_for`` makes, by name and path only. A Layout's own set-up
    loads its fonts and makes its renderer, which a build with every PDF up to date
    never uses: its paths need only the resource, the edition's env and the profile."""
    planned = []
    for cls in FORMATS.values():
        if cls.kind == resource.kind and cls.choice in resource.choices:
            bare = cls.__new__(cls)  # (not set up: only its path methods are called)
            bare.resource, bare.env, bare.profile = resource, env, env.profile
            planned.append(PlannedFormat(cls.name, bare.output_path(), bare.file_path()))
    return planned


__all__ = ["FORMATS", "BuildEnv", "Layout", "LayoutOverflow", "PlannedFormat", "formats_planned",
           "grow_box", "layouts_for"]
