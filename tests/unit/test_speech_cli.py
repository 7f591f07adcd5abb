"""`corridor` as county staff run it: Chinese when the locale is Chinese, English otherwise.

Every test runs the real command in its own process with the locale variables set as a
terminal sets them (LANGUAGE, LC_ALL and LC_MESSAGES empty; LANG chosen).
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run, TmpCorridor, make_sign_corridor, run_cli
from tests.translated import add_translations


def locale(lang: str) -> dict[str, str]:
    return {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": lang}


CHINESE = locale("zh_CN.UTF-8")
ENGLISH = [locale("C.UTF-8"), locale("en_US.UTF-8")]
ENGLISH_IDS = ["C.UTF-8", "en_US.UTF-8"]


def corridor(root: Path | None, *args: str, env: dict[str, str]) -> Run:
    """`corridor [--root ROOT] ARGS…` in its own process with the locale `env`."""
    run = run_cli(*(["--root", str(root)] if root is not None else []), *args, env=env)
    assert "Traceback" not in run.out + run.err
    return run


@pytest.fixture
def broken(tmp_corridor: TmpCorridor) -> TmpCorridor:
    """The two-town corridor with a misspelt key, a duplicate key, swapped coordinates, a
    time written "5pm" and a stray space."""
    town = "sites/towns/alpha.yml"
    tmp_corridor.replace(town, "name: 甲镇\n", "name: 甲镇\nnmae: 甲\n")
    tmp_corridor.replace(town, "pinyin: Jia\n", "pinyin: Jia\npinyin: Jia\n")
    tmp_corridor.replace(town, "lat: 30.001, lon: 102.801", "lat: 102.801, lon: 30.001")
    tmp_corridor.replace(town, 'close: "17:00"', 'close: "5pm"')
    tmp_corridor.replace(town, "summary: 甲镇简介。", 'summary: "甲镇简介。 "')
    return tmp_corridor


def test_check_speaks_chinese_when_the_locale_is_chinese(broken: TmpCorridor) -> None:
    run = corridor(broken.root, "check", env=CHINESE)
    assert run.code == 1
    assert run.out.splitlines() == [
        "sites/towns/alpha.yml:3:1: nmae: 未知的键",
        "  提示：是不是想写 `name`？",
        "sites/towns/alpha.yml:5:1: pinyin: 重复的键（第 4 行已定义）",
        "  提示：请只保留一个：YAML 会悄悄地只用最后一个",
        "sites/towns/alpha.yml:10:10: summary: 警告：开头或结尾有多余的空白",
        "  提示：请删除",
        'sites/towns/alpha.yml:19:21: halls[0].location.lat: 不能大于 90.0，实际是 "102.801"',
        "  提示：lat 是南北方向的坐标（纬度）：lat 和 lon 是不是写反了？",
        "sites/towns/alpha.yml:26:18: halls[0].opening.periods[0].close: "
        '应为 HH:MM 格式的时间，实际是 "5pm"',
        "  提示：例如 09:00",
        "4 个错误，1 个警告，共检查 5 个文件",
    ]
    assert run.err == ""


@pytest.mark.parametrize("env", ENGLISH, ids=ENGLISH_IDS)
def test_check_speaks_english_otherwise(broken: TmpCorridor, env: dict[str, str]) -> None:
    run = corridor(broken.root, "check", env=env)
    assert run.code == 1
    assert run.out.splitlines() == [
        "sites/towns/alpha.yml:3:1: nmae: unknown key",
        "  hint: did you mean `name`?",
        "sites/towns/alpha.yml:5:1: pinyin: duplicate key (first defined on line 4)",
        "  hint: keep one of the two: YAML would silently use only the last",
        "sites/towns/alpha.yml:10:10: summary: warning: leading or trailing whitespace",
        "  hint: remove it",
        'sites/towns/alpha.yml:19:21: halls[0].location.lat: must be at most 90.0, got "102.801"',
        "  hint: lat is the north–south coordinate: are lat and lon swapped?",
        "sites/towns/alpha.yml:26:18: halls[0].opening.periods[0].close: "
        'expected a time as HH:MM, got "5pm"',
        "  hint: for example: 09:00",
        "4 errors, 1 warning in 5 files",
    ]


def test_json_keeps_its_fields_and_severities_and_words_messages_for_people(
    broken: TmpCorridor,
) -> None:
    chinese = json.loads(corridor(broken.root, "check", "--format", "json", env=CHINESE).out)
    english = json.loads(corridor(broken.root, "check", "--format", "json", env=ENGLISH[0]).out)

    def stable(report: dict[str, object]) -> object:
        problems = report["problems"]
        assert isinstance(problems, list)
        return (
            {k: v for k, v in report.items() if k != "problems"},
            [{k: v for k, v in p.items() if k not in ("message", "hint")} for p in problems],
        )

    # Keys, files, lines, columns, fields, severities and counts are the same in any locale.
    assert stable(chinese) == stable(english)
    assert [p["severity"] for p in chinese["problems"]] == [
        "error",
        "error",
        "warning",
        "error",
        "error",
    ]
    # The sentences are for the person reading them, in their language.
    assert chinese["problems"][1]["message"] == "重复的键（第 4 行已定义）"
    assert english["problems"][1]["message"] == "duplicate key (first defined on line 4)"


def test_help_in_chinese() -> None:
    run = corridor(None, "--help", env=CHINESE)
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0] == "用法：corridor [-h] [--root ROOT] [--debug] COMMAND ..."
    assert "发布 G318 走廊：检查记录，生成网站和标识样稿。" in lines
    assert "位置参数:" in lines
    assert "    check      检查 sites/ 下的所有记录" in lines
    assert "    i18n       翻译目录：提取、更新、进度、审校" in lines
    assert "选项:" in lines
    assert "  -h, --help   显示此帮助信息并退出" in lines
    assert "  --debug      内部错误时显示调用栈（traceback）" in lines

    check = corridor(None, "check", "--help", env=CHINESE)
    assert check.code == 0
    assert check.out.splitlines() == [
        "用法：corridor check [-h] [--format {text,json}] [--strict]",
        "",
        "选项:",
        "  -h, --help            显示此帮助信息并退出",
        "  --format {text,json}",
        "  --strict              有警告也算失败",
    ]


@pytest.mark.parametrize("env", ENGLISH[:1], ids=ENGLISH_IDS[:1])
def test_help_in_english(env: dict[str, str]) -> None:
    check = corridor(None, "check", "--help", env=env)
    assert check.out.splitlines() == [
        "usage: corridor check [-h] [--format {text,json}] [--strict]",
        "",
        "options:",
        "  -h, --help            show this help message and exit",
        "  --format {text,json}",
        "  --strict              fail on warnings too",
    ]


def test_usage_errors_in_chinese_exit_2(tmp_corridor: TmpCorridor) -> None:
    # argparse's own words …
    run = corridor(None, "chek", env=CHINESE)
    assert run.code == 2
    assert run.err.splitlines() == [
        "用法：corridor [-h] [--root ROOT] [--debug] COMMAND ...",
        "corridor: 错误：参数 COMMAND：无效的选择：'chek'（可选：'check', 'schema', 'build', "
        "'signs', 'serve', 'new', 'impact', 'map', 'i18n'）",
    ]
    missing = corridor(tmp_corridor.root, "new", "hall", env=CHINESE)
    assert missing.code == 2
    assert missing.err.splitlines()[-1] == "corridor new: 错误：缺少以下必需参数：TOWN"
    # … and corridor's.
    bad_id = corridor(tmp_corridor.root, "new", "town", "Gamma", env=CHINESE)
    assert bad_id.code == 2
    assert bad_id.err == (
        "corridor: `Gamma` 不是有效的 id：只能用小写字母、数字和连字符，并以字母开头"
        "（例如 xinchang、ganxipo-museum）\n"
    )


@pytest.mark.parametrize("env", ENGLISH[:1], ids=ENGLISH_IDS[:1])
def test_usage_errors_in_english_exit_2(tmp_corridor: TmpCorridor, env: dict[str, str]) -> None:
    run = corridor(None, "chek", env=env)
    assert run.code == 2
    assert run.err.splitlines()[-1] == (
        "corridor: error: argument COMMAND: invalid choice: 'chek' (choose from 'check', "
        "'schema', 'build', 'signs', 'serve', 'new', 'impact', 'map', 'i18n')"
    )
    bad_id = corridor(tmp_corridor.root, "new", "town", "Gamma", env=env)
    assert bad_id.err.startswith("corridor: `Gamma` is not a valid id: use lowercase letters")


@pytest.fixture
def project(tmp_corridor: TmpCorridor) -> TmpCorridor:
    shutil.copytree(ROOT / "templates" / "records", tmp_corridor.root / "templates" / "records")
    return tmp_corridor


def test_new_says_what_it_wrote_and_what_is_left_in_chinese(project: TmpCorridor) -> None:
    run = corridor(project.root, "new", "town", "gamma", "--after", "alpha", env=CHINESE)
    assert run.code == 0
    lines = run.out.splitlines()
    count = len([line for line in lines[4:] if not line.startswith("  ")])
    assert lines[:5] == [
        "已写入 sites/towns/gamma.yml",
        "已写入 sites/corridor.yml",
        "",
        f"请补全 `corridor check` 仍然报告的内容（{count} 处）：",
        "sites/towns/gamma.yml:5:7: name: 不能为空",
    ]
    assert "sites/towns/gamma.yml:11:8: location.lat: 应为数字，实际是 空值" in lines


@pytest.mark.parametrize("env", ENGLISH[:1], ids=ENGLISH_IDS[:1])
def test_new_in_english(project: TmpCorridor, env: dict[str, str]) -> None:
    run = corridor(project.root, "new", "town", "gamma", env=env)
    assert run.out.splitlines()[:2] == ["wrote sites/towns/gamma.yml", "wrote sites/corridor.yml"]
    assert "sites/towns/gamma.yml:5:7: name: must not be empty" in run.out


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_i18n_status_headings_in_chinese_stay_aligned(tmp_corridor: TmpCorridor) -> None:
    add_translations(tmp_corridor)
    run = corridor(tmp_corridor.root, "i18n", "status", env=CHINESE)
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0].split() == [
        "语言",
        "总数",
        "已审校",
        "未审校",
        "机器翻译",
        "fuzzy",
        "未翻译",
        "已审校",
        "%",
    ]
    assert lines[1].split() == ["bo（藏语）", "31", "31", "0", "0", "0", "0", "100"]
    assert lines[2].split() == ["en（英语）", "31", "31", "0", "0", "0", "0", "100"]
    # Columns line up on screen: Chinese characters are two columns wide.
    assert len({width(line) for line in lines}) == 1
    by_record = corridor(tmp_corridor.root, "i18n", "status", "--by-record", env=CHINESE)
    assert by_record.out.splitlines()[1].split()[:2] == ["记录", "总数"]
    assert "全部" in by_record.out


@pytest.mark.parametrize("env", ENGLISH[:1], ids=ENGLISH_IDS[:1])
def test_i18n_status_headings_in_english(tmp_corridor: TmpCorridor, env: dict[str, str]) -> None:
    add_translations(tmp_corridor)
    lines = corridor(tmp_corridor.root, "i18n", "status", env=env).out.splitlines()
    assert lines[0] == (
        "language      total  reviewed  unreviewed  machine  fuzzy  untranslated  reviewed %"
    )
    assert lines[1].split() == ["bo", "(Tibetan)", "31", "31", "0", "0", "0", "0", "100"]


@pytest.fixture(scope="module")
def untranslated_sign(tmp_path_factory: pytest.TempPathFactory) -> TmpCorridor:
    project = make_sign_corridor(tmp_path_factory.mktemp("speech-signs") / "project")
    project.replace("translations/bo/LC_MESSAGES/messages.po", 'msgstr "ཡི་ཞང་།"', 'msgstr ""')
    return project


def test_signs_summary_in_chinese(untranslated_sign: TmpCorridor) -> None:
    run = corridor(untranslated_sign.root, "signs", "beta-gateway", "--press", env=CHINESE)
    assert run.code == 1
    lines = [re.sub(r" \(\d+\.\d s\)$", "", line) for line in run.out.splitlines()]
    assert lines[0] in (
        "[1/1] beta-gateway: proofs/beta-gateway.pdf；拒绝生成制作文件",
        "[1/1] beta-gateway: 没有新文件；拒绝生成制作文件",
    )
    # The other signs were never laid out: the book waits for them.
    assert lines[1] == (
        "build/signs/proof-book.pdf 未更新：alpha-gateway, alpha-nameplate, alpha-directions, "
        "alpha-panel, alpha-tea-sign 还没有按现在的数据排版；请运行 `corridor signs`"
    )
    assert lines[2] in (
        "标识：写入 1 个文件，0 块未改动，1 块拒绝生成",
        "标识：写入 0 个文件，0 块未改动，1 块拒绝生成",
    )
    assert lines[3:] == [
        "拒绝生成 beta-gateway：",
        "  拒绝生成制作文件：还有文字未审校（bo: 1 条未翻译）",
    ]
    check = corridor(untranslated_sign.root, "check", env=CHINESE)
    assert (
        "sites/towns/beta.yml:2:7: name: 警告：缺少 bo 译文；标识 `beta-gateway` 用中文代替，"
        "不能交付印制"
    ) in check.out.splitlines()


def test_signs_summary_in_english(untranslated_sign: TmpCorridor) -> None:
    run = corridor(untranslated_sign.root, "signs", "beta-gateway", "--press", env=ENGLISH[0])
    assert run.code == 1
    assert re.search(r"^signs: [01] files? written, 0 unchanged, 1 refused$", run.out, re.M)
    assert "refused beta-gateway:\n  press refused: not every string is reviewed " in run.out
    assert "(bo: 1 untranslated)" in run.out


def test_sign_fit_problems_follow_the_language_of_each_run(tmp_path: Path) -> None:
    """Fit results are cached between runs; their sentences must not be."""
    project = make_sign_corridor(tmp_path / "project")
    long_name = "甲镇" + "非常长的名字" * 6 + "展示馆"
    project.replace("sites/towns/alpha.yml", "name: 甲镇展示馆", f"name: {long_name}")
    for lang in ("bo", "en"):
        project.replace(
            f"translations/{lang}/LC_MESSAGES/messages.po",
            'msgid "甲镇展示馆"',
            f'msgid "{long_name}"',
        )
    english = corridor(project.root, "check", env=ENGLISH[0]).out
    chinese = corridor(project.root, "check", env=CHINESE).out
    assert "sign `alpha-nameplate`: slot title, 中文 (zh) does not fit: needs 2 lines" in english
    assert (
        "标识 `alpha-nameplate`：栏位 title，中文 (zh) 放不下：字高 62 mm 时需要 2 行，"
        "文字框只能放 1 行（不能再缩小：藏文（bo）会低于 15 m 观看距离所需的最小字高 38 mm）"
    ) in chinese
    assert "does not fit" not in chinese
    assert "does not fit: needs 2 lines" in corridor(project.root, "check", env=ENGLISH[0]).out
