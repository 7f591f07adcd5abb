"""`make bench`: how the website and the signs scale, against a bare baseline run alongside.

For synthetic corridors of 5, 50 and 300 towns (`synthetic_corridor.synthesize`: halls, bases,
signs and complete catalogues cloned from the sample) it measures

* our full three-language website build (`corridor build`: check + one mkdocs process per
  language in parallel): wall time, peak memory of the whole process tree (psutil samples the
  tree), output bytes per page;
* the **bare baseline**: the very pages our plugin generated (dumped with
  ``CORRIDOR_DUMP_PAGES``, see `corridor.plugin.dump_pages`) built by plain mkdocs-material
  with the same theme, Markdown and search settings and the same three processes, without our
  plugin. Our overhead is our time over its time;
* one language alone (`corridor build --lang zh`), for the parallel/one-language ratio;
* signs: proofs of every sign of a corridor (signs per second), then again after one record
  changed (only the affected signs are rendered again).

Timings on a shared two-core machine are noisy, which is why targets are ratios against
work measured in the same run. Results go to BENCHMARKS.md (a table per run, newest first)
and to build/bench/results.json.

    .venv/bin/python scripts/bench.py                 # the full run (make bench)
    .venv/bin/python scripts/bench.py --towns 5 --sign-towns 5 --no-write   # a quick look
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import lighthouse  # noqa: E402
from synthetic_corridor import synthesize  # noqa: E402

from corridor.urls import LANGUAGES  # noqa: E402

WORK = ROOT / "build" / "bench"
# The targets of issue 8.
MAX_OVERHEAD = 0.15
MAX_PAGE_TIME_RATIO = 1.5
MAX_PARALLEL_RATIO = 1.6
MAX_PEAK_BYTES = 1_000_000_000
MAX_RERENDER_RATIO = 0.10
SAMPLE_SECONDS = 0.05


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float  # user + system of every process in the trees
    peak_bytes: int
    code: int
    output: str


def _tree_rss(processes: Sequence[psutil.Popen]) -> int:
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            for member in [process, *process.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += member.memory_info().rss
    return total


def measure(commands: Sequence[Sequence[str]], cwd: Path, env: dict[str, str]) -> Measured:
    """Run `commands` at once: wall time until all end, CPU time, peak of their summed memory.

    Memory is the resident set of every process in the trees (children included: mkdocs
    processes, WeasyPrint workers), sampled every 50 ms. CPU time counts every descendant
    that was waited for (getrusage of children), so it is not disturbed by other work on the
    machine as much as the wall time is.
    """
    with contextlib.ExitStack() as stack:
        logs = [stack.enter_context(tempfile.TemporaryFile()) for _ in commands]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        processes = [
            psutil.Popen(list(c), cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
            for c, log in zip(commands, logs, strict=True)
        ]
        peak = 0
        while any(p.poll() is None for p in processes):
            peak = max(peak, _tree_rss(processes))
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        output = []
        for log in logs:
            log.seek(0)
            output.append(log.read().decode("utf-8", "replace"))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    code = max(abs(p.returncode or 0) for p in processes)
    return Measured(seconds, cpu, peak, code, "\n".join(output))


def fastest(runs: Sequence[Measured]) -> Measured:
    """The run with the least wall time (the one least disturbed by other work)."""
    return min(runs, key=lambda m: m.seconds)


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("CORRIDOR_DUMP_PAGES", None)
    env.update(extra)
    return env


def _corridor(*args: str) -> list[str]:
    return [sys.executable, "-m", "corridor.cli", *args]


def _require(result: Measured, what: str) -> None:
    if result.code != 0:
        raise SystemExit(f"bench: {what} failed:\n{result.output[-3000:]}")


# --- the website ------------------------------------------------------------------------------


@dataclass
class WebResult:
    towns: int
    repeats: int
    pages: int  # HTML pages over all languages (404 pages excluded)
    cold_seconds: float  # the first build: font subset and jieba caches cold
    seconds: float  # our three languages (fastest of the repeats)
    one_language_seconds: float
    bare_seconds: float
    cpu_seconds: float
    bare_cpu_seconds: float
    peak_bytes: int
    bare_peak_bytes: int
    html_bytes_per_page: float
    output_bytes_per_page: float
    language_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def overhead(self) -> float:
        return self.seconds / self.bare_seconds - 1

    @property
    def cpu_overhead(self) -> float:
        return self.cpu_seconds / self.bare_cpu_seconds - 1

    @property
    def parallel_ratio(self) -> float:
        return self.seconds / self.one_language_seconds

    @property
    def seconds_per_page(self) -> float:
        return self.seconds / self.pages


def bare_config(dump: Path, project: Path, overrides: Path) -> Path:
    """A mkdocs.yml for one dumped language: the project's settings, none of our plugin."""
    settings = json.loads((dump / "settings.json").read_text(encoding="utf-8"))
    search: dict[str, Any] = settings["search"]
    config = {
        "INHERIT": str(project / "mkdocs.yml"),
        "site_name": settings["site_name"],
        "site_description": settings["site_description"],
        "site_url": settings["site_url"],
        "docs_dir": "docs",
        "theme": {"custom_dir": str(overrides), "language": settings["language"]},
        "plugins": [{"search": search}],
        "extra": {"alternate": settings["alternate"], "generator": False},
        "nav": settings["nav"],
        "watch": [],
    }
    path = dump / "mkdocs.yml"
    # JSON is YAML: no quoting questions for names in three scripts.
    path.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def bare_overrides(project: Path, target: Path) -> Path:
    """Only what plain Material needs to build our pages: the Tibetan interface words.

    Our other overrides read values our plugin provides (footer, alternates).
    """
    languages = target / "partials" / "languages"
    languages.mkdir(parents=True, exist_ok=True)
    shutil.copy2(project / "overrides" / "partials" / "languages" / "bo.html", languages)
    return target


