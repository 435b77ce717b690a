"""Property-based tests: random content trees either build properly or fail cleanly.

Hypothesis generates content folders: the real strings and services files plus one to three
leaflets and posters. Most are valid; many are then damaged, in the data (a wrong type, a
missing or unknown field, random Unicode with control characters, surrogates and
characters the font lacks, odd block lists) or in the text of the YAML (tabs, anchors,
brackets, quotes, document markers, NUL and other control bytes, cut-off files, another
encoding), and sometimes the shared services or strings file is damaged too. The build
runs in-process (a subprocess per example would be far too slow) and the property is:

* the exit code is 0 or 1, never an exception;
* exit code 0: every PDF opens, a leaflet has 2 pages and a poster 1, every font is
  embedded, and (when the YAML text was not damaged) every resource has its PDFs;
* exit code 1: every stderr line is one of ours, ``path:line: level: message`` (or
  ``path: level: message``), naming a file in the content or output folder, with no
  traceback and no "internal error"; the PDFs that were written are sound all the same;
* never a ``*.tmp`` file left in the output folder.

Runs are reproducible (derandomized, no example database). 200 examples locally; with the
``CI`` environment variable set, the "ci" profile runs a few thousand.

Known and reported (see docs/bad-input.md): author text with a line break quoted back in a
content.py message splits that message over lines. The generator therefore keeps line
breaks out of text that would be quoted back (it has its own xfail test in
tests/test_bad_input.py).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
import pytest
import yaml
from conftest import CONTENT, STANDARD_14_PREFIXES, iter_fonts

if os.environ.get("CI"):
    import hypothesis  # in CI the fuzz tests must run, never be skipped
else:
    hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

settings.register_profile(
    "imh-default", max_examples=200, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture])
settings.register_profile("imh-ci", settings.get_profile("imh-default"), max_examples=2000)
PROFILE = settings.get_profile("imh-ci" if os.environ.get("CI") else "imh-default")
RAW_PROFILE = settings(PROFILE, max_examples=max(50, PROFILE.max_examples // 4))

FUZZ_TODAY = dt.date(2020, 1, 1)
OUR_LINE = re.compile(r"^(?P<path>[^:]+?)(?::\d+)?: (?:error|warning): \S.*$")

# ---- text --------------------------------------------------------------------------------

# Characters Andika has: plain text that should build. No "*": bold comes from MARKUP_TEXT.
GOOD_CHARS = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
              "      .,;:!?'\"()-&<>/[]#%@+=_~{}|\\$^`"
              "\u00e9\u00e8\u00e0\u00e7\u00f1\u00f6\u00fc\u00df\u0142\u0105\u015f\u011f"
              "\u20ac\u00a3\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00a0")


def good_text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(GOOD_CHARS, min_size=1, max_size=max_size).filter(lambda s: s.strip())


# Anything at all, surrogates and control characters included, but no line breaks (see
# the module docstring).
WILD_TEXT = st.text(st.characters(exclude_categories=(), exclude_characters="\n\r\x85\u2028"
                                  "\u2029\x0b\x0c\x1c\x1d\x1e"), max_size=40)

MARKUP_TEXT = st.sampled_from([
    "**bold** words", "[a link](https://example.org/x)", "[bad](javascript:alert(1))",
    "<b>tag</b> &amp; <img src=x>", "<font size=99>x</font>", "** **",
    "[**x**](https://example.org/)", "&#0; &lt; ]]>", "**[link](https://example.org/)**",
])


def text(max_size: int) -> st.SearchStrategy[str]:
    """Printable text, now and then with markup (or text that looks like it)."""
    return st.one_of(*[good_text(max_size)] * 5, MARKUP_TEXT)


# ---- values of the wrong type -------------------------------------------------------------

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=False, allow_infinity=False), st.dates(), WILD_TEXT,
                    st.text(GOOD_CHARS, max_size=5000))
WRONG = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.one_of(WILD_TEXT, st.integers()), inner, max_size=3)), max_leaves=6)


# ---- valid documents ------------------------------------------------------------------------

def _services() -> tuple[list[str], list[str]]:
    data = yaml.safe_load((CONTENT / "services.yaml").read_text(encoding="utf-8"))
    ids = [s["id"] for s in data["services"]]
    return ids, [s["id"] for s in data["services"] if s.get("status") != "unverified"]


SERVICE_IDS, PRINTABLE_IDS = _services()
ICONS = ["hunger", "tired", "play", "break", "crying", "heart", "phone", "help", "speech",
         "home", "info", "warning", "star", "bump", "eye", "hands"]
URLS = ["https://example.org/", "https://example.org/a?b=c&d=<e>"]
# Plausible mistakes, put in by the damage step, not by the valid generator.
BAD_CHOICES = st.sampled_from([
    "images/missing.png", "images/bad.png", "../outside.png", "/etc/passwd",
    "images/../images/ok.png", "images/link.png", "http://example.org/",
    "https://" + "x" * 300 + ".org", "javascript:alert(1)", "https://ex ample.org", "nope",
    "loud", "101", "half", "no-such-service", "cy", "zz", "a5", "**never closed", "***",
    "2026-02-30", "tomorrow", "Leaflet", "", " ", "~", "null", "[x](https://a.b", "0",
])

BLOCKS = st.one_of(
    st.builds(lambda t: {"heading": t}, text(60)),
    st.builds(lambda t: {"paragraph": t}, text(200)),
    st.builds(lambda items: {"bullets": items}, st.lists(text(80), min_size=1, max_size=3)),
    st.builds(lambda items: {"tips": items}, st.lists(st.fixed_dictionaries(
        {"tip": text(40), "why": text(80)}, optional={"icon": st.sampled_from(ICONS)}),
        min_size=1, max_size=3)),
    st.builds(lambda rows: {"cues": rows}, st.lists(st.fixed_dictionaries(
        {"you_see": text(60), "it_may_mean": text(40), "you_can_try": text(60)}),
        min_size=1, max_size=2)),
    st.builds(lambda c: {"callout": c}, st.fixed_dictionaries(
        {"title": text(40), "text": text(120)},
        optional={"tone": st.sampled_from(["warning", "info"])})),
    st.builds(lambda q: {"quote": q}, st.fixed_dictionaries(
        {"text": text(100)}, optional={"by": text(30)})),
    st.builds(lambda ids: {"contacts": ids}, st.lists(
        st.sampled_from(SERVICE_IDS), min_size=1, max_size=2)),
    st.builds(lambda q: {"qr": q}, st.fixed_dictionaries(
        {"url": st.sampled_from(URLS), "text": text(40)})),
    st.builds(lambda i: {"image": i}, st.fixed_dictionaries(
        {"src": st.just("images/ok.png"), "alt": text(40)},
        optional={"caption": text(40),
                  "width_percent": st.sampled_from([25, 50, "33", 100])})),
)


@st.composite
def resource_document(draw: st.DrawFn, resource_id: str) -> dict:
    kind = draw(st.sampled_from(["leaflet", "leaflet", "poster"]))
    doc: dict = {"kind": kind, "id": resource_id}
    if kind == "poster":
        doc["sizes"] = draw(st.sampled_from([["a4"], ["a4"], ["a3"], ["a4", "a2"]]))
    doc["title"] = draw(text(40))
    if draw(st.booleans()):
        doc["subtitle"] = draw(text(60))
    doc["audience"] = draw(text(40))
    if draw(st.integers(0, 4)) == 0:
        doc["language"] = "en-GB"
    doc["version"] = draw(st.sampled_from(["1.0", "2", "1.0.1"]))
    doc["owner"] = draw(text(40))
    reviewed = draw(st.dates(FUZZ_TODAY, dt.date(2030, 1, 1)))
    doc["reviewed"] = reviewed
    doc["next_review"] = reviewed + dt.timedelta(days=draw(st.integers(0, 800)))
    doc["intro"] = draw(text(120))
    if kind == "leaflet" and draw(st.booleans()):
        doc["contacts_panel"] = draw(st.lists(st.sampled_from(PRINTABLE_IDS), min_size=1,
                                              max_size=2, unique=True))
    doc["sources"] = draw(st.lists(st.fixed_dictionaries(
        {"title": text(60)}, optional={"url": st.sampled_from(URLS)}), min_size=1,
        max_size=2))
    doc["blocks"] = draw(st.lists(BLOCKS, min_size=1, max_size=4))
    return doc


# ---- damage -------------------------------------------------------------------------------

def _slots(value: object) -> list[tuple[object, object]]:
    """(container, key) for every place a value sits in a nested dict/list."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((value, key))
            found.extend(_slots(item))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((value, index))
            found.extend(_slots(item))
    return found


