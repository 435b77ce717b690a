"""Tagged PDF (issue 13): every PDF has a structure tree in reading order (PDF/UA-1).

The tests read the built files with their own walker: pikepdf for the structure tree and
pdfplumber for the characters of each marked-content sequence (by MCID), so what a
screen reader would say is checked against the YAML, not against the code that tagged
it. Two independent checkers look too: the pdfua checker from PyPI, and poppler's
``pdfinfo -struct-text``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pikepdf
import pypdfium2
import pytest
import yaml
from conftest import (
    CONTENT,
    KITCHEN_SINK,
    assert_in_order,
    describe,
    expected_fragments,
    first_service,
    leaflet_files,
    load_services,
    normalise,
    run_build,
    strip_markup,
    subset_tags,
    write_content,
)

needs_pdfinfo = pytest.mark.skipif(
    shutil.which("pdfinfo") is None and not os.environ.get("CI"),
    reason="needs poppler's pdfinfo (apt-get install poppler-utils)")

TRANSLATION_NAME = re.compile(r"\.(?P<language>[a-z]{2,3})\.pdf$")
INVISIBLE = dict.fromkeys(map(ord, "\u2060\u200b\u00ad"))  # joiners that print nothing


# ---- a screen reader's walk, our own --------------------------------------------------

@dataclass
class Walked:
    """One structure element as a screen reader meets it."""

    type: str
    depth: int
    text: str  # of its own marked content
    obj: pikepdf.Dictionary
    pdf: pikepdf.Pdf  # kept open while its objects are looked at
    children: list[Walked] = field(default_factory=list)


def marked_texts(path: Path) -> tuple[dict[tuple[int, int], str], list[str]]:
    """The text of each (page index, MCID), and the lines of text in no MCID."""
    marked: dict[tuple[int, int], list[dict]] = defaultdict(list)
    loose: list[dict] = []
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            for char in page.chars:
                if char.get("mcid") is None:
                    loose.append(char)
                else:
                    marked[(index, char["mcid"])].append(char)
    return ({key: _line_text(chars) for key, chars in marked.items()},
            [line for line in _line_text(loose, runs=True).split("\n") if line.strip()])


RUN_JUMP = 20  # pt back to the left: a new piece of text, not a kern or an accent


def _line_text(chars: list[dict], runs: bool = False) -> str:
    """Characters in the order drawn, a new line where the baseline moves; with ``runs``
    also where the text jumps back left on the same baseline (a footer's page number, at
    the right, drawn just before the version line that starts at the left)."""
    out, last = [], None
    for char in chars:
        if last is not None and (abs(char["top"] - last["top"]) > 1
                                 or runs and char["x0"] < last["x0"] - RUN_JUMP):
            out.append("\n")
        out.append(char["text"])
        last = char
    return "".join(out).translate(INVISIBLE)


def walk(path: Path) -> list[Walked]:
    """The structure tree depth first (the Document element first), each element with
    the text of the MCIDs it owns, resolved through the pages they are on."""
    texts, _ = marked_texts(path)
    pdf = pikepdf.open(path)
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    found: list[Walked] = []

    def visit(element: pikepdf.Dictionary, depth: int, page: int | None) -> Walked:
        page = pages.get(element.Pg.objgen, page) if "/Pg" in element else page
        node = Walked(str(element.S)[1:], depth, "", element, pdf)
        found.append(node)
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        parts = []
        for kid in kids:
            if isinstance(kid, int):
                parts.append(texts.get((page, kid), ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                parts.append(texts.get((pages[kid.Pg.objgen], int(kid.MCID)), ""))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                node.children.append(visit(kid, depth + 1, page))
        node.text = normalise(" ".join(parts))
        return node

    visit(pdf.Root.StructTreeRoot.K, 0, None)
    return found


def spoken(path: Path) -> str:
    """Everything a screen reader reads, in order."""
    return normalise(" ".join(node.text for node in walk(path) if node.text))


# ---- builds ---------------------------------------------------------------------------

@dataclass
class Builds:
    office: Path  # the real content, national edition, office, with the sheets
    press: Path  # every edition, press profile
    sink: Path  # the kitchen-sink leaflet
    sink_source: str


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    root = tmp_path_factory.mktemp("tagged")
    office, press = root / "office", root / "press"
    for args in (["--output", office, "--contacts"],
                 ["--output", press, "--profile", "press", "--edition", "all"]):
        result = run_build(args)
        assert result.returncode == 0, describe(result)
    from PIL import Image as PILImage

    text = KITCHEN_SINK.format(verified=first_service("verified"))
    content = write_content(root / "sink", {"sink.yaml": text})
    assets = root / "sink" / "assets"
    (assets / "images").mkdir(parents=True)
    PILImage.new("RGB", (60, 60), (200, 120, 40)).save(assets / "images" / "square.png")
    result = run_build(["--content", content, "--output", root / "sink" / "output",
                        "--assets", assets])
    assert result.returncode == 0, describe(result)
    return Builds(office, press, root / "sink" / "output" / "leaflets" / "kitchen-sink.pdf",
                  text)


def every_pdf(builds: Builds) -> list[Path]:
    """Every PDF but the press booklets: sheets imposed for the press, out of reading order
    by design, carry no tags (their office copies, in reading order, are checked)."""
    press = [path for path in builds.press.rglob("*.pdf")
             if not path.name.endswith("-booklet.pdf")]
    return sorted([*builds.office.rglob("*.pdf"), *press, builds.sink])


def resources() -> list[tuple[dict, Path]]:
    found = [(yaml.safe_load(path.read_text(encoding="utf-8")), path)
             for path in [*leaflet_files(), *sorted((CONTENT / "posters").glob("*.yaml"))]]
    return [(data, path) for data, path in found if data.get("id")]


def outputs_of(resource: dict, folder: Path) -> list[tuple[Path, str]]:
    """(PDF, format choice) for each format the national copy is built in."""
    if resource["kind"] == "leaflet":
        files = [(folder / "leaflets" / f"{resource['id']}.pdf", "a4"),
                 (folder / "leaflets" / f"{resource['id']}-trifold.pdf", "trifold")]
    else:
        files = [(folder / "posters" / f"{resource['id']}-{size}.pdf", size)
                 for size in ("a4", "a3", "a2")]
    return [(path, choice) for path, choice in files if path.exists()]


# ---- the tree is there, and holds together ---------------------------------------------

def check_tree(path: Path) -> None:
    """Tagged as PDF/UA asks, and every MCID on every page owned by exactly one element,
    through the ParentTree and back."""
    pdf = pikepdf.open(path)
    root = pdf.Root
    assert root.MarkInfo.Marked is True, path
    assert str(root.Lang), path
    assert root.ViewerPreferences.DisplayDocTitle is True, path
    tree = root.StructTreeRoot
    assert tree.K.S == "/Document", path
    nums = list(tree.ParentTree.Nums)
    parent_tree = dict(zip((int(k) for k in nums[::2]), nums[1::2], strict=True))
    assert int(tree.ParentTreeNextKey) > max(parent_tree), path
    owned: dict[tuple[int, int], pikepdf.Object] = {}
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    for node in walk(path):
        kids = node.obj.get("/K")
        for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, int):
                key = (pages[node.obj.Pg.objgen], int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                key = (pages[kid.Pg.objgen], int(kid.MCID))
            else:
                continue
            assert key not in owned, f"{path}: MCID {key} has two elements"
            owned[key] = node.obj
    drawn = set()
    for index, page in enumerate(pdf.pages):
        for operands, operator in pikepdf.parse_content_stream(page):
            if operator == pikepdf.Operator("BDC") and isinstance(
                    operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                drawn.add((index, int(operands[1].MCID)))
        if any((index, m) in owned for m in range(1000)):
            array = parent_tree[int(page.StructParents)]
            for (page_index, mcid), element in owned.items():
                if page_index == index:
                    assert array[mcid].objgen == element.objgen, (path, index, mcid)
    assert drawn == set(owned), f"{path}: drawn {sorted(drawn - set(owned))} not in tree, " \
        f"tree {sorted(set(owned) - drawn)} not drawn"
    metadata = bytes(root.Metadata.read_bytes()).decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in metadata, path
    title = str(pdf.docinfo.Title)
    assert f">{title.replace('&', '&amp;')}</rdf:li>" in metadata.replace("&apos;", "'"), path


def test_every_pdf_has_a_valid_structure_tree(builds: Builds) -> None:
    pdfs = every_pdf(builds)
    names = {path.name for path in pdfs}
    assert {"sources.pdf", "contacts-check.pdf"} <= names
    assert any(name.endswith("-trifold.pdf") for name in names)
    assert any(name.endswith("-a2.pdf") for name in names)
    assert any(".pl." in name for name in names)
    for path in pdfs:
        check_tree(path)


def test_pdfua_checker_passes_on_every_pdf(builds: Builds) -> None:
    pdfua = pytest.importorskip("pdfua")
    for path in every_pdf(builds):
        report = pdfua.validate(str(path))
        assert not report.findings, (path, [(f.rule_id, f.message) for f in report.findings])
        # a rule that could not read the file would hide a fault: none may be skipped so
        assert not [o for o in report.skipped if "raised" in (o.skipped_reason or "")], \
            (path, [(o.rule_id, o.skipped_reason) for o in report.skipped])


# ---- reading order ---------------------------------------------------------------------

def test_a_screen_reader_reads_each_leaflet_and_poster_in_yaml_order(builds: Builds) -> None:
    services = load_services()
    checked = 0
    for resource, _ in resources():
        for path, choice in outputs_of(resource, builds.office):
            text = spoken(path)
            try:
                assert_in_order(text, expected_fragments(resource, services, choice))
            except AssertionError as exc:
                raise AssertionError(f"{path.name}: {exc}") from None
            checked += 1
    assert checked >= 10


def test_page_two_reads_its_content_before_the_hub_and_numbers(builds: Builds) -> None:
    """The hub and numbers panels are drawn first on page 2, but read after the last
    block; the small print comes last of all."""
    strings = yaml.safe_load((CONTENT / "strings" / "en-GB.yaml").read_text("utf-8"))["strings"]
    for resource, _ in resources():
        if resource["kind"] != "leaflet":
            continue
        last_block = [b for b in resource["blocks"] if "paragraph" in b or "heading" in b][-1]
        last = strip_markup(next(iter(last_block.values()))).split()[:5]
        for path, _ in outputs_of(resource, builds.office):
            text = spoken(path)
            assert_in_order(text, [("last block", " ".join(last)),
                                   ("hub panel", strings["hub_heading"]),
                                   ("numbers panel", strings["key_numbers_heading"]),
                                   ("small print", "Version")])


def test_the_trifold_reads_cover_flap_inside_panels_then_back(builds: Builds) -> None:
    """Cover (the title) first, then the blocks in order (flap, inside 1-3), the back
    last, though the back is drawn first on the outside of the sheet."""
    resource = yaml.safe_load((CONTENT / "leaflets" / "cues-and-crying.yaml").read_text())
    path = builds.office / "leaflets" / f"{resource['id']}-trifold.pdf"
    top = [node for node in walk(path) if node.depth == 1]
    assert top[0].type == "H1" and top[0].text == normalise(strip_markup(resource["title"]))
    hub = next(i for i, node in enumerate(top) if node.type == "Sect"
               and node.children and node.children[0].text == "Your family hub")
    headings = [node.text for node in top[:hub] if node.type == "H2"]
    assert headings == [normalise(strip_markup(b["heading"])) for b in resource["blocks"]
                        if "heading" in b]


# ---- tag types follow the blocks -------------------------------------------------------

BLOCK_TAGS = {"heading": ["H2"], "paragraph": ["P"], "bullets": ["L"], "tips": ["Div"],
              "cues": ["Table"], "callout": ["Sect"], "contacts": ["Div"], "qr": ["Div"],
              "image": ["Figure", "P"]}


def test_tag_types_and_their_order_match_the_blocks(builds: Builds) -> None:
    sink = yaml.safe_load(builds.sink_source)
    top = [node for node in walk(builds.sink) if node.depth == 1]
    expected = ["H1", "P", "P"]  # title, subtitle, introduction
    for block in sink["blocks"]:
        (kind,) = [k for k in block if k not in ("formats", "size")]
        expected += BLOCK_TAGS[kind]
    expected += ["Sect", "Sect"]  # the hub panel, the useful numbers, below the content
    assert [node.type for node in top[:len(expected)]] == expected
    assert {node.type for node in top[len(expected):]} == {"P"}  # the small print

    by_type = {node.type: node for node in reversed(top)}
    bullets = by_type["L"]
    assert [child.type for child in bullets.children] == ["LI", "LI"]
    for item, words in zip(bullets.children, sink["blocks"][2]["bullets"], strict=True):
        label, body = item.children
        assert (label.type, label.text, body.type, body.children[0].text) == (
            "Lbl", "•", "LBody", words)
    table = by_type["Table"]
    rows = table.children
    cues = sink["blocks"][4]["cues"]
    assert [row.type for row in rows] == ["TR"] * (1 + len(cues))
    assert [cell.type for cell in rows[0].children] == ["TH"] * 3
    assert all(cell.obj.A.Scope == "/Column" for cell in rows[0].children)
    assert [cell.children[0].text for cell in rows[1].children] == [
        cues[0]["you_see"], cues[0]["it_may_mean"], cues[0]["you_can_try"]]
    tips = by_type["Div"]
    assert [card.type for card in tips.children] == ["Sect", "Sect"]
    assert [card.children[0].type for card in tips.children] == ["H3", "H3"]


def test_headings_never_skip_a_level(builds: Builds) -> None:
    for path in every_pdf(builds):
        levels = [int(node.type[1]) for node in walk(path) if re.fullmatch(r"H\d", node.type)]
        assert levels[0] == 1, path
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)


# ---- artifacts, figures, links, languages ------------------------------------------------

def test_artifacts_hold_no_content_text(builds: Builds) -> None:
    """Untagged text is only page furniture (page numbers, a sheet's footer, the version
    line on the page without the small print) or a repeat of text the tree reads once: a
    draft band on every page or panel, a table's header row on the next page."""
    allowed = re.compile(r"^((Contact details to check|Where our information comes from).*)?"
                         r"Page \d+ of \d+$|^✓$"
                         # the version line, whole or wrapped (large print's narrow footer)
                         r"|^Version .* · Reviewed .*( · (Next review .*)?)?$|^Next review .*$")
    for path in every_pdf(builds):
        if TRANSLATION_NAME.search(path.name):
            continue  # their furniture is in their own language; their band is below
        _, loose = marked_texts(path)
        # a table's header row, repeated where the table runs on to another page
        nodes = walk(path)
        read = {node.text.replace(" ", "") for node in nodes if node.text}
        read.add("".join(cell.text for node in nodes if node.type == "TH"
                         for cell in node.children).replace(" ", ""))
        for line in loose:
            if line.replace(" ", "").lstrip("✓") in read:
                continue
            assert allowed.match(normalise(line)), (path, line)


