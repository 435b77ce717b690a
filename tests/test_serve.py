"""Live preview (build_pdfs.py serve) and --watch: the real CLI in the background, a YAML
file changed under it, and the open page in headless Chromium seen to change; a broken
file's errors seen in the page while the last good page and PDF stay."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CONTENT, REPO, TEST_TODAY, clean_env

from imhprint.web.serve import resources_to_rebuild

CHROMIUM = Path(os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH", "/usr/bin/chromium"))
RESOURCE = "bonding-with-your-baby"
TITLE = "Bonding with your baby"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def small_content(root: Path) -> Path:
    """The real content with two leaflets only, so each build takes a second or two."""
    content = root / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("translations",
                                                                      "editions", "posters"))
    for path in (content / "leaflets").glob("*.yaml"):
        if path.name not in ("bonding.yaml", "where-to-get-help.yaml"):
            path.unlink()
    return content


class Background:
    """build_pdfs.py running in the background, its output collected in a file."""

    def __init__(self, args: list[str], log: Path) -> None:
        self.log = log
        self.handle = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "build_pdfs.py", *args, "--today", TEST_TODAY, "-q"],
            cwd=REPO, stdout=self.handle, stderr=subprocess.STDOUT, env=clean_env(),
            text=True)

    def wait_for(self, pattern: str, timeout: float = 60) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.log.read_text())
            if found:
                return found
            assert self.process.poll() is None, self.log.read_text()
            time.sleep(0.1)
        raise AssertionError(f"no {pattern!r} in:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.handle.close()


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Background, Path, str]]:
    content = small_content(tmp_path)
    port = free_port()
    server = Background(["serve", "--port", str(port), "--content", str(content),
                         "--output", str(tmp_path / "output")], tmp_path / "serve.log")
    try:
        server.wait_for(r"Preview: open http://127\.0\.0\.1:\d+/")
        yield server, content, f"http://127.0.0.1:{port}/"
    finally:
        server.stop()


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_page_follows_the_yaml_and_shows_its_errors(preview, tmp_path: Path):
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        if os.environ.get("CI"):
            raise AssertionError(f"CI installs Chromium, but {CHROMIUM} is missing")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    server, content, url = preview
    leaflet = content / "leaflets" / "bonding.yaml"
    pdf = tmp_path / "output" / "leaflets" / f"{RESOURCE}.pdf"
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox"])
        page = browser.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"{url}web/{RESOURCE}.html")
        heading = page.locator("h1")
        assert heading.inner_text() == TITLE
        # the catalogue is served too, at the top
        assert page.request.get(url).ok

        started = time.monotonic()
        rewrite(leaflet, f"title: {TITLE}", "title: Bonding with your little one")
        playwright_api.expect(heading).to_have_text("Bonding with your little one",
                                                    timeout=15_000)
        assert time.monotonic() - started < 15
        good_pdf = pdf.read_bytes()
        assert good_pdf[:5] == b"%PDF-"

        rewrite(leaflet, "title: Bonding with your little one", "title: [Bonding")
        errors = page.locator(".preview-errors")
        playwright_api.expect(errors).to_contain_text("bonding.yaml:", timeout=15_000)
        shown = errors.inner_text()
        assert re.search(r"leaflets/bonding\.yaml:\d+: error: ", shown), shown
        printed = re.search(r"\S*bonding\.yaml:\d+: error: [^\n]*", server.log.read_text())
        assert printed and printed.group() in shown  # the same line the terminal shows
        assert heading.inner_text() == "Bonding with your little one"  # the last good page
        assert pdf.read_bytes() == good_pdf  # and the last good PDF

        rewrite(leaflet, "title: [Bonding", f"title: {TITLE}")
        playwright_api.expect(heading).to_have_text(TITLE, timeout=15_000)
        playwright_api.expect(errors).to_have_count(0)
        assert problems == []
        browser.close()
    # only the leaflet whose file changed was rebuilt
    assert f"rebuilding {RESOURCE}" in server.log.read_text()
    assert "rebuilding everything" not in server.log.read_text()


def test_watch_rebuilds_the_pdf_when_the_yaml_changes(tmp_path: Path):
    content = small_content(tmp_path)
    output = tmp_path / "output"
    watcher = Background(["--watch", "--content", str(content), "--output", str(output)],
                         tmp_path / "watch.log")
    try:
        watcher.wait_for("Watching")
        page = output / "web" / f"{RESOURCE}.html"
        pdf = output / "leaflets" / f"{RESOURCE}.pdf"
        before = pdf.read_bytes()
        other = (output / "leaflets" / "where-to-get-help.pdf").stat().st_mtime_ns
        rewrite(content / "leaflets" / "bonding.yaml", f"title: {TITLE}",
                "title: Bonding, a new title")
        deadline = time.monotonic() + 20
        while "Bonding, a new title" not in page.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, watcher.log.read_text()
            time.sleep(0.2)
        assert pdf.read_bytes() != before  # written before the page is
        assert (output / "leaflets" / "where-to-get-help.pdf").stat().st_mtime_ns == other
    finally:
        watcher.stop()


def test_what_a_change_rebuilds(tmp_path: Path):
    content = small_content(tmp_path)
    leaflets = content / "leaflets"
    assert resources_to_rebuild([leaflets / "bonding.yaml"], content) == [RESOURCE]
    # a file that does not parse still names its id
    (leaflets / "bonding.yaml").write_text("kind: leaflet\nid: bonding-with-your-baby\n"
                                           "title: [broken\n", encoding="utf-8")
    assert resources_to_rebuild([leaflets / "bonding.yaml"], content) == [RESOURCE]
    po = content / "translations" / "pl" / "where-to-get-help.po"
    assert resources_to_rebuild([po, leaflets / "bonding.yaml"], content) == [
        RESOURCE, "where-to-get-help"]
    # shared files can change every resource
    for shared in (content / "services.yaml", content / "strings" / "en-GB.yaml",
                   content / "translations" / "pl" / "services.po",
                   REPO / "assets" / "logos" / "riverside.svg"):
        assert resources_to_rebuild([shared], content) is None, shared
    # an editor's temporary file is not content
    assert resources_to_rebuild([leaflets / ".bonding.yaml.swp",
                                 leaflets / "sedAb12"], content) == []
