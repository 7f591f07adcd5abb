"""`corridor i18n review` and `status`: marking translations reviewed, and counting them."""

from __future__ import annotations

import json
import re

import pytest

from corridor.i18n.catalogues import State, load_catalogues
from tests.conftest import ROOT, TmpCorridor, run_cli
from tests.translated import BO, EN, add_translations


@pytest.fixture
def unreviewed(tmp_corridor: TmpCorridor) -> TmpCorridor:
    """The fixture corridor with its catalogues' review marks removed (machine-made)."""
    corridor = add_translations(tmp_corridor)
    for name in (BO, EN):
        text = re.sub(
            r"^# reviewed: .*$", "# translated-by: machine", corridor.read(name), flags=re.M
        )
        corridor.write(name, text)
    return corridor


def cli(corridor: TmpCorridor, *args: str) -> tuple[int, list[str], str]:
    run = run_cli("--root", str(corridor.root), *args)
    assert "Traceback" not in run.out + run.err
    return run.code, run.out.splitlines(), run.err


def template_entries() -> list[str]:
    """The contexts (or msgids) of every entry in the committed template, counted apart
    from `status`'s own code."""
    text = (ROOT / "translations/messages.pot").read_text(encoding="utf-8")
    blocks = [block for block in text.split("\n\n") if "msgid" in block]
    return [
        (re.search(r'^msgctxt "(.*)"$', block, re.M) or re.search(r'^msgid "(.*)"$', block, re.M))[
            1
        ]
        for block in blocks
    ]


def test_status_prints_the_real_counts_of_the_sample_data() -> None:
    total = str(len(template_entries()))
    run = run_cli("i18n", "status")
    lines = [line.split() for line in run.out.splitlines()]
    assert run.code == 0
    # Every sample translation is a machine draft nobody has reviewed: honest, and counted.
    assert lines == [
        [
            *[
                "language",
                "total",
                "reviewed",
                "unreviewed",
                "machine",
                "fuzzy",
                "untranslated",
                "reviewed",
                "%",
            ]
        ],
        ["bo", "(Tibetan)", total, "0", total, total, "0", "0", "0"],
        ["en", "(English)", total, "0", total, total, "0", "0", "0"],
    ]


def test_status_by_record_shows_which_town_hall_or_base_lags() -> None:
    run = run_cli("i18n", "status", "--by-record")
    lines = run.out.splitlines()
    assert lines[0] == "bo (Tibetan): translations/bo/LC_MESSAGES/messages.po"
    assert lines[1].split() == [
        "record",
        "total",
        "reviewed",
        "unreviewed",
        "machine",
        "fuzzy",
        "untranslated",
        "reviewed",
        "%",
    ]
    rows = {line.split()[0]: line.split()[1:-1] for line in lines[2 : lines.index("")]}
    contexts = template_entries()
    corridor = str(sum(c.startswith("corridor:") for c in contexts))
    assert rows["corridor/i18n/overrides.py"] == ["1", "0", "1", "1", "0", "0"]
    assert rows["corridor"] == [corridor, "0", corridor, corridor, "0", "0"]
    assert rows["towns/sijing/halls/ganxipo"] == ["11", "0", "11", "11", "0", "0"]
    total = str(len(contexts))
    assert rows["all"] == [total, "0", total, total, "0", "0"]
    # One row per record that has strings, plus the files of template strings.
    records = {
        c.split(":")[0] for c in contexts if ":" in c and c.startswith(("towns/", "corridor"))
    }
    assert records <= rows.keys()
    assert "en (English): translations/en/LC_MESSAGES/messages.po" in lines


def test_review_stamps_entries_and_status_counts_them(unreviewed: TmpCorridor) -> None:
    before = unreviewed.read(BO)
    code, out, _ = cli(
        unreviewed,
        "i18n",
        "review",
        "bo",
        "towns/alpha:name",
        "towns/beta/*",
        "--by",
        "卓玛",
        "--date",
        "2026-11-20",
    )
    assert code == 0
    assert out[0] == "reviewed: towns/alpha:name"
    assert out[-1] == f"{BO}: 9 entries marked reviewed by 卓玛 on 2026-11-20"
    after = unreviewed.read(BO)
    # Only review lines were added; every other line is as it was.
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(added) == 9 and all(
        re.fullmatch(r"# reviewed: 2026-11-20 by 卓玛 \[[0-9a-f]{8}\]", line) for line in added
    )
    assert [line for line in after.splitlines() if line not in added] == before.splitlines()
    catalogues, _ = load_catalogues(unreviewed.root, ["bo"])
    name = catalogues.translate("bo", "towns/alpha:name", "甲镇")
    assert (name.state, name.review and name.review.by, name.machine) == (
        State.REVIEWED,
        "卓玛",
        True,
    )
    code, out, _ = cli(unreviewed, "i18n", "status")
    assert out[1].split() == ["bo", "(Tibetan)", "31", "9", "22", "22", "0", "0", "29"]


