"""Urdu leaflets, built by the CLI (national, and in an edition once checked).

Every Urdu leaflet PDF (the A4 leaflet, four pages in Nastaliq; the tri-fold; the large
print) is checked built and right: its language, the compact draft band on every page in
both languages, lines read right to left with numbers left to right inside them, its text
the source's, HarfBuzz's glyphs, and the A4's four pages each well filled, the hub panel on
the last. The ink check reads the glyph boxes HarfBuzz placed, line by line, for every
Urdu passage at every size a format sets it at. The poster is tested in
test_urdu_poster.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pdfplumber
import polib
import pypdf
import pytest
import yaml
from conftest import (
    CONTENT,
    PANEL_CUTS_MM,
    mark_checked,
    poppler_pages,
    printed_address,
    run_build,
    strip_markup,
)
from test_languages import drawn_glyphs, face_file, harfbuzz_headers, pdftotext
from test_rtl_pages import contains, read_right_to_left, source_words
from test_textpath import Word, poppler_lines

from imhprint.text.layout import lay_out as lay_out_lines
from imhprint.text.layout import line_clearance, shape_paragraph
from imhprint.text.nestle import boxes, nestle

URDU = CONTENT / "translations" / "ur"
ARABIC = CONTENT / "translations" / "ar"
LEAFLETS = ("understanding-cues-and-crying", "where-to-get-help")
FORMATS = {"": "leaflet-a4", "-trifold": "leaflet-trifold", "-large-print": "large-print"}
ENGLISH_BAND = "Draft translation: not yet checked"
# Every size the formats set Urdu text at: leaflet body (Nastaliq's 12 pt), the A4
# leaflet's body and headings, large print, and the posters' body and far-reading sizes.
SIZES = (12, 14, 18, 20, 28, 40, 56)
# Of a page's text area (band to footer), how far down its lowest line reaches: half at
# least on every page, and about as far on each page before the last (whose hub panels
# stand at its foot). The cues leaflet's page 2 was once 0.50 after a page 1 of 0.88,
# because the cues table was kept whole: it now goes on over the page between its rows.
MIN_FILL = 0.5
MAX_FILL_SPREAD = 0.25


@dataclass(frozen=True)
class Build:
    output: Path
    stderr: str


def content_with_urdu(root: Path, checked: bool = False) -> Path:
    content = root / "content"
    shutil.copytree(CONTENT, content)
    if checked:  # an edition carries checked translations only
        mark_checked((content / "translations" / "ur").glob("*.po"))
    return content


def build(root: Path, *args: str, checked: bool = False) -> Build:
    output = root / "output"
    only = [a for r in LEAFLETS for a in ("--only", r)]
    result = run_build(["--content", content_with_urdu(root, checked), "--output", output,
                        "--language", "ur", "--language", "en-GB", *only, *args])
    return Build(output, result.stderr)


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(tmp_path_factory.mktemp("urdu"))


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(tmp_path_factory.mktemp("urdu-edition"), "--edition", "riverside",
                 checked=True)


def leaflet_pdf(found: Build, resource_id: str, suffix: str, folder: str = "",
                language: str = "ur") -> Path:
    ending = "" if language == "en-GB" else f".{language}"
    return found.output / folder / "leaflets" / f"{resource_id}{suffix}{ending}.pdf"


def urdu_pdfs(found: Build, folder: str = "") -> list[Path]:
    """The Urdu leaflet PDFs: every one is built, the national drafts (with their band)
    and an edition's checked copies alike."""
    built = []
    for resource_id in LEAFLETS:
        for suffix in FORMATS:
            pdf = leaflet_pdf(found, resource_id, suffix, folder)
            assert pdf.is_file(), f"{pdf.name} not built\n{found.stderr}"
            built.append(pdf)
    return built


# Every Urdu leaflet fits, the national draft's tri-fold of "Where to get help" with its
# band on every panel too (its Nastaliq lines nestled, phone lines by letter height).
CASES = [(r, suffix, folder) for r in LEAFLETS for suffix in FORMATS
         for folder in ("", "riverside")]


@pytest.mark.parametrize(("resource_id", "suffix", "folder"), CASES)
def test_every_urdu_leaflet_is_built(national: Build, edition: Build, resource_id: str,
                                     suffix: str, folder: str) -> None:
    found = edition if folder else national
    pdf = leaflet_pdf(found, resource_id, suffix, folder)
    assert pdf.is_file(), f"{pdf.name} not built\n{found.stderr}"


def test_the_urdu_leaflets_in_an_edition_are_right(edition: Build) -> None:
    pdfs = urdu_pdfs(edition, "riverside")
    assert pdfs
    for pdf in pdfs:
        assert ENGLISH_BAND not in pdftotext(pdf)  # checked: no band
        assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == "ur", pdf.name


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


