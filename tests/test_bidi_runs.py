"""Left-to-right runs inside right-to-left text keep their order (issue 12).

Phone numbers, web addresses and English names or clauses printed inside Arabic or Urdu
text read left to right, in their own order, with their own spaces and commas. Checked on
the bidi step's output for mixed strings, on paragraphs drawn into a PDF, and on whole
editions (the hub panel prints the hub's English details inside the Arabic or Urdu page)
and the national Arabic leaflet, read back by poppler: words where pdftotext -bbox-layout
finds them, and pdftotext's own extraction.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import polib
import pypdf
import pytest
import yaml
from conftest import CONTENT, describe, diagnostics, mark_checked, run_build
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from test_rtl_pages import contains, key, page_words, source_words
from test_textpath import Word, folded, pdftotext, poppler_lines

from imhprint.text import ShapedParagraph
from imhprint.text.bidi import reads_right_to_left, visual_text
from imhprint.text.layout import lay_out, shape_paragraph
from imhprint.theme import fonts_for

URDU = CONTENT / "translations" / "ur"
TRANSLATIONS = {"ar": CONTENT / "translations" / "ar", "ur": URDU}
EDITION = "riverside"
LEAFLET = "where-to-get-help"


def label(language: str, context: str) -> str:
    """One of the strings the layouts print ("Open:", "Call"), in ``language``."""
    catalogue = polib.pofile(str(TRANSLATIONS[language] / "strings.po"))
    return next(e.msgstr for e in catalogue if e.msgctxt == context)


def is_right_to_left(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def backwards(text: str) -> str:
    """Right-to-left text as it stands on the line, its characters from left to right."""
    return text[::-1]


HOURS = "Monday to Friday, 9am to 5pm"
OPEN = {language: label(language, "hours_label") for language in TRANSLATIONS}


# ---- the bidi step on its own ------------------------------------------------------------

@pytest.mark.parametrize("language", list(TRANSLATIONS))
def test_an_english_clause_with_commas_and_times_stays_one_left_to_right_run(
        language: str) -> None:
    """The comma between "Friday" and "9am" is English punctuation: split there, the two
    halves would swap sides ("9am to 5pm ,Monday to Friday")."""
    text = f"{OPEN[language]} {HOURS}"
    assert visual_text(text, True) == f"{HOURS} {backwards(OPEN[language])}"
    # and so after a colon, a semicolon or a dash, or with an en dash inside a time
    for clause in ("Shout: 85258", "Mon - Fri; 9am - 5pm", "Tuesdays, 10am–12pm"):
        assert visual_text(f"{OPEN[language]} {clause}", True) \
            == f"{clause} {backwards(OPEN[language])}", clause


@pytest.mark.parametrize("name, address", [
    ("Riverside Family Hub", "www.example.org"),
    ("Riverside Family Hub", "https://riverside-hub.example/baby-massage"),
    ("NSPCC", "https://www.nspcc.org.uk"),
])
def test_a_name_and_its_web_address_keep_their_order_and_their_space(
        name: str, address: str) -> None:
    before, after = "اتصلوا بـ", "اليوم"
    text = f"{before} {name} {address} {after}"
    assert visual_text(text, True) == f"{backwards(after)} {name} {address} {backwards(before)}"


def test_a_phone_number_reads_left_to_right_with_its_spaces() -> None:
    before, after = "اتصلوا بـ", "مجاناً"
    assert visual_text(f"{before} 0800 123 4567 {after}", True) \
        == f"{backwards(after)} 0800 123 4567 {backwards(before)}"


@pytest.mark.parametrize("text", [HOURS, "12 Mill Lane, Riverside RV1 2AB", "NHS 111.",
                                  "Call 0800 123 4567, or see www.example.org."])
def test_an_all_english_paragraph_on_a_right_to_left_page_reads_left_to_right(
        text: str) -> None:
    """UAX #9 P2/P3: no right-to-left letter, so a left-to-right paragraph, its number
    at its start and its full stop at its end."""
    assert not reads_right_to_left(text, True)
    assert visual_text(text, True) == text


def test_a_paragraph_that_starts_with_an_english_name_still_reads_right_to_left() -> None:
    text = "ICON: الأطفال يبكون"
    assert reads_right_to_left(text, True)
    assert visual_text(text, True) == f"{backwards('الأطفال يبكون')} :ICON"  # colon after ICON


def test_names_listed_with_arabic_punctuation_or_a_middle_dot_stay_right_to_left() -> None:
    """Arabic punctuation and the list separator the layouts put between items are the
    right-to-left text's own: the items they list stand from right to left."""
    assert visual_text("اتصلوا بـ Samaritans، Shout", True) \
        == f"Shout ،Samaritans {backwards('اتصلوا بـ')}"
    publisher = "الناشر:"
    assert visual_text(f"{publisher} Riverside Family Hub · hello@riverside-hub.example",
                       True) \
        == f"hello@riverside-hub.example · Riverside Family Hub {backwards(publisher)}"


