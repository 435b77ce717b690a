"""Every shipped translation, language by language (Polish, Romanian, Urdu, Bangla, Punjabi,
and Arabic when its folder is there): its letters are in the theme's fonts, the glyphs in
the PDF are the ones HarfBuzz chose, its text reads back as written, it says its language,
every page of a draft says it is a draft, press builds leave drafts out, and a changed
English passage makes the translation out of date. A format a translation cannot fit is a
named error, never a missing or clipped PDF.

The glyph check reads the PDF itself: each embedded TrueType subset's cmap (which code is
which glyph) and glyf table, and compares each drawn glyph's outline header (its contour
count and bounding box) with that of the glyph HarfBuzz picks in the committed font file.
"""

from __future__ import annotations

import itertools
import re
import shutil
import struct
import subprocess
import unicodedata
from pathlib import Path

import polib
import pypdf
import pytest
import uharfbuzz as hb
from conftest import (
    CONTENT,
    PANEL_CUTS_MM,
    describe,
    diagnostics,
    find_diag,
    letters,
    line_with,
    mark_checked,
    read_back,
    run_build,
    strip_markup,
)
from pypdf.generic import ContentStream
from test_translations import run_translations

from imhprint.i18n.dates import language_name
from imhprint.theme import FONT_FAMILIES, NOTO_NASTALIQ_URDU, missing_glyphs

TRANSLATIONS = CONTENT / "translations"
LANGUAGES = sorted(p.name for p in TRANSLATIONS.iterdir() if p.is_dir())
URDU = TRANSLATIONS / "ur"
POSTER = "babies-cry-you-can-cope"
RESOURCES = {  # id: the PDFs it is made as (a translation goes beside, as NAME.LANG.pdf)
    "understanding-cues-and-crying": ["leaflets/understanding-cues-and-crying",
                                      "leaflets/understanding-cues-and-crying-trifold"],
    "where-to-get-help": ["leaflets/where-to-get-help", "leaflets/where-to-get-help-trifold"],
    POSTER: [f"posters/{POSTER}-{size}" for size in ("a4", "a3", "a2")],
}
FORMAT_OF = {"trifold": "leaflet-trifold", "a4": "poster-a4", "a3": "poster-a3",
             "a2": "poster-a2"}
ENGLISH_BAND = "Draft translation: not yet checked"
FAMILIES = {*FONT_FAMILIES.values(), NOTO_NASTALIQ_URDU}


BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F])


def nfc(text: str) -> str:
    """NFC with white space folded, without the embedding and isolate marks pdftotext
    puts around right-to-left runs (they are not on the page)."""
    return " ".join(unicodedata.normalize("NFC", text).translate(BIDI_CONTROLS).split())


def folder(language: str) -> Path:
    return TRANSLATIONS / language


def catalog(language: str, name: str) -> polib.POFile:
    return polib.pofile(str(folder(language) / f"{name}.po"))


def msgstr(language: str, name: str, key: str) -> str:
    (entry,) = [e for e in catalog(language, name) if e.msgctxt == key]
    return entry.msgstr


def format_name(pdf_name: str) -> str:
    tail = pdf_name.rsplit("-", 1)[-1]
    return FORMAT_OF.get(tail, "leaflet-a4") if "/" in pdf_name else pdf_name


def built(real_build, language: str) -> list[Path]:
    """The language's PDFs: each is built, or the build said, by name, that it does not
    fit (and then no PDF of it is left behind)."""
    found = []
    name = language_name(language)
    for resource_id, pdfs in RESOURCES.items():
        if not (TRANSLATIONS / language / f"{resource_id}.po").is_file():
            continue
        for pdf_name in pdfs:
            pdf = real_build.output / f"{pdf_name}.{language}.pdf"
            if pdf.is_file():
                found.append(pdf)
                continue
            said = f"'{resource_id}' does not fit the {format_name(pdf_name)} format in " \
                   f"the {name} translation"
            assert said in real_build.result.stderr, \
                f"{pdf.name} not built, and no error says why\n{describe(real_build.result)}"
    return found


def some_built(real_build, language: str) -> list[Path]:
    pdfs = built(real_build, language)
    if not pdfs:
        pytest.skip(f"no {language} format fits (each said so by name; see "
                    "test_every_format_is_built_or_named)")
    return pdfs


def reading_text(pdf: Path) -> str:
    """The PDF's text as read; a tri-fold's panel by panel, since poppler reads lines that
    stand side by side in two panels (a title wrapped on the cover, the back's lines) as
    one column."""
    if "-trifold" not in pdf.name:
        return pdftotext(pdf)
    pages = len(pypdf.PdfReader(pdf).pages)
    cuts = [mm * 72 / 25.4 for mm in PANEL_CUTS_MM]
    return "\n".join(
        pdftotext(pdf, page, crop=(left, right - left))
        for page in range(1, pages + 1) for left, right in itertools.pairwise(cuts))


