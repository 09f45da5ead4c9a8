"""Hostile inputs (issue 11): each ends in one clear, bounded message, a non-zero exit, no traceback, an
unchanged project, and within a time bound."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from qualcode.project import Project
from tests.corpus.refi.make_refi import encrypted_member, entity_qde, minimal_qde, with_symlink, zip_bomb
from tests.corpus.refi.make_refi import guid as refi_guid
from tests.corpus.refi.make_refi import hostile as refi_qdpx
from tests.functional.hostile_material import (
    BIDI,
    GOOD_BODY,
    GOOD_CASES,
    GOOD_CODEBOOK,
    GOOD_TRANSCRIPT,
    HUGE,
    MIXED_ENCODINGS,
    PNG_WITHOUT_NUL,
    ZERO_WIDTH,
    Content,
    Hostile,
    billion_laughs_xml,
    cases,
    codebook,
    damaged,
    database_of_another_program,
    document_xml,
    docx,
    external_entity_xml,
    fifo,
    from_a_newer_qualcode,
    front_matter,
    memo_file,
    merge_other,
    nested_tables,
    paragraphs,
    project_copy,
    settings,
    sparse,
    symlink_loop,
    symlink_to,
    transcript,
    yaml_laughs,
    zipped,
)

GOOD_CODE = "codes:\n  - id: a\n    name: A\n"
ATTRIBUTION = 'attribution = "{rol}, gemeente {gemeente}"'


def refi(content: Content, *expect: str) -> Hostile:
    """A REFI-QDA archive imported into the project: refused with exit 1, the file named, nothing written."""
    return Hostile({"boos.qdpx": content}, ("import", "qdpx", "boos.qdpx", "--into", "."), 1, ("boos.qdpx", *expect))


HOSTILE: dict[str, Hostile] = {
    # --- YAML codebooks ------------------------------------------------------------------------------------
    "codebook: billion laughs": codebook(
        yaml_laughs() + "codes:\n  - id: a\n    name: A\n    keywords: *a8\n",
        "too many aliases", "→ write the values out"),
    "codebook: aliases in keywords": codebook(
        "codes:\n  - id: a\n    name: A\n    keywords: &k [" + ", ".join(["woning"] * 50) + "]\n"
        + "".join(f"  - id: b{i}\n    name: B\n    keywords: *k\n" for i in range(300)),
        "too many aliases"),
    "codebook: recursive alias": codebook(
        "codes: &lus\n  - id: a\n    name: A\n    children: *lus\n", "boos.yaml:4:", "refers to itself"),
    "codebook: recursive mapping alias": codebook(
        "naam: &m\n  zelf: *m\ncodes:\n  - id: a\n    name: A\n", "refers to itself"),
    "codebook: deep nesting": codebook(
        "codes: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply", "→ nest lists"),
    "codebook: deep nesting of children": codebook(
        "codes:\n" + "".join(f"{'  ' * (2 * i + 1)}- id: c{i}\n{'  ' * (2 * i + 2)}name: C\n"
                             f"{'  ' * (2 * i + 2)}children:\n" for i in range(200)) + "  " * 401 + "[]\n",
        "nested too deeply"),
    "codebook: !!binary": codebook(
        "codes:\n  - id: a\n    name: !!binary aGFsbG8=\n", "boos.yaml:3:", "the tag '!!binary'",
        "→ remove the tag"),
    "codebook: python object tag": codebook(
        "codes:\n  - id: a\n    name: !!python/object/apply:os.system [id]\n", "boos.yaml:3:",
        "the tag '!!python/object/apply:os.system'"),
    "codebook: custom tag": codebook("codes:\n  - !code\n    id: a\n    name: A\n", "boos.yaml:2:", "the tag '!code'"),
    "codebook: !!set": codebook("codes: !!set {a, b}\n", "boos.yaml:1:", "the tag '!!set'"),
    "codebook: top-level list": codebook(
        "- id: a\n  name: A\n", "boos.yaml:1: the codebook is a list", "→ put the codes under 'codes:'"),
    "codebook: top-level scalar": codebook("alleen tekst\n", "boos.yaml:1:", "must be a mapping"),
    "codebook: two documents": codebook(GOOD_CODE + "---\n" + GOOD_CODE, "boos.yaml:4:", "not valid YAML"),
    "codebook: complex key": codebook("codes:\n  - ? [id, x]\n    : a\n    name: A\n", "boos.yaml:2:",
                                      "a key must be plain text"),
    "codebook: merge key": codebook(
        "basis: &b {name: A}\ncodes:\n  - <<: *b\n    id: a\n", "boos.yaml:3:", "unknown field '<<'"),
    "codebook: NUL byte": codebook("codes:\n  - id: a\n    name: A\x00B\n", "not valid YAML"),
    "codebook: binary": codebook(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), "not"),
    "codebook: 1 MB id": codebook(f"codes:\n  - id: {HUGE}\n    name: A\n", "boos.yaml:2: id 'xxx", "…", "too long"),
    "codebook: 1 MB type": codebook(f"codes:\n  - id: a\n    name: A\n    type: {HUGE}\n", "unknown type 'xxx", "…"),
    "codebook: bidi control in name": codebook(
        f"codes:\n  - id: a\n    name: Cap{BIDI}aciteit\n", "boos.yaml:3:", "invisible",
        "→ retype"),
    "codebook: zero-width space in id": codebook(
        f"codes:\n  - id: cap{ZERO_WIDTH}aciteit\n    name: A\n", "boos.yaml:2:", "invisible"),
    "codebook: name is a list": codebook("codes:\n  - id: a\n    name: [A, B]\n", "boos.yaml:3:",
                                         "'name' must be text"),
    "codebook: English name is a mapping": codebook(
        "codes:\n  - id: a\n    name: A\n    name_en: {en: A}\n", "boos.yaml:4:", "'name_en' of 'a' must be text",
        "→ write the English name"),
    "codebook: empty English description": codebook(
        "codes:\n  - id: a\n    name: A\n    description_en:\n", "boos.yaml:4:", "'description_en' of 'a' is empty"),
    "codebook: bidi control in English name": codebook(
        f"codes:\n  - id: a\n    name: A\n    name_en: Cap{BIDI}acity\n", "boos.yaml:4:", "invisible"),
    "codebook: 2,000 problems": codebook(
        "codes:\n" + "".join(f"  - id: a\n    name: A{i}\n" for i in range(2000)), "duplicate id 'a'",
        "and 1,9"),
    "codebook: cp1252": codebook("codes:\n  - id: a\n    name: Financiën\n".encode("cp1252"), "not UTF-8"),
    "codebook: too large": codebook(sparse(60_000_000), "too large", "→"),
    "codebook: FIFO": codebook(fifo, "not a regular file"),
    # --- YAML front matter ------------------------------------------------------------------------------------
    "front matter: billion laughs": front_matter(
        "laughs.md", yaml_laughs() + "gemeente: Hoogveen\nonderwerp: *a8\n", "laughs.md:", "too many aliases"),
    "front matter: recursive alias": front_matter(
        "lus.md", "gemeente: &g [*g]\n", "lus.md:2:", "refers to itself"),
    "front matter: !!binary": front_matter(
        "binair.md", "gemeente: !!binary SG9vZ3ZlZW4=\n", "binair.md:2:", "the tag '!!binary'"),
    "front matter: python object": front_matter(
        "object.md", "gemeente: !!python/object/apply:os.system [id]\n", "object.md:2:",
        "the tag '!!python/object/apply:os.system'"),
    "front matter: deep nesting": front_matter(
        "diep.md", "gemeente: " + "[" * 5000 + "]" * 5000 + "\n", "diep.md:", "nested too deeply"),
    "front matter: top-level list": front_matter(
        "lijst.md", "- gemeente\n- Hoogveen\n", "lijst.md:2:", "not a set of 'key: value' fields"),
    "front matter: timestamp tag": front_matter(
        "tijd.md", "gemeente: Hoogveen\ndatum: !!timestamp 2025-03-01\n", "tijd.md:3:", "the tag '!!timestamp'"),
    "front matter: complex key": front_matter(
        "sleutel.md", "? [gemeente]\n: Hoogveen\n", "sleutel.md:2:", "a key must be plain text"),
    # --- transcript files ---------------------------------------------------------------------------------
    "FIFO named .txt": transcript("wacht.txt", fifo, "wacht.txt: not a regular file", "→"),
    "symlink to /dev/zero": transcript("nul.txt", symlink_to("/dev/zero"), "nul.txt: not a regular file"),
    "symlink to /dev/urandom": transcript("ruis.txt", symlink_to("/dev/urandom"), "ruis.txt: not a regular file"),
    "symlink loop": transcript("lus-a.txt", symlink_loop, "lus-a.txt: a symbolic link that leads nowhere"),
    "dangling symlink": transcript("weg.txt", symlink_to("nergens.txt"), "weg.txt: a symbolic link that leads nowhere"),
    "60 MB text file": transcript("groot.txt", sparse(60_000_000), "groot.txt: the file is too large (60 MB",
                                  "→ split"),
    "250 MB .docx": transcript("groot.docx", sparse(250_000_000), "groot.docx: the file is too large (250 MB"),
    "250 MB .pdf": transcript("groot.pdf", sparse(250_000_000), "groot.pdf: the file is too large (250 MB"),
    "symlink to /dev/null": transcript("stil.txt", symlink_to("/dev/null"), "stil.txt: not a regular file"),
    "PNG without NUL bytes named .txt": transcript(
        "foto.txt", PNG_WITHOUT_NUL, "foto.txt: this is an image (PNG)", "→"),
    "random bytes without NUL named .txt": transcript(
        "ruis2.txt", bytes(range(1, 256)) * 400, "ruis2.txt:1: this does not look like text", "→"),
    "JPEG named .txt": transcript("foto2.txt", b"\xff\xd8\xff\xe0\x10JFIF\x01\x01" + bytes(range(1, 256)) * 30,
                                  "this is an image (JPEG)"),
    "ZIP (not Word) named .txt": transcript(
        "archief.txt", zipped({"a.csv": b"1,2"}), "archief.txt: this is a ZIP archive, not text"),
    "gzip named .txt": transcript("ingepakt.txt", b"\x1f\x8b\x08\x00" + bytes(range(1, 256)) * 30,
                                  "this is a compressed file"),
    "ELF program named .txt": transcript("programma.txt", b"\x7fELF\x02\x01\x01" + bytes(200),
                                         "programma.txt: this is a program, not text"),
    "NUL bytes in the middle": transcript(
        "nul2.txt", GOOD_TRANSCRIPT.replace("Het gaat", "Het\x00gaat"), "nul2.txt: this looks like a binary file"),
    "control characters": transcript(
        "stuur.txt", GOOD_TRANSCRIPT + "R: \x1b[2J\x1b]0;kapot\x07" * 200, "stuur.txt:", "control characters"),
    "UTF-16 with an odd byte": transcript(
        "oneven.txt", b"\xff\xfe" + "I: Hallo?\nR: Dag.\n".encode("utf-16-le") + b"\x41",
        "oneven.txt:", "UTF-16"),
    "no extension": Hostile({"transcript": GOOD_TRANSCRIPT}, ("import", "transcript"), 3,
                            ("failed    transcript: 'transcript' is not a transcript format",)),
    ".doc (old Word)": transcript("oud.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
                                  "'.doc' is not a transcript format", "→ use .txt"),
    "old Word renamed .docx": transcript(
        "oud.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "oud.docx: this .docx cannot be opened"),
    "empty .docx": transcript("leeg.docx", b"", "leeg.docx: this .docx cannot be opened"),
    "truncated .docx": transcript("half.docx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(40),
                                  "half.docx: this .docx cannot be opened"),
    ".docx without document.xml": transcript(
        "zonder.docx", zipped({"[Content_Types].xml": b"<Types/>"}), "zonder.docx: this .docx cannot be opened"),
    ".docx zip bomb (500 MB document.xml)": transcript(
        "bom.docx", docx(padding=500 << 20), "bom.docx: this Word document unpacks to", "→"),
    ".docx with 6,000 parts": transcript("delen.docx", docx(document_xml(GOOD_BODY), extra=6000),
                                         "delen.docx: this Word document has 6,00"),
    ".docx entity expansion": transcript("lach.docx", docx(billion_laughs_xml()),
                                         "lach.docx: this Word document declares entities"),
    ".docx external entity": transcript("xxe.docx", docx(external_entity_xml()),
                                        "xxe.docx: this Word document declares entities"),
    ".docx nested 2,000 deep": transcript("diep.docx", docx(nested_tables(700)),
                                          "diep.docx: this .docx cannot be opened"),
    ".docx not XML": transcript("kapot.docx", docx("dit is geen xml"), "kapot.docx: this .docx cannot be opened"),
    ".docx with only empty paragraphs": transcript("wit.docx", docx(document_xml(paragraphs("", " ", ""))),
                                                   "wit.docx: the transcript is empty"),
    "1 MB gemeente in the header": transcript(
        "grootnaam.txt", "Gemeente: " + "Hoogveen" * 125_000 + "\n\nI: Hoe gaat het?\nR: Goed.\n",
        "grootnaam.txt: the gemeente 'HoogveenHoog", "is too long (1,000,000 characters)", "→ a case name"),
    "PDF truncated": transcript("half.pdf", b"%PDF-1.7\n1 0 obj\n<<", "half.pdf:"),
    # --- cases CSV ---------------------------------------------------------------------------------------------
    "cases: negative inhabitants": cases("gemeente,inwoners\nHoogveen,-24500\n", "gevallen.csv:2:",
                                         "inhabitants", "→"),
    "cases: absurd inhabitants": cases("gemeente,inwoners\nHoogveen,99999999999\n", "gevallen.csv:2:",
                                       "inhabitants"),
    "cases: 10,000 columns": cases(
        "gemeente," + ",".join(f"k{i}" for i in range(10_000)) + "\nHoogveen," + ",".join("1" * 10_000) + "\n",
        "more than 1,000 columns", "→"),
    "cases: unterminated quote": cases('gemeente,opmerking\nHoogveen,"nooit af\nVliedorp,ja\n',
                                       "gevallen.csv:2:", "quote"),
    "cases: quote in the middle": cases('gemeente,opmerking\nHoog"veen",ja\nVliedorp,"ja"x\n',
                                        "gevallen.csv:3:", "quote"),
    "cases: NUL byte": cases("gemeente,inwoners\nHoog\x00veen,1\n", "binary"),
    "cases: huge field": cases(f"gemeente,opmerking\nHoogveen,{HUGE}\n", "gevallen.csv:2:", "too long"),
    "cases: bidi in case name": cases(f"gemeente,inwoners\nHoog{BIDI}veen,24500\n", "gevallen.csv:2:", "invisible"),
    "cases: zero-width in name": cases(f"gemeente\nHoog{ZERO_WIDTH}veen\n", "gevallen.csv:2:", "invisible"),
    "cases: 1 MB case name twice": cases(f"gemeente\n{HUGE}\n{HUGE}\n", "gevallen.csv:2:", "too long"),
    "cases: PNG": cases(b"\x89PNG\r\n\x1a\n" + bytes(300), "this is an image (PNG), not text"),
    "cases: only separators": cases(",,,\n,,,\n", "gevallen.csv:1: no name column"),
    "cases: FIFO": cases(fifo, "not a regular file"),
    "cases: too large": cases(sparse(60_000_000), "too large"),
    # --- qualcode.toml -----------------------------------------------------------------------------------------
    "toml: negative size thresholds": settings("size_thresholds = [30000, 100000]", "size_thresholds = [-5, 10]",
                                               "size_thresholds", "positive"),
    "toml: zero size threshold": settings("size_thresholds = [30000, 100000]", "size_thresholds = [0, 10]",
                                          "size_thresholds"),
    "toml: quantifier thresholds not ascending": settings(
        'quantifiers = "both"', 'quantifiers = "both"\nquantifier_thresholds = {most = 0.9, nearly_all = 0.5}',
        "quantifier_thresholds", "ascending"),
    "toml: negative quantifier threshold": settings(
        'quantifiers = "both"', 'quantifiers = "both"\nquantifier_thresholds = {most = -0.5}',
        "quantifier_thresholds", "most"),
    "toml: alias cycle": settings(
        '# "Den Bosch" = "\'s-Hertogenbosch"', '"Hoogveen" = "Laagveen"\n"Laagveen" = "Hoogveen"',
        "aliases", "cycle"),
    "toml: attribution attribute access": settings(
        ATTRIBUTION, 'attribution = "{rol.__class__.__init__.__globals__}"', "attribution", "{rol.__class__"),
    "toml: attribution indexing": settings(ATTRIBUTION, 'attribution = "{gemeente[0]}"', "attribution"),
    "toml: attribution format spec": settings(
        ATTRIBUTION, 'attribution = "{gemeente:>999999999}"', "attribution", "{field}"),
    "toml: attribution positional": settings(ATTRIBUTION, 'attribution = "{0}"', "attribution"),
    "toml: attribution unbalanced": settings(ATTRIBUTION, 'attribution = "{rol"', "attribution"),
    "toml: attribution conversion": settings(ATTRIBUTION, 'attribution = "{rol!r}"', "attribution"),
    "toml: deep nesting": settings('quantifiers = "both"', 'quantifiers = "both"\nx = ' + "[" * 3000 + "]" * 3000,
                                   "nested too deeply"),
    "toml: 1 MB language": settings('language = "nl"', f'language = "{HUGE}"', "language 'xxx", "…",
                                    argv=("import", "transcripts")),
    "toml: binary": Hostile({"qualcode.toml": b"\x89PNG\r\n\x1a\n" + bytes(300)}, ("status",), 1,
                            ("qualcode.toml",)),
    # --- command line ------------------------------------------------------------------------------------------
    "--type unknown": Hostile({}, ("table", "matrix", "--type", "barier"), 1,
                              ("unknown code type 'barier'", "did you mean 'barrier'", "→ use one of")),
    "--code unknown": Hostile({}, ("table", "quotes", "--code", "capaciteit.tekrt"), 1,
                              ("no code 'capaciteit.tekrt'", "did you mean 'capaciteit.tekort'")),
    "--by unknown": Hostile({}, ("table", "matrix", "--by", "inwoner"), 1,
                            ("no case attribute 'inwoner'", "did you mean 'inwoners'", "→ use one of")),
    "--type 1 MB": Hostile({}, ("table", "matrix", "--type", HUGE), 1, ("unknown code type 'xxx", "…")),
    "--out over a file outside the project": Hostile(
        {"../buiten.csv": "bewaren\n"}, ("table", "frequencies", "--out", "../buiten.csv"), 1,
        ("buiten.csv: the file exists and is outside the project", "→ add --force")),
    "--out of a report over a file outside": Hostile(
        {"../rapport.md": "bewaren\n"}, ("report", "synthesis", "--out", "../rapport.md"), 1,
        ("rapport.md: the file exists and is outside the project", "--force")),
    "codebook export over a file outside": Hostile(
        {"../boek.yaml": "bewaren\n"}, ("codebook", "export", "--out", "../boek.yaml"), 1,
        ("boek.yaml: the file exists and is outside the project",)),
    "--out is a folder": Hostile({"../map/x": "bewaren\n"}, ("table", "frequencies", "--out", "../map"), 1,
                                 ("map: is a folder",)),
    "--project is a file": Hostile({}, ("--project", "cases.csv", "status"), 1,
                                   ("cases.csv: --project names a file, not a project folder",)),
    "--project is missing": Hostile({}, ("--project", "nergens", "status"), 1, ("nergens",)),
    "--where 1 MB": Hostile({}, ("table", "quotes", "--where", HUGE), 1, ("is not ATTRIBUTE=VALUE", "…")),
    # --- codings tables and commands -----------------------------------------------------------------------
    "codings import: an image named .csv": Hostile({"coderingen.csv": PNG_WITHOUT_NUL},
                                                   ("codings", "import", "coderingen.csv"), 1,
                                                   ("coderingen.csv: this is an image (PNG), not text",)),
    "codings import: NUL bytes": Hostile({"coderingen.csv": "document,text,code\nhoogveen,Het\x00gaat,capaciteit\n"},
                                         ("codings", "import", "coderingen.csv"), 1,
                                         ("coderingen.csv: this looks like a binary file",)),
    "codings import: text named .xlsx": Hostile({"coderingen.xlsx": "document,text,code\n"},
                                                ("codings", "import", "coderingen.xlsx"), 1,
                                                ("coderingen.xlsx: this .xlsx cannot be opened as an Excel workbook",)),
    "codings import: xlsx with entities": Hostile(
        {"coderingen.xlsx": zipped({"[Content_Types].xml": b"<Types/>",
                                    "xl/workbook.xml": billion_laughs_xml().encode()})},
        ("codings", "import", "coderingen.xlsx"), 1, ("coderingen.xlsx: this workbook declares entities",)),
    "codings import: unclosed quote": Hostile({"coderingen.csv": 'document,text,code\nhoogveen,"Het gaat,capaciteit\n'},
                                              ("codings", "import", "coderingen.csv"), 1,
                                              ("coderingen.csv:2: this is not readable CSV",)),
    "codings import: 10,000 columns": Hostile(
        {"coderingen.csv": ",".join(f"k{i}" for i in range(10_000)) + "\n" + ",".join("1" * 10_000) + "\n"},
        ("codings", "import", "coderingen.csv"), 1, ("the header has 10,000 columns",)),
    "codings import: header only": Hostile({"coderingen.csv": "document;tekst;code\n"},
                                           ("codings", "import", "coderingen.csv"), 1,
                                           ("coderingen.csv:2: the file has a header but no rows",)),
    "codings import: a 1 MB code": Hostile({"coderingen.csv": "document,text,code\nhoogveen,langzaam,c" + "x" * 100_000
                                                              + "\n"}, ("codings", "import", "coderingen.csv"), 1,
                                           ("line 2: no code 'cxxx", "…", "nothing was stored")),
    "codings add --text 1 MB": Hostile({}, ("codings", "add", "hoogveen", "capaciteit", "--text", HUGE), 1,
                                       ("is not in the document", "…")),
    "codings remove 1 MB id": Hostile({}, ("codings", "remove", HUGE), 1, ("no coding with id 'xxx", "…")),
    "codings export over a file outside": Hostile(
        {"../codings.csv": "bewaren\n"}, ("codings", "export", "--out", "../codings.csv"), 1,
        ("codings.csv: the file exists and is outside the project", "→ add --force")),
    # --- REFI-QDA archives (qualcode import qdpx|qdc FILE --into .) -------------------------------------------------
    "qdpx: not a zip": refi(b"Dit is geen archief.\n" * 20, "a .qdpx file is a ZIP archive, and this is none"),
    "qdpx: empty zip": refi(zipped({}), "holds no .qde file"),
    "qdpx: only sources, no .qde": refi(zipped({"sources/boos.txt": b"I: Hallo?\n"}), "holds no .qde file"),
    "qdpx: two .qde files": refi(refi_qdpx(minimal_qde(), more={"tweede.qde": minimal_qde().encode()}),
                                 "holds 2 .qde files (project.qde, tweede.qde)", "→ export each project"),
    "qdpx: zip bomb (256 MB of zeros)": refi(lambda path: path.write_bytes(zip_bomb(256 << 20)),
                                             "sources/boos.txt' in the archive unpacks to 268 MB", "zip bomb"),
    "qdpx: ../ member": refi(refi_qdpx(minimal_qde(), more={"sources/../../../etc/cron.d/boos": b"x"}),
                             "a file whose path leaves its folder ('sources/../../../etc/cron.d/boos')"),
    "qdpx: absolute path member": refi(refi_qdpx(minimal_qde(), more={"/etc/boos.txt": b"x"}),
                                       "path leaves its folder ('/etc/boos.txt')"),
    "qdpx: drive letter member": refi(refi_qdpx(minimal_qde(), more={"C:/Windows/boos.txt": b"x"}),
                                      "path leaves its folder ('C:/Windows/boos.txt')"),
    "qdpx: symbolic link member": refi(with_symlink(), "a symbolic link ('sources/boos.txt')"),
    "qdpx: encrypted member": refi(encrypted_member(), "the archive is encrypted"),
    "qdpx: XML external entity": refi(refi_qdpx(entity_qde("external")), "project.qde",
                                      "declares a document type or entities", "nothing"),
    "qdpx: billion laughs": refi(refi_qdpx(entity_qde("laughs")), "declares a document type or entities"),
    "qdpx: malformed XML": refi(refi_qdpx("<Project name='kapot'><Sources></Project>"),
                                "not well-formed XML (line 1", "mismatched tag"),
    "qdpx: not a project": refi(refi_qdpx("<Verslag/>"), "its root element is <Verslag>, not <Project>"),
    "qdpx: codes nested 300 deep": refi(refi_qdpx(minimal_qde(codes="".join(
        f'<Code guid="{refi_guid(f"diep{i}")}" name="d" isCodable="true">' for i in range(300)) + "</Code>" * 300)),
        "nested more than 256 levels"),
    "qdpx: a selection beyond the text": refi(refi_qdpx(minimal_qde(
        f'<PlainTextSelection guid="{refi_guid("ver")}" startPosition="5000" endPosition="5010">'
        f'<Coding guid="{refi_guid("ver-c")}"><CodeRef targetGUID="{refi_guid("h-code")}"/></Coding>'
        "</PlainTextSelection>")), "contradicts itself in 1 places; nothing was imported",
        "(5000–5010) lies outside its text (26 characters)", "→ export it again", "--drop-invalid"),
    "qdpx: a CodeRef to a missing code": refi(refi_qdpx(minimal_qde(
        f'<PlainTextSelection guid="{refi_guid("mis")}" startPosition="0" endPosition="4">'
        f'<Coding guid="{refi_guid("mis-c")}"><CodeRef targetGUID="{refi_guid("weg")}"/></Coding>'
        "</PlainTextSelection>")), "names code", "which the file does not define"),
    "qdpx: FIFO named .qdpx": refi(fifo, "not a regular file"),
    "qdc: entity expansion": Hostile({"boos.qdc": entity_qde("laughs").replace("Project", "CodeBook")},
                                     ("import", "qdc", "boos.qdc", "--into", "."), 1,
                                     ("boos.qdc", "declares a document type or entities")),
    "qdc: a project's XML named .qdc is not a codebook root": Hostile(
        {"boos.qdc": "<Verslag/>"}, ("import", "boos.qdc", "--into", "."), 1,
        ("boos.qdc: this is no REFI-QDA codebook: its root element is <Verslag>",)),
    # --- merge OTHER (issue 13): another copy that is none, or a hostile one -------------------------------------
    "merge: no such copy": Hostile({}, ("merge", "../elders"), 1, ("elders: not found", "→ name another copy's")),
    "merge: a folder that is no project": Hostile({"../map/notities.txt": "boodschappen\n"}, ("merge", "../map"), 1,
                                                  ("map: this folder is not a qualcode project",)),
    "merge: this project itself": Hostile({}, ("merge", "."), 1, ("this project's own database",)),
    "merge: this project's own qualcode.db": Hostile({}, ("merge", "qualcode.db"), 1,
                                                     ("this project's own database",)),
    "merge: a text file named .db": merge_other("kopie.db", "Dit is geen database.\n" * 50,
                                                "kopie.db: this file is not a readable qualcode database"),
    "merge: an empty .db": merge_other("leeg.db", b"", "leeg.db", "empty (0 bytes)"),
    "merge: another program's database": merge_other("agenda.db", database_of_another_program,
                                                     "agenda.db: this is an SQLite database, but not a qualcode"),
    "merge: a copy from a newer qualcode": merge_other("nieuwer.db", project_copy(from_a_newer_qualcode),
                                                       "saved by a newer qualcode (it has m099_toekomst)",
                                                       "→ update qualcode"),
    "merge: a damaged copy": merge_other("kapot.db", project_copy(damaged), "kapot.db", "→ ask for a fresh copy"),
    "merge: a .qdc codebook": merge_other("boos.qdc", "<CodeBook/>", "holds a codebook only"),
    "merge: a qdpx zip bomb": merge_other("bom.qdpx", lambda path: path.write_bytes(zip_bomb(256 << 20)),
                                          "unpacks to 268 MB", "zip bomb"),
    "merge: a qdpx with a ../ member": merge_other("pad.qdpx", refi_qdpx(minimal_qde(), more={
        "sources/../../../etc/cron.d/boos": b"x"}), "a file whose path leaves its folder"),
    # --- search queries ----------------------------------------------------------------------------------
    "search: empty query": Hostile({}, ("search", "   "), 1, ("the search query is empty",)),
    "search: only a wildcard": Hostile({}, ("search", "*"), 1, ("the wildcard word '*' needs at least 2 letters",)),
    "search: unbalanced quotes": Hostile({}, ("search", '"structureel budget'), 1,
                                         ("an opening quote without a closing one",)),
    "search: a 10,000-character query": Hostile({}, ("search", "gemeente " * 1111 + "x"), 1,
                                                ("the search query is too long (10,000 characters",)),
    # --- memos (qualcode memos set KIND TARGET --file F) -----------------------------------------------------------
    "memo file: cp1252": memo_file("Financiën en capaciteit\n".encode("cp1252"), "memo.md:1: not UTF-8",
                                   "→ save the file as UTF-8"),
    "memo file: PNG": memo_file(PNG_WITHOUT_NUL, "not UTF-8"),
    "memo file: NUL byte": memo_file("Capaciteit\x00tekort\n", "this looks like a binary file"),
    "memo file: 60 MB": memo_file(sparse(60_000_000), "too large for a memo (60.000.000 bytes", "→"),
    "memo file: FIFO": memo_file(fifo, "not a regular file"),
    "memo file: symlink to /dev/zero": memo_file(symlink_to("/dev/zero"), "not a regular file"),
    "memo file: symlink loop": memo_file(symlink_loop, "a symbolic link that leads nowhere"),
    "memo file: only blank lines": memo_file("\n  \n\n", "the memo is empty; nothing was written",
                                             "→ to remove a memo: qualcode memos remove code capaciteit.tekort"),
    "memo: empty text": Hostile({}, ("memos", "set", "project", ""), 1, ("the memo is empty",
                                                                         "qualcode memos remove project")),
    "memo: unknown code": Hostile({}, ("memos", "set", "code", "capaciteit.tekrt", "Notitie"), 1,
                                  ("no code 'capaciteit.tekrt'", "did you mean 'capaciteit.tekort'")),
    "memo: 1 MB target": Hostile({}, ("memos", "show", "document", HUGE), 1, ("no document 'xxx", "…")),
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


def make_files(root: Path, files: dict[str, object]) -> None:
    """Write a case's files into a copied project (qualcode.toml edits are REPLACE:old\\0new)."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        elif isinstance(content, str) and content.startswith("REPLACE:"):
            old, new = content.removeprefix("REPLACE:").split("\x00")
            settings_text = path.read_text(encoding="utf-8")
            assert old in settings_text
            path.write_text(settings_text.replace(old, new, 1), encoding="utf-8")
        else:
            assert isinstance(content, str | bytes)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


