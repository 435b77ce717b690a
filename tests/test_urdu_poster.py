"""The Urdu "Babies cry, you can cope" poster, built by the CLI at A4, A3 and A2, national
and in an edition, from a copy of the content with the Urdu drafts in it.

Posters size a tall script by its letters, not its points (theme.poster_letters): the
far-reading lines' bold alef stands as tall as the English capitals (14 mm on A3, read
from 2 m), and a phone number among the Urdu words keeps the English size. Each size is
either built and right (its language, its band, lines read right to left with numbers
left to right, the source's words, the far-reading letters at least as tall as the rule
and the English poster's, no line's ink meeting the next) or named in an error saying
it does not fit and why. The letters are measured from the glyph boxes in the PDF
(pypdfium2), the lines' ink from the boxes HarfBuzz placed.
"""

from __future__ import annotations

import re
import statistics
from itertools import pairwise
from pathlib import Path

import polib
import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from conftest import strip_markup
from reportlab.lib.units import mm
from test_languages import pdftotext
from test_rtl_pages import contains, page_words, source_words
from test_urdu import ENGLISH_BAND, URDU, Build, build, letters, msgstr, overlaps

from imhprint.blocks import StyleSheet
from imhprint.text import ShapedParagraph
from imhprint.text.layout import line_clearance
from imhprint.text.nestle import boxes
from imhprint.theme import PALETTE, fonts_for, type_for
from layouts.poster import POSTER_FORMATS

POSTER = "babies-cry-you-can-cope"
SIZES = ("a4", "a3", "a2")
# Far-reading letters stand at least 0.007 x the viewing distance: 14 mm on A3 (2 m);
# A4 and A2 scale with their far-reading size (40 and 80 pt against A3's 56).
FAR_MM = {"a4": 14 * 40 / 56, "a3": 14.0, "a2": 14 * 80 / 56}
ALEF = "\u0627"
EDITION = "riverside"


def poster_entries() -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(URDU / f"{POSTER}.po")) if e.msgstr]


def icon_lines() -> list[str]:
    return [e.msgstr for e in poster_entries() if e.msgctxt.startswith("bullets 1 ")]


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(tmp_path_factory.mktemp("urdu-poster"), "--only", POSTER)


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """An edition carries checked translations only: the copy is marked checked."""
    return build(tmp_path_factory.mktemp("urdu-poster-edition"), "--only", POSTER,
                 "--edition", EDITION, checked=True)


def folder(which: str) -> str:
    return EDITION if which == "edition" else ""


def built_posters(found: Build, which: str) -> dict[str, Path]:
    """size: the Urdu poster built; each size not built is named in an error saying it
    does not fit, and why (Nastaliq's tall lines), and leaves no file behind."""
    posters = {}
    for size in SIZES:
        pdf = found.output / folder(which) / "posters" / f"{POSTER}-{size}.ur.pdf"
        if pdf.is_file():
            posters[size] = pdf
            continue
        said = re.compile(rf"'{POSTER}' does not fit the poster-{size} format "
                          r"(in the '[^']+' edition )?in the Urdu translation.*Nastaliq")
        assert said.search(found.stderr), \
            f"{pdf.name} is neither built nor named in an error\n{found.stderr}"
    return posters


@pytest.fixture(scope="module")
def posters(national: Build, edition: Build) -> list[tuple[str, str, Path, Path]]:
    """(which, size, the Urdu PDF, the English one beside it) for every one built."""
    found = []
    for which, result in (("national", national), ("edition", edition)):
        for size, pdf in built_posters(result, which).items():
            english = result.output / folder(which) / "posters" / f"{POSTER}-{size}.pdf"
            found.append((which, size, pdf, english))
    return found


def test_every_size_is_built_or_named_and_one_is_built(
        posters: list[tuple[str, str, Path, Path]]) -> None:
    # the checks below read the posters that fit: at least the A3 edition does
    assert ("edition", "a3") in {(which, size) for which, size, _, _ in posters}


def test_the_urdu_posters_say_their_language_and_band(
        posters: list[tuple[str, str, Path, Path]]) -> None:
    own_band = msgstr("strings", "translation_draft")
    for which, size, pdf, _ in posters:
        assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == "ur", pdf
        assert len(pypdf.PdfReader(pdf).pages) == 1, pdf
        text = pdftotext(pdf)
        if which == "national":  # a draft: the band, in English and in Urdu
            assert ENGLISH_BAND in text, (which, size)
            for half in own_band.split(":"):
                assert letters(half) in letters(text), (which, size, half)
        else:  # checked: no band
            assert ENGLISH_BAND not in text, (which, size)


