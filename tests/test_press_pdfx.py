"""Press output a print shop accepts: PDF/X-1a:2003 for FOGRA39, body text on the black
plate alone, total ink within 300 %, pictures through the ICC profile, distinct font
subset tags; and preflight's press rules, each with a fixture that breaks it and its
fixed twin.

The separations are Ghostscript's (tiffsep), the structure is read with pypdf, and the
checks of qpdf and Ghostscript are run as a print shop runs them: none of it through the
code under test.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2
import pytest
from conftest import CONTENT, describe, iter_fonts, run_build, subset_tags
from PIL import Image
from reportlab.lib.colors import CMYKColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from imhprint.press import checks, finish_pdf
from imhprint.press.icc import PRESS_PROFILE, rgb_image_to_cmyk
from imhprint.theme import ANDIKA, register_family

# CI installs both (.ci/run), so there these tests never skip.
needs_gs = pytest.mark.skipif(shutil.which("gs") is None and not os.environ.get("CI"),
                              reason="needs Ghostscript (apt-get install ghostscript)")
needs_qpdf = pytest.mark.skipif(shutil.which("qpdf") is None and not os.environ.get("CI"),
                                reason="needs qpdf (apt-get install qpdf)")

MM = 72 / 25.4
BLEED, SLUG = 3 * MM, 10 * MM
LEAFLET = "press/leaflets/understanding-cues-and-crying.pdf"
WESTMOOR = "westmoor/press/leaflets/where-to-get-help.pdf"
PLATES = ("Cyan", "Magenta", "Yellow", "Black")
XMP_NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
          "pdf": "http://ns.adobe.com/pdf/1.3/",
          "pdfx": "http://ns.adobe.com/pdfx/1.3/",
          "pdfxid": "http://www.npes.org/pdfx/ns/id/"}


@dataclass
class Builds:
    office: Path
    press: Path


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The real content for the office and the press, nationally and for Westmoor (whose
    logo is a picture)."""
    root = tmp_path_factory.mktemp("pdfx")
    office, press = root / "office", root / "press-out"
    for output, profile in ((office, "office"), (press, "press")):
        for edition in ([], ["--edition", "westmoor"]):
            result = run_build(["--content", CONTENT, "--output", output, "--profile",
                                profile, "-q", *edition])
            assert result.returncode == 0, describe(result)
    return Builds(office, press)


def press_pdfs(builds: Builds) -> list[Path]:
    pdfs = sorted(builds.press.rglob("*.pdf"))
    assert len(pdfs) > 20
    return pdfs


# ---- PDF/X identification ----------------------------------------------------------------

def xmp_values(reader: pypdf.PdfReader) -> dict[str, str]:
    """Every simple property of the XMP packet, as prefix:name -> text."""
    packet = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    tree = ET.fromstring(packet.decode("utf-8").split("?>", 1)[1].rsplit("<?xpacket", 1)[0])
    prefixes = {uri: prefix for prefix, uri in XMP_NS.items()}
    values = {}
    for element in tree.iter():
        if element.tag.startswith("{") and len(element) == 0 and element.text:
            uri, name = element.tag[1:].split("}")
            if uri in prefixes:
                values[f"{prefixes[uri]}:{name}"] = element.text
    return values


def test_every_press_pdf_is_pdfx_1a_for_fogra39(builds: Builds):
    for pdf in press_pdfs(builds):
        reader = pypdf.PdfReader(pdf)
        assert pdf.read_bytes().startswith(b"%PDF-1.4"), pdf
        info = reader.trailer["/Info"]
        assert info["/GTS_PDFXVersion"] == "PDF/X-1:2003", pdf
        assert info["/GTS_PDFXConformance"] == "PDF/X-1a:2003", pdf
        assert info["/Trapped"] == "/False", pdf
        assert info["/Title"] and info["/CreationDate"] and info["/ModDate"], pdf
        xmp = xmp_values(reader)
        assert xmp["pdf:Trapped"] == "False", pdf
        assert xmp["pdfx:GTS_PDFXVersion"] == xmp["pdfxid:GTS_PDFXVersion"] == "PDF/X-1:2003"
        assert xmp["pdfx:GTS_PDFXConformance"] == "PDF/X-1a:2003", pdf
        intents = reader.trailer["/Root"]["/OutputIntents"]
        assert len(intents) == 1, pdf
        intent = intents[0].get_object()
        assert intent["/S"] == "/GTS_PDFX"
        assert intent["/OutputConditionIdentifier"] == "FOGRA39"
        assert intent["/RegistryName"] == "http://www.color.org"
        assert intent["/Info"] == "Coated FOGRA39 (ISO 12647-2:2004)"
        profile = intent["/DestOutputProfile"].get_object()
        data = profile.get_data()
        assert profile["/N"] == 4 and data == PRESS_PROFILE.read_bytes(), pdf
        assert data[12:16] == b"prtr" and data[16:20] == b"CMYK"  # a CMYK output profile
        assert not reader.is_encrypted
        assert "/Encrypt" not in reader.trailer and "/ID" in reader.trailer


