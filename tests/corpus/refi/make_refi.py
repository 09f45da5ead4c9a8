"""REFI-QDA files as other programs write them, built by code rather than kept as blobs:
`python tests/corpus/refi/make_refi.py DIR` writes them all into DIR to look at.

Each profile copies what one program is known to do differently (from their exports and bug reports); the
interviews, people and gemeenten are fictional. A profile is a `Sample`: the archive's bytes, files to put beside
it, and per coded passage the words it must land on, so a test checks offsets, not only counts:

- atlas: `Sources/` with a capital, a project file not called project.qde, GUIDs in braces and lower case, a UTF-8
  byte-order mark and CR LF in the text (offsets as the file is written), categories as isCodable="false", a
  case without a name, a selection without codings, a note on a coding and one about nothing.
- maxqda: CR LF counted as one character, the source outside the archive (`absolute:///C:/…`, found beside the
  .qdpx), case variables (Integer, Boolean, Date, Float), a Set 'Kansen'.
- qualcoder: offsets in UTF-16 units (an emoji before the coded words), a `relative://` source under basePath, a
  source as PlainTextContent, lower-case GUIDs.
- bytes: offsets counted in UTF-8 bytes (ë, ’ and CO₂ before the coded words).
- nvivo: `sources/` with a Word file and its plain text, a Word file alone, a PDF with its plain-text
  representation (and an area selection), a video source and links (dropped).
- taguette (.qdc): a codebook alone, lower-case GUIDs, colours and descriptions, a Set 'Belemmeringen'.
"""

from __future__ import annotations

import io
import sys
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

NS = 'xmlns="urn:QDA-XML:project:1.0"'


def guid(name: str, *, braces: bool = False, lower: bool = False) -> str:
    """A stable GUID for a name (the same in every run), in the spelling a program uses."""
    value = str(uuid.uuid5(uuid.NAMESPACE_URL, f"qualcode-refi-test:{name}"))
    value = value.lower() if lower else value.upper()
    return f"{{{value}}}" if braces else value


def canonical(name: str) -> str:
    """The GUID as qualcode stores it."""
    return guid(name)


@dataclass(frozen=True)
class Passage:
    """A coded passage: the words it must cover after the import, and the code's name."""

    words: str
    code: str


@dataclass
class Sample:
    name: str
    data: bytes
    suffix: str = ".qdpx"
    beside: dict[str, bytes] = field(default_factory=dict)  # files next to the archive (external sources)
    passages: list[Passage] = field(default_factory=list)


# --- texts (fictional) -----------------------------------------------------------------------------------------
HOOGVEEN = [
    "Gemeente: Hoogveen",
    "Gesprekspartner: Els Verhoef, beleidsmedewerker energie",
    "Interviewer: Sanne Bakker",
    "",
    "I: Hoe staat het met de warmtetransitie in Hoogveen?",
    "R: Het gaat langzaam. We hebben te weinig capaciteit in het team.",
    "I: Wat zou helpen?",
    "R: Een vaste projectleider. En geld van het Rijk dat niet per ronde wordt verdeeld.",
    "I: Hoe reageren bewoners?",
    "R: Wisselend. In de kern is veel animo, in het buitengebied weinig.",
]
VLIEDORP = [
    "Gemeente: Vliedorp",
    "Gesprekspartner: Joost de Wit, wethouder",
    "",
    "I: Wat is de ambitie van Vliedorp?",
    "R: In 2040 aardgasvrij. Dat staat in de transitievisie warmte.",
    "I: Lukt dat?",
    "R: Alleen als de netbeheerder meewerkt. Netcongestie is hier het grootste probleem.",
]
ZANDHOVEN = [
    "Gemeente: Zandhoven",
    "Gesprekspartner: Noëlle Brouwer",
    "",
    "I: Wat betekent het CO₂-doel voor jullie? 🙂",
    "R: Het geeft richting 👍 en het helpt ons bij de begroting.",
    "I: En de bewoners?",
    "R: Die willen vooral weten wat het kost.",
]
KLEIDORP = [
    "Gemeente: Kleidorp",
    "Gesprekspartner: Daan Smits",
    "",
    "I: Hoe zit het met het maatschappelijk vastgoed? Noëlle’s notitie noemde CO₂.",
    "R: Twaalf scholen, één zwembad. Het CO₂-doel is streng maar haalbaar.",
    "I: Wie betaalt?",
    "R: Deels de DUMAVA-subsidie, deels ons onderhoudsbudget.",
]


