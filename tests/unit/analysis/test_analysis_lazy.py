"""qualcode.analysis loads each name's module when the name is first used, so plain-Python parts need no pandas."""

from __future__ import annotations

import subprocess
import sys

import qualcode.analysis as analysis


def test_every_public_name_resolves_to_its_owner() -> None:
    assert sorted(analysis.__all__) == sorted(analysis._MODULE_OF)
    for name in analysis.__all__:
        value = getattr(analysis, name)
        owner = sys.modules[analysis._MODULE_OF[name]]
        assert value is getattr(owner, name), name


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        analysis.no_such_analysis  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as error:
        assert "no_such_analysis" in str(error)
    else:
        raise AssertionError("an unknown name resolved")


def test_the_plain_analyses_import_without_pandas() -> None:
    code = ("import sys; from qualcode.analysis import CodedCorpus, cell_counts, code_counts, crosstab_counts, "
            "describe_count, quotes_for, classification_counts; "
            "print(','.join(m for m in ('pandas', 'numpy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
