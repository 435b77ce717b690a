"""How easy a resource is to read: Flesch reading ease, UK reading age and long sentences.

Our own small implementation of the standard formulas (no textstat or pyphen), for
checking content against plain-English guidance (NHS / PIF: aim for sentences of 15 words
or fewer, and a reading age of about 9 to 11).

What is counted
    The reading text of a resource (see ``resource_sentences``): the intro and the running
    text of its blocks. Headings, the title and subtitle, contact details and image alt text
    are labels or lists, not sentences, and are left out.

Words
    A word is a whitespace-separated token with a letter or a digit in it, after our
    markup (``**bold**``, ``[label](https://...)``) is stripped. Hyphenated words
    ("skin-to-skin") and web addresses ("iconcope.org") are one word each. Bare punctuation
    ("&", "-", "–") is not a word.

Numbers
    A token with digits but no letters ("111", "38.5", "24/7", "£5") is one word of one
    syllable, and a run of such tokens is one word: a phone number printed in groups
    ("0800 448 0737") is read as one thing, not as three long words. A token with letters
    in it ("38°C", "A&E") is counted from its letters.

Syllables
    ``count_syllables`` is an English heuristic (vowel groups with the usual adjustments).
    Checked against the CMU pronouncing dictionary it agrees on about 92% of all its words
    (names and rare words included) and on over 98% of the words in our content, which is
    plenty for a readability score.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from .markup import plain_text
from .model import Bullets, Callout, Cues, Image, Paragraph, QRCode, Quote, Resource, Tips

LONG_SENTENCE_WORDS = 15  # the plain-English target from NHS / PIF guidance
MAX_LONGEST = 5  # long sentences listed in a Readability
MIN_READING_AGE = 5.0  # UK reading age = US grade + 5; nobody reads younger than 5


@dataclass(frozen=True)
class Sentence:
    text: str  # plain text, markup stripped, whitespace collapsed
    words: int
    line: int  # YAML line of the Text it came from (0 if unknown)


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int
    flesch_reading_ease: float | None  # 206.835 - 1.015 * w/s - 84.6 * syl/w, 1 dp
    average_sentence_length: float  # words per sentence, 1 dp
    reading_age: float | None  # Flesch-Kincaid grade + 5, 1 dp, never below 5
    # (the last two are English formulas: None for text in another language)
    longest: list[Sentence]  # sentences over LONG_SENTENCE_WORDS, longest first, at most 5


# ---- syllables --------------------------------------------------------------------------

_VOWELS = frozenset("aeiou")
# Words the rules get wrong that are common in our kind of text (whole words, lower case).
_EXCEPTIONS = {"maybe": 2, "every": 2, "ok": 2, "okay": 2, "uk": 2, "area": 3, "idea": 3,
               "ideas": 3, "areas": 3, "quiet": 2, "quietly": 3, "create": 2,
               "creates": 2, "created": 3}
# Compounds whose first part ends in a silent e, and suffixes that keep a silent e.
_SILENT_E_PREFIXES = ("some", "home", "care", "life", "time")
_SUFFIXES = ("ments", "ment", "fully", "ful", "less", "ness", "ly")
# Letters pronounced with more than one syllable when an initialism is spelled out.
_LETTER_SYLLABLES = {"w": 3}
# Two vowels side by side that are usually two syllables ("se-ri-ous", "ra-di-o",
# "u-su-al"), unless the letter before makes them one ("spe-cial", "ques-tion", "lan-guage").
_SPLIT_PAIRS = {"ia": "cgstxl", "io": "cgstxln", "iu": "", "ua": "gq"}
_LETTER_RUN = re.compile(r"[^\W\d_]+")  # letters of any script, no digits or _
_NOT_A_TO_Z = re.compile(r"[^a-z]")


def _is_vowel(word: str, index: int) -> bool:
    """Whether word[index] sounds as a vowel; 'y' is a consonant at the start ("yes") and
    between vowels ("play-er", "be-yond"), a vowel otherwise ("ba-by", "cry-ing")."""
    char = word[index]
    if char in _VOWELS:
        return not (char == "u" and index > 0 and word[index - 1] == "q")  # "qu" = "kw"
    if char != "y" or index == 0:
        return False
    before = word[index - 1] in _VOWELS
    after = index + 1 < len(word) and word[index + 1] in _VOWELS
    return not (before and after)


def _vowel_groups(word: str) -> int:
    groups = 0
    previous = False
    for index in range(len(word)):
        vowel = _is_vowel(word, index)
        # a 'y' sounding as a vowel ends its group: "cry-ing", "an-y-one"
        if vowel and (not previous or word[index - 1] == "y"):
            groups += 1
        previous = vowel
    return groups


def _consonant_at(word: str, index: int) -> bool:
    return 0 <= index < len(word) and not _is_vowel(word, index)


def _syllables_of_letters(word: str) -> int:
    """Syllables of one run of lower-case a-z letters."""
    if word in _EXCEPTIONS:
        return _EXCEPTIONS[word]
    if word.startswith("every") and len(word) > 5:  # "ev-ry-one", "ev-ry-thing"
        return 2 + _syllables_of_letters(word[5:])
    for prefix in _SILENT_E_PREFIXES:  # "some-times", "life-time": the e is silent
        rest = word[len(prefix):]
        if word.startswith(prefix) and rest[:1] not in _VOWELS and _vowel_groups(rest):
            return 1 + _syllables_of_letters(rest)
    for suffix in _SUFFIXES:  # "love-ly", "move-ment", "care-ful-ly"
        stem = word[:-len(suffix)]
        if word.endswith(suffix) and len(stem) > 2 and stem.endswith("e"):
            return _syllables_of_letters(stem) + _syllables_of_letters(suffix)
    count = _vowel_groups(word)
    end = len(word)
    if count > 1 and word.endswith("e") and _consonant_at(word, end - 2):
        # silent final e ("make", "some"), but not a syllabic "-le" ("lit-tle", "cud-dle")
        # nor "-ire", said as two ("fi-er")
        syllabic_le = (word.endswith("le") and _consonant_at(word, end - 3)
                       and word[end - 3] != "l")
        if not syllabic_le and not re.search(r"[^aeiou]ire$", word):
            count -= 1
    elif count > 1 and word.endswith(("es", "ed")) and _consonant_at(word, end - 3):
        # "-es" / "-ed" that is not a syllable: "makes", "eyes", "calmed", "tired"
        stem = word[:-2]
        sounded = (
            (word.endswith("ed") and stem.endswith(("t", "d")))  # "want-ed", "need-ed"
            or (word.endswith("es") and stem.endswith(("s", "x", "z", "ch", "sh", "c", "g")))
            or (stem.endswith("l") and _consonant_at(word, end - 4)  # "cud-dles", "set-tled"
                and word[end - 4] != "l")  # but "called"
            or re.search(r"[^aeiou]ir$", stem)  # "ti-red", "fi-res"
        )
        if not sounded:
            count -= 1
    for pair, blockers in _SPLIT_PAIRS.items():
        if pair not in word:  # most words have none: no pattern to run
            continue
        for match in re.finditer(f"(?={pair})", word):
            start = match.start()
            if start > 0 and word[start - 1] not in blockers and word[start - 1] not in _VOWELS:
                count += 1
    if word.endswith(("ism", "oing")):  # "au-ti-sm", "go-ing", "do-ing"
        count += 1
    return max(count, 1)


def _fold(text: str) -> str:
    """Lower-case a-z and other characters: accents dropped ("café" -> "cafe")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


