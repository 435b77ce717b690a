"""Content errors: each one is reported as ``path:line: error: message`` with the right file
and line, the exit code is 1, there is never a traceback, and the broken leaflet is not
built. The expected line is always found from the fixture text, never typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    run_build,
    write_content,
)


@dataclass
class Case:
    name: str
    text: str  # the whole leaflet YAML
    marker: str | tuple[str, ...]  # on the line the error must point at (or alternatives)
    contains: str  # a piece of the message
    occurrence: int = 1  # which line holding the marker


def replace(old: str, new: str) -> str:
    assert old in BASE_LEAFLET, old
    return BASE_LEAFLET.replace(old, new)


def with_blocks(blocks: str) -> str:
    return leaflet_yaml(blocks="  - heading: First heading\n" + blocks)


CASES = [
    Case("yaml syntax error", replace("audience: Testers", "audience: Testers: and: more"),
         "audience: Testers: and", "YAML syntax"),
    Case("yaml unclosed bracket",
         with_blocks("  - contacts: [nhs-111\n  - paragraph: After.\n"),
         "- paragraph: After.", "YAML syntax"),
    Case("unknown key near miss", replace("audience: Testers", "audience: Testers\ntitel: Typo"),
         "titel: Typo", "did you mean 'title'"),
    Case("unknown key in a block",
         with_blocks("  - callout:\n      title: Hello\n      txet: Body\n"),
         "txet: Body", "did you mean 'text'"),
    Case("missing required field owner", replace("owner: Test Hub\n", ""),
         "kind: leaflet", "owner"),
    Case("missing required field in a tip",
         with_blocks("  - tips:\n      - tip: First tip\n        why: Reason.\n"
                     "      - tip: Second tip\n"),
         "- tip: Second tip", "why"),
    Case("bullets given as text", with_blocks("  - bullets: just text\n"),
         "bullets: just text", "bullets"),
    Case("reviewed is not a date", replace("reviewed: 2026-01-01", "reviewed: soon"),
         "reviewed: soon", "reviewed"),
    Case("sources is text", replace(
        "sources:\n  - title: A source\n    url: https://example.org/\n",
        "sources: none\n"), "sources: none", "sources"),
    Case("duplicate top-level key", replace("intro: A short intro.",
                                            "intro: A short intro.\nintro: Another intro."),
         "intro:", "twice", occurrence=2),
    Case("duplicate key in a block",
         with_blocks("  - callout:\n      title: One\n      text: Body\n      title: Two\n"),
         "title: Two", "twice"),
    Case("unknown block type", with_blocks("  - paragrah: Misspelt block.\n"),
         "paragrah:", "did you mean 'paragraph'"),
    Case("unclosed bold", with_blocks("  - paragraph: Some **bold text that never ends.\n"),
         "never ends", "**"),
    Case("next review before reviewed",
         replace("next_review: 2027-01-01", "next_review: 2025-01-01"),
         ("next_review: 2025", "kind: leaflet"), "next_review"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_error_is_reported_at_the_right_line(case: Case, tmp_path: Path):
    content = write_content(tmp_path, {"bad.yaml": case.text})
    output = tmp_path / "output"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 1, describe(result)
    assert "Traceback" not in result.stderr
    source = content / "leaflets" / "bad.yaml"
    markers = case.marker if isinstance(case.marker, tuple) else (case.marker,)
    lines = [line_with(case.text, m, case.occurrence) for m in markers]
    problems = []
    for line in lines:
        try:
            find_diag(result.stderr, source, line, "error", case.contains)
            break
        except AssertionError as exc:
            problems.append(str(exc))
    else:
        raise AssertionError("\n".join(problems))
    assert not (output / "leaflets" / "test-one.pdf").exists()


def test_every_error_line_has_the_standard_form(tmp_path: Path):
    text = with_blocks("  - paragrah: Misspelt.\n  - bullets: just text\n")
    content = write_content(tmp_path, {"bad.yaml": text})
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines
    assert len(diagnostics(result.stderr)) == len(lines), result.stderr


def test_duplicate_resource_ids_across_two_files(tmp_path: Path):
    first = leaflet_yaml("same-id", "First leaflet")
    second = "# a comment line first\n" + leaflet_yaml("same-id", "Second leaflet")
    content = write_content(tmp_path, {"a.yaml": first, "b.yaml": second})
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 1, describe(result)
    assert "Traceback" not in result.stderr
    paths = {"a.yaml": content / "leaflets" / "a.yaml", "b.yaml": content / "leaflets" / "b.yaml"}
    texts = {"a.yaml": first, "b.yaml": second}
    reported = [d for d in diagnostics(result.stderr)
                if d.level == "error" and "same-id" in d.message]
    assert reported, result.stderr
    diag = reported[0]
    name = next(n for n, p in paths.items() if p.resolve() == diag.path)
    other = "b.yaml" if name == "a.yaml" else "a.yaml"
    assert other in diag.message, "the message should name the other file"
    assert diag.line == line_with(texts[name], "id: same-id"), (
        f"expected the line of 'id: same-id' in {name}; got {diag}")


def test_unknown_service_in_contacts(tmp_path: Path):
    known = first_service("verified")
    text = with_blocks(f"  - contacts:\n      - {known}\n      - {known}x\n")
    content = write_content(tmp_path, {"bad.yaml": text})
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 1, describe(result)
    assert "Traceback" not in result.stderr
    diag = find_diag(result.stderr, content / "leaflets" / "bad.yaml",
                     line_with(text, f"- {known}x"), "error", f"unknown service '{known}x'")
    assert f"did you mean '{known}'" in diag.message


def test_unknown_service_in_contacts_panel(tmp_path: Path):
    text = BASE_LEAFLET.replace("intro: A short intro.",
                                "intro: A short intro.\ncontacts_panel: [no-such-service]")
    content = write_content(tmp_path, {"bad.yaml": text})
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 1, describe(result)
    find_diag(result.stderr, content / "leaflets" / "bad.yaml",
              line_with(text, "contacts_panel:"), "error", "no-such-service")


IMAGE_BLOCK = "  - image:\n      src: {src}\n      alt: A picture\n"


@pytest.mark.parametrize("src, contains", [
    ("images/nope.png", "not found"),
    ("../secret.png", "inside assets"),
    ("ABSOLUTE", "inside assets"),
], ids=["missing", "dot-dot", "absolute"])
def test_bad_image_path(src: str, contains: str, tmp_path: Path):
    assets = tmp_path / "assets"
    (assets / "images").mkdir(parents=True)
    secret = tmp_path / "secret.png"  # a real picture, outside assets/
    from PIL import Image as PILImage

    PILImage.new("RGB", (8, 8), (0, 0, 0)).save(secret)
    if src == "ABSOLUTE":
        src = str(secret)
    text = with_blocks(IMAGE_BLOCK.format(src=src))
    content = write_content(tmp_path, {"bad.yaml": text})
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output, "--assets", assets])
    assert result.returncode == 1, describe(result)
    assert "Traceback" not in result.stderr
    find_diag(result.stderr, content / "leaflets" / "bad.yaml",
              line_with(text, f"src: {src}"), "error", contains)
    assert not (output / "leaflets" / "test-one.pdf").exists()


def test_image_that_is_not_a_picture(tmp_path: Path):
    assets = tmp_path / "assets"
    (assets / "images").mkdir(parents=True)
    (assets / "images" / "fake.png").write_text("not a png at all")
    text = with_blocks(IMAGE_BLOCK.format(src="images/fake.png"))
    content = write_content(tmp_path, {"bad.yaml": text})
    result = run_build(["--content", content, "--output", tmp_path / "out",
                        "--assets", assets])
    assert result.returncode == 1, describe(result)
    assert "Traceback" not in result.stderr
    find_diag(result.stderr, content / "leaflets" / "bad.yaml",
              line_with(text, "src: images/fake.png"), "error", "cannot be used")


def test_all_errors_in_a_file_are_reported_in_one_run(tmp_path: Path):
    text = BASE_LEAFLET.replace("audience: Testers", "audience: Testers\ntitel: Typo")
    text = text.replace("reviewed: 2026-01-01", "reviewed: soon")
    text += "  - paragrah: Misspelt block.\n"
    content = write_content(tmp_path, {"bad.yaml": text})
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 1, describe(result)
    source = content / "leaflets" / "bad.yaml"
    find_diag(result.stderr, source, line_with(text, "titel: Typo"), "error", "titel")
    find_diag(result.stderr, source, line_with(text, "reviewed: soon"), "error", "reviewed")
    find_diag(result.stderr, source, line_with(text, "paragrah:"), "error", "paragrah")
    assert "3 error(s)" in result.stdout


def test_errors_in_several_files_are_all_reported(tmp_path: Path):
    one = BASE_LEAFLET.replace("reviewed: 2026-01-01", "reviewed: soon")
    two = leaflet_yaml("test-two").replace("audience: Testers", "audience: Testers\ntitel: X")
    content = write_content(tmp_path, {"one.yaml": one, "two.yaml": two})
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 1, describe(result)
    find_diag(result.stderr, content / "leaflets" / "one.yaml",
              line_with(one, "reviewed: soon"), "error", "reviewed")
    find_diag(result.stderr, content / "leaflets" / "two.yaml",
              line_with(two, "titel: X"), "error", "titel")


def test_a_broken_resource_fails_alone(tmp_path: Path):
    good = leaflet_yaml("good-one", "Good leaflet")
    bad = leaflet_yaml("bad-one", "Bad leaflet").replace("reviewed: 2026-01-01",
                                                         "reviewed: soon")
    content = write_content(tmp_path, {"good.yaml": good, "bad.yaml": bad})
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 1, describe(result)
    assert (output / "leaflets" / "good-one.pdf").is_file(), describe(result)
    assert not (output / "leaflets" / "bad-one.pdf").exists()
    find_diag(result.stderr, content / "leaflets" / "bad.yaml",
              line_with(bad, "reviewed: soon"), "error", "reviewed")
    assert not [d for d in diagnostics(result.stderr)
                if d.path == (content / "leaflets" / "good.yaml").resolve()]


def test_a_file_that_is_not_yaml_fails_alone(tmp_path: Path):
    good = leaflet_yaml("good-one", "Good leaflet")
    content = write_content(tmp_path, {"good.yaml": good, "bad.yaml": "kind: [leaflet\n"})
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 1, describe(result)
    assert "Traceback" not in result.stderr
    assert (output / "leaflets" / "good-one.pdf").is_file(), describe(result)
    assert [d for d in diagnostics(result.stderr)
            if d.path == (content / "leaflets" / "bad.yaml").resolve() and d.level == "error"]


# ---- overflow ----------------------------------------------------------------------------

WORDS = ("Babies learn from the faces and voices around them every day, and small moments "
         "of play, talk and comfort all add up over the first year of life. ")


def overflowing_leaflet() -> str:
    blocks = "".join(f"  - heading: Section {n}\n  - paragraph: >-\n      {WORDS * 3}\n"
                     for n in range(1, 16))
    return leaflet_yaml(blocks=blocks)


def block_lines(text: str) -> set[int]:
    """Lines where a block starts: '  - type:' items under 'blocks:'."""
    lines = text.splitlines()
    start = lines.index("blocks:")
    return {n + 1 for n, line in enumerate(lines) if n > start and line.startswith("  - ")}


def test_overflow_is_an_error_naming_the_block(tmp_path: Path):
    text = overflowing_leaflet()
    content = write_content(tmp_path, {"long.yaml": text})
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 1, describe(result)
    assert "Traceback" not in result.stderr
    errors = [d for d in diagnostics(result.stderr) if d.level == "error"]
    assert len(errors) == 1, result.stderr
    diag = errors[0]
    assert diag.path == (content / "leaflets" / "long.yaml").resolve()
    assert "test-one" in diag.message
    import re

    match = re.search(r"block on line (\d+)", diag.message)
    assert match, diag.message
    named = int(match.group(1))
    assert named in block_lines(text), f"line {named} is not the start of a block"
    assert diag.line == named
    assert not (output / "leaflets" / "test-one.pdf").exists()
    assert not list(output.rglob("*.tmp")) if output.exists() else True


def test_overflow_leaves_the_previous_pdf_untouched(tmp_path: Path):
    content = write_content(tmp_path, {"one.yaml": BASE_LEAFLET})
    output = tmp_path / "out"
    first = run_build(["--content", content, "--output", output])
    assert first.returncode == 0, describe(first)
    pdf = output / "leaflets" / "test-one.pdf"
    before = pdf.read_bytes()
    stat_before = pdf.stat()
    (content / "leaflets" / "one.yaml").write_text(overflowing_leaflet(), encoding="utf-8")
    second = run_build(["--content", content, "--output", output])
    assert second.returncode == 1, describe(second)
    assert "does not fit" in second.stderr or "block on line" in second.stderr
    assert pdf.read_bytes() == before
    assert pdf.stat().st_mtime_ns == stat_before.st_mtime_ns
    assert sorted(p.name for p in (output / "leaflets").iterdir()) == [
        "test-one-large-print.pdf", "test-one.pdf"]  # the large print has room for it


def test_a_validation_error_also_leaves_the_previous_pdf_untouched(tmp_path: Path):
    content = write_content(tmp_path, {"one.yaml": BASE_LEAFLET})
    output = tmp_path / "out"
    assert run_build(["--content", content, "--output", output]).returncode == 0
    pdf = output / "leaflets" / "test-one.pdf"
    before = pdf.read_bytes()
    (content / "leaflets" / "one.yaml").write_text(
        BASE_LEAFLET.replace("reviewed: 2026-01-01", "reviewed: soon"), encoding="utf-8")
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 1
    assert pdf.read_bytes() == before


def test_one_block_too_big_for_a_page(tmp_path: Path):
    """A single block taller than a page is an error naming that block, not a crash."""
    long_text = (WORDS * 28).strip()  # under the 5000-character limit for a callout
    text = with_blocks(f"  - callout:\n      title: Very long\n      text: >-\n"
                       f"        {long_text}\n")
    content = write_content(tmp_path, {"big.yaml": text})
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 1, describe(result)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    source = (content / "leaflets" / "big.yaml").resolve()
    # either the '- callout:' line or its first field is a fair place to point at
    allowed = {line_with(text, "- callout:"), line_with(text, "title: Very long")}
    errors = [d for d in diagnostics(result.stderr) if d.level == "error"]
    assert [d for d in errors if d.path == source and d.line in allowed
            and "test-one" in d.message], result.stderr
    assert not (output / "leaflets" / "test-one.pdf").exists()


@pytest.mark.parametrize(("old", "new", "message"), [
    ('"Page {page} of {pages}"', '"Page {#page} of {pages}"', "{page} and {pages}"),
    ('"Reviewed {date}"', '"Reviewed {date:%Y}"', "{date}"),
    ('"Published by {owner}"', '"Published by {owner"', "unmatched"),
    ("key_numbers_heading: Useful numbers", "key_numbers_heading: Useful {numbers}",
     "none"),
])
def test_strings_placeholders_are_checked_on_their_line(tmp_path, old, new, message):
    content = write_content(tmp_path, {"one.yaml": BASE_LEAFLET})
    strings = content / "strings" / "en-GB.yaml"
    text = strings.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new)
    strings.write_text(text, encoding="utf-8")
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 1, describe(result)
    assert "internal error" not in result.stderr
    find_diag(result.stderr, strings, line_with(text, new), contains=message)
