"""Translation files: gettext PO, one per resource and language, read and written with polib.

    content/translations/pl/babies-cry-you-can-cope.po   a poster's words in Polish
    content/translations/pl/strings.po                   the layout's own words
    content/translations/pl/services.po                  the services directory's words

Each entry's ``msgid`` is the English it was translated from and its ``msgctxt`` the
passage's key (see passages.py); ``#:`` points at the English YAML file and line. Poedit,
Weblate and any gettext tool read and write these files.

The header records who checked the translation and when:

    "X-Translation-State: draft\\n"     draft, or checked
    "X-Checked-By: \\n"                 the person who read it against the English
    "X-Checked-On: \\n"                 the day they did, as 2026-11-30

polib (not Babel's pofile) reads and writes them because it keeps a file as the
translator's tool left it: the previous English of a fuzzy entry (``#| msgid``), the
header's order and obsolete entries all survive a round trip, and nothing is added that
changes on every run, so extracting twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..diagnostics import Diagnostics

TRANSLATIONS_FOLDER = "translations"
STRINGS_CATALOG = "strings"
SERVICES_CATALOG = "services"
SHARED_CATALOGS = (STRINGS_CATALOG, SERVICES_CATALOG)

STATE_HEADER = "X-Translation-State"
CHECKED_BY_HEADER = "X-Checked-By"
CHECKED_ON_HEADER = "X-Checked-On"
DRAFT, CHECKED = "draft", "checked"
STATES = (DRAFT, CHECKED)
WRAP_WIDTH = 78  # what msgmerge and Poedit use


@dataclass
class Catalog:
    """One PO file as read, with its entries by key and its checked-state header."""

    path: Path
    language: str
    name: str  # a resource id, or "strings" / "services"
    po: polib.POFile
    state: str = DRAFT
    checked_by: str = ""
    checked_on: dt.date | None = None
    entries: dict[str, polib.POEntry] = field(default_factory=dict)  # by msgctxt
    broken: bool = False  # an error in the file: no copy is built from it

    def header_line(self, name: str) -> int:
        """The line of a header field, for messages about it (the file's first line if
        the field is not there)."""
        return _header_lines(self.path).get(name, 1)


def translations_dir(content_dir: Path) -> Path:
    return content_dir / TRANSLATIONS_FOLDER


def catalog_path(content_dir: Path, language: str, name: str) -> Path:
    return translations_dir(content_dir) / language / f"{name}.po"


def _header_lines(path: Path) -> dict[str, int]:
    lines: dict[str, int] = {}
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return lines
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r'^"([A-Za-z0-9-]+):', line)
        if match:
            lines.setdefault(match.group(1), number)
        elif line.startswith("msgctxt") or line.startswith("#:"):
            break  # past the header
    return lines


_SYNTAX_LINE = re.compile(r"line (\d+)")


def read_catalog(path: Path, language: str, diags: Diagnostics,
                 today: dt.date | None = None) -> Catalog:
    """Read one PO file; every problem goes to ``diags`` at the file's line, and a file
    with an error comes back ``broken`` (never printed)."""
    name = path.stem
    try:
        po = polib.pofile(str(path), wrapwidth=WRAP_WIDTH, encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        match = _SYNTAX_LINE.search(str(exc))
        diags.error(path, int(match.group(1)) if match else 0,
                    f"this translation file cannot be read ({_plain(exc)}): open it in "
                    "Poedit, or check the quotes on each msgid and msgstr line")
        return Catalog(path, language, name, polib.POFile(), broken=True)
    catalog = Catalog(path, language, name, po)
    before = len(diags.errors)
    _read_header(catalog, diags, today or dt.date.today())
    for entry in po:
        if entry.obsolete:
            continue
        key = entry.msgctxt or ""
        if not key:
            diags.error(path, entry.linenum, "this entry has no msgctxt (the key that says "
                        "where the English comes from): run 'build_pdfs.py translations "
                        "extract' to rebuild the file")
        elif key in catalog.entries:
            first = catalog.entries[key].linenum
            diags.error(path, entry.linenum, f"the key '{key}' is given twice (first on "
                        f"line {first}): keep one entry")
        else:
            catalog.entries[key] = entry
    catalog.broken = len(diags.errors) > before
    return catalog


def _plain(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "it is not saved as UTF-8"
    return str(exc).rstrip(".")


def _read_header(catalog: Catalog, diags: Diagnostics, today: dt.date) -> None:
    meta = catalog.po.metadata
    path = catalog.path
    declared = meta.get("Language", "").strip()
    if declared and declared.replace("_", "-").lower() != catalog.language.lower():
        diags.error(path, catalog.header_line("Language"), f"the header says Language: "
                    f"{declared}, but the file is in the '{catalog.language}' folder: move "
                    "the file or fix the header")
    state = meta.get(STATE_HEADER, DRAFT).strip() or DRAFT
    if state not in STATES:
        diags.error(path, catalog.header_line(STATE_HEADER), f"{STATE_HEADER} is "
                    f"'{state}': write draft, or checked once someone has checked it")
        state = DRAFT
    catalog.state = state
    catalog.checked_by = meta.get(CHECKED_BY_HEADER, "").strip()
    checked_on = meta.get(CHECKED_ON_HEADER, "").strip()
    if checked_on:
        try:
            catalog.checked_on = dt.date.fromisoformat(checked_on)
        except ValueError:
            diags.error(path, catalog.header_line(CHECKED_ON_HEADER), f"{CHECKED_ON_HEADER} "
                        f"is '{checked_on}': write the day as year-month-day, e.g. 2026-11-30")
    if catalog.checked_on and catalog.checked_on > today:
        diags.error(path, catalog.header_line(CHECKED_ON_HEADER), f"{CHECKED_ON_HEADER} "
                    f"({catalog.checked_on}) is in the future: write the day it was checked")
    if state == CHECKED and not (catalog.checked_by and catalog.checked_on):
        diags.error(path, catalog.header_line(STATE_HEADER), f"the translation is marked "
                    f"checked, but {CHECKED_BY_HEADER} and {CHECKED_ON_HEADER} are not both "
                    "filled in: write who checked it and when, or set the state to draft")


def catalog_text(po: polib.POFile) -> bytes:
    return (str(po).rstrip("\n") + "\n").encode("utf-8")


def save_catalog(po: polib.POFile, path: Path) -> bool:
    """Write the PO file in one step (never half-written); False if it was already so."""
    data = catalog_text(po)
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
