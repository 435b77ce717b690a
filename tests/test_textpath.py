"""The text path: shaping, script fonts, right-to-left order and readable PDF text.

A small PDF is built once, with ShapedParagraphs of common words and sentences in Urdu,
Arabic, Bengali, Panjabi (Gurmukhi), Polish and Romanian, and then read back: glyph ids
through pdfplumber, character positions through PDFium, words and lines through poppler's
pdftotext, fonts through pdffonts. A whole Urdu leaflet is built through the CLI too.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2 as pdfium
import pytest
import uharfbuzz as hb
from conftest import CONTENT, REPO, describe, run_build, write_content
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from imhprint.markedcontent import marked_content, text_string
from imhprint.text import ShapedParagraph, needs_text_path
from imhprint.text.layout import shape_paragraph
from imhprint.text.scripts import choose_fonts, resolve_scripts
from imhprint.theme import (
    FONTS_DIR,
    NOTO_NASTALIQ_URDU,
    direction_for,
    family_for,
    fonts_for,
    missing_glyphs,
    script_for,
)

INK = HexColor("#1E2B33")
LINK = HexColor("#0B5563")
SIZE = 14
PAGE = (595.0, 842.0)
LEFT = 60.0

# Simple, common words: mother, child, love, help ... and a sentence or two.
WORDS = {
    "ur": ["ماں", "بچہ", "پیار", "مدد", "گود"],
    "ar": ["أم", "طفل", "حب", "مساعدة", "السلام"],
    "bn": ["মা", "শিশু", "ভালোবাসা", "সাহায্য", "ক্ষুধা", "কি"],
    "pa": ["ਮਾਂ", "ਬੱਚਾ", "ਪਿਆਰ", "ਮਦਦ", "ਪ੍ਰੇਮ"],
    "pl": ["matka", "dziecko", "miłość", "pomoc", "żłobek", "ręka", "są"],
    "ro": ["mamă", "copil", "iubire", "ajutor", "șapte", "față"],
}
SENTENCES = {
    "ur": "ماں اور بچہ ایک ساتھ خوش رہتے ہیں۔ اپنے بچے سے بات کریں اور اسے گود میں لیں۔",
    "ar": "الأم والطفل معاً. تحدث إلى طفلك واحمله بين ذراعيك كل يوم.",
    "bn": "মা ও শিশু একসাথে খুশি থাকে। আপনার শিশুর সাথে কথা বলুন এবং তাকে কোলে নিন।",
    "pa": "ਮਾਂ ਅਤੇ ਬੱਚਾ ਇਕੱਠੇ ਖੁਸ਼ ਰਹਿੰਦੇ ਹਨ। ਆਪਣੇ ਬੱਚੇ ਨਾਲ ਗੱਲ ਕਰੋ ਅਤੇ ਉਸਨੂੰ ਗੋਦ ਵਿੱਚ ਲਓ।",
    "pl": "Matka i dziecko są razem szczęśliwi. Mów do dziecka i trzymaj je blisko siebie.",
    "ro": "Mama și copilul sunt fericiți împreună. Vorbiți cu copilul și țineți-l aproape.",
}
# Right-to-left text with a phone number, a web address and an English name in it.
PHONE, ADDRESS, NAME = "0800 123 4567", "www.nhs.uk", "Family Hub"
MIXED = {
    "ur": f"مدد کے لیے {NAME} کو {PHONE} پر فون کریں یا [{ADDRESS}](https://{ADDRESS}) دیکھیں",
    "ar": f"اتصل بـ {NAME} على {PHONE} أو زر [{ADDRESS}](https://{ADDRESS}) اليوم",
}
FAMILIES = {"ur": "NotoNastaliqUrdu", "ar": "NotoNaskhArabic", "bn": "NotoSansBengali",
            "pa": "NotoSansGurmukhi", "pl": "Andika", "ro": "Andika"}
NARROW = 170.0  # the column width for line-breaking checks


def plain(source: str) -> str:
    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", source).replace("**", "")


def style_for(language: str) -> ParagraphStyle:
    fonts = fonts_for(language)
    return ParagraphStyle(language, fontName=fonts.regular, fontSize=SIZE,
                          leading=SIZE * 1.42, textColor=INK, bulletFontName=fonts.regular,
                          leftIndent=SIZE * 1.3, bulletIndent=SIZE * 0.2,
                          bulletColor=LINK, bulletFontSize=SIZE)


@dataclass(frozen=True)
class Placed:
    """A paragraph drawn on the sample PDF, and its box (PDF points, y up)."""

    page: int  # 1-based
    language: str
    source: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    width: float
    lines: int
    bullet: bool = False


@dataclass(frozen=True)
class Sample:
    path: Path
    placed: list[Placed]
    pages: dict[tuple[str, str], int]  # (what, language) -> page: words, sentence, mixed

    def find(self, language: str, source: str) -> Placed:
        return next(p for p in self.placed if p.language == language and p.source == source)


WORD_GAP = 50.0  # between the single words: room to tell their glyphs apart


def draw(canv: Canvas, page: int, language: str, source: str, top: float,
         width: float = PAGE[0] - 2 * LEFT, bullet: bool = False) -> Placed:
    paragraph = ShapedParagraph(source, style_for(language), language, link_color=LINK,
                                bulletText="\u2022" if bullet else None)
    _, height = paragraph.wrap(width, 10_000)
    paragraph.drawOn(canv, LEFT, top - height)
    return Placed(page, language, source, (LEFT, top - height, LEFT + width, top), width,
                  len(paragraph.lines(width)), bullet)


def build_sample(path: Path) -> Sample:
    """Per language a page of single words (the last with a bullet) and a page with a
    sentence in a narrow column; then a page of mixed text each for Urdu and Arabic."""
    canv = Canvas(str(path), pagesize=PAGE, invariant=1,
                  initialFontName=fonts_for("en").regular)
    placed: list[Placed] = []
    pages: dict[tuple[str, str], int] = {}

    def new_page(what: str, language: str) -> int:
        pages[(what, language)] = len(pages) + 1
        return len(pages)

    for language in WORDS:
        page = new_page("words", language)
        top = PAGE[1] - 50
        for index, word in enumerate([*WORDS[language], WORDS[language][0]]):
            placed.append(draw(canv, page, language, word, top,
                               bullet=index == len(WORDS[language])))
            top = placed[-1].box[1] - WORD_GAP
        canv.showPage()
        placed.append(draw(canv, new_page("sentence", language), language,
                           SENTENCES[language], PAGE[1] - 50, width=NARROW))
        canv.showPage()
    for language, source in MIXED.items():
        placed.append(draw(canv, new_page("mixed", language), language, source,
                           PAGE[1] - 50))
        canv.showPage()
    canv.save()
    return Sample(path, placed, pages)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build_sample(tmp_path_factory.mktemp("textpath") / "sample.pdf")


# ---- reading the PDF ---------------------------------------------------------------------

def pdftotext(path: Path, page: int, *extra: str) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), *extra, str(path),
                           "-"], capture_output=True, text=True, check=True).stdout


BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))


def folded(text: str) -> str:
    """NFC, without the embedding marks pdftotext puts around right-to-left runs, and
    with white space folded."""
    return " ".join(unicodedata.normalize("NFC", text).translate(BIDI_CONTROLS).split())


@dataclass(frozen=True)
class Word:
    text: str  # as poppler stores it: characters left to right
    x0: float
    x1: float

    @property
    def reading(self) -> str:
        """The word as read: a right-to-left word's characters are stored left to right."""
        rtl = any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in self.text)
        return self.text[::-1] if rtl else self.text


