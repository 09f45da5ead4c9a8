"""The pseudonym key (issue 15): scan, list, set, ignore, export and import through the CLI, every error path with its
message and exit code and nothing changed, undo, anonymised reports and tables that use the key, the leak check, the
optional deep scan, and transcript text that never changes."""

from __future__ import annotations

import csv
import importlib.util
import io
import shutil
from pathlib import Path

import pytest

from qualcode.project import Project
from qualcode.project.demo import build_demo
from qualcode.project.reports import TableRequest, coded_corpus
from tests.functional.conftest import Cli

VELDHOVEN = """Gemeente: Rijnstede
Gesprekspartner: Joris Hekman
Functie: projectleider vastgoed
Datum: 14 mei 2025
Interviewer: Lotte Visser

Lotte: Met wie werken jullie samen?

Joris: Toen zei wethouder Pietersen dat er geen geld meer was. Ik heb het toen met Jan de Boer van Enexis \
besproken, die mailde vanaf j.deboer@enexis.nl en belde me op 06-12345678. Dat moeten we in Den Haag neerleggen, \
daar wordt het besloten.
"""
PASSAGE_START = "Toen zei wethouder"
PASSAGE_END = "daar wordt het besloten."


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pseudonyms") / "demo"
    with build_demo(root) as project:
        source = root / "transcripts" / "rijnstede.txt"
        source.write_text(VELDHOVEN, encoding="utf-8")
        project.import_transcripts([source])
        document = next(d for d in project.documents() if d.case_name == "Rijnstede")
        text = project.document_text(document.guid)
        start, end = text.index(PASSAGE_START), text.index(PASSAGE_END) + len(PASSAGE_END)
        coding = project.apply_coding(document.guid, start, end, opportunity(project), "sanne")
        project.choose_quote(coding.guid, coder="sanne")  # the synthesis quotes it
    config = root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[anonymise]\norganisations = ["Enexis"]\n',
                      encoding="utf-8")
    return root


