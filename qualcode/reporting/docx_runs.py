"""Report text as WordprocessingML runs: escaped, with inline Markdown, line breaks and XML-unsafe characters."""

from __future__ import annotations

import re

from qualcode.reporting.markdown_blocks import parse_inline

CODE_FONT = "Consolas"
_CODE_PROPERTIES = f'<w:rFonts w:ascii="{CODE_FONT}" w:hAnsi="{CODE_FONT}"/>'
# What python-docx's run.text makes of tabs and newlines. Word transcripts also hold vertical tabs (Word's manual
# line break) and form feeds, which XML 1.0 cannot hold: they become line breaks as well.
_BREAKS = {"\t": "<w:tab/>", "\n": "<w:br/>", "\r": "<w:br/>", "\v": "<w:br/>", "\f": "<w:br/>"}
_BREAK = re.compile("([\t\n\r\v\f])")
# The other C0 controls, lone surrogates and U+FFFE/U+FFFF: python-docx raises on them, the writer drops them.
_UNREPRESENTABLE = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAK_OR_UNREPRESENTABLE = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
# Without these characters inline Markdown is one plain span: parse_inline would only copy it, char by char.
_INLINE_MARKUP = re.compile(r"[\\`*\[]")


def escape_text(text: str) -> str:
    """Return text as XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(value: str) -> str:
    """Return a value for an attribute in double quotes."""
    return escape_text(value).replace('"', "&quot;")


def xml_safe(text: str) -> str:
    """Return text without the characters XML cannot hold (vertical tab and form feed become spaces)."""
    return _UNREPRESENTABLE.sub("", text.replace("\v", " ").replace("\f", " "))


def _text_element(text: str) -> str:
    # As python-docx does: without xml:space="preserve", Word drops a run's leading and trailing spaces.
    if len(text.strip()) < len(text):
        return f'<w:t xml:space="preserve">{escape_text(text)}</w:t>'
    return f"<w:t>{escape_text(text)}</w:t>"


def run_content(text: str) -> str:
    """Return the w:t, w:tab and w:br elements of a run's text, leaving out what XML cannot hold."""
    if not _BREAK_OR_UNREPRESENTABLE.search(text):
        return _text_element(text) if text else ""
    elements = []
    for piece in _BREAK.split(text):  # text at even positions, the breaks between them at odd ones
        if piece in _BREAKS:
            elements.append(_BREAKS[piece])
        elif piece := _UNREPRESENTABLE.sub("", piece):
            elements.append(_text_element(piece))
    return "".join(elements)


def run_xml(text: str, *, bold: bool = False, italic: bool = False, code: bool = False) -> str:
    """Return a w:r of text; its properties in schema order (rFonts, b, i)."""
    properties = (_CODE_PROPERTIES if code else "") + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if properties:
        properties = f"<w:rPr>{properties}</w:rPr>"
    return f"<w:r>{properties}{run_content(text)}</w:r>"


def inline_xml(text: str, *, bold: bool = False) -> str:
    """Return the runs of inline Markdown: **bold**, *italic* and `code` as run formatting."""
    if not _INLINE_MARKUP.search(text):
        return run_xml(text, bold=bold) if text else ""
    return "".join(run_xml(span.text, bold=span.bold or bold, italic=span.italic, code=span.code)
                   for span in parse_inline(text))


_DRAWING_NAMESPACES = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
                       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                       'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
                       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def drawing_run(relationship: str, width: int, height: int, number: int, description: str) -> str:
    """Return a w:r holding an inline picture (EMU sizes), with its description as the alternative text."""
    alt = escape_attribute(xml_safe(description))
    return (f'<w:r><w:drawing><wp:inline {_DRAWING_NAMESPACES} distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{width}" cy="{height}"/><wp:docPr id="{number}" name="Figuur {number}" descr="{alt}"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            f'<pic:nvPicPr><pic:cNvPr id="{number}" name="figuur-{number}.png" descr="{alt}"/><pic:cNvPicPr/>'
            f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{escape_attribute(relationship)}"/><a:stretch>'
            '<a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{width}" cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")
