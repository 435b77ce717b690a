"""The build's unit of work: one resource, in one edition, language and format, to a PDF.

An ``OutputJob`` names its PDF by ids only, so it is cheap to send to a worker process.
The worker lays it out from its own ``Workshop`` (the loaded content), checks it, and
sends back a ``Rendered``: the bytes and what preflight found. It never writes: the main
process decides what is written, in the jobs' order, so the result is the same however many
workers there are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from layouts import FORMATS, BuildEnv, Layout, LayoutOverflow

from . import preflight
from .contacts import Printed
from .content import ContentSet, fit_edition, load_content
from .diagnostics import Diagnostic, Diagnostics
from .i18n.translate import LanguageCopy, Translations, load_translations, translated_copy
from .model import Edition
from .preflight import Finding
from .profiles import PROFILES, PrintProfile
from .theme import FontProblem, fit_note_for


@dataclass(frozen=True)
class OutputJob:
    edition: str | None  # None: the national edition
    resource: str  # the resource's id
    language: str | None  # a translation's language; None: the resource's own
    format: str  # a layout's name, a key of layouts.FORMATS

    @property
    def copy(self) -> tuple[str | None, str, str | None]:
        """The resource copy it is a format of: its row in the preflight report."""
        return self.edition, self.resource, self.language


@dataclass
class Rendered:
    """What laying out and checking one job gave."""

    pdf: bytes | None = None  # None: it did not fit, or could not be made
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)  # preflight's, or why it did not fit
    printed: dict[Printed, set[tuple[str, str]]] = field(default_factory=dict)
    problem: str | None = None  # a missing font or a bug of ours: the resource's error
    cached: bool = False  # not made now: the PDF on disk is already this one
    thumbnail: Thumbnail | None = None  # its first page for the catalogue, when asked for

    @property
    def made(self) -> bool:
        return self.problem is None and (self.pdf is not None or self.cached)


@dataclass(frozen=True)
class Thumbnail:
    """A PDF's first page as the catalogue shows it, made by the worker that made the
    PDF (so the main process, which only collects, never renders one itself)."""

    pdf_sha256: str  # of the PDF it shows: used only if that is the file written
    png: bytes
    size: tuple[int, int]


@dataclass(frozen=True)
class EditionCheck:
    """Measure one edition's details in every fixed panel (editionfit.py): a job of its
    own, as it lays out every format, so editions are measured in parallel."""

    edition: str


@dataclass(frozen=True)
class SourcesPage:
    """An edition's sources page, listing these resources (ids, in order)."""

    edition: str | None
    resources: tuple[str, ...]


@dataclass(frozen=True)
class WorkshopSpec:
    """What a worker needs to load the same content as the main process."""

    content_dir: Path
    assets_dir: Path
    profile: str
    today: dt.date | None
    verbose: bool


class Workshop:
    """Loaded content, and the layouts of jobs made from it."""

    def __init__(self, spec: WorkshopSpec, content: ContentSet,
                 translations: Translations) -> None:
        self.spec = spec
        self.content = content
        self.translations = translations
        self.profile: PrintProfile = PROFILES[spec.profile]
        self._envs: dict[str | None, BuildEnv] = {}
        self._copy: tuple[tuple[str | None, str, str | None], LanguageCopy] | None = None

    def env_for(self, edition: Edition | None) -> BuildEnv:
        key = edition.id if edition else None
        if key not in self._envs:
            if len(self._envs) > 64:  # a build of hundreds of editions: keep memory flat
                self._envs.clear()
            content = self.content
            self._envs[key] = BuildEnv(content.services_for(edition), content.strings,
                                       self.spec.assets_dir, edition,
                                       content.palette_for(edition), self.profile,
                                       settings=content.settings)
        return self._envs[key]

    def layout(self, job: OutputJob) -> Layout:
        """A new layout for the job (a layout keeps state while it renders)."""
        copy = self._language_copy(job)
        return FORMATS[job.format](copy.resource, copy.env)

    def _language_copy(self, job: OutputJob) -> LanguageCopy:
        # a job's formats come one after another, so the last copy is the one to keep
        if self._copy is not None and self._copy[0] == job.copy:
            return self._copy[1]
        edition = self.content.editions[job.edition] if job.edition else None
        env = self.env_for(edition)
        resource = next(r for r in self.content.resources if r.id == job.resource)
        copy = LanguageCopy(resource, env) if job.language is None else translated_copy(
            resource, job.language, env, self.translations)
        assert copy is not None, f"no {job.language} copy of {job.resource}"
        self._copy = (job.copy, copy)
        return copy


_workshop: Workshop | None = None


