"""Incremental builds: skip a PDF whose inputs have not changed since it was written.

Each PDF the build writes is recorded in a manifest under a key: a hash of everything that
goes into it (its resource's file, its edition's file, the settings, the strings file of
its language, the PO files of a translation, the services it names, the print profile,
SOURCE_DATE_EPOCH, and a fingerprint of the tool itself: its code, its fonts and pictures,
and the libraries' versions). With the key it keeps what preflight found in that PDF and
the contact details it prints, so a skipped PDF still has its row in the report and its
lines on the check sheet.

A later build whose key for that PDF is the same, and whose file is still the one written
(same size and modification time), leaves it alone. Checks that depend on the day (review
dates, contact details not checked for a year) are not in the PDF and run every time.

The manifests live in the user's cache folder (``~/.cache/imh-print/``, or
``$XDG_CACHE_HOME/imh-print``, or ``--cache DIR``), one for each output folder and profile,
not in the output folder: that holds only what is handed to a printer or published.

The cache is only ever a shortcut: a missing, unreadable or foreign manifest is an empty
one, ``--force`` ignores it, and deleting the cache folder at any moment only costs a full
build. Services a PDF prints without naming them (a number in a paragraph that a service
in the directory also has) are found when it is built and recorded with it, so an edit to
that service rebuilds it too.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the model and preflight load the layouts: a no-op build needs neither
    from .contacts import Origin, Printed
    from .model import Service
    from .preflight import Finding

FORMAT = 1  # bump when what a manifest entry holds changes
# the libraries whose output is in the PDF bytes, or in what preflight finds in them
LIBRARIES = ("reportlab", "rl_accel", "pillow", "pypdf", "pypdfium2", "uharfbuzz",
             "python-bidi", "babel", "svglib", "phonenumbers", "PyYAML", "polib")
PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # holds imhprint/ and layouts/


def _digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))  # so ("ab","c") != ("a","bc")
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(path: Path | None) -> str:
    """The hash of a file's bytes; a missing file has its own, so adding it is a change."""
    if path is None:
        return "none"
    try:
        return _digest(path.read_bytes())
    except OSError:
        return "missing"


def _folder_digest(folder: Path, pattern: str) -> str:
    files = sorted(p for p in folder.rglob(pattern) if p.is_file()) if folder.is_dir() else []
    return _digest(*(part for path in files
                     for part in (path.relative_to(folder).as_posix(), file_digest(path))))


def tool_fingerprint(assets_dirs: Iterable[Path]) -> str:
    """What the build itself is made of: a change to its code (an upgrade, or a developer's
    edit), its fonts and pictures, Python or a library that draws or checks the PDFs."""
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    code = [_folder_digest(PACKAGE_ROOT / package, "*.py") for package in ("imhprint", "layouts")]
    assets = [_folder_digest(folder, "*") for folder in sorted(set(assets_dirs))]
    return _digest(f"format {FORMAT}", sys.version, *versions, *code, *assets)


def _stable(value: Any) -> Any:
    """A value as plain JSON data that keeps line numbers (a Text is a str that knows its
    line): a service that moves to another line is a change, as messages cite the line."""
    from .schema import Text

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _stable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Text):
        return [str(value), value.line]
    if isinstance(value, (list, tuple)):
        return [_stable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _stable(item) for key, item in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)  # dates, paths


# Each job's key and each cached PDF's check digest the services it names: the same few
# objects hundreds of times in a build. Kept by identity, with the object itself so its
# id is not reused, and emptied when full so memory stays flat over many editions.
_SERVICE_DIGESTS: dict[int, tuple[Service, str]] = {}


def service_digest(service: Service | None) -> str:
    if service is None:
        return "none"
    known = _SERVICE_DIGESTS.get(id(service))
    if known is not None and known[0] is service:
        return known[1]
    if len(_SERVICE_DIGESTS) >= 4096:
        _SERVICE_DIGESTS.clear()
    digest = _digest(json.dumps(_stable(service), sort_keys=True))
    _SERVICE_DIGESTS[id(service)] = (service, digest)
    return digest


def forget_service_digests() -> None:
    """At the start of a build: services are read afresh, and may have been edited."""
    _SERVICE_DIGESTS.clear()


def job_key(*parts: str) -> str:
    """The key of one PDF from the digests and names of what goes into it."""
    return _digest(*parts)


# ---- what is kept of a built PDF ------------------------------------------------------------

def _finding_data(finding: Finding) -> dict[str, Any]:
    return dataclasses.asdict(finding)


def _origin_data(origin: Origin) -> dict[str, Any]:
    data = dataclasses.asdict(origin)
    data["verified_on"] = origin.verified_on.isoformat() if origin.verified_on else None
    return data