def line_characters(source: str, language: str) -> str:
    """The characters of a paragraph laid out on one line, left to right, as the layout
    puts its pieces (a right-to-left piece's characters run from right to left)."""
    shaped = shape_paragraph(source, language, False)
    (line,) = lay_out(shaped, 10, 12, lambda _: 1e6)
    text = shaped.text
    return "".join(text[p.start:p.end][::-1] if p.span.right_to_left else text[p.start:p.end]
                   for p in line.pieces)


@pytest.mark.parametrize("language", list(TRANSLATIONS))
@pytest.mark.parametrize("source", [
    f"**{{open}}** {HOURS}", "اتصلوا بـ Riverside Family Hub https://riverside-hub.example",
    "اتصلوا بـ 0800 123 4567 اليوم", HOURS,
])
def test_the_layout_orders_a_line_as_the_bidi_step_does(language: str, source: str) -> None:
    source = source.format(open=OPEN[language])
    assert line_characters(source, language) == visual_text(source.replace("**", ""), True)


# ---- drawn into a PDF --------------------------------------------------------------------

@dataclass(frozen=True)
class Drawn:
    path: Path
    pages: dict[tuple[str, str], int]  # (language, text) -> its page


DRAWN_TEXTS = {
    "hours": "{open} " + HOURS,
    "name and address": "اتصلوا بـ Riverside Family Hub https://riverside-hub.example اليوم",
    "phone": "اتصلوا بـ 0800 123 4567 اليوم",
    "english": HOURS,
}


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Drawn:
    """Each text as a ShapedParagraph on a page of its own, wide enough for one line."""
    path = tmp_path_factory.mktemp("bidi") / "runs.pdf"
    canv = Canvas(str(path), pagesize=(595, 842), invariant=1)
    pages: dict[tuple[str, str], int] = {}
    for language in TRANSLATIONS:
        fonts = fonts_for(language)
        style = ParagraphStyle(language, fontName=fonts.regular, fontSize=14, leading=22)
        for name, text in DRAWN_TEXTS.items():
            paragraph = ShapedParagraph(text.format(open=OPEN[language]), style, language)
            _, height = paragraph.wrap(475, 1000)
            paragraph.drawOn(canv, 60, 780 - height)
            canv.showPage()
            pages[(language, name)] = len(pages) + 1
    canv.save()
    return Drawn(path, pages)


def english_words(line: list[Word]) -> list[str]:
    """The line's words with no right-to-left letter, from left to right."""
    return [w.text for w in sorted(line, key=lambda w: w.x0)
            if not any(is_right_to_left(ch) for ch in w.text)]


def right_to_left_words(line: list[Word]) -> list[Word]:
    return [w for w in line if any(is_right_to_left(ch) for ch in w.text)]


def assert_reads(line: list[Word], before: str, english: str, after: str = "") -> None:
    """``before`` (right-to-left) stands at the right and ``after`` at the left, each
    reading right to left; ``english`` between them, left to right, in its order."""
    assert english_words(line) == english.split(), [w.text for w in line]
    latin = [w for w in line if w not in right_to_left_words(line)]
    left_end, right_end = min(w.x0 for w in latin), max(w.x1 for w in latin)
    arabic = sorted(right_to_left_words(line), key=lambda w: -w.x1)
    at_right = [key(w.reading) for w in arabic if w.x0 >= right_end - 0.5]
    at_left = [key(w.reading) for w in arabic if w.x1 <= left_end + 0.5]
    assert at_right == source_words(before), [w.text for w in line]
    assert at_left == source_words(after), [w.text for w in line]
    assert len(at_right) + len(at_left) == len(arabic), "an Arabic word among the English"