def test_press_pdfs_hold_nothing_pdfx_1a_forbids(builds: Builds):
    """No transparency, JavaScript, actions or annotations on the page, every font
    embedded."""
    for pdf in press_pdfs(builds):
        raw = pdf.read_bytes()
        reader = pypdf.PdfReader(pdf)
        for page in reader.pages:
            assert "/Annots" not in page, pdf
            states = page["/Resources"].get("/ExtGState", {})
            for state in (states.get_object().values() if states else []):
                state = state.get_object()
                assert float(state.get("/ca", 1)) == 1 and float(state.get("/CA", 1)) == 1
                assert state.get("/SMask", "/None") == "/None"
                assert state.get("/BM", "/Normal") in ("/Normal", "/Compatible")
        assert "/JavaScript" not in reader.trailer["/Root"].get("/Names", {})
        assert "/OpenAction" not in reader.trailer["/Root"]
        assert b"/SMask" not in raw and b"/JS" not in raw, pdf
        for font in fonts_of(reader):
            descriptor = font["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@needs_qpdf
def test_qpdf_finds_no_problem(builds: Builds):
    for pdf in [*press_pdfs(builds), *sorted(builds.office.rglob("leaflets/*.pdf"))]:
        result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, (pdf, result.stdout, result.stderr)
        assert "WARNING" not in result.stdout + result.stderr, pdf


@needs_gs
def test_ghostscript_reads_every_press_pdf_without_complaint(builds: Builds):
    for pdf in press_pdfs(builds):
        result = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dPDFSTOPONERROR",
                                 "-sDEVICE=nullpage", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), \
            (pdf, result.stdout, result.stderr)


# ---- separations -------------------------------------------------------------------------

