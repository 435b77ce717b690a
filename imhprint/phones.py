"""UK phone numbers: checked with the phonenumbers library and printed one consistent way."""

from __future__ import annotations

from typing import Any

import phonenumbers
from phonenumbers import shortnumberinfo

from .schema import INVALID, Context, Text, TextField

_PhoneType = phonenumbers.PhoneNumberType

# What a call costs, in words, for the paid kinds of UK number. phonenumbers says which
# numbers are paid; it files 084 and 087 (shared-cost, Ofcom's "service numbers") under
# premium rate, and does not know what 118 calls cost, so the UK prefixes name them.
PREMIUM_RATE = "a premium-rate number: calls can cost a lot"
SHARED_COST = "a shared-cost number: calls cost more than a call to an ordinary number"
PERSONAL = "a personal number (not a mobile): calls can cost a lot"
DIRECTORY = "a directory enquiries number: calls can cost a lot"
_PAID_TYPES = {_PhoneType.PREMIUM_RATE: PREMIUM_RATE, _PhoneType.SHARED_COST: SHARED_COST,
               _PhoneType.PERSONAL_NUMBER: PERSONAL}
_UK_PREFIXES = (("09", PREMIUM_RATE), ("084", SHARED_COST), ("087", SHARED_COST),
                ("070", PERSONAL), ("118", DIRECTORY))


def paid_line(raw: str) -> str | None:
    """What calling a UK number costs, in words, if it is a paid line; None otherwise
    (free 0800, 0808 and 116 numbers, and ordinary 01, 02, 03 and 07 numbers)."""
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        return None
    digits = phonenumbers.national_significant_number(number)
    if phonenumbers.is_valid_number(number):
        digits = "0" + digits
        paid = _PAID_TYPES.get(phonenumbers.number_type(number))
    else:  # a short number, such as 116 123
        cost = shortnumberinfo.expected_cost_for_region(number, "GB")
        paid = PREMIUM_RATE if cost == shortnumberinfo.ShortNumberCost.PREMIUM_RATE else None
    named = next((words for prefix, words in _UK_PREFIXES if digits.startswith(prefix)), None)
    if named == DIRECTORY:  # phonenumbers does not know what these cost
        return DIRECTORY
    return (named or paid) if paid else None


def format_uk_number(raw: str) -> str | None:
    """The number in the UK's usual national format, or None if it is not a UK number.

    Full numbers follow phonenumbers' national format ("0800 448 0737"); short service
    numbers are grouped in threes ("116 123", "111").
    """
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 44:
        return None
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if shortnumberinfo.is_valid_short_number_for_region(number, "GB"):
        digits = str(number.national_number)
        return " ".join(digits[i:i + 3] for i in range(0, len(digits), 3))
    return None


class PhoneField(TextField):
    description = "a UK phone number, like 0800 448 0737"

    def __init__(self) -> None:
        super().__init__(max_length=40, multiline=False)

    def parse(self, node: Any, ctx: Context, name: str) -> Any:
        value = super().parse(node, ctx, name)
        if value is INVALID:
            return value
        formatted = format_uk_number(value)
        if formatted is None:
            return ctx.error(node, f"'{name}' is '{value}', which is not a valid UK phone "
                             "number: check the digits (for example 0800 448 0737 or 111)")
        cost = paid_line(value)
        if cost:
            ctx.warning(value.line, f"'{name}' {formatted} is {cost}. A family may not "
                        "know before they call: check it is the number to give, use a free "
                        "(0800, 0808) or ordinary (01, 02, 03) number if there is one, or "
                        "say what calls cost")
        return Text(formatted, value.line)