MESSAGE_LIMIT = 4000  # characters of stderr: no 1 MB value is echoed
TIME_BOUND = 60.0  # seconds; a hostile input is refused long before this, also on a busy machine


@pytest.mark.parametrize("hostile", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_input_ends_in_one_clear_message(hostile: Hostile, template: Path, tmp_path: Path,
                                                  cli: Callable, counts: Callable,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "studie"
    shutil.copytree(template, root)
    monkeypatch.chdir(root)
    before = counts(root)
    settings_text = (root / "qualcode.toml").read_bytes()
    make_files(root, hostile.files)
    outside = {name: (root / name).read_bytes() for name in hostile.files if name.startswith("../")
               and (root / name).is_file()}

    started = time.monotonic()
    result = cli(*hostile.argv)
    elapsed = time.monotonic() - started

    assert result.code == hostile.code, result.text[:3000]
    for fragment in hostile.expect:
        assert fragment in result.err, f"{fragment!r} not in stderr:\n{result.err[:3000]}"
    assert "→" in result.err
    assert len(result.err) < MESSAGE_LIMIT, result.err[:3000]
    for fragment in ("Traceback", "internal problem"):
        assert fragment not in result.text
    assert elapsed < TIME_BOUND
    for name, content in outside.items():
        assert (root / name).read_bytes() == content
    (root / "qualcode.toml").write_bytes(settings_text)
    for name in hostile.files:
        if (root / name).is_symlink() or (root / name).is_fifo():
            (root / name).unlink()
    assert counts(root) == before
    with Project.open(root) as project:
        [document] = project.documents()
        assert project.document_text(document.guid) == GOOD_TRANSCRIPT
        assert [c.key for c in project.codebook().codes] == ["capaciteit", "capaciteit.tekort"]


def test_a_file_mixing_utf8_and_cp1252_is_stored_without_mojibake(root: Path, cli: Callable) -> None:
    (root / "gemengd.txt").write_bytes(MIXED_ENCODINGS)
    result = cli("import", "gemengd.txt")
    assert result.code == 0, result.text
    assert "mixed encodings: line 5 read as Windows-1252" in result.text
    with Project.open(root) as project:
        [document] = project.documents()
        text = project.document_text(document.guid)
    assert "financiën?" in text and "Het café en de financiën" in text and "Ã" not in text


def test_a_numeric_column_with_a_word_in_it_is_a_warning_naming_the_row(root: Path, cli: Callable) -> None:
    (root / "gevallen.csv").write_text("gemeente,inwoners\nHoogveen,24500\nVliedorp,onbekend\nKleidorp,8100\n",
                                       encoding="utf-8")
    result = cli("cases", "load", "gevallen.csv")
    assert result.code == 0, result.text
    assert "column 'inwoners' holds numbers except on line 3 ('onbekend')" in result.err


def test_force_replaces_a_file_outside_the_project(template: Path, tmp_path: Path, cli: Callable,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "studie"
    shutil.copytree(template, root)
    monkeypatch.chdir(root)
    outside = tmp_path / "buiten.csv"
    outside.write_text("bewaren\n", encoding="utf-8")
    result = cli("table", "frequencies", "--out", outside, "--force")
    assert result.code == 0, result.text
    assert outside.read_text(encoding="utf-8") != "bewaren\n"
    inside = root / "reports" / "mijn-tabel.csv"
    inside.write_text("oud\n", encoding="utf-8")
    assert cli("table", "frequencies", "--out", inside).code == 0  # inside the project: replaced as before
    assert inside.read_text(encoding="utf-8") != "oud\n"


def test_a_type_named_by_its_dutch_label_is_understood(template: Path, tmp_path: Path, cli: Callable,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "studie"
    shutil.copytree(template, root)
    monkeypatch.chdir(root)
    by_label = cli("table", "matrix", "--type", "belemmering", "--format", "md", "--out", "reports/a.md")
    by_key = cli("table", "matrix", "--type", "barrier", "--format", "md", "--out", "reports/b.md")
    assert by_label.code == by_key.code == 0, by_label.text + by_key.text
    assert (root / "reports" / "a.md").read_bytes() == (root / "reports" / "b.md").read_bytes()
    assert "capaciteit.tekort" in (root / "reports" / "a.md").read_text(encoding="utf-8") or \
        "Tekort aan mensen" in (root / "reports" / "a.md").read_text(encoding="utf-8")
