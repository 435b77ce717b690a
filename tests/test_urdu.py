"""Urdu, built by the CLI from a copy of the content with the Urdu drafts in it.

The drafts wait in drafts/translations/ur: in Nastaliq at the design guide's sizes and
line spacing they fit the large print only (see the README). So this builds every format
the three resources declare and checks that each Urdu PDF is either built and right
(its language, its draft band on every page, lines read right to left with numbers left
to right inside them, no line's ink meeting the next line's) or named in an error that
says why it does not fit, and that the large print, which fits, is built national and in
an edition. The ink check reads the glyph boxes HarfBuzz placed, line by line, for every
Urdu passage at every size a format sets it at.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import polib
import pypdf
import pytest
from conftest import CONTENT, run_build, strip_markup
from test_languages import pdftotext
from test_rtl_pages import contains, read_right_to_left, source_words
from test_textpath import poppler_lines

from imhprint.text.layout import lay_out as lay_out_lines
from imhprint.text.layout import line_clearance, shape_paragraph
from imhprint.text.nestle import boxes, nestle

URDU = CONTENT.parent / "drafts" / "translations" / "ur"
if not URDU.is_dir():  # once it ships
    URDU = CONTENT / "translations" / "ur"
ARABIC = CONTENT / "translations" / "ar"
LEAFLETS = ("understanding-cues-and-crying", "where-to-get-help")
POSTER = "babies-cry-you-can-cope"
PDFS = {  # id: the PDFs the resource declares, as the build names them
    "understanding-cues-and-crying": [
        "leaflets/understanding-cues-and-crying", "leaflets/understanding-cues-and-crying-trifold",
        "leaflets/understanding-cues-and-crying-large-print"],
    "where-to-get-help": ["leaflets/where-to-get-help", "leaflets/where-to-get-help-trifold",
                          "leaflets/where-to-get-help-large-print"],
    POSTER: [f"posters/{POSTER}-{size}" for size in ("a4", "a3", "a2")],
}
FORMAT = {"": "leaflet-a4", "-trifold": "leaflet-trifold", "-large-print": "large-print",
          "-a4": "poster-a4", "-a3": "poster-a3", "-a2": "poster-a2"}
ENGLISH_BAND = "Draft translation: not yet checked"
# Every size the formats set Urdu text at: leaflet body (Nastaliq's 12 pt), the A4
# leaflet's headings, large print, and the posters' body and far-reading sizes.
SIZES = (12, 14, 18, 20, 28, 40, 56)


@dataclass(frozen=True)
class Build:
    output: Path
    stderr: str


def content_with_urdu(root: Path, checked: bool = False) -> Path:
    content = root / "content"
    shutil.copytree(CONTENT, content)
    shutil.copytree(URDU, content / "translations" / "ur", dirs_exist_ok=True)
    if checked:  # an edition carries checked translations only
        for po in (content / "translations" / "ur").glob("*.po"):
            text = po.read_text(encoding="utf-8")
            for field, value in (("X-Translation-State", "checked"),
                                 ("X-Checked-By", "A test, not a reader"),
                                 ("X-Checked-On", "2026-05-01")):
                line = f'"{field}: {value}\\n"'
                text = re.sub(rf'"{field}: [^"\\]*\\n"', lambda _, line=line: line, text)
            po.write_text(text, encoding="utf-8")
    return content


def build(root: Path, *args: str, checked: bool = False) -> Build:
    output = root / "output"
    result = run_build(["--content", content_with_urdu(root, checked), "--output", output,
                        "--language", "ur", "--language", "en-GB", *args])
    return Build(output, result.stderr)


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(tmp_path_factory.mktemp("urdu"))


def format_of(pdf_name: str) -> str:
    resource_id = next(r for r in PDFS if pdf_name.split("/")[1].startswith(r))
    return FORMAT[pdf_name.split("/")[1][len(resource_id):]]


def urdu_pdfs(found: Build, folder: str = "") -> list[Path]:
    """The Urdu PDFs built; each one not built is named in an error saying it does not
    fit, and leaves no file behind."""
    built = []
    for resource_id, names in PDFS.items():
        for name in names:
            pdf = found.output / folder / f"{name}.ur.pdf"
            if pdf.is_file():
                built.append(pdf)
                continue
            said = re.compile(rf"'{resource_id}' does not fit the {format_of(name)} "
                              r"format (in the '[^']+' edition )?in the Urdu translation"
                              r".*Nastaliq")
            assert said.search(found.stderr), \
                f"{pdf.name} is neither built nor named in an error\n{found.stderr}"
    return built


def test_every_urdu_format_is_built_or_named(national: Build) -> None:
    pdfs = urdu_pdfs(national)
    large_print = {f"leaflets/{r}-large-print.ur.pdf" for r in LEAFLETS}
    assert large_print <= {str(p.relative_to(national.output)) for p in pdfs}


def test_the_urdu_pdfs_say_their_language(national: Build) -> None:
    for pdf in urdu_pdfs(national):
        assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == "ur", pdf.name


def test_every_urdu_page_carries_the_draft_band(national: Build) -> None:
    own = msgstr("strings", "translation_draft")
    for pdf in urdu_pdfs(national):
        for page in range(1, len(pypdf.PdfReader(pdf).pages) + 1):
            text = pdftotext(pdf, page)
            # poppler may take the band's two halves (either side of its colon) apart
            for half in own.split(":"):
                assert letters(half) in letters(text), (pdf.name, page, half)
            assert ENGLISH_BAND in text, (pdf.name, page)


def test_urdu_lines_read_right_to_left_with_numbers_left_to_right(national: Build) -> None:
    """Each passage read line by line from the right (a number, an address or an English
    name from the left) gives back the source words in their order."""
    for resource_id in LEAFLETS:
        pdf = national.output / "leaflets" / f"{resource_id}-large-print.ur.pdf"
        pages = len(pypdf.PdfReader(pdf).pages)
        words = text_words(pdf, pages)
        english = letters(pdftotext(national.output / "leaflets" /
                                    f"{resource_id}-large-print.pdf"))
        checked = 0
        for entry in polib.pofile(str(URDU / f"{resource_id}.po")):
            if not entry.msgstr or entry.msgctxt.startswith(("cues ", "tips ", "sources")):
                continue  # cells side by side interleave their lines
            if letters(strip_markup(entry.msgid)) not in english:
                continue  # a block for other formats only (formats: [trifold])
            wanted = source_words(entry.msgstr)
            if any(ch.isdigit() for ch in entry.msgstr):
                checked += 1
            assert contains(words, wanted), (resource_id, entry.msgctxt, entry.msgstr)
        assert checked, "no passage with a number was read"


def text_words(pdf: Path, pages: int) -> list[str]:
    """The words of every page, each line read right to left, without what every page
    repeats (the draft band, the footer, the page number): a passage that runs on over a
    page break then reads on as one."""
    lines = [[read_right_to_left(line) for line in poppler_lines(pdf, page)]
             for page in range(1, pages + 1)]

    def furniture(line: list[str]) -> tuple[str, ...]:
        return tuple(w for w in line if not w.isdigit())

    repeated = set.intersection(*({furniture(line) for line in page} for page in lines))
    return [w for page in lines for line in page if furniture(line) not in repeated
            for w in line]


def test_urdu_large_print_is_built_in_an_edition_once_checked(tmp_path: Path) -> None:
    found = build(tmp_path, "--edition", "riverside", checked=True)
    pdfs = urdu_pdfs(found, "riverside")
    for resource_id in LEAFLETS:
        pdf = found.output / "riverside" / "leaflets" / f"{resource_id}-large-print.ur.pdf"
        assert pdf in pdfs, describe_missing(found)
        assert ENGLISH_BAND not in pdftotext(pdf)  # checked: no band


def describe_missing(found: Build) -> str:
    return f"not built\n{found.stderr}"


# ---- ink: a line's glyphs never meet the next line's --------------------------------------

def passages(folder: Path) -> list[str]:
    return [e.msgstr for po in sorted(folder.glob("*.po")) for e in polib.pofile(str(po))
            if e.msgstr]


def overlaps(upper: list, lower: list, drop: float) -> bool:
    """Whether a glyph box of the lower line, ``drop`` points further down, meets one of
    the upper line's."""
    return any(l0 < r1 and l1 < r0 and top - drop > bottom
               for l0, r0, bottom, _ in upper for l1, r1, _, top in lower)