def _offsets(text: str, words: str, counting: str, *, bom_counted: bool = False) -> tuple[int, int]:
    """Where a program that counts this way puts the words in text (text as written in the file, CR LF and all)."""
    start = text.index(words)
    end = start + len(words)

    def count(prefix: str) -> int:
        if counting == "codepoints":
            return len(prefix)
        if counting == "crlf-as-one":
            return len(prefix.replace("\r\n", "\n"))
        if counting == "utf16":
            return len(prefix.encode("utf-16-le")) // 2
        if counting == "utf8":
            return len(prefix.encode("utf-8"))
        raise ValueError(counting)

    shift = 1 if bom_counted else 0
    return count(text[:start]) + shift, count(text[:end]) + shift


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 5, 1, 12, 0, 0))
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _selection(key: str, start: int, end: int, codes: list[tuple[str, str]], user: str | None = None, *,
               braces: bool = False, lower: bool = False, note: str | None = None) -> str:
    codings = "".join(
        f'<Coding guid="{guid(key + c, braces=braces, lower=lower)}"'
        + (f' creatingUser="{user}"' if user else "") + ' creationDateTime="2025-05-01T10:00:00Z">'
        + f'<CodeRef targetGUID="{code_guid}"/>'
        + (f'<NoteRef targetGUID="{note}"/>' if note and i == 0 else "") + "</Coding>"
        for i, (c, code_guid) in enumerate(codes))
    return (f'<PlainTextSelection guid="{guid(key, braces=braces, lower=lower)}" startPosition="{start}" '
            f'endPosition="{end}">{codings}</PlainTextSelection>')


