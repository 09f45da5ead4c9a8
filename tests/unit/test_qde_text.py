"""How REFI-QDA offsets are read (qualcode/exchange/qde_text.py): whatever a writer counted — codepoints, CR LF as
one, UTF-16 units, UTF-8 bytes, with or without the byte-order mark — the selections land on the same words of the
text as qualcode stores it (`\\n` line ends), and the way of counting is said."""

from __future__ import annotations

import random

import pytest

from qualcode.exchange.qde_text import decode_plain, normalise

# Words as interviews have them: non-ASCII inside words (ë, ’, ₂, €, emoji), none shorter than four characters, so
# that a wrong way of counting, which shifts a selection by a few characters, cuts into a word somewhere.
WORDS = ["Hoogveen", "CO₂-doel", "cafébezoek", "’s-Hertogenbosch", "goed👍", "warmtenet", "Noëlle", "aardgasvrij",
         "wethouder", "subsidie", "DUMAVA-regeling", "€900.000", "Zandhoven", "scholen", "financiën", "😀😀😀😀",
         "netbeheerder", "coördinator", "reëel", "bewoners"]


def counted(text: str, start: int, end: int, counting: str, bom: bool) -> tuple[int, int]:
    def count(prefix: str) -> int:
        return {"codepoints": len(prefix), "crlf": len(prefix.replace("\r\n", "\n")),
                "lf-as-two": len(prefix.replace("\r\n", "\n").replace("\n", "\r\n")),
                "utf16": len(prefix.encode("utf-16-le")) // 2, "utf8": len(prefix.encode("utf-8"))}[counting]
    return count(text[:start]) + bom, count(text[:end]) + bom


def _case(rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """A text of 12–20 words with varied separators, and 5–8 selections of two or three whole words."""
    words = rng.sample(WORDS, rng.randint(12, 20))
    separators = [rng.choice([" ", " ", " ", "\r\n", "\n", ", ", "\r\n\r\n", ". "]) for _ in words]
    text = "".join(word + separator for word, separator in zip(words, separators, strict=True))
    starts = [sum(len(w) + len(separators[j]) for j, w in enumerate(words[:i])) for i in range(len(words))]
    spans = []
    for first in sorted(rng.sample(range(len(words) - 3), rng.randint(5, 8))):
        last = first + rng.randint(1, 2)
        spans.append((starts[first], starts[last] + len(words[last])))
    return text, spans


@pytest.mark.parametrize("counting", ["codepoints", "crlf", "lf-as-two", "utf16", "utf8"])
@pytest.mark.parametrize("bom", [False, True])
def test_selections_land_on_the_same_words_however_the_writer_counted(counting: str, bom: bool) -> None:
    """Over 300 texts per way of counting: the file's own counting (codepoints) is always read right; another is
    found from word boundaries, which a text can leave ambiguous (a shift that happens to fall between words at
    every edge), so nearly always."""
    rng = random.Random(f"{counting}-{bom}")
    exact = 0
    for _ in range(300):
        text, spans = _case(rng)
        expected = [text[s:e].replace("\r\n", "\n") for s, e in spans]
        result = normalise(("\ufeff" if bom else "") + text, [counted(text, s, e, counting, bom) for s, e in spans])
        assert "\r" not in result.text and not result.text.startswith("\ufeff")
        exact += [result.text[a:b] if (a, b) else None for a, b in
                  (span or (0, 0) for span in result.spans)] == expected
    assert exact == 300 if counting == "codepoints" and not bom else exact >= 291, exact


def test_what_was_changed_is_said() -> None:
    text = "R: Het CO₂-doel 👍 helpt.\r\nI: En verder?\r\n"
    start, end = text.index("helpt"), text.index("helpt") + 5
    utf16 = normalise(text, [(start + 1, end + 1)])  # the emoji counted as two units
    assert utf16.counting == "UTF-16 units" and utf16.text[utf16.spans[0][0]:utf16.spans[0][1]] == "helpt"
    assert "line ends: 2 CR LF made \\n" in utf16.notices
    assert any("the writer counted UTF-16 units" in notice for notice in utf16.notices)
    plain = normalise(text, [(start, end)])
    assert plain.counting == "codepoints" and not any("offsets" in n for n in plain.notices)


def test_a_selection_that_fits_no_way_of_counting_is_none() -> None:
    result = normalise("I: Hallo?\nR: Dag.\n", [(0, 2), (500, 510), (5, 3)])
    assert result.spans == [(0, 2), None, None]


@pytest.mark.parametrize(("raw", "text", "bom"), [
    (b"\xef\xbb\xbfHallo", "Hallo", True), (b"Hallo", "Hallo", False),
    ("\ufeffHallo".encode("utf-16"), "\ufeffHallo", True)])
def test_decoding_removes_a_byte_order_mark(raw: bytes, text: str, bom: bool) -> None:
    decoded, had_bom, _ = decode_plain(raw)
    assert (decoded.lstrip("\ufeff"), had_bom) == (text.lstrip("\ufeff"), bom)
