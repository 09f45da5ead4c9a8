"""A researcher's own Word document as the house style of a report, as pandoc's reference document works.

The report is written into the template: its body is cleared, and its styles, page size, margins, headers and
footers stay. Styles the report needs that the template lacks (Word saves only the styles a document uses) are
copied from python-docx's default document, with the numbering of list styles, so that the report still has its
headings, lists and quotes; a style the template has is used as the template defines it.
"""

from __future__ import annotations

import copy
import zipfile
from io import BytesIO
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn

from qualcode.domain.errors import ProjectError

# A .dotx is a .docx whose main part has the template content type; python-docx opens only the document type.
_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# The styles the report's Markdown is written with (docx_body and docx_writer).
NEEDED_STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Heading 5", "Heading 6",
                 "List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2", "List Number 3",
                 "No Spacing", "Caption", "Table Grid")
_HINT = ("save the house style from Word as a .docx (or .dotx) and check [report] word_template in qualcode.toml, "
         "or remove that line to use qualcode's own layout")


def _as_document_package(data: bytes) -> bytes:
    """Return the bytes of a .dotx with the content type of a .docx (a .docx comes back unchanged)."""
    with zipfile.ZipFile(BytesIO(data)) as source:
        types = source.read("[Content_Types].xml")
        if _TEMPLATE_TYPE not in types:
            return data
        output = BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                content = source.read(info)
                target.writestr(info, types.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE) if
                                info.filename == "[Content_Types].xml" else content)
        return output.getvalue()


def open_template(data: bytes, name: str) -> Document:
    """Open the house-style document; a file that is not a Word document raises ProjectError naming it."""
    try:
        document = docx.Document(BytesIO(_as_document_package(data)))
    except zipfile.BadZipFile:
        raise ProjectError("the Word template is not a Word document (it is not a .docx zip package)", file=name,
                           hint=_HINT) from None
    except (KeyError, ValueError) as error:  # a package without a Word document part, or the wrong main part
        raise ProjectError(f"the Word template is damaged or not a Word document ({error})", file=name,
                           hint=_HINT) from None
    except Exception as error:  # lxml's XMLSyntaxError and the like: a part that is not well-formed XML
        raise ProjectError(f"the Word template cannot be read ({type(error).__name__}: {error})", file=name,
                           hint=_HINT) from None
    _clear_body(document)
    _add_missing_styles(document)
    return document


def _clear_body(document: Document) -> None:
    """Remove the template's text and tables; its last section (page setup, headers, footers) stays."""
    body: Any = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _style_element(document: Document, name: str) -> Any | None:
    styles: Any = document.styles.element
    for style in styles.findall(qn("w:style")):
        names = style.findall(qn("w:name"))
        if names and names[0].get(qn("w:val")) == name:
            return style
    return None


def _add_missing_styles(document: Document) -> None:
    """Copy the styles the report needs, and the ones they are based on, from python-docx's default document."""
    default = docx.Document()
    default_ids = {str(style.get(qn("w:styleId"))): style
                   for style in default.styles.element.findall(qn("w:style"))}
    target: Any = document.styles.element
    present_ids = {str(style.get(qn("w:styleId"))) for style in target.findall(qn("w:style"))}
    wanted = [name for name in NEEDED_STYLES if _style_element(document, name) is None]
    numbering_map: dict[str, str] = {}
    while wanted:
        name = wanted.pop(0)
        source = _style_element(default, name)
        if source is None or _style_element(document, name) is not None:
            continue
        style = copy.deepcopy(source)
        style_id = str(style.get(qn("w:styleId")))
        if style_id in present_ids:  # the template uses the id for another style: keep theirs
            continue
        _copy_numbering(default, document, style, numbering_map)
        target.append(style)
        present_ids.add(style_id)
        for link in ("w:basedOn", "w:next", "w:link"):
            element = style.find(qn(link))
            based = str(element.get(qn("w:val"))) if element is not None else ""
            if based and based not in present_ids and based in default_ids:
                based_name = default_ids[based].find(qn("w:name"))
                if based_name is not None:
                    wanted.append(str(based_name.get(qn("w:val"))))


def numbering_part(document: Document) -> Any:
    """The document's numbering part, made when a template has none (python-docx cannot make one itself)."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.oxml.parser import parse_xml
    from docx.parts.numbering import NumberingPart

    part: Any = document.part
    try:
        return part.part_related_by(RELATIONSHIP_TYPE.NUMBERING)
    except KeyError:
        element = parse_xml(f'<w:numbering xmlns:w="{qn("w:x")[1:qn("w:x").index("}")]}"/>'.encode())
        numbering = NumberingPart(PackURI("/word/numbering.xml"), CONTENT_TYPE.WML_NUMBERING, element, part.package)
        part.relate_to(numbering, RELATIONSHIP_TYPE.NUMBERING)
        return numbering


def _copy_numbering(default: Document, document: Document, style: Any, numbering_map: dict[str, str]) -> None:
    """Give a copied list style the bullets or numbers it has in the default document, under new ids."""
    number_ids = style.findall(f".//{qn('w:numId')}")
    if not number_ids:
        return
    source: Any = default.part.numbering_part.element
    target: Any = numbering_part(document).element
    for element in number_ids:
        old_id = str(element.get(qn("w:val")))
        if old_id not in numbering_map:
            instance = source.num_having_numId(int(old_id))
            abstract = next(a for a in source.findall(qn("w:abstractNum"))
                            if a.get(qn("w:abstractNumId")) == str(instance.abstractNumId.val))
            abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in target.findall(qn("w:abstractNum"))]
            new_abstract = copy.deepcopy(abstract)
            new_abstract.set(qn("w:abstractNumId"), str(max(abstract_ids, default=-1) + 1))
            for child in list(new_abstract):  # a numStyleLink would tie it to a style the template lacks
                if child.tag in (qn("w:numStyleLink"), qn("w:styleLink"), qn("w:nsid"), qn("w:tmpl")):
                    new_abstract.remove(child)
            last_abstract = target.findall(qn("w:abstractNum"))
            if last_abstract:
                last_abstract[-1].addnext(new_abstract)
            else:
                target.insert(0, new_abstract)
            instance = target.add_num(int(new_abstract.get(qn("w:abstractNumId"))))
            numbering_map[old_id] = str(instance.numId)
        element.set(qn("w:val"), numbering_map[old_id])
