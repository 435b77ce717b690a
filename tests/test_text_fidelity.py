"""Text that would print differently from what was typed is an error or a warning, never
silent (issue 10).

Each case writes a small content folder, runs the real build and checks:

* the exit code (1 for an error; 0 for a warning, with the PDF built);
* the message is one of our own ``path:line: level: message`` lines, at the exact line;
* for an error, that nothing was written; for a warning, that the PDF was built.

Messages are checked for our own words only, never for a library's. The expected line is
always found from the fixture text, never typed in.
"""

from __future__ import annotations

import re
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import (
    BASE_LEAFLET,
    CONTENT,
    DIAGNOSTIC,
    Diag,
    describe,
    diagnostics,
    find_diag,
    leaflet_yaml,
    line_with,
    page_texts,
    run_build,
    write_content,
)
from pypdf import PdfReader

PDF = Path("leaflets") / "test-one.pdf"


@dataclass
class Build:
    root: Path
    content: Path
    output: Path
    result: subprocess.CompletedProcess[str]

    @property
    def leaflet(self) -> Path:
        return self.content / "leaflets" / "one.yaml"

    @property
    def strings(self) -> Path:
        return self.content / "strings" / "en-GB.yaml"

    @property
    def services(self) -> Path:
        return self.content / "services.yaml"

    def written(self) -> list[str]:
        return sorted(str(p.relative_to(self.output)) for p in self.output.rglob("*")
                      if p.is_file()) if self.output.is_dir() else []

    def ours_only(self) -> list[Diag]:
        """Every stderr line is one of our diagnostics: no traceback, no internal error."""
        lines = [line for line in self.result.stderr.splitlines() if line.strip()]
        for line in lines:
            assert DIAGNOSTIC.match(line), (f"not one of our lines: {line!r}\n"
                                            f"{describe(self.result)}")
        assert "internal error" not in self.result.stderr, describe(self.result)
        return diagnostics(self.result.stderr)

    def refused(self, path: Path, line: int, contains: str = "") -> Diag:
        """An error at path:line, exit code 1, and no PDF or temporary file written."""
        assert self.result.returncode == 1, describe(self.result)
        self.ours_only()
        diag = find_diag(self.result.stderr, path, line, "error", contains)
        assert not [name for name in self.written() if name.endswith((".pdf", ".tmp"))], (
            f"written despite the error: {self.written()}")
        return diag

    def warned(self, path: Path, line: int, contains: str = "") -> Diag:
        """A warning at path:line, exit code 0, and the PDF built."""
        assert self.result.returncode == 0, describe(self.result)
        self.ours_only()
        diag = find_diag(self.result.stderr, path, line, "warning", contains)
        assert (self.output / PDF).is_file(), f"the PDF was not built: {self.written()}"
        return diag

    def warnings_at(self, path: Path) -> dict[int, str]:
        return {d.line: d.message for d in self.ours_only()
                if d.level == "warning" and d.path == path.resolve()}


def build(tmp_path: Path, leaflet: str = BASE_LEAFLET, strings: str | None = None,
          services_extra: str = "", assets: Path | None = None) -> Build:
    content = write_content(tmp_path, {"one.yaml": leaflet})
    if strings is not None:
        (content / "strings" / "en-GB.yaml").write_text(strings, encoding="utf-8")
    if services_extra:
        path = content / "services.yaml"
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
                        + services_extra, encoding="utf-8")
    output = tmp_path / "output"
    args: list[str | Path] = ["--content", content, "--output", output]
    if assets is not None:
        args += ["--assets", assets]
    return Build(tmp_path, content, output, run_build(args))


def blocks(text: str) -> str:
    return leaflet_yaml(blocks="  - heading: First heading\n" + text)


# ---- 1. a '#' in text starts a YAML comment ---------------------------------------------

def test_a_hash_after_a_space_cuts_the_text_short_and_warns(tmp_path: Path):
    text = blocks("  - paragraph: press #2 for mental health\n"
                  '  - paragraph: "press #3 for the midwife"\n')
    run = build(tmp_path, text)
    warning = run.warned(run.leaflet, line_with(text, "press #2"), "quotes")
    assert "'press'" in warning.message and "#2 for mental health" in warning.message
    assert '"press #2 for mental health"' in warning.message, "the fix, ready to copy"
    printed = " ".join(page_texts(run.output / PDF))
    assert "press #3 for the midwife" in printed, "the quoted text prints whole"
    assert len(run.warnings_at(run.leaflet)) == 1, run.result.stderr


