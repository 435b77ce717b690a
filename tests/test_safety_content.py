"""Safety content that must not be cut (issue 11), read back from the built PDFs.

The real content is built once (``real_build``); small temporary resources test the
per-format blocks (``formats: [...]``) and the errors for a wrong one. Text is compared
after the whitespace is normalised, so a line break never hides a phrase.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pypdf
import pytest
import yaml
from conftest import (
    CONTENT,
    assert_in_order,
    block_shown_in,
    block_type_and_value,
    describe,
    expected_fragments,
    find_diag,
    iter_fonts,
    leaflet_yaml,
    line_with,
    load_services,
    normalise,
    page_texts,
    run_build,
    strip_markup,
    write_content,
)

from layouts.trifold import INSIDE, OUTSIDE

MM = 72 / 25.4
# Letters read from 2 m need a cap height of 0.007 x 2000 mm (the design rule for A3).
MIN_CAP_HEIGHT_A3_MM = 14
WARNING_TINT = (0.984, 0.910, 0.890)  # theme.Palette.warning_tint, #FBE8E3

LEAFLET_SOURCES = {  # resource id -> its file under content/leaflets
    "understanding-cues-and-crying": "cues-and-crying.yaml",
    "bonding-with-your-baby": "bonding.yaml",
    "where-to-get-help": "where-to-get-help.yaml",
    "looking-after-yourself": "looking-after-yourself.yaml",
}
LEAFLET_FORMATS = ("a4", "trifold")
ICON_LINES = ("Infant crying is normal", "Comforting methods can help",
              "It's OK to walk away", "Never, ever shake a baby")


# ---- reading the built files ---------------------------------------------------------------

def leaflet_pdf(real_build, resource_id: str, choice: str) -> Path:
    suffix = "" if choice == "a4" else f"-{choice}"
    pdf = real_build.output / "leaflets" / f"{resource_id}{suffix}.pdf"
    assert pdf.is_file(), f"{pdf.name} was not built\n{describe(real_build.result)}"
    return pdf


def poster_pdf(real_build, resource_id: str, size: str) -> Path:
    pdf = real_build.output / "posters" / f"{resource_id}-{size}.pdf"
    assert pdf.is_file(), f"{pdf.name} was not built\n{describe(real_build.result)}"
    return pdf


def trifold_reading_text(pdf: Path) -> str:
    """A tri-fold's text in the order it is read when unfolded: the cover, the inside
    flap, then the three inside panels (the back is left out)."""
    order = [(0, OUTSIDE[2]), (0, OUTSIDE[0]), *((1, panel) for panel in INSIDE)]
    texts = []
    with pdfplumber.open(pdf) as document:
        for page_index, panel in order:
            page = document.pages[page_index]
            crop = page.crop((panel.left, 0, panel.right, page.height), strict=False)
            texts.append(crop.extract_text() or "")
    return normalise(" ".join(texts))


def reading_text(real_build, resource_id: str, choice: str) -> str:
    pdf = leaflet_pdf(real_build, resource_id, choice)
    if choice == "trifold":
        return trifold_reading_text(pdf)
    return " ".join(page_texts(pdf))


def all_text(pdf: Path) -> str:
    return " ".join(page_texts(pdf))


def load_resource(real_build, resource_id: str) -> dict:
    path = real_build.content / "leaflets" / LEAFLET_SOURCES[resource_id]
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def plain(text: str) -> str:
    return normalise(strip_markup(text))


def bullets_after(resource: dict, lead_contains: str) -> list[str]:
    """The items of the list that follows the paragraph containing ``lead_contains``."""
    blocks = [block_type_and_value(b) for b in resource["blocks"]]
    for index, (kind, value) in enumerate(blocks[:-1]):
        if kind == "paragraph" and lead_contains in value:
            kind_next, items = blocks[index + 1]
            assert kind_next == "bullets", f"no list after {lead_contains!r}"
            return [plain(item) for item in items]
    raise AssertionError(f"no paragraph containing {lead_contains!r}")


def callout(resource: dict, title_starts: str) -> dict:
    for block in resource["blocks"]:
        kind, value = block_type_and_value(block)
        if kind == "callout" and value["title"].startswith(title_starts):
            return value
    raise AssertionError(f"no callout titled {title_starts!r}")


def boxes_text(pdf: Path, title: str) -> list[str]:
    """The text inside each warning box (a rectangle in the warning tint) whose title
    is ``title``: what a reader sees in that box, and nothing outside it."""
    found = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            # a rounded box is drawn as curves; the icon's small shapes are left out
            boxes = [shape for shape in page.rects + page.curves
                     if shape.get("fill") and shape["x1"] - shape["x0"] > 100
                     and tuple(round(c, 2) for c in shape["non_stroking_color"][:3])
                     == tuple(round(c, 2) for c in WARNING_TINT)]
            for box in boxes:
                inside = page.within_bbox((box["x0"], box["top"], box["x1"], box["bottom"]),
                                          strict=False)
                text = normalise(inside.extract_text() or "")
                if text.startswith(title):
                    found.append(text)
    return found


# ---- the new and changed text, in reading order ---------------------------------------------

# Phrases each changed leaflet must print in this order, in both its formats.
CHANGED_TEXT = {
    "understanding-cues-and-crying": [
        "Infant crying is normal", "it will stop",
        "It's OK to walk away", "on their back in their cot", "after a few minutes",
        "Never, ever shake a baby", "lasting brain damage or death",
        "When to get medical help", "Call 999 or go to A&E", "glazed eyes",
        "Get medical help as soon as you can", "purple-red spotty rash",
        "Call your GP or NHS 111 today", "no wet nappy for 8 hours",
        "Trust your instincts",
    ],
    "bonding-with-your-baby": [
        "Try skin to skin", "Safer sleep:", "if you feel sleepy",
        "on their back in their cot", "sofa or armchair",
        "Looking after yourself", "Looking after yourself", "Call 999",
        "press 2", "Samaritans on 116 123",
    ],
    "where-to-get-help": [
        "In an emergency, call 999", "NHS 111", "For mental health help, press 2",
        "Thoughts of harming yourself?", "999", "A&E", "NHS 111", "press 2",
        "Samaritans", "Shout",
    ],
    "looking-after-yourself": [
        "Looking after yourself", "baby blues", "postnatal depression",
        "Signs to look out for", "Thoughts of harming yourself?", "call 999",
        "OCD", "trauma from the birth",
        "Postpartum psychosis is an emergency", "Anyone can get it",
        "seeing or hearing things that are not there",
        "Partners and family often notice first", "same day", "A&E", "999",
        "Dads and partners struggle too", "Write it down", "someone you trust",
        "Asking for help is good for your baby too",
    ],
}


@pytest.mark.parametrize("choice", LEAFLET_FORMATS)
@pytest.mark.parametrize("resource_id", sorted(CHANGED_TEXT))
def test_changed_text_is_printed_in_reading_order(real_build, resource_id: str,
                                                  choice: str) -> None:
    text = reading_text(real_build, resource_id, choice)
    assert_in_order(text, [(f"{resource_id} ({choice})", phrase)
                           for phrase in CHANGED_TEXT[resource_id]])


@pytest.mark.parametrize("choice", LEAFLET_FORMATS)
def test_new_leaflet_prints_every_block_in_order(real_build, choice: str) -> None:
    resource = load_resource(real_build, "looking-after-yourself")
    fragments = expected_fragments(resource, load_services(real_build.content), choice)
    assert_in_order(reading_text(real_build, "looking-after-yourself", choice), fragments)


def test_new_leaflet_fits_two_a4_pages_and_its_tri_fold(real_build) -> None:
    for choice in LEAFLET_FORMATS:
        pdf = leaflet_pdf(real_build, "looking-after-yourself", choice)
        assert len(pypdf.PdfReader(pdf).pages) == 2, choice


# ---- the safety lines are in every format of their leaflet --------------------------------

def safety_lines(resource_id: str, resource: dict) -> dict[str, list[str]]:
    """The lines that must never be cut, as written in the YAML."""
    if resource_id == "understanding-cues-and-crying":
        return {"999 list": bullets_after(resource, "Call 999"),
                "today list": bullets_after(resource, "today**"),
                "as soon as you can list": bullets_after(resource, "as soon as you can")}
    if resource_id == "looking-after-yourself":
        return {"postpartum psychosis signs": bullets_after(resource, "**Signs:**"),
                "what to do": [plain(callout(resource, "Think it could be")["text"])]}
    return {}


@pytest.mark.parametrize("choice", LEAFLET_FORMATS)
@pytest.mark.parametrize("resource_id", ["understanding-cues-and-crying",
                                         "looking-after-yourself"])
def test_safety_lists_are_in_every_format(real_build, resource_id: str, choice: str) -> None:
    resource = load_resource(real_build, resource_id)
    text = reading_text(real_build, resource_id, choice)
    lines = safety_lines(resource_id, resource)
    assert lines
    for name, items in lines.items():
        assert items, name
        for item in items:
            assert item in text, f"{resource_id} ({choice}): {name} is missing {item!r}"


@pytest.mark.parametrize("choice", LEAFLET_FORMATS)
@pytest.mark.parametrize("resource_id", ["where-to-get-help", "looking-after-yourself"])
def test_self_harm_box_has_every_route_in_every_format(real_build, resource_id: str,
                                                       choice: str) -> None:
    """One warning box holds the routes of brief section G: 999 or A&E, NHS 111 (press
    2), the GP today, Samaritans and Shout, with their numbers in the box itself, so a
    parent in crisis need not turn the page."""
    boxes = boxes_text(leaflet_pdf(real_build, resource_id, choice),
                       "Thoughts of harming yourself?")
    assert len(boxes) == 1, boxes
    for route in ("999", "A&E", "NHS 111", "press 2", "GP today", "Samaritans", "116 123",
                  "SHOUT to 85258"):
        assert route in boxes[0], f"{resource_id} ({choice}): no {route!r} in {boxes[0]!r}"


@pytest.mark.parametrize("choice", LEAFLET_FORMATS)
def test_samaritans_and_shout_numbers_print_with_the_self_harm_box(real_build,
                                                                   choice: str) -> None:
    """The box names Samaritans and Shout; their numbers (from the services directory)
    are printed in the same leaflet."""
    services = load_services(real_build.content)
    text = all_text(leaflet_pdf(real_build, "looking-after-yourself", choice))
    assert services["samaritans"]["phone"] in text
    assert services["shout"]["text"] in text


def test_new_leaflet_panel_has_999(real_build) -> None:
    resource = load_resource(real_build, "looking-after-yourself")
    assert "emergency-999" in resource["contacts_panel"]
    for choice in LEAFLET_FORMATS:
        with pdfplumber.open(leaflet_pdf(real_build, "looking-after-yourself", choice)) as doc:
            page = doc.pages[1] if choice == "a4" else doc.pages[0]
            heading = page.search("Useful numbers")
            assert heading, choice
            top = heading[0]["top"]
            panel = page.crop((heading[0]["x0"] - 40, top, page.width, page.height),
                              strict=False)
            text = panel.extract_text()
            # the name beside its number, the number printed once ("Emergency | 999")
            assert re.search(r"Emergency:?\s+999", text) and "999 999" not in text, choice


def trifold_panel_texts(pdf: Path) -> list[str]:
    texts = []
    with pdfplumber.open(pdf) as document:
        for page, panels in ((document.pages[0], OUTSIDE), (document.pages[1], INSIDE)):
            for panel in panels:
                crop = page.crop((panel.left, 0, panel.right, page.height), strict=False)
                texts.append(normalise(crop.extract_text() or ""))
    return texts


@pytest.mark.parametrize("choice", LEAFLET_FORMATS)
@pytest.mark.parametrize("resource_id", sorted(LEAFLET_SOURCES))
def test_short_lists_are_never_split(real_build, resource_id: str, choice: str) -> None:
    """A list of up to eight items (signs to look out for) is on one page or panel."""
    resource = load_resource(real_build, resource_id)
    pdf = leaflet_pdf(real_build, resource_id, choice)
    parts = page_texts(pdf) if choice == "a4" else trifold_panel_texts(pdf)
    for block in resource["blocks"]:
        kind, items = block_type_and_value(block)
        if kind != "bullets" or len(items) > 8 or not block_shown_in(resource, block, choice):
            continue
        where = {i for item in items for i, part in enumerate(parts) if plain(item) in part}
        assert len(where) == 1, (resource_id, choice, items[0], where)


# ---- one shake warning per leaflet or poster ----------------------------------------------

def shake_pdfs(real_build) -> list[Path]:
    return [leaflet_pdf(real_build, "understanding-cues-and-crying", choice)
            for choice in LEAFLET_FORMATS] + [
        poster_pdf(real_build, "babies-cry-you-can-cope", size) for size in ("a4", "a3", "a2")]


def test_never_shake_a_baby_is_said_once_per_page_set(real_build) -> None:
    for pdf in shake_pdfs(real_build):
        text = all_text(pdf).lower()
        assert len(re.findall(r"shake a baby", text)) == 1, pdf.name


def test_cues_leaflet_explains_why_never_to_shake(real_build) -> None:
    for choice in LEAFLET_FORMATS:
        text = reading_text(real_build, "understanding-cues-and-crying", choice)
        assert_in_order(text, [("N", "Never, ever shake a baby"),
                               ("why", "lasting brain damage or death")])


# ---- blocks for some formats only -----------------------------------------------------------

def block_marker(block: dict, services: dict[str, dict]) -> str:
    """Words that only this block prints: its leading words, or for contact cards the
    first words of what the first service offers (names also print in panels)."""
    kind, value = block_type_and_value(block)
    if kind == "contacts":
        printable = [s for s in value if services[s]["status"] != "unverified"]
        return " ".join(plain(services[printable[0]]["offers"]).split()[:5])
    if kind in ("paragraph", "heading"):
        return " ".join(plain(value).split()[:6])
    raise AssertionError(f"add a marker for {kind} blocks with formats")


def test_real_per_format_blocks_print_only_in_their_formats(real_build) -> None:
    services = load_services(real_build.content)
    checked = 0
    for resource_id in LEAFLET_SOURCES:
        resource = load_resource(real_build, resource_id)
        for block in resource["blocks"]:
            if "formats" not in block:
                continue
            marker = block_marker(block, services)
            for choice in LEAFLET_FORMATS:
                text = reading_text(real_build, resource_id, choice)
                shown = block_shown_in(resource, block, choice)
                assert (marker in text) == shown, (resource_id, choice, marker)
                checked += 1
    assert checked, "the real content has no per-format blocks to check"


PER_FORMAT_LEAFLET = """\
  - heading: For everyone
  - paragraph: Printed in every format.
  - paragraph: Zebra words for the A4 sheet only.
    formats: [a4]
  - bullets:
      - Walrus words for the folded leaflet only
    formats: [trifold]
  - callout:
      title: Heron words for every leaflet format
      text: Listed by kind.
    formats: [leaflet]
