"""Bad input never breaks a build or loses work.

Every case starts from a good build: the output folder already holds the PDF of a valid
leaflet (``leaflets/test-one.pdf``). Then the content (or the assets, fonts or output
folder) is damaged and the build runs again. Each case checks the same promise:

* exit code 1, and every line on stderr is one of our own ``path:line: level: message``
  lines (or ``path: level: message`` for a problem with a whole file or folder);
* an error names the right file, and the right line where a line means something;
* no traceback and no "internal error";
* nothing new in the output folder (no partial PDF, no ``*.tmp`` file), and the PDF that
  was there before is byte-for-byte the same.

Cases with a test elsewhere are not repeated here (tests/test_validation.py: YAML syntax,
unknown and missing fields, duplicate keys and ids, unknown services and block types,
missing images, ``..`` and absolute image paths, a text file with a .png name).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from conftest import (
    BASE_LEAFLET,
    REPO,
    STANDARD_14_PREFIXES,
    TEST_TODAY,
    clean_env,
    describe,
    first_service,
    iter_fonts,
    leaflet_yaml,
    line_with,
    page_texts,
    run_build,
    write_content,
)

PDF = Path("leaflets") / "test-one.pdf"

# One of our lines: "path:line: level: message" or, for a whole file, "path: level: message".
OUR_LINE = re.compile(r"^(?P<path>[^:]+?)(?::(?P<line>\d+))?: (?P<level>error|warning): "
                      r"(?P<message>\S.*)$")


@dataclass(frozen=True)
class Reported:
    path: Path
    line: int  # 0 when the message is about a whole file or folder
    level: str
    message: str


def parse_stderr(stderr: str, cwd: Path) -> list[Reported]:
    """Every stderr line as a Reported; fails on any line that is not one of ours."""
    found = []
    for raw in stderr.splitlines():
        if not raw.strip():
            continue
        match = OUR_LINE.match(raw)
        assert match, f"a stderr line that is not a diagnostic: {raw!r}\n--- stderr ---\n{stderr}"
        found.append(Reported((cwd / match["path"]).resolve(), int(match["line"] or 0),
                              match["level"], match["message"]))
    return found


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) and its bytes, except the preflight
    report, which is rewritten on every run to say what that run found."""
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "preflight.json"}


# ---- a workspace with a good PDF already built -------------------------------------------

