"""The large-print leaflets, read from the built PDFs: every leaflet has one, the type is
18 pt or more with larger bold headings, one column at one left margin, as many pages as
the words need with "Page N of M" on each, every block's text in the YAML's order, the
contact numbers, preflight clean, byte-identical rebuilds, an edition and a translation.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import polib
import pytest
import yaml
from conftest import (
    A4_HEIGHT,
    A4_WIDTH,
    BASE_LEAFLET,
    CONTENT,
    assert_in_order,
    block_shown_in,
    block_type_and_value,
    describe,
    expected_fragments,
    leading_words,
    leaflet_files,
    load_services,
    page_texts,
    run_build,
    strip_markup,
    write_content,
)

MM = 72 / 25.4
MARGIN_X = 20 * MM  # theme.LARGE_PRINT_PAGE; the tests say it again, so a change shows
TEXT_WIDTH = A4_WIDTH - 2 * MARGIN_X
BODY_MIN, BODY_MAX = 18, 20
# Text inside a card, callout or beside a QR code starts a little in from the margin;
# a second column would start near the middle of the page.
MAX_INDENT = TEXT_WIDTH * 0.3
SIZE_FUZZ = 0.05


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def english_strings() -> dict[str, str]:
    return load_yaml(CONTENT / "strings" / "en-GB.yaml")["strings"]


def po_strings(content: Path, language: str) -> dict[str, str]:
    catalogue = polib.pofile(str(content / "translations" / language / "strings.po"))
    return {entry.msgctxt: entry.msgstr for entry in catalogue if entry.msgstr}


def large_print_name(resource_id: str, language: str | None = None) -> str:
    return f"{resource_id}-large-print{f'.{language}' if language else ''}.pdf"


def translated_ids(content: Path, language: str) -> set[str]:
    """Leaflets with a PO file in ``language`` (translations are named by resource id)."""
    return {po.stem for po in (content / "translations" / language).glob("*.po")}


# ---- reading a page: lines of words, with their sizes and fonts -------------------------

@dataclass
class Line:
    top: float
    x0: float
    text: str
    words: list[dict]


def footer_top(page: pdfplumber.page.Page) -> float:
    """The rule above the footer: the lowest line drawn across the whole text width."""
    rules = [line["top"] for line in page.lines
             if abs(line["top"] - line["bottom"]) < 0.5
             and line["x1"] - line["x0"] >= TEXT_WIDTH - 2]
    assert rules, f"page {page.page_number}: no footer rule across the text width"
    return max(rules)


def body_lines(page: pdfplumber.page.Page) -> list[Line]:
    """The lines of text above the footer, top to bottom, each word with its characters."""
    limit = footer_top(page)
    words = [w for w in page.extract_words(extra_attrs=["size", "fontname"],
                                           keep_blank_chars=False, use_text_flow=False)
             if w["bottom"] <= limit]
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        same = [line for line in lines if abs(line.top - word["top"]) < word["size"] * 0.3]
        if same:
            same[0].words.append(word)
        else:
            lines.append(Line(word["top"], word["x0"], "", [word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
        line.x0 = line.words[0]["x0"]
        line.text = " ".join(w["text"] for w in line.words)
    return sorted(lines, key=lambda line: line.top)


def flowing_text(pdf: Path) -> str:
    """The text above the footers, page after page, whitespace normalised: what a reader
    reads, with no footer between the two halves of a paragraph split over a page."""
    with pdfplumber.open(pdf) as document:
        lines = [line.text for page in document.pages for line in body_lines(page)]
    return " ".join(" ".join(lines).replace("\u00a0", " ").split())


def chars_of(pdf: Path) -> list[dict]:
    with pdfplumber.open(pdf) as document:
        return [c for page in document.pages for c in page.chars if c["text"].strip()]


def body_size(pdf: Path) -> float:
    """The size most characters are set in: the body text."""
    sizes = Counter(round(c["size"], 1) for c in chars_of(pdf))
    return sizes.most_common(1)[0][0]


def is_bold(fontname: str) -> bool:
    return "bold" in fontname.lower()


def column_problems(pdf: Path) -> list[str]:
    """Lines that start away from the one left margin, or words side by side in two
    columns (a gap wider than a few spaces inside one line)."""
    problems = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for line in body_lines(page):
                where = f"page {page.page_number} {line.text[:40]!r}"
                if not MARGIN_X - 1 <= line.x0 <= MARGIN_X + MAX_INDENT:
                    problems.append(f"{where} starts at {line.x0:.0f} pt")
                for left, right in zip(line.words, line.words[1:], strict=False):
                    if right["x0"] - left["x1"] > 3 * left["size"]:
                        problems.append(f"{where}: {right['text']!r} stands apart, as in "
                                        "a second column")
    return problems


def page_numbers(pdf: Path) -> list[str]:
    """Each page's text in its footer, below the rule."""
    with pdfplumber.open(pdf) as document:
        return [" ".join(page.crop((0, footer_top(page), page.width, page.height))
                         .extract_text().split()) for page in document.pages]


