"""Apply a translation to a loaded resource: the same blocks, services and layout, other words.

The rule for a passage whose translation cannot be trusted
    A passage prints in the translation only when its entry's msgid is exactly the
    English printed today and the entry is not fuzzy. Otherwise (not translated yet, the
    English changed since, or marked fuzzy) the build never prints the old words: it
    prints today's English, marked [EN], and warns at the PO file and line. An old
    translation may give advice the English no longer gives (a changed number, a safety
    message); the English is current, and the mark says plainly what happened. Such a
    copy counts as not checked: its pages carry the draft band, a press build leaves it
    out and --strict fails on it.

A translated copy's state
    checked      every file it uses (its own PO, strings.po, services.po when it prints
                 services) is marked checked, and every passage is translated and current
    draft        every passage is current, but a file is still a draft
    incomplete   some passage is not translated yet, so it prints in English
    out of date  some passage's English changed since it was translated (see above)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from layouts.base import BuildEnv

from ..cache import NO_MEMO, CheckMemo
from ..content import ContentSet, check_texts
from ..diagnostics import Diagnostics, display_path
from ..model import Resource, Service
from ..preflight import Finding, clip
from ..profiles import PrintProfile
from ..schema import Text
from ..strings import OPTIONAL_KEYS, Strings
from ..theme import script_for
from .catalog import (
    CHECKED,
    DRAFT,
    SERVICES_CATALOG,
    SHARED_CATALOGS,
    STATE_HEADER,
    STRINGS_CATALOG,
    Catalog,
    read_catalog,
    translations_dir,
)
from .dates import is_known_language, language_name
from .passages import map_resource, map_service, map_strings

OUT_OF_DATE, INCOMPLETE = "out of date", "incomplete"
CHECK = "translation"  # the preflight check translation findings belong to
MAX_TRANSLATED = 1024  # translated copies kept for other editions (resources x languages)
MISSING, CHANGED, FUZZY = "missing", "changed", "fuzzy"
EXTRACT = "build_pdfs.py translations extract"

# What must be copied exactly: digit runs (phone numbers, 24/7, 999) and web addresses.
_DIGITS = re.compile(r"\d+")
_ADDRESS = re.compile(r"https://[^\s()<>\"]+|\b(?:[a-z0-9-]+\.)+(?:uk|org|com|net|cymru|"
                      r"scot|wales|info|gov)\b(?:/[^\s()<>\"]*)?", re.IGNORECASE)


def fallback_mark(source_language: str) -> str:
    """How a passage printed in the source language is marked: [EN]."""
    return f"[{source_language.split('-')[0].upper()}]"


def protected_parts(text: str) -> list[str]:
    """The numbers and web addresses in a text, which a translation must keep as they are."""
    addresses = _ADDRESS.findall(text)
    rest = _ADDRESS.sub(" ", text)
    return sorted(addresses) + sorted(_DIGITS.findall(rest))


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"{"}  # unmatched braces: never equal to a well-formed English string


@dataclass(frozen=True)
class Fallback:
    """A passage printed in the source language, and why."""

    path: Path  # the PO file that should hold it
    line: int  # its entry's line, 0 if there is no entry
    key: str
    english: Text
    reason: str  # MISSING, CHANGED or FUZZY
    old_english: str = ""  # CHANGED: the English the translation was made from


class Lookup:
    """Translates the passages of one catalog (or of none, when the file is missing),
    counting what was translated and what fell back to the English."""

    def __init__(self, catalog: Catalog | None, path: Path, mark: str) -> None:
        self.catalog = catalog
        self.path = path
        self.mark = mark
        self.translated: list[Text] = []
        self.fallbacks: list[Fallback] = []
        self.errors: list[Finding] = []

    def __call__(self, key: str, english: Text) -> Text:
        entry = self.catalog.entries.get(key) if self.catalog else None
        line = entry.linenum if entry is not None else 0
        if entry is None or not entry.msgstr.strip():
            return self._fall_back(key, english, MISSING, line)
        if entry.msgid != english:
            return self._fall_back(key, english, CHANGED, line, entry.msgid)
        if entry.fuzzy:
            return self._fall_back(key, english, FUZZY, line)
        text = entry.msgstr.strip()
        if "\n" not in english:  # a one-line field stays on one line
            text = " ".join(text.split())
        problem = self._problem(english, text)
        if problem:
            self.errors.append(Finding(CHECK, "error", f"the translation of '{key}' "
                                       f"{problem}", display_path(self.path), line))
            return self._marked(english)
        translated = Text(text, line)
        self.translated.append(translated)
        return translated

    @staticmethod
    def _problem(english: str, text: str) -> str | None:
        if protected_parts(text) != protected_parts(english):
            shown = ", ".join(protected_parts(english)) or "none"
            return (f"does not have the same numbers and web addresses as the English "
                    f"({shown}): copy phone numbers and web addresses exactly as they are")
        if placeholders(text) != placeholders(english):
            wanted = " ".join(f"{{{n}}}" for n in sorted(placeholders(english))) or "none"
            return (f"must use the same {{placeholders}} as the English ({wanted}): keep "
                    "each one exactly, and write nothing else in braces")
        return None

    def _marked(self, english: Text) -> Text:
        return Text(f"{self.mark} {english}", english.line)

    def _fall_back(self, key: str, english: Text, reason: str, line: int,
                   old: str = "") -> Text:
        self.fallbacks.append(Fallback(self.path, line, key, english, reason, old))
        return self._marked(english)


def fallback_message(fallback: Fallback, source: str, mark: str) -> str:
    """The warning for a passage printed in English; ``source`` is its English file:line."""
    key, printed = fallback.key, f"the English is printed instead, marked {mark}"
    if fallback.reason == CHANGED:
        return (f"'{key}' is out of date: the English changed from "
                f"\"{clip(fallback.old_english)}\" to \"{clip(fallback.english)}\" ({source}), "
                f"so the old translation is not printed; {printed}. Run '{EXTRACT}', then "
                "update the translation")
    if fallback.reason == FUZZY:
        return (f"'{key}' is marked fuzzy (the English changed since it was translated), "
                f"so {printed}: update the translation, then clear the fuzzy mark (in "
                "Poedit: 'Needs work')")
    where = "" if fallback.line else f" (no entry: run '{EXTRACT}')"
    return (f"'{key}' is not translated yet{where}: \"{clip(fallback.english)}\" ({source}); "
            f"{printed}")


def copy_state(out_of_date: int, missing: int, catalogs: list[Catalog]) -> str:
    """out of date (an English passage changed), incomplete (one is not translated yet),
    else checked when every file is, else draft."""
    if out_of_date:
        return OUT_OF_DATE
    if missing:
        return INCOMPLETE
    return CHECKED if catalogs and all(c.state == CHECKED for c in catalogs) else DRAFT


@dataclass
class TranslationInfo:
    """What a translated copy is made from, and whether it can be trusted for print."""

    language: str
    source_language: str
    catalog: Catalog  # the resource's own PO file
    used: list[Catalog]  # every PO file the copy's words come from
    translated: int
    fallbacks: list[Fallback]
    band: list[str] = field(default_factory=list)  # lines of the draft band, if any

    @property
    def out_of_date(self) -> int:
        return sum(f.reason != MISSING for f in self.fallbacks)

    @property
    def missing(self) -> int:
        return sum(f.reason == MISSING for f in self.fallbacks)

    @property
    def state(self) -> str:
        return copy_state(self.out_of_date, self.missing, self.used)

    @property
    def checked(self) -> bool:
        return self.state == CHECKED

    @property
    def name(self) -> str:
        return f"{language_name(self.language)} translation"

    def describe(self) -> str:
        """For messages: "the Polish translation (content/translations/pl/x.po)"."""
        return f"the {self.name} ({display_path(self.catalog.path)})"

    def as_json(self) -> dict[str, object]:
        return {
            "language": self.language,
            "state": self.state,
            "file": display_path(self.catalog.path),
            "files": [display_path(c.path) for c in self.used],
            "checked_by": self.catalog.checked_by or None,
            "checked_on": self.catalog.checked_on.isoformat()
            if self.catalog.checked_on else None,
            "translated": self.translated,
            "out_of_date": self.out_of_date,
            "missing": self.missing,
        }


@dataclass
class LanguageCopy:
    """One language's copy of a resource, ready to lay out: the English itself, or a
    translation with its own strings, services and state."""

    resource: Resource
    env: BuildEnv
    translation: TranslationInfo | None = None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Translations:
    """Every PO file under content/translations/, by language and name."""

    content_dir: Path
    national_services: dict[str, Service] = field(default_factory=dict)  # services.po's
    catalogs: dict[str, dict[str, Catalog]] = field(default_factory=dict)
    memo: CheckMemo = NO_MEMO  # the content's (cache.py): glyph checks already made
    _words: dict[tuple[object, ...], tuple[Resource, Strings, TranslatedWords | None]] = field(
        default_factory=dict, repr=False, compare=False)

    def languages(self) -> list[str]:
        return sorted(self.catalogs)

    def catalog(self, language: str, name: str) -> Catalog | None:
        return self.catalogs.get(language, {}).get(name)

    def languages_of(self, resource_id: str) -> list[str]:
        return [lang for lang in self.languages() if resource_id in self.catalogs[lang]]

    def translated(self, resource: Resource, language: str, source_strings: Strings,
                   directory_used: bool, shared: frozenset[str]) -> TranslatedWords | None:
        """``translate_words``, made once per build for every edition alike (planning
        and each worker translate a resource again for every edition otherwise)."""
        key = (id(resource), language, id(source_strings), directory_used, shared)
        known = self._words.get(key)
        # (each entry holds what it was made from, so no other object can take its id)
        if known is not None and known[0] is resource and known[1] is source_strings:
            return known[2]
        if len(self._words) > MAX_TRANSLATED:  # editions each replacing other services
            self._words.clear()
        made = translate_words(resource, language, source_strings, self, directory_used,
                               shared)
        self._words[key] = (resource, source_strings, made)
        return made


def load_translations(content: ContentSet, diags: Diagnostics,
                      today: dt.date | None = None) -> Translations:
    """Read every PO file; a problem in one only stops the copies made from it."""
    translations = Translations(content.content_dir, content.services, memo=content.memo)
    root = translations_dir(content.content_dir)
    if not root.is_dir():
        return translations
    resource_ids = {r.id for r in content.resources}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()
                         and not p.name.startswith(".")):
        language = folder.name
        if not _usable_language(folder, diags):
            continue
        for path in sorted(folder.glob("*.po")):
            if path.stem not in resource_ids and path.stem not in SHARED_CATALOGS:
                diags.warning(path, 0, f"no resource has the id '{path.stem}', so this "
                              "translation is not used: rename the file after the resource's "
                              "id, or delete it")
                continue
            catalog = read_catalog(path, language, diags, today)
            translations.catalogs.setdefault(language, {})[path.stem] = catalog
    _check_band_strings(content, translations, diags)
    return translations


def _usable_language(folder: Path, diags: Diagnostics) -> bool:
    language = folder.name
    if not is_known_language(language):
        diags.error(folder, 0, f"'{language}' is not a language code: name the folder "
                    "with a code such as pl, ro or cy")
        return False
    if script_for(language) is None:
        diags.error(folder, 0, f"no font is set up for '{language}' "
                    f"({language_name(language)}): add its script in imhprint/theme.py")
        return False
    return True


def _check_band_strings(content: ContentSet, translations: Translations,
                        diags: Diagnostics) -> None:
    """The band on draft translations needs its words in every source strings file."""
    if not translations.catalogs:
        return
    for language, strings in content.strings.items():
        for key in OPTIONAL_KEYS:
            if key not in strings:
                diags.error(content.strings_paths.get(language, content.content_dir), 0,
                            f"strings file is missing '{key}', which the band on draft "
                            "translations prints: copy it from content/strings/en-GB.yaml")


def language_copies(resource: Resource, env: BuildEnv, translations: Translations,
                    languages: list[str], profile: PrintProfile,
                    diags: Diagnostics) -> list[LanguageCopy]:
    """The copies of a resource to build: its own language and each translation asked
    for (every language when ``languages`` is empty).

    A translation not yet checked is built for checking: in the national edition, for the
    office printer, with its band. A press build and a hub's edition are for handing to
    parents, so they leave it out, with a warning."""
    copies = []
    if not languages or resource.language in languages:
        copies.append(LanguageCopy(resource, env))
    for language in translations.languages_of(resource.id):
        if languages and language not in languages:
            continue
        copy = translated_copy(resource, language, env, translations)
        if copy is None:
            continue  # nothing translated yet: `translations status` says so
        info = copy.translation
        assert info is not None
        if not info.checked and (profile.bleed or env.edition is not None):
            build = f"the {profile.name} build" if profile.bleed else \
                f"the '{env.edition.id}' edition"
            diags.warning(info.catalog.path, info.catalog.header_line(STATE_HEADER),
                          f"the {info.name} of '{resource.id}' is {info.state}, not "
                          f"checked, so it is left out of {build} (only the national "
                          "office build carries translations not yet checked, marked as "
                          "drafts): have someone who reads the language check it (see the "
                          "README)")
            continue
        copies.append(copy)
    return copies


def translated_copy(resource: Resource, language: str, env: BuildEnv,
                    translations: Translations) -> LanguageCopy | None:
    """The resource in ``language``, or None if its PO file has nothing translated."""
    catalog = translations.catalog(language, resource.id)
    if catalog is None or catalog.broken:
        return _broken_copy(resource, language, env, catalog) if catalog else None
    source_strings = env.strings[resource.language]
    # the directory translates only the services the edition has not replaced with its own
    national = translations.national_services
    refs = {str(ref) for ref in resource.service_refs()}
    shared = frozenset(ref for ref in refs if ref in env.services
                       and env.services[ref] is national.get(ref))
    words = translations.translated(resource, language, source_strings, bool(refs), shared)
    if words is None:
        return None
    info = TranslationInfo(language, resource.language, catalog, list(words.used),
                           words.count, list(words.fallbacks), list(words.band))
    copy_env = dataclasses.replace(env, strings={**env.strings, language: words.strings},
                                   services={**env.services, **words.services},
                                   translation=info)
    return LanguageCopy(words.resource, copy_env, info, list(words.findings))


@dataclass(frozen=True)
class TranslatedWords:
    """What a translated copy is made of that its edition does not change: the same for
    every edition whose services the directory translates alike, so it is made once."""

    resource: Resource
    strings: Strings
    services: dict[str, Service]  # the national services it prints, translated
    used: tuple[Catalog, ...]
    count: int
    fallbacks: tuple[Fallback, ...]
    band: tuple[str, ...]
    findings: tuple[Finding, ...]


def translate_words(resource: Resource, language: str, source_strings: Strings,
                    translations: Translations, directory_used: bool,
                    shared: frozenset[str]) -> TranslatedWords | None:
    """Translate the resource, its strings and the national services in ``shared``;
    None if its PO file has nothing translated."""
    catalog = translations.catalog(language, resource.id)
    assert catalog is not None
    mark = fallback_mark(resource.language)
    content_dir = translations.content_dir
    words = Lookup(catalog, catalog.path, mark)
    translated = map_resource(resource, words)
    if not words.translated:
        return None
    translated = dataclasses.replace(translated, language=Text(language, resource.language
                                                               .line))
    strings_catalog = translations.catalog(language, STRINGS_CATALOG)
    layout_words = Lookup(strings_catalog, _shared_path(content_dir, language,
                                                        STRINGS_CATALOG), mark)
    strings = Strings(language, map_strings(source_strings.entries(), layout_words))
    lookups = [words, layout_words]
    services = {}
    if directory_used:
        directory = Lookup(translations.catalog(language, SERVICES_CATALOG),
                           _shared_path(content_dir, language, SERVICES_CATALOG), mark)
        national = translations.national_services
        # an edition's own entries are its words, not the directory's: they stay as written
        services = {ref: map_service(national[ref], directory) for ref in sorted(shared)}
        lookups.append(directory)
    used = [lookup.catalog for lookup in lookups if lookup.catalog is not None]
    fallbacks = [f for lookup in lookups for f in lookup.fallbacks]
    info = TranslationInfo(language, resource.language, catalog, used, len(words.translated),
                           fallbacks)
    band = band_lines(info, source_strings, strings, layout_words)
    findings = _findings(info, lookups, resource, language, translations.memo)
    return TranslatedWords(translated, strings, services,
                           tuple(used), info.translated, tuple(fallbacks), tuple(band),
                           tuple(findings))


def _broken_copy(resource: Resource, language: str, env: BuildEnv,
                 catalog: Catalog) -> LanguageCopy:
    """A copy that is not built: its PO file has errors (already listed at their lines)."""
    info = TranslationInfo(language, resource.language, catalog, [catalog], 0, [])
    finding = Finding(CHECK, "error", f"the {info.name} of '{resource.id}' is not built "
                      "until the errors in this file are fixed", display_path(catalog.path), 0)
    return LanguageCopy(resource, env, info, [finding])


def _shared_path(content_dir: Path, language: str, name: str) -> Path:
    return translations_dir(content_dir) / language / f"{name}.po"


BAND_KEY = "translation_draft"


def band_lines(info: TranslationInfo, source: Strings, strings: Strings,
               layout_words: Lookup) -> list[str]:
    """The band on a copy that is not checked: "Draft translation: not yet checked" in
    the source language, then in the translation's (when strings.po translates it).

    A passage printed in English says so itself, with its [EN] mark: one band for every
    state keeps a tight poster from running out of room because a passage fell back."""
    if info.checked:
        return []
    lines = [source[BAND_KEY]]
    if BAND_KEY not in {f.key for f in layout_words.fallbacks}:
        lines.append(strings[BAND_KEY])
    return lines


def _findings(info: TranslationInfo, lookups: list[Lookup], resource: Resource,
              language: str, memo: CheckMemo) -> list[Finding]:
    findings = [Finding(CHECK, "error", f"the {info.name} of '{resource.id}' is not built "
                        "until the errors in this file are fixed", display_path(c.path), 0)
                for c in info.used if c.broken]
    mark = fallback_mark(resource.language)
    for fallback in info.fallbacks:
        source = f"{display_path(resource.path)}:{fallback.english.line}" \
            if fallback.path == info.catalog.path else "the English"
        findings.append(Finding(CHECK, "warning", fallback_message(fallback, source, mark),
                                display_path(fallback.path), fallback.line))
    for lookup in lookups:
        findings += lookup.errors
        glyphs = Diagnostics()
        check_texts(lookup.path, lookup.translated, language, glyphs, memo)
        findings += [Finding(CHECK, "error", d.message, d.path, d.line) for d in glyphs.items]
    if info.state == DRAFT:
        findings.append(Finding(CHECK, "warning", (
            f"the {info.name} of '{resource.id}' is a draft, not yet checked: every page "
            "carries a 'Draft translation' band, and editions and press builds leave it "
            "out. Have someone who reads the language check it against the English, then "
            "fill in X-Checked-By and X-Checked-On and set X-Translation-State: checked"),
            display_path(info.catalog.path), info.catalog.header_line(STATE_HEADER)))
    return findings
