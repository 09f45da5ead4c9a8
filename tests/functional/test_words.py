"""Words that stand out (issue 15): frequencies and keyness per case, code, attribute group and role on fictional
Dutch interviews; names and stop words kept out; both lemma paths; the command's errors and files; the report
section on and off."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcode.nlp import pipeline
from qualcode.project import Project
from qualcode.project.words import WordTable, project_name_test, word_table
from tests.functional.conftest import Cli
from tests.nlp.conftest import tiny_model  # noqa: F401  (the trained pipeline fixture)

# Every respondent answers eight questions alike, so that the three gemeenten are the same size; each has its own
# subject (a word eight times) and mentions its own gemeente and a colleague more often, a real place and the
# interviewer less: counted, the names would top every list.
SUBJECTS = {
    "Dijkhaven": ("Marieke Koster", "wethouder", "Zeeland", "dijkversterking", "Jeroen Klaassens", "Zwolle"),
    "Veenstede": ("Henk Mulder", "beleidsadviseur", "Drenthe", "warmtenet", "Anouk Verbeek", "Assen"),
    "Korenburg": ("Sanne Wijnands", "wethouder", "Drenthe", "bibliotheek", "Ruud Peeters", "Emmen"),
}
QUESTIONS = ["Wat staat er op de vragenlijst over {s}?", "Mag ik de vragenlijst erbij pakken?",
             "Hoe past dat in de vragenlijst?", "Volgende vraag van de vragenlijst: de planning?",
             "En de vragenlijst over geld?", "Staat dat ook op de vragenlijst?",
             "Nog een punt van de vragenlijst: samenwerking?", "Tot slot de vragenlijst: de toekomst?"]
ANSWERS = ["Eigenlijk is de {s} in {case} gewoon het grootste project, zoals Pieter al zei.",
           "Ja, eh, {colleague} doet de {s} en hij belt vaak met {place}.",
           "Nou, de {s} kost de gemeente veel geld en {colleague} weet dat.",
           "De planning van de {s} loopt via {case}, en {place} kijkt mee.",
           "De gemeenten betalen de {s} samen; {case} heeft subsidies aangevraagd.",
           "Pieter, de {s} staat al jaren in het coalitieakkoord van {case}.",
           "Met {place} en {colleague} praten we over de {s} en over subsidie.",
           "De toekomst van de {s} is onzeker, zegt {colleague}, maar Pieter weet dat {case} doorgaat."]
CASES_CSV = "gemeente,provincie,inwoners,houding\nDijkhaven,Zeeland,21000,=actief\nVeenstede,Drenthe,64000," \
            "afwachtend\nKorenburg,Drenthe,48000,afwachtend\n"
CODEBOOK = """codes:
  - id: klimaat
    name: Klimaatadaptatie
    type: barrier
  - id: energie
    name: Energie
    type: opportunity
