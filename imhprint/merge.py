"""``build_pdfs.py merge``: join the output folders of a sharded build into one.

Each shard (``--shard I/N``) builds whole rows of the report: a resource in one edition and
language, in all its formats. So joining is exact: the PDFs of every shard are copied into
one folder, and each folder's ``preflight.json`` files become one report with every
shard's rows, in the order a build on one machine gives them, and the totals added up.
The web catalogue data (``web/catalogue.json``) is joined the same way, entry by entry,
and the catalogue pages (``index.html``), which shards do not write, are made from it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path, PurePosixPath
from typing import Any

from .diagnostics import Diagnostics
from .web.site import CATALOGUE_DATA, catalogue_bytes, write_catalogues
from .writer import Writer, write_failure

REPORT = "preflight.json"
CATALOGUE_PAGE = "index.html"  # made from the joined catalogue data, not copied


class MergeError(Exception):
    """Shards that do not belong together, or a folder that is not a shard's output."""


def _row_order(row: dict[str, Any]) -> tuple[Any, ...]:
    """A build lists resources by their file, each before its translations."""
    translation = row.get("translation") or {}
    language = translation.get("language") if isinstance(translation, dict) else None
    return (PurePosixPath(row["source"]).parts, language is not None, language or "")


def merge_reports(reports: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    """One report from the shards' reports of the same folder (``names`` for messages)."""
    first = reports[0]
    for name, report in zip(names, reports, strict=True):
        for field in ("profile", "checked_as_of", "checks"):
            if report.get(field) != first.get(field):
                raise MergeError(f"{name}: its {field} ({report.get(field)}) is not that of "
                                 f"{names[0]} ({first.get(field)}): build every shard with "
                                 "the same options and --today")
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    for name, report in zip(names, reports, strict=True):
        for row in report["resources"]:
            identity = (row["id"], row["edition"], json.dumps(row.get("translation"),
                                                              sort_keys=True))
            if identity in rows and rows[identity] != row:
                raise MergeError(f"{name}: '{row['id']}' is in two shards with different "
                                 "results: were the shards built from the same content?")
            rows[identity] = row
    resources = sorted(rows.values(), key=_row_order)
    findings = [f for row in resources for f in row["findings"]]
    return {"profile": first["profile"], "checked_as_of": first["checked_as_of"],
            "errors": sum(f["level"] == "error" for f in findings),
            "warnings": sum(f["level"] == "warning" for f in findings),
            "checks": first["checks"], "resources": resources}


def merge_catalogues(catalogues: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    """One folder's catalogue data from its shards' (``names`` for messages): every
    shard's entries, in the order one build writes them."""
    first = catalogues[0]
    entries: dict[tuple[str, str], dict[str, Any]] = {}
    for name, data in zip(names, catalogues, strict=True):
        for field in ("edition", "edition_name"):
            if data.get(field) != first.get(field):
                raise MergeError(f"{name}: its {field} ({data.get(field)}) is not that of "
                                 f"{names[0]} ({first.get(field)})")
        for entry in data.get("entries", []):
            key = (entry["id"], entry["language"])
            if key in entries and entries[key] != entry:
                raise MergeError(f"{name}: '{entry['id']}' is in two shards' catalogues "
                                 "with different details: were the shards built from the "
                                 "same content?")
            entries[key] = entry
    return {**first, "entries": [entries[key] for key in sorted(entries)]}


def _joined(name: str, found: list[tuple[str, dict[str, Any]]]) -> bytes:
    """The bytes of a joined report or catalogue data file."""
    names, data = [n for n, _ in found], [d for _, d in found]
    if PurePosixPath(name).name == REPORT:
        report = merge_reports(data, names)
        return (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return catalogue_bytes(merge_catalogues(data, names))


def _is_joined(name: str) -> bool:
    return PurePosixPath(name).name == REPORT or name.endswith(str(CATALOGUE_DATA))


def _shard_files(folder: Path) -> dict[str, Path]:
    """Every file a shard wrote, by its place in the folder (not the temporary files of a
    write that was cut short)."""
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or path.name.endswith(".tmp"):
            continue
        files[relative.as_posix()] = path
    return files


def merge_folders(shards: list[Path], output: Path, diags: Diagnostics) -> list[str]:
    """Copy every shard's files into ``output``, join their reports and catalogue data,
    and make the catalogue pages; returns the names written. Nothing is written if the
    shards disagree; a catalogue page that cannot be written is an error in ``diags``."""
    joined: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    copies: dict[str, tuple[Path, bytes]] = {}
    clashes: list[str] = []
    for shard in shards:
        for name, path in _shard_files(shard).items():
            if PurePosixPath(name).name == CATALOGUE_PAGE:
                continue
            data = path.read_bytes()
            if _is_joined(name):
                try:
                    joined.setdefault(name, []).append((str(path), json.loads(data)))
                except ValueError:
                    raise MergeError(f"{path}: not a preflight report or catalogue data "
                                     "(is it a shard's output folder?)") from None
                continue
            if name in copies and copies[name][1] != data:
                clashes.append(f"{name} differs between {copies[name][0].parent} and "
                               f"{shard}: were the shards built from the same content?")
            copies.setdefault(name, (path, data))
    # the reports first: shards built with other options or days say so, not only that
    # some file differs
    made = {name: _joined(name, found) for name, found in sorted(joined.items())}
    if clashes:
        raise MergeError(clashes[0])
    writer = Writer(output)
    written = []
    for name, data in sorted([*((n, d) for n, (_, d) in copies.items()), *made.items()]):
        what = "the joined file" if name in made else f"the shards' {name}"
        if writer.write_if_changed(writer.claim(Path(name), what), data):
            written.append(name)
    write_catalogues(output, diags)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="build_pdfs merge", description="Join the output folders of a build made in "
        "shards (--shard I/N): copy their PDFs and web pages into one folder, join their "
        "preflight reports and catalogue data, and make the catalogue page.")
    parser.add_argument("shards", nargs="+", type=Path, metavar="SHARD_DIR",
                        help="the output folder of each shard")
    parser.add_argument("--output", type=Path, default=Path("output"), metavar="DIR",
                        help="the folder to join them into (default: output)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    args = parser.parse_args(argv)
    missing = [str(folder) for folder in args.shards if not folder.is_dir()]
    if missing:
        print(f"build_pdfs merge: error: not a folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        diags = Diagnostics()
        written = merge_folders(args.shards, args.output, diags)
    except MergeError as exc:
        print(f"build_pdfs merge: error: {exc}; nothing was written", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"build_pdfs merge: error: {write_failure('the joined folder', exc)}",
              file=sys.stderr)
        return 1
    for problem in diags.errors:
        print(problem, file=sys.stderr)
    if diags.errors:
        return 1
    if not args.quiet:
        print(f"Joined {len(args.shards)} shard(s) into {args.output}/: "
              f"{len(written)} file(s) written.")
    return 0
