"""clean_layout and hyphens: a speaker breaking off (`ge- gewoon`) is kept; only printed line ends are resolved."""

from __future__ import annotations

import pytest

from qualcode.domain.layout import CleanedText, clean_layout

VERBATIM = ("Anna: Nou, we hebben het ge- gewoon gedaan. Dat was echt een pro- een probleem. De raad was- die was "
            "positief. In 2020- nee, in 2021. Ik- ik weet het niet.")


@pytest.mark.parametrize("text", [
    VERBATIM + "\n",
    "Gemeente: Kleidorp\nDatum: 3 juni 2025\n\nJoost: Hoe ging het?\n\n" + VERBATIM + "\n\nJoost: Dank je.\n",
    "\n".join([VERBATIM] * 8) + "\n",
])
def test_a_verbatim_transcript_that_is_not_hard_wrapped_comes_back_exactly_as_given(text: str) -> None:
    cleaned = clean_layout(text)
    assert cleaned == CleanedText(text, (), False)
    assert cleaned.text is text


# The same turn printed in a narrow column: some of the breaks fall inside a line, some at a line end.
WRAPPED_VERBATIM = [
    "Joost: Hoe is het project bij de sporthal in Kleidorp uiteindelijk verlopen,",
    "en wat heeft de raad daar toen precies over gezegd in de commissie?",
    "Anna: Nou, we hebben het ge- gewoon gedaan. Dat was echt een pro- een",
    "probleem. De raad was- die was positief. In 2020- nee, in 2021. Ik-",
    "ik weet het niet. Het zwembad kreeg toen ook een nieuw energie-",
    "label en een warmtepomp, maar dat was eigenlijk een heel ander verhaal.",
    "Pieter: Bij ons in de buurgemeente ging het ongeveer net zo, maar daar was",
    "de wethouder er veel eerder bij en had de raad al een budget vastgesteld.",
]


def test_in_hard_wrapped_text_a_speaker_breaking_off_is_kept_and_a_printed_hyphen_resolved() -> None:
    cleaned = clean_layout("\n".join(WRAPPED_VERBATIM) + "\n")
    assert cleaned.changed
    assert VERBATIM + " Het zwembad kreeg toen ook een nieuw energielabel en" in cleaned.text
    assert "1 word hyphenated at a line end rejoined (energielabel)" in cleaned.warnings
    assert "5 words broken off by the speaker kept as written (ge- gewoon, pro- een, was- die, …)" in cleaned.warnings


def test_the_document_decides_before_the_rule_for_a_speaker_breaking_off() -> None:
    lines = [
        "Joost: Was het voor de raad een ja-nee-kwestie, of hebben jullie het over",
        "de inhoud gehad? Ik vraag het omdat het in de stukken een beetje een ja-",
        "nee-kwestie lijkt, zonder dat er over de varianten is gesproken in de raad.",
        "Anna: Het was echt een ja-nee-kwestie, en dat vonden wij ook wel jammer,",
        "want er lagen drie varianten op tafel en die zijn niet eens besproken",
        "in de commissie, terwijl de ambtenaren er maanden aan hadden gewerkt.",
    ]
    cleaned = clean_layout("\n".join(lines) + "\n")
    # "nee" after a hyphen reads as breaking off, but the document writes ja-nee-kwestie elsewhere.
    assert cleaned.text.count("ja-nee-kwestie") == 3
