"""Content with many editions, for the benchmark and the scale tests.

Each edition is a copy of one of the sample editions with its own id, name and phone
number, so every PDF it gets must carry its own edition's details.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path


def edition_id(number: int) -> str:
    return f"hub-{number:04d}"


def edition_phone(number: int) -> str:
    """Ofcom's drama range for Leeds: 0113 496 0000 to 0999, one per hub."""
    return f"0113 496 {number % 1000:04d}"


def edition_name(sample_name: str, number: int) -> str:
    return f"{sample_name.split()[0]} {number:04d} Family Hub"


def many_editions(source: Path, folder: Path, count: int) -> Path:
    """A copy of the content in ``source`` with ``count`` editions instead of the samples;
    returns the copy's folder."""
    content = folder / f"content-{count}"
    shutil.copytree(source, content)
    samples = sorted((content / "editions").glob("*.yaml"))
    texts = [path.read_text(encoding="utf-8") for path in samples]
    for path in samples:
        path.unlink()
    for number in range(count):
        sample = texts[number % len(texts)]
        name = re.search(r"^name: (.+?)\s*(#.*)?$", sample, re.M)[1]
        # the edition's own number, wherever the sample prints it (its hub's, feedback)
        phone = re.search(r'^phone: "([^"]+)"', sample, re.M)[1]
        text = re.sub(r"^id: \S+", f"id: {edition_id(number)}", sample, count=1,
                      flags=re.M)
        text = text.replace(name, edition_name(name, number))
        text = text.replace(phone, edition_phone(number))
        (content / "editions" / f"{edition_id(number)}.yaml").write_text(text,
                                                                         encoding="utf-8")
    return content
