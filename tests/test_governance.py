"""What every leaflet and poster says about itself (PIF TICK): the version and review
dates, the publisher, where the information comes from, how to give feedback, that it does
not replace a professional's advice, and other formats; the sources page; the sample band.

The real content is built for the office and the press, nationally and for a sample
edition, and the PDFs are read back. Expected words come from the strings, settings and
edition files of the content that was built, never typed into the test.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
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
    find_diag,
    leaflet_yaml,
    letters,
    line_with,
    normalise,
    page_texts,
    poppler_pages,
    printed_address,
    read_back,
    run_build,
    write_content,
)

from imhprint import pdfcheck

MM = 72 / 25.4
SAMPLE = "riverside"


@dataclass
class GovernanceBuild:
    content: Path
    output: Path  # national output; the edition is in output / SAMPLE

    def folder(self, profile: str, edition: str | None) -> Path:
        base = self.output / edition if edition else self.output
        return base / "press" if profile == "press" else base

    def resource_pdfs(self, profile: str, edition: str | None,
                      translations: bool = False) -> list[Path]:
        """The leaflets and posters built; a translation (ID-a4.pl.pdf) only if asked."""
        folder = self.folder(profile, edition)
        pdfs = [*(folder / "leaflets").glob("*.pdf"), *(folder / "posters").glob("*.pdf")]
        return sorted(p for p in pdfs if translations == (len(p.suffixes) > 1))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> GovernanceBuild:
    root = tmp_path_factory.mktemp("governance")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    output = root / "output"
    for profile in ("office", "press"):
        for edition in ([], ["--edition", SAMPLE]):
            result = run_build(["--content", content, "--output", output, "--profile",
                                profile, "-q", *edition])
            assert result.returncode == 0, describe(result)
    return GovernanceBuild(content, output)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def strings_of(content: Path) -> dict[str, str]:
    return load(content / "strings" / "en-GB.yaml")["strings"]


def edition_of(content: Path, edition_id: str) -> dict:
    return next(data for path in (content / "editions").glob("*.yaml")
                if (data := load(path))["id"] == edition_id)


def resources_of(content: Path) -> dict[str, dict]:
    paths = [*(content / "leaflets").glob("*.yaml"), *(content / "posters").glob("*.yaml")]
    return {data["id"]: data for data in map(load, paths)}


def resource_for(pdf: Path, resources: dict[str, dict]) -> dict:
    stem = re.sub(r"-(trifold|large-print|booklet|a4|a3|a2)$", "", pdf.stem)
    return resources[stem]


def short(url: str) -> str:
    return url.removeprefix("https://").removesuffix("/")


def governance_lines(content: Path, resource: dict, edition: str | None) -> list[str]:
    """What the strings, settings and edition files say the small print must read."""
    strings = strings_of(content)
    if edition:
        imprint = edition_of(content, edition)
        publisher = imprint["name"]
    else:
        imprint = load(content / "settings.yaml")
        publisher = imprint["publisher"]
    ask = strings["ask_at_hub"]
    where = short(imprint["sources_web"]) if imprint.get("sources_web") else ask
    return [
        strings[f"not_advice_{resource['kind']}"],
        strings["other_formats"],
        strings["sources_line"].format(where=where),
        strings["feedback_line"].format(how=imprint.get("feedback") or ask),
        strings["published_by"].format(owner=publisher),
        strings["version"].format(version=resource["version"]),
    ]


# ---- the small print on every leaflet and poster -------------------------------------------

@pytest.mark.parametrize("edition", [None, SAMPLE], ids=["national", SAMPLE])
@pytest.mark.parametrize("profile", ["office", "press"])
def test_every_pdf_prints_the_governance_lines(built: GovernanceBuild, profile: str,
                                               edition: str | None) -> None:
    resources = resources_of(built.content)
    pdfs = built.resource_pdfs(profile, edition)
    assert len(pdfs) >= len(resources)
    for pdf in pdfs:
        resource = resource_for(pdf, resources)
        text = " ".join(page_texts(pdf))
        missing = [line for line in governance_lines(built.content, resource, edition)
                   if normalise(line) not in text]
        assert not missing, f"{pdf.relative_to(built.output)} lacks {missing}"


def test_a_translation_prints_the_small_print_in_its_own_language(built: GovernanceBuild):
    """The words come from the translation's strings.po, the details from the settings."""
    pdfs = built.resource_pdfs("office", None, translations=True)
    assert pdfs  # the shipped Polish draft
    resources = resources_of(built.content)
    for pdf in pdfs:
        language = pdf.suffixes[0].lstrip(".")
        po = polib.pofile(str(built.content / "translations" / language / "strings.po"))
        words = {entry.msgctxt: entry.msgstr for entry in po if entry.msgstr}
        resource = resource_for(pdf.with_suffix("").with_suffix(".pdf"), resources)
        settings = load(built.content / "settings.yaml")
        ask = words["ask_at_hub"]
        where = short(settings["sources_web"]) if settings.get("sources_web") else ask
        expected = [words[f"not_advice_{resource['kind']}"], words["other_formats"],
                    words["sources_line"].format(where=where),
                    words["feedback_line"].format(how=settings.get("feedback") or ask),
                    words["version"].format(version=resource["version"])]
        # as poppler reads it: pypdf cannot read shaped (Arabic-script) text back
        text = letters(" ".join(poppler_pages(pdf)))
        missing = [line for line in expected if not read_back(line, text)]
        assert not missing, f"{pdf.name} lacks {missing}"
        assert letters(strings_of(built.content)["other_formats"]) not in text  # not English


