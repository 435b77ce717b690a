"""Translations: PO files, extract and status, translated PDFs, drafts, dates from CLDR.

Every test reads real output: the PO files the commands write (with polib) and the PDFs
the build writes (with pypdf and pdfplumber).
"""

from __future__ import annotations

import calendar
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import polib
import pypdf
import pytest
import yaml
from conftest import (
    CONTENT,
    REPO,
    clean_env,
    describe,
    diagnostics,
    find_diag,
    line_with,
    normalise,
    page_texts,
    run_build,
    strip_markup,
    write_content,
)

POSTER = "babies-cry-you-can-cope"
POSTER_YAML = CONTENT / "posters" / f"{POSTER}.yaml"
PL = CONTENT / "translations" / "pl"
SIZES = ("a4", "a3", "a2")
ENGLISH_MONTHS = list(calendar.month_name)[1:]  # the C locale's month names: English


def run_translations(args: list[str | Path]) -> subprocess.CompletedProcess[str]:
    """`build_pdfs.py translations ...`, from the repository root as a user would."""
    return subprocess.run([sys.executable, "build_pdfs.py", "translations",
                           *[str(a) for a in args]], cwd=REPO, capture_output=True,
                          text=True, env=clean_env(), timeout=120)


def entry(po_path: Path, key: str) -> polib.POEntry:
    found = [e for e in polib.pofile(str(po_path)) if e.msgctxt == key and not e.obsolete]
    assert len(found) == 1, f"{po_path} has {len(found)} entries for {key!r}"
    return found[0]


def pdf_text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as document:
        return normalise(" ".join(page.extract_text() or "" for page in document.pages))


def words(text: str) -> str:
    return normalise(strip_markup(text))


def printed(passage: str, text: str) -> bool:
    """The passage's words occur in the text in order (cards side by side interleave
    their lines when the text is extracted, so the words need not be adjacent)."""
    haystack = text.split()
    position = 0
    for word in words(passage).split():
        try:
            position = haystack.index(word, position) + 1
        except ValueError:
            return False
    return True


def copy_content(tmp_path: Path) -> Path:
    """A copy of the real content (with the Polish sample), to change without harm."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


def edit_po(path: Path, key: str, **changes: object) -> None:
    po = polib.pofile(str(path))
    for item in po:
        if item.msgctxt == key:
            for name, value in changes.items():
                setattr(item, name, value)
    po.save(str(path))


def set_header(path: Path, **fields: str) -> None:
    po = polib.pofile(str(path))
    po.metadata.update(fields)
    po.save(str(path))


def build_poster(content: Path, output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_build(["--content", content, "--output", output, "--only", POSTER, *extra])


# ---- PO files: read and written faithfully -------------------------------------------------

PO_WITH_EVERYTHING = """\
# A translator's own comment at the top.
msgid ""
msgstr ""
"Language: pl\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"X-Translation-State: draft\\n"

#. Copy exactly: 111.
#: content/posters/x.yaml:12
msgctxt "callout 1 text"
msgid "Call **NHS 111**."
msgstr "Zadzwoń pod **NHS 111**."

#: content/posters/x.yaml:14
#, fuzzy
#| msgid "It will pass."
msgctxt "tips 1 item 1 why"
msgid "It will stop."
msgstr "To minie."