@pytest.mark.parametrize("size", SIZES)
def test_no_urdu_line_inks_over_the_next(size: float) -> None:
    """Every Urdu passage, laid out as a paragraph in a leaflet column: between each line
    and the next, the glyph boxes (as HarfBuzz placed them, offsets included) keep apart,
    and the first line's top and the last line's foot stand inside the paragraph, so no
    block's ink reaches into the next block."""
    width = 480.0
    lines_seen = 0
    for text in passages(URDU):
        shaped = shape_paragraph(text, "ur", False)
        lines = lay_out_lines(shaped, size, size * 1.42, lambda _: width)
        lines = nestle(lines, [0.0] * len(lines), size, size * 1.42)
        placed = [boxes(line, size, 0.0) for line in lines]
        for index, line in enumerate(lines):
            fonts = {p.span.font for p in line.pieces}
            room = line_clearance(fonts) * size / 2
            tops = [b[3] for b in placed[index]] or [0.0]
            bottoms = [b[2] for b in placed[index]] or [0.0]
            # lines nestle (a tall word under the gap above), so only the paragraph's
            # first top and last foot are held to the line's box
            if index == 0:
                assert max(tops) + room <= line.ascent + 1e-6, (text, index)
            if index == len(lines) - 1:
                assert -min(bottoms) + room <= line.descent + 1e-6, (text, index)
            if index:
                drop = lines[index - 1].descent + line.ascent
                assert not overlaps(placed[index - 1], placed[index], drop), (text, index)
        lines_seen += len(lines)
    assert lines_seen > len(passages(URDU))  # some passages really wrap


@pytest.mark.parametrize("size", (12, 20, 40))
def test_arabic_glyphs_stand_inside_their_lines(size: float) -> None:
    """Naskh's marks reach below the style's descent; the line keeps them (and half the
    clearance) inside, taking the room from above its letters, not from the next line."""
    for text in passages(ARABIC):
        shaped = shape_paragraph(text, "ar", False)
        for line in lay_out_lines(shaped, size, size * 1.4, lambda _: 480.0):
            room = line_clearance({p.span.font for p in line.pieces}) * size / 2
            found = boxes(line, size, 0.0)
            if found:
                assert max(b[3] for b in found) + room <= line.ascent + 1e-6, text
                assert -min(b[2] for b in found) + room <= line.descent + 1e-6, text
            assert line.height <= max(size * 1.4, ink_height(found) + 2 * room) + 1e-6


def ink_height(found: list) -> float:
    return max((b[3] for b in found), default=0) - min((b[2] for b in found), default=0)


def msgstr(name: str, key: str) -> str:
    return next(e.msgstr for e in polib.pofile(str(URDU / f"{name}.po")) if e.msgctxt == key)


def letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())
