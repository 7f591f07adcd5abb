"""`corridor i18n update`: changed sources become fuzzy and unreviewed, nothing else moves."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from corridor.i18n.catalogues import State, load_catalogues
from corridor.i18n.extraction import TEMPLATE_FILE
from corridor.i18n.pofile import parse_po
from corridor.i18n.review import entry_status
from tests.conftest import ROOT, TmpCorridor, run_cli
from tests.translated import BO, EN, add_translations, entries

ALPHA = "sites/towns/alpha.yml"
NAME = "towns/alpha:name"


@pytest.fixture
def translated(tmp_corridor: TmpCorridor) -> TmpCorridor:
    return add_translations(tmp_corridor)


def update(corridor: TmpCorridor, *args: str) -> list[str]:
    run = run_cli("--root", str(corridor.root), "i18n", "update", *args)
    assert run.code == 0, run.out + run.err
    return run.out.splitlines()


def states(corridor: TmpCorridor, relative: str) -> dict[str, State]:
    po, problems = parse_po(corridor.read(relative), relative)
    assert problems == []
    return {e.context or e.msgid: entry_status(e) for e in po.messages}


def test_changed_source_makes_that_entry_fuzzy_and_unreviewed_and_leaves_the_rest(
    translated: TmpCorridor,
) -> None:
    before = {name: translated.read(name) for name in (BO, EN)}
    translated.replace(ALPHA, "name: 甲镇\n", "name: 甲镇（新名）\n")

    assert update(translated) == [
        f"{TEMPLATE_FILE}: written",
        f"{BO}: 1 with a changed source (now fuzzy, review removed)",
        f"{EN}: 1 with a changed source (now fuzzy, review removed)",
    ]

    for name in (BO, EN):
        after = translated.read(name)
        changed = [block for block in entries(after) if block not in entries(before[name])]
        assert len(changed) == 1
        lines = changed[0].splitlines()
        assert lines[0] == "#. Name of a town or township."
        assert "#, fuzzy" in lines and '#| msgid "甲镇"' in lines
        assert not any(line.startswith("# reviewed:") for line in lines)
        assert 'msgid "甲镇（新名）"' in lines
        # Every other entry is the same, byte for byte.
        untouched = [block for block in entries(after) if block != changed[0]]
        assert untouched == [b for b in entries(before[name]) if f'"{NAME}"' not in b]
    bo = states(translated, BO)
    assert bo[NAME] is State.FUZZY
    assert [c for c, s in bo.items() if s is not State.REVIEWED] == [NAME]
    # Pages and signs show the Chinese until the translation is checked again.
    catalogues, _ = load_catalogues(translated.root, ["bo"])
    shown = catalogues.translate("bo", NAME, "甲镇（新名）")
    assert (shown.text, shown.state, shown.fallback) == ("甲镇（新名）", State.FUZZY, True)


def test_update_is_deterministic_and_idempotent(translated: TmpCorridor) -> None:
    translated.replace(ALPHA, "summary: 甲镇简介。", "summary: 甲镇的简介。")
    update(translated)
    once = {name: translated.read(name) for name in (BO, EN, TEMPLATE_FILE)}
    assert update(translated) == [f"{name}: up to date" for name in (TEMPLATE_FILE, BO, EN)]
    assert {name: translated.read(name) for name in once} == once
    assert update(translated, "--check") == []


def test_committed_catalogues_are_up_to_date() -> None:
    run = run_cli("i18n", "update", "--check")
    assert (run.code, run.out) == (0, "")


def test_renamed_record_makes_entries_obsolete_and_renaming_back_revives_them(
    translated: TmpCorridor,
) -> None:
    translated.replace(ALPHA, "id: alpha-tea", "id: alpha-garden")
    lines = update(translated)
    assert lines[1] == f"{BO}: 4 new (untranslated), 4 obsolete (#~)"
    text = translated.read(BO)
    assert '#~ msgctxt "towns/alpha/bases/alpha-tea:name"\n#~ msgid "甲镇茶园"\n' in text
    assert states(translated, BO)["towns/alpha/bases/alpha-garden:name"] is State.UNTRANSLATED
    # Obsolete entries are never used, and `check` warns about the new, untranslated ones.
    catalogues, _ = load_catalogues(translated.root, ["bo"])
    assert catalogues.translate("bo", "towns/alpha/bases/alpha-tea:name", "甲镇茶园").fallback
    check = run_cli("--root", str(translated.root), "check")
    assert check.code == 0 and "0 errors, 8 warnings in 8 files" in check.out

    translated.replace(ALPHA, "id: alpha-garden", "id: alpha-tea")
    assert update(translated)[1] == f"{BO}: 4 back from obsolete (fuzzy)"
    assert states(translated, BO)["towns/alpha/bases/alpha-tea:name"] is State.FUZZY
    assert "#~" not in translated.read(BO)


def test_missing_catalogue_is_created_with_a_reproducible_header(translated: TmpCorridor) -> None:
    (translated.root / EN).unlink()
    run = run_cli(
        "--root", str(translated.root), "i18n", "update", env={"SOURCE_DATE_EPOCH": "1767225600"}
    )
    assert run.code == 0
    text = translated.read(EN)
    assert text.startswith("# English translations of the G318 Tianquan ethnic-unity corridor.\n")
    assert '"PO-Revision-Date: 2026-01-01 00:00+0000\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    assert set(states(translated, EN).values()) == {State.UNTRANSLATED}
    msgfmt = subprocess.run(
        [
            "msgfmt",
            "--check-format",
            "--check-header",
            "-o",
            "/dev/null",
            str(translated.root / EN),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (msgfmt.returncode, msgfmt.stderr) == (0, "")


def test_update_refuses_a_broken_catalogue_and_writes_nothing(translated: TmpCorridor) -> None:
    translated.replace(BO, 'msgstr "ཅ་གྲོང་རྡལ"', 'msgstr "ཅ་གྲོང་རྡལ')
    translated.replace(ALPHA, "summary: 甲镇简介。", "summary: 甲镇的简介。")
    before = {name: translated.read(name) for name in (BO, EN, TEMPLATE_FILE)}
    run = run_cli("--root", str(translated.root), "i18n", "update")
    assert run.code == 1
    assert run.out.splitlines() == [
        f"{BO}:77:8: towns/alpha:name: unterminated string: the closing quote is missing",
        '  hint: close the text with " on the same line; continue it on the next line in a new "…"',
        "nothing was written: fix the catalogues above first",
    ]
    assert {name: translated.read(name) for name in before} == before


def test_no_compiled_catalogue_is_ever_written(translated: TmpCorridor) -> None:
    translated.replace(ALPHA, "summary: 甲镇简介。", "summary: 甲镇的简介。")
    for args in (["i18n", "update"], ["i18n", "status"], ["check"], ["i18n", "extract"]):
        run_cli("--root", str(translated.root), *args)
    catalogues, _ = load_catalogues(translated.root, ["bo", "en"])
    catalogues.gettext("bo").gettext("甲镇")
    assert list(translated.root.rglob("*.mo")) == []


def test_review_marks_survive_pybabel_update_and_gnu_msgmerge(translated: TmpCorridor) -> None:
    pybabel = str(Path(shutil.which("pybabel") or ROOT / ".venv/bin/pybabel"))
    template = str(translated.root / TEMPLATE_FILE)
    before = translated.read(BO)
    reviewed = {c for c, s in states(translated, BO).items() if s is State.REVIEWED}
    assert len(reviewed) == 31

    subprocess.run(
        [pybabel, "update", "-i", template, "-d", "translations", "-D", "messages", "-l", "bo"],
        cwd=translated.root,
        check=True,
        capture_output=True,
    )
    assert translated.read(BO) != before  # Babel rewrote the header…
    assert {c for c, s in states(translated, BO).items() if s is State.REVIEWED} == reviewed

    translated.write(BO, before)
    subprocess.run(
        ["msgmerge", "--quiet", "--update", "--backup=off", str(translated.root / BO), template],
        check=True,
    )
    assert {c for c, s in states(translated, BO).items() if s is State.REVIEWED} == reviewed
    # …and our update brings a msgmerged file back to the same bytes.
    update(translated)
    assert translated.read(BO) == before


def swap_halls(corridor: TmpCorridor) -> None:
    """alpha-hall moves to beta and beta-hall to alpha (each town keeps a hall)."""
    import yaml

    alpha = yaml.safe_load(corridor.read(ALPHA))
    beta = yaml.safe_load(corridor.read("sites/towns/beta.yml"))
    alpha["halls"], beta["halls"] = beta["halls"], alpha["halls"]
    for path, data in ((ALPHA, alpha), ("sites/towns/beta.yml", beta)):
        corridor.write(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def moved(context: str) -> str:
    return (
        context.replace("towns/alpha/halls/", "towns/@/halls/")
        .replace("towns/beta/halls/", "towns/alpha/halls/")
        .replace("towns/@/halls/", "towns/beta/halls/")
    )


def test_a_hall_moved_to_another_town_keeps_its_reviewed_translations(
    translated: TmpCorridor,
) -> None:
    before = {name: states(translated, name) for name in (BO, EN)}
    halls = {c for c in before[BO] if "/halls/" in c}
    assert halls and all(before[BO][c] is State.REVIEWED for c in halls)
    swap_halls(translated)

    lines = update(translated)

    assert f"{BO}: {len(halls)} kept with their record, which moved to another town" in lines
    for name in (BO, EN):
        after = states(translated, name)
        for context in (c for c in before[name] if "/halls/" in c):
            assert after[moved(context)] is before[name][context], (name, context)
        # Nothing new to translate, nothing left behind as obsolete.
        po, _ = parse_po(translated.read(name), name)
        assert not any(e.obsolete for e in po.entries)
    # The reviewed text is what pages and signs show in the hall's new town.
    catalogues, _ = load_catalogues(translated.root, ["bo"])
    shown = catalogues.translate("bo", "towns/beta/halls/alpha-hall:name", "甲镇展示馆")
    assert (shown.state, shown.fallback) == (State.REVIEWED, False)


def test_gnu_msgmerge_keeps_a_moved_hall_only_as_fuzzy_guesses(translated: TmpCorridor) -> None:
    """What a translator with GNU gettext alone would get: the bar our update clears."""
    halls = {c for c in states(translated, BO) if "/halls/" in c}
    swap_halls(translated)
    run_cli("--root", str(translated.root), "i18n", "extract")
    subprocess.run(
        ["msgmerge", "--quiet", "--update", "--backup=off", BO, TEMPLATE_FILE],
        cwd=translated.root,
        check=True,
    )
    after = states(translated, BO)
    assert {after.get(moved(c)) for c in halls} <= {State.FUZZY, State.UNTRANSLATED}
