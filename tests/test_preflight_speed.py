"""The cheap preflight finds what each rule promises, no more and no less.

The PDF preflight reads each file once (``pdfcheck.PdfFacts``) and takes shortcuts: text
from pdfium's text objects, not character by character; a page rendered for the edge
check only when a drawn object comes near the edge; colour operators from a tokenizer,
not a full parse. Two kinds of test hold it to the rules:

- small PDFs drawn with ReportLab to break one rule each (and twins that keep to it, some
  made to tempt a shortcut: white paint at the edge, a stroke that only its width takes
  into the margin, "1 0 0 rg" inside a string), with the findings each must give;
- the real content, national and every edition, office and press: every PDF passes, and
  every fact the shortcuts read agrees with an independent reading of the same file
  (pdfium's text page, a full render, pypdf's content parser, pdfplumber's characters).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2
import pytest
from conftest import BASE_LEAFLET, CONTENT, REPO, describe, run_build, write_content
from PIL import Image
from pypdf.generic import ContentStream
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from imhprint import pdfcheck, preflight
from imhprint.content import load_content
from imhprint.press import finish_pdf
from imhprint.profiles import PROFILES
from layouts import BuildEnv, Layout, layouts_for

PDF_CHECKS = ("fonts", "text size", "print")


# ---- small PDFs that break one rule each ---------------------------------------------------

@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Layout]:
    """The A4 leaflet layout of a one-leaflet tree, for the office and for the press."""
    content_dir = write_content(tmp_path_factory.mktemp("speed"), {"one.yaml": BASE_LEAFLET})
    assets = REPO / "assets"
    content, diags = load_content(content_dir, assets)
    assert not diags.items, diags.items
    found = {}
    for profile in ("office", "press"):
        env = BuildEnv(content.services_for(None), content.strings, assets, None,
                       content.palette_for(None), PROFILES[profile])
        found[profile] = layouts_for(content.resources[0], env)[0]
    return found


Draw = Callable[[Canvas, Layout], None]


def sheet(layout: Layout, draw: Draw, press_ready: bool = False) -> bytes:
    """One page drawn by draw, in points from the trim corner, on the sheet the layout's
    profile makes, finished as a build finishes it (for press: PDF/X); press_ready gives
    it TrimBox, BleedBox and CMYK black."""
    offset = layout.profile.mark_offset
    width, height = layout.pagesize
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width + 2 * offset, height + 2 * offset),
                    initialFontName=layout.fonts.regular)
    if press_ready:
        bleed = layout.profile.bleed
        canvas.setTrimBox((offset, offset, offset + width, offset + height))
        canvas.setBleedBox((offset - bleed, offset - bleed, offset + width + bleed,
                            offset + height + bleed))
        canvas.setFillColorCMYK(0, 0, 0, 1)
        canvas.setStrokeColorCMYK(0, 0, 0, 1)
    else:
        canvas.setFillColorRGB(0.1, 0.1, 0.1)
    canvas.translate(offset, offset)
    canvas.setFont(layout.fonts.regular, 14)
    draw(canvas, layout)
    canvas.showPage()
    canvas.save()
    return finish_pdf(buffer.getvalue(), press=layout.profile.cmyk)


def words(at: tuple[float, float], size: float = 14, font: str | None = None,
          text: str = "Words for the test") -> Draw:
    def draw(c: Canvas, layout: Layout) -> None:
        c.setFont(font or layout.fonts.regular, size)
        c.drawString(*at, text)
    return draw


def box(x: float, y: float, w: float, h: float, grey: float = 0.1) -> Draw:
    def draw(c: Canvas, layout: Layout) -> None:
        c.setFillColorRGB(grey, grey, grey)
        c.rect(x, y, w, h, stroke=0, fill=1)
    return draw


def both(*draws: Draw) -> Draw:
    def draw(c: Canvas, layout: Layout) -> None:
        for part in draws:
            part(c, layout)
    return draw


def scaled_words(c: Canvas, layout: Layout) -> None:
    c.scale(0.5, 0.5)
    c.setFont(layout.fonts.regular, 20)
    c.drawString(400, 800, "Half size words")


def small_words_in_a_form(c: Canvas, layout: Layout) -> None:
    c.beginForm("label")
    c.setFont(layout.fonts.regular, 16)
    c.drawString(0, 0, "Words in a form")
    c.endForm()
    c.saveState()
    c.translate(200, 400)
    c.scale(0.5, 0.5)
    c.doForm("label")
    c.restoreState()


def tiny_spaces(c: Canvas, layout: Layout) -> None:
    """Spaces print nothing, so however small they are, no one has to read them."""
    c.setFont(layout.fonts.regular, 4)
    c.drawString(200, 300, "      ")
    words((200, 400))(c, layout)


def thick_stroke(c: Canvas, layout: Layout) -> None:
    """A line 10 mm in from the edge, stroked 16 mm wide: only the stroke reaches the edge."""
    c.setLineWidth(16 * mm)
    c.line(10 * mm, 300, 10 * mm, 500)


def picture_at_the_edge(c: Canvas, layout: Layout) -> None:
    c.drawImage(ImageReader(Image.new("RGB", (8, 8), (200, 30, 60))), 200, 0, 40, 40)


def form_at_the_edge(c: Canvas, layout: Layout) -> None:
    c.beginForm("mark")
    c.rect(0, 0, 30, 30, stroke=0, fill=1)
    c.endForm()
    c.saveState()
    c.translate(layout.pagesize[0] - 32, 400)  # 2 pt from the right edge
    c.doForm("mark")
    c.restoreState()


def rgb_picture(c: Canvas, layout: Layout) -> None:
    c.drawImage(ImageReader(Image.new("RGB", (8, 8), (200, 30, 60))), 200, 300, 40, 40)


def rgb_inline_picture(c: Canvas, layout: Layout) -> None:
    c.drawInlineImage(Image.new("RGB", (4, 4), (0, 128, 255)), 200, 300, 36, 36)


def rgb_only_in_a_form(c: Canvas, layout: Layout) -> None:
    c.beginForm("swatch")
    c.setStrokeColorRGB(1, 0, 0)
    c.rect(0, 0, 10, 10, stroke=1, fill=0)
    c.endForm()
    c.doForm("swatch")


def operators_in_strings_and_comments(c: Canvas, layout: Layout) -> None:
    """Text and comments that spell colour operators are not colour operators."""
    c.drawString(100, 400, "1 0 0 rg (nested (brackets) and 0 g) 1 0 0 RG \\ back")
    c.addLiteral("% 0 0 1 rg: a comment is not drawn")
    c.addLiteral("/Span <</Alt (0 0 1 rg) /Role /RG>> BDC EMC")  # names and strings


@dataclass(frozen=True)
class Case:
    profile: str
    draw: Draw
    expected: tuple[tuple[str, str], ...]  # (check, words the message holds), one a finding
    press_ready: bool = False


EDGE = "within 6 mm"
CASES = {
    # fonts and text size, on what is printed however it is drawn
    "helvetica is not embedded": Case("office", words((200, 400), font="Helvetica"),
                                      (("fonts", "'Helvetica'"),)),
    "6 pt text is too small": Case("office", words((200, 400), size=6),
                                   (("text size", '("Words for the test") is 6.0 pt'),)),
    "20 pt text at half scale is 10 pt": Case("office", scaled_words,
                                              (("text size", "is 10.0 pt"),)),
    "small text inside a form is read": Case("office", small_words_in_a_form,
                                             (("text size", '("Words in a form") is 8.0'),)),
    "tiny spaces are not text": Case("office", tiny_spaces, ()),
    "text at the minimum size": Case("office", words((200, 400), size=11), ()),
    # office edges: any ink within 6 mm of the sheet's edge, and only ink
    "a box 3 mm from the left": Case("office", box(3 * mm, 300, 50, 50),
                                     (("print", f"{EDGE} of the left edge"),)),
    "boxes in two corners": Case("office", both(box(0, 0, 40, 40), box(555, 802, 40, 40)),
                                 (("print", "top, right, bottom, left edge"),)),
    "a box on the 6 mm line": Case("office", box(6 * mm, 6 * mm, 100, 100), ()),
    "white paint at the edge is paper": Case("office", box(0, 0, 300, 300, grey=1.0), ()),
    "a stroke that reaches the edge": Case("office", thick_stroke,
                                           (("print", f"{EDGE} of the left edge"),)),
    "a picture at the edge": Case("office", picture_at_the_edge,
                                  (("print", f"{EDGE} of the bottom edge"),)),
    "a form drawn at the edge": Case("office", form_at_the_edge,
                                     (("print", f"{EDGE} of the right edge"),)),
    "text at the edge": Case("office", words((200, 1 * mm)), (
        ("print", f"{EDGE} of the bottom edge"),
        ("print", '("Words for the test") is less than 6 mm inside'))),
    "a box off the sheet is never printed": Case("office", box(-200, -200, 100, 100), ()),
    # press: boxes, CMYK only, text 5 mm inside the trim
    "an RGB file without boxes": Case("press", words((2 * mm, 400)), (
        ("print", "TrimBox"), ("print", "not CMYK (rg)"),
        ("print", "less than 5 mm inside"))),
    "a press-ready file": Case("press", words((6 * mm, 400)), (), press_ready=True),
    "an RGB picture": Case("press", rgb_picture, (("print", "not CMYK (/DeviceRGB"),),
                           press_ready=True),
    "an RGB inline picture": Case("press", rgb_inline_picture,
                                  (("print", "not CMYK (/DeviceRGB)"),), press_ready=True),
    "RGB only inside a form": Case("press", rgb_only_in_a_form,
                                   (("print", "not CMYK (RG)"),), press_ready=True),
    "operators spelt in strings": Case("press", operators_in_strings_and_comments, (),
                                       press_ready=True),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_rule_gives_its_findings_and_no_others(layouts: dict[str, Layout],
                                                    name: str) -> None:
    case = CASES[name]
    layout = layouts[case.profile]
    # less the access check's: these hand-made sheets are untagged on purpose
    findings = [f for f in preflight.check_output(layout, sheet(layout, case.draw,
                                                                case.press_ready))
                if f.check != "access"]
    assert len(findings) == len(case.expected), findings
    for check, wording in case.expected:
        assert [f for f in findings if f.check == check and f.level == "error"
                and wording in f.message], (wording, findings)


def test_facts_read_once_serve_every_rule_and_the_page_count(layouts: dict[str, Layout]
                                                             ) -> None:
    """One PdfFacts gives the same findings as the PDF itself, and the build's page count."""
    layout = layouts["press"]
    pdf = sheet(layout, words((2 * mm, 400)))
    with pdfcheck.PdfFacts(pdf) as facts:
        assert facts.pages == 1 == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        from_facts = preflight.check_output(layout, facts)
    assert from_facts == preflight.check_output(layout, pdf)
    assert len([f for f in from_facts if f.check != "access"]) == 3


