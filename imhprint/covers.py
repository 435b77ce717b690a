"""The panels a layout places itself: a page's cover header, a folded leaflet's front,
and a panel of lines for notes."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from . import model
from .authortext import no_lone_last_word
from .flowables import BoxStyle, Panel, stack_height
from .icons import IconFlowable


class CoverPanels:
    """Covers and the notes panel, which the layouts ask for by name.

    Mixed into ``BlockRenderer``, whose styles, paragraph and piece helpers these
    methods use."""

    def cover_header(self, resource: model.Resource) -> Panel:
        s = self.styles
        content: list[Flowable] = [self._heading_flowable(resource.title, s.title, level=0)]
        if resource.subtitle:
            content.append(self.para(no_lone_last_word(resource.subtitle), s.subtitle))
        content.append(self.para(resource.intro, s.lead))
        scale = self.ctx.scale
        return Panel(self.nestled(content), BoxStyle(background=self.palette.accent_tint,
                                       radius=scale.corner_radius * 2,
                                       padding=scale.header_padding,
                                       icon="heart" if scale.header_icon else None,
                                       icon_color=self.palette.accent,
                                       icon_size=scale.header_icon),
                     space_after=scale.gap * 1.5, direction=self.direction)

    def folded_cover(self, resource: model.Resource, width: float, height: float,
                     publisher: str) -> Panel:
        """A folded leaflet's front: the heart above the title, on a tint filling the panel,
        and who publishes it (with the edition's logo) at the foot."""
        s, scale = self.styles, self.ctx.scale
        heart = IconFlowable("heart", scale.header_icon, self.palette.accent,
                             self.palette.accent_tint)
        heart.spaceAfter = scale.gap * 2
        heart.hAlign = self.direction.start_side
        content: list[Flowable] = [heart,
                                   self._heading_flowable(resource.title, s.title, level=0)]
        if resource.subtitle:
            content.append(self.para(no_lone_last_word(resource.subtitle), s.subtitle))
        content.append(self.para(resource.intro, s.lead))
        foot: list[Flowable] = []
        edition = self.ctx.edition
        if edition is not None and edition.logo:
            foot += [self._logo(edition.logo), Spacer(1, scale.gap)]
        foot.append(self.para(f"**{publisher}**", s.card_text))
        inner = width - 2 * scale.header_padding
        room = height - 2 * scale.header_padding - stack_height(content, inner) \
            - stack_height(foot, inner)
        panel = Panel([*content, Spacer(1, max(room, 0)), *foot],
                      BoxStyle(background=self.palette.accent_tint,
                               radius=scale.corner_radius * 2, padding=scale.header_padding),
                      direction=self.direction)
        panel.min_height = height
        panel.needed = height - room  # its words and foot, without the space between
        return panel

    def notes_panel(self, height: float) -> Panel:
        """A panel of lines to write questions on, filling ``height`` (a spare panel)."""
        s, strings = self.styles, self.ctx.strings
        with self.structure.group("Sect"):
            content: list[Flowable] = [self.para(strings["notes_heading"], s.card_title),
                                       self.para(strings["notes_prompt"], s.card_text)]
        box = BoxStyle(border=self.palette.accent_mid, radius=self.ctx.scale.corner_radius,
                       padding=self.ctx.scale.padding)
        line = self._write_in("")
        line_height = line.wrap(self.ctx.frame_width, height)[1]
        room = height - 2 * box.padding - stack_height(content, self.ctx.frame_width)
        content += [self._write_in("") for _ in range(max(0, int(room // line_height)))]
        panel = Panel(content, box, direction=self.direction)
        panel.min_height = height
        return panel
