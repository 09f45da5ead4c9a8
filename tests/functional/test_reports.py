"""Reports and tables on the demo project and on a small project: every kind and format, overrides, escaping,
anonymisation, same bytes twice, and the DOCX and XLSX reopened."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import openpyxl
import pytest

from qualcode.project import Project
from qualcode.project.demo import build_demo

KINDS = ("synthesis", "appendix", "case")
FORMATS = ("md", "html", "docx")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reports") / "demo"
    build_demo(root).close()
    return root


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Project]:
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    with Project.open(target) as project:
        yield project


def docx_text(content: bytes) -> tuple[docx.document.Document, str]:
    document = docx.Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return document, text


def as_text(content: bytes, fmt: str) -> str:
    return docx_text(content)[1] if fmt == "docx" else content.decode("utf-8")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_report_renders_in_every_format_the_same_bytes_twice(demo: Project, kind: str, fmt: str) -> None:
    first = demo.report(kind, fmt)
    second = demo.report(kind, fmt)
    assert first.content == second.content
    assert first.filename == f"{kind}.{fmt}"
    text = as_text(first.content, fmt)
    assert "Voorbeeldstudie verduurzaming gemeenten" in text
    if kind == "synthesis":
        for heading in ("Belemmeringen", "Kansen", "Randvoorwaarden"):
            assert heading in text
        assert re.search(r"\(\d van 8\)", text), "counts as n van N"
    if kind == "appendix":
        for caption in ("Bijlage A. Respondenten", "Bijlage B. Codeboek", "Bijlage C.", "Bijlage D.", "Bijlage E.",
                        "Bijlage F. Methode"):
            assert caption in text
        assert "Jeroen Smit" in text and "wethouder klimaat en energie" in text
    if kind == "case":
        assert "Westerbroek" in text and "Bergakker" in text


def test_the_docx_has_real_headings_tables_and_quote_style(demo: Project) -> None:
    document, _ = docx_text(demo.report("appendix", "docx").content)
    styles = {p.style.name for p in document.paragraphs if p.style is not None}
    assert {"Heading 1", "Heading 2"} <= styles
    assert "Citaat" in styles
    respondents = document.tables[0]
    assert [c.text for c in respondents.rows[0].cells] == ["Gemeente", "Gesprekspartner(s)", "Functie", "Datum"]
    assert any(row.cells[0].text == "Westerbroek" for row in respondents.rows)
    synthesis, _ = docx_text(demo.report("synthesis", "docx").content)
    assert any(p.style is not None and p.style.name == "Heading 2" and p.text == "Belemmeringen"
               for p in synthesis.paragraphs)


def test_a_matrix_of_many_gemeenten_is_split_into_readable_parts(demo: Project,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from qualcode.reporting import build_appendix

    whole = demo.report("appendix", "html").content.decode()  # the demo's 8 gemeenten fit one table
    assert '<th class="turned"><span>Westerbroek</span></th>' in whole  # names upwards over their counts
    assert "<th>Code</th>" in whole and '<td class="num">7 van 8</td>' in whole
    monkeypatch.setattr(build_appendix, "MATRIX_CASES_PER_PART", 3)  # the demo's 8 gemeenten: parts of 3, 3, 2
    markdown = demo.report("appendix", "md").content.decode()
    assert [line for line in markdown.splitlines() if line.startswith("*Gemeenten")] == [
        "*Gemeenten 1–3 van 8*", "*Gemeenten 4–6 van 8*", "*Gemeenten 7–8 van 8*"]
    html = demo.report("appendix", "html").content.decode()
    assert "<caption>Gemeenten 7–8 van 8</caption>" in html
    document, _ = docx_text(demo.report("appendix", "docx").content)
    # Bijlage F's disagreements per code (the demo's two coders) also start with 'Code': "alleen sanne" follows.
    matrix = [t for t in document.tables if t.rows[0].cells[0].text == "Code"
              and not t.rows[0].cells[1].text.startswith("alleen ")]
    headers = [[cell.text for cell in t.rows[0].cells] for t in matrix]
    assert [len(h) for h in headers] == [5, 5, 4]  # code, the part's gemeenten, n van N
    gemeenten = [name for h in headers for name in h[1:-1]]
    assert len(gemeenten) == len(set(gemeenten)) == 8 and "Westerbroek" in gemeenten
    assert all(h[-1] == "n van N" for h in headers)


def test_html_is_self_contained_and_english_on_request(demo: Project) -> None:
    html = demo.report("synthesis", "html", lang="en").content.decode("utf-8")
    assert "<style>" in html and "http://" not in html and "https://" not in html
    assert "Barriers" in html and "Opportunities" in html and 'lang="en"' in html
    assert "@media print" in html


def test_timestamp_only_when_asked(demo: Project) -> None:
    plain = demo.report("synthesis", "md").content.decode()
    stamped = demo.report("synthesis", "md", timestamp=True).content.decode()
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", plain)
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", stamped)


def test_a_project_template_overrides_and_extends_the_default(demo: Project) -> None:
    folder = demo.root / "reports" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "synthesis.md.j2").write_text(
        '{% extends "default:synthesis.md.j2" %}\n{% block title %}# Eigen titel voor {{ meta.project }}\n'
        "{% endblock %}\n", encoding="utf-8")
    text = demo.report("synthesis", "md").content.decode()
    assert text.startswith("# Eigen titel voor Voorbeeldstudie")
    assert "## Belemmeringen" in text  # the rest still comes from the packaged template


def test_a_broken_project_template_is_a_clear_error(demo: Project) -> None:
    folder = demo.root / "reports" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.md.j2").write_text("{% for x in %}\n", encoding="utf-8")
    from qualcode.domain.errors import QualcodeError

    with pytest.raises(QualcodeError) as caught:
        demo.report("case", "md")
    assert "case.md.j2" in str(caught.value)


def test_a_memo_on_a_code_is_the_researchers_summary(demo: Project) -> None:
    demo.set_memo("code", "ambitie.draagvlak", "Draagvlak wankelt vooral na verkiezingen.", "sanne")
    text = demo.report("synthesis", "md").content.decode()
    assert "Samenvatting van de onderzoeker" in text and "Draagvlak wankelt vooral na verkiezingen." in text


PEOPLE = ("Jeroen Smit", "Fatima El Amrani", "Wim Hendriks", "Els Verhoef", "Joost van Dam", "Hanneke Bos",
          "Ingrid Mulder", "Marieke de Vries", "Rick Jansen", "Sanne Bakker", "Tom de Wit", "Lotte Visser")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_anonymised_reports_name_nobody(demo: Project, kind: str, fmt: str) -> None:
    rendered = demo.report(kind, fmt, anonymise=True)
    text = as_text(rendered.content, fmt)
    assert rendered.filename == f"{kind}-anoniem.{fmt}"
    for person in PEOPLE:
        for part in (person, person.split()[0]):
            # In any case: coders are often the interviewers' first names written in lower case ("sanne").
            assert not re.search(rf"\b{re.escape(part)}\b", text, re.IGNORECASE), f"{part} in the {kind}.{fmt}"


def test_an_anonymised_export_fails_when_a_known_name_would_still_show(demo: Project, cli: Callable) -> None:
    # Quotes, memos and definitions are scrubbed; the project's own name is not, so it can still leak.
    config = demo.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'name = "Voorbeeldstudie verduurzaming gemeenten"', 'name = "Gesprekken met Jeroen Smit"'), encoding="utf-8")
    result = cli("--project", demo.root, "report", "synthesis", "--anonymise", "--out", demo.root / "uit.md")
    assert result.code == 1 and "Jeroen Smit" in result.err
    assert not (demo.root / "uit.md").exists()


def test_anonymised_memos_quotes_and_tables_hide_people_and_places(demo: Project) -> None:
    config = demo.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "anonymise_names = []", "anonymise_names = [\"Sinéad O'Brien\"]"), encoding="utf-8")
    demo.set_memo("code", "ambitie.draagvlak", "Zoals O'Brien en Jeroen Smit opmerkten.", "sanne")
    with Project.open(demo.root) as project:
        html = project.report("synthesis", "html", anonymise=True, coder="sanne").content.decode()
        quotes = project.table("quotes", "csv", anonymise=True).content.decode()
        profiles = project.report("case", "md", anonymise=True).content.decode()
        appendix = project.report("appendix", "md", anonymise=True).content.decode()
        matrix = project.table("matrix", "csv", anonymise=True).content.decode()
    assert [line.split(",")[0] for line in matrix.splitlines()[1:3]] == ["Gemeente A", "Gemeente B"]
    assert "Westerbroek" not in matrix
    assert "Brien" not in html and "Jeroen" not in html and "[naam]" in html
    assert "sanne" not in html.lower() and "sanne" not in appendix.lower() and "tom)" not in appendix
    for place in ("Westerbroek", "Oosterlanden", "Hoogveen"):
        assert place not in quotes, place
    assert "Jeroen" not in quotes and "’s-Heerenbeek – " not in quotes
    assert "respondent 1 (wethouder)" in profiles and "(wethouder klimaat en energie)" not in profiles  # general role
    # Gemeenten are 'Gemeente A', 'Gemeente B', …: a gemeente's name next to a function would point at a person.
    for place in ("Westerbroek", "Oosterlanden", "Hoogveen", "Bergakker", "Heerenbeek", "Amstelhaven"):
        assert place not in profiles and place not in appendix and place not in html, place
    assert [line for line in profiles.splitlines() if line.startswith("## ")] == [
        f"## Gemeente {letter}" for letter in "ABCDEFGH"]
    # Which gemeente is A follows from the demo's random case GUIDs; the rows come in the order of the letters.
    rows = [line.split(" | ")[0] for line in appendix.split("## Bijlage B")[0].splitlines() if line.startswith("| Gem")]
    assert rows[1:] == [f"| Gemeente {letter}" for letter in "ABCDEFGH"]
    assert "| grootteklasse | Interviews |" in appendix
    assert "| inwoners |" not in appendix and "| provincie |" not in appendix  # exact figures left out


@pytest.mark.parametrize("kind", ("matrix", "frequencies", "cooccurrence", "quotes", "respondents"))
def test_tables_in_csv_markdown_and_xlsx(demo: Project, kind: str) -> None:
    csv = demo.table(kind, "csv").content.decode()
    markdown = demo.table(kind, "md").content.decode()
    workbook = openpyxl.load_workbook(io.BytesIO(demo.table(kind, "xlsx").content))
    assert csv.count("\n") >= 2 and markdown.startswith("|")
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes in ("A2", "B2")
    assert sheet.cell(1, 1).font.bold or sheet.cell(1, 2).font.bold
    assert sheet.max_row >= 2
    assert demo.table(kind, "xlsx").content == demo.table(kind, "xlsx").content


def test_the_cli_writes_reports_and_refuses_bad_input(demo: Project, cli: Callable) -> None:
    result = cli("--project", demo.root, "report", "synthesis", "--format", "html")
    assert result.code == 0, result.err
    assert (demo.root / "reports" / "synthesis.html").is_file()
    out = demo.root / "tabel.xlsx"
    assert cli("--project", demo.root, "table", "matrix", "--format", "xlsx", "--out", out).code == 0
    assert out.is_file()
    unknown = cli("--project", demo.root, "report", "synthesis", "--coder", "niemand")
    assert unknown.code == 1 and "niemand" in unknown.err and "Traceback" not in unknown.text
    bad = cli("--project", demo.root, "report", "samenvatting")
    assert bad.code == 2


SCRIPT_TRANSCRIPT = """\
Gemeente: Westerbroek
Gesprekspartner: Marieke de Vries
Functie: beleidsadviseur
Datum: 11 april 2025
Interviewer: Sanne Bakker

