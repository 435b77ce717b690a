"""A hub's own edits never break or silently change a build (issue 10).

* An edition's details that must fit a fixed panel are measured when the edition is
  loaded; an edition's text that makes a resource overflow is blamed, at its own line,
  never a content block; and the message says how many characters fit.
* Every local service an edition lists prints in the local services section of
  where-to-get-help, laid out for the room there is, or a warning at its line says why not.
* A broken shared file (strings, services) is reported once, first, without echoes.
* Overflow messages say which block, where, and roughly how much room is missing, in the
  same words on every run, with no ReportLab internals.
* A pale accent gives one line per field and pair of colours, and the counts agree.

Every case builds real PDFs into a temporary folder and reads them back.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
import yaml
from conftest import (
    BASE_LEAFLET,
    CONTENT,
    REPO,
    describe,
    diagnostics,
    find_diag,
    leaflet_yaml,
    line_with,
    normalise,
    run_build,
    write_content,
)

ASSETS = REPO / "assets"
ONE_LINE = re.compile(r"^(?P<path>[^:]+?)(?::(?P<line>\d+))?: (?P<level>error|warning): ")


# ---- helpers -----------------------------------------------------------------------------

def copy_content(tmp_path: Path) -> Path:
    """The real content (leaflets, posters, services, strings, both sample editions)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture bug: {old!r} not in {path}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def build(content: Path, output: Path, *extra: str | Path) -> subprocess.CompletedProcess[str]:
    return run_build(["--content", content, "--output", output, "--assets", ASSETS, *extra])


def errors(result: subprocess.CompletedProcess[str]):
    return [d for d in diagnostics(result.stderr) if d.level == "error"]


def stderr_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def pdf_words(pdf: Path) -> str:
    with pdfplumber.open(pdf) as document:
        return normalise(" ".join(page.extract_text() or "" for page in document.pages))


def in_order(words: str, text: str) -> bool:
    """The words occur in the text in their order, though a column beside them (a phone
    number beside a name) may interleave its lines when the text is extracted."""
    position = 0
    haystack = text.split()
    for word in words.split():
        try:
            position = haystack.index(word, position) + 1
        except ValueError:
            return False
    return True


def leading(text: str, count: int = 5) -> str:
    return " ".join(text.split()[:count])


def assert_no_content_blamed(result: subprocess.CompletedProcess[str]) -> None:
    """No error points at a leaflet or poster: the edition is what to fix."""
    for diag in errors(result):
        assert "editions" in diag.path.parts, f"content blamed: {diag}\n{describe(result)}"


def edition_service(content: Path, edition: str, service_id: str) -> dict:
    data = yaml.safe_load((content / "editions" / f"{edition}.yaml").read_text())
    return next(s for s in data["services"] if s["id"] == service_id)


# ---- 1. an edition's details measured against the panels they print in -------------------

LONG_NAME = "Riverside and Millbrook Valley Family Hub and Children's Centre Partnership"


