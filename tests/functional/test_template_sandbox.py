"""A project's report templates render in Jinja's sandbox: reaching for internals or the memory is a clear error."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from qualcode.domain.errors import QualcodeError
from qualcode.project import Project
from qualcode.project.demo import build_demo


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sandbox") / "demo"
    build_demo(root).close()
    return root


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Project]:
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    with Project.open(target) as project:
        yield project


def _project_template(project: Project, body: str, name: str = "synthesis.md.j2") -> Path:
    folder = project.root / "reports" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    # Line 3 holds the expression, so the message must say line 3.
    path.write_text('{% extends "default:synthesis.md.j2" %}\n{% block title %}\n' + body + "\n{% endblock %}\n",
                    encoding="utf-8")
    return path


ESCAPES = {
    "globals through cycler": '{{ cycler.__init__.__globals__.os.popen("touch GEHACKT").read() }}',
    "class hierarchy": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "template context": "{{ self._TemplateReference__context }}",
    "joiner globals": "{{ joiner.__init__.__globals__ }}",
    "namespace internals": "{{ namespace.__init__.__globals__['__builtins__'] }}",
    "meta's class": "{{ meta.__class__.__init__.__globals__ }}",
    "str.format reaching attributes": '{{ "{0.__class__.__mro__}".format(meta) }}',
    "huge range": "{% for n in range(10**9) %}x{% endfor %}",
    "huge repetition": "{{ 'x' * 10**9 }}",
    "huge exponent": "{{ 2 ** 999999999 }}",
    "huge power by steps": "{{ ((((10 ** 64) ** 64) ** 64) ** 64) ** 64 }}",
    "huge format width": '{{ "{:>999999999}".format(1) }}',
    "huge percent width": '{{ "%999999999d" % 1 }}',
    "huge filter width": "{{ 'x' | center(10**9) }}",
    "huge format filter": '{{ "%999999999s" | format("x") }}',
}


@pytest.mark.parametrize("body", ESCAPES.values(), ids=ESCAPES.keys())
def test_a_template_reaching_for_internals_is_stopped_with_file_and_line(demo: Project, body: str,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(demo.root)
    path = _project_template(demo, body)
    with pytest.raises(QualcodeError) as caught:
        demo.report("synthesis", "md")
    message = str(caught.value)
    assert "synthesis.md.j2" in message and caught.value.file == str(path)
    assert caught.value.line == 3, message
    assert "was stopped" in message
    assert not (demo.root / "GEHACKT").exists()


def test_the_cli_prints_the_message_without_a_traceback_and_writes_nothing(demo: Project, cli: Callable) -> None:
    _project_template(demo, ESCAPES["globals through cycler"])
    out = demo.root / "reports" / "synthese.md"
    result = cli("--project", demo.root, "report", "synthesis", "--out", out)
    assert result.code == 1
    assert "synthesis.md.j2:3" in result.err and "was stopped" in result.err
    assert "Traceback" not in result.text and "internal problem" not in result.text
    assert not out.exists() and not (demo.root / "reports" / "synthesis.md").exists()
    assert not (demo.root / "GEHACKT").exists() and not Path("GEHACKT").exists()
    for fmt in ("docx",):  # Word is made from the Markdown template
        assert cli("--project", demo.root, "report", "synthesis", "--format", fmt).code == 1
        assert not (demo.root / "reports" / f"synthesis.{fmt}").exists()


def test_ordinary_template_arithmetic_and_formatting_still_work(demo: Project) -> None:
    _project_template(demo, '# {{ "%s-%d" | format("a", 3) }} {{ "{:>4}".format(7) }} {{ 7 % 3 }} {{ 2 ** 10 }} '
                            '{{ "ab" * 3 }} {{ range(3) | list | length }} {{ meta.project | center(40) | trim }}')
    title = demo.report("synthesis", "md").content.decode().splitlines()[0]
    assert title == "# a-3    7 1 1024 ababab 3 Voorbeeldstudie verduurzaming gemeenten"


SLOW = {
    "nested ranges without output": "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}",
    "nested ranges with output": "{% for a in range(99999) %}{% for b in range(99999) %}.{% endfor %}{% endfor %}",
    "loops inside loops over values": "{% for a in range(99999) %}{% for b in range(99999) %}"
                                      "{% if meta.project == a %}x{% endif %}{% endfor %}{% endfor %}",
    "loops over a value with output only": "{% for a in meta.project * 2000 %}{% for b in meta.project * 2000 %}."
                                           "{% endfor %}{% endfor %}",
    "reversed range": "{% for a in range(99999)|reverse %}{% for b in range(99999)[1:] %}{% endfor %}{% endfor %}",
}


@pytest.mark.parametrize("body", SLOW.values(), ids=SLOW.keys())
def test_a_template_that_runs_too_long_is_stopped_with_file_and_line(demo: Project, body: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from qualcode.reporting import template_clock

    monkeypatch.setattr(template_clock, "MAX_TEMPLATE_SECONDS", 0.3)
    path = _project_template(demo, body)
    with pytest.raises(QualcodeError) as caught:
        demo.report("synthesis", "md")
    message = str(caught.value)
    assert "was stopped: it was still running after 0.3 seconds" in message, message
    assert caught.value.file == str(path) and caught.value.line == 3
    assert "loop inside a loop" in message


def test_the_time_bound_leaves_a_normal_report_and_range_alone(demo: Project) -> None:
    _project_template(demo, "# {{ range(5) | list }} {{ range(10)[2:4] | list }} {{ 3 in range(5) }} "
                            "{{ range(3) | reverse | list }} {{ range(100) | length }}")
    title = demo.report("synthesis", "md").content.decode().splitlines()[0]
    assert title == "# [0, 1, 2, 3, 4] [2, 3] True [2, 1, 0] 100"
