"""The small inline syntax authors may use: **bold** and [text](https://address).

Everything else is escaped, so ReportLab's paragraph markup never sees raw content:
"<GP>", "&" and "<img src=...>" print literally. Markup that would print differently
from what was meant is refused: bold with no words in it (``****`` prints nothing), and
a link whose text is a web address other than the one it goes to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .xmlquote import escape, quoteattr

_TOKEN = re.compile(r"\*\*|\[(?P<label>[^\[\]\n]+)\]\((?P<url>https://[^\s()<>\"]+)\)")


# Link text that a reader would take for a web address: "nhs.uk", "www.NHS.uk/start",
# "https://iconcope.org/". The last part of the name is in small letters ("uk", "org"),
# so "Dr.Who" is not taken for one.
_LOOKS_LIKE_ADDRESS = re.compile(r"(?i:https?://)?(?:[A-Za-z0-9-]+\.)+[a-z]{2,}\.?(?:/\S*)?")


class MarkupError(ValueError):
    pass


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    url: str | None = None


def _host_and_path(address: str) -> tuple[str, str]:
    """What names a page, ignoring the scheme, 'www.', a trailing slash, ? and #."""
    try:
        parts = urlsplit(address if "://" in address else "https://" + address)
    except ValueError:  # a broken address ("https://[x"): it matches nothing
        return address, ""
    host = parts.hostname or ""
    host = host.rstrip(".").removeprefix("www.")
    return host, parts.path.rstrip("/")


def check_link(label: str, url: str) -> None:
    """Link text that looks like a web address must be the address the link goes to:
    the paper shows the text, and a reader who types it should reach the same page."""
    shown = label.strip()
    if not _LOOKS_LIKE_ADDRESS.fullmatch(shown):
        return
    if _host_and_path(shown) != _host_and_path(url):
        raise MarkupError(f"the link text '{shown}' is a web address, but the link goes to "
                          f"{url}: a reader who types the printed address lands somewhere "
                          "else. Write the same address in both places")


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


def check_markup(source: str) -> None:
    """Raise MarkupError if author text would not print as meant: an unclosed or empty
    ``**``, or a link whose text is another web address. (Only author text: a layout may
    put ** around words that hold bold of their own.)"""
    parse_inline(source)
    opened_at: int | None = None
    for match in _TOKEN.finditer(source):
        if match.group(0) != "**":
            check_link(match.group("label"), match.group("url"))
        elif opened_at is None:
            opened_at = match.start()
        else:
            if not source[opened_at + 2:match.start()].strip():
                raise MarkupError(f"'{source[opened_at:match.end()]}' has no words between "
                                  "the stars, so nothing is printed there: put the words to "
                                  "make bold between them, like **Call 111**, or delete the "
                                  "stars")
            opened_at = None


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