@pytest.mark.parametrize("language", list(TRANSLATIONS))
def test_drawn_paragraphs_read_back_in_their_order(drawn: Drawn, language: str) -> None:
    def line(name: str) -> list[Word]:
        (only,) = poppler_lines(drawn.path, drawn.pages[(language, name)])
        return only

    assert_reads(line("hours"), OPEN[language], HOURS)
    assert_reads(line("name and address"), "اتصلوا بـ",
                 "Riverside Family Hub https://riverside-hub.example", "اليوم")
    assert_reads(line("phone"), "اتصلوا بـ", "0800 123 4567", "اليوم")
    assert_reads(line("english"), "", HOURS)
    extracted = folded(pdftotext(drawn.path, drawn.pages[(language, "english")]))
    assert extracted == HOURS
    for name in ("hours", "name and address", "phone"):
        english = english_of(DRAWN_TEXTS[name].format(open=OPEN[language]))
        assert english in folded(pdftotext(drawn.path, drawn.pages[(language, name)]))


def english_of(text: str) -> str:
    """The left-to-right stretch of a mixed string: from its first Latin letter or digit
    to its last."""
    found = re.search(r"[0-9A-Za-z].*[0-9A-Za-z]", text)
    assert found, text
    return found.group()


# ---- whole editions and the national leaflet ---------------------------------------------

def checked_content(root: Path) -> Path:
    """A copy of the content with the Arabic and the Urdu drafts marked checked: an
    edition carries checked translations only."""
    content = root / "content"
    shutil.copytree(CONTENT, content)
    for language in TRANSLATIONS:
        mark_checked((content / "translations" / language).glob("*.po"))
    return content


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("bidi-edition")
    content, output = checked_content(root), root / "output"
    for language in TRANSLATIONS:
        result = run_build(["--content", content, "--output", output, "--edition", EDITION,
                            "--only", LEAFLET, "--language", language])
        if language == "ur":
            # Nastaliq needs about twice the room: in an edition, only large print fits
            errors = [d for d in diagnostics(result.stderr) if d.level == "error"]
            assert all("does not fit" in d.message for d in errors), describe(result)
        else:
            assert result.returncode == 0, describe(result)
    pdfs = sorted((output / EDITION / "leaflets").glob("*.pdf"))
    assert {p.suffixes[-2] for p in pdfs} == {f".{language}" for language in TRANSLATIONS}
    return pdfs


def hub() -> dict:
    return yaml.safe_load((CONTENT / "editions" / f"{EDITION}.yaml").read_text("utf-8"))


def language_of(pdf: Path) -> str:
    return pdf.suffixes[-2].lstrip(".")


def page_count(pdf: Path) -> int:
    return len(pypdf.PdfReader(pdf).pages)


def lines_from(pdf: Path, first_word: str) -> list[tuple[int, list[list[Word]]]]:
    """For each page, the lines from each one holding ``first_word`` to the end of the
    page: where a detail of the hub panel starts, and the lines it may wrap onto."""
    found = []
    for page in range(1, page_count(pdf) + 1):
        lines = poppler_lines(pdf, page)
        for index, line in enumerate(lines):
            if first_word in (w.text for w in line):
                found.append((page, lines[index:]))
    return found


def wrapped(lines: list[list[Word]], english: str) -> list[list[Word]]:
    """The first lines whose English words, each line left to right, make ``english``."""
    wanted, got = english.split(), []
    for count, line in enumerate(lines, start=1):
        got += english_words(line)
        if got == wanted:
            return lines[:count]
        if got != wanted[:len(got)]:
            break
    raise AssertionError(f"{english!r} does not read left to right in its order: got {got}")


def test_the_hub_panels_english_details_read_left_to_right_in_their_order(
        edition: list[Path]) -> None:
    """In every format, in Arabic and Urdu: the opening times after their label (the
    label at the right, read right to left; the times left to right, over one line or
    two), the address, and the number after "Call"."""
    details = hub()
    hours, address = details["opening_times"], details["address"]
    assert "," in hours  # the case that broke: English punctuation between two runs
    for pdf in edition:
        language = language_of(pdf)
        found = lines_from(pdf, hours.split()[0])
        assert found, f"no opening times in {pdf.name}"
        for page, lines in found:
            times = wrapped(lines, hours)
            assert_reads(times[0], OPEN[language], " ".join(english_words(times[0])))
            for rest in times[1:]:
                assert not right_to_left_words(rest), (pdf.name, page)
        addresses = lines_with(pdf, address)
        assert addresses, f"no address in {pdf.name}"
        for line in addresses:  # no Arabic in it: a left-to-right paragraph
            assert [w.text for w in sorted(line, key=lambda w: w.x0)] == address.split()
        calls = lines_with(pdf, details["phone"])
        assert calls, f"no hub number in {pdf.name}"
        for line in calls:
            assert_reads(line, label(language, "call"), details["phone"])


