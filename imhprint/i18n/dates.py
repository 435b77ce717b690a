"""Dates and language names from CLDR, through Babel, for every language.

The footer's "Reviewed November 2026" used to come from a hand-written list of month
names in each strings file. CLDR already knows every language's month names and the
right form for a month and year on its own (Polish "listopad 2026", not the genitive
"listopada 2026" that a day-month-year date needs), so the strings files no longer
carry them.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton

# CLDR's skeleton for "a month and its year": each locale maps it to its own pattern
# (en-GB "MMMM y", pl "LLLL y" with the standalone month name, ...).
MONTH_YEAR = "yMMMM"


@cache
def babel_locale(language: str) -> Locale:
    """The CLDR locale for a BCP 47 tag such as 'en-GB' or 'pl'; ValueError if unknown."""
    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(f"'{language}' is not a language code CLDR knows: use a code "
                         "such as pl, ro, cy or en-GB") from exc


def is_known_language(language: str) -> bool:
    try:
        babel_locale(language)
    except ValueError:
        return False
    return True


def month_year(date: dt.date, language: str) -> str:
    """The month and year in the language, as CLDR writes them: 'November 2026'."""
    return format_skeleton(MONTH_YEAR, date, locale=babel_locale(language))


def language_name(language: str) -> str:
    """The language's English name for messages, e.g. 'Polish'; the code if unknown."""
    try:
        return babel_locale(language).get_display_name("en") or language
    except ValueError:
        return language
