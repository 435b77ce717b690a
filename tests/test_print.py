"""Print output: press PDFs (bleed, crop marks, boxes, CMYK), the office edge rule, and the
tri-fold's panels, all checked on real builds of the real content.

Numbers here are worked out from millimetres independently of the code under test.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2
import pytest
from conftest import (
    CONTENT,
    REPO,
    assert_in_order,
    describe,
    expected_fragments,
    load_services,
    normalise,
    run_build,
)
from pypdf.generic import ContentStream

MM = 72 / 25.4
BLEED = 3 * MM
MARKS = 10 * MM  # the slug outside the bleed, where the crop marks go
OFFSET = BLEED + MARKS
A4 = (210 * MM, 297 * MM)
A3 = (297 * MM, 420 * MM)
A4_LANDSCAPE = (297 * MM, 210 * MM)


@dataclass
class Builds:
    content: Path
    office: Path
    press: Path


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The real content built for the office and the press, nationally and for every
    edition (Westmoor's logo is a PNG, Riverside's an SVG)."""
    root = tmp_path_factory.mktemp("print")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    office, press = root / "office", root / "press-out"
    for output, profile in ((office, "office"), (press, "press")):
        for edition in ([], ["--edition", "all"]):
            result = run_build(["--content", content, "--output", output, "--profile",
                                profile, "-q", *edition])
            assert result.returncode == 0, describe(result)
    return Builds(content, office, press)


def press_pdfs(builds: Builds) -> list[Path]:
    pdfs = sorted(builds.press.rglob("*.pdf"))
    assert pdfs and all("press" in p.relative_to(builds.press).parts for p in pdfs)
    return pdfs


def box(page: pypdf.PageObject, name: str) -> tuple[float, ...]:
    return tuple(float(v) for v in page[name])


def expected_boxes(size: tuple[float, float]) -> dict[str, tuple[float, ...]]:
    width, height = size
    return {
        "/MediaBox": (0, 0, width + 2 * OFFSET, height + 2 * OFFSET),
        "/TrimBox": (OFFSET, OFFSET, OFFSET + width, OFFSET + height),
        "/BleedBox": (OFFSET - BLEED, OFFSET - BLEED, OFFSET + width + BLEED,
                      OFFSET + height + BLEED),
    }


# ---- press: boxes ------------------------------------------------------------------------

@pytest.mark.parametrize(("relative", "size"), [
    ("press/leaflets/understanding-cues-and-crying.pdf", A4),
    ("press/posters/help-is-here-a3.pdf", A3),
    ("press/posters/read-my-cues-a4.pdf", A4),
    ("press/leaflets/where-to-get-help-trifold.pdf", A4_LANDSCAPE),
    ("press/leaflets/understanding-cues-and-crying-trifold.pdf", A4_LANDSCAPE),
])
def test_press_boxes_in_points(builds: Builds, relative: str, size: tuple[float, float]):
    reader = pypdf.PdfReader(builds.press / relative)
    expected = expected_boxes(size)
    # A4 with bleed is 216 x 303 mm: the BleedBox says so
    bleed = expected["/BleedBox"]
    assert (bleed[2] - bleed[0]) / MM == pytest.approx(size[0] / MM + 6, abs=0.01)
    for number, page in enumerate(reader.pages, start=1):
        for name, want in expected.items():
            assert box(page, name) == pytest.approx(want, abs=0.01), (relative, number, name)


def test_every_press_pdf_has_trim_and_bleed_boxes(builds: Builds):
    for pdf in press_pdfs(builds):
        for page in pypdf.PdfReader(pdf).pages:
            trim, bleed = box(page, "/TrimBox"), box(page, "/BleedBox")
            assert bleed == pytest.approx((trim[0] - BLEED, trim[1] - BLEED,
                                           trim[2] + BLEED, trim[3] + BLEED), abs=0.01), pdf