def test_the_words_read_right_to_left_with_numbers_left_to_right(
        posters: list[tuple[str, str, Path, Path]]) -> None:
    """Every passage of the poster, read line by line from the right (111 and 999 from
    the left), gives back the source's words in their order, and its letters are in the
    PDF's text as in the source."""
    for which, size, pdf, _ in posters:
        words = page_words(pdf, 1)
        text = letters(pdftotext(pdf))
        for entry in poster_entries():
            assert contains(words, source_words(entry.msgstr)), \
                (which, size, entry.msgctxt, entry.msgstr)
            assert letters(strip_markup(entry.msgstr)) in text, (which, size, entry.msgctxt)
        for number in ("111", "999"):
            assert number in words, (which, size, number)


def glyph_heights(pdf: Path) -> dict[tuple[str, float], list[float]]:
    """(character, font size): the heights in mm of the glyph boxes the PDF draws."""
    document = pdfium.PdfDocument(pdf)
    text = document[0].get_textpage()
    found: dict[tuple[str, float], list[float]] = {}
    for index in range(text.count_chars()):
        ch = chr(pdfium_raw.FPDFText_GetUnicode(text, index))
        size = round(pdfium_raw.FPDFText_GetFontSize(text, index), 1)
        _, bottom, _, top = text.get_charbox(index)
        found.setdefault((ch, size), []).append((top - bottom) / mm)
    document.close()
    return found


def largest(heights: dict[tuple[str, float], list[float]], chars: str) -> float:
    """The median height of ``chars`` at the largest size any of them is printed."""
    size = max(s for ch, s in heights if ch in chars)
    return statistics.median(h for (ch, s), found in heights.items() if ch in chars
                             and s == size for h in found)


def test_the_far_reading_letters_stand_as_tall_as_the_english(
        posters: list[tuple[str, str, Path, Path]]) -> None:
    """The ICON lines' alef (bold), and the digits of 111 and 999, at least the rule's
    height for the sheet, and as tall as the English poster's capitals."""
    for which, size, pdf, english in posters:
        urdu, latin = glyph_heights(pdf), glyph_heights(english)
        alef, digits = largest(urdu, ALEF), largest(urdu, "19")
        capitals = largest(latin, "INE")  # flat tops: a round letter overshoots
        for name, height in (("alef", alef), ("digits", digits)):
            assert height >= FAR_MM[size], (which, size, name, height)
            assert height >= capitals - 0.05, (which, size, name, height, capitals)
        assert largest(latin, "19") >= FAR_MM[size]  # the English poster's rule too


@pytest.mark.parametrize("size", SIZES)
def test_the_icon_lines_never_touch(size: str) -> None:
    """The ICON lines as the poster sets them (far-reading bullets, each nestled under
    the one above): between each and the next, HarfBuzz's glyph boxes keep at least half
    the clearance apart, at every sheet size, whether or not the poster fits."""
    poster = next(f for f in POSTER_FORMATS if f.size == size)
    scale = type_for(poster.scale, "ur")
    style = StyleSheet(fonts_for("ur"), scale, PALETTE, large=True).bullet
    width = poster.pagesize[0] - 2 * poster.geometry.margin_x
    items = [ShapedParagraph(text, style, "ur", match_letters=True, glyph_lines=True)
             for text in icon_lines()]
    for upper, lower in pairwise(items):
        lower.nestles_under = upper
    for item in items:
        item.wrap(width, 10_000)
        assert len(item.lines(width)) == 1, item.source  # each ICON line on one line
    for upper, lower in pairwise(items):
        top, foot = upper.lines(width)[-1], lower.lines(width)[0]
        drop = top.descent + style.spaceAfter + foot.ascent
        room = line_clearance({p.span.font for p in foot.pieces}) * style.fontSize / 2
        above = boxes(top, style.fontSize, upper._line_x(top, 0, width))
        below = boxes(foot, style.fontSize, lower._line_x(foot, 0, width))
        assert not overlaps(above, below, drop - room), (size, lower.source)