def _origin_of(data: dict[str, Any]) -> Origin:
    from .contacts import Origin

    day = data.get("verified_on")
    return Origin(**{**data, "verified_on": dt.date.fromisoformat(day) if day else None})


def printed_data(printed: dict[Printed, set[tuple[str, str]]]) -> list[dict[str, Any]]:
    rows = [{"kind": item.kind, "value": item.value, "origin": _origin_data(item.origin),
             "places": sorted([list(place) for place in places])}
            for item, places in printed.items()]
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


def printed_of(rows: list[dict[str, Any]]) -> dict[Printed, set[tuple[str, str]]]:
    from .contacts import Printed

    return {Printed(row["kind"], row["value"], _origin_of(row["origin"])):
            {(place[0], place[1]) for place in row["places"]} for row in rows}


def printed_services(printed: dict[Printed, set[tuple[str, str]]]) -> set[str]:
    """The services whose details a PDF prints, however it came to print them."""
    return {item.origin.service_id for item in printed if item.origin.service_id}


@dataclasses.dataclass
class Entry:
    """What the manifest keeps of one PDF written."""

    key: str
    size: int
    mtime_ns: int
    pages: int
    findings: list[Finding]
    printed: dict[Printed, set[tuple[str, str]]]
    services: dict[str, str]  # id -> digest of the services it printed, found when built

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "size": self.size, "mtime_ns": self.mtime_ns,
                "pages": self.pages, "findings": [_finding_data(f) for f in self.findings],
                "printed": printed_data(self.printed), "services": self.services}

    @classmethod
    def of_json(cls, data: dict[str, Any]) -> Entry:
        from .preflight import Finding

        return cls(data["key"], data["size"], data["mtime_ns"], data["pages"],
                   [Finding(**f) for f in data["findings"]], printed_of(data["printed"]),
                   dict(data["services"]))


