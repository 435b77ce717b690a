"""Local editions: each edition's name and numbers appear in all of its PDFs and in no
other edition's; editions built together do not leak into each other; bad edition input
is refused with its file and line; low-contrast colours are refused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import (
    CONTENT,
    describe,
    find_diag,
    leaflet_yaml,
    line_with,
    mark_checked,
    page_texts,
    run_build,
    write_content,
)

EDITIONS_DIR = CONTENT / "editions"
EDITION_IDS = sorted(yaml.safe_load(p.read_text())["id"] for p in EDITIONS_DIR.glob("*.yaml"))


def is_translation(pdf: Path) -> bool:
    """A translated copy is named with its language before .pdf: ID-a4.pl.pdf."""
    return len(pdf.suffixes) > 1


def edition_data(content: Path, edition_id: str) -> dict:
    for path in (content / "editions").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["id"] == edition_id:
            return data
    raise AssertionError(f"no edition {edition_id}")


def pdf_text(pdf: Path) -> str:
    return " ".join(page_texts(pdf))


@pytest.fixture(scope="session")
def editions_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real content built for every edition and nationally, in two runs."""
    root = tmp_path_factory.mktemp("editions")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    output = root / "output"
    for extra in (["--edition", "all"], []):
        result = run_build(["--content", content, "--output", output, *extra])
        assert result.returncode == 0, describe(result)
    return content, output


def test_two_sample_editions_ship() -> None:
    assert len(EDITION_IDS) >= 2
    hub_counts = [len(yaml.safe_load(p.read_text()).get("hubs", []))
                  for p in EDITIONS_DIR.glob("*.yaml")]
    assert 0 in hub_counts and max(hub_counts) >= 2  # one single hub, one county


@pytest.mark.parametrize("edition_id", EDITION_IDS)
def test_edition_name_and_phone_are_in_every_pdf_of_that_edition(editions_build,
                                                                 edition_id: str) -> None:
    content, output = editions_build
    data = edition_data(content, edition_id)
    pdfs = sorted(p for p in (output / edition_id).rglob("*.pdf")
                  if p.relative_to(output).parts[1] in ("leaflets", "posters"))
    # draft translations are built for checking in the national edition only
    national = sorted(p for p in output.rglob("*.pdf")
                      if p.relative_to(output).parts[0] in ("leaflets", "posters")
                      and not is_translation(p))
    assert len(pdfs) == len(national) > 0
    for pdf in pdfs:
        text = pdf_text(pdf)
        assert data["name"] in text, pdf
        assert data["phone"] in text, pdf


@pytest.mark.parametrize("edition_id", EDITION_IDS)
def test_edition_details_appear_in_no_other_edition(editions_build, edition_id: str) -> None:
    content, output = editions_build
    data = edition_data(content, edition_id)
    numbers = [data["phone"], *(hub["phone"] for hub in data.get("hubs", []))]
    others = [p for p in output.rglob("*.pdf") if p.relative_to(output).parts[0] != edition_id]
    assert others
    for pdf in others:
        text = pdf_text(pdf)
        assert data["name"] not in text, pdf
        for number in numbers:
            assert number not in text, f"{number} in {pdf}"


def test_editions_built_together_match_editions_built_alone(editions_build,
                                                           tmp_path: Path) -> None:
    content, output = editions_build
    for edition_id in EDITION_IDS:
        alone = tmp_path / edition_id
        result = run_build(["--content", content, "--output", alone, "--edition", edition_id])
        assert result.returncode == 0, describe(result)
        for pdf in (alone / edition_id).rglob("*.pdf"):
            together = output / pdf.relative_to(alone)
            assert pdf.read_bytes() == together.read_bytes(), pdf


def test_national_edition_has_a_space_to_write_hub_details(editions_build) -> None:
    _, output = editions_build
    for pdf in [*(output / "leaflets").glob("*.pdf"), *(output / "posters").glob("*.pdf")]:
        if not is_translation(pdf):  # a translation says it in its own language
            assert "Your family hub" in pdf_text(pdf), pdf


