"""The build: load and validate everything, then render and write each resource."""

from __future__ import annotations

import datetime as dt
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from layouts import BuildEnv, Layout, LayoutOverflow, layouts_for
from layouts.base import source_date_epoch
from layouts.sheets import contacts_pdf, sources_pdf

from . import pdfcheck, preflight
from .contacts import ContactLedger, contacts_csv, merge
from .content import ContentSet, load_content
from .diagnostics import Diagnostics, display_path
from .i18n.translate import Translations, language_copies, load_translations
from .model import Edition, Resource
from .preflight import Finding, OutputReport, ResourceReport
from .profiles import DEFAULT_PROFILE, PrintProfile
from .report import report_json, report_table
from .theme import ASSETS_DIR, FontProblem
from .web.site import SiteWriter, WebWork, write_catalogues
from .writer import OutputClash, Writer, write_failure

QUIET, NORMAL, VERBOSE = 0, 1, 2


@dataclass
class BuildOptions:
    content_dir: Path = Path("content")
    output_dir: Path = Path("output")
    assets_dir: Path = ASSETS_DIR
    only: list[str] = field(default_factory=list)
    edition: str | None = None  # an edition id, "all", or None for the national edition
    languages: list[str] = field(default_factory=list)  # empty or "all": every language
    profile: PrintProfile = DEFAULT_PROFILE
    today: dt.date | None = None  # review dates are checked as of this day (default: today)
    check: bool = False
    strict: bool = False
    contacts: bool = False  # also write the contacts check sheet (PDF and CSV)
    verbosity: int = NORMAL
    web: bool = True  # office builds: a web version of each resource and the catalogue
    watch: bool = False  # rebuild on every change (imhprint/web/serve.py)


@dataclass
class Built:
    path: Path
    layout: str
    resource: Resource
    edition: str | None  # None for the national edition
    ledger: ContactLedger  # the contact details it prints
    translated: bool = False  # a translation of the resource, not the resource itself


class UsageError(Exception):
    """Bad command-line input: exit code 2."""


def _check_usage(options: BuildOptions) -> None:
    """Mistakes in the command or its environment, found before anything is read."""
    if not options.content_dir.is_dir():
        raise UsageError(f"content folder '{options.content_dir}' not found (use --content DIR)")
    try:
        source_date_epoch()
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _select(content: ContentSet, only: list[str]) -> tuple[list[Resource], int]:
    """The resources to build, and how many more were asked for whose files have errors.

    An id that only a broken file declares is not a usage error: that file's own errors
    say what is wrong. Only an id that no file declares at all is.
    """
    broken = content.broken_resource_ids - {r.id for r in content.resources}
    if not only:
        return content.resources, len(broken)
    known = {r.id for r in content.resources} | broken
    unknown = [i for i in only if i not in known]
    if unknown:
        raise UsageError(f"--only {', '.join(unknown)}: no resource has that id; ids are: "
                         f"{', '.join(sorted(known)) or '(none)'}")
    return [r for r in content.resources if r.id in only], len(broken & set(only))


def _select_editions(content: ContentSet, name: str | None) -> list[Edition | None]:
    """The editions to build: the national one (None), one by id, or every edition."""
    if name is None:
        return [None]
    broken = sorted(content.failed_editions - set(content.editions))
    if name == "all":
        if not content.editions and not broken:
            raise UsageError("--edition all: there are no editions in content/editions/")
        return list(content.editions.values())
    if name in broken:
        return []  # its errors are listed, and nothing is built for it
    if name not in content.editions:
        known = ", ".join(sorted(content.editions)) or "(none)"
        raise UsageError(f"--edition {name}: no edition has that id; editions are: {known}, "
                         "or 'all'")
    return [content.editions[name]]


def _select_languages(content: ContentSet, translations: Translations,
                      names: list[str]) -> list[str]:
    """The languages asked for with --language; empty for every one."""
    if not names or "all" in names:
        return []
    known = sorted({str(r.language) for r in content.resources} | set(translations.languages()))
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UsageError(f"--language {', '.join(unknown)}: there is no content or "
                         f"translation in that language; languages are: {', '.join(known)}, "
                         "or 'all'")
    return names


def _overflow_message(resource: Resource, layout: Layout, exc: LayoutOverflow) -> str:
    """What did not fit, where, and by about how much: the same words on every run."""
    edition = layout.env.edition
    which = f" in the '{edition.id}' edition" if edition else ""
    if layout.env.translation is not None:
        which += f" in {layout.env.translation.describe()}"
    where = ""
    if exc.block is not None and exc.path is None and not exc.names_block:
        where = (f" Room ran out at the {exc.block.type_name} block on line "
                 f"{exc.block.line}.")
    advice = "" if exc.path is not None or exc.names_block else (
        " Shorten the text or remove a block; nothing is clipped or moved to an extra page.")
    return (f"'{resource.id}' does not fit the {layout.name} format{which}: "
            f"{exc.message}.{where}{advice}")