def pdftotext(pdf: Path, page: int | None = None,
              crop: tuple[float, float] | None = None) -> str:
    """poppler's text of the PDF, or of one page; ``crop``: only what stands between x and
    x + width (points)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pages = ["-f", str(page), "-l", str(page)] if page else []
    if crop:
        pages += ["-x", str(round(crop[0])), "-y", "0", "-W", str(round(crop[1])),
                  "-H", "10000"]
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


# ---- reading the glyphs a PDF draws -------------------------------------------------------

def _tables(data: bytes) -> dict[str, bytes]:
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * index:28 + 16 * index])
        tables[tag.decode("latin-1")] = data[offset:offset + length]
    return tables


def glyph_headers(data: bytes) -> list[bytes]:
    """Each glyph's outline header (contours, xMin, yMin, xMax, yMax), by glyph id."""
    tables = _tables(data)
    loca = tables["loca"]
    if struct.unpack(">h", tables["head"][50:52])[0] == 1:
        offsets = list(struct.unpack(f">{len(loca) // 4}I", loca))
    else:
        offsets = [o * 2 for o in struct.unpack(f">{len(loca) // 2}H", loca)]
    glyf = tables["glyf"]
    return [glyf[a:a + 10] if b > a else b"" for a, b in itertools.pairwise(offsets)]


def subset_codes(data: bytes) -> dict[int, int]:
    """Code -> glyph id of an embedded subset (ReportLab writes a format 6 cmap)."""
    cmap = _tables(data)["cmap"]
    for index in range(struct.unpack(">H", cmap[2:4])[0]):
        offset = struct.unpack(">I", cmap[8 + 8 * index:12 + 8 * index])[0]
        if struct.unpack(">H", cmap[offset:offset + 2])[0] == 6:
            first, count = struct.unpack(">HH", cmap[offset + 6:offset + 10])
            ids = struct.unpack(f">{count}H", cmap[offset + 10:offset + 10 + 2 * count])
            return {first + i: gid for i, gid in enumerate(ids)}
    raise AssertionError("the embedded subset has no format 6 cmap")


def drawn_glyphs(pdf: Path) -> dict[str, list[bytes]]:
    """For each face (base name without the subset tag), the headers of the glyphs drawn
    with it, in drawing order; glyphs without ink (spaces, which the text path also uses
    to pad offset glyphs, and Nastaliq's empty joiners) are left out."""
    reader = pypdf.PdfReader(pdf)
    drawn: dict[str, list[bytes]] = {}
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        faces = {}
        for name, ref in fonts.items():
            font = ref.get_object()
            if "/FontDescriptor" not in font or "/FontFile2" not in font["/FontDescriptor"]:
                continue  # a standard font: nothing shaped is drawn with it
            data = font["/FontDescriptor"]["/FontFile2"].get_data()
            base = str(font["/BaseFont"]).split("+", 1)[-1]
            faces[name] = (base, subset_codes(data), glyph_headers(data))
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = faces.get(operands[0])
            elif operator in (b"Tj", b"TJ") and current is not None:
                base, codes, headers = current
                items = operands[0] if operator == b"TJ" else [operands[0]]
                for item in items:
                    if isinstance(item, (str, bytes)):
                        raw = item.original_bytes if hasattr(item, "original_bytes") \
                            else bytes(item)
                        drawn.setdefault(base, []).extend(  # glyphs with ink only
                            headers[codes[b]] for b in raw if headers[codes[b]])
    return drawn


def face_file(base: str) -> Path:
    """The committed file of a face the PDF names by its PostScript name."""
    for family in FAMILIES:
        for path in (family.regular, family.bold):
            if base in (path.stem, path.stem.removesuffix("-Regular")):
                return path
    raise AssertionError(f"{base} is not a font of the theme")


def harfbuzz_headers(path: Path, word: str, language: str) -> list[bytes]:
    data = path.read_bytes()
    font = hb.Font(hb.Face(hb.Blob(data)))
    buffer = hb.Buffer()
    buffer.add_str(word)
    buffer.language = language
    buffer.guess_segment_properties()
    hb.shape(font, buffer)
    headers = glyph_headers(data)
    return [headers[info.codepoint] for info in buffer.glyph_infos if headers[info.codepoint]]


def sample_words(language: str) -> list[str]:
    """The longest words of the poster's and the leaflets' titles and ICON lines."""
    texts = [msgstr(language, POSTER, key) for key in
             ("title", "intro", "bullets 1 item 1", "bullets 1 item 4")]
    words = {w.strip("*.,:;!?()") for t in texts for w in strip_markup(t).split()}
    return sorted((w for w in words if len(w) > 3), key=lambda w: (-len(w), w))[:4]


