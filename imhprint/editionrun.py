"""Stage 3 for one edition: its own files once its PDFs are written (the sources page and
check sheets, preflight.json, the web pages), then what it no longer needs is let go."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from layouts import BuildEnv
from layouts.sheets import contacts_pdf, sources_pdf

from .cache import Manifest
from .contacts import contacts_csv, merge
from .diagnostics import Diagnostics
from .jobs import SourcesPage, Thumbnail
from .model import Edition, Resource
from .preflight import ResourceReport
from .report import report_json
from .web.site import SiteWriter, WebWork
from .writer import OutputClash, Writer, write_failure

if TYPE_CHECKING:
    from .build import BuildOptions, Built, Keys


@dataclass
class EditionRun:
    """One edition's part of the build: its folder, writer, reports and built PDFs."""

    edition: Edition | None
    env: BuildEnv
    writer: Writer
    folder: Path
    reports: list[ResourceReport] = field(default_factory=list)
    built: list[Built] = field(default_factory=list)
    sources: list[Resource] = field(default_factory=list)  # what its sources page lists
    web: list[WebWork] = field(default_factory=list)  # each copy, for its web page
    # made by the workers: the first page of each copy's first PDF, by its file_path, and
    # the sources page of the resources it lists (ids), if made
    thumbnails: dict[str, Thumbnail] = field(default_factory=dict)
    sources_pdf: tuple[tuple[str, ...], bytes] | None = None

    def let_go(self) -> None:
        """Once its files are written, keep only what the summary and table need: a
        build of hundreds of editions must not hold every copy of every resource."""
        self.web, self.thumbnails, self.sources_pdf = [], {}, None
        for built in self.built:
            built.printed = {}


def sources_job(run: EditionRun, options: BuildOptions, keys: Keys,
                manifest: Manifest) -> SourcesPage | None:
    """The sources page the run will most likely write (what it plans to build), for a
    worker to make; None when there is none to write or it is up to date. If the PDFs
    built turn out to list other resources (one failed), the main process makes it."""
    if options.check or options.only or not run.sources:
        return None
    if options.shard is not None and options.shard.index != 1:
        return None
    target = (run.folder / options.profile.folder / "sources.pdf").resolve()
    if not options.force and manifest.fresh(target, keys.sources_key(run.sources, run.env),
                                            {}):
        return None
    edition = run.edition.id if run.edition else None
    return SourcesPage(edition, tuple(str(resource.id) for resource in run.sources))


def sources_bytes(run: EditionRun, resources: list[Resource]) -> bytes:
    """The sources page of these resources: the workers' if it lists the same."""
    made = run.sources_pdf
    if made is not None and made[0] == tuple(str(resource.id) for resource in resources):
        return made[1]
    return sources_pdf(resources, run.env)


def write_report(reports: list[ResourceReport], writer: Writer, options: BuildOptions,
                 today: dt.date, diags: Diagnostics) -> None:
    """preflight.json beside the PDFs, for machines (a catalogue, a print-shop upload)."""
    relative = Path(options.profile.folder) / "preflight.json"
    try:
        target = writer.claim(relative, "the preflight report")
        writer.write_if_changed(target, report_json(reports, options.profile, today,
                                                    options.content_dir))
    except OSError as exc:
        diags.error(options.output_dir, 0, write_failure(relative.as_posix(), exc))
    except OutputClash as exc:
        diags.error(options.output_dir, 0, str(exc))


def write_file(writer: Writer, relative: Path, what: str, make: Callable[[], bytes],
               options: BuildOptions, diags: Diagnostics,
               cached: tuple[Manifest, str] | None = None) -> Path | None:
    """Write one of the build's own files (a sheet, a CSV) if it changed; problems become
    errors. With ``cached`` (the manifest, and the key of what the file is made from), a
    file already made from the same is not even made again."""
    try:
        target = writer.claim(relative, what)
        if cached is not None and not options.force and cached[0].fresh(target, cached[1], {}):
            writer.keep(target)
            return None
        changed = writer.write_if_changed(target, make())
        if cached is not None:
            cached[0].record(target, cached[1], 0, [], {}, {})
        if not changed:
            return None  # already as it should be
    except OSError as exc:
        diags.error(options.output_dir, 0, write_failure(relative.as_posix(), exc))
        return None
    except OutputClash as exc:
        diags.error(options.output_dir, 0, str(exc))
        return None
    return target


def write_sheets(run: EditionRun, options: BuildOptions, today: dt.date, keys: Keys,
                 manifest: Manifest, diags: Diagnostics) -> list[Path]:
    """The sources page of what was built (not for --only, so a partial build never
    shortens it; and not of translations, as it is in English), and the contacts check
    sheet of what was printed, translations too, when asked for. Of shards, the first
    writes the sources page, of every resource asked for."""
    written = []
    if options.shard is None:
        resources = list({id(b.resource): b.resource for b in run.built
                          if not b.translated}.values())
    else:
        resources = run.sources if options.shard.index == 1 else []
    writer, env = run.writer, run.env
    if resources and not options.check and not options.only:
        written.append(write_file(writer, Path(options.profile.folder) / "sources.pdf",
                                  "the sources page", lambda: sources_bytes(run, resources),
                                  options, diags, (manifest, keys.sources_key(resources,
                                                                             env))))
    if options.contacts and run.reports:
        printed = merge(built.printed for built in run.built)
        written.append(write_file(writer, Path("contacts-check.pdf"), "the contacts check "
                                  "sheet", lambda: contacts_pdf(printed, env, today),
                                  options, diags))
        written.append(write_file(writer, Path("contacts-check.csv"), "the contacts check "
                                  "sheet", lambda: contacts_csv(printed), options, diags))
    return [path for path in written if path is not None]


def finish_run(run: EditionRun, options: BuildOptions, today: dt.date, keys: Keys,
               manifest: Manifest, diags: Diagnostics) -> list[Path]:
    """An edition's own files once its PDFs are written: the sources page and check
    sheets, preflight.json and the web pages; then what it no longer needs is let go."""
    sheets = []
    if run.reports or run.sources:
        sheets = write_sheets(run, options, today, keys, manifest, diags)
    if run.reports and not options.check:
        write_report(run.reports, run.writer, options, today, diags)
    if makes_web(options) and run.web:
        SiteWriter(run.folder, run.env, diags, manifest, options.force,
                   run.thumbnails).write(run.web)
    run.let_go()
    return sheets


def makes_web(options: BuildOptions) -> bool:
    """Web pages and the catalogue come with an office build (a print shop's has no
    links to follow), not with --check, which writes nothing."""
    return options.web and options.profile.links and not options.check
