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

# The ones it must use: without them the footer would print "Reviewed" with no date, or
# "Published by" with no name. A date may leave out the day.
REQUIRED_PLACEHOLDERS = {
    "page_x_of_y": ("page", "pages"),
    "reviewed": ("date",),
    "next_review": ("date",),
    "published_by": ("owner",),
    "date_format": ("month", "year"),
}

# What each placeholder prints, in words for a message, and each string in English.
_PRINTS = {"page": "the page number", "pages": "the number of pages", "date": "the date",
           "owner": "the publisher's name", "month": "the month", "year": "the year",
           "day": "the day"}
_ENGLISH = {"page_x_of_y": "Page {page} of {pages}", "reviewed": "Reviewed {date}",
            "next_review": "Next review {date}", "published_by": "Published by {owner}",
            "date_format": "{month} {year}"}


def missing_placeholders(key: str, used: set[str]) -> str | None:
    """Why a string that leaves out a placeholder it needs would print wrongly, or None."""
    missing = [name for name in REQUIRED_PLACEHOLDERS.get(key, ()) if name not in used]
    if not missing:
        return None
    braces = " and ".join(f"{{{name}}}" for name in missing)
    words = " and ".join(_PRINTS[name] for name in missing)
    return (f"has no {braces}, so {words} would not be printed: put {braces} in the text "
            f"where it belongs (in English: \"{_ENGLISH[key]}\")")


MONTHS_IN_A_YEAR = 12


def month_names(text: str) -> list[str]:
    """The 'months' string, "January, February, ...", as a list of names."""
    return [name.strip() for name in text.split(",")]


def months_problem(text: str) -> str | None:
    """Why a 'months' string cannot name every month, or None if it can."""
    names = month_names(text)
    blank = [number for number, name in enumerate(names, start=1) if not name]
    if blank:
        return (f"has an empty name in place {blank[0]} (two commas with nothing between "
                "them, or a comma at an end), so that month would print as nothing: write "
                "the month's name in, or remove the extra comma")
    if len(names) != MONTHS_IN_A_YEAR:
        return (f"has {len(names)} month name{'' if len(names) == 1 else 's'}, but a year "
                f"has {MONTHS_IN_A_YEAR}: write the twelve names from January to December, "
                "with a comma between each two")
    return None


class Strings:
    """Look-up of one language's interface words, with {placeholders}."""

    def __init__(self, language: str, entries: dict[str, str]) -> None:
        self.language = language
        self._entries = entries

    def __getitem__(self, key: str) -> str:
        return self._entries[key]

    def format(self, key: str, **values: object) -> str:
        return self._entries[key].format(**values)