@st.composite
def damage_data(draw: st.DrawFn, doc: dict) -> int:
    """Damage ``doc`` in place a few times; returns how many changes were made."""
    changes = draw(st.sampled_from([0, 0, 1, 1, 2, 3]))
    for _ in range(changes):
        slots = _slots(doc)
        container, key = draw(st.sampled_from(slots))
        action = draw(st.sampled_from(["wrong", "wrong", "choice", "choice", "drop", "unknown",
                                       "wild", "huge"]))
        if action == "wrong":
            container[key] = draw(WRONG)
        elif action == "choice":
            container[key] = draw(BAD_CHOICES)
        elif action == "wild":
            container[key] = draw(WILD_TEXT)
        elif action == "huge":
            container[key] = draw(st.sampled_from(["x" * 6000, "word " * 1100, "y" * 121]))
        elif action == "drop":
            del container[key]
        elif isinstance(container, dict):
            container[draw(st.one_of(WILD_TEXT, st.sampled_from(["titel", "blocks", "<<"])))] \
                = draw(WRONG)
    return changes


FRAGMENTS = ["\t", ": ", "- ", "&a ", "*a", "!!python/object/apply:os.system ", "{", "[", "]",
             "}", "'", '"', "\n", "\n  ", "---\n", "? ", "|", ">", "#", "%YAML 1.1\n",
             "\x00", "\x07", "\x1b[2J", "\u2028", "\x85", "\ufeff", "<<: *a\n", "\\", "\r",
             "key: value\n", "kind: poster\n", "  - heading: x\n", "\udcff"]


