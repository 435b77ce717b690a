"""Unit tests for imhprint.pdfcheck on small real PDFs made with ReportLab in each test."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from imhprint import pdfcheck

REPO = Path(__file__).resolve().parent.parent
ANDIKA = REPO / "assets" / "fonts" / "andika" / "Andika-Regular.ttf"
PAGE = (200 * mm, 150 * mm)


def make_pdf(draw: Callable[[Canvas], None], **canvas_options: object) -> bytes:
    """One page drawn by draw on a fresh canvas, returned as bytes."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=canvas_options.pop("pagesize", PAGE), **canvas_options)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# ---------------------------------------------------------------------------- fonts


def test_built_in_helvetica_is_reported_unembedded() -> None:
    def draw(c: Canvas) -> None:
        c.setFont("Helvetica", 12)
        c.drawString(72, 72, "Hello")

    assert pdfcheck.unembedded_fonts(make_pdf(draw)) == ["Helvetica"]


def test_registered_ttf_used_alone_is_embedded() -> None:
    pdfmetrics.registerFont(TTFont("AndikaTest", str(ANDIKA)))

    def draw(c: Canvas) -> None:
        c.setFont("AndikaTest", 12)
        c.drawString(72, 72, "Hello")

    assert pdfcheck.unembedded_fonts(make_pdf(draw, initialFontName="AndikaTest")) == []


def test_font_used_only_in_a_form_xobject_is_found() -> None:
    def draw(c: Canvas) -> None:
        c.beginForm("label")
        c.setFont("Courier", 12)
        c.drawString(10, 10, "in a form")
        c.endForm()
        c.doForm("label")

    assert "Courier" in pdfcheck.unembedded_fonts(make_pdf(draw))


def test_font_used_only_in_an_annotation_appearance_is_found() -> None:
    def draw(c: Canvas) -> None:
        c.drawString(72, 72, "page text")
        c.acroForm.textfield(name="name", value="hi", x=72, y=300, fontName="Courier-Bold")

    pdf = make_pdf(draw, initialFontName="Times-Roman")
    assert pdfcheck.unembedded_fonts(pdf) == ["Courier-Bold", "Times-Roman"]


# ---------------------------------------------------------------------------- text


def two_sizes(c: Canvas) -> None:
    c.setFont("Helvetica", 14)
    c.drawString(100, 300, "Hello")
    c.setFont("Helvetica", 6)
    c.drawString(100, 100, "tiny")


def test_text_runs_sizes_and_boxes() -> None:
    runs = pdfcheck.text_runs(make_pdf(two_sizes))

    assert [(r.page, r.text, r.font) for r in runs] == [
        (1, "Hello", "Helvetica"),
        (1, "tiny", "Helvetica"),
    ]
    hello, tiny = runs
    assert hello.size == pytest.approx(14, abs=0.01)
    assert tiny.size == pytest.approx(6, abs=0.01)
    width = pdfmetrics.stringWidth("Hello", "Helvetica", 14)
    # Glyph boxes: from the baseline (no descenders in "Hello") to the cap height.
    assert hello.box == pytest.approx((100, 300, 100 + width, 300 + 0.718 * 14), abs=2)
    width = pdfmetrics.stringWidth("tiny", "Helvetica", 6)
    assert tiny.box == pytest.approx((100, 100, 100 + width, 100 + 0.7 * 6), abs=2)


def test_smallest_text_is_the_six_point_run() -> None:
    runs = pdfcheck.text_runs(make_pdf(two_sizes))
    smallest = pdfcheck.smallest_text(runs)

    assert smallest is not None
    assert smallest.text == "tiny"
    assert pdfcheck.smallest_text([]) is None


def test_text_outside_an_area() -> None:
    runs = pdfcheck.text_runs(make_pdf(two_sizes))

    # Holds "Hello" (y 300 to about 310) but stops above "tiny" (y 100 to about 105).
    outside = pdfcheck.text_outside(runs, (50, 150, 400, 400))
    assert [r.text for r in outside] == ["tiny"]
    assert pdfcheck.text_outside(runs, (50, 50, 400, 400)) == []
    # The 0.5 pt tolerance: an area clipping the box by 0.4 pt still holds it.
    x0, y0, x1, y1 = runs[0].box
    assert pdfcheck.text_outside(runs[:1], (x0 + 0.4, y0 + 0.4, x1 - 0.4, y1 - 0.4)) == []
    assert pdfcheck.text_outside(runs[:1], (x0 + 1, y0, x1, y1)) == runs[:1]


