"""Benchmark of qualcode's reports on the 1M-word project with 20,000 codings of bench_ui.py: synthesis + appendix as
HTML, DOCX and Markdown, the case report and the matrix table as XLSX, with the time split over the stages."""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench_ui import Manifest, cached_project

if TYPE_CHECKING:
    from qualcode.project import Project

HTML_TARGET_S = 1.0
DOCX_TARGET_S = 1.5
PROFILE_TOP = 15
PROFILE_TOP_OWN = 8
RESULTS = Path(tempfile.gettempdir()) / "qualcode-bench-reports" / "last-run.json"  # the workers' raw JSON


@dataclass(frozen=True)
class Measurement:
    """One thing a worker times: some report or table calls on the project, all in one format."""

    name: str
    label: str
    calls: tuple[tuple[str, str], ...]  # (kind, fmt) of Project.report, or ("table:KIND", fmt) of Project.table
    target: float | None = None
    anonymisable: bool = True


MEASUREMENTS = {m.name: m for m in (
    Measurement("html", "synthesis + appendix, HTML", (("synthesis", "html"), ("appendix", "html")), HTML_TARGET_S),
    Measurement("docx", "synthesis + appendix, DOCX", (("synthesis", "docx"), ("appendix", "docx")), DOCX_TARGET_S),
    Measurement("md", "synthesis + appendix, Markdown", (("synthesis", "md"), ("appendix", "md"))),
    Measurement("case", "case report, HTML", (("case", "html"),)),
    Measurement("matrix", "table matrix, XLSX", (("table:matrix", "xlsx"),), anonymisable=False),
)}

# The stages of render_report / render_table, timed by wrapping these functions (module, attribute, stage).
# render_report imports the builders, the template functions and the writers when it is called, so replacing the
# module attributes reaches it; build_corpus, known_names, report_options and _table_frame are globals of
# qualcode.project.reports. A stage's time excludes the other stages called inside it.
STAGES: tuple[tuple[str, str, str], ...] = (
    ("qualcode.project.reports", "build_corpus", "build_corpus"),
    ("qualcode.project.reports", "anonymisers", "names + options"),
    ("qualcode.project.reports", "report_options", "names + options"),
    ("qualcode.reporting.build_synthesis", "build_synthesis", "analyses + contexts"),
    ("qualcode.reporting.build_appendix", "build_appendix", "analyses + contexts"),
    ("qualcode.reporting.build_appendix", "build_cases", "analyses + contexts"),
    ("qualcode.project.reports", "_table_frame", "analyses + contexts"),
    ("qualcode.reporting.environment", "template_environment", "templates"),
    ("qualcode.reporting.environment", "render", "templates"),
    ("qualcode.reporting.anonymise", "Anonymiser.check", "anonymity check"),
    ("qualcode.reporting.html", "assert_self_contained", "self-contained check"),
    ("qualcode.reporting.docx_writer", "markdown_to_docx", "DOCX writer"),
    ("qualcode.reporting.xlsx_writer", "tables_to_xlsx", "XLSX writer"),
)
STAGE_ORDER = ("build_corpus", "names + options", "analyses + contexts", "templates", "anonymity check",
               "self-contained check", "DOCX writer", "XLSX writer", "rest")


# -- inside one worker process ---------------------------------------------------------------------------------
class StageClock:
    """Exclusive time per stage of the wrapped functions."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._children: list[float] = []  # time spent in wrapped calls inside the running one, per level

    def wrap(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._children.append(0.0)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                inner = self._children.pop()
                self.seconds[stage] = self.seconds.get(stage, 0.0) + elapsed - inner
                if self._children:
                    self._children[-1] += elapsed
        return timed

    def install(self) -> None:
        import importlib

        for module_name, attribute, stage in STAGES:
            owner: Any = importlib.import_module(module_name)
            *path, name = attribute.split(".")
            for part in path:
                owner = getattr(owner, part)
            setattr(owner, name, self.wrap(stage, getattr(owner, name)))

    def take(self) -> dict[str, float]:
        taken, self.seconds = self.seconds, {}
        return taken


def _call(project: Project, kind: str, fmt: str, anonymise: bool) -> bytes:
    if kind.startswith("table:"):
        return project.table(kind.removeprefix("table:"), fmt, anonymise=anonymise).content
    return project.report(kind, fmt, anonymise=anonymise).content


def _pass(project: Project, measurement: Measurement, anonymise: bool) -> tuple[float, dict[str, bytes]]:
    """All the measurement's calls once; returns the wall time and the outputs."""
    outputs: dict[str, bytes] = {}
    started = time.perf_counter()
    for kind, fmt in measurement.calls:
        outputs[f"{kind.removeprefix('table:')}.{fmt}"] = _call(project, kind, fmt, anonymise)
    return time.perf_counter() - started, outputs


