"""reports/synthesis.toml (or [report.synthesis] in qualcode.toml): the researcher's control over the synthesis,
read and checked against the project like qualcode.toml is: an unknown key, a wrong type or a name the project does
not have is an error with the file, the line and what to do ("did you mean").

    types = ["barrier", "opportunity"]        # listed first, in this order; the rest follow
    themes = ["vastgoed", "ambitie"]
    codes = ["vastgoed.netcongestie", "vastgoed.financiering"]
    leave_out = ["ambitie.overig"]
    quotes_per_code = 3                        # quotes shown per code (chosen quotes may make it more)
    quotes_per_case = 1                        # at most this many from one gemeente per code
    max_quote_chars = 400                      # longer quotes end in ' …' after a whole sentence
    words = true                               # the section of words that stand out per gemeente

    [type.barrier]
    intro = "Markdown before the type's codes"
    closing = "Markdown after them"

    [theme.vastgoed]
    intro_from_memo = true                     # the theme's memo as its introduction
    closing = "…"

    [code."vastgoed.netcongestie"]
    examples = ["Hoogveen", "Lindewaard"]      # the gemeenten named as examples
    quotes = ["3F2A9C1E-…"]                    # codings (ids or their first 8+ characters) quoted first
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from qualcode.domain.errors import ProjectError, shorten
from qualcode.project.choices import did_you_mean
from qualcode.project.config import CONFIG_NAME
from qualcode.project.quote_choice import chosen_by_code
from qualcode.storage import memos as memo_sql
from qualcode.storage import quote_spans as quote_sql

if TYPE_CHECKING:
    from qualcode.analysis import CodedCorpus
    from qualcode.project.config import ProjectConfig
    from qualcode.reporting.build_synthesis import ReportOptions
    from qualcode.reporting.control import SynthesisControl
    from qualcode.storage.store import Store

CONTROL_NAME = "synthesis.toml"
TOP_KEYS = ("types", "themes", "codes", "leave_out", "quotes_per_code", "quotes_per_case", "max_quote_chars", "words",
            "type", "theme", "code")
TEXT_KEYS = ("intro", "closing")
THEME_KEYS = ("intro", "intro_from_memo", "closing")
CODE_KEYS = ("examples", "quotes")
MIN_GUID_PREFIX = 8
LIMITS = {"quotes_per_code": (0, 50), "quotes_per_case": (1, 50), "max_quote_chars": (80, 5000)}
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


def controlled(options: ReportOptions, store: Store, config: ProjectConfig, root: Path,
               corpus: CodedCorpus) -> ReportOptions:
    """The report options with the project's synthesis control and its title (the project's name, not its folder's)."""
    control = load_control(store, root, corpus)
    title = config.name.strip()
    return dataclasses.replace(options, control=control, project="" if title == root.name else title)


def load_control(store: Store, root: Path, corpus: CodedCorpus) -> SynthesisControl:
    """The checked control of the synthesis, with the quotes chosen in the workbench after those in the file."""
    from qualcode.reporting.control import SynthesisControl

    source = _source(root)
    control = SynthesisControl() if source is None else _Reader(*source, store=store, corpus=corpus).read()
    chosen = chosen_by_code(store)
    if not chosen:
        return control
    quotes = dict(control.quotes)
    for key, guids in chosen.items():
        if key not in control.leave_out:
            quotes[key] = tuple(dict.fromkeys([*quotes.get(key, ()), *guids]))
    return dataclasses.replace(control, quotes=quotes)


def _source(root: Path) -> tuple[Path, str, dict[str, Any], tuple[str, ...]] | None:
    """(file, its text, the control's table, the table's path in the file), or None when there is no control."""
    own = root / "reports" / CONTROL_NAME
    config = root / CONFIG_NAME
    in_config: dict[str, Any] | None = None
    if config.is_file():
        report = _parse(config).get("report", {})
        if isinstance(report, dict) and "synthesis" in report:
            in_config = report["synthesis"]
            if not isinstance(in_config, dict):
                raise ProjectError("[report] synthesis must be a table", file=str(config),
                                   line=_line(config.read_text(encoding="utf-8"), ("report",), "synthesis"),
                                   hint="write it as a [report.synthesis] section, or use reports/synthesis.toml")
    if own.is_file():
        if in_config is not None:
            raise ProjectError("the synthesis is set in two places: reports/synthesis.toml and [report.synthesis] "
                               "in qualcode.toml", file=str(own), hint="keep one of them")
        return own, own.read_text(encoding="utf-8"), _parse(own), ()
    if in_config is not None:
        return config, config.read_text(encoding="utf-8"), in_config, ("report", "synthesis")
    return None


