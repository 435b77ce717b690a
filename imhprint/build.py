"""The build: load and validate everything, then plan and make each PDF, then write."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from layouts import BuildEnv, formats_planned
from layouts.base import source_date_epoch

from . import cache, jobs, preflight, schedule
from .cache import Manifest
from .contacts import Printed
from .content import ContentSet, load_content, record_fit
from .diagnostics import Diagnostic, Diagnostics, display_path
from .editionrun import EditionRun, finish_run, makes_web, sources_job
from .i18n.translate import LanguageCopy, Translations, language_copies, load_translations
from .jobs import (
    EditionCheck,
    OutputJob,
    Rendered,
    SourcesPage,
    Workshop,
    WorkshopSpec,
    prepare,
    render_job,  # noqa: F401  (what a worker runs for a PDF: tests wrap it)
)
from .model import DEFAULT_LANGUAGE, Edition, Resource
from .preflight import Finding, OutputReport, ResourceReport
from .profiles import DEFAULT_PROFILE, PrintProfile
from .progress import progress_bar
from .readability import Assessments
from .report import report_table
from .schedule import Shard
from .theme import ASSETS_DIR
from .web.site import WebWork, keep_compiled_templates, write_catalogues
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
    jobs: int | None = None  # worker processes; None: one per core
    force: bool = False  # build every PDF, whatever the cache says
    cache_dir: Path | None = None  # where the cache is kept (None: the user's cache folder)
    shard: Shard | None = None  # build only this share of the resource copies
    web: bool = True  # office builds: a web version of each resource and the catalogue
    watch: bool = False  # rebuild on every change (imhprint/web/serve.py)


@dataclass
class Built:
    path: Path
    layout: str
    resource: Resource
    edition: str | None  # None for the national edition
    printed: dict[Printed, set[tuple[str, str]]]  # the contact details it prints
    translated: bool = False  # a translation of the resource, not the resource itself
    fresh: bool = False  # already up to date: not written again


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
    if options.shard is not None and options.contacts:
        raise UsageError("--contacts lists what the whole build prints, so it cannot be "
                         "split with --shard: run it once, without --shard")


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


def _add_unchecked_findings(env: BuildEnv, printed: Iterable[Printed],
                            report: ResourceReport, diags: Diagnostics) -> None:
    """Services this copy prints whose details were never checked at their source: once
    for the resource, however many formats print them, and before it is written (so
    --strict keeps it back)."""
    sample = env.imprint.sample
    for finding in preflight.unchecked_findings(printed, sample):
        if finding not in report.findings:
            report.findings.append(finding)
            _note_findings([finding], diags)


def _note_findings(findings: list[Finding], diags: Diagnostics) -> None:
    for finding in findings:
        add = diags.error if finding.level == "error" else diags.warning
        add(finding.path, finding.line, finding.message)


@dataclass
class CopyPlan:
    """A resource in one edition and language: one row of the report, one job a format."""

    run: EditionRun
    source: Resource  # the resource as read (a translation is made from it)
    copy: LanguageCopy

    @property
    def name(self) -> tuple[str | None, str, str | None]:
        edition = self.run.edition.id if self.run.edition else None
        language = self.copy.translation.language if self.copy.translation else None
        return edition, self.source.id, language


@dataclass
class Planned:
    """One PDF to make: its job for a worker, and what the main process keeps of it."""

    job: OutputJob
    copy: LanguageCopy
    output_path: Path  # inside the edition's folder (Layout.output_path)
    file_path: str  # as preflight.json names it (Layout.file_path)
    report: ResourceReport
    run: EditionRun
    target: Path  # where it goes
    key: str  # the hash of its inputs, for the cache
    first: bool = False  # its copy's first format: the catalogue shows its first page


class Keys:
    """The cache key of each job: the hash of what goes into its PDF (see cache.py). Each
    file is read once per build, however many jobs use it."""

    def __init__(self, content: ContentSet, options: BuildOptions, fingerprint: str) -> None:
        self.content = content
        self._files: dict[Path, str] = {}
        self._common = [fingerprint, options.profile.name, str(source_date_epoch())]

    def _file(self, path: Path | None) -> str:
        if path is None:
            return "none"
        if path not in self._files:
            self._files[path] = cache.file_digest(path)
        return self._files[path]

    def sources_key(self, resources: list[Resource], env: BuildEnv) -> str:
        """The key of an edition's sources page: the files of what it lists."""
        settings = self.content.settings
        return cache.job_key(*self._common, "sources page",
                             self._file(env.edition.path if env.edition else None),
                             self._file(settings.path if settings else None),
                             self._file(self.content.strings_paths.get(DEFAULT_LANGUAGE)),
                             *(self._file(resource.path) for resource in resources))

    def key(self, job: OutputJob, plan: CopyPlan) -> str:
        copy, settings = plan.copy, self.content.settings
        edition = copy.env.edition
        parts = [*self._common, repr(job), self._file(plan.source.path),
                 self._file(edition.path if edition else None),
                 self._file(settings.path if settings else None),
                 self._file(self.content.strings_paths.get(str(plan.source.language)))]
        if copy.translation is not None:
            info = copy.translation
            parts += [info.state, *info.band, *(self._file(c.path) for c in info.used)]
        services = copy.env.services
        parts += [f"{ref}={cache.service_digest(services.get(ref))}"
                  for ref in sorted({str(ref) for ref in copy.resource.service_refs()})]
        return cache.job_key(*parts)


