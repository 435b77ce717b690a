"""`translations extract`: write the English to translate into PO files, keeping the work done.

Merging follows msgmerge, with one difference: a passage's key (msgctxt) says where it
is, so a changed passage is found by its key rather than guessed by likeness.

    same key, same English       kept as it is
    same English, another key    the passage moved: its translation moves with it
    same key, English changed    translation kept but marked fuzzy, with the English it
                                 was made from as the previous msgid (#| msgid), so Poedit
                                 shows the change; a fuzzy entry is never printed
    a close English elsewhere    the same, for a passage both moved and edited
    none of these                a new, empty entry
    an old entry no longer used  kept at the end as obsolete (#~) if it had a translation

Nothing that changes by itself (dates, tool versions) goes into a file: extracting twice
writes the same bytes, and a file that would not change is not touched.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import polib

from ..content import ContentSet
from ..diagnostics import display_path
from ..markup import parse_inline
from ..model import Resource
from .catalog import (
    CHECKED_BY_HEADER,
    CHECKED_ON_HEADER,
    DRAFT,
    SERVICES_CATALOG,
    STATE_HEADER,
    STRINGS_CATALOG,
    WRAP_WIDTH,
    catalog_path,
    save_catalog,
)
from .dates import language_name
from .passages import Passage, resource_passages, service_passages, strings_passages
from .translate import placeholders, protected_parts

CLOSE_MATCH = 0.8  # how alike an edited passage must be to keep its translation (fuzzy)
SOURCE_HEADER = "X-Source"


@dataclass(frozen=True)
class Source:
    """What one PO file translates: its passages and the English file they are in."""

    name: str  # a resource id, or strings / services
    path: Path
    passages: list[Passage]


@dataclass
class Merged:
    path: Path
    written: bool = False
    created: bool = False
    kept: int = 0
    new: int = 0
    fuzzy: int = 0
    obsolete: int = 0

    def describe(self) -> str:
        what = "created" if self.created else "updated" if self.written else "unchanged"
        return (f"{display_path(self.path)}: {what}: {self.kept} kept, {self.new} new, "
                f"{self.fuzzy} out of date (fuzzy), {self.obsolete} obsolete")


def source_reference(path: Path, content_dir: Path) -> str:
    """How a #: reference names an English file: from the folder holding content/, so a
    PO file reads the same wherever the build runs."""
    try:
        return path.resolve().relative_to(content_dir.resolve().parent).as_posix()
    except ValueError:
        return display_path(path)


def resource_source(resource: Resource) -> Source:
    return Source(resource.id, resource.path, resource_passages(resource))


def shared_sources(content: ContentSet, source_language: str) -> dict[str, Source]:
    """strings.po from the source language's strings file, services.po from the directory."""
    sources = {}
    strings = content.strings.get(source_language)
    if strings is not None:
        sources[STRINGS_CATALOG] = Source(
            STRINGS_CATALOG, content.strings_paths[source_language],
            strings_passages(strings.entries()))
    services = list(content.services.values())
    if services:
        sources[SERVICES_CATALOG] = Source(SERVICES_CATALOG, services[0].path,
                                           service_passages(services))
    return sources


def translator_note(text: str) -> str:
    """The #. comment: what to keep as it is, found in the English itself."""
    notes = []
    if "**" in text:
        notes.append("Keep the ** marks around the words printed in bold.")
    if any(run.url for run in parse_inline(text)):
        notes.append("In [words](https://...), translate the words, not the address.")
    kept = protected_parts(text)
    if kept:
        notes.append(f"Copy exactly: {', '.join(dict.fromkeys(kept))}.")
    names = placeholders(text)
    if names:
        shown = " and ".join(f"{{{n}}}" for n in sorted(names))
        notes.append(f"Keep {shown} exactly as {'it is' if len(names) == 1 else 'they are'}.")
    return " ".join(notes)


def _header_comment(language: str, source: str) -> str:
    name = language_name(language)
    return (f"{name} translation of {source}, for imh-print.\n"
            "Each msgid is the English; msgctxt says where it is in the English file.\n"
            "Translate msgstr only. Numbers and web addresses stay exactly as in the English.\n"
            f"This is a draft until someone who reads {name} has checked it against the\n"
            f"English and filled in {CHECKED_BY_HEADER}, {CHECKED_ON_HEADER} and\n"
            f"{STATE_HEADER}: checked (see the README).")


