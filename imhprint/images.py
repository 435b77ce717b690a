"""Pictures from assets/: image blocks and edition logos (PNG, JPEG, or SVG for logos).

Checked before anything is built: the path must stay inside assets/ (no absolute paths,
no "..", no links out), the file must exist and decode, and not be absurdly large.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image as PILImage
from reportlab.graphics.shapes import Drawing, String
from reportlab.platypus import Flowable
from reportlab.platypus import Image as ImageFlowable

MAX_IMAGE_PIXELS = 40_000_000  # about a 7000 x 5700 photo; larger is never needed in print


class AssetProblem(ValueError):
    pass


def resolve_asset(src: str, assets_dir: Path, what: str) -> Path:
    """The file an author's asset path points to; AssetProblem says why it cannot be used."""
    relative = Path(src)
    if relative.is_absolute() or ".." in relative.parts:
        raise AssetProblem(f"{what} '{src}' must be a path inside assets/, written relative "
                           "to it, for example images/baby.png")
    full = (assets_dir / relative).resolve()
    if not full.is_relative_to(assets_dir.resolve()):
        raise AssetProblem(f"{what} '{src}' points outside assets/ (through a link): copy "
                           "the file into assets/ instead")
    if not full.is_file():
        raise AssetProblem(f"{what} not found: assets/{src}; check the spelling, or add the "
                           "file to assets/")
    return full


def _load_svg(path: Path) -> Drawing | None:
    from svglib.svglib import svg2rlg  # only editions with SVG logos need it

    try:
        return svg2rlg(str(path))
    except Exception:  # svglib raises many kinds of parse errors
        return None


def _has_text(node: object) -> bool:
    if isinstance(node, String):
        return True
    return any(_has_text(child) for child in getattr(node, "contents", []))


def check_picture(src: str, assets_dir: Path, what: str = "image",
                  allow_svg: bool = False) -> None:
    """Raise AssetProblem unless ``src`` is a usable picture inside assets/."""
    full = resolve_asset(src, assets_dir, what)
    if full.suffix.lower() == ".svg":
        if not allow_svg:
            raise AssetProblem(f"{what} assets/{src} is an SVG: use a PNG or JPEG here")
        drawing = _load_svg(full)
        if drawing is None:
            raise AssetProblem(f"{what} assets/{src} is not a readable SVG file: export it "
                               "again, or use a PNG")
        if _has_text(drawing):
            raise AssetProblem(f"{what} assets/{src} contains text, which would print in a "
                               "font that cannot be embedded: convert the text to outlines "
                               "(paths) in your drawing program, or use a PNG")
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(full) as picture:
                if picture.width * picture.height > MAX_IMAGE_PIXELS:
                    raise AssetProblem(f"{what} assets/{src} is {picture.width} x "
                                       f"{picture.height} pixels, too large to print: "
                                       "make it smaller")
                if picture.format not in ("PNG", "JPEG"):
                    raise AssetProblem(f"{what} assets/{src} is a {picture.format} file: "
                                       "save it as PNG or JPEG")
                picture.load()  # decode it all: a truncated file fails here, not mid-build
    except AssetProblem:
        raise
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError,
            PILImage.DecompressionBombWarning) as exc:
        raise AssetProblem(f"{what} assets/{src} cannot be used ({exc}): save it again as "
                           "a PNG or JPEG") from exc


def picture_flowable(path: Path, width: float, max_height: float | None = None) -> Flowable:
    """A picture scaled to ``width`` (and at most ``max_height``), keeping its shape."""
    if path.suffix.lower() == ".svg":
        drawing = _load_svg(path)
        scale = width / drawing.width
        if max_height and drawing.height * scale > max_height:
            scale = max_height / drawing.height
        drawing.scale(scale, scale)
        drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
        drawing.hAlign = "LEFT"
        return drawing
    image = ImageFlowable(str(path))
    scale = width / image.imageWidth
    if max_height and image.imageHeight * scale > max_height:
        scale = max_height / image.imageHeight
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    image.hAlign = "LEFT"
    return image