def test_the_hash_warning_is_on_the_line_of_the_hash_in_every_kind_of_text(tmp_path: Path):
    """Through the schema's one text type: bullets, tips, cues, titles, quotes, a
    paragraph over two lines (the warning goes on the line with the '#')."""
    text = leaflet_yaml(title="Help #1 for you", blocks=(
        "  - heading: First heading\n"
        "  - paragraph: A paragraph that goes on\n"
        "      to a second line #2 here\n"
        "  - bullets:\n"
        "      - Text us on #HELP\n"
        "  - tips:\n"
        "      - tip: Try skin to skin\n"
        "        why: It calms you both #3\n"
        "  - cues:\n"
        "      - you_see: Yawning # and rubbing eyes\n"
        "        it_may_mean: Tired\n"
        "        you_can_try: A nap\n"
        "  - quote:\n"
        "      text: It helped\n"
        "      by: A mum #4\n"))
    run = build(tmp_path, text)
    assert run.result.returncode == 0, describe(run.result)
    expected = {line_with(text, marker) for marker in (
        "title: Help #1", "second line #2", "#HELP", "both #3", "Yawning #", "mum #4")}
    assert set(run.warnings_at(run.leaflet)) == expected, run.result.stderr


def test_a_note_set_apart_after_text_or_after_other_fields_does_not_warn(tmp_path: Path):
    """Two spaces and '# ' make a note, as in the shipped samples; ids, versions, dates,
    choices and addresses are not prose, so a comment after them is never text."""
    text = (BASE_LEAFLET
            .replace("id: test-one", "id: test-one # the file name")
            .replace("title: Test leaflet", "title: Test leaflet   # shown on the cover")
            .replace('version: "1.0"', 'version: 1.0 # a draft')
            .replace("audience: Testers", "audience: Testers #internal")
            .replace("reviewed: 2026-01-01", "reviewed: 2026-01-01 # by Sam")
            .replace("    url: https://example.org/", "    url: https://example.org/ #x")
            .replace("  - paragraph: Some text.",
                     "  - paragraph: Some text.  # keep it short\n"
                     "  - callout:\n      tone: info # or warning\n"
                     "      title: Note\n      text: Words.\n"
                     "  - contacts: [samaritans] # from the directory"))
    run = build(tmp_path, text)
    assert run.result.returncode == 0, describe(run.result)
    assert run.warnings_at(run.leaflet) == {}, run.result.stderr


def test_text_that_is_only_a_hash_comment_is_empty_and_says_why(tmp_path: Path):
    text = blocks("  - paragraph: #hashtag for dads\n")
    run = build(tmp_path, text)
    error = run.refused(run.leaflet, line_with(text, "#hashtag"), "quotes")
    assert "#hashtag for dads" in error.message


@pytest.mark.parametrize("edition", [None, "all"], ids=["national", "every edition"])
def test_the_shipped_content_has_no_text_fidelity_warnings(edition: str | None,
                                                            tmp_path: Path):
    """The samples carry notes after keys (``id: riverside   # the folder ...``) and
    free numbers (0800, 0808, 116 123, 111): none of them warns."""
    args: list[str | Path] = ["--content", CONTENT, "--output", tmp_path / "out", "--check"]
    if edition:
        args += ["--edition", edition]
    result = run_build(args)
    assert result.returncode == 0, describe(result)
    ours = ("cut short at the '#'", "calls can cost", "calls cost more", "YAML reads")
    flagged = [d for d in diagnostics(result.stderr) if any(w in d.message for w in ours)]
    assert not flagged, "\n".join(map(str, flagged))


# ---- 2. empty bold ----------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["before **** after", "**** first", "a ** ** b",
                                   "**Call** and ****"])
def test_empty_bold_is_an_error(typed: str, tmp_path: Path):
    text = blocks(f'  - paragraph: "{typed}"\n')  # quoted: a leading * is YAML syntax
    run = build(tmp_path, text)
    error = run.refused(run.leaflet, line_with(text, "- paragraph:"), "no words between")
    empty = "** **" if "** **" in typed else "****"
    assert f"'{empty}'" in error.message


# ---- 3. a link whose text is another address --------------------------------------------

@pytest.mark.parametrize("typed", [
    "[www.nhs.uk](https://evil.example)",
    "[nhs.uk/start4life](https://www.nhs.uk/better-health)",
    "[https://www.iconcope.org](https://www.iconcope.co)",
])
def test_link_text_that_is_another_address_is_an_error(typed: str, tmp_path: Path):
    text = blocks(f"  - paragraph: See {typed} for more.\n")
    run = build(tmp_path, text)
    label = typed[1:typed.index("]")]
    error = run.refused(run.leaflet, line_with(text, "- paragraph:"), "is a web address")
    assert f"'{label}'" in error.message and "same address" in error.message


