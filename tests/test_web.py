"""The web versions and the catalogue (imhprint/web/): built by the real CLI, then read
as HTML and, in headless Chromium (Playwright pointed at the system's /usr/bin/chromium),
filtered, searched, followed and checked with axe-core, with every request recorded.

The content is a copy of the real content with one addition: a made-up Arabic
translation of the 'read-my-cues' poster (test words only, not a translation anyone
should print), so that a right-to-left page is tested whatever translations ship.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import polib
import pytest
import yaml
from conftest import CONTENT, REPO, clean_env, describe, page_texts, run_build

from imhprint.theme import script_for

AXE = REPO / "tests" / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH", "/usr/bin/chromium"))
PHONE = {"width": 390, "height": 844}
RTL_ID = "read-my-cues"
ARABIC_TEST_WORDS = "نص تجريبي للاختبار"  # "test text": a fixture, not a translation


# ---- reading HTML ---------------------------------------------------------------------------

class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element] = []
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    def ancestors(self) -> list[Element]:
        found, node = [], self.parent
        while node is not None:
            found.append(node)
            node = node.parent
        return found


VOID = {"meta", "link", "img", "input", "br", "hr", "source"}


class Tree(HTMLParser):
    """Every element of a page, with its attributes and all the text inside it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.stack = [self.root]
        self.elements: list[Element] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        while len(self.stack) > 1:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.parts.append(data)

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]


def tree(path: Path) -> Tree:
    return Tree(path.read_text(encoding="utf-8"))


# ---- the build ----------------------------------------------------------------------------

