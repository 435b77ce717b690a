"""The sample translations that ship in content/translations/: each is built, says its
language, carries the draft band on every page, prints exactly the English numbers and
web addresses, and (in Romanian) writes s and t with the comma below, never the cedilla.

The translations tested are the PO files present, so a new one is tested as it lands.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pypdf
import pytest
import yaml
from conftest import CONTENT, describe, letters, page_texts, poppler_pages
from test_translations import numbers_and_addresses, pdf_text

from imhprint.theme import family_for, script_for

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


def expected_pages(translated: Path, english: Path, language: str) -> int:
    """The English's page count, except the A4 leaflet in a family that runs it to more
    pages (Nastaliq's four)."""
    family = family_for(script_for(language), language)
    is_a4 = translated.parent.name == "leaflets" and not any(
        mark in translated.name for mark in ("-trifold", "-booklet", "-large-print"))
    if is_a4 and family.leaflet_pages:
        return family.leaflet_pages
    return len(page_texts(english))


def poppler_text(pdf: Path) -> str:
    """poppler's words; the bidi marks it puts around runs of each direction part words."""
    return re.sub("[\u202a-\u202e\u2066-\u2069]", " ", " ".join(poppler_pages(pdf)))


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
        pages = poppler_pages(translated)
        assert len(pages) == expected_pages(translated, english, language), translated.name
        for number, text in enumerate(pages, start=1):
            assert letters(ENGLISH_BAND) in letters(text), (translated.name, number)
            assert letters(translated_band) in letters(text), (translated.name, number)


@pytest.mark.parametrize(("language", "resource_id"), SHIPPED)
def test_numbers_and_addresses_are_those_of_the_english(real_build, language: str,
                                                        resource_id: str) -> None:
    for translated, english in built_pairs(real_build, language, resource_id):
        # numbers as poppler reads them: it keeps a number whole where pdfplumber parts
        # its digits among nestled Nastaliq lines
        numbers = numbers_and_addresses(translated, poppler_text(translated))[0]
        english_numbers = numbers_and_addresses(english, poppler_text(english))[0]
        assert "999" in numbers, translated.name
        pages = len(poppler_pages(translated))
        if pages != len(page_texts(english)):
            # a four-page A4 prints "Page N of 4", its version and dates on every page:
            # the same numbers but those, some of them more often
            page_numbers = {str(page) for page in range(1, pages + 1)}
            numbers = sorted(set(numbers) - page_numbers)
            english_numbers = sorted(set(english_numbers) - page_numbers)
        assert numbers == english_numbers, translated.name
        # every English address is printed, as one reader or the other reads it (poppler
        # moves an address's "www." in right-to-left text; pdfplumber loses some among
        # nestled Nastaliq lines), and no other address is (links among them)
        english_addresses = numbers_and_addresses(english)[1]
        found = numbers_and_addresses(translated)[1]
        read = set(found) | set(numbers_and_addresses(translated, poppler_text(translated))[1])
        assert set(found) <= set(english_addresses), translated.name
        assert set(english_addresses) <= read, translated.name


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