def poppler_lines(path: Path, page: int) -> list[list[Word]]:
    """The words of each line on a page, as pdftotext -bbox-layout finds them."""
    xml = pdftotext(path, page, "-bbox-layout")
    lines = []
    for line in re.findall(r"<line [^>]*>(.*?)</line>", xml, re.S):
        lines.append([Word(unescape(text), float(x0), float(x1)) for x0, x1, text in
                      re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
                                 r'yMax="[\d.]+">(.*?)</word>', line)])
    return lines


def unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def chars_in(path: Path, placed: Placed) -> list[dict]:
    """pdfplumber's characters inside a placed paragraph's box, in content-stream order."""
    x0, y0, x1, y1 = placed.box
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[placed.page - 1]
        height = page.height
        return [c for c in page.chars
                if x0 - 1 <= c["x0"] and c["x1"] <= x1 + 1
                and height - y1 - SIZE <= c["top"] and c["bottom"] <= height - y0 + SIZE]


class FontFile:
    """The glyph a PDF character names, read from the font file itself (not our code):
    its cmap, and the Private Use codes given, in glyph order, to the glyphs (bar .notdef)
    that no character maps to."""

    def __init__(self, path: Path) -> None:
        self.face = hb.Face(hb.Blob.from_file_path(str(path)))
        self.font = hb.Font(self.face)
        unicodes = set(self.face.unicodes)
        self.cmap = {cp: self.font.get_nominal_glyph(cp) for cp in unicodes}
        mapped = set(self.cmap.values())
        unnamed = [gid for gid in range(1, self.face.glyph_count) if gid not in mapped]
        free = [cp for cp in range(0xE000, 0xF900) if cp not in unicodes]
        self.private = dict(zip(free, unnamed, strict=False))

    def glyph(self, ch: str) -> int:
        cp = ord(ch)
        return self.cmap[cp] if cp in self.cmap else self.private[cp]

    def shape(self, text: str, language: str) -> list[int]:
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        buffer.language = language
        hb.shape(self.font, buffer)
        return [info.codepoint for info in buffer.glyph_infos]


