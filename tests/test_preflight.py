"""Preflight: each rule is triggered by a small content fixture and cleared by its fixed twin.

For every rule the bad fixture must give the diagnostic at the exact file:line with the
right level, the right exit code, the rule's status and finding in preflight.json, and (for
an error) no PDF; the fixed twin gives no diagnostic, status "ok" and a PDF. Fonts, text
size and the print rules cannot be broken from content, so they are tested one level
down, on PDFs handed to ``preflight.check_output``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import (
    BASE_LEAFLET,
    REPO,
    describe,
    diagnostics,
    find_diag,
    leaflet_yaml,
    line_with,
    page_texts,
    run_build,
    write_content,
)
from PIL import Image as PILImage
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from imhprint import preflight
from imhprint.content import load_content
from imhprint.press import finish_pdf
from imhprint.profiles import PROFILES
from layouts import BuildEnv, Layout, layouts_for

TODAY = dt.date(2026, 6, 1)
CHECK_KEYS = ["fonts", "text size", "contrast", "greyscale", "images", "fit", "print",
              "access", "readability", "review", "contacts"]
TABLE_HEADINGS = ["resource", "edition", "fonts", "size", "contrast", "grey", "images",
                  "fits", "print", "access", "reading", "review", "contacts"]


# ---- building a small tree -------------------------------------------------------------

@dataclass
class Build:
    result: subprocess.CompletedProcess[str]
    source: Path  # the leaflet's YAML
    content: Path
    folder: Path  # where preflight.json and the PDFs go: output[/edition][/press]

    def report(self) -> dict:
        path = self.folder / "preflight.json"
        assert path.is_file(), f"no {path}\n{describe(self.result)}"
        return json.loads(path.read_text(encoding="utf-8"))

    def entry(self, resource_id: str = "test-one") -> dict:
        resources = self.report()["resources"]
        found = [r for r in resources if r["id"] == resource_id]
        assert len(found) == 1, resources
        return found[0]

    @property
    def pdf(self) -> Path:
        return self.folder / "leaflets" / "test-one.pdf"


def build(tmp_path: Path, leaflet: str, *args: str, services: str | None = None,
          edition: str | None = None, images: dict[str, int] | None = None) -> Build:
    """Write a tree with one leaflet (and maybe a services file, an edition, square PNGs
    of the given pixel size under assets/images/) and run the real CLI on it."""
    content = write_content(tmp_path, {"one.yaml": leaflet})
    output = tmp_path / "out"
    options: list[str | Path] = ["--content", content, "--output", output, *args]
    folder = output
    if services is not None:
        (content / "services.yaml").write_text(services, encoding="utf-8")
    if edition is not None:
        (content / "editions").mkdir()
        (content / "editions" / "test.yaml").write_text(edition, encoding="utf-8")
        options += ["--edition", "all"]
        folder = folder / "test-hub"
    if images:
        assets = tmp_path / "assets"
        (assets / "images").mkdir(parents=True)
        for name, pixels in images.items():
            PILImage.new("RGB", (pixels, pixels), (200, 120, 40)).save(assets / "images" / name)
        options += ["--assets", assets]
    if "press" in args:
        folder = folder / "press"
    result = run_build(options)
    assert "Traceback" not in result.stderr, describe(result)
    return Build(result, content / "leaflets" / "one.yaml", content, folder)


def same_file(reported: str, path: Path, base: Path = REPO) -> bool:
    """A file named relative to ``base`` (for preflight.json, the content folder; for a
    diagnostic, where the build ran) is ``path``."""
    return (base / reported).resolve() == path.resolve()


def assert_flagged(run: Build, path: Path, line: int, check: str, level: str,
                   word: str) -> None:
    """The bad fixture: diagnostic, exit code, preflight.json status and finding, PDF."""
    result = run.result
    find_diag(result.stderr, path, line, level, word)
    entry = run.entry()
    assert entry["checks"][check] == ("ERROR" if level == "error" else "warn"), entry
    assert [f for f in entry["findings"]
            if f["check"] == check and f["level"] == level and f["line"] == line
            and same_file(f["file"], path, run.content)
            and word.lower() in f["message"].lower()], entry
    if level == "error":
        assert result.returncode == 1, describe(result)
        assert not run.pdf.exists()
        assert entry["outputs"] and not any(o["written"] for o in entry["outputs"])
    else:
        assert result.returncode == 0, describe(result)
        assert run.pdf.is_file()
        assert all(o["written"] for o in entry["outputs"])


def assert_clear(run: Build, check: str) -> None:
    """The fixed twin: no diagnostic at all, status ok, no finding, the PDF written."""
    result = run.result
    assert result.returncode == 0, describe(result)
    assert diagnostics(result.stderr) == [], result.stderr
    entry = run.entry()
    assert entry["checks"][check] == "ok", entry
    assert not [f for f in entry["findings"] if f["check"] == check], entry
    assert run.pdf.is_file()
    assert entry["outputs"] and all(o["written"] for o in entry["outputs"])


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def table_cells(stdout: str, resource_id: str) -> dict[str, str]:
    """The preflight table's row for a resource, by column heading (cells are padded to
    the headings' columns, and some hold spaces: "age 5")."""
    lines = stdout.splitlines()
    header = next(line for line in lines if line.startswith("resource "))
    assert header.split() == TABLE_HEADINGS, header
    starts = [header.index(f"{heading} " if heading != "contacts" else heading)
              for heading in TABLE_HEADINGS]
    rows = [line for line in lines if line.startswith(f"{resource_id} ")]
    assert len(rows) == 1, stdout
    ends = [*starts[1:], None]
    return {heading: rows[0][start:end].strip()
            for heading, start, end in zip(TABLE_HEADINGS, starts, ends, strict=True)}


