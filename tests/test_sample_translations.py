"""The sample translations that ship in content/translations/: each is built, says its
language, carries the draft band on every page, prints exactly the English numbers and
web addresses, and (in Romanian) writes s and t with the comma below, never the cedilla.

The translations tested are the PO files present, so a new one is tested as it lands.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pypdf
import pytest
import yaml
from conftest import CONTENT, describe, normalise, page_texts
from test_translations import numbers_and_addresses, pdf_text

TRANSLATIONS = CONTENT / "translations"
SHARED = ("strings", "services")  # the layout's words and the services directory
ENGLISH_BAND = "Draft translation: not yet checked"
CEDILLA = "şţŞŢ"  # U+015F, U+0163 and capitals: wrong for Romanian
COMMA_BELOW = "șțȘȚ"  # U+0219, U+021B and capitals


def resources_by_id() -> dict[str, tuple[str, dict]]:
    """Each leaflet and poster id, with its kind and its YAML."""
    found = {}
    for path in sorted(CONTENT.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("kind") in ("leaflet", "poster"):
            found[data["id"]] = (data["kind"], data)
    return found


def shipped() -> list[tuple[str, str]]:
    """(language, resource id) for every resource PO file that ships."""
    return sorted((po.parent.name, po.stem) for po in TRANSLATIONS.glob("*/*.po")
                  if po.stem not in SHARED)


def pdf_pairs(output: Path, language: str, resource_id: str) -> list[tuple[Path, Path]]:
    """(translated PDF, English PDF) for every format or size of the resource."""
    kind, data = resources_by_id()[resource_id]
    if kind == "poster":
        names = [f"posters/{resource_id}-{size}" for size in data["sizes"]]
    else:
        names = [f"leaflets/{resource_id}" + ("" if fmt == "a4" else f"-{fmt}")
                 for fmt in data.get("formats", ["a4"])]
    return [(output / f"{name}.{language}.pdf", output / f"{name}.pdf") for name in names]


def built_pairs(real_build, language: str, resource_id: str) -> list[tuple[Path, Path]]:
    pairs = pdf_pairs(real_build.output, language, resource_id)
    missing = [p for pair in pairs for p in pair if not p.is_file()]
    assert not missing, f"not built: {missing}\n{describe(real_build.result)}"
    return pairs


def shown_page_texts(pdf: Path) -> list[str]:
    """Each page's text as a reader copies it: Poppler's, which reads the /ActualText of
    shaped Bengali and Gurmukhi clusters (pypdf does not), when it is installed."""
    if shutil.which("pdftotext") is None:
        return page_texts(pdf)
    pages = len(pypdf.PdfReader(pdf).pages)
    return [normalise(subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(pdf), "-"],
        capture_output=True, text=True, check=True).stdout) for n in range(1, pages + 1)]


def band(language: str) -> str:
    po = polib.pofile(str(TRANSLATIONS / language / "strings.po"))
    (entry,) = [e for e in po if e.msgctxt == "translation_draft"]
    return entry.msgstr


SHIPPED = shipped()


def test_the_samples_named_in_the_task_ship() -> None:
    assert {("pl", "babies-cry-you-can-cope"), ("pl", "understanding-cues-and-crying"),
            ("pl", "where-to-get-help"), ("ro", "babies-cry-you-can-cope"),
            ("ro", "understanding-cues-and-crying"), ("ro", "where-to-get-help")} <= set(SHIPPED)


@pytest.mark.parametrize(("language", "resource_id"), SHIPPED)
def test_every_file_is_a_machine_assisted_draft_nobody_has_checked(language: str,
                                                                  resource_id: str) -> None:
    for name in (resource_id, *SHARED):
        po = polib.pofile(str(TRANSLATIONS / language / f"{name}.po"))
        assert po.metadata["Language"] == language
        assert po.metadata["X-Translation-State"] == "draft", name
        assert not po.metadata["X-Checked-By"].strip(), name
        assert not po.metadata["X-Checked-On"].strip(), name
        assert po.metadata["Last-Translator"] == "machine-assisted draft (not checked)", name
        assert "NOT yet" in po.header and "checked by anyone" in po.header, name


@pytest.mark.parametrize(("language", "resource_id"), SHIPPED)
def test_the_pdf_says_its_language_and_every_page_has_the_draft_band(
        real_build, language: str, resource_id: str) -> None:
    translated_band = band(language)
    assert translated_band and translated_band != ENGLISH_BAND
    for translated, english in built_pairs(real_build, language, resource_id):
        assert pypdf.PdfReader(translated).trailer["/Root"]["/Lang"] == language
        pages = shown_page_texts(translated)
        assert len(pages) == len(page_texts(english)), translated.name
        for number, text in enumerate(pages, start=1):
            assert ENGLISH_BAND in text, (translated.name, number)
            assert translated_band in text, (translated.name, number)


@pytest.mark.parametrize(("language", "resource_id"), SHIPPED)
def test_numbers_and_addresses_are_those_of_the_english(real_build, language: str,
                                                        resource_id: str) -> None:
    for translated, english in built_pairs(real_build, language, resource_id):
        numbers, addresses = numbers_and_addresses(translated)
        assert "999" in numbers, translated.name
        assert (numbers, addresses) == numbers_and_addresses(english), translated.name


@pytest.mark.parametrize(("language", "resource_id"), SHIPPED)
def test_nothing_prints_in_english_in_its_place(real_build, language: str,
                                                resource_id: str) -> None:
    # every passage and every printed service is translated, so no [EN] mark is needed
    for translated, _ in built_pairs(real_build, language, resource_id):
        assert "[EN]" not in pdf_text(translated), translated.name


@pytest.mark.parametrize("resource_id", [r for lang, r in SHIPPED if lang == "ro"])
def test_romanian_has_the_comma_below_never_the_cedilla(real_build, resource_id: str) -> None:
    for name in (resource_id, *SHARED):
        text = (TRANSLATIONS / "ro" / f"{name}.po").read_text(encoding="utf-8")
        assert not set(CEDILLA) & set(text), name
    for translated, _ in built_pairs(real_build, "ro", resource_id):
        text = pdf_text(translated)
        assert set(COMMA_BELOW) & set(text), translated.name  # the font kept them
        assert not set(CEDILLA) & set(text), translated.name
