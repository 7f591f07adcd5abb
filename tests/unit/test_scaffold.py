"""`corridor new`: skeletons an editor fills in, put in place without disturbing the rest."""

from __future__ import annotations

import shutil

import pytest
import yaml

from tests.conftest import ROOT, TmpCorridor, run_cli


@pytest.fixture
def project(tmp_corridor: TmpCorridor) -> TmpCorridor:
    shutil.copytree(ROOT / "templates" / "records", tmp_corridor.root / "templates" / "records")
    return tmp_corridor


def fill(text: str, values: dict[str, str]) -> str:
    """Replace the skeleton's `key: ""` / `key: null` lines, in order, as an editor would."""
    lines = text.splitlines(keepends=True)
    for key, value in values.items():
        for index, line in enumerate(lines):
            stripped = line.lstrip(" -")
            if stripped.startswith(f"{key}: ") and ('""' in line or "null" in line):
                lines[index] = line.replace('""', value, 1).replace("null", value, 1)
                break
        else:
            raise AssertionError(f"no empty {key} left")
    return "".join(lines)


def test_new_town_skeleton_filled_in_passes_check_with_comments_kept(project: TmpCorridor) -> None:
    before = project.read("sites/corridor.yml")
    run = run_cli("--root", str(project.root), "new", "town", "gamma", "--after", "alpha")
    assert run.code == 0, run.err
    assert "wrote sites/towns/gamma.yml" in run.out
    assert "sites/towns/gamma.yml:5:7: name: must not be empty" in run.out
    # Only the town: no placeholder hall or base whose id would become a permanent address.
    assert "sites/towns/gamma.yml:20:8: halls: needs at least 1 entry" in run.out
    skeleton = yaml.safe_load(project.read("sites/towns/gamma.yml"))
    assert (skeleton["halls"], skeleton["bases"]) == ([], [])
    for kind, record in (("hall", "gamma-museum"), ("base", "gamma-tea")):
        added = run_cli("--root", str(project.root), "new", kind, "gamma", record)
        assert added.code == 0, added.err

    # The route order gained the town in its place; nothing else in corridor.yml moved.
    after = project.read("sites/corridor.yml")
    assert after == before.replace("towns: [alpha, beta]", "towns: [alpha, gamma, beta]")

    town = project.read("sites/towns/gamma.yml")
    town = fill(
        town,
        {
            "name": "丙镇",
            "pinyin": "Bing",
            "code": '"511825106"',
            "lat": "30.02",
            "lon": "102.7",
            "summary": "丙镇简介。",
            "introduction": "丙镇介绍。",
            "title": "测试数据",
            "note": "测试。",
        },
    )
    for place in ("丙镇展示馆", "丙镇基地"):
        town = fill(
            town,
            {
                "name": place,
                "lat": "30.021",
                "lon": "102.701",
                "summary": "简介。",
                "introduction": "介绍。",
                "title": "测试数据",
            },
        )
    town = fill(town, {"theme": "茶马古道"}).replace('products: [""]', "products: [茶叶]")
    project.write("sites/towns/gamma.yml", town)

    check = run_cli("--root", str(project.root), "check")
    assert check.code == 0, check.out
    assert "# 中文名称，如：新场镇" in town  # the skeleton's guidance is still there


def test_new_hall_is_appended_and_the_rest_of_the_file_is_untouched(project: TmpCorridor) -> None:
    original = project.read("sites/towns/alpha.yml")
    run = run_cli("--root", str(project.root), "new", "hall", "alpha", "alpha-museum")
    assert run.code == 0, run.err
    changed = project.read("sites/towns/alpha.yml")
    halls_end = original.index("bases:")
    assert changed.startswith(original[:halls_end])
    assert changed.endswith(original[halls_end:])
    hall = yaml.safe_load(changed)["halls"][-1]
    assert hall["id"] == "alpha-museum"
    assert "halls[1].name: must not be empty" in run.out