"""

PER_FORMAT_POSTER_BLOCKS = """\
  - paragraph: Printed on every size.
  - paragraph: Otter words for the biggest sheet.
    formats: [a2]
  - paragraph: Badger words for the small sheets.
    formats: [a4, a3]
"""


@pytest.fixture(scope="module")
def per_format_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("per-format")
    text = leaflet_yaml(blocks=PER_FORMAT_LEAFLET).replace(
        "intro: A short intro.", "intro: A short intro.\nformats: [a4, trifold]")
    content = write_content(root, {"one.yaml": text})
    (content / "posters").mkdir()
    poster = leaflet_yaml("size-test", "Poster test", PER_FORMAT_POSTER_BLOCKS).replace(
        "kind: leaflet", "kind: poster\nsizes: [a4, a3, a2]")
    (content / "posters" / "poster.yaml").write_text(poster, encoding="utf-8")
    output = root / "output"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 0, describe(result)
    return output


@pytest.mark.parametrize(("pdf", "present", "absent"), [
    ("leaflets/test-one.pdf", ["Zebra words", "Heron words", "every format"],
     ["Walrus words"]),
    ("leaflets/test-one-trifold.pdf", ["Walrus words", "Heron words", "every format"],
     ["Zebra words"]),
    ("posters/size-test-a2.pdf", ["Otter words", "every size"], ["Badger words"]),
    ("posters/size-test-a3.pdf", ["Badger words", "every size"], ["Otter words"]),
    ("posters/size-test-a4.pdf", ["Badger words", "every size"], ["Otter words"]),
])
def test_per_format_blocks_appear_only_in_their_formats(per_format_build, pdf: str,
                                                        present: list[str],
                                                        absent: list[str]) -> None:
    text = all_text(per_format_build / pdf)
    for words in present:
        assert words in text, (pdf, words)
    for words in absent:
        assert words not in text, (pdf, words)


@pytest.mark.parametrize(("block", "marker", "says"), [
    ("  - paragraph: Text.\n    formats: [a5]\n", "formats: [a5]", "'a5'"),
    ("  - paragraph: Text.\n    formats: [a4, trifold, a4]\n", "formats: [a4, trifold, a4]",
     "twice"),
    ("  - paragraph: Text.\n    formats: [a3]\n", "formats: [a3]", "not a format of this"),
    ("  - paragraph: Text.\n    formats: [poster]\n", "formats: [poster]",
     "not a format of this"),
    ("  - paragraph: Text.\n    format: [a4]\n", "format: [a4]", "did you mean 'formats'"),
    ("  - paragraph: Text.\n    size: large\n", "size: large", "for posters"),
])
def test_a_wrong_block_format_is_a_file_line_error(tmp_path: Path, block: str, marker: str,
                                                   says: str) -> None:
    text = leaflet_yaml(blocks="  - heading: First\n" + block).replace(
        "intro: A short intro.", "intro: A short intro.\nformats: [a4, trifold]")
    content = write_content(tmp_path, {"one.yaml": text})
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 1, describe(result)
    assert "Traceback" not in result.stderr
    find_diag(result.stderr, content / "leaflets" / "one.yaml", line_with(text, marker),
              contains=says)
    assert not (tmp_path / "out" / "leaflets" / "test-one.pdf").exists()


# ---- posters: read from 2 m on A3 -----------------------------------------------------------

def cap_heights(pdf: Path) -> dict[str, float]:
    """Cap height, in 1000ths of the size, of each font in the PDF, by its base name."""
    heights = {}
    for _, _, font in iter_fonts(pypdf.PdfReader(pdf)):
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        descriptor = target["/FontDescriptor"].get_object()
        heights[str(font["/BaseFont"]).lstrip("/")] = float(descriptor["/CapHeight"])
    return heights


def line_cap_heights_mm(pdf: Path, words: str) -> list[float]:
    """The printed cap height, in mm, of every letter where ``words`` appear in order in
    the drawn words (a line may wrap; bullets and spaces are left out)."""
    caps = cap_heights(pdf)
    wanted = words.split()
    with pdfplumber.open(pdf) as document:
        drawn = [word for word in document.pages[0].extract_words(return_chars=True)
                 if word["text"] != "\u2022"]
    texts = [word["text"] for word in drawn]
    heights = []
    for start in range(len(drawn) - len(wanted) + 1):
        if texts[start:start + len(wanted)] == wanted:
            heights += [char["size"] * caps[char["fontname"]] / 1000 / MM
                        for word in drawn[start:start + len(wanted)]
                        for char in word["chars"]]
    assert heights, f"{words!r} is not on {pdf.name}"
    return heights


@pytest.mark.parametrize(("poster", "words"), [
    *(("babies-cry-you-can-cope", line) for line in ICON_LINES),
    ("babies-cry-you-can-cope", "Call 999"), ("babies-cry-you-can-cope", "Call 111"),
    ("help-is-here", "Call 999"), ("help-is-here", "Call 111"),
])
def test_icon_lines_and_emergency_numbers_read_from_2_m_on_a3(real_build, poster: str,
                                                              words: str) -> None:
    heights = line_cap_heights_mm(poster_pdf(real_build, poster, "a3"), words)
    assert min(heights) >= MIN_CAP_HEIGHT_A3_MM, f"{words!r}: {min(heights):.1f} mm"


@pytest.mark.parametrize(("size", "ratio"), [("a4", 20 / 28), ("a2", 40 / 28)])
def test_far_reading_size_scales_with_the_sheet(real_build, size: str, ratio: float) -> None:
    """A4 and A2 posters set the same lines in proportion to the sheet."""
    pdf_a3 = poster_pdf(real_build, "babies-cry-you-can-cope", "a3")
    pdf_other = poster_pdf(real_build, "babies-cry-you-can-cope", size)
    for words in (*ICON_LINES, "Call 999"):
        a3 = min(line_cap_heights_mm(pdf_a3, words))
        other = min(line_cap_heights_mm(pdf_other, words))
        assert other == pytest.approx(a3 * ratio, rel=0.01), words


def test_large_cards_too_wide_for_two_columns_go_one_to_a_row(tmp_path: Path) -> None:
    """At the far-reading size a long number does not fit half the sheet: the cards are
    stacked, and every number stays on the page, inside its card's column."""
    blocks = "  - contacts: [cry-sis, nspcc]\n    size: large\n"
    poster = leaflet_yaml("wide-test", "Poster test", blocks).replace(
        "kind: leaflet", "kind: poster\nsizes: [a3]")
    content = write_content(tmp_path, {})
    (content / "posters").mkdir()
    (content / "posters" / "wide.yaml").write_text(poster, encoding="utf-8")
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 0, describe(result)
    services = load_services(content)
    pdf = tmp_path / "out" / "posters" / "wide-test-a3.pdf"
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        found = [page.search(services[ref]["phone"])[0] for ref in ("cry-sis", "nspcc")]
        margin = 18 * MM  # the A3 poster's side margin
        for number in found:
            assert number["x0"] >= margin - 1 and number["x1"] <= page.width - margin + 1
        assert found[0]["x0"] == pytest.approx(found[1]["x0"], abs=1)  # one column
        assert found[1]["top"] > found[0]["bottom"]  # the second card under the first
    assert min(line_cap_heights_mm(pdf, services["cry-sis"]["phone"])) >= MIN_CAP_HEIGHT_A3_MM


