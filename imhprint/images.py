"""Pictures from assets/: image blocks and edition logos (PNG, JPEG, or SVG for logos).

Checked before anything is built: the path must stay inside assets/ (no absolute paths,
no "..", no links out), the file must exist and decode, and not be absurdly large.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import Color
from reportlab.platypus import Flowable
from reportlab.platypus import Image as ImageFlowable

from .press.icc import rgb_image_to_cmyk
from .profiles import to_cmyk

MAX_IMAGE_PIXELS = 40_000_000  # about a 7000 x 5700 photo; larger is never needed in print
_TOO_LARGE = (f"too many to print: make the picture smaller in a photo editor, to at most "
              f"{MAX_IMAGE_PIXELS:,} pixels (such as 7000 x 5700; 3000 pixels across is "
              "plenty for a leaflet)")


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
                                       f"{picture.height} pixels, {_TOO_LARGE}")
                if picture.format not in ("PNG", "JPEG"):
                    raise AssetProblem(f"{what} assets/{src} is a {picture.format} file: "
                                       "save it as PNG or JPEG")
                picture.load()  # decode it all: a truncated file fails here, not mid-build
    except AssetProblem:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        # Pillow refuses it before saying its size; its own limit is above ours
        raise AssetProblem(f"{what} assets/{src} has more than {MAX_IMAGE_PIXELS:,} "
                           f"pixels, {_TOO_LARGE}") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise AssetProblem(f"{what} assets/{src} cannot be used ({exc}): save it again as "
                           "a PNG or JPEG") from exc


@dataclass(frozen=True)
class PlacedPicture:
    """A picture as printed: what preflight needs to judge its resolution and alt text."""

    src: str
    line: int
    alt: str | None
    pixels: tuple[int, int] | None  # None for a vector drawing (SVG)
    size: tuple[float, float]  # printed width and height in points

    @property
    def ppi(self) -> float | None:
        if self.pixels is None or self.size[0] <= 0:
            return None
        return min(self.pixels[0] / (self.size[0] / 72), self.pixels[1] / (self.size[1] / 72))


def _cmyk_copy(path: Path) -> io.BytesIO:
    """The picture in the press profile's CMYK, through LittleCMS (transparency flattened
    onto white paper), as a TIFF in memory."""
    with PILImage.open(path) as picture:
        rgba = picture.convert("RGBA")
    paper = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
    paper.alpha_composite(rgba)
    data = io.BytesIO()
    rgb_image_to_cmyk(paper).save(data, "TIFF")
    data.seek(0)
    return data


def _cmyk_drawing(node: object) -> None:
    """Convert every colour in a vector drawing to CMYK, in place."""
    for attribute in ("fillColor", "strokeColor"):
        color = getattr(node, attribute, None)
        if isinstance(color, Color):
            setattr(node, attribute, to_cmyk(color))
    for child in getattr(node, "contents", []):
        _cmyk_drawing(child)


def _fit(natural: tuple[float, float], width: float, max_height: float | None) -> float:
    scale = width / natural[0]
    if max_height and natural[1] * scale > max_height:
        scale = max_height / natural[1]
    return scale


def picture_flowable(path: Path, width: float, max_height: float | None = None,
                     cmyk: bool = False, font: str | None = None,
                     ) -> tuple[Flowable, tuple[int, int] | None]:
    """A picture scaled to ``width`` (and at most ``max_height``), keeping its shape,
    and its size in pixels (None for SVG). ``cmyk`` converts its colours for a print shop;
    ``font`` is the one a drawing starts in (else ReportLab names unembedded Helvetica).
    """
    if path.suffix.lower() == ".svg":
        drawing = _load_svg(path)
        if font:
            drawing.initialFontName = font
        if cmyk:
            _cmyk_drawing(drawing)
        scale = _fit((drawing.width, drawing.height), width, max_height)
        drawing.scale(scale, scale)
        drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
        drawing.hAlign = "LEFT"
        return drawing, None
    image = ImageFlowable(_cmyk_copy(path) if cmyk else str(path))
    pixels = (image.imageWidth, image.imageHeight)
    scale = _fit(pixels, width, max_height)
    image.drawWidth, image.drawHeight = pixels[0] * scale, pixels[1] * scale
    image.hAlign = "LEFT"
    return image, pixels