def test_all_in_takes_a_record_and_the_records_inside_it(unreviewed: TmpCorridor) -> None:
    code, out, _ = cli(unreviewed, "i18n", "review", "en", "--all-in", "towns/alpha", "--by", "Li")
    assert (code, out[-1].split(":")[1]) == (
        0,
        " 11 entries marked reviewed by Li on " + out[-1][-10:],
    )


def test_review_again_replaces_the_old_mark(unreviewed: TmpCorridor) -> None:
    for name, day in (("Li", "2026-11-20"), ("Wang", "2026-11-21")):
        cli(unreviewed, "i18n", "review", "bo", "towns/alpha:name", "--by", name, "--date", day)
    marks = [line for line in unreviewed.read(BO).splitlines() if line.startswith("# reviewed:")]
    assert len(marks) == 1 and marks[0].startswith("# reviewed: 2026-11-21 by Wang [")


def test_review_refuses_fuzzy_and_untranslated_entries_and_writes_nothing(
    unreviewed: TmpCorridor,
) -> None:
    unreviewed.replace(BO, 'msgstr "ཅ་གྲོང་རྡལ"', 'msgstr ""')
    unreviewed.replace(
        BO,
        '#: sites/towns/beta.yml:2\nmsgctxt "towns/beta:name"',
        '#: sites/towns/beta.yml:2\n#, fuzzy\nmsgctxt "towns/beta:name"',
    )
    before = unreviewed.read(BO)
    code, out, _ = cli(
        unreviewed, "i18n", "review", "bo", "towns/alpha:*", "towns/beta:name", "--by", "Li"
    )
    assert code == 1
    assert out == [
        f"{BO}:75:1: towns/alpha:name: not translated yet: there is nothing to review",
        f"{BO}:159:1: towns/beta:name: fuzzy: the Chinese source changed since this was translated",
        "  hint: update the translation, remove the fuzzy flag, then review it",
        "nothing was written: only translated, non-fuzzy entries can be reviewed",
    ]
    assert unreviewed.read(BO) == before


def test_unknown_context_is_a_usage_error_with_a_suggestion(unreviewed: TmpCorridor) -> None:
    code, out, err = cli(unreviewed, "i18n", "review", "bo", "towns/alpha:nmae", "--by", "Li")
    assert (code, out) == (2, [])
    assert err == f"corridor: no entry towns/alpha:nmae in {BO} (did you mean towns/alpha:name?)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["zh", "x", "--by", "Li"], "corridor: zh is not a target language (these are: bo, en)"),
        (["bo", "x", "--by", " "], "corridor: --by: the name must not be empty"),
        (["bo", "x", "--by", "Li [x]"], "corridor: --by: the name must not contain [ or ]"),
        (["bo", "--by", "Li"], "corridor: name at least one CONTEXT, or a record with --all-in"),
    ],
)
def test_review_usage_errors_exit_2(unreviewed: TmpCorridor, args: list[str], message: str) -> None:
    code, _, err = cli(unreviewed, "i18n", "review", *args)
    assert (code, err.strip()) == (2, message)


def test_review_date_must_be_a_date(unreviewed: TmpCorridor) -> None:
    code, _, err = cli(unreviewed, "i18n", "review", "bo", "x", "--by", "Li", "--date", "26/11")
    assert code == 2 and "expected a date as YYYY-MM-DD, got '26/11'" in err


def test_an_edited_translation_loses_its_review(tmp_corridor: TmpCorridor) -> None:
    corridor = add_translations(tmp_corridor)
    corridor.replace(EN, 'msgstr "Jia Town"', 'msgstr "Jia Zhen"')
    code, out, _ = cli(corridor, "check")
    assert code == 0
    assert out == [
        f"{EN}:1:1: warning: 1 translation is not reviewed yet: it may not go to press",
        "  hint: `corridor i18n status --by-record` shows where; once a qualified translator has "
        "checked one: corridor i18n review en CONTEXT --by NAME",
        f"{EN}:75:1: towns/alpha:name: warning: not reviewed: the review by Fixture Reviewer on "
        "2026-01-01 was of a different text (source or translation edited since)",
        "  hint: once a qualified translator has checked it: corridor i18n review en "
        "'towns/alpha:name' --by NAME",
        "0 errors, 2 warnings in 8 files",
    ]


def test_status_as_json_gives_every_language_and_record_with_the_reviewed_share(
    unreviewed: TmpCorridor,
) -> None:
    code, _out, _ = cli(unreviewed, "i18n", "review", "bo", "towns/alpha:name", "--by", "Dawa")
    assert code == 0
    run = run_cli("--root", str(unreviewed.root), "i18n", "status", "--format", "json")
    assert run.code == 0, run.err
    languages = {entry["lang"]: entry for entry in json.loads(run.out)["languages"]}
    assert sorted(languages) == ["bo", "en"]
    bo = languages["bo"]
    assert (bo["file"], bo["present"]) == ("translations/bo/LC_MESSAGES/messages.po", True)
    assert bo["reviewed_percent"] == round(100 * bo["reviewed"] / bo["total"], 1)
    records = {r["record"]: r for r in bo["records"]}
    assert sum(r["total"] for r in records.values()) == bo["total"]
    assert records["towns/alpha"]["reviewed"] >= 1