def site_sizes(site: Path) -> tuple[int, int, int]:
    """(HTML pages, bytes of their HTML, bytes of every file) in a built site."""
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    html = sum(p.stat().st_size for p in pages)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return len(pages), html, total


def bench_website(towns: int, work: Path, repeats: int) -> WebResult:
    project = work / f"towns-{towns}"
    if project.exists():
        shutil.rmtree(project)
    synthesize(ROOT, project, towns)
    dump = work / f"dump-{towns}"
    shutil.rmtree(dump, ignore_errors=True)

    # First build: cold caches (Tibetan font subset, jieba); it also dumps the pages.
    cold = measure([_corridor("build")], project, _env(CORRIDOR_DUMP_PAGES=str(dump)))
    _require(cold, f"corridor build ({towns} towns)")
    overrides = bare_overrides(project, work / "bare-overrides")
    bare_commands = [
        [
            *(sys.executable, "-m", "mkdocs", "build", "--strict", "-q"),
            *("-f", str(bare_config(dump / lang, project, overrides))),
            *("-d", str(work / f"bare-site-{towns}" / lang)),
        ]
        for lang in LANGUAGES
    ]
    ours_runs, one_runs, bare_runs = [], [], []
    # Interleaved, so that a burst of other work on the machine hits all three alike; ours
    # last, so that its full three-language site is the one measured for size.
    for _ in range(repeats):
        one_runs.append(measure([_corridor("build", "--lang", "zh")], project, _env()))
        _require(one_runs[-1], f"corridor build --lang zh ({towns} towns)")
        bare_runs.append(measure(bare_commands, dump, _env()))
        _require(bare_runs[-1], f"bare mkdocs build ({towns} towns)")
        ours_runs.append(measure([_corridor("build")], project, _env()))
        _require(ours_runs[-1], f"corridor build ({towns} towns)")
    ours, bare, one = fastest(ours_runs), fastest(bare_runs), fastest(one_runs)
    language_seconds = {
        lang: float(seconds)
        for lang, seconds in re.findall(r"(zh|bo|en) ([\d.]+)s", ours.output.splitlines()[-1])
    }
    pages, html, total = site_sizes(project / "build" / "site")
    return WebResult(
        towns=towns,
        repeats=repeats,
        pages=pages,
        cold_seconds=cold.seconds,
        seconds=ours.seconds,
        one_language_seconds=one.seconds,
        bare_seconds=bare.seconds,
        cpu_seconds=min(m.cpu_seconds for m in ours_runs),
        bare_cpu_seconds=min(m.cpu_seconds for m in bare_runs),
        peak_bytes=max(m.peak_bytes for m in ours_runs),
        bare_peak_bytes=max(m.peak_bytes for m in bare_runs),
        html_bytes_per_page=html / pages,
        output_bytes_per_page=total / pages,
        language_seconds=language_seconds,
    )