def _plan_copies(content: ContentSet, translations: Translations, workshop: Workshop,
                 selected: list[Resource], broken_selected: int,
                 editions: list[Edition | None], languages: list[str],
                 options: BuildOptions, diags: Diagnostics,
                 ) -> tuple[list[EditionRun], list[CopyPlan], int]:
    """Every resource copy the command asks for, in a fixed order; and how many asked
    for cannot be built (a broken file or edition), to count as not built."""
    # with --strict a warning found while reading a file stops its resource or edition too
    stopped = {d.path for d in diags.warnings} if options.strict else set()
    buildable = {id(r) for r in content.buildable() if display_path(r.path) not in stopped}
    runs: list[EditionRun] = []
    plans: list[CopyPlan] = []
    unbuildable = 0
    for edition in editions:
        unbuildable += broken_selected
        if edition is not None and (edition.id in content.failed_editions
                                    or display_path(edition.path) in stopped):
            unbuildable += len(selected)
            continue  # its errors are already listed
        env = workshop.env_for(edition)
        folder = options.output_dir / edition.id if edition else options.output_dir
        run = EditionRun(edition, env, Writer(folder), folder)
        runs.append(run)
        for resource in selected:
            if id(resource) not in buildable:
                unbuildable += 1
                continue
            # the resource in its own language, then each translation of it
            for copy in language_copies(resource, env, translations, languages,
                                        options.profile, diags):
                plans.append(CopyPlan(run, resource, copy))
                if copy.translation is None:
                    run.sources.append(resource)
    return runs, plans, unbuildable


def _plan_jobs(plans: list[CopyPlan], keys: Keys, today: dt.date,
               diags: Diagnostics) -> list[Planned]:
    """Stage 2a: each copy's checks on its content (reading age, review dates, contacts:
    made now, on every build, as they depend on the day), then a job for each format."""
    planned = []
    readings = Assessments()
    for plan in plans:
        copy, run = plan.copy, plan.run
        report = preflight.check_resource(copy.resource, copy.env.services, run.edition,
                                          today, readings.of)
        report.translation = copy.translation
        report.findings += copy.findings
        _note_findings(report.findings, diags)
        run.reports.append(report)
        web = WebWork(copy, report)
        run.web.append(web)
        keys_of_copy = []
        # names and paths only: no layout (with its fonts and renderer) is made to plan
        for number, layout in enumerate(formats_planned(copy.resource, copy.env)):
            edition, resource, language = plan.name
            job = OutputJob(edition, resource, language, layout.name)
            planned.append(Planned(job, copy, layout.output_path,
                                   layout.file_path.as_posix(), report, run,
                                   (run.folder / layout.output_path).resolve(),
                                   keys.key(job, plan), number == 0))
            keys_of_copy.append(planned[-1].key)
        web.key = cache.job_key("web page", *keys_of_copy)  # its PDFs' inputs are its own
    return planned


