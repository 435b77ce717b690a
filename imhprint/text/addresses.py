"""Where a web address may break across lines: only after a "/" or a "." inside it.

A reader types the address they see, so a line that ends "baby-massag" and goes on "e"
prints a wrong address; "riverside-hub.example/" then "baby-massage" does not. Every
paragraph follows this, on the text path and ReportLab's alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Lowercase labels and a top-level domain of letters: "cry-sis.org.uk", "111.nhs.uk/x"
# (the contact ledger picks addresses out of printed text by the same pattern).
WEB_ADDRESS = re.compile(r"(?<![\w@.-])(?:https://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
                         r"[a-z]{2,}(?:/\S*)?")
SEPARATORS = "/."


def inside_addresses(text: str) -> frozenset[int]:
    """The indices of ``text`` before which a line may not begin because they stand inside
    a web address: every index in one but those just after a separator."""
    inside: set[int] = set()
    for match in WEB_ADDRESS.finditer(text):
        cuts = {match.start() + cut for cut in address_cuts(match.group(0))}
        inside.update(set(range(match.start() + 1, match.end())) - cuts)
    return frozenset(inside)


def address_cuts(address: str) -> list[int]:
    """Where a line may end inside ``address``: after each separator past its scheme."""
    scheme = len("https://") if address.startswith("https://") else 0
    return [i + 1 for i, ch in enumerate(address[:-1]) if ch in SEPARATORS and i >= scheme]


def address_pieces(address: str, fits: Callable[[str], bool]) -> list[str]:
    """``address`` in as few pieces as fit a line each (``fits``), cut only after a
    separator; a piece with no cut that fits stays whole, however wide."""
    cuts = address_cuts(address)
    pieces, start = [], 0
    while start < len(address):
        ends = [cut for cut in cuts if cut > start]
        fitting = [end for end in ends if fits(address[start:end])]
        end = len(address) if fits(address[start:]) or not ends else \
            (fitting[-1] if fitting else ends[0])
        pieces.append(address[start:end])
        start = end
    return pieces


_TAG = re.compile(r"(<[^>]*>)")


def break_addresses(markup: str, fits: Callable[[str], bool], line_break: str) -> str:
    """ReportLab markup with ``line_break`` between the pieces of each web address too
    wide for a line (tags and their attributes, such as a link's href, untouched)."""
    parts = _TAG.split(markup)
    for index in range(0, len(parts), 2):  # the text between tags
        parts[index] = WEB_ADDRESS.sub(
            lambda match: line_break.join(address_pieces(match.group(0), fits)),
            parts[index])
    return "".join(parts)
