"""The one Jinja environment for reports: project templates override packaged ones, reached as "default:NAME"."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import re
import string
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.bccache
import jinja2.exceptions
import jinja2.filters
import jinja2.sandbox

from qualcode.domain.errors import ProjectError
from qualcode.reporting.formatting import nl_date, nl_int, nl_num, pct
from qualcode.reporting.markdown_escape import escape_markdown, markdown_row, quote_markdown
from qualcode.reporting.prose import markdown_html
from qualcode.reporting.template_clock import TemplateTooSlowError, TimedRange, tick, ticking, time_bound

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
        self._loaders = {folder: jinja2.FileSystemLoader(str(folder), encoding="utf-8")
                         for folder in (project_templates, packaged) if folder is not None}

    def folders_for(self, name: str) -> list[Path]:
        """Return the folders searched for a template name, in order."""
        if name.startswith(DEFAULT_PREFIX) or self.project_templates is None:
            return [self.packaged]
        return [self.project_templates, self.packaged]

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        relative = template.removeprefix(DEFAULT_PREFIX)
        for folder in self.folders_for(template):
            try:
                return self._loaders[folder].get_source(environment, relative)
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

    # Its own folder: bytecode compiled outside the sandbox would skip the arithmetic guard of _ReportSandbox.
    folder = Path(platformdirs.user_cache_dir("qualcode")) / "templates-sandboxed"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


MAX_TEMPLATE_SEQUENCE = 1_000_000  # characters or items a template may build with "*"
MAX_TEMPLATE_EXPONENT = 64
MAX_TEMPLATE_INTEGER_BITS = 100_000
MAX_TEMPLATE_WIDTH = 10_000  # a field width or padding a template may ask for
_PERCENT_WIDTHS = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d*)(?:\.(\*|\d*))?")
_WIDE_FILTERS = ("center", "indent", "wordwrap", "truncate", "batch", "slice")


def _check_width(width: object) -> None:
    if isinstance(width, int) and abs(width) > MAX_TEMPLATE_WIDTH:
        raise jinja2.exceptions.SecurityError(f"a width of {width} is larger than {MAX_TEMPLATE_WIDTH:,}")


def _check_format_string(text: str) -> None:
    """Refuse "{:>999999999}" and "%999999999d": a format width is memory the template makes Python allocate."""
    try:
        fields = [spec for _, _, spec, _ in string.Formatter().parse(text) if spec]
    except ValueError:
        fields = []
    for spec in fields:
        if "{" in spec:
            raise jinja2.exceptions.SecurityError("a format width taken from a value is not allowed")
        for number in re.findall(r"\d+", spec):
            _check_width(int(number))
    for match in _PERCENT_WIDTHS.finditer(text):
        for number in match.groups():
            if number == "*":
                raise jinja2.exceptions.SecurityError("a '%*' width is not allowed")
            if number:
                _check_width(int(number))


def _bounded_filter(filter_function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(filter_function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        for value in (*args[1:], *kwargs.values()):
            _check_width(value)
        return filter_function(*args, **kwargs)
    return bounded


def _bounded_format(value: Any, *args: Any, **kwargs: Any) -> str:
    _check_format_string(str(value))
    result: str = jinja2.filters.do_format(value, *args, **kwargs)
    return result


class _ReportSandbox(jinja2.sandbox.SandboxedEnvironment):
    """Jinja's sandbox, plus bounds on "*" and "**": a shared project folder must not mean a shared shell or a
    template that fills the memory ('x' * 10**10). Attribute access to internals, unsafe callables and ranges over
    100,000 items are refused by the sandbox itself."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_TEMPLATE_EXPONENT:
            raise jinja2.exceptions.SecurityError(f"the exponent {right!r} is larger than {MAX_TEMPLATE_EXPONENT}")
        # (10 ** 64) ** 64 ** ... grows without a large exponent: bound the size of the integer made.
        if operator in ("*", "**") and isinstance(left, int) and isinstance(right, int) and not (
                isinstance(left, bool) or isinstance(right, bool)):
            bits = left.bit_length() * max(right, 1) if operator == "**" else left.bit_length() + right.bit_length()
            if bits > MAX_TEMPLATE_INTEGER_BITS:
                raise jinja2.exceptions.SecurityError(f"a number of more than {MAX_TEMPLATE_INTEGER_BITS:,} bits")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, str | list | tuple) and isinstance(times, int) \
                        and len(sequence) * times > MAX_TEMPLATE_SEQUENCE:
                    raise jinja2.exceptions.SecurityError(
                        f"repeating a {type(sequence).__name__} {times} times exceeds {MAX_TEMPLATE_SEQUENCE:,} items")
        if operator == "%" and isinstance(left, str):
            _check_format_string(left)
        return super().call_binop(context, operator, left, right)

    # Every attribute, item and call a template reaches looks at the clock: loops inside loops over the report's
    # values do little else, and a template may not run for hours.
    def getattr(self, obj: Any, attribute: str) -> Any:
        tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        tick()
        return super().getitem(obj, argument)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        tick()
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and isinstance(getattr(value, "__self__", None), str):
            _check_format_string(value.__self__)
        return wrapped


def template_environment(project_templates: Path | None, *, packaged: Path | None = None) -> jinja2.Environment:
    """Return the report environment; project_templates is a project's reports/templates/ folder (or None).

    Every template renders in Jinja's sandbox (a project's templates come with a shared project folder and must
    not run code on the machine that renders them); the packaged ones need nothing the sandbox refuses.
    `packaged` replaces the packaged templates folder (tests use it). Filters: md, md_quote, md_row, nl_int, nl_num,
    pct, nl_date, md_table (see qualcode.reporting.formatting, markdown_escape and markdown_tables).
    """
    environment = _ReportSandbox(
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
        "md_row": markdown_row,
        "nl_int": nl_int,
        "nl_num": nl_num,
        "pct": pct,
        "nl_date": nl_date,
        "md_table": _md_table,
        "prose_html": markdown_html,
    })
    # lipsum(10**9) would fill the memory; no report needs placeholder text. Widths are bounded for the same reason.
    environment.globals.pop("lipsum", None)
    environment.globals["range"] = TimedRange
    for name in _WIDE_FILTERS:
        environment.filters[name] = _bounded_filter(environment.filters[name])
    environment.filters["format"] = _bounded_format
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
        template = environment.get_template(name)
        with time_bound():
            return "".join(ticking(template.generate(variables)))
    except TemplateTooSlowError as error:
        file, line = _template_location(error)
        raise ProjectError(f"report template '{name}' was stopped: {error}; nothing was written",
                           file=file, line=line,
                           hint="look for a loop over a large range or a loop inside a loop, and loop over the "
                                "report's values once") from None
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
    except jinja2.exceptions.SecurityError as error:
        file, line = _template_location(error)
        reason = (error.message or "").rstrip(".")
        raise ProjectError(f"report template '{name}' was stopped: it reaches for something a report "
                           f"template may not use ({reason}); nothing was written",
                           file=file, line=line,
                           hint="report templates may only use the report's values and the documented filters; "
                                "remove that expression, or delete the file to use the packaged template") from None
    except OverflowError as error:  # the sandbox's range() limit
        file, line = _template_location(error)
        reason = str(error).rstrip(".")
        raise ProjectError(f"report template '{name}' was stopped: {reason}; nothing was written",
                           file=file, line=line,
                           hint="loop over the report's values rather than over a large range") from None
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