def test_posters_and_leaflets_each_say_what_they_are(built: GovernanceBuild) -> None:
    strings = strings_of(built.content)
    resources = resources_of(built.content)
    for pdf in built.resource_pdfs("office", None):
        kind = resource_for(pdf, resources)["kind"]
        other = "poster" if kind == "leaflet" else "leaflet"
        text = " ".join(page_texts(pdf))
        assert strings[f"not_advice_{kind}"] in text
        assert strings[f"not_advice_{other}"] not in text, pdf


def test_version_and_review_dates_on_every_page_of_an_a4_leaflet(built: GovernanceBuild):
    strings = strings_of(built.content)
    resources = resources_of(built.content)
    leaflets = [p for p in built.resource_pdfs("office", SAMPLE)
                if p.parent.name == "leaflets" and not p.stem.endswith("trifold")]
    assert leaflets
    for pdf in leaflets:
        version = strings["version"].format(version=resource_for(pdf, resources)["version"])
        for number, text in enumerate(page_texts(pdf), start=1):
            assert version in text and "Next review" in text, f"{pdf.name} page {number}"


def test_the_small_print_sits_at_the_foot_below_everything_else(built: GovernanceBuild):
    """Across the full width of the back page, under the hub panel, not in the content."""
    strings = strings_of(built.content)
    pdf = built.folder("office", None) / "leaflets" / "where-to-get-help.pdf"
    with pdfplumber.open(pdf) as document:
        page = document.pages[-1]
        lines = page.extract_text_lines()
    notice = next(line for line in lines if line["text"].startswith(
        strings["not_advice_leaflet"][:30]))
    hub = next(line for line in lines if strings["hub_heading"] in line["text"])
    assert notice["top"] > hub["bottom"]  # below the hub panel
    below = [line for line in lines if line["top"] >= notice["top"]]
    assert all(line["chars"][0]["size"] < 12 for line in below)  # small print only
    assert page.height - max(line["bottom"] for line in lines) >= 10 * MM - 0.5


# ---- the sample band -----------------------------------------------------------------------

def band_words(page: pdfplumber.page.Page, band: str) -> tuple[list[dict], list[dict]]:
    """The words of the band text on a page, and every other word."""
    first = band.split()[0]
    words = page.extract_words()
    band_tops = {round(w["top"]) for w in words if w["text"] == first}
    in_band = [w for w in words if round(w["top"]) in band_tops]
    return in_band, [w for w in words if w not in in_band]


@pytest.mark.parametrize("profile", ["office", "press"])
def test_a_sample_edition_says_so_at_the_top_of_every_page(built: GovernanceBuild,
                                                            profile: str) -> None:
    band = strings_of(built.content)["sample_band"]
    folder = built.folder(profile, SAMPLE)
    pdfs = [*built.resource_pdfs(profile, SAMPLE), folder / "sources.pdf"]
    for pdf in pdfs:
        with pdfplumber.open(pdf) as document:
            for number, page in enumerate(document.pages, start=1):
                assert band in normalise(page.extract_text()), f"{pdf.name} page {number}"
                in_band, others = band_words(page, band)
                # above every other word: the band covers no content
                assert max(w["bottom"] for w in in_band) < min(w["top"] for w in others), (
                    f"{pdf.name} page {number}")
                trim_top = (page.height - float(pypdf.PdfReader(pdf).pages[number - 1]
                                                .trimbox[3])) if profile == "press" else 0
                assert min(w["top"] for w in in_band) - trim_top >= 6 * MM, pdf.name


