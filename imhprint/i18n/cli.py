"""`build_pdfs.py translations extract|status`: the translator's two commands.

    python build_pdfs.py translations extract --language pl --only babies-cry-you-can-cope
    python build_pdfs.py translations extract            refresh every PO file from the English
    python build_pdfs.py translations status             what is missing or out of date
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

from ..content import ContentSet, load_content
from ..diagnostics import Diagnostics, display_path
from ..model import DEFAULT_LANGUAGE, Resource
from ..theme import ASSETS_DIR, script_for
from .catalog import SERVICES_CATALOG, STRINGS_CATALOG, catalog_path, translations_dir
from .dates import is_known_language, language_name
from .extract import Source, extract_one, resource_source, shared_sources
from .status import FileStatus, file_status, note_status, status_table
from .translate import Translations, load_translations


class UsageError(Exception):
    """A mistake in the command itself: exit code 2."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_pdfs translations",
        description="Translate leaflets and posters with gettext PO files "
                    "(content/translations/LANGUAGE/ID.po), e.g. in Poedit or Weblate.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    extract = commands.add_parser(
        "extract", help="write the English to translate into PO files, keeping the "
                        "translations already made and marking changed ones fuzzy")
    status = commands.add_parser(
        "status", help="show, per language and file, what is translated, out of date or "
                       "missing, and whether it has been checked")
    for command in (extract, status):
        command.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                             help="folder of YAML content (default: content)")
        command.add_argument("--assets", type=Path, default=ASSETS_DIR, metavar="DIR",
                             help="folder that image paths are relative to (default: assets)")
        command.add_argument("--language", action="append", default=[], metavar="CODE",
                             help="only this language, e.g. pl (repeatable); extract starts "
                                  "a new language this way")
    extract.add_argument("--only", action="append", default=[], metavar="ID",
                         help="the resources to write PO files for (repeatable); without "
                              "it, the files that already exist are refreshed")
    return parser.parse_args(argv)


def main(argv: list[str], out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    args = parse_args(argv)
    if not args.content.is_dir():
        print(f"build_pdfs translations: error: content folder '{args.content}' not found "
              "(use --content DIR)", file=err)
        return 2
    content, diags = load_content(args.content, args.assets)
    translations = load_translations(content, diags)
    try:
        if args.command == "extract":
            lines = run_extract(content, translations, args.language, args.only, diags)
        else:
            lines = run_status(content, translations, args.language, diags)
    except UsageError as exc:
        print(f"build_pdfs translations: error: {exc}", file=err)
        return 2
    for diagnostic in sorted(diags.items):
        print(diagnostic, file=err)
    print(lines, file=out)
    return 1 if diags.errors else 0


def source_language(content: ContentSet) -> str:
    """The language the resources are written in (the one most of them use)."""
    languages = Counter(str(r.language) for r in content.resources)
    return languages.most_common(1)[0][0] if languages else DEFAULT_LANGUAGE


def _language_folders(content: ContentSet) -> list[str]:
    root = translations_dir(content.content_dir)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def _check_new_language(language: str) -> None:
    if not is_known_language(language):
        raise UsageError(f"--language {language}: not a language code CLDR knows; use a "
                         "code such as pl, ro, cy or pt-BR")
    if script_for(language) is None:
        raise UsageError(f"--language {language}: no font is set up for "
                         f"{language_name(language)} yet (imhprint/theme.py)")


def _targets(content: ContentSet, language: str, only: list[str]) -> list[Resource]:
    """The resources to write PO files for: those named, else those already translated
    (every resource, for a language that has none yet)."""
    buildable = content.buildable()
    if only:
        return [r for r in buildable if r.id in only]
    existing = {r.id for r in buildable
                if catalog_path(content.content_dir, language, r.id).exists()}
    return [r for r in buildable if r.id in existing] if existing else buildable


def run_extract(content: ContentSet, translations: Translations, languages: list[str],
                only: list[str], diags: Diagnostics) -> str:
    known_ids = {r.id for r in content.resources}
    unknown = [i for i in only if i not in known_ids]
    if unknown:
        raise UsageError(f"--only {', '.join(unknown)}: no resource has that id; ids are: "
                         f"{', '.join(sorted(known_ids)) or '(none)'}")
    languages = languages or _language_folders(content)
    if not languages:
        raise UsageError("there are no translations yet: start one with --language CODE, "
                         "for example --language pl --only babies-cry-you-can-cope")
    for language in languages:
        _check_new_language(language)
    shared = shared_sources(content, source_language(content))
    lines = []
    for language in languages:
        targets = _targets(content, language, only)
        sources = [resource_source(r) for r in targets]
        if STRINGS_CATALOG in shared:
            sources.append(shared[STRINGS_CATALOG])
        services_file = catalog_path(content.content_dir, language, SERVICES_CATALOG)
        if SERVICES_CATALOG in shared and (services_file.exists()
                                           or any(r.service_refs() for r in targets)):
            sources.append(shared[SERVICES_CATALOG])
        for source in sources:
            lines.append(_extract_source(source, language, content.content_dir, diags))
    return "\n".join(line for line in lines if line)


def _extract_source(source: Source, language: str, content_dir: Path,
                    diags: Diagnostics) -> str:
    try:
        return extract_one(source, language, content_dir).describe()
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        path = catalog_path(content_dir, language, source.name)
        diags.error(path, 0, f"not updated: {exc}. Fix the file (or delete it to start "
                    "again), then run extract again")
        return ""


def run_status(content: ContentSet, translations: Translations, languages: list[str],
               diags: Diagnostics) -> str:
    languages = languages or translations.languages()
    if not languages:
        return ("There are no translations yet. Start one with: python build_pdfs.py "
                "translations extract --language CODE --only ID")
    source = source_language(content)
    shared = shared_sources(content, source)
    resources = {r.id: r for r in content.buildable()}
    rows: list[FileStatus] = []
    for language in languages:
        names = [n for n in sorted(translations.catalogs.get(language, {}))
                 if n in resources]
        names += [n for n in (STRINGS_CATALOG, SERVICES_CATALOG)
                  if n == STRINGS_CATALOG or translations.catalog(language, n)]
        for name in names:
            what = resource_source(resources[name]) if name in resources else shared.get(name)
            if what is None:
                continue
            rows.append(file_status(language, catalog_path(content.content_dir, language, name),
                                    translations.catalog(language, name), what, source))
    note_status(rows, diags)
    legend = ("state: checked, draft (not yet checked), incomplete (some passages not "
              "translated yet), out of date (the English changed), not started. Out-of-date "
              "and missing passages print in English, marked, until they are translated.")
    folder = display_path(translations_dir(content.content_dir))
    return f"{status_table(rows)}\n{legend}\n(files in {folder}/)"
