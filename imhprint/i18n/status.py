"""`translations status`: what each translation still needs, compared with the English now.

The comparison is with today's English, not with what the PO file says about itself, so
an English change shows here (and in the build) before anyone runs extract again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostics, display_path
from ..preflight import Finding
from .catalog import Catalog
from .extract import Source
from .translate import (
    CHANGED,
    FUZZY,
    MISSING,
    Lookup,
    copy_state,
    fallback_mark,
    fallback_message,
)

NOT_STARTED, BROKEN = "not started", "broken"


@dataclass
class FileStatus:
    language: str
    path: Path
    catalog: Catalog | None
    translated: int = 0
    out_of_date: int = 0
    missing: int = 0
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.catalog is not None and (self.catalog.broken or self.errors):
            return BROKEN
        if self.catalog is None or not self.translated:
            return NOT_STARTED
        return copy_state(self.out_of_date, self.missing, [self.catalog])


def file_status(language: str, path: Path, catalog: Catalog | None, source: Source,
                source_language: str) -> FileStatus:
    """Run the build's own look-up over every passage and count what it found."""
    mark = fallback_mark(source_language)
    lookup = Lookup(catalog if catalog and not catalog.broken else None, path, mark)
    for passage in source.passages:
        lookup(passage.key, passage.text)
    status = FileStatus(language, path, catalog, translated=len(lookup.translated),
                        errors=list(lookup.errors))
    for fallback in lookup.fallbacks:
        if fallback.reason in (CHANGED, FUZZY):
            status.out_of_date += 1
        else:
            status.missing += 1
        if fallback.reason != MISSING or fallback.line:  # entries, not a whole empty file
            where = f"{display_path(source.path)}:{fallback.english.line}"
            status.warnings.append(Finding("translation", "warning",
                                           fallback_message(fallback, where, mark),
                                           display_path(path), fallback.line))
    return status


def status_table(rows: list[FileStatus]) -> str:
    headings = ["language", "file", "translated", "out of date", "missing", "state",
                "checked by", "checked on"]
    cells = []
    for row in rows:
        catalog = row.catalog
        cells.append([row.language, row.path.name, str(row.translated), str(row.out_of_date),
                      str(row.missing), row.state,
                      (catalog.checked_by if catalog else "") or "-",
                      str(catalog.checked_on) if catalog and catalog.checked_on else "-"])
    widths = [max(len(r[i]) for r in [headings, *cells]) for i in range(len(headings))]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    rule = "-" * len(line(headings))
    return "\n".join(["Translations, compared with the English as it is now",
                      line(headings), rule, *(line(c) for c in cells), rule])


def note_status(rows: list[FileStatus], diags: Diagnostics) -> None:
    for row in rows:
        for finding in row.errors:
            diags.error(finding.path, finding.line, finding.message)
        for finding in row.warnings:
            diags.warning(finding.path, finding.line, finding.message)