def lines_with(pdf: Path, text: str) -> list[list[Word]]:
    """The lines that hold every word of ``text``, in whatever order."""
    return [line for page in range(1, page_count(pdf) + 1) for line in poppler_lines(pdf, page)
            if set(text.split()) <= {w.text for w in line}]


def test_pdftotext_gives_the_hub_details_as_written(edition: list[Path]) -> None:
    details = hub()
    for pdf in edition:
        extracted = folded(" ".join(pdftotext(pdf, page)
                                    for page in range(1, page_count(pdf) + 1)))
        for detail in ("opening_times", "address", "phone"):
            text = details[detail]
            # a detail broken over two lines of right-to-left text may take the label's
            # colon with it (poppler puts it at the end of the left-to-right run)
            pattern = r"\W+".join(map(re.escape, re.findall(r"\w+", text)))
            assert re.search(pattern, extracted), (pdf.name, detail)
        if "large-print" in pdf.name:  # wide lines: the times on one line, as written
            assert details["opening_times"] in extracted, pdf.name


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("bidi-national") / "output"
    result = run_build(["--output", output, "--language", "ar", "--only", LEAFLET])
    assert result.returncode == 0, describe(result)
    return output / "leaflets" / f"{LEAFLET}.ar.pdf"


def test_the_national_arabic_leaflets_english_runs_read_in_their_order(national: Path) -> None:
    """Every passage with an English name, number or address in it reads, line by line
    from the right, as the source (its English runs from the left), and pdftotext gives
    each English run back as written."""
    catalogue = polib.pofile(str(TRANSLATIONS["ar"] / f"{LEAFLET}.po"))
    words = page_words(national, 1) + page_words(national, 2)
    extracted = folded(pdftotext(national, 1) + " " + pdftotext(national, 2))
    checked = 0
    for entry in catalogue:
        text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", entry.msgstr).replace("**", "")
        runs = re.findall(r"[0-9A-Za-z][0-9A-Za-z .&'@/\-]*[0-9A-Za-z]", text)
        if not runs or not any(is_right_to_left(ch) for ch in text) \
                or not set(source_words(text)) <= set(words):
            continue  # all English, or not printed in the A4 leaflet
        assert contains(words, source_words(text)), (entry.msgctxt, text)
        for run in runs:
            assert run in extracted, (entry.msgctxt, run)
        checked += 1
    assert checked >= 3


# ---- the web page ------------------------------------------------------------------------

class Isolates(HTMLParser):
    """The text of every <bdi dir="ltr"> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "bdi" and ("dir", "ltr") in attrs:
            self._open = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "bdi" and self._open is not None:
            self.found.append("".join(self._open))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)


def web_pages(edition: list[Path]) -> list[Path]:
    pages = sorted((edition[0].parent.parent / "web").glob(f"{LEAFLET}.*.html"))
    assert {p.suffixes[-2] for p in pages} == {f".{language}" for language in TRANSLATIONS}
    return pages


def test_the_web_pages_isolate_the_hubs_english_details(edition: list[Path]) -> None:
    """The browser orders a paragraph by the page's direction: "12 Mill Lane" on its
    own in a right-to-left page would show as "Mill Lane 12". Each English detail is a
    left-to-right isolate, as in the PDF."""
    details = hub()
    for page in web_pages(edition):
        parser = Isolates()
        parser.feed(page.read_text(encoding="utf-8"))
        for detail in ("name", "address", "opening_times"):
            assert details[detail] in parser.found, (page.name, detail)
        assert not any(is_right_to_left(ch) for text in parser.found for ch in text)


CHROMIUM = Path(os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH", "/usr/bin/chromium"))


def test_a_browser_shows_the_hubs_address_and_times_left_to_right(edition: list[Path]) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    details = hub()
    # where each word of a text node that holds ``text`` starts, left to right on screen
    script = """text => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(text);
            if (at < 0) continue;
            const words = [];
            for (const match of text.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, at + match.index);
                range.setEnd(node, at + match.index + match[0].length);
                const box = range.getClientRects()[0];
                words.push([match[0], box.x, box.y]);
            }
            return words;
        }
        return null;
    }"""
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for path in web_pages(edition):
            page.goto(path.as_uri())
            for detail in ("address", "opening_times"):
                words = page.evaluate(script, details[detail])
                assert words, (path.name, detail)
                # line by line from the top, each line's words from the left
                shown = [w for w, _, _ in sorted(words, key=lambda w: (round(w[2]), w[1]))]
                assert shown == details[detail].split(), (path.name, detail, shown)
        browser.close()