def add_arabic_fixture(content: Path) -> None:
    """A draft Arabic translation of one poster: every passage without numbers or
    addresses replaced by the same test words; the rest falls back to English."""
    result = subprocess.run([sys.executable, "build_pdfs.py", "translations", "extract",
                             "--content", str(content), "--language", "ar", "--only", RTL_ID],
                            cwd=REPO, capture_output=True, text=True, env=clean_env())
    assert result.returncode == 0, describe(result)
    # the shipped Arabic drafts keep their own layout words; only this poster's are test words
    shipped_strings = (CONTENT / "translations" / "ar" / "strings.po").is_file()
    for name in (RTL_ID,) if shipped_strings else (RTL_ID, "strings"):
        path = content / "translations" / "ar" / f"{name}.po"
        po = polib.pofile(str(path))
        for entry in po:
            if not re.search(r"[\d{}]|https?://|\w\.\w", entry.msgid):
                entry.msgstr = ARABIC_TEST_WORDS
        if name == RTL_ID:
            po[-1].msgstr = ""  # one passage left to translate: printed in English, marked
        po.save(str(path))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content plus the Arabic fixture, built (national and every edition)."""
    root = tmp_path_factory.mktemp("web")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    add_arabic_fixture(content)
    output = root / "output"
    for extra in ([], ["--edition", "all"]):
        result = run_build(["--content", content, "--output", output, "-q", *extra])
        assert result.returncode == 0, describe(result)
    return output


def resources() -> list[dict]:
    found = []
    for folder in ("leaflets", "posters"):
        for path in sorted((CONTENT / folder).glob("*.yaml")):
            found.append(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def catalogue(folder: Path) -> dict:
    return json.loads((folder / "web" / "catalogue.json").read_text(encoding="utf-8"))


# ---- the pages ------------------------------------------------------------------------------

def test_every_resource_has_a_web_page_in_each_language_with_lang_and_dir(site: Path):
    entries = catalogue(site)["entries"]
    ids = {e["id"] for e in entries}
    assert ids == {r["id"] for r in resources()}
    languages = {e["language"] for e in entries}
    assert {"en-GB", "pl", "ro", "ar"} <= languages
    for entry in entries:
        page = tree(site / entry["web"])
        html = page.all("html")[0]
        assert html.attrs["lang"] == entry["language"]
        right_to_left = script_for(entry["language"]) == "arabic"
        assert html.attrs["dir"] == ("rtl" if right_to_left else "ltr")
        assert len(page.all("h1")) == 1
        assert page.all("h1")[0].text
        assert page.all("main")


def test_a_page_prints_every_block_of_the_yaml_in_order(site: Path):
    leaflet = yaml.safe_load((CONTENT / "leaflets" / "cues-and-crying.yaml")
                             .read_text(encoding="utf-8"))
    page = tree(site / "web" / f"{leaflet['id']}.html")
    text = page.all("main")[0].text
    headings = [b["heading"] for b in leaflet["blocks"] if "heading" in b]
    assert [h.text for h in page.all("h2")][:len(headings)] == headings
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    # the tri-fold-only paragraph is on the web page too: it has the room
    trifold_only = next(b for b in leaflet["blocks"] if b.get("formats") == ["trifold"])
    assert "Films and a Crying Plan" in trifold_only["paragraph"]
    assert "Films and a Crying Plan" in text


def test_cues_are_a_real_table_with_header_cells_for_columns_and_rows(site: Path):
    leaflet = yaml.safe_load((CONTENT / "leaflets" / "cues-and-crying.yaml")
                             .read_text(encoding="utf-8"))
    cues = next(b["cues"] for b in leaflet["blocks"] if "cues" in b)
    page = tree(site / "web" / f"{leaflet['id']}.html")
    table = page.all("table")[0]
    headers = [e for e in page.all("th") if table in e.ancestors()]
    columns = [th.text for th in headers if th.attrs.get("scope") == "col"]
    rows = [th.text for th in headers if th.attrs.get("scope") == "row"]
    assert columns == ["Your baby may…", "This may mean…", "You can try…"]
    assert rows == [cue["you_see"] for cue in cues]
    cells = [td.text for td in page.all("td") if table in td.ancestors()]
    assert cells[:2] == [cues[0]["it_may_mean"], cues[0]["you_can_try"]]


def test_phone_numbers_are_tel_links_in_e164_and_addresses_are_links(site: Path):
    page = tree(site / "web" / "where-to-get-help.html")
    links = {a.text: a.attrs["href"] for a in page.all("a")}
    assert links["0800 448 0737"] == "tel:+448004480737"  # Cry-sis
    assert links["999"] == "tel:999"
    assert links["116 123"] == "tel:116123"
    for text, href in links.items():
        if re.fullmatch(r"[\d ]+", text):
            assert href.startswith(("tel:", "sms:")), (text, href)
    # "text SHOUT to **85258**": a number to text opens the messages app, wherever it is
    shout = [a.attrs["href"] for a in page.all("a") if a.text == "85258"]
    assert len(shout) >= 2 and set(shout) == {"sms:85258"}
    sources = [a.attrs["href"] for a in page.all("a")
               if any(p.attrs.get("class") == "sources" for p in a.ancestors())]
    assert sources and all(href.startswith("https://") for href in sources)


def test_the_small_print_is_the_same_as_the_pdfs(site: Path):
    for resource, pdf in (("understanding-cues-and-crying", "leaflets/"
                           "understanding-cues-and-crying.pdf"),
                          ("read-my-cues", "posters/read-my-cues-a3.pdf")):
        printed = page_texts(site / pdf)[-1]
        footer = tree(site / "web" / f"{resource}.html").all("footer")[0]
        lines = [p.text for p in footer.children if p.tag == "p"]
        assert len(lines) >= 6
        for line in lines:  # publisher, feedback, sources, not-advice, version and dates
            assert line.replace("\u00a0", " ") in printed, line


def test_an_edition_page_carries_its_hub_its_sample_notice_and_its_publisher(site: Path):
    edition = yaml.safe_load((CONTENT / "editions" / "riverside.yaml")
                             .read_text(encoding="utf-8"))
    page = tree(site / "riverside" / "web" / "where-to-get-help.html")
    notice = [p for p in page.all("p") if "notice-sample" in p.attrs.get("class", "")]
    assert [p.text for p in notice] == ["Sample edition: details are fictional"]
    hub = [s for s in page.all("section") if "hub" in s.attrs.get("class", "").split()][0]
    assert edition["name"] in hub.text and edition["phone"] in hub.text
    assert f"Published by {edition['name']}" in page.all("footer")[0].text
    logo = [img for img in page.all("img") if "logo" in img.attrs.get("class", "")][0]
    assert logo.attrs["alt"] == edition["name"]
    assert (site / "riverside" / "web" / logo.attrs["src"]).is_file()
    # the edition's own colour is the pages' accent
    theme = (site / "riverside" / "web" / "theme.css").read_text()
    assert f"--accent: {edition['colours']['accent'].upper()};" in theme


def test_a_draft_translation_says_so_in_both_languages_and_marks_english_passages(
        site: Path):
    page = tree(site / "web" / f"{RTL_ID}.ar.html")
    drafts = [p for p in page.all("p") if "notice-draft" in p.attrs.get("class", "")]
    strings = polib.pofile(str(site.parent / "content" / "translations" / "ar" / "strings.po"))
    band = next(e.msgstr for e in strings if e.msgctxt == "translation_draft")
    assert [(p.text, p.attrs.get("lang")) for p in drafts] == [
        ("Draft translation: not yet checked", "en-GB"), (band, None)]
    assert drafts[0].attrs["dir"] == "ltr"
    english = [e for e in page.elements if e.attrs.get("lang") == "en-GB"
               and e.text.startswith("[EN]")]
    assert english and all(e.attrs.get("dir") == "ltr" for e in english)
    polish = tree(site / "web" / "where-to-get-help.pl.html")
    assert any(p.text == "Draft translation: not yet checked" for p in polish.all("p"))


def test_author_text_is_escaped_by_the_templates(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("translations"))
    path = content / "leaflets" / "bonding.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("blocks:\n", "blocks:\n  - paragraph: \"Ask <b>your GP</b>"
                                 " & <script>alert(1)</script> too.\"\n", 1),
                    encoding="utf-8")
    output = tmp_path / "output"
    result = run_build(["--content", content, "--output", output, "--only",
                        "bonding-with-your-baby", "-q"])
    assert result.returncode == 0, describe(result)
    html = (output / "web" / "bonding-with-your-baby.html").read_text(encoding="utf-8")
    assert "Ask &lt;b&gt;your GP&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt; too." \
        in html
    assert "<script>alert" not in html


def test_a_picture_is_copied_beside_the_page_with_its_alt_text(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("translations"))
    path = content / "leaflets" / "bonding.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("blocks:\n", "blocks:\n  - image:\n      src: logos/westmoor.png\n"
                                 "      alt: The Westmoor hubs' logo\n      width_percent: 25\n"
                                 "      caption: Our logo\n", 1), encoding="utf-8")
    output = tmp_path / "output"
    result = run_build(["--content", content, "--output", output, "--only",
                        "bonding-with-your-baby", "-q"])
    assert result.returncode == 0, describe(result)
    page = tree(output / "web" / "bonding-with-your-baby.html")
    figure = next(f for f in page.all("figure") if "picture" in f.attrs.get("class", ""))
    image = next(e for e in page.all("img") if figure in e.ancestors())
    assert image.attrs["alt"] == "The Westmoor hubs' logo"
    assert (output / "web" / image.attrs["src"]).read_bytes() == \
        (REPO / "assets" / "logos" / "westmoor.png").read_bytes()
    assert figure.text == "Our logo"


def test_the_catalogue_says_when_preflight_stops_a_resource_and_keeps_its_last_pdf(
        site: Path, tmp_path: Path):
    output = tmp_path / "output"
    shutil.copytree(site, output)
    pdf = output / "posters" / "safer-sleep-a3.pdf"
    before = pdf.read_bytes()
    result = run_build(["--content", site.parent / "content", "--output", output, "--only",
                        "safer-sleep", "--language", "en-GB", "--today", "2031-01-01",
                        "-q"])
    assert result.returncode == 1, describe(result)  # its review date has passed
    entry = next(e for e in catalogue(output)["entries"] if e["id"] == "safer-sleep")
    assert entry["preflight"] == "errors"
    assert pdf.read_bytes() == before
    page = tree(output / "index.html")
    item = next(li for li in page.all("li") if li.attrs.get("data-edition") == "national"
                and "Safer sleep" in li.text)
    assert "Preflight: errors" in item.text
    links = [a.attrs["href"] for a in page.all("a") if item in a.ancestors()]
    assert "posters/safer-sleep-a3.pdf" in links and "web/safer-sleep.html" in links


def test_nothing_on_a_page_or_the_catalogue_comes_from_elsewhere(site: Path):
    """Fonts, styles, scripts and pictures are files beside the pages (a USB stick)."""
    pages = [*sorted(site.glob("**/web/*.html")), *sorted(site.glob("**/index.html"))]
    assert len(pages) > 20
    for path in pages:
        page = tree(path)
        for element in page.elements:
            for attr in ("src", "href"):
                value = element.attrs.get(attr)
                if value is None or (element.tag == "a" and attr == "href"):
                    continue
                assert not re.match(r"[a-z]+:|//", value), (path, element.tag, value)
                assert (path.parent / value).is_file(), (path, value)
    theme = (site / "web" / "theme.css").read_text()
    for url in re.findall(r'url\("([^"]+)"\)', theme):
        if "andika" in url:  # the English pages' font is always shipped
            assert (site / "web" / url).is_file(), url
    assert (site / "web" / "fonts" / "andika" / "OFL.txt").is_file()
    assert (site / "web" / "fonts" / "noto-naskh-arabic" / "OFL.txt").is_file()


def test_theme_css_is_made_from_the_theme(site: Path):
    from imhprint.theme import LEAFLET_TYPE, PALETTE, hex_of

    theme = (site / "web" / "theme.css").read_text()
    assert f"--accent: {hex_of(PALETTE.accent).upper()};" in theme
    assert f"--warning-tint: {hex_of(PALETTE.warning_tint).upper()};" in theme
    assert f"--size-body: {LEAFLET_TYPE.body:g}pt;" in theme


def test_the_catalogue_lists_every_copy_with_its_files_state_and_review_date(site: Path):
    data = catalogue(site)
    page = tree(site / "index.html")
    entries = [li for li in page.all("li") if "entry" in li.attrs.get("class", "").split()]
    riverside = catalogue(site / "riverside")["entries"]
    assert len(entries) == len(data["entries"]) + len(riverside) + len(
        catalogue(site / "westmoor")["entries"])
    for entry in data["entries"]:
        assert entry["preflight"] in ("ok", "warnings", "errors")
        thumb = site / entry["thumbnail"]
        assert thumb.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        for fmt in entry["formats"]:
            if fmt["href"]:
                assert (site / fmt["href"]).is_file()
    cues = next(li for li in entries if li.attrs["data-language"] == "en-GB"
                and "Understanding your baby" in li.text and li.attrs["data-edition"]
                == "national")
    assert cues.attrs["data-kind"] == "leaflet"
    assert cues.attrs["data-format"] == "a4 trifold large-print"
    assert "Large print" in cues.text and "large-print" not in cues.text  # a label, not an id
    assert "Next review December 2027" in cues.text
    sizes = re.findall(r"(\d+(?:\.\d)?) [KM]B", cues.text)
    assert len(sizes) == 3
    actual = (site / "leaflets" / "understanding-cues-and-crying.pdf").stat().st_size
    assert int(sizes[0]) == round(actual / 1000)
    # each edition folder has its own catalogue, of its own resources only
    own = tree(site / "riverside" / "index.html")
    assert {li.attrs["data-edition"] for li in own.all("li") if "data-edition" in li.attrs} \
        == {"riverside"}


def test_a_build_of_one_resource_keeps_the_others_in_the_catalogue(site: Path,
                                                                   tmp_path: Path):
    output = tmp_path / "output"
    shutil.copytree(site, output)
    before = catalogue(output)["entries"]
    content = site.parent / "content"
    result = run_build(["--content", content, "--output", output, "--only", "safer-sleep",
                        "-q"])
    assert result.returncode == 0, describe(result)
    assert catalogue(output)["entries"] == before


def test_web_output_is_reproducible_byte_for_byte(site: Path, tmp_path: Path):
    output = tmp_path / "again"
    content = site.parent / "content"
    result = run_build(["--content", content, "--output", output, "-q"])
    assert result.returncode == 0, describe(result)
    made = sorted(p.relative_to(output) for p in output.rglob("*") if p.is_file()
                  and p.parts[len(output.parts)] not in ("riverside", "westmoor"))
    assert any(p.suffix == ".png" for p in made) and any(p.suffix == ".html" for p in made)
    for relative in made:
        if relative.name == "index.html":
            continue  # the first build's lists its editions too
        assert (output / relative).read_bytes() == (site / relative).read_bytes(), relative


def test_a_press_build_or_a_check_writes_no_web_pages(tmp_path: Path):
    output = tmp_path / "output"
    for args in (["--check"], ["--profile", "press"]):
        result = run_build(["--output", output, "--only", "safer-sleep", "-q", *args])
        assert result.returncode == 0, describe(result)
    assert not (output / "web").exists() and not (output / "index.html").exists()


# ---- in the browser ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        if os.environ.get("CI"):
            raise AssertionError(f"CI installs Chromium, but {CHROMIUM} is missing")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=["--no-sandbox"])
        yield launched
        launched.close()


class Visit:
    """A page in the browser, with every request and console message recorded."""

    def __init__(self, browser, url: str, **options) -> None:  # type: ignore[no-untyped-def]
        self.context = browser.new_context(viewport=PHONE, **options)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type in ("error", "warning")
                     and self.problems.append(message.text))
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def axe_violations(self) -> list[str]:
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x: "
                f"{v['nodes'][0]['target']})" for v in result["violations"]]

    def close(self) -> None:
        self.context.close()

    def external(self, origin: str = "file://") -> list[str]:
        return [url for url in self.requests if not url.startswith(origin)]


def visible_entries(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(".entry:not([hidden]) h2", "els => els.map(e => "
                                     "e.textContent.trim())")


def test_catalogue_filters_search_and_links_work_in_the_browser(browser, site: Path):
    visit = Visit(browser, (site / "index.html").as_uri())
    page = visit.page
    everything = visible_entries(page)
    assert len(everything) == page.locator(".entry").count() > 20
    page.get_by_text("Filter by").click()
    page.get_by_label("Poster", exact=True).uncheck()
    shown = page.eval_on_selector_all(".entry:not([hidden])", "els => els.map(e => "
                                      "e.dataset.kind)")
    assert shown and set(shown) == {"leaflet"}
    assert page.locator("#count").inner_text() == f"{len(shown)} leaflets and posters shown"
    page.get_by_label("Poster", exact=True).check()
    page.get_by_label("Search").fill("sleep")
    found = page.eval_on_selector_all(".entry:not([hidden])", "els => els.map(e => "
                                      "e.textContent.toLowerCase())")
    assert 0 < len(found) < len(everything) and all("sleep" in text for text in found)
    page.get_by_label("Search").fill("")
    assert len(visible_entries(page)) == len(everything)
    # open a web version, and follow one of its PDF links
    page.locator(".entry:not([hidden]) h2 a").first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text()
    href = page.locator(".downloads a").first.get_attribute("href")
    target = Path(page.url.removeprefix("file://")).parent / href
    assert target.read_bytes()[:5] == b"%PDF-"
    assert visit.problems == [] and visit.external() == []
    page.locator(".downloads a").first.click()
    page.wait_for_url(re.compile(re.escape(target.name) + "$"))
    # the browser's own PDF viewer is a chrome-extension: page; nothing goes out
    assert not [url for url in visit.external() if url.startswith(("http:", "https:"))]
    visit.close()


def test_catalogue_filters_work_from_the_keyboard(browser, site: Path):
    visit = Visit(browser, (site / "index.html").as_uri())
    page = visit.page
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search"
    page.keyboard.type("cues")
    assert all("cues" in text.lower() or "Cue" in text for text in visible_entries(page))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # opens the filters
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "leaflet"
    page.keyboard.press("Space")  # leaflets off
    kinds = page.eval_on_selector_all(".entry:not([hidden])", "els => els.map(e => "
                                      "e.dataset.kind)")
    assert kinds and set(kinds) == {"poster"}
    assert visit.problems == []
    visit.close()


def test_with_javascript_off_everything_is_listed(browser, site: Path):
    visit = Visit(browser, (site / "index.html").as_uri(), java_script_enabled=False)
    assert visit.page.locator(".entry:visible").count() == visit.page.locator(
        ".entry").count() > 20
    assert not visit.page.locator("#filters").is_visible()
    visit.close()


@pytest.fixture(scope="module")
def served(site: Path):
    """The built folder on a local web server: axe reads the stylesheets, which a
    browser does not let a script do for files opened from disk."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("page", ["index.html", "web/understanding-cues-and-crying.html",
                                  f"web/{RTL_ID}.ar.html", "web/where-to-get-help.pl.html",
                                  "riverside/index.html",
                                  "riverside/web/where-to-get-help.html"])