# --- signs ------------------------------------------------------------------------------------


@dataclass
class SignResult:
    towns: int
    signs: int
    full_seconds: float
    unchanged_seconds: float
    rerender_seconds: float
    rerendered: int
    peak_bytes: int

    @property
    def signs_per_second(self) -> float:
        return self.signs / self.full_seconds

    @property
    def rerender_ratio(self) -> float:
        return self.rerender_seconds / self.full_seconds


def _written(output: str) -> tuple[int, int]:
    match = re.search(r"signs: (\d+) files? written, (\d+) unchanged", output)
    if match is None:
        raise SystemExit(f"bench: no summary from corridor signs:\n{output[-3000:]}")
    return int(match[1]), int(match[2])


def bench_signs(towns: int, work: Path, jobs: int) -> SignResult:
    project = work / f"signs-{towns}"
    if project.exists():
        shutil.rmtree(project)
    synthesize(ROOT, project, towns)
    env = _env()
    full = measure([_corridor("signs", "--jobs", str(jobs))], project, env)
    _require(full, f"corridor signs ({towns} towns)")
    written, unchanged_count = _written(full.output)
    unchanged = measure([_corridor("signs", "--jobs", str(jobs))], project, env)
    _require(unchanged, f"corridor signs, nothing changed ({towns} towns)")
    # One record changes: the summary of the first town, shown on its gateway sign and on
    # every directional sign pointing to it.
    town_file = sorted((project / "sites" / "towns").glob("*.yml"))[0]
    text = town_file.read_text(encoding="utf-8")
    town_file.write_text(text.replace("\nname: ", "\nname: 新", 1), encoding="utf-8")
    changed = measure([_corridor("signs", "--jobs", str(jobs))], project, env)
    _require(changed, f"corridor signs after one change ({towns} towns)")
    rerendered, _ = _written(changed.output)
    return SignResult(
        towns=towns,
        signs=written + unchanged_count,
        full_seconds=full.seconds,
        unchanged_seconds=unchanged.seconds,
        rerender_seconds=changed.seconds,
        rerendered=rerendered,
        peak_bytes=max(full.peak_bytes, changed.peak_bytes),
    )


# --- Lighthouse -------------------------------------------------------------------------------

MIN_PERFORMANCE = 0.95


def bench_lighthouse() -> tuple[list[lighthouse.PageScores], list[str]]:
    """Lighthouse (mobile) on the sample site in build/site, built first if it is missing."""
    site = ROOT / "build" / "site"
    if not (site / "index.html").is_file():
        _require(measure([_corridor("build")], ROOT, _env()), "corridor build (sample)")
    with lighthouse.served(site) as base_url:
        return lighthouse.audit_site(
            site, base_url, ("zh", "bo"), lighthouse.PAGES, lighthouse.CATEGORIES, report=print
        )


# --- the report -------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _mb(value: float) -> str:
    return f"{value / 1_000_000:,.0f} MB"