def _cached_results(planned: list[Planned], manifest: Manifest,
                    options: BuildOptions) -> dict[int, Rendered]:
    """The jobs whose PDF on disk is up to date, by their number in ``planned``."""
    cached: dict[int, Rendered] = {}
    for number, item in enumerate(planned):
        entry = None if options.force else manifest.fresh(item.target, item.key,
                                                          item.copy.env.services)
        if entry is not None:
            cached[number] = Rendered(pages=entry.pages, findings=list(entry.findings),
                                      printed=entry.printed, cached=True)
    return cached


def _finish(item: Planned, rendered: Rendered, manifest: Manifest, options: BuildOptions,
            diags: Diagnostics) -> Built | None:
    """Stage 3: record what preflight found, and write the PDF only if nothing is wrong
    (and it is not already there)."""
    report, writer, env = item.report, item.run.writer, item.copy.env
    resource = item.copy.resource
    # named as from preflight.json, which sits in the profile's folder beside the PDFs
    output = OutputReport(item.job.format, item.file_path)
    report.outputs.append(output)
    failed = True
    stopping = ("error", "warning") if options.strict else ("error",)
    try:
        target = writer.claim(item.output_path, f"{display_path(resource.path)}")
        output.findings += rendered.findings
        if rendered.problem is not None:
            diags.error(resource.path, resource.line, rendered.problem)
        elif rendered.made:
            output.pages = rendered.pages
            _add_unchecked_findings(env, rendered.printed, report, diags)
            failed = any(f.level in stopping for f in [*report.findings, *output.findings])
            if not options.check and not failed:
                if rendered.cached:
                    writer.keep(target)
                else:
                    assert rendered.pdf is not None
                    manifest.forget(target)  # until it is written, the old entry is wrong
                    writer.write(target, rendered.pdf)
                    manifest.record(target, item.key, rendered.pages, rendered.findings,
                                    rendered.printed, env.services)
                output.written = True
    except OutputClash as exc:
        diags.error(resource.path, resource.line, str(exc))
    except OSError as exc:
        diags.error(options.output_dir, 0, write_failure(f"the PDF for '{resource.id}'", exc))
    _note_findings(output.findings, diags)
    if output.written or (options.check and output.pages and not failed):
        edition = env.edition
        return Built(target, item.job.format, resource, edition.id if edition else None,
                     rendered.printed, env.translation is not None, rendered.cached)
    return None


def _fit_editions(content: ContentSet, names: list[str], pool: schedule.Workers,
                  diags: Diagnostics) -> None:
    """Measure these editions' details in their fixed panels, in the workers."""
    names = [name for name in names if name in content.unfitted]
    for job, found in pool.run((EditionCheck(name) for name in names), jobs.work,
                               len(names)):
        _record_fit(content, job.edition, found, diags)


def _record_fit(content: ContentSet, name: str, found: object, diags: Diagnostics) -> None:
    remember = True
    if isinstance(found, schedule.WorkerCrash):
        remember = False  # not what the content gives: measured again next time
        edition = content.editions[name]
        found = [Diagnostic(display_path(edition.path), edition.line, "error",
                            f"{found.reason} while measuring this edition's details in "
                            "the fixed panels; nothing was built for it")]
    assert isinstance(found, list)
    record_fit(content, name, found, diags, remember)


Step = tuple[str, Any, Any]  # (what, which, the job for a worker or None)


def _steps(planned: list[Planned | None], run_at: list[EditionRun],
           cached: dict[int, Rendered] | set[int], runs: list[EditionRun],
           sources: dict[int, SourcesPage], later_fits: list[str],
           thumbnails: bool) -> Iterator[Step]:
    """Stages 2b and 3 in order, one step at a time: each PDF ("pdf", its number), each
    run's sources page ("sources", run) and end ("done", run), then the editions measured
    only for their messages ("fit", name). Made twice, alike: once for the jobs given to
    the workers, once to take their results, so no list of every job is kept. (A job
    taken from the cache is let go as soon as it is written, perhaps before the first
    pass reaches it: ``run_at`` says whose it is.)"""
    position = 0
    for run in runs:
        while position < len(run_at) and run_at[position] is run:
            item = None if position in cached else planned[position]
            yield "pdf", position, None if item is None else (item.job,
                                                              item.first and thumbnails)
            position += 1
        if id(run) in sources:
            yield "sources", run, sources[id(run)]
        yield "done", run, None
    assert position == len(run_at), "jobs come grouped by edition, in the runs' order"
    for name in later_fits:
        yield "fit", name, EditionCheck(name)


