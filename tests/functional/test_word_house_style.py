"""[report] word_template: a Word report in the researcher's own house style (styles, page, header, footer)."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from qualcode.domain.errors import ProjectError
from qualcode.project import Project
from qualcode.project.demo import build_demo
from tests.functional.conftest import Cli

HEADER = "Adviesbureau Voorbeeld — vertrouwelijk"
FOOTER = "Huisstijl 2026"
TEMPLATE_TEXT = "Deze alinea staat in de huisstijl en hoort niet in het rapport."


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("house-style") / "demo"
    build_demo(root).close()
    return root


@pytest.fixture
def demo_root(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    return target


def _use_template(root: Path, name: str) -> None:
    config = root / "qualcode.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\n[report]\n", f'\n[report]\nword_template = "{name}"\n'), encoding="utf-8")


def _house_style(path: Path) -> None:
    """A researcher's document: A5 landscape-ish page, wide margins, a header and footer, Georgia 10 pt, an own
    quote style, and no 'List Bullet' style (Word saves only the styles a document uses)."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(14.8), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2)
    section.header.paragraphs[0].text = HEADER
    section.footer.paragraphs[0].text = FOOTER
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Georgia", Pt(10)
    document.styles["Heading 2"].font.color.rgb = RGBColor(0x80, 0x00, 0x40)
    quote = document.styles.add_style("Citaat", WD_STYLE_TYPE.PARAGRAPH)
    quote.font.color.rgb = RGBColor(0x00, 0x66, 0x33)
    quote.font.bold = True
    for name in ("List Bullet", "List Bullet 2"):
        element = document.styles[name].element
        element.getparent().remove(element)
    document.add_paragraph(TEMPLATE_TEXT)
    document.add_table(rows=1, cols=1).cell(0, 0).text = "tabel uit de huisstijl"
    document.save(str(path))


@pytest.fixture
def styled(demo_root: Path) -> Iterator[Project]:
    _house_style(demo_root / "huisstijl.docx")
    _use_template(demo_root, "huisstijl.docx")
    with Project.open(demo_root) as project:
        yield project


def test_the_report_takes_the_templates_page_header_footer_and_styles(styled: Project) -> None:
    document = docx.Document(io.BytesIO(styled.report("synthesis", "docx").content))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (14.8, 21.0)
    assert round(section.left_margin.cm, 1) == 2.0
    assert section.header.paragraphs[0].text == HEADER and section.footer.paragraphs[0].text == FOOTER
    normal = document.styles["Normal"]
    assert normal.font.name == "Georgia" and normal.font.size == Pt(10)
    assert document.styles["Heading 2"].font.color.rgb == RGBColor(0x80, 0x00, 0x40)
    quotes = [p for p in document.paragraphs if p.style is not None and p.style.name == "Citaat"]
    assert quotes and quotes[0].style.font.color.rgb == RGBColor(0x00, 0x66, 0x33)  # theirs, not qualcode's grey
    texts = "\n".join(p.text for p in document.paragraphs)
    assert TEMPLATE_TEXT not in texts and "Belemmeringen" in texts
    assert all(cell.text != "tabel uit de huisstijl" for table in document.tables for row in table.rows
               for cell in row.cells)
    # The charts fill the template's text width, not A4's.
    text_width = section.page_width - section.left_margin - section.right_margin
    assert document.inline_shapes and all(shape.width <= text_width for shape in document.inline_shapes)


def test_styles_the_template_lacks_come_from_the_default_with_their_bullets(styled: Project) -> None:
    document = docx.Document(io.BytesIO(styled.report("appendix", "docx").content))
    bullet = document.styles["List Bullet"]  # the appendix's codebook lists need it; the template had none
    listed = [p for p in document.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert listed
    number_id = bullet.element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    assert numbering.num_having_numId(number_id) is not None  # the bullets came along
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:  # every table fits the narrower page
        grid = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) * 635 <= text_width + 635 * len(grid)


def test_without_a_template_the_packaged_layout_stays(demo_root: Path) -> None:
    with Project.open(demo_root) as project:
        document = docx.Document(io.BytesIO(project.report("synthesis", "docx").content))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert not section.header.paragraphs[0].text


@pytest.mark.parametrize(("content", "name", "says"), [
    (None, "huisstijl.docx", "does not exist"),
    (b"dit is geen Word-bestand", "huisstijl.docx", "not a Word document"),
    (b"PK\x03\x04 kapot", "huisstijl.docx", "not a Word document"),
    (b"\xd0\xcf\x11\xe0 oud Word", "huisstijl.doc", "not a .docx or .dotx"),
])
def test_a_missing_or_damaged_template_is_named_with_what_to_do(demo_root: Path, content: bytes | None, name: str,
                                                                 says: str) -> None:
    if content is not None:
        (demo_root / name).write_bytes(content)
    _use_template(demo_root, name)
    with Project.open(demo_root) as project, pytest.raises(ProjectError) as caught:
        project.report("synthesis", "docx")
    message = str(caught.value)
    assert says in message and name in message
    assert caught.value.hint and "word_template" in caught.value.hint
    with Project.open(demo_root) as project:  # other formats do not need the template
        assert project.report("synthesis", "md").content


def test_a_zip_without_a_word_document_is_refused(demo_root: Path, cli: Cli) -> None:
    import zipfile

    with zipfile.ZipFile(demo_root / "huisstijl.docx", "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("leesmij.txt", "geen document")
    _use_template(demo_root, "huisstijl.docx")
    result = cli("--project", demo_root, "report", "appendix", "--format", "docx")
    assert result.code != 0 and "huisstijl.docx" in result.text and "Word" in result.text
    assert "Traceback" not in result.text
    assert not (demo_root / "reports" / "appendix.docx").exists()


def test_a_dotx_template_is_read_as_well(demo_root: Path) -> None:
    import zipfile

    source = io.BytesIO()
    _house_style(demo_root / "huisstijl.docx")
    with zipfile.ZipFile(demo_root / "huisstijl.docx") as package, zipfile.ZipFile(source, "w") as target:
        for info in package.infolist():
            data = package.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(info, data)
    (demo_root / "huisstijl.dotx").write_bytes(source.getvalue())
    _use_template(demo_root, "huisstijl.dotx")
    with Project.open(demo_root) as project:
        document = docx.Document(io.BytesIO(project.report("synthesis", "docx").content))
    assert document.sections[0].header.paragraphs[0].text == HEADER