1. Ambities

Sanne: Wat is er gebeurd?

Marieke: Iemand plakte <script>alert('x')</script> in het verslag | met *sterretjes*. Rick weet ervan.
"""

CODEBOOK = """\
name: Klein
codes:
  - id: ambitie
    name: Ambitie
    children:
      - id: ambitie.draagvlak
        name: Gebrek aan draagvlak
        type: barrier
        description: Steun ontbreekt.
"""


def test_transcript_text_is_escaped_in_html_and_markdown(tmp_path: Path) -> None:
    source = tmp_path / "bron"
    source.mkdir()
    (source / "westerbroek.txt").write_text(SCRIPT_TRANSCRIPT, encoding="utf-8")
    (tmp_path / "codes.yaml").write_text(CODEBOOK, encoding="utf-8")
    with Project.init(tmp_path / "p", name="Klein") as project:
        project.import_transcripts([source])
        project.load_codebook(tmp_path / "codes.yaml")
        guid = project.documents()[0].guid
        text = project.document_text(guid)
        start = text.index("Iemand")
        project.apply_coding(guid, start, text.index("ervan.") + 6, "ambitie.draagvlak", "sanne")
        html = project.report("synthesis", "html").content.decode()
        markdown = project.report("synthesis", "md").content.decode()
        _, docx_words = docx_text(project.report("synthesis", "docx").content)
        (tmp_path / "p" / "qualcode.toml").write_text(
            (tmp_path / "p" / "qualcode.toml").read_text(encoding="utf-8").replace(
                "anonymise_names = []", 'anonymise_names = ["Rick Jansen"]'), encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert" in html
    assert "<script>" not in markdown
    assert "<script>alert('x')</script> in het verslag | met *sterretjes*" in docx_words  # Word shows it literally
    with Project.open(tmp_path / "p") as reopened:
        anonymous = reopened.report("synthesis", "md", anonymise=True).content.decode()
    assert "Rick" not in anonymous and "Marieke" not in anonymous


@pytest.mark.parametrize(("kind", "sample"), [("synthesis", "voorbeeld-synthese.md"),
                                              ("appendix", "voorbeeld-bijlagen.md")])
def test_the_sample_reports_in_the_repository_are_what_the_demo_gives(demo: Project, kind: str, sample: str) -> None:
    folder = Path(__file__).parents[2] / "reports"
    # Written as reports/README.md says: with --out, the figures next to it are named after it.
    written = demo.report(kind, "md").files_at(folder / sample)
    for path, content in written:
        assert path.read_bytes() == content, (
            f"reports/{path.name} is out of date: regenerate it as reports/README.md says")


def test_quantifier_thresholds_and_style_come_from_qualcode_toml(demo: Project) -> None:
    config = demo.root / "qualcode.toml"
    before = demo.report("synthesis", "md").content.decode()
    assert "de meeste gemeenten (7 van 8)" in before
    config.write_text(config.read_text(encoding="utf-8").replace('quantifiers = "both"', 'quantifiers = "words"')
                      + "\n[report.quantifier_thresholds]\nnearly_all = 0.85\n", encoding="utf-8")
    with Project.open(demo.root) as changed:
        after = changed.report("synthesis", "md").content.decode()
    assert "vrijwel alle gemeenten" in after and "(7 van 8)" not in after
    # The line under each type says what it means (reporting.wording), and one finding is one.
    assert "Alle 8 gemeenten noemden ten minste één belemmering; hieronder de 14 belemmeringen." in before
    assert "Ongeveer de helft van de gemeenten (4 van 8) noemden de succesfactor hieronder." in before
    assert "Alle gemeenten noemden ten minste één belemmering; hieronder de 14 belemmeringen." in after


def test_bad_quantifier_thresholds_are_a_clear_error(demo: Project) -> None:
    from qualcode.domain.errors import QualcodeError

    config = demo.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[report.quantifier_thresholds]\nmost = 0.95\n",
                      encoding="utf-8")
    # Refused when qualcode.toml is read (issue 11), so before any report is rendered.
    with pytest.raises(QualcodeError) as caught, Project.open(demo.root) as changed:
        changed.report("synthesis", "md")
    assert "quantifier_thresholds" in str(caught.value)


def test_a_fractional_few_max_is_refused_rather_than_rounded_down(demo: Project) -> None:
    from qualcode.domain.errors import QualcodeError

    config = demo.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[report.quantifier_thresholds]\nfew_max = 2.5\n",
                      encoding="utf-8")
    with pytest.raises(QualcodeError) as caught, Project.open(demo.root) as changed:
        changed.report("synthesis", "md")
    assert "few_max = 2.5 is not a whole number" in str(caught.value)
    assert "qualcode.toml" in str(caught.value)


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_a_few_max_that_is_no_count_of_cases_is_a_clear_error(demo: Project, value: str) -> None:
    from qualcode.domain.errors import QualcodeError

    config = demo.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8") + f"\n[report.quantifier_thresholds]\nfew_max = {value}\n",
                      encoding="utf-8")
    with pytest.raises(QualcodeError, match=r"few_max .* is not a whole number of cases"), \
            Project.open(demo.root) as changed:
        changed.report("synthesis", "md")


def test_table_options_crosstab_type_filter_and_filtered_quotes(demo: Project, cli: Callable) -> None:
    from qualcode.project.reports import TableRequest

    by_province = demo.table(TableRequest("matrix", by="provincie"), "csv").content.decode()
    header = by_province.splitlines()[0]
    assert "(n=" in header and "Drenthe" in header
    barriers = demo.table(TableRequest("matrix", code_type="barrier"), "csv").content.decode()
    assert "Gebrek aan bestuurlijk draagvlak" in barriers and "Vastgestelde routekaart" not in barriers
    presence = demo.table(TableRequest("matrix", value="presence"), "csv").content.decode()
    counts = demo.table(TableRequest("matrix"), "csv").content.decode()
    assert presence != counts and "12" in counts and ",12," not in presence
    quotes = demo.table(TableRequest("quotes", code="ambitie.draagvlak", where=(("provincie", "Drenthe"),)),
                        "csv").content.decode()
    assert "ambitie.draagvlak" in quotes
    drenthe = {case["name"] for case in demo.cases()
               if any(a.name == "provincie" and a.value == "Drenthe" for a in case["attributes"])}
    cases_in_quotes = {line.split(",")[2] for line in quotes.splitlines()[1:] if line.count(",") >= 3}
    assert cases_in_quotes and cases_in_quotes <= drenthe
    bad_where = cli("--project", demo.root, "table", "quotes", "--where", "provincie")
    assert bad_where.code == 1 and "ATTRIBUTE=VALUE" in bad_where.err
    bad_by = cli("--project", demo.root, "table", "matrix", "--by", "kleur")
    assert bad_by.code == 1 and "kleur" in bad_by.err and "provincie" in bad_by.err
    bad_code = cli("--project", demo.root, "table", "quotes", "--code", "geen.code")
    assert bad_code.code == 1 and "geen.code" in bad_code.err


def test_a_classification_that_does_not_add_up_is_reported(demo: Project, tmp_path: Path) -> None:
    source = (Path(__file__).parents[2] / "cases.csv").read_text(encoding="utf-8").splitlines()
    header = source[0].split(",")
    column = header.index("houding")
    rows = [line.split(",") for line in source[1:]]
    for row in rows:
        if row[0] == "Vliedorp":
            row[column] = ""
    (tmp_path / "cases.csv").write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    demo.load_cases(tmp_path / "cases.csv")
    text = demo.report("synthesis", "md").content.decode()
    assert "De classificatie 'houding' telt niet op tot 8: geen waarde voor Vliedorp." in text


def test_a_report_leaves_the_cycle_collector_as_it_found_it(demo: Project) -> None:
    import gc

    from qualcode.domain.errors import QualcodeError

    assert gc.isenabled()
    demo.report("appendix", "md")
    assert gc.isenabled()
    with pytest.raises(QualcodeError):
        demo.report("appendix", "pdf")
    assert gc.isenabled()  # also after an error
    gc.disable()
    try:
        demo.table("matrix", "csv")
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()


def test_anonymised_reports_hide_gemeenten_in_functions_definitions_and_sections(demo: Project, cli: Callable) -> None:
    conn = demo.store.conn
    with demo.store.transaction():
        conn.execute("UPDATE participants SET role = 'beleidsadviseur gemeente Westerbroek' WHERE role LIKE "
                     "'beleidsadviseur%'")
        conn.execute("UPDATE codes SET description = 'Zoals de Westerbroekse aanpak laat zien.' "
                     "WHERE key = 'ambitie.draagvlak'")
        conn.execute("UPDATE sections SET title = 'Westerbroek en de regio'")
    appendix = demo.report("appendix", "md", anonymise=True).content.decode()
    profiles = demo.report("case", "md", anonymise=True).content.decode()
    respondents = demo.table("respondents", "csv", anonymise=True).content.decode()
    quotes = demo.table("quotes", "csv", anonymise=True).content.decode()
    for text in (appendix, profiles, respondents, quotes):
        assert "Westerbroek" not in text  # the function would link 'Gemeente G' to its real name
    # Bijlage A shows the general role ([report] anonymous_roles), which drops the rest of the function.
    assert "beleidsadviseur gemeente" not in appendix and "| beleidsadviseur" in appendix
    assert r"Zoals de \[gemeente\] aanpak" in appendix
    assert "[gemeente] en de regio" in quotes

    with demo.store.transaction():  # a name no scrubbing reaches: the export stops and writes nothing
        conn.execute("UPDATE codes SET name = 'Aanpak zoals in Hoogveen' WHERE key = 'ambitie.draagvlak'")
    result = cli("report", "synthesis", "--project", str(demo.root), "--anonymise", "--out", "uit.md")
    assert result.code == 1 and "Hoogveen" in result.err and "line" in result.err
    assert not (demo.root / "uit.md").exists()


def test_a_gemeente_named_like_a_value_the_report_shows_does_not_stop_the_export(demo: Project) -> None:
    conn = demo.store.conn
    with demo.store.transaction():  # gemeente Groningen in provincie Groningen, compared by provincie
        conn.execute("UPDATE cases SET name = 'Groningen' WHERE name = 'Hoogveen'")
        conn.execute("UPDATE case_attributes SET value = '\"Groningen\"' WHERE name = 'provincie'")
    config = demo.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'anonymous_attributes = ["grootteklasse"]', 'anonymous_attributes = ["grootteklasse", "provincie"]'),
        encoding="utf-8")
    with Project.open(demo.root) as project:
        appendix = project.report("appendix", "md", anonymise=True).content.decode()
    assert "| Gemeente A | Groningen |" in appendix  # Bijlage E shows the provincie, and the export went through
