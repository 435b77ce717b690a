"""Author text as pieces for a template: bold words, links, and the phone numbers and web
addresses in the words made into tel: and https: links.

The templates print each piece's text through Jinja2, which escapes it; nothing here
builds HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from ..contacts import (
    EMAIL_ADDRESS,
    MIN_DIGITS,
    NUMBER,
    TEXT_BEFORE,
    TRAILING,
    WEB_ADDRESS,
    YEAR,
)
from ..markup import MarkupError, parse_inline


@dataclass(frozen=True)
class Piece:
    text: str
    bold: bool = False
    href: str | None = None
    # a phone number or an address reads left to right, even inside Arabic or Urdu
    ltr: bool = False


def tel_link(number: str) -> str | None:
    """A tel: address in E.164 (tel:+448004480737) for a UK number; short service numbers
    (999, 111, 116 123) are dialled as they are written."""
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(parsed):
        return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"tel:{digits}" if len(digits) >= MIN_DIGITS else None


def web_link(address: str) -> str:
    return address if address.startswith("https://") else f"https://{address}"


# Found in the words: emails, web addresses and phone numbers, in the order they appear.
_FINDERS = ((EMAIL_ADDRESS, lambda found: f"mailto:{found}"),
            (WEB_ADDRESS, web_link),
            (NUMBER, lambda found: _number_link(found)))


def _number_link(found: str) -> str | None:
    digits = found.replace(" ", "").replace("\u00a0", "")
    if len(digits) < MIN_DIGITS or YEAR.fullmatch(found):
        return None
    return tel_link(digits)


def _linked(text: str, bold: bool, before: str = "") -> list[Piece]:
    """Plain words split around the numbers and addresses in them, each made a link.
    ``before``: the words before them in the same text ("text SHOUT to **85258**")."""
    pieces: list[Piece] = []
    position = 0
    while position < len(text):
        best: tuple[int, int, str] | None = None
        for pattern, make in _FINDERS:
            for match in pattern.finditer(text, position):
                found = match.group().rstrip(TRAILING)
                href = make(found)
                if (href and pattern is NUMBER
                        and TEXT_BEFORE.search(before + text[:match.start()])):
                    href = href.replace("tel:", "sms:", 1)  # "text SHOUT to 85258"
                if href:
                    if best is None or match.start() < best[0]:
                        best = (match.start(), match.start() + len(found), href)
                    break
        if best is None:
            break
        start, end, href = best
        if start > position:
            pieces.append(Piece(text[position:start], bold))
        pieces.append(Piece(text[start:end], bold, href, ltr=True))
        position = end
    if position < len(text):
        pieces.append(Piece(text[position:], bold))
    return pieces


def pieces(text: str) -> list[Piece]:
    """The pieces of author text (markup checked when the content was loaded)."""
    try:
        runs = parse_inline(text)
    except MarkupError:
        return [Piece(text)]
    result: list[Piece] = []
    before = ""
    for run in runs:
        if run.url:
            ltr = bool(re.fullmatch(r"[\x00-\x7f]*", run.text))
            result.append(Piece(run.text, run.bold, run.url, ltr))
        else:
            result.extend(_linked(run.text, run.bold, before))
        before += run.text
    return result
