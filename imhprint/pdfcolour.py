"""Which colours a PDF's content streams set, and its images' colour spaces: for
preflight's press rules (CMYK only), read with pypdf.

Every content stream counts: pages, their annotations' appearance streams, and every form
XObject, tiling pattern, Type 3 glyph procedure and soft-mask group reachable from them.
Colour operators are found by a tokenizer (one regular expression) that reads strings,
names and comments whole, so no text can pass for an operator; a stream it cannot read
completely (an inline image, unbalanced brackets) goes to pypdf's full parser instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pypdf
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, StreamObject

COLOUR_OPERATORS = frozenset({"rg", "RG", "g", "G", "k", "K", "cs", "CS", "sc", "scn", "SC", "SCN"})

_INLINE_COLOUR_SPACE_ABBREVIATIONS = {
    "/G": "/DeviceGray",
    "/RGB": "/DeviceRGB",
    "/CMYK": "/DeviceCMYK",
    "/I": "/Indexed",
}


def resolve(obj: object) -> object:
    """Follow an indirect reference, so callers can treat every value as direct."""
    return obj.get_object() if hasattr(obj, "get_object") and obj is not None else obj


def as_dict(obj: object) -> DictionaryObject | None:
    """The object as a dictionary (streams are dictionaries too), or None."""
    obj = resolve(obj)
    return obj if isinstance(obj, DictionaryObject) else None


def _object_key(obj: object) -> tuple[int, int] | int:
    """Identity of a PDF object, so shared forms and fonts are looked at once."""
    ref = getattr(obj, "indirect_reference", None)
    return (ref.idnum, ref.generation) if ref is not None else id(obj)


# ------------------------------------------------------- walking every content stream


def _appearance_streams(annot: object) -> Iterator[StreamObject]:
    """Every appearance stream of an annotation: /N, /R and /D, each maybe per state."""
    annot = as_dict(annot)
    appearances = as_dict(annot.get("/AP")) if annot is not None else None
    if appearances is None:
        return
    for key in ("/N", "/R", "/D"):
        entry = resolve(appearances.get(key))
        if isinstance(entry, StreamObject):
            yield entry
        elif isinstance(entry, DictionaryObject):
            for state in entry.values():
                stream = resolve(state)
                if isinstance(stream, StreamObject):
                    yield stream


def _child_streams(resources: DictionaryObject | None) -> Iterator[StreamObject]:
    """Content streams reachable from a resource dictionary.

    Form XObjects, tiling patterns, Type 3 glyph procedures and soft-mask groups all hold
    drawing operators and resources of their own, so all of them can carry fonts, images
    and colour.
    """
    if resources is None:
        return
    for xobject in (as_dict(resources.get("/XObject")) or {}).values():
        xobject = resolve(xobject)
        if isinstance(xobject, StreamObject) and xobject.get("/Subtype") == "/Form":
            yield xobject
    for pattern in (as_dict(resources.get("/Pattern")) or {}).values():
        pattern = resolve(pattern)
        if isinstance(pattern, StreamObject) and pattern.get("/PatternType") == 1:
            yield pattern
    for font in (as_dict(resources.get("/Font")) or {}).values():
        font = as_dict(font)
        if font is not None and font.get("/Subtype") == "/Type3":
            for proc in (as_dict(font.get("/CharProcs")) or {}).values():
                proc = resolve(proc)
                if isinstance(proc, StreamObject):
                    yield proc
    for state in (as_dict(resources.get("/ExtGState")) or {}).values():
        smask = as_dict((as_dict(state) or {}).get("/SMask"))
        group = resolve(smask.get("/G")) if smask is not None else None
        if isinstance(group, StreamObject):
            yield group


def _type3_resources(resources: DictionaryObject | None) -> dict[int, DictionaryObject]:
    """Type 3 glyph procedures use their font's /Resources: map each procedure to them."""
    found: dict[int, DictionaryObject] = {}
    for font in (as_dict((resources or {}).get("/Font")) or {}).values():
        font = as_dict(font)
        own = as_dict(font.get("/Resources")) if font is not None else None
        if own is not None and font.get("/Subtype") == "/Type3":
            for proc in (as_dict(font.get("/CharProcs")) or {}).values():
                found[id(resolve(proc))] = own
    return found


Holder = pypdf.PageObject | StreamObject


def content_holders(
    reader: pypdf.PdfReader,
) -> Iterator[tuple[Holder, DictionaryObject | None]]:
    """Every (page or content stream, its resources) in the document, each once.

    Pages, their annotations' appearance streams, and everything reachable from their
    resources (recursively). A stream without /Resources uses its parent's, as the PDF
    specification allows for old files.
    """
    seen: set[tuple[int, int] | int] = set()
    todo: list[tuple[StreamObject, DictionaryObject | None]] = []

    def push_children(resources: DictionaryObject | None) -> None:
        type3 = _type3_resources(resources)
        for child in _child_streams(resources):
            own = as_dict(child.get("/Resources")) or type3.get(id(child))
            todo.append((child, own if own is not None else resources))

    for page in reader.pages:
        resources = as_dict(page.get("/Resources"))
        yield page, resources
        push_children(resources)
        for annot in resolve(page.get("/Annots")) or []:
            for stream in _appearance_streams(annot):
                todo.append((stream, as_dict(stream.get("/Resources"))))
        while todo:
            stream, stream_resources = todo.pop()
            if _object_key(stream) in seen:
                continue
            seen.add(_object_key(stream))
            yield stream, stream_resources
            push_children(stream_resources)


