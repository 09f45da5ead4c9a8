"""The one attribute filter: whether a case has the attribute values asked for, for the retrieval screen of the
workbench and `qualcode table quotes --where` alike.

Names and values match without regard to case, accents, apostrophe variants or spacing ("Fryslân" = "fryslan",
"provincie" = "Provincie"); a yes/no attribute matches ja/nee as well as yes/no and true/false; a list attribute
matches any one of its values; "onbekend" (or "unknown") matches a case without a value. Values are compared as the
labels a caller gives (a number as written, "58400"); there is no partial or numeric match.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from qualcode.domain.names import fold_same_length, strip_accents

UNKNOWN = "onbekend"  # the value that selects cases without one
_SAME_VALUE = {"yes": "ja", "true": "ja", "no": "nee", "false": "nee", "unknown": UNKNOWN}


def fold(text: str) -> str:
    """Text as the filter compares it: without accents, in lower case, apostrophes plain, spaces single."""
    return " ".join(strip_accents(fold_same_length(text)).casefold().split())


def _value(text: str) -> str:
    folded = fold(text)
    return _SAME_VALUE.get(folded, folded)


def matches(wanted: Mapping[str, str], labels: Mapping[str, Iterable[str]]) -> bool:
    """Whether a case whose attributes have these labels (attribute name → its value labels) has every wanted value.

    An attribute the case lacks, or has without a value, counts as "onbekend".
    """
    folded: dict[str, set[str]] = {}
    for name, values in labels.items():
        folded.setdefault(fold(name), set()).update(_value(value) for value in values)
    for name, value in wanted.items():
        have = folded.get(fold(name)) or {UNKNOWN}
        if _value(value) not in have:
            return False
    return True


def matching_cases(wanted: Mapping[str, str], cases: Iterable[tuple[str, Mapping[str, Iterable[str]]]]) -> list[str]:
    """The names of the cases (name, attribute labels) that have every wanted value, in the order given."""
    return [name for name, labels in cases if matches(wanted, labels)]