def _make_and_write(planned: list[Planned], runs: list[EditionRun], content: ContentSet,
                    manifest: Manifest, keys: Keys, options: BuildOptions, today: dt.date,
                    pool: schedule.Workers, diags: Diagnostics, out: TextIO, err: TextIO,
                    ) -> list[Path]:
    """Stages 2b and 3: the workers make each PDF (and each edition's sources page and
    thumbnails); this process writes each as soon as it and every job before it are
    made, and an edition's sheets, report and web pages as soon as its last PDF is, then
    lets its copies go. So writing overlaps the workers' laying out, and the memory used
    does not grow with the number of editions. Returns the sheets written."""
    cached = _cached_results(planned, manifest, options)
    sources = {id(run): job for run in runs
               if (job := sources_job(run, options, keys, manifest)) is not None}
    later_fits = list(content.unfitted)  # editions not built: measured for their messages

    todo: list[Planned | None] = list(planned)  # each let go once written
    run_at = [item.run for item in planned]
    planned.clear()
    from_cache = set(cached)

    def steps() -> Iterator[Step]:
        return _steps(todo, run_at, from_cache, runs, sources, later_fits,
                      makes_web(options))

    count = len(todo) - len(cached) + len(sources) + len(later_fits)
    made = pool.run((job for _, _, job in steps() if job is not None), jobs.work, count)
    sheets: list[Path] = []
    with contextlib.closing(made), progress_bar(len(todo) - len(cached), options,
                                                out, err) as bar:
        for what, which, job in steps():
            result = next(made)[1] if job is not None else None
            if what == "pdf":
                if job is None:
                    result = cached.pop(which)
                else:
                    bar.update()
                item = todo[which]
                assert item is not None
                _write_pdf(item, _as_rendered(result), manifest, options, diags, out)
                todo[which] = None
            elif what == "sources" and isinstance(result, bytes):
                which.sources_pdf = (job.resources, result)
            elif what == "done":
                sheets += finish_run(which, options, today, keys, manifest, diags)
            elif what == "fit":
                _record_fit(content, which, result, diags)
    return sheets


def _as_rendered(result: object) -> Rendered:
    if isinstance(result, schedule.WorkerCrash):
        return Rendered(problem=f"{result.reason}; nothing was written for it, and the "
                                "other PDFs were built")
    assert isinstance(result, Rendered)
    return result


def _write_pdf(item: Planned, rendered: Rendered, manifest: Manifest, options: BuildOptions,
               diags: Diagnostics, out: TextIO) -> None:
    result = _finish(item, rendered, manifest, options, diags)
    if rendered.thumbnail is not None:
        item.run.thumbnails[item.file_path] = rendered.thumbnail
    if result:
        item.run.built.append(result)
        if options.verbosity >= VERBOSE and not result.fresh:
            print(f"  built {display_path(result.path)} ({result.layout})", file=out)


