#!/usr/bin/env python3
"""How fast the build is, as ratios against a plain ReportLab leaflet timed in the same run.

    python scripts/benchmark.py [--rounds N] [--editions N] [--only FIGURE] [--scale-only]

Every figure is printed as a multiple of the time a plain ReportLab script takes to lay
out and write a comparable leaflet (``reference_leaflet`` below: two A4 pages of Andika
text, embedded, with a table, a few boxes and a footer), measured in the same run, with
its goal from issue 15 beside it. A ratio means the same on a fast or a slow machine.

The tasks are taken in turn, round after round, and each figure is the median of its
rounds; times are CPU seconds (user and system) of this process, or of the child process
for the cold runs, so other work on a shared machine skews them little. The build's
leaflet is the national "understanding-cues-and-crying", office profile unless named.
These are figures, not a test: nothing here asserts a time.

The scale figures (-j, the no-op rebuild, many editions, memory) run the real command
line and are wall-clock times: on a machine shared with other work they vary from run to
run, so the load average is printed with them. ``--editions N`` sets how many synthetic
editions (copies of the two samples, each with its own name and phone number) the
many-editions run builds; its rate is extrapolated to 10,000 PDFs. Its CPU time per PDF
(the main process and every worker) is printed too, as a multiple of the reference: that
one holds on a loaded machine, and says what rate two idle cores would give.

``--only cold`` or ``--only noop`` (repeatable) measures just the cold command line or the
no-op rebuild (the median of a few no-op runs after one full build), for quick checks.
``--scale-only`` prints only the scale figures (and times the reference for them).

``--reference-once FILE`` makes one reference leaflet and exits: the cold reference run.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from synthetic_editions import many_editions  # noqa: E402

FONTS = REPO / "assets" / "fonts" / "andika"
LEAFLET = "understanding-cues-and-crying"

# ---- the reference: a plain ReportLab two-page leaflet ----------------------------------

# Neutral words of a leaflet's length (sentences of eight to fourteen words): the reference
# times ReportLab's own work, so what the words say does not matter, only how many there are.
WORDS = [
    "you", "your", "baby", "can", "hold", "talk", "sing", "read", "smile", "rest", "calm",
    "help", "feed", "sleep", "play", "cuddle", "look", "time", "small", "moments", "every",
    "day", "family", "hub", "call", "ask", "for", "a", "and", "the", "to", "with", "of", "in",
    "is", "it", "when", "they", "them", "this", "leaflet",
]


def sentence(seed: int, length: int) -> str:
    words = [WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


def text(seed: int, sentences: int) -> str:
    return " ".join(sentence(seed + i, 8 + (seed + i) % 7) for i in range(sentences))


def register_reference_fonts() -> None:
    for name, file in (("RefAndika", "Andika-Regular.ttf"), ("RefAndika-Bold",
                                                             "Andika-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))


def reference_story() -> list:
    """What a leaflet holds: a title box, headings, paragraphs, a table, tip boxes, a
    warning box, bullets and two panels, over two pages."""
    teal, pale = colors.HexColor("#0B5563"), colors.HexColor("#E6F2F3")
    body = ParagraphStyle("body", fontName="RefAndika", fontSize=14, leading=19.9)
    small = ParagraphStyle("small", parent=body, fontSize=13, leading=18.5)
    bold = ParagraphStyle("bold", parent=small, fontName="RefAndika-Bold")
    heading = ParagraphStyle("heading", parent=body, fontName="RefAndika-Bold", fontSize=20,
                             leading=24, textColor=teal, spaceBefore=10, spaceAfter=4)
    title = ParagraphStyle("title", parent=heading, fontSize=34, leading=38)

    def grid(cells: list, **options: object) -> Table:
        table = Table(cells, **options)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "RefAndika")]))
        return table

    def boxed(flowables: list, ground: colors.Color, width: float) -> Table:
        table = grid([[flowables]], colWidths=[width])
        table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), ground),
                                   ("BOX", (0, 0), (-1, -1), 1, teal),
                                   ("PADDING", (0, 0), (-1, -1), 8)]))
        return table

    width = A4[0] - 36 * mm
    rows = [[Paragraph(text(10 + r, 1)[:40], small), Paragraph(text(20 + r, 1)[:30], bold),
             Paragraph(text(30 + r, 1)[:36], small)] for r in range(6)]
    table = grid([[Paragraph(h, bold) for h in ("Column one", "Column two", "Column three")],
                   *rows], colWidths=[width * 0.36, width * 0.3, width * 0.34], repeatRows=1)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), teal),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.lightgrey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    tips = grid([[boxed([Paragraph(text(40 + 2 * r + c, 1), small)], pale, width / 2 - 8)
                   for c in range(2)] for r in range(2)])
    bullets = ListFlowable([ListItem(Paragraph(sentence(50 + i, 10), small))
                            for i in range(7)], bulletType="bullet",
                           bulletFontName="RefAndika")
    panels = grid([[boxed([Paragraph(text(60, 2), small)], colors.white, width / 2 - 8),
                     boxed([Paragraph(text(62, 2), small)], pale, width / 2 - 8)]])
    return [
        boxed([Paragraph("A leaflet to time ReportLab", title),
               Paragraph(text(1, 3), body)], pale, width),
        Paragraph("Reading the table", heading), table,
        Paragraph("A second heading", heading), Paragraph(text(3, 6), body),
        PageBreak(),
        tips, Spacer(1, 8),
        boxed([Paragraph("A warning box", heading), Paragraph(text(5, 3), small)],
              colors.HexColor("#FBE9E7"), width),
        Paragraph("A list of points", heading), bullets,
        KeepTogether([Spacer(1, 10), panels]),
    ]


def reference_footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont("RefAndika", 11)
    canvas.drawString(18 * mm, 12 * mm, "Published by a plain ReportLab script")
    canvas.drawRightString(A4[0] - 18 * mm, 12 * mm, f"Page {doc.page} of 2")
    canvas.restoreState()


def reference_leaflet(target: Path) -> None:
    """Lay out and write the reference leaflet (fonts registered once, as a warm build)."""
    register_reference_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=15 * mm, bottomMargin=20 * mm, pageCompression=1,
                            invariant=1, title="Reference leaflet",
                            initialFontName="RefAndika")
    doc.build(reference_story(), onFirstPage=reference_footer, onLaterPages=reference_footer)
    target.write_bytes(buffer.getvalue())


# ---- timing -------------------------------------------------------------------------------

def cpu_seconds() -> float:
    return time.process_time()


def measure(tasks: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median CPU seconds of each task, taken in turn round after round (after one round
    of warming up, so caches, fonts and imports are ready, as in a build)."""
    for task in tasks.values():
        task()
    samples: dict[str, list[float]] = {name: [] for name in tasks}
    for _ in range(rounds):
        for name, task in tasks.items():
            started = cpu_seconds()
            task()
            samples[name].append(cpu_seconds() - started)
    return {name: statistics.median(values) for name, values in samples.items()}


