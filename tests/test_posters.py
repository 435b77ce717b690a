"""The built posters: exact sheet sizes, one page each, type never below the size's
minimum, QR codes that decode to their addresses at a printable size, embedded fonts,
and text in reading order.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2
import pytest
import yaml
from conftest import (
    CONTENT,
    STANDARD_14_PREFIXES,
    assert_in_order,
    describe,
    expected_fragments,
    iter_fonts,
    leaflet_yaml,
    load_services,
    normalise,
    page_texts,
    run_build,
    write_content,
)

POSTERS_DIR = CONTENT / "posters"
POSTER_FILES = sorted(POSTERS_DIR.glob("*.yaml"))

# Sheet sizes in points (ISO 216, 1 mm = 72 / 25.4 pt).
SHEETS = {"a4": (595.3, 841.9), "a3": (841.9, 1190.6), "a2": (1190.6, 1683.8)}
# The smallest text allowed on each size, and the smallest headline.
MIN_TEXT = {"a4": 20, "a3": 28, "a2": 40}
MIN_FINE_PRINT = {"a4": 12, "a3": 16.8, "a2": 24}  # 0.6 x body, at least 12 pt
MIN_HEADLINE = {"a3": 72}
MIN_QR_MM = {"a3": 25}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def poster_outputs() -> list[tuple[Path, str]]:
    return [(path, size) for path in POSTER_FILES for size in load(path)["sizes"]]


POSTER_CASES = poster_outputs()
CASE_IDS = [f"{path.stem}-{size}" for path, size in POSTER_CASES]


def poster_pdf(real_build, source: Path, size: str) -> Path:
    resource = load(real_build.source_for(source))
    pdf = real_build.output / "posters" / f"{resource['id']}-{size}.pdf"
    assert pdf.is_file(), f"{pdf} was not built\n{describe(real_build.result)}"
    return pdf


def test_there_are_six_posters_in_every_size_they_declare() -> None:
    assert len(POSTER_FILES) == 6
    for path in POSTER_FILES:
        sizes = load(path)["sizes"]
        assert sizes and set(sizes) <= set(SHEETS), path


def test_posters_build_without_errors(real_build) -> None:
    poster_errors = [line for line in real_build.result.stderr.splitlines()
                     if "posters/" in line and ": error:" in line]
    assert not poster_errors, "\n".join(poster_errors)


@pytest.mark.parametrize(("source", "size"), POSTER_CASES, ids=CASE_IDS)
def test_poster_is_one_page_of_the_exact_sheet_size(real_build, source: Path,
                                                     size: str) -> None:
    reader = pypdf.PdfReader(poster_pdf(real_build, source, size))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    width, height = SHEETS[size]
    assert float(box.width) == pytest.approx(width, abs=0.1)
    assert float(box.height) == pytest.approx(height, abs=0.1)


@pytest.mark.parametrize(("source", "size"), POSTER_CASES, ids=CASE_IDS)
def test_no_text_is_smaller_than_the_sizes_minimum(real_build, source: Path,
                                                   size: str) -> None:
    with pdfplumber.open(poster_pdf(real_build, source, size)) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"].strip()]
    assert chars, "no text found"
    # The small print at the foot (publisher, review dates, sources) is read up close: it
    # may be smaller than the body, but not under its own minimum, and nothing else may.
    body = [c for c in chars if c["size"] >= MIN_TEXT[size] - 0.01]
    small = [c for c in chars if c["size"] < MIN_TEXT[size] - 0.01]
    lowest_body = max(c["bottom"] for c in body)
    misplaced = "".join(c["text"] for c in small if c["top"] < lowest_body)
    assert not misplaced, f"small text above the foot of the poster: {misplaced[:60]!r}"
    smallest = min((c["size"] for c in small), default=MIN_TEXT[size])
    assert smallest >= MIN_FINE_PRINT[size] - 0.01, (
        f"small print at {smallest:.1f} pt: "
        f"{''.join(c['text'] for c in chars if c['size'] == smallest)[:60]!r}")
    if size in MIN_HEADLINE:
        assert max(c["size"] for c in chars) >= MIN_HEADLINE[size]


@pytest.mark.parametrize(("source", "size"), POSTER_CASES, ids=CASE_IDS)
def test_every_font_is_embedded(real_build, source: Path, size: str) -> None:
    reader = pypdf.PdfReader(poster_pdf(real_build, source, size))
    fonts = list(iter_fonts(reader))
    assert fonts
    for _, name, font in fonts:
        base = str(font.get("/BaseFont", ""))
        assert not base.lstrip("/").startswith(STANDARD_14_PREFIXES), f"{name} {base}"
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        descriptor = target.get("/FontDescriptor").get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), base


@pytest.mark.parametrize(("source", "size"), POSTER_CASES, ids=CASE_IDS)
def test_text_is_present_in_reading_order(real_build, source: Path, size: str) -> None:
    resource = load(real_build.source_for(source))
    services = load_services(real_build.content)
    text = " ".join(page_texts(poster_pdf(real_build, source, size)))
    assert_in_order(text, expected_fragments(resource, services, size))


def decode_qr_codes(pdf: Path, dpi: int, tmp_path: Path) -> list[str]:
    """The data of each QR code zbar finds on the rendered page."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[0].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()
    png = tmp_path / f"{pdf.stem}.png"
    image.save(png)
    result = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True,
                            text=True, check=False)
    return result.stdout.split()