# ---- the tests ----------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translated_string_has_glyphs(language: str) -> None:
    for po in sorted(folder(language).glob("*.po")):
        for entry in polib.pofile(str(po)):
            if entry.msgstr:
                missing = missing_glyphs(strip_markup(entry.msgstr), language)
                assert not missing, (po.name, entry.msgctxt, missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_format_is_built_or_named(real_build, language: str) -> None:
    built(real_build, language)


def test_urdu_that_does_not_fit_says_why(tmp_path: Path) -> None:
    """Nastaliq's lines are about twice as tall as English ones: an Urdu poster written
    too long (a copy whose one line is said eight times over) does not fit, each size is
    an error that says why, and no PDF is written. The real Urdu poster fits
    (test_urdu_poster.py)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    po_file = content / "translations" / "ur" / f"{POSTER}.po"
    catalogue = polib.pofile(str(po_file))
    entry = next(e for e in catalogue if e.msgctxt == "paragraph 1")
    entry.msgstr = " ".join([entry.msgstr] * 8)
    catalogue.save(str(po_file))
    output = tmp_path / "output"
    result = run_build(["--content", content, "--output", output, "--only", POSTER,
                        "--language", "ur"])
    assert result.returncode == 1, describe(result)
    for size in ("a4", "a3", "a2"):
        (message,) = [d.message for d in diagnostics(result.stderr)
                      if f"does not fit the poster-{size} format in the Urdu" in d.message]
        assert "Nastaliq" in message and "never made smaller" in message, message
        assert not (output / "posters" / f"{POSTER}-{size}.ur.pdf").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_shaped_glyphs_in_the_pdf_are_harfbuzzs(real_build, language: str) -> None:
    pdfs = [p for p in some_built(real_build, language) if POSTER in p.name] or \
        some_built(real_build, language)
    assert_harfbuzz_glyphs_drawn(pdfs[0], language)


def assert_harfbuzz_glyphs_drawn(pdf: Path, language: str) -> None:
    """Each sample word's glyphs, as HarfBuzz shapes it in the face it is drawn in, are
    drawn one after another in the PDF."""
    drawn = drawn_glyphs(pdf)
    for word in sample_words(language):
        assert any(b"|".join(harfbuzz_headers(face_file(base), word, language))
                   in b"|".join(headers) for base, headers in drawn.items()), \
            f"{word!r}: HarfBuzz's glyphs are not drawn in {pdf.name}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_extracted_text_is_the_source_text(real_build, language: str) -> None:
    for pdf in some_built(real_build, language):
        resource_id = next(r for r in RESOURCES if pdf.name.startswith(r))
        # letters and digits in order: pdftotext moves punctuation in right-to-left text
        text = letters(reading_text(pdf))
        for key in ("title", "intro"):
            passage = strip_markup(msgstr(language, resource_id, key))
            assert read_back(passage, text), (pdf.name, key, passage)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_says_its_language(real_build, language: str) -> None:
    for pdf in some_built(real_build, language):
        assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == language, pdf.name


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_a_draft_has_the_band(real_build, language: str) -> None:
    own = nfc(msgstr(language, "strings", "translation_draft"))
    for pdf in some_built(real_build, language):
        for page in range(1, len(pypdf.PdfReader(pdf).pages) + 1):
            text = pdftotext(pdf, page)
            assert ENGLISH_BAND in nfc(text) and read_back(own, letters(text)), \
                (pdf.name, page)


def test_press_leaves_every_draft_out_with_a_warning(tmp_path: Path) -> None:
    output = tmp_path / "output"
    args = [a for language in LANGUAGES for a in ("--language", language)]
    result = run_build(["--output", output, "--only", POSTER, "--profile", "press",
                        "--language", "en-GB", *args])
    assert result.returncode == 0, describe(result)
    press = output / "press" / "posters"
    assert sorted(p.name for p in press.glob("*.pdf")) == [
        f"{POSTER}-{size}.pdf" for size in ("a2", "a3", "a4")]
    for language in LANGUAGES:
        po_path = TRANSLATIONS / language / f"{POSTER}.po"
        line = line_with(po_path.read_text(encoding="utf-8"), '"X-Translation-State:')
        find_diag(result.stderr, po_path, line, "warning", "left out of the press build")


def test_a_changed_english_passage_puts_every_language_out_of_date(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    poster = content / "posters" / f"{POSTER}.yaml"
    old, new = "All babies cry. It is not your fault.", "All babies cry. It is never your fault."
    poster.write_text(poster.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = run_translations(["status", "--content", content])
    assert result.returncode == 0, describe(result)
    for language in LANGUAGES:
        po_path = content / "translations" / language / f"{POSTER}.po"
        (entry,) = [e for e in polib.pofile(str(po_path)) if e.msgctxt == "intro"]
        find_diag(result.stderr, po_path, entry.linenum, "warning", "out of date")
        row = next(line for line in result.stdout.splitlines()
                   if re.match(rf"{language}\s+{POSTER}\.po", line))
        assert "out of date" in row, row


# ---- Urdu in Nastaliq: its own lines, never touching ------------------------------------

PAGE_HEIGHT = 1400.0
DPI = 150


def urdu_page(path: Path, passages: list[str], size: float, width: float) -> int:
    """The passages set one under another by the text path, as a leaflet's paragraphs
    are, in three copies: whole (page 1), only lines 1, 3, 5... of each paragraph
    (page 2) and only lines 2, 4, 6... (page 3), each line where it stands on page 1.
    Returns how many lines there are."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas

    from imhprint.text import ShapedParagraph
    from imhprint.theme import fonts_for

    fonts = fonts_for("ur")
    style = ParagraphStyle("ur", fontName=fonts.regular, fontSize=size, leading=size * 1.42)
    canvas = Canvas(str(path), pagesize=(width + 40, PAGE_HEIGHT))
    count = 0
    for keep in (None, 0, 1):
        top = PAGE_HEIGHT - 20
        for passage in passages:
            paragraph = ShapedParagraph(passage, style, "ur")
            _, height = paragraph.wrap(width, 10_000)
            lines = paragraph.lines(width)
            y = top
            for index, line in enumerate(lines):
                if keep is None or index % 2 == keep:
                    part = paragraph._part([line], None)
                    part.wrap(width, 10_000)
                    part.drawOn(canvas, 20, y - line.height)
                y -= line.height
            count += len(lines) if keep is None else 0
            top -= height + size  # a gap between paragraphs, as between blocks
        canvas.showPage()
    canvas.save()
    return count


def inked(png: Path) -> set[tuple[int, int]]:
    """The pixels with ink, grown by one pixel each way."""
    from PIL import Image

    image = Image.open(png).convert("L")
    width, height = image.size
    pixels = image.load()
    ink = {(x, y) for y in range(height) for x in range(width) if pixels[x, y] < 224}
    return {(x + dx, y + dy) for x, y in ink for dx in (-1, 0, 1) for dy in (-1, 0, 1)}


@pytest.mark.skipif(not URDU.is_dir(), reason="no Urdu translation")
@pytest.mark.parametrize("size", [12, 14, 20])
def test_urdu_lines_never_touch_the_next(tmp_path: Path, size: float) -> None:
    """The Urdu drafts' passages at leaflet and poster sizes: lines sit as close as their
    glyphs allow (a tall word under the gap of the line above), and the ink of odd lines
    never meets the ink of even ones, so no dot or descender touches the next line."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    passages = [e.msgstr for po in sorted(URDU.glob("*.po"))
                for e in polib.pofile(str(po)) if e.msgstr and len(e.msgstr) > 40]
    pdf = tmp_path / "urdu.pdf"
    lines = urdu_page(pdf, passages[:16], size, 300.0)
    assert lines > 20  # the passages really wrap
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(tmp_path / "p")],
                   check=True)
    whole, odd, even = (sorted(tmp_path.glob("p-*.png"))[i] for i in range(3))
    assert inked(odd) and inked(even) and inked(whole)
    assert not inked(odd) & inked(even), "a line's ink touches the next line's"


@pytest.mark.skipif(not URDU.is_dir(), reason="no Urdu translation")
def test_urdu_draft_glyphs_are_harfbuzzs(tmp_path: Path) -> None:
    pdf = tmp_path / "urdu.pdf"
    urdu_page(pdf, [msgstr("ur", POSTER, k) for k in ("title", "intro", "bullets 1 item 4")],
              14, 300.0)
    assert_harfbuzz_glyphs_drawn(pdf, "ur")


def test_every_format_builds_in_an_edition_once_checked(tmp_path: Path) -> None:
    """An edition carries checked translations only, and takes room of its own (the hub's
    details, local services): once checked, each language fits every format there too."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    mark_checked((content / "translations").glob("*/*.po"))
    output = tmp_path / "output"
    args = [a for language in LANGUAGES for a in ("--language", language)]
    result = run_build(["--content", content, "--output", output, "--edition", "riverside",
                        *args])
    assert result.returncode == 0, describe(result)
    for language in LANGUAGES:
        for pdfs in RESOURCES.values():
            for name in pdfs:
                pdf = output / "riverside" / f"{name}.{language}.pdf"
                assert pdf.is_file(), f"{pdf.name} not built\n{describe(result)}"
    # every translated PDF the edition makes (large print too): checked, so no band
    for pdf in (output / "riverside").rglob("*.*.pdf"):
        assert ENGLISH_BAND not in nfc(pdftotext(pdf)), pdf.name
