"""One count everywhere: the workbench matrix, `qualcode table matrix`, the synthesis, the appendix (Bijlage C) and
case profiles give the same number for every case x code cell of the example project, after a second coder added
codings that overlap the first coder's (a longer span, a fragment inside) and one that only touches."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualcode.domain.passages import passage_counts
from qualcode.project import NO_CASE, Project
from qualcode.project.demo import build_demo
from qualcode.project.reports import TableRequest, coded_corpus, report_options
from qualcode.reporting.build_appendix import build_appendix, build_cases
from qualcode.reporting.build_synthesis import build_synthesis

SECOND = "fatima"  # a second coder, besides the demo's two


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("one-count") / "demo"
    with build_demo(root) as project:
        _add_overlapping_codings(project)
    return root


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Project]:
    shutil.copytree(demo_template, tmp_path / "demo")
    with Project.open(tmp_path / "demo") as project:
        yield project


def _add_overlapping_codings(project: Project) -> None:
    """For every fifth coding: a longer overlapping span and a fragment inside it; for one, a touching span."""
    codings = sorted(project.codings(), key=lambda c: (c.document_guid, c.start, c.code_key, c.coder))
    lengths = {d.guid: len(project.document_text(d.guid)) for d in project.documents()}
    for coding in codings[::5]:
        length = lengths[coding.document_guid]
        project.apply_coding(coding.document_guid, coding.start, min(coding.end + 25, length), coding.code_key, SECOND)
        if coding.end - coding.start > 12:
            project.apply_coding(coding.document_guid, coding.start + 4, coding.end - 4, coding.code_key, "tom")
    touching = next(c for c in codings if c.end + 30 < lengths[c.document_guid]
                    and not any(o.document_guid == c.document_guid and o.code_key == c.code_key
                                and o.start < c.end + 30 and o.end > c.end for o in codings))
    project.apply_coding(touching.document_guid, touching.end, touching.end + 30, touching.code_key, SECOND)


def _workbench(project: Project) -> dict[tuple[str, str], int]:
    matrix = project.case_code_matrix()
    return {cell: count for cell, count in matrix.counts.items() if cell[0] != NO_CASE}


def _table(project: Project) -> dict[tuple[str, str], int]:
    by_name = {code.name: code.key for code in coded_corpus(project.store).codes}
    rows = list(csv.reader(io.StringIO(project.table("matrix", "csv").content.decode("utf-8"))))
    header, body = rows[0], rows[1:]
    cells = {}
    for row in body:
        for name, value in zip(header[1:], row[1:], strict=True):
            if int(value):
                cells[(row[0], by_name.get(name, name))] = int(value)
    return cells


def test_every_cell_is_the_same_number_in_workbench_table_synthesis_appendix_and_case_profiles(
        demo: Project) -> None:
    workbench = _workbench(demo)
    corpus = coded_corpus(demo.store)
    codings_per_cell: dict[tuple[str, str], int] = {}
    for p in corpus.passages:
        if p.case_name:
            codings_per_cell[(p.case_name, p.code_key)] = codings_per_cell.get((p.case_name, p.code_key), 0) + 1
    # The overlapping codings make codings and passages differ in many cells: a count of codings fails here.
    differing = [cell for cell, n in workbench.items() if codings_per_cell[cell] != n]
    assert len(differing) >= 10
    assert workbench == _table(demo)

    options = report_options(demo.store, demo.config, corpus, lang="nl", anonymise=False, coder=None,
                             timestamp=False, anonymiser=None)
    appendix = build_appendix(corpus, options)
    names = {code.name: code.key for code in corpus.codes}
    cases = appendix.matrix.headers[1:-1]
    bijlage_c = {(case, names[row[0]]): int(value) for row in appendix.matrix.rows
                 for case, value in zip(cases, row[1:-1], strict=True) if value}
    typed = {code.key for code in corpus.codes if code.type is not None}  # Bijlage C shows the typed codes
    assert bijlage_c == {cell: n for cell, n in workbench.items() if cell[1] in typed}
    # Bijlage B counts the same passages per code (every case, the caseless documents too), not codings.
    per_code: dict[str, int] = {}
    for (_, key), n in demo.case_code_matrix().counts.items():
        per_code[key] = per_code.get(key, 0) + n
    entries = {entry.key: entry.passages for entry in appendix.codebook if entry.key in typed}
    assert entries == {key: per_code.get(key, 0) for key in entries}
    assert any(entry.passages != entry.codings for entry in appendix.codebook if entry.key in typed)
    text = demo.report("appendix", "md").content.decode()
    bijlage_b = text[text.index("## Bijlage B"):text.index("## Bijlage C")]
    assert "Coderingen" not in bijlage_b and "*Gecodeerde passages:* " in bijlage_b

    synthesis = build_synthesis(corpus, options)
    listed = {(case, finding.key) for kind in synthesis.types for theme in kind.themes for finding in theme.codes
              for case in finding.case_names}
    assert listed == {cell for cell in workbench if cell[1] in {f.key for kind in synthesis.types
                                                               for theme in kind.themes for f in theme.codes}}
    for kind in synthesis.types:
        for theme in kind.themes:
            for finding in theme.codes:
                assert finding.cases_with == sum(1 for case, key in workbench if key == finding.key)

    profiles = build_cases(corpus, options)
    key_of_name = {code.name: code.key for code in corpus.codes}
    shown = {(profile.name, key_of_name[name]): count for profile in profiles.profiles
             for _, rows in profile.findings for name, count, _ in rows}
    assert shown and all(workbench[cell] == count for cell, count in shown.items())


def test_overlapping_codings_of_one_code_by_two_coders_are_one_passage_and_touching_ones_two(
        demo: Project) -> None:
    document = demo.documents()[0]
    text = demo.document_text(document.guid)
    start = text.index("a", 200)
    code = demo.codings()[0].code_key
    before = demo.case_code_matrix().counts
    case = document.case_name or NO_CASE
    demo.apply_coding(document.guid, start, start + 40, code, "sanne")
    demo.apply_coding(document.guid, start + 20, start + 60, code, "tom")  # overlaps: the same passage
    demo.apply_coding(document.guid, start + 25, start + 30, code, SECOND)  # inside: the same passage
    after = demo.case_code_matrix().counts
    added = after.get((case, code), 0) - before.get((case, code), 0)
    assert added <= 1  # one passage, or none when the demo had already coded those words
    demo.apply_coding(document.guid, start + 60, start + 90, code, SECOND)  # touches the end: a passage of its own
    assert demo.case_code_matrix().counts[(case, code)] == after[(case, code)] + 1


def test_the_definition_itself() -> None:
    counted = passage_counts([
        ("a", "d1", 0, 10), ("a", "d1", 5, 20),  # overlap: one
        ("a", "d1", 20, 30),  # touches: another
        ("a", "d2", 5, 20),  # another document: another
        ("a", "d1", 40, 40), ("a", "d1", 40, 41),  # a zero-length coding marks the character at its start
        ("b", "d1", 0, 10), ("b", "d1", 0, 10),  # the same span twice: one
    ])
    assert counted == {"a": 4, "b": 1}


def test_the_readme_says_what_a_cell_counts() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "overlapping codings of one code" in readme


@pytest.mark.parametrize("request_", [
    TableRequest("matrix"), TableRequest("matrix", value="presence"), TableRequest("matrix", value="n_of_n"),
    TableRequest("matrix", code_type="belemmering"), TableRequest("matrix", value="n_of_n", code_type="kans"),
])
@pytest.mark.parametrize(("lang", "coder"), [(None, None), ("en", None), (None, "tom")])
def test_table_matrix_from_the_spans_gives_the_bytes_of_the_corpus_path(
        demo: Project, monkeypatch: pytest.MonkeyPatch, request_: TableRequest, lang: str | None,
        coder: str | None) -> None:
    from qualcode.project import reports

    def no_corpus(*args: object, **kwargs: object) -> object:
        raise AssertionError("table matrix read the whole corpus")

    with monkeypatch.context() as patched:
        patched.setattr(reports, "build_corpus", no_corpus)
        fast = demo.table(request_, "csv", lang=lang, coder=coder).content
    monkeypatch.setattr(reports, "wants_fast_matrix", lambda *args, **kwargs: False)
    assert fast == demo.table(request_, "csv", lang=lang, coder=coder).content


@given(st.lists(st.tuples(st.sampled_from("ab"), st.sampled_from(["d1", "d2"]), st.integers(0, 40),
                          st.integers(0, 12)), max_size=30))
def test_the_count_is_the_number_of_groups_of_overlapping_codings(codings: list[tuple[str, str, int, int]]) -> None:
    spans = [(cell, document, start, start + length) for cell, document, start, length in codings]
    expected: dict[str, int] = {}
    for cell in {cell for cell, *_ in spans}:
        # Brute force: join codings of one cell and document that share a character, until nothing changes.
        groups = [{(document, start, max(end, start + 1))} for c, document, start, end in spans if c == cell]
        merged = True
        while merged:
            merged = False
            pairs = [(i, j) for i in range(len(groups)) for j in range(i + 1, len(groups))]
            for i, j in pairs:
                if any(a[0] == b[0] and a[1] < b[2] and b[1] < a[2] for a in groups[i] for b in groups[j]):
                    groups[i] |= groups.pop(j)
                    merged = True
                    break
        expected[cell] = len(groups)
    assert passage_counts(spans) == expected