@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a good build of BASE_LEAFLET (copied into each test)."""
    root = tmp_path_factory.mktemp("good")
    content = write_content(root, {"one.yaml": BASE_LEAFLET})
    output = root / "output"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 0, describe(result)
    assert (output / PDF).is_file()
    return output


def png_bytes(size: tuple[int, int] = (40, 30), color: tuple[int, int, int] = (200, 120, 40),
              fmt: str = "PNG", noise: bool = False) -> bytes:
    from PIL import Image as PILImage

    picture = (PILImage.effect_noise(size, 60).convert("RGB") if noise
               else PILImage.new("RGB", size, color))
    buffer = io.BytesIO()
    picture.save(buffer, fmt)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares width x height but holds almost no data (cheap to make)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


@dataclass
class Workspace:
    root: Path
    content: Path
    assets: Path
    output: Path
    before: dict[str, bytes]

    @property
    def source(self) -> Path:
        return self.content / "leaflets" / "one.yaml"

    def write(self, data: str | bytes, relative: str = "leaflets/one.yaml") -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        return path

    def run(self, *extra: str | Path, env: dict[str, str] | None = None,
            output: Path | None = None, **popen: object) -> subprocess.CompletedProcess[str]:
        """The real CLI as a subprocess, from the repository root, as of TEST_TODAY."""
        args = [sys.executable, "build_pdfs.py", "--content", str(self.content),
                "--output", str(output or self.output), "--assets", str(self.assets),
                "--today", TEST_TODAY, *map(str, extra)]
        started = time.perf_counter()
        result = subprocess.run(args, cwd=REPO, capture_output=True, text=True,
                                env=env or clean_env(), timeout=120, **popen)
        result.seconds = time.perf_counter() - started  # type: ignore[attr-defined]
        return result

    def run_in_process(self) -> tuple[int, str]:
        """The build called directly (much faster, for the large parametrized matrices)."""
        from imhprint.build import BuildOptions, build

        out, err = io.StringIO(), io.StringIO()
        code = build(BuildOptions(content_dir=self.content, output_dir=self.output,
                                  assets_dir=self.assets,
                                  today=dt.date.fromisoformat(TEST_TODAY)), out=out, err=err)
        return code, err.getvalue()

    def assert_refused(self, code: int, stderr: str, path: Path | None, line: int | None,
                       contains: str = "", cwd: Path = REPO) -> Reported:
        """The promise of this file (see the docstring); returns the matching error."""
        context = f"exit code {code}\n--- stderr ---\n{stderr}"
        assert code == 1, context
        assert "Traceback" not in stderr, context
        assert "internal error" not in stderr, context
        reported = parse_stderr(stderr, cwd)
        errors = [r for r in reported if r.level == "error"]
        assert errors, context
        wanted = [r for r in errors
                  if (path is None or r.path == path.resolve())
                  and (line is None or r.line == line)
                  and contains.lower() in r.message.lower()]
        assert wanted, (f"no error at {path}:{line} containing {contains!r}\n{context}")
        assert snapshot(self.output) == self.before, (
            f"the output folder changed: before {sorted(self.before)}, after "
            f"{sorted(snapshot(self.output))}\n{context}")
        return wanted[0]


@pytest.fixture
def ws(tmp_path: Path, good_output: Path) -> Workspace:
    content = write_content(tmp_path, {"one.yaml": BASE_LEAFLET})
    assets = tmp_path / "assets"
    (assets / "images").mkdir(parents=True)
    (assets / "images" / "ok.png").write_bytes(png_bytes())
    output = tmp_path / "output"
    shutil.copytree(good_output, output)
    return Workspace(tmp_path, content, assets, output, snapshot(output))


def test_the_workspace_builds_cleanly(ws: Workspace):
    """The starting point of every case: the good content builds the same PDF again."""
    result = ws.run()
    assert result.returncode == 0, describe(result)
    assert snapshot(ws.output) == ws.before


# ---- broken files: encoding, size, nesting, aliases ---------------------------------------

def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        refs = ", ".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{refs}]")
    return "kind: leaflet\n" + "\n".join(lines) + "\n"


def nested_block_mappings(depth: int) -> str:
    return "kind: leaflet\nblocks:\n" + "".join(
        " " * (2 * n + 2) + f"k{n}:\n" for n in range(depth))


@dataclass
class FileCase:
    name: str
    data: str | bytes
    line: int | None  # None: whatever line (or none); checked only where it means something
    contains: str


def _tab_case() -> FileCase:
    text = BASE_LEAFLET.replace("  - heading: First heading", "\t- heading: First heading")
    return FileCase("tab indenting a block", text, line_with(text, "\t- heading"), "tab")


def _tab_in_mapping_case() -> FileCase:
    text = BASE_LEAFLET.replace("    url: https://example.org/", "\turl: https://example.org/")
    return FileCase("tab indenting a field", text, line_with(text, "\turl:"), "tab")


def _latin1_case() -> FileCase:
    text = BASE_LEAFLET.replace("intro: A short intro.", "intro: Caf\u00e9 and cr\u00e8che.")
    return FileCase("Latin-1 (not UTF-8) file", text.encode("latin-1"),
                    line_with(text, "intro:"), "UTF-8")


def _control_case(char: str, name: str) -> FileCase:
    text = BASE_LEAFLET.replace("Some text.", f"Some{char}text.")
    return FileCase(name, text, line_with(text, "- paragraph:"), f"U+{ord(char):04X}")


def _escaped_control_case(escape: str, code: str, name: str) -> FileCase:
    text = BASE_LEAFLET.replace("paragraph: Some text.", f'paragraph: "Some{escape}text."')
    return FileCase(name, text, line_with(text, "- paragraph:"), code)


FILE_CASES = [
    _tab_case(),
    _tab_in_mapping_case(),
    FileCase("binary file (a PNG named .yaml)", png_bytes(), None, "not a text file"),
    FileCase("binary data after good lines", BASE_LEAFLET.encode() + b"\x00\x01\x02\xff",
             BASE_LEAFLET.count("\n") + 1, "not a text file"),
    _latin1_case(),
    FileCase("UTF-16 file", BASE_LEAFLET.encode("utf-16"), 1, "UTF-16"),
    FileCase("empty file", b"", 1, "empty"),
    FileCase("only comments and blank lines", "# nothing yet\n\n   \n# still nothing\n", 1,
             "empty"),
    FileCase("only a document marker", "---\n", None, "empty"),
    FileCase("a bare word", "hello\n", 1, "kind"),
    FileCase("a list at the top", "- kind: leaflet\n", 1, "kind"),
    FileCase("truncated half-way (unclosed quote)",
             BASE_LEAFLET[: BASE_LEAFLET.index("owner:")] + 'owner: "Test H', None, "YAML"),
    FileCase("billion laughs (alias bomb)", billion_laughs(), 3, "aliases"),
    FileCase("one alias", BASE_LEAFLET.replace("owner: Test Hub", "owner: &o Test Hub")
             .replace("audience: Testers", "audience: Testers\nsubtitle: *o"), None, "aliases"),
    FileCase("two YAML documents", BASE_LEAFLET + "---\n" + BASE_LEAFLET,
             BASE_LEAFLET.count("\n") + 1, "more than one YAML document"),
    FileCase("complex key", BASE_LEAFLET.replace("audience: Testers",
                                                 "audience: Testers\n? [a, b]\n: c"),
             line_with(BASE_LEAFLET, "audience:") + 1, "field name"),
    FileCase("key with a line break", BASE_LEAFLET.replace("audience: Testers",
                                                           'audience: Testers\n"aud\\nience": x'),
             line_with(BASE_LEAFLET, "audience:") + 1, "field name"),
    _control_case("\x07", "raw BEL control character"),
    _control_case("\x1b", "raw ESC (terminal escape)"),
    _control_case("\x7f", "raw DEL"),
    _control_case("\x85", "raw NEL (YAML would read it as a line break)"),
    _control_case("\u2028", "raw LINE SEPARATOR from a word processor"),
    _control_case("\ufffe", "raw noncharacter U+FFFE"),
    _escaped_control_case("\\x07", "U+0007", "escaped BEL in quotes"),
    _escaped_control_case("\\x1b[31m", "U+001B", "escaped terminal colour code"),
    _escaped_control_case("\\u2029", "U+2029", "escaped PARAGRAPH SEPARATOR"),
    _escaped_control_case("\\ud800", "", "escaped lone surrogate"),
    FileCase("python tag (never executed)",
             BASE_LEAFLET.replace("owner: Test Hub",
                                  'owner: !!python/object/apply:os.system ["touch PWNED"]'),
             line_with(BASE_LEAFLET, "owner:"), "owner"),
    FileCase("a block with two types", leaflet_yaml(
        blocks="  - heading: A\n    paragraph: B\n"), None, "block"),
    FileCase("a block that is only a word", leaflet_yaml(blocks="  - heading: A\n  - words\n"),
             line_with(leaflet_yaml(blocks="  - heading: A\n  - words\n"), "- words"),
             "block"),
    FileCase("text over 5000 characters", BASE_LEAFLET.replace(
        "Some text.", "word " * 1200), line_with(BASE_LEAFLET, "- paragraph:"),
             "characters long"),
]


@pytest.mark.parametrize("case", FILE_CASES, ids=[c.name for c in FILE_CASES])
def test_broken_file(case: FileCase, ws: Workspace):
    ws.write(case.data)
    result = ws.run()
    ws.assert_refused(result.returncode, result.stderr, ws.source, case.line, case.contains)
    assert not (REPO / "PWNED").exists() and not (ws.root / "PWNED").exists()


@pytest.mark.parametrize("case", FILE_CASES, ids=[c.name for c in FILE_CASES])
def test_the_pure_python_parser_gives_the_same_answers(case: FileCase, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    """Without libyaml (PyYAML built without it) the same files get the same messages."""
    import yaml

    from imhprint import yamlnodes
    from imhprint.diagnostics import Diagnostics

    path = tmp_path / "one.yaml"
    path.write_bytes(case.data if isinstance(case.data, bytes) else
                     case.data.encode("utf-8", "surrogatepass"))
    answers = []
    for loader in (getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader):
        monkeypatch.setattr(yamlnodes, "_Loader", loader)
        diags = Diagnostics()
        loaded = yamlnodes.load_yaml_file(path, diags)
        answers.append((loaded is None, [(d.line, d.message) for d in diags.items]))
    c_answer, python_answer = answers
    if case.name == "escaped lone surrogate":
        # libyaml refuses the escape itself; PyYAML reads it, and the schema refuses the text
        assert c_answer[1] and c_answer[1][0][0] == case.line
        return
    assert c_answer == python_answer


@pytest.mark.parametrize("what", ["services.yaml", "strings/en-GB.yaml"])
@pytest.mark.parametrize("damage", ["binary", "empty", "truncated"])
def test_broken_shared_file_keeps_every_pdf(what: str, damage: str, ws: Workspace):
    """A broken services or strings file stops every resource; no PDF is touched."""
    path = ws.content / what
    original = path.read_bytes()
    data = {"binary": b"\x89PNG\r\n\x1a\n\x00\x00" + original, "empty": b"",
            "truncated": original[: len(original) // 2] + b'\n  - id: "unterminated'}[damage]
    path.write_bytes(data)
    result = ws.run()
    ws.assert_refused(result.returncode, result.stderr, path, None)


# ---- huge and deeply nested documents: refused quickly ----------------------------------

def _huge_cases() -> list[tuple[str, str | bytes, int | None, str]]:
    many_blocks = "kind: leaflet\nblocks:\n" + "".join(
        f"  - paragraph: Paragraph number {n} of very many.\n" for n in range(24_000))
    many_blocks = many_blocks[: 900_000].rsplit("\n", 1)[0] + "\n"
    one_long_line = BASE_LEAFLET.replace("Some text.", "x" * 880_000)
    many_keys = "kind: leaflet\n" + "".join(f"key{n}: value\n" for n in range(9_000))
    return [
        ("10000 nested flow lists", "kind: leaflet\nblocks: " + "[" * 10_000 + "]" * 10_000,
         2, "nested"),
        ("10000 nested flow mappings", "kind: leaflet\nblocks: " + "{a: " * 10_000
         + "}" * 10_000, 2, "nested"),
        ("10000 unclosed brackets", "kind: leaflet\nblocks: " + "[" * 10_000, 2, "nested"),
        ("10000 nested block lists on one line", "kind: leaflet\nblocks:\n  " + "- " * 10_000
         + "x\n", 3, "nested"),
        ("1300 nested block mappings (about 1.7 MB)", nested_block_mappings(1300), None,
         "larger than"),
        ("600 nested block mappings (about 370 KB)", nested_block_mappings(600), None,
         "nested"),
        ("900 KB of blocks", many_blocks, None, "values"),
        ("900 KB on one line", one_long_line, line_with(one_long_line, "- paragraph:"),
         "characters long"),
        ("9000 unknown keys", many_keys, None, "unknown"),
        ("over 1 MB", BASE_LEAFLET + "# padding\n" * 110_000, 0, "larger than"),
    ]


HUGE_CASES = _huge_cases()


@pytest.mark.parametrize(("name", "data", "line", "contains"), HUGE_CASES,
                         ids=[c[0] for c in HUGE_CASES])
def test_huge_or_deep_document_is_refused_quickly(name: str, data: str | bytes,
                                                  line: int | None, contains: str,
                                                  ws: Workspace):
    ws.write(data)
    result = ws.run()
    seconds = result.seconds  # type: ignore[attr-defined]
    print(f"{name}: answered in {seconds:.2f} s (including Python start-up)")
    ws.assert_refused(result.returncode, result.stderr, ws.source, line, contains)
    assert seconds < 10, f"{name} took {seconds:.1f} s"
    assert len(result.stderr.splitlines()) <= 30, "a flood of messages:\n" + result.stderr


# ---- odd files in the content folder ------------------------------------------------------

def test_a_folder_with_a_yaml_name(ws: Workspace):
    (ws.content / "leaflets" / "folder.yaml").mkdir()
    result = ws.run()
    ws.assert_refused(result.returncode, result.stderr, ws.content / "leaflets" / "folder.yaml",
                      0, "not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_with_a_yaml_name_does_not_hang(ws: Workspace):
    pipe = ws.content / "leaflets" / "pipe.yaml"
    os.mkfifo(pipe)
    result = ws.run()
    ws.assert_refused(result.returncode, result.stderr, pipe, 0, "not a regular file")


def test_a_broken_link_with_a_yaml_name(ws: Workspace):
    link = ws.content / "leaflets" / "gone.yaml"
    link.symlink_to(ws.root / "does-not-exist.yaml")
    result = ws.run()
    ws.assert_refused(result.returncode, result.stderr, link, 0, "cannot read")


# ---- a wrong type wherever a type is expected ---------------------------------------------
# Every field of a resource and of each block type is in FULL_LEAFLET, each on its own
# line. Each field in turn gets a list, a mapping and nothing in place of its value (and
# plain words where a list or a set of fields is expected); the error must be on that line.

FULL_LEAFLET = """\
kind: leaflet
id: test-full
title: Every field
subtitle: A subtitle
audience: Testers
language: en-GB
version: "1.0"
owner: Test Hub
reviewed: 2026-01-01
next_review: 2027-01-01
intro: A short intro.
formats: [a4]
contacts_panel: [{verified}]
sources:
  - title: A source
    url: https://example.org/
