"""Words hyphenated at a printed line end, or split by copying from a PDF, rejoined by the document and spelling."""

from __future__ import annotations

import re

from qualcode.domain.line_kinds import example_list

__all__ = ["hyphen_warnings", "resolve_hyphens"]

# Hyphen followed by one space, before a word character: "energie- label", or "energie-\nlabel" once printed lines
# are joined. The pattern starts with its literal so the search skips ahead fast; that a word character stands
# before it is checked in code.
_INLINE_HYPHEN = re.compile(r"- (?=\w)")
_WORD_CHAIN = re.compile(r"\w+(?:-\w+)*")
_PUNCTUATION = ".,;:!?()[]{}\"'“”‘’«»/…*•"
# "wet- en regelgeving", "zonne- of windenergie": a dangling hyphen before a conjunction is Dutch spelling.
_CONJUNCTIONS = frozenset({"en", "of", "tot", "noch", "dan", "als", "and", "or"})
# Words a speaker starts again with after breaking off ("een pro- een probleem", "was- die was", "2020- nee"). No
# hyphenation program leaves them as the last part of a split word, so after a dangling hyphen they mark speech.
_RESTART_WORDS = frozenset({"een", "nee", "ja", "die", "dat", "dus", "ik", "we", "wij", "je", "jij", "hij", "zij",
                            "ze", "het", "nou", "eh", "ehm", "uh", "uhm", "maar", "want", "toen", "zeg"})
# Prefixes that Dutch writes with a hyphen whatever follows: oud-wethouder, ex-collega, niet-roker.
_HYPHEN_PREFIXES = frozenset({"ex", "oud", "niet", "vice", "adjunct", "loco", "interim", "non"})
# Vowel pairs that would read as one sound when joined (klinkerbotsing): zonne-energie, auto-ongeluk.
_VOWEL_CLASHES = frozenset({"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ui", "uu"})


def resolve_hyphens(text: str) -> tuple[str, list[str], list[str], list[str]]:
    """Resolve every `word- word` of joined printed lines: the text, words joined, joined keeping the hyphen, left.

    Only for hard-wrapped text: in a transcript typed as it was spoken, `ge- gewoon` is a speaker breaking off.
    """
    matches = [match for match in _INLINE_HYPHEN.finditer(text)
               if match.start() > 0 and (text[match.start() - 1].isalnum() or text[match.start() - 1] == "_")]
    if not matches:
        return text, [], [], []
    vocabulary: tuple[set[str], set[str]] | None = None  # built at the first word to decide: most texts have none
    parts: list[str] = []
    rejoined: list[str] = []
    kept: list[str] = []
    left_alone: list[str] = []
    position = 0
    for match in matches:
        start, end = match.span()
        left, whole_left = _word_before(text, start)
        right_match = _WORD_CHAIN.match(text, end)
        assert right_match is not None  # the pattern's lookahead saw a word character
        whole_right = right_match.group()
        right = whole_right.split("-", 1)[0]
        dangling = text.startswith("- ", right_match.end())
        if right.lower() in _CONJUNCTIONS or dangling or not left:
            continue  # "wet- en regelgeving", "sport- recreatie- en": a list of compound parts, left alone
        if vocabulary is None:
            vocabulary = _vocabulary(text)
        keep = _decide(left, whole_left, right, whole_right, vocabulary)
        if keep is None:
            left_alone.append(f"{whole_left}- {whole_right}")
            continue
        parts.append(text[position:start])
        parts.append("-" if keep else "")
        (kept if keep else rejoined).append(whole_left + ("-" if keep else "") + whole_right)
        position = end
    parts.append(text[position:])
    return "".join(parts), rejoined, kept, left_alone


def _decide(left: str, whole_left: str, right: str, whole_right: str,
            vocabulary: tuple[set[str], set[str]]) -> bool | None:
    """True to join keeping the hyphen, False to join without it, None to leave `left- right` as written."""
    # The document is the dictionary first: a word it hyphenates elsewhere keeps its hyphen (also when it is
    # written as one word elsewhere too: both forms in one text means the hyphen is a choice, and keeping it
    # loses nothing); a word it only writes as one is joined; a word it never has otherwise goes by the rules.
    known_words, known_hyphenated = vocabulary
    if (whole_left + "-" + whole_right).lower() in known_hyphenated:
        return True
    if (left + right).lower() in known_words:
        return False
    if _broken_off(left, right):
        return None  # when in doubt the text stays as written: a wrong join changes what someone said
    return _keeps_hyphen(whole_left, whole_right)


def _broken_off(left: str, right: str) -> bool:
    """Whether `left- right` reads as a speaker breaking off and starting again (`ge- gewoon`, `Ik- ik`, `was- die`)."""
    folded_right = right.lower()
    return folded_right.startswith(left.lower()) or folded_right in _RESTART_WORDS


def _vocabulary(text: str) -> tuple[set[str], set[str]]:
    """The document's words in lower case, and those of them written with a hyphen."""
    # Splitting at white space and stripping punctuation from each distinct token is many times faster than a
    # word regex over the whole text, and the importer must stay fast on a million words.
    words = {token.strip(_PUNCTUATION).lower() for token in set(text.split())}
    return words, {word for word in words if "-" in word and not word.endswith("-")}


def _word_before(text: str, hyphen: int) -> tuple[str, str]:
    """The word part right before a hyphen, and the whole hyphenated word it ends ("aan", "Veenhuizen-aan")."""
    start = hyphen
    while start > 0 and hyphen - start < 60 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    whole = start
    while whole > 1 and hyphen - whole < 60 and text[whole - 1] == "-" and text[whole - 2].isalnum():
        whole -= 1
        while whole > 0 and hyphen - whole < 60 and text[whole - 1].isalnum():
            whole -= 1
    return text[start:hyphen], text[whole:hyphen]


def _keeps_hyphen(whole_left: str, whole_right: str) -> bool:
    """Dutch spelling for a word split at a hyphen: keep it after digits, capitals and before a vowel clash."""
    if "-" in whole_left or "-" in whole_right:
        return True  # a compound written with hyphens already: Veenhuizen-|aan-Zee, Sint-|Odilia-veen
    left, right = whole_left, whole_right
    if not left[-1].isalpha() or right[0].isupper() or right[0].isdigit():
        return True  # CO₂-uitstoot, G40-gemeenten, Noord-Brabant
    if len(left) == 1 or left.isupper() or left.lower() in _HYPHEN_PREFIXES:
        return True  # e-mail, LED-verlichting, oud-wethouder
    return (left[-1] + right[0]).lower() in _VOWEL_CLASHES


def hyphen_warnings(rejoined: list[str], kept: list[str], left_alone: list[str]) -> list[str]:
    """What `resolve_hyphens` did, in words a researcher understands, with examples."""
    warnings = []
    if rejoined:
        warnings.append(f"{_words(len(rejoined))} hyphenated at a line end rejoined ({example_list(rejoined)})")
    if kept:
        warnings.append(f"{_words(len(kept))} split at a line end rejoined keeping the hyphen "
                        f"({example_list(kept)})")
    if left_alone:
        warnings.append(f"{_words(len(left_alone))} broken off by the speaker kept as written "
                        f"({example_list(left_alone)})")
    return warnings


def _words(count: int) -> str:
    return f"{count} word" if count == 1 else f"{count} words"
