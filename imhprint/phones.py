"""UK phone numbers: checked with the phonenumbers library and printed one consistent way."""

from __future__ import annotations

from typing import Any

import phonenumbers
from phonenumbers import shortnumberinfo

from .schema import INVALID, Context, Text, TextField


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
        return Text(formatted, value.line)