# ---- the real content ---------------------------------------------------------------------

def leaflet_resources(content: Path) -> list[dict]:
    return [load_yaml(path) for path in leaflet_files(content / "leaflets")]


@pytest.fixture(scope="module")
def leaflets(real_build) -> list[tuple[dict, Path]]:
    assert real_build.result.returncode in (0, 1), describe(real_build.result)
    found = []
    for resource in leaflet_resources(real_build.content):
        pdf = real_build.output / "leaflets" / large_print_name(resource["id"])
        assert pdf.is_file(), f"no large print for {resource['id']}\n" + \
            describe(real_build.result)
        found.append((resource, pdf))
    assert found
    return found


def test_every_leaflet_and_translation_has_a_large_print_pdf(real_build, leaflets):
    folder = real_build.output / "leaflets"
    for language in ("pl", "ro"):
        for resource_id in translated_ids(real_build.content, language):
            if (folder / f"{resource_id}.{language}.pdf").exists():
                assert (folder / large_print_name(resource_id, language)).is_file()
    # posters are not leaflets: none in large print
    assert not list((real_build.output / "posters").glob("*large-print*"))


def test_large_print_is_a4_portrait(leaflets):
    for _, pdf in leaflets:
        with pdfplumber.open(pdf) as document:
            for page in document.pages:
                assert (page.width, page.height) == pytest.approx((A4_WIDTH, A4_HEIGHT),
                                                                  abs=0.1), pdf.name


def test_no_text_under_18_pt_and_body_at_18_to_20(leaflets):
    for _, pdf in leaflets:
        smallest = min(chars_of(pdf), key=lambda c: c["size"])
        assert smallest["size"] >= BODY_MIN - SIZE_FUZZ, (pdf.name, smallest["text"],
                                                          smallest["size"])
        assert BODY_MIN - SIZE_FUZZ <= body_size(pdf) <= BODY_MAX, pdf.name


def heading_texts(resource: dict) -> list[str]:
    return [strip_markup(value) for block in resource["blocks"]
            for kind, value in [block_type_and_value(block)]
            if kind == "heading" and block_shown_in(resource, block, "large-print")]


def test_headings_are_larger_than_body_and_bold(leaflets):
    for resource, pdf in leaflets:
        body = body_size(pdf)
        with pdfplumber.open(pdf) as document:
            lines = [line for page in document.pages for line in body_lines(page)]
        wanted = [resource["title"], *heading_texts(resource)]
        assert len(wanted) > 1, resource["id"]
        for heading in wanted:
            first_words = heading.split()[0]  # a heading may wrap after its first word
            found = [line for line in lines if line.text.replace("\u00a0", " ")
                     .startswith(first_words)
                     and all(is_bold(w["fontname"]) for w in line.words)]
            assert found, f"{pdf.name}: no bold line starts {first_words!r}"
            size = min(w["size"] for w in found[0].words)
            assert size >= body * 1.2, (pdf.name, heading, size, body)


def test_one_column_at_one_left_margin(leaflets):
    for _, pdf in leaflets:
        assert column_problems(pdf) == [], pdf.name
        with pdfplumber.open(pdf) as document:
            starts = [line.x0 for page in document.pages for line in body_lines(page)]
        # headings and paragraphs start at the margin itself
        assert min(starts) == pytest.approx(MARGIN_X, abs=1), pdf.name


def test_the_checks_catch_a_standard_print_leaflet(real_build, leaflets):
    """The same checks, run on the A4 leaflet (14 pt, two panels side by side on page
    2), fail: so they can fail on the large print too."""
    resource, _ = leaflets[0]
    a4 = real_build.pdf_for(resource["id"])
    assert body_size(a4) < BODY_MIN
    assert min(c["size"] for c in chars_of(a4)) < BODY_MIN
    with pdfplumber.open(a4) as document:
        back = document.pages[1]
        words = back.extract_words()
    # the hub panel and the useful numbers sit side by side on the back page
    assert any(w["x0"] > A4_WIDTH / 2 for w in words if w["top"] < A4_HEIGHT - 60)