blocks:
  - heading: A heading
  - paragraph: Some text.
  - bullets:
      - One bullet
  - tips:
      - tip: A tip
        why: Because.
        icon: heart
  - cues:
      - you_see: Yawning
        it_may_mean: Tired
        you_can_try: A nap
  - callout:
      tone: warning
      title: Careful
      text: Some warning.
  - quote:
      text: A quote.
      by: Someone
  - contacts:
      - {verified}
  - local_services:
      heading: Near you
  - qr:
      url: https://example.org/more
      text: Scan me.
  - image:
      src: images/ok.png
      alt: A picture
      caption: A caption
      width_percent: 25
"""

FULL_POSTER = """\
kind: poster
id: test-poster
sizes: [a4]
title: A poster
audience: Testers
version: "1.0"
owner: Test Hub
reviewed: 2026-01-01
next_review: 2027-01-01
intro: A short intro.
sources:
  - title: A source
blocks:
  - paragraph: Some text.
"""

FULL_SERVICE = """\
  - id: test-service
    name: Test service
    offers: Help for testers.
    phone: "0800 123 4567"
    text: Text TEST to 12345
    website: https://example.org/service
    email: help@example.org
    hours: 9am to 5pm
    area: UK
    status: verified
    source: https://example.org/source
    verified_on: 2026-11-21
    verified_how: source-site
    note: A note.
    purpose: A few words.