def _parse(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"at line (\d+)", str(exc))
        line = int(at.group(1)) if at else len(path.read_text(encoding="utf-8").splitlines()) or None
        raise ProjectError(f"{path.name} is not valid TOML: {exc}", file=str(path), line=line,
                           hint="check quotes and brackets on that line") from None
    except UnicodeDecodeError:
        raise ProjectError(f"{path.name} is not UTF-8 text", file=str(path), hint="save it as UTF-8") from None
    except RecursionError:
        raise ProjectError(f"{path.name} is nested too deeply", file=str(path),
                           hint="it holds plain values, lists and tables; remove the nested brackets") from None


def _split_key(dotted: str) -> tuple[str, ...]:
    """A TOML table header's key as its parts: 'code."a.b"' → ('code', 'a.b')."""
    parts = re.findall(r'\s*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[^.\s]+)\s*(?:\.|$)', dotted)
    return tuple(part[1:-1] if part[:1] in "\"'" else part for part in parts)


def _line(text: str, table: tuple[str, ...], key: str | None, value: str | None = None) -> int | None:
    """The line (1-based) of key in table (or of the table's header when key is None); with value, the first line
    from there that holds it. None when it cannot be found (a dotted key or an inline table)."""
    current: tuple[str, ...] = ()
    found: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header and not line.lstrip().startswith("[["):
            current = _split_key(header.group(1))
            if key is None and current == table:
                return number
            continue
        if found is None and current == table and key is not None and re.match(
                rf'\s*(?:{re.escape(key)}|"{re.escape(key)}"|\'{re.escape(key)}\')\s*=', line):
            found = number
            if value is None:
                return number
        if (found is not None and value is not None and f'"{value}"' in line) or (
                found is not None and value is not None and f"'{value}'" in line):
            return number
    return found


