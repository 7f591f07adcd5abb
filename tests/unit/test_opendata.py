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
    loaded = load_corridor(tmp_corridor.root)
    corridor, route = loaded.corridor, loaded.route
    assert corridor is not None and route is not None
    files = render(
        corridor, catalogues_with_english_name(), LANGS, "https://example.org/g318/", route=route
    )
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


def sample_files() -> dict[str, str]:
    loaded = load_corridor(ROOT)
    assert loaded.corridor is not None and loaded.route is not None
    return render(loaded.corridor, Catalogues(), LANGS, "https://example.org/", route=loaded.route)


def validate(files: dict[str, str], folder: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    """Write the files under `folder` and run `frictionless validate` on the package."""
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [
            Path(sys.executable).parent / "frictionless",
            "validate",
            "--json",
            str(folder / "data/datapackage.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, json.loads(result.stdout)


def test_sample_data_package_validates_with_frictionless(tmp_path: Path) -> None:
    files = sample_files()
    code, report = validate(files, tmp_path)
    assert code == 0 and report["valid"], json.dumps(report)[:2000]
    rows = sum(task["stats"].get("rows", 0) for task in report["tasks"])
    towns = len(load_corridor(ROOT).corridor.towns)  # type: ignore[union-attr]
    assert rows == 3 * towns  # each town has one hall and one base
    package = json.loads(files["data/datapackage.json"])
    assert [r["path"] for r in package["resources"]] == [
        "places.csv",
        "places.json",
        "corridor.geojson",
    ]
    geojson = package["resources"][2]
    assert geojson["mediatype"] == "application/geo+json"
    assert geojson["bytes"] == len(files["data/corridor.geojson"].encode("utf-8"))


def test_frictionless_rejects_a_broken_table(tmp_path: Path) -> None:
    files = sample_files()
    files["data/places.csv"] = files["data/places.csv"].replace(",30.02,", ",north,", 1)
    code, report = validate(files, tmp_path)
    assert code != 0 and report["valid"] is False


def test_frictionless_rejects_a_geojson_that_is_not_the_published_one(tmp_path: Path) -> None:
    # The package records each file's size and SHA-256: a stale or truncated file fails.
    files = sample_files()
    files["data/corridor.geojson"] = files["data/corridor.geojson"].replace("route", "rout", 1)
    code, report = validate(files, tmp_path)
    assert code != 0 and report["valid"] is False
    errors = [e["type"] for task in report["tasks"] for e in task["errors"]]
    assert "hash-count" in errors


def test_geojson_names_every_place_in_every_language(tmp_corridor: TmpCorridor) -> None:
    loaded = load_corridor(tmp_corridor.root)
    assert loaded.corridor is not None and loaded.route is not None
    files = render(
        loaded.corridor, catalogues_with_english_name(), LANGS, "https://e.org/", route=loaded.route
    )
    features = json.loads(files["data/corridor.geojson"])["features"]
    alpha = next(f for f in features if f["id"] == "town/alpha")
    assert alpha["properties"]["name_en"] == "Jia Town"
    assert alpha["properties"]["url_en"] == "https://e.org/en/towns/alpha/"
    assert [f["id"] for f in features][:2] == ["route", "town/alpha"]
