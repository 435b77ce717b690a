"""Preflight: before a PDF is written, check it is right to print.

Some checks read the content (reading age, review dates, contact details); the rest read
the finished PDF itself (fonts, text sizes, edges, boxes, colours) and what the layout drew
(colour pairs, pictures). Each finding names the file and line to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm

from layouts.base import grow_box

from .blocks import colour_pairs
from .colours import ColourPair, ColourProblem, colour_problem
from .contacts import Printed
from .diagnostics import display_path
from .markup import plain_text
from .model import CHECKED_AT_SOURCE, Edition, Resource, Service
from .readability import Readability, assess
from .text import needs_text_path
from .theme import Fonts, Palette, hex_of

if TYPE_CHECKING:
    from layouts import Layout, LayoutOverflow

    from . import pdfcheck
    from .i18n.translate import TranslationInfo
    from .structure.reader import Tagging

# The columns of the report, in order, with a short heading for the terminal table.
CHECKS = {
    "fonts": "fonts",
    "text size": "size",
    "contrast": "contrast",
    "greyscale": "grey",
    "images": "images",
    "fit": "fits",
    "print": "print",
    "access": "access",
    "readability": "reading",
    "review": "review",
    "contacts": "contacts",
}
REVIEW_WARNING_DAYS = 60
STALE_AFTER_DAYS = 365
MAX_READING_AGE = 11
THEME_FILE = Path(__file__).with_name("theme.py")
HEADING = re.compile(r"^H[1-6]?$")  # a structure element that is a heading


@dataclass(frozen=True)
class Finding:
    check: str  # a key of CHECKS
    level: str  # "error" or "warning"
    message: str
    path: str
    line: int = 0

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass
class OutputReport:
    """One PDF: its format, where it goes, and what preflight found in it."""

    format: str
    file: str
    pages: int = 0
    written: bool = False
    findings: list[Finding] = field(default_factory=list)


@dataclass
class ResourceReport:
    resource: Resource
    edition: str | None
    findings: list[Finding] = field(default_factory=list)  # for every format
    outputs: list[OutputReport] = field(default_factory=list)
    readability: Readability | None = None
    translation: TranslationInfo | None = None  # None: the resource in its own language

    def all_findings(self) -> list[Finding]:
        return [*self.findings, *(f for output in self.outputs for f in output.findings)]

    @property
    def blocked(self) -> bool:
        """An error about the content itself stops every format being written."""
        return any(f.level == "error" for f in self.findings)

    def status(self, check: str) -> str:
        levels = {f.level for f in self.all_findings() if f.check == check}
        if "error" in levels:
            return "ERROR"
        if "warning" in levels:
            return "warn"
        if check in ("fonts", "text size", "print", "access") and not any(
                o.pages for o in self.outputs):
            return "-"  # no PDF was made to check
        if check == "fit" and not self.outputs:
            return "-"
        return "ok"


# ---- checks on the content -----------------------------------------------------------------

def check_resource(resource: Resource, services: dict[str, Service], edition: Edition | None,
                   today: dt.date,
                   assessed: Callable[[Resource], Readability | None] = assess,
                   ) -> ResourceReport:
    """The checks on a resource's content; ``assessed`` gives its readability (a build
    passes ``Assessments().of``, to score each text once for all its editions)."""
    report = ResourceReport(resource, edition.id if edition else None)
    report.readability = assessed(resource)
    report.findings += _readability_findings(resource, report.readability)
    report.findings += _review_findings(resource, today)
    report.findings += contact_findings(resource, services, edition, today)
    return report


def _readability_findings(resource: Resource, reading: Readability | None) -> list[Finding]:
    if reading is None or reading.reading_age is None:  # no reading age outside English
        return []
    if reading.reading_age <= MAX_READING_AGE:
        return []
    longest = "; ".join(f"line {s.line}: \"{clip(s.text)}\" ({s.words} words)"
                        for s in reading.longest[:3])
    fix = f" Shorten the longest sentences first: {longest}" if longest else ""
    return [Finding("readability", "warning", (
        f"'{resource.id}' reads at about age {reading.reading_age:g} (Flesch reading ease "
        f"{reading.flesch_reading_ease:g}, {reading.average_sentence_length:g} words a "
        f"sentence); aim for age {MAX_READING_AGE} or under with short sentences and "
        f"everyday words.{fix}"), display_path(resource.path), resource.line)]


def clip(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length - 1].rstrip() + "\u2026"


def _review_findings(resource: Resource, today: dt.date) -> list[Finding]:
    due = resource.next_review
    days = (due - today).days
    where = (display_path(resource.path), getattr(due, "line", resource.line))
    if days < 0:
        return [Finding("review", "error", (
            f"'{resource.id}' was due for review on {due}, so it is not printed: review the "
            "content, then update reviewed and next_review"), *where)]
    if days <= REVIEW_WARNING_DAYS:
        return [Finding("review", "warning", (
            f"'{resource.id}' is due for review on {due}, in {days} day(s): plan the review "
            "now; after that date it will not build"), *where)]
    return []


def contact_findings(resource: Resource, services: dict[str, Service],
                     edition: Edition | None, today: dt.date) -> list[Finding]:
    """Services the resource names that are unverified (left off) or not checked lately."""
    findings = []
    used: dict[str, Service] = {}
    for ref in resource.service_refs():
        service = services.get(ref)
        if service is None:
            continue  # an unknown id is a content error, reported when loading
        if not service.printable:
            findings.append(Finding("contacts", "warning", (
                f"service '{ref}' is marked unverified in the services directory, so it is "
                "left off the printed leaflet: check its details at the source and set "
                "status: verified"), display_path(resource.path), ref.line))
        else:
            used[service.id] = service
    if edition is not None:
        used.update({s.id: s for s in edition.services if s.printable})
    for service in used.values():
        finding = stale_finding(service, today)
        if finding:
            findings.append(finding)
    return findings


def unchecked_findings(printed: Iterable[Printed], sample: bool) -> list[Finding]:
    """One warning per service whose printed details were never checked at the source
    (only matched against a brief, or how is not recorded), at the service's line."""
    origins = {item.origin for item in printed if item.origin.service_id is not None}
    findings = []
    for origin in sorted(origins, key=lambda o: (o.path, o.line)):
        if origin.verified_how in CHECKED_AT_SOURCE:
            continue
        if origin.verified_how == "fictional" and sample:
            continue  # a sample edition's made-up details; its band says so on every page
        how = (f"verified_how: {origin.verified_how}" if origin.verified_how
               else "no verified_how")
        findings.append(Finding("contacts", "warning", (
            f"the printed details of '{origin.service_id}' were never checked on the "
            f"organisation's own site ({how}): check them at "
            f"{clip(plain_text(origin.source), 50)}, then set verified_how: source-site "
            "and verified_on to that day"), origin.path, origin.line))
    return findings