def test_only_runs_below_the_limit_count_as_too_small(layouts: dict[str, Layout]) -> None:
    layout = layouts["office"]
    pdf = sheet(layout, both(words((100, 500), size=9, text="Nine"),
                             words((100, 400), size=7, text="Seven"),
                             words((100, 300), size=7, text="Also seven")))
    with pdfcheck.PdfFacts(pdf) as facts:
        assert facts.smallest_text(below=7) is None
        smallest = facts.smallest_text(below=11)
        assert (smallest.text, smallest.size) == ("Seven", pytest.approx(7))  # the first
        assert [r.text for r in facts.text_runs] == ["Nine", "Seven", "Also seven"]
        assert facts.text_outside((0, 350, 600, 842)) == [facts.text_runs[2]]


# ---- the real content ----------------------------------------------------------------------

@dataclass
class Shipped:
    folders: dict[str, Path]  # "office" / "press" -> the output folder of that build

    def reports(self) -> list[Path]:
        return sorted(p for folder in self.folders.values()
                      for p in folder.rglob("preflight.json"))

    def pdfs(self, profile: str) -> list[Path]:
        """The leaflets and posters (not the sources page: a sheet of the build's own, not
        a resource, read in tests/test_governance.py)."""
        return sorted(p for p in self.folders[profile].rglob("*.pdf")
                      if p.parent.name in ("leaflets", "posters"))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Shipped:
    """The real content, national and every edition, for the office and for the press."""
    root = tmp_path_factory.mktemp("shipped")
    folders = {}
    for profile in ("office", "press"):
        folders[profile] = root / profile
        for edition in ([], ["--edition", "all"]):
            result = run_build(["--content", CONTENT, "--output", folders[profile],
                                "--profile", profile, *edition])
            assert result.returncode == 0, describe(result)
    return Shipped(folders)