def band_words(pdf: Path, page: int) -> list[dict]:
    """The words of the draft band: those above the page's first tenth, where it sits."""
    with pdfplumber.open(pdf) as doc:
        sheet = doc.pages[page]
        return [w for w in sheet.extract_words() if w["bottom"] < sheet.height * 0.1]


def test_the_a4_draft_band_is_one_row(national: Build) -> None:
    """On the A4 leaflet the band's English and Urdu share one row: the English at the
    left, the Urdu at the right, side by side (not one above the other)."""
    for resource_id in LEAFLETS:
        pdf = leaflet_pdf(national, resource_id, "")
        for page in range(len(pypdf.PdfReader(pdf).pages)):
            words = band_words(pdf, page)
            english = [w for w in words if w["text"] in ENGLISH_BAND.split()]
            urdu = [w for w in words if any("\u0600" <= ch <= "\u06ff" for ch in w["text"])]
            assert english and urdu, (pdf.name, page)
            assert max(w["x1"] for w in english) < min(w["x0"] for w in urdu), (pdf.name, page)
            # on one row: the Urdu's middle stands within the English's height
            middle = sum((w["top"] + w["bottom"]) / 2 for w in urdu) / len(urdu)
            assert min(w["top"] for w in english) - 4 < middle \
                < max(w["bottom"] for w in english) + 4, (pdf.name, page)


def text_extent_share(pdf: Path, page: int) -> float:
    """How much of a page's height between its top and bottom margins carries text: the
    union of its lines' heights (the band, the content, the hub's panels and footer)."""
    with pdfplumber.open(pdf) as doc:
        sheet = doc.pages[page]
        spans = sorted((c["top"], c["bottom"]) for c in sheet.chars)
    covered, reach = 0.0, -1.0
    for top, bottom in spans:
        if bottom <= reach:
            continue
        covered += bottom - max(top, reach)
        reach = bottom
    height = spans[-1][1] - spans[0][0]
    return covered / height


def test_the_urdu_a4_runs_to_four_pages_each_well_filled(national: Build,
                                                         edition: Build) -> None:
    for found, folder in ((national, ""), (edition, "riverside")):
        for resource_id in LEAFLETS:
            pdf = leaflet_pdf(found, resource_id, "", folder)
            reader = pypdf.PdfReader(pdf)
            assert len(reader.pages) == 4, pdf.name
            reaches = []
            for page in range(4):
                # lines of text over a good share of the page, reaching past its middle
                share = text_extent_share(pdf, page)
                assert share >= MIN_FILL * 0.5, (pdf.name, page, share)
                reaches.append(lowest_body_line(pdf, page))
                assert reaches[-1] >= MIN_FILL, (pdf.name, page, reaches)
            # no page half empty beside a full one
            assert max(reaches[:3]) - min(reaches[:3]) <= MAX_FILL_SPREAD, (pdf.name, reaches)


def lowest_body_line(pdf: Path, page: int) -> float:
    """How far down the page (a share of the text area between the band and the footer's
    rule) the lowest line of body text above the footer reaches."""
    with pdfplumber.open(pdf) as doc:
        sheet = doc.pages[page]
        rule = min((line["top"] for line in sheet.lines + sheet.rects
                    if line["top"] > sheet.height * 0.8 and line["height"] < 2),
                   default=sheet.height * 0.9)
        chars = [c for c in sheet.chars if c["bottom"] < rule - 2]
        band = min(c["bottom"] for c in chars)
        return (max(c["bottom"] for c in chars) - band) / (rule - band)


def test_an_edition_address_in_urdu_breaks_only_after_a_slash_or_a_dot(edition: Build
                                                                       ) -> None:
    """An edition's web address on an Urdu card (the English among Nastaliq, on the text
    path) too long for its line goes on after a "/" or a ".", never inside a word
    ("baby-massag" / "e")."""
    riverside = yaml.safe_load((CONTENT / "editions" / "riverside.yaml").read_text())
    addresses = {service["website"].removeprefix("https://").removesuffix("/")
                 for service in riverside["services"] if service.get("website")}
    for pdf in urdu_pdfs(edition, "riverside"):
        lines = [line for page in poppler_pages(pdf) for line in page.splitlines()]
        for address in sorted(addresses):
            pieces = printed_address(lines, address)
            if pieces is not None:  # (not every format lists every local service)
                assert all(p[-1] in "/." for p in pieces[:-1]), (pdf.name, pieces)
    where_to_get_help = leaflet_pdf(edition, "where-to-get-help", "", "riverside")
    lines = [line for page in poppler_pages(where_to_get_help) for line in page.splitlines()]
    assert printed_address(lines, "riverside-hub.example/baby-massage"), "not printed"


