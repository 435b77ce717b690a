"""A fresh machine and the command line (issue 10).

The tests pass whatever versions the package index serves (they assert our own messages,
never a library's), the floors in pyproject.toml are the versions CI tests, and mistakes in
the command or its surroundings get a clear answer instead of a quiet exit 0 or a traceback:
Ctrl-C while the program starts, ``--only`` on a broken resource, unreadable or linked
content folders, empty folder names, a bad ``SOURCE_DATE_EPOCH``, a preflight report that
cannot be written, and ``--strict``.

Most cases start, as in tests/test_bad_input.py, from an output folder that already holds
a good PDF, and check that it is still there, byte for byte, afterwards.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
import test_bad_input as bad
import yaml
from conftest import (
    BASE_LEAFLET,
    REPO,
    TEST_TODAY,
    clean_env,
    describe,
    first_service,
    leaflet_yaml,
    run_build,
    write_content,
)

from build_pdfs import INTERRUPTED
from imhprint import yamlnodes
from imhprint.diagnostics import Diagnostics
from imhprint.yamlnodes import MAX_DEPTH

PDF = bad.PDF  # leaflets/test-one.pdf


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a good build of BASE_LEAFLET (copied into each test)."""
    root = tmp_path_factory.mktemp("good")
    output = root / "output"
    result = run_build(["--content", write_content(root, {"one.yaml": BASE_LEAFLET}),
                        "--output", output])
    assert result.returncode == 0 and (output / PDF).is_file(), describe(result)
    return output


@pytest.fixture
def ws(tmp_path: Path, good_output: Path) -> bad.Workspace:
    content = write_content(tmp_path, {"one.yaml": BASE_LEAFLET})
    assets = tmp_path / "assets"
    (assets / "images").mkdir(parents=True)
    output = tmp_path / "output"
    shutil.copytree(good_output, output)
    return bad.Workspace(tmp_path, content, assets, output, bad.snapshot(output))