def stale_finding(service: Service, today: dt.date) -> Finding | None:
    age = (today - service.verified_on).days
    if age <= STALE_AFTER_DAYS:
        return None
    return Finding("contacts", "warning", (
        f"the details of '{service.id}' were last checked on {service.verified_on}, over "
        f"12 months ago: check them at {clip(plain_text(service.source), 40)} and update "
        "verified_on"), display_path(service.path), service.line)


# ---- checks on what the layout drew, and on the finished PDF ------------------------------

def check_output(layout: Layout, pdf: bytes | pdfcheck.PdfFacts) -> list[Finding]:
    """The checks on what the layout drew, and on the finished PDF.

    pdf is the PDF itself, or the facts already being read from it (so a caller that
    wants the page count too reads the file once). Every rule reads the same facts.

    Fonts, text sizes, edges, boxes and colours are read from the finished file, though
    the layout knows most of what it drew: they also come in by ways the layout does not
    see (a drawing's own font, an SVG icon's colours, ReportLab's defaults), a printer
    gets only the file, and reading it once costs a few milliseconds. Colour pairs and
    pictures come from the layout, which alone knows which text sits on which background
    and how many pixels each picture has.
    """
    # (imported here: pdfcheck loads pikepdf, pypdf and pdfium, which only a PDF being
    # built needs; the report and a build with every PDF up to date use this module too)
    from . import pdfcheck

    if not isinstance(pdf, pdfcheck.PdfFacts):
        with pdfcheck.PdfFacts(pdf) as facts:
            return check_output(layout, facts)
    return [*_font_findings(layout, pdf), *_size_findings(layout, pdf),
            *_colour_findings(layout), *_picture_findings(layout),
            *_print_findings(layout, pdf), *_access_findings(layout, pdf),
            *_left_off_findings(layout)]


