"""The contact details check sheet (--contacts) and how a service records its checks.

The sheet must list exactly what the leaflets and posters print: the test reads every PDF
of the build with pdftotext, picks out the phone numbers and web addresses with its own
patterns, and compares them with the CSV. It also checks where each line says a detail
comes from, the tick boxes, verified_how and its warnings.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
import yaml
from conftest import (
    CONTENT,
    describe,
    diagnostics,
    find_diag,
    leaflet_yaml,
    line_with,
    run_build,
    write_content,
)

# pdftotext is Poppler's (Debian poppler-utils); CI installs it (.ci/run), so there the
# tests that read the PDFs with it never skip.
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None and not os.environ.get("CI"),
    reason="pdftotext (Debian poppler-utils) is needed to read back the printed text")

COLUMNS = ["checked", "kind", "value", "whose", "appears_in", "source", "verified_on",
           "verified_how", "file", "line"]


@dataclass
class SheetBuild:
    content: Path
    folder: Path  # where the PDFs and the sheet are
    stderr: str

    def rows(self) -> list[dict[str, str]]:
        with (self.folder / "contacts-check.csv").open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    def resource_pdfs(self) -> list[Path]:
        return sorted([*(self.folder / "leaflets").glob("*.pdf"),
                       *(self.folder / "posters").glob("*.pdf")])


def sheet_build(root: Path, edition: str | None) -> SheetBuild:
    content = root / "content"
    if not content.exists():
        shutil.copytree(CONTENT, content)
    output = root / "output"
    extra = ["--edition", edition] if edition else []
    result = run_build(["--content", content, "--output", output, "--contacts", *extra])
    assert result.returncode == 0, describe(result)
    return SheetBuild(content, output / edition if edition else output, result.stderr)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SheetBuild]:
    root = tmp_path_factory.mktemp("contacts")
    return {name: sheet_build(root, edition) for name, edition in
            (("national", None), ("riverside", "riverside"), ("westmoor", "westmoor"))}


BUILDS = ["national", "riverside", "westmoor"]


# ---- what the PDFs print, read back with pdftotext ---------------------------------------

def pdftotext(pdf: Path) -> list[str]:
    """The printed text in runs: pdftotext -layout keeps each line, and puts two or more
    spaces between columns (a name and its number in a table are separate runs)."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    runs = re.split(r"\n| {2,}", out.replace("\u00a0", " "))
    return [" ".join(run.split()) for run in runs if run.strip()]


EMAIL = re.compile(r"\S+@\S+")
WEB = re.compile(r"(?:https://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?")
DIGIT_RUN = re.compile(r"\d+(?: \d+)*")


def web_addresses(text: str) -> set[str]:
    """Lowercase dotted names ending in letters, as printed (emails left out)."""
    text = EMAIL.sub(" ", text)
    found = set()
    for match in WEB.finditer(text):
        before = text[match.start() - 1] if match.start() else " "
        if before.isalnum() or before in ".-":
            continue  # the middle of a word
        found.add(match.group().rstrip(".,;:!?)"))
    return found


def phone_numbers(text: str) -> set[str]:
    """Runs of three or more digits (spaces allowed between groups) that stand alone: not
    a year, a decimal, a time, a temperature or part of a postcode."""
    found = set()
    for match in DIGIT_RUN.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        after_next = text[end + 1] if end + 1 < len(text) else " "
        if before.isalnum() or before in ".,:/-\u00b0\u00a3":
            continue
        if after.isalnum() or after in "\u00b0%/" or (after in ".,:" and after_next.isdigit()):
            continue
        number = match.group()
        if len(number.replace(" ", "")) < 3 or re.fullmatch(r"(19|20)\d\d", number):
            continue
        found.add(number)
    return found


def printed(build: SheetBuild) -> tuple[set[str], set[str]]:
    numbers: set[str] = set()
    webs: set[str] = set()
    pdfs = build.resource_pdfs()
    assert pdfs
    for pdf in pdfs:
        for run in pdftotext(pdf):
            numbers |= phone_numbers(run)
            webs |= web_addresses(run)
    return numbers, webs


@pytest.mark.parametrize("name", BUILDS)
@needs_pdftotext
def test_the_sheet_lists_exactly_the_numbers_and_addresses_printed(builds, name: str):
    build = builds[name]
    numbers, webs = printed(build)
    rows = build.rows()
    listed_numbers = {r["value"] for r in rows if r["kind"] in ("phone", "text")}
    listed_webs = {r["value"] for r in rows if r["kind"] == "web"}
    assert listed_numbers == numbers, (listed_numbers ^ numbers)
    assert listed_webs == webs, (listed_webs ^ webs)
    assert numbers and webs


