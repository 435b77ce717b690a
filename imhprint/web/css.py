"""The web pages' colours, type sizes and fonts, as CSS custom properties made from the
theme (``imhprint/theme.py``), so a page and its PDF share one palette and one scale.

An edition's own colours (its palette) give its pages its colours too.
"""

from __future__ import annotations

from dataclasses import fields

from ..theme import (
    FONT_FAMILIES,
    LANGUAGE_FONT_FAMILIES,
    LEAFLET_TYPE,
    FontFamily,
    Palette,
    TypeScale,
    hex_of,
)

# The sizes the web pages use, from the A4 leaflet's scale: a phone is held like a leaflet.
WEB_SIZES = ("body", "detail", "title", "subtitle", "heading", "card_title", "small",
             "phone")


def all_families() -> list[FontFamily]:
    """Every font family the theme sets up, each once, in a fixed order."""
    return list(dict.fromkeys([*FONT_FAMILIES.values(), *LANGUAGE_FONT_FAMILIES.values()]))


def font_folder(family: FontFamily) -> str:
    """The family's folder under fonts/, as in assets/fonts/ (andika, noto-naskh-arabic)."""
    return family.regular.parent.name


def _property(name: str) -> str:
    return "--" + name.replace("_", "-")


def theme_css(palette: Palette, scale: TypeScale = LEAFLET_TYPE) -> str:
    """:root custom properties for every colour and size, and a @font-face for each face.

    Sizes stay in points, as the theme gives them (CSS converts at 96 px to 72 pt):
    the leaflet's 14 pt body text is about 19 px on a screen, large and easy to read.
    """
    lines = ["/* Made by imhprint/web/css.py from imhprint/theme.py: do not edit. */",
             ":root {"]
    lines += [f"  {_property(f.name)}: {hex_of(getattr(palette, f.name)).upper()};"
              for f in fields(palette)]
    lines += [f"  {_property('size_' + name)}: {getattr(scale, name):g}pt;"
              for name in WEB_SIZES]
    lines += [f"  --leading: {scale.leading:g};",
              f"  --gap: {scale.gap:g}pt;",
              f"  --radius: {scale.corner_radius:g}pt;",
              f"  --padding: {scale.padding:g}pt;",
              "}"]
    for family in all_families():
        folder = font_folder(family)
        for weight, path in (("400", family.regular), ("700", family.bold)):
            lines += ["@font-face {",
                      f'  font-family: "{family.name}";',
                      f'  src: url("fonts/{folder}/{path.name}") format("truetype");',
                      f"  font-weight: {weight};",
                      "  font-style: normal;",
                      "  font-display: swap;",
                      "}"]
        lines.append(f'[data-font="{family.name}"] {{ font-family: "{family.name}", '
                     '"Andika", sans-serif; }')
    return "\n".join(lines) + "\n"