def _left_off_findings(layout: Layout) -> list[Finding]:
    """Local services the section had no room for, at their lines in the edition."""
    edition, left_off = layout.env.edition, layout.left_off
    if edition is None or not left_off:
        return []
    total = len(layout.local_services())
    shown = total - len(left_off)
    more = (f"; one more needs about {layout.describe_height(layout.local_shortfall)} "
            "more than there is" if layout.local_shortfall else "")
    room = (f"there is room for {shown} of its {total} local services there{more}. Put "
            "the most important first, or shorten what they offer" if shown else
            f"the leaflet has no room left for local services there{more}")
    return [Finding("contacts", "warning", (
        f"'{service.id}' is left off the local services of '{layout.resource.id}' in the "
        f"{layout.name} format: {room}"), display_path(edition.path), service.line)
        for service in left_off]


def _where(layout: Layout) -> tuple[str, int]:
    return display_path(layout.resource.path), layout.resource.line


def _font_findings(layout: Layout, facts: pdfcheck.PdfFacts) -> list[Finding]:
    from .press import checks as press_checks  # (pikepdf: see check_output)

    return [*(Finding("fonts", "error", (
        f"{layout.name}: the font '{name}' is not embedded, so the printer may substitute "
        "another: this is a fault in the tool's theme or a drawing, please report it"),
        *_where(layout)) for name in facts.unembedded_fonts),
        *(Finding("fonts", "error", f"{layout.name}: {problem}: this is a fault in the "
                  "tool, please report it", *_where(layout))
          for problem in press_checks.subset_tag_clashes(facts.font_names))]


def _size_findings(layout: Layout, facts: pdfcheck.PdfFacts) -> list[Finding]:
    """No text below the format's minimum, except where the layout drew small print (the
    footer, the sample band): there, none below the size it was drawn at. On posters that
    is smaller than the body, as it is read up close."""
    from . import pdfcheck  # (see check_output)

    def minimum_at(page: int, box: pdfcheck.Box) -> float:
        allowed = [size for area, size in layout.fine_print_boxes.get(page, [])
                   if pdfcheck.inside(box, area)]
        return min(allowed) if allowed else layout.scale.minimum

    smallest = facts.smallest_text(below=layout.scale.minimum - 0.05,
                                   minimum_at=lambda page, box: minimum_at(page, box) - 0.05)
    if smallest is None:
        return []
    return [Finding("text size", "error", (
        f"{layout.name}: text on page {smallest.page} (\"{clip(smallest.text, 30)}\") is "
        f"{smallest.size:.1f} pt, below this format's minimum of "
        f"{minimum_at(smallest.page, smallest.box):g} pt"),
        *_where(layout))]


# Where the colours are set: (the file, the tint's line or None, the accent's line): an
# edition's, or the theme's (at line 0).
ColourLines = tuple[str, int | None, int]


def _colour_lines(layout: Layout) -> ColourLines:
    edition = layout.env.edition
    if edition is None or edition.colours is None:
        return display_path(THEME_FILE), None, 0
    colours = edition.colours
    tint = colours.tint.line if colours.tint is not None else None
    return display_path(edition.path), tint, colours.accent.line


def _colour_source(lines: ColourLines, pair: ColourPair) -> tuple[str, int]:
    """Where a pair's colours come from: the edition's tint or accent line, or the theme."""
    path, tint, accent = lines
    if tint is not None and "accent_tint" in pair.fields:
        return path, tint
    return path, accent


def _colour_findings(layout: Layout) -> list[Finding]:
    """One finding for each field and pair of colours that falls short in this format.

    The message describes the worst case over every format, so the A4 leaflet, the
    tri-fold and the posters of an edition all report the same line, shown once.
    """
    return list(_colour_findings_for(layout.fonts, layout.palette, layout.name,
                                     _colour_lines(layout)))