def test_the_urdu_a4_hub_panel_is_on_the_last_page(national: Build) -> None:
    """The hub panel (its write-in lines) and the useful numbers stand on page 4 only."""
    write_in = letters(msgstr("strings", "hub_write_in"))
    numbers = letters(msgstr("strings", "key_numbers_heading"))
    for resource_id in LEAFLETS:
        pdf = leaflet_pdf(national, resource_id, "")
        pages = [letters(pdftotext(pdf, page)) for page in range(1, 5)]
        assert [write_in in p for p in pages] == [False, False, False, True], pdf.name
        assert [numbers in p for p in pages] == [False, False, False, True], pdf.name


def test_an_english_a4_leaflet_is_still_two_pages(national: Build) -> None:
    for resource_id in LEAFLETS:
        pdf = leaflet_pdf(national, resource_id, "", language="en-GB")
        assert len(pypdf.PdfReader(pdf).pages) == 2, pdf.name
        assert "Page 2 of 2" in pdftotext(pdf, 2)


def test_the_urdu_leaflets_glyphs_are_harfbuzzs(national: Build) -> None:
    """The longest words of each leaflet's title and introduction: the glyphs HarfBuzz
    shapes for them, in the face they are drawn in, are drawn one after another."""
    for pdf in urdu_pdfs(national):
        resource_id = next(r for r in LEAFLETS if pdf.name.startswith(r))
        texts = [msgstr(resource_id, key) for key in ("title", "intro")]
        words = {w.strip("*.,:;!?()،۔") for t in texts for w in strip_markup(t).split()}
        drawn = drawn_glyphs(pdf)
        for word in sorted((w for w in words if len(w) > 3), key=lambda w: (-len(w), w))[:4]:
            assert any(b"|".join(harfbuzz_headers(face_file(base), word, "ur"))
                       in b"|".join(headers) for base, headers in drawn.items()), \
                (pdf.name, word)


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_urdu_lines_read_right_to_left_with_numbers_left_to_right(national: Build,
                                                                   suffix: str) -> None:
    """Each passage read line by line from the right (a number, an address or an English
    name from the left) gives back the source words in their order: the extracted text is
    the source's."""
    for resource_id in LEAFLETS:
        pdf = leaflet_pdf(national, resource_id, suffix)
        if pdf not in urdu_pdfs(national):
            continue  # named as not fitting (test_every_urdu_leaflet_is_built)
        pages = len(pypdf.PdfReader(pdf).pages)
        words = text_words(pdf, pages, panels=suffix == "-trifold")
        english = letters(pdftotext(leaflet_pdf(national, resource_id, suffix,
                                                language="en-GB")))
        checked = 0
        for entry in polib.pofile(str(URDU / f"{resource_id}.po")):
            if not entry.msgstr or entry.msgctxt.startswith(("cues ", "tips ", "sources")):
                continue  # cells side by side interleave their lines
            if letters(strip_markup(entry.msgid)) not in english:
                continue  # a block for other formats only
            wanted = source_words(entry.msgstr)
            if any(ch.isdigit() for ch in entry.msgstr):
                checked += 1
            assert contains(words, wanted), (pdf.name, entry.msgctxt, entry.msgstr)
        assert checked, "no passage with a number was read"


def text_words(pdf: Path, pages: int, panels: bool = False) -> list[str]:
    """The words of every page (of each panel, on a tri-fold), each line read right to
    left, without what every page repeats (the draft band, the footer, the page number):
    a passage that runs on over a page break then reads on as one."""
    lines = [[read_right_to_left(line) for line in panel_lines(pdf, page, panels)]
             for page in range(1, pages + 1)]

    def furniture(line: list[str]) -> tuple[str, ...]:
        return tuple(w for w in line if not w.isdigit())

    repeated = set.intersection(*({furniture(line) for line in page} for page in lines))
    return [w for page in lines for line in page if furniture(line) not in repeated
            for w in line]


def panel_lines(pdf: Path, page: int, panels: bool) -> list[list[Word]]:
    """poppler's lines of a page; on a tri-fold, panel by panel, top to bottom: poppler
    joins lines that stand at one height in two panels, so each line's words are parted
    by panel."""
    if not panels:
        return poppler_lines(pdf, page)
    xml = pdftotext_bbox(pdf, page)
    found = [(float(top), [Word(text.replace("&amp;", "&"), float(x0), float(x1))
                           for x0, x1, text in re.findall(WORD, line)])
             for top, line in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)"[^>]*>(.*?)'
                                         r"</line>", xml, re.S)]
    cuts = [mm * 72 / 25.4 for mm in PANEL_CUTS_MM]
    parted = []
    for left, right in pairwise(cuts):
        inside = [(top, [w for w in line if left <= (w.x0 + w.x1) / 2 < right])
                  for top, line in found]
        parted += [line for _, line in sorted(inside, key=lambda item: item[0]) if line]
    return parted


WORD = r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>'


def pdftotext_bbox(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", "-f", str(page),
                           "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


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


def has_key(name: str, key: str) -> bool:
    return any(e.msgctxt == key for e in polib.pofile(str(URDU / f"{name}.po")))