"""

FIELD_LINE = re.compile(r"^(?P<prefix>\s*(?:- )?)(?P<key>[a-z_]+):(?P<value>.*)$")


def field_lines(text: str) -> list[tuple[int, str]]:
    """(0-based line index, key) of every ``key: value`` line."""
    return [(i, m["key"]) for i, line in enumerate(text.splitlines())
            if (m := FIELD_LINE.match(line))]


def substitute(text: str, index: int, value: str) -> str:
    """``text`` with the value of the field on line ``index`` replaced (with its sub-lines)."""
    lines = text.splitlines()
    match = FIELD_LINE.match(lines[index])
    assert match
    column = len(match["prefix"])
    end = index + 1
    while end < len(lines) and (not lines[end].strip()
                                or len(lines[end]) - len(lines[end].lstrip()) > column):
        end += 1
    new = f"{match['prefix']}{match['key']}:{' ' + value if value else ''}"
    return "\n".join([*lines[:index], new, *lines[end:]]) + "\n"


def expects_structure(text: str, index: int) -> bool:
    """Whether the field holds a list or a set of fields (so plain words are wrong too)."""
    value = FIELD_LINE.match(text.splitlines()[index])["value"].strip()
    return value == "" or value.startswith("[")


# A list whose items are themselves a list and a mapping: wrong for text, and wrong for a
# list of text too (a plain list of words would be a valid list of bullets).
WRONG_VALUES = {"list": "[[first], {second: third}]", "mapping": "{a: b}", "nothing": ""}


# Blocks for which nothing after the colon is right: every field has a default.
MAY_BE_EMPTY = {"local_services"}


@dataclass(frozen=True)
class TypeCase:
    document: str  # "leaflet", "poster", "service", "strings"
    index: int
    key: str
    wrong: str

    @property
    def id(self) -> str:
        return f"{self.document}-line{self.index + 1}-{self.key}-{self.wrong}"


def _documents() -> dict[str, str]:
    verified = first_service("verified")
    return {"leaflet": FULL_LEAFLET.format(verified=verified), "poster": FULL_POSTER,
            "service": FULL_SERVICE}


def _full_text(document: str) -> str:
    if document == "strings":
        return (REPO / "content" / "strings" / "en-GB.yaml").read_text(encoding="utf-8")
    if document == "services-file":
        return (REPO / "content" / "services.yaml").read_text(encoding="utf-8")
    return _documents()[document]


def _type_cases() -> list[TypeCase]:
    cases = []
    for document, text in _documents().items():
        for index, key in field_lines(text):
            if document == "poster" and key != "sizes":
                continue  # the rest are the leaflet's fields again
            wrongs = [*WRONG_VALUES, *(["words"] if expects_structure(text, index) else [])]
            if key in MAY_BE_EMPTY:
                wrongs.remove("nothing")
            cases += [TypeCase(document, index, key, wrong) for wrong in wrongs]
    shared = {"strings": ("kind", "language", "strings", "call", "notes_heading"),
              "services-file": ("kind", "services")}
    for document, keys in shared.items():
        text = _full_text(document)
        for index, key in field_lines(text):
            if key in keys and not text.splitlines()[index].startswith(" " * 4):
                wrongs = [*WRONG_VALUES, *(["words"] if key in ("strings", "services") else [])]
                cases += [TypeCase(document, index, key, wrong) for wrong in wrongs]
    return cases


TYPE_CASES = _type_cases()


def _schema_field_names() -> set[str]:
    """Every field name the resource, block, service and strings schemas know."""
    from imhprint import model
    from imhprint.schema import ListField, RecordField, TaggedUnionField, WrappedField

    names: set[str] = set()
    seen: set[int] = set()

    def walk(field_type: object) -> None:
        if id(field_type) in seen:
            return
        seen.add(id(field_type))
        if isinstance(field_type, RecordField):
            for name, spec in field_type.fields.items():
                names.add(name)
                walk(spec.type)
        elif isinstance(field_type, ListField):
            walk(field_type.item)
        elif isinstance(field_type, WrappedField):
            walk(field_type.inner)
        elif isinstance(field_type, TaggedUnionField):
            for name, variant in field_type.variants.items():
                names.add(name)
                walk(variant)

    walk(model.RESOURCE_SCHEMA)
    walk(model.SERVICES_SCHEMA)
    walk(model.STRINGS_SCHEMA)
    return names


def test_the_type_matrix_covers_every_field():
    covered = {case.key for case in TYPE_CASES}
    missing = _schema_field_names() - covered
    assert not missing, (f"fields with no wrong-type case: {sorted(missing)}; add them to "
                         "FULL_LEAFLET, FULL_POSTER or FULL_SERVICE in tests/test_bad_input.py")


def _install(ws: Workspace, document: str, text: str) -> Path:
    if document == "services-file":
        return ws.write(text, "services.yaml")
    if document in ("leaflet", "poster"):
        return ws.write(text, f"{document}s/full.yaml")
    if document == "service":
        path = ws.content / "services.yaml"
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text,
                        encoding="utf-8")
        return path
    return ws.write(text, "strings/en-GB.yaml")


@pytest.mark.parametrize("document", ["leaflet", "poster", "service"])
def test_the_full_documents_are_valid(document: str, ws: Workspace):
    """The base of the matrix: with every field filled in properly, the build passes."""
    _install(ws, document, _full_text(document))
    code, stderr = ws.run_in_process()
    assert code == 0, stderr
    assert not [r for r in parse_stderr(stderr, Path.cwd()) if r.level == "error"], stderr


@pytest.mark.parametrize("case", TYPE_CASES, ids=[c.id for c in TYPE_CASES])
def test_wrong_type_is_an_error_on_its_line(case: TypeCase, ws: Workspace):
    full = _full_text(case.document)
    value = "some plain words" if case.wrong == "words" else WRONG_VALUES[case.wrong]
    text = substitute(full, case.index, value)
    path = _install(ws, case.document, text)
    line = case.index + 1
    if case.document == "service":  # the entry was appended after the real services
        line += path.read_text(encoding="utf-8").count("\n") - text.count("\n")
    code, stderr = ws.run_in_process()
    ws.assert_refused(code, stderr, path, line, cwd=Path.cwd())


# ---- very long words, control characters, missing glyphs, markup --------------------------

LONG_URL = "https://example.org/" + "/".join(f"part{n:03d}" for n in range(60))  # ~500 chars


def _chars_inside_margins(pdf: Path) -> None:
    """Every character is on the page and outside the 10 mm unprintable border."""
    import pdfplumber

    border = 10 / 25.4 * 72
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            for char in page.chars:
                assert (char["x0"] >= border - 0.5 and char["x1"] <= page.width - border + 0.5
                        and char["top"] >= border - 0.5
                        and char["bottom"] <= page.height - border + 0.5), (
                    f"page {number}: {char['text']!r} at x {char['x0']:.0f}-{char['x1']:.0f}, "
                    f"y {char['top']:.0f}-{char['bottom']:.0f} is outside the printable area")


def test_very_long_words_wrap_inside_the_page(ws: Workspace):
    word = "Supercalifragilistic" * 6  # 120 characters, no break opportunity
    one = (f"  - heading: {word[:119]}\n"
           f"  - paragraph: See {LONG_URL} for more.\n"
           f"  - bullets:\n      - {LONG_URL}\n")
    two = (f"  - tips:\n      - tip: {word[:119]}\n        why: {LONG_URL[:399]}\n"
           f"  - cues:\n      - you_see: {word}\n        it_may_mean: {word[:100]}\n"
           f"        you_can_try: {LONG_URL[:299]}\n"
           f"  - qr:\n      url: {LONG_URL[:300]}\n      text: {word[:100]}\n")
    ws.write(leaflet_yaml(title=word[:80], blocks=one))
    ws.write(leaflet_yaml("test-two", title=word[:80], blocks=two), "leaflets/two.yaml")
    result = ws.run()
    assert result.returncode == 0, describe(result)
    for pdf in (ws.output / PDF, ws.output / "leaflets" / "test-two.pdf"):
        assert len(pypdf.PdfReader(pdf).pages) == 2
        _chars_inside_margins(pdf)
        printed = "".join("".join(page_texts(pdf)).split())
        assert LONG_URL[:299] in printed, f"{pdf.name}: the long address was cut or lost"
    assert LONG_URL in "".join("".join(page_texts(ws.output / PDF)).split())


@pytest.mark.parametrize(("where", "text", "char"), [
    ("paragraph", "Ask about \u4e2d\u6587 leaflets", "U+4E2D"),
    ("title", "Babies \U0001F476 and you", "U+1F476"),
    ("tip", "A private-use \ue000 sign", "U+E000"),
    ("cue", "Tamil \u0ba4\u0bae\u0bbf\u0bb4\u0bcd", "U+0BA4"),
])
def test_a_character_with_no_glyph_is_an_error_naming_the_text(where: str, text: str,
                                                              char: str, ws: Workspace):
    if where == "title":
        yaml_text = leaflet_yaml(title=text)
        marker = "title:"
    elif where == "tip":
        yaml_text = leaflet_yaml(blocks=f"  - tips:\n      - tip: {text}\n        why: Why.\n")
        marker = "- tip:"
    elif where == "cue":
        yaml_text = leaflet_yaml(blocks=f"  - cues:\n      - you_see: {text}\n"
                                        "        it_may_mean: A\n        you_can_try: B\n")
        marker = "you_see:"
    else:
        yaml_text = leaflet_yaml(blocks=f"  - paragraph: {text}\n")
        marker = "- paragraph:"
    ws.write(yaml_text)
    result = ws.run()
    error = ws.assert_refused(result.returncode, result.stderr, ws.source,
                              line_with(yaml_text, marker), char)
    # The text is quoted (an unprintable character in it is shown escaped, as \uXXXX).
    quoted = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    assert quoted[:20] in error.message, "the message should quote the text"


def test_a_character_with_no_glyph_in_the_services_file(ws: Workspace):
    path = ws.content / "services.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + FULL_SERVICE.replace(
        "Help for testers.", "Help \u2603 for testers.")
    path.write_text(text, encoding="utf-8")
    result = ws.run()
    ws.assert_refused(result.returncode, result.stderr, path,
                      line_with(text, "Help \u2603"), "U+2603")


MARKUP_LIKE = [
    "<font size=90 color=red>big</font>",
    "<br/><br/>",
    "<para alignment=center>x</para>",
    '<a href="javascript:alert(1)">click</a>',
    "&nbsp;&amp;&lt;&#169;",
    "<![CDATA[ x ]]>",
    "<!-- comment -->",
    '<img src="/etc/passwd" width=9999 height=9999/>',
    "<seq id=x/><onDraw name=y/>",
    "[a link](javascript:alert(1))",
    "[plain](http://example.org/)",
    "%s %d {owner} {{x}} $HOME `rm -rf`",
]


def test_text_that_looks_like_markup_prints_literally(ws: Workspace):
    quoted = [f"'{s}'" if not s.startswith("[") else f"'{s}'" for s in MARKUP_LIKE]
    bullets = "".join(f"      - {q}\n" for q in quoted)
    blocks = (f"  - bullets:\n{bullets}"
              f"  - tips:\n      - tip: {quoted[0]}\n        why: {quoted[3]}\n"
              f"  - callout:\n      title: {quoted[2]}\n      text: {quoted[4]}\n"
              f"  - quote:\n      text: {quoted[8]}\n      by: {quoted[11]}\n")
    ws.write(leaflet_yaml(title="'<b>Bold</b> & <i>you</i>'", blocks=blocks))
    result = ws.run()
    assert result.returncode == 0, describe(result)
    pdf = ws.output / PDF
    printed = " ".join(page_texts(pdf))
    compact = "".join(printed.split())
    for sample in [*MARKUP_LIKE, "<b>Bold</b> & <i>you</i>"]:
        assert "".join(sample.split()) in compact, f"{sample!r} was not printed as typed"
    reader = pypdf.PdfReader(pdf)
    for page in reader.pages:  # no link but our own https ones
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                uri = str(action.get_object().get("/URI", ""))
                assert uri.startswith("https://"), uri
    assert b"/JavaScript" not in pdf.read_bytes() and b"/JS" not in pdf.read_bytes()
    fonts = [font.get("/BaseFont", "") for _, _, font in iter_fonts(reader)]
    assert not [f for f in fonts if str(f).lstrip("/").startswith(STANDARD_14_PREFIXES)]


def test_an_unknown_language_is_refused(ws: Workspace):
    text = BASE_LEAFLET.replace("audience: Testers", "audience: Testers\nlanguage: zz-ZZ")
    ws.write(text)
    result = ws.run()
    ws.assert_refused(result.returncode, result.stderr, ws.source, None, "zz-ZZ")


def test_error_messages_stay_on_one_line_for_a_multiline_value(ws: Workspace):
    """A quoted value with a line break, quoted back in a message, must not split it."""
    text = BASE_LEAFLET.replace("kind: leaflet", "kind: leaflet").replace(
        "reviewed: 2026-01-01", 'reviewed: "2026\\n01-01"')
    text = text.replace("  - heading: First heading",
                        '  - callout:\n      tone: "warn\\ning"\n      title: T\n      text: X')
    ws.write(text)
    result = ws.run()
    ws.assert_refused(result.returncode, result.stderr, ws.source,
                      line_with(text, "reviewed:"), "reviewed")
    ws.assert_refused(result.returncode, result.stderr, ws.source,
                      line_with(text, "tone:"), "tone")


def test_quoted_author_text_in_a_message_stays_on_one_line(ws: Workspace):
    text = leaflet_yaml(blocks="  - paragraph: |\n      First line with **bold\n"
                               "      second line \u4e2d\n")
    ws.write(text)
    result = ws.run()
    ws.assert_refused(result.returncode, result.stderr, ws.source,
                      line_with(text, "- paragraph:"), "U+4E2D")


@pytest.mark.parametrize("kind", ['"leaf\\nlet"', "x" * 3000], ids=["line break", "3000 chars"])
def test_an_unknown_kind_is_quoted_on_one_short_line(kind: str, ws: Workspace):
    text = BASE_LEAFLET.replace("kind: leaflet", f"kind: {kind}")
    ws.write(text)
    result = ws.run()
    error = ws.assert_refused(result.returncode, result.stderr, ws.source, 1, "kind")
    assert len(error.message) < 300, error.message


# ---- images -------------------------------------------------------------------------------

IMAGE_BLOCK = "  - image:\n      src: {src}\n      alt: A picture\n"


def _max_image_pixels() -> int:
    try:
        from imhprint.images import MAX_IMAGE_PIXELS
    except ImportError:
        from imhprint.content import MAX_IMAGE_PIXELS
    return MAX_IMAGE_PIXELS


def _image_cases() -> list[tuple[str, str, object, str]]:
    def truncated(fmt: str):
        def make(assets: Path, name: str) -> None:
            data = png_bytes((300, 300), fmt=fmt, noise=True)
            (assets / "images" / name).write_bytes(data[: len(data) // 2])
        return make

    def write(data: bytes):
        return lambda assets, name: (assets / "images" / name).write_bytes(data)

    def link_to_file(assets: Path, name: str) -> None:
        outside = assets.parent / "outside.png"
        outside.write_bytes(png_bytes())
        (assets / "images" / name).symlink_to(outside)

    def link_to_folder(assets: Path, name: str) -> None:
        outside = assets.parent / "elsewhere"
        outside.mkdir()
        (outside / "picture.png").write_bytes(png_bytes())
        (assets / "images" / name.split("/")[0]).symlink_to(outside, target_is_directory=True)

    def folder(assets: Path, name: str) -> None:
        (assets / "images" / name).mkdir()

    cap = _max_image_pixels()
    width = 10_000
    over_cap = (width, cap // width + 1)
    side = 20_000
    return [
        ("truncated PNG", "cut.png", truncated("PNG"), "cannot be used"),
        ("truncated JPEG (passes Pillow's verify)", "cut.jpg", truncated("JPEG"),
         "cannot be used"),
        ("random bytes named .png", "noise.png", write(os.urandom(4096)), "cannot be used"),
        ("empty file named .png", "empty.png", write(b""), "cannot be used"),
        (f"decompression bomb {side} x {side}", "bomb.png", write(png_header_only(side, side)),
         "too many to print"),
        ("just over Pillow's warning limit", "warn.png", write(png_header_only(10_000, 9_000)),
         "too many to print"),
        (f"just over our own cap ({cap:,} pixels)", "big.png",
         write(png_header_only(*over_cap)), "too many to print"),
        ("symlink to a file outside assets", "link.png", link_to_file, "outside"),
        ("symlink to a folder outside assets", "away/picture.png", link_to_folder, "outside"),
        ("a folder with a .png name", "folder.png", folder, "not found"),
        ("'..' that stays inside", "images/../images/ok.png", None, "inside assets"),
    ]


IMAGE_CASES = _image_cases()


@pytest.mark.parametrize(("name", "src", "make", "contains"), IMAGE_CASES,
                         ids=[c[0] for c in IMAGE_CASES])
def test_bad_image(name: str, src: str, make, contains: str, ws: Workspace):
    if make is not None:
        make(ws.assets, src)
    full_src = src if src.startswith("images/") else f"images/{src}"
    text = leaflet_yaml(blocks="  - heading: Pictures\n" + IMAGE_BLOCK.format(src=full_src))
    ws.write(text)
    result = ws.run()
    seconds = result.seconds  # type: ignore[attr-defined]
    ws.assert_refused(result.returncode, result.stderr, ws.source,
                      line_with(text, "src:"), contains)
    assert seconds < 10, f"{name} took {seconds:.1f} s"


def test_image_just_under_our_cap_builds(ws: Workspace):
    """The cap is not off by one: a picture with exactly the allowed pixels is fine."""
    from PIL import Image as PILImage

    cap = _max_image_pixels()
    size = (10_000, cap // 10_000)
    PILImage.new("1", size).save(ws.assets / "images" / "edge.png")
    text = leaflet_yaml(blocks="  - heading: Pictures\n"
                               + IMAGE_BLOCK.format(src="images/edge.png").replace(
                                   "alt: A picture", "alt: A picture\n      width_percent: 25"))
    ws.write(text)
    result = ws.run()
    assert result.returncode == 0, describe(result)


# ---- a missing or broken font -------------------------------------------------------------

def _copy_of_the_tool(root: Path) -> Path:
    """build_pdfs.py, imhprint/, layouts/ and assets/ copied, to damage a font safely."""
    tool = root / "tool"
    tool.mkdir()
    for name in ("imhprint", "layouts", "assets"):
        shutil.copytree(REPO / name, tool / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy2(REPO / "build_pdfs.py", tool / "build_pdfs.py")
    return tool


@pytest.mark.parametrize("damage", ["missing", "truncated"])
def test_a_missing_or_damaged_font_file(damage: str, ws: Workspace):
    tool = _copy_of_the_tool(ws.root)
    font = tool / "assets" / "fonts" / "andika" / "Andika-Bold.ttf"
    if damage == "missing":
        font.unlink()
    else:
        font.write_bytes(font.read_bytes()[:5000])
    result = subprocess.run(
        [sys.executable, "build_pdfs.py", "--content", str(ws.content), "--output",
         str(ws.output), "--assets", str(ws.assets), "--today", TEST_TODAY],
        cwd=tool, capture_output=True, text=True, env=clean_env(), timeout=120)
    error = ws.assert_refused(result.returncode, result.stderr, None, None, "font",
                              cwd=tool)
    assert "Andika-Bold.ttf" in error.message


# ---- the output folder --------------------------------------------------------------------

def test_output_folder_is_a_file(ws: Workspace):
    blocker = ws.root / "not-a-folder"
    blocker.write_text("I am a file")
    result = ws.run(output=blocker)
    ws.assert_refused(result.returncode, result.stderr, blocker, 0, "not a folder")
    assert blocker.read_text() == "I am a file"


def test_output_folder_below_a_file(ws: Workspace):
    blocker = ws.root / "not-a-folder"
    blocker.write_text("I am a file")
    result = ws.run(output=blocker / "out")
    ws.assert_refused(result.returncode, result.stderr, blocker / "out", 0, "not a folder")
    assert blocker.read_text() == "I am a file"


def test_a_file_where_the_leaflets_folder_should_be(ws: Workspace):
    output = ws.root / "other-output"
    output.mkdir()
    (output / "leaflets").write_text("I am a file")
    result = ws.run(output=output)
    ws.assert_refused(result.returncode, result.stderr, output, 0, "not a folder")
    assert (output / "leaflets").read_text() == "I am a file"


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
def test_a_full_disk_keeps_the_old_pdf(ws: Workspace):
    """Writes fail part-way (EFBIG, as on a full disk): a clear error, the old PDF kept."""
    import resource

    limit = len(ws.before[str(PDF)]) // 3  # the new PDF cannot be written in full

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    # a different date, so the new PDF would differ from the old one
    result = ws.run(env=clean_env(SOURCE_DATE_EPOCH="1700000000"), preexec_fn=small_disk)
    ws.assert_refused(result.returncode, result.stderr, ws.output, 0, "disk")
    assert not list(ws.output.rglob("*.tmp"))
