"""The small inline syntax authors may use: **bold** and [text](https://address).

Everything else is escaped, so ReportLab's paragraph markup never sees raw content:
"<GP>", "&" and "<img src=...>" print literally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

_TOKEN = re.compile(r"\*\*|\[(?P<label>[^\[\]\n]+)\]\((?P<url>https://[^\s()<>\"]+)\)")


class MarkupError(ValueError):
    pass


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    url: str | None = None


def parse_inline(source: str) -> list[Run]:
    """Split text into runs; raise MarkupError for an unclosed **."""
    runs: list[Run] = []
    bold = False
    position = 0
    for match in _TOKEN.finditer(source):
        if match.start() > position:
            runs.append(Run(source[position:match.start()], bold))
        if match.group(0) == "**":
            bold = not bold
        else:
            runs.append(Run(match.group("label"), bold, match.group("url")))
        position = match.end()
    if position < len(source):
        runs.append(Run(source[position:], bold))
    if bold:
        raise MarkupError("bold text is opened with ** but never closed: "
                          "put ** at both ends of the bold words")
    return [run for run in runs if run.text]


def to_reportlab(source: str, link_color: str, links: bool = True) -> str:
    """ReportLab paragraph markup for author text; only our own tags are emitted.

    Without ``links`` (print-shop files) a link is coloured text with no annotation.
    """
    parts = []
    for run in parse_inline(source):
        piece = escape(run.text)
        if run.url and links:
            piece = f'<a href={quoteattr(run.url)} color="{link_color}">{piece}</a>'
        elif run.url:
            piece = f'<font color="{link_color}">{piece}</font>'
        if run.bold or run.url:
            piece = f"<b>{piece}</b>"
        parts.append(piece)
    return "".join(parts)


def plain_text(source: str) -> str:
    """The words a reader sees, without markup (for metadata, checks and readability)."""
    try:
        return "".join(run.text for run in parse_inline(source))
    except MarkupError:
        return source.replace("**", "")
