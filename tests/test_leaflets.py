"""The built leaflets: page size and count, text and reading order, fonts, metadata,
footers, reproducibility and the blank print margin.

The real content is built once (``real_build``); a temporary "kitchen sink" leaflet with
every block type (``sink_build``) covers the blocks the real content does not use.
"""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import yaml
from conftest import (
    A4_HEIGHT,
    A4_WIDTH,
    STANDARD_14_PREFIXES,
    assert_in_order,
    block_shown_in,
    block_type_and_value,
    clean_env,
    describe,
    diagnostics,
    expected_fragments,
    iter_fonts,
    leaflet_files,
    leaflet_yaml,
    load_services,
    normalise,
    page_texts,
    run_build,
    strip_markup,
    write_content,
)

LEAFLET_FILES = leaflet_files()
LEAFLET_IDS = [p.stem for p in LEAFLET_FILES]


def load_resource(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(params=LEAFLET_FILES, ids=LEAFLET_IDS)
def leaflet(request, real_build):
    """(resource dict, PDF path) for one real leaflet; fails if its PDF was not built."""
    source = real_build.source_for(request.param)
    if not source.is_file():
        pytest.skip(f"{request.param.name} was added after the session started")
    resource = load_resource(source)
    pdf = real_build.pdf_for(resource["id"])
    assert pdf.is_file(), (f"{request.param.name}: no PDF {pdf.name} was built\n"
                           f"{describe(real_build.result)}")
    return resource, pdf


@pytest.fixture
def sink(sink_build):
    assert sink_build.result.returncode == 0, describe(sink_build.result)
    assert sink_build.pdf.is_file()
    return load_resource(sink_build.source), sink_build.pdf


# ---- the real build as a whole -----------------------------------------------------------

def test_there_is_real_content():
    assert LEAFLET_FILES, "no leaflet YAML files under content/leaflets"


def test_real_build_has_no_leaflet_errors(real_build):
    """No errors for any leaflet (other kinds of resource are tested elsewhere)."""
    result = real_build.result
    assert "Traceback" not in result.stderr
    leaflets = (real_build.content / "leaflets").resolve()
    errors = [d for d in diagnostics(result.stderr) if d.level == "error"]
    assert not [d for d in errors if d.path.is_relative_to(leaflets)], describe(result)
    assert result.returncode == (1 if errors else 0), describe(result)


def test_one_pdf_per_resource_format_and_nothing_else(real_build):
    """An A4 PDF and a large-print one for each leaflet, and a tri-fold and a booklet too
    for each that lists them."""
    sources = leaflet_files(real_build.content / "leaflets")
    assert sources
    ids = [load_resource(p)["id"] for p in sources]
    assert len(set(ids)) == len(sources), "two leaflet files share an id"
    english = {f"{i}.pdf" for i in ids} | {f"{i}-large-print.pdf" for i in ids} | {
        f"{load_resource(p)['id']}-{kind}.pdf" for p in sources for kind in ("trifold", "booklet")
        if kind in load_resource(p).get("formats", [])}
    # and the same again for each language that has a PO file for the leaflet
    translations = real_build.content / "translations"
    expected = english | {
        name.replace(".pdf", f".{po.parent.name}.pdf") for po in translations.glob("*/*.po")
        for name in english
        if name.removesuffix(".pdf").removesuffix("-trifold").removesuffix("-booklet")
        .removesuffix("-large-print") == po.stem}
    folder = real_build.output / "leaflets"
    built = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    assert built == expected, describe(real_build.result)


# ---- each leaflet -----------------------------------------------------------------------

def check_pages(pdf: Path) -> None:
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 2, f"{pdf.name} has {len(reader.pages)} pages, not 2"
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        assert float(box.left) == pytest.approx(0, abs=0.1)
        assert float(box.bottom) == pytest.approx(0, abs=0.1)
        assert float(box.width) == pytest.approx(A4_WIDTH, abs=0.1), f"page {number} width"
        assert float(box.height) == pytest.approx(A4_HEIGHT, abs=0.1), f"page {number} height"
        assert page.get("/Rotate", 0) == 0


def test_two_a4_pages(leaflet):
    check_pages(leaflet[1])


def test_two_a4_pages_kitchen_sink(sink):
    check_pages(sink[1])


def test_block_text_in_reading_order(leaflet, real_build):
    resource, pdf = leaflet
    text = " ".join(page_texts(pdf))
    assert_in_order(text, expected_fragments(resource, load_services(real_build.content)))


def test_block_text_in_reading_order_kitchen_sink(sink, sink_build):
    resource, pdf = sink
    text = " ".join(page_texts(pdf))
    assert_in_order(text, expected_fragments(resource, load_services(sink_build.content)))
    assert "example.org/more" in text  # the QR block prints its address too


def test_cover_title_and_intro_come_first(leaflet):
    resource, pdf = leaflet
    first_page = page_texts(pdf)[0]
    title = normalise(strip_markup(resource["title"]))
    intro = normalise(strip_markup(resource["intro"]))
    assert first_page.startswith(title), first_page[:200]
    intro_at = first_page.find(intro)
    assert intro_at >= 0, "the whole intro should be on the cover"
    first_block = next(b for b in resource["blocks"] if block_shown_in(resource, b, "a4"))
    _, value = block_type_and_value(first_block)
    if isinstance(value, str):
        block_at = first_page.find(normalise(strip_markup(value)), len(title))
        assert block_at > intro_at, "the intro should come before the first block"


def test_inline_markup_is_not_printed(leaflet):
    resource, pdf = leaflet
    text = " ".join(page_texts(pdf))
    assert "**" not in text
    assert "](https://" not in text


def check_fonts(pdf: Path) -> None:
    reader = pypdf.PdfReader(pdf)
    fonts = list(iter_fonts(reader))
    assert fonts, "no fonts found at all"
    problems = []
    for page, name, font in fonts:
        base = str(font.get("/BaseFont", "?")).lstrip("/")
        bare = base.split("+", 1)[-1]
        where = f"page {page} {name} {base} ({font.get('/Subtype')})"
        if bare.startswith(STANDARD_14_PREFIXES):
            problems.append(f"{where}: standard-14 font, not embedded")
        descriptor_font = font
        if font.get("/Subtype") == "/Type0":
            descriptor_font = font["/DescendantFonts"][0].get_object()
        descriptor = descriptor_font.get("/FontDescriptor")
        if descriptor is None:
            problems.append(f"{where}: no /FontDescriptor")
            continue
        descriptor = descriptor.get_object()
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.append(f"{where}: no embedded font file")
    assert not problems, "\n".join(problems)


def test_every_font_is_embedded(leaflet):
    check_fonts(leaflet[1])


def test_every_font_is_embedded_kitchen_sink(sink):
    check_fonts(sink[1])


def publisher_of(content: Path, resource: dict) -> str:
    """Who a national leaflet names as publisher: the settings file's, else its owner."""
    settings = content / "settings.yaml"
    if settings.is_file():
        return yaml.safe_load(settings.read_text(encoding="utf-8"))["publisher"]
    return resource["owner"]


def check_metadata(resource: dict, pdf: Path, publisher: str) -> None:
    reader = pypdf.PdfReader(pdf)
    info = reader.metadata
    assert info is not None
    assert info.get("/Title") == strip_markup(resource["title"])
    assert info.get("/Author") == publisher
    assert str(info.get("/Subject") or "").strip()
    assert str(info.get("/Keywords") or "").strip()
    catalog = reader.trailer["/Root"]
    assert catalog.get("/Lang") == resource.get("language", "en-GB")
    prefs = catalog.get("/ViewerPreferences")
    assert prefs is not None
    assert prefs.get_object().get("/DisplayDocTitle") == pypdf.generic.BooleanObject(True)


def test_metadata(leaflet, real_build):
    check_metadata(*leaflet, publisher_of(real_build.content, leaflet[0]))


def test_metadata_kitchen_sink(sink, sink_build):
    check_metadata(*sink, publisher_of(sink_build.content, sink[0]))
    info = pypdf.PdfReader(sink[1]).metadata
    assert info["/Subject"] == sink[0]["subtitle"]


def headings(resource: dict) -> list[str]:
    return [normalise(strip_markup(b["heading"])) for b in resource["blocks"] if "heading" in b]


def test_outline_has_one_entry_per_heading(leaflet):
    resource, pdf = leaflet
    reader = pypdf.PdfReader(pdf)
    outline = reader.outline
    assert all(not isinstance(entry, list) for entry in outline), "outline should be flat"
    assert [entry.title for entry in outline] == headings(resource)


def test_outline_entries_open_the_page_with_the_heading(leaflet):
    """A bookmark should take the reader to the page where its heading is printed."""
    resource, pdf = leaflet
    reader = pypdf.PdfReader(pdf)
    texts = page_texts(pdf)
    wrong = []
    for entry in reader.outline:
        target = reader.get_destination_page_number(entry)
        on_pages = [i for i, text in enumerate(texts) if entry.title in text]
        if target not in on_pages:
            wrong.append(f"{entry.title!r} opens page {target + 1}, but the heading is on "
                         f"page(s) {[i + 1 for i in on_pages]}")
    assert not wrong, "\n".join(wrong)


def test_footer_on_every_page(leaflet, real_build):
    """Version and review dates on every page; the publisher on the back (one sheet)."""
    resource, pdf = leaflet
    texts = page_texts(pdf)
    assert normalise(publisher_of(real_build.content, resource)) in texts[-1]
    for number, text in enumerate(texts, start=1):
        assert f"Version {resource['version']}" in text, f"version missing on page {number}"
        assert "Reviewed" in text, f"'Reviewed' missing on page {number}"
        assert "Next review" in text, f"'Next review' missing on page {number}"
        assert f"Page {number} of {len(texts)}" in text
    assert [f"Page {n} of 2" in t for n, t in enumerate(texts, 1)] == [True, True]


def footer_date(strings: dict, key: str, date: dt.date) -> str:
    """How an en-GB footer date should read, e.g. 'Reviewed February 2026' (the month and
    year, as CLDR writes them in British English)."""
    shown = f"{calendar.month_name[date.month]} {date.year}"  # the C locale's: English
    return normalise(strings[key].format(date=shown))


def test_footer_dates_kitchen_sink(sink, sink_build):
    resource, pdf = sink
    strings = yaml.safe_load((sink_build.content / "strings" / "en-GB.yaml").read_text(
        encoding="utf-8"))["strings"]
    reviewed = footer_date(strings, "reviewed", resource["reviewed"])
    next_review = footer_date(strings, "next_review", resource["next_review"])
    assert "2026" in reviewed and "2027" in next_review
    texts = page_texts(pdf)
    assert "Kitchen Sink Hub" in texts[-1]  # no settings file: the owner publishes it
    for text in texts:
        assert reviewed in text
        assert next_review in text


def test_unverified_services_in_real_content_are_not_printed(leaflet, real_build):
    resource, pdf = leaflet
    services = load_services(real_build.content)
    text = " ".join(page_texts(pdf))
    refs = list(resource.get("contacts_panel") or [])
    for block in resource["blocks"]:
        refs += block.get("contacts") or []
    for ref in refs:
        service = services[ref]
        if service["status"] == "unverified":
            assert service["name"] not in text, f"unverified {ref} is printed"
            if service.get("phone"):
                assert service["phone"] not in text


# ---- blank margin -----------------------------------------------------------------------

def check_margin(pdf_path: Path, dpi: int = 100) -> None:
    border = round(10 / 25.4 * dpi)
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            image = page.render(scale=dpi / 72).to_pil().convert("RGB")
            width, height = image.size
            assert width > 4 * border and height > 4 * border
            strips = {
                "top": (0, 0, width, border),
                "bottom": (0, height - border, width, height),
                "left": (0, 0, border, height),
                "right": (width - border, 0, width, height),
            }
            for side, box in strips.items():
                extrema = image.crop(box).getextrema()
                darkest = min(low for low, _ in extrema)
                assert darkest >= 250, (f"{pdf_path.name} page {index + 1}: ink within 10 mm "
                                        f"of the {side} edge (darkest channel {darkest})")
            # and the page is not simply blank: something is printed inside the margin
            inner = image.crop((border, border, width - border, height - border))
            assert min(low for low, _ in inner.getextrema()) < 128
    finally:
        pdf.close()


def test_nothing_within_10mm_of_the_edge(leaflet):
    check_margin(leaflet[1])


def test_nothing_within_10mm_of_the_edge_kitchen_sink(sink):
    check_margin(sink[1])


# ---- the kitchen sink shows what the real content does not ------------------------------

def test_image_block_embeds_the_picture(sink):
    reader = pypdf.PdfReader(sink[1])
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 1
    assert images[0].image.size == (60, 60)


def test_link_becomes_a_link_annotation(sink):
    reader = pypdf.PdfReader(sink[1])
    uris = [annot.get_object().get("/A", {}).get("/URI")
            for page in reader.pages for annot in page.get("/Annots") or []]
    assert "https://example.org/page" in uris


# ---- reproducibility -------------------------------------------------------------------

def test_rebuild_is_byte_identical(real_build, tmp_path):
    first = real_build.output / "leaflets"
    second_output = tmp_path / "again"
    result = run_build(["--content", real_build.content, "--output", second_output])
    second = second_output / "leaflets"
    names = sorted(p.name for p in first.glob("*.pdf")) if first.is_dir() else []
    assert names, describe(real_build.result)
    assert names == sorted(p.name for p in second.glob("*.pdf")), describe(result)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@pytest.fixture(scope="module")
def small_content(tmp_path_factory):
    from conftest import BASE_LEAFLET

    return write_content(tmp_path_factory.mktemp("small"), {"one.yaml": BASE_LEAFLET})


def creation_date(pdf: Path) -> str:
    return str(pypdf.PdfReader(pdf).metadata["/CreationDate"])


def test_source_date_epoch_sets_the_creation_date(small_content, tmp_path):
    plain = run_build(["--content", small_content, "--output", tmp_path / "plain"])
    dated = run_build(["--content", small_content, "--output", tmp_path / "dated"],
                      env=clean_env(SOURCE_DATE_EPOCH="1700000000"))
    assert plain.returncode == 0, describe(plain)
    assert dated.returncode == 0, describe(dated)
    plain_date = creation_date(tmp_path / "plain" / "leaflets" / "test-one.pdf")
    dated_date = creation_date(tmp_path / "dated" / "leaflets" / "test-one.pdf")
    assert dated_date.startswith("D:20231114"), dated_date
    assert plain_date != dated_date
    # without SOURCE_DATE_EPOCH the date is the review date (2026-01-01), not "now"
    assert plain_date.startswith("D:20260101"), plain_date


def test_same_content_in_another_folder_gives_the_same_bytes(small_content, tmp_path):
    copy = write_content(tmp_path / "elsewhere", {
        "one.yaml": (small_content / "leaflets" / "one.yaml").read_text()})
    a = run_build(["--content", small_content, "--output", tmp_path / "a"])
    b = run_build(["--content", copy, "--output", tmp_path / "b"])
    assert a.returncode == b.returncode == 0, describe(a) + describe(b)
    pdf_a = (tmp_path / "a" / "leaflets" / "test-one.pdf").read_bytes()
    pdf_b = (tmp_path / "b" / "leaflets" / "test-one.pdf").read_bytes()
    assert pdf_a == pdf_b


def test_quote_block_builds(tmp_path):
    """A quote block (with or without 'by') should print like any other block."""
    blocks = """\
  - heading: First heading
  - quote:
      text: A parent said this once.
      by: A parent
  - quote:
      text: Another parent said this.
"""
    content = write_content(tmp_path, {"one.yaml": leaflet_yaml(blocks=blocks)})
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 0, describe(result)
    text = " ".join(page_texts(tmp_path / "out" / "leaflets" / "test-one.pdf"))
    assert_in_order(text, [("quote 1", "A parent said this once."), ("by", "A parent"),
                           ("quote 2", "Another parent said this.")])


def test_a_short_leaflet_still_has_its_back_page(tmp_path: Path):
    """Content that fits on the cover still makes a two-page leaflet with its back panel."""
    content = write_content(tmp_path, {"one.yaml": leaflet_yaml()})
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 0, describe(result)
    pages = page_texts(output / "leaflets" / "test-one.pdf")
    assert len(pages) == 2
    assert "Page 2 of 2" in pages[1] and "Your family hub" in pages[1]
