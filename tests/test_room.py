"""Room: tri-fold panels that hold what matters, and a useful-numbers panel that reads cleanly.

Measured on real builds from where the text lands (pdfplumber's characters). The panels'
places on the sheet come from the fold sizes in millimetres (outside 97 | 100 | 100, inside
100 | 100 | 97), not from the layout code; the panel's text area is the page's margins.
Besides the real content (national and every edition), generated leaflets of growing length
check that the balancing holds from a short leaflet up to a full tri-fold.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
import yaml
from conftest import (
    CONTENT,
    assert_in_order,
    describe,
    expected_fragments,
    leaflet_yaml,
    load_services,
    normalise,
    run_build,
    write_content,
)

from imhprint.theme import TRIFOLD_PAGE

MM = 72 / 25.4
SHEET_HEIGHT = 210 * MM
OUTSIDE = {"inside flap": (0, 97), "back": (97, 197), "front cover": (197, 297)}
INSIDE = {"inside 1": (0, 100), "inside 2": (100, 200), "inside 3": (200, 297)}
CONTENT_PANELS = ["inside flap", "inside 1", "inside 2", "inside 3"]  # reading order
MOST_EMPTY = 1 / 3  # a panel with content is never more than about a third empty
MAX_LABEL_LINES = 2

STRINGS = yaml.safe_load((CONTENT / "strings" / "en-GB.yaml").read_text("utf-8"))["strings"]
NOTES_HEADING = STRINGS["notes_heading"]
NUMBERS_HEADING = STRINGS["key_numbers_heading"]


@dataclass
class Panel:
    text: str
    lowest: float | None  # the foot of its lowest character, from the top of the sheet

    @property
    def empty_share(self) -> float:
        """How much of the panel's text area is left empty under its text (0 to 1)."""
        top = TRIFOLD_PAGE.margin_top
        room = SHEET_HEIGHT - top - TRIFOLD_PAGE.margin_bottom
        return 1.0 if self.lowest is None else 1 - (self.lowest - top) / room


def read_panels(pdf: Path) -> dict[str, Panel]:
    panels = {}
    with pdfplumber.open(pdf) as document:
        for page, places in ((document.pages[0], OUTSIDE), (document.pages[1], INSIDE)):
            for name, (left, right) in places.items():
                crop = page.crop((left * MM, 0, right * MM, page.height), strict=False)
                lowest = max((char["bottom"] for char in crop.chars), default=None)
                panels[name] = Panel(normalise(crop.extract_text() or ""), lowest)
    return panels


def check_panels(pdf: Path, resource: dict, services: dict[str, dict]) -> dict[str, Panel]:
    """The tri-fold reads in order, no content panel is empty or more than about a third
    empty, and notes lines, if any, take only the last panel, after all the content."""
    panels = read_panels(pdf)
    reading = " ".join(panels[name].text for name in ["front cover", *CONTENT_PANELS])
    assert_in_order(reading, expected_fragments(resource, services))
    with_notes = [name for name in CONTENT_PANELS if NOTES_HEADING in panels[name].text]
    assert with_notes in ([], [CONTENT_PANELS[-1]]), f"{pdf.name}: notes in {with_notes}"
    last_fragment = expected_fragments(resource, services)[-1][1]
    if with_notes:
        assert reading.rindex(last_fragment) < reading.index(NOTES_HEADING), pdf.name
    for name in CONTENT_PANELS:
        if name not in with_notes:
            assert panels[name].lowest is not None, f"{pdf.name}: {name} is empty"
    return panels


def assert_well_filled(pdf: Path, panels: dict[str, Panel]) -> None:
    for name in CONTENT_PANELS:
        if NOTES_HEADING not in panels[name].text:
            share = panels[name].empty_share
            assert share <= MOST_EMPTY, f"{pdf.name}: {name} is {share:.0%} empty"


# ---- the real content, nationally and in every edition ----------------------------------