def font_file(family: str, bold: bool = False) -> Path:
    for path in FONTS_DIR.glob(f"*/{family}-{'Bold' if bold else 'Regular'}.ttf"):
        return path
    raise AssertionError(f"no font file for {family}")


# ---- fonts and coverage ------------------------------------------------------------------

@pytest.mark.parametrize("language", list(WORDS))
def test_each_language_gets_its_script_font_and_covers_its_samples(language: str):
    fonts = fonts_for(language)
    family = FAMILIES[language]
    assert fonts.regular == family and fonts.bold == f"{family}-Bold"
    for face in (fonts.regular, fonts.bold):
        for source in [*WORDS[language], SENTENCES[language]]:
            covered = pdfmetrics.getFont(face).face.charToGlyph
            lacking = [ch for ch in source if not ch.isspace() and ord(ch) not in covered]
            assert not lacking, f"{face} has no glyph for {lacking} in {source!r}"
    for source in [*WORDS[language], SENTENCES[language]]:
        assert missing_glyphs(source, language) == []


def test_urdu_is_nastaliq_arabic_is_naskh_and_both_read_right_to_left():
    assert family_for("arabic", "ur").name == "NotoNastaliqUrdu"
    assert family_for("arabic", "ar").name == "NotoNaskhArabic"
    assert family_for("arabic", "pa-Arab").name == "NotoNastaliqUrdu"  # Shahmukhi
    assert script_for("pa") == "gurmukhi" and script_for("pa-Arab") == "arabic"
    assert [direction_for(lang) for lang in ("ur", "ar", "pa-Arab", "bn", "pa", "pl", "en-GB")] \
        == ["rtl", "rtl", "rtl", "ltr", "ltr", "ltr", "ltr"]


def test_every_font_file_is_committed_with_its_licence():
    for family in set(FAMILIES.values()):
        regular = font_file(family)
        assert font_file(family, bold=True).parent == regular.parent
        licence = (regular.parent / "OFL.txt").read_text(encoding="utf-8")
        notice, _, terms = licence.partition("SIL OPEN FONT LICENSE Version 1.1")
        assert "Copyright" in notice and "Reserved Font Name" in terms