@lru_cache(maxsize=64)
def _colour_findings_for(fonts: Fonts, palette: Palette, name: str,
                         lines: ColourLines) -> tuple[Finding, ...]:
    """The colour findings of one format, worked out once a process for each set of
    fonts, colours and the lines they were set on (every leaflet in a language and
    edition shares them)."""
    from layouts import FORMATS  # the layouts import this module's siblings

    everywhere: dict[tuple[str, int, str, str], list[tuple[str, ColourPair]]] = {}
    for format_name, cls in FORMATS.items():
        for pair in colour_pairs(fonts, cls.scale, palette):
            key = (*_colour_source(lines, pair), hex_of(pair.ink), hex_of(pair.ground))
            everywhere.setdefault(key, []).append((format_name, pair))
    findings = []
    for key, pairs in everywhere.items():
        own = colour_problem([(n, pair) for n, pair in pairs if n == name])
        problem = colour_problem(pairs)
        if own is None or problem is None:
            continue
        findings += _colour_problem_findings(problem, key[:2])
    return tuple(findings)


def _colour_problem_findings(problem: ColourProblem, where: tuple[str, int]) -> list[Finding]:
    """The problem as one message; a finding for each check it fails (one line shown)."""
    others = problem.kinds - 1
    also = (f" ({others} other kind(s) of text or icon in these two colours fall short "
            "too)" if others else "")
    if problem.contrast is not None:
        grey = (f", and {problem.grey:.1f}:1 when printed in greyscale, below 3:1"
                if problem.grey is not None else "")
        message = (f"colours refused: {problem.describe()} has contrast "
                   f"{problem.contrast:.1f}:1, below the {problem.worst.needed:g}:1 "
                   f"needed{grey}{also}; choose a darker accent (or a paler tint)")
    else:
        message = (f"{problem.describe()} falls to {problem.grey:.1f}:1 when printed in "
                   f"greyscale, below 3:1{also}: choose colours that differ more in "
                   "lightness, not only in hue")
    findings = []
    if problem.contrast is not None:
        findings.append(Finding("contrast", "error", message, *where))
    if problem.grey is not None:
        findings.append(Finding("greyscale", "error" if problem.text else "warning",
                                message, *where))
    return findings


def _picture_findings(layout: Layout) -> list[Finding]:
    findings = []
    profile = layout.profile
    edition = layout.env.edition
    for picture in dict.fromkeys(layout.renderer.placed_pictures):
        is_logo = edition is not None and picture.src == edition.logo
        path = display_path(edition.path if is_logo else layout.resource.path)
        if not is_logo and not (picture.alt or "").strip():
            findings.append(Finding("images", "error", (
                f"the picture assets/{picture.src} has no alt text: add 'alt:' saying in a "
                "few words what it shows (screen readers and the catalogue use it)"),
                path, picture.line))
        ppi = picture.ppi
        if ppi is not None and ppi < profile.min_image_ppi:
            findings.append(Finding("images", "warning", (
                f"{layout.name}: the picture assets/{picture.src} prints at {ppi:.0f} ppi, "
                f"below the {profile.min_image_ppi} ppi needed for {profile.name} printing, so "
                "it may look blurred: use a larger image"), path, picture.line))
    return findings


def _print_findings(layout: Layout, facts: pdfcheck.PdfFacts) -> list[Finding]:
    """The profile's own rules: office edges; press boxes, CMYK and the safe area."""
    profile = layout.profile
    where = _where(layout)
    findings = []

    def fault(message: str) -> None:
        findings.append(Finding("print", "error", f"{layout.name}: {message}", *where))

    if profile.edge_clear:
        for page, edges in facts.ink_near_edges(profile.edge_clear):
            fault(f"page {page} has ink within {profile.edge_clear / mm:.0f} mm of the "
                  f"{edges} edge, which an office printer cannot print")
    trim = layout.trim_box()
    if profile.bleed:
        for page, boxes in enumerate(facts.page_boxes, start=1):
            if not (_same(boxes.trim, trim)
                    and _same(boxes.bleed, grow_box(trim, profile.bleed))):
                fault(f"page {page} has TrimBox {boxes.trim} and BleedBox {boxes.bleed}, "
                      "not the finished size and the finished size plus the bleed")
    if profile.cmyk:
        rgb = facts.colour_operators - {"k", "K"}
        spaces = facts.image_colour_spaces - {"/DeviceCMYK"}
        if rgb or spaces:
            fault(f"colours that are not CMYK ({', '.join(sorted(rgb | spaces))})")
    if profile.cmyk:
        findings += _press_findings(layout, facts)
    safe = grow_box(trim, -profile.text_inset)
    for run in facts.text_outside(safe)[:1]:
        fault(f"text on page {run.page} (\"{clip(run.text, 30)}\") is less than "
              f"{profile.text_inset / mm:.0f} mm inside the edge")
    return findings