@pytest.fixture
def root(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "demo"
    shutil.copytree(template, copy)
    monkeypatch.chdir(copy)
    return copy


@pytest.fixture
def scanned(root: Path, cli: Cli) -> Path:
    result = cli("pseudonyms", "scan", "--coder", "sanne")
    assert result.code == 0, result.text
    return root


def opportunity(project: Project) -> str:
    return next(code.key for code in coded_corpus(project.store).codes if code.type == "opportunity")


def key(root: Path) -> dict[str, tuple[str, str, str]]:
    with Project.open(root) as project:
        return {entry.real: (entry.replacement, entry.kind, entry.status) for entry in project.pseudonyms()}


KEPT = {"Pietersen", "Jan de Boer", "Enexis", "j.deboer@enexis.nl", "06-12345678", "Den Haag"}


def review(root: Path) -> None:
    """Let every candidate the scan found in the demo's own transcripts stay (as a researcher who looked at them
    would: names of projects and programmes), all but those of the added interview."""
    with Project.open(root) as project:
        for entry in project.pseudonyms(status="found"):
            if entry.real not in KEPT:
                project.ignore_pseudonym(entry.real, coder="sanne")


def quote(project: Project) -> str:
    content = project.table(TableRequest("quotes", code=opportunity(project)), "csv", anonymise=True).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    found = [cell for row in rows[1:] for cell in row if "geen geld meer" in cell]
    assert len(found) == 1
    return found[0]


# -- scan ------------------------------------------------------------------------------------------------------------
def test_scan_finds_people_places_organisations_and_contact_details(scanned: Path) -> None:
    entries = key(scanned)
    assert entries["Pietersen"] == ("[naam]", "person", "found")
    assert entries["Jan de Boer"] == ("[naam]", "person", "found")  # one name, and the organisation apart
    assert entries["Enexis"] == ("[organisatie]", "organisation", "found")
    assert entries["j.deboer@enexis.nl"] == ("[e-mail]", "email", "found")
    assert entries["06-12345678"] == ("[telefoonnummer]", "phone", "found")
    assert entries["Den Haag"] == ("[plaats]", "place", "found")
    assert entries["Joris Hekman"] == ("[naam]", "person", "confirmed")  # a participant: the project's own
    assert "Rijnstede" not in entries and "Westerbroek" not in entries  # gemeenten of the study have pseudonyms
    with Project.open(scanned) as project:
        hekman = project.pseudonym("Joris Hekman")
        assert hekman.count >= 1 and any("Rijnstede" in title or "rijnstede" in title for title in hekman.found_in)


def test_a_second_scan_keeps_every_decision_and_adds_nothing(scanned: Path, cli: Cli) -> None:
    assert cli("pseudonyms", "set", "Pietersen", "R7").code == 0
    assert cli("pseudonyms", "ignore", "Den Haag").code == 0
    before = key(scanned)
    with Project.open(scanned) as project:
        events = len(project.store.events(limit=100_000))
    result = cli("pseudonyms", "scan")
    assert result.code == 0 and "0 added" in result.out
    assert key(scanned) == before
    with Project.open(scanned) as project:
        assert len(project.store.events(limit=100_000)) == events  # nothing changed: no event to undo


def test_the_stored_transcript_text_never_changes(scanned: Path, cli: Cli) -> None:
    with Project.open(scanned) as project:
        texts = {d.guid: project.document_text(d.guid) for d in project.documents()}
    review(scanned)
    cli("pseudonyms", "set", "Pietersen", "R7")
    assert cli("report", "synthesis", "--anonymise", "--out", "s.md").code == 0
    with Project.open(scanned) as project:
        assert {d.guid: project.document_text(d.guid) for d in project.documents()} == texts


# -- set, ignore, list, show, undo ----------------------------------------------------------------------------------
def test_set_ignore_list_show_and_undo(scanned: Path, cli: Cli) -> None:
    result = cli("pseudonyms", "set", "Pietersen", "R7", "--coder", "sanne")
    assert result.code == 0 and "'Pietersen' → 'R7' (person)" in result.out
    assert key(scanned)["Pietersen"] == ("R7", "person", "confirmed")
    assert cli("pseudonyms", "set", "Enexis", "--coder", "sanne").code == 0  # confirm as it is
    assert key(scanned)["Enexis"] == ("[organisatie]", "organisation", "confirmed")
    assert cli("pseudonyms", "set", "Kees Jansen", "R8", "--kind", "person", "--coder", "sanne").code == 0
    assert cli("pseudonyms", "ignore", "Den Haag", "--coder", "sanne").code == 0
    listing = cli("pseudonyms", "list", "--status", "ignored")
    assert listing.code == 0 and "Den Haag" in listing.out and "Pietersen" not in listing.out
    shown = cli("pseudonyms", "show", "Den Haag")
    assert shown.code == 0 and "in Den Haag neerleggen" in shown.out

    assert cli("undo", "--coder", "sanne").code == 0  # the ignore
    assert key(scanned)["Den Haag"] == ("[plaats]", "place", "found")
    assert cli("undo", "--coder", "sanne").code == 0  # the new entry
    assert "Kees Jansen" not in key(scanned)
    assert cli("redo", "--coder", "sanne").code == 0
    assert key(scanned)["Kees Jansen"] == ("R8", "person", "confirmed")


def test_export_and_import_round_trip(scanned: Path, cli: Cli) -> None:
    assert cli("pseudonyms", "export", "--out", "sleutel.csv").code == 0
    exported = (scanned / "sleutel.csv").read_text(encoding="utf-8")
    assert exported.startswith("real,replacement,kind,status,source,found_in\n") and "Pietersen,[naam]" in exported
    (scanned / "nieuw.csv").write_text("real;replacement;kind\nPietersen;R7;\nMarco Hoes;R9;person\n",
                                       encoding="utf-8")
    result = cli("pseudonyms", "import", "nieuw.csv", "--coder", "sanne")
    assert result.code == 0 and "2 entries changed" in result.out
    entries = key(scanned)
    assert entries["Pietersen"] == ("R7", "person", "confirmed") and entries["Marco Hoes"] == ("R9", "person",
                                                                                               "confirmed")
    assert cli("undo", "--coder", "sanne").code == 0  # one change for the whole file
    entries = key(scanned)
    assert entries["Pietersen"] == ("[naam]", "person", "found") and "Marco Hoes" not in entries


# -- every error path: a message, exit code 1 (2 for usage), nothing changed ----------------------------------------
@pytest.mark.parametrize(("args", "file_text", "message"), [
    (("set", "Onbekend Persoon", "R1"), None, "is not in the pseudonym key yet"),
    (("set", "Pietersen", "   "), None, "is empty"),
    (("set", "Pietersen", "meneer Pietersen"), None, "contains the real form itself"),
    (("set", "Pietersen"), None, None),  # confirming is a change: see below, the second time is refused
    (("ignore", "Niemand"), None, "is not in the pseudonym key"),
    (("show", "Niemand"), None, "is not in the pseudonym key"),
    (("import", "ontbreekt.csv"), None, "does not exist"),
    (("import", "k.csv"), "naam,vervanging\nPietersen,R1\n", "needs the columns real and replacement"),
    (("import", "k.csv"), "real,replacement,kind\nPietersen,R1,\nKees,R2,stad\n", "k.csv:3: 'stad' is not a kind"),
    (("import", "k.csv"), "real,replacement\nPietersen,R1\npietersen,R2\n", "is in the file twice"),
    (("import", "k.csv"), "real,replacement\nPietersen,R1\nNieuw Iemand,R2\n", "not in the key and the row has no"),
    (("import", "k.csv"), "real,replacement,status\nPietersen,R1,klaar\n", "'klaar' is not a status"),
    (("import", "k.csv"), b"real,replacement\nPi\xebtersen,R1\n", "not UTF-8"),
    (("export", "--out", "reports"), None, "--out names a folder"),
])
def test_errors_say_what_and_change_nothing(scanned: Path, cli: Cli, args: tuple[str, ...],
                                            file_text: str | bytes | None, message: str | None) -> None:
    if file_text is not None:
        data = file_text.encode("utf-8") if isinstance(file_text, str) else file_text
        (scanned / "k.csv").write_bytes(data)
    if message is None:
        assert cli("pseudonyms", *args).code == 0
        args, message = args, "already"  # the same again changes nothing and says so
    before = key(scanned)
    with Project.open(scanned) as project:
        events = len(project.store.events(limit=100_000))
    result = cli("pseudonyms", *args)
    assert result.code == 1 and message in result.err and "Traceback" not in result.text
    assert key(scanned) == before
    with Project.open(scanned) as project:
        assert len(project.store.events(limit=100_000)) == events


def test_usage_errors(scanned: Path, cli: Cli) -> None:
    assert cli("pseudonyms", "list", "--kind", "stad").code == 2
    assert cli("pseudonyms", "set", "Iemand", "R1", "--kind", "stad").code == 2
    assert cli("pseudonyms").code == 2


# -- anonymised reports and tables use the key ----------------------------------------------------------------------
def test_anonymised_table_and_synthesis_use_the_key(scanned: Path, cli: Cli) -> None:
    review(scanned)
    for args in (("set", "Pietersen", "R7"), ("set", "Jan de Boer", "R8"), ("ignore", "Den Haag")):
        assert cli("pseudonyms", *args).code == 0
    with Project.open(scanned) as project:
        text = quote(project)
        assert "wethouder R7 dat" in text and "met R8 van [organisatie]" in text
        assert "[e-mail]" in text and "[telefoonnummer]" in text
        assert "in Den Haag neerleggen" in text  # ignored: the government, not a place that identifies
        for real in ("Pietersen", "Jan de Boer", "Enexis", "deboer@", "06-1234"):
            assert real not in text
        synthesis = project.report("synthesis", "md", anonymise=True).content.decode("utf-8").replace("\\", "")
        assert "wethouder R7" in synthesis and "Pietersen" not in synthesis and "Enexis" not in synthesis
    result = cli("table", "quotes", "--anonymise", "--out", "citaten.csv")
    assert result.code == 0 and "R7" in (scanned / "citaten.csv").read_text(encoding="utf-8")


def test_an_anonymised_report_from_an_empty_key_says_what_it_left(root: Path, cli: Cli) -> None:
    report = cli("report", "synthesis", "--anonymise", "--out", "s.md")
    table = cli("table", "quotes", "--anonymise", "--out", "q.csv")
    for result in (report, table):
        assert result.code == 0, result.text
        assert "the pseudonym key is empty" in " ".join(result.err.split())
        assert "qualcode pseudonyms scan" in result.err
    assert cli("pseudonyms", "scan").code == 0
    review(root)
    again = cli("report", "synthesis", "--anonymise", "--out", "s.md", "--force")
    assert again.code == 0 and "pseudonym key is empty" not in again.err
    plain = cli("report", "synthesis", "--out", "t.md")
    assert plain.code == 0 and "pseudonym" not in plain.err


def test_a_place_let_stay_is_replaced_again_once_the_ignore_is_undone(scanned: Path, cli: Cli) -> None:
    review(scanned)
    assert cli("pseudonyms", "ignore", "Den Haag", "--coder", "sanne").code == 0
    assert cli("undo", "--coder", "sanne").code == 0
    with Project.open(scanned) as project:
        assert "in [plaats] neerleggen" in quote(project)


# -- the leak check -------------------------------------------------------------------------------------------------
def test_the_leak_check_names_a_key_form_and_how_to_let_it_stay(scanned: Path, cli: Cli) -> None:
    review(scanned)
    with Project.open(scanned) as project:
        name = next(code.name for code in project.codebook().codes if code.key == opportunity(project))
    word = max(name.split(), key=len)  # a word of a code's name: reports show it, the scrub does not touch it
    assert cli("pseudonyms", "set", word, "[project]", "--kind", "organisation").code == 0
    result = cli("report", "synthesis", "--anonymise", "--out", "s.md")
    assert result.code == 1
    assert f"would still name '{word}' (in the pseudonym key: organisation, confirmed)" in result.err
    assert "on line" in result.err and f"qualcode pseudonyms ignore \"{word}\"" in result.err
    assert not (scanned / "s.md").exists()
    assert cli("pseudonyms", "ignore", word).code == 0
    assert cli("report", "synthesis", "--anonymise", "--out", "s.md").code == 0


# -- the deep scan --------------------------------------------------------------------------------------------------
HAS_DEDUCE = importlib.util.find_spec("deduce") is not None


@pytest.mark.skipif(HAS_DEDUCE, reason="deduce is installed here: the message for its absence cannot show")
def test_deep_scan_without_deduce_says_how_to_install_it(scanned: Path, cli: Cli) -> None:
    before = key(scanned)
    result = cli("pseudonyms", "scan", "--deep")
    assert result.code == 1 and "deduce is not installed" in result.err and "pip install deduce" in result.err
    assert key(scanned) == before


@pytest.mark.skipif(not HAS_DEDUCE, reason="deduce (GPL-3.0, optional) is not installed: pip install deduce")
def test_deep_scan_offers_deduces_persons(root: Path, cli: Cli) -> None:
    result = cli("pseudonyms", "scan", "--deep")
    assert result.code == 0, result.text
    entries = key(root)
    assert "Jan de Boer" in entries and entries["Enexis"][1] == "organisation"
    assert not any(real.endswith("van Enexis") for real in entries)
