"""Big builds: many editions at once, each PDF with its own edition's details, the same
bytes whatever -j, and memory that does not grow with the number of editions.

The editions are copies of the two samples, each with its own id, name and phone number
(scripts/synthetic_editions.py, which the benchmark uses too). Each build runs the real
command line; the PDFs are read with pdftotext.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, REPO, TEST_TODAY, clean_env, describe, run_build

sys.path.insert(0, str(REPO / "scripts"))
from synthetic_editions import edition_id, edition_name, edition_phone, many_editions  # noqa: E402

# a leaflet (four formats) and a poster (three): enough of each kind to see every panel
# that prints an edition's details, and quick to build for a dozen editions
ONLY = ["--only", "where-to-get-help", "--only", "help-is-here"]
FEW = 3  # editions; the memory test compares FEW with 3 * FEW
PHONE = re.compile(r"0113 496 \d{4}")


def build(content: Path, output: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_build(["--content", content, "--output", output, "--cache",
                        output.parent / f"{output.name}-cache", "--edition", "all",
                        "--today", TEST_TODAY, *ONLY, *args])
    assert result.returncode == 0, describe(result)
    assert "Traceback" not in result.stderr, describe(result)
    return result


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def pdf_words(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())  # a name broken over two lines reads as one


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return many_editions(CONTENT, tmp_path_factory.mktemp("scale"), 3 * FEW)


def sample_names() -> list[str]:
    """The samples' names, in the order many_editions takes them."""
    names = []
    for path in sorted((CONTENT / "editions").glob("*.yaml")):
        names.append(re.search(r"^name: (.+?)\s*(#.*)?$", path.read_text("utf-8"), re.M)[1])
    return names


def test_every_pdf_carries_its_own_editions_details_and_j_does_not_change_a_byte(
        editions: Path, tmp_path: Path):
    one, two = tmp_path / "j1", tmp_path / "j2"
    build(editions, one, "-j", "1")
    build(editions, two, "-j", "2")
    samples = sample_names()
    for number in range(3 * FEW):
        folder = two / edition_id(number)
        pdfs = sorted(folder.glob("*/*.pdf"))
        assert {p.parent.name for p in pdfs} == {"leaflets", "posters"}, folder
        name = edition_name(samples[number % len(samples)], number)
        for pdf in pdfs:
            words = pdf_words(pdf)
            assert name in words, f"{pdf}: no '{name}'"
            phones = set(PHONE.findall(words))
            assert edition_phone(number) in phones, f"{pdf}: {phones}"
            others = {edition_phone(n) for n in range(3 * FEW) if n != number}
            assert not phones & others, f"{pdf} prints another edition's number: {phones}"
    assert files(one) == files(two)


PROBE = ("import resource, sys\n"
         f"sys.path.insert(0, {str(REPO)!r})\n"
         "import build_pdfs\n"
         "code = build_pdfs.main(sys.argv[1:])\n"
         "main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
         "workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
         "print('RSS', code, main, workers)\n")


def peak_rss_mb(content: Path, output: Path) -> tuple[float, float]:
    """Peak RSS of the main process and of its largest worker, for a -j 2 build."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--content", str(content), "--output", str(output),
         "--cache", str(output.parent / f"{output.name}-cache"), "--edition", "all",
         "--today", TEST_TODAY, "-q", "-j", "2", *ONLY],
        cwd=REPO, capture_output=True, text=True, env=clean_env(), timeout=600)
    match = re.search(r"RSS 0 (\d+) (\d+)", result.stdout)
    assert match, describe(result)
    return int(match[1]) / 1024, int(match[2]) / 1024


def test_memory_does_not_grow_with_the_number_of_editions(editions: Path, tmp_path: Path):
    """Three times the editions, three times the PDFs: neither the main process nor a
    worker may need materially more memory (each edition's copies are let go once its
    files are written, and workers start before anything is planned)."""
    few = many_editions(CONTENT, tmp_path, FEW)
    few_main, few_worker = peak_rss_mb(few, tmp_path / "few")
    many_main, many_worker = peak_rss_mb(editions, tmp_path / "many")
    assert few_worker > 0 and many_worker > 0  # the build ran in worker processes
    # generous: a worker is ~90 MB; growing with the editions would add several MB each
    assert many_worker - few_worker < 12, (few_worker, many_worker)
    assert many_main - few_main < 12, (few_main, many_main)