def test_characters_in_other_scripts_fall_back_to_a_font_that_has_them():
    text = "Ask for اردو, বাংলা or ਪੰਜਾਬੀ • 0800 123 4567"
    scripts = resolve_scripts(text, "en-GB", [False] * len(text))
    fonts = choose_fonts(text, scripts, [False] * len(text), "en-GB")
    by_char = dict(zip(text, fonts, strict=True))
    assert by_char["ا"] == "NotoNaskhArabic" and by_char["ব"] == "NotoSansBengali"
    assert by_char["ਪ"] == "NotoSansGurmukhi" and by_char["A"] == "Andika"
    # Urdu text has no bullet or Latin digits in Nastaliq: those come from Andika
    urdu = "• ماں 0800"
    fonts = choose_fonts(urdu, resolve_scripts(urdu, "ur", [False] * 6 + [True] * 4),
                         [False] * len(urdu), "ur")
    assert fonts[0] == "Andika" and fonts[2] == "NotoNastaliqUrdu" and fonts[-1] == "Andika"


def test_only_text_that_needs_it_leaves_reportlabs_paragraph():
    assert not needs_text_path("Talk to your baby, call 111.", "en-GB")
    assert not needs_text_path(SENTENCES["pl"], "pl")
    assert not needs_text_path(SENTENCES["ro"], "ro")
    assert needs_text_path("Ask for the leaflet in বাংলা", "en-GB")
    assert needs_text_path("s\u0326apte", "ro")  # a combining comma needs the shaper
    for language in ("ur", "ar", "bn", "pa"):
        assert needs_text_path(SENTENCES[language], language)
        assert needs_text_path("NHS 111", language)  # their paragraphs align by direction


def test_a_character_no_font_has_is_still_named():
    assert missing_glyphs("ماں \u0ba4", "ur") == ["\u0ba4"]  # Tamil: no font in the theme
    assert missing_glyphs("private \ue000", "en-GB") == ["\ue000"]


# ---- shaping -----------------------------------------------------------------------------

@pytest.mark.parametrize("language", list(WORDS))
def test_glyphs_in_the_pdf_are_harfbuzzs_for_each_word(sample: Sample, language: str):
    font = FontFile(font_file(FAMILIES[language]))
    dotted_circle = font.cmap.get(0x25CC)
    for word in WORDS[language]:
        chars = chars_in(sample.path, sample.find(language, word))
        drawn = [font.glyph(c["text"]) for c in chars if c["text"] != " "]
        expected = font.shape(word, language)
        assert drawn == expected, f"{word}: the PDF's glyphs are not HarfBuzz's"
        assert 0 not in drawn and dotted_circle not in drawn, f"{word}: a broken cluster"
        assert {c["fontname"].split("+")[1] for c in chars} <= {
            pdfmetrics.getFont(FAMILIES[language]).face.name.decode()}


def test_shaping_makes_conjuncts_reorders_vowel_signs_and_joins_letters(sample: Sample):
    bengali = FontFile(font_file("NotoSansBengali"))
    # ক্ষ (ka, virama, ssa) is one conjunct glyph; the i sign of কি is drawn before the ka
    def glyphs(word: str) -> list[int]:
        return [bengali.glyph(c["text"]) for c in chars_in(sample.path, sample.find("bn", word))
                if c["text"] != " "]

    assert len(glyphs("ক্ষুধা")) < len("ক্ষুধা") - 1
    ki = glyphs("কি")
    assert ki[-1] == bengali.cmap[ord("ক")] and ki[0] != bengali.cmap[ord("ক")]
    # Arabic letters in a word take their joined forms, not the isolated ones
    naskh = FontFile(font_file("NotoNaskhArabic"))
    child = [naskh.glyph(c["text"]) for c in chars_in(sample.path, sample.find("ar", "طفل"))
             if c["text"] != " "]
    assert not set(child) & {naskh.cmap[ord(ch)] for ch in "طفل"}


def test_urdu_words_slope_as_nastaliq_does(sample: Sample):
    """Nastaliq joins a word's letters on a slope down from right to left: the first letter
    of بچہ sits well above the last."""
    chars = [c for c in chars_in(sample.path, sample.find("ur", "بچہ")) if c["text"] != " "]
    by_x = sorted(chars, key=lambda c: c["x0"])
    lowest_left, highest_right = by_x[0]["bottom"], by_x[-1]["bottom"]
    assert lowest_left - highest_right > SIZE * 0.2  # pdfplumber measures down the page