def test_local_services_are_listed_first(editions_build) -> None:
    content, output = editions_build
    data = edition_data(content, "riverside")
    local = next(s for s in data["services"] if s["area"] == "local" and s.get("phone")
                 and s["phone"] != data["phone"])
    text = pdf_text(output / "riverside" / "leaflets" / "understanding-cues-and-crying.pdf")
    useful = text[text.index("Useful numbers"):]
    assert useful.index(local["name"]) < useful.index("NHS 111")


def test_edition_replaces_a_national_service(editions_build) -> None:
    content, output = editions_build
    # Westmoor's county number is not one of its hubs', so its card prints (a hub's own
    # number is in the hub panel, and no card repeats it)
    data = edition_data(content, "westmoor")
    replaced = next(s for s in data["services"] if s["id"] == "family-hub")
    text = pdf_text(output / "westmoor" / "leaflets" / "where-to-get-help.pdf")
    assert replaced["offers"].split(".")[0] in text


# ---- bad edition input --------------------------------------------------------------

GOOD_EDITION = """\
kind: edition
id: test-hub
name: Test Family Hub
logo: logos/riverside.svg
colours:
  accent: "#1D4E89"
address: 1 Test Street
phone: "0113 496 0999"
website: https://test-hub.example
opening_times: Monday to Friday
hubs: []
services:
  - id: test-local
    name: Test local team
    offers: Local help.
    phone: "0113 496 0998"
    area: local
    status: verified
    source: https://test-hub.example/team
    verified_on: {verified_on}
    verified_how: source-site
"""


def edition_tree(tmp_path: Path, edition_text: str) -> tuple[Path, Path]:
    content = write_content(tmp_path, {"one.yaml": leaflet_yaml()})
    (content / "editions").mkdir()
    path = content / "editions" / "test.yaml"
    path.write_text(edition_text, encoding="utf-8")
    return content, path


def good_edition(**changes: str) -> str:
    text = GOOD_EDITION.format(verified_on="2026-11-01")
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def test_a_good_edition_builds_into_its_own_folder(tmp_path: Path) -> None:
    content, _ = edition_tree(tmp_path, good_edition())
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output, "--edition", "test-hub",
                        "--assets", CONTENT.parent / "assets"])
    assert result.returncode == 0, describe(result)
    text = pdf_text(output / "test-hub" / "leaflets" / "test-one.pdf")
    assert "Test Family Hub" in text and "0113 496 0999" in text


@pytest.mark.parametrize(("old", "new", "marker", "message"), [
    ("opening_times:", "opening_tims:", "opening_tims", "did you mean 'opening_times'"),
    ('accent: "#1D4E89"', 'accent: "blue"', "accent:", "not a colour"),
    ('accent: "#1D4E89"', 'accent: "#88C0E0"', "accent:", "below the 4.5:1"),
    ("logo: logos/riverside.svg", "logo: logos/nope.png", "logo:", "logo not found"),
    ("logo: logos/riverside.svg", "logo: ../secret.png", "logo:", "inside assets/"),
    ('phone: "0113 496 0999"', 'phone: "0113 496"', "phone:", "not a valid UK phone"),
    ("website: https://test-hub.example", "website: http://test-hub.example", "website:",
     "https://"),
    ("id: test-hub", "id: all", "id: all", "cannot be an edition id"),
    ("id: test-hub", "id: web", "id: web", "cannot be an edition id"),
    ("    area: local", "    area: moon", "area: moon", "must be one of"),
])
def test_bad_edition_input_is_refused_on_its_line(tmp_path: Path, old: str, new: str,
                                                  marker: str, message: str) -> None:
    text = good_edition(**{old: new})
    content, path = edition_tree(tmp_path, text)
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output, "--edition", "all",
                        "--assets", CONTENT.parent / "assets"])
    assert result.returncode == 1, describe(result)
    assert "Traceback" not in result.stderr
    find_diag(result.stderr, path, line_with(text, marker), contains=message)
    assert not list(output.rglob("*.pdf")) if output.exists() else True


