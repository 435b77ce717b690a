"""Stage 1: read every YAML file under the content folder and validate it.

Every problem in every file is collected before anything is written. Cross-checks
(ids, services, strings, images, markup, glyphs) run once all files are read.
"""

from __future__ import annotations

import dataclasses
import difflib
import string
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image as PILImage

from .diagnostics import Diagnostics, display_path
from .markup import MarkupError, parse_inline
from .model import (
    DOCUMENT_SCHEMAS,
    Contacts,
    Image,
    Resource,
    Service,
    ServicesFile,
    StringsFile,
)
from .schema import INVALID, Context, Text, mapping_pairs
from .strings import REQUIRED_KEYS, Strings
from .theme import FontProblem, missing_glyphs
from .yamlnodes import MappingNode, ScalarNode, load_yaml_file

MAX_IMAGE_PIXELS = 40_000_000  # about a 7000 x 5700 photo; larger is never needed in print


@dataclass
class ContentSet:
    content_dir: Path
    assets_dir: Path
    resources: list[Resource] = field(default_factory=list)
    services: dict[str, Service] = field(default_factory=dict)
    strings: dict[str, Strings] = field(default_factory=dict)
    failed_resources: set[str] = field(default_factory=set)  # paths of resources not to build

    def buildable(self) -> list[Resource]:
        return [r for r in self.resources if str(r.path) not in self.failed_resources]


def discover(content_dir: Path) -> list[Path]:
    paths = [p for p in content_dir.rglob("*") if p.suffix in (".yaml", ".yml")]
    return sorted(p for p in paths if not any(part.startswith(".") for part in
                                              p.relative_to(content_dir).parts))


def _parse_document(path: Path, diags: Diagnostics) -> Any:
    loaded = load_yaml_file(path, diags)
    if loaded is None:
        return INVALID
    ctx = Context(path, diags)
    root = loaded.root
    if not isinstance(root, MappingNode):
        return ctx.error(root, "the file should start with 'kind: ...' followed by named "
                         "fields, not a list or a single value")
    pairs = mapping_pairs(root, Context(path, Diagnostics()))  # duplicates reported below
    kind_node = pairs.get("kind", (None, None))[1]
    if kind_node is None:
        return ctx.error(root, f"missing 'kind:' at the top: one of {', '.join(DOCUMENT_SCHEMAS)}")
    kind = kind_node.value if isinstance(kind_node, ScalarNode) else ""
    if kind not in DOCUMENT_SCHEMAS:
        close = difflib.get_close_matches(kind, list(DOCUMENT_SCHEMAS), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return ctx.error(kind_node, f"unknown kind '{kind}'{hint}; kinds: "
                         f"{', '.join(DOCUMENT_SCHEMAS)}")
    return DOCUMENT_SCHEMAS[kind].parse(root, ctx, kind)


def iter_texts(value: Any) -> Iterator[Text]:
    """Every piece of author text inside a model object, depth first."""
    if isinstance(value, Text):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from iter_texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from iter_texts(item)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from iter_texts(getattr(value, f.name))


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def check_texts(path: Path, obj: Any, language: str, diags: Diagnostics) -> None:
    """Inline markup must parse, and the font must have a glyph for every character."""
    for text in iter_texts(obj):
        try:
            parse_inline(text)
        except MarkupError as exc:
            diags.error(path, text.line, f"in '{_short(text)}': {exc}")
        missing = missing_glyphs(text, language)
        if missing:
            shown = " ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing)
            diags.error(path, text.line, f"the font has no letter shape for {shown} in "
                        f"'{_short(text)}': it would print as an empty box; replace the "
                        "character or add a font for it in the theme")


def check_image(path: Path, block: Image, assets_dir: Path, diags: Diagnostics) -> None:
    src = Path(block.src)
    assets_root = assets_dir.resolve()
    if src.is_absolute() or ".." in src.parts:
        diags.error(path, block.line, f"image '{block.src}' must be a path inside assets/, "
                    "written relative to it, for example images/baby.png")
        return
    full = (assets_dir / src).resolve()
    if not full.is_relative_to(assets_root):
        diags.error(path, block.line, f"image '{block.src}' points outside assets/ "
                    "(through a link): copy the picture into assets/ instead")
        return
    if not full.is_file():
        diags.error(path, block.line, f"image not found: assets/{block.src}; check the "
                    "spelling, or add the file to assets/")
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(full) as picture:
                if picture.width * picture.height > MAX_IMAGE_PIXELS:
                    raise ValueError(f"it is {picture.width} x {picture.height} pixels, "
                                     "too large to print")
                picture.verify()
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError,
            PILImage.DecompressionBombWarning) as exc:
        diags.error(path, block.line, f"image assets/{block.src} cannot be used: {exc}; "
                    "save it again as a PNG or JPEG")