def test_link_text_that_is_the_same_address_builds(tmp_path: Path):
    """Scheme, 'www.', a trailing slash and letter case in the host do not matter; nor
    does link text that is not an address at all."""
    text = blocks("  - paragraph: See [NHS.uk/start4life](https://www.nhs.uk/start4life/), "
                  "[http://www.iconcope.org/](https://iconcope.org) and "
                  "[the Cry-sis site](https://www.cry-sis.org.uk/).\n")
    run = build(tmp_path, text)
    assert run.result.returncode == 0, describe(run.result)
    printed = " ".join(page_texts(run.output / PDF))
    assert "NHS.uk/start4life" in printed and "the Cry-sis site" in printed


# ---- 4. strings that leave out a placeholder they need ----------------------------------

def _real_strings() -> str:
    return (CONTENT / "strings" / "en-GB.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "placeholder"), [
    ('reviewed: "Reviewed {date}"', 'reviewed: "Reviewed"', "{date}"),
    ('next_review: "Next review {date}"', "next_review: Next review", "{date}"),
    ('published_by: "Published by {owner}"', 'published_by: "Published by"', "{owner}"),
    ('page_x_of_y: "Page {page} of {pages}"', 'page_x_of_y: "Page {page}"', "{pages}"),
])
def test_a_string_missing_its_placeholder_is_an_error(old: str, new: str, placeholder: str,
                                                      tmp_path: Path):
    strings = _real_strings()
    assert old in strings, old
    strings = strings.replace(old, new)
    run = build(tmp_path, strings=strings)
    error = run.refused(run.strings, line_with(strings, new), f"has no {placeholder}")
    assert "would not be printed" in error.message


# ---- 5. month names: from CLDR now; a hand-written list left in a file is not used -----

@pytest.mark.parametrize("line", [
    "  months: January, February",
    '  date_format: "{month}"',
], ids=["months", "date_format"])
def test_a_retired_date_string_is_a_warning_and_dates_still_print(line: str,
                                                                  tmp_path: Path):
    strings = _real_strings().rstrip("\n") + "\n" + line + "\n"
    run = build(tmp_path, strings=strings)
    warning = run.warned(run.strings, line_with(strings, line.strip()), "no longer used")
    assert "delete the line" in warning.message
    text = "".join(page.extract_text() or "" for page in PdfReader(run.output / PDF).pages)
    assert re.search(r"Reviewed [A-Z][a-z]+ 20\d\d", text), text


# ---- 6. what YAML did to a line of text -------------------------------------------------

@pytest.mark.parametrize(("item", "field"), [
    ("  - bullets:\n      - Call us\n      - {value}\n", "bullets"),
    ("  - tips:\n      - tip: Rest\n        why: {value}\n", "why"),
    ("  - callout:\n      title: Note\n      text: {value}\n", "text"),
], ids=["a bullet", "a tip's why", "a callout's text"])
@pytest.mark.parametrize("value", ["null", "~", "Null"])
def test_text_that_yaml_reads_as_nothing_says_so(item: str, field: str, value: str,
                                                 tmp_path: Path):
    text = blocks(item.format(value=value))
    run = build(tmp_path, text)
    line = len(text.splitlines())  # the value is on the last line
    error = run.refused(run.leaflet, line, "reads as nothing")
    assert f"'{field}' has '{value}'" in error.message
    assert f'"{value}"' in error.message, "the quoted text, ready to copy"


@pytest.mark.parametrize(("item", "field"), [
    ("  - bullets:\n      - Call us\n      - {value}\n", "bullets"),
    ("  - tips:\n      - tip: Rest\n        why:\n          {value}\n", "why"),
], ids=["a bullet", "a tip's why on its own line"])
def test_text_with_colon_space_says_yaml_read_a_name_and_value(item: str, field: str,
                                                              tmp_path: Path):
    text = blocks(item.format(value="Call 111: it is free"))
    run = build(tmp_path, text)
    error = run.refused(run.leaflet, line_with(text, "Call 111:"), "field name and a value")
    assert f"'{field}' has 'Call 111: it is free'" in error.message
    assert '"Call 111: it is free"' in error.message
    assert "indentation" not in error.message


def test_a_list_given_where_text_belongs_still_says_check_the_indentation(tmp_path: Path):
    text = blocks("  - bullets:\n      - Call us\n      - - nested\n        - list\n")
    run = build(tmp_path, text)
    run.refused(run.leaflet, line_with(text, "- - nested"), "check the indentation")


# ---- 7. paid phone lines ----------------------------------------------------------------

SERVICE = """\
  - id: {id}
    name: A test line
    offers: Help for testers.
    phone: "{phone}"
    area: UK
    status: verified
    source: https://example.org/source
    verified_on: 2026-05-01
"""


