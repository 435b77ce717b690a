"""Whole pages in a right-to-left language: the Arabic drafts, built by the CLI, read back.

Words are taken from where poppler (pdftotext -bbox-layout) finds them on the page,
lines from PDFium's character boxes, and shapes (bars, rules) from pdfplumber. Each check
is made on the Arabic PDF and, where the English shows the opposite, on the English one
too, so a page that is not mirrored fails.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import polib
import pypdf
import pytest
from conftest import CONTENT, describe, run_build, strip_markup
from test_textpath import Word, folded, pdftotext, poppler_lines

LANGUAGE = "ar"
TRANSLATIONS = CONTENT / "translations" / LANGUAGE
LEAFLETS = ("understanding-cues-and-crying", "where-to-get-help")
POSTER = "babies-cry-you-can-cope"
ENGLISH_BAND = "Draft translation: not yet checked"
WARNING = (0.62, 0.169, 0.118)  # the theme's warning colour (#9E2B1E), as pdfplumber reads it


@dataclass(frozen=True)
class Built:
    output: Path

    def leaflet(self, resource_id: str, trifold: bool = False, english: bool = False) -> Path:
        name = resource_id + ("-trifold" if trifold else "")
        return self.output / "leaflets" / f"{name}{'' if english else '.' + LANGUAGE}.pdf"

    def poster(self, size: str, english: bool = False) -> Path:
        return self.output / "posters" / f"{POSTER}-{size}{'' if english else '.' + LANGUAGE}.pdf"

    def arabic(self) -> list[Path]:
        return sorted(self.output.rglob(f"*.{LANGUAGE}.pdf"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    output = tmp_path_factory.mktemp("rtl") / "output"
    only = [arg for resource in (*LEAFLETS, POSTER) for arg in ("--only", resource)]
    result = run_build(["--output", output, "--language", LANGUAGE, "--language", "en-GB",
                        *only])
    assert result.returncode == 0, describe(result)
    return Built(output)


def passages(name: str) -> dict[str, str]:
    """The Arabic of a PO file, by msgctxt."""
    return {e.msgctxt: e.msgstr for e in polib.pofile(str(TRANSLATIONS / f"{name}.po"))}


# ---- reading words in order ------------------------------------------------------------

def key(word: str) -> str:
    """A word's letters and digits only: punctuation and vowel marks are left out, as
    extractors place them differently (pdftotext moves a full stop beside a number)."""
    return "".join(ch for ch in unicodedata.normalize("NFC", word)
                   if unicodedata.category(ch)[0] in "LN" and ch != "\u0640")


def is_arabic(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def left_to_right(word: str) -> bool:
    """A word with no right-to-left letter: a number, an address, an English name."""
    return bool(key(word)) and not any(is_arabic(ch) for ch in word)


def source_words(text: str) -> list[str]:
    return [k for k in (key(w) for w in strip_markup(text).split()) if k]


def read_right_to_left(line: list[Word]) -> list[str]:
    """A line's words from right to left, except that each run of left-to-right words
    (a phone number, "NHS 111") is taken from left to right, as it must read: if the
    page put those in the wrong order, or the Arabic words left to right, the words no
    longer follow the source."""
    words = sorted(line, key=lambda w: -w.x1)
    result: list[str] = []
    run: list[str] = []
    for word in words:
        if left_to_right(word.text):
            run.append(key(word.text))
            continue
        result += reversed(run)
        run = []
        if key(word.reading):
            result.append(key(word.reading))
    return result + list(reversed(run))


def page_words(pdf: Path, page: int) -> list[str]:
    return [w for line in poppler_lines(pdf, page) for w in read_right_to_left(line)]


def contains(words: list[str], part: list[str]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


def find_line(pdf: Path, page: int, text: str) -> list[Word]:
    """The line on the page whose words, read right to left, begin with ``text``."""
    wanted = source_words(text)
    for line in poppler_lines(pdf, page):
        if read_right_to_left(line)[:len(wanted)] == wanted:
            return line
    raise AssertionError(f"no line on page {page} of {pdf.name} starts with {text!r}")


def find_word(pdf: Path, page: int, text: str) -> Word:
    """The first word on the page that reads as ``text`` (letters and digits)."""
    wanted = key(text)
    for line in poppler_lines(pdf, page):
        for word in line:
            if key(word.reading) == wanted or key(word.text) == wanted:
                return word
    raise AssertionError(f"no word {text!r} on page {page} of {pdf.name}")


def right_edge(line: list[Word]) -> float:
    return max(w.x1 for w in line)


def left_edge(line: list[Word]) -> float:
    return min(w.x0 for w in line)


# ---- the PDF as a whole -----------------------------------------------------------------

def test_every_arabic_pdf_is_built_and_says_its_language(built: Built) -> None:
    pdfs = built.arabic()
    # two leaflets in three formats (A4, tri-fold, large print), the poster in three sizes
    assert len(pdfs) == len(LEAFLETS) * 3 + 3, pdfs
    for pdf in pdfs:
        assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == LANGUAGE, pdf.name


def test_every_page_carries_the_draft_band_with_its_bar_on_the_right(built: Built) -> None:
    band = passages("strings")["translation_draft"]
    for pdf in built.arabic():
        with pdfplumber.open(pdf) as doc:
            for number, page in enumerate(doc.pages, start=1):
                text = folded(pdftotext(pdf, number))
                assert ENGLISH_BAND in text, (pdf.name, number)
                # pdftotext puts a colon in right-to-left text beside the next word, and
                # on a page mostly in English (the sources) the halves in English order
                words = source_words(text.replace(":", " "))
                for half in band.split(":"):
                    assert contains(words, source_words(half)), \
                        (pdf.name, number, half)
                bars = warning_bars(page)
                assert bars, (pdf.name, number)
                band_line = find_line(pdf, number, band)
                # each band's bar stands just right of its words
                assert any(0 < bar[0] - right_edge(band_line) < 30 for bar in bars), \
                    (pdf.name, number, bars, right_edge(band_line))


def warning_bars(page: pdfplumber.page.Page) -> list[tuple[float, float]]:
    """(x0, x1) of the narrow bars in the warning colour: a draft band's or callout's."""
    shapes = [*page.rects, *page.curves]
    return [(s["x0"], s["x1"]) for s in shapes
            if s.get("fill") and 4 < s["x1"] - s["x0"] < 8 and s["height"] > 10
            and tuple(round(c, 3) for c in (s.get("non_stroking_color") or ())) == WARNING]


# ---- lines read right to left, numbers and addresses left to right -----------------------

def test_lines_read_right_to_left_and_numbers_left_to_right(built: Built) -> None:
    """Every passage of the leaflets, read line by line from the right (numbers and
    English names from the left), gives back the source words in their order, in the A4
    leaflet or (for a passage only the tri-fold prints) the tri-fold."""
    for resource in LEAFLETS:
        formats = [[w for page in (1, 2) for w in page_words(pdf, page)]
                   for pdf in (built.leaflet(resource), built.leaflet(resource, trifold=True))]
        for context, text in passages(resource).items():
            if context.startswith(("cues ", "tips ")):
                continue  # cells side by side: their lines interleave (tested below)
            assert any(contains(words, source_words(text)) for words in formats), \
                (resource, context, text)


def test_a_phone_number_reads_left_to_right_inside_right_to_left_text(built: Built) -> None:
    pdf = built.leaflet("where-to-get-help")
    text = passages("where-to-get-help")["callout 2 text"]
    assert "116 123" in text
    for number in ("116 123", "85258"):
        found = [line for page in (1, 2) for line in poppler_lines(pdf, page)
                 if number.split()[0] in [w.text for w in line]]
        assert found, number
        line = found[0]
        x = {w.text: w.x0 for w in line}
        parts = number.split()
        assert [x[p] for p in parts] == sorted(x[p] for p in parts), number
    # the Samaritans' name is English: its letters left to right, the line right to left
    samaritans = find_word(pdf, 2, "Samaritans")
    assert samaritans.text == "Samaritans"


def joined(text: str) -> str:
    """Letters and digits run together: pdftotext moves the space beside a number in
    right-to-left text to its other side ("من 1 شهر" comes out "من 1شهر")."""
    return "".join(source_words(text))


def test_extracted_text_is_the_source_text(built: Built) -> None:
    """pdftotext, in its own reading order, gives back every heading, paragraph and list
    item of the A4 leaflets as written (tables and cards set cells side by side)."""
    for resource in LEAFLETS:
        pdf = built.leaflet(resource)
        extracted = joined(" ".join(pdftotext(pdf, page) for page in (1, 2)))
        a4_words = page_words(pdf, 1) + page_words(pdf, 2)
        checked = 0
        for context, text in passages(resource).items():
            if context.startswith(("cues ", "tips ")) or \
                    not contains(a4_words, source_words(text)):
                continue  # not in cells side by side, nor a tri-fold-only passage
            assert joined(text) in extracted, (resource, context)
            checked += 1
        assert checked >= 10, resource


# ---- what stands beside the words -------------------------------------------------------

def test_bullets_stand_right_of_their_text(built: Built) -> None:
    for english, at_right in ((False, True), (True, False)):
        pdf = built.leaflet("understanding-cues-and-crying", english=english)
        lines = [line for line in poppler_lines(pdf, 2) if line and any(
            w.text == "\u2022" for w in line)]
        assert len(lines) >= 10, pdf.name
        for line in lines:
            bullet = next(w for w in line if w.text == "\u2022")
            text = [w for w in line if w is not bullet]
            if at_right:
                assert bullet.x0 > max(w.x1 for w in text), pdf.name
            else:
                assert bullet.x1 < min(w.x0 for w in text), pdf.name


def test_the_callout_bar_and_icon_stand_on_the_right(built: Built) -> None:
    for english, at_right in ((False, True), (True, False)):
        pdf = built.leaflet("where-to-get-help", english=english)
        with pdfplumber.open(pdf) as doc:
            page = doc.pages[0]
            middle = page.width / 2
            bars = warning_bars(page)
            # page 1: the draft band's bar (Arabic only) and the emergency callout's
            assert bars, pdf.name
            assert all((x0 > middle) == at_right for x0, _ in bars), (pdf.name, bars)


def test_the_cues_table_reads_from_right_to_left(built: Built) -> None:
    strings = passages("strings")
    cues = passages("understanding-cues-and-crying")
    pdf = built.leaflet("understanding-cues-and-crying")
    heads = [find_word(pdf, 1, strings[k].split()[0]).x1
             for k in ("cue_you_see", "cue_it_may_mean", "cue_you_can_try")]
    assert heads == sorted(heads, reverse=True), heads
    row = [find_line(pdf, 1, cues[f"cues 1 item 1 {k}"]) for k in ("you_see",)]
    first_cell = right_edge(row[0])
    hunger = find_word(pdf, 1, cues["cues 1 item 1 it_may_mean"].split()[0])
    assert hunger.x1 < first_cell - 50
    english = built.leaflet("understanding-cues-and-crying", english=True)
    heads = [find_word(english, 1, w).x0 for w in ("Your", "This", "You")]
    assert heads == sorted(heads), heads


def test_cards_run_from_right_to_left(built: Built) -> None:
    cues = passages("understanding-cues-and-crying")
    pdf = built.leaflet("understanding-cues-and-crying")
    first = find_line(pdf, 1, cues["tips 1 item 1 tip"])
    second = find_line(pdf, 1, cues["tips 1 item 2 tip"])
    assert left_edge(first) > right_edge(second), "the first card must be on the right"
    english = built.leaflet("understanding-cues-and-crying", english=True)
    assert find_word(english, 1, "Infant").x0 < find_word(english, 1, "Comforting").x0


def test_the_back_page_panels_and_useful_numbers_are_mirrored(built: Built) -> None:
    strings = passages("strings")
    pdf = built.leaflet("understanding-cues-and-crying")
    hub = find_line(pdf, 2, strings["hub_heading"])
    numbers = find_line(pdf, 2, strings["key_numbers_heading"])
    assert left_edge(hub) > right_edge(numbers), "the hub panel comes first, on the right"
    # a useful number stands left of its name, and its digit groups read left to right
    name = find_word(pdf, 2, "Cry-sis")
    groups = [find_word(pdf, 2, g) for g in ("0800", "448", "0737")]
    assert groups[2].x1 < name.x0
    assert groups[0].x1 < groups[1].x0 < groups[1].x1 < groups[2].x0
    # write-in labels stand at the right, their lines run on to the left
    label = find_word(pdf, 2, strings["hub_name_label"])
    assert label.x1 == pytest.approx(right_edge(hub), abs=2)


def test_the_page_number_is_at_the_left_of_the_footer(built: Built) -> None:
    strings = passages("strings")
    pdf = built.leaflet("understanding-cues-and-crying")
    for page in (1, 2):
        text = strings["page_x_of_y"].format(page=page, pages=2)
        assert joined(text) in joined(pdftotext(pdf, page))
        line = [w for w in poppler_lines(pdf, page) if key(text.split()[0]) in
                [key(x.reading) for x in w]]
        assert line, page
        word = next(w for w in line[-1] if key(w.reading) == key(text.split()[0]))
        assert word.x1 < pypdf.PdfReader(pdf).pages[0].mediabox.width / 3, page


# ---- the tri-fold -----------------------------------------------------------------------

def panel_of(x: float, sheet_width: float) -> int:
    return min(2, int(x / (sheet_width / 3)))


def test_the_trifold_sheet_is_mirrored_so_it_opens_from_the_left(built: Built) -> None:
    """Outside: [front cover | back | inside flap]; inside: [inside 3 | 2 | 1]. The
    English is the other way round."""
    cues = passages("understanding-cues-and-crying")
    strings = passages("strings")
    pdf = built.leaflet("understanding-cues-and-crying", trifold=True)
    width = float(pypdf.PdfReader(pdf).pages[0].mediabox.width)
    title = find_line(pdf, 1, cues["title"].split()[0])
    hub = find_line(pdf, 1, strings["hub_heading"])
    flap = find_line(pdf, 1, cues["heading 1"])
    assert [panel_of(left_edge(x), width) for x in (title, hub, flap)] == [0, 1, 2]
    inside = [find_line(pdf, 2, cues[c]) for c in ("heading 2", "heading 3")]
    # the content flows on from inside 1 (the right) to the left
    assert panel_of(left_edge(inside[0]), width) > panel_of(left_edge(inside[1]), width)
    english = built.leaflet("understanding-cues-and-crying", trifold=True, english=True)
    assert panel_of(find_word(english, 1, "Understanding").x0, width) == 2
    assert panel_of(find_word(english, 1, "Useful").x0, width) == 1


# ---- the poster ---------------------------------------------------------------------------

@pytest.mark.parametrize("size", ["a4", "a3", "a2"])
def test_the_poster_is_mirrored_at_every_size(built: Built, size: str) -> None:
    poster = passages(POSTER)
    services = passages("services")
    pdf = built.poster(size)
    width = float(pypdf.PdfReader(pdf).pages[0].mediabox.width)
    lines = [find_line(pdf, 1, poster[f"bullets 1 item {i}"]) for i in (1, 2, 3, 4)]
    rights = [right_edge(line) for line in lines]
    # the ICON lines start at the right, under one another, each after its bullet
    assert max(rights) - min(rights) < 1 and min(rights) > width * 0.8, rights
    bullets = [w for line in lines for w in line if w.text == "\u2022"]
    assert len(bullets) == 4
    # cards: NHS 111 (first in the block) on the right, 999 on its left
    nhs = find_word(pdf, 1, "NHS")
    emergency = find_word(pdf, 1, services["emergency-999 name"].split()[0])
    assert nhs.x0 > width / 2 > emergency.x1
    # the hub band's house icon and label are on the right
    label = find_word(pdf, 1, passages("strings")["hub_heading"].split()[0])
    assert label.x1 > width * 0.6


def test_arabic_text_has_no_missing_or_dotted_circle_glyphs(built: Built) -> None:
    """A dotted circle (U+25CC) or a replacement character means shaping failed."""
    for pdf in built.arabic():
        text = "".join(pdftotext(pdf, page) for page in
                       range(1, len(pypdf.PdfReader(pdf).pages) + 1))
        assert "\u25cc" not in text and "\ufffd" not in text, pdf.name
        assert re.search(r"[\u0600-\u06ff]", text), pdf.name


def test_an_out_of_date_passage_prints_its_english_in_english_order_at_the_right(
        tmp_path: Path) -> None:
    """The English printed in place of an out-of-date translation keeps its own word
    order and stops (it has no right-to-left letter), and stands at the right like the
    Arabic around it."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    poster_file = content / "posters" / f"{POSTER}.yaml"
    english = "All babies cry. It is never, ever your fault."
    text = poster_file.read_text(encoding="utf-8")
    assert "All babies cry. It is not your fault." in text
    poster_file.write_text(text.replace("All babies cry. It is not your fault.", english),
                           encoding="utf-8")
    result = run_build(["--content", content, "--output", tmp_path / "out", "--language",
                        LANGUAGE, "--only", POSTER])
    assert result.returncode == 0, describe(result)
    pdf = tmp_path / "out" / "posters" / f"{POSTER}-a4.{LANGUAGE}.pdf"
    [line] = [line for line in poppler_lines(pdf, 1) if "babies" in [w.text for w in line]]
    left_to_right = [w.text for w in sorted(line, key=lambda w: w.x0)]
    assert left_to_right == ["[EN]", *english.split()]
    title = find_line(pdf, 1, passages(POSTER)["title"])
    assert right_edge(line) == pytest.approx(right_edge(title), abs=1)


def test_the_sample_band_shapes_its_arabic_words_and_centres_them(tmp_path: Path) -> None:
    """The sample band is drawn straight onto the page, not as a paragraph: its words
    still go through the text path, so they join and read right to left."""
    from reportlab.pdfgen.canvas import Canvas

    from imhprint.imprint import draw_sample_band
    from imhprint.theme import PALETTE, fonts_for

    words = passages("strings")["sample_band"]
    pdf = tmp_path / "band.pdf"
    canv = Canvas(str(pdf), pagesize=(595, 842))
    draw_sample_band(canv, [(60.0, 475.0)], 842, 12, fonts_for(LANGUAGE), PALETTE, words,
                     LANGUAGE)
    canv.save()
    [line] = poppler_lines(pdf, 1)
    assert read_right_to_left(line) == source_words(words)
    middle = (left_edge(line) + right_edge(line)) / 2
    assert middle == pytest.approx(60 + 475 / 2, abs=2)
    assert "\ufffd" not in pdftotext(pdf, 1)
