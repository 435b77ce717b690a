"""Shared fixtures and helpers: run the real CLI, write small content trees, read PDFs.

Every test looks at real output: the CLI runs as a subprocess and the PDFs it writes are
opened with pypdf / pypdfium2. The real content is built once per session.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
LEAFLETS_DIR = CONTENT / "leaflets"

if str(REPO) not in sys.path:  # for the unit tests that import imhprint directly
    sys.path.insert(0, str(REPO))

A4_WIDTH, A4_HEIGHT = 595.28, 841.89

STANDARD_14_PREFIXES = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")

# A minimal valid leaflet. Tests edit copies of it with str.replace.
BASE_LEAFLET = """\
kind: leaflet
id: test-one
title: Test leaflet
audience: Testers
version: "1.0"
owner: Test Hub
reviewed: 2026-01-01
next_review: 2027-01-01
intro: A short intro.
sources:
  - title: A source
    url: https://example.org/
blocks:
  - heading: First heading
  - paragraph: Some text.
"""


def leaflet_yaml(resource_id: str = "test-one", title: str = "Test leaflet",
                 blocks: str | None = None) -> str:
    """BASE_LEAFLET with another id / title, and optionally other block lines."""
    text = BASE_LEAFLET.replace("id: test-one", f"id: {resource_id}")
    text = text.replace("title: Test leaflet", f"title: {title}")
    if blocks is not None:
        text = text.split("blocks:\n")[0] + "blocks:\n" + blocks
    return text


# ---- running the CLI ---------------------------------------------------------------------

def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(extra)
    return env


# Review dates and contact details are checked as of this day in the tests, so the
# fixtures' dates give the same results whatever the calendar says.
TEST_TODAY = "2026-06-01"


def run_build(args: list[str | Path], env: dict[str, str] | None = None,
              ) -> subprocess.CompletedProcess[str]:
    """Run build_pdfs.py from the repository root, as a user would (as of TEST_TODAY
    unless the arguments give --today)."""
    args = [str(a) for a in args]
    if "--today" not in args:
        args += ["--today", TEST_TODAY]
    return subprocess.run(
        [sys.executable, "build_pdfs.py", *args],
        cwd=REPO, capture_output=True, text=True, env=env or clean_env(), timeout=120,
    )


def describe(result: subprocess.CompletedProcess[str]) -> str:
    return (f"exit code {result.returncode}\n--- stdout ---\n{result.stdout}"
            f"\n--- stderr ---\n{result.stderr}")


# ---- content trees -----------------------------------------------------------------------

def write_content(root: Path, leaflets: dict[str, str]) -> Path:
    """A content tree under ``root``: the real strings and services plus the given leaflets.

    ``leaflets`` maps a file name (e.g. "one.yaml") to its YAML text. Returns the
    content folder.
    """
    content = root / "content"
    (content / "strings").mkdir(parents=True, exist_ok=True)
    (content / "leaflets").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CONTENT / "strings" / "en-GB.yaml", content / "strings" / "en-GB.yaml")
    shutil.copyfile(CONTENT / "services.yaml", content / "services.yaml")
    for name, text in leaflets.items():
        (content / "leaflets" / name).write_text(text, encoding="utf-8")
    return content


def line_with(text: str, marker: str, occurrence: int = 1) -> int:
    """The 1-based number of the line holding ``marker`` (its nth occurrence)."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if marker in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"fixture bug: {marker!r} (occurrence {occurrence}) not in text")


# ---- diagnostics -------------------------------------------------------------------------

DIAGNOSTIC = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<level>error|warning): (?P<message>.+)$")


@dataclass(frozen=True)
class Diag:
    path: Path  # resolved
    line: int
    level: str
    message: str


def diagnostics(stderr: str) -> list[Diag]:
    """Every ``path:line: level: message`` line on stderr (paths are relative to the repo)."""
    found = []
    for raw in stderr.splitlines():
        match = DIAGNOSTIC.match(raw)
        if match:
            found.append(Diag((REPO / match["path"]).resolve(), int(match["line"]),
                              match["level"], match["message"]))
    return found


def find_diag(stderr: str, path: Path, line: int, level: str = "error",
              contains: str = "") -> Diag:
    """The diagnostic at exactly ``path:line`` with ``level`` whose message has ``contains``."""
    wanted = path.resolve()
    for diag in diagnostics(stderr):
        if (diag.path == wanted and diag.line == line and diag.level == level
                and contains.lower() in diag.message.lower()):
            return diag
    raise AssertionError(f"no '{level}' at {path}:{line} mentioning {contains!r}; "
                         f"stderr was:\n{stderr}")


# ---- reading PDFs ------------------------------------------------------------------------

def normalise(text: str) -> str:
    return " ".join(text.split())


