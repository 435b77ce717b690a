"""``build_pdfs.py merge``: join the output folders of a sharded build into one.

Each shard (``--shard I/N``) builds whole rows of the report: a resource in one edition and
language, in all its formats. So joining is exact: the PDFs of every shard are copied into
one folder, and each folder's ``preflight.json`` files become one report with every
shard's rows, in the order a build on one machine gives them, and the totals added up.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path, PurePosixPath
from typing import Any

from .writer import Writer, write_failure

REPORT = "preflight.json"


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


def merge_folders(shards: list[Path], output: Path) -> list[str]:
    """Copy every shard's files into ``output`` and join their reports; returns the
    names written. Nothing is written if the shards disagree."""
    reports: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    copies: dict[str, tuple[Path, bytes]] = {}
    for shard in shards:
        for name, path in _shard_files(shard).items():
            data = path.read_bytes()
            if PurePosixPath(name).name == REPORT:
                try:
                    reports.setdefault(name, []).append((str(path), json.loads(data)))
                except ValueError:
                    raise MergeError(f"{path}: not a preflight report (is it a shard's "
                                     "output folder?)") from None
                continue
            if name in copies and copies[name][1] != data:
                raise MergeError(f"{name} differs between {copies[name][0].parent} and "
                                 f"{shard}: were the shards built from the same content?")
            copies.setdefault(name, (path, data))
    made = {name: merge_reports([r for _, r in found], [n for n, _ in found])
            for name, found in reports.items()}
    writer = Writer(output)
    written = []
    for name, (_, data) in sorted(copies.items()):
        if writer.write_if_changed(writer.claim(Path(name), f"the shards' {name}"), data):
            written.append(name)
    for name, report in sorted(made.items()):
        text = (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        if writer.write_if_changed(writer.claim(Path(name), "the joined report"), text):
            written.append(name)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="build_pdfs merge", description="Join the output folders of a build made in "
        "shards (--shard I/N): copy their PDFs into one folder and join their preflight "
        "reports into one.")
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
        written = merge_folders(args.shards, args.output)
    except MergeError as exc:
        print(f"build_pdfs merge: error: {exc}; nothing was written", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"build_pdfs merge: error: {write_failure('the joined folder', exc)}",
              file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"Joined {len(args.shards)} shard(s) into {args.output}/: "
              f"{len(written)} file(s) written.")
    return 0
