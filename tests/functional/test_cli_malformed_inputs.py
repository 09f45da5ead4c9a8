"""Malformed inputs: a clear message (file, line, what to do), a non-zero exit, and nothing changed."""

from __future__ import annotations

import codecs
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from qualcode.project import Project
from tests.functional.hostile_material import GOOD_CASES, GOOD_CODEBOOK, GOOD_TRANSCRIPT


@dataclass(frozen=True)
class Bad:
    """A malformed input: files to write in the project, the command, its exit code and what stderr says."""

    files: dict[str, str | bytes]
    argv: tuple[str, ...]
    code: int
    expect: tuple[str, ...]


def transcript(name: str, content: str | bytes, *expect: str) -> Bad:
    return Bad({name: content}, ("import", name), 3, (f"failed    {name}", *expect))


def codebook(content: str | bytes, *expect: str, name: str = "codebooks/fout.yaml") -> Bad:
    return Bad({name: content}, ("codebook", "load", name), 1, (f"{name}", *expect))


def cases(content: str | bytes, *expect: str) -> Bad:
    return Bad({"gevallen.csv": content}, ("cases", "load", "gevallen.csv"), 1, ("gevallen.csv", *expect))


def settings(replace: tuple[str, str], *expect: str, argv: tuple[str, ...] = ("status",)) -> Bad:
    files: dict[str, str | bytes] = {"qualcode.toml": f"REPLACE:{replace[0]}\x00{replace[1]}",
                                     "nieuw.txt": GOOD_TRANSCRIPT}
    return Bad(files, argv, 1, ("qualcode.toml", *expect))