def separations(pdf: Path, folder: Path, dpi: int) -> list[dict[str, Image.Image]]:
    """Each page's four plates from Ghostscript, as ink coverage 0-255 (255: solid)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=tiffsep", f"-r{dpi}",
                    f"-sOutputFile={folder}/page%d.tif", str(pdf)], check=True)
    pages = []
    for number in range(1, len(pypdf.PdfReader(pdf).pages) + 1):
        pages.append({plate: Image.eval(
            Image.open(folder / f"page{number}({plate}).tif").convert("L"), lambda v: 255 - v)
            for plate in PLATES})
    return pages


def plain_body_words(pdf: Path, page: int) -> list[tuple[float, float, float, float]]:
    """Boxes (points, top-left origin) of body-size words set on the paper itself, not on
    a tinted panel, whose own ink would show on the colour plates."""
    with pdfplumber.open(pdf) as document:
        sheet = document.pages[page]
        panels = [(s["x0"], s["top"], s["x1"], s["bottom"]) for s in [*sheet.rects,
                                                                         *sheet.curves]
                  if s.get("fill") and (s["x1"] - s["x0"]) > 20 and (s["bottom"] - s["top"]) > 10]
        words = sheet.extract_words(extra_attrs=["size"])
    return [(w["x0"], w["top"], w["x1"], w["bottom"]) for w in words
            if 11 <= w["size"] <= 14.2 and not any(
                p[0] - 1 <= w["x0"] and w["x1"] <= p[2] + 1 and p[1] - 1 <= w["top"]
                and w["bottom"] <= p[3] + 1 for p in panels)]


def most_ink(plate: Image.Image, box: tuple[float, float, float, float], dpi: int) -> int:
    scale = dpi / 72
    return plate.crop(tuple(round(v * scale) for v in box)).getextrema()[1]


@needs_gs
@pytest.mark.parametrize("relative", [LEAFLET, "press/leaflets/where-to-get-help-trifold.pdf",
                                      WESTMOOR])
def test_body_text_prints_on_the_black_plate_alone(builds: Builds, tmp_path: Path,
                                                   relative: str):
    pdf, dpi = builds.press / relative, 100
    plates = separations(pdf, tmp_path, dpi)
    for number, page in enumerate(plates):
        words = plain_body_words(pdf, number)
        assert len(words) > 20, (relative, number)
        for box in words:
            assert most_ink(page["Black"], box, dpi) > 200, (relative, number, box)
            for plate in ("Cyan", "Magenta", "Yellow"):
                assert most_ink(page[plate], box, dpi) == 0, (relative, number, plate, box)


@needs_gs
def test_headings_keep_their_colour(builds: Builds, tmp_path: Path):
    """The rule above leaves large headings alone: the teal prints on cyan."""
    pdf, dpi = builds.press / LEAFLET, 100
    page = separations(pdf, tmp_path, dpi)[0]
    with pdfplumber.open(pdf) as document:
        heading = next(w for w in document.pages[0].extract_words(extra_attrs=["size"])
                       if w["text"] == "Reading" and w["size"] >= 18)
    assert most_ink(page["Cyan"], (heading["x0"], heading["top"], heading["x1"],
                                   heading["bottom"]), dpi) > 100


def total_ink_inside(page: dict[str, Image.Image], box: tuple[int, int, int, int]) -> float:
    """The highest total ink of any pixel in ``box``, in per cent."""
    plates = [page[plate].crop(box) for plate in PLATES]
    total = plates[0]
    heaviest = 0
    for row in range(total.height):
        for column in range(total.width):
            heaviest = max(heaviest, sum(p.getpixel((column, row)) for p in plates))
    return heaviest * 100 / 255


@needs_gs
def test_total_ink_inside_the_bleed_stays_within_300_percent(builds: Builds, tmp_path: Path):
    dpi = 25
    for index, pdf in enumerate(press_pdfs(builds)):
        reader = pypdf.PdfReader(pdf)
        for number, page in enumerate(separations(pdf, tmp_path / str(index), dpi)):
            height = float(reader.pages[number].mediabox.height)
            x0, y0, x1, y1 = (float(v) for v in reader.pages[number].bleedbox)
            scale = dpi / 72
            box = (round(x0 * scale) + 1, round((height - y1) * scale) + 1,
                   round(x1 * scale) - 1, round((height - y0) * scale) - 1)
            assert total_ink_inside(page, box) <= 300.5, (pdf, number + 1)


@needs_gs
def test_the_ink_measurement_sees_the_crop_marks(builds: Builds, tmp_path: Path):
    """The measurement above can fail: the crop marks, outside the bleed, are 400 %."""
    page = separations(builds.press / LEAFLET, tmp_path, 100)[0]
    top_slug = (0, 0, page["Black"].width, round(SLUG * 100 / 72))
    assert total_ink_inside(page, top_slug) > 390


def test_the_logo_is_separated_with_black_ink(builds: Builds):
    """Through the ICC profile, the logo's darkest colour carries black (the plain formula
    it replaces gave K 0 there), within the ink limit."""
    reader = pypdf.PdfReader(builds.press / WESTMOOR)
    pictures = [image for page in reader.pages for image in page.images]
    assert pictures
    for picture in pictures:
        pixels = picture.image.convert("CMYK")
        assert pixels.mode == "CMYK"
        data = pixels.tobytes()
        darkest = max((data[i:i + 4] for i in range(0, len(data), 4)), key=sum)
        assert darkest[3] > 0.3 * 255, darkest
        assert sum(darkest) <= 3 * 255 + 3, darkest


def test_pictures_go_through_the_press_profile():
    """Black in sRGB becomes a rich black with most of it on the black plate, not the
    three-colour black of a plain formula, and within the total ink limit."""
    black = rgb_image_to_cmyk(Image.new("RGB", (1, 1), (0, 0, 0))).getpixel((0, 0))
    assert black[3] > 0.85 * 255 and sum(black) <= 3 * 255
    assert Image.new("RGB", (1, 1)).convert("CMYK").getpixel((0, 0))[3] == 0  # the formula


# ---- fonts -------------------------------------------------------------------------------

def fonts_of(reader: pypdf.PdfReader) -> list[pypdf.generic.DictionaryObject]:
    """Every font dict, once, in Form XObjects too (an imposed booklet's are there)."""
    found = {id(font): font for _, _, font in iter_fonts(reader)}
    return list(found.values())


def test_every_font_subset_has_its_own_tag(builds: Builds):
    """Imposed booklets too: their fonts are in the Form XObjects of the placed pages.
    That the tags come out the same on every build is the byte-reproducible test's."""
    for pdf in [*press_pdfs(builds), *sorted(builds.office.rglob("*.pdf"))]:
        assert len(subset_tags(pdf)) >= 2, pdf  # a regular and a bold at least


def test_press_builds_are_byte_reproducible(builds: Builds, tmp_path: Path):
    result = run_build(["--content", CONTENT, "--output", tmp_path, "--profile", "press",
                        "-q", "--only", "understanding-cues-and-crying"])
    assert result.returncode == 0, describe(result)
    again = tmp_path / LEAFLET
    assert again.read_bytes() == (builds.press / LEAFLET).read_bytes()


# ---- preflight's press rules: a fixture that breaks each, and its fixed twin -------------

def small_pdf(text_ink: CMYKColor, fill_ink: CMYKColor | None = None,
              picture: Image.Image | None = None) -> bytes:
    """One page: a line of 11 pt text in ``text_ink`` (regular and bold), optionally a
    large area in ``fill_ink`` and a CMYK picture."""
    fonts = register_family(ANDIKA)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, 300), invariant=1, enforceColorSpace="cmyk")
    if fill_ink is not None:
        canvas.setFillColor(fill_ink)
        canvas.rect(20, 150, 260, 120, stroke=0, fill=1)
    if picture is not None:
        data = io.BytesIO()
        picture.save(data, "TIFF")
        data.seek(0)
        canvas.drawImage(ImageReader(data), 20, 20, 50, 50)
    canvas.setFillColor(text_ink)
    canvas.setFont(fonts.regular, 11)
    canvas.drawString(20, 100, "Small text")
    canvas.setFont(fonts.bold, 11)
    canvas.drawString(20, 80, "Small bold text")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