# ---- right-to-left order -----------------------------------------------------------------

@pytest.mark.parametrize("language", list(MIXED))
def test_right_to_left_words_and_left_to_right_units_on_the_page(sample: Sample,
                                                                 language: str):
    """Read right to left, the words come in the order written; inside the phone number,
    the address and the English name, the words read left to right, in their order."""
    placed = sample.find(language, MIXED[language])
    [line] = poppler_lines(sample.path, placed.page)
    words = sorted(line, key=lambda w: -w.x1)
    reading = [w.reading for w in words]
    expected = plain(MIXED[language]).split()
    for unit in (PHONE, NAME):  # a unit's words stand left to right: right to left reversed
        parts = unit.split()
        start = expected.index(parts[0])
        expected[start:start + len(parts)] = reversed(parts)
    assert reading == expected
    x = {w.reading: w.x0 for w in line}
    assert x["0800"] < x["123"] < x["4567"], "the phone number must read left to right"
    assert x["Family"] < x["Hub"]


def test_arabic_characters_stand_right_to_left_by_position(sample: Sample):
    """Every letter of an Arabic line, taken from right to left by where PDFium finds it,
    spells the text; the digits of the phone number ascend left to right."""
    placed = sample.find("ar", MIXED["ar"])
    pdf = pdfium.PdfDocument(sample.path)
    textpage = pdf[placed.page - 1].get_textpage()
    chars = []
    for index in range(textpage.count_chars()):
        ch = textpage.get_text_range(index, 1)
        left, _, right, _ = textpage.get_charbox(index)
        if ch.strip() and unicodedata.category(ch) != "Mn":
            chars.append((ch, (left + right) / 2))
    right_to_left = "".join(ch for ch, _ in sorted(chars, key=lambda c: -c[1]))
    expected = plain(MIXED["ar"])
    for unit in (PHONE, ADDRESS, NAME):
        expected = expected.replace(unit, unit[::-1])
    assert right_to_left == "".join(expected.split())
    digits_left_to_right = "".join(ch for ch, _ in sorted(chars, key=lambda c: c[1])
                                   if ch.isdigit())
    assert digits_left_to_right == "".join(PHONE.split())
    pdf.close()


def test_lines_are_reordered_one_by_one_after_breaking(sample: Sample):
    """UAX #9 L2: the first words of a right-to-left paragraph are on its top line, at
    the right; reordering before breaking would put them on the last line."""
    placed = sample.find("ar", SENTENCES["ar"])
    lines = poppler_lines(sample.path, placed.page)
    assert len(lines) == placed.lines >= 3
    words = [w.reading for line in lines for w in sorted(line, key=lambda w: -w.x1)]
    assert " ".join(words) == SENTENCES["ar"]
    rights = [max(w.x1 for w in line) for line in lines]
    assert max(rights) - min(rights) < 0.5 and rights[0] == pytest.approx(LEFT + NARROW, 0.5)


# ---- text that can be copied and searched ------------------------------------------------

@pytest.mark.parametrize("language", list(WORDS))
def test_pdftotext_gives_back_the_words_as_written(sample: Sample, language: str):
    words = folded(pdftotext(sample.path, sample.pages[("words", language)]))
    assert words == folded(" ".join([*WORDS[language], "\u2022", WORDS[language][0]]))
    sentence = folded(pdftotext(sample.path, sample.pages[("sentence", language)]))
    if direction_for(language) == "rtl":
        # in right-to-left lines pdftotext puts a full stop on the far side of the space
        # after it (it takes "." for part of a number); the words are exact
        sentence = sentence.replace(" .", ". ")
    assert sentence.split() == SENTENCES[language].split()


