"""A rebuild with nothing changed decides from the cache, writes nothing, and loads little.

Every test runs the real CLI on a copy of the real content, with a cache folder of its own,
and reads what it wrote: the bytes, inodes and modification times of every file in the
output folder (PDFs, preflight.json, index.html, web/), and what the printed report says.
The no-op runs go through a tiny wrapper that also records which modules the process
imported and which fonts it registered with ReportLab: a structural check of what a
no-op loads, never a timing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, TEST_TODAY, clean_env, describe, run_build
from test_parallel_incremental import Workspace as BuildWorkspace
from test_parallel_incremental import pdfs

# What only laying out, rendering a web page or reading a finished PDF needs.
NOT_ON_A_NO_OP = ("jinja2", "svglib")
# What only finishing and reading a PDF needs (a build whose cache has no PDF yet, as
# after a failed first build, loads them before its workers start, to share them).
PDF_LIBRARIES = ("pikepdf", "pypdf", "pypdfium2")

# Runs the CLI as build_pdfs.py does, then notes what the process loaded.
PROBE = """\
import json, sys
sys.path.insert(0, {repo!r})
import build_pdfs
code = build_pdfs.main(sys.argv[1:])
from reportlab.pdfbase import pdfmetrics
fonts = [name for name in pdfmetrics.getRegisteredFontNames()
         if name not in pdfmetrics.standardFonts]
with open({record!r}, "w", encoding="utf-8") as file:
    json.dump({{"modules": sorted(sys.modules), "fonts": fonts}}, file)
