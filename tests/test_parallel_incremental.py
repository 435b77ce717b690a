"""Parallel, incremental and sharded builds give the same PDFs as a plain serial build.

Every test runs the real CLI on a copy of the real content (four leaflets, six posters,
Polish and Romanian drafts: 40 PDFs) and reads what it wrote: the bytes of every PDF, their
modification times and inodes (a PDF written again is a new file put in place), and
``preflight.json``. The cache goes in a folder of the test's own (``--cache``).
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, REPO, TEST_TODAY, clean_env, describe, run_build

OUT_OF_ORDER = 7  # jobs a shard of three gets: not contiguous (see Shard.take)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: both change when it is written again."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def pdfs(names: dict[str, object]) -> set[str]:
    """The leaflets and posters (not the sources pages) among the files named."""
    return {name for name in names
            if name.endswith(".pdf") and re.search(r"(^|/)(leaflets|posters)/", name)}


class Workspace:
    """A copy of the content, an output folder and a cache folder of its own."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        shutil.copytree(CONTENT, self.content)
        self.output = root / "out"
        self.cache = root / "cache"

    def build(self, *args: str | Path, output: Path | None = None,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        result = run_build(["--content", self.content, "--output", output or self.output,
                            "--cache", self.cache, *args], env=env)
        assert result.returncode == 0, describe(result)
        assert "Traceback" not in result.stderr, describe(result)
        return result

    def report(self, output: Path | None = None) -> dict:
        return json.loads(((output or self.output) / "preflight.json").read_text("utf-8"))

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.content / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"fixture: {old!r} not once in {relative}"
        path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


def outputs_of(report: dict, source: str) -> set[str]:
    """The PDFs the report lists for the resource read from ``source``, every language."""
    return {o["file"] for r in report["resources"] if r["source"] == source
            for o in r["outputs"]}


def changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    return {name for name in pdfs(after) if before.get(name) != after[name]}


def summary_counts(stdout: str) -> tuple[int, int]:
    """(built, already up to date) from the summary line."""
    match = re.search(r"Built (\d+) PDFs? in .*?\(\d+\.\d s\)(?:; (\d+) already up to date)?",
                      stdout)
    assert match, stdout
    return int(match[1]), int(match[2] or 0)


# ---- -j gives the same bytes ---------------------------------------------------------------

def test_one_and_two_workers_write_the_same_bytes_and_report(ws: Workspace):
    serial, parallel = ws.root / "j1", ws.root / "j2"
    one = ws.build("-j", "1", output=serial)
    two = ws.build("-j", "2", output=parallel)
    written = files(serial)
    assert len(pdfs(written)) >= 40, sorted(written)
    assert files(parallel) == written  # every PDF, preflight.json and sources.pdf
    # the messages and the table are the same too (only the time taken may differ)
    assert one.stderr == two.stderr
    def plain(stdout: str, folder: Path) -> str:  # only the time taken and folder differ
        return re.sub(r"\(\d+\.\d s\)", "", stdout).replace(f"{folder.name}/", "OUT/")

    assert plain(one.stdout, serial) == plain(two.stdout, parallel)


def test_spawned_workers_write_the_same_bytes(ws: Workspace):
    """Where fork is not used (macOS, Windows), each worker loads the content itself."""
    serial, spawned = ws.root / "j1", ws.root / "spawn"
    some = ["--only", "help-is-here", "--only", "bonding-with-your-baby"]
    ws.build("-j", "1", *some, output=serial)
    ws.build("-j", "2", *some, output=spawned, env=clean_env(IMHPRINT_START_METHOD="spawn"))
    assert files(spawned) == files(serial)
    # three poster sizes; the leaflet's A4, tri-fold, large print and booklet
    assert len(pdfs(files(serial))) == 7
    assert "web/help-is-here.html" in files(spawned)  # the web pages come the same way


def test_a_worker_that_dies_fails_only_its_own_pdf(ws: Workspace, tmp_path: Path):
    """A crash inside a C library kills its process: that PDF is an error, the rest are
    built, and nothing half-written is left."""
    wrapper = tmp_path / "crashing.py"
    wrapper.write_text(
        "import os, runpy, sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "import imhprint.build, imhprint.jobs\n"
        "real = imhprint.jobs.render_job\n"
        "def render_job(job):\n"
        "    if job.resource == 'safer-sleep' and job.format == 'poster-a3':\n"
        "        os._exit(9)\n"
        "    return real(job)\n"
        "render_job.__module__, render_job.__qualname__ = 'imhprint.jobs', 'render_job'\n"
        "imhprint.jobs.render_job = imhprint.build.render_job = render_job\n"
        "sys.argv = ['build_pdfs.py', *sys.argv[1:]]\n"
        f"runpy.run_path({str(REPO / 'build_pdfs.py')!r}, run_name='__main__')\n",
        encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(wrapper), "--content", str(ws.content), "--output",
         str(ws.output), "--cache", str(ws.cache), "-j", "2", "--today", TEST_TODAY],
        cwd=REPO, capture_output=True, text=True, env=clean_env(), timeout=300)
    assert result.returncode == 1, describe(result)
    assert "Traceback" not in result.stderr
    assert re.search(r"safer-sleep\.yaml:\d+: error: .*stopped unexpectedly", result.stderr), (
        describe(result))
    written = pdfs(files(ws.output))
    assert "posters/safer-sleep-a3.pdf" not in written
    assert {"posters/safer-sleep-a4.pdf", "posters/safer-sleep-a2.pdf",
            "leaflets/bonding-with-your-baby.pdf"} <= written
    assert not list(ws.output.rglob("*.tmp"))
    # Everything else was built: the next build has only the lost poster left to make.
    built, fresh = summary_counts(ws.build("--today", TEST_TODAY).stdout)
    assert (built, fresh) == (1, len(written))


