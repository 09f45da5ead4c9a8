"""qualcode.toml: project name, default coder, report language, attribution, interviewers, case settings."""

from __future__ import annotations

import math
import re
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.domain.cases import DEFAULT_SIZE_THRESHOLDS
from qualcode.domain.errors import ProjectError, shorten
from qualcode.domain.names import case_key

CONFIG_NAME = "qualcode.toml"
LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class ProjectConfig:
    """The settings of one project, with defaults for everything left out."""

    name: str = "qualcode-project"
    default_coder: str | None = None
    language: str = "nl"
    attribution: str = "{rol}, gemeente {gemeente}"
    attribution_anonymous: str = "{rol}, {grootteklasse} gemeente"
    interviewers: tuple[str, ...] = ()
    classifications: tuple[str, ...] = ()
    size_thresholds: tuple[int, int] = DEFAULT_SIZE_THRESHOLDS
    case_aliases: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    # [report]: names to remove from anonymised reports besides the participants and interviewers; the case
    # attributes whose groups a synthesis compares; counts as words, numbers or both.
    anonymise_names: tuple[str, ...] = ()
    compare_by: tuple[str, ...] = ("grootteklasse",)
    quantifiers: str = "both"
    quantifier_thresholds: dict[str, float] = field(default_factory=dict)  # overrides of QuantifierThresholds
    # The case attributes an anonymised report still shows next to 'Gemeente A' (exact figures point at one).
    anonymous_attributes: tuple[str, ...] = ("grootteklasse",)
    # [report] anonymous_roles: the general functions an anonymised report shows ("projectleider vastgoed" →
    # "projectleider"); None: qualcode's own list (reporting.generalise.DEFAULT_ROLES).
    anonymous_roles: tuple[str, ...] | None = None
    charts: bool = True  # [report] charts: figures in the synthesis (--no-charts leaves them out once)
    word_template: str | None = None  # [report] word_template: a house-style .docx, relative to the project folder
    report_words: bool = False  # [report] words: the synthesis's section of words that stand out per gemeente
    report_disagreements: bool = False  # [report] disagreements: Bijlage F lists every unit the two coders differ on
    # [anonymise] organisations (names) and organisations_file (one name a line, relative to the project folder):
    # organisations the pseudonym key's scan finds and an anonymised report replaces ("[organisatie]").
    organisations: tuple[str, ...] = ()
    organisations_file: str | None = None


def load_config(path: Path) -> ProjectConfig:
    """Read qualcode.toml; a missing file gives the defaults, a bad one a clear error."""
    if not path.exists():
        return ProjectConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError(f"qualcode.toml is not valid TOML: {exc}", file=str(path),
                           hint="check quotes and brackets on that line") from None
    except UnicodeDecodeError:
        raise ProjectError("qualcode.toml is not UTF-8 text", file=str(path), hint="save it as UTF-8") from None
    except RecursionError:  # tomllib reads nested arrays recursively
        raise ProjectError("qualcode.toml is nested too deeply", file=str(path),
                           hint="qualcode.toml holds plain values and lists; remove the nested brackets") from None
    project = _table(data, "project", path)
    cases = _table(data, "cases", path)
    report = _table(data, "report", path)
    quantifiers = str(report.get("quantifiers", "both"))
    if quantifiers not in ("words", "numbers", "both"):
        raise ProjectError(f"quantifiers = \"{shorten(quantifiers)}\" is not one of words, numbers, both",
                           file=str(path),
                           hint="set [report] quantifiers to \"words\", \"numbers\" or \"both\"")
    language = str(project.get("language", "nl"))
    if language not in LANGUAGES:
        raise ProjectError(f"language '{shorten(language)}' is not supported", file=str(path),
                           hint="use language = \"nl\" or \"en\" under [project]")
    thresholds = cases.get("size_thresholds", list(DEFAULT_SIZE_THRESHOLDS))
    if (not isinstance(thresholds, list) or len(thresholds) != 2
            or not all(isinstance(t, int) and not isinstance(t, bool) for t in thresholds)
            or not 0 < thresholds[0] < thresholds[1]):
        raise ProjectError("size_thresholds must be two increasing whole numbers, e.g. [30000, 100000]",
                           file=str(path), hint="fix [cases] size_thresholds: two positive numbers of inhabitants, "
                                                "the smaller first")
    case_aliases = {str(k): str(v) for k, v in _table(cases, "aliases", path).items()}
    _refuse_alias_cycles(case_aliases, path)
    attribution = str(project.get("attribution", ProjectConfig.attribution))
    attribution_anonymous = str(project.get("attribution_anonymous", ProjectConfig.attribution_anonymous))
    for key, pattern in (("attribution", attribution), ("attribution_anonymous", attribution_anonymous)):
        _check_pattern(key, pattern, path)
    return ProjectConfig(
        name=str(project.get("name", path.parent.name)),
        default_coder=_optional_text(project.get("default_coder")),
        language=language,
        attribution=attribution,
        attribution_anonymous=attribution_anonymous,
        interviewers=tuple(str(n) for n in _list(project.get("interviewers", []), "interviewers", path)),
        classifications=tuple(str(n) for n in _list(cases.get("classifications", []), "classifications", path)),
        size_thresholds=(thresholds[0], thresholds[1]),
        case_aliases=case_aliases,
        keys={str(k): str(v) for k, v in _table(data, "keys", path).items()},
        anonymise_names=tuple(str(n) for n in _list(report.get("anonymise_names", []), "anonymise_names", path)),
        compare_by=tuple(str(n) for n in _list(report.get("compare_by", ["grootteklasse"]), "compare_by", path)),
        quantifiers=quantifiers,
        quantifier_thresholds=_thresholds(report, path),
        anonymous_attributes=tuple(str(n) for n in _list(report.get("anonymous_attributes", ["grootteklasse"]),
                                                         "anonymous_attributes", path)),
        anonymous_roles=(tuple(str(n) for n in _list(report["anonymous_roles"], "anonymous_roles", path))
                         if "anonymous_roles" in report else None),
        charts=_flag(report, "charts", True, path),
        word_template=_optional_text(report.get("word_template")),
        report_words=_flag(report, "words", False, path),
        report_disagreements=_flag(report, "disagreements", False, path),
        organisations=tuple(str(n) for n in _list(_table(data, "anonymise", path).get("organisations", []),
                                                  "organisations", path)),
        organisations_file=_optional_text(_table(data, "anonymise", path).get("organisations_file")),
    )


