"""Tile providers from sites/corridor.yml: a missing key is a clear problem, not a blank map."""

from __future__ import annotations

from corridor.maps import resolve_tiles, tile_layers
from corridor.records import load_corridor
from tests.conftest import TmpCorridor, run_cli
from tests.maps_text import chinese

TIANDITU = "map:\n  tiles: tianditu\n  tianditu:\n    approval: GS(2024)0000号\n"
KEY = "0123456789abcdef0123456789abcdef"
MISSING_KEY = [
    "sites/corridor.yml:28:5: map.tianditu.key_env: the map uses Tianditu tiles, but the "
    "environment variable TIANDITU_TK holding its key (tk) is not set",
    "  hint: set TIANDITU_TK to the site's Tianditu browser key where the site is built, "
    "or use `tiles: openstreetmap` for a local preview",
]


def use_tianditu(tmp_corridor: TmpCorridor, extra: str = "") -> None:
    corridor = tmp_corridor.read("sites/corridor.yml")
    tmp_corridor.write("sites/corridor.yml", corridor + TIANDITU + extra)


def test_missing_tianditu_key_is_reported_at_the_map_settings(tmp_corridor: TmpCorridor) -> None:
    use_tianditu(tmp_corridor)
    tiles, problems = resolve_tiles(load_corridor(tmp_corridor.root), {})
    assert tiles is None
    assert [line for p in problems for line in p.render().splitlines()] == MISSING_KEY


def test_corridor_check_fails_on_a_missing_key(tmp_corridor: TmpCorridor) -> None:
    use_tianditu(tmp_corridor)
    run = run_cli("--root", str(tmp_corridor.root), "check", env={"TIANDITU_TK": ""})
    assert run.code == 1
    assert run.out.splitlines() == [*MISSING_KEY, "1 error, 0 warnings in 4 files"]
    run = run_cli("--root", str(tmp_corridor.root), "map", env={"TIANDITU_TK": ""})
    assert run.code == 1 and run.out.splitlines()[:2] == MISSING_KEY
    assert not (tmp_corridor.root / "build" / "map-preview").exists()


def test_key_comes_from_the_variable_the_settings_name(tmp_corridor: TmpCorridor) -> None:
    use_tianditu(tmp_corridor, "    key_env: COUNTY_TIANDITU_KEY\n")
    loaded = load_corridor(tmp_corridor.root)
    tiles, problems = resolve_tiles(loaded, {"COUNTY_TIANDITU_KEY": KEY, "TIANDITU_TK": "x"})
    assert problems == [] and tiles is not None and tiles.key == KEY
    layers = tile_layers(tiles, "zh", chinese)
    assert [layer.url.split("/")[3].split("?")[0] for layer in layers] == ["vec_w", "cva_w"]
    assert all(layer.url.endswith(f"&tk={KEY}") for layer in layers)
    assert "审图号：GS(2024)0000号" in layers[0].attribution
    assert layers[0].hosts() == [f"t{i}.tianditu.gov.cn" for i in range(8)]


def test_a_key_of_the_wrong_shape_is_a_warning(tmp_corridor: TmpCorridor) -> None:
    use_tianditu(tmp_corridor)
    tiles, problems = resolve_tiles(load_corridor(tmp_corridor.root), {"TIANDITU_TK": "abc"})
    assert tiles is not None
    assert [p.render().splitlines()[0] for p in problems] == [
        "sites/corridor.yml:28:5: map.tianditu.key_env: warning: TIANDITU_TK does not look "
        "like a Tianditu key (32 hexadecimal digits)"
    ]


def test_openstreetmap_is_the_default_and_credits_its_contributors(
    tmp_corridor: TmpCorridor,
) -> None:
    tiles, problems = resolve_tiles(load_corridor(tmp_corridor.root), {})
    assert problems == [] and tiles is not None and tiles.datum == "wgs84"
    (layer,) = tile_layers(tiles, "bo", chinese)
    assert layer.url == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "© OpenStreetMap contributors" in layer.attribution


def test_a_mirror_of_openstreetmap_keeps_its_own_attribution(tmp_corridor: TmpCorridor) -> None:
    corridor = tmp_corridor.read("sites/corridor.yml")
    mirror = (
        "map:\n  openstreetmap:\n    url: https://tiles.example.cn/{z}/{x}/{y}.png\n"
        "    attribution: © OpenStreetMap contributors <mirror>\n"
    )
    tmp_corridor.write("sites/corridor.yml", corridor + mirror)
    tiles, _ = resolve_tiles(load_corridor(tmp_corridor.root), {})
    assert tiles is not None
    (layer,) = tile_layers(tiles, "zh", chinese)
    assert layer.attribution == "© OpenStreetMap contributors &lt;mirror&gt;"
    assert layer.hosts() == ["tiles.example.cn"]


def test_amap_is_drawn_in_gcj02(tmp_corridor: TmpCorridor) -> None:
    amap = "map:\n  tiles: amap\n  amap:\n    approval: GS(2024)0000号\n"
    tmp_corridor.write("sites/corridor.yml", tmp_corridor.read("sites/corridor.yml") + amap)
    tiles, problems = resolve_tiles(load_corridor(tmp_corridor.root), {})
    assert problems == [] and tiles is not None and tiles.datum == "gcj02"
    assert "lang=en" in tile_layers(tiles, "en", chinese)[0].url