sys.exit(code)
"""


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file's inode, modification time and bytes: a file written again (even with
    the same bytes) is a new file put in place, with a new inode and time."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns,
                                               p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def changed(before: dict[str, tuple[int, int, bytes]],
            after: dict[str, tuple[int, int, bytes]]) -> set[str]:
    return {name for name in after if before.get(name) != after[name]} | (
        set(before) - set(after))


def built_count(stdout: str) -> tuple[int, int]:
    """(built, already up to date) from the summary line."""
    match = re.search(r"Built (\d+) PDFs? in .*?\(\d+\.\d s\)(?:; (\d+) already up to date)?",
                      stdout)
    assert match, stdout
    return int(match[1]), int(match[2] or 0)


class Workspace(BuildWorkspace):
    """test_parallel_incremental's workspace, built with an exit code to expect, and run
    through a probe that notes what the process loaded."""

    def args(self, *extra: str | Path) -> list[str | Path]:
        return ["--content", self.content, "--output", self.output, "--cache", self.cache,
                *extra]

    def build(self, *extra: str | Path, code: int = 0) -> subprocess.CompletedProcess[str]:
        result = run_build(self.args(*extra))
        assert result.returncode == code, describe(result)
        assert "Traceback" not in result.stderr, describe(result)
        return result

    def probe(self, *extra: str | Path, code: int = 0,
              ) -> tuple[subprocess.CompletedProcess[str], dict[str, list[str]]]:
        """A build through the wrapper: its result, and the modules and fonts it loaded."""
        record = self.root / "probe.json"
        args = [str(a) for a in self.args(*extra)]
        if "--today" not in args:
            args += ["--today", TEST_TODAY]
        script = PROBE.format(repo=str(REPO), record=str(record))
        result = subprocess.run([sys.executable, "-c", script, *args], cwd=REPO,
                                capture_output=True, text=True, env=clean_env(), timeout=120)
        assert result.returncode == code, describe(result)
        assert "Traceback" not in result.stderr, describe(result)
        return result, json.loads(record.read_text(encoding="utf-8"))


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


def assert_loaded_little(loaded: dict[str, list[str]]) -> None:
    heavy = [name for name in NOT_ON_A_NO_OP if name in loaded["modules"]]
    assert heavy == [], f"a no-op build imported {heavy}"
    # no font read: nothing was laid out, shaped, glyph-checked or fitted
    assert loaded["fonts"] == [], f"a no-op build loaded fonts {loaded['fonts']}"


def test_a_no_op_rebuild_writes_nothing_and_loads_no_font(ws: Workspace):
    first = ws.build()
    built, fresh = built_count(first.stdout)
    assert built > 20 and fresh == 0
    before = snapshot(ws.output)
    assert {"preflight.json", "index.html", "web/catalogue.json"} <= set(before)
    assert any(name.startswith("web/") and name.endswith(".html") for name in before)
    cache_before = snapshot(ws.cache)
    again, loaded = ws.probe()
    assert changed(before, snapshot(ws.output)) == set()  # not one file written again
    assert changed(cache_before, snapshot(ws.cache)) == set()  # nor the cache
    assert built_count(again.stdout) == (0, built)
    # the same problems, first, and the same report table as the build that made them
    assert again.stderr == first.stderr
    assert "Preflight" in again.stdout
    assert_loaded_little(loaded)
    pdf_libraries = [name for name in PDF_LIBRARIES if name in loaded["modules"]]
    assert pdf_libraries == [], f"a no-op build imported {pdf_libraries}"


def test_a_no_op_rebuild_still_checks_the_dates(ws: Workspace):
    ws.build()
    before = snapshot(ws.output)
    late, loaded = ws.probe("--today", "2099-01-01", code=1)
    # every review date has passed, and every contact detail is years old
    assert re.search(r"bonding\.yaml:\d+: error: .*due for review", late.stderr), describe(late)
    assert re.search(r"services\.yaml:\d+: warning: .*over 12 months ago", late.stderr), \
        describe(late)
    assert changed(before, snapshot(ws.output)) & pdfs(before) == set()  # no PDF rebuilt
    report = json.loads((ws.output / "preflight.json").read_text(encoding="utf-8"))
    assert report["checked_as_of"] == "2099-01-01" and report["errors"] > 0
    # the date checks read the content only (the catalogue, whose entries now show the
    # errors, is rendered again: that is what changed)
    assert loaded["fonts"] == [], f"the date checks loaded fonts {loaded['fonts']}"


def test_one_changed_leaflet_rebuilds_only_its_own_pdfs(ws: Workspace):
    ws.build()
    report = json.loads((ws.output / "preflight.json").read_text(encoding="utf-8"))
    source = "leaflets/cues-and-crying.yaml"
    own = {o["file"] for r in report["resources"] if r["source"] == source
           for o in r["outputs"]}
    assert any(".pl." in name for name in own)  # its translations are its own too
    before = snapshot(ws.output)
    ws.edit(source, "Sometimes nothing is wrong.", "Sometimes nothing at all is wrong.")
    result = ws.build()
    assert changed(before, snapshot(ws.output)) & pdfs(before) == own
    assert built_count(result.stdout)[0] == len(own)
    # its web pages are made again; no other resource's page is
    pages = {name for name in changed(before, snapshot(ws.output))
             if name.startswith("web/") and name.endswith(".html")}
    assert pages and all(name.startswith("web/understanding-cues-and-crying") for name in pages)
    assert built_count(ws.build().stdout)[0] == 0  # and then it is up to date again


def test_deleting_the_cache_is_harmless_and_force_builds_everything(ws: Workspace):
    ws.build()
    written = {name: data for name, (_, _, data) in snapshot(ws.output).items()}
    shutil.rmtree(ws.cache)
    again = ws.build()
    assert built_count(again.stdout) == (len(pdfs(written)), 0)
    assert {name: data for name, (_, _, data) in snapshot(ws.output).items()} == written
    before = snapshot(ws.output)
    forced = ws.build("--force")
    assert built_count(forced.stdout) == (len(pdfs(written)), 0)
    after = snapshot(ws.output)
    assert changed(before, after) & pdfs(before) == pdfs(before)  # every PDF written again
    assert {name: data for name, (_, _, data) in after.items()} == written  # the same bytes


def test_an_edition_too_long_for_its_panel_is_reported_again_from_the_cache(ws: Workspace):
    """What the edition fit found is remembered: the no-op says it again, fitting nothing."""
    name = "Riverside and Millbrook Valley Family Hub and Children's Centre Partnership"
    ws.edit("editions/riverside.yaml", "name: Riverside Family Hub ", f'name: "{name}" ')
    first = ws.build("--edition", "riverside", code=1)
    assert "too long" in first.stderr, describe(first)
    again, loaded = ws.probe("--edition", "riverside", code=1)
    assert again.stderr == first.stderr
    assert_loaded_little(loaded)
    # a national build does not measure the edition it does not build
    national = ws.build()
    assert "too long" not in national.stderr, describe(national)