_THRESHOLD_NAMES = ("nearly_all", "most", "half_low", "half_high", "few_max")


def _thresholds(report: dict[str, Any], path: Path) -> dict[str, float]:
    values = _table(report, "quantifier_thresholds", path)
    for name, value in values.items():
        if name not in _THRESHOLD_NAMES or not isinstance(value, int | float) or isinstance(value, bool):
            raise ProjectError(f"[report.quantifier_thresholds] {name} = {value!r} is not a known threshold number",
                               file=str(path), hint=f"use numbers for {', '.join(_THRESHOLD_NAMES)}")
        if name == "few_max" and not (math.isfinite(value) and value >= 0 and float(value).is_integer()):
            # 'enkele' is a count of cases: 2.5 would silently mean 2.
            raise ProjectError(f"[report.quantifier_thresholds] few_max = {value!r} is not a whole number of cases",
                               file=str(path), hint="use a whole number such as 2 (enkele = at most that many cases)")
        if name != "few_max" and not (math.isfinite(value) and 0 < value <= 1):
            raise ProjectError(f"[report.quantifier_thresholds] {name} = {value!r} is not a share between 0 and 1",
                               file=str(path), hint=f"write {name} as a share of the cases, e.g. 0.6")
    shares = {"nearly_all": 0.9, "most": 0.6, "half_low": 0.4, "half_high": 0.6}
    shares.update({str(k): float(v) for k, v in values.items() if k in shares})
    if not shares["half_low"] <= shares["half_high"] <= shares["most"] < shares["nearly_all"]:
        listing = ", ".join(f"{k} = {v:g}" for k, v in shares.items())
        raise ProjectError(f"[report.quantifier_thresholds] are not ascending ({listing})", file=str(path),
                           hint="keep half_low <= half_high <= most < nearly_all")
    return {str(name): float(value) for name, value in values.items()}


_FIELD_NAME = re.compile(r"^\w[\w \-]*$")


def _check_pattern(key: str, pattern: str, path: Path) -> None:
    """An attribution pattern names case fields as {field}: no attribute access, indexing, conversion or format
    spec, which would reach into Python objects or pad a quote to a gigabyte."""
    hint = (f"write [project] {key} with field names in braces only, e.g. \"{{rol}}, gemeente {{gemeente}}\" "
            "(a literal brace is written twice: {{ }})")
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise ProjectError(f"{key} = \"{shorten(pattern)}\" is not a valid pattern ({exc})", file=str(path),
                           hint=hint) from None
    for _literal, field_name, spec, conversion in parsed:
        if field_name is None:
            continue
        if not _FIELD_NAME.match(field_name) or field_name.isdigit() or spec or conversion:
            shown = "{" + field_name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise ProjectError(f"{key}: '{shorten(shown)}' is not a plain {{field}} name", file=str(path), hint=hint)