def usage_error(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit 2 with one plain 'build_pdfs: error:' line naming ``words``; returns it."""
    assert result.returncode == 2, describe(result)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    errors = [line for line in result.stderr.splitlines()
              if line.startswith("build_pdfs: error: ")]
    assert len(errors) == 1, describe(result)
    for word in words:
        assert word in errors[0], describe(result)
    return errors[0]


# ---- 1. libyaml's own nesting limit: refused in our words ---------------------------------

def flow_lists(depth: int, closed: bool = True) -> str:
    return "kind: leaflet\nblocks: " + "[" * depth + ("]" * depth if closed else "")


DEEP_CASES = {
    "41 flow lists (just over our cap)": flow_lists(MAX_DEPTH + 1),
    "999 flow lists (under libyaml's limit)": flow_lists(999),
    "1000 flow lists (libyaml's limit)": flow_lists(1000),
    "10000 flow lists": flow_lists(10_000),
    "10000 unclosed brackets": flow_lists(10_000, closed=False),
    "5000 flow mappings and lists": "kind: leaflet\nblocks: " + "[{a: " * 2500
                                    + "}]" * 2500,
}


def our_depth_message() -> str:
    """What we say about a file nested just over our cap: our own check sees it first,
    with any version of PyYAML."""
    with pytest.raises(yamlnodes.RefusedInput) as refused:
        yamlnodes._check_input(flow_lists(MAX_DEPTH + 1))
    return refused.value.message


@pytest.mark.parametrize("name", list(DEEP_CASES))
def test_deep_nesting_is_refused_in_our_words(name: str, ws: bad.Workspace):
    ws.write(DEEP_CASES[name])
    result = ws.run()
    seconds = result.seconds  # type: ignore[attr-defined]
    error = ws.assert_refused(result.returncode, result.stderr, ws.source, 2)
    assert error.message == our_depth_message(), result.stderr
    assert seconds < 10, f"{name} took {seconds:.1f} s"
    assert len(result.stderr.splitlines()) == 1, result.stderr


@pytest.mark.parametrize("name", list(DEEP_CASES))
def test_deep_nesting_gets_one_answer_from_either_parser(name: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch):
    """libyaml (which has a limit of its own) and the pure-Python parser (which has none)
    give the same line and message."""
    path = tmp_path / "deep.yaml"
    path.write_text(DEEP_CASES[name], encoding="utf-8")
    answers = []
    for loader in {getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader}:
        monkeypatch.setattr(yamlnodes, "_Loader", loader)
        diags = Diagnostics()
        assert yamlnodes.load_yaml_file(path, diags) is None
        answers.append([(d.line, d.message) for d in diags.items])
    assert all(answer == [(2, our_depth_message())] for answer in answers), answers


# ---- 2 and 3. the floors in pyproject.toml are the ones CI installs -----------------------

REQUIREMENT = re.compile(r'^\s*"(?P<name>[A-Za-z0-9_.-]+)(?P<spec>[^"]*)",?\s*$')


def pyproject_requirements() -> dict[str, str]:
    """Every dependency and test extra in pyproject.toml, name (lower case) -> spec."""
    found = {}
    section = ""
    for line in (REPO / "pyproject.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            section = line
        match = REQUIREMENT.match(line)
        if match and section in ("[project]", "[project.optional-dependencies]"):
            found[match["name"].lower()] = match["spec"]
    return found


def release(version: str) -> tuple[int, ...]:
    """'4.2' -> (4, 2, 0, 0), so that 4.2 and 4.2.0 compare equal."""
    parts = [int(part) for part in version.split(".")]
    return tuple(parts + [0] * (4 - len(parts)))


def test_every_dependency_has_a_tested_lower_bound_and_no_pin():
    floors = {}
    for line in (REPO / "constraints" / "lower-bounds.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            floors[name.strip().lower()] = version.strip()
    requirements = pyproject_requirements()
    assert len(requirements) >= 10, requirements
    for name, spec in requirements.items():
        assert re.fullmatch(r">=[0-9][0-9.]*", spec), f"{name}{spec}: use a lower bound only"
        assert name in floors, f"{name} has no line in constraints/lower-bounds.txt"
        assert release(spec[2:]) == release(floors[name]), (
            f"{name}: pyproject.toml says {spec}, lower-bounds.txt tests {floors[name]}")
    assert set(floors) == set(requirements), "lower-bounds.txt lists a package not required"


def test_ci_tests_the_floors_and_the_readme_commands_in_new_environments():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "mktemp -d" in script and script.count("-m venv") == 2
    assert "-c constraints/lower-bounds.txt" in script
    for command in ("python -m pip install -e . && python build_pdfs.py",
                    "python -m pip install -e '.[test]' && python -m pytest"):
        assert command in readme
        assert command.replace("-m pip install -e", "-m pip install -q -e") in script
    assert script.rstrip().endswith("ruff check .")


# ---- 4. Ctrl-C while the program starts ---------------------------------------------------

HOLD = '''\
"""Test helper: hold the build at one moment (an import, or the first PDF write) until a
signal arrives, as a slow disk would, and say so by creating a marker file."""
import os, sys, time

MARKER = os.environ["IMH_HOLD_MARKER"]


def _hold():
    open(MARKER, "w").close()
    time.sleep(60)


if os.environ["IMH_HOLD_AT"] == "import":
    class _HoldImport:
        def find_spec(self, name, path=None, target=None):
            if name == "reportlab":
                sys.meta_path.remove(self)
                _hold()
            return None

    sys.meta_path.insert(0, _HoldImport())
else:
    _fsync = os.fsync

    def _slow_fsync(fd):
        _hold()
        return _fsync(fd)

    os.fsync = _slow_fsync
'''


def installed_command() -> Path | None:
    command = Path(sys.executable).parent / "build-pdfs"
    return command if command.is_file() else None


def ctrl_c_at(hold_at: str, ws: bad.Workspace, command: list[str]) -> tuple[int, str]:
    """Start the real command, SIGINT it once it is held at ``hold_at``; (exit, stderr)."""
    helper = ws.root / "hold"
    helper.mkdir(exist_ok=True)
    (helper / "sitecustomize.py").write_text(HOLD, encoding="utf-8")
    marker = ws.root / f"held-at-{hold_at}"
    env = clean_env(PYTHONPATH=str(helper), IMH_HOLD_AT=hold_at, IMH_HOLD_MARKER=str(marker),
                    SOURCE_DATE_EPOCH="1700000000")  # a new date: every PDF is rewritten
    process = subprocess.Popen(
        [*command, "--content", str(ws.content), "--output", str(ws.output), "--today",
         TEST_TODAY], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert marker.exists(), f"never held at {hold_at}: {process.communicate()}"
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return process.returncode, stderr


COMMANDS = {"python build_pdfs.py": [sys.executable, "build_pdfs.py"],
            "build-pdfs": [str(installed_command() or "build-pdfs")]}


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")
@pytest.mark.parametrize("command", list(COMMANDS))
def test_ctrl_c_during_start_up_gets_the_same_line_as_during_the_build(command: str,
                                                                       ws: bad.Workspace):
    if command == "build-pdfs" and installed_command() is None:
        pytest.skip("build-pdfs is not installed in this environment (pip install -e .)")
    during_build = ctrl_c_at("write", ws, COMMANDS[command])
    assert during_build[0] == 130, during_build
    assert bad.snapshot(ws.output) == ws.before, "Ctrl-C before the first rename changed a PDF"
    assert not list(ws.output.rglob("*.tmp"))
    at_start = ctrl_c_at("import", ws, COMMANDS[command])
    assert at_start == during_build, f"start-up: {at_start}\nduring the build: {during_build}"
    assert at_start == (130, INTERRUPTED + "\n"), at_start
    assert bad.snapshot(ws.output) == ws.before


# ---- 5. --only on a resource with errors -------------------------------------------------

BROKEN_RESOURCES = {
    "a validation error": (leaflet_yaml("broken-one").replace(
        "reviewed: 2026-01-01", "reviewed: soon"), "reviewed: soon"),
    "a YAML syntax error": (leaflet_yaml("broken-one") + "  - paragraph: [never closed\n",
                            "[never closed"),
    "a quoted id and a syntax error": (leaflet_yaml("broken-one").replace(
        "id: broken-one", 'id: "broken-one"  # quoted') + "  - bullets: [a, b\n", "[a, b"),
}


@pytest.mark.parametrize("case", list(BROKEN_RESOURCES))
def test_only_a_broken_resource_shows_its_errors(case: str, ws: bad.Workspace):
    text, marker = BROKEN_RESOURCES[case]
    broken = ws.write(text, "leaflets/broken.yaml")
    result = ws.run("--only", "broken-one")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if marker in row)
    if case != "a validation error":  # a syntax error is found where the parser gives up
        line = None
    ws.assert_refused(result.returncode, result.stderr, broken, line)
    assert "no resource has that id" not in result.stderr + result.stdout


def test_only_an_id_in_no_file_is_still_a_usage_error(ws: bad.Workspace):
    ws.write(BROKEN_RESOURCES["a YAML syntax error"][0], "leaflets/broken.yaml")
    result = ws.run("--only", "no-such-leaflet")
    usage_error(result, "--only no-such-leaflet", "broken-one", "test-one")
    assert bad.snapshot(ws.output) == ws.before


# ---- 6. content folders that would be skipped without a word -------------------------------

def test_a_linked_folder_outside_the_content_folder_is_an_error(ws: bad.Workspace):
    elsewhere = ws.root / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "two.yaml").write_text(leaflet_yaml("two"), encoding="utf-8")
    link = ws.content / "more-leaflets"
    link.symlink_to(elsewhere, target_is_directory=True)
    result = ws.run()
    error = ws.assert_refused(result.returncode, result.stderr, link, 0, "outside")
    assert "more-leaflets" in result.stderr.split(": error:")[0], result.stderr
    assert "content folder" in error.message
    assert not (ws.output / "leaflets" / "two.pdf").exists()


def test_a_linked_folder_inside_the_content_folder_is_read_once(ws: bad.Workspace):
    link = ws.content / "same-leaflets"
    link.symlink_to(ws.content / "leaflets", target_is_directory=True)
    result = ws.run()
    assert result.returncode == 0, describe(result)
    assert result.stderr == "", result.stderr
    assert bad.snapshot(ws.output) == ws.before


def _without_root_file_access() -> None:
    """In the child: drop the capabilities that let root read any folder, so a folder's
    permissions count as they would for anyone else."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for capability in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _can_drop_root_file_access() -> bool:
    try:
        probe = subprocess.run([sys.executable, "-c", ""], preexec_fn=_without_root_file_access)
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


@pytest.mark.skipif(not hasattr(os, "geteuid") or not sys.platform.startswith("linux"),
                    reason="folder permissions as tested here are Linux's")
def test_a_folder_that_cannot_be_read_is_an_error(ws: bad.Workspace):
    locked = ws.content / "leaflets" / "locked"
    locked.mkdir()
    (locked / "two.yaml").write_text(leaflet_yaml("two"), encoding="utf-8")
    popen = {}
    if os.geteuid() == 0:  # root reads any folder, unless it gives up that power
        if not _can_drop_root_file_access():
            pytest.skip("running as root without CAP_SETPCAP: cannot make a folder unreadable")
        popen["preexec_fn"] = _without_root_file_access
    locked.chmod(0)
    try:
        result = ws.run(**popen)
    finally:
        locked.chmod(0o755)
    error = ws.assert_refused(result.returncode, result.stderr, locked, 0, "cannot be read")
    assert "left out" in error.message
    assert not (ws.output / "leaflets" / "two.pdf").exists()


# ---- 7. empty names and empty folders are usage errors ------------------------------------

@pytest.mark.parametrize("option", ["--content", "--output", "--assets"])
def test_an_empty_folder_name_is_a_usage_error(option: str, tmp_path: Path):
    """'' would mean the working folder: read all of it, or write PDFs all over it."""
    content = write_content(tmp_path / "tree", {"one.yaml": BASE_LEAFLET})
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    args = {"--content": str(content), "--output": str(tmp_path / "out")}
    args[option] = ""
    result = subprocess.run([sys.executable, str(REPO / "build_pdfs.py"),
                             *[part for pair in args.items() for part in pair],
                             "--today", TEST_TODAY],
                            cwd=elsewhere, capture_output=True, text=True, env=clean_env(),
                            timeout=120)
    usage_error(result, option, "empty")
    assert list(elsewhere.iterdir()) == [] and not (tmp_path / "out").exists()


@pytest.mark.parametrize("inside", ["nothing", "only a README and a hidden draft"])
def test_a_content_folder_without_yaml_files_is_a_usage_error(inside: str, tmp_path: Path):
    content = tmp_path / "content"
    content.mkdir()
    if inside != "nothing":
        (content / "README.txt").write_text("notes\n", encoding="utf-8")
        (content / ".drafts").mkdir()
        (content / ".drafts" / "one.yaml").write_text(BASE_LEAFLET, encoding="utf-8")
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    usage_error(result, str(content), "no YAML files")
    assert not (tmp_path / "out").exists()


# ---- 8. SOURCE_DATE_EPOCH -----------------------------------------------------------------

@pytest.mark.parametrize("value", ["soon", "1.5e9", "-5", "+1700000000", "1700000000.5",
                                   "253402300800", "9" * 30, "\u0661\u0662\u0663"])
def test_a_bad_source_date_epoch_is_a_usage_error(value: str, ws: bad.Workspace):
    result = ws.run(env=clean_env(SOURCE_DATE_EPOCH=value))
    message = usage_error(result, "SOURCE_DATE_EPOCH", "whole number of seconds")
    assert "253402300799" in message and "1970-01-01" in message
    assert bad.snapshot(ws.output) == ws.before


@pytest.mark.parametrize(("value", "stamp"), [("0", "D:19700101000000"),
                                              (" 1767225600 ", "D:20260101000000"),
                                              ("253402300799", "D:99991231235959")])
def test_the_whole_range_of_source_date_epoch_builds(value: str, stamp: str, ws: bad.Workspace):
    result = ws.run(env=clean_env(SOURCE_DATE_EPOCH=value))
    assert result.returncode == 0, describe(result)
    created = pypdf.PdfReader(ws.output / PDF).metadata["/CreationDate"]
    assert created.startswith(stamp), created


# ---- 9. preflight.json: plain write errors, the same whatever the folder or time zone ------

def _write_messages(stderr: str) -> dict[str, str]:
    """'cannot write WHAT: REASON' errors on stderr: WHAT -> REASON."""
    found = {}
    for reported in bad.parse_stderr(stderr, REPO):
        match = re.match(r"cannot write (?P<what>.+?): (?P<why>.+)$", reported.message)
        if reported.level == "error" and match:
            found[match["what"]] = match["why"]
    return found


def test_preflight_json_that_cannot_be_written_reads_like_a_pdf_that_cannot(
        ws: bad.Workspace):
    """Something in the way of each (a folder where the file should be): the same words."""
    (ws.output / "preflight.json").unlink()
    (ws.output / "preflight.json").mkdir()
    result = ws.run()
    report_reason = _write_messages(result.stderr).get("preflight.json")
    assert result.returncode == 1 and report_reason, describe(result)
    assert "Errno" not in report_reason and "None" not in report_reason

    shutil.rmtree(ws.output / "preflight.json")
    (ws.output / PDF).unlink()
    (ws.output / PDF).mkdir()
    result = ws.run()
    pdf_reason = _write_messages(result.stderr).get("the PDF for 'test-one'")
    assert result.returncode == 1 and pdf_reason, describe(result)
    assert report_reason == pdf_reason


def test_a_full_disk_at_preflight_json_is_said_plainly(ws: bad.Workspace,
                                                       monkeypatch: pytest.MonkeyPatch):
    """The disk fills up just as preflight.json is written (after every PDF)."""
    from imhprint import writer
    from imhprint.build import BuildOptions, build

    real_fsync = os.fsync

    def full_disk_at_the_report(fd: int) -> None:
        if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith(".preflight.json"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell which file is being written")
    monkeypatch.setattr(writer.os, "fsync", full_disk_at_the_report)
    (ws.output / "preflight.json").write_text("{}\n", encoding="utf-8")
    err = io.StringIO()
    code = build(BuildOptions(content_dir=ws.content, output_dir=ws.output,
                              assets_dir=ws.assets, today=dt.date.fromisoformat(TEST_TODAY)),
                 out=io.StringIO(), err=err)
    reasons = _write_messages(err.getvalue())
    assert code == 1, err.getvalue()
    assert reasons == {"preflight.json": writer.write_failure("x", OSError(
        errno.ENOSPC, "")).split(": ", 1)[1]}, err.getvalue()
    assert "disk is full" in reasons["preflight.json"] and "Errno" not in err.getvalue()
    assert (ws.output / "preflight.json").read_text() == "{}\n"  # the old report is kept
    assert not list(ws.output.rglob("*.tmp"))


def _preflight_json(content: Path, output: Path, cwd: Path, **env: str) -> bytes:
    result = subprocess.run(
        [sys.executable, str(REPO / "build_pdfs.py"), "--content", str(content.resolve()),
         "--output", str(output.resolve()), "--today", TEST_TODAY, "-q"],
        cwd=cwd, capture_output=True, text=True, env=clean_env(**env), timeout=120)
    assert result.returncode == 0, describe(result)
    return (output / "preflight.json").read_bytes()


def test_preflight_json_is_the_same_from_any_working_folder(tmp_path: Path):
    content = write_content(tmp_path, {"one.yaml": BASE_LEAFLET})
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    from_repo = _preflight_json(content, tmp_path / "a", REPO)
    from_elsewhere = _preflight_json(content, tmp_path / "b", elsewhere)
    assert from_repo == from_elsewhere
    entry = json.loads(from_repo)["resources"][0]
    assert entry["source"] == "leaflets/one.yaml"  # relative to the content folder


def test_preflight_json_is_the_same_in_any_time_zone(tmp_path: Path):
    services = "\n".join(f"      - {first_service(s)}" for s in ("verified", "unverified"))
    content = write_content(tmp_path, {"one.yaml": leaflet_yaml(
        blocks=f"  - heading: Help\n  - contacts:\n{services}\n")})
    ahead = _preflight_json(content, tmp_path / "a", REPO, TZ="Pacific/Kiritimati")  # UTC+14
    behind = _preflight_json(content, tmp_path / "b", REPO, TZ="Etc/GMT+12")  # UTC-12
    assert ahead == behind
    assert json.loads(ahead)["checked_as_of"] == TEST_TODAY


# ---- 10. --strict: a warning stops the resource like an error -----------------------------

def test_strict_does_not_write_a_resource_with_a_warning(ws: bad.Workspace):
    unverified = first_service("unverified")
    ws.write(leaflet_yaml(title="A new title", blocks=f"  - heading: Help\n  - contacts: "
                                                      f"[{unverified}]\n"))
    ws.write(leaflet_yaml("clean-one"), "leaflets/clean.yaml")
    result = ws.run("--strict")
    assert result.returncode == 1, describe(result)
    reported = bad.parse_stderr(result.stderr, REPO)
    assert {r.level for r in reported} == {"warning"}, result.stderr
    assert [r for r in reported if r.path == ws.source.resolve() and unverified in r.message]
    assert (ws.output / PDF).read_bytes() == ws.before[str(PDF)], "the warned PDF was replaced"
    assert (ws.output / "leaflets" / "clean-one.pdf").is_file(), "a clean resource still builds"
    report = json.loads((ws.output / "preflight.json").read_text(encoding="utf-8"))
    written = {r["id"]: [o["written"] for o in r["outputs"]] for r in report["resources"]}
    assert written == {"test-one": [False, False], "clean-one": [True, True]}  # + large print
    assert "1 resource(s) not built" in result.stdout

    without = ws.run()  # the same content without --strict: built, with its warning
    assert without.returncode == 0, describe(without)
    assert (ws.output / PDF).read_bytes() != ws.before[str(PDF)]


def test_the_readme_says_what_strict_does():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `--strict`"))
    assert "not written" in row and "exits 1" in row, row


# ---- 11 and 12. the summary names the press folder; --help names build-pdfs ---------------

@pytest.mark.parametrize(("profile", "folder"), [("office", ""), ("press", "press/")])
def test_the_summary_names_the_folder_the_pdfs_went_to(profile: str, folder: str,
                                                       tmp_path: Path):
    content = write_content(tmp_path, {"one.yaml": BASE_LEAFLET})
    output = tmp_path / "out"
    result = run_build(["--content", content, "--output", output, "--profile", profile])
    assert result.returncode == 0, describe(result)
    shown = os.path.relpath(output, REPO)
    assert re.search(rf"^Built 2 PDFs in {re.escape(f'{shown}/{folder}')} \(",  # + large print
                     result.stdout, re.MULTILINE), result.stdout
    assert (output / folder / PDF).is_file()


def test_help_names_the_installed_command():
    result = run_build(["--help"])
    assert result.returncode == 0, describe(result)
    assert "build-pdfs" in result.stdout and "build_pdfs.py" in result.stdout
    assert "exit codes" in result.stdout