def _check_output(name: str, content: bytes) -> None:
    """Fail unless an output looks like a real report of its format (so the benchmark cannot time nothing)."""
    if len(content) < 1024:
        raise SystemExit(f"{name} has only {len(content)} bytes")
    if name.endswith((".docx", ".xlsx")) and not content.startswith(b"PK"):
        raise SystemExit(f"{name} is not a zip container")
    if name.endswith(".html") and b"</html>" not in content[-200:].lower():
        raise SystemExit(f"{name} does not end its HTML")


def source_fingerprint() -> str:
    """A hash of qualcode's source files (code and templates): others may change them while the benchmark runs."""
    package = Path(__file__).resolve().parent.parent / "qualcode"
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix not in (".pyc", ".pyo"):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _private_copy(root: Path, into: Path) -> Path:
    """Reports only read, but Project.open may migrate or rewrite files: work on a copy of the cached project."""
    target = into / "project"
    shutil.copytree(root, target)
    return target


def run_once(name: str, root: Path, anonymise: bool) -> dict[str, Any]:
    """Three runs of one measurement in this process.

    first: right after Project.open in the new process, so with the lazy imports of the reporting code, as
    `qualcode report` does it; reopened: on a newly opened Project (an empty corpus cache, the imports done), with
    the stages timed; cached: once more on that Project, whose corpus is cached while the store is unchanged.
    """
    measurement = MEASUREMENTS[name]
    if Manifest.read(root) is None:
        raise SystemExit(f"{root} is not a benchmark project (no bench.json)")
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-reports-run-") as temporary:
        copy = _private_copy(root, Path(temporary))
        source = source_fingerprint()
        started = time.perf_counter()
        from qualcode.project import Project

        project = Project.open(copy)
        setup = time.perf_counter() - started
        try:
            first, outputs = _pass(project, measurement, anonymise)
        finally:
            project.close()
        clock = StageClock()
        clock.install()
        project = Project.open(copy)
        try:
            reopened, again = _pass(project, measurement, anonymise)
            stages = clock.take()
            cached, third = _pass(project, measurement, anonymise)
        finally:
            project.close()
    for output, content in outputs.items():
        _check_output(output, content)
        if again[output] != content or third[output] != content:
            raise SystemExit(f"{output}: a second render in the same process gave different bytes")
    return {"first_s": first, "reopened_s": reopened, "cached_s": cached, "stages_s": stages, "setup_s": setup,
            "source": source,
            "outputs": {output: {"bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
                        for output, content in outputs.items()},
            "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def profile_once(names: Sequence[str], root: Path, anonymise: bool, top: int) -> str:
    """cProfile of each measurement on a newly opened Project, after the lazy imports (as the 'reopened' run)."""
    from qualcode.project import Project

    lines = []
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-reports-profile-") as temporary:
        copy = _private_copy(root, Path(temporary))
        project = Project.open(copy)
        try:  # the lazy imports
            project.report("synthesis", "md")
            project.table("matrix", "xlsx")
        finally:
            project.close()
        StageClock().install()  # imports the modules the stages live in, python-docx among them; times nothing
        for name in names:
            measurement = MEASUREMENTS[name]
            project = Project.open(copy)
            try:
                profiler = cProfile.Profile()
                started = time.perf_counter()
                profiler.enable()
                _pass(project, measurement, anonymise)
                profiler.disable()
                elapsed = time.perf_counter() - started
            finally:
                project.close()
            title = f"{measurement.label}{' (anonymised)' if anonymise else ''}"
            lines.append(f"== {title}: {elapsed:.2f} s under cProfile; top {top} by cumulative time")
            lines += _top(profiler, "cumulative", top)
            lines.append(f"-- {title}: top {PROFILE_TOP_OWN} by own time")
            lines += _top(profiler, "tottime", PROFILE_TOP_OWN)[1:]
    return "\n".join(lines)


def _top(profiler: cProfile.Profile, order: str, count: int) -> list[str]:
    """The column header and the first count pstats lines in this order, leaving out this file's own functions,
    with the repository's and Python's paths shortened."""
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(count + 10)
    lines = text.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    prefixes = sorted({str(Path(__file__).resolve().parent.parent) + os.sep, sys.prefix + os.sep,
                       sys.base_prefix + os.sep}, key=len, reverse=True)
    out = [lines[start].rstrip()]
    for line in lines[start + 1:]:
        if not line.strip() or Path(__file__).name in line:
            continue
        for prefix in prefixes:
            line = line.replace(prefix, "")
        out.append(line.rstrip())
    return out[:count + 1]


def _worker(arguments: Sequence[str]) -> str:
    command = [sys.executable, str(Path(__file__).resolve()), *arguments]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"worker {' '.join(arguments)} failed (exit {done.returncode}):\n{done.stdout[-2000:]}\n"
                         f"{done.stderr[-4000:]}")
    return done.stdout


def run_in_subprocess(name: str, root: Path, anonymise: bool) -> dict[str, Any]:
    output = _worker(["--run-once", name, str(root), *(["--anonymise"] if anonymise else [])])
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


# -- the report ------------------------------------------------------------------------------------------------
def _p90(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def _row(label: str, samples: Sequence[float], runs: int, target: float | None) -> tuple[str, ...]:
    median = statistics.median(samples)
    return (label, str(runs), f"{median:,.2f}", f"{_p90(samples):,.2f}", f"{target:g}" if target else "-",
            f"{median / target:.2f}x" if target else "-")


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) if i == 0 else cell.rjust(width)
                      for i, (cell, width) in enumerate(zip(row, widths, strict=True))).rstrip() for row in rows]