def page_texts(pdf_path: Path) -> list[str]:
    """The extracted text of each page, whitespace normalised."""
    reader = pypdf.PdfReader(pdf_path)
    return [normalise(page.extract_text() or "") for page in reader.pages]


def letters(text: str) -> str:
    """Only the letters and digits, in order: extractors differ on where punctuation and
    spaces go in right-to-left text."""
    return "".join(ch for ch in unicodedata.normalize("NFC", text)
                   if unicodedata.category(ch)[0] in "LN")


def mark_checked(po_paths: Iterable[Path]) -> None:
    """Mark translations checked (an edition carries checked translations only), as a
    checker would in each PO file's header, dated before TEST_TODAY."""
    for po_path in po_paths:
        text = po_path.read_text(encoding="utf-8")
        for field, value in (("X-Translation-State", "checked"),
                             ("X-Checked-By", "A test, not a reader"),
                             ("X-Checked-On", "2026-05-01")):
            line = f'"{field}: {value}\\n"'
            text = re.sub(rf'"{field}: [^"\\]*\\n"', lambda _, line=line: line, text)
        po_path.write_text(text, encoding="utf-8")


# A tri-fold's panels, cut between its folds (97 and 100 mm from either edge; text keeps
# 8 mm from a fold), so that lines side by side in two panels are read apart.
PANEL_CUTS_MM = (0.0, 98.5, 198.5, 297.0)


def read_back(line: str, text: str) -> bool:
    """Whether ``text`` (poppler's, put through ``letters``) holds the line. On a page
    mostly of left-to-right text (large print's page of English source names) poppler sets a
    right-to-left line's runs, split at a colon or an Arabic comma, left to right: "A: B"
    comes back as "B:A". Either order of the whole runs is the line; a lost or changed run
    is not."""
    runs = [letters(run) for run in re.split("[:\u060c]", line)]
    return "".join(runs) in text or "".join(reversed(runs)) in text


def poppler_pages(pdf_path: Path) -> list[str]:
    """Each page's text as poppler reads it: it follows /ActualText, so shaped Arabic
    script comes back as written (pypdf gives the glyphs' presentation forms)."""
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def printed_address(lines: list[str], address: str) -> list[str] | None:
    """The pieces ``address`` is printed in, one a line (poppler's ``lines``, in order):
    one piece when a line holds it whole; None when it is not printed in full."""
    for index, line in enumerate(lines):
        if address in line:
            return [address]
        for cut in range(1, len(address)):
            if line.rstrip().endswith(address[:cut]):
                pieces = [address[:cut], *_rest_of_address(lines[index + 1:], address[cut:])]
                if "".join(pieces) == address:
                    return pieces
    return None


def _rest_of_address(lines: list[str], rest: str) -> list[str]:
    """The pieces of ``rest`` at the start of each of ``lines``, as far as they go on."""
    pieces = []
    for line in (line.strip() for line in lines):
        if not rest or not line:
            break
        piece = rest if line.startswith(rest) else line if rest.startswith(line) else ""
        if not piece:
            break
        pieces.append(piece)
        rest = rest[len(piece):]
    return pieces


def strip_markup(text: str) -> str:
    """What a reader sees of author text: **bold** and [label](url) become plain words."""
    text = re.sub(r"\[([^\[\]\n]+)\]\((https://[^\s()<>\"]+)\)", r"\1", text)
    return text.replace("**", "")


def leading_words(text: str, count: int = 6) -> str:
    return " ".join(strip_markup(text).split()[:count])


def load_services(content_dir: Path = CONTENT) -> dict[str, dict]:
    data = yaml.safe_load((content_dir / "services.yaml").read_text(encoding="utf-8"))
    return {s["id"]: s for s in data["services"]}


def block_shown_in(resource: dict, block: dict, choice: str) -> bool:
    """Whether a block (as read from YAML) prints in a format: its ``formats`` name the
    format (a4, trifold, a3, ...) or the resource's kind, or it has none."""
    formats = block.get("formats")
    return not formats or choice in formats or resource["kind"] in formats


BLOCK_OPTIONS = ("formats", "size")  # keys any block may have beside its type


def block_type_and_value(block: dict) -> tuple[str, object]:
    """A block's type and value, leaving aside the keys any block may have."""
    (kind, value), = ((k, v) for k, v in block.items() if k not in BLOCK_OPTIONS)
    return kind, value