def _refuse_alias_cycles(aliases: dict[str, str], path: Path) -> None:
    """[cases.aliases] maps a name to the case it means; a chain that comes back to its start means nothing."""
    targets = {case_key(alias): case_key(case) for alias, case in aliases.items()}
    for start in targets:
        seen = [start]
        current = targets[start]
        while current in targets and current != seen[-1]:
            if current in seen:
                names = {case_key(a): a for a in aliases}
                cycle = " → ".join(shorten(names.get(k, k), 40) for k in [*seen[seen.index(current):], current])
                raise ProjectError(f"[cases.aliases] form a cycle: {cycle}", file=str(path),
                                   hint="an alias names the case it means; remove one of these aliases")
            seen.append(current)
            current = targets[current]


def _table(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ProjectError(f"[{name}] must be a table", file=str(path), hint=f"write it as a [{name}] section")
    return value


def _list(value: Any, name: str, path: Path) -> list[Any]:
    if not isinstance(value, list):
        raise ProjectError(f"'{name}' must be a list", file=str(path), hint=f'write {name} = ["…", "…"]')
    return value


def _flag(table: dict[str, Any], name: str, default: bool, path: Path) -> bool:
    value = table.get(name, default)
    if not isinstance(value, bool):
        raise ProjectError(f"{name} = {shorten(repr(value))} is not true or false", file=str(path),
                           hint=f"write {name} = true or {name} = false (without quotes)")
    return value


def _optional_text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def toml_string(value: str) -> str:
    """Return value as a TOML basic string (JSON escaping is valid TOML for these characters)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def render_config(name: str, *, default_coder: str | None = None, interviewers: tuple[str, ...] = (),
                  classifications: tuple[str, ...] = ()) -> str:
    """Return the text of a new qualcode.toml with every setting explained."""
    def quoted(values: tuple[str, ...]) -> str:
        return "[" + ", ".join(toml_string(v) for v in values) + "]"

    coder = f"default_coder = {toml_string(default_coder)}" if default_coder else '# default_coder = "your-name"'
    return f'''# qualcode project settings
[project]
name = {toml_string(name)}
{coder}
# Report language: "nl" (default) or "en".
language = "nl"
# How quotes are attributed in reports; fields: {{rol}}, {{gemeente}}, {{grootteklasse}}, {{provincie}}, ...
attribution = "{{rol}}, gemeente {{gemeente}}"
attribution_anonymous = "{{rol}}, {{grootteklasse}} gemeente"
# Interviewers of the study: recognised as such in transcripts without a header.
interviewers = {quoted(interviewers)}

[cases]
# Columns of cases.csv that are single-choice classifications (a column with ';' is multi-valued).
classifications = {quoted(classifications)}
# Size classes from 'inwoners': klein < first, middelgroot up to second, groot above.
size_thresholds = [30000, 100000]

[cases.aliases]
# "Den Bosch" = "'s-Hertogenbosch"

[report]
# Names that anonymised reports must never show, besides participants and interviewers (they are known).
anonymise_names = []
# Anonymised, a gemeente is called "Gemeente A", "Gemeente B", …; these of its attributes are still shown
# (exact figures such as inwoners, or provincie with grootteklasse, can point at one gemeente).
anonymous_attributes = ["grootteklasse"]
# Anonymised, a function becomes the first of these it contains ("projectleider vastgoed" → "projectleider");
# left out, qualcode's own list of common functions is used.
# anonymous_roles = ["wethouder", "beleidsadviseur", "projectleider", "bewoner"]
# Case attributes whose groups a synthesis compares ("Vaker genoemd in kleine gemeenten …").
compare_by = ["grootteklasse"]
# Counts in the synthesis as "words" (de meeste gemeenten), "numbers" (6 van de 8) or "both".
quantifiers = "both"
# Charts in the synthesis ("in hoeveel gemeenten", gemeenten × codes, groups); false leaves them out.
charts = true
# A Word document whose styles, page setup, headers and footers a Word report uses, e.g. "huisstijl.docx".
# word_template = "huisstijl.docx"
# A section of the words that stand out per gemeente in the synthesis (as 'qualcode words --by case --keyness').
words = false
# Bijlage F also lists every sentence the two coders coded differently, with its text and both coders' codes.
disagreements = false
'''