def test_more_pages_than_the_a4_leaflet_each_numbered(leaflets):
    page_x_of_y = english_strings()["page_x_of_y"]
    for _, pdf in leaflets:
        footers = page_numbers(pdf)
        assert len(footers) > 2, f"{pdf.name}: {len(footers)} pages"
        for number, footer in enumerate(footers, start=1):
            assert page_x_of_y.format(page=number, pages=len(footers)) in footer, \
                (pdf.name, footer)


def test_every_block_in_yaml_order(real_build, leaflets):
    services = load_services(real_build.content)
    for resource, pdf in leaflets:
        fragments = expected_fragments(resource, services, choice="large-print")
        text = flowing_text(pdf)
        assert_in_order(text, fragments)
        # then the hub panel, the useful numbers and what the leaflet says about itself
        strings = english_strings()
        assert_in_order(text, [*fragments[-1:],
                               ("hub panel", strings["hub_heading"]),
                               ("useful numbers", strings["key_numbers_heading"]),
                               ("sources", strings["sources_title"]),
                               ("small print", leading_words(strings["not_advice_leaflet"]))])


def printable(service: dict) -> bool:
    return service["status"] in ("verified", "local")


def test_contact_numbers_are_printed(real_build, leaflets):
    services = load_services(real_build.content)
    for resource, pdf in leaflets:
        refs = [*resource.get("contacts_panel", []),
                *(ref for block in resource["blocks"] if "contacts" in block
                  and block_shown_in(resource, block, "large-print")
                  for ref in block["contacts"])]
        numbers = {services[ref]["phone"] for ref in refs
                   if printable(services[ref]) and services[ref].get("phone")}
        assert numbers, resource["id"]
        text = flowing_text(pdf)
        for number in numbers:
            assert re.search(rf"(?<!\d){re.escape(number)}(?!\d)", text), (pdf.name, number)


def test_preflight_passes(real_build, leaflets):
    report = json.loads((real_build.output / "preflight.json").read_text(encoding="utf-8"))
    entries = [e for e in report["resources"] if e["kind"] == "leaflet"]
    assert entries
    for entry in entries:
        (output,) = [o for o in entry["outputs"] if o["format"] == "leaflet-large-print"]
        assert output["written"] and output["pages"] > 2, entry["id"]
        assert output["file"].endswith("-large-print.pdf") or \
            "-large-print." in output["file"]
        for check in ("fonts", "text size", "contrast", "greyscale", "fit", "print"):
            assert entry["checks"][check] == "ok", (entry["id"], check, entry["findings"])
        assert not [f for f in entry["findings"]
                    if f["level"] == "error" or "large-print" in f["message"]]


def test_rebuild_is_byte_identical(real_build, leaflets, tmp_path):
    resource, pdf = leaflets[0]
    result = run_build(["--content", real_build.content, "--output", tmp_path,
                        "--only", resource["id"], "--language", "en-GB", "-q"])
    again = tmp_path / "leaflets" / pdf.name
    assert again.is_file(), describe(result)
    assert again.read_bytes() == pdf.read_bytes()


# ---- an edition and a translation ------------------------------------------------------------

@pytest.fixture(scope="module")
def riverside(real_build, tmp_path_factory) -> Path:
    """The riverside edition (in English: a draft translation is national only)."""
    output = tmp_path_factory.mktemp("riverside")
    result = run_build(["--content", real_build.content, "--output", output,
                        "--edition", "riverside", "-q"])
    folder = output / "riverside" / "leaflets"
    assert folder.is_dir(), describe(result)
    return folder


@pytest.fixture(scope="module")
def polish(real_build, tmp_path_factory) -> Path:
    """The Polish translations alone, national edition."""
    output = tmp_path_factory.mktemp("polish")
    result = run_build(["--content", real_build.content, "--output", output,
                        "--language", "pl", "-q"])
    folder = output / "leaflets"
    assert folder.is_dir(), describe(result)
    return folder


def test_an_edition_prints_its_hub_in_large_print(real_build, riverside):
    edition = load_yaml(real_build.content / "editions" / "riverside.yaml")
    for resource in leaflet_resources(real_build.content):
        pdf = riverside / large_print_name(resource["id"])
        assert pdf.is_file(), pdf.name
        text = flowing_text(pdf)
        assert edition["phone"] in text and edition["name"] in text, pdf.name
        assert min(c["size"] for c in chars_of(pdf)) >= BODY_MIN - SIZE_FUZZ, pdf.name
        assert column_problems(pdf) == [], pdf.name


