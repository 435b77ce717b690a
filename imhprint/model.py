"""The content model: what a resource, block, service and strings file are, and their schemas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .colours import ColourField
from .icons import ICON_NAMES
from .phones import PhoneField
from .schema import (
    BoolField,
    ChoiceField,
    DateField,
    Field,
    IdField,
    ListField,
    RecordField,
    TaggedUnionField,
    Text,
    TextField,
    TextMapField,
    UrlField,
    WrappedField,
)

DEFAULT_LANGUAGE = "en-GB"


# ---- blocks ---------------------------------------------------------------------------

@dataclass
class Block:
    line: int
    # The formats this block is printed in (``formats: [a4, trifold]``); empty: all of them.
    formats: list[Text] = field(default_factory=list, kw_only=True)
    # 'large': on posters its headings, list items, tip titles and numbers read from afar.
    size: Text = field(default=Text("normal"), kw_only=True)

    @property
    def type_name(self) -> str:
        return BLOCK_NAMES[type(self)]

    def shown_in(self, kind: str, choice: str) -> bool:
        """Whether the block prints in a format: a resource kind's format (``choice``,
        such as a4 or trifold) or every format of that kind (``leaflet``, ``poster``)."""
        return not self.formats or choice in self.formats or kind in self.formats


@dataclass
class Heading(Block):
    text: Text


@dataclass
class Paragraph(Block):
    text: Text


@dataclass
class Bullets(Block):
    items: list[Text]


@dataclass
class Tip:
    tip: Text
    why: Text
    icon: Text | None
    line: int


@dataclass
class Tips(Block):
    items: list[Tip]


@dataclass
class Cue:
    you_see: Text
    it_may_mean: Text
    you_can_try: Text
    line: int


@dataclass
class Cues(Block):
    rows: list[Cue]


@dataclass
class Callout(Block):
    title: Text
    text: Text
    tone: Text


@dataclass
class Quote(Block):
    text: Text
    by: Text | None


@dataclass
class Contacts(Block):
    services: list[Text]


@dataclass
class LocalServices(Block):
    """Where an edition's own local services print; nothing in the national copy."""

    heading: Text | None  # None: the strings file's local_support_heading


@dataclass
class QRCode(Block):
    url: Text
    text: Text


@dataclass
class Image(Block):
    src: Text
    alt: Text | None  # required for print; preflight reports a missing one
    caption: Text | None
    width_percent: int


# ---- resources and shared data --------------------------------------------------------

@dataclass
class Source:
    title: Text
    url: Text | None
    line: int


@dataclass
class Resource:
    kind: Text
    id: Text
    title: Text
    subtitle: Text | None
    audience: Text
    language: Text
    version: Text
    owner: Text
    reviewed: dt.date
    next_review: dt.date
    intro: Text
    contacts_panel: list[Text]
    sources: list[Source]
    blocks: list[Block]
    sizes: list[Text]
    formats: list[Text]
    line: int
    path: Path = field(default=Path("."))

    def service_refs(self) -> list[Text]:
        """The service ids it names: its key-numbers panel, then its contacts blocks."""
        return [*self.contacts_panel, *self.card_refs()]

    def card_refs(self) -> list[Text]:
        """The service ids it shows as cards: those in its contacts blocks."""
        return [ref for block in self.blocks if isinstance(block, Contacts)
                for ref in block.services]

    def blocks_in(self, choice: str) -> list[Block]:
        """The blocks printed in one of its formats (a4, trifold, a3, ...)."""
        return [block for block in self.blocks if block.shown_in(self.kind, choice)]

    @property
    def choices(self) -> list[str]:
        """The formats asked for: a poster's sizes, or a leaflet's formats (A4 if none)."""
        if self.kind == "poster":
            return list(self.sizes)
        # every leaflet is made in large print too, so no reader is told there is none
        return [*(self.formats or ["a4"]), LARGE_PRINT]


@dataclass
class Service:
    id: Text
    name: Text
    offers: Text
    phone: Text | None
    text: Text | None
    website: Text | None
    email: Text | None
    hours: Text | None
    area: Text
    status: Text
    source: Text
    verified_on: dt.date
    verified_how: Text | None  # a key of VERIFIED_HOW; None: not recorded
    note: Text | None
    purpose: Text | None  # what it is for, in a few words: posters print it
    line: int
    path: Path = field(default=Path("."))

    @property
    def checked_at_source(self) -> bool:
        """Its details were seen at the organisation itself, not only in a brief."""
        return self.verified_how in CHECKED_AT_SOURCE

    @property
    def printable(self) -> bool:
        return self.status != "unverified"

    @property
    def is_local_placeholder(self) -> bool:
        return self.status == "local"


@dataclass
class ServicesFile:
    kind: Text
    services: list[Service]
    line: int


@dataclass
class StringsFile:
    kind: Text
    language: Text
    strings: dict[str, Text]
    line: int


# ---- schemas --------------------------------------------------------------------------