def new_header(language: str, name: str, source: str) -> dict[str, str]:
    return {
        "Project-Id-Version": f"imh-print {name}",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        SOURCE_HEADER: source,
        STATE_HEADER: DRAFT,
        CHECKED_BY_HEADER: "",
        CHECKED_ON_HEADER: "",
    }


def _carry(entry: polib.POEntry, old: polib.POEntry, fuzzy: bool) -> None:
    """Give a new entry an old one's translation; fuzzy if the English differs."""
    entry.msgstr = old.msgstr
    entry.tcomment = old.tcomment
    if fuzzy or old.fuzzy:
        entry.flags.append("fuzzy")
        # the English the translation was made from: an old fuzzy entry's own previous
        entry.previous_msgid = (old.previous_msgid if old.fuzzy and old.previous_msgid
                                else old.msgid)
        if entry.previous_msgid == entry.msgid:
            entry.previous_msgid = None


def merge(old: polib.POFile | None, source: Source, language: str,
          content_dir: Path) -> tuple[polib.POFile, Merged]:
    reference = source_reference(source.path, content_dir)
    po = polib.POFile(wrapwidth=WRAP_WIDTH, encoding="utf-8")
    po.header = old.header if old is not None and old.header else \
        _header_comment(language, reference)
    po.metadata = {**new_header(language, source.name, reference),
                   **(old.metadata if old is not None else {})}
    po.metadata[SOURCE_HEADER] = reference
    previous = [e for e in old if e.msgid] if old is not None else []
    by_key = {e.msgctxt: e for e in previous if not e.obsolete}
    by_english = {e.msgid: e for e in previous if e.msgstr.strip()}
    unused = {id(e): e for e in previous}
    counts = Merged(Path())
    for passage in source.passages:
        entry = polib.POEntry(msgctxt=passage.key, msgid=str(passage.text), msgstr="",
                              occurrences=[(reference, str(passage.text.line))],
                              comment=translator_note(passage.text))
        if placeholders(passage.text):
            entry.flags.append("python-brace-format")
        same_place = by_key.get(passage.key)
        match, fuzzy = _best_match(passage, same_place, by_english, unused)
        if match is not None:
            _carry(entry, match, fuzzy)
            unused.pop(id(match), None)
            if entry.fuzzy and not match.fuzzy:
                counts.fuzzy += 1
            else:
                counts.kept += 1
        else:
            counts.new += 1
        if same_place is not None and not same_place.msgstr.strip():
            unused.pop(id(same_place), None)  # an empty entry is simply replaced
        po.append(entry)
    for leftover in unused.values():
        if leftover.msgstr.strip():
            leftover.obsolete = True
            po.append(leftover)
            counts.obsolete += 1
    return po, counts


def _best_match(passage: Passage, same_place: polib.POEntry | None,
                by_english: dict[str, polib.POEntry],
                unused: dict[int, polib.POEntry]) -> tuple[polib.POEntry | None, bool]:
    """The old entry whose translation this passage keeps, and whether it is now fuzzy."""
    english = str(passage.text)
    if same_place is not None and same_place.msgid == english:
        return same_place, False
    moved = by_english.get(english)
    if moved is not None and id(moved) in unused:
        return moved, False
    if same_place is not None and same_place.msgstr.strip():
        return same_place, True
    candidates = {e.msgid: e for e in unused.values() if e.msgstr.strip()}
    close = difflib.get_close_matches(english, list(candidates), n=1, cutoff=CLOSE_MATCH)
    if close:
        return candidates[close[0]], True
    return None, False


def extract_one(source: Source, language: str, content_dir: Path) -> Merged:
    """Write or merge one PO file for ``source`` in ``language``."""
    path = catalog_path(content_dir, language, source.name)
    old = polib.pofile(str(path), wrapwidth=WRAP_WIDTH, encoding="utf-8") \
        if path.exists() else None
    po, counts = merge(old, source, language, content_dir)
    counts.path = path
    counts.created = old is None
    counts.written = save_catalog(po, path)
    return counts
