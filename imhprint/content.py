"""Stage 1: read every YAML file under the content folder and validate it.

Every problem in every file is collected before anything is written. Cross-checks
(ids, services, strings, images, markup, glyphs) run once all files are read.
"""

from __future__ import annotations

import dataclasses
import difflib
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .colours import edition_palette
from .diagnostics import Diagnostics, display_path
from .images import AssetProblem, check_picture
from .markup import MarkupError, parse_inline
from .model import (
    DOCUMENT_SCHEMAS,
    Edition,
    Image,
    Resource,
    Service,
    ServicesFile,
    StringsFile,
)
from .schema import INVALID, Context, Text, mapping_pairs, shown
from .strings import PLACEHOLDERS, REQUIRED_KEYS, Strings
from .theme import PALETTE, FontProblem, Palette, missing_glyphs
from .yamlnodes import MappingNode, ScalarNode, SequenceNode, load_yaml_file

RESERVED_EDITION_IDS = {"all", "leaflets", "posters", "national"}


@dataclass
class ContentSet:
    content_dir: Path
    assets_dir: Path
    resources: list[Resource] = field(default_factory=list)
    services: dict[str, Service] = field(default_factory=dict)
    strings: dict[str, Strings] = field(default_factory=dict)
    failed_resources: set[str] = field(default_factory=set)  # paths of resources not to build
    broken_service_ids: set[str] = field(default_factory=set)  # named, but with errors
    editions: dict[str, Edition] = field(default_factory=dict)
    failed_editions: set[str] = field(default_factory=set)

    def services_for(self, edition: Edition | None) -> dict[str, Service]:
        """The national directory, with an edition's local services added or replacing."""
        services = dict(self.services)
        if edition is not None:
            services.update({s.id: s for s in edition.services})
        return services

    def palette_for(self, edition: Edition | None) -> Palette:
        if edition is None or edition.colours is None:
            return PALETTE
        return edition_palette(PALETTE, edition.colours.accent, edition.colours.tint)

    def buildable(self) -> list[Resource]:
        return [r for r in self.resources if str(r.path) not in self.failed_resources]


def discover(content_dir: Path) -> list[Path]:
    paths = [p for p in content_dir.rglob("*") if p.suffix in (".yaml", ".yml")]
    return sorted(p for p in paths if not any(part.startswith(".") for part in
                                              p.relative_to(content_dir).parts))


def _parse_document(path: Path, diags: Diagnostics) -> tuple[Any, MappingNode | None]:
    """The validated document (or INVALID), and the file's top-level mapping if it has one."""
    loaded = load_yaml_file(path, diags)
    if loaded is None:
        return INVALID, None
    ctx = Context(path, diags)
    root = loaded.root
    if not isinstance(root, MappingNode):
        return ctx.error(root, "the file should start with 'kind: ...' followed by named "
                         "fields, not a list or a single value"), None
    return _validate_document(root, ctx), root