@pytest.mark.parametrize("language", list(MIXED))
def test_pdftotext_of_mixed_right_to_left_text(sample: Sample, language: str):
    """pdftotext moves the space beside a left-to-right run to the run's other side (its
    reordering takes spaces next to digits for part of them); the letters and digits all
    come back, in order."""
    text = folded(pdftotext(sample.path, sample.pages[("mixed", language)]))
    assert "".join(text.split()) == "".join(plain(MIXED[language]).split())
    assert PHONE in text and ADDRESS in text and NAME in text


def test_every_shaped_cluster_carries_actual_text_in_balanced_marked_content(sample: Sample):
    reader = pypdf.PdfReader(sample.path)
    page = reader.pages[sample.pages[("words", "ur")] - 1]
    content = page.get_contents().get_data().decode("latin-1")
    assert content.count(" BDC") == content.count("EMC") > 0
    spans = re.findall(r"/Span <</ActualText <FEFF([0-9A-F]*)>>> BDC", content)
    texts = "".join(bytes.fromhex(span).decode("utf-16-be") for span in spans)
    for word in WORDS["ur"]:
        assert all(ch in texts for ch in word)
    assert text_string("ماں") == "<FEFF" + "ماں".encode("utf-16-be").hex().upper() + ">"


def test_marked_content_is_opened_and_closed_in_one_place(tmp_path: Path):
    """Tagged PDF will mark each block with an MCID through the same function."""
    canv = Canvas(str(tmp_path / "marked.pdf"), invariant=1)
    with marked_content(canv, "P", {"MCID": 0}):
        canv.rect(10, 10, 20, 20)
    with marked_content(canv, "Artifact"):
        canv.line(0, 0, 5, 5)
    canv.showPage()
    canv.save()
    content = pypdf.PdfReader(tmp_path / "marked.pdf").pages[0].get_contents().get_data()
    assert re.search(rb"/P <</MCID 0>> BDC.*re.*EMC.*/Artifact BMC.*EMC", content, re.S)


# ---- layout ------------------------------------------------------------------------------

@pytest.mark.parametrize("language", list(WORDS))
def test_line_breaking_fills_but_never_passes_the_width(sample: Sample, language: str):
    placed = sample.find(language, SENTENCES[language])
    lines = poppler_lines(sample.path, placed.page)
    assert len(lines) == placed.lines >= 3
    space = pdfmetrics.stringWidth(" ", FAMILIES[language], SIZE)
    room = NARROW - style_for(language).leftIndent  # the indent is at the start side
    for line, following in zip(lines, [*lines[1:], None], strict=True):
        left, right = min(w.x0 for w in line), max(w.x1 for w in line)
        assert left >= LEFT - 0.5 and right <= LEFT + NARROW + 0.5
        assert right - left <= room + 0.5
        if following:  # greedy: the next line's first word would not have fitted here
            first = max(following, key=lambda w: w.x1) if direction_for(language) == "rtl" \
                else min(following, key=lambda w: w.x0)
            assert (right - left) + space + (first.x1 - first.x0) > room - 0.5


def test_a_phone_number_is_never_broken_over_two_lines():
    language = "ur"
    source = f"مدد کے لیے اس نمبر پر فون کریں {PHONE} آج"
    paragraph = ShapedParagraph(source, style_for(language), language)
    shaped = shape_paragraph(source, language, False)
    start = shaped.text.index(PHONE)
    for width in range(120, 400, 7):  # the number alone is 90 pt, the indent 18
        for line in paragraph.lines(float(width)):
            inside = line.start < start + len(PHONE) and line.end > start
            if inside:
                assert line.start <= start and line.end >= start + len(PHONE), width


def test_a_word_wider_than_its_line_is_cut_between_letters_not_before_a_mark():
    words = (("bn", "ভালোবাসা"), ("ar", "مُسَاعَدَةٌ"), ("pl", "żłobek" * 3))
    for (language, word), room in itertools.product(words, (20, 2)):
        style = style_for(language)
        shaped = shape_paragraph(word, language, False)
        lines = ShapedParagraph(word, style, language).lines(style.leftIndent + room)
        assert len(lines) > 1, word
        assert "".join(shaped.text[line.start:line.end] for line in lines) == shaped.text
        for line in lines:  # a letter keeps its vowel marks, even on a line too narrow
            assert unicodedata.category(shaped.text[line.start])[0] != "M", (word, room)