def test_every_figure_has_alt_text(builds: Builds) -> None:
    figures = [node for node in walk(builds.sink) if node.type == "Figure"]
    assert [str(node.obj.Alt) for node in figures] == ["example.org/more", "A coloured square"]
    logos = 0
    for path in every_pdf(builds):
        for node in walk(path):
            if node.type == "Figure":
                assert str(node.obj.get("/Alt", "")).strip(), path
                logos += "riverside" in path.parts or "westmoor" in path.parts
    assert logos  # the editions' logos are figures too


def test_links_are_reachable_from_the_tree_with_descriptions(builds: Builds) -> None:
    pdf = pikepdf.open(builds.sink)
    nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    parent_tree = dict(zip((int(k) for k in nums[::2]), nums[1::2], strict=True))
    links = 0
    for page in pdf.pages:
        for annotation in page.get("/Annots", []):
            if annotation.Subtype != "/Link":
                continue
            links += 1
            element = parent_tree[int(annotation.StructParent)]
            assert element.S == "/Link"
            (owned,) = element.K
            assert owned.Type == "/OBJR" and owned.Obj.objgen == annotation.objgen
            assert str(annotation.Contents) == "example.org/page"
            assert element.P.S == "/P"  # inside the paragraph it is part of
            assert page.Tabs == "/S"
    assert links == 1


