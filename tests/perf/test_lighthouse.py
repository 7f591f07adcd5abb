"""Lighthouse (npm, pinned in tools/web) on the sample site: accessibility, best practices and
SEO are 100 on the home, a town, a hall and the map page, in Chinese and Tibetan.

Performance is a benchmark, not a test (timings are noisy on a shared machine): `make bench`
records it in BENCHMARKS.md. The map's tile server is blocked (no internet here; see
scripts/lighthouse.py).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import lighthouse  # noqa: E402

PERFECT = ("accessibility", "best-practices", "seo")


@pytest.fixture(scope="module")
def base_url(sample_site: Path) -> Iterator[str]:
    with lighthouse.served(sample_site) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "bo"])
@pytest.mark.parametrize("page", lighthouse.PAGES)
def test_lighthouse_scores_100(sample_site: Path, base_url: str, lang: str, page: str) -> None:
    path = lighthouse.page_paths(sample_site, lang)[page]
    assert path is not None, f"the site has no {page} page"
    report = lighthouse.run_lighthouse(base_url + path, PERFECT)
    scores = lighthouse.scores_of(report, lang, page, path)
    assert scores.scores == dict.fromkeys(PERFECT, 1), "\n".join(scores.findings)
