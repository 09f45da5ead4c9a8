"""Match speaker labels ('Rick', 'I', 'R2', 'Wethouder') to the participants named in a header."""

from __future__ import annotations

import re
from collections.abc import Iterable

from qualcode.domain.model import Participant
from qualcode.domain.names import TUSSENVOEGSELS, first_name, person_key, surname

INTERVIEWER_LABELS = frozenset({
    "i", "int", "interviewer", "interviewster", "interviewers", "q", "v", "vraag", "vraagsteller", "gespreksleider",
    "onderzoeker",
})
RESPONDENT_LABELS = frozenset({
    "r", "resp", "respondent", "a", "antwoord", "geinterviewde", "interviewee", "gesprekspartner",
})
_HONORIFICS = frozenset({"dhr", "mevr", "mw", "mr", "meneer", "mevrouw", "de heer", "dr", "ir", "drs"})
_NUMBERED_RESPONDENT = re.compile(r"^(?:r|resp|respondent|gesprekspartner)\s*(\d)$")


def initials(name: str) -> set[str]:
    """Return the folded initials a person may be labelled with ('Anna de Graaf' → {'adg', 'ag'})."""
    words = [w for w in person_key(name).split() if w[0].isalpha()]
    if len(words) < 2:
        return set()
    core = [w for i, w in enumerate(words) if i == 0 or w not in TUSSENVOEGSELS]
    return {"".join(w[0] for w in words), "".join(w[0] for w in core)}


def is_generic_label(label: str) -> bool:
    """Return whether a label is an interview convention rather than a name (I, R2, Interviewer)."""
    key = person_key(label)
    return key in INTERVIEWER_LABELS or key in RESPONDENT_LABELS or bool(_NUMBERED_RESPONDENT.match(key))