def build(options: BuildOptions, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run a whole build; returns the process exit code (0, 1, or 2 for bad usage).

    Stage 1 loads and validates all the content; stage 2 plans a job for every PDF and
    makes them (in worker processes with -j); stage 3 writes them, then the sources page,
    the check sheet and the report."""
    started = time.perf_counter()
    try:
        _check_usage(options)
        cache.forget_service_digests()
        memo = _check_memo(options)
        keep_compiled_templates((options.cache_dir or cache.default_cache_dir()) / "templates")
        # the editions' fixed panels the memo does not know are measured below, in the
        # workers
        content, diags = load_content(options.content_dir, options.assets_dir, memo,
                                      _editions_to_fit(options), fit_editions=False)
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
    today = options.today or dt.date.today()
    spec = WorkshopSpec(options.content_dir, options.assets_dir, options.profile.name,
                        options.today, options.verbosity >= VERBOSE)
    workshop = Workshop(spec, content, translations)
    jobs.use(workshop)  # -j 1, and workers started by fork, lay out from this one
    shard = None if options.shard is None else f"{options.shard.index}/{options.shard.count}"
    manifest = Manifest.load(cache.manifest_path(options.cache_dir or cache.default_cache_dir(),
                                                 options.output_dir, options.profile.name,
                                                 shard), options.output_dir)
    workers = options.jobs or schedule.default_workers()
    with schedule.Workers(workers, prepare, (spec,),
                          before_fork=jobs.load_pdf_libraries) as pool:
        if options.force or not manifest.entries:
            # a cold build: the workers start (fork) before anything is planned, so each
            # is as small as the main process is now, however many PDFs there are. (Else
            # they start when given their first job: a no-op build starts none.)
            pool.start(len(selected) * len(editions))
        _fit_editions(content, [e.id for e in editions if e is not None], pool, diags)
        runs, plans, unbuildable = _plan_copies(content, translations, workshop, selected,
                                                broken_selected, editions, languages,
                                                options, diags)
        if options.shard is not None:
            by_name = {plan.name: plan for plan in plans}
            plans = [by_name[name] for name in options.shard.take(list(by_name))]
            if options.shard.index != 1:
                unbuildable = 0  # the first shard counts them, so a merged count is right
        keys = Keys(content, options, memo.fingerprint)
        planned = _plan_jobs(plans, keys, today, diags)
        copies = len(plans)
        del plans  # (each edition's copies are let go once its files are written)
        sheets = _make_and_write(planned, runs, content, manifest, keys, options, today,
                                 pool, diags, out, err)
        del planned
    built = [b for run in runs for b in run.built]
    reports = [r for run in runs for r in run.reports]
    if makes_web(options) and reports and options.shard is None:
        # a shard's catalogue would list only its share: merge writes the pages from the
        # shards' joined catalogue data (web/catalogue.json), as this build would
        write_catalogues(options.output_dir, diags, manifest, memo.fingerprint, options.force)
    manifest.save()
    memo.save()
    for diagnostic in sorted(diags.items):
        print(diagnostic, file=err)
    if reports and options.verbosity > QUIET:
        print(report_table(reports, options.profile, today), file=out)
    failed = unbuildable + copies - len({(id(b.resource), b.edition) for b in built})
    _summary(options, [run.folder / options.profile.folder for run in runs], built, sheets,
             failed, diags, time.perf_counter() - started, out)
    if diags.errors or (options.strict and diags.warnings):
        return 1
    return 0


def _check_memo(options: BuildOptions) -> cache.CheckMemo:
    """What costly content checks found before, in the cache folder (kept with --force,
    which makes every PDF again: these checks are of the content, not of a PDF)."""
    fingerprint = cache.tool_fingerprint([ASSETS_DIR, options.assets_dir])
    folder = options.cache_dir or cache.default_cache_dir()
    return cache.CheckMemo.load(cache.checks_path(folder, fingerprint), fingerprint)


def _editions_to_fit(options: BuildOptions) -> set[str] | None:
    """The editions whose details are measured in the fixed panels: those built."""
    if options.edition is None:
        return set()
    return None if options.edition == "all" else {options.edition}


def _summary(options: BuildOptions, folders: list[Path], built: list[Built],
             sheets: list[Path], failed: int,
             diags: Diagnostics, seconds: float, out: TextIO) -> None:
    if options.verbosity <= QUIET:
        return
    verb = "Checked" if options.check else "Built"
    shown = ", ".join(f"{display_path(folder)}/" for folder in folders or [options.output_dir])
    where = "" if options.check else f" in {shown}"
    made = [item for item in built if not item.fresh]
    noun = "PDF" if len(made) == 1 else "PDFs"
    fresh = len(built) - len(made)
    already = f"; {fresh} already up to date" if fresh else ""
    print(f"{verb} {len(made)} {noun}{where} ({seconds:.1f} s){already}.", file=out)
    if options.verbosity == NORMAL and not options.check:
        for item in made:
            print(f"  {display_path(item.path)}", file=out)
    if sheets:
        print("Also written: " + ", ".join(display_path(path) for path in sheets), file=out)
    counts = f"{len(diags.warnings)} warning(s), {len(diags.errors)} error(s)"
    failed_note = f"; {failed} resource(s) not built" if failed else ""
    strict_note = " (--strict: warnings fail the build)" if options.strict and diags.warnings \
        else ""
    print(f"{counts}{failed_note}{strict_note}.", file=out)