def _validate_document(root: MappingNode, ctx: Context) -> Any:
    pairs = mapping_pairs(root, Context(ctx.path, Diagnostics()))  # duplicates reported later
    kind_node = pairs.get("kind", (None, None))[1]
    if kind_node is None:
        return ctx.error(root, f"missing 'kind:' at the top: one of {', '.join(DOCUMENT_SCHEMAS)}")
    kind = kind_node.value if isinstance(kind_node, ScalarNode) else ""
    if kind not in DOCUMENT_SCHEMAS:
        close = difflib.get_close_matches(kind[:100], list(DOCUMENT_SCHEMAS), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return ctx.error(kind_node, f"unknown kind '{_short(kind)}'{hint}; kinds: "
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
    """Author text quoted in a message: one line, no control characters, at most 40 long."""
    return shown(text, 40)


def check_texts(path: Path, obj: Any, language: str, diags: Diagnostics) -> None:
    """Inline markup must parse, and the font must have a glyph for every character."""
    for text in iter_texts(obj):
        try:
            parse_inline(text)
        except MarkupError as exc:
            diags.error(path, text.line, f"in '{_short(text)}': {exc}")
        try:
            missing = missing_glyphs(text, language)
        except FontProblem as exc:  # a font file missing or damaged: say so once per file
            diags.error(path, text.line, str(exc))
            return
        if missing:
            shown = " ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing)
            diags.error(path, text.line, f"the font has no letter shape for {shown} in "
                        f"'{_short(text)}': it would print as an empty box; replace the "
                        "character or add a font for it in the theme")


def check_image(path: Path, block: Image, assets_dir: Path, diags: Diagnostics) -> None:
    try:
        check_picture(block.src, assets_dir)
    except AssetProblem as exc:
        diags.error(path, block.line, str(exc))


def _check_service_refs(resource: Resource, content: ContentSet, diags: Diagnostics) -> None:
    """Every service a resource names must exist (preflight warns about unverified ones)."""
    for ref in resource.service_refs():
        if ref in content.services or ref in content.broken_service_ids:
            continue  # a broken entry's own error in the services file says what is wrong
        close = difflib.get_close_matches(ref, list(content.services), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        diags.error(resource.path, ref.line, f"unknown service '{ref}'{hint}: add it "
                    "to the services directory, or fix the id")


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
            problem = _placeholder_problem(key, text)
            if problem:
                diags.error(path, text.line, f"string '{key}' {problem}")
        if not missing:
            content.strings[language] = Strings(language, dict(strings_file.strings))


def _placeholder_problem(key: str, text: str) -> str | None:
    """Why a string's {placeholders} cannot be filled in, or None if they can."""
    allowed = PLACEHOLDERS.get(key, ())
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion
                  in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return "has an unmatched { or }"
    for name, spec, conversion in fields:
        if name not in allowed or spec or conversion:
            may = (" and ".join(f"{{{a}}}" for a in allowed) if allowed
                   else "none: write {{ and }} for a brace")
            return f"uses {{{_short(name)}{'!' + conversion if conversion else ''}" \
                   f"{':' + spec if spec else ''}}}, which is not filled in; placeholders " \
                   f"it may use: {may}"
    return None


def _check_sizes(resource: Resource, diags: Diagnostics) -> None:
    if resource.kind == "poster" and not resource.sizes:
        diags.error(resource.path, resource.line, "a poster needs 'sizes', the sheets to "
                    "make it on, for example: sizes: [a4, a3, a2]")
    if resource.kind != "poster" and resource.sizes:
        diags.error(resource.path, resource.sizes[0].line, f"'sizes' is only for posters; "
                    f"a {resource.kind} has one format: remove the line")
    if resource.kind != "leaflet" and resource.formats:
        diags.error(resource.path, resource.formats[0].line, "'formats' is only for "
                    f"leaflets; a {resource.kind} lists its 'sizes': remove the line")
    for listed, noun in ((resource.sizes, "size"), (resource.formats, "format")):
        for index, item in enumerate(listed):
            if item in listed[:index]:
                diags.error(resource.path, item.line, f"{noun} '{item}' is listed twice")


def _check_block_options(resource: Resource, diags: Diagnostics) -> None:
    """A block's ``formats`` must name formats the resource is made in, or it never prints;
    ``size: large`` is for posters only."""
    made_in = resource.choices
    for block in resource.blocks:
        if block.size == "large" and resource.kind != "poster":
            diags.error(resource.path, block.size.line, "'size: large' is for posters, read "
                        f"from across a room; a {resource.kind} is read in the hand: "
                        "remove the line")
        for index, name in enumerate(block.formats):
            if name in block.formats[:index]:
                diags.error(resource.path, name.line, f"format '{name}' is listed twice: "
                            "delete one")
            elif name != resource.kind and name not in made_in:
                diags.error(resource.path, name.line, f"'{name}' is not a format of this "
                            f"{resource.kind}, which is made as {', '.join(made_in)}: name "
                            "those, or remove 'formats' to print the block in all of them")


def _check_resource(resource: Resource, content: ContentSet, diags: Diagnostics) -> None:
    path = resource.path
    _check_sizes(resource, diags)
    _check_block_options(resource, diags)
    if resource.next_review < resource.reviewed:
        diags.error(path, resource.line, f"next_review ({resource.next_review}) is before "
                    f"reviewed ({resource.reviewed}): fix the dates")
    if resource.language not in content.strings:
        diags.error(path, resource.line, f"no strings file for language "
                    f"'{resource.language}': add content/strings/{resource.language}.yaml")
    check_texts(path, resource, resource.language, diags)
    _check_service_refs(resource, content, diags)
    for block in resource.blocks:
        if isinstance(block, Image):
            check_image(path, block, content.assets_dir, diags)


def load_content(content_dir: Path, assets_dir: Path) -> tuple[ContentSet, Diagnostics]:
    """Read and validate everything; resources with errors are marked as failed."""
    diags = Diagnostics()
    content = ContentSet(content_dir, assets_dir)
    strings_files: dict[str, tuple[Path, StringsFile]] = {}
    shared_paths: set[str] = set()  # services and strings: an error there stops every build
    for path in discover(content_dir):
        document, root = _parse_document(path, diags)
        if isinstance(document, ServicesFile | StringsFile):
            shared_paths.add(display_path(path))
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
        elif isinstance(document, Edition):
            document.path = path
            for service in document.services:
                service.path = path
            if document.id in content.editions:
                first = content.editions[document.id]
                diags.error(path, document.id.line, f"edition id '{document.id}' is already "
                            f"used by {display_path(first.path)}: give each edition its own id")
            content.editions.setdefault(document.id, document)
        elif document is INVALID:
            _note_broken_file(path, root, content, shared_paths)
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
    for edition in content.editions.values():
        before = len(diags.errors)
        _check_edition(edition, content, diags)
        if len(diags.errors) > before:
            content.failed_editions.add(edition.id)
    _mark_failures(content, diags, shared_paths)
    return content, diags


def _check_edition(edition: Edition, content: ContentSet, diags: Diagnostics) -> None:
    path = edition.path
    if edition.id in RESERVED_EDITION_IDS:
        diags.error(path, edition.id.line, f"'{edition.id}' cannot be an edition id (it "
                    "names a folder or option of its own): choose another")
    if edition.logo:
        try:
            check_picture(edition.logo, content.assets_dir, "logo", allow_svg=True)
        except AssetProblem as exc:
            diags.error(path, edition.logo.line, str(exc))
    check_texts(path, edition, "en-GB", diags)
    national = content.services
    for service in edition.services:
        if service.id in national and service.status == "unverified":
            diags.warning(path, service.line, f"'{service.id}' replaces the national entry "
                          "with details marked unverified: they will be left off")


def _top_level_text(root: MappingNode | None) -> dict[str, str]:
    """The plain text fields at the top of a file, e.g. its declared kind and id."""
    if root is None:
        return {}
    return {k.value: v.value for k, v in root.value
            if isinstance(k, ScalarNode) and isinstance(v, ScalarNode)}


def _note_broken_file(path: Path, root: MappingNode | None, content: ContentSet,
                      shared_paths: set[str]) -> None:
    """Remember what a file that failed validation declares, so its errors are not
    followed by others: its services stay known, and --edition ID reports its errors.
    """
    declared = _top_level_text(root)
    kind = declared.get("kind")
    unreadable_in_shared_place = root is None and (
        path.name in ("services.yaml", "services.yml")
        or path.relative_to(content.content_dir).parts[0] == "strings")
    if kind in ("services", "strings") or unreadable_in_shared_place:
        shared_paths.add(display_path(path))
    if kind == "services":
        content.broken_service_ids |= _service_ids(root)
    if kind == "edition" and declared.get("id"):
        content.failed_editions.add(declared["id"])


def _service_ids(root: MappingNode) -> set[str]:
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == "services" and isinstance(
                value, SequenceNode):
            return {_top_level_text(item).get("id") for item in value.value
                    if isinstance(item, MappingNode)} - {None}
    return set()


def _mark_failures(content: ContentSet, diags: Diagnostics, shared_paths: set[str]) -> None:
    """Resources with errors are not built; nor is anything if shared data is broken."""
    shared_broken = any(d.path in shared_paths for d in diags.errors)
    for resource in content.resources:
        if shared_broken or diags.has_errors_for(resource.path):
            content.failed_resources.add(str(resource.path))
