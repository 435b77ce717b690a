"""Contact and hub panels: service cards, the family hub panel and band, the useful
numbers panel, and an edition's local services.

A mixin of the block renderer (``blocks.BlockRenderer``): these methods use its styles,
paragraph helper and boxes, and the layouts call them through the renderer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table
from reportlab.platypus import Paragraph as ParagraphFlowable

from .contacts import HOURS, TEXT, Origin
from .flowables import BoxStyle, FitToWidth, Panel
from .icons import IconFlowable
from .imprint import short_address
from .model import Hub, LocalServices, Service
from .structure import StructureBuilder
from .text import ShapedParagraph


def is_phone_number(text: str) -> bool:
    return bool(text) and all(ch.isdigit() or ch == " " for ch in text)


def unbreakable(number: str) -> str:
    """A phone number whose digit groups never wrap onto separate lines."""
    return number.replace(" ", "\u00a0")


def _widest(paragraphs: list[Flowable], words: bool) -> float:
    """The width of the widest text, or of the widest word (what cannot wrap), in points.
    A phone number is one word: its spaces do not break. Each paragraph is measured by
    its own kind: a column may mix shaped text (a translation) with Latin text (an
    edition's own details, a phone number)."""
    return max(_width(paragraph, words) for paragraph in paragraphs)


def _width(paragraph: Flowable, words: bool) -> float:
    if isinstance(paragraph, ShapedParagraph):  # shaped widths, not Latin metrics
        return paragraph.minWidth() if words else paragraph.natural_width()
    style, text = paragraph.style, paragraph.getPlainText()
    parts = text.split(" ") if words else [text]
    return max(stringWidth(part, style.fontName, style.fontSize) for part in parts)


def _lines(paragraph: ParagraphFlowable, width: float) -> int:
    """How many lines a paragraph takes at ``width``."""
    if isinstance(paragraph, ShapedParagraph):
        return len(paragraph.lines(width))
    paragraph.wrap(width, 10_000)
    if isinstance(paragraph, ShapedParagraph):
        return len(paragraph.lines(width))
    return len(paragraph.blPara.lines)


def name_beside_number(name: str, number: str) -> str:
    """A service's name for a row with its number beside it, so the number prints once:
    "Emergency: 999" becomes "Emergency", "NHS 111" becomes "NHS" (the row still reads
    "NHS 111"); a name with the number elsewhere in it loses the number there."""
    if not is_phone_number(number):
        return name
    digits = r"\s*".join(re.escape(d) for d in number if d.isdigit())
    found = re.search(rf"(?<!\d){digits}(?!\d)", name)
    if found is None:
        return name
    before, after = name[:found.start()], name[found.end():]
    return " ".join(part for part in (before.strip(" :-\u2013\u2014,"),
                                      after.strip(" :-\u2013\u2014,")) if part)


MAX_KEY_NUMBERS = 4  # the back-page panel has a fixed place and size
MAX_NAME_LINES = 2  # a name beside its number; longer, the number goes under the name
CELL_PADDING = 4  # points between a name and its number
MAX_LOCAL_KEY_NUMBERS = 1


@dataclass(frozen=True)
class LocalFit:
    """How a local services section is laid out: as cards like any contacts block, or as
    a compact list in one box, and which services (in the edition's order) it holds."""

    form: str  # "cards" or "list"
    services: tuple[Service, ...]


class ContactPanels:
    """Service cards and the panels built from an edition's details.

    Mixed into ``BlockRenderer``, whose ``ctx``, ``styles``, ``palette``, ``para`` and
    box helpers these methods use, and whose ``printing_for`` tells the contact ledger
    whose details a card or row prints.
    """

    local_fit: LocalFit | None = None  # set by the layout; None: the section prints nothing
    structure: StructureBuilder  # the renderer's: cards and panels are groups in it

    def printable_services(self, ids: list[str]) -> list[Service]:
        """The services to print, local ones first, leaving out unverified entries."""
        services = [self.ctx.services[i] for i in ids if i in self.ctx.services]
        printable = [s for s in services if s.printable]
        return sorted(printable, key=lambda s: s.area != "local")

    def key_services(self, ids: list[str]) -> list[Service]:
        """The services for a 'useful numbers' panel: an edition's local ones first."""
        shown = self._hub_phones()  # already in the hub panel beside it
        local = [s.id for s in self.ctx.edition.services
                 if s.area == "local" and s.phone and s.phone not in shown
                 and s.printable][:MAX_LOCAL_KEY_NUMBERS] if self.ctx.edition else []
        chosen = list(dict.fromkeys([*local, *ids]))
        return [s for s in self.printable_services(chosen)
                if (s.phone or s.text) and s.phone not in shown][:MAX_KEY_NUMBERS]

    def contact_card(self, service: Service) -> Panel:
        with self.printing_for(Origin.of_service(service)), self.structure.group("Sect"):
            return self._contact_card(service)

    def _contact_card(self, service: Service) -> Panel:
        s, strings = self.styles, self.ctx.strings
        content: list[Flowable] = [self.para(service.name, s.card_title)]
        if service.phone:
            content.append(self.para(f"{strings['call']} {unbreakable(service.phone)}",
                                     s.phone))
        if service.text:
            with self.printing_for(self._printing[0], TEXT):
                content.append(self.para(service.text, s.phone))
        if self.ctx.compact_contacts:  # posters: what it is for, else when it is open
            if service.purpose:
                content.append(self.para(service.purpose, s.card_text))
            elif service.hours:
                self._note_detail(HOURS, service.hours)
                content.append(self.para(service.hours, s.card_text))
            return Panel(self.nestled(content), self._card_box(self.palette.accent_tint),
                         direction=self.direction)
        content.append(self.para(service.offers, s.card_text))
        if service.hours:
            self._note_detail(HOURS, service.hours)
            content.append(self.para(f"**{strings['hours_label']}** {service.hours}",
                                     s.card_text))
        if service.website:
            content.append(self.para(f"**{strings['web_label']}** "
                                     f"{short_address(service.website)}", s.card_text))
        if service.email:
            content.append(self.para(f"**{strings['email_label']}** {service.email}",
                                     s.card_text))
        if service.note:
            content.append(self.para(service.note, s.card_text))
        if service.is_local_placeholder:
            content.append(self._write_in(strings["local_details"]))
        return Panel(content, self._card_box(self.palette.accent_tint),
                     direction=self.direction)

    def hub_panel(self) -> Panel:
        """The 'your family hub' panel: the edition's details, or lines to write on."""
        with self.structure.group("Sect"):
            return self._hub_panel()

    def _hub_panel(self) -> Panel:
        s, strings, edition = self.styles, self.ctx.strings, self.ctx.edition
        heading: Flowable = self.para(self.hub_heading(), s.card_title)
        if edition is None:
            content = [heading, self.para(strings["hub_write_in"], s.card_text),
                       self._write_in(strings["hub_name_label"]),
                       self._write_in(strings["hub_phone_label"]),
                       self._write_in(strings["hub_times_label"])]
        else:
            if edition.logo:
                heading = self._beside(heading, self._logo(edition.logo))
            content = [heading]
            if edition.panel_text:
                content.append(self.para(edition.panel_text, s.card_text))
            if edition.hubs:  # a county: each hub's number, then where to find more
                content.append(self._name_number_table(
                    [(hub.name, hub.phone or "", None) for hub in edition.hubs]))
                if edition.website:
                    content.append(self.para(short_address(edition.website), s.card_text))
            else:
                content += self._hub_lines(edition.main_hub)
        return Panel(content, BoxStyle(border=self.palette.accent, radius=self.ctx.scale
                                       .corner_radius, padding=self.ctx.scale.padding),
                     direction=self.direction)

    def hub_band(self) -> Panel:
        """The hub panel as one wide band of fixed height, for posters."""
        with self.structure.group("Sect"):
            return self._hub_band()

    def _hub_band(self) -> Panel:
        s, strings, edition = self.styles, self.ctx.strings, self.ctx.edition
        if edition is None:
            content: list[Flowable] = [self._write_in(f"{self.hub_heading()}:")]
        else:
            reach = [f"{strings['call']} {unbreakable(edition.phone)}"]
            if edition.website:
                reach.append(short_address(edition.website))
            content = [self.para(f"**{edition.name}**", s.body),
                       self.para(" \u00b7 ".join(reach), s.body)]
        return Panel(self.nestled(content), self._band_box(), direction=self.direction)

    def hub_band_room(self, width: float) -> float:
        """The band's height with the two lines it is made for: a name and a number."""
        one_line = self.para("x", self.styles.body)
        return Panel([one_line, one_line], self._band_box()).wrap(width, 10_000)[1]

    def _band_box(self) -> BoxStyle:
        two_lines = 2 * self.styles.body.leading
        return BoxStyle(border=self.palette.accent, radius=self.ctx.scale.corner_radius,
                        padding=self.ctx.scale.padding * 0.7, icon="home",
                        icon_color=self.palette.accent, icon_size=two_lines)

    def hub_heading(self) -> str:
        edition = self.ctx.edition
        return edition.panel_heading if edition and edition.panel_heading \
            else self.ctx.strings["hub_heading"]

    def _hub_lines(self, hub: Hub) -> list[Flowable]:
        s, strings = self.styles, self.ctx.strings
        lines = [self.para(f"**{hub.name}**", s.card_text)]
        if hub.address:
            lines.append(self.para(hub.address, s.card_text))
        if hub.phone:
            lines.append(self.para(f"{strings['call']} {unbreakable(hub.phone)}", s.phone))
        if hub.opening_times:
            self._note_detail(HOURS, hub.opening_times)
            lines.append(self.para(f"**{strings['hours_label']}** {hub.opening_times}",
                                   s.card_text))
        if hub.website or hub.email:
            lines.append(self.para(short_address(hub.website) if hub.website else
                                   hub.email, s.card_text))
        return lines

    def in_hub_panel(self, service: Service) -> bool:
        """Whether the hub panel already gives this service's number (an edition's own
        hub): then no card or list repeats it, and the room goes to other services."""
        return bool(service.phone) and service.phone in self._hub_phones()

    def _hub_phones(self) -> set[str]:
        edition = self.ctx.edition
        if edition is None:
            return set()
        hubs = edition.hubs or [edition.main_hub]
        return {hub.phone for hub in hubs if hub.phone}

    def _name_number_table(self, rows: list[tuple[str, str, Origin | None]]) -> Flowable:
        """Names beside their numbers, the columns split to suit the width given; each
        row's origin (a service, or None for the hub's own) is for the contact ledger."""
        group = self.structure.current  # the rows are made later, when the width is known

        def make(width: float) -> Table:
            with self.structure.within(group):
                return self._name_number_rows(rows, width)

        return FitToWidth(make)

    def _name_number_rows(self, rows: list[tuple[str, str, Origin | None]],
                          width: float) -> Table:
        s = self.styles
        cells = []
        for name, number, origin in rows:
            with self.printing_for(origin, None if is_phone_number(number) else TEXT):
                cells.append([self.para(name, s.card_text),
                              self.para(unbreakable(number) if is_phone_number(number)
                                        else number, s.number)])
        # A text instruction ("Text SHOUT to 85258") goes under its name across the whole
        # row, where it wraps less; only phone numbers stand in the number column.
        beside = [cells[i] for i, (_, number, _) in enumerate(rows)
                  if is_phone_number(number)]
        number_width = self._number_column(beside, width) if beside else 0.0
        if not self.ctx.side_by_side:  # large print: each number under its name
            number_width = None
        if number_width is None:  # too narrow to keep names to two lines: number below
            data, widths = [[cell] for row in cells for cell in row], [width]
            rules = [("LINEBELOW", (0, row), (-1, row), 0.5, self.palette.accent_mid)
                     for row in range(1, 2 * len(rows) - 1, 2)]
        else:
            spans = [i for i, (_, number, _) in enumerate(rows) if not is_phone_number(number)]
            for index in spans:
                cells[index] = [list(cells[index]), ""]
            data, widths = cells, [width - number_width, number_width]
            rules = [("LINEBELOW", (0, 0), (-1, -2), 0.5, self.palette.accent_mid),
                     *[("SPAN", (0, i), (1, i)) for i in spans]]
        table = self.direction.table(data, widths, [
            *self._table_font(),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            *rules,
        ])
        return table

    @staticmethod
    def _number_column(cells: list[list[ParagraphFlowable]], width: float) -> float | None:
        """The width of the number column that keeps every row to the fewest lines (and
        then gives the names the most room), or None if a name would still need more than
        two lines. A phone number never wraps; a text instruction may, like a name."""
        names, numbers = [row[0] for row in cells], [row[1] for row in cells]
        narrowest = _widest(numbers, words=True) + CELL_PADDING + 1
        widest_needed = _widest(numbers, words=False) + CELL_PADDING + 1
        room_for_names = width - _widest(names, words=True) - CELL_PADDING - 1
        best: tuple[tuple[int, int], float] | None = None
        candidate = narrowest
        while candidate <= max(narrowest, min(widest_needed, room_for_names)):
            lines = [max(_lines(name, width - candidate - CELL_PADDING),
                         _lines(number, candidate - CELL_PADDING))
                     for name, number in cells]
            score = (max(lines), sum(lines))
            if best is None or score < best[0]:
                best = (score, candidate)
            candidate += 2
        if best is None or best[0][0] > MAX_NAME_LINES:
            return None
        return best[1]

    def key_numbers_panel(self, ids: list[str]) -> Panel:
        """The useful numbers panel (see ``_key_numbers_panel``), one card to read."""
        with self.structure.group("Sect"):
            return self._key_numbers_panel(ids)

    def _key_numbers_panel(self, ids: list[str]) -> Panel:
        """Names and numbers, one service a row, for the fixed back-page panel. The phone
        icon sits beside the heading, so the names have the panel's whole width; a name that
        holds its own number ("NHS 111") is printed without it, as the number is beside it."""
        rows = []
        for service in self.key_services(ids):
            number = service.phone or service.text or ""
            rows.append((name_beside_number(service.name, number), number,
                         Origin.of_service(service)))
        heading = self.para(self.ctx.strings["key_numbers_heading"], self.styles.card_title)
        size = self.ctx.scale.icon * 0.8
        icon = IconFlowable("phone", size, self.palette.accent, self.palette.accent_tint)
        content: list[Flowable] = [
            self._row(icon, heading, [size + self.ctx.scale.padding * 0.6, None])]
        if rows:
            content.append(self._name_number_table(rows))
        return Panel(content, BoxStyle(background=self.palette.accent_tint,
                                       radius=self.ctx.scale.corner_radius,
                                       padding=self.ctx.scale.padding),
                     direction=self.direction)


    # ---- an edition's local services --------------------------------------------------------

    def _local_services(self, block: LocalServices) -> list[Flowable]:
        """The section the layout has room for: a heading, then the services as cards or
        a list; nothing at all when there are none to show (the national copy)."""
        fit = self.local_fit
        if fit is None or not fit.services:
            return []
        text = block.heading or self.ctx.strings["local_support_heading"]
        heading = self._heading_flowable(text, self.styles.heading)
        heading.keepWithNext = 1
        if fit.form == "cards":
            return [heading, *self._grid([self.contact_card(s) for s in fit.services])]
        return [heading, self._local_list(list(fit.services))]

    def _local_list(self, services: list[Service]) -> Panel:
        """Services one under another in a single tinted box, for a page short of room:
        each service's name with its number beside it, what it offers, then when and
        where to find it on one line; thin lines between them."""
        rows = []
        for service in services:
            with self.printing_for(Origin.of_service(service)):
                rows += self._local_list_rows(service)
        number_width = _widest([row[1] for row in rows[::2]], words=False) + 8
        pad = self.ctx.scale.gap * 0.5
        table = self.direction.table(rows, [None, number_width], [
            *self._table_font(),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            *[("SPAN", (0, i), (1, i)) for i in range(1, len(rows), 2)],
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            *[("TOPPADDING", (0, i), (-1, i), pad) for i in range(2, len(rows), 2)],
            *[("BOTTOMPADDING", (0, i), (-1, i), pad) for i in range(1, len(rows) - 1, 2)],
            *[("LINEBELOW", (0, i), (-1, i), 0.5, self.palette.accent_mid)
              for i in range(1, len(rows) - 1, 2)],
        ])
        return Panel([table], self._card_box(self.palette.accent_tint),
                     space_after=self.ctx.scale.gap * 1.4, direction=self.direction)

    def _local_list_rows(self, service: Service) -> list[list[Flowable | str]]:
        """One service of the list: its name and number, then the rest under them."""
        s, strings = self.styles, self.ctx.strings
        if service.phone:
            number = self.para(f"{strings['call']} {unbreakable(service.phone)}", s.number)
        else:
            with self.printing_for(self._printing[0], TEXT):
                number = self.para(service.text or "", s.number)
        details = [f"**{strings['hours_label']}** {service.hours}"] if service.hours else []
        if service.hours:
            self._note_detail(HOURS, service.hours)
        details += [short_address(service.website)] if service.website else []
        details += [service.email] if service.email else []
        cell: list[Flowable] = [self.para(service.offers, s.card_text)]
        if details:
            cell.append(self.para(" \u00b7 ".join(details), s.card_text))
        if service.is_local_placeholder:
            cell.append(self._write_in(strings["local_details"]))
        return [[self.para(service.name, s.card_title), number], [cell, ""]]
