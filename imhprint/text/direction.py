"""A page's reading direction: the one thing the renderer, panels and layouts ask to
mirror what they place for a right-to-left language (Arabic, Urdu).

Words order and align themselves (see ``ShapedParagraph``); this covers what stands
beside them: which cell of a row comes first, which side a panel's accent bar and icon
are on, where a card, a label or a fold panel goes across its width. Everything is laid
out once, left to right, and this says where it lands: the same layout code serves both
directions, and a left-to-right page is placed exactly as it always was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.platypus import Table, TableStyle

from ..theme import direction_for

T = TypeVar("T")

# Table commands whose value names a side: mirrored along with the columns.
_SIDE_COMMANDS = {"LEFTPADDING": "RIGHTPADDING", "RIGHTPADDING": "LEFTPADDING"}
_SIDE_VALUES = {"LEFT": "RIGHT", "RIGHT": "LEFT"}


@dataclass(frozen=True)
class Direction:
    right_to_left: bool = False

    def ordered(self, items: Sequence[T]) -> list[T]:
        """Items given in reading order (cells of a row, cards, columns), left to right
        as they stand on the page."""
        return list(reversed(items)) if self.right_to_left else list(items)

    def x(self, x: float, width: float, room: float) -> float:
        """Where something laid out ``x`` from the start of ``room`` (a panel, a row, a
        sheet) with this ``width`` stands, measured from the left as PDF coordinates are."""
        return room - x - width if self.right_to_left else x

    @property
    def start_side(self) -> str:
        """The side a flowable narrower than its frame (a picture) stands at."""
        return "RIGHT" if self.right_to_left else "LEFT"

    @property
    def start_alignment(self) -> int:
        """A paragraph style's alignment at the side lines start from."""
        return TA_RIGHT if self.right_to_left else TA_LEFT

    def table(self, rows: list[list[Any]], col_widths: Sequence[float | None],
              commands: list[tuple], **options: Any) -> Table:
        """A ReportLab table from rows and commands written in reading order: in
        right-to-left, its columns stand from right to left, and the commands (their
        column ranges, left and right padding, cell alignment) are mirrored with them."""
        columns = len(col_widths)
        table = Table([self.ordered(row) for row in rows], colWidths=self.ordered(col_widths),
                      **options)
        if self.right_to_left:
            # what is narrower than its cell (an icon, a picture) stands at the start side,
            # as it does on the left in left to right; explicit alignments still win
            commands = [("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                        *[self._mirrored(command, columns) for command in commands]]
        table.setStyle(TableStyle(commands))
        return table

    @staticmethod
    def _mirrored(command: tuple, columns: int) -> tuple:
        if len(command) < 3 or not (isinstance(command[1], tuple)
                                    and isinstance(command[2], tuple)):
            return command  # ROUNDEDCORNERS and other whole-table settings
        name, start, end, *rest = command
        first, last = (columns - 1 - (start[0] % columns), columns - 1 - (end[0] % columns))
        name = _SIDE_COMMANDS.get(name, name)
        if name == "ALIGN":
            rest = [_SIDE_VALUES.get(rest[0], rest[0]), *rest[1:]]
        return (name, (min(first, last), start[1]), (max(first, last), end[1]), *rest)


LEFT_TO_RIGHT = Direction(False)
RIGHT_TO_LEFT = Direction(True)


def direction_of(language: str) -> Direction:
    """The direction pages in ``language`` are laid out in."""
    return RIGHT_TO_LEFT if direction_for(language) == "rtl" else LEFT_TO_RIGHT
