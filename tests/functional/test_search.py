"""Project-wide search (issue 15): lemma forms, phrases, wildcards, compounds, filters, KWIC and the lemma index."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from qualcode.domain.kwic import cell_width
from qualcode.domain.search_query import SearchQueryError
from qualcode.nlp import pipeline
from qualcode.project import Project
from qualcode.project.search import SearchResult
from tests.nlp.conftest import tiny_model  # noqa: F401  (the trained pipeline fixture)

HOOGVEEN = """Gemeente: Hoogveen
Gesprekspartner: An Smit
Functie: beleidsadviseur duurzaamheid
Interviewer: Pieter Bakker

Pieter: Hoe werken de gemeenten in de regio samen?

An: De gemeenten werkten vorig jaar samen aan een grotere subsidieregeling. Het structurele budget is te klein. \
Daarnaast speelt de rijkssubsidie voor het gemeentehuis mee.

Pieter: En de verduurzamingsopgave?

An: De verduurzamingsopgave is groot, maar de subsidies zijn op. We zochten naar een subsidie voor het \
bedrijventerrein. Het budget is niet structureel.

Pieter: Nog iets?

An: =1+1 is wat de gemeente rekent.
"""
LINDEDAM = """Gemeente: Lindedam
Gesprekspartner: Rick Jansen
Functie: wethouder
Interviewer: Pieter Bakker

Pieter: Werkt de gemeente met een structureel budget?

Rick: Ja, wij werken sinds 2023 met structurele budgetten. Het overleg 🚀🚀 met 東京 en de gemeente loopt goed. \
De DUMAVA-subsidie helpt ons.
"""
CODEBOOK = """codes:
  - id: financiering
    name: Financiering
    type: barrier
