"""Command-line behaviour: --check, --only, --strict, -q, usage errors, the summary, and
what ends up in the PDF when the text holds markup characters or unverified services.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import (
    BASE_LEAFLET,
    describe,
    diagnostics,
    find_diag,
    first_service,
    leaflet_yaml,
    line_with,
    load_services,
    page_texts,
    run_build,
    write_content,
)


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def print_files_under(folder: Path) -> list[Path]:
    """The files for printing: all but the web versions and the catalogue (in web/ and
    index.html; tests/test_web.py checks those)."""
    return [p for p in files_under(folder) if p.relative_to(folder).parts[0] != "web"
            and p.name != "index.html"]


@pytest.fixture
def two_leaflets(tmp_path: Path) -> Path:
    return write_content(tmp_path, {
        "one.yaml": leaflet_yaml("leaflet-one", "Leaflet one"),
        "two.yaml": leaflet_yaml("leaflet-two", "Leaflet two"),
    })


# ---- a normal build ----------------------------------------------------------------------

def test_clean_build_exit_code_and_summary(two_leaflets: Path, tmp_path: Path):
    output = tmp_path / "out"
    result = run_build(["--content", two_leaflets, "--output", output])
    assert result.returncode == 0, describe(result)
    assert result.stderr == ""
    assert re.search(r"\b4 PDFs\b", result.stdout), result.stdout  # A4 and large print
    assert "leaflet-one.pdf" in result.stdout and "leaflet-two.pdf" in result.stdout
    assert [p.name for p in print_files_under(output)] == [
        "leaflet-one-large-print.pdf", "leaflet-one.pdf", "leaflet-two-large-print.pdf",
        "leaflet-two.pdf", "preflight.json", "sources.pdf"]


def test_summary_counts_one_pdf(tmp_path: Path):
    content = write_content(tmp_path, {"one.yaml": BASE_LEAFLET})
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 0, describe(result)
    assert re.search(r"\b2 PDFs\b", result.stdout), result.stdout  # A4 and large print


def test_quiet_prints_nothing_for_a_clean_build(two_leaflets: Path, tmp_path: Path):
    output = tmp_path / "out"
    result = run_build(["-q", "--content", two_leaflets, "--output", output])
    assert result.returncode == 0, describe(result)
    assert result.stdout == ""
    assert result.stderr == ""
    assert len(print_files_under(output)) == 6  # quiet, but built (with preflight.json, sources)


def test_quiet_still_prints_errors(tmp_path: Path):
    text = BASE_LEAFLET.replace("reviewed: 2026-01-01", "reviewed: soon")
    content = write_content(tmp_path, {"bad.yaml": text})
    result = run_build(["--quiet", "--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 1
    assert result.stdout == ""
    find_diag(result.stderr, content / "leaflets" / "bad.yaml",
              line_with(text, "reviewed: soon"), "error", "reviewed")


def test_verbose_names_each_file(two_leaflets: Path, tmp_path: Path):
    result = run_build(["-v", "--content", two_leaflets, "--output", tmp_path / "out"])
    assert result.returncode == 0, describe(result)
    assert "leaflet-one.pdf" in result.stdout and "leaflet-two.pdf" in result.stdout


# ---- --check -----------------------------------------------------------------------------

def test_check_writes_nothing(two_leaflets: Path, tmp_path: Path):
    output = tmp_path / "out"
    result = run_build(["--check", "--content", two_leaflets, "--output", output])
    assert result.returncode == 0, describe(result)
    assert files_under(output) == []
    assert re.search(r"\b4 PDFs\b", result.stdout), result.stdout


def test_check_reports_errors(tmp_path: Path):
    text = BASE_LEAFLET + "  - paragrah: Misspelt.\n"
    content = write_content(tmp_path, {"bad.yaml": text})
    output = tmp_path / "out"
    result = run_build(["--check", "--content", content, "--output", output])
    assert result.returncode == 1, describe(result)
    find_diag(result.stderr, content / "leaflets" / "bad.yaml", line_with(text, "paragrah"),
              "error", "did you mean 'paragraph'")
    assert files_under(output) == []


def test_check_reports_overflow(tmp_path: Path):
    words = "Small moments of play, talk and comfort all add up over the first year. " * 8
    blocks = "".join(f"  - heading: Part {n}\n  - paragraph: {words}\n" for n in range(20))
    text = leaflet_yaml(blocks=blocks)
    content = write_content(tmp_path, {"long.yaml": text})
    output = tmp_path / "out"
    result = run_build(["--check", "--content", content, "--output", output])
    assert result.returncode == 1, describe(result)
    errors = [d for d in diagnostics(result.stderr) if d.level == "error"]
    assert errors and "test-one" in errors[0].message, result.stderr
    assert re.search(r"block on line \d+", errors[0].message)
    assert files_under(output) == []


def test_check_leaves_existing_output_alone(two_leaflets: Path, tmp_path: Path):
    output = tmp_path / "out"
    assert run_build(["--content", two_leaflets, "--output", output]).returncode == 0
    before = {p: p.read_bytes() for p in files_under(output)}
    (two_leaflets / "leaflets" / "one.yaml").write_text(
        leaflet_yaml("leaflet-one", "A changed title"), encoding="utf-8")
    result = run_build(["--check", "--content", two_leaflets, "--output", output])
    assert result.returncode == 0, describe(result)
    assert {p: p.read_bytes() for p in files_under(output)} == before


# ---- --only ------------------------------------------------------------------------------

def test_only_builds_just_that_resource(two_leaflets: Path, tmp_path: Path):
    output = tmp_path / "out"
    result = run_build(["--only", "leaflet-two", "--content", two_leaflets,
                        "--output", output])
    assert result.returncode == 0, describe(result)
    assert [p.name for p in print_files_under(output)] == ["leaflet-two-large-print.pdf",
                                                         "leaflet-two.pdf", "preflight.json"]
    assert re.search(r"\b2 PDFs\b", result.stdout), result.stdout


def test_only_is_repeatable(tmp_path: Path):
    content = write_content(tmp_path, {
        f"{n}.yaml": leaflet_yaml(f"leaflet-{n}", f"Leaflet {n}") for n in ("a", "b", "c")})
    output = tmp_path / "out"
    result = run_build(["--only", "leaflet-a", "--only", "leaflet-c", "--content", content,
                        "--output", output])
    assert result.returncode == 0, describe(result)
    assert [p.name for p in print_files_under(output)] == [
        "leaflet-a-large-print.pdf", "leaflet-a.pdf", "leaflet-c-large-print.pdf",
        "leaflet-c.pdf", "preflight.json"]


def test_only_unknown_id_is_a_usage_error(two_leaflets: Path, tmp_path: Path):
    output = tmp_path / "out"
    result = run_build(["--only", "nosuch", "--content", two_leaflets, "--output", output])
    assert result.returncode == 2, describe(result)
    assert "nosuch" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_under(output) == []


def test_only_a_good_resource_ignores_an_unrelated_broken_one(tmp_path: Path):
    bad = leaflet_yaml("bad-one").replace("reviewed: 2026-01-01", "reviewed: soon")
    content = write_content(tmp_path, {"good.yaml": leaflet_yaml("good-one"),
                                       "bad.yaml": bad})
    output = tmp_path / "out"
    result = run_build(["--only", "good-one", "--content", content, "--output", output])
    assert (output / "leaflets" / "good-one.pdf").is_file(), describe(result)
    assert not (output / "leaflets" / "bad-one.pdf").exists()


# ---- usage errors ------------------------------------------------------------------------

def test_unknown_option_exits_2(tmp_path: Path):
    result = run_build(["--no-such-option", "--output", tmp_path / "out"])
    assert result.returncode == 2, describe(result)
    assert "Traceback" not in result.stderr
    assert "--no-such-option" in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_content_folder_exits_2(tmp_path: Path):
    result = run_build(["--content", tmp_path / "nowhere", "--output", tmp_path / "out"])
    assert result.returncode == 2, describe(result)
    assert "Traceback" not in result.stderr
    assert "nowhere" in result.stderr


def test_quiet_and_verbose_together_is_a_usage_error(two_leaflets: Path, tmp_path: Path):
    result = run_build(["-q", "-v", "--content", two_leaflets, "--output", tmp_path / "o"])
    assert result.returncode == 2, describe(result)


def test_help_exits_0():
    result = run_build(["--help"])
    assert result.returncode == 0
    for option in ("--content", "--output", "--only", "--check", "--strict"):
        assert option in result.stdout


# ---- what the PDF says -------------------------------------------------------------------

def build_and_read(tmp_path: Path, leaflet_text: str) -> str:
    """Build one leaflet and return the text of its pages."""
    content = write_content(tmp_path, {"one.yaml": leaflet_text})
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 0, describe(result)
    return " ".join(page_texts(output / "leaflets" / "test-one.pdf"))


def test_markup_characters_print_literally(tmp_path: Path):
    paragraph = 'Ask your <GP> & midwife <img src="/etc/passwd"> about **this**'
    text = leaflet_yaml(blocks=f"  - heading: First heading\n  - paragraph: '{paragraph}'\n")
    printed = build_and_read(tmp_path, text)
    assert "<GP>" in printed
    assert "<GP> & midwife" in printed
    assert '<img src="/etc/passwd">' in printed
    assert "about this" in printed
    assert "**" not in printed
    assert "&amp;" not in printed and "&lt;" not in printed


def test_markup_characters_in_a_title_and_bullets(tmp_path: Path):
    blocks = ("  - heading: 'Tips & tricks <for you>'\n"
              "  - bullets:\n      - 'Use a <b>bold</b> & brave voice'\n")
    printed = build_and_read(tmp_path, leaflet_yaml(title="'Babies & <you>'", blocks=blocks))
    assert "Babies & <you>" in printed
    assert "Tips & tricks <for you>" in printed
    assert "Use a <b>bold</b> & brave voice" in printed


def unverified_case(tmp_path: Path) -> tuple[Path, str, dict, dict, str]:
    verified_id = first_service("verified")
    unverified_id = first_service("unverified")
    services = load_services()
    blocks = ("  - heading: First heading\n  - contacts:\n"
              f"      - {verified_id}\n      - {unverified_id}\n")
    text = leaflet_yaml(blocks=blocks)
    content = write_content(tmp_path, {"one.yaml": text})
    return content, text, services[verified_id], services[unverified_id], unverified_id


def test_unverified_service_is_a_warning_and_left_off(tmp_path: Path):
    content, text, verified, unverified, unverified_id = unverified_case(tmp_path)
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 0, describe(result)
    find_diag(result.stderr, content / "leaflets" / "one.yaml",
              line_with(text, f"- {unverified_id}"), "warning", unverified_id)
    assert not [d for d in diagnostics(result.stderr) if d.level == "error"]
    printed = " ".join(page_texts(output / "leaflets" / "test-one.pdf"))
    assert verified["name"] in printed  # the card grid is printed...
    assert unverified["name"] not in printed  # ...without the unverified one
    if unverified.get("phone"):
        assert unverified["phone"] not in printed
    # one warning for the unverified service, and one because the shipped directory's
    # verified entry was checked against the brief only (verified_how: brief)
    warnings = [d for d in diagnostics(result.stderr) if d.level == "warning"]
    assert len([d for d in warnings if unverified_id in d.message]) == 1, result.stderr
    assert f"{len(warnings)} warning" in result.stdout


def test_unverified_service_fails_with_strict(tmp_path: Path):
    content, text, _, _, unverified_id = unverified_case(tmp_path)
    result = run_build(["--strict", "--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 1, describe(result)
    find_diag(result.stderr, content / "leaflets" / "one.yaml",
              line_with(text, f"- {unverified_id}"), "warning", unverified_id)


def test_strict_without_warnings_passes(tmp_path: Path):
    content = write_content(tmp_path, {"one.yaml": BASE_LEAFLET})
    result = run_build(["--strict", "--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 0, describe(result)
