"""`corridor check` on catalogues: every defect at its file and line, with a hint, no traceback.

Each case makes one change to the tiny corridor's (clean, fully reviewed) catalogues and lists
the exact output `corridor check` must give.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from corridor.checks import check_project
from tests.conftest import ROOT, TmpCorridor, run_cli
from tests.translated import BO, EN, add_translations

NAME = 'msgstr "ཅ་གྲོང་རྡལ"'  # Tibetan for 甲镇, towns/alpha:name, on line 77 of BO
STAMP = "# reviewed: 2026-01-01 by Fixture Reviewer [5e54b96f]"
REVIEW_HINT = "  hint: once a qualified translator has checked it: corridor i18n review {} " + (
    "'towns/alpha:name' --by NAME"
)
EDITED = (
    "{}:75:1: towns/alpha:name: warning: not reviewed: the review by Fixture Reviewer on "
    "2026-01-01 was of a different text (source or translation edited since)"
)


def tibetan_name(text: str) -> Callable[[TmpCorridor], None]:
    return lambda c: c.replace(BO, NAME, f'msgstr "{text}"')


UNREVIEWED = "{}:1:1: warning: 1 translation is not reviewed yet{}: it may not go to press"
UNREVIEWED_HINT = (
    "  hint: `corridor i18n status --by-record` shows where; once a qualified translator has "
    "checked one: corridor i18n review {} CONTEXT --by NAME"
)


def unreviewed(lang: str, origin: str = "") -> list[str]:
    """The per-catalogue count of the one entry a case left unreviewed."""
    path = BO if lang == "bo" else EN
    return [UNREVIEWED.format(path, origin), UNREVIEWED_HINT.format(lang)]


def edited(lang: str, *lines: str) -> list[str]:
    """The expected lines of a case that also changes a reviewed translation."""
    path = BO if lang == "bo" else EN
    return [*unreviewed(lang), EDITED.format(path), REVIEW_HINT.format(lang), *lines]


CASES: dict[str, tuple[Callable[[TmpCorridor], None], list[str]]] = {
    "unterminated string": (
        lambda c: c.replace(BO, NAME, NAME[:-1]),
        [
            f"{BO}:77:8: towns/alpha:name: unterminated string: the closing quote is missing",
            '  hint: close the text with " on the same line; continue it on the next line in '
            'a new "…"',
        ],
    ),
    "bad header line": (
        lambda c: c.replace(
            BO, '"Content-Type: text/plain; charset=UTF-8\\n"', '"Content-Type text/plain\\n"'
        ),
        [
            f"{BO}:4:1: the header has no Content-Type",
            '  hint: add "Content-Type: text/plain; charset=UTF-8\\n"',
            f'{BO}:11:1: header line is not "Name: value": Content-Type text/plain',
            '  hint: e.g. "Language: bo\\n"',
        ],
    ),
    "no header": (
        lambda c: c.write(BO, ""),
        [
            f'{BO}:1:1: the catalogue has no header entry (msgid "" with Content-Type, '
            "Language and Plural-Forms)",
            "  hint: copy the header from another catalogue, e.g. translations/en/LC_MESSAGES/"
            "messages.po, and set its Language and Plural-Forms",
        ],
    ),
    "wrong plural count": (
        lambda c: c.replace(BO, "nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);"),
        [
            f"{BO}:13:1: wrong plural count: Plural-Forms says nplurals=2, but Tibetan has 1 "
            "plural form",
            '  hint: write "Plural-Forms: nplurals=1; plural=0;\\n"',
        ],
    ),
    "saved as GBK": (
        lambda c: c.write(EN, c.read(EN).encode("gbk")),
        [
            f"{EN}:19:8: the catalogue is not valid UTF-8",
            "  hint: it decodes as GBK (common from Windows editors in China): save it as UTF-8 "
            'and keep "charset=UTF-8" in its header',
        ],
    ),
    "header declares GBK": (
        lambda c: c.replace(BO, "charset=UTF-8", "charset=GBK"),
        [
            f"{BO}:11:1: the header declares charset=GBK; catalogues are UTF-8",
            '  hint: write "Content-Type: text/plain; charset=UTF-8\\n" and save the file as UTF-8',
        ],
    ),
    "byte-order mark": (
        lambda c: c.write(BO, b"\xef\xbb\xbf" + c.read(BO).encode()),
        [
            f"{BO}:1:1: the catalogue starts with a byte-order mark (BOM), which GNU gettext "
            "rejects",
            "  hint: save it as UTF-8 without BOM",
        ],
    ),
    "language not configured": (
        lambda c: c.write(
            "translations/fr/LC_MESSAGES/messages.po",
            c.read(EN).replace("Language: en", "Language: fr"),
        ),
        [
            "translations/fr/LC_MESSAGES/messages.po:1:1: a catalogue for fr (French), which is "
            "not configured in sites/corridor.yml (languages.targets: bo, en)",
            "  hint: add fr to languages.targets, or delete translations/fr/",
        ],
    ),
    "a catalogue for the source language": (
        lambda c: c.write("translations/zh/LC_MESSAGES/messages.po", c.read(EN)),
        [
            "translations/zh/LC_MESSAGES/messages.po:1:1: Chinese is the source language: it has "
            "no catalogue, the records are the text",
            "  hint: delete translations/zh/",
        ],
    ),
    "header language differs from folder": (
        lambda c: c.replace(BO, '"Language: bo\\n"', '"Language: en\\n"'),
        [
            f"{BO}:9:1: the header says Language: en, but the file is in translations/bo/",
            '  hint: write "Language: bo\\n", or move the file to translations/en/LC_MESSAGES/',
        ],
    ),
    "catalogue in the wrong place": (
        lambda c: c.write("translations/bo.po", c.read(BO)),
        [
            "translations/bo.po:1:1: catalogues live in translations/<language>/LC_MESSAGES/"
            "messages.po; this file is never read",
            "  hint: move it there, or delete it",
        ],
    ),
    "context that matches nothing": (
        lambda c: c.replace(BO, 'msgctxt "towns/alpha:name"', 'msgctxt "towns/gamma:name"'),
        [
            f"{BO}:1:1: towns/alpha:name: warning: not in the catalogue yet: pages and signs "
            "show the Chinese",
            "  hint: run `corridor i18n update`, then translate the new entry",
            f"{BO}:75:1: towns/gamma:name: warning: obsolete: no record or template has this "
            "context towns/gamma:name; the entry is never used",
            "  hint: run `corridor i18n update` to move it to the obsolete entries (#~), or "
            "correct its msgctxt",
        ],
    ),
    "duplicate entry": (
        lambda c: c.write(BO, c.read(BO) + 'msgctxt "towns/alpha:name"\nmsgid "甲镇"\nmsgstr ""\n'),
        [
            f"{BO}:245:1: towns/alpha:name: duplicate entry: the same msgctxt and msgid are "
            "on line 75",
            "  hint: keep one of the two: tools would silently use only one",
        ],
    ),
    "unknown keyword": (
        lambda c: c.replace(BO, NAME, "msgstrr" + NAME[6:]),
        [
            f'{BO}:77:1: towns/alpha:name: unknown keyword "msgstrr"',
            "  hint: an entry has msgctxt, msgid, msgid_plural and msgstr lines; comments start "
            "with #",
        ],
    ),
    "keyword without its string": (
        lambda c: c.replace(BO, NAME, "msgstr"),
        [
            f"{BO}:77:1: towns/alpha:name: msgstr needs a quoted string",
            '  hint: write msgstr ""',
        ],
    ),
    "missing msgstr": (
        lambda c: c.replace(BO, NAME + "\n", ""),
        [
            f"{BO}:76:1: towns/alpha:name: this msgid has no msgstr",
            '  hint: add a msgstr line after it (msgstr "" when not translated yet)',
        ],
    ),
    "unknown escape": (
        tibetan_name("ཅ\\q"),
        [
            f"{BO}:77:10: towns/alpha:name: unknown escape sequence \\q",
            '  hint: write a backslash as \\\\ and a quote as \\"',
        ],
    ),
    "placeholders differ": (
        lambda c: c.replace(EN, 'msgstr "Jia Town"', 'msgstr "%(name)s Town"'),
        edited(
            "en",
            f"{EN}:77:1: towns/alpha:name: placeholders differ: the source has none, the "
            "translation has %(name)s",
            "  hint: copy every %(name)s or {name} from the source unchanged; translate the "
            "words around them",
        ),
    ),
    "Han characters in Tibetan": (
        tibetan_name("ཅ་甲镇"),
        edited(
            "bo",
            f"{BO}:77:1: towns/alpha:name: Chinese characters in the Tibetan translation: 甲镇",
            "  hint: write the name or word in Tibetan script",
        ),
    ),
    "Latin letters in Tibetan": (
        tibetan_name("ཅ་Zhen"),
        edited(
            "bo",
            f"{BO}:77:1: towns/alpha:name: Latin letters in the Tibetan translation: Zhen",
            "  hint: write it in Tibetan script; only codes copied from the Chinese (such as "
            "G318) stay in Latin letters",
        ),
    ),
    "discouraged Tibetan code point": (
        tibetan_name("ཅ\u0f73་གྲོང་རྡལ"),
        edited(
            "bo",
            f"{BO}:77:1: towns/alpha:name: discouraged code point U+0F73 \u0f73",
            "  hint: write the sequence U+0F71 U+0F72 (ཱ + ི) instead",
        ),
    ),
    "Tibetan line starting with a shad": (
        tibetan_name("།ཅ་གྲོང་རྡལ"),
        edited(
            "bo",
            f"{BO}:77:1: towns/alpha:name: a line starts with a shad (།)",
            "  hint: a shad ends the text before it: move it to the end of the previous line",
        ),
    ),
    "nga before a shad": (
        tibetan_name("ཅ་ཞང་།"),
        edited(
            "bo",
            f"{BO}:77:1: towns/alpha:name: warning: ང before a shad needs the non-breaking "
            "tsheg ༌ (U+0F0C): ང༌།",
            "  hint: replace ་ (U+0F0B) before the shad with ༌ (U+0F0C), or insert it after ང",
        ),
    ),
    "paragraphs lost": (
        tibetan_name("ཅ་\\nགྲོང་རྡལ"),
        edited(
            "bo",
            f"{BO}:77:1: towns/alpha:name: warning: the source has 1 line, the translation 2 "
            "lines (paragraphs)",
            "  hint: keep one line of translation for each line of the source",
        ),
    ),
    "found by GNU msgfmt": (
        lambda c: c.replace(EN, 'msgstr "Jia Town"', 'msgstr "\\nJia Town"'),
        edited(
            "en",
            f"{EN}:77:1: towns/alpha:name: msgfmt: 'msgid' and 'msgstr' entries do not both "
            "begin with '\\n'",
            "  hint: GNU gettext's own check; details: msgfmt --check-format --check-header FILE",
            f"{EN}:77:1: towns/alpha:name: warning: the source has 1 line, the translation 2 "
            "lines (paragraphs)",
            "  hint: keep one line of translation for each line of the source",
        ),
    ),
    "untranslated": (
        tibetan_name(""),
        [
            f"{BO}:75:1: towns/alpha:name: warning: not translated yet: pages and signs show "
            "the Chinese",
            "  hint: translate it in Poedit, Weblate or a text editor",
        ],
    ),
    "fuzzy": (
        lambda c: c.replace(
            BO, 'msgctxt "towns/alpha:name"', '#, fuzzy\nmsgctxt "towns/alpha:name"'
        ),
        [
            f"{BO}:76:1: towns/alpha:name: warning: fuzzy: the Chinese source changed since this "
            "was translated (#| shows the old source)",
            "  hint: update the translation, then remove the fuzzy flag",
        ],
    ),
    "unreviewed machine translation": (
        lambda c: c.replace(BO, STAMP, "# translated-by: machine"),
        unreviewed("bo", " (1 machine-translated)"),
    ),
    "review mark not understood": (
        lambda c: c.replace(BO, STAMP, "# reviewed: yesterday by me"),
        [
            *unreviewed("bo"),
            f"{BO}:75:1: towns/alpha:name: warning: review comment not understood: reviewed: "
            "yesterday by me",
            "  hint: let `corridor i18n review` write it: reviewed: YYYY-MM-DD by NAME [stamp]",
        ],
    ),
    "source changed, update not run": (
        lambda c: c.replace("sites/towns/alpha.yml", "name: 甲镇\n", "name: 甲镇新\n"),
        [
            f"{BO}:75:1: towns/alpha:name: warning: the Chinese source of this field has "
            "changed: this entry translates the old text and is not used",
            "  hint: run `corridor i18n update`: the entry becomes fuzzy for review",
            f"{EN}:75:1: towns/alpha:name: warning: the Chinese source of this field has "
            "changed: this entry translates the old text and is not used",
            "  hint: run `corridor i18n update`: the entry becomes fuzzy for review",
            "translations/messages.pot:1:1: warning: the template is out of date with the records "
            "and templates",
            "  hint: run `corridor i18n update` (or `corridor i18n extract`) and commit the result",
        ],
    ),
    "missing catalogue": (
        lambda c: (c.root / EN).unlink(),
        [
            f"{EN}:1:1: warning: there is no English catalogue: pages and signs show the Chinese "
            "in its place",
            "  hint: run `corridor i18n update` to create it",
        ],
    ),
}


@pytest.fixture
def translated(tmp_corridor: TmpCorridor) -> TmpCorridor:
    return add_translations(tmp_corridor)


def test_the_fixture_catalogues_are_clean(translated: TmpCorridor) -> None:
    run = run_cli("--root", str(translated.root), "check")
    assert (run.code, run.out) == (0, "0 errors, 0 warnings in 8 files\n")


@pytest.mark.parametrize("case", list(CASES))
def test_catalogue_defect_is_reported_exactly(translated: TmpCorridor, case: str) -> None:
    change, expected = CASES[case]
    change(translated)
    checked = check_project(translated.root)
    assert [line for p in checked.problems for line in p.render().splitlines()] == expected


def test_errors_fail_the_check_without_a_traceback(translated: TmpCorridor) -> None:
    translated.replace(BO, NAME, NAME[:-1])
    translated.write(EN, b"\x00\xff garbage \x80")
    run = run_cli("--root", str(translated.root), "check")
    assert run.code == 1
    assert run.out.splitlines()[-1] == "2 errors, 0 warnings in 8 files"
    assert "Traceback" not in run.out + run.err


def test_a_broken_catalogue_stops_the_build_and_keeps_the_last_output(
    translated: TmpCorridor,
) -> None:
    translated.replace(BO, NAME, NAME[:-1])
    site = translated.write("build/site/index.html", "last good build")
    run = run_cli("--root", str(translated.root), "build")
    assert run.code == 1
    assert "build stopped" in run.out
    assert site.read_text(encoding="utf-8") == "last good build"


@pytest.mark.parametrize(
    "catalogue",
    [
        ROOT / BO,
        ROOT / EN,
        *sorted((ROOT / "tests/fixtures/translations").glob("*/LC_MESSAGES/messages.po")),
    ],
    ids=lambda p: str(Path(p).relative_to(ROOT)),
)
def test_gnu_msgfmt_accepts_every_committed_catalogue(catalogue: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_an_oversized_catalogue_is_refused_before_it_is_read(translated: TmpCorridor) -> None:
    translated.write(EN, translated.read(EN) + "# " + "x" * (16 * 1024 * 1024) + "\n")
    size = (translated.root / EN).stat().st_size
    checked = check_project(translated.root)
    assert [p.render() for p in checked.problems] == [
        f"{EN}:1:1: the file is {size:,} bytes; catalogues may be at most 16,777,216 bytes\n"
        "  hint: check that nothing was pasted into it by mistake"
    ]