"""


def _make(root: Path) -> Project:
    project = Project.init(root, name="Zoekstudie")
    (root / "transcripts" / "hoogveen.txt").write_text(HOOGVEEN, encoding="utf-8")
    (root / "transcripts" / "lindedam.txt").write_text(LINDEDAM, encoding="utf-8")
    (root / "codebooks" / "basis.yaml").write_text(CODEBOOK, encoding="utf-8")
    report = project.import_transcripts([root / "transcripts"])
    assert not report.failed
    project.load_codebook(root / "codebooks" / "basis.yaml")
    return project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    monkeypatch.delenv(pipeline.MODEL_ENV, raising=False)
    monkeypatch.setattr(pipeline, "model_installed", lambda model=None: False)  # the simplemma path, always
    made = _make(tmp_path / "studie")
    yield made
    made.close()


def _keywords(result: SearchResult) -> list[str]:
    return [hit.keyword for hit in result.hits]


def _guid(project: Project, title_part: str) -> str:
    return next(d.guid for d in project.documents() if title_part in d.title)


def test_every_form_of_the_lemma_is_found(project: Project) -> None:
    assert _keywords(project.search("gemeenten")) == ["gemeenten", "gemeenten", "gemeente", "gemeente", "gemeente"]
    assert _keywords(project.search("gemeente")) == _keywords(project.search("gemeenten"))
    assert _keywords(project.search("werkten")) == ["werken", "werkten", "Werkt", "werken"]
    assert _keywords(project.search("groot")) == ["grotere", "groot"]
    # a hit is the word's own span in the stored text
    hit = project.search("grotere").hits[0]
    assert project.document_text(hit.document_guid)[hit.start:hit.end] == "grotere"


def test_a_phrase_is_its_words_next_to_each_other_in_any_form(project: Project) -> None:
    result = project.search("structureel budget")
    assert _keywords(result) == ["structurele budget", "structureel budget", "structurele budgetten"]
    assert _keywords(project.search('"structurele budgetten"')) == _keywords(result)
    # "Het budget is niet structureel" has both words, not as a phrase
    assert all("niet" not in hit.keyword for hit in result.hits)


def test_wildcards_match_the_lemmas_and_forms(project: Project) -> None:
    assert sorted(_keywords(project.search("subsidie*"))) == ["DUMAVA-subsidie", "subsidie", "subsidieregeling",
                                                              "subsidies"]
    assert sorted(_keywords(project.search("*subsidie"))) == ["DUMAVA-subsidie", "rijkssubsidie", "subsidie",
                                                              "subsidies"]
    assert _keywords(project.search("ge?eentehuis")) == ["gemeentehuis"]
    assert sorted(_keywords(project.search("subsidieregeling | budget"))) == [
        "budget", "budget", "budget", "budgetten", "subsidieregeling"]


def test_compounds_are_found_only_when_asked(project: Project) -> None:
    plain = _keywords(project.search("subsidie"))
    assert sorted(plain) == ["DUMAVA-subsidie", "subsidie", "subsidies"]  # a hyphenated word matches by its piece
    compounds = _keywords(project.search("subsidie", compounds=True))
    assert sorted(compounds) == ["DUMAVA-subsidie", "rijkssubsidie", "subsidie", "subsidieregeling", "subsidies"]
    assert _keywords(project.search("opgave", compounds=True)) == ["verduurzamingsopgave", "verduurzamingsopgave"]
    assert _keywords(project.search("bedrijf", compounds=True)) == ["bedrijventerrein"]
    assert _keywords(project.search("huis", compounds=True)) == ["gemeentehuis"]
    assert _keywords(project.search("opgave")) == []


def test_filters_and_the_count_per_case(project: Project) -> None:
    everything = project.search("gemeente")
    assert everything.per_case == (("Hoogveen", 3), ("Lindedam", 2))
    assert {hit.case for hit in project.search("gemeente", case="lindedam").hits} == {"Lindedam"}
    interviewer = project.search("gemeente", speaker="interviewer")
    assert [hit.speaker for hit in interviewer.hits] == ["Pieter Bakker", "Pieter Bakker"]
    assert all(hit.is_interviewer for hit in interviewer.hits)
    respondents = project.search("gemeente", speaker="respondent")
    assert len(respondents.hits) == 3 and not any(hit.is_interviewer for hit in respondents.hits)
    assert [hit.role for hit in project.search("gemeente", role="Wethouder").hits] == ["wethouder"]
    with pytest.raises(Exception, match="no case 'Atlantis'"):
        project.search("gemeente", case="Atlantis")


def test_code_filter_keeps_hits_inside_coded_passages(project: Project) -> None:
    assert project.search("budget", code="financiering").hits == ()
    guid = _guid(project, "Hoogveen")
    text = project.document_text(guid)
    start = text.index("Het structurele budget")
    project.apply_coding(guid, start, text.index(".", start) + 1, "financiering", "sanne")
    result = project.search("budget", code="financiering")
    assert _keywords(result) == ["budget"] and result.hits[0].start > start
    with pytest.raises(Exception, match="no code 'onbekend'"):
        project.search("budget", code="onbekend")


def test_kwic_lines_align_by_display_width_with_wide_characters(project: Project) -> None:
    result = project.search("gemeente", context_words=5)
    lines = result.kwic_lines(side=24)
    wide = next(line for line in lines if "東京" in line)
    assert "🚀🚀" in wide
    starts = {cell_width(line[:line.index(hit.keyword)]) for line, hit in zip(lines, result.hits, strict=True)}
    assert starts == {24 + 2}  # every keyword starts in the same terminal cell
    rights = {cell_width(line[:line.index(hit.keyword) + len(hit.keyword)]) for line, hit in
              zip(lines, result.hits, strict=True)}
    assert len(rights) == 2  # "gemeente" and "gemeenten" end where they end …
    assert cell_width("東京") == 4 and cell_width("🚀") == 2
    hit = next(h for h in result.hits if "東京" in h.left)
    assert hit.left == "🚀🚀 met 東京 en de" and hit.right == "loopt goed. De DUMAVA-subsidie helpt"


def test_context_stays_inside_the_speakers_turn(project: Project) -> None:
    hit = project.search("verduurzamingsopgave").hits[0]
    assert hit.left == "En de" and hit.right == "?"  # the question ends the turn
    answer = project.search("verduurzamingsopgave", speaker="respondent").hits[0]
    assert answer.left == "De" and "Pieter" not in answer.left


def test_the_index_follows_reimport_replacement_and_undo(project: Project, tmp_path: Path) -> None:
    root = project.root
    changed = LINDEDAM.replace("De DUMAVA-subsidie helpt ons.", "De warmtekoppeling helpt ons.")
    (root / "transcripts" / "lindedam.txt").write_text(changed, encoding="utf-8")
    project.import_transcripts([root / "transcripts" / "lindedam.txt"])
    assert _keywords(project.search("warmtekoppeling")) == ["warmtekoppeling"]
    assert "DUMAVA-subsidie" not in _keywords(project.search("subsidie"))
    # a coded document gets a new version: its sentences are rebuilt and so is the index
    guid = _guid(project, "Hoogveen")
    text = project.document_text(guid)
    start = text.index("De gemeenten werkten")
    project.apply_coding(guid, start, start + 12, "financiering", "sanne")
    corrected = tmp_path / "hoogveen-v2.txt"
    corrected.write_text(HOOGVEEN.replace("bedrijventerrein", "industrieterrein"), encoding="utf-8")
    project.replace_document(guid, corrected, coder="sanne")
    assert _keywords(project.search("industrieterrein")) == ["industrieterrein"]
    assert _keywords(project.search("bedrijventerrein")) == []
    project.undo("sanne")
    assert _keywords(project.search("bedrijventerrein")) == ["bedrijventerrein"]
    assert _keywords(project.search("industrieterrein")) == []
    project.remove_document(guid, force=True, coder="sanne")
    assert {hit.case for hit in project.search("gemeente").hits} == {"Lindedam"}


def test_the_migration_builds_the_index_of_an_existing_project(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlite_utils import Database

    from qualcode.storage.migrations import migrations

    monkeypatch.setattr(pipeline, "model_installed", lambda model=None: False)
    root = tmp_path / "oud"
    _make(root).close()
    # The same project as it was before m006: a database migrated up to m005, holding the same rows.
    old = tmp_path / "m005.db"
    migrations.apply(Database(old), stop_before="m006_search_index")
    with sqlite3.connect(old) as connection:
        connection.execute("ATTACH DATABASE ? AS made", (str(root / "qualcode.db"),))
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'")]
        for table in tables:
            columns = [r[1] for r in connection.execute(f"PRAGMA main.table_info({table})")]
            names = ", ".join(f'"{c}"' for c in columns)
            connection.execute(f"DELETE FROM main.{table}")
            connection.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM made.{table}")
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        (root / f"qualcode.db{suffix}").unlink(missing_ok=True)
    old.rename(root / "qualcode.db")
    with Project.open(root) as project:
        assert _keywords(project.search("werkten")) == ["werken", "werkten", "Werkt", "werken"]


def test_a_query_that_cannot_be_searched_says_why(project: Project) -> None:
    for query, message in (("", "empty"), ("*", "at least 2 letters"), ('"structureel budget', "quote"),
                           ("gemeente " * 2000, "too long"), ("-- !! …", "no word")):
        with pytest.raises(SearchQueryError, match=message):
            project.search(query)
    with pytest.raises(Exception, match="--speaker"):
        project.search("gemeente", speaker="wethouder")


def test_the_trained_pipeline_path(tiny_model: Path, tmp_path: Path,  # noqa: F811
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pipeline.MODEL_ENV, str(tiny_model))
    pipeline.load_language.cache_clear()
    from qualcode.project import search as search_module

    search_module._query_lemmas.cache_clear()
    try:
        with _make(tmp_path / "model") as project:
            lemmas = [lemma for d in project.documents() for _, _, lemma in project.sentences(d.guid)]
            assert any(lemma.startswith("de gemeente werken vorig jaar") for lemma in lemmas)  # the model's
            assert _keywords(project.search("gemeenten")) == ["gemeenten", "gemeenten", "gemeente", "gemeente",
                                                              "gemeente"]
            # the index holds the model's lemmas; the query word is lemmatised by the model and by simplemma
            assert "werkten" in _keywords(project.search("werkten"))
            # a sentence whose tokens differ from its words (emoji, "=1+1") is still found, word by word
            assert "東京" in project.search("gemeente", case="Lindedam").hits[1].left
    finally:
        search_module._query_lemmas.cache_clear()
        pipeline.load_language.cache_clear()


# -- the command ---------------------------------------------------------------------------------------------
@pytest.fixture
def studie(project: Project, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(project.root)
    return project.root


def test_cli_prints_kwic_lines_and_the_count_per_case(studie: Path, cli: Callable) -> None:
    result = cli("search", "gemeenten", "--context", "3")
    assert result.code == 0, result.text
    lines = result.out.splitlines()
    kwic = [line for line in lines if line.startswith("  ") and "gemeente" in line]
    assert len(kwic) == 5
    assert {cell_width(line[:line.index(" gemeente") + 1]) for line in kwic} == {
        cell_width(kwic[0][:kwic[0].index(" gemeente") + 1])}
    assert [line for line in lines if " · " in line] == ["Hoogveen – An Smit · Hoogveen",
                                                         "Lindedam – Rick Jansen · Lindedam"]
    assert kwic[0].startswith("  Pieter Bakker (intervie") and kwic[1].startswith("  An Smit (beleidsadviseu")
    assert "5 hits in 2 cases:" in result.out
    assert [line.split() for line in lines[-2:]] == [["Hoogveen", "3"], ["Lindedam", "2"]]
    nothing = cli("search", "kernenergie")
    assert nothing.code == 0 and "no hits for kernenergie" in nothing.out


def test_cli_writes_csv_safely_and_xlsx(studie: Path, cli: Callable, tmp_path: Path) -> None:
    result = cli("search", "gemeente", "--format", "csv")
    assert result.code == 0, result.text
    rows = list(csv.DictReader(io.StringIO((studie / "reports" / "search.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 5
    formula = next(row for row in rows if "1+1" in row["left"])
    assert formula["left"].startswith("'=1+1")
    assert cli("search", "gemeente", "--format", "xlsx").code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(studie / "reports" / "search.xlsx").active
    assert [cell.value for cell in sheet[1]][:3] == ["document", "case", "speaker"]
    assert sheet.max_row == 6
    formula_cell = next(row[7] for row in sheet.iter_rows(min_row=2) if "1+1" in str(row[7].value))
    assert formula_cell.value == "=1+1 is wat de" and formula_cell.data_type == "s"  # text, never a formula
    outside = tmp_path / "elders.md"
    outside.write_text("van iemand anders", encoding="utf-8")
    refused = cli("search", "gemeente", "--out", outside)
    assert refused.code == 1 and "--force" in refused.err
    assert outside.read_text(encoding="utf-8") == "van iemand anders"
    assert cli("search", "gemeente", "--out", outside, "--force").code == 0
    assert "| Hoogveen | 3 |" in outside.read_text(encoding="utf-8")


def test_cli_refuses_a_bad_query_with_a_hint(studie: Path, cli: Callable) -> None:
    result = cli("search", "*")
    assert result.code == 1 and "needs at least 2 letters" in result.err and "→" in result.err


def test_cli_shows_at_most_limit_hits_but_counts_and_files_keep_all(studie: Path, cli: Callable) -> None:
    limited = cli("search", "gemeenten", "--context", "3", "--limit", "2")
    assert limited.code == 0, limited.text
    kwic = [line for line in limited.out.splitlines() if line.startswith("  ") and "gemeente" in line]
    assert len(kwic) == 2
    assert "showing the first 2 of 5 hits" in " ".join(limited.out.split())
    assert "5 hits in 2 cases:" in limited.out  # the counts cover every hit
    everything = cli("search", "gemeenten", "--context", "3", "--limit", "0")
    assert "showing the first" not in everything.out
    assert len([line for line in everything.out.splitlines() if line.startswith("  ") and "gemeente" in line]) == 5
    assert cli("search", "gemeenten", "--limit", "2", "--format", "csv").code == 0
    assert len(list(csv.DictReader(io.StringIO((studie / "reports" / "search.csv").read_text(encoding="utf-8"))))) == 5
    wrong = cli("search", "gemeenten", "--limit", "veel")
    assert wrong.code == 2 and "--limit takes a whole number" in wrong.err


def test_format_md_prints_the_markdown_a_file_would_hold(studie: Path, cli: Callable) -> None:
    printed = cli("search", "gemeenten", "--format", "md")
    assert printed.code == 0, printed.text
    assert cli("search", "gemeenten", "--out", studie / "zoek.md").code == 0
    assert printed.out == (studie / "zoek.md").read_text(encoding="utf-8")
    assert "| Hoogveen | 3 |" in printed.out and "wrote" not in printed.out
    terminal = cli("search", "gemeenten")  # without --format: the aligned KWIC lines
    assert "5 hits in 2 cases:" in terminal.out and "| Hoogveen |" not in terminal.out