def child_cpu_seconds(command: list[str], env: dict[str, str] | None = None) -> float:
    """CPU seconds a child process takes from start to exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   cwd=REPO, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def exit_seconds(command: list[str]) -> float:
    """Wall seconds from a child's last line of output to its exit: the interpreter's
    shutdown (unbuffered, so the line arrives when it is printed)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          cwd=REPO, env=env) as process:
        last = time.perf_counter()
        for _line in process.stdout:
            last = time.perf_counter()
        process.wait()
    return time.perf_counter() - last


# ---- what is measured ---------------------------------------------------------------------

class Pipeline:
    """One leaflet through the build's stages, as build.py runs them, in one profile."""

    def __init__(self, profile: str, output: Path) -> None:
        import datetime as dt

        from imhprint import flowables, pdfcheck, preflight, readability
        from imhprint.content import load_content
        from imhprint.profiles import PROFILES
        from imhprint.writer import Writer
        from layouts import BuildEnv, layouts_for

        self.pdfcheck, self.preflight, self.readability = pdfcheck, preflight, readability
        self.flowables = flowables
        content, _ = load_content(REPO / "content", REPO / "assets")
        self.env = BuildEnv(content.services_for(None), content.strings, REPO / "assets",
                            None, content.palette_for(None), PROFILES[profile],
                            settings=content.settings)
        self.resource = next(r for r in content.buildable() if r.id == LEAFLET)
        self.layout_class = type(layouts_for(self.resource, self.env)[0])  # the A4 leaflet
        self.today = dt.date(2026, 6, 1)
        self.writer = Writer(output / profile)
        self.target = self.writer.claim(self.layout().output_path(), "the benchmark")
        self.pdf = self.layout().render()

    def layout(self):
        return self.layout_class(self.resource, self.env)

    def content_checks(self) -> None:
        # Each round reads the leaflet's words as if for the first time: a word's syllables
        # are remembered for the rest of a run, which would flatter one leaflet built again
        # and again (a real build gains from it only for words leaflets share).
        self.readability.count_syllables.cache_clear()
        self.preflight.check_resource(self.resource, self.env.services, None, self.today)

    def preflight_alone(self) -> None:
        layout = self.layout()
        with self.pdfcheck.PdfFacts(self.pdf) as facts:
            self.preflight.check_output(layout, facts)

    def colour_check(self) -> None:
        with self.pdfcheck.PdfFacts(self.pdf) as facts:
            _ = facts.colour_operators, facts.image_colour_spaces

    def whole(self, check: bool = True) -> None:
        """Content checks, layout, PDF preflight (unless check is False), atomic write."""
        # the leaflet's paragraphs are parsed as in a first build: parsed markup is
        # remembered for the rest of a run (imhprint.flowables), which would flatter it
        self.flowables.forget_parsed_markup()
        self.content_checks()
        layout = self.layout()
        pdf = layout.render()
        if check:
            with self.pdfcheck.PdfFacts(pdf) as facts:
                _ = facts.pages
                self.preflight.check_output(layout, facts)
        self.writer.write(self.target, pdf)