@pytest.mark.parametrize(("phone", "kind"), [
    ("0906 123 4567", "a premium-rate number: calls can cost a lot"),
    ("0845 123 4567", "a shared-cost number"),
    ("0871 123 4567", "a shared-cost number"),
    ("070 1234 5678", "a personal number"),
    ("118 118", "a directory enquiries number"),
])
def test_a_paid_phone_line_warns_naming_its_kind(phone: str, kind: str, tmp_path: Path):
    extra = SERVICE.format(id="paid-line", phone=phone)
    run = build(tmp_path, services_extra=extra)
    services = run.services.read_text(encoding="utf-8")
    run.warned(run.services, line_with(services, f'phone: "{phone}"'), kind)


def test_free_and_ordinary_numbers_do_not_warn(tmp_path: Path):
    phones = ["0800 448 0737", "0808 800 5000", "116 123", "111", "0300 123 3393",
              "0113 496 0123"]
    extra = "".join(SERVICE.format(id=f"line-{n}", phone=p) for n, p in enumerate(phones))
    run = build(tmp_path, services_extra=extra)
    assert run.result.returncode == 0, describe(run.result)
    services = run.services.read_text(encoding="utf-8")
    lines = {line_with(services, f'phone: "{p}"', services.count(f'phone: "{p}"'))
             for p in phones}
    assert not lines & set(run.warnings_at(run.services)), run.result.stderr


def test_a_paid_number_in_an_edition_warns_at_its_line(tmp_path: Path):
    edition = ("kind: edition\nid: oakfield\nname: Oakfield Hub\n"
               'phone: "0844 123 4567"\n')
    run_content = write_content(tmp_path, {"one.yaml": BASE_LEAFLET})
    (run_content / "editions").mkdir()
    (run_content / "editions" / "oakfield.yaml").write_text(edition, encoding="utf-8")
    result = run_build(["--content", run_content, "--output", tmp_path / "out",
                        "--edition", "oakfield"])
    assert result.returncode == 0, describe(result)
    find_diag(result.stderr, run_content / "editions" / "oakfield.yaml",
              line_with(edition, "phone:"), "warning", "shared-cost")
    assert (tmp_path / "out" / "oakfield" / PDF).is_file()


# ---- 8. pictures over the pixel limit ---------------------------------------------------

def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares width x height but holds almost no data (cheap to make)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("size", [(10_000, 4_001), (20_000, 20_000)],
                         ids=["just over our limit", "far over (Pillow refuses it)"])
def test_a_picture_with_too_many_pixels_says_make_it_smaller(size: tuple[int, int],
                                                             tmp_path: Path):
    from imhprint.images import MAX_IMAGE_PIXELS

    assets = tmp_path / "assets"
    (assets / "images").mkdir(parents=True)
    (assets / "images" / "big.png").write_bytes(png_header_only(*size))
    text = blocks("  - image:\n      src: images/big.png\n      alt: A picture\n")
    run = build(tmp_path, text, assets=assets)
    error = run.refused(run.leaflet, line_with(text, "src:"), "make the picture smaller")
    assert f"{MAX_IMAGE_PIXELS:,} pixels" in error.message
    assert "save it again" not in error.message


# ---- 9. language and review dates: at their own lines -----------------------------------

@pytest.mark.parametrize(("language", "suggestion"), [
    ("no", None), ("en-gb", "en-GB"), ("EN-GB", "en-GB"), ("en", "en-GB"), ("en-US", "en-GB"),
])
def test_an_unknown_language_is_an_error_at_its_line(language: str, suggestion: str | None,
                                                     tmp_path: Path):
    text = BASE_LEAFLET.replace("audience: Testers", f"audience: Testers\nlanguage: {language}")
    run = build(tmp_path, text)
    error = run.refused(run.leaflet, line_with(text, "language:"), "cannot be printed;")
    assert "languages there are: en-GB" in error.message
    assert "theme.py" not in run.result.stderr, "a content editor never edits the code"
    assert f"content/strings/{language}.yaml" in error.message
    if suggestion:
        assert f"(did you mean '{suggestion}'?)" in error.message
        assert "font" not in error.message, "Latin letters have a font"
    else:
        assert "did you mean" not in error.message
        assert "a font for its letters" in error.message
    assert len([d for d in run.ours_only() if d.level == "error"]) == 1, run.result.stderr


def test_next_review_before_reviewed_is_an_error_at_next_review(tmp_path: Path):
    text = BASE_LEAFLET.replace("next_review: 2027-01-01", "next_review: 2025-01-01")
    run = build(tmp_path, text)
    error = run.refused(run.leaflet, line_with(text, "next_review:"), "before reviewed")
    assert f"line {line_with(text, 'reviewed: 2026')}" in error.message