# --- ATLAS.ti-like ---------------------------------------------------------------------------------------------
def atlas() -> Sample:
    g = {name: guid(name, braces=True, lower=True) for name in
         ("atlas-user", "atlas-cat", "atlas-cap", "atlas-geld", "atlas-bewoners", "atlas-src", "atlas-case",
          "atlas-note", "atlas-free-note", "atlas-set")}
    text = "\r\n".join(HOOGVEEN) + "\r\n"
    passages = [("te weinig capaciteit in het team", "Te weinig capaciteit"),
                ("geld van het Rijk dat niet per ronde wordt verdeeld", "Geld per ronde"),
                ("In de kern is veel animo", "Animo bij bewoners")]
    codes = {"Te weinig capaciteit": g["atlas-cap"], "Geld per ronde": g["atlas-geld"],
             "Animo bij bewoners": g["atlas-bewoners"]}
    selections = []
    for number, (words, code) in enumerate(passages):
        start, end = _offsets(text, words, "codepoints")
        selections.append(_selection(f"atlas-sel{number}", start, end, [(code, codes[code])], g["atlas-user"],
                                     braces=True, lower=True, note=g["atlas-note"] if number == 0 else None))
    start, end = _offsets(text, "Wat zou helpen?", "codepoints")
    selections.append(f'<PlainTextSelection guid="{guid("atlas-empty", braces=True, lower=True)}" '
                      f'startPosition="{start}" endPosition="{end}"/>')
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project {NS} name="Warmte Hoogveen" origin="ATLAS.ti 23.2.1" creatingUserGUID="{g["atlas-user"]}">
<Users><User guid="{g["atlas-user"]}" name="Sanne Bakker"/></Users>
<CodeBook><Codes>
<Code guid="{g["atlas-cat"]}" name="Knelpunten" isCodable="false" color="#AA3333">
<Description>Alles wat de uitvoering remt.</Description>
<Code guid="{g["atlas-cap"]}" name="Te weinig capaciteit" isCodable="true" color="#cc0000"/>
<Code guid="{g["atlas-geld"]}" name="Geld per ronde" isCodable="true"/>
</Code>
<Code guid="{g["atlas-bewoners"]}" name="Animo bij bewoners" isCodable="true"/>
</Codes></CodeBook>
<Cases><Case guid="{g["atlas-case"]}"><SourceRef targetGUID="{g["atlas-src"]}"/></Case></Cases>
<Sources><TextSource guid="{g["atlas-src"]}" name="Interview Hoogveen" plainTextPath="internal://{g["atlas-src"]}.txt">
{"".join(selections)}
</TextSource></Sources>
<Notes>
<Note guid="{g["atlas-note"]}" name="Citaat"><PlainTextContent>Goed citaat voor het rapport.</PlainTextContent></Note>
<Note guid="{g["atlas-free-note"]}" name="Vrij memo"><PlainTextContent>Tweede ronde plannen.</PlainTextContent></Note>
</Notes>
<Sets><Set guid="{g["atlas-set"]}" name="Belemmeringen"><MemberCode targetGUID="{g["atlas-cap"]}"/></Set></Sets>
</Project>
"""
    data = _zip({"Warmte Hoogveen.qde": qde.encode("utf-8"),
                 f"Sources/{g['atlas-src']}.txt": b"\xef\xbb\xbf" + text.encode("utf-8")})
    return Sample("atlas", data, passages=[Passage(w, c) for w, c in passages])


# --- MAXQDA-like ------------------------------------------------------------------------------------------------
def maxqda() -> Sample:
    g = {name: guid(name) for name in ("mx-user", "mx-ambitie", "mx-net", "mx-src", "mx-case", "mx-inw", "mx-ja",
                                       "mx-dat", "mx-opp", "mx-set")}
    text = "\r\n".join(VLIEDORP) + "\r\n"
    passages = [("In 2040 aardgasvrij", "Ambitie"), ("Netcongestie is hier het grootste probleem", "Netcongestie")]
    codes = {"Ambitie": g["mx-ambitie"], "Netcongestie": g["mx-net"]}
    selections = "".join(_selection(f"mx-sel{n}", *_offsets(text, w, "crlf-as-one"), [(c, codes[c])], g["mx-user"])
                         for n, (w, c) in enumerate(passages))
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project {NS} name="Vliedorp" origin="MAXQDA 24 Release 24.4.0" basePath="C:/Users/onderzoeker/Documents">
<Users><User guid="{g["mx-user"]}" name="Joost" id="JW"/></Users>
<CodeBook><Codes>
<Code guid="{g["mx-ambitie"]}" name="Ambitie" isCodable="true" color="#00aa00"/>
<Code guid="{g["mx-net"]}" name="Netcongestie" isCodable="true" color="#AA0000"/>
</Codes></CodeBook>
<Variables>
<Variable guid="{g["mx-inw"]}" name="inwoners" typeOfVariable="Integer"/>
<Variable guid="{g["mx-ja"]}" name="warmtevisie" typeOfVariable="Boolean"/>
<Variable guid="{g["mx-dat"]}" name="vastgesteld" typeOfVariable="Date"/>
<Variable guid="{g["mx-opp"]}" name="oppervlakte" typeOfVariable="Float"/>
</Variables>
<Cases><Case guid="{g["mx-case"]}" name="Vliedorp">
<VariableValue><VariableRef targetGUID="{g["mx-inw"]}"/><IntegerValue>12400</IntegerValue></VariableValue>
<VariableValue><VariableRef targetGUID="{g["mx-ja"]}"/><BooleanValue>true</BooleanValue></VariableValue>
<VariableValue><VariableRef targetGUID="{g["mx-dat"]}"/><DateValue>2021-11-02</DateValue></VariableValue>
<VariableValue><VariableRef targetGUID="{g["mx-opp"]}"/><FloatValue>63.5</FloatValue></VariableValue>
<SourceRef targetGUID="{g["mx-src"]}"/></Case></Cases>
<Sources><TextSource guid="{g["mx-src"]}" name="Interview Vliedorp"
 plainTextPath="absolute:///C:/Users/onderzoeker/Documents/interview-vliedorp.txt">{selections}</TextSource></Sources>
<Sets><Set guid="{g["mx-set"]}" name="Kansen"><MemberCode targetGUID="{g["mx-ambitie"]}"/></Set></Sets>
</Project>
"""
    return Sample("maxqda", _zip({"project.qde": qde.encode("utf-8")}),
                  beside={"interview-vliedorp.txt": text.encode("utf-8")},
                  passages=[Passage(w, c) for w, c in passages])


