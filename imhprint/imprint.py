"""What every printed page says about itself (PIF TICK): who publishes it, its version and
review dates, where its facts come from, how to give feedback, that it does not replace a
professional's advice, and, for a sample edition, that its details are made up.

A hub's edition sets its own imprint in its edition file; the national edition's comes
from content/settings.yaml. The words themselves come from the strings file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .model import Edition, Settings
from .schema import Text
from .strings import Strings
from .structure import Element, marked
from .text.line import draw_line, ink_extent
from .theme import Fonts, Palette

# The sample band sits in the top margin, clear of the 6 mm an office printer cannot
# reach (and of a press copy's 5 mm accent band and 5 mm text inset).
SAMPLE_BAND_FROM_EDGE = 6.5 * mm
SAMPLE_BAND_GAP = 1 * mm  # between the band and the content below it
SAMPLE_BAND_LEADING = 1.45  # the band's height as a multiple of its type size
SAMPLE_BAND_INK_MARGIN = 0.12  # of the size, between shaped glyphs and the band's edge
SAMPLE_BAND_MIN_SIZE = 12.0  # RNIB Clear Print's smallest; a leaflet's fine print is less
# Between the items of the small print; the no-break space keeps each dot at the end of a
# line, never starting the next one.
SEPARATOR = "\u00a0\u00b7 "


def kept_whole(item: str) -> str:
    """One short item of the small print ("Next review December 2027") with no-break
    spaces, so the line breaks only at a SEPARATOR and a label is never parted from its
    date (a footer line starting "review December 2027" reads as nonsense)."""
    return item.replace(" ", "\u00a0")


@dataclass(frozen=True)
class Imprint:
    """One edition's publisher, feedback route and sources address, and whether it is a
    made-up sample. ``path`` is the file they are set in."""

    publisher: Text | None  # None: no settings file, so each resource's owner
    feedback: Text | None
    sources_web: Text | None
    sample: bool = False
    path: Path | None = None

    @classmethod
    def of(cls, edition: Edition | None, settings: Settings | None) -> Imprint:
        if edition is not None:
            return cls(edition.name, edition.feedback, edition.sources_web, edition.sample,
                       edition.path)
        if settings is not None:
            return cls(settings.publisher, settings.feedback, settings.sources_web, False,
                       settings.path)
        return cls(None, None, None)


def short_address(url: str) -> str:
    """The address a reader would type: no scheme, no trailing slash."""
    return url.removeprefix("https://").removesuffix("/")


def governance_lines(strings: Strings, kind: str, imprint: Imprint) -> list[str]:
    """The back page's small print: not a substitute for advice, then where to ask for
    other formats, the sources and feedback, run together on as few lines as they need."""
    return [strings[f"not_advice_{kind}"], SEPARATOR.join(governance_routes(strings, imprint))]


def governance_routes(strings: Strings, imprint: Imprint) -> list[str]:
    """Where to ask for other formats, where the facts come from, how to give feedback."""
    ask = strings["ask_at_hub"]
    where = short_address(imprint.sources_web) if imprint.sources_web else ask
    return [strings["other_formats"],
            strings.format("sources_line", where=where),
            strings.format("feedback_line", how=imprint.feedback or ask)]


def sample_band_size(margin_top: float, fine: float) -> float:
    """The band's type size: as large as the top margin holds, up to the format's fine
    print, but never under 12 pt (or the fine print, if that is smaller), pushing the
    content down a little if the margin is too narrow for that."""
    fits = (margin_top - SAMPLE_BAND_FROM_EDGE - SAMPLE_BAND_GAP) / SAMPLE_BAND_LEADING
    return max(min(fine, SAMPLE_BAND_MIN_SIZE), min(fine, fits))


def sample_band_height(size: float, text: str = "", language: str = "en-GB",
                       font: str = "") -> float:
    """The band's height: its leading, or, for words whose glyphs reach further (Nastaliq
    stands about twice the size tall), their own height and a margin above and below, so
    no letter stands outside the band, nor nearer the sheet's edge than it may."""
    ink = ink_extent(text, language, font, size) if text else None
    glyphs = ink[0] + ink[1] + 2 * SAMPLE_BAND_INK_MARGIN * size if ink else 0.0
    return max(size * SAMPLE_BAND_LEADING, glyphs)


def sample_band_bottom(page_height: float, size: float, text: str = "",
                       language: str = "en-GB", font: str = "") -> float:
    """Where the band ends, measured from the foot of the page."""
    return page_height - SAMPLE_BAND_FROM_EDGE - sample_band_height(size, text, language,
                                                                     font)


def draw_sample_band(canv: Canvas, spans: list[tuple[float, float]], page_height: float,
                     size: float, fonts: Fonts, palette: Palette, text: str,
                     language: str = "en-GB") -> None:
    """A strip in the warning colour across each span (x, width) near the top, the words
    centred in it in white: obvious at a glance, in the margin so it covers no content.
    A screen reader reads the words once (where the page's regions say notices go)."""
    height = sample_band_height(size, text, language, fonts.bold)
    bottom = sample_band_bottom(page_height, size, text, language, fonts.bold)
    with marked(canv, Element("P", lang=language, text=text, actual_text=text)):
        _draw_band(canv, spans, bottom, height, size, fonts, palette, text, language)


def _draw_band(canv: Canvas, spans: list[tuple[float, float]], bottom: float, height: float,
               size: float, fonts: Fonts, palette: Palette, text: str, language: str) -> None:
    canv.saveState()
    for x, width in spans:
        canv.setFillColor(palette.warning)
        canv.roundRect(x, bottom, width, height, min(3, height / 3), stroke=0, fill=1)
        canv.setFillColor(palette.on_accent)
        canv.setFont(fonts.bold, size)
        draw_line(canv, text, language, fonts.bold, size, x + width / 2,
                  _band_baseline(bottom, height, size, text, language, fonts.bold), "centre")
    canv.restoreState()


def _band_baseline(bottom: float, height: float, size: float, text: str, language: str,
                   font: str) -> float:
    """The baseline that centres the words in the band: a Latin line by its capitals,
    shaped words by their glyphs' own top and foot."""
    ink = ink_extent(text, language, font, size)
    if ink is None:
        return bottom + (height - size * 0.7) / 2
    return bottom + (height - ink[0] - ink[1]) / 2 + ink[1]
