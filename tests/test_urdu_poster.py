"""The Urdu "Babies cry, you can cope" poster, built by the CLI at A4, A3 and A2, national
and in an edition, from a copy of the content with the Urdu drafts in it.

Posters size a tall script by its letters, not its points (theme.poster_letters): the
far-reading lines' bold alef stands as tall as the English capitals (14 mm on A3, read
from 2 m), a phone number among the Urdu words keeps the English size, and the small
print's floor is 12 pt Andika's capitals, not 12 pt. Every size is built, national and in
the edition, and right: its language, its band, lines read right to left with numbers
left to right, the source's words, every fact of the small print and the hub band, the
far-reading letters at least as tall as the rule and the English poster's, no line's ink
meeting the next. The letters are measured from the glyph boxes in the PDF (pypdfium2),
the lines' ink from the boxes HarfBuzz placed.

The national copy (a draft, with its band) is built at every size too, whether the band
stands in one row or two (its Urdu line nestled under the English).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path

import polib
import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from conftest import strip_markup
from reportlab.lib.styles import ParagraphStyle
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
FOOT = 0.12  # the small print stands in the lowest eighth of a poster


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
    """size: the Urdu poster, built at every size, national and in the edition."""
    posters = {}
    for size in SIZES:
        pdf = found.output / folder(which) / "posters" / f"{POSTER}-{size}.ur.pdf"
        assert pdf.is_file(), f"{which} {pdf.name} is not built\n{found.stderr}"
        posters[size] = pdf
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


def test_every_size_is_built_in_the_edition_and_nationally(
        posters: list[tuple[str, str, Path, Path]]) -> None:
    built = {(which, size) for which, size, _, _ in posters}
    assert {(which, size) for which in ("edition", "national") for size in SIZES} <= built


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


def glyph_heights(pdf: Path, foot: float = 1.0) -> dict[tuple[str, float], list[float]]:
    """(character, font size): the heights in mm of the glyph boxes the PDF draws (those
    in the lowest ``foot`` share of the sheet only)."""
    document = pdfium.PdfDocument(pdf)
    text = document[0].get_textpage()
    below = document[0].get_height() * foot
    found: dict[tuple[str, float], list[float]] = {}
    for index in range(text.count_chars()):
        ch = chr(pdfium_raw.FPDFText_GetUnicode(text, index))
        size = round(pdfium_raw.FPDFText_GetFontSize(text, index), 1)
        _, bottom, _, top = text.get_charbox(index)
        if top > below:
            continue
        found.setdefault((ch, size), []).append((top - bottom) / mm)
    document.close()
    return found


def largest(heights: dict[tuple[str, float], list[float]], chars: str) -> float:
    """The median height of ``chars`` at the largest size any of them is printed."""
    return _median_at(heights, chars, max)


def _median_at(heights: dict[tuple[str, float], list[float]], chars: str,
               pick: Callable[[Iterable[float]], float]) -> float:
    size = pick(s for ch, s in heights if ch in chars)
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


def parts(key: str) -> list[str]:
    """The words of a strings.po entry around its {placeholders}, as letters."""
    return [letters(part) for part in re.split(r"\{\w+\}", msgstr("strings", key))
            if letters(part)]


def test_the_small_print_and_the_hub_band_say_every_fact(
        posters: list[tuple[str, str, Path, Path]]) -> None:
    """At the foot: does not replace advice, other languages and formats, where the facts
    come from, the publisher, the version and both dates; above it the hub band: the
    write-in line nationally, the hub's name, number and web address in the edition."""
    keys = ("not_advice_poster", "other_formats", "sources_line", "published_by",
            "version", "reviewed", "next_review")
    for which, size, pdf, _ in posters:
        text = letters(pdftotext(pdf))
        for key in keys:
            for part in parts(key):
                assert part in text, (which, size, key, part)
        for fact in ("1.1", "2026", "2027"):
            assert letters(fact) in text, (which, size, fact)
        if which == "national":
            assert letters("Family Hub Leaflets") in text, (which, size)
            assert letters(msgstr("strings", "hub_heading")) in text, (which, size)
        else:
            for fact in ("Riverside Family Hub", "0113 496 0123", "riverside-hub.example",
                         msgstr("strings", "call")):
                assert letters(fact) in text, (which, size, fact)


