"""Colour management for press output: sRGB into the press profile through LittleCMS.

Every colour and picture a press PDF prints goes through one ICC transform (Pillow's
ImageCms, which is LittleCMS): sRGB, the space the theme and the pictures are made in, to
the FOGRA39 profile in ``assets/icc/`` (see its README), relative colorimetric with black
point compensation. The profile's own black generation decides how much black ink carries
greys and shadows, and its 300 % total ink limit holds for everything converted through it.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms

ICC_DIR = Path(__file__).resolve().parents[2] / "assets" / "icc"
PRESS_PROFILE = ICC_DIR / "imhprint-FOGRA39-300.icc"

# ImageCms's values (LittleCMS's): the enum names moved between Pillow versions.
RELATIVE_COLORIMETRIC = 1
BLACK_POINT_COMPENSATION = 0x2000

CMYK = tuple[float, float, float, float]


@lru_cache(maxsize=1)
def press_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(str(PRESS_PROFILE))


def press_profile_bytes() -> bytes:
    """The profile as embedded in the OutputIntent."""
    return PRESS_PROFILE.read_bytes()


@lru_cache(maxsize=4)
def _transform(mode_in: str, mode_out: str) -> ImageCms.ImageCmsTransform:
    spaces = {"RGB": ImageCms.createProfile("sRGB"), "LAB": ImageCms.createProfile("LAB"),
              "CMYK": press_profile()}
    return ImageCms.buildTransform(spaces[mode_in], spaces[mode_out], mode_in, mode_out,
                                   renderingIntent=RELATIVE_COLORIMETRIC,
                                   flags=BLACK_POINT_COMPENSATION)


def rgb_image_to_cmyk(picture: Image.Image) -> Image.Image:
    """An RGB picture in the press profile's CMYK."""
    return ImageCms.applyTransform(picture.convert("RGB"), _transform("RGB", "CMYK"))


@lru_cache(maxsize=256)
def rgb_to_cmyk(red: float, green: float, blue: float) -> CMYK:
    """One sRGB colour (0-1 each) in the press profile's CMYK (0-1 each, 3 decimals)."""
    pixel = Image.new("RGB", (1, 1), tuple(round(v * 255) for v in (red, green, blue)))
    inks = rgb_image_to_cmyk(pixel).getpixel((0, 0))
    return tuple(round(v / 255, 3) for v in inks)  # type: ignore[return-value]


@lru_cache(maxsize=256)
def lightness(cyan: float, magenta: float, yellow: float, black: float) -> float:
    """CIE L* (0-100) of a CMYK colour printed on the press profile's paper."""
    pixel = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in (cyan, magenta, yellow,
                                                                       black)))
    lab = ImageCms.applyTransform(pixel, _transform("CMYK", "LAB"))
    return lab.getpixel((0, 0))[0] * 100 / 255


# A dark colour of chroma (CIE C*) under this reads as black or dark grey: the body ink
# (a blue-black) and the muted ink. Pale tints of low chroma keep their faint hue.
NEUTRAL_CHROMA = 12.0
DARK_LIGHTNESS = 50.0


@lru_cache(maxsize=256)
def is_near_black(red: float, green: float, blue: float) -> bool:
    """Whether an sRGB colour (0-1 each) is a grey, or a dark colour that reads as one."""
    if max(red, green, blue) - min(red, green, blue) < 1e-6:
        return True
    pixel = Image.new("RGB", (1, 1), tuple(round(v * 255) for v in (red, green, blue)))
    lab = ImageCms.applyTransform(pixel, _transform("RGB", "LAB")).getpixel((0, 0))
    lightness_, a, b = lab[0] * 100 / 255, _signed(lab[1]), _signed(lab[2])
    return lightness_ < DARK_LIGHTNESS and math.hypot(a, b) < NEUTRAL_CHROMA


def _signed(channel: int) -> int:
    """Pillow's LAB stores a* and b* as 0-255 with 128 for zero."""
    return channel - 128


@lru_cache(maxsize=1)
def _black_ramp() -> list[float]:
    """L* of black ink alone at 0, 1, ... 100 %: falls as black rises."""
    return [lightness(0, 0, 0, step / 100) for step in range(101)]


def black_for_lightness(value: float) -> float:
    """The black ink alone (0-1, in whole per cent) that prints as light as L* ``value``;
    1.0 for anything darker than solid black."""
    ramp = [-level for level in _black_ramp()]  # rising, for bisect
    return min(bisect_left(ramp, -value), 100) / 100


# A tint this dark looks solid yet is screened, which frays the edges of small letters:
# it prints as solid black instead.
SOLID_BLACK_FROM = 0.9


def black_only(cmyk: CMYK) -> CMYK:
    """The K-only tint as light as a CMYK colour (solid black for near-black): what
    small text and thin rules print in."""
    black = black_for_lightness(lightness(*cmyk))
    return (0.0, 0.0, 0.0, 1.0 if black >= SOLID_BLACK_FROM else black)
