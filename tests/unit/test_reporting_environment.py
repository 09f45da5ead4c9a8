"""The report Jinja environment: project overrides, "default:" extends, strictness, escaping and error messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.reporting.environment import PACKAGED_TEMPLATES, render, template_environment


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    packaged, project = tmp_path / "packaged", tmp_path / "project"
    packaged.mkdir()
    project.mkdir()
    (packaged / "report.md.j2").write_text("{% block title %}# Packaged\n{% endblock %}{{ body }}\n", encoding="utf-8")
    (packaged / "page.html.j2").write_text("<p>{{ body }}</p>\n", encoding="utf-8")
    return packaged, project


def test_packaged_template_is_used_without_a_project_copy(folders: tuple[Path, Path]) -> None:
    packaged, project = folders
    environment = template_environment(project, packaged=packaged)
    assert render(environment, "report.md.j2", {"body": "tekst"}) == "# Packaged\ntekst\n"


def test_project_template_overrides_and_extends_the_packaged_one(folders: tuple[Path, Path]) -> None:
    packaged, project = folders
    (project / "report.md.j2").write_text(
        '{% extends "default:report.md.j2" %}{% block title %}# Eigen titel\n{% endblock %}', encoding="utf-8")
    environment = template_environment(project, packaged=packaged)
    assert render(environment, "report.md.j2", {"body": "tekst"}) == "# Eigen titel\ntekst\n"
    assert render(environment, "default:report.md.j2", {"body": "tekst"}) == "# Packaged\ntekst\n"


def test_context_dataclass_fields_become_variables(folders: tuple[Path, Path]) -> None:
    @dataclass(frozen=True)
    class Context:
        body: str

    packaged, _ = folders
    assert render(template_environment(None, packaged=packaged), "report.md.j2", Context("uit dataclass")) \
        == "# Packaged\nuit dataclass\n"


def test_missing_variable_is_an_error_naming_the_template_and_line(folders: tuple[Path, Path]) -> None:
    packaged, project = folders
    (project / "report.md.j2").write_text("regel een\n{{ bodyy }}\n", encoding="utf-8")
    with pytest.raises(ProjectError) as raised:
        render(template_environment(project, packaged=packaged), "report.md.j2", {"body": "x"})
    assert "bodyy" in str(raised.value)
    assert raised.value.file == str(project / "report.md.j2")
    assert raised.value.line == 2
    assert "body" in (raised.value.hint or "")


def test_html_templates_autoescape_and_markdown_templates_do_not(folders: tuple[Path, Path]) -> None:
    packaged, _ = folders
    environment = template_environment(None, packaged=packaged)
    assert render(environment, "page.html.j2", {"body": "<script>alert(1)</script>"}) \
        == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    assert "<b>" in render(environment, "report.md.j2", {"body": "<b>"})


def test_unknown_template_names_it_and_the_folders_searched(folders: tuple[Path, Path]) -> None:
    packaged, project = folders
    with pytest.raises(ProjectError) as raised:
        render(template_environment(project, packaged=packaged), "missing.md.j2", {})
    message = str(raised.value)
    assert "missing.md.j2" in message and str(project) in message and str(packaged) in message


def test_syntax_error_in_a_project_template_gives_file_line_and_advice(folders: tuple[Path, Path]) -> None:
    packaged, project = folders
    (project / "report.md.j2").write_text("# Titel\n\n{% if body %}\nno endif\n", encoding="utf-8")
    with pytest.raises(ProjectError) as raised:
        render(template_environment(project, packaged=packaged), "report.md.j2", {"body": "x"})
    error = raised.value
    assert error.file == str(project / "report.md.j2")
    assert error.line is not None and error.line >= 3
    assert "project report template" in error.message and "delete the file" in (error.hint or "")
    assert "Traceback" not in str(error)


def test_filters_are_registered(folders: tuple[Path, Path]) -> None:
    packaged, project = folders
    (project / "f.md.j2").write_text(
        "{{ n | nl_int }} {{ d | nl_date }} {{ d | nl_date('en') }} {{ share | pct }} {{ mean | nl_num }} {{ t | md }}",
        encoding="utf-8")
    text = render(template_environment(project, packaged=packaged), "f.md.j2",
                  {"n": 58400, "d": "2025-04-11", "share": 0.423, "mean": 3.25, "t": "a*b*"})
    assert text == r"58.400 11 april 2025 11 April 2025 42% 3,3 a\*b\*"


def test_packaged_templates_folder_is_inside_the_package() -> None:
    assert PACKAGED_TEMPLATES.parent.name == "reporting"


def test_compiled_templates_are_cached_and_an_unwritable_cache_only_means_compiling_again(
        folders: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2.bccache

    packaged, project = folders
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert render(template_environment(project, packaged=packaged), "report.md.j2", {"body": "a"}) == "# Packaged\na\n"
    cached = list((tmp_path / "cache" / "qualcode" / "templates-sandboxed").iterdir())
    assert cached, "the compiled template is kept"
    for entry in cached:
        entry.write_bytes(b"not a compiled template")  # damaged entries are compiled again, not an error

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", refuse)
    monkeypatch.setattr(jinja2.bccache, "open", refuse, raising=False)
    assert render(template_environment(project, packaged=packaged), "report.md.j2", {"body": "b"}) == "# Packaged\nb\n"