MALFORMED: dict[str, Bad] = {
    # --- transcripts -------------------------------------------------------------------------------
    "empty transcript": transcript(
        "leeg.txt", "", "leeg.txt: the transcript is empty", "→ check that the file"),
    "blank transcript": transcript("wit.txt", " \n\n\t\n", "wit.txt: the transcript is empty"),
    "header only, no body": transcript(
        "alleen-kop.txt", "Gemeente: Hoogveen\nGesprekspartner: Els Verhoef\n",
        "alleen-kop.txt: no interview text found after the header", "→ put the conversation below"),
    "unterminated front matter": transcript(
        "open.md", "---\ngemeente: Hoogveen\n\nI: Hallo?\nR: Dag.\n",
        "open.md:1: YAML front matter starts with '---' but never ends",
        "→ close the header with a line '---'"),
    "invalid YAML front matter": transcript(
        "kapot.md", "---\ngemeente: Hoogveen\ndatum: 3 maart: 2025\n---\n\nI: Hallo?\nR: Dag.\n",
        "kapot.md:3: the YAML front matter is not valid YAML", "→ write one 'key: value' per line"),
    "front matter is a list": transcript(
        "lijst.md", "---\n- gemeente\n- Hoogveen\n---\n\nI: Hallo?\nR: Dag.\n",
        "lijst.md:2: the YAML front matter is not a set of 'key: value' fields"),
    "binary file with NUL bytes": transcript(
        "opname.txt", b"ID3\x04\x00\x00\x00\x00\x00#TSSE\x00\x00\x00\x0f",
        "opname.txt: this looks like a binary file", "→ save it as UTF-8 text"),
    "UTF-8 BOM with invalid bytes": transcript(
        "bom.txt", codecs.BOM_UTF8 + b"Gemeente: Hoogveen\nI: caf\xe9?\nR: Ja.\n",
        "bom.txt:2: the file says it is UTF-8 but", "→ save the file again as UTF-8"),
    "UTF-16 BOM with a broken surrogate": transcript(
        "zestien.txt", codecs.BOM_UTF16_LE + "I: Hallo?\nR: Dag.\n".encode("utf-16-le") + b"\x00\xd8",
        "zestien.txt:3: the file says it is UTF-16 but"),
    "text renamed to .docx": transcript(
        "verslag.docx", "Dit is gewoon tekst, geen Word-bestand.\n",
        "verslag.docx: this .docx cannot be opened as a Word document",
        "→ open it in Word and save it again"),
    "VTT without WEBVTT": transcript(
        "teams.vtt", "00:00:01.000 --> 00:00:02.000\nHallo.\n",
        "teams.vtt:1: a WebVTT file must start with 'WEBVTT'", "→ export the transcript again as .vtt"),
    "VTT cue without timing": transcript(
        "zoom.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHallo.\n\n2\nGeen tijd.\n",
        "zoom.vtt:6: a cue without a timing line", "→ check the subtitle file"),
    "SRT with no cues": transcript(
        "leeg.srt", "\n\n\n", "leeg.srt:1: no cues found in this SRT file", "→ a cue is a timing line"),
    "SRT cue without timing after leading blank lines": transcript(
        "start.srt", "\n\n1\n00:00:01,000 --> 00:00:02,000\nHallo.\n\n2\nGeen tijd.\n",
        "start.srt:7: a cue without a timing line"),
    "SRT cue without timing after two blank lines": transcript(
        "dubbel.srt", "1\n00:00:01,000 --> 00:00:02,000\nHallo.\n\n\n2\nGeen tijd.\n",
        "dubbel.srt:6: a cue without a timing line"),
    "unsupported extension named explicitly": transcript(
        "verslag.odt", "PK\x03\x04", "verslag.odt: '.odt' is not a transcript format qualcode reads",
        "→ use .txt, .md, .docx, .pdf, .vtt or .srt"),
    "file named .pdf that is text": transcript(
        "notities.pdf", "geen transcript", "notities.pdf: this is not a PDF file"),
    "file name with brackets": transcript(
        "[concept] leeg.txt", "", "[concept] leeg.txt: the transcript is empty"),
    "missing file": Bad(
        {}, ("import", "weg.txt"), 3, ("failed    weg.txt: file not found", "→ check the path")),
    "folder without transcripts": Bad(
        {"map/notities.odt": "PK"}, ("import", "map"), 1,
        ("no transcript files found in map", "→ qualcode reads .txt, .md, .docx, .pdf, .vtt and .srt")),
    # --- codebooks ---------------------------------------------------------------------------------
    "codebook with invalid YAML": codebook(
        "codes:\n  - id: a\n    name: A\n   - id: b\n    name: B\n", "fout.yaml:4: not valid YAML",
        "→ check the indentation"),
    "codebook with duplicate ids": codebook(
        "codes:\n  - id: a\n    name: A\n  - id: a\n    name: B\n",
        "fout.yaml:4: duplicate id 'a' (first on line 2)", "→ give each code its own id"),
    "codebook with unknown type": codebook(
        "codes:\n  - id: a\n    name: A\n    type: probleem\n",
        "fout.yaml:4: unknown type 'probleem' for code 'a'", "→ use barrier, opportunity or condition"),
    "codebook code without name": codebook(
        "codes:\n  - id: a\n    type: barrier\n", "fout.yaml:2: code 'a' has no name", "→ add 'name: …'"),
    "codebook code without id": codebook(
        "codes:\n  - name: Zonder id\n", "fout.yaml:2: a code without an 'id'",
        "→ give every code a unique id"),
    "codebook with bad colour": codebook(
        "codes:\n  - id: a\n    name: A\n    colour: rood\n",
        "fout.yaml:4: colour 'rood' of 'a' is not a colour", "→ write a hex colour in quotes"),
    "codebook with parent cycle": codebook(
        "codes:\n  - id: a\n    name: A\n    parent: b\n  - id: b\n    name: B\n    parent: a\n",
        "fout.yaml:2: parents form a cycle: a → b → a", "→ a code cannot be its own ancestor"),
    "codebook with unknown parent": codebook(
        "codes:\n  - id: a\n    name: A\n    parent: nergens\n",
        "fout.yaml:2: code 'a' names parent 'nergens', which does not exist", "→ fix the parent id"),
    "codebook with unknown field": codebook(
        "codes:\n  - id: a\n    name: A\n    kleur: '#fff'\n", "fout.yaml:4: unknown field 'kleur'",
        "→ allowed:"),
    "codebook with a key twice": codebook(
        "codes:\n  - id: a\n    name: A\n    name: B\n",
        "fout.yaml:4: the key 'name' appears twice in one entry", "→ remove one of them"),
    "empty codebook": codebook("", "fout.yaml:1: the codebook is empty", "→ add a 'codes:' list"),
    "codebook without codes list": codebook(
        "name: Alleen een naam\n", "fout.yaml:1: the codebook has no 'codes:' list", "→ list the themes"),
    "codebook not UTF-8": codebook(
        "codes:\n  - id: a\n    name: Financiën\n".encode("cp1252"), "the codebook is not UTF-8 text",
        "→ save it as UTF-8"),
    "codebook file missing": Bad(
        {}, ("codebook", "load", "codebooks/weg.yaml"), 1,
        ("codebooks/weg.yaml: codebook file not found", "→ check the path")),
    "codebook path is a folder": Bad(
        {"codebooks/oud/boek.yaml": GOOD_CODEBOOK}, ("codebook", "load", "codebooks/oud"), 1,
        ("codebooks/oud",)),
    "codebook check with duplicate ids": Bad(
        {"dubbel.yaml": "codes:\n  - id: a\n    name: A\n  - id: a\n    name: B\n"},
        ("codebook", "check", "dubbel.yaml"), 1,
        ("dubbel.yaml:4: duplicate id 'a'", "→ give each code its own id")),
    "codebook export into a missing folder": Bad(
        {}, ("codebook", "export", "--out", "nergens/boek.yaml"), 1,
        ("nergens/boek.yaml: cannot write the file", "→ check that the folder exists")),
    # --- cases -------------------------------------------------------------------------------------
    "cases without a name column": cases(
        "provincie,inwoners\nDrenthe,24500\n", "gevallen.csv:1: no name column",
        "→ the header has: provincie, inwoners"),
    "duplicate case (alias)": cases(
        "gemeente,inwoners\nDen Bosch,160000\n's-Hertogenbosch,160000\n",
        "gevallen.csv:3: case ''s-Hertogenbosch' appears twice (also on line 2)", "→ give each case one row"),
    "cases row with wrong field count": cases(
        "gemeente,inwoners\nHoogveen,24500\nVliedorp,12400,Zeeland\n",
        "gevallen.csv:3: this row has 3 fields but the header has 2", "→ separate fields with ','"),
    "empty cases file": cases("", "gevallen.csv:1: the cases file is empty", "→ write a header row"),
    "header-only cases file": cases(
        "gemeente,inwoners\n", "gevallen.csv:2: the cases file has a header but no rows",
        "→ add one row per case"),
    "cases row without a name": cases(
        "gemeente,inwoners\n,24500\n", "gevallen.csv:2: a row without a case name",
        "→ fill in the 'gemeente'"),
    "cases file missing": Bad(
        {}, ("cases", "load", "weg.csv"), 1, ("weg.csv: cases file not found", "→ check the path")),
    "cases path is a folder": Bad(
        {"gevallen/cases.csv": GOOD_CASES}, ("cases", "load", "gevallen"), 1, ("gevallen",)),
    # --- qualcode.toml -----------------------------------------------------------------------------
    "invalid TOML": settings(('name = "Teststudie"', 'name = "Teststudie'), "is not valid TOML", "(at line 3",
                             "→ check quotes and brackets"),
    "unknown language": settings(('language = "nl"', 'language = "fr"'), "language 'fr' is not supported",
                                 '→ use language = "nl" or "en"', argv=("import", "nieuw.txt")),
    "bad size_thresholds": settings(
        ("size_thresholds = [30000, 100000]", "size_thresholds = [100000, 30000]"),
        "size_thresholds must be two increasing whole numbers", "→ fix [cases] size_thresholds",
        argv=("cases", "load", "nieuw.txt")),
    "interviewers that are not a list": settings(
        ("interviewers = []", 'interviewers = "Sanne Bakker"'), "'interviewers' must be a list",
        '→ write interviewers = ["…", "…"]'),
    # --- command line ------------------------------------------------------------------------------
    "unknown subcommand": Bad(
        {}, ("exporteer",), 2, ("invalid choice: 'exporteer'", "→ run 'qualcode --help'")),
    "unknown option": Bad({}, ("import", "--snel", "nieuw.txt"), 2,
                          ("unrecognized arguments: --snel", "→ run 'qualcode --help'")),
    "missing argument": Bad(
        {}, ("cases", "load"), 2, ("the following arguments are required: file", "--help")),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with one document, a codebook and two cases, built once and copied per test."""
    project_root = tmp_path_factory.mktemp("sjabloon") / "studie"
    with Project.init(project_root, name="Teststudie") as project:
        (project_root / "transcripts" / "hoogveen.txt").write_text(GOOD_TRANSCRIPT, encoding="utf-8")
        (project_root / "codebooks" / "basis.yaml").write_text(GOOD_CODEBOOK, encoding="utf-8")
        (project_root / "cases.csv").write_text(GOOD_CASES, encoding="utf-8")
        assert not project.import_transcripts([project_root / "transcripts"]).failed
        project.load_codebook(project_root / "codebooks" / "basis.yaml")
        project.load_cases(project_root / "cases.csv")
        [document] = project.documents()
        start, end, _ = project.sentences(document.guid)[-1]
        project.apply_coding(document.guid, start, end, "capaciteit.tekort", "sanne")
    return project_root


@pytest.mark.parametrize("bad", list(MALFORMED.values()), ids=list(MALFORMED))
def test_malformed_input_is_reported_and_changes_nothing(bad: Bad, template: Path, tmp_path: Path,
                                                        cli: Callable, counts: Callable,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "studie"
    shutil.copytree(template, root)
    monkeypatch.chdir(root)
    before = counts(root)
    settings_text = (root / "qualcode.toml").read_text(encoding="utf-8")
    for name, content in bad.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str) and content.startswith("REPLACE:"):
            old, new = content.removeprefix("REPLACE:").split("\x00")
            assert old in settings_text
            path.write_text(settings_text.replace(old, new, 1), encoding="utf-8")
        else:
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)

    result = cli(*bad.argv)

    assert result.code == bad.code, result.text
    for fragment in bad.expect:
        assert fragment in result.err, f"{fragment!r} not in stderr:\n{result.err}"
    assert "→" in result.err
    for fragment in ("Traceback", "internal problem"):
        assert fragment not in result.text
    (root / "qualcode.toml").write_text(settings_text, encoding="utf-8")
    assert counts(root) == before
    with Project.open(root) as project:
        [document] = project.documents()
        assert project.document_text(document.guid) == GOOD_TRANSCRIPT
        assert [c.key for c in project.codebook().codes] == ["capaciteit", "capaciteit.tekort"]
    assert not (root / "nergens").exists()