def test_new_sign_presents_its_record_and_passes_check_once_placed(project: TmpCorridor) -> None:
    shutil.copy(ROOT / "sites" / "sign-types.yml", project.root / "sites" / "sign-types.yml")
    shutil.copytree(ROOT / "templates" / "signs", project.root / "templates" / "signs")
    shutil.copy(ROOT / "mkdocs.yml", project.root / "mkdocs.yml")  # site_url for the QR code
    run = run_cli(
        "--root", str(project.root), "new", "sign", "alpha", "alpha-hall-plate",
        "--type", "hall-nameplate", "--presents", "alpha-hall",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert "signs[0].facing: expected a whole number, got nothing" in run.out
    town = project.read("sites/towns/alpha.yml")
    sign = yaml.safe_load(town)["signs"][-1]
    assert sign["type"] == "hall-nameplate"
    assert sign["presents"] == {"hall": "alpha-hall"}
    assert "# 标识类型（sites/sign-types.yml）：展示馆铭牌" in town
    head, _sep, new = town.rpartition("- id: alpha-hall-plate")
    place = {"lat": "30.0013", "lon": "102.8013", "facing": "180", "mounting_height_m": "2"}
    new = fill(new, place)
    project.write("sites/towns/alpha.yml", head + _sep + new)
    check = run_cli("--root", str(project.root), "check")
    assert check.code == 0, check.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--type", "nope"), "--type nope: no such sign type in sites/sign-types.yml"),
        ((), "name the sign's type: --type one of town-gateway, hall-nameplate"),
        (("--type", "hall-nameplate"), "a hall-nameplate sign presents a hall: name it"),
        (
            ("--type", "base-sign", "--presents", "alpha-hall"),
            "a base-sign sign presents a base, and `alpha-hall` is a hall",
        ),
        (("--type", "directional", "--presents", "alpha"), "presents no record"),
        (("--type", "base-sign", "--presents", "nowhere"), "--presents nowhere: no town, hall"),
    ],
)
def test_bad_sign_requests_exit_2_and_write_nothing(
    project: TmpCorridor, args: tuple[str, ...], message: str
) -> None:
    shutil.copy(ROOT / "sites" / "sign-types.yml", project.root / "sites" / "sign-types.yml")
    before = project.read("sites/towns/alpha.yml")
    run = run_cli("--root", str(project.root), "new", "sign", "alpha", "alpha-new", *args)
    assert (run.code, run.out) == (2, "")
    assert message in run.err
    assert project.read("sites/towns/alpha.yml") == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("new", "town", "alpha"), "the id `alpha` already exists (sites/towns/alpha.yml:1)"),
        (
            ("new", "hall", "beta", "alpha-hall"),
            "the id `alpha-hall` already exists (sites/towns/alpha.yml:13)",
        ),
        (("new", "base", "alpha", "Bad Id"), "`Bad Id` is not a valid id"),
        (("new", "base", "nowhere", "x-base"), "there is no town `nowhere`"),
        (("new", "town", "delta", "--after", "nowhere"), "--after nowhere: no such town"),
        (("new", "hall", "alpha"), "usage: corridor new hall TOWN ID"),
        (
            ("new", "sign", "alpha", "alpha-tea", "--type", "town-gateway"),
            "the id `alpha-tea` already exists",
        ),
    ],
)
def test_bad_requests_exit_2_and_write_nothing(
    project: TmpCorridor, args: tuple[str, ...], message: str
) -> None:
    before = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    run = run_cli("--root", str(project.root), *args)
    assert run.code == 2
    assert message in run.err
    assert "Traceback" not in run.err
    after = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    assert after == before


def test_new_help_names_the_town_first_and_the_id_second() -> None:
    run = run_cli("new", "--help")
    assert run.code == 0
    assert "{town,hall,base,sign} TOWN [ID]" in run.out
    described = " ".join(run.out.split())
    assert "TOWN new town: the new town's id; new hall, base or sign: the town it belongs to" in (
        described
    )
    assert "ID new hall, base or sign: its new id" in described