def test_runs_split_on_font_change_and_line_change() -> None:
    def draw(c: Canvas) -> None:
        text = c.beginText(72, 300)
        text.setFont("Helvetica", 12)
        text.textOut("plain ")
        text.setFont("Helvetica-Bold", 12)
        text.textLine("bold")
        text.setFont("Helvetica-Bold", 12)
        text.textLine("next line")
        c.drawText(text)

    runs = pdfcheck.text_runs(make_pdf(draw))

    assert [(r.text, r.font) for r in runs] == [
        ("plain", "Helvetica"),
        ("bold", "Helvetica-Bold"),
        ("next line", "Helvetica-Bold"),
    ]


def test_scaled_text_reports_the_printed_size() -> None:
    def draw(c: Canvas) -> None:
        c.scale(0.5, 0.5)
        c.setFont("Helvetica", 20)
        c.drawString(200, 200, "half")

    (run,) = pdfcheck.text_runs(make_pdf(draw))
    assert run.size == pytest.approx(10, abs=0.01)
    assert run.box[0] == pytest.approx(100, abs=2)


def test_horizontally_squeezed_text_keeps_its_size() -> None:
    def draw(c: Canvas) -> None:
        text = c.beginText(100, 100)
        text.setFont("Helvetica", 20)
        text.setHorizScale(50)
        text.textOut("narrow")
        c.drawText(text)

    (run,) = pdfcheck.text_runs(make_pdf(draw))
    assert run.size == pytest.approx(20, abs=0.01)
    width = pdfmetrics.stringWidth("narrow", "Helvetica", 20) / 2
    assert run.box[2] == pytest.approx(100 + width, abs=2)


# ------------------------------------------------------------------------ ink edges


def test_rectangle_three_mm_from_left_edge_is_reported() -> None:
    def draw(c: Canvas) -> None:
        c.rect(3 * mm, 60 * mm, 20 * mm, 20 * mm, stroke=0, fill=1)

    assert pdfcheck.ink_near_edges(make_pdf(draw), margin=6 * mm) == [(1, "left")]


def test_ink_in_two_corners_names_every_edge() -> None:
    def draw(c: Canvas) -> None:
        c.rect(0, 0, 10 * mm, 10 * mm, stroke=0, fill=1)  # bottom left
        c.rect(PAGE[0] - 10 * mm, PAGE[1] - 10 * mm, 10 * mm, 10 * mm, stroke=0, fill=1)

    found = pdfcheck.ink_near_edges(make_pdf(draw), margin=6 * mm)
    assert found == [(1, "top, right, bottom, left")]


def test_ink_ten_mm_from_every_edge_is_clean() -> None:
    def draw(c: Canvas) -> None:
        c.setFillColorRGB(0.9, 0.1, 0.1)
        c.rect(10 * mm, 10 * mm, PAGE[0] - 20 * mm, PAGE[1] - 20 * mm, stroke=0, fill=1)
        c.setFont("Helvetica", 30)
        c.drawString(10 * mm, 10 * mm, "text on the line")

    assert pdfcheck.ink_near_edges(make_pdf(draw), margin=6 * mm) == []


def test_ink_exactly_at_the_margin_line_is_not_reported() -> None:
    def draw(c: Canvas) -> None:
        c.rect(6 * mm, 6 * mm, PAGE[0] - 12 * mm, PAGE[1] - 12 * mm, stroke=0, fill=1)

    assert pdfcheck.ink_near_edges(make_pdf(draw), margin=6 * mm) == []


def test_ink_edges_are_checked_on_the_media_box_not_the_crop_box() -> None:
    def draw(c: Canvas) -> None:
        c.rect(2 * mm, 60 * mm, 10 * mm, 10 * mm, stroke=0, fill=1)

    pdf = make_pdf(draw, cropBox=(20 * mm, 20 * mm, PAGE[0] - 20 * mm, PAGE[1] - 20 * mm))
    assert pdfcheck.ink_near_edges(pdf, margin=6 * mm) == [(1, "left")]