def test_the_pattern_finds_a_number_in_running_text() -> None:
    """The test's own reading is not a guess: numbers and addresses as a reader sees them."""
    text = ("Call 999 or 111. Text SHOUT to 85258. Reviewed November 2026. Version 1.0. "
            "Under 5s, 38°C, 9am, RV1 2AB, 12 Mill Lane, 0800 448 0737. See iconcope.org. "
            "Email hello@hub.example or www.nspcc.org.uk/help.")
    assert phone_numbers(text) == {"999", "111", "85258", "0800 448 0737"}
    assert web_addresses(text) == {"iconcope.org", "www.nspcc.org.uk/help"}


def test_the_csv_has_the_columns_a_spreadsheet_needs(builds) -> None:
    with (builds["national"].folder / "contacts-check.csv").open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == COLUMNS
    rows = builds["national"].rows()
    assert rows and all(r["checked"] == "" for r in rows)
    assert {r["kind"] for r in rows} >= {"phone", "text", "web", "opening times"}


def test_each_line_says_where_it_is_printed_and_how_it_was_checked(builds) -> None:
    build = builds["national"]
    services_path = build.content / "services.yaml"
    services = {s["id"]: s for s in yaml.safe_load(services_path.read_text())["services"]}
    text = services_path.read_text(encoding="utf-8")
    samaritans = services["samaritans"]
    row = next(r for r in build.rows() if r["value"] == samaritans["phone"])
    assert row["whose"] == samaritans["name"]
    assert row["source"] == samaritans["source"]
    assert row["verified_on"] == str(samaritans["verified_on"])
    assert row["verified_how"] == samaritans["verified_how"] == "brief"
    assert Path(row["file"]).name == "services.yaml"
    assert int(row["line"]) == line_with(text, "- id: samaritans")
    where = re.search(r"where-to-get-help \(([^)]*)\)", row["appears_in"])
    assert where and {"leaflet-a4", "leaflet-trifold"} <= set(where[1].split(", "))


@pytest.mark.parametrize("name", BUILDS)
def test_a_number_is_put_down_to_the_service_that_has_it(builds, name: str) -> None:
    """Wherever it prints: a poster's NHS 111 card says it is "not 999", and 999 is the
    emergency entry's number, not NHS 111's."""
    build = builds[name]
    files = [build.content / "services.yaml", *(build.content / "editions").glob("*.yaml")]
    by_name = {s["name"]: s for path in files
               for s in yaml.safe_load(path.read_text(encoding="utf-8")).get("services", [])}
    numbers = [r for r in build.rows() if r["kind"] in ("phone", "text")
               and r["whose"] in by_name]
    assert numbers
    for row in numbers:
        service = by_name[row["whose"]]
        own = [service.get("phone") or "", *phone_numbers(service.get("text") or "")]
        assert row["value"] in own, (row["value"], row["whose"])


def test_a_hubs_own_number_points_at_its_line_in_the_edition(builds) -> None:
    build = builds["westmoor"]
    path = build.content / "editions" / "westmoor.yaml"
    text = path.read_text(encoding="utf-8")
    hub = yaml.safe_load(text)["hubs"][0]
    row = next(r for r in build.rows() if r["value"] == hub["phone"])
    assert hub["name"] in row["whose"]
    assert Path(row["file"]).name == "westmoor.yaml"
    assert int(row["line"]) == line_with(text, hub["phone"])


@needs_pdftotext
def test_the_printable_sheet_has_every_line_and_a_tick_box_for_each(builds) -> None:
    build = builds["riverside"]
    rows = build.rows()
    text = " ".join(pdftotext(build.folder / "contacts-check.pdf"))
    for row in rows:
        assert row["value"] in text, row["value"]
    boxes = 0
    with pdfplumber.open(build.folder / "contacts-check.pdf") as document:
        for page in document.pages:
            boxes += sum(1 for rect in page.rects if abs(rect["width"] - rect["height"]) < 0.1
                         and 8 <= rect["width"] <= 16 and not rect["fill"])
    assert boxes == len(rows)


@needs_pdftotext
def test_a_number_typed_into_a_paragraph_is_on_the_sheet_at_its_line(tmp_path: Path):
    blocks = ("  - heading: Our group\n"
              "  - paragraph: Ring 0113 496 0777 to book, or see\n"
              "      group.example/book for times.\n")
    text = leaflet_yaml(blocks=blocks)
    content = write_content(tmp_path, {"one.yaml": text})
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output, "--contacts"])
    assert result.returncode == 0, describe(result)
    runs = pdftotext(output / "leaflets" / "test-one.pdf")
    assert "0113 496 0777" in phone_numbers(" ".join(runs))
    with (output / "contacts-check.csv").open(encoding="utf-8") as f:
        rows = {r["value"]: r for r in csv.DictReader(f)}
    assert set(rows) == {"0113 496 0777", "group.example/book"}
    row = rows["0113 496 0777"]
    assert Path(row["file"]).name == "one.yaml"
    assert int(row["line"]) == line_with(text, "- paragraph:")
    assert row["verified_how"] == "" and row["source"] == ""