# --- QualCoder-like ---------------------------------------------------------------------------------------------
def qualcoder() -> Sample:
    g = {name: guid(name, lower=True) for name in ("qc-user", "qc-richting", "qc-kost", "qc-src", "qc-inline")}
    text = "\n".join(ZANDHOVEN) + "\n"
    passages = [("Het geeft richting 👍 en het helpt ons", "Richting"), ("wat het kost", "Kosten")]
    codes = {"Richting": g["qc-richting"], "Kosten": g["qc-kost"]}
    selections = "".join(_selection(f"qc-sel{n}", *_offsets(text, w, "utf16"), [(c, codes[c])], g["qc-user"],
                                    lower=True) for n, (w, c) in enumerate(passages))
    inline = "I: Korte notitie over Zandhoven.\nR: Wat het kost blijft de vraag."
    start, end = _offsets(inline, "Wat het kost", "utf16")
    qde = f"""<?xml version="1.0" encoding="UTF-8"?>
<Project {NS} name="Zandhoven" origin="QualCoder 3.5" basePath="/srv/onderzoek">
<Users><User guid="{g["qc-user"]}" name="noelle"/></Users>
<CodeBook><Codes>
<Code guid="{g["qc-richting"]}" name="Richting" isCodable="true" color="#7DB8F7">
<Description>Doel geeft richting</Description></Code>
<Code guid="{g["qc-kost"]}" name="Kosten" isCodable="true" color="#F7B27D"/>
</Codes></CodeBook>
<Sources>
<TextSource guid="{g["qc-src"]}" name="zandhoven.txt" plainTextPath="relative:///interviews/zandhoven.txt">{selections}</TextSource>
<TextSource guid="{g["qc-inline"]}" name="notitie"><PlainTextContent>{escape(inline)}</PlainTextContent>
{_selection("qc-inline-sel", start, end, [("Kosten", g["qc-kost"])], g["qc-user"], lower=True)}</TextSource>
</Sources>
</Project>
"""
    return Sample("qualcoder", _zip({"project.qde": qde.encode("utf-8")}),
                  beside={"interviews/zandhoven.txt": text.encode("utf-8")},
                  passages=[*(Passage(w, c) for w, c in passages), Passage("Wat het kost", "Kosten")])


# --- a writer that counts UTF-8 bytes ---------------------------------------------------------------------------
def utf8_bytes() -> Sample:
    g = {name: guid(name) for name in ("b-user", "b-co2", "b-geld", "b-src")}
    text = "\n".join(KLEIDORP) + "\n"
    passages = [("Het CO₂-doel is streng maar haalbaar", "CO₂-doel"), ("ons onderhoudsbudget", "Budget")]
    codes = {"CO₂-doel": g["b-co2"], "Budget": g["b-geld"]}
    selections = "".join(_selection(f"b-sel{n}", *_offsets(text, w, "utf8"), [(c, codes[c])], g["b-user"])
                         for n, (w, c) in enumerate(passages))
    qde = f"""<?xml version="1.0" encoding="UTF-8"?>
<Project {NS} name="Kleidorp" origin="Een programma dat bytes telt">
<Users><User guid="{g["b-user"]}" name="daan"/></Users>
<CodeBook><Codes><Code guid="{g["b-co2"]}" name="CO₂-doel" isCodable="true"/>
<Code guid="{g["b-geld"]}" name="Budget" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="{g["b-src"]}" name="Kleidorp" plainTextPath="internal://{g["b-src"]}.txt">{selections}</TextSource></Sources>
</Project>
"""
    return Sample("bytes", _zip({"project.qde": qde.encode("utf-8"), f"sources/{g['b-src']}.txt": text.encode()}),
                  passages=[Passage(w, c) for w, c in passages])


# --- NVivo-like -------------------------------------------------------------------------------------------------
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


def docx(lines: list[str]) -> bytes:
    """A minimal Word document, one paragraph per line."""
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines)
    document = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    return _zip({"[Content_Types].xml": _CONTENT_TYPES.encode(), "_rels/.rels": _RELS.encode(),
                 "word/document.xml": document.encode()})


