"""The ReportLab document a layout builds into, and the overflow it raises when the
content does not fit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.platypus import BaseDocTemplate, LayoutError

from imhprint.flowables import BlockMarker
from imhprint.model import Block


class LayoutOverflow(Exception):
    """Content did not fit the format: names the block where room ran out, says how much
    room is missing, and where to fix it (the resource, or the edition when its data is
    what grew)."""

    def __init__(self, block: Block | None, message: str, missing: float = 0,
                 path: Path | None = None, line: int = 0, names_block: bool = False) -> None:
        super().__init__(message)
        self.block = block
        self.message = message
        self.missing = missing  # points of height; 0 when not measured
        self.path = path  # None: the resource's own file
        self.line = line
        self.names_block = names_block  # the message already says which block


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class TrackingDocTemplate(BaseDocTemplate):
    """Records which block is being placed, and adds a bookmark for each heading.

    It also measures what does not fit, for the overflow message: the height of the
    content that spilled past the last page, or of a flowable too tall for any frame.
    """

    def __init__(self, *args: Any, max_pages: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_pages = max_pages
        self.current_block: Block | None = None
        self.overflow_block: Block | None = None
        self.last_frame: str | None = None
        self.spilled: dict[tuple[int, str], float] = {}  # height used past the last page
        self.gaps = 0.0  # room left unused at the foot of frames within the pages
        self.placing: Any = None  # the flowable being placed
        self.too_tall: tuple[float, float] | None = None  # (height needed, frame height)
        self._outline_count = 0

    def filterFlowables(self, flowables: list[Any]) -> None:  # noqa: N802
        self.placing = flowables[0] if flowables else None

    def handle_flowable(self, flowables: list[Any]) -> None:
        try:
            super().handle_flowable(flowables)
        except LayoutError:
            frame, flowable = self.frame, self.placing
            if flowable is not None:
                needed = flowable.wrap(frame._aW, frame._aH)[1]
                self.too_tall = (needed, frame._aH)
            raise

    def handle_frameEnd(self, resume: int = 0) -> None:  # noqa: N802
        frame = getattr(self, "frame", None)
        if frame is not None and self.page <= self.max_pages:
            self.gaps += max(0.0, frame._y - frame._y1p)
        super().handle_frameEnd(resume)

    def overflow_height(self) -> float:
        """Roughly how much must go for everything to fit: what ran past the last page,
        less the room that content moving back would fill at the foot of earlier frames
        (a card or whole paragraph that did not fit leaves such a gap)."""
        return max(sum(self.spilled.values()) - self.gaps, 0.0)

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 (ReportLab's name)
        if isinstance(flowable, BlockMarker):
            self.current_block = flowable.block
        elif getattr(self, "frame", None) is not None:
            self.last_frame = self.frame.id  # where the content ended
            if self.page > self.max_pages:
                frame = self.frame
                used = frame._y2 - frame._topPadding - frame._y
                self.spilled[(self.page, frame.id)] = used
        if self.page > self.max_pages and self.overflow_block is None:
            self.overflow_block = self.current_block
        outline = getattr(flowable, "outline_text", "")
        if outline:
            key = f"heading-{self._outline_count}"
            self._outline_count += 1
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(outline, key, level=0)
            self.canv.showOutline()  # open the bookmarks pane in the viewer