class _Reader:
    """Checks one control table and builds the SynthesisControl."""

    def __init__(self, path: Path, text: str, data: dict[str, Any], prefix: tuple[str, ...], *, store: Store,
                 corpus: CodedCorpus) -> None:
        self.path, self.text, self.data, self.prefix = path, text, data, prefix
        self.store, self.corpus = store, corpus
        self.codes = {code.key: code for code in corpus.codes}
        self.themes = [code.key for code in corpus.codes if code.parent_key is None]
        self.types = {t.key: t.key for t in corpus.types}
        for known in corpus.types:
            self.types.setdefault(known.label.casefold(), known.key)
            self.types.setdefault(known.label_en.casefold(), known.key)

    def fail(self, message: str, table: tuple[str, ...], key: str | None, hint: str,
             value: str | None = None) -> NoReturn:
        raise ProjectError(message, file=str(self.path), line=_line(self.text, (*self.prefix, *table), key, value),
                           hint=hint)

    def where(self, table: tuple[str, ...]) -> str:
        parts = [*self.prefix, *table]
        return "[" + ".".join(p if re.fullmatch(r"[\w-]+", p) else f'"{p}"' for p in parts) + "]" if parts else \
            CONTROL_NAME

    def unknown_key(self, key: str, table: tuple[str, ...], valid: Sequence[str],
                    likely: Sequence[str] | None = None) -> NoReturn:
        close = difflib.get_close_matches(key, list(valid if likely is None else likely), n=1, cutoff=0.6)
        self.fail(f"unknown key '{shorten(key)}' in {self.where(table)}"
                  + (f"; did you mean '{close[0]}'?" if close else ""),
                  table, key, f"the keys here are: {', '.join(valid)}")

    def unknown_name(self, what: str, value: str, valid: Sequence[str], table: tuple[str, ...], key: str | None,
                     see: str) -> NoReturn:
        listing = ", ".join(shorten(v, 40) for v in valid[:20]) + (f", … ({len(valid)} in all)" if len(valid) > 20
                                                                   else "")
        self.fail(f"no {what} '{shorten(value)}'" + did_you_mean(value, valid),
                  table, key, f"use one of: {listing or '(none)'}; {see}", value)

    def strings(self, table: tuple[str, ...], values: dict[str, Any], key: str) -> list[str]:
        value = values.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(f"{key} in {self.where(table)} must be a list of texts", table, key,
                      f'write {key} = ["…", "…"]')
        return value

    def number(self, key: str) -> int | None:
        if key not in self.data:
            return None
        value = self.data[key]
        low, high = LIMITS[key]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(f"{key} = {shorten(repr(value))} is not a whole number from {low} to {high}", (), key,
                      f"write {key} as a whole number, e.g. {key} = {dict(quotes_per_code=3).get(key, low)}")
        return value

    def text_value(self, table: tuple[str, ...], values: dict[str, Any], key: str) -> str:
        value = values.get(key, "")
        if not isinstance(value, str):
            self.fail(f"{key} in {self.where(table)} must be a text", table, key,
                      f'write {key} = "…" (Markdown; """…""" for several paragraphs)')
        return value.strip()

    def read(self) -> SynthesisControl:
        from qualcode.reporting.control import SynthesisControl

        for key, value in self.data.items():
            if key not in TOP_KEYS:  # a table is close to a table's name, a list to a list's
                tables = ("type", "theme", "code")
                self.unknown_key(key, (), TOP_KEYS, [k for k in TOP_KEYS if (k in tables) == isinstance(value, dict)])
        type_order = [self.type_key(name) for name in self.strings((), self.data, "types")]
        theme_order = self.strings((), self.data, "themes")
        for theme in theme_order:
            self.theme_key(theme, (), "themes")
        code_order = self.strings((), self.data, "codes")
        leave_out = self.strings((), self.data, "leave_out")
        for key, listed in (("codes", code_order), ("leave_out", leave_out)):
            for code in listed:
                self.code_key(code, (), key)
        intros: dict[str, str] = {}
        closings: dict[str, str] = {}
        for name, values in self.tables("type").items():
            type_key = self.type_key(name, ("type", name), None)
            self.keys(("type", name), values, TEXT_KEYS)
            intros[f"type:{type_key}"] = self.text_value(("type", name), values, "intro")
            closings[f"type:{type_key}"] = self.text_value(("type", name), values, "closing")
        for name, values in self.tables("theme").items():
            self.theme_key(name, ("theme", name), None)
            self.keys(("theme", name), values, THEME_KEYS)
            from_memo = values.get("intro_from_memo", False)
            if not isinstance(from_memo, bool):
                self.fail(f"intro_from_memo in {self.where(('theme', name))} must be true or false",
                          ("theme", name), "intro_from_memo", "write intro_from_memo = true")
            intro = self.text_value(("theme", name), values, "intro")
            if from_memo:
                if intro:
                    self.fail(f"{self.where(('theme', name))} has both intro and intro_from_memo", ("theme", name),
                              "intro_from_memo", "keep one of them")
                intro = self.memo(name, ("theme", name))
            intros[f"theme:{name}"] = intro
            closings[f"theme:{name}"] = self.text_value(("theme", name), values, "closing")
        examples: dict[str, tuple[str, ...]] = {}
        quotes: dict[str, tuple[str, ...]] = {}
        for name, values in self.tables("code").items():
            self.code_key(name, ("code", name), None)
            self.keys(("code", name), values, CODE_KEYS)
            if "examples" in values:
                examples[name] = tuple(self.example(name, case) for case in
                                       dict.fromkeys(self.strings(("code", name), values, "examples")))
            if "quotes" in values:
                found = [self.coding(name, reference) for reference in self.strings(("code", name), values, "quotes")]
                quotes[name] = tuple(dict.fromkeys(guid for guid in found if guid is not None))
        defaults = SynthesisControl()
        return SynthesisControl(
            type_order=tuple(dict.fromkeys(type_order)), theme_order=tuple(dict.fromkeys(theme_order)),
            code_order=tuple(dict.fromkeys(code_order)), leave_out=frozenset(leave_out), examples=examples,
            quotes=quotes, intros={k: v for k, v in intros.items() if v},
            closings={k: v for k, v in closings.items() if v},
            quotes_per_code=self._or(self.number("quotes_per_code"), defaults.quotes_per_code),
            quotes_per_case=self._or(self.number("quotes_per_case"), defaults.quotes_per_case),
            max_quote_chars=self._or(self.number("max_quote_chars"), defaults.max_quote_chars),
            words=self.flag("words"))

    def flag(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, bool):
            self.fail(f"{key} = {shorten(repr(value))} is not true or false", (), key,
                      f"write {key} = true or {key} = false (without quotes)")
        return value

    @staticmethod
    def _or(value: int | None, default: int) -> int:
        return default if value is None else value

    def tables(self, name: str) -> dict[str, dict[str, Any]]:
        value = self.data.get(name, {})
        if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
            self.fail(f"'{name}' in {self.where(())} must be tables such as [{name}.ID]", (), name,
                      f"write [{name}.ID] sections, one per {name}")
        return value

    def keys(self, table: tuple[str, ...], values: dict[str, Any], valid: Sequence[str]) -> None:
        for key in values:
            if key not in valid:
                self.unknown_key(key, table, valid)

    def type_key(self, name: str, table: tuple[str, ...] = (), key: str | None = "types") -> str:
        found = self.types.get(name) or self.types.get(name.casefold())
        if found is None:
            self.unknown_name("code type", name, [t.key for t in self.corpus.types], table, key,
                              "a type is named by its id or label ('qualcode codebook show')")
        return found

    def theme_key(self, name: str, table: tuple[str, ...], key: str | None) -> None:
        if name in self.themes:
            return
        if name in self.codes:
            self.fail(f"'{shorten(name)}' is a code, not a theme", table, key,
                      f"a theme is a code at the top of the codebook: {', '.join(self.themes[:20])}", name)
        self.unknown_name("theme", name, self.themes, table, key, "'qualcode codebook show' lists them")

    def code_key(self, name: str, table: tuple[str, ...], key: str | None) -> None:
        if name not in self.codes:
            self.unknown_name("code", name, list(self.codes), table, key, "'qualcode codebook show' lists them")

    def memo(self, theme: str, table: tuple[str, ...]) -> str:
        text = memo_sql.memo_text(self.store, "code", self.codes[theme].guid)
        if not text or not text.strip():
            self.fail(f"theme '{theme}' has no memo to use as its introduction", table, "intro_from_memo",
                      f"write a memo on the theme (m on it in the workbench's codebook, or qualcode memos set code "
                      f"{theme} \"…\") or an intro here")
        return text.strip()

    def example(self, code: str, name: str) -> str:
        table = ("code", code)
        case = self.corpus.case(name)
        interviewed = self.corpus.case_names()
        if case is None or case.name not in interviewed:
            self.unknown_name("gemeente", name, interviewed, table, "examples",
                              "'qualcode cases show' lists them")
        mentioned = sorted({p.case_name for p in self.corpus.passages if p.code_key == code and p.case_name},
                           key=str.casefold)
        if case.name not in mentioned:
            self.fail(f"{case.name} did not mention code '{code}': it cannot be named as an example", table,
                      "examples", f"the gemeenten that did: {', '.join(mentioned) or '(none)'}", name)
        return case.name

    def coding(self, code: str, reference: str) -> str | None:
        table = ("code", code)
        wanted = reference.strip().strip("{}").casefold()
        if len(wanted) < MIN_GUID_PREFIX:
            self.fail(f"'{shorten(reference)}' is too short to name a coding", table, "quotes",
                      f"give at least {MIN_GUID_PREFIX} characters of its id ('qualcode quotes list' or "
                      f"'qualcode codings list --code {code}')", reference)
        matches = {p.coding_guid: p.code_key for p in self.corpus.passages
                   if p.coding_guid.casefold().startswith(wanted)}
        if not matches:  # a report of one coder's codings: another coder's coding is not an error, just not there
            matches = dict(quote_sql.codings_with_prefix(self.store, wanted))
            if len(matches) == 1 and next(iter(matches.values())) == code and len(self.corpus.passages) < \
                    quote_sql.coding_count(self.store):
                return None
            matches = {}
        if not matches:
            self.fail(f"no coding '{shorten(reference)}'", table, "quotes",
                      f"'qualcode codings list --code {code}' shows its codings' ids", reference)
        if len(matches) > 1:
            self.fail(f"'{shorten(reference)}' is the beginning of {len(matches)} codings' ids", table, "quotes",
                      "give more of the id", reference)
        guid, key = next(iter(matches.items()))
        if key != code:
            self.fail(f"coding '{shorten(reference)}' is coded '{key}', not '{code}'", table, "quotes",
                      f"move it to [code.\"{key}\"], or choose a coding of '{code}'", reference)
        return guid
