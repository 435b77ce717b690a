"""Stage 1: read every YAML file under the content folder and validate it.

Every problem in every file is collected before anything is written. Cross-checks
(ids, services, strings, images, markup, glyphs) run once all files are read.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import NO_MEMO, CheckMemo, file_digest, text_key
from .colours import edition_palette
from .diagnostics import Diagnostic, Diagnostics, display_path
from .editionfit import check_fixed_panels
from .images import AssetProblem, check_picture
from .markup import MarkupError, check_markup
from .model import (
    DOCUMENT_SCHEMAS,
    RESOURCE_KINDS,
    Edition,
    Image,
    Resource,
    Service,
    ServicesFile,
    Settings,
    StringsFile,
)
from .schema import INVALID, Context, Text, mapping_pairs, shown
from .strings import (
    OPTIONAL_KEYS,
    PLACEHOLDERS,
    REQUIRED_KEYS,
    RETIRED_KEYS,
    Strings,
    missing_placeholders,
)
from .theme import PALETTE, FontProblem, Palette, has_font, missing_glyphs
from .yamlnodes import (
    MAX_FILE_BYTES,
    MappingNode,
    ScalarNode,
    SequenceNode,
    load_yaml_file,
)

# Names the build gives folders and options of its own in the output folder.
RESERVED_EDITION_IDS = {"all", "leaflets", "posters", "national", "web", "press"}


@dataclass
class ContentSet:
    content_dir: Path
    assets_dir: Path
    resources: list[Resource] = field(default_factory=list)
    services: dict[str, Service] = field(default_factory=dict)
    strings: dict[str, Strings] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)  # every YAML file found
    strings_paths: dict[str, Path] = field(default_factory=dict)  # language -> its file
    failed_resources: set[str] = field(default_factory=set)  # paths of resources not to build
    broken_resource_ids: set[str] = field(default_factory=set)  # declared by files with errors
    broken_service_ids: set[str] = field(default_factory=set)  # named, but with errors
    editions: dict[str, Edition] = field(default_factory=dict)
    failed_editions: set[str] = field(default_factory=set)
    unfitted: list[str] = field(default_factory=list)  # editions still to measure
    settings: Settings | None = None  # the national edition's imprint (content/settings.yaml)
    # Shared files that failed to load: their own error is the one to show, so nothing
    # is checked against them (no "unknown service" or "no strings file" echoes).
    services_broken: bool = False  # no service ids could be read at all
    broken_languages: set[str] = field(default_factory=set)
    memo: CheckMemo = NO_MEMO  # what costly checks found before (cache.py)
    files_digest: str | None = None  # of every content file's bytes (an edition fit's key)

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


def discover(content_dir: Path, diags: Diagnostics) -> list[Path]:
    """Every .yaml and .yml file under the content folder; hidden names are left out.

    Nothing else is left out without a word, since a leaflet would then be missing from
    a print run: a folder that cannot be read, or a link to a folder outside the content
    folder, is an error naming it. (A link to a folder inside it is not followed: those
    files are read where they are.)
    """
    root = content_dir.resolve()

    def unreadable(exc: OSError) -> None:
        diags.error(exc.filename or content_dir, 0, "this folder cannot be read "
                    f"({(exc.strerror or 'no access').lower()}), so its leaflets and posters "
                    "would be left out: make it readable, or move it out of the content folder")

    found = []
    for folder, subfolders, files in os.walk(content_dir, onerror=unreadable):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in subfolders:
            _check_linked_folder(Path(folder, name), root, diags)
        # a folder with a .yaml name is listed too: reading it says what is wrong
        found += [Path(folder, name) for name in (*files, *subfolders)
                  if not name.startswith(".") and name.endswith((".yaml", ".yml"))]
    return sorted(found)


def _check_linked_folder(folder: Path, root: Path, diags: Diagnostics) -> None:
    if not folder.is_symlink():
        return
    try:
        target = folder.resolve()
    except (OSError, RuntimeError):  # a loop of links
        target = None
    if target is None or not target.is_relative_to(root):
        diags.error(folder, 0, "this folder is a link to a place outside the content "
                    f"folder ({target or 'a loop of links'}), so its files are not read: "
                    "copy them into the content folder instead")


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


def check_texts(path: Path, obj: Any, language: str | None, diags: Diagnostics,
                memo: CheckMemo = NO_MEMO) -> None:
    """Inline markup must parse, and the font must have a glyph for every character
    (when the language is one that can be printed: else its own error says so).

    What it finds depends only on the texts, their lines and the fonts, so ``memo``
    remembers it: unchanged texts are not checked again, and no font is loaded for them."""
    texts = list(iter_texts(obj))
    key = text_key("texts", ((str(text), text.line) for text in texts), str(language))
    memo.check(key, path, diags, lambda found: _check_texts(path, texts, language, found))


def _check_texts(path: Path, texts: list[Text], language: str | None,
                 diags: Diagnostics) -> None:
    for text in texts:
        try:
            check_markup(text)
        except MarkupError as exc:
            diags.error(path, text.line, f"in '{_short(text)}': {exc}")
        if language is None:
            continue
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


def check_image(path: Path, block: Image, assets_dir: Path, diags: Diagnostics,
                memo: CheckMemo = NO_MEMO) -> None:
    _check_picture(path, block.line, block.src, assets_dir, diags, memo)


def _check_picture(path: Path, line: int, src: str, assets_dir: Path, diags: Diagnostics,
                   memo: CheckMemo, what: str = "image", allow_svg: bool = False) -> None:
    """A picture must be usable (images.py decodes it whole, and reads an SVG's drawing):
    remembered under its file's bytes, so an unchanged picture is not decoded again."""
    full = assets_dir / src
    try:  # only a regular file is read (a pipe named .png must not make the build wait),
        # and a huge one is known by its size and date (it is refused as too large anyway)
        stat = full.stat()
        picture = "not a file" if not full.is_file() else file_digest(full) \
            if stat.st_size <= 64 << 20 else f"{stat.st_size} {stat.st_mtime_ns}"
    except OSError:
        picture = "unreadable"
    key = text_key("picture", [], src, str(assets_dir), what, str(allow_svg), str(line),
                   picture)

    def run(found: Diagnostics) -> None:
        try:
            check_picture(src, assets_dir, what, allow_svg=allow_svg)
        except AssetProblem as exc:
            found.error(path, line, str(exc))

    memo.check(key, path, diags, run)


def _check_service_refs(resource: Resource, content: ContentSet, diags: Diagnostics) -> None:
    """Every service a resource names must exist (preflight warns about unverified ones)."""
    if content.services_broken:
        return  # the services file's own error says what is wrong
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
            diags.error(path, strings_file.line, f"strings file is missing '{key}', which the "
                        "layouts print: add it under 'strings:'")
        for key, text in strings_file.strings.items():
            if key in RETIRED_KEYS:
                diags.warning(path, text.line, f"string '{key}' is no longer used: "
                              f"{RETIRED_KEYS[key]}; delete the line")
                continue
            if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
                close = difflib.get_close_matches(key, REQUIRED_KEYS + OPTIONAL_KEYS, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                diags.error(path, text.line, f"unknown string '{key}'{hint}")
            problem = _placeholder_problem(key, text)
            if problem:
                diags.error(path, text.line, f"string '{key}' {problem}")
        if missing:
            content.broken_languages.add(language)
        else:
            content.strings[language] = Strings(language, {
                k: v for k, v in strings_file.strings.items() if k not in RETIRED_KEYS})
            content.strings_paths[language] = path


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
    return missing_placeholders(key, {name for name, _, _ in fields})


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
        diags.error(path, _line(resource.next_review, resource.line), f"next_review "
                    f"({resource.next_review}) is before reviewed ({resource.reviewed}, line "
                    f"{_line(resource.reviewed, resource.line)}): fix the dates")
    printable = _check_language(resource, content, diags)
    check_texts(path, resource, resource.language if printable else None, diags, content.memo)
    _check_service_refs(resource, content, diags)
    for block in resource.blocks:
        if isinstance(block, Image):
            check_image(path, block, content.assets_dir, diags, content.memo)


def _line(value: object, default: int) -> int:
    """The line a value came from (a default, not from the file, has none)."""
    return getattr(value, "line", 0) or default


def _suggest_language(given: str, known: list[str]) -> str:
    """' (did you mean 'en-GB'?)' for en-gb, en, en-US or eng-GB; else ''."""
    by_case = {name.lower(): name for name in known}
    if given.lower() in by_case:
        return f" (did you mean '{by_case[given.lower()]}'?)"
    family = [name for name in known
              if name.split("-")[0].lower() == given.split("-")[0].lower()]
    close = family or [by_case[name] for name in
                       difflib.get_close_matches(given.lower(), list(by_case), n=1)]
    return f" (did you mean '{close[0]}'?)" if close else ""


def _check_language(resource: Resource, content: ContentSet, diags: Diagnostics) -> bool:
    """Whether the resource's language can be printed: it has a strings file and a font."""
    language = resource.language
    printable = sorted(name for name in content.strings if has_font(name))
    if language in printable:
        return True
    if language in content.broken_languages:
        return False  # its strings file is broken: that error is the one to read
    needs = []
    if language not in content.strings:
        needs.append(f"a strings file, content/strings/{_short(language)}.yaml")
    if not has_font(language):
        needs.append("a font for its letters (ask a developer)")
    diags.error(resource.path, _line(language, resource.line), f"language "
                f"'{_short(language)}' cannot be printed; languages there are: "
                f"{', '.join(printable) or 'none yet'}"
                f"{_suggest_language(language[:40], printable)}. A new language needs "
                f"{' and '.join(needs)}")
    return False


def load_content(content_dir: Path, assets_dir: Path, memo: CheckMemo = NO_MEMO,
                 fit: set[str] | None = None, fit_editions: bool = True,
                 ) -> tuple[ContentSet, Diagnostics]:
    """Read and validate everything; resources with errors are marked as failed.

    ``fit``: the ids of the editions whose details are measured in the fixed panels
    (that lays out every format, so a build measures only the editions it builds);
    None for every edition. ``memo`` remembers what costly checks found before. With
    ``fit_editions`` False, the editions the memo does not know are not measured here:
    they are left in ``content.unfitted`` for the build to measure in its workers
    (``fit_edition`` each, then ``record_fit``, which remembers what was found)."""
    diags = Diagnostics()
    content = ContentSet(content_dir, assets_dir, memo=memo)
    strings_files: dict[str, tuple[Path, StringsFile]] = {}
    shared_paths: set[str] = set()  # services and strings: an error there stops every build
    content.files = discover(content_dir, diags)
    services_found = False
    for path in content.files:
        document, root = _parse_document(path, diags)
        if isinstance(document, ServicesFile | StringsFile | Settings):
            shared_paths.add(display_path(path))
        services_found |= isinstance(document, ServicesFile)
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
            check_texts(path, document, "en-GB", diags, content.memo)
            _check_not_fictional(document.services, path, diags)
        elif isinstance(document, Settings):
            document.path = path
            if content.settings is not None:
                diags.error(path, document.line, "a second settings file (first: "
                            f"{display_path(content.settings.path)}): keep one")
            content.settings = content.settings or document
            check_texts(path, document, "en-GB", diags, content.memo)
        elif isinstance(document, StringsFile):
            if document.language in strings_files:
                diags.error(path, document.line, f"a second strings file for "
                            f"'{document.language}' (first: "
                            f"{display_path(strings_files[document.language][0])})")
            strings_files[document.language] = (path, document)
            check_texts(path, document, document.language, diags, content.memo)
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
    services_found |= content.services_broken or bool(content.broken_service_ids)
    _check_services_file_exists(content, services_found, diags, shared_paths)
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
    _mark_failures(content, diags, shared_paths)
    for edition in content.editions.values():  # measured against resources that build
        before = len(diags.errors)
        _check_edition(edition, content, diags)
        if len(diags.errors) > before:
            content.failed_editions.add(edition.id)
        elif not content.broken_languages and (fit is None or edition.id in fit):
            # measured only once the rest is sound: a missing logo or glyph says it first
            content.unfitted.append(edition.id)
    _fits_remembered(content, diags)
    if fit_editions:
        for name in list(content.unfitted):
            found = Diagnostics()
            fit_edition(content.editions[name], content, found)
            record_fit(content, name, found.items, diags)
    diags.mark_root_causes(shared_paths)
    return content, diags


def _check_edition(edition: Edition, content: ContentSet, diags: Diagnostics) -> None:
    path = edition.path
    if edition.id in RESERVED_EDITION_IDS:
        diags.error(path, edition.id.line, f"'{edition.id}' cannot be an edition id (it "
                    "names a folder or option of its own): choose another")
    if edition.logo:
        _check_picture(path, edition.logo.line, edition.logo, content.assets_dir, diags,
                       content.memo, "logo", allow_svg=True)
    check_texts(path, edition, "en-GB", diags, content.memo)
    if not edition.sample:
        _check_not_fictional(edition.services, path, diags)
    national = content.services
    edition.replaced = {s.id: national[s.id] for s in edition.services if s.id in national}
    for service in edition.services:
        if service.id in national and service.status == "unverified":
            diags.warning(path, service.line, f"'{service.id}' replaces the national entry "
                          "with details marked unverified: they will be left off")
        elif service.status == "unverified":
            diags.warning(path, service.line, f"'{service.id}' is marked unverified, so it "
                          "is left off every leaflet: check its details and set status: "
                          "verified")


def _fit_key(edition: Edition, content: ContentSet) -> str:
    """The memo key of an edition's fit: the bytes of every content file and which
    resources build (the fit reads the edition, the services, strings and settings, and
    every resource that builds)."""
    if content.files_digest is None:
        content.files_digest = text_key("content files", [], *(
            part for path in content.files for part in (str(path), file_digest(path))))
    return text_key("edition fit", [], edition.id, str(content.assets_dir),
                    os.environ.get("SOURCE_DATE_EPOCH", ""), content.files_digest,
                    *(str(resource.path) for resource in content.buildable()))


def _fits_remembered(content: ContentSet, diags: Diagnostics) -> None:
    """The editions whose fit the memo knows are not measured again."""
    for name in list(content.unfitted):
        edition = content.editions[name]
        found = Diagnostics()
        if content.memo.recall(_fit_key(edition, content), edition.path, found):
            _record_found(content, name, found.items, diags)


def fit_edition(edition: Edition, content: ContentSet, diags: Diagnostics) -> None:
    """Measure the edition's details in every fixed panel of every format."""
    check_fixed_panels(edition, content.services_for(edition), content.strings,
                       content.assets_dir, content.buildable(), diags, content.settings)


def record_fit(content: ContentSet, name: str, found: list[Diagnostic],
               diags: Diagnostics, remember: bool = True) -> None:
    """What measuring an edition found, remembered in the memo (not a worker's crash):
    its errors stop the edition."""
    if remember:
        content.memo.remember(_fit_key(content.editions[name], content), found)
    _record_found(content, name, found, diags)


def _record_found(content: ContentSet, name: str, found: list[Diagnostic],
                  diags: Diagnostics) -> None:
    content.unfitted.remove(name)
    for diagnostic in found:
        diags.add(diagnostic)
    if any(d.level == "error" for d in found):
        content.failed_editions.add(name)


def _check_not_fictional(services: list[Service], path: Path, diags: Diagnostics) -> None:
    """Made-up details may only print in a sample edition, which says so on every page."""
    for service in services:
        if service.verified_how == "fictional":
            diags.error(path, service.verified_how.line, f"'{service.id}' is marked "
                        "verified_how: fictional, but only a sample edition (sample: true) "
                        "may print made-up details: check the real ones and set "
                        "verified_how: source-site")


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
    if root is None:  # unreadable: judge by where it is
        if path.name in ("services.yaml", "services.yml"):
            kind = "services"
        elif path.relative_to(content.content_dir).parts[0] == "strings":
            kind = "strings"
        elif path.name in ("settings.yaml", "settings.yml"):
            kind = "settings"
    if kind in ("services", "strings", "settings"):
        shared_paths.add(display_path(path))
    if kind == "services":
        ids = _service_ids(root) if root is not None else set()
        content.broken_service_ids |= ids
        content.services_broken |= not ids  # nothing left to check service ids against
    if kind == "strings":
        content.broken_languages.add(declared.get("language") or path.stem)
    if kind == "edition" and declared.get("id"):
        content.failed_editions.add(declared["id"])
    resource_id = _broken_resource_id(path, declared)
    if resource_id:
        content.broken_resource_ids.add(resource_id)


# A top-level "kind: leaflet" or "id: some-id" line, read from the text of a file that
# YAML could not parse, so that --only some-id shows that file's errors.
_TOP_LEVEL_LINE = re.compile(r"""^(kind|id):[ \t]*["']?([\w-]+)["']?[ \t]*(?:#.*)?$""",
                             re.MULTILINE)


def _broken_resource_id(path: Path, declared: dict[str, str]) -> str | None:
    """The id a leaflet or poster with errors declares, even if it is not valid YAML."""
    if not declared:
        try:  # only a regular file: a pipe named .yaml must not make the build wait
            text = path.read_bytes().decode("utf-8", "replace") if (
                path.is_file() and path.stat().st_size <= MAX_FILE_BYTES) else ""
        except OSError:
            text = ""
        declared = {}
        for match in _TOP_LEVEL_LINE.finditer(text):
            declared.setdefault(match[1], match[2])
    return declared.get("id") if declared.get("kind") in RESOURCE_KINDS else None


def _check_services_file_exists(content: ContentSet, found: bool, diags: Diagnostics,
                                shared_paths: set[str]) -> None:
    """No services file at all: say so once, rather than once for every service named."""
    if found or not any(r.service_refs() for r in content.resources):
        return
    path = content.content_dir / "services.yaml"
    diags.error(path, 0, "the services directory is missing: every phone number and web "
                "address a leaflet names comes from this file; restore it (for example "
                "from the repository) with 'kind: services' on its first line")
    shared_paths.add(display_path(path))
    content.services_broken = True


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