@dataclass
class Built:
    content: Path
    output: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("room")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    output = root / "output"
    for edition in ([], ["--edition", "all"]):
        result = run_build(["--content", content, "--output", output, "-q", *edition])
        assert result.returncode == 0, describe(result)
    return Built(content, output)


def editions(content: Path) -> list[str | None]:
    return [None, *sorted(p.stem for p in (content / "editions").glob("*.yaml"))]


def services_for(content: Path, edition: str | None) -> dict[str, dict]:
    """The national services directory, with an edition's own services added or replacing
    those with the same id."""
    services = load_services(content)
    if edition:
        data = yaml.safe_load((content / "editions" / f"{edition}.yaml").read_text("utf-8"))
        services.update({s["id"]: s for s in data.get("services") or []})
        # a hub's own number is in the hub panel, and no card repeats it
        hub_phones = {hub.get("phone") for hub in [data, *(data.get("hubs") or [])]} - {None}
        for service in services.values():
            if service.get("phone") in hub_phones:
                service["status"] = "in the hub panel"
    return services


def trifold_resources(content: Path) -> list[dict]:
    resources = [yaml.safe_load(p.read_text("utf-8"))
                 for p in sorted((content / "leaflets").glob("*.yaml"))]
    return [r for r in resources if "trifold" in r.get("formats", [])]


def test_every_trifold_fills_its_panels_evenly_in_reading_order(built: Built):
    checked = 0
    for edition in editions(built.content):
        folder = built.output / edition if edition else built.output
        for resource in trifold_resources(built.content):
            pdf = folder / "leaflets" / f"{resource['id']}-trifold.pdf"
            panels = check_panels(pdf, resource, services_for(built.content, edition))
            assert_well_filled(pdf, panels)
            checked += 1
    assert checked >= 3 * len(editions(built.content))


def test_the_bonding_callout_points_to_numbers_that_are_there(built: Built):
    """The callout sends the reader to the useful numbers: in words true of both formats."""
    resource = yaml.safe_load((built.content / "leaflets/bonding.yaml").read_text("utf-8"))
    callout = next(b["callout"] for b in resource["blocks"] if "callout" in b)
    assert "at the end" not in callout["text"]  # not true of the tri-fold
    if NUMBERS_HEADING not in callout["text"]:
        return  # it points to no place, so nothing more to check
    folder = built.output / "leaflets"
    panels = read_panels(folder / f"{resource['id']}-trifold.pdf")
    assert NUMBERS_HEADING in panels["back"].text
    assert any(NUMBERS_HEADING in panels[name].text for name in CONTENT_PANELS)
    with pdfplumber.open(folder / f"{resource['id']}.pdf") as document:
        text = normalise(" ".join(page.extract_text() or "" for page in document.pages))
    assert text.count(NUMBERS_HEADING) >= 2  # the pointer, and the panel it points to


# ---- generated leaflets, short to full ----------------------------------------------------

WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve"]


def section(number: int) -> str:
    """A heading, a paragraph, and one of four kinds of block, named by ``number``."""
    word = WORDS[number]
    lines = [f"  - heading: Part {word} of this test",
             f"  - paragraph: Part {word} starts here. A baby needs you to be calm and close."
             " Talk and sing to your baby each day. Rest when you can, and ask for help."]
    lines.append([
        f"  - bullets:\n      - Item one of part {word}, a short line.\n"
        f"      - Item two of part {word}, a line a bit longer than the first.\n"
        f"      - Item three of part {word}.",
        f"  - tips:\n      - tip: Tip one of part {word}\n"
        "        why: Hold your baby close. It calms you both.\n"
        f"      - tip: Tip two of part {word}\n        why: Look into their eyes when you feed.",
        f"  - callout:\n      tone: info\n      title: Note for part {word}\n"
        "      text: Ask your health visitor if you are not sure. They are there to help.",
        f"  - paragraph: Part {word} ends here. Babies cry to tell you what they need.",
    ][number % 4])
    return "\n".join(lines) + "\n"