def test_contrast_refusal_names_the_colours_and_ratio(tmp_path: Path) -> None:
    text = good_edition(**{'accent: "#1D4E89"': 'accent: "#FFD400"'})
    content, path = edition_tree(tmp_path, text)
    result = run_build(["--content", content, "--output", tmp_path / "out", "--check",
                        "--edition", "all"])
    assert result.returncode == 1, describe(result)
    diag = find_diag(result.stderr, path, line_with(text, "accent:"), contains="contrast")
    assert "#ffd400" in diag.message.lower() and ":1" in diag.message


def test_stale_service_details_warn_and_fail_strict(tmp_path: Path) -> None:
    text = GOOD_EDITION.format(verified_on="2020-01-01")
    content, path = edition_tree(tmp_path, text)
    args = ["--content", content, "--output", tmp_path / "out", "--check", "--edition", "all"]
    result = run_build(args)
    assert result.returncode == 0, describe(result)
    find_diag(result.stderr, path, line_with(text, "- id: test-local"), level="warning",
              contains="over 12 months ago")
    assert run_build([*args, "--strict"]).returncode == 1


def test_phone_numbers_are_printed_in_one_format(tmp_path: Path) -> None:
    text = good_edition(**{'phone: "0113 496 0999"': 'phone: "+44 (0)113 4960999"'})
    text = text.replace('phone: "+44 (0)113 4960999"', 'phone: "01134960999"')
    content, _ = edition_tree(tmp_path, text)
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output, "--edition", "test-hub"])
    assert result.returncode == 0, describe(result)
    assert "0113 496 0999" in pdf_text(output / "test-hub" / "leaflets" / "test-one.pdf")


def test_unknown_edition_is_a_usage_error(tmp_path: Path) -> None:
    content, _ = edition_tree(tmp_path, good_edition())
    result = run_build(["--content", content, "--output", tmp_path / "o", "--edition", "nope"])
    assert result.returncode == 2
    assert "test-hub" in result.stderr  # lists the editions there are


def test_an_svg_logo_with_text_is_refused(tmp_path: Path) -> None:
    """Text in an SVG would print in a font that cannot be embedded."""
    assets = tmp_path / "assets" / "logos"
    assets.mkdir(parents=True)
    (assets / "words.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
        '<text x="0" y="20">Hub</text></svg>', encoding="utf-8")
    text = good_edition(**{"logo: logos/riverside.svg": "logo: logos/words.svg"})
    content, path = edition_tree(tmp_path, text)
    result = run_build(["--content", content, "--output", tmp_path / "out", "--check",
                        "--assets", tmp_path / "assets"])
    assert result.returncode == 1, describe(result)
    find_diag(result.stderr, path, line_with(text, "logo:"), contains="outlines")


def test_a_translation_uses_each_editions_own_services(tmp_path: Path) -> None:
    """A translated copy is made once for every edition alike, but the directory's words
    are only for the services an edition keeps: one that replaces the national family
    hub prints its own entry, as written, and one that keeps it prints its translation,
    in the same build, whatever worker makes which."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    mark_checked((content / "translations" / "pl").glob("*.po"))
    westmoor = content / "editions" / "westmoor.yaml"
    westmoor.write_text(westmoor.read_text(encoding="utf-8").replace(
        "  - id: family-hub\n", "  - id: westmoor-family-hubs\n"), encoding="utf-8")
    output = tmp_path / "output"
    result = run_build(["--content", content, "--output", output, "--edition", "all",
                        "--only", "where-to-get-help", "--language", "pl", "-j", "2"])
    assert result.returncode == 0, describe(result)
    translated = "Twoje centrum rodzinne"  # family-hub's name in services.po
    for edition, own_name in (("riverside", "Riverside Family Hub"),
                              ("westmoor", None)):
        text = pdf_text(output / edition / "leaflets" / "where-to-get-help.pl.pdf")
        if own_name is None:
            assert translated in text, edition
        else:
            assert own_name in text and translated not in text, edition
