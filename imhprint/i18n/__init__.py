"""Translations: the same resource in another language, from the same structure.

passages.py says which words are translated and gives each a stable key; catalog.py reads
and writes the PO files; extract.py and status.py are the translators' commands;
translate.py makes a resource's translated copy for the build; dates.py writes dates the
CLDR way for every language.
"""
