"""Extraction: plain pybabel and `corridor i18n extract` write the same, deterministic template."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale

from corridor.i18n.catalogues import load_catalogues
from corridor.i18n.extraction import (
    MAPPING_FILE,
    PYBABEL_EXTRACT,
    TEMPLATE_FILE,
    extract_template,
    render_template,
)
from corridor.i18n.formatting import territory_name
from corridor.i18n.messages import FIELD_COMMENTS, KIND_WORDS, document_messages, file_record
from corridor.i18n.pofile import parse_po
from corridor.records import load_corridor
from corridor.yamlfile import read_yaml
from tests.conftest import FIXTURES, ROOT, TmpCorridor, run_cli
from tests.translated import add_translations

PYBABEL = str(Path(sys.executable).with_name("pybabel"))


@pytest.fixture
def translated(tmp_corridor: TmpCorridor) -> TmpCorridor:
    return add_translations(tmp_corridor)


def pybabel_extract(root: Path, output: Path) -> bytes:
    """Run the documented pybabel command in `root`, writing to `output` instead."""
    args = list(PYBABEL_EXTRACT[1:])
    args[args.index("-o") + 1] = str(output)
    subprocess.run([PYBABEL, *args], cwd=root, check=True, capture_output=True)
    return output.read_bytes()


def corridor_extract(root: Path) -> bytes:
    template, problems = extract_template(root)
    assert template is not None and problems == []
    return render_template(template)


def test_pybabel_and_corridor_extract_write_the_committed_template(tmp_path: Path) -> None:
    by_pybabel = pybabel_extract(ROOT, tmp_path / "messages.pot")
    assert by_pybabel == corridor_extract(ROOT)
    assert by_pybabel == (ROOT / TEMPLATE_FILE).read_bytes(), "run `corridor i18n extract`"
    entries = by_pybabel.decode().count("\nmsgid ") + by_pybabel.decode().startswith("msgid ")
    assert run_cli("i18n", "extract", "--check").out == (
        f"{TEMPLATE_FILE} is up to date ({entries} messages)\n"
    )


def test_the_mapping_file_documents_the_same_pybabel_command() -> None:
    mapping = (ROOT / MAPPING_FILE).read_text(encoding="utf-8")
    flat = re.sub(r"\s*\\\n#\s*", " ", mapping)
    documented = " ".join(
        a.replace("=", "='", 1) + "'" if a.startswith("--ignore-dirs") else a
        for a in PYBABEL_EXTRACT
    )
    assert documented in flat


def test_template_has_no_wall_clock_and_does_not_depend_on_the_clock() -> None:
    first = run_cli("i18n", "extract", "--check", env={"SOURCE_DATE_EPOCH": "0", "TZ": "UTC"})
    second = run_cli("i18n", "extract", "--check", env={"TZ": "Asia/Shanghai"})
    assert first.code == second.code == 0
    text = (ROOT / TEMPLATE_FILE).read_text(encoding="utf-8")
    assert "POT-Creation-Date" not in text and "Copyright" not in text
    assert not re.search(r"20\d\d-\d\d-\d\d \d\d:\d\d", text)


def test_record_messages_have_context_reference_and_a_plain_comment() -> None:
    po, problems = parse_po((ROOT / TEMPLATE_FILE).read_text(encoding="utf-8"), TEMPLATE_FILE)
    assert problems == []
    records = [e for e in po.messages if e.references[0].startswith("sites/")]
    # Every Text field of the sample records, counted from the records themselves.
    documents = load_corridor(ROOT).documents
    website, _ = read_yaml(ROOT / "sites/website.yml", "sites/website.yml")
    assert website is not None
    documents["sites/website.yml"] = website
    assert len(records) == sum(
        len(document_messages(document, record))
        for display, document in documents.items()
        if (record := file_record(display)) is not None
    )
    plain = {c.format(kind=k) for c in FIELD_COMMENTS.values() for k in KIND_WORDS.values()}
    for entry in records:
        assert entry.context and re.fullmatch(
            r"(corridor|website|towns/[a-z-]+(/(halls|bases|signs)/[a-z-]+)?)"
            r":[a-z_.\[\]0-9]+",
            entry.context,
        )
        file, line = entry.references[0].split(":")
        # The reference points at the line where the Chinese text starts.
        written = (ROOT / file).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        assert entry.msgid.split("\n")[0][:6] in written or written.rstrip().endswith("|")
        # What the string is, then (for text on signs) the room each sign leaves.
        described = " ".join(entry.extracted).split(" On sign type ")[0]
        assert described in plain, entry.context
    hall = next(e for e in records if e.context == "towns/sijing/halls/ganxipo:name")
    assert hall.references == ["sites/towns/sijing.yml:29"]
    assert hall.extracted[0] == "Name of an exhibition hall."
    assert hall.extracted[1].startswith("On sign type hall-nameplate (1800×800 mm), bo: at most")
    intro = next(e for e in records if e.context == "towns/sijing:introduction")
    assert " ".join(intro.extracted) == (
        "Introduction of a town or township: each line is one paragraph; keep the line breaks."
    )


def test_jinja_templates_are_extracted_by_the_same_mapping(
    translated: TmpCorridor, tmp_path: Path
) -> None:
    shutil.copytree(FIXTURES / "templates", translated.root / "templates")
    template = corridor_extract(translated.root).decode()
    assert pybabel_extract(translated.root, tmp_path / "t.pot").decode() == template
    assert '#: templates/pages/sample.md.j2:2\nmsgid "走廊地图"\nmsgstr ""\n' in template
    assert (
        "#. The button that shows the map on the whole screen.\n"
        '#: templates/pages/sample.md.j2:5\nmsgctxt "map"\nmsgid "全屏"\n' in template
    )
    assert (
        '#, python-format\nmsgid "沿线有%(count)s个乡镇。"\nmsgid_plural "沿线有%(count)s个乡镇。"'
        in template
    )


def test_template_syntax_error_is_reported_with_file_and_line(translated: TmpCorridor) -> None:
    translated.write("templates/pages/broken.md.j2", "# 标题\n\n{% trans %}未完\n")
    run = run_cli("--root", str(translated.root), "i18n", "extract")
    assert run.code == 1
    assert run.out.startswith(
        "templates/pages/broken.md.j2:3:1: template syntax error: unclosed translation block"
    )
    assert "Traceback" not in run.out + run.err


def test_sign_notes_hook_adds_the_room_a_sign_leaves(translated: TmpCorridor) -> None:
    mapping = translated.read(MAPPING_FILE).replace(
        "sign_notes = corridor.signs.notes:translator_notes",
        "sign_notes = tests.unit.sign_notes_example:translator_notes",
    )
    translated.write(MAPPING_FILE, mapping)
    template = corridor_extract(translated.root).decode()
    assert (
        "#. Name of an exhibition hall.\n"
        "#. On sign type A2 (1200×400 mm): at most 12 characters per line.\n"
        "#: sites/towns/alpha.yml:14\n"
        'msgctxt "towns/alpha/halls/alpha-hall:name"\n'
    ) in template
    assert template.count("On sign type") == 2


def test_a_sign_notes_hook_that_does_not_exist_is_a_problem(translated: TmpCorridor) -> None:
    translated.replace(
        MAPPING_FILE,
        "sign_notes = corridor.signs.notes:translator_notes",
        "sign_notes = nowhere:x",
    )
    run = run_cli("--root", str(translated.root), "i18n", "extract")
    assert run.code == 1
    assert run.out.startswith(
        "translations/babel.cfg:1:1: cannot extract sites/towns/alpha.yml: "
        "No module named 'nowhere'\n  hint: check the sign_notes option of its section"
    )


def test_records_with_errors_are_not_extracted(translated: TmpCorridor) -> None:
    before = translated.read(TEMPLATE_FILE)
    translated.replace("sites/towns/alpha.yml", "kind: 镇", "kind: 村")
    run = run_cli("--root", str(translated.root), "i18n", "extract")
    assert run.code == 1
    assert run.out.splitlines()[-1] == (
        "fix the records first (`corridor check`): nothing was extracted"
    )
    assert translated.read(TEMPLATE_FILE) == before


def test_catalogues_override_cldr_names_with_prc_usage() -> None:
    catalogues, problems = load_catalogues(ROOT, ["bo", "en"])
    assert problems == []
    assert Locale.parse("bo").territories["CN"] == "རྒྱ་ནག"
    assert territory_name("CN", "bo", catalogues) == "ཀྲུང་གོ"
    assert territory_name("CN", "en", catalogues) == "China"
    assert territory_name("CN", "zh", catalogues) == "中国"
    assert territory_name("IN", "bo", catalogues) == Locale.parse("bo").territories["IN"]