class SpeakerMatcher:
    """Resolves turn labels to participants, adding a participant for a label no one matches."""

    def __init__(self, respondents: Iterable[Participant], interviewers: Iterable[str],
                 known_interviewers: Iterable[str] = ()) -> None:
        self.participants: list[Participant] = []
        # Indexes by each way a label can name someone, so that matching stays linear in the number of labels
        # (a subtitle export with thousands of voices, or a hostile file, must not take minutes).
        self._by_key: dict[str, dict[str, list[int]]] = {kind: {} for kind in
                                                          ("full", "first", "surname", "initials", "letter")}
        self._respondents: list[int] = []
        self._interviewers: list[int] = []
        self._with_role: list[int] = []
        for name in interviewers:
            self._append(Participant(name=name, role="interviewer", is_interviewer=True))
        for respondent in respondents:
            self._append(respondent)
        self._known_interviewers = {person_key(n) for n in known_interviewers}
        self._known_interviewer_keys = frozenset(
            self._known_interviewers | {person_key(first_name(n)) for n in self._known_interviewers})
        self._cache: dict[str, int] = {}
        self._found: dict[str, int | None] = {}  # find()'s answers; cleared when a participant is added

    def known_interviewer_keys(self) -> frozenset[str]:
        """Return the folded names and first names of the interviewers named in qualcode.toml."""
        return self._known_interviewer_keys

    def label_keys(self) -> frozenset[str]:
        """Return folded labels that name someone: full names, first names and the conventions."""
        keys = set(INTERVIEWER_LABELS | RESPONDENT_LABELS)
        for person in self.participants:
            keys.add(person_key(person.name))
            keys.add(person_key(first_name(person.name)))
        return frozenset(keys)

    def match(self, label: str) -> int:
        """Return the index of the participant a label refers to, adding one if needed."""
        key = person_key(label)
        if key not in self._cache:
            self._cache[key] = self._resolve(label, key)
        return self._cache[key]

    def find(self, label: str) -> int | None:
        """Return the participant a label names by name, first name, surname, initials or role; None if nobody."""
        key = person_key(label)
        if key in self._cache:
            return self._cache[key]
        if key not in self._found:
            finders = (self._by_full_name, self._by_first_name, self._by_surname, self._by_initials,
                       self._by_initial_of_first_name, self._by_role)
            self._found[key] = next((i for i in (finder(key) for finder in finders) if i is not None), None)
        return self._found[key]

    def _resolve(self, label: str, key: str) -> int:
        respondents = self._respondents
        if key in INTERVIEWER_LABELS:
            interviewers = self._interviewers
            if interviewers:
                return interviewers[0]
            return self._add(Participant(name="Interviewer", label=label, is_interviewer=True))
        numbered = _NUMBERED_RESPONDENT.match(key)
        if numbered:
            index = int(numbered[1]) - 1
            if 0 <= index < len(respondents):
                return respondents[index]
            return self._add(Participant(name=label, label=label))
        if key in RESPONDENT_LABELS:
            if len(respondents) == 1:
                return respondents[0]
            return self._add(Participant(name="Respondent", label=label))
        found = self.find(label)
        if found is not None:
            return found
        is_interviewer = key in self.known_interviewer_keys()
        return self._add(Participant(name=label, label=label, is_interviewer=is_interviewer,
                                     role="interviewer" if is_interviewer else None))

    def _unique(self, indexes: list[int]) -> int | None:
        return indexes[0] if len(indexes) == 1 else None

    def _indexed(self, kind: str, key: str) -> list[int]:
        return self._by_key[kind].get(key, [])

    def _by_full_name(self, key: str) -> int | None:
        return self._unique(self._indexed("full", key))

    def _by_first_name(self, key: str) -> int | None:
        return self._unique(self._indexed("first", key))

    def _by_surname(self, key: str) -> int | None:
        # "De Vries", "Vries", "dhr. Jansen" and "Mevr. de Vries" all name the surname.
        words = [w for w in key.split() if w not in _HONORIFICS and w not in TUSSENVOEGSELS]
        if len(words) != 1:
            return None
        return self._unique(self._indexed("surname", words[0]))

    def _by_initials(self, key: str) -> int | None:
        # "PS" and "AdG" for Pieter Smit and Anna de Graaf; "Anna de G." for Anna de Graaf.
        words = key.split()
        compact = "".join(words)
        if len(words) >= 2 and len(words[-1]) == 1:
            return self._unique([i for i in self._indexed("first", words[0])
                                 if person_key(surname(self.participants[i].name)).startswith(words[-1])])
        if len(words) != 1 or not 2 <= len(compact) <= 4:
            return None
        return self._unique(self._indexed("initials", compact))

    def _by_initial_of_first_name(self, key: str) -> int | None:
        # "Pieter:" for the header's "P. Smit".
        if " " in key or len(key) < 2:
            return None
        return self._unique(self._indexed("letter", key[0]))

    def role_holders(self, key: str) -> list[int]:
        """Return the participants whose role contains the folded label as a word ('wethouder')."""
        pattern = re.compile(rf"\b{re.escape(key)}\b")
        return [i for i in self._with_role if pattern.search(person_key(self.participants[i].role or ""))]

    def _by_role(self, key: str) -> int | None:
        return self._unique(self.role_holders(key))

    def _add(self, participant: Participant) -> int:
        self._found.clear()
        return self._append(participant)

    def _append(self, participant: Participant) -> int:
        index = len(self.participants)
        self.participants.append(participant)
        (self._interviewers if participant.is_interviewer else self._respondents).append(index)
        if participant.role:
            self._with_role.append(index)
        full = person_key(participant.name)
        keys = {"full": {full}, "first": {person_key(first_name(participant.name))},
                "surname": {person_key(surname(participant.name))} if surname(participant.name) else set(),
                "initials": initials(participant.name)}
        words = full.split()
        keys["letter"] = {words[0]} if len(words) >= 2 and len(words[0]) == 1 else set()
        for kind, values in keys.items():
            for value in values:
                self._by_key[kind].setdefault(value, []).append(index)
        return index

    def with_labels(self, labels: dict[int, str]) -> tuple[Participant, ...]:
        """Return the participants with the label each was first addressed by."""
        return tuple(
            Participant(p.name, p.role, p.label or labels.get(i), p.is_interviewer)
            for i, p in enumerate(self.participants)
        )