BRAKELBURG = [
    "Gemeente: Brakelburg",
    "Gesprekspartner: Femke Jacobs",
    "",
    "I: Hoe groot is de opgave voor het vastgoed?",
    "R: Ruim tachtig gebouwen, waaronder twaalf scholen.",
]


def nvivo() -> Sample:
    g = {name: guid(name, lower=True) for name in ("nv-user", "nv-cap", "nv-net", "nv-src", "nv-doc", "nv-video",
                                                   "nv-pdf", "nv-pdf-txt")}
    plain = "\r\n".join(HOOGVEEN) + "\r\n"  # NVivo's plain text: Windows line ends, offsets as written
    words = "We hebben te weinig capaciteit"
    start, end = _offsets(plain, words, "codepoints")
    doc_text = "\n".join(VLIEDORP) + "\n"
    doc_start, doc_end = _offsets(doc_text, "Netcongestie is hier het grootste probleem", "codepoints")
    pdf_text = "\n".join(BRAKELBURG) + "\n"
    pdf_start, pdf_end = _offsets(pdf_text, "Ruim tachtig gebouwen", "codepoints")
    qde = f"""<?xml version="1.0" encoding="utf-8" standalone="no" ?>
<Project {NS} name="NVivo project" origin="NVivo 14.23.2" creatingUserGUID="{g["nv-user"]}">
<Users><User guid="{g["nv-user"]}" id="SB" name="Sanne"/></Users>
<CodeBook><Codes><Code guid="{g["nv-cap"]}" isCodable="true" name="Capaciteit"/>
<Code guid="{g["nv-net"]}" isCodable="true" name="Netcongestie"/></Codes></CodeBook>
<Sources>
<TextSource guid="{g["nv-src"]}" name="Hoogveen" plainTextPath="internal://{g["nv-src"]}.txt" richTextPath="internal://{g["nv-src"]}.docx">
{_selection("nv-sel", start, end, [("Capaciteit", g["nv-cap"])], g["nv-user"], lower=True)}</TextSource>
<TextSource guid="{g["nv-doc"]}" name="Vliedorp" richTextPath="internal://{g["nv-doc"]}.docx">
{_selection("nv-doc-sel", doc_start, doc_end, [("Netcongestie", g["nv-net"])], g["nv-user"], lower=True)}</TextSource>
<VideoSource guid="{g["nv-video"]}" name="Rondgang" path="internal://{g["nv-video"]}.mp4"/>
<PDFSource guid="{g["nv-pdf"]}" name="Verslag Brakelburg" path="internal://{g["nv-pdf"]}.pdf">
<PDFSelection guid="{guid("nv-area", lower=True)}" page="1" firstX="10" firstY="10" secondX="200" secondY="80">
<Coding guid="{guid("nv-area-c", lower=True)}"><CodeRef targetGUID="{g["nv-cap"]}"/></Coding></PDFSelection>
<Representation guid="{g["nv-pdf-txt"]}" plainTextPath="internal://{g["nv-pdf-txt"]}.txt">
{_selection("nv-pdf-sel", pdf_start, pdf_end, [("Capaciteit", g["nv-cap"])], g["nv-user"], lower=True)}
</Representation></PDFSource>
</Sources>
<Links><Link guid="{guid("nv-link", lower=True)}" name="hangt samen" originGUID="{g["nv-cap"]}"
 targetGUID="{g["nv-net"]}"/></Links>
</Project>
"""
    data = _zip({"project.qde": qde.encode("utf-8"), f"sources/{g['nv-src']}.txt": plain.encode("utf-8"),
                 f"sources/{g['nv-src']}.docx": docx(HOOGVEEN), f"sources/{g['nv-doc']}.docx": docx(VLIEDORP),
                 f"sources/{g['nv-video']}.mp4": b"\x00\x00\x00\x18ftypmp42" + bytes(100), "sources/.root": b"",
                 f"sources/{g['nv-pdf']}.pdf": b"%PDF-1.7\n", f"sources/{g['nv-pdf-txt']}.txt": pdf_text.encode()})
    return Sample("nvivo", data, passages=[Passage(words, "Capaciteit"),
                                           Passage("Netcongestie is hier het grootste probleem", "Netcongestie"),
                                           Passage("Ruim tachtig gebouwen", "Capaciteit")])


