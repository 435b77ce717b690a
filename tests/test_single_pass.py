"""One pikepdf pass finishes a PDF (imhprint.finish), and preflight reads it once.

What the single pass must keep: the same bytes as the two passes it replaced (tag, then
finish), a file qpdf finds sound, with its tags, distinct subset names and one XMP packet.
What preflight must keep, now that it reads the file's objects once in pikepdf (tags,
press rules, fonts) and the inks once: every fault it is for is still caught, from a
PDF with that fault planted in it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from reportlab.lib.colors import CMYKColor, HexColor
from reportlab.pdfgen.canvas import Canvas

from imhprint import flowables, pdfcheck, preflight
from imhprint.content import load_content
from imhprint.finish import Tags, finish
from imhprint.markup import plain_text
from imhprint.press import checks, finish_pdf
from imhprint.profiles import PROFILES
from imhprint.structure import tag_pdf
from imhprint.theme import Palette
from layouts import BuildEnv, Layout, layouts_for

REPO = Path(__file__).resolve().parent.parent
LEAFLET = "understanding-cues-and-crying"


@pytest.fixture(scope="module")
def content():
    loaded, _ = load_content(REPO / "content", REPO / "assets")
    return loaded


def leaflet(content, profile: str, palette: Palette | None = None) -> Layout:
    env = BuildEnv(content.services_for(None), content.strings, REPO / "assets", None,
                   palette or content.palette_for(None), PROFILES[profile],
                   settings=content.settings)
    resource = next(r for r in content.buildable() if r.id == LEAFLET)
    return layouts_for(resource, env)[0]  # the A4 leaflet


def tags_of(layout: Layout) -> Tags:
    return Tags(layout.recorded, layout.reading_order, plain_text(layout.resource.title),
                layout.resource.language)


@pytest.fixture(scope="module", params=["office", "press"])
def built(request, content) -> tuple[Layout, bytes, bytes]:
    """A leaflet: its layout, ReportLab's untagged PDF, and the finished PDF."""
    layout = leaflet(content, request.param)
    untagged = layout.render_untagged()
    return layout, untagged, finish(untagged, tags_of(layout), layout.profile.cmyk)


# ---- the single pass ---------------------------------------------------------------------

def test_one_pass_writes_the_bytes_two_passes_wrote(built) -> None:
    layout, untagged, finished = built
    two_passes = finish_pdf(tag_pdf(untagged, *tags_of(layout).__dict__.values()),
                            press=layout.profile.cmyk)
    assert finished == two_passes
    assert finish(untagged, tags_of(layout), layout.profile.cmyk) == finished  # reproducible


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs qpdf")
def test_the_finished_pdf_is_sound_for_qpdf(built, tmp_path: Path) -> None:
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(built[2])
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_tags_subset_names_and_xmp_are_there_once(built) -> None:
    layout, _, finished = built
    with pikepdf.open(io.BytesIO(finished)) as document:
        root = document.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == layout.resource.language
        objects = list(document.objects)
        kinds = Counter(str(obj.get("/Type")) for obj in objects
                        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)))
        assert kinds["/StructTreeRoot"] == 1 and kinds["/Metadata"] == 1
        xmp = root.Metadata.read_bytes().decode()
        assert xmp.count("<pdfuaid:part>1</pdfuaid:part>") == 1
        assert xmp.count("<?xpacket begin") == 1
        if layout.profile.cmyk:
            assert xmp.count("<pdfx:GTS_PDFXVersion>") == 1
            assert len(root.OutputIntents) == 1
        fonts = [obj for obj in objects if isinstance(obj, pikepdf.Dictionary)
                 and obj.get("/Type") == "/Font" and obj.get("/Subtype") == "/TrueType"]
        names = [str(font.BaseFont) for font in fonts]
        assert len(fonts) >= 2 and all(re.match(r"^/[A-Z]{6}\+", name) for name in names)
        assert len({name[:8] for name in names}) == len(names)  # every tag its own
        for font in fonts:
            assert font.FontDescriptor.FontName == font.BaseFont
        # every stream as one save leaves it: nothing ReportLab's ASCII85 left behind
        filters = {str(obj.stream_dict.get("/Filter")) for obj in objects
                   if isinstance(obj, pikepdf.Stream)}
        assert filters <= {"/FlateDecode", "/DCTDecode", "None"}, filters
    tagging = pdfcheck.PdfFacts(finished).tagging
    assert tagging.tagged and tagging.elements[0].type == "Document"
    assert [e.type for e in tagging.elements].count("H1") == 1


def test_the_finished_leaflet_passes_preflight(built) -> None:
    layout, _, finished = built
    assert preflight.check_output(layout, finished) == []


# ---- every check still catches its fault -------------------------------------------------

def access_problems(layout: Layout, pdf: bytes) -> list[str]:
    return [f.message for f in preflight.check_output(layout, pdf) if f.check == "access"]


def test_untagged_and_misordered_pdfs_are_caught(content) -> None:
    layout = leaflet(content, "office")
    untagged = layout.render_untagged()
    assert any("not tagged" in message for message in access_problems(layout, untagged))
    backwards = Tags(layout.recorded, tuple(reversed(layout.reading_order)),
                     plain_text(layout.resource.title), layout.resource.language)
    misordered = access_problems(layout, finish(untagged, backwards, press=False))
    assert any("not in the reading order" in message for message in misordered), misordered


