"""The one Jinja environment for reports: project templates override packaged ones, reached as "default:NAME"."""

from __future__ import annotations

import contextlib
import dataclasses
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.bccache

from qualcode.domain.errors import ProjectError
from qualcode.reporting.formatting import nl_date, nl_int, nl_num, pct
from qualcode.reporting.markdown_escape import escape_markdown, quote_markdown

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

PACKAGED_TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_PREFIX = "default:"
_JINJA_DOCS = "https://jinja.palletsprojects.com/en/stable/templates/"


class ReportLoader(jinja2.BaseLoader):
    """Loads "default:NAME" from the packaged folder, any other NAME from the project folder, then the packaged one."""

    def __init__(self, project_templates: Path | None, packaged: Path) -> None:
        self.project_templates = project_templates
        self.packaged = packaged
        self._loaders: dict[Path, jinja2.FileSystemLoader] = {}

    def folders_for(self, name: str) -> list[Path]:
        """Return the folders searched for a template name, in order."""
        if name.startswith(DEFAULT_PREFIX) or self.project_templates is None:
            return [self.packaged]
        return [self.project_templates, self.packaged]

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        relative = template.removeprefix(DEFAULT_PREFIX)
        for folder in self.folders_for(template):
            loader = self._loaders.setdefault(folder, jinja2.FileSystemLoader(str(folder), encoding="utf-8"))
            try:
                return loader.get_source(environment, relative)
            except jinja2.TemplateNotFound:
                continue
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for folder in (self.project_templates, self.packaged):
            if folder is not None and folder.is_dir():
                names.update(jinja2.FileSystemLoader(str(folder)).list_templates())
        return sorted(names) + sorted(DEFAULT_PREFIX + name for name in names)


def _md_table(frame: Any, **options: Any) -> str:
    """The md_table filter; pandas is imported only when a template uses it."""
    from qualcode.reporting.markdown_tables import dataframe_to_markdown

    return dataframe_to_markdown(frame, **options)


def _autoescape(name: str | None) -> bool:
    return name is not None and name.endswith((".html.j2", ".html", ".htm"))


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A cache that never stops a report: a full disk or a folder that cannot be written only means compiling again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user's cache folder: compiling them again costs every report 40 ms.

    Jinja keys an entry by template name and file and checks the source's hash, so an edited template is compiled
    anew; without a writable cache folder templates are simply compiled each time.
    """
    import platformdirs

    folder = Path(platformdirs.user_cache_dir("qualcode")) / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


def template_environment(project_templates: Path | None, *, packaged: Path | None = None) -> jinja2.Environment:
    """Return the report environment; project_templates is a project's reports/templates/ folder (or None).

    `packaged` replaces the packaged templates folder (tests use it). Filters: md, md_quote, nl_int, nl_num, pct,
    nl_date, md_table (see qualcode.reporting.formatting, markdown_escape and markdown_tables).
    """
    environment = jinja2.Environment(
        loader=ReportLoader(project_templates, packaged or PACKAGED_TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    environment.filters.update({
        "md": escape_markdown,
        "md_quote": quote_markdown,
        "nl_int": nl_int,
        "nl_num": nl_num,
        "pct": pct,
        "nl_date": nl_date,
        "md_table": _md_table,
    })
    return environment


def _variables(context: Mapping[str, Any] | DataclassInstance) -> dict[str, Any]:
    if dataclasses.is_dataclass(context) and not isinstance(context, type):
        # Shallow on purpose: nested dataclasses stay objects with their properties and methods.
        return {field.name: getattr(context, field.name) for field in dataclasses.fields(context)}
    if isinstance(context, Mapping):
        return dict(context)
    raise TypeError(f"a report context must be a dataclass or a mapping, not {type(context).__name__}")


def _template_location(error: BaseException) -> tuple[str | None, int | None]:
    """Return the template file and line where a render-time error happened (Jinja rewrites the traceback)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if not frame.filename.endswith(".py") and not frame.filename.startswith("<"):
            return frame.filename, frame.lineno
    return None, None


def _is_packaged(filename: str | None, environment: jinja2.Environment) -> bool:
    loader = environment.loader
    packaged = loader.packaged if isinstance(loader, ReportLoader) else PACKAGED_TEMPLATES
    return filename is not None and Path(filename).resolve().is_relative_to(packaged.resolve())


def render(environment: jinja2.Environment, name: str, context: Mapping[str, Any] | DataclassInstance) -> str:
    """Render a template with a context dataclass (its fields become the variables) or a mapping.

    Template problems become a ProjectError naming the file, the line and what to do.
    """
    variables = _variables(context)
    try:
        return environment.get_template(name).render(variables)
    except jinja2.TemplateNotFound as error:
        missing = error.name if isinstance(error.name, str) else name
        loader = environment.loader
        folders = loader.folders_for(missing) if isinstance(loader, ReportLoader) else []
        looked = " and ".join(str(folder) for folder in folders) or "the environment's loader"
        needed_by = "" if missing == name else f" (needed by '{name}')"
        raise ProjectError(
            f"report template '{missing}'{needed_by} not found; looked in {looked}",
            hint="check the name; a file with the same name in the project's reports/templates/ overrides the "
                 "packaged template, and 'default:NAME' always reaches the packaged one") from None
    except jinja2.TemplateSyntaxError as error:
        where = "packaged" if _is_packaged(error.filename, environment) else "project"
        hint = (f"fix the template at that line (Jinja syntax: {_JINJA_DOCS}), or delete the file to use the "
                "packaged template" if where == "project" else "this is a bug in qualcode; please report it")
        raise ProjectError(f"syntax error in the {where} report template '{error.name or name}': {error.message}",
                           file=error.filename or error.name, line=error.lineno, hint=hint) from None
    except jinja2.UndefinedError as error:
        file, line = _template_location(error)
        available = ", ".join(sorted(variables)) or "none"
        raise ProjectError(f"report template '{name}' uses a value the report does not have: {error.message}",
                           file=file, line=line,
                           hint=f"use one of the variables the report provides: {available}") from None
    except jinja2.TemplateError as error:
        file, line = _template_location(error)
        raise ProjectError(f"report template '{name}' could not be rendered: {error.message}",
                           file=file, line=line, hint=f"check the template (Jinja syntax: {_JINJA_DOCS})") from None
    except UnicodeDecodeError as error:
        raise ProjectError(f"report template '{name}' is not UTF-8 text ({error.reason})",
                           hint="save the template as UTF-8") from None