def test_the_report_has_every_check(tmp_path: Path) -> None:
    run = build(tmp_path, BASE_LEAFLET)
    data = run.report()
    assert data["checks"] == CHECK_KEYS
    assert data["profile"] == "office" and data["checked_as_of"] == TODAY.isoformat()
    assert data["errors"] == data["warnings"] == 0
    assert list(run.entry()["checks"]) == CHECK_KEYS
    assert set(run.entry()["checks"].values()) == {"ok"}


# ---- colours: our own WCAG and greyscale arithmetic, so the fixtures test what they claim

def rgb(hex_colour: str) -> tuple[float, float, float]:
    value = int(hex_colour.lstrip("#"), 16)
    return ((value >> 16) / 255, (value >> 8 & 0xFF) / 255, (value & 0xFF) / 255)


def luminance(channels: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of sRGB channels in 0..1."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def grey(hex_colour: str) -> tuple[float, float, float]:
    """What a greyscale printer makes of a colour: Rec. 601 luma of the sRGB values."""
    r, g, b = rgb(hex_colour)
    level = 0.299 * r + 0.587 * g + 0.114 * b
    return (level, level, level)


WHITE = "#FFFFFF"
PALE_ACCENT, DARK_ACCENT = "#88C0E0", "#1D4E89"
BROWN, GREEN_TINT, PALE_TINT = "#5D3829", "#00DE01", "#F3ECE8"


def test_the_colour_fixtures_are_what_they_claim() -> None:
    assert contrast(rgb(PALE_ACCENT), rgb(WHITE)) < 3  # fails even large text on paper
    assert contrast(rgb(DARK_ACCENT), rgb(WHITE)) >= 4.5
    # brown on bright green: fine in colour, unreadable once printed in grey
    assert contrast(rgb(BROWN), rgb(GREEN_TINT)) >= 4.5
    assert contrast(grey(BROWN), grey(GREEN_TINT)) < 3
    for ground in (WHITE, PALE_TINT):
        assert contrast(rgb(BROWN), rgb(ground)) >= 4.5
        assert contrast(grey(BROWN), grey(ground)) >= 4.5


def edition_yaml(accent: str, tint: str | None = None) -> str:
    """A small edition (the shape of GOOD_EDITION in test_editions.py, without a logo)."""
    tint_line = f'  tint: "{tint}"\n' if tint else ""
    return (
        "kind: edition\n"
        "id: test-hub\n"
        "name: Test Family Hub\n"
        "colours:\n"
        f'  accent: "{accent}"\n'
        f"{tint_line}"
        "address: 1 Test Street\n"
        'phone: "0113 496 0999"\n'
        "website: https://test-hub.example\n"
        "opening_times: Monday to Friday\n"
        "hubs: []\n"
        "services:\n"
        "  - id: test-local\n"
        "    name: Test local team\n"
        "    offers: Local help.\n"
        '    phone: "0113 496 0998"\n'
        "    area: local\n"
        "    status: verified\n"
        "    source: https://test-hub.example/team\n"
        "    verified_on: 2026-05-01\n"
        "    verified_how: source-site\n")


def edition_build(tmp_path: Path, text: str) -> tuple[Build, Path]:
    run = build(tmp_path, BASE_LEAFLET, edition=text)
    return run, run.content / "editions" / "test.yaml"


def test_contrast_too_low_is_an_error_at_the_accent_line(tmp_path: Path) -> None:
    text = edition_yaml(PALE_ACCENT)
    run, path = edition_build(tmp_path, text)
    assert_flagged(run, path, line_with(text, "accent:"), "contrast", "error", "contrast")
    diag = find_diag(run.result.stderr, path, line_with(text, "accent:"), "error", "contrast")
    assert PALE_ACCENT.lower() in diag.message.lower() and ":1" in diag.message


def test_contrast_cleared_by_a_darker_accent(tmp_path: Path) -> None:
    run, _ = edition_build(tmp_path, edition_yaml(DARK_ACCENT))
    assert_clear(run, "contrast")
    assert_clear(run, "greyscale")


def test_greyscale_too_low_is_an_error_without_a_contrast_error(tmp_path: Path) -> None:
    text = edition_yaml(BROWN, GREEN_TINT)
    run, path = edition_build(tmp_path, text)
    # the finding is placed on the line of the colour to change: the tint
    assert_flagged(run, path, line_with(text, "tint:"), "greyscale", "error", "greyscale")
    diag = find_diag(run.result.stderr, path, line_with(text, "tint:"), "error", "greyscale")
    assert GREEN_TINT.lower() in diag.message.lower()
    entry = run.entry()
    assert entry["checks"]["contrast"] == "ok"
    assert not [f for f in entry["findings"] if f["check"] == "contrast"]
    assert "refused" not in run.result.stderr  # the contrast message's word


@pytest.mark.parametrize("tint", [None, PALE_TINT], ids=["derived tint", "pale tint"])
def test_greyscale_cleared_by_a_paler_tint(tmp_path: Path, tint: str | None) -> None:
    run, _ = edition_build(tmp_path, edition_yaml(BROWN, tint))
    assert_clear(run, "greyscale")
    assert_clear(run, "contrast")


# ---- images ----------------------------------------------------------------------------

def image_leaflet(alt: bool = True) -> str:
    alt_line = "      alt: A square of colour\n" if alt else ""
    return leaflet_yaml(blocks=("  - heading: A picture\n  - image:\n"
                                "      src: images/pic.png\n"
                                f"{alt_line}"
                                "      width_percent: 50\n"))


# A4 leaflet text is 493 pt wide: half of it is 3.4 inches, so these print at about
# 12, 204 and 321 ppi.
TINY, ABOUT_200_PPI, SHARP = 40, 700, 1100


def test_low_resolution_picture_warns_at_its_src_line(tmp_path: Path) -> None:
    text = image_leaflet()
    run = build(tmp_path, text, images={"pic.png": TINY})
    assert_flagged(run, run.source, line_with(text, "src: images/pic.png"), "images",
                   "warning", "ppi")
    diag = find_diag(run.result.stderr, run.source, line_with(text, "src:"), "warning", "ppi")
    assert "150 ppi" in diag.message and "images/pic.png" in diag.message


@pytest.mark.parametrize("profile", ["office", "press"])
def test_a_large_picture_with_alt_text_is_clean(tmp_path: Path, profile: str) -> None:
    """The twin of both image rules: enough pixels for either printer, and alt text."""
    run = build(tmp_path, image_leaflet(alt=True), "--profile", profile,
                images={"pic.png": SHARP})
    assert_clear(run, "images")


def test_200_ppi_is_enough_for_the_office_printer(tmp_path: Path) -> None:
    run = build(tmp_path, image_leaflet(), images={"pic.png": ABOUT_200_PPI})
    assert_clear(run, "images")


def test_200_ppi_warns_for_the_print_shop(tmp_path: Path) -> None:
    text = image_leaflet()
    run = build(tmp_path, text, "--profile", "press", images={"pic.png": ABOUT_200_PPI})
    assert_flagged(run, run.source, line_with(text, "src:"), "images", "warning", "300 ppi")
    assert run.report()["profile"] == "press"


def test_picture_without_alt_text_is_an_error(tmp_path: Path) -> None:
    text = image_leaflet(alt=False)
    run = build(tmp_path, text, images={"pic.png": SHARP})
    assert_flagged(run, run.source, line_with(text, "src: images/pic.png"), "images",
                   "error", "alt")


# ---- fit -------------------------------------------------------------------------------

SENTENCES = "Small moments of play, talk and comfort add up. Babies love to hear you sing."


# Too long for the A4 leaflet's two pages and for the large print's many.
TOO_LONG = "".join(f"  - paragraph: {SENTENCES * 4} Part {n}.\n" for n in range(150))


def test_too_much_text_does_not_fit(tmp_path: Path) -> None:
    text = leaflet_yaml(blocks=TOO_LONG)
    run = build(tmp_path, text)
    diags = [d for d in diagnostics(run.result.stderr) if d.level == "error"
             and "leaflet-a4" in d.message]
    assert len(diags) == 1, run.result.stderr
    line = diags[0].line  # the block where room ran out: a paragraph, and not the first
    assert line > line_with(text, "- paragraph:") and "- paragraph:" in text.splitlines()[line - 1]
    assert_flagged(run, run.source, line, "fit", "error", "does not fit")
    assert f"block on line {line}" in diags[0].message
    assert run.entry()["outputs"][0] == {"format": "leaflet-a4", "file": "leaflets/test-one.pdf",
                                         "pages": 0, "written": False}


def test_short_text_fits(tmp_path: Path) -> None:
    blocks = "".join(f"  - paragraph: {SENTENCES} Part {n}.\n" for n in range(3))
    run = build(tmp_path, leaflet_yaml(blocks=blocks))
    assert_clear(run, "fit")
    assert run.entry()["outputs"][0]["pages"] == 2


def test_checks_of_a_pdf_never_made_are_not_reported_ok(tmp_path: Path) -> None:
    run = build(tmp_path, leaflet_yaml(blocks=TOO_LONG))
    checks = run.entry()["checks"]
    assert checks["fit"] == "ERROR"
    assert {checks[c] for c in ("fonts", "text size", "print")} == {"-"}, checks


# ---- readability -----------------------------------------------------------------------

HARD = [  # 27 and 26 words, each on one line of its own
    ("Considerable institutional documentation indicates that developmental relationships "
     "established during the perinatal period substantially influence subsequent emotional "
     "regulation, communicative capabilities and interpersonal functioning throughout "
     "childhood, adolescence and adulthood."),
    ("Organisational responsibilities for consultation, evaluation and intervention are "
     "distributed among multidisciplinary professionals, specialist practitioners, "
     "voluntary organisations and community associations operating across administrative "
     "boundaries."),
]
PLAIN = ["Hold your baby close. Talk to them. They love your voice.",
         "Crying is how babies talk. It is not your fault. Ask for help if you need it."]


def paragraphs(texts: list[str]) -> str:
    return "  - heading: Early relationships\n" + "".join(
        f"  - paragraph: {text}\n" for text in texts)


def test_hard_words_and_long_sentences_warn_with_the_longest_lines(tmp_path: Path) -> None:
    text = leaflet_yaml(blocks=paragraphs(HARD))
    run = build(tmp_path, text)
    first = line_with(text, "Considerable institutional")
    second = line_with(text, "Organisational responsibilities")
    # the finding is about the whole leaflet, so it is placed at its top
    assert_flagged(run, run.source, line_with(text, "kind: leaflet"), "readability",
                   "warning", "reads at about age")
    diag = find_diag(run.result.stderr, run.source, 1, "warning", "reads at about age")
    assert f"line {first}:" in diag.message and f"line {second}:" in diag.message
    assert diag.message.index(f"line {first}:") < diag.message.index(f"line {second}:")
    reading = run.entry()["readability"]
    assert reading["reading_age"] > 11
    longest = reading["longest_sentences"]
    assert [s["line"] for s in longest] == [first, second]
    assert longest[0]["words"] >= 25 and longest[0]["text"].startswith("Considerable")
    assert table_cells(run.result.stdout, "test-one")["reading"].endswith("!")  # marked


def test_short_plain_sentences_read_well(tmp_path: Path) -> None:
    run = build(tmp_path, leaflet_yaml(blocks=paragraphs(PLAIN)))
    assert_clear(run, "readability")
    reading = run.entry()["readability"]
    assert reading["reading_age"] <= 11 and reading["longest_sentences"] == []


# ---- review dates ----------------------------------------------------------------------

def reviewed_by(due: dt.date) -> str:
    return BASE_LEAFLET.replace("next_review: 2027-01-01", f"next_review: {due}")


def review_build(tmp_path: Path, due: dt.date, *args: str) -> tuple[Build, str]:
    text = reviewed_by(due)
    return build(tmp_path, text, "--today", TODAY.isoformat(), *args), text


@pytest.mark.parametrize("days", [30, 60, 0])
def test_review_due_soon_warns_at_next_review(tmp_path: Path, days: int) -> None:
    run, text = review_build(tmp_path, TODAY + dt.timedelta(days=days))
    assert_flagged(run, run.source, line_with(text, "next_review:"), "review", "warning",
                   f"in {days} day(s)")


@pytest.mark.parametrize("profile", ["office", "press"])
def test_review_overdue_is_an_error_and_nothing_is_written(tmp_path: Path,
                                                           profile: str) -> None:
    run, text = review_build(tmp_path, TODAY - dt.timedelta(days=1), "--profile", profile)
    assert_flagged(run, run.source, line_with(text, "next_review:"), "review", "error",
                   "was due for review")
    assert not list((tmp_path / "out").rglob("*.pdf"))
    assert run.report()["profile"] == profile


def test_review_more_than_60_days_ahead_is_ok(tmp_path: Path) -> None:
    run, _ = review_build(tmp_path, TODAY + dt.timedelta(days=61))
    assert_clear(run, "review")


def test_review_is_checked_as_of_the_given_day(tmp_path: Path) -> None:
    """The same leaflet is overdue when checked later: --today is what counts."""
    text = reviewed_by(TODAY + dt.timedelta(days=90))
    run = build(tmp_path, text, "--today", "2027-01-01")
    assert_flagged(run, run.source, line_with(text, "next_review:"), "review", "error",
                   "was due for review")


# ---- contacts --------------------------------------------------------------------------

SERVICES = """\
kind: services
services:
  - id: good-line
    name: Good helpline
    offers: Someone to talk to.
    phone: "0113 496 0100"
    area: UK
    status: verified
    source: https://example.org/good
    verified_on: {checked}
    verified_how: source-site

  - id: maybe-line
    name: Maybe helpline
    offers: Perhaps someone to talk to.
    phone: "0113 496 0101"
    area: UK
    status: {status}
    source: https://example.org/maybe
    verified_on: 2026-05-01
    verified_how: source-site
"""


def services_yaml(checked: str = "2026-05-01", status: str = "verified") -> str:
    return SERVICES.format(checked=checked, status=status)


def panel_leaflet(*ids: str) -> str:
    panel = "".join(f"  - {i}\n" for i in ids)
    return BASE_LEAFLET.replace("blocks:\n", f"contacts_panel:\n{panel}blocks:\n")


def test_unverified_service_warns_at_its_reference(tmp_path: Path) -> None:
    text = panel_leaflet("good-line", "maybe-line")
    run = build(tmp_path, text, services=services_yaml(status="unverified"))
    assert_flagged(run, run.source, line_with(text, "- maybe-line"), "contacts", "warning",
                   "unverified")
    printed = " ".join(page_texts(run.pdf))
    assert "Good helpline" in printed and "Maybe helpline" not in printed


def test_verified_service_clears_the_warning(tmp_path: Path) -> None:
    run = build(tmp_path, panel_leaflet("good-line", "maybe-line"), services=services_yaml())
    assert_clear(run, "contacts")
    assert "Maybe helpline" in " ".join(page_texts(run.pdf))


def test_service_checked_two_years_ago_warns_at_its_entry(tmp_path: Path) -> None:
    services = services_yaml(checked="2024-06-01")
    run = build(tmp_path, panel_leaflet("good-line"), services=services)
    assert_flagged(run, run.content / "services.yaml", line_with(services, "- id: good-line"),
                   "contacts", "warning", "over 12 months")


@pytest.mark.parametrize("checked", ["2026-05-01", "2025-06-01"], ids=["recent", "365 days"])
def test_service_checked_within_a_year_is_ok(tmp_path: Path, checked: str) -> None:
    run = build(tmp_path, panel_leaflet("good-line"), services=services_yaml(checked=checked))
    assert_clear(run, "contacts")


def test_stale_service_not_named_by_the_leaflet_is_not_its_concern(tmp_path: Path) -> None:
    services = services_yaml(checked="2026-05-02").replace(
        "verified_on: 2026-05-01\n", "verified_on: 2020-01-01\n")  # maybe-line is stale
    assert services.count("2020-01-01") == 1
    run = build(tmp_path, panel_leaflet("good-line"), services=services)
    assert_clear(run, "contacts")


# ---- warnings fail with --strict -------------------------------------------------------

WARNING_CASES = {
    "images": (image_leaflet(), {"images": {"pic.png": TINY}}),
    "readability": (leaflet_yaml(blocks=paragraphs(HARD)), {}),
    "review": (reviewed_by(TODAY + dt.timedelta(days=30)), {}),
    "contacts": (panel_leaflet("maybe-line"),
                 {"services": services_yaml(status="unverified")}),
}


@pytest.mark.parametrize("check", list(WARNING_CASES))
def test_warnings_fail_with_strict(tmp_path: Path, check: str) -> None:
    text, extra = WARNING_CASES[check]
    run = build(tmp_path, text, "--strict", **extra)
    assert run.result.returncode == 1, describe(run.result)
    levels = {d.level for d in diagnostics(run.result.stderr)}
    assert levels == {"warning"}, run.result.stderr
    entry = run.entry()
    assert entry["checks"][check] == "warn"
    # --strict treats a warning like an error: the resource is not written
    assert not run.pdf.exists()
    assert not any(output["written"] for output in entry["outputs"]), entry


# ---- --check -----------------------------------------------------------------------------

def test_check_prints_the_table_writes_nothing_and_fails_on_an_error(tmp_path: Path) -> None:
    text = reviewed_by(TODAY - dt.timedelta(days=1))
    run = build(tmp_path, text, "--check")
    assert run.result.returncode == 1, describe(run.result)
    find_diag(run.result.stderr, run.source, line_with(text, "next_review:"), "error",
              "was due for review")
    cells = table_cells(run.result.stdout, "test-one")
    assert cells["resource"] == "test-one" and cells["edition"] == "national"
    assert cells["review"] == "ERROR"
    assert cells["reading"].startswith("age ")
    assert files_under(tmp_path / "out") == []


def test_check_of_clean_content_passes_and_writes_nothing(tmp_path: Path) -> None:
    run = build(tmp_path, BASE_LEAFLET, "--check")
    assert run.result.returncode == 0, describe(run.result)
    assert run.result.stderr == ""
    cells = table_cells(run.result.stdout, "test-one")
    assert {cells[h] for h in TABLE_HEADINGS[2:] if h != "reading"} == {"ok"}, cells
    assert "0 error(s), 0 warning(s) in preflight" in run.result.stdout
    assert files_under(tmp_path / "out") == []


# ---- fonts, text size and print rules, on PDFs handed to check_output ------------------

@pytest.fixture(scope="module")
def small_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_content(tmp_path_factory.mktemp("unit"), {"one.yaml": BASE_LEAFLET})


def make_layout(content_dir: Path, profile: str) -> Layout:
    assets = REPO / "assets"
    content, diags = load_content(content_dir, assets)
    assert not diags.items, diags.items
    env = BuildEnv(content.services_for(None), content.strings, assets, None,
                   content.palette_for(None), PROFILES[profile])
    return layouts_for(content.resources[0], env)[0]  # the A4 leaflet


def sheet_of(layout: Layout) -> tuple[float, float]:
    """The PDF page size the profile makes: the finished size, plus bleed and slug."""
    offset = layout.profile.mark_offset
    return layout.pagesize[0] + 2 * offset, layout.pagesize[1] + 2 * offset


def hand_made_pdf(layout: Layout, font: str | None = None, size: float = 14,
                  text_at: tuple[float, float] | None = None,
                  rect: tuple[float, float, float, float] | None = None,
                  cmyk: bool = False, boxes: bool = False) -> bytes:
    """A one-page PDF drawn with ReportLab directly, finished as a build finishes it (for
    press: PDF/X); positions are from the trim corner."""
    offset = layout.profile.mark_offset
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=sheet_of(layout),
                    initialFontName=font or layout.fonts.regular, initialFontSize=size)
    if boxes:
        width, height = layout.pagesize
        bleed = layout.profile.bleed
        canvas.setTrimBox((offset, offset, offset + width, offset + height))
        canvas.setBleedBox((offset - bleed, offset - bleed, offset + width + bleed,
                            offset + height + bleed))
    if cmyk:
        canvas.setFillColorCMYK(0, 0, 0, 1)
    else:
        canvas.setFillColorRGB(0.1, 0.1, 0.1)
    if text_at is not None:
        canvas.setFont(font or layout.fonts.regular, size)
        canvas.drawString(offset + text_at[0], offset + text_at[1], "Words for the test")
    if rect is not None:
        x, y, w, h = rect
        canvas.rect(offset + x, offset + y, w, h, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return finish_pdf(buffer.getvalue(), press=layout.profile.cmyk)


def checks_found(findings: list[preflight.Finding]) -> set[str]:
    return {f.check for f in findings}


def print_findings(layout: Layout, pdf: bytes) -> list[preflight.Finding]:
    """The findings on a hand-made page, less the access check's: it is untagged on
    purpose (tests/test_tagged_pdf.py checks that one)."""
    return [f for f in preflight.check_output(layout, pdf) if f.check != "access"]


@pytest.mark.parametrize("profile", ["office", "press"])
def test_the_layouts_own_pdf_passes_every_output_check(small_tree: Path, profile: str) -> None:
    layout = make_layout(small_tree, profile)
    assert preflight.check_output(layout, layout.render()) == []


def test_unembedded_font_and_small_text_are_errors(small_tree: Path) -> None:
    layout = make_layout(small_tree, "office")
    pdf = hand_made_pdf(layout, font="Helvetica", size=6, text_at=(200, 400))
    findings = print_findings(layout, pdf)
    fonts = [f for f in findings if f.check == "fonts"]
    sizes = [f for f in findings if f.check == "text size"]
    assert len(fonts) == 1 and "'Helvetica'" in fonts[0].message, findings
    assert len(sizes) == 1 and "6.0 pt" in sizes[0].message, findings
    assert f"minimum of {layout.scale.minimum:g} pt" in sizes[0].message
    for finding in (*fonts, *sizes):
        assert finding.level == "error"
        assert same_file(finding.path, small_tree / "leaflets" / "one.yaml")
        assert finding.line == line_with(BASE_LEAFLET, "kind: leaflet")
    assert checks_found(findings) == {"fonts", "text size"}  # centred: no print problem


def test_embedded_font_at_the_minimum_size_is_clean(small_tree: Path) -> None:
    layout = make_layout(small_tree, "office")
    pdf = hand_made_pdf(layout, size=layout.scale.minimum, text_at=(200, 400))
    assert print_findings(layout, pdf) == []


def test_office_ink_at_the_sheet_edge_is_a_print_error(small_tree: Path) -> None:
    layout = make_layout(small_tree, "office")
    pdf = hand_made_pdf(layout, rect=(0, 0, 100, 100))
    findings = [f for f in preflight.check_output(layout, pdf) if f.check == "print"]
    assert len(findings) == 1, findings
    assert findings[0].level == "error"
    assert "6 mm" in findings[0].message
    assert "bottom" in findings[0].message and "left" in findings[0].message


def test_office_ink_well_inside_the_edge_is_fine(small_tree: Path) -> None:
    layout = make_layout(small_tree, "office")
    pdf = hand_made_pdf(layout, rect=(7 * mm, 7 * mm, 100, 100))
    assert print_findings(layout, pdf) == []


def test_press_rules_boxes_cmyk_and_the_safe_area(small_tree: Path) -> None:
    layout = make_layout(small_tree, "press")
    pdf = hand_made_pdf(layout, text_at=(2 * mm, 400))  # no boxes, RGB, near the trim
    messages = [f.message for f in preflight.check_output(layout, pdf)
                if f.check == "print" and f.level == "error"]
    assert any("TrimBox" in m and "BleedBox" in m for m in messages), messages
    assert any("not CMYK" in m and "rg" in m for m in messages), messages
    assert any("5 mm inside the edge" in m for m in messages), messages
    assert len(messages) == 3, messages


def test_press_pdf_with_boxes_cmyk_and_text_inside_is_clean(small_tree: Path) -> None:
    layout = make_layout(small_tree, "press")
    pdf = hand_made_pdf(layout, text_at=(6 * mm, 400), cmyk=True, boxes=True)
    assert print_findings(layout, pdf) == []