class Manifest:
    """The PDFs of one output folder and profile (and shard) that are known up to date."""

    def __init__(self, path: Path, root: Path, entries: dict[str, Entry] | None = None,
                 saved: str | None = None) -> None:
        self.path = path
        self.root = root.resolve()  # the output folder its entries are named within
        self.entries = entries or {}
        self._saved = saved  # the text last read or written, to compare when it changed
        self._changed = False  # a no-op build changes no entry, and need not compare

    @classmethod
    def load(cls, path: Path, root: Path) -> Manifest:
        """The manifest at ``path`` of the output folder ``root``; empty when it is
        missing, unreadable, or not ours."""
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text)
            if data.get("format") != FORMAT or data.get("output") != str(root.resolve()):
                return cls(path, root)
            entries = {name: Entry.of_json(entry) for name, entry in data["files"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(path, root)
        return cls(path, root, entries, text)

    def fresh(self, target: Path, key: str, services: dict[str, Service]) -> Entry | None:
        """The entry for ``target`` if the file there is still the one built with this
        key and the services it printed are as they were; otherwise None."""
        entry = self.entries.get(self._name(target))
        if entry is None or entry.key != key:
            return None
        try:
            stat = target.stat()
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != (entry.size, entry.mtime_ns):
            return None  # deleted, replaced or edited by hand since
        if any(service_digest(services.get(sid)) != digest
               for sid, digest in entry.services.items()):
            return None
        return entry

    def record(self, target: Path, key: str, pages: int, findings: list[Finding],
               printed: dict[Printed, set[tuple[str, str]]],
               services: dict[str, Service]) -> None:
        """Note a PDF just written (its file must exist)."""
        stat = target.stat()
        used = {sid: service_digest(services.get(sid)) for sid in
                sorted(printed_services(printed))}
        self.entries[self._name(target)] = Entry(key, stat.st_size, stat.st_mtime_ns, pages,
                                                 list(findings), dict(printed), used)
        self._changed = True

    def forget(self, target: Path) -> None:
        self._changed |= self.entries.pop(self._name(target), None) is not None

    def _name(self, target: Path) -> str:
        try:
            return target.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return target.resolve().as_posix()

    def _text(self) -> str:
        files = {name: self.entries[name].as_json() for name in sorted(self.entries)}
        return json.dumps({"format": FORMAT, "output": str(self.root), "files": files},
                          indent=1, sort_keys=True)

    def save(self) -> None:
        """Write the manifest if it changed (a no-op build writes nothing), atomically.
        A manifest that cannot be written only makes the next build slower."""
        if not self._changed:
            return
        text = self._text()
        self._changed = False
        if text == self._saved:
            return
        if _write_atomically(self.path, text):
            self._saved = text


def _write_atomically(path: Path, text: str) -> bool:
    """Write a cache file whole or not at all; False if it could not be written (which
    only makes the next build slower)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".part",
                                        dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return True
    return False


def default_cache_dir() -> Path:
    """The user's cache folder for the tool (the XDG convention, as pip and others use)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "imh-print"


def manifest_path(cache_dir: Path, output_dir: Path, profile: str, shard: str | None) -> Path:
    """The manifest of one output folder and profile, and one per shard, so shards that
    share a folder never race."""
    name = _digest(str(output_dir.resolve()))[:20] + f"-{profile}"
    if shard is not None:
        name += f"-shard-{shard.replace('/', '-of-')}"
    return cache_dir / f"{name}.json"


# ---- checks remembered: what a load-time check found, by a hash of what it read -------------

CHECKS_KEPT = 4000  # entries kept beyond this run's, so the file stays small however long
CHECKS_UNUSED_DAYS = 7  # another version's memo unused this long is deleted


def checks_path(cache_dir: Path, fingerprint: str) -> Path:
    """The memo of one version of the tool: two versions used in turn (two checkouts, an
    upgrade) each keep their own rather than overwrite each other's."""
    return cache_dir / f"checks-{fingerprint[:20]}.json"


class CheckMemo:
    """What a costly check of the content found (the glyph check, which loads fonts; the
    fit of an edition's details, which lays out every fixed panel), kept under a hash of
    everything the check reads, so an unchanged input is not checked again.

    Only checks whose findings depend on nothing but that input are kept (never one that
    depends on the day). Each finding is kept as its level, line and message and given
    back at the path of the file checked. Like the manifests, it is only a shortcut: a
    missing or damaged file is an empty memo, and ``path=None`` remembers nothing."""

    def __init__(self, path: Path | None, fingerprint: str = "",
                 entries: dict[str, list[list[Any]]] | None = None) -> None:
        self.path = path
        self.fingerprint = fingerprint  # the tool's: new code or fonts check afresh
        self.entries = entries or {}
        self._used: set[str] = set()
        self._changed = False

    @classmethod
    def load(cls, path: Path, fingerprint: str) -> CheckMemo:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("tool") != fingerprint:
                return cls(path, fingerprint)
            entries = {str(key): [[str(level), int(line), str(message)]
                                  for level, line, message in found]
                       for key, found in data["checks"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(path, fingerprint)
        return cls(path, fingerprint, entries)

    def check(self, key: str, path: Path, diags: Any, run: Any) -> None:
        """``run(found)`` adds what it finds in the file at ``path`` to ``found``, a
        Diagnostics; what it found for ``key`` before is given back instead when known."""
        from .diagnostics import Diagnostics

        if self.recall(key, path, diags):
            return
        found = Diagnostics()
        run(found)
        self.remember(key, found.items)
        self._give_back([[d.level, d.line, d.message] for d in found.items], path, diags)

    def recall(self, key: str, path: Path, diags: Any) -> bool:
        """Add what the check of ``key`` found before to ``diags``, at ``path``; False
        when it is not known (the check is to be run, then ``remember``-ed)."""
        key = _digest(self.fingerprint, key)
        known = self.entries.get(key) if self.path is not None else None
        if known is None:
            return False
        self._used.add(key)
        self._give_back(known, path, diags)
        return True

    def remember(self, key: str, found: Iterable[Any]) -> None:
        """Keep what the check of ``key`` found (Diagnostic items, made here or in a
        worker)."""
        if self.path is None:
            return
        key = _digest(self.fingerprint, key)
        self.entries[key] = [[d.level, d.line, d.message] for d in found]
        self._used.add(key)
        self._changed = True

    @staticmethod
    def _give_back(known: list[list[Any]], path: Path, diags: Any) -> None:
        for level, line, message in known:
            (diags.error if level == "error" else diags.warning)(path, line, message)

    def save(self) -> None:
        """Write the memo if a check was added, atomically (a no-op build writes nothing)."""
        if self.path is None or not self._changed:
            return
        kept = dict(self.entries)
        if len(kept) > CHECKS_KEPT + len(self._used):
            kept = {key: found for key, found in kept.items() if key in self._used}
        text = json.dumps({"format": FORMAT, "tool": self.fingerprint, "checks": kept},
                          sort_keys=True)
        _write_atomically(self.path, text)
        self._changed = False
        self._forget_old_versions()

    def _forget_old_versions(self) -> None:
        assert self.path is not None
        cutoff = time.time() - CHECKS_UNUSED_DAYS * 86400
        for other in self.path.parent.glob("checks-*.json"):
            with contextlib.suppress(OSError):
                if other != self.path and other.stat().st_mtime < cutoff:
                    other.unlink()


NO_MEMO = CheckMemo(None)  # checks everything afresh, remembers nothing


def text_key(what: str, texts: Iterable[tuple[str, int]], *parts: str) -> str:
    """A memo key made of pieces of author text and their lines (messages cite lines), in
    any order (a check finds the same in a set of texts whatever order it walks them)."""
    return _digest(what, *parts, *(part for text, line in sorted(texts)
                                   for part in (text, str(line))))