def test_the_national_edition_has_no_sample_band(built: GovernanceBuild) -> None:
    band = strings_of(built.content)["sample_band"]
    folder = built.folder("office", None)
    for pdf in [*built.resource_pdfs("office", None), folder / "sources.pdf"]:
        assert band not in " ".join(page_texts(pdf)), pdf


def test_the_shipped_samples_are_marked_and_their_made_up_services_say_so() -> None:
    for path in (CONTENT / "editions").glob("*.yaml"):
        data = load(path)
        assert data.get("sample") is True, path
        assert data.get("feedback"), path
        assert {s.get("verified_how") for s in data.get("services", [])} == {"fictional"}


def test_a_non_boolean_sample_is_refused_on_its_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "editions" / f"{SAMPLE}.yaml"
    text = path.read_text(encoding="utf-8").replace("sample: true", "sample: maybe")
    path.write_text(text, encoding="utf-8")
    result = run_build(["--content", content, "--output", tmp_path / "out", "--check",
                        "--edition", SAMPLE])
    assert result.returncode == 1, describe(result)
    find_diag(result.stderr, path, line_with(text, "sample: maybe"), "error", "true or false")


# ---- the sources page ----------------------------------------------------------------------

def squeezed(text: str) -> str:
    """Text without any spaces: a long web address goes on over lines on the page."""
    return "".join(text.split())


@pytest.mark.parametrize("where", [("office", None), ("press", None), ("office", SAMPLE)],
                         ids=["national", "press", SAMPLE])
def test_the_sources_page_lists_each_resources_sources(built: GovernanceBuild,
                                                       where: tuple[str, str | None]) -> None:
    pdf = built.folder(*where) / "sources.pdf"
    reader = pypdf.PdfReader(pdf)
    assert all(page.mediabox.width < page.mediabox.height for page in reader.pages)  # A4 tall
    text = " ".join(page_texts(pdf))
    flat = squeezed(text)
    strings = strings_of(built.content)
    assert strings["sources_title"] in text
    for resource in resources_of(built.content).values():
        assert normalise(resource["title"]) in text
        dates = strings["version"].format(version=resource["version"])
        assert dates in text
        for source in resource["sources"]:
            assert squeezed(source["title"]) in flat, source["title"]
            if source.get("url"):
                assert squeezed(source["url"]) in flat, source["url"]


@pytest.mark.parametrize("where", [("office", None), ("office", SAMPLE)],
                         ids=["national", SAMPLE])
def test_a_source_address_breaks_only_after_a_slash_or_a_dot(built: GovernanceBuild,
                                                            where: tuple[str, str | None]
                                                            ) -> None:
    """A reader types the address they see: one too long for its line goes on after a "/"
    or a ".", never inside a word ("unde" / "rstanding-your-baby")."""
    lines = poppler_lines_of(built.folder(*where) / "sources.pdf")
    urls = {source["url"] for resource in resources_of(built.content).values()
            for source in resource["sources"] if source.get("url")}
    for url in sorted(urls):
        pieces = printed_address(lines, url)
        assert pieces, f"{url} is not printed in full"
        assert all(piece[-1] in "/." for piece in pieces[:-1]), (url, pieces)


def poppler_lines_of(pdf: Path) -> list[str]:
    return [line for page in poppler_pages(pdf) for line in page.splitlines()]


def test_the_sources_page_keeps_every_resource_when_one_is_rebuilt(built: GovernanceBuild,
                                                                    tmp_path: Path) -> None:
    output = tmp_path / "out"
    shutil.copytree(built.folder("office", None), output)
    before = (output / "sources.pdf").read_bytes()
    result = run_build(["--content", built.content, "--output", output, "--only",
                        "where-to-get-help"])
    assert result.returncode == 0, describe(result)
    assert (output / "sources.pdf").read_bytes() == before


def test_preflight_json_carries_each_resources_sources(built: GovernanceBuild) -> None:
    resources = resources_of(built.content)
    for where in (("office", None), ("press", SAMPLE)):
        report = json.loads((built.folder(*where) / "preflight.json").read_text())
        assert {entry["id"] for entry in report["resources"]} == set(resources)
        for entry in report["resources"]:
            resource = resources[entry["id"]]
            assert entry["version"] == resource["version"]
            assert entry["reviewed"] == str(resource["reviewed"])
            assert entry["sources"] == [{"title": s["title"], "url": s.get("url")}
                                        for s in resource["sources"]]


# ---- an edition's own sources address and feedback route; the settings file ------------

EDITION = """\
kind: edition
id: oakfield
name: Oakfield Family Hub
phone: "0113 496 0777"
feedback: talk@oakfield-hub.example
sources_web: https://oakfield-hub.example/our-sources/
"""