def _access_findings(layout: Layout, facts: pdfcheck.PdfFacts) -> list[Finding]:
    """What a screen reader needs: tags, a language, alt text on every figure, all the
    text in the structure tree, and the headings in the order the leaflet is read. Any
    of these wrong is a fault in the tool, not in the content."""
    if layout.imposed:
        return []  # printer's spreads: the office copy of the same pages is the tagged one
    tagging = facts.tagging
    problems = []
    if not tagging.tagged:
        problems.append("it is not tagged, so a screen reader cannot tell its headings, "
                        "lists and tables apart or read them in order")
    else:
        if not tagging.lang:
            problems.append("it does not say which language it is in")
        figures = [e for e in tagging.elements if e.type == "Figure" and not e.alt]
        if figures:
            problems.append(f"{len(figures)} figure(s) have no alt text")
        in_tree = {mark for element in tagging.elements for mark in element.marks}
        loose = (text for key in facts.marked_content
                 if key not in in_tree and (text := facts.marked_text(key)))
        first = next(loose, None)
        if first is not None:
            problems.append(f"text that is not in the reading order (\"{clip(first, 30)}\")")
        problems += _order_problems(layout, tagging, facts)
    return [Finding("access", "error", f"{layout.name}: {problem}: this is a fault in the "
                    "tool, please report it", *_where(layout)) for problem in problems]


def _letters(text: str) -> str:
    """Text to compare reading order by: letters and digits only, whatever the lines."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _order_problems(layout: Layout, tagging: Tagging,
                    facts: pdfcheck.PdfFacts) -> list[str]:
    """The layout's landmarks (the title, each heading, the hub panel) must be met among
    the structure's headings in the order the layout gives."""
    headings = [_letters(" ".join(facts.marked_text(mark) for mark in element.marks))
                for element in tagging.elements if HEADING.match(element.type)]
    position = 0
    for landmark in layout.reading_landmarks():
        wanted = _letters(landmark)
        # shaped text (Urdu, say) reads back as glyphs, not letters: any heading will do
        shaped = needs_text_path(landmark, layout.resource.language)
        found = next((i for i in range(position, len(headings))
                      if shaped or headings[i] == wanted), None)
        if found is None:
            where = "at all" if wanted not in headings else "in its place"
            return [f"the heading \"{clip(landmark, 30)}\" is not in the reading order "
                    f"{where}"]
        position = found + 1
    return []


def _press_findings(layout: Layout, facts: pdfcheck.PdfFacts) -> list[Finding]:
    """What a print shop's check asks of a press PDF beyond boxes and CMYK (press/checks)."""
    from .press import checks as press_checks  # (pikepdf: see check_output)

    where, pdf = _where(layout), facts.objects
    pdfx = [f"it is not a valid PDF/X-1a file for FOGRA39: {problem}"
            for problem in press_checks.pdfx_problems(pdf)]
    errors = [*pdfx, *press_checks.small_text_problems(pdf, facts.inks),
              *press_checks.ink_problems(pdf, facts.inks)]
    return [*(Finding("print", "error", f"{layout.name}: {message}", *where)
              for message in errors),
            *(Finding("images", "warning", f"{layout.name}: {message}: darken it less, or "
                      "ask the print shop to check it", *where)
              for message in press_checks.picture_ink_problems(pdf))]


def _same(box: tuple[float, ...] | None, expected: tuple[float, ...]) -> bool:
    return box is not None and all(abs(a - b) < 0.01 for a, b in zip(box, expected,
                                                                       strict=True))


def overflow_finding(layout: Layout, message: str, overflow: LayoutOverflow) -> Finding:
    """At the block where room ran out, or at the edition's line when its data grew."""
    if overflow.path is not None:
        return Finding("fit", "error", message, display_path(overflow.path), overflow.line)
    block = overflow.block
    line = block.line if block is not None else layout.resource.line
    return Finding("fit", "error", message, display_path(layout.resource.path), line)
