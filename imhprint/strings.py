"""Words the layouts print themselves (footers, panel headings) come from strings files.

Layouts ask for a key; each language has a strings file under content/strings/.
"""

from __future__ import annotations

# Every key a layout or block renderer uses. A strings file missing one is an error.
REQUIRED_KEYS = (
    "page_x_of_y",
    "reviewed",
    "next_review",
    "published_by",
    "date_format",
    "months",
    "hub_heading",
    "hub_write_in",
    "hub_name_label",
    "hub_phone_label",
    "hub_times_label",
    "key_numbers_heading",
    "call",
    "web_label",
    "email_label",
    "hours_label",
    "cue_you_see",
    "cue_it_may_mean",
    "cue_you_can_try",
    "local_details",
    "local_support_heading",
    "notes_heading",
    "notes_prompt",
)


# The {placeholders} each string may use; a string not listed here takes none.
PLACEHOLDERS = {
    "page_x_of_y": ("page", "pages"),
    "reviewed": ("date",),
    "next_review": ("date",),
    "published_by": ("owner",),
    "date_format": ("day", "month", "year"),
}


class Strings:
    """Look-up of one language's interface words, with {placeholders}."""

    def __init__(self, language: str, entries: dict[str, str]) -> None:
        self.language = language
        self._entries = entries

    def __getitem__(self, key: str) -> str:
        return self._entries[key]

    def format(self, key: str, **values: object) -> str:
        return self._entries[key].format(**values)
