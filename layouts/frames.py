"""Where the content goes on a page: the body frame between the top bands and the
footer, and panels fixed at its foot."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Frame

from imhprint.flowables import draw_stack, stack_height


class BodyFrames:
    """The body's frame and the panels fixed at the foot of a page.

    Mixed into ``Layout``: the body sits below its top bands (``content_top``,
    ``translation_band_height``) and above its footer (``footer_height``)."""

    def body_bottom(self, page: int = 1) -> float:
        return self.geometry.margin_bottom + self.footer_height(page=page) \
            + self.scale.gap * 0.75

    def body_top(self) -> float:
        return self.content_top(self.geometry.margin_top) - self.translation_band_height()

    def foot_panel(self, flowables: list[Any], page: int = 1) -> tuple[float, Any]:
        """A panel fixed at the foot of a page, above the footer, in the same place on
        every resource: returns the height it takes and the page callback that draws it.
        """
        body_bottom = self.body_bottom(page)  # a gap above the footer's rule
        height = stack_height(flowables, self.frame_width) + self.scale.gap

        def draw(canv: Any, doc: Any) -> None:
            top = body_bottom + height - self.scale.gap
            draw_stack(canv, flowables, self.geometry.margin_x, top, self.frame_width)

        return height, draw

    def body_frame(self, bottom: float, frame_id: str) -> Frame:
        return Frame(self.geometry.margin_x, bottom, self.frame_width,
                     self.body_top() - bottom, leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0, id=frame_id)