def generated(sections: int) -> str:
    text = leaflet_yaml(f"room-{sections}", f"Room test {sections}",
                        "".join(section(n) for n in range(sections)))
    return text.replace("blocks:\n", "formats: [trifold]\nblocks:\n")


SHORT = 3  # about one panel of content: too little to fill three panels
LENGTHS = [SHORT, 6, 8, 10]  # 10 sections all but fill the tri-fold; 11 do not fit


@pytest.fixture(scope="module")
def generated_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("room-generated")
    content = write_content(root, {f"room-{n}.yaml": generated(n) for n in LENGTHS})
    output = root / "output"
    result = run_build(["--content", content, "--output", output, "-q"])
    assert result.returncode == 0, describe(result)
    return content, output / "leaflets"


@pytest.mark.parametrize("sections", LENGTHS)
def test_generated_trifold_is_balanced_however_long(generated_build, sections: int):
    content, folder = generated_build
    resource = yaml.safe_load(generated(sections))
    pdf = folder / f"room-{sections}-trifold.pdf"
    panels = check_panels(pdf, resource, load_services(content))
    if sections > SHORT:
        assert_well_filled(pdf, panels)
    else:  # the content spreads over the flap and inside 1 and 2; inside 3 takes notes
        assert NOTES_HEADING in panels["inside 3"].text


def test_a_long_leaflet_runs_on_into_the_last_panel(generated_build):
    """Growing until the tri-fold is full, the content takes inside 3 too."""
    _, folder = generated_build
    panels = read_panels(folder / f"room-{LENGTHS[-1]}-trifold.pdf")
    assert panels["inside 3"].text.startswith("Part"), panels["inside 3"].text[:60]


# ---- the useful numbers panel ------------------------------------------------------------

@dataclass
class NumberRow:
    label_lines: int
    label: str
    number: str


def number_rows(pdf: Path) -> list[NumberRow]:
    """The rows of the useful-numbers panel: on the back panel of a tri-fold, in the right
    half of an A4 leaflet's back page, across a booklet's back page. Rows are split at the
    rules between them; the name is in the regular font, the number in bold."""
    trifold = pdf.stem.endswith("-trifold")
    booklet = pdf.stem.endswith("-booklet")
    with pdfplumber.open(pdf) as document:
        page = document.pages[0 if trifold else -1]
        left, right = (97 * MM, 197 * MM) if trifold else \
            (0, page.width) if booklet else (page.width / 2, page.width)
        region = page.crop((left, 0, right, page.height), strict=False)
        words = region.extract_words()
        heading = next(w for i, w in enumerate(words)
                       if " ".join(x["text"] for x in words[i:i + 2]) == NUMBERS_HEADING)
        lines = sorted(line["top"] for line in region.lines if line["top"] > heading["bottom"])
        footer = max(lines)  # the rule above the footer: the panel ends above it
        rules = [top for top in lines if top < footer]
        rows = []
        for top, bottom in zip([heading["bottom"], *rules], [*rules, footer], strict=True):
            chars = [c for c in region.chars if top < (c["top"] + c["bottom"]) / 2 < bottom]
            names = [c for c in chars if "Bold" not in c["fontname"]]
            numbers = [c for c in chars if "Bold" in c["fontname"]]
            rows.append(NumberRow(len({round(c["bottom"]) for c in names}),
                                  "".join(c["text"] for c in names),
                                  "".join(c["text"] for c in numbers)))
    return [row for row in rows if row.label or row.number]


def english(pdfs) -> list[Path]:
    """The English PDFs: a translation (ID.pl.pdf) has its own words for the panel."""
    return sorted(p for p in pdfs if "." not in p.stem)


def standard_print(pdfs) -> list[Path]:
    """Not the large print, which puts each number under its name (test_large_print.py)."""
    return [p for p in pdfs if not p.stem.endswith("-large-print")]