def test_each_language_is_set_and_a_span_in_another_says_so(builds: Builds) -> None:
    for path in every_pdf(builds):
        # a translation is named after its language (name.pl.pdf, name.ar.pdf), as the
        # build writes it; every other file is the English original
        translated = TRANSLATION_NAME.search(path.name)
        language = translated["language"] if translated else "en-GB"
        assert str(pikepdf.open(path).Root.Lang) == language, path
    polish = builds.office / "leaflets" / "understanding-cues-and-crying.pl.pdf"
    nodes = walk(polish)
    english = [node for node in nodes if "/Lang" in node.obj]
    assert [(str(node.obj.Lang), node.text) for node in english] == [
        ("en-GB", "Draft translation: not yet checked")]
    # read once, first; on page 2 the same band is an artifact
    assert nodes[1].text == "Draft translation: not yet checked"
    _, loose = marked_texts(polish)
    # the band's English and Polish share one row, so they read on as one loose line
    assert any(text.startswith("Draft translation: not yet checked") for text in loose)


# ---- independent readers ----------------------------------------------------------------

@needs_pdfinfo
def test_pdfinfo_shows_headings_lists_and_the_cues_table_in_order(builds: Builds) -> None:
    resource = yaml.safe_load((CONTENT / "leaflets" / "cues-and-crying.yaml").read_text())
    path = builds.office / "leaflets" / f"{resource['id']}.pdf"
    shown = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                           text=True, check=True).stdout
    lines = [line.strip() for line in shown.splitlines()]
    fragments: list[tuple[str, str]] = [("title tag", "H1 (block)")]
    for block in resource["blocks"]:
        if "heading" in block:
            fragments += [("heading tag", "H2 (block)"),
                          ("heading", f'"{normalise(strip_markup(block["heading"]))}"')]
        elif "cues" in block:
            fragments += [("table", "Table (block)"), ("header", "TH:")]
            for row in block["cues"]:
                fragments += [("row", "TR"), ("cell", "TD"), ("cue", f'"{row["you_see"]}"')]
        elif "bullets" in block:
            fragments += [("list", "L (block)"), ("item", "LI (block)"),
                          ("label", "Lbl (block)"), ("bullet", '"•"'), ("body", "LBody"),
                          ("first item", '"' + strip_markup(block["bullets"][0])[:20])]
    assert_in_order("\n".join(lines), fragments)