def test_every_shipped_pdf_passes_every_pdf_rule(shipped: Shipped) -> None:
    reports = shipped.reports()
    assert len(reports) == 6  # national and two editions, office and press
    outputs = 0
    for path in reports:
        for entry in json.loads(path.read_text(encoding="utf-8"))["resources"]:
            for check in PDF_CHECKS:
                assert entry["checks"][check] == "ok", (path, entry["id"], check)
            assert not [f for f in entry["findings"] if f["check"] in PDF_CHECKS], entry
            assert all(o["written"] and o["pages"] >= 1 for o in entry["outputs"]), entry
            outputs += len(entry["outputs"])
    assert outputs == len(shipped.pdfs("office")) + len(shipped.pdfs("press")) >= 80


def sample(shipped: Shipped, profile: str) -> list[Path]:
    """A leaflet, a tri-fold and a poster of each size, national and local."""
    pattern = re.compile(r"(understanding-cues-and-crying(-trifold)?|read-my-cues-a[234])\.pdf")
    found = [p for p in shipped.pdfs(profile) if pattern.fullmatch(p.name)]
    assert len(found) == 15, found  # five files, in three editions
    return found


def pdfium_page_texts(pdf: Path) -> list[str]:
    """The characters of each page as pdfium's text page reads them, spaces removed."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(re.sub(r"\s", "", textpage.get_text_range()))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


@pytest.mark.parametrize("profile", ["office", "press"])
def test_text_runs_hold_every_character_the_page_has(shipped: Shipped, profile: str) -> None:
    """No text escapes the size and safe-area rules: the runs, put together, are exactly
    the text pdfium's text page finds, page by page and in order."""
    for pdf in sample(shipped, profile):
        with pdfcheck.PdfFacts(pdf.read_bytes()) as facts:
            runs = facts.text_runs
            pages = facts.pages
        from_runs = ["".join(re.sub(r"\s", "", r.text) for r in runs if r.page == n)
                     for n in range(1, pages + 1)]
        assert from_runs == pdfium_page_texts(pdf), pdf.name