def catalogue_build(output: Path) -> tuple[float, int]:
    """CPU seconds to build the national edition for the office printer, one process."""
    from imhprint.build import QUIET, BuildOptions, build

    options = BuildOptions(content_dir=REPO / "content", output_dir=output,
                           verbosity=QUIET, jobs=1, cache_dir=output / "cache")
    started = cpu_seconds()
    build(options, out=io.StringIO(), err=io.StringIO())
    return cpu_seconds() - started, len(list(output.rglob("*.pdf")))


def wall_build(args: list[str], output: Path, cache: Path) -> tuple[float, int, str]:
    """Wall seconds of one command-line build into ``output``, how many leaflets and
    posters it wrote (those whose files are newer than its start), and its last line."""
    command = [sys.executable, "build_pdfs.py", "--cache", str(cache), "--output",
               str(output), *args]
    started_at = time.time()
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    written = sum(1 for path in output.rglob("*.pdf")
                  if path.parent.name in ("leaflets", "posters")
                  and path.stat().st_mtime >= started_at)
    lines = result.stdout.strip().splitlines()
    return seconds, written, lines[-2] if len(lines) > 1 else result.stderr[-200:]


@dataclass(frozen=True)
class BuildProbe:
    """One build's peak RSS (MB) and CPU seconds, of the main process and its workers."""

    main_mb: float = 0.0
    worker_mb: float = 0.0  # the largest worker
    main_cpu: float = 0.0
    workers_cpu: float = 0.0  # all workers together


def probe_build(args: list[str], cache: Path) -> BuildProbe:
    """Peak memory and CPU time of one build: CPU, unlike the wall clock, means the same
    on a loaded machine."""
    probe = ("import resource, sys\n"
             f"sys.path.insert(0, {str(REPO)!r})\n"
             "import build_pdfs\n"
             "build_pdfs.main(sys.argv[1:])\n"
             "me = resource.getrusage(resource.RUSAGE_SELF)\n"
             "workers = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
             "print('RSS', me.ru_maxrss, workers.ru_maxrss, 'CPU',"
             " me.ru_utime + me.ru_stime, workers.ru_utime + workers.ru_stime)\n")
    result = subprocess.run([sys.executable, "-c", probe, "--cache", str(cache), *args],
                            cwd=REPO, capture_output=True, text=True)
    match = re.search(r"RSS (\d+) (\d+) CPU ([\d.]+) ([\d.]+)", result.stdout)
    if not match:
        return BuildProbe()
    return BuildProbe(int(match[1]) / 1024, int(match[2]) / 1024, float(match[3]),
                      float(match[4]))


