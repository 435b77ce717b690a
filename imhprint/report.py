"""The preflight report: a table for the person at the terminal, JSON for machines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from .preflight import CHECKS, ResourceReport, clip
from .profiles import PrintProfile

ID_WIDTH = 30


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))


def _reading_cell(report: ResourceReport) -> str:
    reading = report.readability
    if reading is None:
        return "-"
    if reading.reading_age is None:  # not English: words per sentence only
        return f"{reading.average_sentence_length:.0f} w/s"
    mark = "!" if report.status("readability") != "ok" else ""
    return f"age {reading.reading_age:.0f}{mark}"


def _resource_cell(report: ResourceReport) -> str:
    """The resource's id; for a translation, as its file is named, with its state:
    'ID.pl (draft)'."""
    name = clip(report.resource.id, ID_WIDTH)
    translation = report.translation
    if translation is None:
        return name
    return f"{name}.{translation.language} ({translation.state})"


def report_table(reports: list[ResourceReport], profile: PrintProfile,
                 today: dt.date) -> str:
    """One row per resource and edition: ok, warn or ERROR for each check.

    The messages above the table (file:line: ...) say what each warn or ERROR is.
    """
    headings = ["resource", "edition", *CHECKS.values()]
    rows = []
    for report in reports:
        cells = [_resource_cell(report), report.edition or "national"]
        for check in CHECKS:
            cells.append(_reading_cell(report) if check == "readability"
                         else report.status(check))
        rows.append(cells)
    widths = [max(len(row[i]) for row in [headings, *rows]) for i in range(len(headings))]
    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    lines = [f"Preflight ({profile.name}: {profile.description}; review dates as of {today})",
             _row(headings, widths), rule, *(_row(row, widths) for row in rows)]
    # counted as the lines above show them: a finding that many formats or resources
    # share (an edition's colour, a panel) is one line, so it counts once
    shown = {(f.path, f.line, f.level, f.message) for r in reports for f in r.all_findings()}
    errors = sum(level == "error" for _, _, level, _ in shown)
    warnings = sum(level == "warning" for _, _, level, _ in shown)
    lines.append(rule)
    lines.append(f"{len(reports)} resource(s) checked: {errors} error(s), {warnings} "
                 "warning(s) in preflight. Each is listed above as file:line.")
    return "\n".join(lines)


def _content_path(shown: str | Path, content_dir: Path) -> str:
    """A file as named in preflight.json: relative to the content folder, so the report
    is the same whichever folder the build ran from (a file outside it: in full)."""
    full = Path(shown).resolve()
    try:
        return full.relative_to(content_dir.resolve()).as_posix()
    except ValueError:
        return full.as_posix()


def _report_data(report: ResourceReport, content_dir: Path) -> dict[str, Any]:
    resource = report.resource
    reading = report.readability
    return {
        "id": resource.id,
        "kind": resource.kind,
        "source": _content_path(resource.path, content_dir),
        "edition": report.edition,
        "title": resource.title,
        "version": resource.version,
        "owner": resource.owner,
        "reviewed": resource.reviewed.isoformat(),
        "language": resource.language,
        "translation": report.translation.as_json() if report.translation else None,
        "next_review": resource.next_review.isoformat(),
        "sources": [{"title": source.title, "url": source.url} for source in resource.sources],
        "checks": {check: report.status(check) for check in CHECKS},
        "readability": None if reading is None else {
            "words": reading.words,
            "sentences": reading.sentences,
            "flesch_reading_ease": reading.flesch_reading_ease,
            "average_sentence_length": reading.average_sentence_length,
            "reading_age": reading.reading_age,
            "reading_age_measured": reading.reading_age is not None,
            **({} if reading.reading_age is not None else {
                "note": "reading age is measured for English only; for other languages, "
                        "words per sentence and the longest sentences"}),
            "longest_sentences": [{"line": s.line, "words": s.words, "text": s.text}
                                  for s in reading.longest],
        },
        "outputs": [{"format": o.format, "file": o.file, "pages": o.pages,
                     "written": o.written} for o in report.outputs],
        "findings": [{"check": f.check, "level": f.level,
                      "file": _content_path(f.path, content_dir), "line": f.line,
                      "message": f.message} for f in report.all_findings()],
    }


def report_json(reports: list[ResourceReport], profile: PrintProfile, today: dt.date,
                content_dir: Path) -> bytes:
    """The report for machines; every file in it is named relative to ``content_dir``."""
    findings = [f for r in reports for f in r.all_findings()]
    data = {
        "profile": profile.name,
        "checked_as_of": today.isoformat(),
        "errors": sum(f.level == "error" for f in findings),
        "warnings": sum(f.level == "warning" for f in findings),
        "checks": list(CHECKS),
        "resources": [_report_data(r, content_dir) for r in reports],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