# --------------------------------------------------------------------------- colour


def test_rgb_fill_uses_rg() -> None:
    def draw(c: Canvas) -> None:
        c.setFillColorRGB(0.2, 0.4, 0.6)
        c.rect(72, 72, 72, 72, stroke=0, fill=1)

    assert "rg" in pdfcheck.colour_operators(make_pdf(draw))


def test_enforced_cmyk_canvas_uses_only_k() -> None:
    def draw(c: Canvas) -> None:
        c.setFillColor(CMYKColor(0, 0.5, 1, 0))
        c.setStrokeColor(CMYKColor(1, 0, 0, 0.2))
        c.rect(72, 72, 72, 72, stroke=1, fill=1)
        c.setFont("Helvetica", 12)
        c.drawString(72, 200, "cmyk")

    # ReportLab writes no colour operator for its initial state (the PDF default is
    # DeviceGray black, set implicitly), so only the colours drawn appear.
    assert pdfcheck.colour_operators(make_pdf(draw, enforceColorSpace="cmyk")) == {"k", "K"}


def test_colour_in_a_form_xobject_is_found() -> None:
    def draw(c: Canvas) -> None:
        c.beginForm("swatch")
        c.setStrokeColorRGB(1, 0, 0)
        c.rect(0, 0, 10, 10, stroke=1, fill=0)
        c.endForm()
        c.setFillColor(CMYKColor(0, 0, 0, 1))
        c.doForm("swatch")

    assert pdfcheck.colour_operators(make_pdf(draw)) == {"k", "RG"}


def image_pdf(image: Image.Image) -> bytes:
    def draw(c: Canvas) -> None:
        c.drawImage(ImageReader(image), 72, 72, width=72, height=72, mask="auto")

    return make_pdf(draw)


def test_rgb_and_cmyk_image_colour_spaces() -> None:
    rgb = Image.new("RGB", (16, 16), (200, 30, 60))

    assert pdfcheck.image_colour_spaces(image_pdf(rgb)) == {"/DeviceRGB"}
    assert pdfcheck.image_colour_spaces(image_pdf(rgb.convert("CMYK"))) == {"/DeviceCMYK"}


def test_soft_mask_colour_space_is_not_included() -> None:
    rgba = Image.new("RGBA", (16, 16), (200, 30, 60, 128))
    pdf = image_pdf(rgba)

    assert b"/SMask" in pdf  # the alpha channel really became a DeviceGray soft mask
    assert pdfcheck.image_colour_spaces(pdf) == {"/DeviceRGB"}


def test_inline_image_colour_space_is_included() -> None:
    def draw(c: Canvas) -> None:
        c.drawInlineImage(Image.new("RGB", (4, 4), (0, 128, 255)), 72, 72, 36, 36)

    assert pdfcheck.image_colour_spaces(make_pdf(draw)) == {"/DeviceRGB"}


# ---------------------------------------------------------------------------- boxes


def test_page_boxes_read_back_trim_and_bleed() -> None:
    bleed = 3 * mm
    size = (210 * mm + 2 * bleed, 297 * mm + 2 * bleed)
    trim = (bleed, bleed, size[0] - bleed, size[1] - bleed)
    pdf = make_pdf(lambda c: None, pagesize=size, trimBox=trim, bleedBox=(0, 0, *size))

    (boxes,) = pdfcheck.page_boxes(pdf)
    assert boxes.media == pytest.approx((0, 0, *size), abs=0.01)
    assert boxes.trim == pytest.approx(trim, abs=0.01)
    assert boxes.bleed == pytest.approx((0, 0, *size), abs=0.01)


def test_page_boxes_without_trim_or_bleed_are_none() -> None:
    (boxes,) = pdfcheck.page_boxes(make_pdf(lambda c: None))

    assert boxes.media == pytest.approx((0, 0, *PAGE), abs=0.01)
    assert boxes.trim is None
    assert boxes.bleed is None
