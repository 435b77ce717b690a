"""Where the facts come from, by name: a heading and a list of the sources' titles, for
formats with room for them after the content (large print, an eight-page booklet).

The addresses, long and hard to read aloud or type, are on the sources page the small
print points to.
"""

from __future__ import annotations

from typing import Any

from imhprint.blocks import BlockRenderer, no_lone_last_word
from imhprint.flowables import keep_ends_together
from imhprint.model import Resource
from imhprint.strings import Strings


def sources_list(renderer: BlockRenderer, strings: Strings, resource: Resource) -> list[Any]:
    """The sources' heading and titles (nothing when the resource names none); the list
    may go on over a page, never leaving one title alone on either side."""
    styles = renderer.styles
    items = [renderer.para(source.title, styles.bullet) for source in resource.sources]
    if not items:
        return []
    for item in items:
        item.bulletText = "\u2022"
    heading = renderer.para(no_lone_last_word(strings["sources_title"]), styles.heading)
    return [heading, *keep_ends_together(items)]
