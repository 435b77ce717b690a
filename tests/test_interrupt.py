"""Writing is atomic per file and safe to interrupt.

The real content is built twice, with two different ``SOURCE_DATE_EPOCH`` values, so every
PDF has an "old" and a "new" version that differ in their bytes. Then, starting each time
from the old output, a build of the new version is killed (SIGKILL, which no program can
catch or clean up after) at many moments: after fixed delays, and as soon as a given number
of PDFs have been replaced. After every kill each PDF must be byte-for-byte the old or the
new version, never a mix or a truncated file. A following complete build must leave only
the new PDFs and clean away any temporary file the killed build left behind.

Two more tests slow every write down (``os.fsync`` sleeps) so the moment while a temporary
file is being written can be hit on purpose: SIGKILL then, and Ctrl-C (SIGINT) then.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from conftest import CONTENT, REPO, TEST_TODAY, clean_env, describe, run_build

OLD_EPOCH = "1767225600"  # 2026-01-01
NEW_EPOCH = "1798761600"  # 2027-01-01

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Versions:
    content: Path
    old_output: Path
    old: dict[str, bytes]
    new: dict[str, bytes]
    new_exit_code: int


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    root = tmp_path_factory.mktemp("interrupt")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    old_output, new_output = root / "old", root / "new"
    old = run_build(["--content", content, "--output", old_output, "-q"],
                    env=clean_env(SOURCE_DATE_EPOCH=OLD_EPOCH))
    new = run_build(["--content", content, "--output", new_output, "-q"],
                    env=clean_env(SOURCE_DATE_EPOCH=NEW_EPOCH))
    assert "Traceback" not in old.stderr + new.stderr, describe(old) + describe(new)
    old_files, new_files = snapshot(old_output), snapshot(new_output)
    assert old_files, describe(old)
    assert old_files.keys() == new_files.keys()
    if all(old_files[name] == new_files[name] for name in old_files):
        pytest.skip("SOURCE_DATE_EPOCH does not change the PDFs, so old and new look alike")
    return Versions(content, old_output, old_files, new_files, new.returncode)


def start_build(versions: Versions, output: Path, *, slow_fsync: float = 0.0,
                ) -> subprocess.Popen[str]:
    """The new build as a subprocess; with ``slow_fsync`` every fsync first sleeps."""
    # as of the day run_build checks, so a build that finishes before the kill writes
    # the same preflight.json as the new version
    args = ["--content", str(versions.content), "--output", str(output), "-q",
            "--today", TEST_TODAY]
    if slow_fsync:
        wrapper = output.parent / "slow_disk.py"
        wrapper.write_text(
            "import os, runpy, sys, time\n"
            "_fsync = os.fsync\n"
            f"os.fsync = lambda fd: (time.sleep({slow_fsync}), _fsync(fd))[1]\n"
            f"sys.path.insert(0, {str(REPO)!r})\n"
            "sys.argv = ['build_pdfs.py', *sys.argv[1:]]\n"
            f"runpy.run_path({str(REPO / 'build_pdfs.py')!r}, run_name='__main__')\n",
            encoding="utf-8")
        command = [sys.executable, str(wrapper), *args]
    else:
        command = [sys.executable, "build_pdfs.py", *args]
    return subprocess.Popen(command, cwd=REPO, env=clean_env(SOURCE_DATE_EPOCH=NEW_EPOCH),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def identities(output: Path, names: list[str]) -> dict[str, int]:
    """Inode of each PDF: a rename puts a new file (a new inode) in place."""
    found = {}
    for name in names:
        try:
            found[name] = (output / name).stat().st_ino
        except FileNotFoundError:
            found[name] = -1
    return found


def check_old_or_new(versions: Versions, output: Path) -> tuple[int, int, list[str]]:
    """Every PDF is the old or the new version and opens; returns (old, new, leftovers)."""
    old = new = 0
    leftovers = []
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        name = str(path.relative_to(output))
        if name not in versions.old:
            assert path.name.startswith(".") and path.name.endswith(".tmp"), (
                f"an unexpected file after the kill: {name}")
            leftovers.append(name)
            continue
        data = path.read_bytes()
        if data == versions.old[name]:
            old += 1
        elif data == versions.new[name]:
            new += 1
        else:
            raise AssertionError(f"{name} is neither the old nor the new PDF "
                                 f"({len(data)} bytes; old {len(versions.old[name])}, "
                                 f"new {len(versions.new[name])})")
        if path.suffix == ".pdf":  # the other file is preflight.json, also whole
            assert len(pypdf.PdfReader(path).pages) >= 1
    missing = set(versions.old) - {str(p.relative_to(output)) for p in output.rglob("*")}
    assert not missing, f"PDFs gone after the kill: {sorted(missing)}"
    return old, new, leftovers


def fresh_output(versions: Versions, folder: Path) -> Path:
    output = folder / "output"
    shutil.copytree(versions.old_output, output)
    return output


TRIGGERS = [("after", seconds) for seconds in (0.05, 0.3, 0.5, 0.7, 0.8, 1.2)] + [
    ("replaced", count) for count in (1, 2, 5, 9, 14)]


@pytest.mark.parametrize(("trigger", "amount"), TRIGGERS,
                         ids=[f"{t}-{a}" for t, a in TRIGGERS])
def test_sigkill_leaves_every_pdf_old_or_new(trigger: str, amount: float, versions: Versions,
                                             tmp_path: Path):
    output = fresh_output(versions, tmp_path)
    names = sorted(versions.old)
    before = identities(output, names)
    process = start_build(versions, output)
    started = time.perf_counter()
    try:
        if trigger == "after":
            time.sleep(amount)
        else:
            while process.poll() is None and time.perf_counter() - started < 60:
                now = identities(output, names)
                if sum(now[n] != before[n] for n in names) >= amount:
                    break
                time.sleep(0.001)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
    old, new, leftovers = check_old_or_new(versions, output)
    print(f"killed {trigger} {amount}: {old} old, {new} new, "
          f"{len(leftovers)} temporary file(s) left, exit {process.returncode}")
    # the next complete build finishes the job and clears what the killed one left
    result = run_build(["--content", versions.content, "--output", output, "-q"],
                       env=clean_env(SOURCE_DATE_EPOCH=NEW_EPOCH))
    assert result.returncode == versions.new_exit_code, describe(result)
    assert snapshot(output) == versions.new


def _wait_for_temp_file(process: subprocess.Popen[str], output: Path) -> Path:
    deadline = time.perf_counter() + 60
    while process.poll() is None and time.perf_counter() < deadline:
        temps = list(output.rglob(".*.tmp"))
        if temps:
            return temps[0]
        time.sleep(0.002)
    raise AssertionError(f"no temporary file appeared (exit code {process.returncode})")


def test_sigkill_while_a_temporary_file_is_written(versions: Versions, tmp_path: Path):
    output = fresh_output(versions, tmp_path)
    process = start_build(versions, output, slow_fsync=0.5)
    try:
        temp = _wait_for_temp_file(process, output)
        time.sleep(0.1)  # well inside the slowed write of that file
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
    target = temp.parent / temp.name[1:].split(".pdf.")[0]
    target = target.with_name(target.name + ".pdf")
    name = str(target.relative_to(output))
    assert target.read_bytes() == versions.old[name], f"{name} changed before its rename"
    old, new, leftovers = check_old_or_new(versions, output)
    assert leftovers, "the kill was meant to land while a temporary file existed"
    result = run_build(["--content", versions.content, "--output", output, "-q"],
                       env=clean_env(SOURCE_DATE_EPOCH=NEW_EPOCH))
    assert result.returncode == versions.new_exit_code, describe(result)
    assert snapshot(output) == versions.new, "leftover temporary files were not cleared"


def test_ctrl_c_while_a_temporary_file_is_written(versions: Versions, tmp_path: Path):
    output = fresh_output(versions, tmp_path)
    process = start_build(versions, output, slow_fsync=0.5)
    try:
        _wait_for_temp_file(process, output)
        time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr, stderr
    assert "interrupted" in stderr, stderr
    _, _, leftovers = check_old_or_new(versions, output)
    assert not leftovers, f"Ctrl-C left temporary files: {leftovers}"