def test_a_translation_in_large_print(real_build, polish):
    strings = po_strings(real_build.content, "pl")
    ids = translated_ids(real_build.content, "pl") & {
        r["id"] for r in leaflet_resources(real_build.content)}
    assert ids
    for resource_id in ids:
        pdf = polish / large_print_name(resource_id, "pl")
        assert pdf.is_file(), pdf.name
        footers = page_numbers(pdf)
        assert len(footers) > 2
        for number, footer in enumerate(footers, start=1):
            assert strings["page_x_of_y"].format(page=number, pages=len(footers)) in footer
        assert body_size(pdf) >= BODY_MIN - SIZE_FUZZ
        assert strings["hub_heading"] in flowing_text(pdf)


# ---- as many pages as the words need ------------------------------------------------------

LONG_LIST = "".join(f"  - paragraph: Part {n}. Your baby knows your voice. Talk to them "
                    "often, and sing if you like. Short words are fine.\n"
                    "    formats: [large-print]\n" for n in range(40))


def test_long_content_runs_on_over_many_pages(tmp_path):
    """Blocks for large print only (``formats: [large-print]``) leave the A4 leaflet as
    it is and run on over as many large-print pages as they need."""
    text = BASE_LEAFLET + LONG_LIST
    content = write_content(tmp_path, {"one.yaml": text})
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
    result = run_build(["--content", content, "--output", tmp_path / "out", "-q"])
    assert result.returncode == 0, describe(result)
    pdf = tmp_path / "out" / "leaflets" / large_print_name("test-one")
    footers = page_numbers(pdf)
    assert len(footers) > 3
    for number, footer in enumerate(footers, start=1):
        assert f"Page {number} of {len(footers)}" in footer
    parts = [(f"part {n}", f"Part {n}. Your baby knows") for n in range(40)]
    assert_in_order(flowing_text(pdf), parts)
    a4 = flowing_text(tmp_path / "out" / "leaflets" / "test-one.pdf")
    assert "Part 0." not in a4


def test_press_large_print_passes_preflight(real_build, leaflets, tmp_path):
    """For a print shop: bleed, crop marks and CMYK, and still every check clean."""
    resource, _ = leaflets[0]
    result = run_build(["--content", real_build.content, "--output", tmp_path,
                        "--only", resource["id"], "--language", "en-GB", "--profile",
                        "press", "-q"])
    folder = tmp_path / "press"
    assert (folder / "leaflets" / large_print_name(resource["id"])).is_file(), \
        describe(result)
    report = json.loads((folder / "preflight.json").read_text(encoding="utf-8"))
    (entry,) = report["resources"]
    for check in ("fonts", "text size", "contrast", "greyscale", "fit", "print"):
        assert entry["checks"][check] == "ok", (check, entry["findings"])


def led_in_lists(resource: dict) -> list[tuple[str, list[str]]]:
    """Each list in large print straight after a heading or a paragraph (the lead-in, as
    "Call 999 or go to A&E now if your baby:"), with that lead-in's text."""
    shown = [block_type_and_value(block) for block in resource["blocks"]
             if block_shown_in(resource, block, "large-print")]
    return [(str(before), [str(item) for item in value])
            for (before_kind, before), (kind, value) in zip(shown, shown[1:], strict=False)
            if kind == "bullets" and before_kind in ("heading", "paragraph")
            and len(value) <= 8]


def test_a_list_of_signs_is_never_split_from_its_lead_in_or_itself(leaflets):
    checked = 0
    for resource, pdf in leaflets:
        pages = page_texts(pdf)
        for lead_in, items in led_in_lists(resource):
            wanted = [leading_words(lead_in, 4), *(leading_words(item, 4) for item in items)]
            holding = [index for index, text in enumerate(pages, start=1)
                       if all(words in text for words in wanted)]
            assert holding, f"{pdf.name}: the list after {lead_in!r} is split over pages"
            checked += 1
    assert checked >= 3  # the cues leaflet's three lists of signs at least


def test_the_last_page_holds_more_than_the_small_print(leaflets):
    for resource, pdf in leaflets:
        sources = [source["title"] for source in resource.get("sources", [])]
        if sources:
            last = page_texts(pdf)[-1]
            assert leading_words(sources[-1], 3) in last, pdf.name
            assert leading_words(sources[-2], 3) in last, pdf.name