def _check_service_refs(resource: Resource, content: ContentSet, diags: Diagnostics) -> None:
    refs = list(resource.contacts_panel)
    for block in resource.blocks:
        if isinstance(block, Contacts):
            refs.extend(block.services)
    for ref in refs:
        service = content.services.get(ref)
        if service is None:
            close = difflib.get_close_matches(ref, list(content.services), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            diags.error(resource.path, ref.line, f"unknown service '{ref}'{hint}: add it "
                        "to the services directory, or fix the id")
        elif not service.printable:
            diags.warning(resource.path, ref.line, f"service '{ref}' is marked unverified "
                          "in the services directory, so it is left off the printed "
                          "leaflet: check its details at the source and set status: verified")


def _check_strings(content: ContentSet, files: dict[str, tuple[Path, StringsFile]],
                   diags: Diagnostics) -> None:
    for language, (path, strings_file) in files.items():
        missing = [key for key in REQUIRED_KEYS if key not in strings_file.strings]
        for key in missing:
            diags.error(path, strings_file.line, f"strings file is missing '{key}'")
        for key, text in strings_file.strings.items():
            if key not in REQUIRED_KEYS:
                close = difflib.get_close_matches(key, REQUIRED_KEYS, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                diags.error(path, text.line, f"unknown string '{key}'{hint}")
            try:
                list(string.Formatter().parse(text))
            except ValueError:
                diags.error(path, text.line, f"string '{key}' has an unmatched {{ or }}")
        if not missing:
            content.strings[language] = Strings(language, dict(strings_file.strings))


def _check_sizes(resource: Resource, diags: Diagnostics) -> None:
    if resource.kind == "poster" and not resource.sizes:
        diags.error(resource.path, resource.line, "a poster needs 'sizes', the sheets to "
                    "make it on, for example: sizes: [a4, a3, a2]")
    if resource.kind != "poster" and resource.sizes:
        diags.error(resource.path, resource.sizes[0].line, f"'sizes' is only for posters; "
                    f"a {resource.kind} has one format: remove the line")
    for index, size in enumerate(resource.sizes):
        if size in resource.sizes[:index]:
            diags.error(resource.path, size.line, f"size '{size}' is listed twice")


def _check_resource(resource: Resource, content: ContentSet, diags: Diagnostics) -> None:
    path = resource.path
    _check_sizes(resource, diags)
    if resource.next_review < resource.reviewed:
        diags.error(path, resource.line, f"next_review ({resource.next_review}) is before "
                    f"reviewed ({resource.reviewed}): fix the dates")
    if resource.language not in content.strings:
        diags.error(path, resource.line, f"no strings file for language "
                    f"'{resource.language}': add content/strings/{resource.language}.yaml")
    try:
        check_texts(path, resource, resource.language, diags)
    except FontProblem as exc:
        diags.error(path, resource.line, str(exc))
    _check_service_refs(resource, content, diags)
    for block in resource.blocks:
        if isinstance(block, Image):
            check_image(path, block, content.assets_dir, diags)


def load_content(content_dir: Path, assets_dir: Path) -> tuple[ContentSet, Diagnostics]:
    """Read and validate everything; resources with errors are marked as failed."""
    diags = Diagnostics()
    content = ContentSet(content_dir, assets_dir)
    strings_files: dict[str, tuple[Path, StringsFile]] = {}
    shared_ok = True
    for path in discover(content_dir):
        before = len(diags.errors)
        document = _parse_document(path, diags)
        if isinstance(document, Resource):
            document.path = path
            content.resources.append(document)
        elif isinstance(document, ServicesFile):
            for service in document.services:
                service.path = path
                if service.id in content.services:
                    first = content.services[service.id]
                    diags.error(path, service.id.line, f"service id '{service.id}' is used "
                                f"twice (also {display_path(first.path)}:{first.id.line}): "
                                "ids must be unique")
                content.services[service.id] = service
            check_texts(path, document, "en-GB", diags)
        elif isinstance(document, StringsFile):
            if document.language in strings_files:
                diags.error(path, document.line, f"a second strings file for "
                            f"'{document.language}' (first: "
                            f"{display_path(strings_files[document.language][0])})")
            strings_files[document.language] = (path, document)
            check_texts(path, document, document.language, diags)
        elif len(diags.errors) > before:
            shared_ok = shared_ok and _looks_like_resource(path, content_dir)
    _check_strings(content, strings_files, diags)
    seen: dict[str, Resource] = {}
    for resource in content.resources:
        if resource.id in seen:
            first = seen[resource.id]
            diags.error(resource.path, resource.id.line, f"resource id '{resource.id}' is "
                        f"already used by {display_path(first.path)}:{first.id.line}: "
                        "give each resource its own id")
        seen.setdefault(resource.id, resource)
        _check_resource(resource, content, diags)
    _mark_failures(content, diags, shared_ok)
    return content, diags


def _looks_like_resource(path: Path, content_dir: Path) -> bool:
    """A broken file that is not in a shared-data place only breaks itself."""
    relative = path.relative_to(content_dir)
    return relative.parts[0] not in ("strings", "services.yaml") and relative.name not in (
        "services.yaml", "services.yml")


def _mark_failures(content: ContentSet, diags: Diagnostics, shared_ok: bool) -> None:
    shared_paths = {display_path(s.path) for s in content.services.values()}
    shared_broken = not shared_ok or any(d.path in shared_paths for d in diags.errors) or any(
        d.path.startswith(display_path(content.content_dir / "strings")) for d in diags.errors)
    for resource in content.resources:
        if shared_broken or diags.has_errors_for(resource.path):
            content.failed_resources.add(str(resource.path))