# ---- reproducible, unchanged to the eye, press still fine -------------------------------

def test_rebuilds_are_byte_identical(builds: Builds, tmp_path: Path) -> None:
    result = run_build(["--output", tmp_path, "--only", "understanding-cues-and-crying",
                        "--language", "en-GB"])
    assert result.returncode == 0, describe(result)
    for name in ("understanding-cues-and-crying.pdf", "understanding-cues-and-crying-trifold.pdf"):
        again = (tmp_path / "leaflets" / name).read_bytes()
        assert again == (builds.office / "leaflets" / name).read_bytes(), name


def _pixels(pdf: bytes) -> list[bytes]:
    document = pypdfium2.PdfDocument(pdf)
    images = [document[i].render(scale=50 / 72).to_pil().tobytes() for i in range(len(document))]
    document.close()
    return images


def test_tags_change_nothing_that_is_drawn() -> None:
    """The tagged PDF renders pixel for pixel like the one ReportLab wrote before tags."""
    from imhprint.content import load_content
    from layouts import BuildEnv, layouts_for

    content, _ = load_content(CONTENT, CONTENT.parent / "assets")
    env = BuildEnv(content.services_for(None), content.strings, CONTENT.parent / "assets",
                   settings=content.settings)
    resource = next(r for r in content.resources if r.id == "understanding-cues-and-crying")
    for layout in layouts_for(resource, env):
        tagged = layout.render()
        untagged = layout.render_untagged()
        assert tagged != untagged
        assert _pixels(tagged) == _pixels(untagged), layout.name


