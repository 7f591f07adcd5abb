"""Open data: the places table in every language, and a Data Package that validates."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog

from corridor.i18n.catalogues import Catalogues
from corridor.opendata import render
from corridor.records import load_corridor
from tests.conftest import ROOT, TmpCorridor

LANGS = ["zh", "bo", "en"]


def catalogues_with_english_name() -> Catalogues:
    english = Catalog(locale="en")
    english.add("甲镇", "Jia Town", context="towns/alpha:name")
    return Catalogues({"en": english})


def test_rows_carry_every_language_with_its_state(tmp_corridor: TmpCorridor) -> None:
    corridor = load_corridor(tmp_corridor.root).corridor
    assert corridor is not None
    files = render(corridor, catalogues_with_english_name(), LANGS, "https://example.org/g318/")
    table = list(csv.DictReader(io.StringIO(files["data/places.csv"])))
    assert [row["id"] for row in table] == [
        "alpha",
        "alpha-hall",
        "alpha-tea",
        "beta",
        "beta-hall",
        "beta-herb",
    ]
    alpha = table[0]
    assert (alpha["name_zh"], alpha["name_en"], alpha["name_en_state"]) == (
        "甲镇",
        "Jia Town",
        "unreviewed",
    )
    # A missing Tibetan name is given in Chinese and says so.
    assert (alpha["name_bo"], alpha["name_bo_state"]) == ("甲镇", "untranslated")
    assert alpha["url_bo"] == "https://example.org/g318/bo/towns/alpha/"
    assert table[1]["approximate"] == "false" and table[2]["approximate"] == "true"
    assert json.loads(files["data/places.json"])[0]["name_en"] == "Jia Town"


def test_sample_data_package_validates_with_frictionless(tmp_path: Path) -> None:
    corridor = load_corridor(ROOT).corridor
    assert corridor is not None
    for relative, text in render(corridor, Catalogues(), LANGS, "https://example.org/").items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [
            Path(sys.executable).parent / "frictionless",
            "validate",
            "--json",
            str(tmp_path / "data/datapackage.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], result.stdout[:2000]
    rows = sum(task["stats"].get("rows", 0) for task in report["tasks"])
    assert rows == 3 * len(corridor.towns)  # each town has one hall and one base


def test_frictionless_rejects_a_broken_table(tmp_path: Path) -> None:
    corridor = load_corridor(ROOT).corridor
    assert corridor is not None
    files = render(corridor, Catalogues(), LANGS, "https://example.org/")
    files["data/places.csv"] = files["data/places.csv"].replace(",30.02,", ",north,", 1)
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [
            Path(sys.executable).parent / "frictionless",
            "validate",
            "--json",
            str(tmp_path / "data/datapackage.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert json.loads(result.stdout)["valid"] is False