# The same few hundred words fill every leaflet, and every edition reads each resource
# again: a word's count never changes, so each is worked out once per process.
@functools.lru_cache(maxsize=1 << 16)
def count_syllables(word: str) -> int:
    """Syllables in one word (an English heuristic).

    At least 1 for any word with a letter. A word with digits but no letters ("111",
    "38.5") counts as 1; anything else without letters (punctuation, "") as 0. Apostrophes
    are ignored ("baby's" is "babys"); hyphens and other joiners split a word into parts
    that are counted separately ("skin-to-skin" is 3). An all-capital initialism without a
    vowel is spelled out ("GP" 2, "NHS" 3); other capitals are read as a word ("ICON" 2).
    """
    word = word.replace("'", "").replace("\u2019", "")
    if not any(ch.isalpha() for ch in word):
        return 1 if any(ch.isdigit() for ch in word) else 0
    total = 0
    for part in _LETTER_RUN.findall(word):
        letters = _NOT_A_TO_Z.sub("", _fold(part))
        if not letters:  # a letter outside a-z with no ASCII form (e.g. Greek)
            total += 1
        elif len(part) > 1 and part.isupper() and not re.search(r"[aeiouy]", letters):
            total += sum(_LETTER_SYLLABLES.get(ch, 1) for ch in letters)
        else:
            total += _syllables_of_letters(letters)
    return total


# ---- words and sentences ----------------------------------------------------------------

def _words(text: str) -> list[str]:
    """The words of a piece of text; consecutive letterless number tokens are one word."""
    words: list[str] = []
    number_run = False
    for token in text.split():
        if any(ch.isalpha() for ch in token):
            words.append(token)
            number_run = False
        elif any(ch.isdigit() for ch in token):
            if number_run:
                words[-1] += " " + token
            else:
                words.append(token)
            number_run = True
        else:  # bare punctuation ("&", "-") is not a word
            number_run = False
    return words


# Abbreviations whose full stop never ends a sentence (lower case, without the last stop).
# Words that can also end a sentence ("no", "sat") are left out on purpose.
_ABBREVIATIONS = frozenset({"e.g", "eg", "i.e", "dr", "mr", "mrs", "ms", "st", "prof", "vs",
                            "approx", "tel", "cf"})
