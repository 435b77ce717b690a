"""The A5 booklet: 4 or 8 pages from a leaflet's blocks; reader's order for the office,
saddle-stitch printer's spreads on A4 sheets for the press; bookmarks in reader's order.

The fold is worked out here from how sheets are stacked and folded, not from the code:
the page numbers printed on each half of each sheet, read back from the PDF, must come
out 1 to N once the sheets are folded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from conftest import CONTENT, describe, leaflet_yaml, run_build, write_content

MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)
OFFSET = 13 * MM  # bleed and slug around a press page
BOOKLET = "leaflets/bonding-with-your-baby-booklet.pdf"


@dataclass
class Builds:
    office: Path
    press: Path


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    root = tmp_path_factory.mktemp("booklet")
    for profile in ("office", "press"):
        result = run_build(["--content", CONTENT, "--output", root / profile, "--profile",
                            profile, "-q", "--only", "bonding-with-your-baby"])
        assert result.returncode == 0, describe(result)
    return Builds(root / "office" / BOOKLET, root / "press" / "press" / BOOKLET)


def page_numbers_by_half(pdf: Path) -> list[list[int]]:
    """For each PDF page, the 'Page x of N' numbers printed on it, left to right."""
    halves = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            words = page.extract_words()
            found = [(word["x0"], int(words[i + 1]["text"]))
                     for i, word in enumerate(words[:-3])
                     if word["text"] == "Page" and words[i + 2]["text"] == "of"
                     and words[i + 1]["text"].isdigit()]
            assert found, page.extract_text()
            halves.append([number for _, number in sorted(found)])
    return halves


def folded_order(sides: list[list[int]]) -> list[int]:
    """Pages in the order a reader meets them once the sheets are stacked (the first
    sheet outside) and folded: each sheet's front right, then its back left, going in;
    then coming out, each sheet's back right, then its front left."""
    sheets = [(sides[i], sides[i + 1]) for i in range(0, len(sides), 2)]
    going_in = [page for front, back in sheets for page in (front[1], back[0])]
    coming_out = [page for front, back in reversed(sheets) for page in (back[1], front[0])]
    return going_in + coming_out


def test_the_office_booklet_is_a5_pages_in_reading_order(builds: Builds):
    reader = pypdf.PdfReader(builds.office)
    count = len(reader.pages)
    assert count in (4, 8)
    for page in reader.pages:
        assert tuple(float(v) for v in page.mediabox[2:]) == pytest.approx(A5, abs=0.1)
    assert [numbers[0] for numbers in page_numbers_by_half(builds.office)] == \
        list(range(1, count + 1))


def test_the_press_booklet_folds_to_pages_1_to_n(builds: Builds):
    reader = pypdf.PdfReader(builds.press)
    office_pages = len(pypdf.PdfReader(builds.office).pages)
    assert len(reader.pages) == office_pages // 2  # two sides of each A4 sheet
    sides = page_numbers_by_half(builds.press)
    assert all(len(side) == 2 for side in sides), sides
    assert folded_order(sides) == list(range(1, office_pages + 1)), sides
    if office_pages == 8:
        assert sides == [[8, 1], [2, 7], [6, 3], [4, 5]]


def test_the_fold_check_can_fail():
    """Sheets in reader's order (1|2, 3|4) do not fold into a booklet."""
    assert folded_order([[1, 2], [3, 4]]) != [1, 2, 3, 4]
    assert folded_order([[4, 1], [2, 3]]) == [1, 2, 3, 4]


def test_press_sheets_are_two_a5_pages_wide_with_trim_and_bleed(builds: Builds):
    reader = pypdf.PdfReader(builds.press)
    sheet = (2 * A5[0], A5[1])  # A4 landscape as ISO's A5 opens flat: 296 x 210 mm
    for page in reader.pages:
        trim = [float(v) for v in page.trimbox]
        bleed = [float(v) for v in page.bleedbox]
        media = [float(v) for v in page.mediabox]
        assert trim == pytest.approx([OFFSET, OFFSET, OFFSET + sheet[0], OFFSET + sheet[1]],
                                     abs=0.2)
        assert bleed == pytest.approx([v + d for v, d in zip(trim, (-3 * MM, -3 * MM,
                                                                    3 * MM, 3 * MM),
                                                             strict=True)], abs=0.2)
        assert media == pytest.approx([0, 0, sheet[0] + 2 * OFFSET, sheet[1] + 2 * OFFSET],
                                      abs=0.2)


def outline(reader: pypdf.PdfReader) -> list[tuple[str, int]]:
    return [(item.title, reader.get_destination_page_number(item))
            for item in reader.outline if not isinstance(item, list)]