# ---- incremental ---------------------------------------------------------------------------

def test_a_rebuild_with_no_change_writes_nothing(ws: Workspace):
    first = ws.build()
    built, fresh = summary_counts(first.stdout)
    assert fresh == 0 and built >= 40
    before = stamps(ws.output)
    assert "index.html" in before and any(n.startswith("web/thumbnails/") for n in before)
    again = ws.build()
    # no PDF, report, sources page, web page, thumbnail or catalogue written again
    assert stamps(ws.output) == before
    assert summary_counts(again.stdout) == (0, built)
    assert "already up to date" in again.stdout
    # the report and the checks are all still there
    assert again.stderr == first.stderr
    assert "Preflight" in again.stdout


def test_date_checks_run_even_when_nothing_is_rebuilt(ws: Workspace):
    ws.build()
    before = stamps(ws.output)
    late = run_build(["--content", ws.content, "--output", ws.output, "--cache", ws.cache,
                      "--today", "2099-01-01"])
    assert late.returncode == 1, describe(late)  # every review date has passed
    assert re.search(r"bonding\.yaml:\d+: error: .*review", late.stderr), describe(late)
    assert changed(before, stamps(ws.output)) == set()  # nothing written, nothing rebuilt


def test_editing_one_leaflet_rebuilds_only_its_pdfs_in_every_edition(ws: Workspace):
    ws.build()
    ws.build("--edition", "all")
    source = "leaflets/cues-and-crying.yaml"
    national = outputs_of(ws.report(), source)
    local = {f"{name}/{file}" for name in ("riverside", "westmoor")
             for file in outputs_of(ws.report(ws.output / name), source)}
    assert any(".pl." in name for name in national)  # its translations too
    assert any(name.startswith("riverside/") for name in local)
    before = stamps(ws.output)
    ws.edit(source, "reviewed: 2026-12-01", "reviewed: 2026-12-02")
    first = ws.build()
    second = ws.build("--edition", "all")
    assert changed(before, stamps(ws.output)) == national | local
    assert summary_counts(first.stdout)[0] == len(national)
    assert summary_counts(second.stdout)[0] == len(local)


def test_editing_a_service_rebuilds_exactly_the_pdfs_that_print_it(ws: Workspace):
    ws.build("--contacts")
    report = ws.report()
    # who prints Home-Start: from the check sheet of what every PDF prints
    with (ws.output / "contacts-check.csv").open(encoding="utf-8") as sheet:
        rows = [line for line in sheet if "home-start" in line.lower()]
    assert rows, "fixture: Home-Start is printed somewhere"
    printing = {o["file"] for r in report["resources"] for o in r["outputs"]
                if any(r["id"] in row for row in rows)}
    assert printing and len(printing) < len(pdfs(files(ws.output))) // 2
    before = stamps(ws.output)
    ws.edit("services.yaml", "offers: Volunteers visit families with a child under 5.",
            "offers: Volunteers visit families with a child under five.")
    result = ws.build()
    assert changed(before, stamps(ws.output)) == {f"{name}" for name in printing}
    assert summary_counts(result.stdout)[0] == len(printing)


def test_editing_a_translations_strings_rebuilds_only_that_language(ws: Workspace):
    ws.build()
    report = ws.report()
    polish = {o["file"] for r in report["resources"]
              if (r.get("translation") or {}).get("language") == "pl" for o in r["outputs"]}
    assert polish
    po = ws.content / "translations" / "pl" / "strings.po"
    text = po.read_text(encoding="utf-8")
    match = re.search(r'^msgstr "([^"]{6,})"$', text, re.MULTILINE)
    assert match, "fixture: a translated string in pl/strings.po"
    po.write_text(text.replace(match.group(0), f'msgstr "{match[1]}."', 1), encoding="utf-8")
    before = stamps(ws.output)
    ws.build()
    assert changed(before, stamps(ws.output)) == polish