BLACK = CMYKColor(0, 0, 0, 1)
TEAL = CMYKColor(0.69, 0.03, 0.14, 0.67)


def test_the_pdfx_rule_refuses_a_plain_pdf_and_passes_its_finished_twin():
    plain = small_pdf(BLACK)
    assert any("GTS_PDFXVersion" in p for p in checks.pdfx_problems(plain))
    assert any("OutputIntents" in p for p in checks.pdfx_problems(plain))
    assert checks.pdfx_problems(finish_pdf(plain, press=True)) == []


def test_the_pdfx_rule_sees_xmp_that_disagrees_with_info():
    finished = finish_pdf(small_pdf(BLACK), press=True)
    editor = pypdf_writer(finished)
    with editor as writer:
        writer._info.get_object()[pypdf.generic.NameObject("/GTS_PDFXConformance")] = \
            pypdf.generic.TextStringObject("PDF/X-1a:2001")
    problems = checks.pdfx_problems(editor.result)
    assert len(problems) == 1 and "GTS_PDFXConformance" in problems[0]


class pypdf_writer:  # noqa: N801 (used like open())
    """A pypdf copy of a PDF to change; ``result`` holds its bytes after the block."""

    def __init__(self, pdf: bytes) -> None:
        self.writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf))
        self.result = b""

    def __enter__(self) -> pypdf.PdfWriter:
        return self.writer

    def __exit__(self, *exc: object) -> None:
        out = io.BytesIO()
        self.writer.write(out)
        self.result = out.getvalue()


def test_the_black_text_rule_refuses_small_text_in_colour_and_passes_its_twin():
    coloured = small_pdf(TEAL)
    problems = checks.small_text_problems(coloured)
    assert len(problems) == 1 and "11 pt" in problems[0]
    assert checks.small_text_problems(small_pdf(BLACK)) == []
    # and the press stage itself mends it: the same page, finished, prints on black alone
    assert checks.small_text_problems(finish_pdf(coloured, press=True)) == []


def test_the_ink_limit_refuses_a_400_percent_area_and_passes_a_rich_black():
    assert "400 %" in checks.ink_problems(small_pdf(BLACK, CMYKColor(1, 1, 1, 1)))[0]
    assert checks.ink_problems(small_pdf(BLACK, CMYKColor(0.6, 0.5, 0.4, 1))) == []


def test_the_picture_ink_rule_warns_of_a_heavy_picture_and_passes_its_twin():
    heavy = Image.new("CMYK", (8, 8), (250, 250, 250, 250))
    fine = Image.new("CMYK", (8, 8), (170, 150, 130, 255))
    assert "392 %" in checks.picture_ink_problems(small_pdf(BLACK, picture=heavy))[0]
    assert checks.picture_ink_problems(small_pdf(BLACK, picture=fine)) == []


def test_the_subset_tag_rule_refuses_shared_tags_and_passes_the_finished_twin():
    plain = small_pdf(BLACK)  # as ReportLab writes it: AAAAAA+ on both fonts
    problems = checks.subset_tag_problems(plain)
    assert len(problems) == 1 and "AAAAAA+" in problems[0]
    assert checks.subset_tag_problems(finish_pdf(plain, press=False)) == []


def test_the_office_finish_changes_no_pixel():
    """Office PDFs only get their subset tags: they render exactly as laid out."""
    plain = small_pdf(CMYKColor(0.2, 0.1, 0, 0.8))
    finished = finish_pdf(plain, press=False)
    assert finished != plain
    images = [pypdfium2.PdfDocument(pdf)[0].render(scale=2).to_pil() for pdf in
              (plain, finished)]
    assert images[0].tobytes() == images[1].tobytes()