def test_nastaliq_lines_get_the_themes_height_or_more_and_never_less(sample: Sample):
    """Urdu lines are at least the theme's Nastaliq line apart (about 1.8 em, not the 1.42
    of Latin), and a line whose words slope higher gets more; Polish keeps its leading."""
    ascent, descent = NOTO_NASTALIQ_URDU.line
    assert 1.7 <= ascent + descent <= 2.6
    urdu = sample.find("ur", SENTENCES["ur"])
    polish = sample.find("pl", SENTENCES["pl"])
    urdu_pitch = (urdu.box[3] - urdu.box[1]) / urdu.lines
    assert urdu_pitch >= (ascent + descent) * SIZE - 0.01
    assert abs((polish.box[3] - polish.box[1]) / polish.lines - SIZE * 1.42) < 0.01


def test_shaped_latin_lines_up_with_reportlabs_paragraph():
    """A Polish paragraph drawn by the text path breaks and spaces its lines as
    ReportLab's Paragraph does, so the two can stand side by side."""
    style = style_for("pl")
    ours = ShapedParagraph(SENTENCES["pl"], style, "pl")
    theirs = Paragraph(SENTENCES["pl"], style)
    assert ours.wrap(NARROW, 1000) == theirs.wrap(NARROW, 1000)
    assert [shape_paragraph(SENTENCES["pl"], "pl", False).text[line.start:line.end]
            for line in ours.lines(NARROW)] == [" ".join(words)
                                                for _, words in theirs.blPara.lines]


def test_bullets_stand_at_the_start_side(sample: Sample):
    for language, at_right in (("ur", True), ("ar", True), ("bn", False), ("pl", False)):
        placed = next(p for p in sample.placed if p.language == language and p.bullet)
        chars = chars_in(sample.path, placed)
        bullet = [c for c in chars if c["text"] == "\u2022"]
        text = [c for c in chars if c["text"] not in ("\u2022", " ")]
        assert len(bullet) == 1, language
        if at_right:
            assert bullet[0]["x0"] > max(c["x1"] for c in text), language
        else:
            assert bullet[0]["x1"] < min(c["x0"] for c in text), language


def test_links_in_right_to_left_text_cover_the_address(sample: Sample):
    placed = sample.find("ur", MIXED["ur"])
    page = pypdf.PdfReader(sample.path).pages[placed.page - 1]
    [annotation] = [a.get_object() for a in page["/Annots"]]
    assert annotation["/A"]["/URI"] == f"https://{ADDRESS}"
    left, bottom, right, top = (float(v) for v in annotation["/Rect"])
    [line] = poppler_lines(sample.path, placed.page)
    [address] = [w for w in line if w.reading == ADDRESS]
    assert abs(left - address.x0) < 1 and abs(right - address.x1) < 1


def test_a_paragraph_splits_between_lines_or_moves_whole():
    style = style_for("ar")
    paragraph = ShapedParagraph(SENTENCES["ar"], style, "ar")
    lines = paragraph.lines(NARROW)
    line_height = lines[0].height
    first, rest = paragraph.split(NARROW, line_height * 2.5)
    assert first.lines(NARROW) + rest.lines(NARROW) == lines
    assert first.wrap(NARROW, 1000)[1] == pytest.approx(2 * line_height)
    assert paragraph.split(NARROW, line_height * 1.5) == []  # no orphan line at the foot
    whole = ShapedParagraph(SENTENCES["ar"], style, "ar", whole=True)
    assert whole.split(NARROW, line_height * 2.5) == []