def test_text_left_out_of_the_tree_is_caught(content) -> None:
    """A paragraph's element taken out of the tree: its text is drawn marked, but no
    element owns it."""
    layout = leaflet(content, "office")
    with pikepdf.open(io.BytesIO(layout.render())) as document:
        document_element = document.Root.StructTreeRoot.K
        kids = document_element.K
        paragraph = next(i for i, kid in enumerate(kids) if kid.S == "/P")
        del kids[paragraph]
        out = io.BytesIO()
        document.save(out)
    problems = access_problems(layout, out.getvalue())
    assert any("not in the reading order" in message for message in problems), problems


def one_page(fill: CMYKColor | None = None, text_ink: CMYKColor | None = None,
             rgb: bool = False, font: str = "Helvetica") -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, 300), invariant=1)
    if fill is not None:
        canvas.setFillColor(fill)
        canvas.rect(40, 150, 200, 100, stroke=0, fill=1)
    if rgb:
        canvas.setFillColorRGB(0.8, 0.1, 0.1)
        canvas.rect(40, 40, 20, 20, stroke=0, fill=1)
    canvas.setFillColor(text_ink or CMYKColor(0, 0, 0, 1))
    canvas.setFont(font, 11)
    canvas.drawString(60, 100, "Small text")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_press_rules_read_from_the_shared_document_catch_their_faults() -> None:
    cases = {
        "small text in colour": (one_page(text_ink=CMYKColor(0.6, 0.2, 0, 0.4)),
                                 checks.small_text_problems, "black ink alone"),
        "too much ink": (one_page(fill=CMYKColor(1, 1, 1, 1)), checks.ink_problems,
                         "400 % total ink"),
    }
    for name, (pdf, rule, wanted) in cases.items():
        with pdfcheck.PdfFacts(pdf) as facts:
            shared = rule(facts.objects, facts.inks)
        assert len(shared) == 1 and wanted in shared[0], (name, shared)
        assert rule(pdf) == shared, name  # the same from the bytes
    clean = one_page()
    with pdfcheck.PdfFacts(clean) as facts:
        assert checks.small_text_problems(facts.objects, facts.inks) == []
        assert checks.ink_problems(facts.objects, facts.inks) == []


def test_rgb_and_a_missing_font_in_a_press_file_are_caught(content) -> None:
    layout = leaflet(content, "press")
    pdf = finish_pdf(one_page(rgb=True), press=True)
    findings = preflight.check_output(layout, pdf)
    colours = [f.message for f in findings if "not CMYK" in f.message]
    assert colours and "rg" in colours[0], findings
    fonts = [f.message for f in findings if f.check == "fonts"]
    assert any("'Helvetica' is not embedded" in message for message in fonts), fonts


def test_subset_tags_shared_by_two_fonts_are_caught(content) -> None:
    """ReportLab names both subsets AAAAAA+: tagged but not finished, the clash stays."""
    layout = leaflet(content, "office")
    untagged = layout.render_untagged()
    unfinished = tag_pdf(untagged, *tags_of(layout).__dict__.values())
    with pdfcheck.PdfFacts(unfinished) as facts:
        assert len(facts.font_names) >= 2
        clashes = checks.subset_tag_clashes(facts.font_names)
    assert clashes and "share the subset tag AAAAAA+" in clashes[0]
    assert checks.subset_tag_problems(unfinished) == clashes
    fonts = [f.message for f in preflight.check_output(layout, unfinished)
             if f.check == "fonts"]
    assert any("share the subset tag" in message for message in fonts), fonts


def test_colour_findings_follow_each_palette_in_one_process(content) -> None:
    """Colour findings are worked out once a process per palette: a weak palette after a
    good one is still refused, and the good one still passes after it."""
    def contrast(palette: Palette | None) -> list[str]:
        return [f.message for f in preflight._colour_findings(leaflet(content, "office",
                                                                       palette))
                if f.check == "contrast"]

    assert contrast(None) == []
    pale = Palette(accent=HexColor("#9CCBD0"))  # the card border colour, as headings
    assert any("contrast" in message for message in contrast(pale))
    assert contrast(None) == []


def test_markup_parsed_in_an_earlier_build_draws_as_parsed_afresh(content) -> None:
    """Paragraph markup is parsed once a process (imhprint.flowables): every format of a
    leaflet, built again from the parsed markup, split paragraphs and all, is the same
    file as one built from markup parsed afresh, office and press."""
    def every_format(profile: str) -> list[bytes]:
        env = BuildEnv(content.services_for(None), content.strings, REPO / "assets", None,
                       content.palette_for(None), PROFILES[profile], settings=content.settings)
        resource = next(r for r in content.buildable() if r.id == LEAFLET)
        return [layout.render() for layout in layouts_for(resource, env)]

    for profile in ("office", "press"):
        flowables.forget_parsed_markup()
        fresh = every_format(profile)
        assert len(fresh) > 1
        assert every_format(profile) == fresh  # from the markup parsed while making fresh
