"""XML escaping, as ``xml.sax.saxutils`` does it, without loading that module.

``xml.sax.saxutils`` imports ``urllib.request`` (and http, email and ssl behind it): tens
of milliseconds of every start of the command, for three string replacements.
"""

from __future__ import annotations


def escape(data: str) -> str:
    """&, < and > as entities (``saxutils.escape``)."""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    """An attribute value with its quotes, as ``saxutils.quoteattr`` writes it: in double
    quotes, or single quotes where the value holds a double quote and no single one."""
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"' + data.replace('"', "&quot;") + '"'
