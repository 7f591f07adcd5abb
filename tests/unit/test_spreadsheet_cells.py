"""Spreadsheets we write never hold a formula made of record text (OWASP "CSV injection").

The open data's places.csv is read back by LibreOffice Calc, headless, with formula
evaluation switched on (as Excel always does): a name such as ``=1+2`` must stay text.
"""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest

from corridor.i18n.catalogues import Catalogues
from corridor.opendata import render
from corridor.records import load_corridor
from tests.conftest import TmpCorridor
from tests.hostile import yaml_string

# Text that a spreadsheet program would take for a formula or a command.
FORMULAS = {
    "alpha": "=1+2",
    "beta": "+3+4",
    "alpha-hall": '=HYPERLINK("https://example.org","x")',
    "alpha-tea": "@SUM(5,6)",
    "beta-hall": "-7+8",
    "beta-herb": "\t=9+10",
}
# Comma-separated, double quotes, UTF-8, from line 1, …, token 13: evaluate formulas.
_IMPORT = "CSV:44,34,76,1,,0,false,true,false,false,false,-1,true"
_EXPORT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false"


def calc_round_trip(csv_text: str, folder: Path) -> list[dict[str, str]]:
    """`csv_text` opened by LibreOffice Calc and saved again: what its cells show."""
    source = folder / "places.csv"
    source.write_text(csv_text, encoding="utf-8")
    out = folder / "out"
    run = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            f"--infilter={_IMPORT}",
            "--convert-to",
            _EXPORT,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0 and (out / "places.csv").is_file(), run.stdout + run.stderr
    return list(csv.DictReader(io.StringIO((out / "places.csv").read_text(encoding="utf-8"))))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_formulas_in_record_text_stay_text_in_calc(
    tmp_corridor: TmpCorridor, tmp_path: Path, lang: str
) -> None:
    from babel.messages.catalog import Catalog

    english = Catalog(locale="en")
    for place, formula in FORMULAS.items():
        town = "alpha" if place.startswith("alpha") else "beta"
        path = f"sites/towns/{town}.yml"
        lines = tmp_corridor.read(path).split("\n")
        index = next(
            i for i, line in enumerate(lines) if line.strip() in (f"id: {place}", f"- id: {place}")
        )
        name = next(i for i in range(index, len(lines)) if lines[i].strip().startswith("name:"))
        chinese = lines[name].split("name:", 1)[1].strip()
        lines[name] = lines[name].split("name:", 1)[0] + "name: " + yaml_string(formula)
        tmp_corridor.write(path, "\n".join(lines))
        record = (
            f"towns/{town}"
            if place == town
            else f"towns/{town}/{'halls' if 'hall' in place else 'bases'}/{place}"
        )
        english.add(formula, formula, context=f"{record}:name")
        assert chinese
    loaded = load_corridor(tmp_corridor.root)
    assert loaded.corridor is not None and loaded.route is not None, loaded.problems
    files = render(
        loaded.corridor,
        Catalogues({"en": english}),
        ["zh", "bo", "en"],
        "https://example.org/",
        route=loaded.route,
    )
    shown = {
        row["id"]: row[f"name_{lang}"]
        for row in calc_round_trip(files["data/places.csv"], tmp_path)
    }
    for place, formula in FORMULAS.items():
        # Calc shows the text (after the apostrophe that marks it as text), never a result.
        assert shown[place].removeprefix("'") == formula, (place, shown[place])
    # The JSON keeps every name exactly as typed: only spreadsheets need the mark.
    import json

    names = {p["id"]: p["name_zh"] for p in json.loads(files["data/places.json"])}
    assert names == FORMULAS