def expected_fragments(resource: dict, services: dict[str, dict],
                       choice: str = "a4") -> list[tuple[str, str]]:
    """(label, leading words) for the cover and each block printed in the format
    ``choice``, in reading order."""
    out: list[tuple[str, str]] = [("title", leading_words(resource["title"]))]
    if resource.get("subtitle"):
        out.append(("subtitle", leading_words(resource["subtitle"])))
    out.append(("intro", leading_words(resource["intro"])))
    for index, block in enumerate(resource["blocks"]):
        if not block_shown_in(resource, block, choice):
            continue
        kind, value = block_type_and_value(block)
        label = f"block {index} ({kind})"
        if kind in ("heading", "paragraph"):
            out.append((label, leading_words(value)))
        elif kind == "bullets":
            out += [(f"{label} item {i}", leading_words(item)) for i, item in enumerate(value)]
        elif kind == "tips":
            for i, tip in enumerate(value):
                out.append((f"{label} tip {i}", leading_words(tip["tip"])))
                out.append((f"{label} why {i}", leading_words(tip["why"])))
        elif kind == "cues":
            for i, row in enumerate(value):
                for key in ("you_see", "it_may_mean", "you_can_try"):
                    out.append((f"{label} row {i} {key}", leading_words(row[key])))
        elif kind == "callout":
            out.append((f"{label} title", leading_words(value["title"])))
            out.append((f"{label} text", leading_words(value["text"])))
        elif kind == "quote":
            out.append((f"{label} text", leading_words(value["text"])))
            if value.get("by"):
                out.append((f"{label} by", leading_words(value["by"])))
        elif kind == "contacts":
            for ref in value:
                service = services[ref]
                if service["status"] in ("verified", "local"):
                    out.append((f"{label} {ref}", leading_words(service["name"])))
        elif kind == "qr":
            out.append((f"{label} text", leading_words(value["text"])))
        elif kind == "image":
            if value.get("caption"):
                out.append((f"{label} caption", leading_words(value["caption"])))
        elif kind == "local_services":
            pass  # an edition's own services: the national copy prints nothing here
        else:
            raise AssertionError(f"test helper does not know the block type {kind!r}")
    return out


def assert_in_order(text: str, fragments: list[tuple[str, str]]) -> None:
    """Each fragment occurs in ``text`` after the previous one (sequential search)."""
    position = 0
    for label, fragment in fragments:
        found = text.find(fragment, position)
        if found < 0:
            anywhere = text.find(fragment)
            where = (f"it occurs earlier, at {anywhere}" if anywhere >= 0
                     else "it does not occur at all")
            raise AssertionError(f"{label}: {fragment!r} not found after position {position} "
                                 f"({where}); text there: {text[position:position + 200]!r}")
        position = found + len(fragment)


def iter_fonts(reader: pypdf.PdfReader):
    """(page number, resource name, font dict) for every font used, in Form XObjects too."""
    seen: set[tuple[int, int]] = set()

    def walk(resources, page_number, depth=0):
        if resources is None or depth > 20:
            return
        ref = getattr(resources, "indirect_reference", None)
        if isinstance(resources, pypdf.generic.IndirectObject):
            ref = resources
        resources = resources.get_object()
        if ref is not None:
            key = (ref.idnum, ref.generation)
            if key in seen:
                return
            seen.add(key)
        fonts = resources.get("/Font")
        if fonts is not None:
            for name, font in fonts.get_object().items():
                yield page_number, name, font.get_object()
        xobjects = resources.get("/XObject")
        if xobjects is not None:
            for xobject in xobjects.get_object().values():
                xobject = xobject.get_object()
                if xobject.get("/Subtype") == "/Form":
                    yield from walk(xobject.get("/Resources"), page_number, depth + 1)
        patterns = resources.get("/Pattern")
        if patterns is not None:
            for pattern in patterns.get_object().values():
                pattern = pattern.get_object()
                if "/Resources" in pattern:
                    yield from walk(pattern["/Resources"], page_number, depth + 1)

    for number, page in enumerate(reader.pages, start=1):
        yield from walk(page.get("/Resources"), number)
        for annot in page.get("/Annots") or []:
            appearance = annot.get_object().get("/AP")
            if appearance is None:
                continue
            for stream in appearance.get_object().values():
                stream = stream.get_object()
                if hasattr(stream, "get") and "/Resources" in stream:
                    yield from walk(stream["/Resources"], number)


SUBSET_NAME = re.compile(r"^/(?P<tag>[A-Z]{6})\+(?P<font>.+)$")


def _descriptor_of(font):
    """The font descriptor of a font dict, or of its CID descendant."""
    for candidate in [font, *[d.get_object() for d in font.get("/DescendantFonts") or []]]:
        if "/FontDescriptor" in candidate:
            return candidate["/FontDescriptor"].get_object()
    return None


def _embedded_bytes(descriptor) -> bytes | None:
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in descriptor:
            return descriptor[key].get_object().get_data()
    return None


