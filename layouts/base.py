"""What every output format shares: a name, a page size, a page limit, and a build.

The ``Layout`` class is here; its parts live in a module each (see its docstring), and
the names other modules import from here stay importable from here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from imhprint.blocks import BlockRenderer, RenderContext
from imhprint.contacts import ContactLedger, Origin, known_details
from imhprint.diagnostics import display_path
from imhprint.imprint import Imprint
from imhprint.markup import plain_text
from imhprint.model import Block, Edition, Heading, LocalServices, Resource, Service, Settings
from imhprint.profiles import DEFAULT_PROFILE, PrintProfile, cmyk_palette
from imhprint.strings import Strings
from imhprint.structure import BACK, CONTENT, NOTICE, SMALL_PRINT, StructureRecorder
from imhprint.text.direction import direction_of
from imhprint.theme import PALETTE, Fonts, PageGeometry, Palette, TypeScale, fonts_for, type_for

from .bands import TopBands
from .dates import build_epoch, format_date, source_date_epoch
from .document import LayoutOverflow
from .footer import FixedPanel, PageFooter
from .frames import BodyFrames
from .press import Box, PressSheet, grow_box, press_options_for, trim_box_for
from .rendering import PdfRendering

if TYPE_CHECKING:
    from imhprint.i18n.translate import TranslationInfo

# imported from here by the formats, the build, the web pages and the translations
__all__ = ["Box", "BuildEnv", "FixedPanel", "Layout", "LayoutOverflow", "build_epoch",
           "format_date", "grow_box", "press_options_for", "source_date_epoch", "trim_box_for"]


@dataclass(frozen=True)
class BuildEnv:
    """Shared data every layout needs, the same for all resources in a run."""

    services: dict[str, Service]
    strings: dict[str, Strings]
    assets_dir: Path
    edition: Edition | None = None  # None: the national, unbranded edition
    palette: Palette = PALETTE
    profile: PrintProfile = DEFAULT_PROFILE
    translation: TranslationInfo | None = None  # set on a translated copy's own env
    settings: Settings | None = None  # the national edition's imprint (settings.yaml)

    @property
    def imprint(self) -> Imprint:
        """Who publishes this copy, how readers give feedback, where the sources are."""
        return Imprint.of(self.edition, self.settings)

    @property
    def national_imprint(self) -> Imprint:
        """The imprint of the national copy, the one without an edition."""
        return Imprint.of(None, self.settings)

    @property
    def publisher(self) -> str | None:
        """The edition's name, or the national publisher; None without settings."""
        return self.imprint.publisher