def test_deleting_the_cache_only_costs_a_full_build(ws: Workspace):
    ws.build()
    written = files(ws.output)
    assert list(ws.cache.glob("*.json")), "the build keeps a cache"
    shutil.rmtree(ws.cache)
    result = ws.build()
    assert summary_counts(result.stdout) == (len(pdfs(written)), 0)
    assert files(ws.output) == written


def test_a_pdf_changed_by_hand_is_built_again(ws: Workspace):
    ws.build()
    pdf = ws.output / "leaflets" / "bonding-with-your-baby.pdf"
    good = pdf.read_bytes()
    pdf.write_bytes(b"%PDF-1.4 not the leaflet")
    result = ws.build()
    assert summary_counts(result.stdout)[0] == 1
    assert pdf.read_bytes() == good


def test_force_builds_every_pdf_again(ws: Workspace):
    ws.build()
    written, before = files(ws.output), stamps(ws.output)
    result = ws.build("--force")
    assert summary_counts(result.stdout) == (len(pdfs(written)), 0)
    assert changed(before, stamps(ws.output)) == pdfs(written)
    assert files(ws.output) == written


# ---- shards --------------------------------------------------------------------------------

def test_three_shards_are_disjoint_and_merge_into_the_full_build(ws: Workspace):
    full = ws.root / "full"
    ws.build(output=full)
    everything = files(full)
    shards = [ws.root / f"shard-{i}" for i in (1, 2, 3)]
    for number, folder in enumerate(shards, start=1):
        ws.build("--shard", f"{number}/3", output=folder)
    built = [pdfs(files(folder)) for folder in shards]
    assert all(built), [sorted(b) for b in built]
    assert not (built[0] & built[1] or built[0] & built[2] or built[1] & built[2])
    assert set().union(*built) == pdfs(everything)
    for folder in shards:
        shard_files = files(folder)
        # a shard writes no catalogue page: it would list only its share
        assert "index.html" not in shard_files
        for name, data in shard_files.items():
            if name not in ("preflight.json", "web/catalogue.json"):  # joined by merge
                assert data == everything[name], name
    # a shard's resources are not a run of neighbours (so each gets posters and leaflets)
    ids = [r["id"] for r in json.loads((shards[0] / "preflight.json").read_text())["resources"]]
    assert len(ids) >= 3 and any("cry" in i for i in ids) != all("cry" in i for i in ids)
    merged = ws.root / "merged"
    result = subprocess.run([sys.executable, "build_pdfs.py", "merge", "--output", str(merged),
                             *map(str, shards)], cwd=REPO, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, describe(result)
    # the report, the catalogue data and the catalogue page too, byte for byte
    assert "index.html" in everything and "web/catalogue.json" in everything
    assert files(merged) == everything


def test_merge_refuses_shards_checked_on_different_days(ws: Workspace):
    one, two = ws.root / "a", ws.root / "b"
    ws.build("--shard", "1/2", output=one)
    ws.build("--shard", "2/2", "--today", "2026-07-01", output=two)
    result = subprocess.run([sys.executable, "build_pdfs.py", "merge", "--output",
                             str(ws.root / "m"), str(one), str(two)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, describe(result)
    assert "checked_as_of" in result.stderr and "Traceback" not in result.stderr
    assert not (ws.root / "m").exists()


@pytest.mark.parametrize("bad", ["0/3", "4/3", "3", "a/b", "1/0"])
def test_a_bad_shard_is_a_usage_error(ws: Workspace, bad: str):
    result = run_build(["--content", ws.content, "--output", ws.output, "--shard", bad])
    assert result.returncode == 2, describe(result)
    assert "shard" in result.stderr and "Traceback" not in result.stderr


# ---- the progress bar ----------------------------------------------------------------------

def test_no_progress_bar_when_output_is_not_a_terminal(ws: Workspace):
    result = ws.build("-j", "2")
    assert "\r" not in result.stdout + result.stderr
    assert "PDF/s" not in result.stdout + result.stderr


def _run_in_terminal(args: list[str]) -> str:
    """The build as a person at a terminal sees it: stdout and stderr a pseudo-terminal."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "build_pdfs.py", *args], cwd=REPO,
                               stdout=follower, stderr=follower, env=clean_env())
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the build closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=120)
    os.close(leader)
    return seen.decode("utf-8", "replace")


def test_progress_bar_in_a_terminal_and_quiet_with_q(ws: Workspace):
    common = ["--content", str(ws.content), "--cache", str(ws.cache), "--today", TEST_TODAY]
    shown = _run_in_terminal([*common, "--output", str(ws.root / "a")])
    assert re.search(r"Building:.*\d+/\d+.*PDF/s", shown), shown[-2000:]
    assert re.search(r"<\d\d:\d\d|\?", shown)  # time left
    # the summary still comes at the end, after the bar has gone
    assert shown.rstrip().splitlines()[-1].endswith("error(s).")
    quiet = _run_in_terminal([*common, "--output", str(ws.root / "b"), "-q"])
    assert "PDF/s" not in quiet and "Building" not in quiet