def _render_one(layout: Layout, writer: Writer, options: BuildOptions, diags: Diagnostics,
                report: ResourceReport) -> Built | None:
    """Lay out one format, preflight it, and write it only if nothing is wrong."""
    resource = layout.resource
    # named as from preflight.json, which sits in the profile's folder beside the PDFs
    output = OutputReport(layout.name, layout.file_path().as_posix())
    report.outputs.append(output)
    failed = True
    stopping = ("error", "warning") if options.strict else ("error",)
    try:
        target = writer.claim(layout.output_path(), f"{display_path(resource.path)}")
        pdf = layout.render()
        with pdfcheck.PdfFacts(pdf) as facts:  # read once, for the page count and checks
            output.pages = facts.pages
            output.findings += preflight.check_output(layout, facts)
        _add_unchecked_findings(layout, report, diags)
        failed = any(f.level in stopping for f in [*report.findings, *output.findings])
        if not options.check and not failed:
            writer.write(target, pdf)
            output.written = True
    except LayoutOverflow as exc:
        output.findings.append(preflight.overflow_finding(
            layout, _overflow_message(resource, layout, exc), exc))
    except (FontProblem, OutputClash) as exc:
        diags.error(resource.path, resource.line, str(exc))
    except OSError as exc:
        diags.error(options.output_dir, 0, write_failure(f"the PDF for '{resource.id}'", exc))
    except Exception as exc:  # a bug of ours: say so plainly, never a bare traceback
        detail = traceback.format_exc() if options.verbosity >= VERBOSE else ""
        diags.error(resource.path, resource.line, f"internal error while building "
                    f"'{resource.id}' ({type(exc).__name__}: {exc}); please report it. "
                    f"{detail}".rstrip())
    _note_findings(output.findings, diags)
    if output.written or (options.check and output.pages and not failed):
        edition = layout.env.edition
        return Built(target, layout.name, resource, edition.id if edition else None,
                     layout.ledger, layout.env.translation is not None)
    return None


def _add_unchecked_findings(layout: Layout, report: ResourceReport,
                            diags: Diagnostics) -> None:
    """Services this copy prints whose details were never checked at their source: once
    for the resource, however many formats print them, and before it is written (so
    --strict keeps it back)."""
    sample = layout.env.imprint.sample
    for finding in preflight.unchecked_findings(layout.ledger.printed, sample):
        if finding not in report.findings:
            report.findings.append(finding)
            _note_findings([finding], diags)


def _note_findings(findings: list[Finding], diags: Diagnostics) -> None:
    for finding in findings:
        add = diags.error if finding.level == "error" else diags.warning
        add(finding.path, finding.line, finding.message)


def _write_report(reports: list[ResourceReport], writer: Writer, options: BuildOptions,
                  today: dt.date, diags: Diagnostics) -> None:
    """preflight.json beside the PDFs, for machines (a catalogue, a print-shop upload)."""
    relative = Path(options.profile.folder) / "preflight.json"
    try:
        target = writer.claim(relative, "the preflight report")
        writer.write(target, report_json(reports, options.profile, today,
                                         options.content_dir))
    except OSError as exc:
        diags.error(options.output_dir, 0, write_failure(relative.as_posix(), exc))
    except OutputClash as exc:
        diags.error(options.output_dir, 0, str(exc))


def _write_file(writer: Writer, relative: Path, what: str, make: Callable[[], bytes],
                options: BuildOptions, diags: Diagnostics) -> Path | None:
    """Write one of the build's own files (a sheet, a CSV); problems become errors."""
    try:
        target = writer.claim(relative, what)
        writer.write(target, make())
    except OSError as exc:
        diags.error(options.output_dir, 0, write_failure(relative.as_posix(), exc))
        return None
    except OutputClash as exc:
        diags.error(options.output_dir, 0, str(exc))
        return None
    return target


def _write_sheets(edition_built: list[Built], env: BuildEnv, writer: Writer,
                  options: BuildOptions, today: dt.date, diags: Diagnostics) -> list[Path]:
    """The sources page of what was built (not for --only, so a partial build never
    shortens it; and not of translations, as it is in English), and the contacts check
    sheet of what was printed, translations too, when asked for."""
    written = []
    resources = list({id(b.resource): b.resource for b in edition_built
                      if not b.translated}.values())
    if resources and not options.check and not options.only:
        written.append(_write_file(writer, Path(options.profile.folder) / "sources.pdf",
                                   "the sources page", lambda: sources_pdf(resources, env),
                                   options, diags))
    if options.contacts:
        printed = merge(built.ledger for built in edition_built)
        written.append(_write_file(writer, Path("contacts-check.pdf"), "the contacts check "
                                   "sheet", lambda: contacts_pdf(printed, env, today),
                                   options, diags))
        written.append(_write_file(writer, Path("contacts-check.csv"), "the contacts check "
                                   "sheet", lambda: contacts_csv(printed), options, diags))
    return [path for path in written if path is not None]