def use(workshop: Workshop) -> None:
    """Make ``workshop`` the one jobs in this process are laid out from (worker processes
    started by fork inherit it)."""
    global _workshop
    _workshop = workshop


def load_pdf_libraries() -> None:
    """Import what making and checking a PDF needs (pikepdf, pypdf, pdfium) now. They are
    imported where used, so a build with every PDF up to date never loads them; a build
    that makes PDFs calls this before its workers fork, so that each starts with them
    loaded instead of loading them again."""
    from . import finish, pdfcheck  # noqa: F401
    from .press import impose, pdfx, subset_tags  # noqa: F401
    from .structure import tree  # noqa: F401
    from .web import thumbnails  # noqa: F401


def prepare(spec: WorkshopSpec) -> None:
    """A worker's initializer: load the content once, unless it came with the process."""
    global _workshop
    if _workshop is not None and _workshop.spec == spec:
        return
    # the main process has already reported every problem these find
    content, diags = load_content(spec.content_dir, spec.assets_dir, fit_editions=False)
    _workshop = Workshop(spec, content, load_translations(content, diags, spec.today))


def work(job: OutputJob | EditionCheck | SourcesPage | tuple[OutputJob, bool],
         ) -> Rendered | list[Diagnostic] | bytes:
    """Any of the build's jobs, in a worker (the one function the pool is given)."""
    if isinstance(job, EditionCheck):
        return check_edition(job)
    if isinstance(job, SourcesPage):
        return sources_page(job)
    if isinstance(job, tuple):  # (a PDF's job, whether the catalogue shows its first page)
        return render_with_thumbnail(*job)
    return render_job(job)


def check_edition(job: EditionCheck) -> list[Diagnostic]:
    """What measuring the edition's fixed panels found."""
    assert _workshop is not None, "prepare() first"
    diags = Diagnostics()
    fit_edition(_workshop.content.editions[job.edition], _workshop.content, diags)
    return diags.items


def sources_page(job: SourcesPage) -> bytes:
    """The bytes of an edition's sources page."""
    from layouts.sheets import sources_pdf

    assert _workshop is not None, "prepare() first"
    content = _workshop.content
    edition = content.editions[job.edition] if job.edition else None
    by_id = {resource.id: resource for resource in content.resources}
    return sources_pdf([by_id[name] for name in job.resources], _workshop.env_for(edition))


def render_with_thumbnail(job: OutputJob, thumbnail: bool) -> Rendered:
    """A PDF, and, for the first format of a copy, its first page for the catalogue."""
    rendered = render_job(job)
    if thumbnail and rendered.pdf is not None:
        rendered.thumbnail = make_thumbnail(rendered.pdf)
    return rendered


def make_thumbnail(pdf: bytes) -> Thumbnail | None:
    from .web.thumbnails import thumbnail_png

    try:
        png, size = thumbnail_png(pdf)
    except Exception:  # the main process tries again from the file, and says why not
        return None
    return Thumbnail(hashlib.sha256(pdf).hexdigest(), png, size)


def render_job(job: OutputJob) -> Rendered:
    """Lay out one job and preflight it; never raises for a problem with the content."""
    from . import pdfcheck  # (pikepdf, pypdf and pdfium: only a PDF being made needs them)

    assert _workshop is not None, "prepare() first"
    layout = _workshop.layout(job)
    resource = layout.resource
    try:
        pdf = layout.render()
        with pdfcheck.PdfFacts(pdf) as facts:  # read once, for the page count and checks
            findings = preflight.check_output(layout, facts)
            return Rendered(pdf, facts.pages, findings, dict(layout.ledger.printed))
    except LayoutOverflow as exc:
        return Rendered(findings=[preflight.overflow_finding(
            layout, overflow_message(layout, exc), exc)])
    except FontProblem as exc:
        return Rendered(problem=str(exc))
    except Exception as exc:  # a bug of ours: say so plainly, never a bare traceback
        detail = traceback.format_exc() if _workshop.spec.verbose else ""
        return Rendered(problem=f"internal error while building '{resource.id}' "
                                f"({type(exc).__name__}: {exc}); please report it. "
                                f"{detail}".rstrip())


def overflow_message(layout: Layout, exc: LayoutOverflow) -> str:
    """What did not fit, where, and by about how much: the same words on every run."""
    resource = layout.resource
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
    note = fit_note_for(layout.env.translation.language) if layout.env.translation else ""
    if note:
        advice += f" ({note}: text is never made smaller than a parent can read.)"
    return (f"'{resource.id}' does not fit the {layout.name} format{which}: "
            f"{exc.message}.{where}{advice}")