def content_stream(holder: Holder, reader: pypdf.PdfReader) -> ContentStream | None:
    """The content of a page (its streams joined) or of a stream, parsed only on demand."""
    if isinstance(holder, pypdf.PageObject):
        return holder.get_contents()
    return ContentStream(holder, reader)


# ------------------------------------------------------------------- colour and images


def _describe_colour_space(value: object) -> str:
    """A colour space as a short string: '/DeviceCMYK', '/ICCBased(N=4)', '/Indexed(...)'."""
    value = resolve(value)
    if not isinstance(value, ArrayObject) or not value:
        name = str(value)
        return _INLINE_COLOUR_SPACE_ABBREVIATIONS.get(name, name)
    family = str(resolve(value[0]))
    family = _INLINE_COLOUR_SPACE_ABBREVIATIONS.get(family, family)
    if family == "/Indexed" and len(value) > 1:
        return f"/Indexed({_describe_colour_space(value[1])})"
    if family == "/ICCBased" and len(value) > 1:
        stream = as_dict(value[1])
        return f"/ICCBased(N={stream.get('/N') if stream is not None else '?'})"
    if family == "/Separation" and len(value) > 1:
        return f"/Separation({resolve(value[1])})"
    return family


def xobject_image_spaces(resources: DictionaryObject | None) -> set[str]:
    """Colour spaces of the image XObjects a resource dictionary names.

    A soft mask (/SMask) is a separate image referenced only from its parent, not from
    resources, so its DeviceGray never appears; stencil masks (/ImageMask) have no colour
    space of their own and are skipped.
    """
    found = set()
    for xobject in (as_dict((resources or {}).get("/XObject")) or {}).values():
        image = as_dict(xobject)
        if image is None or image.get("/Subtype") != "/Image" or image.get("/ImageMask"):
            continue
        if "/ColorSpace" in image:
            found.add(_describe_colour_space(image["/ColorSpace"]))
    return found


def _inline_image_spaces(operations: list[tuple[object, bytes]],
                         resources: DictionaryObject | None) -> set[str]:
    """Colour spaces of inline images (BI ... ID ... EI), which are images all the same."""
    named = as_dict((resources or {}).get("/ColorSpace")) or {}
    found = set()
    for operands, operator in operations:
        if operator != b"INLINE IMAGE":
            continue
        settings = operands.get("settings", {})
        if settings.get("/IM", settings.get("/ImageMask")):
            continue  # a stencil mask paints with the current colour: no space of its own
        space = settings.get("/CS", settings.get("/ColorSpace"))
        if space is not None:
            space = named.get(space, space)
            found.add(_describe_colour_space(space))
    return found


# PDF's whitespace and delimiters (PDF 1.7, 7.2.2); note \s would take \v and miss \0.
_WS = rb"\x00\t\n\x0c\r "
_REGULAR = rb"[^" + _WS + rb"()<>\[\]{}/%]"
# One token at a time: comments, strings (brackets nested once, escapes), dictionary
# brackets, hex strings, names and array brackets are matched and dropped; the one group
# captures regular tokens (operators, numbers, keywords), or a lone bracket that none of
# the other forms could read, which sends the stream to the full parser.
_CONTENT_TOKEN = re.compile(
    rb"%[^\r\n]*"
    rb"|\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)"
    rb"|<<|>>|<[0-9A-Fa-f" + _WS + rb"]*>"
    rb"|/" + _REGULAR + rb"*"
    rb"|[\[\]{}]"
    rb"|(" + _REGULAR + rb"+|[()<>])",
    re.DOTALL,
)
_COLOUR_OPERATOR_TOKENS = frozenset(name.encode("latin-1") for name in COLOUR_OPERATORS)
# An inline image's data is binary, so its operators can only be found by a parser that
# knows where the data ends; a lone bracket means a string too deep for the tokenizer.
_NEEDS_FULL_PARSE = frozenset({b"BI", b"(", b")", b"<", b">"})


def scan_content(content: ContentStream, resources: DictionaryObject | None
                  ) -> tuple[set[str], set[str]]:
    """The colour operators one content stream uses, and its inline images' spaces."""
    tokens = set(_CONTENT_TOKEN.findall(content.get_data()))
    if tokens.isdisjoint(_NEEDS_FULL_PARSE):
        return {token.decode("latin-1") for token in tokens & _COLOUR_OPERATOR_TOKENS}, set()
    operations = content.operations
    operators = {name for _operands, operator in operations
                 if (name := operator.decode("latin-1")) in COLOUR_OPERATORS}
    return operators, _inline_image_spaces(operations, resources)