@needs_pdftotext
def test_a_number_in_running_text_never_breaks_over_two_lines(tmp_path: Path) -> None:
    sentences = " ".join(f"Ring{' us' * (n % 5)} on 0113 496 0777 today." for n in range(40))
    content = write_content(tmp_path, {"one.yaml": leaflet_yaml(
        blocks=f"  - heading: Booking\n  - paragraph: {sentences}\n")})
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 0, describe(result)
    lines = subprocess.run(["pdftotext", str(output / "leaflets" / "test-one.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    lines = [line.replace("\u00a0", " ") for line in lines]
    assert sum(line.count("0113 496 0777") for line in lines) == 40
    assert not [line for line in lines if line.rstrip().endswith(("0113", "496"))]


def test_check_with_contacts_writes_only_the_sheet(tmp_path: Path) -> None:
    content = write_content(tmp_path, {"one.yaml": leaflet_yaml(blocks=(
        "  - heading: Help\n  - contacts: [samaritans]\n"))})
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output, "--contacts", "--check"])
    assert result.returncode == 0, describe(result)
    assert sorted(p.name for p in output.iterdir()) == ["contacts-check.csv",
                                                        "contacts-check.pdf"]
    assert "contacts-check.pdf" in result.stdout


# ---- verified_how --------------------------------------------------------------------------

def copy_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


def test_a_wrong_verified_how_is_an_error_on_its_line(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    path = content / "services.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "    verified_how: brief\n"
    text = text.replace(marker, "    verified_how: checked online\n", 1)
    path.write_text(text, encoding="utf-8")
    result = run_build(["--content", content, "--output", tmp_path / "out", "--check"])
    assert result.returncode == 1, describe(result)
    diag = find_diag(result.stderr, path, line_with(text, "verified_how: checked online"),
                     "error", "verified_how")
    assert "source-site" in diag.message and "brief" in diag.message


def test_every_printed_service_checked_only_against_the_brief_warns_once(builds) -> None:
    build = builds["national"]
    services_path = build.content / "services.yaml"
    text = services_path.read_text(encoding="utf-8")
    warned = [d for d in diagnostics(build.stderr) if d.level == "warning"
              and d.path == services_path.resolve() and "own site" in d.message]
    # the services printed (a resource's own text may print an address of no service)
    printed_ids = {r["whose"] for r in build.rows() if Path(r["file"]).name == "services.yaml"}
    assert len(warned) == len(printed_ids)  # one per service, not per leaflet or format
    services = yaml.safe_load(text)["services"]
    for service in services:
        if service["name"] in printed_ids:
            diag = find_diag(build.stderr, services_path, line_with(text, f"- id: {service['id']}"),
                             "warning", f"'{service['id']}'")
            assert "verified_how: source-site" in diag.message  # how to clear it


def test_checking_at_the_source_clears_the_warning(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    path = content / "services.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: samaritans")
    end = text.index("- id:", start + 1)
    entry = text[start:end].replace("verified_how: brief", "verified_how: source-site")
    path.write_text(text[:start] + entry + text[end:], encoding="utf-8")
    result = run_build(["--content", content, "--output", tmp_path / "out", "--check",
                        "--only", "where-to-get-help"])
    assert result.returncode == 0, describe(result)
    own_site = [d for d in diagnostics(result.stderr) if "own site" in d.message]
    assert own_site and not [d for d in own_site if "'samaritans'" in d.message]


def test_a_samples_made_up_services_do_not_warn(builds) -> None:
    build = builds["riverside"]
    edition = build.content / "editions" / "riverside.yaml"
    # (the edition may be warned for other things: a local service left off for room)
    assert not [d for d in diagnostics(build.stderr) if d.path == edition.resolve()
                and (d.level == "error" or "own site" in d.message)]
    rows = [r for r in build.rows() if Path(r["file"]).name == "riverside.yaml"]
    assert rows and {r["verified_how"] for r in rows} <= {"fictional", ""}


def test_made_up_details_outside_a_sample_edition_are_an_error(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    path = content / "editions" / "riverside.yaml"
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("sample:")) + "\n"
    path.write_text(text, encoding="utf-8")
    result = run_build(["--content", content, "--output", tmp_path / "out", "--check",
                        "--edition", "riverside"])
    assert result.returncode == 1, describe(result)
    find_diag(result.stderr, path, line_with(text, "verified_how: fictional"), "error",
              "sample: true")


def test_strict_fails_on_the_shipped_content_until_the_numbers_are_checked(builds,
                                                                           tmp_path: Path):
    build = builds["national"]
    result = run_build(["--content", build.content, "--output", tmp_path / "out", "--check",
                        "--strict", "--only", "help-is-here"])
    assert result.returncode == 1
    assert "own site" in result.stderr