def test_office_pdfs_are_the_finished_size_with_no_boxes(builds: Builds):
    reader = pypdf.PdfReader(builds.office / "leaflets/understanding-cues-and-crying.pdf")
    for page in reader.pages:
        assert box(page, "/MediaBox") == pytest.approx((0, 0, *A4), abs=0.01)
        assert "/TrimBox" not in page and "/BleedBox" not in page


# ---- press: colour ----------------------------------------------------------------------

RGB_OR_GREY = {b"rg", b"RG", b"g", b"G", b"sc", b"SC", b"scn", b"SCN", b"cs", b"CS"}


def colour_operators(reader: pypdf.PdfReader) -> set[bytes]:
    found: set[bytes] = set()

    def walk(stream: object, resources: object) -> None:
        for _, operator in ContentStream(stream, reader).operations:
            if operator in RGB_OR_GREY | {b"k", b"K"}:
                found.add(operator)
        xobjects = (resources or {}).get("/XObject") if resources else None
        for xobject in (xobjects.get_object().values() if xobjects else []):
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject, xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get_contents(), page.get("/Resources").get_object())
    return found


def image_spaces(reader: pypdf.PdfReader) -> set[str]:
    spaces = set()
    for page in reader.pages:
        xobjects = page["/Resources"].get_object().get("/XObject")
        for xobject in (xobjects.get_object().values() if xobjects else []):
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                spaces.add(str(xobject["/ColorSpace"]))
    return spaces


def test_press_pdfs_use_only_cmyk_colour(builds: Builds):
    for pdf in press_pdfs(builds):
        operators = colour_operators(pypdf.PdfReader(pdf))
        assert operators and operators <= {b"k", b"K"}, (pdf, operators)


def test_press_pictures_are_converted_to_cmyk(builds: Builds):
    pdf = builds.press / "westmoor/press/leaflets/where-to-get-help.pdf"
    assert image_spaces(pypdf.PdfReader(pdf)) == {"/DeviceCMYK"}
    office = builds.office / "westmoor/leaflets/where-to-get-help.pdf"
    assert "/DeviceRGB" in image_spaces(pypdf.PdfReader(office))  # the same logo, for office


def test_office_pdfs_stay_rgb_and_keep_their_links(builds: Builds):
    # the tri-fold prints the ICON web address as a link
    reader = pypdf.PdfReader(builds.office / "leaflets/understanding-cues-and-crying-trifold.pdf")
    assert b"rg" in colour_operators(reader)
    assert any(page.get("/Annots") for page in reader.pages)


def test_press_pdfs_have_no_link_annotations(builds: Builds):
    for pdf in press_pdfs(builds):
        assert not any(page.get("/Annots") for page in pypdf.PdfReader(pdf).pages), pdf


# ---- press: where things are -----------------------------------------------------------

def test_press_text_is_at_least_5mm_inside_the_trim(builds: Builds):
    for pdf in press_pdfs(builds):
        with pdfplumber.open(pdf) as document:
            for page in document.pages:
                trim = box(pypdf.PdfReader(pdf).pages[page.page_number - 1], "/TrimBox")
                left, right = trim[0] + 5 * MM, trim[2] - 5 * MM
                top, bottom = page.height - trim[3] + 5 * MM, page.height - trim[1] - 5 * MM
                assert page.chars, pdf
                for char in page.chars:
                    assert left - 0.5 <= char["x0"] and char["x1"] <= right + 0.5, (pdf, char)
                    assert top - 0.5 <= char["top"] and char["bottom"] <= bottom + 0.5, (
                        pdf, char["text"])


