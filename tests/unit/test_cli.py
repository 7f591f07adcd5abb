"""`corridor check` and `corridor schema` as an editor runs them: output, exit codes, no traces."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import yaml

from corridor.schema import render_schemas
from tests.conftest import ROOT, TmpCorridor, run_cli


def test_check_on_sample_data_is_clean() -> None:
    run = run_cli("check", "--format", "json")
    report = json.loads(run.out)
    assert run.code == 0
    assert (report["errors"], report["files_checked"]) == (0, 12)
    # Records are clean; what is left is honest: the machine translations are not reviewed,
    # said once per catalogue.
    assert [(p["file"], re.sub(r"\d+", "N", p["message"])) for p in report["problems"]] == [
        (
            f"translations/{lang}/LC_MESSAGES/messages.po",
            "N translations are not reviewed yet (N machine-translated): they may not go to press",
        )
        for lang in ("bo", "en")
    ]


def test_check_reports_sorted_problems_summary_and_exit_1(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.replace("sites/towns/beta.yml", "kind: 乡", "kind: 村")
    tmp_corridor.replace("sites/towns/alpha.yml", "pinyin: Jia", 'pinyin: "Jia "')
    tmp_corridor.replace("sites/towns/alpha.yml", "name: 甲镇", "nam: 甲镇")
    run = run_cli("--root", str(tmp_corridor.root), "check")
    assert run.code == 1
    assert run.out.splitlines() == [
        "sites/towns/alpha.yml:1:1: name: required field is missing",
        "sites/towns/alpha.yml:2:1: nam: unknown key",
        "  hint: did you mean `name`?",
        "sites/towns/alpha.yml:3:9: pinyin: "
        'expected pinyin in Latin letters, capitalised, got "Jia "',
        "  hint: for example: Shiyang",
        "sites/towns/alpha.yml:3:9: pinyin: warning: leading or trailing whitespace",
        "  hint: remove it",
        "sites/towns/beta.yml:5:7: kind: expected one of '镇' or '乡', got \"村\"",
        "4 errors, 1 warning in 5 files",
    ]
    assert run.err == ""


def test_warnings_alone_pass_unless_strict(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.replace("sites/towns/alpha.yml", "name: 甲镇", 'name: "甲镇 "')
    assert run_cli("--root", str(tmp_corridor.root), "check").code == 0
    assert run_cli("--root", str(tmp_corridor.root), "check", "--strict").code == 1


def test_json_format_for_editor_integrations(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.replace("sites/towns/alpha.yml", "kind: 镇", "kind: 村")
    run = run_cli("--root", str(tmp_corridor.root), "check", "--format", "json")
    report = json.loads(run.out)
    assert run.code == 1
    assert report["errors"] == 1 and report["files_checked"] == 5
    assert report["problems"] == [
        {
            "file": "sites/towns/alpha.yml",
            "line": 5,
            "column": 7,
            "field": "kind",
            "message": "expected one of '镇' or '乡', got \"村\"",
            "hint": None,
            "severity": "error",
        }
    ]


def test_check_finds_the_project_from_a_subfolder(tmp_corridor: TmpCorridor) -> None:
    run = run_cli("check", cwd=tmp_corridor.root / "sites" / "towns")
    assert (run.code, run.out) == (0, "0 errors, 0 warnings in 5 files\n")


def test_usage_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    no_project = run_cli("check", cwd=tmp_path)
    assert no_project.code == 2
    assert "no sites/corridor.yml in" in no_project.err
    bad_option = run_cli("check", "--format", "xml")
    assert bad_option.code == 2
    assert "invalid choice: 'xml'" in bad_option.err
    assert "Traceback" not in no_project.err + bad_option.err


def test_hostile_file_gives_a_message_not_a_traceback(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.write(
        "sites/towns/alpha.yml", "!!python/object/apply:os.system ['touch /tmp/owned']\n"
    )
    run = run_cli("--root", str(tmp_corridor.root), "check")
    assert run.code == 1
    assert "YAML tags such as !!python/object/apply:os.system are not allowed" in run.out
    assert "Traceback" not in run.out + run.err


def test_committed_schemas_are_generated_from_the_model() -> None:
    for relative, text in render_schemas().items():
        assert (ROOT / relative).read_text(encoding="utf-8") == text, "run `corridor schema`"
    assert run_cli("schema", "--check").code == 0


def test_sample_records_validate_against_their_schema_and_name_it() -> None:
    schemas = {
        name: json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        for name in ("corridor.schema.json", "town.schema.json")
    }
    records = [(ROOT / "sites/corridor.yml", "corridor.schema.json")] + [
        (path, "town.schema.json") for path in sorted((ROOT / "sites/towns").glob("*.yml"))
    ]
    for path, name in records:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=") and name in text.splitlines()[0]
        data = json.loads(json.dumps(yaml.safe_load(text), default=str))
        jsonschema.validate(data, schemas[name])


def test_schema_rejects_what_the_loader_rejects() -> None:
    schema = json.loads((ROOT / "schemas/town.schema.json").read_text(encoding="utf-8"))
    town = yaml.safe_load((ROOT / "sites/towns/sijing.yml").read_text(encoding="utf-8"))
    town["nmae"] = "x"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(town))
    assert any("nmae" in e.message for e in errors)
