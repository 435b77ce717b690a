"""Unit tests for the readability checks: syllables, sentences, the formulas, and the
reading text taken from real resources (with the YAML lines it came from).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from conftest import CONTENT, REPO

from imhprint.content import load_content
from imhprint.markup import plain_text
from imhprint.model import (
    Bullets,
    Callout,
    Contacts,
    Cue,
    Cues,
    Heading,
    Image,
    Paragraph,
    QRCode,
    Quote,
    Resource,
    Tip,
    Tips,
)
from imhprint.readability import (
    LONG_SENTENCE_WORDS,
    Readability,
    Sentence,
    assess,
    count_syllables,
    measure,
    resource_sentences,
    split_sentences,
)
from imhprint.schema import Text

# ---- syllables ---------------------------------------------------------------------------

# Everyday words whose syllable count is not in doubt (as in a dictionary's hyphenation).
SYLLABLE_TABLE = {
    "baby": 2, "cuddle": 2, "comfort": 2, "crying": 2, "little": 2, "feed": 1, "cues": 1,
    "tired": 2, "settle": 2, "hungry": 2, "together": 3, "everyone": 3, "emergency": 4,
    "mother": 2, "father": 2, "family": 3, "happy": 2, "sleep": 1, "nappy": 2, "smile": 1,
    "gentle": 2, "bonding": 2, "parent": 2, "midwife": 2, "health": 1, "visitor": 3,
    "normal": 2, "calm": 1, "doctor": 2, "talk": 1, "music": 2, "blanket": 2, "massage": 2,
    "skin": 1, "nursery": 3, "medicine": 3, "important": 3, "support": 2, "children": 2,
    "because": 2, "birth": 1, "pregnancy": 3, "partner": 2, "newborn": 2, "listen": 2,
    "answer": 2, "safe": 1, "shake": 1, "danger": 2, "angry": 2, "worried": 2, "relax": 2,
    "changes": 2, "makes": 1, "wanted": 2, "played": 1, "people": 2, "whole": 1,
    "cuddled": 2, "smiled": 1, "eyes": 1, "babies": 2, "playing": 2, "serious": 3,
    "usually": 4, "anyone": 3, "someone": 2, "beautiful": 3, "yawning": 2, "feeling": 2,
    "breathing": 2, "loved": 1, "needed": 2, "hospital": 3, "yourself": 2, "special": 2,
    "mental": 2, "depression": 3, "anxious": 2, "naturally": 4, "water": 2, "simple": 2,
    "quickly": 2, "afternoon": 3, "clothes": 1, "themselves": 2, "bottle": 2, "tummy": 2,
    "teeth": 1, "toys": 1, "reaching": 2, "sometimes": 2, "lovely": 2, "carefully": 3,
    "movement": 2, "period": 3, "emotion": 3, "different": 3, "fluid": 2, "quiet": 2,
}


def test_syllable_table():
    wrong = {word: (count_syllables(word), expected)
             for word, expected in SYLLABLE_TABLE.items()
             if count_syllables(word) != expected}
    assert len(SYLLABLE_TABLE) >= 30
    assert len(wrong) <= len(SYLLABLE_TABLE) // 10, f"wrong (got, expected): {wrong}"
    counted = sum(count_syllables(word) for word in SYLLABLE_TABLE)
    expected = sum(SYLLABLE_TABLE.values())
    assert abs(counted - expected) <= 0.03 * expected, (counted, expected)


@pytest.mark.parametrize("word, expected", [
    ("111", 1), ("999", 1), ("0800", 1), ("38.5", 1), ("24/7", 1), ("£5", 1),  # numbers
    ("38°C", 1), ("A&E", 2),  # counted from their letters
    ("GP", 2), ("NHS", 3), ("ICON", 2), ("TO", 1),  # initialisms without a vowel spelled out
    ("baby's", 2), ("I'm", 1), ("can\u2019t", 1),  # apostrophes ignored
    ("skin-to-skin", 3), ("high-pitched", 2),  # each part of a compound counted
    ("Crying,", 2), ("(Cry-sis).", 2), ("café", 1),
    ("", 0), ("&", 0), ("\u2013", 0), ("...", 0),  # no letter, no digit: not a word
])
def test_syllables_of_odd_tokens(word: str, expected: int):
    assert count_syllables(word) == expected


@pytest.mark.parametrize("word", ["b", "x", "hmm", "shh", "rhythm", "y", "Tsk", "zzz", "ß", "Ω"])
def test_a_word_with_a_letter_has_a_syllable(word: str):
    assert count_syllables(word) >= 1


# ---- sentences ---------------------------------------------------------------------------

def texts(source: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(source)]


@pytest.mark.parametrize("source, expected", [
    ("Feed me. Hold me! Are you there?", ["Feed me.", "Hold me!", "Are you there?"]),
    # abbreviations do not end a sentence
    ("Try a comfort, e.g. a song. Or walk, i.e. go out.",
     ["Try a comfort, e.g. a song.", "Or walk, i.e. go out."]),
    ("Ask Dr. Patel or Mr. and Mrs. Khan at St. Mary's. They can help.",
     ["Ask Dr. Patel or Mr. and Mrs. Khan at St. Mary's.", "They can help."]),
    # decimals and web addresses have no space after the stop
    ("A temperature of 38.5°C or more is a fever. Call 111.",
     ["A temperature of 38.5°C or more is a fever.", "Call 111."]),
    ("Find films at iconcope.org and nhs.uk/baby. Then rest.",
     ["Find films at iconcope.org and nhs.uk/baby.", "Then rest."]),
    ("Visit iconcope.org. It helps.", ["Visit iconcope.org.", "It helps."]),
    # markup is stripped first; a link at the end of a sentence still ends it
    ("Find short films at [iconcope.org](https://www.iconcope.org). **Never** shake a baby.",
     ["Find short films at iconcope.org.", "Never shake a baby."]),
    # colons and semicolons do not end a sentence
    ("**Call 999 or go to A&E** if your baby: stops breathing; or has a fit",
     ["Call 999 or go to A&E if your baby: stops breathing; or has a fit"]),
    # closing quotes and brackets stay with their sentence
    ('These "baby blues" are common. They say "it passes." (It does.) Good.',
     ['These "baby blues" are common.', 'They say "it passes."', "(It does.)", "Good."]),
    # an ellipsis before a small letter does not end a sentence, nor does "etc."
    ("I waited... and waited. Books, toys, etc. are fine. Nappies, wipes etc. Done.",
     ["I waited... and waited.", "Books, toys, etc. are fine.", "Nappies, wipes etc.",
      "Done."]),
    # no final stop: still one sentence; whitespace collapsed
    ("Talk, read or sing\n  to your   bump", ["Talk, read or sing to your bump"]),
    # pieces without a word are dropped
    ("  ", []), ("... !", []), ("Yes. . No.", ["Yes.", "No."]),
])
def test_split_sentences(source: str, expected: list[str]):
    assert texts(source) == expected


def test_split_sentences_counts_words_and_keeps_the_line():
    sentences = split_sentences("Call 0800 448 0737 (Cry-sis). It is free & open 7 days.", 12)
    # the phone number in three groups is one word; "&" is not a word
    assert sentences == [Sentence("Call 0800 448 0737 (Cry-sis).", 3, 12),
                         Sentence("It is free & open 7 days.", 6, 12)]
    assert split_sentences("No line given.") == [Sentence("No line given.", 3, 0)]


# ---- the formulas ------------------------------------------------------------------------

def test_formula_one_sentence():
    # "The cat sat on the mat." -> 6 words, 1 sentence, 6 syllables
    # FRE   = 206.835 - 1.015 * 6/1 - 84.6 * 6/6 = 206.835 - 6.09 - 84.6 = 116.145 -> 116.1
    # grade = 0.39 * 6 + 11.8 * 1 - 15.59 = 2.34 + 11.8 - 15.59 = -1.45
    # age   = -1.45 + 5 = 3.55 -> never below 5 -> 5.0
    assert measure(split_sentences("The cat sat on the mat.")) == Readability(
        words=6, sentences=1, syllables=6, flesch_reading_ease=116.1,
        average_sentence_length=6.0, reading_age=5.0, longest=[])


def test_formula_two_sentences():
    # "The baby is tired." the(1) ba-by(2) is(1) ti-red(2) = 4 words, 6 syllables
    # "Feed her now."      feed(1) her(1) now(1)           = 3 words, 3 syllables
    # 7 words, 2 sentences, 9 syllables; w/s = 3.5, syl/w = 9/7 = 1.285714...
    # FRE   = 206.835 - 1.015 * 3.5 - 84.6 * 1.285714 = 206.835 - 3.5525 - 108.771429
    #       = 94.511 -> 94.5
    # grade = 0.39 * 3.5 + 11.8 * 1.285714 - 15.59 = 1.365 + 15.171429 - 15.59 = 0.946
    # age   = 5.946 -> 5.9
    result = measure(split_sentences("The baby is tired. Feed her now."))
    assert result == Readability(
        words=7, sentences=2, syllables=9, flesch_reading_ease=94.5,
        average_sentence_length=3.5, reading_age=5.9, longest=[])


def test_formula_harder_text():
    # "Parental responsiveness facilitates secure attachment."
    # pa-ren-tal(3) re-spon-sive-ness(4) fa-cil-i-tates(4) se-cure(2) at-tach-ment(3)
    # 5 words, 1 sentence, 16 syllables; syl/w = 3.2
    # FRE   = 206.835 - 1.015 * 5 - 84.6 * 3.2 = 206.835 - 5.075 - 270.72 = -68.96 -> -69.0
    # grade = 0.39 * 5 + 11.8 * 3.2 - 15.59 = 1.95 + 37.76 - 15.59 = 24.12; age 29.12 -> 29.1
    result = measure(split_sentences("Parental responsiveness facilitates secure attachment."))
    assert result is not None
    assert (result.words, result.sentences, result.syllables) == (5, 1, 16)
    assert result.flesch_reading_ease == -69.0
    assert result.reading_age == 29.1


def test_numbers_do_not_inflate_the_counts():
    # "Call" 1 + "0800 448 0737" (one word, 1 syllable) + "today" 2 = 3 words, 4 syllables
    result = measure(split_sentences("Call 0800 448 0737 today."))
    assert result is not None
    assert (result.words, result.syllables) == (3, 4)


def test_plain_text_reads_younger_than_latinate_text():
    plain = measure(split_sentences(
        "Your baby cries to tell you something. Pick them up. Hold them close. "
        "Talk to them in a soft voice. It is fine to take a break."))
    latinate = measure(split_sentences(
        "Parental responsiveness to infant communicative behaviours facilitates the "
        "development of secure attachment relationships, consequently optimising "
        "socioemotional functioning throughout subsequent developmental periods. "
        "Practitioners should therefore encourage consistent, contingent caregiving."))
    assert plain is not None and latinate is not None
    assert plain.reading_age < latinate.reading_age
    assert plain.flesch_reading_ease > latinate.flesch_reading_ease
    assert plain.average_sentence_length < latinate.average_sentence_length
    assert latinate.reading_age > 18 and plain.reading_age < 9


def test_no_words_means_no_score():
    assert measure([]) is None
    assert measure(split_sentences("... & -")) is None


def sentence_of(words: int, name: str, line: int = 0) -> Sentence:
    text = " ".join([name] + ["word"] * (words - 1)) + "."
    return Sentence(text, words, line)


def test_longest_sentences_order_and_threshold():
    lengths = [16, 20, 10, 30, LONG_SENTENCE_WORDS, 17, 18, 19, 3]
    sentences = [sentence_of(n, f"s{n}") for n in lengths]
    result = measure(sentences)
    assert result is not None
    assert [s.words for s in result.longest] == [30, 20, 19, 18, 17]  # at most 5
    short = measure([sentence_of(n, f"s{n}") for n in (LONG_SENTENCE_WORDS, 9, 2)])
    assert short is not None and short.longest == []  # exactly 15 is not too long


def test_longest_sentences_ties_keep_document_order():
    sentences = [sentence_of(16, "first", 3), sentence_of(12, "short", 4),
                 sentence_of(16, "second", 5), sentence_of(21, "longest", 9),
                 sentence_of(16, "third", 7)]
    result = measure(sentences)
    assert result is not None
    assert [(s.text.split()[0], s.line) for s in result.longest] == [
        ("longest", 9), ("first", 3), ("second", 5), ("third", 7)]
    assert result.sentences == 5
    assert result.words == 16 * 3 + 12 + 21


# ---- the reading text of a resource ------------------------------------------------------

def make_resource(intro: str, blocks: list) -> Resource:
    day = dt.date(2026, 1, 1)
    values: dict[str, object] = dict(
        kind=Text("leaflet"), id=Text("test"), title=Text("A title. Not counted."),
        subtitle=Text("Nor the subtitle."), audience=Text("Parents"), language=Text("en-GB"),
        version=Text("1.0"), owner=Text("Hub"), reviewed=day, next_review=day,
        intro=intro, contacts_panel=[Text("nhs-111")], sources=[], blocks=blocks,
        sizes=[], line=1)
    for field in dataclasses.fields(Resource):  # fields added to the model since: unused here
        no_default = (field.default is dataclasses.MISSING
                      and field.default_factory is dataclasses.MISSING)
        if no_default and field.name not in values:
            values[field.name] = []
    return Resource(**values)  # type: ignore[arg-type]


def test_resource_sentences_every_block_type():
    resource = make_resource(Text("Intro one. Intro two.", 9), [
        Heading(10, Text("A heading is a label", 10)),
        Paragraph(11, Text("A **bold** paragraph. Its second sentence", 11)),
        Bullets(12, [Text("First bullet", 13), Text("Second bullet.", 14)]),
        Tips(15, [Tip(Text("A tip", 16), Text("Its reason. More.", 17), None, 16)]),
        Cues(18, [Cue(Text("Yawning", 19), Text("I'm tired", 20), Text("A nap", 21), 19)]),
        Callout(22, Text("Callout title", 23), Text("Callout text.", 24), Text("info")),
        Quote(25, Text("A quote.", 26), Text("Not the speaker", 27)),
        Contacts(28, [Text("nhs-111"), Text("samaritans")]),
        QRCode(29, Text("https://example.org/"), Text("Scan me.", 31)),
        Image(32, Text("a.png"), Text("Alt text is not counted"), Text("A caption", 34), 50),
        Image(35, Text("b.png"), Text("No caption here"), None, 50),
        Paragraph(36, "A plain str has no line."),  # type: ignore[arg-type]
    ])
    assert [(s.text, s.line) for s in resource_sentences(resource)] == [
        ("Intro one.", 9), ("Intro two.", 9),
        ("A bold paragraph.", 11), ("Its second sentence", 11),
        ("First bullet", 13), ("Second bullet.", 14),
        ("A tip", 16), ("Its reason.", 17), ("More.", 17),
        ("Yawning", 19), ("I'm tired", 20), ("A nap", 21),
        ("Callout title", 23), ("Callout text.", 24),
        ("A quote.", 26),
        ("Scan me.", 31),
        ("A caption", 34),
        ("A plain str has no line.", 0),
    ]
    result = assess(resource)
    assert result is not None and result.sentences == 18


def test_assess_resource_without_words():
    assert assess(make_resource(Text("..."), [Heading(2, Text("Only a heading", 2))])) is None


@pytest.fixture(scope="module")
def real_resources() -> list[Resource]:
    content, _ = load_content(CONTENT, REPO / "assets")
    if not content.resources:
        pytest.skip("no resources under content/")
    return content.resources


BLOCK_INDICATOR = re.compile(r":\s*[>|][+-]?\d*\s*$")


def scalar_lines(lines: list[str], line: int) -> list[str]:
    """The YAML line ``line`` and the more indented lines that continue its value."""
    first = lines[line - 1]
    item = re.match(r"^(\s*)((?:- +)*)(.*)$", first)
    assert item is not None
    if re.match(r"^[\w-]+:", item.group(3)):
        indent = len(item.group(1)) + len(item.group(2))  # "- key: value": the key's column
    else:
        indent = len(item.group(1)) + len(item.group(2)) - 2  # "- value": the dash's column
    block = [first]
    for following in lines[line:]:
        if following.strip() and len(following) - len(following.lstrip()) <= indent:
            break
        block.append(following)
    return block


def first_word(sentence: Sentence) -> str:
    return sentence.text.split()[0].strip(".,:;!?\"'()[]*")


def test_real_resources_exclude_headings_and_point_at_their_lines(
        real_resources: list[Resource]):
    for resource in real_resources:
        sentences = resource_sentences(resource)
        assert sentences, resource.id
        where = f"{resource.path} ({resource.id})"

        # headings (and only headings) make no difference
        without = dataclasses.replace(
            resource, blocks=[b for b in resource.blocks if not isinstance(b, Heading)])
        assert resource_sentences(without) == sentences, where
        all_texts = {" ".join(plain_text(s.text).split()) for s in sentences}
        for block in resource.blocks:
            if isinstance(block, Heading):
                assert " ".join(plain_text(block.text).split()) not in all_texts, where

        # each sentence's first word is in the YAML value its line points at, and the first
        # sentence of each text starts on that line (or the next, after ">-" or "|")
        lines = resource.path.read_text(encoding="utf-8").splitlines()
        previous_line = None
        for sentence in sentences:
            assert 1 <= sentence.line <= len(lines), (where, sentence)
            word = first_word(sentence)
            value = scalar_lines(lines, sentence.line)
            assert any(word in text for text in value), (where, sentence, value)
            if sentence.line != previous_line:
                own = lines[sentence.line - 1]
                starts_here = word in own
                starts_next = (BLOCK_INDICATOR.search(own) is not None
                               and word in lines[sentence.line])
                assert starts_here or starts_next, (where, sentence, own)
            previous_line = sentence.line


def test_real_resources_are_scored(real_resources: list[Resource]):
    for resource in real_resources:
        result = assess(resource)
        assert result is not None, resource.id
        assert result.words >= result.sentences > 0
        assert result.syllables >= result.words
        assert result.reading_age >= 5.0
        assert all(s.words > LONG_SENTENCE_WORDS for s in result.longest)