def load_average() -> str:
    try:
        return ", ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def scale_figures(work: Path, editions: int, ref: float) -> list[tuple]:
    """-j 2 against -j 1, the no-op rebuild, many editions and memory, on the command line."""
    cache = work / "scale-cache"
    national = ["--content", str(REPO / "content"), "-q"]
    one, built_one, _ = wall_build([*national, "-j", "1"], work / "j1", cache)
    two, built_two, _ = wall_build([*national, "-j", "2"], work / "j2", cache)
    noop, rebuilt, _ = wall_build([*national, "-j", "2"], work / "j2", cache)
    _, _, noop_line = wall_build(national[:-1], work / "j2", cache)
    small, large = max(2, editions // 4), editions
    memory = {}
    for count in (small, large):
        content = many_editions(REPO / "content", work, count)
        args = ["--content", str(content), "--edition", "all", "-q", "-j", "2"]
        if count == large:
            big, big_pdfs, _ = wall_build(args, work / f"e{count}", cache)
        memory[count] = probe_build([*args, "--output", str(work / f"m{count}")], cache)
    rate = big_pdfs / big if big else 0.0
    per_ref = 1 / ref
    probed = memory[large]
    per_pdf = (probed.main_cpu + probed.workers_cpu) / big_pdfs if big_pdfs else 0.0
    return [
        ("national catalogue, -j 1 (wall)", f"{built_one / one:.1f}/s", "",
         f"{built_one} PDFs in {one:.1f} s; reference {per_ref:.0f} leaflets/s per core"),
        ("national catalogue, -j 2 (wall)", f"{built_two / two:.1f}/s", "",
         f"{built_two} PDFs in {two:.1f} s"),
        ("  -j 2 speed-up over -j 1", one / two, ">= 1.8x", f"load average {load_average()}"),
        ("no-op rebuild of the catalogue (wall)", f"{noop:.2f} s", "<= 0.5 s",
         f"{rebuilt} PDFs written; says: {noop_line}"),
        (f"{large} editions, --edition all -j 2 (wall)", f"{rate:.1f}/s", ">= 150/s",
         f"{big_pdfs} PDFs in {big:.0f} s"),
        ("  10,000 PDFs at that rate", f"{10000 / rate / 60:.1f} min" if rate else "-",
         "<= 2 min", "extrapolated"),
        (f"{large} editions, CPU per PDF", per_pdf / ref, "",
         f"{1000 * per_pdf:.0f} ms: main {1000 * probed.main_cpu / big_pdfs:.0f} + workers "
         f"{1000 * probed.workers_cpu / big_pdfs:.0f}; 2 idle cores: "
         f"{2 / per_pdf:.0f}/s" if per_pdf else "-"),
        ("peak RSS, main / largest worker", f"{probed.main_mb:.0f}/{probed.worker_mb:.0f} MB",
         "flat", f"{memory[small].main_mb:.0f}/{memory[small].worker_mb:.0f} MB with "
         f"{small} editions"),
    ]


def noop_figure(work: Path, rounds: int) -> tuple:
    """The no-op rebuild alone: one full build, then the median wall time of a few runs
    that find everything up to date."""
    cache = work / "noop-cache"
    national = ["--content", str(REPO / "content"), "-q"]
    wall_build(national, work / "noop", cache)
    runs = [wall_build(national, work / "noop", cache) for _ in range(max(3, rounds // 3))]
    _, _, line = wall_build(national[:-1], work / "noop", cache)
    seconds = statistics.median(run[0] for run in runs)
    return ("no-op rebuild of the catalogue (wall)", f"{seconds:.2f} s", "<= 0.5 s",
            f"{max(run[1] for run in runs)} PDFs written; says: {line}")


def cold_figures(work: Path, rounds: int) -> tuple[list[tuple], float]:
    """A one-leaflet command line as a cold process, against a cold reference process;
    and the reference's CPU seconds."""
    content = one_leaflet_content(work)
    cli = [sys.executable, "build_pdfs.py", "--content", str(content), "--output",
           str(work / "cold"), "--only", LEAFLET, "--language", "en-GB", "--force", "--cache",
           str(work / "cold-cache"), "-q"]
    cold_ref = [sys.executable, str(Path(__file__).resolve()), "--reference-once",
                str(work / "cold-reference.pdf")]
    cold_runs = max(3, rounds // 3)
    cold = statistics.median(child_cpu_seconds(cli) for _ in range(cold_runs))
    cold_reference = statistics.median(child_cpu_seconds(cold_ref) for _ in range(cold_runs))
    exits = statistics.median(exit_seconds(cli[:-1]) for _ in range(cold_runs))
    reference_exit = statistics.median(exit_seconds(cold_ref) for _ in range(cold_runs))
    return [
        ("cold command line, one A4 leaflet", cold / cold_reference, "close to 1x",
         f"{1000 * cold:.0f} ms vs {1000 * cold_reference:.0f} ms, a cold reference process"),
        ("  interpreter exit after the build (wall)", exits / reference_exit, "",
         f"{1000 * exits:.0f} ms vs {1000 * reference_exit:.0f} ms"),
    ], cold_reference


def one_leaflet_content(folder: Path) -> Path:
    """A copy of the content in which the leaflet is made in its A4 format only (its
    blocks for the tri-fold alone left out), so a cold run makes the same one leaflet as
    the reference."""
    content = folder / "content"
    shutil.copytree(REPO / "content", content)
    for path in (content / "leaflets").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if re.search(rf"^id: {LEAFLET}$", text, re.M):
            text = re.sub(r"^formats: .*$", "formats: [a4]", text, flags=re.M)
            head, blocks = text.split("\nblocks:\n", 1)
            chunks = re.split(r"(?m)^(?=  - )", blocks)
            kept = [c for c in chunks if not re.search(r"^    formats: \[trifold\]", c, re.M)]
            path.write_text(f"{head}\nblocks:\n{''.join(kept)}", encoding="utf-8")
    return content


# ---- the report -----------------------------------------------------------------------------

def row(name: str, ratio: float | str, goal: str = "", note: str = "") -> None:
    shown = f"{ratio:.2f}x" if isinstance(ratio, float) else ratio
    print(f"  {name:<44}{shown:>18}   {goal:<16}{note}")


def only_figures(names: list[str], rounds: int) -> None:
    """``--only``: the figures named, without the rest of the run."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        rows = [*(cold_figures(work, rounds)[0] if "cold" in names else []),
                *([noop_figure(work, rounds)] if "noop" in names else [])]
    print(f"  {'figure':<44}{'ratio':>18}   {'goal':<16}note")
    for figure in rows:
        row(*figure)
    print(f"\nload average {load_average()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="rounds per figure (15)")
    parser.add_argument("--editions", type=int, default=40,
                        help="synthetic editions for the many-editions run (40)")
    parser.add_argument("--scale-only", action="store_true",
                        help="only the scale figures (-j, no-op rebuild, editions, memory)")
    parser.add_argument("--reference-once", type=Path, metavar="FILE",
                        help="make one reference leaflet into FILE and exit")
    parser.add_argument("--only", action="append", choices=("cold", "noop"), default=[],
                        metavar="FIGURE",
                        help="measure only this figure, cold or noop (repeatable)")
    args = parser.parse_args()
    if args.reference_once:
        reference_leaflet(args.reference_once)
        print("reference leaflet written")
        return
    if args.only:
        only_figures(args.only, args.rounds)
        return

    if args.scale_only:
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            ref = measure({"reference": lambda: reference_leaflet(work / "reference.pdf")},
                          args.rounds)["reference"]
            scale = scale_figures(work, args.editions, ref)
        print(f"Reference: a plain ReportLab two-page A4 leaflet takes {1000 * ref:.0f} ms "
              f"(CPU, median of {args.rounds}).\n")
        print(f"  {'figure':<44}{'ratio':>18}   {'goal':<16}note")
        for figure in scale:
            row(*figure)
        return

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        reference_pdf = work / "reference.pdf"
        office, press = Pipeline("office", work / "out"), Pipeline("press", work / "out")
        times = measure({
            "reference": lambda: reference_leaflet(reference_pdf),
            "whole": office.whole,
            "no preflight": lambda: office.whole(check=False),
            "preflight": office.preflight_alone,
            "content checks": office.content_checks,
            "press whole": press.whole,
            "press preflight": press.preflight_alone,
            "press colour": press.colour_check,
        }, args.rounds)
        ref = times["reference"]
        catalogue_seconds, catalogue_pdfs = catalogue_build(work / "catalogue")

        cold_rows, cold_reference = cold_figures(work, args.rounds)
        scale = scale_figures(work, args.editions, ref)

    print(f"Reference: a plain ReportLab two-page A4 leaflet takes {1000 * ref:.0f} ms "
          f"(CPU, median of {args.rounds}); cold, as its own process, "
          f"{1000 * cold_reference:.0f} ms.")
    print("Every figure below is a multiple of that reference time.\n")
    print(f"  {'figure':<44}{'ratio':>18}   {'goal':<16}note")
    per_pdf = catalogue_seconds / catalogue_pdfs

    def timed(figure: str, task: str, goal: str = "", share: bool = False) -> tuple:
        note = (f"{100 * times[task] / times['press whole']:.0f} % of the press build"
                if share else f"{1000 * times[task]:.1f} ms")
        return figure, times[task] / ref, goal, note

    rows = [  # figure, ratio to the reference, goal, note
        timed("one A4 leaflet, warm, whole pipeline", "whole", "<= 1.25x"),
        timed("  the same without the PDF preflight", "no preflight"),
        timed("  PDF preflight alone", "preflight"),
        timed("  content checks alone (reading age, dates)", "content checks"),
        timed("one A4 leaflet for the press, whole pipeline", "press whole"),
        timed("  press preflight alone", "press preflight", share=True),
        timed("  press colour check alone", "press colour", share=True),
        ("national catalogue, time per PDF", per_pdf / ref, "",
         f"{catalogue_pdfs} PDFs, {catalogue_pdfs / catalogue_seconds:.1f} PDFs/s "
         f"(reference {1 / ref:.1f} leaflets/s)"),
        *cold_rows,
        *scale,
    ]
    for figure in rows:
        row(*figure)
    print(f"\npeak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