def leaflet_pdfs(built: Built) -> list[Path]:
    pdfs = standard_print(english(built.output.rglob("leaflets/*.pdf")))
    assert len(pdfs) >= 2 * 3 * len(editions(built.content))
    return pdfs


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_useful_numbers_names_take_two_lines_at_most(built: Built):
    for pdf in leaflet_pdfs(built):
        rows = number_rows(pdf)
        assert rows, pdf
        for row in rows:
            assert row.label_lines <= MAX_LABEL_LINES, (pdf, row)


def test_useful_numbers_print_each_number_once_a_row(built: Built):
    """No "Emergency: 999 999": a name that holds its number is printed without it."""
    for pdf in leaflet_pdfs(built):
        for row in number_rows(pdf):
            number = digits(row.number)
            assert number and number not in digits(row.label), (pdf, row)


def test_the_name_and_number_still_read_as_the_service(built: Built):
    """Read across, a row is the service's name: "Emergency" beside 999 reads "Emergency:
    999", and a name without its number in it is printed whole."""
    def letters(text: str) -> str:
        return re.sub(r"\W", "", text)

    for edition in editions(built.content):
        names = {digits(s.get("phone") or s.get("text") or ""): s["name"]
                 for s in services_for(built.content, edition).values()}
        folder = built.output / edition if edition else built.output
        for pdf in standard_print(english(folder.glob("leaflets/*.pdf"))):
            for row in number_rows(pdf):
                name = letters(names[digits(row.number)])
                assert name in (letters(row.label), letters(row.label) + digits(row.number)), \
                    (pdf, row)
    emergency = load_services(built.content)["emergency-999"]
    assert emergency["phone"] in emergency["name"]  # the case this guards against



# ---- headings never leave one word alone on their last line -----------------------------

def heading_texts(resource: dict) -> list[str]:
    """The title, subtitle, headings and box titles of a resource, as printed (no marks)."""
    texts = [resource["title"], resource.get("subtitle") or ""]
    for block in resource["blocks"]:
        if "heading" in block:
            texts.append(block["heading"])
        elif "callout" in block:
            texts.append(block["callout"]["title"])
    return [normalise(text.replace("**", "")) for text in texts if len(text.split()) >= 3]


def wrapped_lines(pdf: Path, heading: str) -> list[list[str]]:
    """Each place the heading is printed over more than one line: its lines' words."""
    found = []
    with pdfplumber.open(pdf) as document:
        crops = [page for page in document.pages] if "trifold" not in pdf.name else [
            page.crop((left * MM, 0, right * MM, page.height), strict=False)
            for page, places in ((document.pages[0], OUTSIDE), (document.pages[1], INSIDE))
            for left, right in places.values()]
        for crop in crops:
            lines = [normalise(line["text"]) for line in crop.extract_text_lines()]
            for start in range(len(lines)):
                for stop in range(start + 2, min(start + 5, len(lines)) + 1):
                    if " ".join(lines[start:stop]) == heading:
                        found.append([line.split() for line in lines[start:stop]])
    return found


def test_no_heading_leaves_one_word_alone_on_its_last_line(built: Built):
    checked = 0
    for path in sorted((built.content / "leaflets").glob("*.yaml")):
        resource = yaml.safe_load(path.read_text("utf-8"))
        for pdf in sorted((built.output / "leaflets").glob(f"{resource['id']}*.pdf")):
            if pdf.suffixes[-2:-1] and pdf.suffixes[-2] != ".pdf" and len(pdf.suffixes) > 1:
                continue  # a translation: its headings are not the English ones
            for heading in heading_texts(resource):
                for lines in wrapped_lines(pdf, heading):
                    checked += 1
                    assert len(lines[-1]) >= 2, (pdf.name, heading, lines)
    assert checked >= 3, "no wrapped heading was found to check"