def test_fonts_are_embedded_and_subset(sample: Sample):
    listing = subprocess.run(["pdffonts", str(sample.path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    names = {row.split()[0] for row in listing}
    for family in set(FAMILIES.values()):
        assert any(name.split("+")[1].startswith(family) for name in names), family
    for row in listing:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert re.fullmatch(r"[A-Z]{6}\+\S+", name) and (emb, sub, uni) == ("yes",) * 3, row


BUILD_IN_ORDER = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_textpath import PAGE, SENTENCES, WORDS, draw, fonts_for
from reportlab.pdfgen.canvas import Canvas
for name, text in {order!r}:
    canv = Canvas(str(Path({folder!r}) / name), pagesize=PAGE, invariant=1,
                  initialFontName=fonts_for("en").regular)
    draw(canv, 1, "ur", text, PAGE[1] - 50)
    canv.showPage()
    canv.save()
"""


def test_the_same_text_gives_the_same_bytes_whatever_was_shaped_before(tmp_path: Path):
    """Glyphs without a character get their codes in glyph order, not in the order a
    build happens to meet them: a leaflet's PDF is the same built alone or after others."""
    import sys

    sentence, words = SENTENCES["ur"], " ".join(reversed(WORDS["ur"]))
    for folder, order in (("alone", [("it.pdf", sentence)]),
                          ("after", [("other.pdf", words), ("it.pdf", sentence)])):
        (tmp_path / folder).mkdir()
        script = BUILD_IN_ORDER.format(tests=str(Path(__file__).parent), order=order,
                                       folder=str(tmp_path / folder))
        subprocess.run([sys.executable, "-c", script], check=True, cwd=REPO)
    assert (tmp_path / "alone" / "it.pdf").read_bytes() == \
        (tmp_path / "after" / "it.pdf").read_bytes()


# ---- a whole Urdu leaflet through the CLI ------------------------------------------------

URDU_LEAFLET = """\
kind: leaflet
id: urdu-test
title: ماں اور بچہ
audience: والدین
language: ur
version: "1.0"
owner: Test Hub
reviewed: 2026-01-01
next_review: 2027-01-01
intro: اپنے بچے سے بات کریں۔ آپ کی آواز اسے سکون دیتی ہے۔
sources:
  - title: A source
    url: https://example.org/
blocks:
  - heading: بچہ کیوں روتا ہے
  - paragraph: بچے بھوک یا تھکن کی وجہ سے روتے ہیں۔ **یہ عام بات ہے۔** {extra}
  - bullets:
      - بچے کو گود میں لیں۔
      - آہستہ سے بات کریں۔
"""


def urdu_content(root: Path, extra: str = "") -> Path:
    content = write_content(root, {"urdu.yaml": URDU_LEAFLET.format(extra=extra)})
    strings = (CONTENT / "strings" / "en-GB.yaml").read_text(encoding="utf-8")
    (content / "strings" / "ur.yaml").write_text(
        strings.replace("language: en-GB", "language: ur"), encoding="utf-8")
    return content


def test_an_urdu_leaflet_builds_with_shaped_right_aligned_text(tmp_path: Path):
    content = urdu_content(tmp_path, "مدد کے لیے 0800 123 4567 پر فون کریں۔")
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 0, describe(result)
    pdf = tmp_path / "out" / "leaflets" / "urdu-test.pdf"
    text = folded(pdftotext(pdf, 1))
    for words in ("ماں اور بچہ", "بچہ کیوں روتا ہے", "بچے کو گود میں لیں۔"):
        assert words in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "NotoNastaliqUrdu-Regular" in fonts and "NotoNastaliqUrdu-Bold" in fonts
    lines = poppler_lines(pdf, 1)
    heading = next(line for line in lines if [w.reading for w in line] and
                   {w.reading for w in line} == set(["بچہ", "کیوں", "روتا", "ہے"]))
    width = pypdf.PdfReader(pdf).pages[0].mediabox.width
    assert float(width) - max(w.x1 for w in heading) == pytest.approx(18 * 72 / 25.4, abs=1)


def test_a_character_no_font_has_in_an_urdu_leaflet_is_an_error(tmp_path: Path):
    content = urdu_content(tmp_path, "\u0ba4")
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 1
    assert "U+0BA4" in result.stderr and "بچے بھوک" in result.stderr
    assert not (tmp_path / "out" / "leaflets" / "urdu-test.pdf").exists()
