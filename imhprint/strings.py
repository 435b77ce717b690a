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
    "version",
    "not_advice_leaflet",
    "not_advice_poster",
    "other_formats",
    "sources_line",
    "feedback_line",
    "ask_at_hub",
    "sample_band",
    "sources_title",
    "sources_intro",
)


# The {placeholders} each string may use; a string not listed here takes none.
PLACEHOLDERS = {
    "page_x_of_y": ("page", "pages"),
    "reviewed": ("date",),
    "next_review": ("date",),
    "published_by": ("owner",),
    "version": ("version",),
    "sources_line": ("where",),
    "feedback_line": ("how",),
}

# Keys a strings file may have: the band on a translation that is not yet checked, in the
# English (source) strings and in each translation's strings.po.
OPTIONAL_KEYS = ("translation_draft",)

# Keys that were once used and are now ignored, with what replaced them.
RETIRED_KEYS = {
    "months": "month names now come from CLDR (the Babel library) for every language",
    "date_format": "dates are now written the way CLDR says for the language",
}

# The ones it must use: without them the footer would print "Reviewed" with no date, or
# "Published by" with no name. Today every placeholder a string may use is one it needs.
REQUIRED_PLACEHOLDERS = PLACEHOLDERS

# What each placeholder prints, in words for a message, and each string in English.
_PRINTS = {"page": "the page number", "pages": "the number of pages", "date": "the date",
           "owner": "the publisher's name", "month": "the month", "year": "the year",
           "day": "the day", "version": "the version number",
           "where": "where the sources are", "how": "how to give feedback"}
_ENGLISH = {"page_x_of_y": "Page {page} of {pages}", "reviewed": "Reviewed {date}",
            "next_review": "Next review {date}", "published_by": "Published by {owner}",
            "version": "Version {version}",
            "sources_line": "Where our information comes from: {where}",
            "feedback_line": "Tell us what you think: {how}"}


def missing_placeholders(key: str, used: set[str]) -> str | None:
    """Why a string that leaves out a placeholder it needs would print wrongly, or None."""
    missing = [name for name in REQUIRED_PLACEHOLDERS.get(key, ()) if name not in used]
    if not missing:
        return None
    braces = " and ".join(f"{{{name}}}" for name in missing)
    words = " and ".join(_PRINTS[name] for name in missing)
    return (f"has no {braces}, so {words} would not be printed: put {braces} in the text "
            f"where it belongs (in English: \"{_ENGLISH[key]}\")")


class Strings:
    """Look-up of one language's interface words, with {placeholders}."""

    def __init__(self, language: str, entries: dict[str, str]) -> None:
        self.language = language
        self._entries = entries

    def __getitem__(self, key: str) -> str:
        return self._entries[key]

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def entries(self) -> dict[str, str]:
        """Every key and its text (a copy), e.g. to translate them."""
        return dict(self._entries)

    def format(self, key: str, **values: object) -> str:
        return self._entries[key].format(**values)
