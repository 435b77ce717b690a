"""What a web version shows: one resource copy (a language, an edition) read into plain
values for the template, from the same content model, services and strings as the PDFs.

Every block a format prints is on the page (a web page has the room a tri-fold has and
more), in the resource's order; the back page's panels (your family hub, useful numbers)
and the small print (version, review dates, publisher, sources, feedback) follow.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from layouts.base import BuildEnv, format_date

from .. import model
from ..i18n.translate import fallback_mark
from ..imprint import SEPARATOR, governance_lines, short_address
from ..markup import plain_text
from ..model import Block, Resource, Service
from ..panels import name_beside_number
from ..strings import Strings
from ..text.bidi import reads_right_to_left
from ..theme import direction_for, family_for, script_for
from .inline import tel_link


@dataclass(frozen=True)
class Notice:
    """A band at the top: the sample edition's, or a draft translation's line."""

    text: str
    language: str
    kind: str  # "sample" or "draft"


@dataclass(frozen=True)
class Contact:
    """A service or hub as the web page lists it: its details, each ready to link."""

    name: str
    offers: str | None = None
    phone: str | None = None
    phone_href: str | None = None
    text: str | None = None
    website: str | None = None
    website_label: str | None = None
    email: str | None = None
    hours: str | None = None
    address: str | None = None
    note: str | None = None
    purpose: str | None = None


@dataclass
class WebPage:
    resource: Resource
    strings: Strings
    language: str
    direction: str
    font: str  # the font family's name in the stylesheet
    source_language: str  # a passage marked [EN] is in this language
    notices: list[Notice]
    blocks: list[Block]
    cards: dict[int, list[Contact]]  # contacts blocks (by id of block) -> their cards
    local: list[Contact]  # an edition's local services, for a local_services block
    hub: list[Contact]  # the edition's hub (or hubs); empty in the national edition
    key_numbers: list[Contact]
    governance: list[str]  # the small print, line by line
    version_line: str
    publisher: str
    logo: str | None  # path of the edition's logo, relative to the page
    edition_name: str | None
    hub_heading: str
    pdfs: list[tuple[str, str]] = field(default_factory=list)  # (label, relative href)

    @property
    def mark(self) -> str:
        return fallback_mark(self.source_language)

    def language_of(self, text: object) -> str | None:
        """The language of a passage that is not in the page's: one a translation left
        in English says so with its [EN] mark."""
        if self.source_language != self.language and str(text).startswith(self.mark + " "):
            return self.source_language
        return None

    def direction_of(self, language: str) -> str:
        return direction_for(language)

    def isolates_left_to_right(self, text: object) -> bool:
        """Whether ``text`` is English (or digits) with no right-to-left letter on a
        right-to-left page: the hub's address or opening times, a local service's name.
        It reads left to right as the PDF prints it (see ``reads_right_to_left``), in a
        <bdi dir="ltr">, and still stands at the page's start side; left to the page's
        direction, "12 Mill Lane" would print as "Mill Lane 12"."""
        plain = plain_text(str(text))
        return (self.direction == "rtl" and not reads_right_to_left(plain, True)
                and any(unicodedata.bidirectional(ch) == "L" for ch in plain))


def web_blocks(resource: Resource) -> list[Block]:
    """Every block printed in at least one of the resource's formats."""
    return [block for block in resource.blocks
            if any(block.shown_in(resource.kind, choice) for choice in resource.choices)]


def contact_of(service: Service) -> Contact:
    return Contact(name=service.name, offers=service.offers, phone=service.phone,
                   phone_href=tel_link(service.phone) if service.phone else None,
                   text=service.text, website=service.website,
                   website_label=short_address(service.website) if service.website else None,
                   email=service.email, hours=service.hours, note=service.note,
                   purpose=service.purpose)


def _hub_contacts(edition: model.Edition | None) -> list[Contact]:
    if edition is None:
        return []
    hubs = [edition.main_hub, *edition.hubs]
    return [Contact(name=hub.name, phone=hub.phone,
                    phone_href=tel_link(hub.phone) if hub.phone else None,
                    website=hub.website,
                    website_label=short_address(hub.website) if hub.website else None,
                    email=hub.email, hours=hub.opening_times, address=hub.address)
            for hub in hubs]


def _printable(services: dict[str, Service], ids: list[str]) -> list[Service]:
    """As the PDFs: unverified entries are left off, local ones come first."""
    found = [services[i] for i in ids if i in services and services[i].printable]
    return sorted(found, key=lambda s: s.area != "local")


def _notices(env: BuildEnv, strings: Strings) -> list[Notice]:
    notices = []
    if env.imprint.sample:
        notices.append(Notice(strings["sample_band"], strings.language, "sample"))
    translation = env.translation
    if translation is not None and translation.band:
        languages = [translation.source_language, translation.language]
        notices += [Notice(line, language, "draft")
                    for line, language in zip(translation.band, languages, strict=False)]
    return notices


def web_page(resource: Resource, env: BuildEnv, pdfs: list[tuple[str, str]],
             logo: str | None) -> WebPage:
    """The web version of one copy of a resource (``env`` is the copy's own)."""
    strings = env.strings[resource.language]
    language = str(resource.language)
    source_language = env.translation.source_language if env.translation else language
    imprint = env.imprint
    publisher = imprint.publisher or resource.owner
    blocks = web_blocks(resource)
    hub = _hub_contacts(env.edition)
    hub_phones = {c.phone for c in hub if c.phone}
    cards = {id(block): [contact_of(s) for s in _printable(env.services, block.services)
                         if s.phone not in hub_phones or not s.phone]
             for block in blocks if isinstance(block, model.Contacts)}
    shown = {str(ref) for ref in resource.card_refs()}
    local = [contact_of(s) for s in (env.edition.services if env.edition else [])
             if s.printable and s.id not in shown and s.phone not in hub_phones]
    key_numbers = []
    for service in _printable(env.services, resource.contacts_panel):
        number = service.phone or service.text or ""
        if number and service.phone not in hub_phones:
            key_numbers.append(Contact(name=name_beside_number(service.name, number),
                                       phone=service.phone,
                                       phone_href=tel_link(service.phone)
                                       if service.phone else None,
                                       text=None if service.phone else service.text))
    notice, routes = governance_lines(strings, resource.kind, imprint)
    version_line = SEPARATOR.join([
        strings.format("version", version=resource.version),
        strings.format("reviewed", date=format_date(resource.reviewed, strings)),
        strings.format("next_review", date=format_date(resource.next_review, strings))])
    script = script_for(language)
    family = family_for(script, language) if script else None
    return WebPage(
        resource=resource, strings=strings, language=language,
        direction=direction_for(language), font=family.name if family else "Andika",
        source_language=source_language, notices=_notices(env, strings), blocks=blocks,
        cards=cards, local=local, hub=hub, key_numbers=key_numbers,
        governance=[notice, *routes.split(SEPARATOR),
                    strings.format("published_by", owner=publisher)],
        version_line=version_line, publisher=publisher, logo=logo,
        edition_name=env.edition.name if env.edition else None,
        hub_heading=(env.edition.panel_heading if env.edition and env.edition.panel_heading
                     else strings["hub_heading"]), pdfs=pdfs)


def page_name(resource_id: str, language: str, own_language: bool) -> str:
    """web/ID.html for a resource in its own language, web/ID.pl.html for a translation:
    the same rule as the PDFs' names."""
    return str(PurePosixPath("web") / (f"{resource_id}.html" if own_language
                                       else f"{resource_id}.{language}.html"))

