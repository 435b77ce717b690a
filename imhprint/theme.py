"""The one place for fonts, colours, type sizes and spacing.

Fonts are chosen per script, so a language in another script only needs a font family
added here (and a strings file), never a change to a layout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
FONTS_DIR = ASSETS_DIR / "fonts"


class FontProblem(Exception):
    """A font file is missing or unreadable: a set-up problem, not a content one."""


@dataclass(frozen=True)
class FontFamily:
    name: str
    regular: Path
    bold: Path
    # Arabic-script faces reach far above and below the baseline (Nastaliq's sloping words
    # need about 2 to 2.5 times the size): their lines are as tall as ``line`` says, or the
    # font's own ascent and descent read from the font file, whatever the style's leading.
    tall: bool = False
    # Naskh's marks and dots reach further than Latin, but not Nastaliq's slope: its lines
    # are at least this many times the type size (the style's leading, if more), not the
    # font's extremes (1.7 times, set for stacked marks that are rare in plain text).
    min_line_height: float = 0.0
    # (ascent, descent) of a tall family's line, as multiples of the size; () for the font's.
    line: tuple[float, float] = ()
    # Said when a resource in this family does not fit a format: why it needs more room.
    fit_note: str = ""
    clearance: float = 0  # between one line's glyphs and the next's; 0 for INK_CLEARANCE
    # The body size a leaflet sets this family at, if smaller than the format's (never
    # below the design guide's 12 pt): see type_for.
    leaflet_body: float = 0
    # Posters (poster_letters), tri-fold headings and phone lines
    # (headings_by_letter_height) and a stacked draft band's line are sized
    # by letter height, not point size: the height,
    # as a share of the size, of the letter a reader judges this script's size by
    # (Nastaliq's alef), in the regular and the bold face, if it stands taller than
    # Andika's capitals; () for as tall as those.
    letter_height: tuple[float, float] = ()
    # How many pages the A4 leaflet in this family runs to (0: the format's two). A tall
    # script needs more paper for the same words; see NOTO_NASTALIQ_URDU.
    leaflet_pages: int = 0


# However a family's lines are spaced, a line of shaped text is never shorter than its own
# glyphs (a Nastaliq word that slopes high, a Bengali conjunct stacked below the baseline)
# plus this share of the size between them (a family's ``clearance`` if it sets more), so
# marks and descenders of one line never touch the next line's.
INK_CLEARANCE = 0.08


# Andika was designed by SIL for beginning readers: distinct I/l/1, 0/O, single-storey a.
# It covers Latin with diacritics too: Polish ą ę ł ż, Romanian ș ț (comma below).
ANDIKA = FontFamily("Andika", FONTS_DIR / "andika/Andika-Regular.ttf",
                    FONTS_DIR / "andika/Andika-Bold.ttf")
NOTO_NASKH_ARABIC = FontFamily(
    "NotoNaskhArabic", FONTS_DIR / "noto-naskh-arabic/NotoNaskhArabic-Regular.ttf",
    FONTS_DIR / "noto-naskh-arabic/NotoNaskhArabic-Bold.ttf", min_line_height=1.4)
NOTO_NASTALIQ_URDU = FontFamily(
    "NotoNastaliqUrdu", FONTS_DIR / "noto-nastaliq-urdu/NotoNastaliqUrdu-Regular.ttf",
    FONTS_DIR / "noto-nastaliq-urdu/NotoNastaliqUrdu-Bold.ttf", tall=True,
    # The font's own box (2.5 em) is made for its tallest stacks of letters. Measured on
    # the Urdu drafts at 12 pt (HarfBuzz's glyph boxes), a line's ink is 2.0 em tall at
    # the median (1.56 above the baseline, 0.45 below), so most lines are set by their
    # own ink plus the clearance (the ink-room rule, text/layout.py), not by this floor:
    # 1.8 em only lets short, low lines (and nestled pairs, text/nestle.py) come closer,
    # never so close that one line's glyphs come within the clearance of the next's.
    line=(1.3, 0.5),
    # Nastaliq's lines have no gap of their own (every bit of the line is its glyphs'):
    # 0.1 em (1.2 pt at 12 pt, more than the 0.08 em of other scripts) stays clear
    # between any glyph of one line and any of the next, so a dot never meets a letter.
    clearance=0.1,
    # A Nastaliq line is twice an English one, so a leaflet's fixed pages hold half the
    # words at 14 pt. At 12 pt (the design guide's smallest body text, and the tri-fold's
    # size already) Nastaliq still reads as large as 13 pt Latin: its alef stands 0.77 em,
    # Andika's capitals 0.71 em.
    leaflet_body=12,
    # In Urdu words its alef stands 0.825 em, 0.915 em in bold (HarfBuzz's glyph boxes),
    # Andika's capitals 0.713 em in both: at the same size Nastaliq reads larger.
    letter_height=(0.825, 0.915),
    # Nastaliq lines need about 1.8 to 2 times the height of Latin ones at the same
    # readable size, so the same words need about twice the paper: the A4 leaflet runs to
    # four pages (one A3 sheet folded, or two A4 sheets printed double-sided), every fact
    # kept, rather than two pages of cut or cramped text.
    leaflet_pages=4,
    fit_note="Urdu is set in Nastaliq, whose lines need about twice the height of "
             "English ones at the same readable size, so a page holds about half the words")
NOTO_SANS_BENGALI = FontFamily(
    "NotoSansBengali", FONTS_DIR / "noto-sans-bengali/NotoSansBengali-Regular.ttf",
    FONTS_DIR / "noto-sans-bengali/NotoSansBengali-Bold.ttf")
NOTO_SANS_GURMUKHI = FontFamily(
    "NotoSansGurmukhi", FONTS_DIR / "noto-sans-gurmukhi/NotoSansGurmukhi-Regular.ttf",
    FONTS_DIR / "noto-sans-gurmukhi/NotoSansGurmukhi-Bold.ttf")

# Script -> the family that draws it. The first is also the fallback for any character
# another family lacks (punctuation, bullets, digits in a phone number).
FONT_FAMILIES = {
    "latin": ANDIKA,
    "arabic": NOTO_NASKH_ARABIC,
    "bengali": NOTO_SANS_BENGALI,
    "gurmukhi": NOTO_SANS_GURMUKHI,
}

# A language that writes a script in a style of its own: Urdu (and Panjabi in Shahmukhi)
# is read in Nastaliq; Naskh looks foreign to an Urdu reader.
LANGUAGE_FONT_FAMILIES = {
    ("ur", "arabic"): NOTO_NASTALIQ_URDU,
    ("pa", "arabic"): NOTO_NASTALIQ_URDU,
}

# Language subtag -> script. Latin covers English, Welsh, Polish, Romanian, Somali, ...
LANGUAGE_SCRIPTS = {
    "en": "latin", "cy": "latin", "gd": "latin", "ga": "latin", "pl": "latin", "ro": "latin",
    "lt": "latin", "pt": "latin", "es": "latin", "fr": "latin", "so": "latin", "tr": "latin",
    "sq": "latin", "it": "latin", "de": "latin", "cs": "latin", "sk": "latin", "lv": "latin",
    "ar": "arabic", "ur": "arabic", "bn": "bengali", "pa": "gurmukhi",
}

# A script subtag in the language tag wins: pa-Arab is Panjabi in Shahmukhi (Arabic script).
SCRIPT_SUBTAGS = {"latn": "latin", "arab": "arabic", "beng": "bengali", "guru": "gurmukhi"}

RIGHT_TO_LEFT_SCRIPTS = {"arabic"}


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str


def _subtags(language: str) -> list[str]:
    return language.replace("_", "-").lower().split("-")


def script_for(language: str) -> str | None:
    subtags = _subtags(language)
    for subtag in subtags[1:]:
        if subtag in SCRIPT_SUBTAGS:
            return SCRIPT_SUBTAGS[subtag]
    return LANGUAGE_SCRIPTS.get(subtags[0])


def direction_for(language: str) -> str:
    """'rtl' for a language written right to left (Arabic, Urdu), else 'ltr'.

    Layouts ask this to mirror what they place; paragraphs align and order their words by it.
    """
    return "rtl" if script_for(language) in RIGHT_TO_LEFT_SCRIPTS else "ltr"


def family_for(script: str, language: str) -> FontFamily | None:
    """The family that draws ``script`` in a resource written in ``language``."""
    own = LANGUAGE_FONT_FAMILIES.get((_subtags(language)[0], script))
    return own or FONT_FAMILIES.get(script)


_FAMILY_OF_FONT: dict[str, FontFamily] = {}


def fit_note_for(language: str) -> str:
    """Why a resource in ``language`` needs more room than the English, if its script's
    family says (Nastaliq's tall lines); "" for most languages."""
    script = script_for(language)
    family = family_for(script, language) if script else None
    return family.fit_note if family else ""


def has_font(language: str) -> bool:
    """Whether a font family is set up for the language's script."""
    return script_for(language) in FONT_FAMILIES


@cache
def register_family(family: FontFamily) -> Fonts:
    """Register (once) a family's two faces with ReportLab and return their names."""
    regular, bold = f"{family.name}", f"{family.name}-Bold"
    _FAMILY_OF_FONT.update({regular: family, bold: family})
    for face, path in ((regular, family.regular), (bold, family.bold)):
        try:
            pdfmetrics.registerFont(TTFont(face, str(path)))
        except Exception as exc:  # missing: OSError, TTFError; damaged: struct.error, ...
            raise FontProblem(f"cannot load the font file {path}: {exc}. Restore it from "
                              "the repository (git checkout -- assets/fonts)") from exc
    pdfmetrics.registerFontFamily(family.name, normal=regular, bold=bold,
                                  italic=regular, boldItalic=bold)
    return Fonts(regular, bold)


def family_of(font_name: str) -> FontFamily | None:
    """The family a registered font name belongs to."""
    return _FAMILY_OF_FONT.get(font_name)


@cache
def fonts_for(language: str) -> Fonts:
    """Register (once) and return the font family for a language's script."""
    script = script_for(language)
    family = family_for(script, language) if script else None
    if family is None:
        raise FontProblem(f"no font is set up for language '{language}': add its script "
                          "to LANGUAGE_SCRIPTS and FONT_FAMILIES in imhprint/theme.py")
    return register_family(family)


def families_for(language: str) -> list[FontFamily]:
    """Every family a resource in ``language`` may draw with, its own script's first: the
    order in which a character missing from one font is looked for in the others."""
    script = script_for(language)
    first = family_for(script, language) if script else None
    others = [family_for(s, language) for s in FONT_FAMILIES]
    return list(dict.fromkeys(f for f in [first, *others] if f is not None))


# Codes at and above this are never author text a font may claim to draw: the text path
# uses the Private Use Area to name glyphs that no character maps to (see text/shaping.py).
PRIVATE_USE = range(0xE000, 0xF900)


def font_has(font_name: str, ch: str) -> bool:
    """Whether the registered font has its own glyph for the character ``ch``."""
    code = ord(ch)
    return code not in PRIVATE_USE and code in pdfmetrics.getFont(font_name).face.charToGlyph


def missing_glyphs(text: str, language: str) -> list[str]:
    """Characters in ``text`` that no font in the theme can draw (they would print as boxes).

    The language's own font is asked first; the others only for what it lacks, so an
    English leaflet never loads the fonts of other scripts.
    """
    missing = {ch for ch in text if not ch.isspace()}
    for family in families_for(language):
        regular = register_family(family).regular
        missing = {ch for ch in missing if not font_has(regular, ch)}
        if not missing:
            break
    return sorted(missing)


# ---- colour -------------------------------------------------------------------------------
# Calm, print-friendly colours. Text colours reach at least 7:1 on white and on their tints,
# and every pair keeps its contrast when printed in greyscale (checked in the tests).

@dataclass(frozen=True)
class Palette:
    ink: Color = HexColor("#1E2B33")          # body text
    muted_ink: Color = HexColor("#3F4E58")    # footers and small print
    paper: Color = HexColor("#FFFFFF")
    accent: Color = HexColor("#0B5563")       # headings, rules, links (deep teal)
    accent_tint: Color = HexColor("#E3F1F2")  # cover and panel backgrounds
    accent_mid: Color = HexColor("#9CCBD0")   # thin rules and card borders
    warm_tint: Color = HexColor("#FDF3E1")    # tip cards
    warm_edge: Color = HexColor("#E8C98F")
    warning: Color = HexColor("#9E2B1E")      # safety messages
    warning_tint: Color = HexColor("#FBE8E3")
    on_accent: Color = HexColor("#FFFFFF")    # text on the accent colour


PALETTE = Palette()


def hex_of(color: Color) -> str:
    return "#" + color.hexval()[2:]


def relative_luminance(color: Color) -> float:
    return _luminance(color.red, color.green, color.blue)


@cache
def _luminance(red: float, green: float, blue: float) -> float:
    # remembered: the contrast checks ask about the same few palette colours thousands of
    # times a leaflet
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast_ratio(a: Color, b: Color) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def greyscale(color: Color) -> Color:
    """What a greyscale printer makes of a colour: its luma (Rec. 601, as Pillow's 'L')."""
    level = 0.299 * color.red + 0.587 * color.green + 0.114 * color.blue
    return Color(level, level, level)


def is_large_text(size: float, bold: bool) -> bool:
    """WCAG's large text, which needs less contrast: 18 pt, or 14 pt bold."""
    return size >= 18 or (bold and size >= 14)


# ---- type and space ------------------------------------------------------------------------

@dataclass(frozen=True)
class TypeScale:
    """Sizes in points for one format; leading is a multiple of the size.

    ``minimum`` is the smallest text the format may print; every style is at least that.
    """

    body: float
    detail: float  # card and table text
    title: float
    subtitle: float
    heading: float
    card_title: float
    small: float  # footers and notes
    phone: float
    minimum: float
    leading: float = 1.42
    gap: float = 8  # the basic vertical rhythm between blocks, in points
    qr_size: float = 24 * mm
    corner_radius: float = 6
    padding: float = 10
    icon: float = 22
    header_icon: float = 0  # the heart beside the title; 0 for none
    header_padding: float = 18
    icons_beside_title: bool = False  # posters: a card's icon sits beside its title
    # posters: a 'size: large' block's headings, list items, tip titles and phone numbers,
    # read from across the room; 0 where blocks are not made large (leaflets are in hand)
    far: float = 0
    fine_print: float = 0  # the footer's small print and the sample band; 0: ``small``
    # styles sized by a tall family's letter height on a format that otherwise sizes by
    # points (a tri-fold's phone lines): digits and Latin among their words are drawn at
    # their own letter height (letter_ratio), so a phone number stays the English size
    letters_matched: tuple[str, ...] = ()

    @property
    def fine(self) -> float:
        return self.fine_print or self.small


LEAFLET_TYPE = TypeScale(body=14, detail=13, title=34, subtitle=19, heading=20,
                         card_title=14.5, small=11, phone=17, minimum=11, header_icon=41)


# A tri-fold's panels are under 10 cm wide: 12 pt keeps lines near 45 characters.
TRIFOLD_TYPE = TypeScale(body=12, detail=12, title=26, subtitle=15, heading=15.5,
                         card_title=12.5, small=11, phone=14, minimum=11, gap=6,
                         padding=7,
                         icon=18, header_icon=40, header_padding=20, corner_radius=5,
                         qr_size=22 * mm)


# Large print (RNIB Clear Print): nothing under 18 pt, the footer and small print
# included, since a reader who needs large print needs it for the review dates and the
# phone numbers too. Headings are 1.4 x body and bold; lines about 1.45 x the size apart,
# with a blank line's worth of space between blocks. At 18 pt an A4 page's 170 mm line
# holds about 55 characters: a little under the 60-70 of standard print, as large-print
# lines should be, so the eye finds the next line without a long sweep back.
LARGE_PRINT_TYPE = TypeScale(body=18, detail=18, title=36, subtitle=24, heading=25,
                             card_title=21, small=18, phone=22, minimum=18, leading=1.45,
                             gap=13, qr_size=32 * mm, corner_radius=7, padding=14,
                             icon=30, header_icon=52, header_padding=22)


# The lines a poster exists for (a 'size: large' block: the ICON lines, 999 and 111) must
# read from 2 m on A3. That needs a cap height of 0.007 x 2000 mm = 14 mm; Andika's
# capitals are 0.713 of its size, so 55 pt, and 56 pt keeps a margin. Other sizes scale.
A3_FAR_READING_SIZE = 56
# A poster's small print is never under RNIB Clear Print's 12 pt (of Andika: a tall
# script's is as tall in its letters, see poster_letters)
SMALL_PRINT_FLOOR = 12.0
LATIN_CAPITAL_HEIGHT = 0.713  # Andika's capitals, as a share of the size


def poster_type(body: float) -> TypeScale:
    """Poster sizes grow with the sheet and the viewing distance; ``body`` sets the scale.

    Letter height should be about 0.007 x viewing distance: A3 has a 72 pt+ headline,
    56 pt for the key lines of large blocks (read from 2 m) and 28 pt body text, A4 20 pt
    and A2 40 pt. Body is also the smallest text on a poster, except the small print at
    its foot (who publishes it, review dates, sources), which is read standing close:
    0.6 x body, never under 12 pt (RNIB Clear Print's minimum).
    """
    factor = body / 28
    return TypeScale(body=body, detail=body, title=74 * factor, subtitle=40 * factor,
                     heading=44 * factor, card_title=31 * factor, small=body,
                     phone=40 * factor, minimum=body, far=A3_FAR_READING_SIZE * factor,
                     leading=1.25, gap=12 * factor,
                     qr_size=28 * mm * factor, corner_radius=14 * factor,
                     padding=18 * factor, icon=50 * factor, icons_beside_title=True,
                     header_padding=18 * factor,
                     fine_print=max(SMALL_PRINT_FLOOR, body * 0.6))


def type_for(scale: TypeScale, language: str) -> TypeScale:
    """A format's type scale for a resource in ``language``: the same, unless the family
    of its script sets leaflet body text smaller (Nastaliq, see its ``leaflet_body``); then
    every size but the small print shrinks with the body, never below the minimum.
    Posters keep their letter height, set by the viewing distance (see poster_letters)."""
    script = script_for(language)
    family = family_for(script, language) if script else None
    if scale.far:
        return poster_letters(scale, family)
    body = family.leaflet_body if family else 0
    if not body or body >= scale.body or scale.minimum >= scale.body:
        return scale
    factor = body / scale.body

    def shrunk(size: float) -> float:
        return max(scale.minimum, size * factor)

    return replace(scale, body=body, detail=shrunk(scale.detail), title=shrunk(scale.title),
                   subtitle=shrunk(scale.subtitle), heading=shrunk(scale.heading),
                   card_title=shrunk(scale.card_title), phone=shrunk(scale.phone))


def letter_ratio(font_name: str, language: str) -> float:
    """How many times the size a font of another family is drawn at among the words of
    ``language`` on a poster, so its letters stand as tall as the language's own: Andika's
    digits and capitals among Nastaliq, whose sizes poster_letters made smaller. 1 for
    the language's own family, and for every language whose family sets no letter_height."""
    script = script_for(language)
    own = family_for(script, language) if script else None
    other = family_of(font_name)
    if own is None or not own.letter_height or other is None or other is own:
        return 1.0
    bold = font_name.endswith("-Bold")
    heights = other.letter_height or (LATIN_CAPITAL_HEIGHT, LATIN_CAPITAL_HEIGHT)
    return own.letter_height[bold] / heights[bold]


def poster_letters(scale: TypeScale, family: FontFamily | None) -> TypeScale:
    """A poster's sizes for a family whose letters stand taller than Andika's capitals at
    the same size (Nastaliq): each size times the ratio of the letter heights, so its
    letters stand as tall as the English ones, which poster_type sizes for the viewing
    distance (14 mm on A3 from 2 m), and its tall lines take no more room than they need.
    Each style goes by its own face's letter: the headlines, headings, card titles, phone
    numbers and far-reading lines are bold (the ICON lines are written in bold). Nothing
    goes below the body size, and the small print keeps its floor by letter height too:
    its letters stand as tall as 12 pt Andika's capitals (RNIB Clear Print's minimum, read
    standing close), which is 10.4 pt of Nastaliq."""
    if not family or not family.letter_height:
        return scale
    regular, bold = (LATIN_CAPITAL_HEIGHT / height for height in family.letter_height)
    minimum = scale.minimum * regular
    sizes = {name: max(minimum, getattr(scale, name) * bold)
             for name in ("title", "heading", "card_title", "phone", "far")}
    sizes.update({name: getattr(scale, name) * regular
                  for name in ("body", "detail", "subtitle", "small")})
    sizes["title"] = sizes["far"]
    # the space between and around blocks goes with the type it spaces
    spacing = {name: getattr(scale, name) * regular
               for name in ("gap", "padding", "header_padding", "corner_radius")}
    return replace(scale, **sizes, **spacing, minimum=minimum,
                   fine_print=max(SMALL_PRINT_FLOOR, scale.fine) * regular)


def headings_by_letter_height(scale: TypeScale, language: str) -> TypeScale:
    """``scale`` with its headings, card titles and phone lines set so that the letters
    of a script that stands taller than Latin (its family's ``letter_height``) are as
    tall as Latin capitals at the format's sizes, never below the format's minimum: the
    same look, and a tri-fold's narrow panels lose fewer lines to headings that wrap."""
    script = script_for(language)
    family = family_for(script, language) if script else None
    if family is None or not family.letter_height:
        return scale
    factor = LATIN_CAPITAL_HEIGHT / family.letter_height[1]  # headings are bold
    # a card's phone line too ("Call 116 123" in Nastaliq): its words by letter height,
    # its number at the English size (letters_matched)
    return replace(scale, heading=max(scale.minimum, scale.heading * factor),
                   card_title=max(scale.minimum, scale.card_title * factor),
                   phone=max(scale.minimum, scale.phone * factor),
                   letters_matched=("phone",))


def bold_by_letter_height(size: float, language: str, floor: float) -> float:
    """A bold line's size in ``language`` whose letters stand as tall as Latin capitals
    at ``size`` (the rule headings_by_letter_height follows), never below ``floor``: a
    draft band's Nastaliq line looks as big as its English one and takes less room."""
    script = script_for(language)
    family = family_for(script, language) if script else None
    if family is None or not family.letter_height:
        return size
    return max(floor, size * LATIN_CAPITAL_HEIGHT / family.letter_height[1])


# The hub's own A4 sheets (the sources page, the contacts check): reference lists, read
# at a desk, so a little smaller than a leaflet's body text.
SHEET_TYPE = TypeScale(body=12, detail=11.5, title=24, subtitle=14, heading=14.5,
                       card_title=12.5, small=11, phone=12, minimum=11, gap=6, padding=7)


@dataclass(frozen=True)
class PageGeometry:
    margin_x: float
    margin_top: float
    margin_bottom: float


# Press copies carry a band of the accent colour across the top, bled off the sheet;
# its height inside the trim is this share of the top margin (about 5 mm on a leaflet).
PRESS_BAND_SHARE = 0.36

# Nothing within 10 mm of the sheet edge: office printers cannot print the outer 4-6 mm.
LEAFLET_PAGE = PageGeometry(margin_x=18 * mm, margin_top=13 * mm, margin_bottom=10.5 * mm)


# Large print: A4 portrait with wider margins, so the lines stay near 55 characters.
LARGE_PRINT_PAGE = PageGeometry(margin_x=20 * mm, margin_top=15 * mm, margin_bottom=12 * mm)


TRIFOLD_PAGE = PageGeometry(margin_x=10 * mm, margin_top=12 * mm, margin_bottom=10 * mm)
TRIFOLD_FOLD_MARGIN = 8 * mm  # text keeps this far from a fold on either side


def poster_page(body: float) -> PageGeometry:
    factor = body / 28
    return PageGeometry(margin_x=18 * mm * factor, margin_top=13 * mm * factor,
                        margin_bottom=11 * mm * factor)