def test_axe_finds_no_accessibility_problems(browser, served: str, page: str):
    visit = Visit(browser, served + page)
    assert visit.axe_violations() == []
    assert visit.problems == [] and visit.external(served) == []
    visit.close()


def test_a_right_to_left_page_reads_right_to_left(browser, site: Path):
    visit = Visit(browser, (site / "web" / f"{RTL_ID}.ar.html").as_uri())
    page = visit.page
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    heading = page.locator("h1").bounding_box()
    cover = page.locator(".cover").bounding_box()
    # right-aligned: the title ends at the cover's right padding, not its left
    assert cover["x"] + cover["width"] - (heading["x"] + heading["width"]) < 40
    font = page.evaluate("getComputedStyle(document.documentElement).fontFamily")
    assert font.replace('"', "").startswith("NotoNaskhArabic,")
    english = page.locator(".notice-draft[lang='en-GB']")
    assert english.evaluate("e => getComputedStyle(e).direction") == "ltr"
    visit.close()


def test_pages_fit_a_phone_without_sideways_scrolling(browser, site: Path):
    for page in ("index.html", "web/understanding-cues-and-crying.html",
                 f"web/{RTL_ID}.ar.html"):
        visit = Visit(browser, (site / page).as_uri())
        width = visit.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], page
        body = visit.page.evaluate("parseFloat(getComputedStyle(document.querySelector("
                                   "'main p')).fontSize)")
        assert body >= 18, page  # 14 pt: large, as on the leaflet
        visit.close()
