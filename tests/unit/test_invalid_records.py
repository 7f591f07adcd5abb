"""Every one-defect fixture under tests/fixtures/invalid gives exactly its expected message."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.records import load_corridor
from tests.conftest import FIXTURES, TmpCorridor

CASES = sorted((FIXTURES / "invalid").glob("*.yml"))


def expected_lines(case: Path) -> list[str]:
    prefix = "# expect: "
    return [
        line[len(prefix) :]
        for line in case.read_text(encoding="utf-8").splitlines()
        if line.startswith(prefix)
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_defect_is_reported_exactly(case: Path, tmp_corridor: TmpCorridor) -> None:
    target = "sites/corridor.yml" if case.stem.startswith("corridor-") else "sites/towns/alpha.yml"
    tmp_corridor.write(target, case.read_bytes())

    loaded = load_corridor(tmp_corridor.root)

    rendered = [line for p in loaded.problems for line in p.render().splitlines()]
    assert rendered == expected_lines(case)
    # A defect that is only a warning still yields a usable corridor; an error never does.
    assert (loaded.corridor is None) == any(p.is_error for p in loaded.problems)


def test_every_case_expects_something() -> None:
    assert len(CASES) >= 25
    assert all(expected_lines(case) for case in CASES)