def test_help_poster_says_what_each_number_is_for(real_build) -> None:
    resource = yaml.safe_load((real_build.content / "posters" / "help-is-here.yaml")
                              .read_text(encoding="utf-8"))
    services = load_services(real_build.content)
    ids = [ref for block in resource["blocks"]
           if block_type_and_value(block)[0] == "contacts"
           for ref in block_type_and_value(block)[1]]
    assert "emergency-999" in ids and "nhs-111" in ids
    for size in resource["sizes"]:
        text = all_text(poster_pdf(real_build, "help-is-here", size))
        for ref in ids:
            purpose = services[ref].get("purpose")
            assert purpose, f"{ref} has no purpose line in services.yaml"
            assert_in_order(text, [(ref, services[ref]["phone"]), (ref, purpose)])


def test_safer_sleep_poster_has_the_web_address_and_no_phone_number(real_build) -> None:
    for size in ("a4", "a3", "a2"):
        text = all_text(poster_pdf(real_build, "safer-sleep", size))
        assert "www.lullabytrust.org.uk" in text, size
        assert "sofa or armchair" in text and "on their back" in text.lower(), size
        # the brief gives two unverified numbers: none may be printed
        assert not re.search(r"\d{3,}[ \d]*", text.replace("2026", "").replace("2027", "")), \
            (size, text)


def test_posters_in_the_content_folder_are_the_ones_tested() -> None:
    """The posters named here exist, so the tests above cannot pass on missing files."""
    for poster in ("babies-cry-you-can-cope", "help-is-here", "safer-sleep"):
        assert (CONTENT / "posters" / f"{poster}.yaml").is_file(), poster