def _text(required: bool = True, max_length: int = 5000) -> Field:
    """Words a reader reads (see TextField's ``prose``)."""
    return Field(TextField(max_length=max_length), required=required)


def _label(required: bool = True, max_length: int = 300) -> Field:
    """Text that is not prose: a version, a file name, an email address, a source."""
    return Field(TextField(max_length=max_length, prose=False), required=required)


def _language(required: bool) -> Field:
    return Field(TextField(max_length=20, multiline=False, prose=False), required,
                 DEFAULT_LANGUAGE)


def _record(cls: type, fields: dict[str, Field], description: str) -> RecordField:
    return RecordField(fields, cls, description)


def _percent(value: Text, line: int) -> int:
    return int(value)


_TIP = _record(Tip, {
    "tip": _text(max_length=120),
    "why": _text(max_length=400),
    "icon": Field(ChoiceField(*ICON_NAMES), required=False),
}, "a tip")
_CUE = _record(Cue, {
    "you_see": _text(max_length=300),
    "it_may_mean": _text(max_length=200),
    "you_can_try": _text(max_length=300),
}, "a cue row")

BLOCK_SCHEMAS = {
    "heading": WrappedField(TextField(max_length=120, multiline=False),
                            lambda v, line: Heading(line, v)),
    "paragraph": WrappedField(TextField(), lambda v, line: Paragraph(line, v)),
    "bullets": WrappedField(ListField(TextField(max_length=600)),
                            lambda v, line: Bullets(line, v)),
    "tips": WrappedField(ListField(_TIP), lambda v, line: Tips(line, v)),
    "cues": WrappedField(ListField(_CUE), lambda v, line: Cues(line, v)),
    "callout": _record(Callout, {
        "title": _text(max_length=120),
        "text": _text(),
        "tone": Field(ChoiceField("warning", "info"), required=False, default="info"),
    }, "a callout"),
    "quote": _record(Quote, {"text": _text(max_length=600), "by": _text(False, 120)}, "a quote"),
    "contacts": WrappedField(ListField(IdField()), lambda v, line: Contacts(line, v)),
    "local_services": RecordField({
        "heading": Field(TextField(max_length=120, multiline=False), required=False),
    }, LocalServices, "local services (an optional heading)", may_be_empty=True),
    "qr": _record(QRCode, {"url": Field(UrlField()), "text": _text(max_length=200)}, "a QR code"),
    "image": _record(Image, {
        "src": _label(),
        "alt": _text(required=False, max_length=300),
        "caption": _text(False, 300),
        "width_percent": Field(WrappedField(ChoiceField("25", "33", "50", "66", "75", "100"),
                                            _percent), required=False, default=100),
    }, "an image"),
}

BLOCK_NAMES = {
    Heading: "heading", Paragraph: "paragraph", Bullets: "bullets", Tips: "tips",
    Cues: "cues", Callout: "callout", Quote: "quote", Contacts: "contacts",
    LocalServices: "local_services", QRCode: "qr", Image: "image",
}

_SOURCE = _record(Source, {"title": _text(max_length=300), "url": Field(UrlField(), False)},
                  "a source")

RESOURCE_KINDS = ("leaflet", "poster")
POSTER_SIZES = ("a4", "a3", "a2")
LEAFLET_FORMATS = ("a4", "trifold", "booklet")
# Made for every leaflet, without asking (a block may still name it in its ``formats``).
LARGE_PRINT = "large-print"
# What a block's ``formats`` may name: one format, or a kind for all of its formats.
BLOCK_FORMATS = (*dict.fromkeys((*LEAFLET_FORMATS, LARGE_PRINT, *POSTER_SIZES)),
                 *RESOURCE_KINDS)
BLOCK_SIZES = ("normal", "large")
_BLOCK_SHARED = {
    "formats": Field(ListField(ChoiceField(*BLOCK_FORMATS), max_items=len(BLOCK_FORMATS)),
                     False, list),
    "size": Field(ChoiceField(*BLOCK_SIZES), False, lambda: Text("normal")),
}

RESOURCE_SCHEMA = _record(Resource, {
    "kind": Field(ChoiceField(*RESOURCE_KINDS)),
    "id": Field(IdField()),
    "title": _text(max_length=80),
    "subtitle": _text(False, 120),
    "audience": _label(max_length=200),
    "language": _language(required=False),
    "version": _label(max_length=20),
    "owner": _text(max_length=120),
    "reviewed": Field(DateField()),
    "next_review": Field(DateField()),
    "intro": _text(max_length=600),
    "contacts_panel": Field(ListField(IdField(), max_items=4), False, list),
    "sources": Field(ListField(_SOURCE)),
    "blocks": Field(ListField(TaggedUnionField(BLOCK_SCHEMAS, "block", _BLOCK_SHARED))),
    "sizes": Field(ListField(ChoiceField(*POSTER_SIZES), max_items=3), False, list),
    "formats": Field(ListField(ChoiceField(*LEAFLET_FORMATS), max_items=len(LEAFLET_FORMATS)),
                     False, list),
}, "a resource")

