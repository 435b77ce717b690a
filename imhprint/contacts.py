"""The contact details a build prints, for the check a hub makes before a print run.

The block renderer hands every piece of text it prints to a ContactLedger, which picks out
phone and text numbers, web and email addresses (and is told the opening times), and
records where each came from: the service in the directory, the edition's hub details, or
the resource's own text. So the check sheet lists what the PDFs print, not a guess.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import display_path
from .imprint import Imprint, short_address
from .model import Edition, Service
from .schema import Text
from .text.addresses import WEB_ADDRESS

PHONE, TEXT, WEB, EMAIL, HOURS = "phone", "text", "web", "email", "opening times"
KINDS = (PHONE, TEXT, WEB, EMAIL, HOURS)
KIND_LABELS = {PHONE: "Phone", TEXT: "Text", WEB: "Web", EMAIL: "Email", HOURS: "Open"}

EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
# Digit groups joined by single spaces: "999", "116 123", "0800 448 0737", "85258". Not a
# decimal, a time, a temperature, an age like "5s", or part of a postcode or a word.
NUMBER = re.compile(r"(?<![\w.,:/\u00b0\u00a3-])\d+(?:[ \u00a0]\d+)*(?![\w\u00b0%/]|[.,:]\d)")
YEAR = re.compile(r"(?:19|20)\d\d")
TEXT_BEFORE = re.compile(r"\btext\b[^.?!]*$", re.IGNORECASE)
TRAILING = ".,;:!?)"
MIN_DIGITS = 3  # "2 for mental health" is an option to press, not a number to call


def normalise(text: str) -> str:
    return " ".join(text.split())


def numbers_in(text: str) -> list[tuple[str, str]]:
    """(kind, number) for each phone or text number in printed text."""
    found = []
    for match in NUMBER.finditer(text):
        number = normalise(match.group())
        digits = number.replace(" ", "")
        if len(digits) < MIN_DIGITS or YEAR.fullmatch(number):
            continue
        kind = TEXT if TEXT_BEFORE.search(text[:match.start()]) else PHONE
        found.append((kind, number))
    return found


def keep_numbers_whole(text: str) -> str:
    """Text whose phone numbers cannot wrap between their digit groups: a reader copies
    "0113 496 0777" from one line, and the check sheet lists the number as printed."""
    def join(match: re.Match[str]) -> str:
        number = match.group()
        if len(number.replace(" ", "")) < MIN_DIGITS or YEAR.fullmatch(number):
            return number
        return number.replace(" ", "\u00a0")
    return NUMBER.sub(join, text)


def addresses_in(text: str) -> list[tuple[str, str]]:
    """(kind, address) for each email and web address in printed text."""
    found = [(EMAIL, m.group().rstrip(TRAILING)) for m in EMAIL_ADDRESS.finditer(text)]
    without_emails = EMAIL_ADDRESS.sub(" ", text)
    found += [(WEB, m.group().rstrip(TRAILING)) for m in WEB_ADDRESS.finditer(without_emails)]
    return found


def _same_address(printed: str, url: str) -> bool:
    def bare(address: str) -> str:
        return address.lower().removeprefix("https://").removeprefix("www.").rstrip("/")
    return bare(printed) == bare(url)


@dataclass(frozen=True)
class Origin:
    """Where a printed detail comes from: what to check, and the file and line to fix.

    Its name is left out of comparisons: a service printed under its translated name is
    the same entry to check as in English."""

    name: str = field(compare=False)
    path: str
    line: int
    source: str = ""  # where it was checked; empty when nothing is recorded
    verified_on: dt.date | None = None
    verified_how: str | None = None
    service_id: str | None = None

    @classmethod
    def of_service(cls, service: Service) -> Origin:
        return cls(service.name, display_path(service.path), service.line, service.source,
                   service.verified_on, service.verified_how, service.id)


@dataclass(frozen=True)
class Printed:
    """One contact detail as printed, and where it came from."""

    kind: str
    value: str
    origin: Origin


@dataclass
class ContactLedger:
    """What one layout printed: each detail, and the places (resource, format) it is in.

    ``services`` is the directory the build prints from, to tell whose a number in running
    text is; ``text_origin`` names the resource for a number that belongs to no service.
    """

    services: dict[str, Service]
    text_origin: Origin
    place: tuple[str, str]  # (resource id, format)
    known: dict[tuple[str, str], Origin] = field(default_factory=dict)  # hub and imprint
    printed: dict[Printed, set[tuple[str, str]]] = field(default_factory=dict)

    def note_text(self, text: str, origin: Origin | None = None,
                  kind_hint: str | None = None) -> None:
        """Record the numbers and addresses in a piece of printed text."""
        for kind, value in [*numbers_in(text), *addresses_in(text)]:
            if kind_hint == TEXT and kind == PHONE:
                kind = TEXT
            self.note(kind, value, origin, getattr(text, "line", 0))

    def note(self, kind: str, value: str, origin: Origin | None = None, line: int = 0) -> None:
        """Record one detail. It is whoever has it in the directory: the service whose
        card it is printed in, if that service has it, else another service (a card for
        NHS 111 that says "not 999" prints the emergency number); else, in a card, that
        card's service; else the hub or imprint fields, else the resource's own text at
        ``line``."""
        value = normalise(value)
        card = origin.service_id if origin is not None else None
        service = self._service_with(kind, value, prefer=card)
        if service is not None:
            origin = Origin.of_service(service)
        elif card is None:
            origin = (self.known.get((kind, value)) or origin or
                      Origin(self.text_origin.name, self.text_origin.path,
                             line or self.text_origin.line))
        self.printed.setdefault(Printed(kind, value, origin), set()).add(self.place)

    def _service_with(self, kind: str, value: str, prefer: str | None = None
                      ) -> Service | None:
        """The printable service with this detail, ``prefer`` (an id) first."""
        services = sorted(self.services.values(), key=lambda service: service.id != prefer)
        for service in services:
            if not service.printable:
                continue
            if kind in (PHONE, TEXT) and (service.phone == value or any(
                    number == value for _, number in numbers_in(service.text or ""))):
                return service
            if kind == WEB and service.website and _same_address(value, service.website):
                return service
            if kind == EMAIL and service.email == value:
                return service
        return None


def known_details(edition: Edition | None, imprint: Imprint) -> dict[tuple[str, str], Origin]:
    """The details an edition or the settings give outside the services directory: the
    hub's own phone, web, email and opening times, and the imprint's sources address and
    feedback route; each with the line it is set on."""
    known: dict[tuple[str, str], Origin] = {}

    def add(kind: str, value: Text | None, whose: str, path: Path) -> None:
        if value:
            known.setdefault((kind, normalise(value)), Origin(
                whose, display_path(path), getattr(value, "line", 0)))

    if edition is not None:
        for hub in [edition.main_hub, *edition.hubs]:
            whose = f"{hub.name} (hub details)"
            add(PHONE, hub.phone, whose, edition.path)
            add(EMAIL, hub.email, whose, edition.path)
            add(HOURS, hub.opening_times, whose, edition.path)
            if hub.website:
                add(WEB, Text(short_address(hub.website), hub.website.line), whose,
                    edition.path)
    if imprint.path is not None:
        whose = f"{imprint.publisher} (feedback and sources)"
        if imprint.sources_web:
            add(WEB, Text(short_address(imprint.sources_web), imprint.sources_web.line),
                whose, imprint.path)
        feedback = imprint.feedback or ""
        for kind, value in [*numbers_in(feedback), *addresses_in(feedback)]:
            add(kind, Text(value, getattr(feedback, "line", 0)), whose, imprint.path)
    return known


def merge(ledgers: Iterable[dict[Printed, set[tuple[str, str]]]],
          ) -> dict[Printed, set[tuple[str, str]]]:
    """What several PDFs print (each a ledger's ``printed``), with every place it is in."""
    merged: dict[Printed, set[tuple[str, str]]] = {}
    for ledger in ledgers:
        for printed, places in ledger.items():
            merged.setdefault(printed, set()).update(places)
    return merged


def sorted_rows(printed: dict[Printed, set[tuple[str, str]]]) -> list[tuple[Printed, str]]:
    """Each detail with where it appears, grouped by whose it is, in a stable order."""
    rows = [(item, appears_in(places)) for item, places in printed.items()]
    return sorted(rows, key=lambda row: (row[0].origin.name.lower(), row[0].origin.path,
                                         KINDS.index(row[0].kind), row[0].value))


def appears_in(places: set[tuple[str, str]]) -> str:
    """"where-to-get-help (leaflet-a4, leaflet-trifold); help-is-here (poster-a4)"."""
    by_resource: dict[str, list[str]] = {}
    for resource, layout in sorted(places):
        by_resource.setdefault(resource, []).append(layout)
    return "; ".join(f"{resource} ({', '.join(layouts)})"
                     for resource, layouts in by_resource.items())


CSV_COLUMNS = ("checked", "kind", "value", "whose", "appears_in", "source", "verified_on",
               "verified_how", "file", "line")


def contacts_csv(printed: dict[Printed, set[tuple[str, str]]]) -> bytes:
    """The check sheet as CSV, for a spreadsheet: one row per detail, 'checked' left blank."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item, places in sorted_rows(printed):
        origin = item.origin
        writer.writerow(["", item.kind, item.value, origin.name, places, origin.source,
                         origin.verified_on.isoformat() if origin.verified_on else "",
                         origin.verified_how or "", origin.path, origin.line])
    return out.getvalue().encode("utf-8")
