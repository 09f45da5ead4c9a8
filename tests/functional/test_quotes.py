"""Quotes as a researcher uses them: the coded passage widened to whole sentences, one quote where two coders'
codings overlap, at most one per gemeente per code unless asked, a length bound that cuts after a whole sentence
with an ellipsis, and the researcher's chosen quotes first: the same in the synthesis, the appendix and
`table quotes`."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcode.analysis.quotes import widen
from qualcode.project import Project
from tests.functional.conftest import Cli
from tests.functional.synthesis_project import build, codings

LONG_INTERVIEW = """\
Interviewverslag - Gemeente Zuidhaven

Gemeente: Zuidhaven
Gesprekspartner(s):
Wim Koster, wethouder vastgoed en energie
Datum: 28 april 2025
Interviewer: Pieter Hoekstra

2. Ervaringen met samenwerking

Pieter: Waar loopt u tegenaan bij de scholen?

Wim: Kijk, de scholen zijn van de schoolbesturen, maar het gebouw is van ons. Wij hebben afgesproken dat we \
samen een plan maken voor de vier oudste scholen in de kern. Toen bleek dat de aansluiting op het net niet \
groter kon, omdat de netbeheerder eerst een nieuw station moet bouwen. Dat duurt volgens hen minstens tot 2029. \
Intussen staan de ketels er nog en betalen we de hoofdprijs voor gas. Het is frustrerend, want het geld lag klaar.
"""


@pytest.fixture(scope="module")
def study_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build(tmp_path_factory.mktemp("quotes") / "studie", 9)
    extra = root.parent / "extra"
    extra.mkdir()
    (extra / "zuidhaven-wethouder.txt").write_text(LONG_INTERVIEW, encoding="utf-8")
    with Project.open(root) as project:
        assert not project.import_transcripts([extra]).failed
        document = next(d for d in project.documents() if d.source_name == "zuidhaven-wethouder.txt")
        text = project.document_text(document.guid)
        start = text.index("Wim: Kijk")  # coded from the speaker label on, as a hurried coder drags it
        end = text.index("het geld lag klaar.") + len("het geld lag klaar.")
        project.apply_coding(document.guid, start, end, "vastgoed.netcongestie", "tom")
    return root


@pytest.fixture
def study(study_template: Path, tmp_path: Path) -> Iterator[Project]:
    target = tmp_path / "studie"
    shutil.copytree(study_template, target)
    with Project.open(target) as project:
        yield project


def quotes_in(markdown: str, heading: str) -> list[tuple[str, str]]:
    """(text, attribution) of the quotes under a '#### heading' (or '### heading' in the appendix)."""
    section = re.split(rf"(?m)^#+ {re.escape(heading)}$", markdown, maxsplit=1)[1]
    section = re.split(r"(?m)^#+ ", section, maxsplit=1)[0]
    found = re.findall(r"(?m)^> (.+)\n>\n> — (.+)$", section)
    return [(text, attribution) for text, attribution in found]


def table_rows(project: Project, code: str) -> list[dict[str, str]]:
    from qualcode.project.reports import TableRequest

    content = project.table(TableRequest("quotes", code=code), "csv").content.decode()
    return list(csv.DictReader(io.StringIO(content)))


def write_control(project: Project, text: str) -> None:
    (project.root / "reports" / "synthesis.toml").write_text(text, encoding="utf-8")


def test_a_fragment_is_quoted_as_its_whole_sentence_once_for_two_coders(study: Project) -> None:
    sentence = "We hebben gewoon te weinig mensen om alle gebouwen langs te gaan, dus het schuift steeds op."
    coded = codings(study, "organisatie.capaciteit")
    assert sorted(c.text for c in coded) == sorted([sentence, "te weinig mensen"])  # sanne's fragment, tom's sentence
    synthesis = study.report("synthesis", "md").content.decode()
    assert quotes_in(synthesis, "Te weinig capaciteit") == [(sentence, "beleidsadviseur duurzaamheid, gemeente "
                                                                       "Zuidhaven")]
    appendix = study.report("appendix", "md").content.decode()
    assert [text for text, _ in quotes_in(appendix, "Te weinig capaciteit")] == [sentence]
    rows = table_rows(study, "organisatie.capaciteit")
    assert [row["citaat"] for row in rows] == [sentence]


def test_a_quote_leaves_out_the_speaker_label_and_ends_after_a_whole_sentence(study: Project) -> None:
    rows = [row for row in table_rows(study, "vastgoed.netcongestie") if "de scholen" in row["citaat"]]
    assert len(rows) == 1
    quote = rows[0]["citaat"]
    assert quote.startswith("Kijk, de scholen zijn van de schoolbesturen") and "Wim:" not in quote
    # 455 characters of coded text: cut after the last sentence that fits in 400, with an ellipsis.
    assert quote.endswith("betalen we de hoofdprijs voor gas. …") and "het geld lag klaar" not in quote
    assert len(quote) <= 400 + 2
    write_control(study, "max_quote_chars = 200\n")
    shorter = [row["citaat"] for row in table_rows(study, "vastgoed.netcongestie") if "de scholen" in row["citaat"]]
    assert shorter == ["Kijk, de scholen zijn van de schoolbesturen, maar het gebouw is van ons. Wij hebben "
                       "afgesproken dat we samen een plan maken voor de vier oudste scholen in de kern. …"]


def test_widening_on_plain_strings() -> None:
    text = "R: Eerste zin. Tweede zin is wat langer. Derde."
    sentences = [(3, 14), (15, 40), (41, 47)]
    assert widen(text, 20, 25, sentences[1:2]) == (15, 40, "Tweede zin is wat langer.", False)
    assert widen(text, 0, 47, sentences) == (3, 47, "Eerste zin. Tweede zin is wat langer. Derde.", False)
    assert widen(text, 0, 47, sentences, max_chars=30) == (3, 47, "Eerste zin. …", True)
    assert widen(text, 0, 47, sentences, max_chars=5) == (3, 47, "Eerste zin. …", True)  # never a fragment
    assert widen(text, 0, 12, sentences[:1], max_chars=5) == (3, 14, "Eerste zin.", False)  # one sentence: whole
    assert widen(text, 3, 8, []) == (3, 8, "Eerst", False)  # no sentences known: the coded words


def test_at_most_one_quote_per_gemeente_unless_asked(study: Project) -> None:
    write_control(study, "quotes_per_code = 12\n")
    quotes = quotes_in(study.report("synthesis", "md").content.decode(), "Netcongestie remt elektrificatie")
    places = [attribution.rsplit("gemeente ", 1)[1] for _, attribution in quotes]
    assert len(quotes) == 9 and len(set(places)) == 9  # Oudeberg and Zuidhaven have two passages: one each
    write_control(study, "quotes_per_code = 12\nquotes_per_case = 2\n")
    quotes = quotes_in(study.report("synthesis", "md").content.decode(), "Netcongestie remt elektrificatie")
    places = [attribution.rsplit("gemeente ", 1)[1] for _, attribution in quotes]
    assert len(quotes) == 11 and places.count("Oudeberg") == 2 and places.count("Zuidhaven") == 2
    texts = [text for text, _ in quotes]
    assert len(set(texts)) == len(texts)  # no two quotes overlap, though two coders coded every passage


def test_chosen_quotes_come_first_everywhere_and_undo_takes_the_choice_back(study: Project,
                                                                            cli: Cli) -> None:
    default = quotes_in(study.report("synthesis", "md").content.decode(), "Netcongestie remt elektrificatie")
    shown = {attribution.rsplit("gemeente ", 1)[1] for _, attribution in default}
    # A gemeente the default choice leaves out (three of nine are shown), coded by tom.
    wolderhoven = next(c for c in codings(study, "vastgoed.netcongestie") if c.gemeente not in shown
                       and c.coder == "tom")
    place = wolderhoven.gemeente
    choice = study.choose_quote(wolderhoven.guid, coder="lies")
    assert choice.changed and choice.chosen and choice.code_key == "vastgoed.netcongestie"
    assert not study.choose_quote(wolderhoven.guid, coder="lies").changed  # already chosen: no second event
    synthesis = quotes_in(study.report("synthesis", "md").content.decode(), "Netcongestie remt elektrificatie")
    assert synthesis[0][1].endswith(f"gemeente {place}") and len(synthesis) == 3
    assert [a for _, a in synthesis[1:]] == [a for _, a in default[:2]]  # then the default choice
    appendix = quotes_in(study.report("appendix", "md").content.decode(), "Netcongestie remt elektrificatie")
    assert appendix[0][1].endswith(f"gemeente {place}")
    rows = table_rows(study, "vastgoed.netcongestie")
    chosen_rows = [row for row in rows if row["gekozen"] == "ja"]
    assert [row["gemeente"] for row in chosen_rows] == [place]  # both coders' codings of it: one quote, chosen
    assert {row["gekozen"] for row in rows if row not in chosen_rows} == {"nee"}
    assert [q.coding_guid for q in study.chosen_quotes()] == [wolderhoven.guid]
    result = study.undo("lies")
    assert result is not None and "chose" in result.summary
    assert study.chosen_quotes() == []
    assert quotes_in(study.report("synthesis", "md").content.decode(), "Netcongestie remt elektrificatie") == default
    assert study.redo("lies") is not None and [q.coding_guid for q in study.chosen_quotes()] == [wolderhoven.guid]


def test_the_quotes_commands(study: Project, cli: Cli) -> None:
    brugmond = next(c for c in codings(study, "vastgoed.budget") if c.gemeente == "Brugmond")
    root = str(study.root)
    result = cli("--project", root, "quotes", "choose", brugmond.guid[:8], "--coder", "lies")
    assert result.code == 0, result.text
    assert "chosen as a quote" in result.text
    listed = cli("--project", root, "quotes", "list", "--code", "vastgoed.budget")
    assert brugmond.guid[:8] in listed.text and "Brugmond" in listed.text
    typo = cli("--project", root, "quotes", "list", "--code", "vastgoed.budgt")
    assert typo.code == 1 and "did you mean 'vastgoed.budget'" in typo.text
    unknown = cli("--project", root, "quotes", "choose", "FFFFFFFF", "--coder", "lies")
    assert unknown.code == 1 and "no coding with id 'FFFFFFFF'" in unknown.text
    cli("--project", root, "quotes", "unchoose", brugmond.guid, "--coder", "lies")
    assert "no chosen quotes" in cli("--project", root, "quotes", "list").text