def smallest(heights: dict[tuple[str, float], list[float]], chars: str) -> float:
    """The median height of ``chars`` at the smallest size any of them is printed."""
    return _median_at(heights, chars, min)


def test_the_small_print_stands_as_tall_as_the_english(
        posters: list[tuple[str, str, Path, Path]]) -> None:
    """The small print is read standing close: its floor is by letter height, so the
    smallest Urdu alef on the sheet (regular, the small print's) stands at least as tall
    as the English poster's smallest capitals, 12 pt Andika's or more. Read at the foot
    of the sheet (an edition's sample band at the top is not the small print)."""
    for which, size, pdf, english in posters:
        alef = smallest(glyph_heights(pdf, FOOT), ALEF)
        capitals = smallest(glyph_heights(english, FOOT), "IEH")
        assert alef >= capitals - 0.05, (which, size, alef, capitals)
        assert capitals >= 12 * 0.713 * 25.4 / 72 - 0.05, (which, size, capitals)


def small_print_text() -> str:
    """The poster's small print as the footer runs it together, its dates and names
    filled in as the national copy prints them."""
    filled = {"date": "دسمبر 2026", "owner": "Family Hub Leaflets", "version": "1.1",
              "where": msgstr("strings", "ask_at_hub"), "how": msgstr("strings", "ask_at_hub")}
    keys = ("other_formats", "sources_line", "feedback_line", "published_by", "version",
            "reviewed", "next_review")
    return " \u00b7 ".join(re.sub(r"\{(\w+)\}", lambda m: filled[m.group(1)],
                                  msgstr("strings", key)) for key in keys)


def assert_lines_apart(stack: list[ShapedParagraph], width: float, where: str) -> None:
    """Paragraphs stacked as a poster sets them, each nestled under the one above: between
    every line and the next, no glyph comes within half the clearance of the other's, and
    the last line holds its own ink."""
    for upper, lower in pairwise(stack):
        lower.nestles_under = upper
    for item in stack:
        item.wrap(width, 10_000)
    lines = [(item, index, line) for item in stack
             for index, line in enumerate(item.lines(width))]
    for (up, up_index, upper), (low, low_index, lower) in pairwise(lines):
        drop = upper.descent + lower.ascent + (up.style.spaceAfter if low is not up else 0)
        size = low.style.fontSize
        room = line_clearance({p.span.font for p in lower.pieces}) * size / 2
        above = boxes(upper, up.style.fontSize, up._line_x(upper, up_index, width))
        below = boxes(lower, size, low._line_x(lower, low_index, width))
        assert not overlaps(above, below, drop - room), (where, low.source, low_index)
    last = stack[-1].lines(width)[-1]
    foot = min(b[2] for b in boxes(last, stack[-1].style.fontSize, 0.0))
    assert -foot <= last.descent + 1e-6, where


def poster_sheet(size: str) -> tuple[StyleSheet, float]:
    poster = next(f for f in POSTER_FORMATS if f.size == size)
    sheet = StyleSheet(fonts_for("ur"), type_for(poster.scale, "ur"), PALETTE)
    return sheet, poster.pagesize[0] - 2 * poster.geometry.margin_x


def shaped(text: str, style: ParagraphStyle) -> ShapedParagraph:
    return ShapedParagraph(text, style, "ur", match_letters=True, glyph_lines=True)


@pytest.mark.parametrize("size", SIZES)
def test_the_small_print_and_hub_band_lines_never_touch(size: str) -> None:
    """The small print as the poster sets it (the notice, then the rest under it, at the
    letter-height floor, the sheet's width), and the edition's hub band (its name over
    how to reach it): no line's ink meets the next's."""
    sheet, width = poster_sheet(size)
    notice = shaped(msgstr("strings", "not_advice_poster"), sheet.fine_ink)
    rest = shaped(small_print_text(), sheet.fine)
    assert_lines_apart([notice, rest], width, "small print")
    assert len(notice.lines(width)) + len(rest.lines(width)) >= 3  # it really wraps
    band = [shaped("**Riverside Family Hub**", sheet.body),
            shaped(f"{msgstr('strings', 'call')} 0113\u00a0496\u00a00123 \u00b7 "
                   "riverside-hub.example", sheet.body)]
    assert_lines_apart(band, width * 0.8, "hub band")