"""
COLLEAGUES = 'anonymise_names = ["Jeroen Klaassens", "Anouk Verbeek", "Ruud Peeters"]'


def transcript(case: str) -> str:
    respondent, role, _, subject, colleague, place = SUBJECTS[case]
    first = respondent.split()[0]
    lines = [f"Gemeente: {case}", f"Gesprekspartner: {respondent}", f"Functie: {role}", "Interviewer: Pieter Bakker",
             ""]
    for question, answer in zip(QUESTIONS, ANSWERS, strict=True):
        lines += [f"Pieter: {question.format(s=subject)}", "",
                  f"{first}: " + answer.format(s=subject, case=case, colleague=colleague, place=place)
                  + f" Dat zegt {colleague} uit {case} ook.", ""]
    return "\n".join(lines)


def _make(root: Path) -> Project:
    project = Project.init(root, name="Woordenstudie")
    config = root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("anonymise_names = []", COLLEAGUES), encoding="utf-8")
    project.close()
    project = Project.open(root)
    for case in SUBJECTS:
        (root / "transcripts" / f"{case.lower()}.txt").write_text(transcript(case), encoding="utf-8")
    (root / "codebooks" / "basis.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "cases.csv").write_text(CASES_CSV, encoding="utf-8")
    assert not project.import_transcripts([root / "transcripts"]).failed
    project.load_codebook(root / "codebooks" / "basis.yaml")
    project.load_cases(root / "cases.csv")
    for document in project.documents():
        text = project.document_text(document.guid)
        code = {"Dijkhaven": "klimaat", "Veenstede": "energie"}.get(document.case_name or "")
        if code is None:
            continue
        subject = SUBJECTS[document.case_name or ""][3]
        for answer in ANSWERS[:4]:  # half the answers coded
            sentence = answer.split(",")[0].split(" en ")[0].format(s=subject, case=document.case_name)
            start = text.index(sentence.split("{")[0])
            project.apply_coding(document.guid, start, start + 20, code, "tester")
    return project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    monkeypatch.delenv(pipeline.MODEL_ENV, raising=False)
    monkeypatch.setattr(pipeline, "model_installed", lambda model=None: False)  # the simplemma path
    made = _make(tmp_path / "studie")
    yield made
    made.close()


def _group(table: WordTable, name: str) -> list[str]:
    return [row.word for row in next(g for g in table.groups if g.name == name).rows]


NAMES = {"dijkhaven", "veenstede", "korenburg", "pieter", "bakker", "marieke", "koster", "henk", "mulder", "sanne",
         "wijnands", "jeroen", "klaassens", "anouk", "verbeek", "ruud", "peeters", "zwolle", "assen", "emmen"}


def test_keyness_per_case_puts_each_subject_first_and_never_a_name(project: Project) -> None:
    table = project.words(by="case", against="rest")
    assert [g.name for g in table.groups] == ["Dijkhaven", "Korenburg", "Veenstede"]
    for case, (*_, subject, _, _) in SUBJECTS.items():
        words = _group(table, case)
        assert words[0] == subject, (case, words)
        assert not NAMES & set(words)
    row = next(g for g in table.groups if g.name == "Dijkhaven").rows[0]
    assert (row.count, row.reference_count) == (8, 0)
    assert row.g2 is not None and row.g2 >= 15.13 and row.log_ratio is not None and row.log_ratio > 0
    # without the name test the names do stand out: the test above would fail if names were counted
    unfiltered = word_table(project.store, lambda word: False, by="case", against="rest", speaker="respondent",
                            top=20, min_count=3, threshold=15.13, bonferroni=False)
    assert _group(unfiltered, "Dijkhaven")[0] in NAMES
    assert {"dijkhaven", "jeroen", "klaassens"} <= set(_group(unfiltered, "Dijkhaven"))


def test_frequencies_leave_out_stop_words_names_and_the_interviewer(project: Project) -> None:
    words = _group(project.words(top=50, min_count=1), "project")
    assert {"dijkversterking", "warmtenet", "bibliotheek", "subsidie", "gemeente", "geld"} <= set(words)
    assert not {"de", "het", "eigenlijk", "gewoon", "eh", "nou", "ja", "en", "zijn"} & set(words)
    assert not NAMES & set(words)
    assert "vragenlijst" not in words  # the interviewer's questions are not counted by default
    assert "subsidies" not in words  # counted by lemma: subsidies + subsidie = subsidie
    assert "zwellen" not in words  # simplemma's lemma of 'Zwolle' goes with the name
    assert dict((r.word, r.count) for r in project.words(top=50, min_count=1).groups[0].rows)["subsidie"] == 6
    asked = _group(project.words(speaker="interviewer", top=5), "project")
    assert asked[0] == "vragenlijst"
    assert {"interviewer", "wethouder", "beleidsadviseur"} == {
        g.name for g in project.words(by="rol", speaker="all").groups}


def test_keyness_per_code_attribute_group_and_role(project: Project) -> None:
    by_code = project.words(by="code", against="rest", threshold=3.84)
    assert [g.name for g in by_code.groups] == ["klimaat", "energie"]
    assert _group(by_code, "klimaat")[0] == "dijkversterking"
    assert _group(by_code, "energie")[0] == "warmtenet"
    by_province = project.words(by="provincie", against="rest")
    assert _group(by_province, "Zeeland")[0] == "dijkversterking"
    assert not NAMES & set(_group(by_province, "Zeeland"))
    by_role = project.words(by="rol", against="rest")
    assert [g.name for g in by_role.groups] == ["beleidsadviseur", "wethouder"]
    assert project.words(by="role", against="rest").groups == by_role.groups
    assert _group(by_role, "beleidsadviseur")[0] == "warmtenet"
    general = project.words(against="general", top=10)
    assert {"dijkversterking", "warmtenet"} <= set(_group(general, "project"))
    assert not NAMES & set(_group(general, "project"))


def test_the_pseudonym_key_keeps_its_names_out(project: Project) -> None:
    def listed() -> list[str]:
        return _group(project.words(top=60, min_count=1), "project")

    assert "coalitieakkoord" in listed()
    project.set_pseudonym("Coalitieakkoord", "[organisatie]", kind="organisation")
    assert "coalitieakkoord" not in listed()
    project.ignore_pseudonym("Coalitieakkoord")  # let stay: a word again
    assert "coalitieakkoord" in listed()


def test_more_names_plug_in_as_extra_names(project: Project) -> None:
    plain = word_table(project.store, project_name_test(project.store, []), by=None, against=None,
                       speaker="respondent", top=50, min_count=1, threshold=None, bonferroni=False)
    assert "coalitieakkoord" in _group(plain, "project")
    keyed = word_table(project.store, project_name_test(project.store, [], extra_names=["Coalitieakkoord"]),
                       by=None, against=None, speaker="respondent", top=50, min_count=1, threshold=None,
                       bonferroni=False)
    assert "coalitieakkoord" not in _group(keyed, "project")


def test_the_trained_pipeline_path(tiny_model: Path, tmp_path: Path,  # noqa: F811
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pipeline.MODEL_ENV, str(tiny_model))
    pipeline.load_language.cache_clear()
    try:
        with _make(tmp_path / "model") as project:
            name_lemmas: set[str] = set()  # what the model made of the names ('Dijkhaven' may become 'dijkhav')
            all_lemmas: list[str] = []
            for document in project.documents():
                text = project.document_text(document.guid)
                for start, end, lemma in project.sentences(document.guid):
                    words, lemmas = re.findall(r"\w+(?:[-'’]\w+)*", text[start:end].lower()), lemma.split()
                    all_lemmas += lemmas
                    if len(words) == len(lemmas):
                        name_lemmas |= {lem for word, lem in zip(words, lemmas, strict=True) if word in NAMES}
            # the model's lemmas, not simplemma's: it never learnt zei/zegt → zeggen, which simplemma knows
            assert "zeggen" not in all_lemmas and "gemeente" in all_lemmas and "subsidies" not in all_lemmas
            assert len(name_lemmas) >= 10
            counts = {r.word: r.count for r in project.words(top=100, min_count=1).groups[0].rows}
            assert counts["subsidie"] == 6 and "subsidies" not in counts
            assert counts["gemeente"] == 2 * 3  # "de gemeente" and "De gemeenten", per respondent
            table = project.words(by="case", against="rest", threshold=None, min_count=1, top=100)
            assert _group(table, "Veenstede")[0] == "warmtenet"
            listed = {w for g in table.groups for w in _group(table, g.name)}
            assert "dijkversterking" in listed
            assert not (NAMES | name_lemmas) & listed  # a name goes with its word, whatever its lemma
    finally:
        pipeline.load_language.cache_clear()


# -- the command ---------------------------------------------------------------------------------------------
@pytest.fixture
def studie(project: Project, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(project.root)
    return project.root


def test_the_command_prints_key_words_per_case(studie: Path, cli: Cli) -> None:
    result = cli("words", "--by", "case", "--keyness", "--top", "3")
    assert result.code == 0, result.text
    assert "Woorden die opvallen tegenover de rest" in result.out
    dijkhaven = result.out.split("Dijkhaven (")[1].split("Korenburg (")[0]
    assert dijkhaven.splitlines()[2].split()[0] == "dijkversterking"
    assert "G²" in result.out and "log-ratio" in result.out
    english = cli("words", "--keyness", "--against", "general", "--lang", "en")
    assert english.code == 0 and "Words that stand out against general Dutch" in english.out


def test_the_command_refuses_what_it_cannot_do(studie: Path, cli: Cli) -> None:
    typo = cli("words", "--by", "provincei")
    assert typo.code != 0 and "did you mean 'provincie'" in typo.err
    assert "no grouping" in typo.err and "case, code, rol" in typo.err
    assert "did you mean 'case'" in cli("words", "--by", "cse").err
    assert "--keyness" in cli("words", "--against", "rest").err
    assert "needs groups" in cli("words", "--keyness", "--against", "rest").err
    assert "at least 1" in cli("words", "--top", "0").err
    assert cli("words", "--by", "case", "--keyness", "--against", "elders").code == 2  # argparse's choices


def test_an_empty_project_says_there_is_nothing_to_count(root: Path, cli: Cli) -> None:
    empty = cli("words", "--by", "code", "--keyness")
    assert empty.code == 0 and "no passage is coded yet" in empty.out
    assert "no respondent says anything" in cli("words").out


def test_csv_xlsx_and_out_safety(studie: Path, cli: Cli, tmp_path: Path) -> None:
    assert cli("words", "--by", "houding", "--format", "csv").code == 0
    rows = list(csv.reader(io.StringIO((studie / "reports" / "words.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["houding", "woord", "aantal", "per 1.000"]
    assert {row[0] for row in rows[1:]} == {"'=actief", "afwachtend"}  # a formula is shown, never run
    assert cli("words", "--by", "case", "--keyness", "--format", "xlsx").code == 0
    assert (studie / "reports" / "words.xlsx").read_bytes()[:2] == b"PK"
    outside = tmp_path / "elders.csv"
    outside.write_text("van iemand anders", encoding="utf-8")
    refused = cli("words", "--format", "csv", "--out", outside)
    assert refused.code != 0 and "outside the project folder" in refused.err
    assert outside.read_text(encoding="utf-8") == "van iemand anders"
    assert cli("words", "--format", "csv", "--out", outside, "--force").code == 0
    assert "dijkversterking" in outside.read_text(encoding="utf-8")


def test_the_report_section_is_off_by_default_and_on_with_the_setting(studie: Path, cli: Cli) -> None:
    assert cli("report", "synthesis", "--format", "md", "--out", studie / "uit.md").code == 0
    assert "Woorden die opvallen" not in (studie / "uit.md").read_text(encoding="utf-8")
    (studie / "reports" / "synthesis.toml").write_text("words = true\n", encoding="utf-8")
    assert cli("report", "synthesis", "--format", "md", "--out", studie / "control.md").code == 0
    assert "| dijkversterking | 8 |" in (studie / "control.md").read_text(encoding="utf-8")
    (studie / "reports" / "synthesis.toml").unlink()
    config = studie / "qualcode.toml"
    assert "\nwords = false\n" in config.read_text(encoding="utf-8")  # the setting is in a new project's file
    config.write_text(config.read_text(encoding="utf-8").replace("\nwords = false\n", "\nwords = true\n"),
                      encoding="utf-8")
    assert cli("report", "synthesis", "--format", "md", "--out", studie / "aan.md").code == 0
    text = (studie / "aan.md").read_text(encoding="utf-8")
    section = text.split("## Woorden die opvallen per gemeente")[1]
    assert "**Dijkhaven (" in section and "| dijkversterking | 8 |" in section
    assert "G² ≥ 15,13" in section
    assert cli("report", "synthesis", "--format", "html", "--lang", "en", "--out", studie / "aan.html").code == 0
    html = (studie / "aan.html").read_text(encoding="utf-8")
    assert "Words that stand out by municipality" in html and "<td>warmtenet</td>" in html
    assert cli("report", "synthesis", "--format", "md", "--anonymise", "--out", studie / "anoniem.md").code == 0
    anonymous = (studie / "anoniem.md").read_text(encoding="utf-8").split("## Woorden die opvallen per gemeente")[1]
    assert "Dijkhaven" not in anonymous and "**Gemeente " in anonymous and "dijkversterking" in anonymous
    assert "Eigennamen zijn weggelaten." in anonymous and "Eigennamen" not in section
    # reports/synthesis.toml decides for its synthesis, over qualcode.toml; a wrong value is an error with the line
    control = studie / "reports" / "synthesis.toml"
    control.write_text("quotes_per_code = 2\nwords = false\n", encoding="utf-8")
    assert cli("report", "synthesis", "--format", "md", "--out", studie / "uit2.md").code == 0
    assert "Woorden die opvallen" not in (studie / "uit2.md").read_text(encoding="utf-8")
    control.write_text('words = "ja"\n', encoding="utf-8")
    wrong = cli("report", "synthesis", "--format", "md", "--out", studie / "uit3.md")
    assert wrong.code != 0 and "words = 'ja' is not true or false" in wrong.err and ":1" in wrong.err
    control.unlink()
    assert cli("report", "synthesis", "--format", "docx", "--out", studie / "aan.docx").code == 0
    with zipfile.ZipFile(studie / "aan.docx") as word:
        body = word.read("word/document.xml").decode("utf-8")
    assert "Woorden die opvallen per gemeente" in body and "dijkversterking" in body


def test_a_name_goes_with_its_word_whatever_its_lemma() -> None:
    from qualcode.project.words import counted_lemmas
    from qualcode.storage.words import LemmaSentence

    texts = {1: "Wij kampen met Kampen en Assen. Kampen is klein. In Dijkhaven zei ze dat."}
    first, second, third = (0, 31), (32, 49), (50, 74)
    sentences = [LemmaSentence(1, *first, "wij kampen met kampen en as", None, 1, 0, None),
                 LemmaSentence(1, *second, "kampen zijn klein", None, 1, 0, None),
                 LemmaSentence(1, *third, "in dijkhav zeggen ze dat", None, 1, 0, None)]
    counted = counted_lemmas(sentences, texts, lambda word: word == "dijkhaven")
    # a common-word place is a name with a capital inside a sentence, a word otherwise or at a sentence's start
    assert counted[0] == ["wij", "kampen", "met", "en"]
    assert counted[1] == ["kampen", "zijn", "klein"]
    # the lemmatiser's 'dijkhav' goes because its word 'Dijkhaven' is a name
    assert counted[2] == ["in", "zeggen", "ze", "dat"]


def test_proper_nouns_are_words_only_ever_written_with_a_capital_inside_a_sentence() -> None:
    from qualcode.project.words import proper_nouns
    from qualcode.storage.words import LemmaSentence

    text = ("Het Havenkwartier groeit. Havenkwartier is nieuw. "
            "Wij bouwen in het Havenkwartier een Warmtenet en een warmtenet.")
    sentences = [LemmaSentence(1, 0, 25, "het havenkwartier groeien", None, 1, 0, None),
                 LemmaSentence(1, 26, 49, "havenkwartier zijn nieuw", None, 1, 0, None),
                 LemmaSentence(1, 50, len(text), "wij bouwen in het havenkwartier een warmtenet en een warmtenet",
                               None, 1, 0, None)]
    # Havenkwartier: capitalised everywhere inside a sentence; warmtenet once in lower case; the first words never count
    assert proper_nouns(sentences, {1: text}) == {"havenkwartier"}
