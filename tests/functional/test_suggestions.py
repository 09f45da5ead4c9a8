"""Code suggestions (issue 15): the keywords source on a small hand-coded fixture, measured by hand; idempotence,
decisions kept, accept/dismiss with undo and redo, filters, the CLI and its errors, and both pipeline paths.

The fixture, sentence by sentence (respondent An in Hoogveen; the interviewer's questions hold keywords too):

    turn A  S1 "De rijkssubsidie voor het gemeentehuis hielp ons enorm."  subsidie: a compound    coded subsidie
            S2 "Er is geen structureel budget voor onderhoud."           subsidie: a phrase      coded subsidie
            S3 "Het geld raakt op."                                      –                       coded tekort (miss)
    turn B  S4 "De netcongestie remt alles."                             netcongestie: the name  coded netcongestie ┐
            S5 "We staan op de wachtlijst voor een aansluiting."         netcongestie: a regex   (one coding)       ┘
            S6 "We moesten bezuinigen op personeel."                     tekort: bezuinig*       coded tekort
            S7 "Daardoor ontstond een tekort aan mensen."                tekort: a keyword       – (a false hit)

By hand, sentences: subsidie 2/0/0, tekort 1/1/1 (P = R = F1 = 0.50), netcongestie 2/0/0; micro 5/1/1 (0.83 each).
Turns: subsidie A/–/–, tekort B/–/A (P 1.00, R 0.50, F1 0.67), netcongestie B; micro 3/0/1 (P 1.00, R 0.75, F1 0.86).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.domain.suggestions import Scores, compare, micro_average
from qualcode.nlp import pipeline
from qualcode.project import Project
from tests.functional.conftest import Cli
from tests.functional.suggestion_project import CODEBOOK, CODER, SENTENCES, build
from tests.nlp.conftest import tiny_model  # noqa: F401  (the trained pipeline fixture)


def _span(project: Project, guid: str, *sentences: str) -> tuple[int, int]:
    text = project.document_text(guid)
    return text.index(sentences[0]), text.index(sentences[-1]) + len(sentences[-1])


def _hand_code(project: Project) -> None:
    guid = _guid(project, "Hoogveen")
    for sentences, code in (((SENTENCES[0],), "financiering.subsidie"), ((SENTENCES[1],), "financiering.subsidie"),
                            ((SENTENCES[2],), "financiering.tekort"), ((SENTENCES[3], SENTENCES[4]), "netcongestie"),
                            ((SENTENCES[5],), "financiering.tekort")):
        project.apply_coding(guid, *_span(project, guid, *sentences), code, CODER)


def _guid(project: Project, title_part: str) -> str:
    return next(d.guid for d in project.documents() if title_part in d.title)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    monkeypatch.delenv(pipeline.MODEL_ENV, raising=False)
    monkeypatch.setattr(pipeline, "model_installed", lambda model=None: False)  # the simplemma path, always
    made = build(tmp_path / "studie")
    yield made
    made.close()


def _suggested(project: Project, **filters: object) -> list[tuple[str, str, str]]:
    """(document, code, sentence) of the stored suggestions, pending unless filters say otherwise."""
    texts = {d.guid: project.document_text(d.guid) for d in project.documents()}
    return [(s.document_title.split()[0], s.code_key, texts[s.document_guid][s.start:s.end])
            for s in project.suggestions(**filters)]  # type: ignore[arg-type]


# -- what the keyword source suggests ---------------------------------------------------------------------------
def test_keywords_and_names_match_respondents_sentences_by_lemma_compound_phrase_wildcard_and_regex(
        project: Project) -> None:
    run = project.suggest(coder=CODER)
    assert (run.made, run.added, run.codes, run.documents) == (8, 8, 3, 2)  # the theme with children is no target
    assert _suggested(project) == [
        ("Hoogveen", "financiering.subsidie", SENTENCES[0]),  # rijkssubsidie: a compound part
        ("Hoogveen", "financiering.subsidie", SENTENCES[1]),  # a phrase
        ("Hoogveen", "netcongestie", SENTENCES[3]),  # the code's name
        ("Hoogveen", "netcongestie", SENTENCES[4]),  # the regular expression
        ("Hoogveen", "financiering.tekort", SENTENCES[5]),  # bezuinig*
        ("Hoogveen", "financiering.tekort", SENTENCES[6]),
        ("Lindedam", "financiering.subsidie", "De gemeenten werkten samen aan een subsidie voor scholen."),
        ("Lindedam", "financiering.tekort", "Het tekort blijft."),
    ]
    # never the interviewer's questions, which hold subsidies, structureel budget, netcongestie, tekort, bezuinigen
    assert not any("?" in sentence for _, _, sentence in _suggested(project))
    first = project.suggestions()[0]
    assert (first.source, first.status, first.score, first.evidence) == ("keywords", "pending", 0.5, "subsidie")
    assert project.codings() == []  # never applied silently


def test_suggesting_again_duplicates_nothing_keeps_decisions_and_drops_what_keywords_no_longer_make(
        project: Project, tmp_path: Path) -> None:
    project.suggest()
    again = project.suggest()
    assert (again.added, again.kept, again.removed, again.decided) == (0, 8, 0, 0)
    assert len(project.suggestions(statuses=("pending", "accepted", "dismissed"))) == 8
    tekort = [s for s in project.suggestions(codes=["financiering.tekort"])]
    project.dismiss_suggestions([tekort[0].guid], coder=CODER)
    third = project.suggest()
    assert (third.added, third.kept, third.decided) == (0, 7, 1)
    assert [s.status for s in project.suggestions(statuses=("dismissed",))] == ["dismissed"]
    # The keyword 'tekort' taken out of the codebook: its pending suggestions go, the dismissed one stays dismissed.
    (tmp_path / "studie" / "codebooks" / "basis.yaml").write_text(
        CODEBOOK.replace("[tekort, ", "["), encoding="utf-8")
    project.load_codebook(tmp_path / "studie" / "codebooks" / "basis.yaml")
    fourth = project.suggest()
    assert (fourth.removed, fourth.added) == (2, 0)  # Hoogveen's S7 and Lindedam's 'Het tekort blijft.'
    assert [sentence for _, code, sentence in _suggested(project, statuses=("pending", "dismissed"))
            if code == "financiering.tekort"] == [SENTENCES[5]]


def test_a_new_version_of_the_text_gets_suggestions_of_its_own_and_a_dismissal_holds_for_the_same_words(
        project: Project, tmp_path: Path) -> None:
    from tests.functional.suggestion_project import HOOGVEEN

    project.suggest()
    guid = _guid(project, "Hoogveen")
    tekort = next(s for s in project.suggestions(document=guid) if s.code_key == "financiering.tekort"
                  and project.document_text(guid)[s.start:s.end] == SENTENCES[6])
    project.dismiss_suggestions([tekort.guid], coder=CODER)
    corrected = tmp_path / "hoogveen-v2.txt"
    corrected.write_text(HOOGVEEN.replace("Het geld raakt op.", "Het geld is op, zei de wethouder eerlijk."),
                         encoding="utf-8")
    project.replace_document("hoogveen.txt", corrected, coder=CODER)
    assert [s for s in project.suggestions(statuses=("pending", "dismissed")) if s.document_guid == guid] == []
    run = project.suggest(documents=["hoogveen.txt"])
    assert (run.added, run.decided) == (6, 1)  # on the new text: the same six, the dismissed one dismissed again
    text = project.document_text(guid)
    dismissed = project.suggestions(document=guid, statuses=("dismissed",))
    assert [(text[s.start:s.end], s.decided_by) for s in dismissed] == [(SENTENCES[6], CODER)]
    assert len(project.suggestions(document=guid)) == 5


def test_codes_and_documents_filters_limit_what_is_computed_and_replaced(project: Project) -> None:
    run = project.suggest(codes=["netcongestie"])
    assert (run.codes, run.made) == (1, 2)
    assert {code for _, code, _ in _suggested(project)} == {"netcongestie"}
    run = project.suggest(codes=["financiering"], documents=["lindedam.txt"])  # a theme: its codes
    assert (run.codes, run.documents, run.made, run.removed) == (2, 1, 2, 0)
    assert sorted(document for document, _, _ in _suggested(project)) == ["Hoogveen", "Hoogveen", "Lindedam",
                                                                           "Lindedam"]
    assert [code for _, code, _ in _suggested(project, codes=["financiering"])] == [
        "financiering.subsidie", "financiering.tekort"]
    with pytest.raises(ProjectError, match="no code 'geld'"):
        project.suggest(codes=["geld"])


def test_a_keyword_that_is_no_valid_regex_or_query_is_named_with_its_code(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "studie" / "codebooks" / "basis.yaml"
    path.write_text(CODEBOOK.replace("/wachtlijst(en)?", "/wachtlijst(en"), encoding="utf-8")
    project.load_codebook(path)
    with pytest.raises(ProjectError, match=r"keyword /wachtlijst.* of code 'netcongestie' is not a valid regular"):
        project.suggest()
    assert project.suggestions() == []  # nothing stored


# -- accepting and dismissing -------------------------------------------------------------------------------------
def test_accepting_makes_a_coding_by_the_accepting_coder_with_the_source_in_its_event_and_undo_takes_it_back(
        project: Project) -> None:
    project.suggest()
    first, second = project.suggestions()[:2]
    decision = project.accept_suggestions([first.guid, second.guid], coder=CODER)
    assert decision.codings_made == 2 and [s.status for s in decision.decided] == ["accepted", "accepted"]
    codings = project.codings()
    assert [(c.coder, c.code_key, c.start, c.end) for c in codings] == [
        (CODER, "financiering.subsidie", first.start, first.end), (CODER, "financiering.subsidie", second.start,
                                                                   second.end)]
    accepted = project.suggestions(statuses=("accepted",))
    assert {s.coding_guid for s in accepted} == {c.guid for c in codings}
    assert {(s.decided_by, s.source) for s in accepted} == {(CODER, "keywords")}
    event = project.store.events(1)[0]
    assert event.action == "accept_suggestions" and event.coder == CODER
    assert event.payload["sources"] == ["keywords"] and "2 suggestions" in event.summary
    assert {entry["source"] for entry in event.payload["suggestions"]} == {"keywords"}

    undone = project.undo(CODER)
    assert undone is not None and undone.summary.startswith("Undid: accepted 2 suggestions")
    assert project.codings() == []
    assert len(project.suggestions()) == 8  # pending again
    redone = project.redo(CODER)
    assert redone is not None
    assert sorted(c.guid for c in project.codings()) == sorted(c.guid for c in codings)  # the same codings
    assert len(project.suggestions(statuses=("accepted",))) == 2
    # Accepting again changes nothing: already decided.
    again = project.accept_suggestions([first.guid], coder="tom")
    assert again.decided == () and [s.status for s in again.skipped] == ["accepted"]


def test_accepting_where_the_coder_already_has_the_code_makes_no_second_coding(project: Project) -> None:
    project.suggest(codes=["netcongestie"])
    guid = _guid(project, "Hoogveen")
    existing = project.apply_coding(guid, *_span(project, guid, SENTENCES[3], SENTENCES[4]), "netcongestie", CODER)
    decision = project.accept_suggestions([s.guid for s in project.suggestions()], coder=CODER)
    assert decision.codings_made == 0 and len(project.codings()) == 1
    assert {s.coding_guid for s in decision.decided} == {existing.guid}
    project.undo(CODER)
    assert [c.guid for c in project.codings()] == [existing.guid]  # undo removes only what accepting made


def test_dismissing_is_undoable_and_by_id_prefix(project: Project) -> None:
    project.suggest()
    target = project.suggestions()[0]
    assert project.resolve_suggestion(target.guid[:8].lower()) == target.guid
    project.dismiss_suggestions([target.guid], coder=CODER)
    assert target.guid not in {s.guid for s in project.suggestions()}
    assert project.codings() == []
    project.undo(CODER)
    assert target.guid in {s.guid for s in project.suggestions()}
    with pytest.raises(ProjectError, match="too short"):
        project.resolve_suggestion("ab")
    with pytest.raises(ProjectError, match="no suggestion with id"):
        project.resolve_suggestion("ZZZZZZ")


# -- measuring --------------------------------------------------------------------------------------------------
def test_precision_and_recall_against_a_hand_coded_fixture_as_counted_by_hand(project: Project) -> None:
    _hand_code(project)
    evaluation = project.evaluate_suggestions(CODER)
    assert (evaluation.documents, evaluation.sentences, evaluation.turns) == (1, 7, 2)  # only what lies coded
    by_code = {row.code_key: row for row in evaluation.codes}
    assert by_code["financiering.subsidie"].sentences == Scores(2, 0, 0)
    assert by_code["financiering.tekort"].sentences == Scores(1, 1, 1)
    assert by_code["netcongestie"].sentences == Scores(2, 0, 0)  # one coding over S4 and S5 counts for both
    assert evaluation.sentence_micro == Scores(5, 1, 1)
    assert round(evaluation.sentence_micro.precision or 0, 3) == round(evaluation.sentence_micro.recall or 0, 3) \
        == 0.833
    assert by_code["financiering.tekort"].turns == Scores(1, 0, 1)
    assert evaluation.turn_micro == Scores(3, 0, 1)
    assert (evaluation.turn_micro.precision, evaluation.turn_micro.recall) == (1.0, 0.75)
    assert round(evaluation.turn_micro.f1 or 0, 3) == 0.857
    assert [(u.code_key, u.text) for u in evaluation.misses] == [("financiering.tekort", SENTENCES[2])]
    assert [(u.code_key, u.text, u.evidence) for u in evaluation.false_hits] == [
        ("financiering.tekort", SENTENCES[6], "tekort")]
    # Measuring stores nothing.
    assert project.suggestions(statuses=("pending", "accepted", "dismissed")) == []


def test_scores_of_no_units_are_undefined_not_zero() -> None:
    scores = compare([("a", 1), ("a", 2)], [("b", 1)])
    assert scores["a"] == Scores(0, 0, 2) and scores["a"].precision is None and scores["a"].recall == 0.0
    assert scores["b"].recall is None and scores["b"].f1 is None
    assert micro_average(scores) == Scores(0, 1, 2) and micro_average(scores).f1 == 0.0


def test_evaluating_against_a_coder_without_codings_or_unknown_says_so(project: Project) -> None:
    with pytest.raises(ProjectError, match="no coder 'nobody'"):
        project.evaluate_suggestions("nobody")
    _hand_code(project)
    with pytest.raises(ProjectError, match="lies has no codings in these documents"):
        project.evaluate_suggestions(CODER, documents=["lindedam.txt"])


# -- both pipeline paths ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["simplemma", "model"])
def test_a_keyword_matches_other_forms_of_its_lemma_on_both_pipeline_paths(
        path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    pipeline.load_language.cache_clear()
    if path == "model":
        monkeypatch.setenv(pipeline.MODEL_ENV, str(request.getfixturevalue("tiny_model")))
    else:
        monkeypatch.delenv(pipeline.MODEL_ENV, raising=False)
        monkeypatch.setattr(pipeline, "model_installed", lambda model=None: False)
    try:
        with build(tmp_path / "studie") as project:
            assert pipeline.Lemmatiser().uses_model == (path == "model")
            (tmp_path / "studie" / "codebooks" / "vormen.yaml").write_text(
                "codes:\n  - id: samen\n    name: Samenwerking\n    type: opportunity\n"
                "    keywords: [gemeente werken]\n", encoding="utf-8")
            project.load_codebook(tmp_path / "studie" / "codebooks" / "vormen.yaml")
            project.suggest(codes=["samen"])
            # "De gemeenten werkten samen": both words in another form than the keyword's, as a phrase
            assert _suggested(project) == [
                ("Lindedam", "samen", "De gemeenten werkten samen aan een subsidie voor scholen.")]
    finally:
        pipeline.load_language.cache_clear()


# -- the command line -----------------------------------------------------------------------------------------
def test_cli_suggest_list_accept_dismiss_and_evaluate(project: Project, cli: Cli) -> None:
    root = project.root
    _hand_code(project)
    result = cli("--project", root, "suggest")
    assert result.code == 0 and "8 suggestions from keywords for 3 codes in 2 documents: 8 new" in result.out
    again = cli("--project", root, "suggest")
    assert "0 new, 8 still pending" in again.out
    listing = cli("--project", root, "suggestions", "list", "--document", "lindedam.txt")
    assert listing.code == 0 and "Het tekort blijft." in listing.out and "keywords: tekort" in listing.out
    guid = project.suggestions(document="lindedam.txt", codes=["financiering.tekort"])[0].guid
    dismissed = cli("--project", root, "suggestions", "dismiss", guid[:6], "--coder", CODER)
    assert dismissed.code == 0 and f"{guid[:8]} financiering.tekort: dismissed" in dismissed.out
    accepted = cli("--project", root, "suggestions", "accept", "--document", "lindedam.txt", "--coder", "tom")
    assert accepted.code == 0 and "1 coding made" in accepted.out
    assert [(c.coder, c.code_key) for c in project.codings(project.resolve_document("lindedam.txt"))] == [
        ("tom", "financiering.subsidie")]
    listed_all = cli("--project", root, "suggestions", "list", "--status", "all", "--document", "lindedam.txt")
    assert "accepted by tom" in listed_all.out and "dismissed by lies" in listed_all.out

    evaluation = cli("--project", root, "suggest", "--evaluate", "--against", CODER, "--show", "misses",
                     "false-hits")
    assert evaluation.code == 0, evaluation.text
    lines: dict[str, list[str]] = {}
    for line in evaluation.out.splitlines():  # the table's row of a code comes before its misses and false hits
        if line.strip():
            lines.setdefault(line.split()[0], line.split()[1:])
    assert lines["financiering.tekort"] == ["0.50", "0.50", "0.50", "1", "1", "1", "1.00", "0.50", "0.67", "1", "0",
                                            "1"]
    assert lines["micro-average"] == ["0.83", "0.83", "0.83", "5", "1", "1", "1.00", "0.75", "0.86", "3", "0", "1"]
    assert "Misses (coded, not suggested): 1" in evaluation.out and SENTENCES[2] in evaluation.out
    assert "False hits (suggested, not coded): 1" in evaluation.out and "(keywords: tekort)" in evaluation.out


@pytest.mark.parametrize(("arguments", "message"), [
    (("suggest", "--evaluate"), "--evaluate needs the coder to compare with"),
    (("suggest", "--against", "lies"), "--against and --show go with --evaluate"),
    (("suggest", "--evaluate", "--against", "nobody"), "no coder 'nobody' in this project"),
    (("suggest", "--codes", "geld"), "no code 'geld' in the codebook"),
    (("suggest", "--documents", "nergens.txt"), "nergens.txt"),
    (("suggestions", "accept"), "name the suggestions to accept"),
    (("suggestions", "dismiss", "ABCDEF12"), "no suggestion with id 'ABCDEF12'"),
    (("suggestions", "accept", "--code", "netcongestie", "ABCD"), "--code goes with --document"),
])
def test_cli_errors_say_what_to_do_and_change_nothing(project: Project, cli: Cli, arguments: tuple[str, ...],
                                                      message: str) -> None:
    result = cli("--project", project.root, *arguments)
    assert result.code == 1, result.text
    assert message in result.err
    assert project.suggestions(statuses=("pending", "accepted", "dismissed")) == [] and project.codings() == []


def test_cli_usage_error_for_an_unknown_status(project: Project, cli: Cli) -> None:
    result = cli("--project", project.root, "suggestions", "list", "--status", "maybe")
    assert result.code == 2 and "invalid choice" in result.err