def test_press_pdfs_are_tagged_and_still_pass_their_checks(builds: Builds) -> None:
    report = yaml.safe_load((builds.press / "riverside" / "press" / "preflight.json")
                            .read_text()) if (builds.press / "riverside" / "press").exists() \
        else None
    press = sorted(builds.press.rglob("press/**/*.pdf"))
    assert press, sorted(builds.press.rglob("*"))[:10]
    for path in press:
        if path.name.endswith("-booklet.pdf"):
            continue  # imposed sheets carry no tags by design (see every_pdf)
        pdf = pikepdf.open(path)
        assert pdf.pages[0].TrimBox and pdf.pages[0].BleedBox, path
        assert pdf.Root.MarkInfo.Marked is True, path
    if report is not None:
        statuses = {output.get("checks", {}).get("print") for r in report.get("resources", [])
                    for output in r.get("outputs", [])}
        assert "error" not in statuses


# ---- preflight's access check can fail ---------------------------------------------------

def _leaflet_layout(tmp_path: Path):
    from imhprint.content import load_content
    from layouts import BuildEnv, layouts_for

    content_dir = write_content(tmp_path, {"sink.yaml": KITCHEN_SINK.format(
        verified=first_service("verified")).replace("  - image:\n", "  - heading: End\n")
        .split("  - heading: End\n")[0]})
    content, diags = load_content(content_dir, CONTENT.parent / "assets")
    assert not diags.errors, diags.items
    env = BuildEnv(content.services_for(None), content.strings, CONTENT.parent / "assets",
                   settings=content.settings)
    return next(iter(layouts_for(content.resources[0], env)))


