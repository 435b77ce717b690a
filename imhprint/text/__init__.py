"""The text path: script and font choice, HarfBuzz shaping, bidi order and line breaking.

Latin text in a left-to-right resource keeps ReportLab's own Paragraph; any text that needs
shaping (Bengali, Gurmukhi, Arabic script) or right-to-left order is drawn by
:class:`ShapedParagraph`, which every block gets through ``BlockRenderer.para``.
"""

from .paragraph import ShapedParagraph
from .scripts import needs_text_path

__all__ = ["ShapedParagraph", "needs_text_path"]