# ... and those that end one only when a capital letter follows.
_CAPITAL_ENDS = frozenset({"etc", "a.m", "p.m"})
# An end mark, any closing quotes or brackets, then a space or the end of the text.
_END = re.compile(r"[.!?\u2026]+[\"'\u2019\u201d)\]]*(?=\s|$)")
_OPENING = "(\"'\u2018\u201c["


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    marks = match.group(0)
    rest = text[match.end():].lstrip()
    capital_follows = not rest or not rest[0].islower()
    if marks.startswith(("..", "\u2026")):
        return capital_follows  # "I waited... and waited" is one sentence
    if not marks.startswith("."):
        return True  # "!" and "?"
    before = text[:match.start()].split()
    word = before[-1].lstrip(_OPENING).lower() if before else ""
    if word in _ABBREVIATIONS:
        return False
    if word in _CAPITAL_ENDS:
        return capital_follows
    return True


def split_sentences(text: str, line: int = 0) -> list[Sentence]:
    """The sentences of a piece of author text, markup stripped, whitespace collapsed.

    Sentences end at '.', '!' or '?' followed by a space or the end of the text, so
    decimals ("38.5") and web addresses ("iconcope.org") never split, nor do common
    abbreviations ("e.g.", "Dr.", "St."). Colons and semicolons do not end sentences.
    Text without a final stop (a bullet, a tip) is still a sentence. Pieces without a
    word are dropped. Every sentence keeps ``line``.
    """
    plain = " ".join(plain_text(text).split())
    pieces: list[str] = []
    start = 0
    for match in _END.finditer(plain):
        if _ends_sentence(plain, match):
            pieces.append(plain[start:match.end()])
            start = match.end()
    pieces.append(plain[start:])
    sentences = []
    for piece in pieces:
        piece = piece.strip()
        words = len(_words(piece))
        if words:
            sentences.append(Sentence(piece, words, line))
    return sentences


def resource_sentences(resource: Resource) -> list[Sentence]:
    """The reading text of a resource, in reading order.

    The intro; paragraphs; each bullet; each tip and its reason; each cell of a cue table;
    a callout's title and text; a quote (not who said it); a QR code's text; an image's
    caption. Headings, the title, subtitle, contacts and image alt text are not counted.
    """
    texts: list[str | None] = [resource.intro]
    for block in resource.blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        elif isinstance(block, Bullets):
            texts.extend(block.items)
        elif isinstance(block, Tips):
            for tip in block.items:
                texts += [tip.tip, tip.why]
        elif isinstance(block, Cues):
            for row in block.rows:
                texts += [row.you_see, row.it_may_mean, row.you_can_try]
        elif isinstance(block, Callout):
            texts += [block.title, block.text]
        elif isinstance(block, Quote | QRCode):
            texts.append(block.text)
        elif isinstance(block, Image):
            texts.append(block.caption)
    sentences: list[Sentence] = []
    for text in texts:
        if text:
            sentences += split_sentences(text, getattr(text, "line", 0))
    return sentences


# ---- scores -----------------------------------------------------------------------------

def measure(sentences: list[Sentence]) -> Readability | None:
    """Scores for a list of sentences; None when there are no words to score."""
    counted = [s for s in sentences if s.words > 0]
    words = sum(s.words for s in counted)
    if not words:
        return None
    syllables = sum(count_syllables(word) for s in counted for word in _words(s.text))
    per_sentence = words / len(counted)
    per_word = syllables / words
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    long_ones = [s for s in counted if s.words > LONG_SENTENCE_WORDS]
    long_ones.sort(key=lambda s: -s.words)  # stable: ties keep document order
    return Readability(
        words=words,
        sentences=len(counted),
        syllables=syllables,
        flesch_reading_ease=round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1),
        average_sentence_length=round(per_sentence, 1),
        reading_age=round(max(grade + 5, MIN_READING_AGE), 1),
        longest=long_ones[:MAX_LONGEST],
    )


def measure_sentence_length(sentences: list[Sentence]) -> Readability | None:
    """Words per sentence and the long sentences, for text that is not in English:
    the syllable count and the reading-age formulas are English ones, so no reading age."""
    counted = [s for s in sentences if s.words > 0]
    words = sum(s.words for s in counted)
    if not words:
        return None
    long_ones = sorted((s for s in counted if s.words > LONG_SENTENCE_WORDS),
                       key=lambda s: -s.words)
    return Readability(words=words, sentences=len(counted), syllables=0,
                       flesch_reading_ease=None,
                       average_sentence_length=round(words / len(counted), 1),
                       reading_age=None, longest=long_ones[:MAX_LONGEST])


def is_english(language: str) -> bool:
    return language.split("-")[0].lower() == "en"


def assess(resource: Resource) -> Readability | None:
    """Readability of a resource's reading text (see ``resource_sentences``): a reading
    age for English, the sentence lengths alone for any other language."""
    sentences = resource_sentences(resource)
    if is_english(resource.language):
        return measure(sentences)
    return measure_sentence_length(sentences)


class Assessments:
    """``assess`` of each resource once per build: every edition prints the same text, so
    its reading age is the same in all of them (held with the resource, so that no
    other object can take its id; as many as the build has resource copies, not PDFs)."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[Resource, Readability | None]] = {}

    def of(self, resource: Resource) -> Readability | None:
        known = self._made.get(id(resource))
        if known is None or known[0] is not resource:
            known = self._made[id(resource)] = (resource, assess(resource))
        return known[1]
