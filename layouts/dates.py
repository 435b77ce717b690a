"""The dates a PDF carries: when it was made (reproducible builds) and its footer's
review dates."""

from __future__ import annotations

import datetime as dt
import os

from imhprint.i18n.dates import month_year
from imhprint.model import Resource
from imhprint.strings import Strings

# The last second of the year 9999: a PDF date has four digits for the year.
MAX_SOURCE_DATE_EPOCH = 253_402_300_799


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) in seconds; None when unset or empty.

    ValueError, in words for the person who set it, for any value a PDF date cannot hold.
    """
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if text.isascii() and text.isdigit() and int(text) <= MAX_SOURCE_DATE_EPOCH:
        return int(text)
    raise ValueError(f"SOURCE_DATE_EPOCH is {text[:40]!r}: it must be a whole number of "
                     "seconds since 1970-01-01 00:00 UTC, from 0 to "
                     f"{MAX_SOURCE_DATE_EPOCH} (the end of the year 9999), for example "
                     "1767225600 for 2026-01-01; or unset it to date each PDF by its "
                     "'reviewed' date")


def build_epoch(resource: Resource) -> int:
    """SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the review date."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    moment = dt.datetime.combine(resource.reviewed, dt.time(), tzinfo=dt.timezone.utc)
    return int(moment.timestamp())


def format_date(date: dt.date, strings: Strings) -> str:
    """A footer date, month and year, as CLDR writes them in the strings' language."""
    return month_year(date, strings.language)