def machine() -> dict[str, str]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    load = os.getloadavg()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit + (" (+ uncommitted changes)" if dirty else ""),
        "cores": str(os.cpu_count()),
        "memory": f"{psutil.virtual_memory().total / 2**30:.0f} GiB",
        "python": platform.python_version(),
        "load": f"{load[0]:.2f} (1-min load average at the start)",
    }


def report(
    info: dict[str, str],
    web: list[WebResult],
    signs: SignResult | None,
    audits: tuple[list[lighthouse.PageScores], list[str]] | None,
    seconds: float,
) -> str:
    lines = [
        f"### {info['date']} — commit {info['commit']}",
        "",
        f"Machine: {info['cores']} cores, {info['memory']} memory, Python {info['python']}, "
        f"load {info['load']}. The whole run took {seconds / 60:.1f} min.",
        "",
        "| towns | pages | ours 3 lang (s) | bare 3 lang (s) | overhead | CPU ours/bare (s) "
        "| CPU overhead | ours 1 lang (s) | 3 lang ÷ 1 lang | time/page | peak RSS ours (bare) "
        "| HTML B/page | all B/page | first build (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in web:
        lines.append(
            f"| {r.towns} | {r.pages} | {r.seconds:.1f} | {r.bare_seconds:.1f} "
            f"| {r.overhead:+.0%} | {r.cpu_seconds:.1f} / {r.bare_cpu_seconds:.1f} "
            f"| {r.cpu_overhead:+.0%} | {r.one_language_seconds:.1f} | {r.parallel_ratio:.2f} "
            f"| {r.seconds_per_page * 1000:.0f} ms | {_mb(r.peak_bytes)} "
            f"({_mb(r.bare_peak_bytes)}) | {r.html_bytes_per_page:,.0f} "
            f"| {r.output_bytes_per_page:,.0f} | {r.cold_seconds:.1f} |"
        )
    lines.append("")
    if signs is not None:
        lines += [
            "| sign towns | signs | full proofs (s) | signs/s | nothing changed (s) "
            "| one record changed (s) | re-rendered | re-render ÷ full | peak RSS |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {signs.towns} | {signs.signs} | {signs.full_seconds:.1f} "
            f"| {signs.signs_per_second:.2f} | {signs.unchanged_seconds:.1f} "
            f"| {signs.rerender_seconds:.1f} | {signs.rerendered} | {signs.rerender_ratio:.0%} "
            f"| {_mb(signs.peak_bytes)} |",
            "",
        ]
    if audits is not None:
        lines += [
            "Lighthouse 12.2.3, mobile profile, sample site (5 towns):",
            "",
            "| page | performance | accessibility | best practices | SEO | LCP | TBT |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for page in audits[0]:
            score = {k: f"{v * 100:.0f}" for k, v in page.scores.items()}
            lines.append(
                f"| {page.lang} {page.page} (/{page.path}) | {score.get('performance', '–')} "
                f"| {score.get('accessibility', '–')} | {score.get('best-practices', '–')} "
                f"| {score.get('seo', '–')} | {page.metrics.get('largest-contentful-paint', '')} "
                f"| {page.metrics.get('total-blocking-time', '')} |"
            )
        lines += [f"- {note}" for note in audits[1]]
        lines.append("")
    lines += ["| target | measured | verdict |", "|---|---|---|"]
    for r in web:
        lines.append(
            f"| overhead ≤ {MAX_OVERHEAD:.0%} at {r.towns} towns | {r.overhead:+.0%} "
            f"| {_verdict(r.overhead <= MAX_OVERHEAD)} |"
        )
    by_towns = {r.towns: r for r in web}
    if 5 in by_towns and 300 in by_towns:
        ratio = by_towns[300].seconds_per_page / by_towns[5].seconds_per_page
        lines.append(
            f"| time per page 300 ÷ 5 towns ≤ {MAX_PAGE_TIME_RATIO} | {ratio:.2f} "
            f"| {_verdict(ratio <= MAX_PAGE_TIME_RATIO)} |"
        )
    for r in web:
        lines.append(
            f"| 3 languages ≤ {MAX_PARALLEL_RATIO}× one language at {r.towns} towns "
            f"| {r.parallel_ratio:.2f} | {_verdict(r.parallel_ratio <= MAX_PARALLEL_RATIO)} |"
        )
    largest = max(web, key=lambda r: r.towns) if web else None
    if largest is not None:
        lines.append(
            f"| peak memory ≤ 1 GB at {largest.towns} towns | {_mb(largest.peak_bytes)} "
            f"| {_verdict(largest.peak_bytes <= MAX_PEAK_BYTES)} |"
        )
    if signs is not None:
        lines.append(
            f"| sign re-render after one change ≤ {MAX_RERENDER_RATIO:.0%} of a full render "
            f"(measured at {signs.towns} towns) | {signs.rerender_ratio:.0%} "
            f"| {_verdict(signs.rerender_ratio <= MAX_RERENDER_RATIO)} |"
        )
    if audits is not None and audits[0]:
        worst = min(audits[0], key=lambda p: p.scores.get("performance", 1))
        value = worst.scores.get("performance", 1)
        lines.append(
            f"| Lighthouse performance ≥ {MIN_PERFORMANCE * 100:.0f} (lowest page: "
            f"{worst.lang} {worst.page}) | {value * 100:.0f} "
            f"| {_verdict(value >= MIN_PERFORMANCE)} |"
        )
    lines.append("")
    return "\n".join(lines)


RESULTS_MARK = "<!-- bench results: newest first; scripts/bench.py inserts below -->"


def write_benchmarks(text: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text(encoding="utf-8") if path.exists() else f"{RESULTS_MARK}\n"
    if RESULTS_MARK not in current:
        current += f"\n{RESULTS_MARK}\n"
    head, _, tail = current.partition(RESULTS_MARK)
    path.write_text(f"{head}{RESULTS_MARK}\n\n{text}\n{tail.lstrip()}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--towns", type=int, nargs="+", default=[5, 50, 300])
    parser.add_argument(
        "--sign-towns",
        type=int,
        default=20,
        help="towns whose signs are rendered (0: no sign benchmark; default 20, see BENCHMARKS.md)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="corridor signs --jobs")
    parser.add_argument(
        "--repeats",
        type=int,
        nargs="+",
        default=[3, 2, 1],
        help="timed repeats per scale, in the order of --towns (the fastest counts)",
    )
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    args = parser.parse_args()

    started = time.perf_counter()
    info = machine()
    WORK.mkdir(parents=True, exist_ok=True)
    web = []
    repeats = dict(zip(args.towns, args.repeats + [1] * len(args.towns), strict=False))
    for towns in args.towns:
        print(f"bench: website, {towns} towns …", flush=True)
        result = bench_website(towns, WORK, repeats[towns])
        print(f"  {json.dumps(asdict(result))}", flush=True)
        web.append(result)
    signs = None
    if args.sign_towns:
        print(f"bench: signs, {args.sign_towns} towns …", flush=True)
        signs = bench_signs(args.sign_towns, WORK, args.jobs)
        print(f"  {json.dumps(asdict(signs))}", flush=True)
    audits = None
    if not args.no_lighthouse:
        print("bench: Lighthouse on the sample site …", flush=True)
        audits = bench_lighthouse()
    text = report(info, web, signs, audits, time.perf_counter() - started)
    print(text)
    results = {
        "machine": info,
        "web": [asdict(r) for r in web],
        "signs": asdict(signs) if signs else None,
        "lighthouse": [asdict(p) for p in audits[0]] if audits else None,
    }
    (WORK / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    if not args.no_write:
        write_benchmarks(text)


if __name__ == "__main__":
    main()
