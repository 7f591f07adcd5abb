"""The tool's own language (corridor/speech.py): the catalogue is complete and current, every
message people read goes through it, and Chinese is chosen from the environment per call."""

from __future__ import annotations

import argparse
import ast
import gettext
import re
import shutil
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from corridor import speech
from corridor.records import load_corridor
from tests.conftest import ROOT, TmpCorridor
from tests.unit.test_invalid_records import CASES, expected_lines

CATALOGUE = speech.catalogue_file("zh")
HAN = re.compile(r"[\u4e00-\u9fff]")


def speak_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


def catalogue_messages() -> list[tuple[str | tuple[str, ...], str | tuple[str, ...], set[str]]]:
    with CATALOGUE.open("rb") as file:
        catalog = read_po(file, locale="zh")
    return [(m.id, m.string, set(m.flags)) for m in catalog if m.id]


# --- the language ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environment", "spoken"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN"}, "zh"),
        ({"LANG": "zh"}, "zh"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "C.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "zh_CN.GB18030", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "C.UTF-8"}, "zh"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "bo_CN.UTF-8"}, "en"),
        ({}, "en"),
        # The first variable set decides, as in gettext: LANGUAGE before LC_ALL before LANG.
        ({"LANGUAGE": "en", "LC_ALL": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        # An empty variable counts as unset.
        ({"LANGUAGE": "", "LANG": "zh_CN.UTF-8"}, "zh"),
    ],
)
def test_language_comes_from_the_locale_variables_as_gettext_reads_them(
    environment: dict[str, str], spoken: str
) -> None:
    assert speech.language(environment) == spoken


def test_the_language_is_chosen_at_each_call_not_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    assert speech._("unknown key") == "unknown key"
    speak_chinese(monkeypatch)
    assert speech._("unknown key") == "未知的键"
    assert speech._("") == ""  # never the catalogue's header
    assert speech.ngettext("{n} error", "{n} errors", 2).format(n=2) == "2 个错误"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert speech._("unknown key") == "unknown key"
    assert speech.ngettext("{n} error", "{n} errors", 1).format(n=1) == "1 error"


def test_argparse_speaks_through_the_catalogue_only_while_ours_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    speak_chinese(monkeypatch)
    with speech.argparse_speaking():
        help_text = argparse.ArgumentParser(prog="x").format_help()
    assert help_text.startswith("用法：x [-h]")
    assert "显示此帮助信息并退出" in help_text
    # Other parsers in the process keep gettext's own lookups.
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]


# --- the catalogue --------------------------------------------------------------------------