def test_bookmarks_keep_the_readers_order_and_open_the_right_sheet(builds: Builds):
    office = outline(pypdf.PdfReader(builds.office))
    press_reader = pypdf.PdfReader(builds.press)
    press = outline(press_reader)
    assert len(office) >= 4
    assert [title for title, _ in press] == [title for title, _ in office]
    office_pages = [page for _, page in office]
    assert office_pages == sorted(office_pages)  # reading order
    for title, side in press:
        text = " ".join(press_reader.pages[side].extract_text().split())
        assert " ".join(title.split()) in text, (title, side)


def test_a_short_leaflet_is_4_pages_and_a_long_one_8(tmp_path: Path):
    short = leaflet_yaml("short-one").replace("kind: leaflet", "kind: leaflet\nformats: "
                                               "[booklet]")
    paragraphs = "".join(f"  - heading: Part {n}\n  - paragraph: {'Some words here. ' * 40}\n"
                         for n in range(1, 7))
    long = leaflet_yaml("long-one", "Long leaflet", blocks=paragraphs).replace(
        "kind: leaflet", "kind: leaflet\nformats: [booklet]")
    content = write_content(tmp_path, {"short.yaml": short, "long.yaml": long})
    for profile in ("office", "press"):
        result = run_build(["--content", content, "--output", tmp_path / "out", "--profile",
                            profile, "-q"])
        assert result.returncode == 0, describe(result)
    office = tmp_path / "out" / "leaflets"
    press = tmp_path / "out" / "press" / "leaflets"
    assert len(pypdf.PdfReader(office / "short-one-booklet.pdf").pages) == 4
    assert len(pypdf.PdfReader(office / "long-one-booklet.pdf").pages) == 8
    assert not (office / "short-one.pdf").exists()  # formats: [booklet] alone
    sides = page_numbers_by_half(press / "short-one-booklet.pdf")
    assert sides == [[4, 1], [2, 3]]
    assert folded_order(sides) == [1, 2, 3, 4]


def test_a_block_can_be_for_the_booklet_only(tmp_path: Path):
    blocks = ("  - heading: Shared heading\n  - paragraph: In every format.\n"
              "  - paragraph: Only in the booklet.\n    formats: [booklet]\n")
    text = leaflet_yaml(blocks=blocks).replace("kind: leaflet",
                                               "kind: leaflet\nformats: [a4, booklet]")
    content = write_content(tmp_path, {"one.yaml": text})
    result = run_build(["--content", content, "--output", tmp_path / "out", "-q"])
    assert result.returncode == 0, describe(result)
    booklet = " ".join(p.extract_text() for p in pypdf.PdfReader(
        tmp_path / "out/leaflets/test-one-booklet.pdf").pages)
    a4 = " ".join(p.extract_text() for p in pypdf.PdfReader(
        tmp_path / "out/leaflets/test-one.pdf").pages)
    assert "Only in the booklet." in booklet and "Only in the booklet." not in a4
    assert "In every format." in booklet and "In every format." in a4


def body_extent(page: pdfplumber.page.Page) -> tuple[float, float, str]:
    """How far down its text runs (from the page's top margin to the footer, 0 to 1), where
    the footer starts, and the page's text above the footer."""
    words = page.extract_words()
    footer_top = min(w["top"] for w in words if w["text"].startswith("Version"))
    body = [w for w in words if w["bottom"] < footer_top - 2]
    if not body:
        return 0.0, footer_top, ""
    top = 13 * MM  # theme: the booklet's top margin
    return ((max(w["bottom"] for w in body) - top) / (footer_top - top), footer_top,
            " ".join(w["text"] for w in body))


def test_the_content_is_spread_evenly_before_one_page_of_notes_and_the_back(builds: Builds):
    with pdfplumber.open(builds.office) as pdf:
        pages = [body_extent(page) for page in pdf.pages]
    texts = [text for _, _, text in pages]
    notes = [number for number, text in enumerate(texts, start=1)
             if text.startswith("Notes and questions")]
    back = len(texts)
    assert "Bonding with your baby" in texts[0]
    assert notes and notes[-1] == back and len(notes) <= 2, notes  # one page, and the back
    assert "Your family hub" in texts[-1] and "Useful numbers" in texts[-1]
    content_pages = [n for n in range(2, back) if n not in notes]
    assert content_pages == list(range(2, content_pages[-1] + 1))
    for number in content_pages[:-1]:  # the last content page holds the rest
        fill = pages[number - 1][0]
        assert fill > 0.6, f"page {number} of the booklet is only {fill:.0%} full"
