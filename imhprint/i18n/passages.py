"""Which words of the content a translator translates, each with a stable key.

A translation carries only words. Everything else (the blocks and their order, service
ids, phone numbers, web addresses, QR codes, icons, dates) comes from the English
resource, so a translated poster can never print another number than the English one.

One walker serves both directions: extraction calls it to list the English passages,
and the build calls it to swap each passage for its translation. The two can never
disagree about what is translatable or what a passage's key is.

Keys (the PO ``msgctxt``) name where a passage sits, not what it says, so fixing a typo
in the English keeps its key (the translation becomes "out of date", never lost):

    title, subtitle, intro              the cover
    heading 2                           the second heading block
    bullets 1 item 3                    the third bullet of the first bullet list
    tips 1 item 2 why                   the 'why' line of the second card of the first tips
    callout 1 title, qr 1, image 1 alt  ...

Blocks are counted per type, so inserting a paragraph does not change the keys of the
tips or bullets around it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..model import Resource, Service
from ..schema import Text

# The cover fields of a resource that print (owner is a name; sources name English pages).
RESOURCE_FIELDS = ("title", "subtitle", "intro")
# The fields of a service that print on leaflets and posters.
SERVICE_FIELDS = ("name", "offers", "purpose", "hours", "text", "note")
# Block fields that are never translated: they choose a look, or name a thing by id or
# address. Any other text field of any block is translated, so a new block type is
# translatable without a change here.
KEPT_AS_WRITTEN = frozenset({"line", "tone", "url", "src", "icon", "services",
                             "width_percent", "size", "formats"})

Translate = Callable[[str, Text], Text]  # (key, English text) -> the text to print
T = TypeVar("T")


@dataclass(frozen=True)
class Passage:
    key: str  # the PO msgctxt
    text: Text  # the English, with its YAML line


def map_resource(resource: Resource, translate: Translate) -> Resource:
    """A copy of the resource with each passage replaced by ``translate(key, text)``."""
    cover = {name: translate(name, value) for name in RESOURCE_FIELDS
             if (value := getattr(resource, name)) is not None}
    counts: Counter[str] = Counter()
    blocks = []
    for block in resource.blocks:
        counts[block.type_name] += 1
        blocks.append(_map_record(block, f"{block.type_name} {counts[block.type_name]}",
                                  translate))
    return dataclasses.replace(resource, **cover, blocks=blocks)


def map_service(service: Service, translate: Translate) -> Service:
    changes = {name: translate(f"{service.id} {name}", value) for name in SERVICE_FIELDS
               if (value := getattr(service, name)) is not None}
    return dataclasses.replace(service, **changes)


def map_strings(entries: dict[str, Text], translate: Translate) -> dict[str, Text]:
    return {key: translate(key, text) for key, text in entries.items()}


def _map_record(record: T, key: str, translate: Translate) -> T:
    names = [f.name for f in dataclasses.fields(record) if f.name not in KEPT_AS_WRITTEN]
    changes = {}
    for name in names:
        value = getattr(record, name)
        # a block with one text (a heading, a list) is keyed by the block alone
        where = key if len(names) == 1 else f"{key} {name}"
        changes[name] = _map_value(value, where, translate)
    return dataclasses.replace(record, **changes)


def _map_value(value: Any, key: str, translate: Translate) -> Any:
    if isinstance(value, Text):
        return translate(key, value)
    if isinstance(value, list):
        return [_map_value(item, f"{key} item {number}", translate)
                for number, item in enumerate(value, start=1)]
    if dataclasses.is_dataclass(value):
        return _map_record(value, key, translate)
    return value  # None, numbers, dates


def _collect(mapper: Callable[[Translate], object]) -> list[Passage]:
    passages: list[Passage] = []

    def record(key: str, text: Text) -> Text:
        passages.append(Passage(key, text))
        return text

    mapper(record)
    return passages


def resource_passages(resource: Resource) -> list[Passage]:
    return _collect(lambda record: map_resource(resource, record))


def service_passages(services: list[Service]) -> list[Passage]:
    return _collect(lambda record: [map_service(s, record) for s in services])


def strings_passages(entries: dict[str, Text]) -> list[Passage]:
    return _collect(lambda record: map_strings(entries, record))