#~ msgctxt "gone"
#~ msgid "Gone"
#~ msgstr "Nie ma"
"""


def test_a_po_file_round_trips_byte_for_byte(tmp_path: Path) -> None:
    from imhprint.diagnostics import Diagnostics
    from imhprint.i18n.catalog import catalog_text, read_catalog

    path = tmp_path / "x.po"
    path.write_text(PO_WITH_EVERYTHING, encoding="utf-8")
    diags = Diagnostics()
    catalog = read_catalog(path, "pl", diags)
    assert not diags.items and not catalog.broken
    assert catalog_text(catalog.po) == PO_WITH_EVERYTHING.encode("utf-8")
    fuzzy = catalog.entries["tips 1 item 1 why"]
    assert fuzzy.fuzzy and fuzzy.previous_msgid == "It will pass."
    assert fuzzy.linenum == line_with(PO_WITH_EVERYTHING, "#: content/posters/x.yaml:14")
    assert "gone" not in catalog.entries  # obsolete entries are kept, never used


def test_the_shipped_polish_files_round_trip() -> None:
    from imhprint.diagnostics import Diagnostics
    from imhprint.i18n.catalog import catalog_text, read_catalog

    for path in sorted(PL.glob("*.po")):
        diags = Diagnostics()
        catalog = read_catalog(path, "pl", diags)
        assert not diags.items, [str(d) for d in diags.items]
        assert catalog_text(catalog.po) == path.read_bytes(), path
        assert catalog.state == "draft" and not catalog.checked_by, path
        assert "machine-assisted draft" in catalog.po.header.lower(), path


# ---- extract ------------------------------------------------------------------------------

SMALL_LEAFLET = """\
kind: leaflet
id: small-one
title: A small leaflet
subtitle: For testing translations
audience: Testers
version: "1.0"
owner: Test Hub
reviewed: 2026-01-01
next_review: 2027-01-01
intro: A short intro.
sources:
  - title: A source
    url: https://example.org/