def test_template_and_catalogue_are_up_to_date_with_the_code() -> None:
    run = subprocess.run(
        [sys.executable, "scripts/tool_messages.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_message_has_a_chinese_translation_none_fuzzy() -> None:
    messages = catalogue_messages()
    assert len(messages) > 400
    untranslated = [
        msgid
        for msgid, msgstr, _flags in messages
        if not (msgstr if isinstance(msgstr, str) else all(msgstr))
    ]
    fuzzy = [msgid for msgid, _msgstr, flags in messages if "fuzzy" in flags]
    assert (untranslated, fuzzy) == ([], [])


def _fields(text: str) -> set[str]:
    """The placeholders `str.format` fills in `text` (none when it is no format string)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # a lone brace: PyYAML's "unclosed '[' or '{'"
        return set()


def test_translations_keep_every_placeholder() -> None:
    for msgid, msgstr, flags in catalogue_messages():
        source = msgid if isinstance(msgid, str) else msgid[0]
        translations = [msgstr] if isinstance(msgstr, str) else list(msgstr)
        for translation in translations:
            if "python-format" in flags:
                found = sorted(re.findall(r"%(?:\(\w+\))?[srd]", translation))
                assert found == sorted(re.findall(r"%(?:\(\w+\))?[srd]", source)), source
            elif "{" in source:
                assert _fields(translation) == _fields(source), source


def test_msgfmt_accepts_the_catalogue() -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt is not None, "GNU gettext's msgfmt is needed (Debian package gettext)"
    run = subprocess.run(
        [msgfmt, "--check-format", "--check-header", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (run.returncode, run.stderr) == (0, "")


def test_the_catalogue_holds_the_tools_words_not_the_corridors() -> None:
    # Site content (Chinese sources) lives in translations/; every message here is English
    # (a few name a Chinese term in passing, such as 审图号).
    sources = [
        msgid if isinstance(msgid, str) else msgid[0] for msgid, _, _ in catalogue_messages()
    ]
    assert [s for s in sources if HAN.search(s) and not re.search(r"[A-Za-z]{2}", s)] == []
    assert sum(bool(HAN.search(s)) for s in sources) <= 3


def test_the_catalogue_is_package_data() -> None:
    assert CATALOGUE.is_relative_to(ROOT / "corridor")
    assert speech.TEMPLATE_FILE.is_file()
    assert not list((ROOT / "corridor" / "locale").rglob("*.mo"))


# --- nothing is left out --------------------------------------------------------------------

# Calls whose string arguments people read: problems, hints, printed lines, usage errors,
# help texts, validation messages.
MESSAGE_CALLS = {
    "Problem",
    "problem",
    "_problem",
    "_at_mark",
    "_refusal",
    "fail",
    "warn",
    "error",
    "print",
    "report",
    "_usage",
    "_stop",
    "UsageError",
    "ScaffoldError",
    "ImpactError",
    "BuildError",
    "PluginError",
    "TemplateError",
    "ArgumentTypeError",
    "PydanticCustomError",
    "ValueError",
    "add_argument",
    "add_parser",
    "ArgumentParser",
}
# Words a person reads: two words of letters with a space between them.
SENTENCE = re.compile(r"[A-Za-z]{2,}\S* +\S*[A-Za-z]{2,}")
# Sentences that never reach an editor: programming errors inside corridor itself.
INTERNAL = {
    ("corridor/geo.py", "a line needs at least two points"),
    ("corridor/maps/interactive.py", "two map elements would share the name "),
    ("corridor/maps/interactive.py", "two map texts would share the key "),
    ("corridor/projectfiles.py", " does not end in its display name "),
    ("corridor/plugin.py", "corridor: on_config did not run"),
    ("corridor/site_maps.py", "no map for the slot (, )"),
}
# Messages whose braces are literal (not placeholders filled in by the code).
LITERAL_BRACES = {
    "copy every %(name)s or {name} from the source unchanged; translate the words around them",
}
SPOKEN = {"_", "ngettext", "N_"}


def _name(call: ast.Call) -> str:
    func = call.func
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return None


def _unspoken(node: ast.AST) -> Iterator[str]:
    """Sentences in an argument that reach the reader without the catalogue."""
    text = _text(node)
    if text is not None:
        if SENTENCE.search(text):
            yield text
    elif isinstance(node, ast.IfExp):
        yield from _unspoken(node.body)
        yield from _unspoken(node.orelse)
    elif isinstance(node, ast.BinOp):
        yield from _unspoken(node.left)
        yield from _unspoken(node.right)
    # A call makes its own text: _(…), _(…).format(…), ", ".join(…), problem.render().


def _sources() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted((ROOT / "corridor").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        yield relative, ast.parse(path.read_text(encoding="utf-8"), relative)


def test_every_message_people_read_goes_through_the_catalogue() -> None:
    found = []
    for relative, tree in _sources():
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if _name(call) not in MESSAGE_CALLS:
                continue
            arguments = [*call.args, *(k.value for k in call.keywords)]
            for argument in arguments:
                for text in _unspoken(argument):
                    if (relative, text) not in INTERNAL:
                        found.append(f"{relative}:{call.lineno}: {text}")
    assert found == []


def test_messages_are_literal_and_format_exactly_their_placeholders() -> None:
    """Extraction needs literal text; `.format()` must fill every placeholder by name (a
    misspelt one would raise KeyError in the English path too, on a line no test reaches)."""
    problems = []
    for relative, tree in _sources():
        formatted: set[int] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
                # _("…").format(…), or (_("…") if … else _("…")).format(…)
                target = node.func.value
                branches = (
                    [target.body, target.orelse] if isinstance(target, ast.IfExp) else [target]
                )
                calls = [
                    b
                    for b in branches
                    if isinstance(b, ast.Call)
                    and _name(b) in ("_", "ngettext")
                    and all(isinstance(a, ast.Constant) for a in b.args[:2])
                ]
                given = {k.arg for k in node.keywords}
                wanted: set[str] = set()
                for call in calls:
                    formatted.add(id(call))
                    texts = [a.value for a in call.args[:2] if isinstance(a, ast.Constant)]
                    fields = set().union(*(_fields(t) for t in texts))
                    wanted |= fields
                    if not fields <= given:
                        problems.append(f"{relative}:{node.lineno}: {fields} ⊄ {given}")
                if calls and (node.args or wanted != given):
                    problems.append(f"{relative}:{node.lineno}: {wanted} ≠ {given}")
            if _name(node) == "PydanticCustomError" and len(node.args) >= 3:
                message, context = node.args[1], node.args[2]
                if isinstance(message, ast.Call) and isinstance(context, ast.Dict):
                    formatted.add(id(message))
                    keys = {k.value for k in context.keys if isinstance(k, ast.Constant)}
                    text = _text(message.args[0]) or ""
                    if not _fields(text) <= keys:
                        problems.append(f"{relative}:{node.lineno}: {_fields(text)} ⊄ {keys}")
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node) in SPOKEN):
                continue
            if not isinstance(node.func, ast.Name):
                continue  # speech.language() and the like
            if any(isinstance(a, ast.JoinedStr) for a in node.args):
                problems.append(f"{relative}:{node.lineno}: an f-string cannot be extracted")
            text = _text(node.args[0]) if node.args else None
            if (
                text is not None
                and _fields(text)
                and id(node) not in formatted
                and _name(node) != "N_"
                and text not in LITERAL_BRACES
            ):
                problems.append(f"{relative}:{node.lineno}: placeholders never filled: {text}")
    assert problems == []


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_every_defect_is_reported_in_chinese_the_same_way(
    case: Path, tmp_corridor: TmpCorridor, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = "sites/corridor.yml" if case.stem.startswith("corridor-") else "sites/towns/alpha.yml"
    tmp_corridor.write(target, case.read_bytes())
    speak_chinese(monkeypatch)

    rendered = [
        line for p in load_corridor(tmp_corridor.root).problems for line in p.render().splitlines()
    ]

    english = expected_lines(case)
    assert len(rendered) == len(english)
    for chinese, source in zip(rendered, english, strict=True):
        # Same place and field; the sentence (and "warning:"/"hint:") in Chinese.
        if source.startswith("  hint: "):
            assert chinese.startswith("  提示："), chinese
        else:
            where = re.match(r"^\S+:\d+:\d+:( (?!warning:)[^ ]+:)?", source)
            assert where is not None and chinese.startswith(where[0]), (chinese, source)
            assert (" 警告：" in chinese) == (" warning: " in source), chinese
        assert HAN.search(chinese if source.startswith("  ") else chinese.split(":", 3)[-1])


def test_every_error_a_field_can_give_is_a_chinese_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Wrong values against every field of every model read from a file: whatever pydantic
    reports comes back as a sentence from the catalogue, not pydantic's English."""
    import inspect
    from typing import Annotated, Any

    from pydantic import BaseModel, ConfigDict, PydanticUserError, TypeAdapter, ValidationError

    import corridor.model
    import corridor.signs.types
    import corridor.website
    from corridor.records import _sentence, _shown

    speak_chinese(monkeypatch)
    models = [
        cls
        for module in (corridor.model, corridor.website, corridor.signs.types)
        for _name_, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == module.__name__
    ]
    wrong: list[Any] = [None, [], {}, "x", "", "2026-13-45", "2026-11-26T10:00", True, -1]
    wrong += [10**30, 1.5, [1], {"a": 1}, 6000, "zz"]
    english = []
    for model in models:
        if model is corridor.model.Corridor:
            continue  # made by the loader, never read from a file
        for field in model.model_fields.values():
            annotation = (
                Annotated[(field.annotation, *field.metadata)]
                if field.metadata
                else field.annotation
            )
            try:
                adapter = TypeAdapter(annotation, config=ConfigDict(coerce_numbers_to_str=True))
            except PydanticUserError:  # a model brings its own config
                adapter = TypeAdapter(annotation)
            for value in wrong:
                try:
                    adapter.validate_python(value)
                except ValidationError as error:
                    for e in error.errors():
                        if e["type"] in ("missing", "extra_forbidden"):
                            continue  # worded by _problem_from itself (see the fixtures)
                        message, _hint = _sentence(
                            e["type"], dict(e.get("ctx") or {}), _shown(e.get("input")), e["msg"]
                        )
                        if not HAN.search(message):
                            english.append((model.__name__, e["type"], message))
    assert english == []


@pytest.mark.parametrize(
    ("case", "chinese"),
    [
        (
            "duplicate-key",
            [
                "sites/towns/alpha.yml:3:1: name: 重复的键（第 2 行已定义）",
                "  提示：请只保留一个：YAML 会悄悄地只用最后一个",
            ],
        ),
        (
            "yaml-syntax",
            [
                "sites/towns/alpha.yml:4:7: YAML 语法错误：这里不能出现“键: 值”",
                "  提示：含有 ': ' 的值必须加引号",
            ],
        ),
        (
            "tab-indent",
            [
                "sites/towns/alpha.yml:13:1: YAML 语法错误：出现了制表符（Tab），这里不能用它"
                "（读取下一项时）",
                "  提示：请用空格缩进，不要用 Tab",
            ],
        ),
        (
            "two-documents",
            [
                "sites/towns/alpha.yml:39:1: YAML 语法错误：却又出现了一个文档"
                "（文件中应只有一个文档）",
                "  提示：一个记录文件只能有一个文档：请删除多余的 '---'",
            ],
        ),
        ("enum-value", ["sites/towns/alpha.yml:5:7: kind: 应为 '镇' 或 '乡' 之一，实际是 \"村\""]),
    ],
)
def test_representative_defects_read_naturally_in_chinese(
    case: str, chinese: list[str], tmp_corridor: TmpCorridor, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_corridor.write(
        "sites/towns/alpha.yml", (ROOT / "tests/fixtures/invalid" / f"{case}.yml").read_bytes()
    )
    speak_chinese(monkeypatch)
    rendered = [
        line for p in load_corridor(tmp_corridor.root).problems for line in p.render().splitlines()
    ]
    assert rendered == chinese