def render(pdf: Path, page_index: int, scale: float = 1.0):
    """A page as a Pillow RGB image at ``scale`` pixels per point."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[page_index].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()


def is_white(pixel: tuple[int, int, int]) -> bool:
    return min(pixel) >= 245


def test_press_background_runs_into_the_bleed_and_crop_marks_sit_outside_it(builds: Builds):
    pdf = builds.press / "press/leaflets/understanding-cues-and-crying.pdf"
    image = render(pdf, 0, scale=2)
    width, height = A4

    def pixel(x: float, y_from_top: float) -> tuple[int, int, int]:
        return image.getpixel((round(x * 2), round(y_from_top * 2)))

    middle = OFFSET + width / 2
    # the top band: inside the trim, in the bleed, and not beyond the bleed
    assert not is_white(pixel(middle, OFFSET + 1 * MM))
    assert not is_white(pixel(middle, OFFSET - BLEED + 0.5 * MM))
    assert is_white(pixel(middle, OFFSET - BLEED - 2 * MM))
    # crop marks: in line with the trim edges, in the slug, ending before the bleed
    assert not is_white(pixel(OFFSET, 2 * MM))  # above the top-left corner
    assert not is_white(pixel(2 * MM, OFFSET + height))  # left of the bottom-left corner
    assert is_white(pixel(OFFSET, OFFSET - BLEED - 0.3 * MM))
    # nothing of the page outside the trim except the band and the marks
    assert is_white(pixel(OFFSET - BLEED / 2, OFFSET + height / 2))


def test_trifold_fold_marks_sit_in_the_slug_at_the_folds(builds: Builds):
    pdf = builds.press / "press/leaflets/understanding-cues-and-crying-trifold.pdf"
    folds = {1: (97, 197), 2: (100, 200)}  # outside, inside (mirror images)
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            marks = sorted({round((line["x0"] - OFFSET) / MM, 1) for line in page.lines
                            if abs(line["x0"] - line["x1"]) < 0.1
                            and line["bottom"] < OFFSET - BLEED})
            # crop marks at the trim edges (0 and 297 mm), fold marks at the folds
            assert marks == [0, *folds[page.page_number], 297], marks


# ---- office: no ink within 6 mm of the sheet edge ------------------------------------

def edge_ink(pdf: Path, margin_mm: float = 6) -> list[str]:
    """Pages with a non-white pixel within ``margin_mm`` of the sheet edge."""
    found = []
    scale = 100 / 72  # 100 dpi
    for index in range(len(pypdf.PdfReader(pdf).pages)):
        image = render(pdf, index, scale)
        band = round(margin_mm * MM * scale) - 1  # leave the innermost pixel: anti-aliasing
        width, height = image.size
        strips = {"top": (0, 0, width, band), "bottom": (0, height - band, width, height),
                  "left": (0, 0, band, height), "right": (width - band, 0, width, height)}
        for edge, area in strips.items():
            low = min(channel[0] for channel in image.crop(area).getextrema())
            if low < 245:
                found.append(f"page {index + 1} {edge}")
    return found


def test_no_ink_within_6mm_of_the_edge_on_any_office_page(builds: Builds):
    pdfs = sorted(p for p in builds.office.rglob("*.pdf"))
    assert len(pdfs) >= 3 * 21
    for pdf in pdfs:
        assert not edge_ink(pdf), pdf


def test_the_edge_check_finds_ink_at_the_edge(builds: Builds):
    """The check above can fail: a press page has its band and marks at the sheet edge."""
    assert edge_ink(builds.press / "press/leaflets/understanding-cues-and-crying.pdf")


# ---- tri-fold: panel order ------------------------------------------------------------

OUTSIDE = {"inside flap": (0, 97), "back": (97, 197), "front cover": (197, 297)}
INSIDE = {"inside 1": (0, 100), "inside 2": (100, 200), "inside 3": (200, 297)}
READING_ORDER = [(1, "front cover"), (1, "inside flap"), (2, "inside 1"), (2, "inside 2"),
                 (2, "inside 3")]


def panel_texts(pdf: Path) -> dict[str, str]:
    """The text of each panel, read top to bottom (office build: no offset)."""
    texts = {}
    with pdfplumber.open(pdf) as document:
        for page, panels in ((document.pages[0], OUTSIDE), (document.pages[1], INSIDE)):
            for name, (left, right) in panels.items():
                crop = page.crop((left * MM, 0, right * MM, page.height), strict=False)
                texts[name] = normalise(crop.extract_text() or "")
    return texts


@pytest.mark.parametrize("source", ["cues-and-crying.yaml", "where-to-get-help.yaml"])
def test_trifold_reads_in_order_when_folded(builds: Builds, source: str):
    import yaml

    resource = yaml.safe_load((builds.content / "leaflets" / source).read_text("utf-8"))
    pdf = builds.office / "leaflets" / f"{resource['id']}-trifold.pdf"
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 2
    assert box(reader.pages[0], "/MediaBox") == pytest.approx((0, 0, *A4_LANDSCAPE), abs=0.01)
    texts = panel_texts(pdf)
    # the cover is on the outside, right-hand panel: it is on top when folded
    assert normalise(resource["title"]) in texts["front cover"]
    # the back (outside, middle) has the hub panel and the review dates, nothing else
    strings = yaml.safe_load((builds.content / "strings/en-GB.yaml").read_text("utf-8"))
    assert strings["strings"]["hub_heading"] in texts["back"]
    assert "Next review" in texts["back"]
    # every block follows in reading order: cover, flap, then inside 1, 2 and 3
    reading = " ".join(texts[name] for _, name in READING_ORDER)
    expected = expected_fragments(resource, load_services(builds.content), "trifold")
    assert_in_order(reading, expected)
    # each inside panel has something on it, and the flap starts the content
    first_block = next(words for label, words in expected if label.startswith("block"))
    assert texts["inside flap"].startswith(first_block[:20]), texts["inside flap"][:80]


def test_trifold_text_never_crosses_a_fold(builds: Builds):
    pdf = builds.office / "leaflets/understanding-cues-and-crying-trifold.pdf"
    folds = {1: (97, 197), 2: (100, 200)}
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for fold in folds[page.page_number]:
                x = fold * MM
                crossing = [c["text"] for c in page.chars
                            if c["x0"] < x + 7 * MM and c["x1"] > x - 7 * MM]
                assert not crossing, (page.page_number, fold, crossing[:10])


def test_trifold_panels_back_each_other_when_printed_double_sided():
    """Flipped on the short edge, outside x backs inside (297 mm - x): the 97 mm flap backs
    the 97 mm inside 3, the back backs inside 2 and the cover backs inside 1."""
    from layouts.trifold import INSIDE as LAYOUT_INSIDE
    from layouts.trifold import OUTSIDE as LAYOUT_OUTSIDE

    def spans(panels) -> dict[str, tuple[float, float]]:
        return {p.name: (round(p.left / MM, 3), round(p.right / MM, 3)) for p in panels}

    assert spans(LAYOUT_OUTSIDE) == OUTSIDE and spans(LAYOUT_INSIDE) == INSIDE
    backs = {"inside flap": "inside 3", "back": "inside 2", "front cover": "inside 1"}
    for outside, inside in backs.items():
        left, right = OUTSIDE[outside]
        assert (297 - right, 297 - left) == INSIDE[inside]


def test_the_readme_names_the_profiles():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "--profile press" in readme and "preflight.json" in readme


def test_a_spare_last_panel_holds_notes_lines_instead_of_standing_empty(builds: Builds):
    import yaml

    strings = yaml.safe_load((builds.content / "strings/en-GB.yaml").read_text("utf-8"))
    heading = strings["strings"]["notes_heading"]
    # bonding's content ends in inside 2, so inside 3 gets the notes
    bonding = panel_texts(builds.office / "leaflets/bonding-with-your-baby-trifold.pdf")
    assert bonding["inside 3"].startswith(heading), bonding["inside 3"][:80]
    # cues and crying runs on into inside 3 itself: its content comes first there, and
    # notes lines only after it, if room is left
    cues = panel_texts(builds.office / "leaflets/understanding-cues-and-crying-trifold.pdf")
    assert cues["inside 3"] and not cues["inside 3"].startswith(heading)
    assert heading not in " ".join(text for name, text in cues.items() if name != "inside 3")