# How a service's details were last checked (as the check sheet says it), which a hub
# needs to know before a print run: only 'source-site' and 'phoned' are checks at source.
VERIFIED_HOW = {
    "brief": "matched to our content brief only, not at its source",
    "source-site": "on the organisation's own website",
    "phoned": "by phoning the organisation",
    "fictional": "made up (sample edition)",
}
CHECKED_AT_SOURCE = ("source-site", "phoned")

AREAS = ("UK", "UK and Ireland", "Great Britain", "England and Wales", "England", "Wales",
         "Scotland", "Northern Ireland", "local")

_SERVICE = _record(Service, {
    "id": Field(IdField()),
    "name": _text(max_length=80),
    "offers": _text(max_length=400),
    "phone": Field(PhoneField(), False),
    "text": _text(False, 120),
    "website": Field(UrlField(), False),
    "email": _label(False, 120),
    "hours": _text(False, 160),
    "area": Field(ChoiceField(*AREAS)),
    "status": Field(ChoiceField("verified", "unverified", "local")),
    "source": _label(),
    "verified_on": Field(DateField()),
    "verified_how": Field(ChoiceField(*VERIFIED_HOW), False),
    "note": _text(False, 300),
    "purpose": _text(False, 60),
}, "a service")

SERVICES_SCHEMA = _record(ServicesFile, {
    "kind": Field(ChoiceField("services")),
    "services": Field(ListField(_SERVICE)),
}, "a services directory")

@dataclass
class Hub:
    """One family hub's details, as printed in the 'your family hub' panel."""

    name: Text
    address: Text | None
    phone: Text | None
    email: Text | None
    website: Text | None
    opening_times: Text | None
    line: int


@dataclass
class EditionColours:
    accent: object  # reportlab Color
    tint: object | None
    line: int


@dataclass
class Edition:
    """A local edition: a hub's or county's name, logo, colours and local services."""

    kind: Text
    id: Text
    name: Text
    logo: Text | None
    colours: EditionColours | None
    address: Text | None
    phone: Text | None
    email: Text | None
    website: Text | None
    opening_times: Text | None
    panel_heading: Text | None
    panel_text: Text | None
    feedback: Text | None  # how readers give feedback: an email, web address or phone
    sources_web: Text | None  # where the hub publishes the sources page, if it does
    sample: bool  # a made-up edition: every page says so
    hubs: list[Hub]
    services: list[Service]
    line: int
    path: Path = field(default=Path("."))
    # the national entries its services replace: to lay out the national copy beside it
    replaced: dict[str, Service] = field(default_factory=dict)

    @property
    def main_hub(self) -> Hub:
        """The organisation's own details, shown first in the family hub panel."""
        return Hub(self.name, self.address, self.phone, self.email, self.website,
                   self.opening_times, self.line)


_HUB = _record(Hub, {
    "name": _text(max_length=80),
    "address": _text(False, 200),
    "phone": Field(PhoneField(), False),
    "email": _label(False, 120),
    "website": Field(UrlField(), False),
    "opening_times": _text(False, 160),
}, "a hub")

EDITION_SCHEMA = _record(Edition, {
    "kind": Field(ChoiceField("edition")),
    "id": Field(IdField()),
    "name": _text(max_length=80),
    "logo": _label(False),
    "colours": Field(_record(EditionColours, {
        "accent": Field(ColourField()),
        "tint": Field(ColourField(), False),
    }, "colours"), False),
    "address": _text(False, 200),
    "phone": Field(PhoneField()),
    "email": _label(False, 120),
    "website": Field(UrlField(), False),
    "opening_times": _text(False, 160),
    "panel_heading": _text(False, 80),
    "panel_text": _text(False, 300),
    "feedback": _text(False, 120),
    "sources_web": Field(UrlField(), False),
    "sample": Field(BoolField(), False, False),
    "hubs": Field(ListField(_HUB, min_items=0, max_items=4), False, list),
    "services": Field(ListField(_SERVICE, min_items=0, max_items=30), False, list),
}, "an edition")

@dataclass
class Settings:
    """The national edition's imprint: who publishes it and how readers give feedback."""

    kind: Text
    publisher: Text
    feedback: Text | None
    sources_web: Text | None
    line: int
    path: Path = field(default=Path("."))


SETTINGS_SCHEMA = _record(Settings, {
    "kind": Field(ChoiceField("settings")),
    "publisher": _text(max_length=80),
    "feedback": _text(False, 120),
    "sources_web": Field(UrlField(), False),
}, "the settings")

STRINGS_SCHEMA = _record(StringsFile, {
    "kind": Field(ChoiceField("strings")),
    "language": _language(required=True),
    "strings": Field(TextMapField()),
}, "a strings file")

DOCUMENT_SCHEMAS = {
    **{kind: RESOURCE_SCHEMA for kind in RESOURCE_KINDS},
    "services": SERVICES_SCHEMA,
    "strings": STRINGS_SCHEMA,
    "edition": EDITION_SCHEMA,
    "settings": SETTINGS_SCHEMA,
}