@pytest.mark.parametrize("profile", ["office", "press"])
def test_printed_sizes_agree_with_pdfplumber(shipped: Shipped, profile: str) -> None:
    """Each run's size is the one its characters print at (pdfplumber reads size from the
    text matrix itself), and the smallest is no smaller than the format allows."""
    for pdf in sample(shipped, profile)[:5]:
        with pdfcheck.PdfFacts(pdf.read_bytes()) as facts:
            sizes = {(r.page, round(r.size, 1)) for r in facts.text_runs}
            smallest = facts.smallest_text()
        with pdfplumber.open(pdf) as document:
            printed = {(page.page_number, round(char["size"], 1)) for page in document.pages
                       for char in page.chars if char["text"].strip()}
        assert sizes == printed, pdf.name
        assert smallest is not None and smallest.size >= 11 - 0.05, pdf.name


def inked_edges_by_render(pdf: Path, margin: float) -> list[tuple[int, list[str]]]:
    """Every page rendered whole at one pixel a point, and any pixel darker than paper
    within margin (less two pixels, for anti-aliasing) of an edge named."""
    found = []
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for number, page in enumerate(document, start=1):
            image = page.render(scale=1, may_draw_forms=False).to_pil().convert("L")
            width, height = image.size
            band = int(margin) - 2
            strips = {"top": (0, 0, width, band), "right": (width - band, 0, width, height),
                      "bottom": (0, height - band, width, height), "left": (0, 0, band, height)}
            edges = [edge for edge, strip in strips.items()
                     if image.crop(strip).getextrema()[0] < pdfcheck.WHITE_THRESHOLD]
            if edges:
                found.append((number, edges))
            page.close()
    finally:
        document.close()
    return found


def test_no_shipped_office_pdf_has_ink_near_the_edge_by_a_full_render(shipped: Shipped) -> None:
    """The edge check may skip rendering a page: a full render of every page agrees."""
    pdfs = shipped.pdfs("office")
    assert len(pdfs) >= 40
    margin = PROFILES["office"].edge_clear
    for pdf in pdfs:
        with pdfcheck.PdfFacts(pdf.read_bytes()) as facts:
            assert facts.ink_near_edges(margin) == [], pdf.name
        assert inked_edges_by_render(pdf, margin) == [], pdf.name


def test_the_render_agrees_on_the_edge_fixtures(layouts: dict[str, Layout],
                                                tmp_path: Path) -> None:
    """And on the fixtures: the pages the bounds rule out have no ink by a full render."""
    layout = layouts["office"]
    margin = layout.profile.edge_clear
    for name, case in CASES.items():
        if case.profile != "office":
            continue
        path = tmp_path / "case.pdf"
        path.write_bytes(sheet(layout, case.draw))
        with pdfcheck.PdfFacts(path.read_bytes()) as facts:
            flagged = [page for page, _edges in facts.ink_near_edges(margin)]
        assert flagged == [page for page, _edges in inked_edges_by_render(path, margin)], name


def operators_by_pypdf(pdf: Path) -> set[str]:
    """Every operator of every page and form, by pypdf's full content-stream parser."""
    reader = pypdf.PdfReader(pdf)
    found: set[str] = set()
    seen: set[int] = set()

    def walk(content: ContentStream | None, resources: object) -> None:
        if content is not None:
            found.update(operator.decode("latin-1") for _, operator in content.operations)
        for xobject in (resources or {}).get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
                seen.add(id(xobject))
                walk(ContentStream(xobject, reader), xobject.get("/Resources", resources))

    for page in reader.pages:
        walk(page.get_contents(), page.get("/Resources"))
    return found


def test_colour_operators_agree_with_pypdfs_parser(shipped: Shipped) -> None:
    press = shipped.pdfs("press")
    for pdf in [*sample(shipped, "office")[:5], *press]:
        with pdfcheck.PdfFacts(pdf.read_bytes()) as facts:
            operators = facts.colour_operators
        assert operators == operators_by_pypdf(pdf) & pdfcheck.COLOUR_OPERATORS, pdf.name
        if pdf in press:
            assert operators <= {"k", "K"}, pdf.name  # the press files are CMYK only