def test_a_long_edition_name_is_one_error_at_the_name_line(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    path = content / "editions" / "riverside.yaml"
    text = edit(path, "name: Riverside Family Hub ", f'name: "{LONG_NAME}" ')
    result = build(content, tmp_path / "out", "--edition", "riverside")
    assert result.returncode == 1, describe(result)
    assert_no_content_blamed(result)
    diag = find_diag(result.stderr, path, line_with(text, "name: \"Riverside and"),
                     contains="too long")
    assert f"(it has {len(LONG_NAME)})" in diag.message
    assert len(errors(result)) == 1, describe(result)  # not one per leaflet and poster
    assert not (tmp_path / "out" / "riverside").exists()
    # the number of characters it names is measured: the name cut to it builds
    keep = int(re.search(r"to (\d+) characters or fewer", diag.message)[1])
    assert 20 < keep < len(LONG_NAME)
    edit(path, f'"{LONG_NAME}"', f'"{LONG_NAME[:keep].rstrip()}"')
    fixed = build(content, tmp_path / "out2", "--edition", "riverside")
    assert fixed.returncode == 0, describe(fixed)
    assert LONG_NAME[:keep].rstrip() in pdf_words(
        tmp_path / "out2" / "riverside" / "posters" / "help-is-here-a4.pdf")


LONG_ADDRESS = ("The Old Mill Community Centre, Second Floor (use the side door by the car park "
                "and ring the bell marked Family Hub), 12 Mill Lane, Lower Riverside, "
                "Riverside RV1 2AB")


def test_a_long_address_is_measured_against_the_hub_panel(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    path = content / "editions" / "riverside.yaml"
    text = edit(path, "address: 12 Mill Lane, Riverside RV1 2AB", f"address: {LONG_ADDRESS}")
    result = build(content, tmp_path / "out", "--edition", "riverside", "--check")
    assert result.returncode == 1, describe(result)
    assert_no_content_blamed(result)
    diag = find_diag(result.stderr, path, line_with(text, "address:"), contains="'address'")
    assert "hub panel" in diag.message or "back panel" in diag.message, diag.message
    keep = int(re.search(r"to (\d+) characters or fewer", diag.message)[1])
    edit(path, LONG_ADDRESS, LONG_ADDRESS[:keep].rstrip())
    fixed = build(content, tmp_path / "out2", "--edition", "riverside", "--check")
    assert fixed.returncode == 0, describe(fixed)


LONG_OFFERS = ("Baby massage, stay and play, feeding support and a friendly face. We also run "
               "groups for dads, for young parents and for parents of twins, a toy library, a "
               "weekly drop-in with a health visitor, and advice on money, housing and work. "
               "Come along any time we are open and ask at the desk. Our hubs are open six "
               "days a week, with a creche on Saturdays and a quiet room for feeding.")


def test_a_longer_offers_text_is_blamed_on_the_edition_not_the_leaflet(tmp_path: Path) -> None:
    """The edition's family-hub entry replaces the national one in a contacts block: the
    leaflet fits nationally, so the edition's longer text is what to shorten. (Westmoor's
    county number is not one of its hubs', so its card prints; a hub's own number is in
    the hub panel, and no card repeats it.)"""
    content = copy_content(tmp_path)
    path = content / "editions" / "westmoor.yaml"
    short = "Three hubs across the county, with baby groups, feeding support and advice."
    text = edit(path, f"offers: {short}", f"offers: {LONG_OFFERS}")
    result = build(content, tmp_path / "out", "--edition", "westmoor")
    assert result.returncode == 1, describe(result)
    assert_no_content_blamed(result)
    diag = find_diag(result.stderr, path, line_with(text, "offers: Baby massage, stay"),
                     contains="'offers' of 'family-hub'")
    assert "where-to-get-help" in diag.message and "leaflet-a4" in diag.message
    assert f"(it has {len(LONG_OFFERS)})" in diag.message
    keep = int(re.search(r"to (\d+) characters or fewer", diag.message)[1])
    assert len(short) <= keep < len(LONG_OFFERS)
    # what it asks for is enough: cut to that length, the leaflet builds
    edit(path, LONG_OFFERS, LONG_OFFERS[:keep].rstrip())
    fixed = build(content, tmp_path / "out2", "--edition", "westmoor")
    assert fixed.returncode == 0, describe(fixed)


def test_the_national_copy_is_not_blamed_on_an_edition(tmp_path: Path) -> None:
    """The other way round: content too long for its own pages is the content's error,
    at its block, in the national copy and in an edition alike."""
    blocks = "".join(f"  - paragraph: Paragraph {i}. " + "Ask for help when you need it. " * 8
                     + "\n" for i in range(40))
    text = leaflet_yaml(blocks=blocks)
    content = write_content(tmp_path, {"one.yaml": text})
    (content / "editions").mkdir()
    shutil.copyfile(CONTENT / "editions" / "riverside.yaml",
                    content / "editions" / "riverside.yaml")
    for extra in ([], ["--edition", "riverside"]):
        result = build(content, tmp_path / "out", "--check", *extra)
        assert result.returncode == 1, describe(result)
        blamed = errors(result)
        assert blamed and all(d.path == (content / "leaflets" / "one.yaml").resolve()
                              for d in blamed), describe(result)


# ---- 2. local services print in where-to-get-help ------------------------------------------

@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory):
    """The real content built for both sample editions and nationally."""
    root = tmp_path_factory.mktemp("samples")
    content = copy_content(root)
    output = root / "out"
    editions = build(content, output, "--edition", "all")
    national = build(content, output)
    return content, output, editions, national


def local_ids(content: Path, edition: str) -> list[str]:
    data = yaml.safe_load((content / "editions" / f"{edition}.yaml").read_text())
    help_leaflet = yaml.safe_load((content / "leaflets" / "where-to-get-help.yaml").read_text())
    cards = {ref for block in help_leaflet["blocks"] for ref in block.get("contacts", [])}
    return [s["id"] for s in data["services"] if s["id"] not in cards]


@pytest.mark.parametrize("edition", ["riverside", "westmoor"])
def test_every_local_service_prints_on_the_trifold(samples, edition: str) -> None:
    content, output, result, _ = samples
    assert result.returncode == 0, describe(result)
    text = pdf_words(output / edition / "leaflets" / "where-to-get-help-trifold.pdf")
    section = text.index("Local support")
    assert text.index("Your midwife, health visitor") < section
    for service_id in local_ids(content, edition):
        service = edition_service(content, edition, service_id)
        assert in_order(service["name"], text[section:]), service_id
        assert leading(service["offers"]) in text[section:], service_id
        for field in ("phone", "hours"):
            if service.get(field):
                assert service[field] in text[section:], (service_id, field)


def test_a_breastfeeding_group_without_a_phone_and_a_class_print(samples) -> None:
    """The two services the issue found on no PDF."""
    content, output, _, _ = samples
    for edition, service_id in (("westmoor", "westmoor-breastfeeding-group"),
                                ("riverside", "riverside-baby-massage")):
        service = edition_service(content, edition, service_id)
        assert "phone" not in service
        text = pdf_words(output / edition / "leaflets" / "where-to-get-help-trifold.pdf")
        assert service["name"] in text and service["hours"] in text


@pytest.mark.parametrize("edition", ["riverside", "westmoor"])
def test_each_local_service_is_on_the_a4_leaflet_or_a_warning_says_why(samples,
                                                                     edition: str) -> None:
    content, output, result, _ = samples
    path = content / "editions" / f"{edition}.yaml"
    text = pdf_words(output / edition / "leaflets" / "where-to-get-help.pdf")
    source = path.read_text(encoding="utf-8")
    for service_id in local_ids(content, edition):
        name = edition_service(content, edition, service_id)["name"]
        if name not in text:
            find_diag(result.stderr, path, line_with(source, f"- id: {service_id}"),
                      level="warning", contains="leaflet-a4")


def test_the_national_copy_prints_no_local_section(samples) -> None:
    _, output, _, national = samples
    assert national.returncode == 0, describe(national)
    for name in ("where-to-get-help.pdf", "where-to-get-help-trifold.pdf"):
        assert "Local support" not in pdf_words(output / "leaflets" / name)


ROOMY_EDITION = """\
kind: edition
id: test-hub
name: Test Family Hub
phone: "0113 496 0999"
services:
{services}"""


def local_service(number: int, phone: bool = True) -> str:
    return (f"  - id: local-{number}\n"
            f"    name: Local group number {number}\n"
            f"    offers: A friendly group for parents and babies, number {number}.\n"
            + (f'    phone: "0113 496 0{100 + number}"\n' if phone else "")
            + "    hours: Mondays, 10am\n"
            f"    website: https://test-hub.example/group-{number}\n"
            "    area: local\n    status: verified\n"
            "    source: https://test-hub.example/\n    verified_on: 2026-05-01\n"
            "    verified_how: source-site\n")


def local_tree(tmp_path: Path, count: int, filler: int = 0) -> tuple[Path, Path, str]:
    blocks = ("  - heading: First heading\n  - paragraph: Some text.\n  - local_services:\n"
              + "".join("  - paragraph: " + "Sleep when your baby sleeps. " * 12 + "\n"
                        for _ in range(filler)))
    leaflet = leaflet_yaml(blocks=blocks).replace(
        "intro: A short intro.", "intro: A short intro.\nformats: [a4, trifold]")
    content = write_content(tmp_path, {"one.yaml": leaflet})
    (content / "editions").mkdir()
    text = ROOMY_EDITION.format(services="".join(
        local_service(i, phone=i % 2 == 0) for i in range(1, count + 1)))
    path = content / "editions" / "test.yaml"
    path.write_text(text, encoding="utf-8")
    return content, path, text


def test_local_services_print_with_their_details_where_there_is_room(tmp_path: Path) -> None:
    content, _, _ = local_tree(tmp_path, 3)
    output = tmp_path / "out"
    result = build(content, output, "--edition", "test-hub")
    assert result.returncode == 0, describe(result)
    assert diagnostics(result.stderr) == [], result.stderr
    for name in ("test-one.pdf", "test-one-trifold.pdf"):
        text = pdf_words(output / "test-hub" / "leaflets" / name)
        section = text[text.index("Local support"):]
        names = [section.index(f"Local group number {n}") for n in (1, 2, 3)]
        assert names == sorted(names)  # in the edition's order
        for number in (1, 2, 3):  # each with all it has (cards side by side interleave)
            assert f"number {number}." in section
            assert f"test-hub.example/group-{number}" in section
        assert section.count("Mondays, 10am") == 3
        assert "0113 496 0102" in section and "0113 496 0101" not in section  # even ones


def test_local_services_with_too_little_room_warn_at_their_lines(tmp_path: Path) -> None:
    content, path, text = local_tree(tmp_path, 12, filler=5)
    output = tmp_path / "out"
    result = build(content, output, "--edition", "test-hub")
    assert result.returncode == 0, describe(result)
    pdf = pdf_words(output / "test-hub" / "leaflets" / "test-one.pdf")
    printed = [n for n in range(1, 13) if f"Local group number {n} " in pdf + " "]
    assert printed and printed == list(range(1, len(printed) + 1))  # the first ones
    for number in range(len(printed) + 1, 13):
        find_diag(result.stderr, path, line_with(text, f"- id: local-{number}\n"[:-1]),
                  level="warning", contains="left off")
    assert build(content, output, "--edition", "test-hub", "--strict").returncode == 1


# ---- 3. a broken shared file: its cause once, first, no echoes -----------------------------

def test_a_missing_strings_key_is_one_line(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    strings = content / "strings" / "en-GB.yaml"
    edit(strings, "  call: Call\n", "")
    result = build(content, tmp_path / "out")
    assert result.returncode == 1, describe(result)
    lines = stderr_lines(result)
    assert len(lines) == 1, describe(result)
    first_key = next(number for number, line in enumerate(
        strings.read_text(encoding="utf-8").splitlines(), start=1) if line.startswith("kind:"))
    find_diag(result.stderr, strings, first_key, contains="missing 'call'")


@pytest.mark.parametrize("damage", ["empty", "missing", "no services"])
def test_a_broken_services_file_is_named_once_and_first(tmp_path: Path, damage: str) -> None:
    content = copy_content(tmp_path)
    services = content / "services.yaml"
    if damage == "empty":
        services.write_text("", encoding="utf-8")
    elif damage == "missing":
        services.unlink()
    else:
        services.write_text("kind: services\nservices: []\n", encoding="utf-8")
    result = build(content, tmp_path / "out")
    assert result.returncode == 1, describe(result)
    lines = stderr_lines(result)
    assert lines and ONE_LINE.match(lines[0])
    assert Path(REPO / ONE_LINE.match(lines[0])["path"]).resolve() == services.resolve()
    assert "unknown service" not in result.stderr, describe(result)
    assert len(errors(result)) == 1 or damage == "missing" and len(lines) == 1
    assert not (tmp_path / "out" / "leaflets").exists()


def test_a_root_cause_comes_before_other_errors(tmp_path: Path) -> None:
    broken = leaflet_yaml("zz-broken").replace("title: Test leaflet", "titel: Oops")
    content = write_content(tmp_path, {"a-first.yaml": broken, "one.yaml": BASE_LEAFLET})
    strings = content / "strings" / "en-GB.yaml"
    edit(strings, "  call: Call\n", "")
    result = build(content, tmp_path / "out")
    lines = stderr_lines(result)
    assert "en-GB.yaml" in lines[0] and "missing 'call'" in lines[0], describe(result)
    assert any("titel" in line for line in lines[1:])  # a separate mistake is still shown


# ---- 4. overflow messages: which block, where, how much, the same every run ----------------

def overflow_message(tmp_path: Path, text: str, *extra: str) -> str:
    content = write_content(tmp_path, {"one.yaml": text})
    result = build(content, tmp_path / "out", "--check", *extra)
    assert result.returncode == 1, describe(result)
    found = [d for d in errors(result) if "does not fit" in d.message]
    assert len(found) >= 1, describe(result)
    return found[0].message


def test_a_paragraph_too_tall_for_a_panel_says_how_much(tmp_path: Path) -> None:
    long = "Sleep when your baby sleeps and ask for help. " * 40
    text = leaflet_yaml(blocks=f"  - heading: First\n  - paragraph: {long}\n").replace(
        "intro: A short intro.", "intro: A short intro.\nformats: [trifold]")
    first = overflow_message(tmp_path / "a", text)
    again = overflow_message(tmp_path / "b", text)
    assert first == again  # no object addresses: the same words on every run
    assert "0x" not in first and "<" not in first and "Flowable" not in first
    assert "leaflet-trifold" in first
    assert f"paragraph block on line {line_with(text, '- paragraph:')}" in first
    tall, room, over = (int(n) for n in re.search(
        r"is (\d+) mm tall.*holds only (\d+) mm: shorten it by about (\d+) mm", first).groups())
    assert tall > room and abs(tall - room - over) <= 1


def test_content_over_two_pages_says_how_much_is_over(tmp_path: Path) -> None:
    """The measure is the content past the last page: ten more paragraphs of known
    height add about ten paragraphs' height to it."""
    paragraph = "  - paragraph: " + "Ask for help when you need it, day or night. " * 6 + "\n"

    def over(count: int, folder: str) -> int:
        text = leaflet_yaml(blocks="  - heading: First\n" + paragraph * count)
        message = overflow_message(tmp_path / folder, text)
        assert message == overflow_message(tmp_path / f"{folder}-again", text)
        assert "leaflet-a4" in message and "Room ran out at the paragraph block" in message
        return int(re.search(r"needs about (\d+) mm \((\d+) lines", message)[1])

    a, b = over(30, "a"), over(40, "b")
    # one paragraph: 4 lines of 14 pt at 1.42 leading, and the 8 pt gap after it
    ten = 10 * (4 * 14 * 1.42 + 8) / 72 * 25.4
    assert 0.75 * ten < b - a < 1.25 * ten, (a, b, ten)


# ---- 5. a pale accent: one line per field and pair of colours --------------------------------

def test_a_pale_accent_is_one_line_per_colour_pair_and_the_counts_agree(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    path = content / "editions" / "riverside.yaml"
    text = edit(path, 'accent: "#1D4E89"', 'accent: "#9DB8D9"')
    result = build(content, tmp_path / "out", "--edition", "riverside")
    assert result.returncode == 1, describe(result)
    colour_lines = [d for d in errors(result) if "editions" in d.path.parts]
    assert colour_lines, describe(result)
    pairs = [re.search(r"\((#[0-9a-f]{6}) on (#[0-9a-f]{6})", d.message).groups()
             for d in colour_lines]
    keys = [(d.line, pair) for d, pair in zip(colour_lines, pairs, strict=True)]
    assert len(keys) == len(set(keys)), describe(result)  # one line per field and pair
    assert len(colour_lines) <= 6
    assert {d.line for d in colour_lines} <= {line_with(text, "accent:"),
                                              line_with(text, "tint:")}
    printed_errors = len(errors(result))
    summary = re.search(r"(\d+) warning\(s\), (\d+) error\(s\)", result.stdout)
    assert int(summary[2]) == printed_errors, describe(result)
    preflight = re.search(r"checked: (\d+) error\(s\), (\d+) warning", result.stdout)
    assert int(preflight[1]) == len(colour_lines), describe(result)