def _access_errors(layout, pdf: bytes) -> list[str]:
    from imhprint import preflight

    return [f.message for f in preflight.check_output(layout, pdf)
            if f.check == "access" and f.level == "error"]


def test_preflight_passes_a_tagged_pdf_and_fails_an_untagged_one(tmp_path: Path) -> None:
    layout = _leaflet_layout(tmp_path)
    assert _access_errors(layout, layout.render()) == []
    errors = _access_errors(layout, layout.render_untagged())
    assert len(errors) == 1 and "not tagged" in errors[0]


def test_preflight_fails_a_pdf_read_in_the_wrong_order(tmp_path: Path) -> None:
    """The same marks, with the hub panels put before the content: the hub's heading is
    then met before the leaflet's own headings."""
    from imhprint.structure import BACK, NOTICE, SMALL_PRINT, tag_pdf
    from imhprint.structure import CONTENT as MAIN

    layout = _leaflet_layout(tmp_path)
    pdf = layout.render_untagged()
    misordered = tag_pdf(pdf, layout.recorded, (NOTICE, BACK, MAIN, SMALL_PRINT),
                         "Every block type", "en-GB")
    errors = _access_errors(layout, misordered)
    assert errors and "reading order" in errors[0]
    stripped = io.BytesIO()
    with pikepdf.open(io.BytesIO(layout.render())) as document:
        def strip(node: pikepdf.Object) -> None:
            if isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if node.S == "/Figure":
                    del node["/Alt"]
                kids = node.get("/K")
                for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                    strip(kid)

        strip(document.Root.StructTreeRoot.K)
        document.save(stripped)
    assert any("alt text" in error for error in _access_errors(layout, stripped.getvalue()))


def test_each_font_subset_has_its_own_tag(builds: Builds) -> None:
    """Tagging rewrites the file after ReportLab: its subsets still each have their own
    tag (the one scheme is the press finish's, which runs after tagging)."""
    for path in every_pdf(builds):
        assert subset_tags(path), path
