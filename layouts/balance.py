"""Balanced panels: where to break a column of blocks so that every panel is about as full.

A folded leaflet has a few panels of the same height. Filling each in turn, as ReportLab
does, leaves the last one short, or a middle one empty when the content ends early. Here
the content is first laid out by ReportLab itself in one tall column, so the height of each
flowable and the space between them are exactly as they will be built. Then the column is
cut, only where a cut is allowed, so that the emptiest panel is as full as it can be.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, LayoutError, PageTemplate

from imhprint.flowables import BlockMarker


@dataclass(frozen=True)
class Placed:
    """Where a flowable landed, measured down from the top of its frame, in points."""

    top: float
    bottom: float


class RecordingFrame(Frame):
    """A frame that notes where each flowable it places lands (block markers aside)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.placed: dict[int, Placed] = {}  # by id() of the flowable

    def add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:  # noqa: N803
        added = super().add(flowable, canv, trySplit)
        if added and not isinstance(flowable, BlockMarker):
            top = self._y2 - self._topPadding
            bottom = self._y + flowable.getSpaceAfter()  # the frame has moved past its space
            _, height = flowable.wrap(self._getAvailableWidth(), self._aH)
            self.placed[id(flowable)] = Placed(top - bottom - height, top - bottom)
        return added


def add_space_above(content: list[Flowable], extra_gap: float) -> list[Flowable]:
    """``content`` with ``extra_gap`` more space before each block, except after a heading
    or a line leading into it: short content spread over more room looks calm, not
    stretched, when the space goes between blocks."""
    for flowable in content:
        if isinstance(flowable, BlockMarker) and not flowable.keepWithNext:
            flowable.space_above = extra_gap
    return content


def break_points(content: list[Flowable]) -> list[int]:
    """The indices in ``content`` where a new panel may begin: never after a flowable kept
    with the next one (a heading, a line leading into a list), and never between a block's
    marker and the block. Read before a build: ReportLab clears keepWithNext as it goes."""
    return [index for index in range(1, len(content))
            if not isinstance(content[index - 1], BlockMarker)
            and not content[index - 1].getKeepWithNext()]


def measure(content: list[Flowable], width: float, height: float,
            font: str) -> list[Placed | None] | None:
    """Each flowable's place in one column ``width`` wide (None for markers), or None when
    the content is taller than ``height`` or a part of it cannot be placed at all."""
    frame = RecordingFrame(0, 0, width, height, leftPadding=0, rightPadding=0, topPadding=0,
                           bottomPadding=0, id="column")
    doc = BaseDocTemplate(io.BytesIO(), pagesize=(width, height), invariant=1,
                          initialFontName=font, pageTemplates=[PageTemplate("column", [frame])])
    try:
        doc.build(list(content))
    except LayoutError:
        return None
    if doc.page > 1:
        return None
    return [frame.placed.get(id(flowable)) for flowable in content]


@dataclass(frozen=True)
class Cut:
    """Where the panels after the first begin (indices into the content), and how full
    each panel is, as a share of its height."""

    starts: tuple[int, ...]
    fills: tuple[float, ...]


def balance(placed: list[Placed | None], points: list[int], panels: int,
            room: float | tuple[float, ...], counted: int | None = None,
            fixed: tuple[float, ...] = ()) -> Cut | None:
    """The cut of the column into ``panels`` panels, none taller than ``room``, each
    holding something, that makes the emptiest of the first ``counted`` panels (all, by
    default) as full as it can be, and between equals the fullest of them the least full.
    Panels after those only have to hold the rest. None when no such cut exists.

    ``room`` may be one height for every panel, or each panel's own. ``fixed``: the
    height each panel already shows besides the content (the hub's panels at the foot of
    a last page), counted in how full it looks.

    Dynamic programming over the allowed break points. A panel's height runs from the top
    of its first flowable (space above it is dropped at the top of a frame) to the foot of
    its last.
    """
    counted = panels if counted is None else counted
    rooms = room if isinstance(room, tuple) else (room,) * panels
    shown = fixed or (0.0,) * panels
    bounds = [0, *points, len(placed)]
    first, last = _next_placed(placed), _previous_placed(placed)

    def fill(start: int, stop: int, room: float, fixed: float) -> float | None:
        """How full a panel of content[start:stop] is; None if empty or too tall."""
        top_index, foot_index = first[start], last[stop]
        if top_index is None or foot_index is None or top_index >= stop:
            return None
        height = placed[foot_index].bottom - placed[top_index].top
        return (height + fixed) / (room + fixed) if height <= room else None

    # best[j]: the best cut of content[:bounds[j]] into so many panels, as
    # (score, starts, fills); score: (emptiest counted fill, minus the fullest), higher wins
    no_score = (2.0, 0.0)
    best = {0: (no_score, (), ())}
    for panel in range(panels):
        following: dict[int, tuple[tuple[float, float], tuple[int, ...], tuple[float, ...]]] = {}
        for i, (score, starts, fills) in best.items():
            for j in range(i + 1, len(bounds)):
                share = fill(bounds[i], bounds[j], rooms[panel], shown[panel])
                if share is None:
                    if first[bounds[i]] is not None and first[bounds[i]] < bounds[j]:
                        break  # already too tall: a longer panel would be too
                    continue
                rounded = round(share, 4)  # so that float noise never picks the winner
                scored = (min(score[0], rounded), min(score[1], -rounded)) \
                    if panel < counted else score
                candidate = (scored, (*starts, bounds[i]) if panel else (), (*fills, share))
                if j not in following or candidate[0] > following[j][0]:
                    following[j] = candidate
        best = following
    whole = best.get(len(bounds) - 1)
    return Cut(whole[1], whole[2]) if whole else None


def _next_placed(placed: list[Placed | None]) -> list[int | None]:
    """For each index (and the end), the first index at or after it that was placed."""
    result: list[int | None] = [None] * (len(placed) + 1)
    for index in range(len(placed) - 1, -1, -1):
        result[index] = index if placed[index] is not None else result[index + 1]
    return result


def _previous_placed(placed: list[Placed | None]) -> list[int | None]:
    """For each stop index, the last index before it that was placed."""
    result: list[int | None] = [None] * (len(placed) + 1)
    for index, where in enumerate(placed):
        result[index + 1] = index if where is not None else result[index]
    return result