class Layout(PdfRendering, PressSheet, TopBands, BodyFrames, PageFooter):
    """One output format. Subclasses set the class attributes and ``page_templates``.

    What every format shares is split by responsibility: rendering the PDF
    (rendering.py), the print shop's sheet (press.py), the bands across the top
    (bands.py), the body frame and foot panels (frames.py), and the footer (footer.py).
    """

    name: ClassVar[str]
    kind: ClassVar[str]
    pagesize: ClassVar[tuple[float, float]]
    max_pages: ClassVar[int]
    min_pages: ClassVar[int] = 1
    scale: ClassVar[TypeScale]
    geometry: ClassVar[PageGeometry]
    columns: ClassVar[int] = 2
    show_page_numbers: ClassVar[bool] = True
    compact_contacts: ClassVar[bool] = False
    whole_paragraphs: ClassVar[bool] = False  # never break a paragraph across columns
    side_by_side: ClassVar[bool] = True  # False: a number under its name, not beside it
    unsplit_list_items: ClassVar[int] = 8  # a list this short never splits (blocktypes.py)
    nestled_lines: ClassVar[bool] = False  # a tall family's paragraphs nestle (authortext.py)
    frame_noun: ClassVar[str] = "page"  # what one frame of this format is, in messages
    choice: ClassVar[str]  # what a resource lists to ask for this format: a4, trifold, a3...
    governance_page: ClassVar[int] = 0  # the page with the small print; 0: the last page
    # The order a reader takes the regions of the page in (structure.recording): the
    # tagged PDF's reading order, whatever order they are drawn in.
    reading_order: ClassVar[tuple[str, ...]] = (NOTICE, CONTENT, BACK, SMALL_PRINT)
    # True for sheets imposed for a press (booklet spreads): read by no one in page order
    imposed = False

    def __init__(self, resource: Resource, env: BuildEnv) -> None:
        self.resource = resource
        self.env = env
        self.fonts: Fonts = fonts_for(resource.language)
        self.scale = self.type_scale()  # Nastaliq's own
        self.strings = env.strings[resource.language]
        self.direction = direction_of(resource.language)  # mirrors the page in RTL
        self.profile = env.profile
        self.palette = cmyk_palette(env.palette) if env.profile.cmyk else env.palette
        self.frame_width = self.text_width()
        self.left_off: list[Service] = []  # local services there was no room for
        self.local_shortfall = 0.0  # how much more room one more of them needed
        self.ledger = self._new_ledger()
        # page -> where small print went, and its size (see preflight's text size check)
        self.fine_print_boxes: dict[int, list[tuple[Box, float]]] = {}
        self.recorded = StructureRecorder()  # what the last build marked, for its tags
        self.renderer = BlockRenderer(RenderContext(
            fonts=self.fonts, scale=self.scale, strings=self.strings,
            services=env.services, assets_dir=env.assets_dir,
            frame_width=self.frame_width, columns=self.columns,
            compact_contacts=self.compact_contacts, palette=self.palette,
            edition=env.edition, links=self.profile.links, cmyk=self.profile.cmyk,
            whole_paragraphs=self.whole_paragraphs, ledger=self.ledger,
            direction=self.direction,
            side_by_side=self.side_by_side, unsplit_list_items=self.unsplit_list_items,
            nestled_lines=self.nestled_lines))

    def _new_ledger(self) -> ContactLedger:
        """An empty ledger of the contact details this copy prints (see contacts.py)."""
        resource, env = self.resource, self.env
        where = self.name if env.translation is None else \
            f"{self.name} in {env.translation.language}"
        return ContactLedger(
            env.services, Origin(f"the text of '{resource.id}'", display_path(resource.path),
                                 resource.line),
            (resource.id, where), known_details(env.edition, env.imprint))

    # ---- what subclasses provide ----------------------------------------------------------

    def type_scale(self) -> TypeScale:
        """The format's sizes for this resource's language (see theme.type_for)."""
        return type_for(type(self).scale, self.resource.language)

    def text_width(self) -> float:
        """The width blocks are laid out to: the page between its side margins."""
        return self.pagesize[0] - 2 * self.geometry.margin_x

    def output_path(self) -> Path:
        """Where the PDF goes inside the output folder: the profile's folder, then the
        format's own place."""
        return Path(self.profile.folder) / self.file_path()

    def file_path(self) -> Path:
        """The format's own place, with a translation's language before '.pdf', so each
        language sits beside the English: posters/ID-a4.pdf, posters/ID-a4.pl.pdf."""
        path = self.relative_path()
        translation = self.env.translation
        if translation is None:
            return path
        return path.with_name(f"{path.stem}.{translation.language}{path.suffix}")

    def relative_path(self) -> Path:
        raise NotImplementedError

    def page_templates(self) -> list[Any]:
        raise NotImplementedError

    def blocks(self) -> list[Block]:
        """The resource's blocks for this format (a block may list its ``formats``)."""
        return self.resource.blocks_in(self.choice)

    def story(self) -> list[Any]:
        return self.renderer.story(self.blocks())

    # ---- shared -----------------------------------------------------------------------------

    def publisher(self) -> str:
        """Who stands behind this copy: the edition's organisation, or the national
        publisher in the settings; without settings, the content's owner."""
        return self.env.publisher or self.resource.owner

    def reading_landmarks(self) -> list[str]:
        """Headings a screen reader must meet in this order (preflight checks them): the
        title, then each heading block."""
        return [plain_text(self.resource.title),
                *(plain_text(b.text) for b in self.blocks() if isinstance(b, Heading))]

    def keywords(self) -> list[str]:
        headings = [plain_text(b.text) for b in self.blocks() if isinstance(b, Heading)]
        return [self.resource.title, *headings]

    # ---- an edition's local services, and small print's place --------------------------------

    def local_services(self) -> list[Service]:
        """What the resource's local services section lists: each service of the edition
        it can print and does not already show as a card or in the hub panel. Posters leave
        the section out.
        """
        edition = self.env.edition
        if edition is None or self.compact_contacts or not any(
                isinstance(block, LocalServices) for block in self.resource.blocks):
            return []
        shown = set(self.resource.card_refs())
        return [s for s in edition.services if s.printable and s.id not in shown
                and not self.renderer.in_hub_panel(s)]

    def _note_fine_print(self, page: int, boxes: list[Box], size: float) -> None:
        """Remember where small print of ``size`` was drawn (in the PDF's own
        coordinates): preflight holds text there to that size, not the format's minimum."""
        offset = self.profile.mark_offset
        self.fine_print_boxes.setdefault(page, []).extend(
            ((x0 + offset, y0 + offset, x1 + offset, y1 + offset), size)
            for x0, y0, x1, y1 in boxes)
