#!/usr/bin/env python3
"""Render page images of the built PDFs for the README (docs/images/).

Run after a build:  python scripts/make_previews.py
Needs pypdfium2 (installed with the test extras: pip install -e '.[test]').
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
COMPARED_LEAFLET = "understanding-cues-and-crying"
EXTRA_FORMATS = ("-large-print", "-booklet")


def render_page(pdf_path: Path, index: int, width_px: int) -> Image.Image:
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        page = pdf[index]
        scale = width_px / page.get_width()
        return page.render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()


def side_by_side(images: list[Image.Image], gap: int = 16) -> Image.Image:
    width = sum(i.width for i in images) + gap * (len(images) + 1)
    height = max(i.height for i in images) + gap * 2
    sheet = Image.new("RGB", (width, height), "#d9dee2")
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    return sheet


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "output")
    parser.add_argument("--dest", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--languages", nargs="*", default=["ur", "bn"],
                        help="languages to show beside English (default: ur bn)")
    args = parser.parse_args()
    # English only (languages are compared below); of the extra formats, one example each
    leaflets = sorted(p for p in (args.output / "leaflets").glob("*.pdf")
                      if "." not in p.stem and (p.stem.startswith(COMPARED_LEAFLET)
                                                or not p.stem.endswith(EXTRA_FORMATS)))
    if not leaflets:
        print("no leaflets found: run python build_pdfs.py first", file=sys.stderr)
        return 1
    args.dest.mkdir(parents=True, exist_ok=True)
    for pdf_path in leaflets:
        width = 760 if pdf_path.stem.endswith("-trifold") else 520  # landscape sheets
        pages = [render_page(pdf_path, i, width) for i in range(2)]
        save(side_by_side(pages), args.dest / f"{pdf_path.stem}.png")
    for pdf_path in sorted((args.output / "posters").glob("*-a3.pdf")):
        poster_id = pdf_path.stem.removesuffix("-a3")
        save(render_page(pdf_path, 0, 260), args.dest / f"poster-{poster_id}.png")
    for edition in sorted(p for p in args.output.iterdir()  # built with --edition
                          if (p / "leaflets").is_dir() and p.name != "press"):
        leaflet = sorted(p for p in (edition / "leaflets").glob("*.pdf")
                         if not p.stem.endswith("-trifold"))[0]
        poster = sorted((edition / "posters").glob("*-a3.pdf"))[0]
        pages = [render_page(leaflet, 1, 420), render_page(poster, 0, 420)]
        save(side_by_side(pages), args.dest / f"edition-{edition.name}.png")
    for language in args.languages:
        compare_language(args.output / "leaflets", language, args.dest)
    return 0


def compare_language(leaflets: Path, language: str, dest: Path) -> None:
    """The first page of a leaflet in English beside the same page in ``language``."""
    english = leaflets / f"{COMPARED_LEAFLET}.pdf"
    translated = leaflets / f"{COMPARED_LEAFLET}.{language}.pdf"
    if not translated.exists():
        print(f"no {translated.name}: skipped (is there a {language} translation?)",
              file=sys.stderr)
        return
    pages = [render_page(english, 0, 420), render_page(translated, 0, 420)]
    save(side_by_side(pages), dest / f"language-{language}.png")


def save(image: Image.Image, target: Path) -> None:
    image.save(target, optimize=True)
    shown = target.resolve()
    print(f"wrote {shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown}")


if __name__ == "__main__":
    sys.exit(main())