# --- Taguette-like codebook ----------------------------------------------------------------------------------------
def taguette() -> Sample:
    g = {name: guid(name, lower=True) for name in ("tg-geld", "tg-budget", "tg-subsidie", "tg-mensen", "tg-set")}
    qdc = f"""<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.4.1">
<Codes>
<Code guid="{g["tg-geld"]}" name="Financiën" isCodable="true" color="#FFAA00">
<Description>Geld in alle vormen.</Description>
<Code guid="{g["tg-budget"]}" name="Geen budget" isCodable="true" color="#aa0000"><Description>Er is geen geld.

Include: Ook 'geen dekking'.</Description></Code>
<Code guid="{g["tg-subsidie"]}" name="Subsidie per ronde" isCodable="true"/>
</Code>
<Code guid="{g["tg-mensen"]}" name="Mensen" isCodable="true"/>
</Codes>
<Sets><Set guid="{g["tg-set"]}" name="Belemmeringen"><MemberCode guid="{g["tg-budget"]}"/>
<MemberCode guid="{g["tg-subsidie"]}"/></Set></Sets>
</CodeBook>
"""
    return Sample("taguette", qdc.encode("utf-8"), suffix=".qdc")


SAMPLES = {"atlas": atlas, "maxqda": maxqda, "qualcoder": qualcoder, "bytes": utf8_bytes, "nvivo": nvivo,
           "taguette": taguette}


def write(sample: Sample, folder: Path) -> Path:
    """Write a sample (and the files beside it) into folder; return the archive's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{sample.name}{sample.suffix}"
    path.write_bytes(sample.data)
    for name, data in sample.beside.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return path


# --- hostile archives (for tests/functional/test_hostile_inputs.py) --------------------------------------------------
def minimal_qde(extra_source: str = "", codes: str = "") -> str:
    code = guid("h-code")
    return (f'<?xml version="1.0" encoding="UTF-8"?><Project {NS} name="Boos"><CodeBook><Codes>'
            f'<Code guid="{code}" name="Code" isCodable="true"/>{codes}</Codes></CodeBook>'
            f'<Sources><TextSource guid="{guid("h-src")}" name="boos" plainTextPath="internal://boos.txt">'
            f"{extra_source}</TextSource></Sources></Project>")


HOSTILE_TEXT = "I: Hoe gaat het?\nR: Goed.\n"


def hostile(qde: str | bytes, *, text: bytes = HOSTILE_TEXT.encode(), more: dict[str, bytes] | None = None,
            qde_name: str = "project.qde") -> bytes:
    """A .qdpx whose project.qde is given, with one source 'boos.txt'."""
    entries = {qde_name: qde.encode() if isinstance(qde, str) else qde, "sources/boos.txt": text}
    entries.update(more or {})
    return _zip(entries)


def zip_bomb(size: int = 1 << 30) -> bytes:
    """A .qdpx whose source unpacks to `size` bytes of zeros from about a megabyte."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("project.qde", minimal_qde())
        with archive.open("sources/boos.txt", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(size >> 20):
                member.write(chunk)
    return buffer.getvalue()


def with_symlink() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", minimal_qde())
        info = zipfile.ZipInfo("sources/boos.txt")
        info.create_system = 3
        info.external_attr = (0o120777) << 16
        archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def encrypted_member() -> bytes:
    """A .qdpx whose project.qde says it is encrypted (the flag alone: qualcode refuses before reading it)."""
    data = bytearray(_zip({"project.qde": minimal_qde().encode()}))
    local, central = data.index(b"PK\x03\x04"), data.index(b"PK\x01\x02")
    data[local + 6] |= 0x1  # zipfile clears the flag when it writes, so it is set in both headers afterwards
    data[central + 8] |= 0x1
    return bytes(data)


def entity_qde(kind: str) -> str:
    if kind == "external":
        doctype = '<!DOCTYPE Project [<!ENTITY geheim SYSTEM "file:///etc/passwd">]>'
        name = "&geheim;"
    else:
        doctype = ('<!DOCTYPE Project [<!ENTITY lol "lol">' + "".join(
            f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)) + "]>")
        name = "&lol9;"
    return f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<Project {NS} name="{name}"/>'


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "refi-samples")
    for make in SAMPLES.values():
        print(write(make(), target))
