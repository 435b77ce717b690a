"""Stage 4 (office builds): a web version of every resource built, and the catalogue.

For each edition folder the build writes, beside the PDFs:

    web/ID.html, web/ID.LANG.html    a page per resource and language (page.html.j2)
    web/theme.css, site.css          colours and sizes from the theme, and the layout
    web/fonts/FAMILY/...             the fonts the pages use, each with its licence
    web/catalogue.json               what the catalogue lists (kept between builds)
    web/thumbnails/leaflets/ID.png   a picture of each resource's first page
    index.html                       the catalogue of that folder

and ``output/index.html`` lists every folder's resources, national and editions.
Nothing on a page is fetched from the internet, so a folder works from a USB stick.
A resource whose PDFs were not written this time (an error) keeps its last good page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from layouts.base import BuildEnv

from ..cache import Manifest, job_key, service_digest
from ..diagnostics import Diagnostics
from ..i18n.dates import language_name, month_year
from ..i18n.translate import LanguageCopy
from ..imprint import short_address
from ..markup import plain_text
from ..preflight import ResourceReport
from ..theme import ANDIKA, PALETTE, Palette, direction_for, family_for, hex_of, script_for
from ..writer import Writer, write_failure
from .css import all_families, font_folder, theme_css
from .inline import pieces
from .page import page_font, page_name, web_page
from .svgicons import favicon_svg, icon_svg

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..jobs import Thumbnail

STATIC = Path(__file__).resolve().parent / "static"
WRITE_FAILURE = "cannot write "  # how every message of writer.write_failure begins
CATALOGUE_DATA = PurePosixPath("web/catalogue.json")
# Thumbnails go under web/, not beside the PDFs: the PDF folders hold only what is
# printed or sent to a print shop.
THUMBNAILS = PurePosixPath("web/thumbnails")
FORMAT_LABELS = {"leaflet-a4": "A4 leaflet", "leaflet-trifold": "DL tri-fold",
                 "leaflet-large-print": "Large print leaflet", "leaflet-booklet": "A5 booklet",
                 "poster-a4": "A4 poster", "poster-a3": "A3 poster", "poster-a2": "A2 poster"}
# In the catalogue the kind is said already: "Poster · English", then "PDF to print: A4 A3".
SHORT_FORMAT_LABELS = {"leaflet-a4": "A4", "leaflet-trifold": "DL tri-fold",
                       "leaflet-large-print": "Large print", "leaflet-booklet": "A5 booklet",
                       "poster-a4": "A4", "poster-a3": "A3", "poster-a2": "A2"}
KIND_LABELS = {"leaflet": "Leaflet", "poster": "Poster"}
PREFLIGHT_LABELS = {"ok": "ok", "warnings": "warnings", "errors": "errors"}


_COMPILED: list[Path] = []  # where compiled templates are kept (keep_compiled_templates)


def keep_compiled_templates(folder: Path) -> None:
    """Keep the templates compiled in ``folder`` (the build's cache): compiling them
    takes a fresh process longer than rendering a page. Jinja2 checks each against its
    template's source, so an edited template is compiled again."""
    _COMPILED[:] = [folder]
    templates.cache_clear()


@cache
def templates() -> Environment:
    """Jinja2, escaping every value it prints (author text is never escaped by hand)."""
    # imported here: a build whose pages are all up to date renders none
    from jinja2 import (
        Environment,
        FileSystemBytecodeCache,
        PackageLoader,
        StrictUndefined,
        select_autoescape,
    )

    class CompiledTemplates(FileSystemBytecodeCache):
        """A damaged, half-written or unwritable file (two builds at once, a full disk)
        only means compiling the template again."""

        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # whatever is wrong with the file, compile afresh
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    compiled = None
    if _COMPILED:
        with contextlib.suppress(OSError):  # without it, pages are only slower to start
            _COMPILED[0].mkdir(parents=True, exist_ok=True)
            compiled = CompiledTemplates(str(_COMPILED[0]))
    env = Environment(loader=PackageLoader("imhprint.web", "templates"),
                      bytecode_cache=compiled,
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(pieces=pieces, plain=plain_text, short_address=short_address, id=id)
    return env


def _icon_for(palette: Palette) -> Callable[[str, str, str], Markup]:
    """The templates' icon(name, fg, bg), fg and bg named as the palette's colours."""
    def icon(name: str, fg: str, bg: str) -> Markup:
        return icon_svg(name, hex_of(getattr(palette, fg)), hex_of(getattr(palette, bg)))
    return icon


def human_size(size: int) -> str:
    """A file size as a hub worker reads it: 412 KB, 1.2 MB."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


@dataclass
class WebWork:
    """One copy of a resource the build laid out, with its preflight report."""

    copy: LanguageCopy
    report: ResourceReport
    key: str | None = None  # the hash of what its page is made from (see SiteWriter)

    @property
    def publishable(self) -> bool:
        """Whether its web page may be (re)written: its words have no error of their own
        (a review date passed, a bad translation). A format that does not fit its sheet
        is a problem of that PDF only; a file with errors is never laid out at all, so
        its last good page stays."""
        return not self.report.blocked


class SiteWriter:
    """Writes one edition folder's web pages and catalogue data."""

    def __init__(self, folder: Path, env: BuildEnv, diags: Diagnostics,
                 manifest: Manifest | None = None, force: bool = False,
                 thumbnails: dict[str, Thumbnail] | None = None) -> None:
        # bytes are compared before writing, so an unchanged file keeps its date
        self.folder = folder
        # first pages the workers drew, by PDF (used only for the very file written)
        self.made_thumbnails = thumbnails or {}
        self.env = env
        self.diags = diags
        # with a manifest (cache.py), a page whose key is that of the file there now
        # is not even made again: a no-op build renders no page
        self.manifest = manifest
        self.force = force  # make every page again (and record it)
        self._services_keys: dict[int, str] = {}
        self.writer = Writer(folder)
        self.fonts_used: set[str] = set()
        self.failed = False  # a folder that takes no file takes none: say so once

    # ---- files -------------------------------------------------------------------------
    def put(self, relative: str | PurePosixPath, data: bytes) -> None:
        """Write a file unless it already holds exactly these bytes (a rebuild that
        changes nothing touches nothing)."""
        target = self.folder / relative
        if self.failed:
            return
        try:
            if target.is_file() and target.read_bytes() == data:
                return
            self.writer.write(target, data)
        except OSError as exc:
            self.failed = True
            self.diags.error(self.folder, 0, write_failure(f"the web pages ({relative})", exc))

    def copy_file(self, source: Path, relative: str) -> None:
        try:
            data = source.read_bytes()
        except OSError as exc:
            self.diags.error(source, 0, f"cannot read {source.name} for the web pages: "
                             f"{exc.strerror}")
            return
        self.put(relative, data)

    # ---- the pages ------------------------------------------------------------------------
    def write(self, work: list[WebWork]) -> None:
        if output_unwritable(self.diags):
            return
        self.previous = {(e["id"], e["language"]): e
                         for e in read_catalogue(self.folder).get("entries", [])}
        entries = {}
        for item in work:
            entry_key = (str(item.copy.resource.id), str(item.copy.resource.language))
            if item.publishable:
                self.write_page(item)
            entries[entry_key] = self.entry(item)
        self.write_assets()
        self.update_catalogue(entries)

    def write_page(self, item: WebWork) -> None:
        resource, env = item.copy.resource, item.copy.env
        own = item.copy.translation is None
        name = page_name(resource.id, resource.language, own)
        pdfs = [(FORMAT_LABELS.get(o.format, o.format) + " PDF", f"../{o.file}")
                for o in item.report.outputs if (self.folder / o.file).is_file()]
        images = {}
        for block in resource.blocks:
            src = getattr(block, "src", None)
            if src:
                self.copy_file(env.assets_dir / src, f"web/images/{src}")
                images[src] = f"images/{src}"
        logo = None
        if env.edition is not None and env.edition.logo:
            self.copy_file(env.assets_dir / env.edition.logo, f"web/images/{env.edition.logo}")
            logo = f"images/{env.edition.logo}"
        self.fonts_used.add(page_font(str(resource.language)))
        key = None if item.key is None else job_key(item.key, repr(pdfs), repr(images),
                                                    str(logo), self._services_key(env))
        target = self.folder / name
        if self.manifest is not None and key is not None and not self.force \
                and not self.failed and self.manifest.fresh(target, key, {}):
            return
        page = web_page(resource, env, pdfs, logo)
        html = templates().get_template("page.html.j2").render(
            page=page, lang=page.language, dir=page.direction, font=page.font, root="",
            images=images, icon=_icon_for(env.palette), skip_text=_skip_text(page.language))
        self.put(name, html.encode("utf-8"))
        if self.manifest is not None and key is not None and target.is_file():
            self.manifest.record(target, key, 0, [], {}, {})

    def _services_key(self, env: BuildEnv) -> str:
        """Every service the copy could print, as a page may show any of them."""
        if id(env) not in self._services_keys:
            self._services_keys[id(env)] = job_key(*(
                f"{sid}={service_digest(env.services[sid])}" for sid in sorted(env.services)))
        return self._services_keys[id(env)]

    def entry(self, item: WebWork) -> dict[str, object]:
        """What the catalogue says about one copy: from this build's preflight, and the
        files on disk (the last good PDFs and page, if this build could not write them)."""
        resource, report = item.copy.resource, item.report
        own = item.copy.translation is None
        language = str(resource.language)
        formats = []
        thumbnail, thumbnail_size, thumbnail_of = None, None, None
        for output in report.outputs:
            path = self.folder / output.file
            exists = path.is_file()
            formats.append({"format": output.format.split("-", 1)[-1],
                            "label": SHORT_FORMAT_LABELS.get(output.format, output.format),
                            "href": output.file if exists else None,
                            "size": human_size(path.stat().st_size) if exists else None})
            if exists and thumbnail is None:
                thumbnail, thumbnail_size, thumbnail_of = self.thumbnail(
                    output.file, self.previous.get((str(resource.id), language), {}))
        web = page_name(resource.id, language, own)
        levels = {finding.level for finding in report.all_findings()}
        state = "errors" if "error" in levels else "warnings" if "warning" in levels else "ok"
        translation = item.copy.translation
        return {
            "id": str(resource.id), "kind": str(resource.kind), "language": language,
            "title": plain_text(resource.title), "formats": formats,
            "web": web if (self.folder / web).is_file() else None,
            "thumbnail": thumbnail, "thumbnail_size": thumbnail_size,
            "thumbnail_of": thumbnail_of,
            "preflight": state, "next_review": resource.next_review.isoformat(),
            "translation_state": translation.state if translation and not translation.checked
            else None,
        }

    def thumbnail(self, pdf: str, previous: dict[str, Any]
                  ) -> tuple[str | None, list[int] | None, str | None]:
        """The first page's picture (web/thumbnails/leaflets/ID.png), its size, and the
        PDF's SHA-256 it was made from: remade only when the PDF's bytes changed."""
        relative = str(THUMBNAILS / PurePosixPath(pdf).with_suffix(".png"))
        try:
            digest = hashlib.sha256((self.folder / pdf).read_bytes()).hexdigest()
            if (previous.get("thumbnail") == relative and previous.get("thumbnail_of") == digest
                    and (self.folder / relative).is_file()):
                return relative, previous["thumbnail_size"], digest
            made = self.made_thumbnails.get(pdf)
            if made is not None and made.pdf_sha256 == digest:
                data, size = made.png, made.size
            else:
                from .thumbnails import thumbnail_png  # pdfium: only for a PDF that changed

                data, size = thumbnail_png(self.folder / pdf)
        except Exception as exc:  # pdfium cannot read it: the catalogue goes without
            self.diags.warning(self.folder / pdf, 0, f"no thumbnail for the catalogue: {exc}")
            return None, None, None
        self.put(relative, data)
        return relative, list(size), digest

    def write_assets(self) -> None:
        """The stylesheets and script, and the fonts the pages use with their licences."""
        self.put("web/theme.css", theme_css(self.env.palette).encode("utf-8"))
        self.put("web/favicon.svg", favicon_svg(self.env.palette).encode("utf-8"))
        for name in ("site.css", "catalogue.js"):
            self.copy_file(STATIC / name, f"web/{name}")
        families = {family.name: family for family in all_families()}
        used = {ANDIKA.name, *self.fonts_used} | _fonts_on_disk(self.folder)
        for name in sorted(used & set(families)):
            family = families[name]
            folder = f"web/fonts/{font_folder(family)}"
            for path in (family.regular, family.bold, family.regular.parent / "OFL.txt"):
                self.copy_file(path, f"{folder}/{path.name}")

    # ---- catalogue data -----------------------------------------------------------------------
    def update_catalogue(self, entries: dict[tuple[str, str], dict[str, object]]) -> None:
        """catalogue.json: this build's entries, and those of resources it did not build
        (with --only or --language) kept from the last build."""
        old = read_catalogue(self.folder)
        merged = {(e["id"], e["language"]): e for e in old.get("entries", [])}
        merged.update(entries)
        edition = self.env.edition
        data = {"edition": edition.id if edition else "",
                "edition_name": edition.name if edition else "National",
                "entries": [merged[key] for key in sorted(merged)]}
        self.put(CATALOGUE_DATA, catalogue_bytes(data))


def catalogue_bytes(data: dict[str, Any]) -> bytes:
    """catalogue.json as written: the same data always gives the same bytes."""
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def output_unwritable(diags: Diagnostics) -> bool:
    """Whether the build could not write to the output folder (a full disk, a file in
    the way): that is said once, for the PDFs, and the web pages are not tried."""
    return any(d.message.startswith(WRITE_FAILURE) for d in diags.errors)


def _fonts_on_disk(folder: Path) -> set[str]:
    """Families an earlier build's pages use here: their fonts stay up to date too."""
    fonts = folder / "web" / "fonts"
    if not fonts.is_dir():
        return set()
    present = {path.name for path in fonts.iterdir()}
    return {family.name for family in all_families() if font_folder(family) in present}


def _language_label(language: str) -> str:
    """English for en-GB (the region says nothing to a reader choosing a leaflet)."""
    parts = language.split("-")
    region_only = len(parts) == 2 and len(parts[1]) == 2
    return language_name(parts[0] if region_only else language)


def _skip_text(language: str) -> str:
    """The skip link's words, in English only: the strings files have no such key yet,
    and the page's landmarks let any reader's tools skip to the content anyway."""
    return "Skip to the content" if language.startswith("en") else ""


def read_catalogue(folder: Path) -> dict[str, Any]:
    """A folder's catalogue data from its last build; empty if it has none."""
    path = folder / CATALOGUE_DATA
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# ---- the catalogue pages ----------------------------------------------------------------------

def _facet(name: str, label: str, values: Iterable[tuple[str, str]]) -> dict[str, object]:
    return {"name": name, "label": label, "options": sorted(set(values), key=lambda v: v[1])}


def catalogue_html(folders: list[tuple[str, dict[str, Any]]], heading: str) -> str:
    """The catalogue page of some folders' catalogue data, each given with where it is
    from the page ("" for the page's own folder, "riverside/" for an edition's)."""
    entries = []
    for prefix, data in folders:
        edition_label = data.get("edition_name", "")
        for e in data.get("entries", []):
            language = e["language"]
            script = script_for(language)
            family = family_for(script, language) if script else None
            entries.append({
                **e,
                "edition": data.get("edition") or "national",
                "edition_label": edition_label if len(folders) > 1 or data.get("edition")
                else "",
                "kind_label": KIND_LABELS.get(e["kind"], e["kind"]),
                "language_label": _language_label(language),
                "direction": direction_for(language),
                "font": family.name if family else "Andika",
                "title_plain": e["title"],
                "preflight_label": PREFLIGHT_LABELS.get(e["preflight"], e["preflight"]),
                "next_review_label": month_year(dt.date.fromisoformat(e["next_review"]),
                                                "en-GB"),
                "web": prefix + e["web"] if e.get("web") else None,
                "thumbnail": prefix + e["thumbnail"] if e.get("thumbnail") else None,
                "formats": [{**f, "href": prefix + f["href"] if f.get("href") else None}
                            for f in e["formats"]],
            })
    facets = [
        _facet("kind", "Kind", ((e["kind"], e["kind_label"]) for e in entries)),
        _facet("language", "Language", ((e["language"], e["language_label"]) for e in entries)),
        _facet("format", "Format", ((f["format"], f["label"])
                                    for e in entries for f in e["formats"])),
    ]
    if len(folders) > 1:
        facets.append(_facet("edition", "Edition", ((e["edition"], e["edition_label"])
                                                    for e in entries)))
    facets = [facet for facet in facets if len(facet["options"]) > 1]
    footer = ["Each web version and PDF says who publishes it, when it was last reviewed "
              "and where its facts come from.",
              "Preflight: the build's own checks before printing (ok, warnings or errors)."]
    return templates().get_template("catalogue.html.j2").render(
        entries=entries, facets=facets, heading=heading, footer=footer, lang="en-GB",
        dir="ltr", font="Andika", root="web/", icon=_icon_for(PALETTE),
        skip_text=_skip_text("en"))


def write_catalogues(output_dir: Path, diags: Diagnostics, manifest: Manifest | None = None,
                     tool: str = "", force: bool = False) -> None:
    """index.html in each folder with catalogue data, and output/index.html of them all.

    With a manifest (and ``tool``, the build's fingerprint), a page whose data is as when
    it was written is not rendered again (unless ``force``)."""
    if output_unwritable(diags):
        return

    def catalogue_page(target: Path, folders: list[tuple[str, dict[str, Any]]],
                       heading: str) -> None:
        key = job_key("catalogue", tool, heading, json.dumps(folders, sort_keys=True))
        if manifest is not None and not force and manifest.fresh(target, key, {}):
            return
        _put(target, catalogue_html(folders, heading), diags)
        if manifest is not None and target.is_file():
            manifest.record(target, key, 0, [], {}, {})

    national = read_catalogue(output_dir)
    editions = sorted(path.parent.parent for path in output_dir.glob(f"*/{CATALOGUE_DATA}"))
    folders = [("", national)] if national else []
    for folder in editions:
        data = read_catalogue(folder)
        if not data:
            continue
        folders.append((f"{folder.name}/", data))
        catalogue_page(folder / "index.html", [("", data)],
                       f"Leaflets and posters: {data['edition_name']}")
    if folders:
        if not national:  # the top page needs the shared stylesheets of its own
            source = output_dir / folders[0][0] / "web"
            for name in ("theme.css", "site.css", "catalogue.js", "favicon.svg"):
                if (source / name).is_file():
                    _put(output_dir / "web" / name, (source / name).read_text("utf-8"), diags)
            for font in sorted((source / "fonts").rglob("*")):
                if font.is_file():  # compared before writing, as every page is
                    _put_bytes(output_dir / "web" / font.relative_to(source),
                               font.read_bytes(), diags)
        catalogue_page(output_dir / "index.html", folders, "Leaflets and posters for families")


def _put(target: Path, text: str, diags: Diagnostics) -> None:
    _put_bytes(target, text.encode("utf-8"), diags)


def _put_bytes(target: Path, data: bytes, diags: Diagnostics) -> None:
    try:
        if target.is_file() and target.read_bytes() == data:
            return
        Writer(target.parent).write(target, data)
    except OSError as exc:
        diags.error(target.parent, 0, write_failure(target.name, exc))