def qr_widths_mm(pdf: Path) -> list[float]:
    """Width of each QR code, from the small filled squares it is drawn with."""
    with pdfplumber.open(pdf) as document:
        squares = [r for r in document.pages[0].rects
                   if r["fill"] and r["height"] < 15 and r["width"] < 120]
    squares.sort(key=lambda r: r["top"])
    clusters: list[list[dict]] = []
    for square in squares:  # codes are separated by far more than a module's height
        if clusters and square["top"] - clusters[-1][-1]["bottom"] < 10:
            clusters[-1].append(square)
        else:
            clusters.append([square])
    return [(max(r["x1"] for r in c) - min(r["x0"] for r in c)) * 25.4 / 72
            for c in clusters if len(c) > 40]


QR_TEST_POSTER = leaflet_yaml("qr-test", "QR codes", blocks="""\
  - qr:
      url: https://www.iconcope.org
      text: ICON films and your Crying Plan
""").replace("kind: leaflet", "kind: poster\nsizes: [a4, a3, a2]")

# The real posters with a QR code, and a test poster that always has one (the real
# posters may carry none, and the codes must still be checked).
QR_CASES = [(path, size) for path, size in POSTER_CASES
            if any("qr" in block for block in load(path)["blocks"])]
QR_CASES += [(None, size) for size in SHEETS]


@pytest.fixture(scope="module")
def qr_test_build(tmp_path_factory) -> tuple[dict, Path]:
    root = tmp_path_factory.mktemp("qr")
    content = write_content(root, {})
    (content / "posters").mkdir()
    (content / "posters" / "qr.yaml").write_text(QR_TEST_POSTER, encoding="utf-8")
    result = run_build(["--content", content, "--output", root / "output"])
    assert result.returncode == 0, describe(result)
    return yaml.safe_load(QR_TEST_POSTER), root / "output"


# CI installs zbar-tools (.ci/run), so there the test never skips.
@pytest.mark.skipif(shutil.which("zbarimg") is None and not os.environ.get("CI"),
                    reason="zbarimg (Debian zbar-tools) is needed to decode QR codes")
@pytest.mark.parametrize(("source", "size"), QR_CASES,
                         ids=[f"{p.stem if p else 'test-poster'}-{s}" for p, s in QR_CASES])
def test_qr_codes_decode_to_their_addresses(request, source: Path | None, size: str,
                                            tmp_path: Path) -> None:
    if source is None:
        resource, output = request.getfixturevalue("qr_test_build")
        pdf = output / "posters" / f"{resource['id']}-{size}.pdf"
    else:
        real_build = request.getfixturevalue("real_build")
        resource = load(real_build.source_for(source))
        pdf = poster_pdf(real_build, source, size)
    urls = sorted(block["qr"]["url"] for block in resource["blocks"] if "qr" in block)
    assert sorted(decode_qr_codes(pdf, 100, tmp_path)) == urls
    widths = qr_widths_mm(pdf)
    assert len(widths) == len(urls), widths
    for width in widths:
        assert width >= MIN_QR_MM.get(size, 15), f"a QR code is {width:.1f} mm wide"
    text = " ".join(page_texts(pdf))
    for url in urls:  # the short address is printed beside the code
        assert url.removeprefix("https://").rstrip("/") in text


def test_poster_too_long_is_an_error_naming_the_block(tmp_path: Path) -> None:
    many = "".join(f"  - paragraph: This is sentence number {i} on a poster that is far "
                   "too long to fit.\n" for i in range(40))
    text = leaflet_yaml("long-poster", blocks=many).replace("kind: leaflet",
                                                            "kind: poster\nsizes: [a3]")
    content = write_content(tmp_path, {})
    (content / "posters").mkdir()
    (content / "posters" / "long.yaml").write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    result = run_build(["--content", content, "--output", output])
    assert result.returncode == 1, describe(result)
    assert re.search(r"long\.yaml:\d+: error: 'long-poster' does not fit the poster-a3 "
                     r"format.*paragraph block on line \d+", result.stderr), result.stderr
    assert not (output / "posters" / "long-poster-a3.pdf").exists()


@pytest.mark.parametrize(("kind", "sizes", "message"), [
    ("poster", None, "a poster needs 'sizes'"),
    ("leaflet", "[a3]", "'sizes' is only for posters"),
    ("poster", "[a3, a5]", "must be one of a4, a3, a2"),
])
def test_sizes_are_checked(tmp_path: Path, kind: str, sizes: str | None,
                           message: str) -> None:
    text = leaflet_yaml("sized").replace("kind: leaflet", f"kind: {kind}")
    if sizes:
        text = text.replace("audience:", f"sizes: {sizes}\naudience:")
    content = write_content(tmp_path, {"sized.yaml": text})
    result = run_build(["--content", content, "--output", tmp_path / "out"])
    assert result.returncode == 1, describe(result)
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_unverified_services_are_left_off_posters(real_build) -> None:
    services = load_services(real_build.content)
    unverified = [s["name"] for s in services.values() if s["status"] == "unverified"]
    for pdf in (real_build.output / "posters").glob("*.pdf"):
        text = normalise(" ".join(page_texts(pdf)))
        for name in unverified:
            assert name not in text, f"{name} printed on {pdf.name}"