def build(options: BuildOptions, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run a whole build; returns the process exit code (0, 1, or 2 for bad usage)."""
    started = time.perf_counter()
    try:
        _check_usage(options)
        content, diags = load_content(options.content_dir, options.assets_dir)
        if not content.files and not diags.errors:
            raise UsageError(f"content folder '{options.content_dir}' has no YAML files "
                             "(.yaml): is it the right folder? (use --content DIR)")
        translations = load_translations(content, diags, options.today)
        selected, broken_selected = _select(content, options.only)
        languages = _select_languages(content, translations, options.languages)
        editions = _select_editions(content, options.edition)
    except UsageError as exc:
        print(f"build_pdfs: error: {exc}", file=err)
        return 2
    built: list[Built] = []
    sheets: list[Path] = []  # the sources pages and check sheets written
    reports: list[ResourceReport] = []
    folders: list[Path] = []  # where each edition's PDFs go, for the summary
    today = options.today or dt.date.today()
    # with --strict a warning found while reading a file stops its resource or edition too
    stopped = {d.path for d in diags.warnings} if options.strict else set()
    buildable = {id(r) for r in content.buildable() if display_path(r.path) not in stopped}
    wanted = 0
    for edition in editions:
        wanted += broken_selected
        if edition is not None and (edition.id in content.failed_editions
                                    or display_path(edition.path) in stopped):
            wanted += len(selected)
            continue  # its errors are already listed
        env = BuildEnv(content.services_for(edition), content.strings, options.assets_dir,
                       edition, content.palette_for(edition), options.profile,
                       settings=content.settings)
        folder = options.output_dir / edition.id if edition else options.output_dir
        folders.append(folder / options.profile.folder)
        writer = Writer(folder)
        edition_reports = []
        edition_built: list[Built] = []
        web_work: list[WebWork] = []
        for resource in selected:
            if id(resource) not in buildable:
                wanted += 1
                continue
            # the resource in its own language, then each translation of it
            for copy in language_copies(resource, env, translations, languages,
                                        options.profile, diags):
                wanted += 1
                report = preflight.check_resource(copy.resource, copy.env.services, edition,
                                                  today)
                report.translation = copy.translation
                report.findings += copy.findings
                _note_findings(report.findings, diags)
                edition_reports.append(report)
                web_work.append(WebWork(copy, report))
                for layout in layouts_for(copy.resource, copy.env):
                    result = _render_one(layout, writer, options, diags, report)
                    if result:
                        edition_built.append(result)
                        if options.verbosity >= VERBOSE:
                            print(f"  built {display_path(result.path)} ({result.layout})",
                                  file=out)
        if edition_reports:
            sheets += _write_sheets(edition_built, env, writer, options, today, diags)
        if edition_reports and not options.check:
            _write_report(edition_reports, writer, options, today, diags)
        if _makes_web(options) and web_work:
            SiteWriter(folder, env, diags).write(web_work)
        built += edition_built
        reports += edition_reports
    if _makes_web(options) and reports:
        write_catalogues(options.output_dir, diags)
    for diagnostic in sorted(diags.items):
        print(diagnostic, file=err)
    if reports and options.verbosity > QUIET:
        print(report_table(reports, options.profile, today), file=out)
    failed = wanted - len({(id(b.resource), b.edition) for b in built})
    _summary(options, folders, built, sheets, failed, diags, time.perf_counter() - started,
             out)
    if diags.errors or (options.strict and diags.warnings):
        return 1
    return 0


def _makes_web(options: BuildOptions) -> bool:
    """Web pages and the catalogue come with an office build (a print shop's has no
    links to follow), not with --check, which writes nothing."""
    return options.web and options.profile.links and not options.check


def _summary(options: BuildOptions, folders: list[Path], built: list[Built],
             sheets: list[Path], failed: int,
             diags: Diagnostics, seconds: float, out: TextIO) -> None:
    if options.verbosity <= QUIET:
        return
    verb = "Checked" if options.check else "Built"
    shown = ", ".join(f"{display_path(folder)}/" for folder in folders or [options.output_dir])
    where = "" if options.check else f" in {shown}"
    noun = "PDF" if len(built) == 1 else "PDFs"
    print(f"{verb} {len(built)} {noun}{where} ({seconds:.1f} s).", file=out)
    if options.verbosity == NORMAL and not options.check:
        for item in built:
            print(f"  {display_path(item.path)}", file=out)
    if sheets:
        print("Also written: " + ", ".join(display_path(path) for path in sheets), file=out)
    counts = f"{len(diags.warnings)} warning(s), {len(diags.errors)} error(s)"
    failed_note = f"; {failed} resource(s) not built" if failed else ""
    strict_note = " (--strict: warnings fail the build)" if options.strict and diags.warnings \
        else ""
    print(f"{counts}{failed_note}{strict_note}.", file=out)