blocks:
  - heading: First heading
  - paragraph: Call **NHS 111** or see [nhs.uk](https://www.nhs.uk).
  - bullets:
      - First bullet
      - Second bullet
  - tips:
      - tip: Try skin to skin
        why: It calms you both.
        icon: heart
  - callout:
      tone: warning
      title: Never shake a baby
      text: Put your baby down safely.
  - contacts: [samaritans]
  - qr:
      url: https://example.org/more
      text: Scan for more
"""


@pytest.fixture()
def small_tree(tmp_path: Path) -> Path:
    return write_content(tmp_path, {"small.yaml": SMALL_LEAFLET})


def test_extract_writes_each_passage_with_its_yaml_file_and_line(small_tree: Path) -> None:
    result = run_translations(["extract", "--content", small_tree, "--language", "pl",
                               "--only", "small-one"])
    assert result.returncode == 0, describe(result)
    po_path = small_tree / "translations" / "pl" / "small-one.po"
    po = polib.pofile(str(po_path))
    expected = {
        "title": "A small leaflet", "subtitle": "For testing translations",
        "intro": "A short intro.", "heading 1": "First heading",
        "paragraph 1": "Call **NHS 111** or see [nhs.uk](https://www.nhs.uk).",
        "bullets 1 item 1": "First bullet", "bullets 1 item 2": "Second bullet",
        "tips 1 item 1 tip": "Try skin to skin", "tips 1 item 1 why": "It calms you both.",
        "callout 1 title": "Never shake a baby", "callout 1 text": "Put your baby down safely.",
        "qr 1": "Scan for more",
    }
    assert {e.msgctxt: e.msgid for e in po} == expected
    for item in po:
        (reference, line), = item.occurrences
        assert reference == "content/leaflets/small.yaml"
        marker = item.msgid.split("**")[0] if item.msgctxt != "qr 1" else "text: Scan"
        assert int(line) == line_with(SMALL_LEAFLET, marker), item.msgctxt
        assert item.msgstr == ""
    assert po.metadata["Language"] == "pl" and po.metadata["X-Translation-State"] == "draft"
    # what is never a translator's: ids, addresses, icons, tones
    msgids = {e.msgid for e in po}
    assert not msgids & {"samaritans", "https://example.org/more", "heart", "warning"}
    assert "111" in entry(po_path, "paragraph 1").comment  # told to copy the number
    # the leaflet names a service, so the directory's words are extracted too
    services = polib.pofile(str(po_path.with_name("services.po")))
    name = next(e for e in services if e.msgctxt == "samaritans name")
    services_yaml = (small_tree / "services.yaml").read_text(encoding="utf-8")
    assert name.occurrences == [("content/services.yaml",
                                 str(line_with(services_yaml, f"name: {name.msgid}")))]
    assert not any(e.msgctxt.endswith((" phone", " website")) for e in services)
    strings = polib.pofile(str(po_path.with_name("strings.po")))
    assert "python-brace-format" in entry(po_path.with_name("strings.po"), "page_x_of_y").flags
    assert len(strings) > 10


def test_extract_twice_changes_nothing(small_tree: Path) -> None:
    args = ["extract", "--content", small_tree, "--language", "pl", "--only", "small-one"]
    assert run_translations(args).returncode == 0
    folder = small_tree / "translations" / "pl"
    before = {p.name: p.read_bytes() for p in folder.glob("*.po")}
    again = run_translations(["extract", "--content", small_tree])
    assert again.returncode == 0, describe(again)
    assert {p.name: p.read_bytes() for p in folder.glob("*.po")} == before
    assert "unchanged" in again.stdout


def test_extract_keeps_translations_and_marks_changed_ones_fuzzy(small_tree: Path) -> None:
    assert run_translations(["extract", "--content", small_tree, "--language", "pl",
                             "--only", "small-one"]).returncode == 0
    po_path = small_tree / "translations" / "pl" / "small-one.po"
    edit_po(po_path, "heading 1", msgstr="Pierwszy nagłówek")
    edit_po(po_path, "bullets 1 item 2", msgstr="Drugi punkt")
    leaflet = small_tree / "leaflets" / "small.yaml"
    # a paragraph inserted before the list, and the second bullet reworded
    changed = SMALL_LEAFLET.replace("  - bullets:\n", "  - paragraph: New words.\n"
                                    "  - bullets:\n").replace("Second bullet", "Second point")
    leaflet.write_text(changed, encoding="utf-8")
    result = run_translations(["extract", "--content", small_tree])
    assert result.returncode == 0, describe(result)
    assert entry(po_path, "heading 1").msgstr == "Pierwszy nagłówek"
    assert not entry(po_path, "heading 1").fuzzy
    reworded = entry(po_path, "bullets 1 item 2")
    assert reworded.msgid == "Second point" and reworded.msgstr == "Drugi punkt"
    assert reworded.fuzzy and reworded.previous_msgid == "Second bullet"
    assert entry(po_path, "paragraph 2").msgstr == ""  # new, so empty
    assert int(entry(po_path, "bullets 1 item 2").occurrences[0][1]) == \
        line_with(changed, "Second point")


# ---- the English changes: out of date, never printed --------------------------------------

def test_a_changed_english_passage_is_reported_and_its_old_translation_not_printed(
        tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    poster = content / "posters" / f"{POSTER}.yaml"
    po_path = content / "translations" / "pl" / f"{POSTER}.po"
    old = entry(po_path, "intro")
    assert old.msgid == "All babies cry. It is not your fault." and old.msgstr
    translated = sum(1 for e in polib.pofile(str(po_path)) if e.msgstr and not e.obsolete)
    poster.write_text(poster.read_text(encoding="utf-8").replace(
        "All babies cry. It is not your fault.", "All babies cry. It is never your fault."),
        encoding="utf-8")

    status = run_translations(["status", "--content", content])
    assert status.returncode == 0, describe(status)
    find_diag(status.stderr, po_path, old.linenum, "warning", "out of date")
    row = next(line for line in status.stdout.splitlines() if f"{POSTER}.po" in line)
    assert row.split()[1:5] == [f"{POSTER}.po", str(translated - 1), "1", "0"]
    assert "out of date" in row

    output = tmp_path / "output"
    result = build_poster(content, output)
    assert result.returncode == 0, describe(result)
    diag = find_diag(result.stderr, po_path, old.linenum, "warning", "out of date")
    assert "It is never your fault." in diag.message
    for size in SIZES:
        text = pdf_text(output / "posters" / f"{POSTER}-{size}.pl.pdf")
        assert old.msgstr not in text, size
        assert "[EN] All babies cry. It is never your fault." in text, size
        assert printed(entry(po_path, "title").msgstr, text)  # the rest is still Polish
    assert "out of date" in (output / "preflight.json").read_text(encoding="utf-8")

    # after extract, the entry is fuzzy at its new line: still never printed
    assert run_translations(["extract", "--content", content]).returncode == 0
    fuzzy = entry(po_path, "intro")
    assert fuzzy.fuzzy and fuzzy.previous_msgid == "All babies cry. It is not your fault."
    result = build_poster(content, output)
    find_diag(result.stderr, po_path, fuzzy.linenum, "warning", "fuzzy")
    assert old.msgstr not in pdf_text(output / "posters" / f"{POSTER}-a4.pl.pdf")


# ---- the Polish sample poster --------------------------------------------------------------

def polish_pdfs(real_build) -> list[Path]:
    pdfs = [real_build.output / "posters" / f"{POSTER}-{size}.pl.pdf" for size in SIZES]
    missing = [p for p in pdfs if not p.is_file()]
    assert not missing, f"not built: {missing}\n{describe(real_build.result)}"
    return pdfs


def test_the_polish_poster_has_the_polish_words_and_language(real_build) -> None:
    po = [e for e in polib.pofile(str(PL / f"{POSTER}.po")) if e.msgstr]
    assert len(po) >= 7  # title, intro, the four ICON lines, the line about an unwell baby
    for pdf in polish_pdfs(real_build):
        text = pdf_text(pdf)
        for item in po:
            assert printed(item.msgstr, text), (pdf.name, item.msgctxt)
            if item.msgid != item.msgstr:
                assert not printed(item.msgid, text), (pdf.name, item.msgid)
        reader = pypdf.PdfReader(pdf)
        assert reader.trailer["/Root"]["/Lang"] == "pl"
        assert reader.metadata.title == words(entry(PL / f"{POSTER}.po", "title").msgstr)
    english = pypdf.PdfReader(real_build.output / "posters" / f"{POSTER}-a4.pdf")
    assert english.trailer["/Root"]["/Lang"] == "en-GB"


def numbers_and_addresses(pdf: Path, text: str | None = None) -> tuple[list[str], list[str]]:
    """The numbers and web addresses a PDF prints (in ``text``, its words as read, or
    pdfplumber's), and the addresses its links open."""
    text = pdf_text(pdf) if text is None else text
    # a full stop after an address is no part of it (in right-to-left text it is
    # extracted on the address's other side)
    addresses = sorted(address.rstrip(".,;:") for address in
                       re.findall(r"\b(?:www\.)?[a-z0-9-]+\.(?:org|uk|com)\b\S*", text))
    reader = pypdf.PdfReader(pdf)
    links = sorted(str(a.get_object()["/A"]["/URI"]) for page in reader.pages
                   for a in page.get("/Annots") or [] if "/A" in a.get_object())
    return sorted(re.findall(r"\d+", text)), addresses + links


def test_polish_numbers_and_addresses_are_those_of_the_english(real_build,
                                                              tmp_path: Path) -> None:
    for size, polish in zip(SIZES, polish_pdfs(real_build), strict=True):
        english = real_build.output / "posters" / f"{POSTER}-{size}.pdf"
        numbers, addresses = numbers_and_addresses(polish)
        assert "111" in numbers and "999" in numbers, polish
        assert (numbers, addresses) == numbers_and_addresses(english), size
    if shutil.which("zbarimg"):
        from test_posters import decode_qr_codes

        for size, polish in zip(SIZES, polish_pdfs(real_build), strict=True):
            english = real_build.output / "posters" / f"{POSTER}-{size}.pdf"
            assert decode_qr_codes(polish, 100, tmp_path) == \
                decode_qr_codes(english, 100, tmp_path)


def test_every_page_of_the_draft_has_the_band_in_english_and_polish(real_build) -> None:
    polish_band = entry(PL / "strings.po", "translation_draft").msgstr
    assert polish_band and polish_band != "Draft translation: not yet checked"
    for pdf in polish_pdfs(real_build):
        for number, text in enumerate(page_texts(pdf), start=1):
            assert "Draft translation: not yet checked" in text, (pdf.name, number)
            assert polish_band in text, (pdf.name, number)
        with pdfplumber.open(pdf) as document:  # the band is at the top, above the title
            page = document.pages[0]
            band = page.search("Draft translation", regex=False)[0]["top"]
            title = words(entry(PL / f"{POSTER}.po", "title").msgstr)
            title = page.search(title, regex=False)[0]["top"]
            assert band < title
    english = real_build.output / "posters" / f"{POSTER}-a4.pdf"
    assert "Draft translation" not in pdf_text(english)


def test_polish_dates_come_from_cldr_and_english_ones_stay_the_same(real_build) -> None:
    reviewed = entry(PL / "strings.po", "reviewed").msgstr  # e.g. "Przegląd: {date}"
    label = reviewed.split("{date}")[0].strip()
    for pdf in polish_pdfs(real_build):
        match = re.search(re.escape(label) + r"\s+(\w+) (\d{4})", pdf_text(pdf))
        assert match, pdf_text(pdf)
        month, year = match.groups()
        assert year == "2026" and month.isalpha() and month not in ENGLISH_MONTHS
        assert not any(name in pdf_text(pdf) for name in ENGLISH_MONTHS)
    english = pdf_text(real_build.output / "posters" / f"{POSTER}-a4.pdf")
    dates = yaml.safe_load(POSTER_YAML.read_text(encoding="utf-8"))
    reviewed, next_review = dates["reviewed"], dates["next_review"]
    assert f"Reviewed {ENGLISH_MONTHS[reviewed.month - 1]} {reviewed.year}" in english
    assert f"Next review {ENGLISH_MONTHS[next_review.month - 1]} {next_review.year}" in english


def test_preflight_json_carries_language_and_translation_state(real_build) -> None:
    data = json.loads((real_build.output / "preflight.json").read_text(encoding="utf-8"))
    copies = {(r["id"], r["language"]): r for r in data["resources"] if r["id"] == POSTER}
    english, polish = copies[(POSTER, "en-GB")], copies[(POSTER, "pl")]
    assert english["translation"] is None
    assert english["readability"]["reading_age_measured"] is True
    assert english["readability"]["reading_age"] > 0
    assert polish["translation"]["state"] == "draft"
    assert polish["translation"]["file"].endswith(f"content/translations/pl/{POSTER}.po")
    assert polish["translation"]["checked_by"] is None
    assert polish["readability"]["reading_age"] is None
    assert polish["readability"]["reading_age_measured"] is False
    assert polish["readability"]["average_sentence_length"] > 0
    assert [o["file"] for o in polish["outputs"]] == [f"posters/{POSTER}-{s}.pl.pdf"
                                                      for s in SIZES]
    assert f"{POSTER}.pl (draft)" in real_build.result.stdout  # its row in the table


# ---- drafts: press and editions leave them out, --strict fails --------------------------

def test_press_build_leaves_the_draft_out_with_a_warning(tmp_path: Path) -> None:
    output = tmp_path / "output"
    result = build_poster(CONTENT, output, "--profile", "press")
    assert result.returncode == 0, describe(result)
    press = output / "press" / "posters"
    assert sorted(p.name for p in press.glob("*.pdf")) == [f"{POSTER}-{s}.pdf"
                                                           for s in sorted(SIZES)]
    po_path = PL / f"{POSTER}.po"
    line = line_with(po_path.read_text(encoding="utf-8"), '"X-Translation-State:')
    find_diag(result.stderr, po_path, line, "warning", "left out of the press build")


def test_strict_fails_on_a_draft_and_passes_once_checked(tmp_path: Path) -> None:
    output = tmp_path / "output"
    draft = build_poster(CONTENT, output, "--strict", "--language", "pl")
    assert draft.returncode == 1, describe(draft)
    assert "is a draft" in draft.stderr

    content = copy_content(tmp_path)
    for name in (POSTER, "strings", "services"):
        set_header(content / "translations" / "pl" / f"{name}.po",
                   **{"X-Translation-State": "checked", "X-Checked-By": "A. Tester",
                      "X-Checked-On": "2026-05-01"})
    # the numbers the poster prints checked at their sources too, as --strict asks
    services = content / "services.yaml"
    services.write_text(services.read_text(encoding="utf-8").replace(
        "verified_how: brief", "verified_how: source-site"), encoding="utf-8")
    checked = build_poster(content, output, "--strict", "--language", "pl")
    assert checked.returncode == 0, describe(checked)
    pdf = output / "posters" / f"{POSTER}-a4.pl.pdf"
    assert "Draft translation" not in pdf_text(pdf)
    assert not (output / "posters" / f"{POSTER}-a4.pdf").exists()  # --language pl only
    report = json.loads((output / "preflight.json").read_text(encoding="utf-8"))
    (copy,) = report["resources"]
    assert copy["translation"]["state"] == "checked"
    assert copy["translation"]["checked_by"] == "A. Tester"
    # a checked translation goes to the print shop too (the other languages are drafts)
    press = build_poster(content, output, "--strict", "--profile", "press",
                         "--language", "en-GB", "--language", "pl")
    assert press.returncode == 0, describe(press)
    assert (output / "press" / "posters" / f"{POSTER}-a3.pl.pdf").is_file()


def test_checked_needs_who_and_when(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    po_path = content / "translations" / "pl" / f"{POSTER}.po"
    set_header(po_path, **{"X-Translation-State": "checked"})
    result = build_poster(content, tmp_path / "output", "--language", "pl")
    assert result.returncode == 1, describe(result)
    line = line_with(po_path.read_text(encoding="utf-8"), '"X-Translation-State:')
    find_diag(result.stderr, po_path, line, "error", "X-Checked-By")
    assert not list((tmp_path / "output").rglob("*.pl.pdf"))


# ---- what a translation may not change --------------------------------------------------

def test_a_translation_with_another_number_is_refused(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    po_path = content / "translations" / "pl" / "services.po"
    name = entry(po_path, "emergency-999 name")
    assert "999" in name.msgstr
    edit_po(po_path, "emergency-999 name", msgstr=name.msgstr.replace("999", "112"))
    output = tmp_path / "output"
    result = build_poster(content, output)
    assert result.returncode == 1, describe(result)
    find_diag(result.stderr, po_path, name.linenum, "error", "same numbers")
    assert not list(output.rglob("*.pl.pdf"))
    assert (output / "posters" / f"{POSTER}-a4.pdf").is_file()  # the English still builds


def test_overflow_names_the_translation(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    po_path = content / "translations" / "pl" / f"{POSTER}.po"
    edit_po(po_path, "intro", msgstr=" ".join(["Wszystkie dzieci płaczą."] * 12))
    result = build_poster(content, tmp_path / "output", "--language", "pl")
    assert result.returncode == 1, describe(result)
    poster = (content / "posters" / f"{POSTER}.yaml").resolve()
    overflows = [d for d in diagnostics(result.stderr)
                 if d.path == poster and "does not fit" in d.message]
    assert len(overflows) == len(SIZES), describe(result)
    blocks = line_with(POSTER_YAML.read_text(encoding="utf-8"), "blocks:")
    for diag in overflows:  # at the block where room ran out, naming the translation
        assert diag.line > blocks and f"block on line {diag.line}" in diag.message, diag
        assert "Polish translation" in diag.message and f"pl/{POSTER}.po" in diag.message


def test_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    result = build_poster(CONTENT, tmp_path / "output", "--language", "xx")
    assert result.returncode == 2, describe(result)
    assert "--language xx" in result.stderr and "pl" in result.stderr


# ---- keys and strings ---------------------------------------------------------------------

def test_keys_do_not_move_when_a_block_of_another_type_is_added(small_tree: Path) -> None:
    from imhprint.content import load_content
    from imhprint.i18n.passages import resource_passages

    def keys(text: str) -> dict[str, str]:
        (small_tree / "leaflets" / "small.yaml").write_text(text, encoding="utf-8")
        content, _ = load_content(small_tree, REPO / "assets")
        return {p.key: str(p.text) for p in resource_passages(content.resources[0])}

    before = keys(SMALL_LEAFLET)
    after = keys(SMALL_LEAFLET.replace("  - tips:\n", "  - paragraph: Inserted.\n"
                                       "  - tips:\n"))
    assert after.pop("paragraph 2") == "Inserted."
    assert after == before


def test_an_old_months_line_is_a_warning_not_an_error(tmp_path: Path) -> None:
    content = write_content(tmp_path, {"one.yaml": SMALL_LEAFLET})
    strings = content / "strings" / "en-GB.yaml"
    text = strings.read_text(encoding="utf-8") + "  months: January, February\n"
    strings.write_text(text, encoding="utf-8")
    result = run_build(["--content", content, "--output", tmp_path / "output"])
    assert result.returncode == 0, describe(result)
    find_diag(result.stderr, strings, line_with(text, "months:"), "warning", "CLDR")