def test_an_editions_sources_address_and_feedback_are_printed(tmp_path: Path) -> None:
    content = write_content(tmp_path, {"one.yaml": leaflet_yaml()})
    (content / "editions").mkdir()
    (content / "editions" / "oakfield.yaml").write_text(EDITION, encoding="utf-8")
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output, "--edition", "oakfield"])
    assert result.returncode == 0, describe(result)
    text = " ".join(page_texts(output / "oakfield" / "leaflets" / "test-one.pdf"))
    strings = strings_of(content)
    assert strings["sources_line"].format(where="oakfield-hub.example/our-sources") in text
    assert strings["feedback_line"].format(how="talk@oakfield-hub.example") in text
    assert strings["published_by"].format(owner="Oakfield Family Hub") in text
    sources = " ".join(page_texts(output / "oakfield" / "sources.pdf"))
    assert "Oakfield Family Hub" in sources and "example.org" in sources


def test_the_settings_name_the_national_publisher(tmp_path: Path) -> None:
    content = write_content(tmp_path, {"one.yaml": leaflet_yaml()})
    (content / "settings.yaml").write_text(
        "kind: settings\npublisher: Northshire Leaflet Group\nfeedback: leaflets@north.example\n",
        encoding="utf-8")
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 0, describe(result)
    pdf = output / "leaflets" / "test-one.pdf"
    back = page_texts(pdf)[-1]
    assert "Published by Northshire Leaflet Group" in back
    assert "leaflets@north.example" in back
    assert "Test Hub" not in back  # the leaflet's owner is not named as publisher
    assert pypdf.PdfReader(pdf).metadata["/Author"] == "Northshire Leaflet Group"


@pytest.mark.parametrize(("text", "marker", "message"), [
    ("kind: settings\npublsher: X\n", "publsher", "did you mean 'publisher'"),
    ("kind: settings\npublisher: X\nsources_web: www.x.example\n", "sources_web", "https://"),
    ("kind: settings\nfeedback: ask us\n", "kind: settings", "publisher"),
])
def test_bad_settings_are_refused_on_their_line(tmp_path: Path, text: str, marker: str,
                                                message: str) -> None:
    content = write_content(tmp_path, {"one.yaml": leaflet_yaml()})
    path = content / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 1, describe(result)
    find_diag(result.stderr, path, line_with(text, marker), "error", message)
    assert not output.exists() or not list(output.rglob("*.pdf"))


def test_a_second_settings_file_is_refused(tmp_path: Path) -> None:
    content = write_content(tmp_path, {"one.yaml": leaflet_yaml()})
    (content / "settings.yaml").write_text("kind: settings\npublisher: A\n", encoding="utf-8")
    (content / "more.yaml").write_text("kind: settings\npublisher: B\n", encoding="utf-8")
    result = run_build(["--content", content, "--output", tmp_path / "out", "--check"])
    assert result.returncode == 1, describe(result)
    assert "a second settings file" in result.stderr


def test_the_sheets_embed_their_fonts(built: GovernanceBuild) -> None:
    for where in (("office", None), ("press", SAMPLE)):
        pdf = (built.folder(*where) / "sources.pdf").read_bytes()
        assert pdfcheck.unembedded_fonts(pdf) == []


def test_how_a_service_was_checked_and_the_settings_are_not_for_translators(
        tmp_path: Path) -> None:
    """Translators get the small print's words (strings.po), never how a service was
    checked or the settings' facts: those print as written in every language."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    ids = [arg for resource_id in resources_of(content) for arg in ("--only", resource_id)]
    result = subprocess.run([sys.executable, "build_pdfs.py", "translations", "extract",
                             "--content", str(content), "--language", "de", *ids], cwd=REPO,
                            capture_output=True, text=True, env=clean_env(), timeout=120)
    assert result.returncode == 0, describe(result)
    folder = content / "translations" / "de"
    entries = [entry for path in folder.glob("*.po") for entry in polib.pofile(str(path))]
    keys = {entry.msgctxt for entry in entries}
    services = load(content / "services.yaml")["services"]
    for service in services:
        assert f"{service['id']} name" in keys  # the directory is extracted...
        for field in ("verified_how", "verified_on", "source", "status"):
            assert f"{service['id']} {field}" not in keys  # ...but not how it was checked
    settings = load(content / "settings.yaml")
    assert settings["publisher"] not in {entry.msgid for entry in entries}
    strings = strings_of(content)
    for key in ("not_advice_leaflet", "other_formats", "sources_line", "feedback_line",
                "ask_at_hub", "sample_band", "version"):
        assert key in keys and strings[key] in {entry.msgid for entry in entries}
