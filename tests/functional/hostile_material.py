"""Hostile and malformed inputs for the CLI: each a file set, a command, its exit code and what stderr says.

Shared by tests/functional/test_hostile_inputs.py and the tally script (run each case in a subprocess with a
time and memory bound). Everything here is fictional.
"""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GOOD_TRANSCRIPT = """\
Gemeente: Hoogveen
Gesprekspartner: Els Verhoef

I: Hoe staat het met de warmtetransitie?
R: Het gaat langzaam. We hebben te weinig capaciteit.
"""

GOOD_CODEBOOK = """\
name: Basis
codes:
  - id: capaciteit
    name: Capaciteit
    children:
      - id: capaciteit.tekort
        name: Tekort aan mensen
        type: barrier
"""

GOOD_CASES = "gemeente,inwoners\nHoogveen,24.500\nVliedorp,12.400\n"

Content = str | bytes | Callable[[Path], None]


@dataclass(frozen=True)
class Hostile:
    """A hostile input: files to make in the project, the command, its exit code and what stderr says."""

    files: dict[str, Content]
    argv: tuple[str, ...]
    code: int
    expect: tuple[str, ...]


def transcript(name: str, content: Content, *expect: str) -> Hostile:
    return Hostile({name: content}, ("import", name), 3, (f"failed    {name}", *expect))


def codebook(content: Content, *expect: str) -> Hostile:
    name = "codebooks/boos.yaml"
    return Hostile({name: content}, ("codebook", "load", name), 1, (name, *expect))


def cases(content: Content, *expect: str) -> Hostile:
    return Hostile({"gevallen.csv": content}, ("cases", "load", "gevallen.csv"), 1, ("gevallen.csv", *expect))


def memo_file(content: Content, *expect: str) -> Hostile:
    """A memo read from a file (`memos set code capaciteit.tekort --file memo.md`): refused, nothing written."""
    name = "memo.md"
    return Hostile({name: content}, ("memos", "set", "code", "capaciteit.tekort", "--file", name), 1, (name, *expect))


def settings(old: str, new: str, *expect: str, argv: tuple[str, ...] = ("status",)) -> Hostile:
    return Hostile({"qualcode.toml": f"REPLACE:{old}\x00{new}"}, argv, 1, ("qualcode.toml", *expect))


def front_matter(name: str, yaml_text: str, *expect: str) -> Hostile:
    return transcript(name, f"---\n{yaml_text}---\n\nI: Hoe gaat het?\nR: Goed, dank u.\n", *expect)


# --- builders of special files --------------------------------------------------------------------------------
def fifo(path: Path) -> None:
    os.mkfifo(path)


def symlink_to(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)
    return make


def symlink_loop(path: Path) -> None:
    other = path.with_name("lus-b.txt")
    path.symlink_to(other.name)
    other.symlink_to(path.name)


def sparse(size: int) -> Callable[[Path], None]:
    """A file of this size without writing its bytes (the size check comes before any reading)."""
    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.write(b"Gemeente: Hoogveen\n")
            handle.truncate(size)
    return make


def unreadable(path: Path) -> None:
    path.write_text(GOOD_TRANSCRIPT.replace("Hoogveen", "Geslotenveen"), encoding="utf-8")
    path.chmod(0)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def paragraphs(*lines: str) -> str:
    return "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{line}</w:t></w:r></w:p>" for line in lines)


def document_xml(body: str, prolog: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document {_W}><w:body>{body}</w:body></w:document>'


GOOD_BODY = paragraphs("Gemeente: Hoogveen", "Gesprekspartner: Els Verhoef", "", "I: Hoe gaat het?",
                       "R: Het gaat goed.")


def docx(document: str | None = None, *, extra: int = 0, padding: int = 0) -> Callable[[Path], None]:
    """A .docx: the given document.xml, extra empty parts, and document.xml padded with this many spaces."""
    def make(path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
            package.writestr("[Content_Types].xml", _CONTENT_TYPES)
            package.writestr("_rels/.rels", _RELS)
            for number in range(extra):
                package.writestr(f"word/media/leeg{number}.xml", "")
            if padding:
                with package.open("word/document.xml", "w", force_zip64=True) as part:
                    part.write(document_xml(GOOD_BODY).encode()[:-len("</w:body></w:document>")])
                    chunk = b" " * (1 << 20)
                    for _ in range(padding >> 20):
                        part.write(chunk)
                    part.write(b"</w:body></w:document>")
            elif document is not None:
                package.writestr("word/document.xml", document)
    return make


def billion_laughs_xml() -> str:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    return document_xml(paragraphs("Gemeente: Hoogveen", "I: Hoe gaat het?", "R: &lol9;"),
                        f"<!DOCTYPE w:document [{entities}]>")


def external_entity_xml() -> str:
    return document_xml(paragraphs("Gemeente: Hoogveen", "I: Hoe gaat het?", "R: &geheim;"),
                        '<!DOCTYPE w:document [<!ENTITY geheim SYSTEM "file:///etc/passwd">]>')


def nested_tables(depth: int) -> str:
    body = paragraphs("R: diep")
    for _ in range(depth):
        body = f"<w:tbl><w:tr><w:tc>{body}</w:tc></w:tr></w:tbl>"
    return document_xml(paragraphs("Gemeente: Hoogveen", "I: Hoe gaat het?") + body + paragraphs("R: Goed."))


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return buffer.getvalue()


def yaml_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def many_speakers(count: int) -> str:
    turns = "\n".join(f"Spreker{number:05d} Achternaam{number}: Ik zeg iets over het beleid." for number in
                      range(count))
    return f"Gemeente: Hoogveen\n\nI: Wie zijn er allemaal?\n{turns}\n"


PNG_WITHOUT_NUL = b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 40
MIXED_ENCODINGS = ("Gemeente: Hoogveen\nGesprekspartner: Els Verhoef\n\nI: Hoe gaat het met de financiën?\n"
                   .encode() + "R: Het café en de financiën zijn een zorg.\n".encode("cp1252"))
HUGE = "x" * 1_000_000
BIDI = "\u202e"
ZERO_WIDTH = "\u200b"


def merge_other(name: str, content: Content, *expect: str) -> Hostile:
    """Another copy to merge (outside the project, beside it): refused with exit 1, nothing written anywhere."""
    return Hostile({f"../{name}": content}, ("merge", f"../{name}"), 1, expect)


def database_of_another_program(path: Path) -> None:
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE agenda (dag TEXT, afspraak TEXT)")
        connection.execute("INSERT INTO agenda VALUES ('maandag', 'interview Hoogveen')")
        connection.commit()


def project_copy(change: Callable[[Path], None]) -> Callable[[Path], None]:
    """A copy of the project's qualcode.db beside it (the project folder is the sibling 'studie'), then changed."""
    def make(path: Path) -> None:
        import sqlite3

        with contextlib.closing(sqlite3.connect(path.parent / "studie" / "qualcode.db")) as source, \
                contextlib.closing(sqlite3.connect(path)) as target:
            source.backup(target)
        change(path)
    return make


def from_a_newer_qualcode(path: Path) -> None:
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                           "VALUES ('qualcode', 'm099_toekomst', '2031-01-01')")
        connection.commit()


def damaged(path: Path) -> None:
    """Pages in the middle overwritten, as a half-copied file from a USB stick leaves them."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8192] = b"\xde\xad" * 4096
    path.write_bytes(bytes(data))