def _rows(measurement: Measurement, anonymise: bool, runs: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    n = len(runs)
    title = measurement.label + (" (anonymised)" if anonymise else "")
    rows = [_row(f"{title}: first in a new process", [r["first_s"] for r in runs], n, measurement.target),
            _row("  project reopened in that process", [r["reopened_s"] for r in runs], n, measurement.target)]
    for stage in STAGE_ORDER:
        if stage == "rest":
            samples = [r["reopened_s"] - sum(r["stages_s"].values()) for r in runs]
        else:
            samples = [r["stages_s"].get(stage, 0.0) for r in runs]
        if stage in ("build_corpus", "rest") or any(samples):
            rows.append(_row(f"    {stage}", samples, n, None))
    rows.append(_row("  once more (corpus cached)", [r["cached_s"] for r in runs], n, measurement.target))
    return rows


def report(manifest: Manifest, results: dict[tuple[str, bool], list[dict[str, Any]]],
           load: tuple[tuple[float, ...], tuple[float, ...]], seconds: float) -> list[str]:
    runs = len(next(iter(results.values())))
    lines = [f"qualcode report benchmark: {manifest.words:,} words, {manifest.documents:,} documents, "
             f"{manifest.codings:,} codings; {runs} worker process(es) per measurement", ""]
    table: list[tuple[str, ...]] = [("measurement (s)", "runs", "median", "p90", "target", "of target")]
    for (name, anonymise), measured in results.items():
        table += _rows(MEASUREMENTS[name], anonymise, measured)
    lines += _aligned(table)
    lines += ["", "outputs (bytes; every worker checked that its later renders gave the same bytes)"]
    sources = sorted({r["source"] for measured in results.values() for r in measured})
    for (name, anonymise), measured in results.items():
        digests = {json.dumps(r["outputs"], sort_keys=True) for r in measured}
        if len(digests) != 1:
            lines.append(f"  note: the workers of {name}{' anonymised' if anonymise else ''} rendered "
                         f"{len(digests)} different outputs" + (" (qualcode's source changed during the run)"
                                                                 if len(sources) > 1 else ""))
        sizes = ", ".join(f"{output} {info['bytes']:,}" for output, info in measured[0]["outputs"].items())
        rss = statistics.median(r["maxrss_kib"] for r in measured) / 1024
        lines.append(f"  {MEASUREMENTS[name].label}{' (anonymised)' if anonymise else ''}: {sizes}; "
                     f"worker peak RSS {rss:,.0f} MiB")
    setup = statistics.median(r["setup_s"] for measured in results.values() for r in measured)
    lines += [
        "",
        f"first: the calls in a new worker, after `import qualcode.project` and Project.open (median {setup:.2f} s, "
        "not timed),",
        "  so with the lazy imports of the reporting code (jinja2, python-docx, Pillow; pandas only for tables)",
        "project reopened: the same calls on a newly opened Project in that process (imports done, corpus not cached),",
        "  split into stages (exclusive time, summed over the calls): build_corpus = qualcode.project.reports."
        "build_corpus;",
        "  names + options = anonymisers + report_options; analyses + contexts = build_synthesis, build_appendix,",
        "  build_cases (tables: _table_frame); templates = template_environment + render; rest = everything else",
        "once more: the calls again on that Project: its corpus stays cached while the store is unchanged",
        "of target: median / target, <= 1.00x meets it",
        f"qualcode source fingerprint: {', '.join(sources)}"
        + (" (CHANGED during the run: the figures mix versions)" if len(sources) > 1 else "")
        + f"; the workers' raw JSON: {RESULTS}",
        f"load average (1, 5, 15 min) before: {', '.join(f'{v:.2f}' for v in load[0])}; after the timed workers: "
        f"{', '.join(f'{v:.2f}' for v in load[1])}; {os.cpu_count()} CPUs; {seconds / 60:.1f} min",
    ]
    return lines


# -- the commands a researcher types, each a fresh process from the shell ---------------------------------------------
SHELL_COMMANDS: tuple[tuple[str, tuple[str, ...], float | None], ...] = (
    ("report synthesis appendix --format html", ("report", "synthesis", "appendix", "--format", "html"), 1.0),
    ("report synthesis appendix --format docx", ("report", "synthesis", "appendix", "--format", "docx"), 1.5),
    # Several kinds and formats in one process (the issue's own example); no target of its own.
    ("report synthesis appendix --format html docx", ("report", "synthesis", "appendix", "--format", "html", "docx"),
     None),
    ("table matrix", ("table", "matrix"), 0.4),
    ("status", ("status",), 0.3),
)
SOURCE_ROOT = Path(__file__).resolve().parent.parent  # this checkout: its qualcode is the one timed


def _timed_command(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system of the child, from RUSAGE_CHILDREN) seconds of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=environment, check=False, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode(errors='replace')}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def shell_figures(root: Path, repeat: int, against: Path | None = None) -> list[str]:
    """Median wall and CPU (user + system) seconds of each command as `qualcode …` from the shell, with the load.

    Python may write bytecode (a researcher's installed qualcode has it), and one untimed run per command comes
    first: a checkout where sources just changed would otherwise compile them in every timed run. With against (the
    root of another checkout, e.g. `git archive` of an older commit), each run of this checkout alternates with a run
    of that one, so that both see the same load: on a shared machine the pair is the fair comparison.
    """
    qualcode = Path(sys.executable).with_name("qualcode")
    base = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    trees = {"after": SOURCE_ROOT} if against is None else {"before": against.resolve(), "after": SOURCE_ROOT}
    environments = {name: {**base, "PYTHONPATH": str(tree)} for name, tree in trees.items()}
    rows: list[tuple[str, ...]]
    if against is None:
        rows = [("command", "median s", "cpu s", "target s", "")]
    else:
        rows = [("command", "cpu s before", "after", "wall s before", "after", "target s")]
    loads = [os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-shell-") as scratch:
        for label, arguments, target in SHELL_COMMANDS:
            out = ["--out", str(Path(scratch) / "report"), "--force"] if arguments[0] == "report" else []
            if arguments[0] == "table":
                out = ["--out", str(Path(scratch) / "matrix.csv"), "--force"]
            command = [str(qualcode), "--project", str(root), *arguments, *out]
            walls: dict[str, list[float]] = {name: [] for name in trees}
            cpus: dict[str, list[float]] = {name: [] for name in trees}
            for run in range(repeat + 1):
                for name in trees:
                    wall, cpu = _timed_command(command, environments[name])
                    if run:  # the first run writes bytecode
                        walls[name].append(wall)
                        cpus[name].append(cpu)
                loads.append(os.getloadavg())
            wall, cpu = statistics.median(walls["after"]), statistics.median(cpus["after"])
            goal = f"{target:.1f}" if target is not None else "-"
            if against is None:
                verdict = "" if target is None else (
                    "meets target" if wall <= target else ("CPU within target" if cpu <= target else "over"))
                rows.append((label, f"{wall:.2f}", f"{cpu:.2f}", goal, verdict))
            else:
                rows.append((label, f"{statistics.median(cpus['before']):.2f}", f"{cpu:.2f}",
                             f"{statistics.median(walls['before']):.2f}", f"{wall:.2f}", goal))
    one_minute = [load[0] for load in loads]
    compared = "" if against is None else f"; before: the qualcode of {against}, run alternately with this one"
    return [*_aligned(rows), "",
            f"medians of {repeat} runs{compared}; load average (1 min) {min(one_minute):.2f}–{max(one_minute):.2f} "
            f"during the runs (1, 5, 15 min at the start: {', '.join(f'{v:.2f}' for v in loads[0])}); "
            f"{os.cpu_count()} CPUs. With a load above the CPU count the wall time is mostly waiting for a CPU: "
            "compare the CPU column with the target then."]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="worker processes per measurement (default 5)")
    parser.add_argument("--only", nargs="+", choices=list(MEASUREMENTS), default=list(MEASUREMENTS),
                        metavar="NAME", help=f"measurements to run (default all: {' '.join(MEASUREMENTS)})")
    parser.add_argument("--anonymise", action="store_true",
                        help="also time the anonymised variant of every report measurement")
    parser.add_argument("--profile", action="store_true",
                        help=f"one extra worker: cProfile of each measurement, top {PROFILE_TOP} by cumulative time")
    parser.add_argument("--project-words", type=int, default=1_000_000,
                        help="words of the large project (default 1000000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached project")
    parser.add_argument("--shell", action="store_true",
                        help="time the commands from the shell instead (report … --format html/docx, table matrix, "
                             "status), each a fresh process")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="with --shell: also time the qualcode of the checkout in DIR, each run alternating with "
                             "one of this checkout (e.g. DIR from `git archive OLD qualcode | tar -x -C DIR`)")
    parser.add_argument("--run-once", nargs=2, metavar=("NAME", "PROJECT"),
                        help="what each worker does: measurement NAME on a built PROJECT; prints JSON")
    parser.add_argument("--profile-once", nargs=2, metavar=("NAMES", "PROJECT"),
                        help="what the profile worker does: comma-separated measurement NAMES on PROJECT")
    args = parser.parse_args(argv)
    if args.run_once is not None:
        name, root = args.run_once
        if name not in MEASUREMENTS:
            parser.error(f"--run-once NAME is one of {', '.join(MEASUREMENTS)}")
        print(json.dumps(run_once(name, Path(root), args.anonymise)))
        return 0
    if args.profile_once is not None:
        names, root = args.profile_once
        print(profile_once(names.split(","), Path(root), args.anonymise, PROFILE_TOP))
        return 0
    if min(args.repeat, args.project_words) < 1:
        parser.error("--repeat and --project-words must be at least 1")

    if args.shell:
        root, _ = cached_project("project", args.project_words, args.seed, args.rebuild)
        for line in shell_figures(root, args.repeat, args.against):
            print(line)
        return 0
    load_before = os.getloadavg()
    started = time.perf_counter()
    root, manifest = cached_project("project", args.project_words, args.seed, args.rebuild)
    variants = [(name, False) for name in args.only]
    if args.anonymise:
        variants += [(name, True) for name in args.only if MEASUREMENTS[name].anonymisable]
    results: dict[tuple[str, bool], list[dict[str, Any]]] = {variant: [] for variant in variants}
    for run in range(args.repeat):
        for name, anonymise in variants:
            print(f"run {run + 1}/{args.repeat}: {name}{' anonymised' if anonymise else ''} …", file=sys.stderr,
                  flush=True)
            results[(name, anonymise)].append(run_in_subprocess(name, root, anonymise))
    load_after, seconds = os.getloadavg(), time.perf_counter() - started
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"manifest": asdict(manifest), "load": [load_before, load_after],
                                   "results": [{"name": name, "anonymise": anonymise, "runs": runs}
                                               for (name, anonymise), runs in results.items()]}, indent=1),
                       encoding="utf-8")
    profiles: list[str] = []
    if args.profile:
        print("profile worker …", file=sys.stderr, flush=True)
        profiles.append(_worker(["--profile-once", ",".join(args.only), str(root)]))
        if args.anonymise:
            anonymisable = [name for name in args.only if MEASUREMENTS[name].anonymisable]
            if anonymisable:
                profiles.append(_worker(["--profile-once", ",".join(anonymisable), str(root), "--anonymise"]))
    for line in report(manifest, results, (load_before, load_after), seconds):
        print(line)
    for profile in profiles:
        print()
        print(profile.rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
