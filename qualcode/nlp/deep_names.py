"""The optional deep scan: deduce's person findings as candidates for the pseudonym key.

deduce (Dutch de-identification, GPL-3.0) is no dependency of qualcode: a user who wants it installs it into
qualcode's environment (`pip install deduce`). It builds lookup structures on first use and caches them; we give it
a cache folder in the user's cache directory (platformdirs), not inside the installed package, which may be
read-only. deduce logs through the root logger at import, so logging is configured before the import. A person
deduce reads on through "van" into an organisation ("Jan de Boer van Enexis") is cut back to the name, as
name_finder parses one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qualcode.domain.errors import ProjectError
from qualcode.nlp.name_finder import PERSON, Finding

PERSON_TAGS = ("persoon", "patient")
INSTALL_HINT = ("the deep scan uses deduce, which qualcode does not install (its licence is GPL-3.0): install it into "
                "qualcode's environment with 'pip install deduce' (or 'pipx inject qualcode deduce'), then scan "
                "again; 'qualcode pseudonyms scan' without --deep needs nothing more")
# ' van ' and a capitalised word after a name of two or more words: where an organisation begins ('Jan de Boer van
# Enexis', 'Jan Jansen van Alliander'), not a surname ('Pieter van Dam', 'Maria van den Berg').
_OF_AN_ORGANISATION = re.compile(r"\s+van\s+(?=[^\W\d_])(?=\w*[A-Z])")


def person_part(name: str) -> str:
    """The person's name in what deduce took for one: cut before 'van X' that follows a name of two or more words."""
    for match in _OF_AN_ORGANISATION.finditer(name):
        before = name[:match.start()]
        if len(before.split()) >= 2 and name[match.end():][:1].isupper():
            return before
    return name


def cache_folder() -> Path:
    """Where deduce keeps its lookup structures for qualcode's use."""
    from platformdirs import user_cache_dir

    folder = Path(user_cache_dir("qualcode")) / "deduce"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def deep_person_finder() -> Callable[[str], list[Finding]]:
    """A function that returns deduce's persons in a text; a ProjectError saying how to install deduce without it."""
    logging.getLogger("deduce").setLevel(logging.WARNING)
    logging.getLogger("docdeid").setLevel(logging.WARNING)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING)
    try:
        import deduce  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise ProjectError("deduce is not installed", hint=INSTALL_HINT) from None
    model = _model(deduce)

    def find(text: str) -> list[Finding]:
        document = model.deidentify(text)
        found = []
        for annotation in document.annotations:
            if str(annotation.tag).lower() not in PERSON_TAGS:
                continue
            start, end = int(annotation.start_char), int(annotation.end_char)
            name = person_part(text[start:end])
            end = start + len(name)
            found.append(Finding(start, end, PERSON, " ".join(name.split())))
        return found

    return find


def _model(deduce: Any) -> Any:
    cache = str(cache_folder())
    try:
        return deduce.Deduce(cache_path=cache)
    except TypeError:  # a deduce without cache_path keeps its cache beside its lookup data
        return deduce.Deduce()
