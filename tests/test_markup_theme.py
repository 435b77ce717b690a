"""Unit tests: the inline markup never lets author text become ReportLab markup, and the
palette's text colours stay readable, in colour and when printed in greyscale.
"""

from __future__ import annotations

import re

import pytest
from reportlab.lib.colors import Color

from imhprint import markup, theme

ALLOWED_TAG = re.compile(r'^(<b>|</b>|</a>|<a href="https://[^"<>]*" color="#[0-9A-Fa-f]{6}">)$')

HOSTILE = [
    "Ask your <GP> & midwife <img src=\"/etc/passwd\"> about **this**",
    "<b>not bold</b> <i>no</i> <font color=red>x</font> <br/> <para>",
    "a & b &amp; c &lt; d &#60; e",
    "[click](javascript:alert(1)) [plain](http://example.org) [ok](https://example.org/a)",
    "**bold <with> tags** and [**link**](https://example.org/?a=1&b=2)",
    '[quote"d](https://example.org/"onmouseover="x)',
    "<a href=\"https://evil.example\">fake link</a>",
    "]]> <![CDATA[ x ]]> <?xml ?> <!-- c -->",
]


def tags(output: str) -> list[str]:
    return re.findall(r"<[^>]*>", output)


@pytest.mark.parametrize("source", HOSTILE)
def test_to_reportlab_only_emits_bold_and_links(source: str):
    output = markup.to_reportlab(source, "#0B5563")
    bad = [tag for tag in tags(output) if not ALLOWED_TAG.match(tag)]
    assert not bad, output
    # outside our own tags no raw < > or bare & remain
    between = re.sub(r"<[^>]*>", "", output)
    assert "<" not in between and ">" not in between
    assert not re.search(r"&(?!amp;|lt;|gt;|quot;|#\d+;)", between), output


def test_to_reportlab_escapes_specials():
    output = markup.to_reportlab("Ask your <GP> & midwife", "#000000")
    assert output == "Ask your &lt;GP&gt; &amp; midwife"


def test_to_reportlab_bold_and_link():
    output = markup.to_reportlab("A **bold** word and [a site](https://example.org/x).",
                                 "#0B5563")
    assert "<b>bold</b>" in output
    link = re.search(r'<a href="([^"]*)" color="([^"]*)">a site</a>', output)
    assert link, output
    assert link.group(1) == "https://example.org/x"
    assert link.group(2).lower() == "#0b5563"
    assert "**" not in output and "](" not in output


@pytest.mark.parametrize("source", [
    "[x](javascript:alert(1))", "[x](http://example.org)", "[x](ftp://example.org)",
    "[x](example.org)",
])
def test_only_https_addresses_become_links(source: str):
    output = markup.to_reportlab(source, "#000000")
    assert "<a" not in output
    assert markup.plain_text(source) == source  # shown as typed


def test_link_address_is_attribute_escaped():
    output = markup.to_reportlab("[x](https://example.org/?a=1&b=2)", "#000000")
    assert 'href="https://example.org/?a=1&amp;b=2"' in output


@pytest.mark.parametrize("source", [
    "Some **bold text that never ends",
    "**one** and **two",
    "**",
    "a ** b",
])
def test_unclosed_bold_raises(source: str):
    with pytest.raises(markup.MarkupError):
        markup.parse_inline(source)
    with pytest.raises(markup.MarkupError):
        markup.to_reportlab(source, "#000000")


def test_parse_inline_runs():
    runs = markup.parse_inline("a **b** [c](https://example.org) d")
    assert [(r.text, r.bold, r.url) for r in runs] == [
        ("a ", False, None), ("b", True, None), (" ", False, None),
        ("c", False, "https://example.org"), (" d", False, None)]


def test_plain_text_drops_markup():
    assert markup.plain_text("A **bold** [link](https://example.org) <GP> &") == \
        "A bold link <GP> &"


def test_reportlab_accepts_the_markup():
    """The escaped output is valid paragraph markup whose visible text is the source's."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph

    for source in HOSTILE:
        para = Paragraph(markup.to_reportlab(source, "#0B5563"),
                         getSampleStyleSheet()["Normal"])
        seen = para.getPlainText()
        assert " ".join(seen.split()) == " ".join(markup.plain_text(source).split())
        para.wrap(400, 1000)


# ---- colour --------------------------------------------------------------------------------

def _linear(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour with channels in 0..1."""
    r, g, b = (_linear(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(color: Color) -> tuple[float, float, float]:
    return (color.red, color.green, color.blue)


def grey(color: Color) -> tuple[float, float, float]:
    """What a greyscale printer makes of a colour: its luma (Rec. 601, as PIL's 'L')."""
    level = 0.299 * color.red + 0.587 * color.green + 0.114 * color.blue
    return (level, level, level)


TEXT_COLOURS = ("ink", "muted_ink", "accent", "warning")
BACKGROUNDS = ("paper", "accent_tint", "warm_tint", "warning_tint")
PAIRS = [(t, b) for t in TEXT_COLOURS for b in BACKGROUNDS] + [("on_accent", "accent")]


def test_contrast_helper_is_wcag():
    assert contrast((0, 0, 0), (1, 1, 1)) == pytest.approx(21.0)
    assert contrast((1, 1, 1), (1, 1, 1)) == pytest.approx(1.0)
    # WCAG's own example value: #777777 on white is about 4.48:1
    assert contrast((0x77 / 255,) * 3, (1, 1, 1)) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("text, background", PAIRS, ids=[f"{t}-on-{b}" for t, b in PAIRS])
def test_text_colour_contrast(text: str, background: str):
    fg, bg = getattr(theme.PALETTE, text), getattr(theme.PALETTE, background)
    ratio = contrast(rgb(fg), rgb(bg))
    assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}:1"
    # the project's own helper agrees with the WCAG formula
    assert theme.contrast_ratio(fg, bg) == pytest.approx(ratio, rel=1e-6)


@pytest.mark.parametrize("text, background", PAIRS, ids=[f"{t}-on-{b}" for t, b in PAIRS])
def test_text_colour_contrast_in_greyscale(text: str, background: str):
    fg, bg = getattr(theme.PALETTE, text), getattr(theme.PALETTE, background)
    ratio = contrast(grey(fg), grey(bg))
    assert ratio >= 3.0, f"{text} on {background} in greyscale: {ratio:.2f}:1"


def test_palette_names_exist():
    for name in {*TEXT_COLOURS, *BACKGROUNDS, "on_accent"}:
        assert isinstance(getattr(theme.PALETTE, name), Color), name