@st.composite
def damage_text(draw: st.DrawFn, text_: str) -> bytes:
    """The YAML text, maybe damaged, as the bytes of a file."""
    action = draw(st.sampled_from(["none"] * 5 + ["insert", "insert", "delete", "truncate",
                                                  "duplicate", "latin1", "bytes"]))
    position = draw(st.integers(0, len(text_)))
    if action == "insert":
        text_ = text_[:position] + draw(st.one_of(st.sampled_from(FRAGMENTS), WILD_TEXT)) \
            + text_[position:]
    elif action == "delete":
        text_ = text_[:position] + text_[position + draw(st.integers(1, 40)):]
    elif action == "truncate":
        text_ = text_[:position]
    elif action == "duplicate":
        lines = text_.splitlines(keepends=True)
        index = min(position, len(lines) - 1)
        lines.insert(index, lines[index])
        text_ = "".join(lines)
    data = text_.encode("utf-8", "surrogatepass")
    if action == "latin1":
        data = text_.encode("latin-1", "replace")
    elif action == "bytes":
        data = data[:position] + draw(st.binary(min_size=1, max_size=8)) + data[position:]
    return data


def dump(doc: dict) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)


@dataclass
class Tree:
    files: dict[str, bytes]  # path under content/ -> bytes
    expected: list[str] = field(default_factory=list)  # PDFs owed when nothing was damaged
    damaged: bool = False


@st.composite
def content_tree(draw: st.DrawFn) -> Tree:
    tree = Tree({})
    may_damage = draw(st.booleans())  # half the trees are left whole, to be built
    count = draw(st.integers(1, 3))
    for number in range(count):
        resource_id = f"fuzz-{number}"
        doc = draw(resource_document(resource_id))
        changes = draw(damage_data(doc)) if may_damage else 0
        text_ = dump(doc)
        data = draw(damage_text(text_)) if may_damage else text_.encode("utf-8")
        folder = "posters" if doc.get("kind") == "poster" else "leaflets"
        tree.files[f"{folder}/{resource_id}.yaml"] = data
        if changes or data != text_.encode("utf-8", "surrogatepass"):
            tree.damaged = True
        elif doc["kind"] == "poster":
            tree.expected += [f"posters/{resource_id}-{size}.pdf" for size in doc["sizes"]]
        else:
            tree.expected += [f"leaflets/{resource_id}.pdf",
                              f"leaflets/{resource_id}-large-print.pdf"]
    shared = draw(st.sampled_from([None] * 8 + ["services.yaml", "strings/en-GB.yaml"]))
    if may_damage and shared is not None:
        original = (CONTENT / shared).read_text(encoding="utf-8")
        damaged = draw(damage_text(original))
        if damaged != original.encode("utf-8"):
            tree.files[shared] = damaged
            tree.damaged = True
    return tree


# ---- running and checking -------------------------------------------------------------------

