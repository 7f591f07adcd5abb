"""Catalogues as pages and signs use them: translate(), in-memory gettext, the strict reader."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corridor.atomic import write_atomically
from corridor.i18n.catalogues import State, load_catalogues
from corridor.i18n.pofile import parse_po
from tests.conftest import FIXTURES, ROOT, TmpCorridor, run_cli
from tests.translated import EN, add_translations


def test_translate_gives_review_state_and_machine_origin() -> None:
    catalogues, problems = load_catalogues(ROOT, ["bo", "en"])
    assert problems == []
    paired = [
        catalogues.translate(lang, "towns/sijing/halls/ganxipo:name", "甘溪坡茶马古道陈列馆")
        for lang in ("zh", "bo", "en")
    ]
    assert [(t.lang, t.text, t.state, t.machine, t.fallback) for t in paired] == [
        ("zh", "甘溪坡茶马古道陈列馆", State.SOURCE, False, False),
        ("bo", "ཀན་ཞི་ཕོ་ཇ་རྟའི་ལམ་རྙིང་འགྲེམས་སྟོན་ཁང", State.UNREVIEWED, True, False),
        ("en", "Ganxipo Tea-Horse Road Exhibition Hall", State.UNREVIEWED, True, False),
    ]


def test_a_missing_translation_falls_back_to_chinese_and_says_so() -> None:
    catalogues, _ = load_catalogues(ROOT, ["bo"])
    shown = catalogues.translate("bo", "towns/sijing:name", "思经镇（改）")
    assert (shown.text, shown.text_lang, shown.state, shown.fallback) == (
        "思经镇（改）",
        "zh",
        State.UNTRANSLATED,
        True,
    )


def test_every_sample_record_string_has_both_translations() -> None:
    catalogues, _ = load_catalogues(ROOT, ["bo", "en"])
    po, _ = parse_po((ROOT / "translations/messages.pot").read_text(encoding="utf-8"), "pot")
    for entry in po.messages:
        for lang in ("bo", "en"):
            found = catalogues.translate(lang, entry.context, entry.msgid)
            assert not found.fallback and found.text != entry.msgid, (lang, entry.context)


def test_template_strings_are_compiled_in_memory_without_fuzzy_ones(
    tmp_corridor: TmpCorridor,
) -> None:
    corridor = add_translations(tmp_corridor)
    shutil.copytree(FIXTURES / "templates", corridor.root / "templates")
    assert run_cli("--root", str(corridor.root), "i18n", "update").code == 0
    text = corridor.read(EN)
    text = text.replace('msgid "走廊地图"\nmsgstr ""', 'msgid "走廊地图"\nmsgstr "Corridor map"')
    text = text.replace('msgid "全屏"\nmsgstr ""', 'msgid "全屏"\nmsgstr "Full screen"')
    text = text.replace(
        'msgstr[0] ""\nmsgstr[1] ""',
        'msgstr[0] "%(count)s town on the road."\nmsgstr[1] "%(count)s towns on the road."',
    )
    corridor.write(EN, text)
    catalogues, problems = load_catalogues(corridor.root, ["en"])
    assert problems == []
    english = catalogues.gettext("en")
    assert english.gettext("走廊地图") == "Corridor map"
    assert english.pgettext("map", "全屏") == "Full screen"
    assert english.ngettext("沿线有%(count)s个乡镇。", "沿线有%(count)s个乡镇。", 5) == (
        "%(count)s towns on the road."
    )
    corridor.write(EN, text.replace('msgid "走廊地图"', '#, fuzzy\nmsgid "走廊地图"'))
    catalogues, _ = load_catalogues(corridor.root, ["en"])
    assert catalogues.gettext("en").gettext("走廊地图") == "走廊地图"
    assert list(corridor.root.rglob("*.mo")) == []


def test_strict_reader_keeps_lines_of_multiline_strings_and_previous_source() -> None:
    text = (
        'msgid ""\nmsgstr "Language: bo\\n"\n\n'
        "# translated-by: machine\n"
        '#| msgid "旧"\n'
        "#, fuzzy\n"
        'msgctxt "towns/a:introduction"\n'
        'msgid ""\n"第一段\\n"\n"第二段"\n'
        'msgstr ""\n"ཐོག་མ།\\n"\n"གཉིས་པ།"\n'
    )
    po, problems = parse_po(text.replace("\n", "\r\n"), "x.po")
    assert problems == []
    entry = po.messages[0]
    assert (entry.msgid, entry.translation) == ("第一段\n第二段", "ཐོག་མ།\nགཉིས་པ།")
    assert (entry.fuzzy, entry.previous_msgid, entry.user_comments) == (
        True,
        "旧",
        ["translated-by: machine"],
    )
    assert [entry.translation_line(0), entry.translation_line(7)] == [12, 13]


def test_writing_a_file_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "messages.po"
    target.write_text("old", encoding="utf-8")
    write_atomically(target, b"new")
    assert target.read_text(encoding="utf-8") == "new"

    def fail(self: Path, other: Path) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, b"half")
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["messages.po"]


def test_template_strings_are_reviewed_by_msgid_and_counted_per_template(
    tmp_corridor: TmpCorridor,
) -> None:
    corridor = add_translations(tmp_corridor)
    shutil.copytree(FIXTURES / "templates", corridor.root / "templates")
    assert run_cli("--root", str(corridor.root), "i18n", "update").code == 0
    corridor.replace(
        EN,
        'msgstr[0] ""\nmsgstr[1] ""',
        'msgstr[0] "%(count)s town on the road."\nmsgstr[1] "%(count)s towns on the road."',
    )
    review = run_cli(
        "--root",
        str(corridor.root),
        "i18n",
        "review",
        "en",
        "沿线有%(count)s个乡镇。",
        "--by",
        "Li",
    )
    assert review.code == 0, review.out + review.err
    status = run_cli("--root", str(corridor.root), "i18n", "status", "--by-record")
    rows = [line.split() for line in status.out.splitlines() if line.startswith("templates/")]
    assert rows == [
        ["templates/pages/sample.md.j2", "3", "0", "0", "0", "0", "3", "0"],  # bo
        ["templates/pages/sample.md.j2", "3", "1", "0", "0", "0", "2", "33.3"],  # en
    ]
