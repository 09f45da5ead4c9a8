"""qualcode.toml: project name, default coder, report language, attribution, interviewers, case settings."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.domain.cases import DEFAULT_SIZE_THRESHOLDS
from qualcode.domain.errors import ProjectError

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
    project = _table(data, "project", path)
    cases = _table(data, "cases", path)
    report = _table(data, "report", path)
    quantifiers = str(report.get("quantifiers", "both"))
    if quantifiers not in ("words", "numbers", "both"):
        raise ProjectError(f"quantifiers = \"{quantifiers}\" is not one of words, numbers, both", file=str(path),
                           hint="set [report] quantifiers to \"words\", \"numbers\" or \"both\"")
    language = str(project.get("language", "nl"))
    if language not in LANGUAGES:
        raise ProjectError(f"language '{language}' is not supported", file=str(path),
                           hint="use language = \"nl\" or \"en\" under [project]")
    thresholds = cases.get("size_thresholds", list(DEFAULT_SIZE_THRESHOLDS))
    if (not isinstance(thresholds, list) or len(thresholds) != 2
            or not all(isinstance(t, int) for t in thresholds) or thresholds[0] >= thresholds[1]):
        raise ProjectError("size_thresholds must be two increasing whole numbers, e.g. [30000, 100000]",
                           file=str(path), hint="fix [cases] size_thresholds")
    return ProjectConfig(
        name=str(project.get("name", path.parent.name)),
        default_coder=_optional_text(project.get("default_coder")),
        language=language,
        attribution=str(project.get("attribution", ProjectConfig.attribution)),
        attribution_anonymous=str(project.get("attribution_anonymous", ProjectConfig.attribution_anonymous)),
        interviewers=tuple(str(n) for n in _list(project.get("interviewers", []), "interviewers", path)),
        classifications=tuple(str(n) for n in _list(cases.get("classifications", []), "classifications", path)),
        size_thresholds=(thresholds[0], thresholds[1]),
        case_aliases={str(k): str(v) for k, v in _table(cases, "aliases", path).items()},
        keys={str(k): str(v) for k, v in _table(data, "keys", path).items()},
        anonymise_names=tuple(str(n) for n in _list(report.get("anonymise_names", []), "anonymise_names", path)),
        compare_by=tuple(str(n) for n in _list(report.get("compare_by", ["grootteklasse"]), "compare_by", path)),
        quantifiers=quantifiers,
        quantifier_thresholds=_thresholds(report, path),
        anonymous_attributes=tuple(str(n) for n in _list(report.get("anonymous_attributes", ["grootteklasse"]),
                                                         "anonymous_attributes", path)),
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
    return {str(name): float(value) for name, value in values.items()}


def _table(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ProjectError(f"[{name}] must be a table", file=str(path), hint=f"write it as a [{name}] section")
    return value


def _list(value: Any, name: str, path: Path) -> list[Any]:
    if not isinstance(value, list):
        raise ProjectError(f"'{name}' must be a list", file=str(path), hint=f'write {name} = ["…", "…"]')
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
# Case attributes whose groups a synthesis compares ("Vaker genoemd in kleine gemeenten …").
compare_by = ["grootteklasse"]
# Counts in the synthesis as "words" (de meeste gemeenten), "numbers" (6 van de 8) or "both".
quantifiers = "both"
'''