@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Assets (a good picture, a broken one, a link out) shared by every example."""
    from PIL import Image as PILImage

    root = tmp_path_factory.mktemp("fuzz")
    images = root / "assets" / "images"
    images.mkdir(parents=True)
    PILImage.new("RGB", (30, 20), (10, 120, 200)).save(images / "ok.png")
    (images / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    PILImage.new("RGB", (8, 8)).save(root / "outside.png")
    (images / "link.png").symlink_to(root / "outside.png")
    return root


def write_tree(root: Path, tree: Tree) -> Path:
    content = root / "content"
    (content / "strings").mkdir(parents=True)
    shutil.copyfile(CONTENT / "strings" / "en-GB.yaml", content / "strings" / "en-GB.yaml")
    shutil.copyfile(CONTENT / "services.yaml", content / "services.yaml")
    for relative, data in tree.files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return content


def check_pdf(path: Path, relative: str) -> None:
    reader = pypdf.PdfReader(path, strict=False)
    pages = len(reader.pages)
    if relative.endswith("-large-print.pdf"):  # as many pages as the words need
        assert pages >= 1, f"{relative}: no pages"
    else:
        expected = 2 if relative.startswith("leaflets/") else 1
        assert pages == expected, f"{relative}: {pages} pages, expected {expected}"
    for page_number, name, font in iter_fonts(reader):
        base = str(font.get("/BaseFont", "")).lstrip("/")
        assert not base.startswith(STANDARD_14_PREFIXES), f"{relative}: {base} on page " \
            f"{page_number} ({name}) is not embedded"
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None, f"{relative}: {base} has no font descriptor"
        descriptor = descriptor.get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
            f"{relative}: {base} is not embedded")


def run_and_check(fuzz_root: Path, tree: Tree) -> tuple[int, int]:
    """Build ``tree`` and check the property; returns (exit code, PDFs written)."""
    from imhprint.build import BuildOptions, build

    work = Path(tempfile.mkdtemp(dir=fuzz_root))
    try:
        content = write_tree(work, tree)
        output = work / "output"
        out, err = io.StringIO(), io.StringIO()
        # review dates are checked as of a day before any the generator draws, so an
        # undamaged tree is never refused for being out of date
        code = build(BuildOptions(content_dir=content, output_dir=output,
                                  assets_dir=fuzz_root / "assets", today=FUZZ_TODAY),
                     out=out, err=err)
        stderr = err.getvalue()
        files = "\n".join(f"--- {k} ---\n{v!r}" for k, v in tree.files.items())
        context = f"exit code {code}\n--- stderr ---\n{stderr}\n{files}"
        assert code in (0, 1), context
        assert "Traceback" not in stderr and "internal error" not in stderr, context
        allowed = (content.resolve(), output.resolve())
        for line in stderr.splitlines():
            match = OUR_LINE.match(line)
            assert match, f"not one of our lines: {line!r}\n{context}"
            named = (Path.cwd() / match["path"]).resolve()
            assert any(named == a or a in named.parents for a in allowed), (
                f"a line names {named}, outside the content and output folders\n{context}")
        written = sorted(str(p.relative_to(output)) for p in output.rglob("*")
                         if p.is_file()) if output.exists() else []
        assert not [w for w in written if w.endswith(".tmp")], context
        for relative in written:
            if relative.endswith(".pdf"):
                check_pdf(output / relative, relative)
            elif relative == "index.html" or relative.startswith("web/"):
                continue  # the web versions and catalogue (tests/test_web.py reads them)
            else:
                assert relative == "preflight.json", context
                json.loads((output / relative).read_text(encoding="utf-8"))
        if code == 0 and not tree.damaged:
            missing = set(tree.expected) - set(written)
            assert not missing, f"PDFs not built: {sorted(missing)}\n{context}"
        if code == 1:
            assert [line for line in stderr.splitlines() if ": error: " in line], context
        return code, len(written)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@PROFILE
@hypothesis.given(tree=content_tree())
def test_random_content_builds_or_fails_cleanly(tree: Tree, fuzz_root: Path):
    code, written = run_and_check(fuzz_root, tree)
    hypothesis.event(f"exit code {code}")
    hypothesis.event("damaged" if tree.damaged else "undamaged")
    hypothesis.event("some PDFs written" if written else "no PDF written")


@RAW_PROFILE
@hypothesis.given(data=st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from(FRAGMENTS + ["kind: leaflet\n", "blocks:\n", "a"]), max_size=30)
    .map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))))
def test_random_bytes_as_a_content_file_fail_cleanly(data: bytes, fuzz_root: Path):
    code, _ = run_and_check(fuzz_root, Tree({"leaflets/random.yaml": data}, damaged=True))
    hypothesis.event(f"exit code {code}")


def test_undamaged_trees_mostly_build(fuzz_root: Path):
    """The generator is not just noise: undamaged examples do build (a sanity check)."""
    codes = []

    @settings(PROFILE, max_examples=30)
    @hypothesis.given(tree=content_tree().filter(lambda t: not t.damaged))
    def probe(tree: Tree) -> None:
        codes.append(run_and_check(fuzz_root, tree)[0])

    probe()
    assert codes.count(0) >= len(codes) // 3, f"only {codes.count(0)} of {len(codes)} built"
