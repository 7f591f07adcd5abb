"""Lighthouse on the built site: home, a town, a hall and the map page, in Chinese and Tibetan.

Serves a built site (default build/site, made by `corridor build`) on 127.0.0.1 and runs npm's
Lighthouse (pinned in tools/web, installed by `make setup`) with Debian's chromium, mobile
profile (Lighthouse's default). Prints each page's scores and what keeps a score below 100.
`tests/perf/test_lighthouse.py` asserts accessibility, best practices and SEO are 100;
performance is recorded by `make bench` in BENCHMARKS.md.

    .venv/bin/python scripts/lighthouse.py                      # every page, zh and bo
    .venv/bin/python scripts/lighthouse.py --langs bo --pages town --json build/lh.json

The map's tile server is blocked (`--blocked-url-patterns`): this machine has no internet, and
a tile that cannot load would count as a console error of ours. Lighthouse ignores requests it
blocks itself; the browser tests check that tiles are the only requests that leave the site.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tools" / "web" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = ("home", "town", "hall", "map")
LANGUAGE_PREFIX = {"zh": "", "bo": "bo/", "en": "en/"}


@dataclass
class PageScores:
    lang: str
    page: str
    path: str
    scores: dict[str, float]
    # Audits below 1 that count in a category: "category: audit-id (score) display value".
    findings: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site on 127.0.0.1 (Python's http.server on a free port) while the block runs."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "-d", str(site), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait()


def page_paths(site: Path, lang: str) -> dict[str, str | None]:
    """The path of each page kind in `lang` (None: the site has no such page)."""
    prefix = LANGUAGE_PREFIX[lang]

    def first(kind: str) -> str | None:
        folder = site / prefix / kind
        found = sorted(p.parent.name for p in folder.glob("*/index.html"))
        return f"{prefix}{kind}/{found[0]}/" if found else None

    return {
        "home": prefix,
        "town": first("towns"),
        "hall": first("halls"),
        "map": f"{prefix}map/" if (site / prefix / "map" / "index.html").is_file() else None,
    }


@functools.cache
def tile_blocking() -> tuple[str, ...]:
    """Lighthouse flags blocking every tile host of the corridor's map (read once per run)."""
    from corridor import maps
    from corridor.records import load_corridor

    tiles, _problems = maps.resolve_tiles(load_corridor(ROOT), os.environ)
    hosts = maps.tile_hosts(tiles) if tiles is not None else set()
    return tuple(f"--blocked-url-patterns=*://{host}/*" for host in sorted(hosts))


def run_lighthouse(url: str, categories: Sequence[str]) -> dict[str, Any]:
    """Lighthouse's JSON report of one URL (tile servers blocked)."""
    if not LIGHTHOUSE.is_file():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `make setup`")
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.json"
        result = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                f"--chrome-flags={CHROME_FLAGS}",
                "--output=json",
                f"--output-path={output}",
                "--quiet",
                f"--only-categories={','.join(categories)}",
                *tile_blocking(),
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        if result.returncode != 0 or not output.is_file():
            raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
        report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
        return report


def scores_of(report: dict[str, Any], lang: str, page: str, path: str) -> PageScores:
    audits = report["audits"]
    found = PageScores(lang, page, path, {})
    for name, category in report["categories"].items():
        found.scores[name] = category["score"]
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or ""
                found.findings.append(f"{name}: {ref['id']} ({audit['score']:.2f}) {shown}".strip())
                # What failed (e.g. the console error), so a failure explains itself.
                for item in (audit.get("details") or {}).get("items", [])[:3]:
                    what = item.get("description") or item.get("url") or item.get("source") or ""
                    found.findings.append(f"    {str(what)[:200]}")
    for metric in (
        "first-contentful-paint",
        "largest-contentful-paint",
        "total-blocking-time",
        "cumulative-layout-shift",
        "speed-index",
    ):
        if metric in audits and "performance" in report["categories"]:
            found.metrics[metric] = audits[metric].get("displayValue", "")
    return found


def audit_site(
    site: Path,
    base_url: str,
    langs: Sequence[str] = ("zh", "bo"),
    pages: Sequence[str] = PAGES,
    categories: Sequence[str] = CATEGORIES,
    report: Any = print,
) -> tuple[list[PageScores], list[str]]:
    """Scores of every page asked for (the site in `site`, served at `base_url`), and notes
    on pages the site does not have."""
    results: list[PageScores] = []
    notes: list[str] = []
    for lang in langs:
        paths = page_paths(site, lang)
        for page in pages:
            path = paths[page]
            if path is None:
                notes.append(
                    f"{lang} {page}: skipped, the site has no such page yet"
                    + (" (the map page comes with the map branch)" if page == "map" else "")
                )
                report(notes[-1])
                continue
            scores = scores_of(run_lighthouse(base_url + path, categories), lang, page, path)
            report(
                f"{lang} {page} /{path}: "
                + ", ".join(f"{k} {v * 100:.0f}" for k, v in scores.scores.items())
            )
            for finding in scores.findings:
                report(f"    {finding}")
            results.append(scores)
    return results, notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--langs", nargs="+", default=["zh", "bo"], choices=list(LANGUAGE_PREFIX))
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    parser.add_argument("--categories", nargs="+", default=list(CATEGORIES), choices=CATEGORIES)
    parser.add_argument("--json", type=Path, help="also write the scores to this file")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        print(f"no built site in {args.site}: run `corridor build` first", file=sys.stderr)
        return 2
    with served(args.site) as base_url:
        results, notes = audit_site(args.site, base_url, args.langs, args.pages, args.categories)
    if args.json:
        data = {"pages": [asdict(r) for r in results], "notes": notes}
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    perfect = ("accessibility", "best-practices", "seo")
    failing = [r for r in results if any(r.scores.get(c, 1) < 1 for c in perfect)]
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