def subset_tags(pdf_path: Path) -> dict[str, tuple[str, bytes]]:
    """Each subset tag in a PDF and the one subset (font name, font bytes) it names.

    Every embedded font must carry a subset name, six capital letters and '+'; a tag may
    name only one subset (a print shop's RIP must never take one for another) and one
    subset only one tag. Fonts in Form XObjects count too: an imposed sheet's are there.
    """
    tags: dict[str, tuple[str, bytes]] = {}
    names: dict[tuple[str, bytes], str] = {}
    for _, _, font in iter_fonts(pypdf.PdfReader(pdf_path)):
        descriptor = _descriptor_of(font)
        data = None if descriptor is None else _embedded_bytes(descriptor)
        if data is None:
            continue
        base = str(font["/BaseFont"])
        match = SUBSET_NAME.match(base)
        assert match, f"{pdf_path.name}: embedded font {base} has no six-letter subset tag"
        subset = (match["font"], data)
        assert tags.setdefault(match["tag"], subset) == subset, \
            f"{pdf_path.name}: tag {match['tag']} names two different subsets"
        assert names.setdefault(subset, match["tag"]) == match["tag"], \
            f"{pdf_path.name}: one subset of {match['font']} has two tags"
        assert str(descriptor["/FontName"]) == base, (pdf_path.name, base)
    return tags


# ---- session fixtures --------------------------------------------------------------------

def leaflet_files(folder: Path = LEAFLETS_DIR) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml")
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


@dataclass
class RealBuild:
    content: Path  # a snapshot of content/ taken when the session started
    output: Path
    result: subprocess.CompletedProcess[str]

    def pdf_for(self, resource_id: str) -> Path:
        return self.output / "leaflets" / f"{resource_id}.pdf"

    def source_for(self, original: Path) -> Path:
        """The snapshot copy of a file under content/."""
        return self.content / original.relative_to(CONTENT)


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> RealBuild:
    """The real content, built once for the whole session.

    The content folder is copied first, so the YAML the tests read is exactly the YAML
    that was built, even if someone edits content/ while the tests run.
    """
    root = tmp_path_factory.mktemp("real")
    snapshot = root / "content"
    shutil.copytree(CONTENT, snapshot)
    output = root / "output"
    result = run_build(["--content", snapshot, "--output", output])
    return RealBuild(snapshot, output, result)


KITCHEN_SINK = """\
kind: leaflet
id: kitchen-sink
title: Every block type
subtitle: A test of each block
audience: Testers
language: en-GB
version: "2.1"
owner: Kitchen Sink Hub
reviewed: 2026-02-03
next_review: 2027-02-03
intro: This leaflet uses **every** kind of block once.
contacts_panel: [{verified}]
sources:
  - title: A source
    url: https://example.org/
blocks:
  - heading: Opening heading
  - paragraph: >-
      A paragraph with **bold words** and a [link label](https://example.org/page)
      in the middle of it.
  - bullets:
      - First bullet point
      - Second bullet point
  - tips:
      - tip: Tip number one
        why: Because it helps.
      - tip: Tip number two
        why: Because it also helps.
  - cues:
      - you_see: Yawning and rubbing eyes
        it_may_mean: Tired now
        you_can_try: A quiet room
  - heading: Second heading
  - callout:
      tone: warning
      title: Careful now
      text: This is a warning callout.
  - contacts: [{verified}]
  - qr:
      url: https://example.org/more
      text: Scan this code for more.
  - image:
      src: images/square.png
      alt: A coloured square
      caption: A caption under the picture
      width_percent: 25
"""


# The quote block is left out here: it has its own test (test_quote_block_builds).


@dataclass
class SinkBuild:
    content: Path
    source: Path
    pdf: Path
    result: subprocess.CompletedProcess[str]


def first_service(status: str) -> str:
    for service_id, service in load_services().items():
        if service["status"] == status:
            return service_id
    pytest.skip(f"services.yaml has no service with status {status}")


@pytest.fixture(scope="session")
def sink_build(tmp_path_factory: pytest.TempPathFactory) -> SinkBuild:
    """A temporary leaflet using every block type (incl. image and QR), built once."""
    from PIL import Image as PILImage

    root = tmp_path_factory.mktemp("sink")
    text = KITCHEN_SINK.format(verified=first_service("verified"))
    content = write_content(root, {"sink.yaml": text})
    assets = root / "assets"
    (assets / "images").mkdir(parents=True)
    PILImage.new("RGB", (60, 60), (200, 120, 40)).save(assets / "images" / "square.png")
    output = root / "output"
    result = run_build(["--content", content, "--output", output, "--assets", assets])
    return SinkBuild(content, content / "leaflets" / "sink.yaml",
                     output / "leaflets" / "kitchen-sink.pdf", result)
