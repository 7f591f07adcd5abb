"""Sign PDFs as a sign maker and a county office receive them: real WeasyPrint, real PDFs.

One build of the tiny corridor's signs (every type; Tibetan and English from test
catalogues, one town's name reviewed) serves most tests; tests that change data build their
own copy.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from corridor.i18n.catalogues import load_catalogues
from corridor.records import load_corridor
from corridor.signs.checks import load_signs
from corridor.signs.layout import MARKS_MM, Artwork, _descendants, _line_boxes, _line_text
from corridor.signs.types import SignTypes
from corridor.yamlfile import read_yaml
from tests.conftest import ROOT, Run, TmpCorridor, make_sign_corridor, run_cli

PT = 72 / 25.4
SIGNS = [
    "alpha-gateway",
    "alpha-nameplate",
    "alpha-directions",
    "alpha-panel",
    "alpha-tea-sign",
    "beta-gateway",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[TmpCorridor, Run]:
    corridor = make_sign_corridor(tmp_path_factory.mktemp("signs") / "project")
    run = run_cli("--root", str(corridor.root), "signs", "--press")
    return corridor, run


def out(corridor: TmpCorridor, relative: str) -> Path:
    return corridor.root / "build" / "signs" / relative


def sign_types() -> SignTypes:
    document, _ = read_yaml(ROOT / "sites" / "sign-types.yml", "sites/sign-types.yml")
    assert document is not None
    return SignTypes.model_validate(document.data)


def type_of(sign_id: str) -> str:
    return {
        "alpha-gateway": "town-gateway",
        "beta-gateway": "town-gateway",
        "alpha-nameplate": "hall-nameplate",
        "alpha-directions": "directional",
        "alpha-panel": "interpretive-panel",
        "alpha-tea-sign": "base-sign",
    }[sign_id]


def box(page: pikepdf.Page, name: str) -> list[float]:
    return [round(float(v), 2) for v in page.obj[name]]


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_every_sign_gets_a_proof_and_the_book_is_written(built: tuple[TmpCorridor, Run]) -> None:
    corridor, run = built
    for sign in SIGNS:
        assert out(corridor, f"proofs/{sign}.pdf").is_file(), run.out
    assert out(corridor, "proof-book.pdf").is_file()
    assert "wrote build/signs/proof-book.pdf" in run.out
    assert run.out.splitlines()[0].startswith("[1/6] alpha-gateway: proofs/alpha-gateway.pdf")


@pytest.mark.parametrize("sign", SIGNS)
def test_proof_trimbox_is_the_type_size_and_bleedbox_adds_the_bleed(
    built: tuple[TmpCorridor, Run], sign: str
) -> None:
    corridor, _ = built
    sign_type = sign_types().type(type_of(sign))
    assert sign_type is not None
    with pikepdf.open(out(corridor, f"proofs/{sign}.pdf")) as pdf:
        (page,) = pdf.pages
        x0, y0, x1, y1 = box(page, "/TrimBox")
        close = pytest.approx  # boxes are written with two decimals of a point
        assert (x1 - x0, y1 - y0) == close(
            (sign_type.width_mm * PT, sign_type.height_mm * PT), abs=0.05
        )
        b0, c0, b1, c1 = box(page, "/BleedBox")
        bleed = sign_type.bleed_mm * PT
        assert (x0 - b0, y0 - c0, b1 - x1, c1 - y1) == close((bleed,) * 4, abs=0.05)
        # Crop marks need room outside the bleed: the page is larger than the BleedBox.
        m0, n0, m1, n1 = box(page, "/MediaBox")
        assert (b0 - m0, c0 - n0, m1 - b1, n1 - c1) == close((MARKS_MM * PT,) * 4, abs=0.05)


def test_press_file_is_trim_plus_bleed_with_boxes(built: tuple[TmpCorridor, Run]) -> None:
    corridor, _ = built
    with pikepdf.open(out(corridor, "press/beta-gateway.pdf")) as pdf:
        (page,) = pdf.pages
        assert box(page, "/MediaBox") == box(page, "/BleedBox")
        x0, y0, x1, y1 = box(page, "/TrimBox")
        assert round(x1 - x0) == round(3600 * PT) and round(y1 - y0) == round(1600 * PT)
        # Colours are device CMYK, as the sign maker prints them.
        content = page.obj.Contents.read_bytes()
        assert b"/DeviceCMYK cs" in content
        assert b" rg\n" not in content and b" RG\n" not in content


def test_crop_marks_lie_outside_the_bleed(tmp_path: Path) -> None:
    corridor = make_sign_corridor(tmp_path / "project")
    root = corridor.root
    loaded = load_corridor(root)
    project = load_signs(root, loaded)
    layout = project.layout()
    content = next(r.content for r in project.signs if r.sign_id == "alpha-gateway")
    assert content is not None
    view = layout.view(content, {"title": 1.0}, "proof", Artwork(slug="slug"))
    bleed_left, bleed_right = MARKS_MM, MARKS_MM + 2 * 3 + 3600
    bleed_top, bleed_bottom = MARKS_MM, MARKS_MM + 2 * 3 + 1600
    assert len(view["marks"]) == 8
    for mark in view["marks"]:
        x0, x1 = mark["x"], mark["x"] + mark["w"]
        y0, y1 = mark["y"], mark["y"] + mark["h"]
        outside_x = x1 < bleed_left or x0 > bleed_right
        outside_y = y1 < bleed_top or y0 > bleed_bottom
        assert outside_x or outside_y, mark


def test_every_font_is_embedded(built: tuple[TmpCorridor, Run]) -> None:
    corridor, _ = built
    files = [
        *sorted(out(corridor, "proofs").glob("*.pdf")),
        out(corridor, "proof-book.pdf"),
        out(corridor, "press/beta-gateway.pdf"),
    ]
    for path in files:
        report = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert report, path
        families = set()
        for line in report:
            columns = line.split()
            assert columns[-5] == "yes", f"{path.name}: {line}"  # the emb column
            families.add(columns[0].split("+")[-1])
        assert not any("DejaVu" in f or "Liberation" in f for f in families), families


def test_qr_code_decodes_to_the_record_page(built: tuple[TmpCorridor, Run], tmp_path: Path) -> None:
    corridor, _ = built
    expected = {
        "alpha-nameplate": "https://corridor.example/g318/halls/alpha-hall/",
        "alpha-panel": "https://corridor.example/g318/halls/alpha-hall/",
        "alpha-tea-sign": "https://corridor.example/g318/bases/alpha-tea/",
    }
    for sign, url in expected.items():
        image = tmp_path / sign
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "60",
                "-png",
                "-singlefile",
                str(
                    out(corridor, f"press/{sign}.pdf")
                    if False
                    else out(corridor, f"proofs/{sign}.pdf")
                ),
                str(image),
            ],
            check=True,
        )
        decoded = subprocess.run(
            ["zbarimg", "--quiet", "--raw", f"{image}.png"], capture_output=True, text=True
        )
        assert decoded.stdout.strip() == url, (sign, decoded.stderr)


def test_qr_code_is_at_least_20_mm_and_a_tenth_of_the_scan_distance() -> None:
    for sign_type in sign_types().types:
        if sign_type.qr is not None:
            from corridor.signs.qr import qr_size_mm

            size = qr_size_mm(sign_type.qr)
            assert size >= 20
            assert size >= sign_type.qr.scan_distance_m * 1000 / 10 - 0.01


def test_proof_has_its_watermark_and_the_press_file_none(built: tuple[TmpCorridor, Run]) -> None:
    corridor, _ = built
    proof = pdftotext(out(corridor, "proofs/beta-gateway.pdf"))
    press = pdftotext(out(corridor, "press/beta-gateway.pdf"))
    assert "样稿 PROOF" in proof
    assert "beta-gateway · town-gateway" in proof  # the slug line
    assert "reviewed 测试审校员 2026-11-20" in proof  # the review label
    for furniture in ("PROOF", "样稿", "reviewed", "town-gateway"):
        assert furniture not in press
    assert "乙乡" in press and "Yi Township" in press


def test_press_refuses_a_sign_with_unreviewed_strings(built: tuple[TmpCorridor, Run]) -> None:
    corridor, run = built
    assert run.code == 1
    assert not out(corridor, "press/alpha-gateway.pdf").exists()
    assert "refused alpha-gateway:\n  press refused: not every string is reviewed " in run.out
    assert "(bo: 1 unreviewed; en: 1 unreviewed)" in run.out
    assert "signs: 7 files written, 0 unchanged, 5 refused" in run.out


def test_test_print_is_stamped_not_for_production(tmp_path: Path) -> None:
    corridor = make_sign_corridor(tmp_path / "project")
    run = run_cli("--root", str(corridor.root), "signs", "alpha-gateway", "--press", "--test-print")
    assert run.code == 0, run.out
    stamped = pdftotext(out(corridor, "press/alpha-gateway.test-print.pdf"))
    # The diagonal stamp comes out of pdftotext letter by letter; the slug line is whole.
    assert "测试打样 TEST PRINT — not for production" in stamped
    assert "PROOF" not in stamped
    assert not out(corridor, "press/alpha-gateway.pdf").exists()


def test_unchanged_signs_are_not_rendered_again(tmp_path: Path) -> None:
    corridor = make_sign_corridor(tmp_path / "project")
    root = str(corridor.root)
    assert run_cli("--root", root, "signs").code == 0
    first = out(corridor, "proofs/alpha-gateway.pdf").read_bytes()
    again = run_cli("--root", root, "signs")
    assert "signs: 0 files written, 6 unchanged, 0 refused" in again.out
    # A new English name changes the gateway and the directions that name the town.
    corridor.replace("translations/en/LC_MESSAGES/messages.po", '"Jia Town"', '"Jia Town!"')
    changed = run_cli("--root", root, "signs")
    assert "[1/6] alpha-gateway: proofs/alpha-gateway.pdf" in changed.out
    assert "[6/6] beta-gateway: unchanged" in changed.out
    assert "signs: 1 file written, 5 unchanged, 0 refused" in changed.out
    assert out(corridor, "proofs/alpha-gateway.pdf").read_bytes() != first


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    corridor = make_sign_corridor(tmp_path / "project")
    root = str(corridor.root)
    files = ["proofs/beta-gateway.pdf", "proofs/alpha-panel.pdf", "proof-book.pdf"]
    assert run_cli("--root", root, "signs").code == 0
    first = [out(corridor, name).read_bytes() for name in files]
    shutil.rmtree(corridor.root / "build")
    assert run_cli("--root", root, "signs", "--jobs", "2").code == 0
    assert [out(corridor, name).read_bytes() for name in files] == first


def test_proof_book_places_each_sign_upright(built: tuple[TmpCorridor, Run]) -> None:
    corridor, _ = built
    with pikepdf.open(out(corridor, "proof-book.pdf")) as pdf:
        # Cover, index, then one page per sign in record order.
        assert len(pdf.pages) == 2 + len(SIGNS)
        page = pdf.pages[2]
        assert "/Sign2" in page.Resources.XObject
        page.contents_coalesce()
        content = page.obj.Contents.read_bytes()
        number = rb"([-\d.]+) "
        found = re.search(number * 4 + rb"[-\d.]+ [-\d.]+ cm\s*/Sign2 Do", content)
        assert found is not None
        a, b, c, d = (float(v) for v in found.groups())
        assert a > 0 and d > 0 and b == 0 and c == 0  # scaled, not flipped or rotated


def test_text_too_long_is_a_fit_error_naming_sign_language_and_excess(tmp_path: Path) -> None:
    corridor = make_sign_corridor(tmp_path / "project")
    long_name = "甲镇" + "非常长的名字" * 6 + "展示馆"
    corridor.replace("sites/towns/alpha.yml", "name: 甲镇展示馆", f"name: {long_name}")
    corridor.replace(
        "translations/bo/LC_MESSAGES/messages.po", 'msgid "甲镇展示馆"', f'msgid "{long_name}"'
    )
    corridor.replace(
        "translations/en/LC_MESSAGES/messages.po", 'msgid "甲镇展示馆"', f'msgid "{long_name}"'
    )
    check = run_cli("--root", str(corridor.root), "check")
    assert check.code == 1
    line = alpha_sign_line(corridor, "alpha-nameplate")
    assert (
        f"sites/towns/alpha.yml:{line}:5: signs[1]: sign `alpha-nameplate`: slot title, "
        "中文 (zh) does not fit: needs 2 lines at 62 mm, box holds 1 (no smaller: 藏文 (bo) "
        "would fall below the 38 mm legibility minimum for 15 m)"
    ) in check.out
    signs = run_cli("--root", str(corridor.root), "signs")
    assert signs.code == 1
    assert "refused alpha-nameplate:" in signs.out
    # No partial PDF for the refused sign, no temporary files left behind.
    assert not out(corridor, "proofs/alpha-nameplate.pdf").exists()
    assert out(corridor, "proofs/alpha-gateway.pdf").exists()
    leftovers = [p.name for p in (corridor.root / "build").rglob(".*.pdf*")]
    assert leftovers == []


def alpha_sign_line(corridor: TmpCorridor, sign_id: str) -> int:
    lines = corridor.read("sites/towns/alpha.yml").splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.strip() == f"- id: {sign_id}")


def block_boxes(corridor: TmpCorridor, sign_id: str) -> list[tuple[str, float, float, object]]:
    root = corridor.root
    project = load_signs(root, load_corridor(root))
    layout = project.layout()
    content = next(r.content for r in project.signs if r.sign_id == sign_id)
    assert content is not None
    fit = layout.fit(content)
    assert fit.ok, fit.problems
    assert fit.document is not None
    found = []
    for b in _descendants(fit.document.pages[0]._page_box):
        element = getattr(b, "element", None)
        if element is not None and element.get("data-lang") and hasattr(b, "position_y"):
            found.append((element.get("data-lang"), b.position_x, b.position_y, b))
    return found


def test_stacked_script_order_follows_the_policy(sign_corridor: TmpCorridor) -> None:
    blocks = block_boxes(sign_corridor, "alpha-gateway")
    assert [lang for lang, *_ in sorted(blocks, key=lambda b: b[2])] == ["zh", "bo", "en"]
    # The order is data: a prefecture that puts Tibetan first changes the policy only.
    sign_corridor.replace(
        "sites/sign-types.yml",
        "order: [zh, bo, en]\n    sizes: {zh: 1.0, bo: 0.6, en: 0.6}",
        "order: [bo, zh, en]\n    sizes: {zh: 1.0, bo: 0.6, en: 0.6}",
    )
    blocks = block_boxes(sign_corridor, "alpha-gateway")
    assert [lang for lang, *_ in sorted(blocks, key=lambda b: b[2])] == ["bo", "zh", "en"]


def test_side_by_side_columns_follow_the_policy(sign_corridor: TmpCorridor) -> None:
    blocks = block_boxes(sign_corridor, "alpha-panel")
    body = [b for b in blocks if b[2] == max(x[2] for x in blocks)]
    assert [lang for lang, *_ in sorted(body, key=lambda b: b[1])] == ["zh", "bo", "en"]


def test_tibetan_breaks_only_after_tsheg_and_keeps_translator_line_breaks(
    sign_corridor: TmpCorridor,
) -> None:
    blocks = block_boxes(sign_corridor, "alpha-nameplate")
    (tibetan,) = [b for lang, _, _, b in blocks if lang == "bo"]
    lines = [_line_text(line).strip() for line in _line_boxes(tibetan)]
    # The translation's own line break is kept; U+0F0C keeps the shad with its syllable.
    assert lines == ["ཅ་གྲོང་རྡལ་གྱི་", "རིག་གནས་འགྲེམས་སྟོན་ཁང\u0f0c།"]
    # A long Tibetan name wraps only after a tsheg and never starts a line with a shad.
    long_bo = "ཅ་གྲོང་རྡལ་གྱི་རིག་གནས་འགྲེམས་སྟོན་ཁང་ཆེན་མོ་དང་ཇ་རྟ་རྒྱ་ལམ་གྱི་ལོ་རྒྱུས་ཁང་།"
    sign_corridor.replace(
        "translations/bo/LC_MESSAGES/messages.po",
        '""\n"ཅ་གྲོང་རྡལ་གྱི་\\n"\n"རིག་གནས་འགྲེམས་སྟོན་ཁང་།"',
        f'"{long_bo}"',
    )
    blocks = block_boxes(sign_corridor, "alpha-nameplate")
    (tibetan,) = [b for lang, _, _, b in blocks if lang == "bo"]
    lines = [_line_text(line).strip() for line in _line_boxes(tibetan)]
    assert len(lines) == 2
    assert lines[0].endswith("་") and not lines[1].startswith("།")
    assert "".join(lines) == long_bo.replace("ང་།", "ང\u0f0c།")


def check_lines(corridor: TmpCorridor) -> list[str]:
    run = run_cli("--root", str(corridor.root), "check")
    return run.out.splitlines()


def test_unknown_sign_type_is_a_problem_at_its_line(sign_corridor: TmpCorridor) -> None:
    sign_corridor.replace("sites/towns/alpha.yml", "type: hall-nameplate", "type: nameplate")
    line = alpha_sign_line(sign_corridor, "alpha-nameplate") + 1
    out_lines = check_lines(sign_corridor)
    assert (
        f"sites/towns/alpha.yml:{line}:11: signs[1].type: sign `alpha-nameplate`: unknown sign "
        "type `nameplate`"
    ) in out_lines


def test_unknown_font_is_a_problem_in_the_sign_types(sign_corridor: TmpCorridor) -> None:
    sign_corridor.replace(
        "sites/sign-types.yml",
        "family: Noto Sans, weight: bold}",
        "family: Noto Sanz, weight: bold}",
    )
    out_lines = check_lines(sign_corridor)
    found = [line for line in out_lines if "unknown font `Noto Sanz`" in line]
    assert found and found[0].startswith("sites/sign-types.yml:")
    assert (
        "types[0].fonts.en.family: unknown font `Noto Sanz`: fontconfig (fc-list) does not know it"
        in found[0]
    )
    assert "  hint: did you mean `Noto Sans`?" in out_lines
    run = run_cli("--root", str(sign_corridor.root), "signs")
    assert run.code == 1
    assert not out(sign_corridor, "proofs/alpha-gateway.pdf").exists()


def test_impossible_size_is_a_problem(sign_corridor: TmpCorridor) -> None:
    sign_corridor.replace("sites/sign-types.yml", "width_mm: 3600", "width_mm: 6000")
    out_lines = check_lines(sign_corridor)
    assert any(
        line.startswith("sites/sign-types.yml:")
        and "types[0]: width_mm is 6000 mm; one PDF page holds at most 5000 mm" in line
        for line in out_lines
    ), out_lines


def edit_nameplate(corridor: TmpCorridor, hall: str, extra: str = "") -> None:
    corridor.replace(
        "sites/towns/alpha.yml",
        "presents: {hall: alpha-hall}\n    location: {lat: 30.001,",
        f"presents: {{hall: {hall}}}\n{extra}    location: {{lat: 30.001,",
    )


def test_reference_to_a_missing_record(sign_corridor: TmpCorridor) -> None:
    edit_nameplate(sign_corridor, "alpha-hal")
    line = alpha_sign_line(sign_corridor, "alpha-nameplate") + 2
    out_lines = check_lines(sign_corridor)
    assert (
        f"sites/towns/alpha.yml:{line}:22: signs[1].presents.hall: there is no hall with id "
        "`alpha-hal`"
    ) in out_lines
    assert "  hint: did you mean `alpha-hall`?" in out_lines


def test_unknown_field_is_a_problem(sign_corridor: TmpCorridor) -> None:
    edit_nameplate(sign_corridor, "alpha-hall", "    fields: {title: opening}\n")
    line = alpha_sign_line(sign_corridor, "alpha-nameplate") + 3
    out_lines = check_lines(sign_corridor)
    assert any(
        entry.startswith(f"sites/towns/alpha.yml:{line}:")
        and "slot `title` shows `opening`, which a hall record does not have" in entry
        for entry in out_lines
    ), out_lines


def test_missing_translation_is_reported_and_blocks_press(sign_corridor: TmpCorridor) -> None:
    sign_corridor.replace("translations/bo/LC_MESSAGES/messages.po", 'msgstr "ཡི་ཞང་།"', 'msgstr ""')
    out_lines = check_lines(sign_corridor)
    assert (
        "sites/towns/beta.yml:2:7: name: warning: bo translation missing; sign `beta-gateway` "
        "shows the Chinese in its place and cannot go to press"
    ) in out_lines
    run = run_cli("--root", str(sign_corridor.root), "signs", "beta-gateway", "--press")
    assert run.code == 1
    assert "(bo: 1 untranslated)" in run.out
    assert not out(sign_corridor, "press/beta-gateway.pdf").exists()


def test_low_resolution_image_is_an_error(sign_corridor: TmpCorridor) -> None:
    from PIL import Image

    sign_corridor.replace(
        "sites/sign-types.yml",
        "    qr: {scan_distance_m: 0.5, language: zh}",
        "    qr: {scan_distance_m: 0.5, language: zh}\n    image: {width_mm: 300, height_mm: 200}",
    )
    images = sign_corridor.root / "sites" / "images"
    images.mkdir()
    Image.new("RGB", (600, 400), "white").save(images / "small.png")
    Image.new("RGB", (1800, 1200), "white").save(images / "large.png")
    sign_corridor.replace(
        "sites/towns/alpha.yml",
        "      - 背夫把茶背过二郎山。\n",
        "      - 背夫把茶背过二郎山。\n    image: {file: images/small.png, credit: 测试}\n",
    )
    out_lines = check_lines(sign_corridor)
    assert any(
        "the image sites/images/small.png (600 × 400 px) prints at 51 ppi in its 300 × 200 mm "
        "box; at least 150 ppi is needed" in line
        for line in out_lines
    ), out_lines
    sign_corridor.replace("sites/towns/alpha.yml", "images/small.png", "images/large.png")
    assert not any("ppi" in line for line in check_lines(sign_corridor))


def test_pdf_x4_with_the_printers_profile(sign_corridor: TmpCorridor) -> None:
    profile = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
    if not profile.is_file():
        pytest.skip("no CMYK ICC profile on this machine")
    shutil.copy(profile, sign_corridor.root / "printer.icc")
    sign_corridor.replace("sites/sign-types.yml", "icc_profile: null", "icc_profile: printer.icc")
    run = run_cli("--root", str(sign_corridor.root), "signs", "beta-gateway", "--press")
    assert run.code == 0, run.out
    with pikepdf.open(out(sign_corridor, "press/beta-gateway.pdf")) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert "PDF/X-4" in str(pdf.open_metadata().get("pdfxid:GTS_PDFXVersion"))


def test_catalogue_comments_give_the_room_per_line(sign_corridor: TmpCorridor) -> None:
    from corridor.signs.room import message_room

    room = message_room(sign_corridor.root)
    comments = room["towns/alpha/halls/alpha-hall:name"]
    assert any(
        c.startswith("On sign type hall-nameplate (1800×800 mm), bo: at most ") for c in comments
    )
    assert any(c.endswith("characters per line at the policy size, 2 lines") for c in comments)
    assert "towns/alpha/bases/alpha-tea:products[0]" in room


def test_sample_data_signs_resolve_cleanly() -> None:
    loaded = load_corridor(ROOT)
    project = load_signs(ROOT, loaded)
    catalogues, problems = load_catalogues(ROOT, ["bo", "en"])
    assert problems == [] and catalogues is not None
    assert project.type_problems == {}
    types = {r.type_id for r in project.signs}
    assert types == {t.id for t in sign_types().types}
    assert all(not any(p.is_error for p in r.problems) for r in project.signs)


def test_panel_shows_the_corridor_strip_map_in_print_colours(
    built: tuple[TmpCorridor, Run],
) -> None:
    corridor, _ = built
    text = pdftotext(out(corridor, "proofs/alpha-panel.pdf"))
    assert "G318" in text and "乙乡" in text  # the strip's road shield and the other town
    assert "placeholder" not in text
    with pikepdf.open(out(corridor, "proofs/alpha-panel.pdf")) as pdf:
        streams = (
            b"".join(x.read_bytes() for x in pdf.pages[0].Resources.get("/XObject", {}).values())
            + pdf.pages[0].obj.Contents.read_bytes()
        )
    assert b" rg\n" not in streams and b" RG\n" not in streams


def test_translator_notes_hook_for_one_file(sign_corridor: TmpCorridor) -> None:
    from corridor.i18n.messages import document_messages
    from corridor.signs.notes import translator_notes

    document, _ = read_yaml(sign_corridor.root / "sites/towns/beta.yml", "sites/towns/beta.yml")
    assert document is not None
    notes = translator_notes(sign_corridor.root, document_messages(document, "town"))
    # Beta's name stands on its gateway and on alpha's directional sign.
    assert sorted(notes) == ["towns/beta:name"]
    types = {note.split(" (")[0] for note in notes["towns/beta:name"]}
    assert types == {"On sign type town-gateway", "On sign type directional"}


SIGN_CHANGES = {
    # The panel's strip map names every town: a renamed town reprints it (it once did not).
    "rename a town": ("sites/towns/beta.yml", "name: 乙乡\n", "name: 乙镇\n"),
    "edit one translation": ("translations/en/LC_MESSAGES/messages.po", '"Jia Town"', '"Jia"'),
    "change a colour": ("sites/sign-types.yml", "cmyk: [0, 45, 75, 60]", "cmyk: [0, 50, 80, 55]"),
}


def sign_files(corridor: TmpCorridor) -> dict[str, bytes]:
    folder = corridor.root / "build" / "signs"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".cache.json"
    }


@pytest.mark.parametrize("kind", list(SIGN_CHANGES))
def test_incremental_run_gives_the_files_of_a_clean_run(
    kind: str, built: tuple[TmpCorridor, Run], tmp_path: Path
) -> None:
    relative, old, new = SIGN_CHANGES[kind]
    before = sign_files(built[0])
    incremental = TmpCorridor(tmp_path / "incremental")
    shutil.copytree(built[0].root, incremental.root)
    incremental.replace(relative, old, new)
    run = run_cli("--root", str(incremental.root), "signs", "--press")
    clean = make_sign_corridor(tmp_path / "clean")
    clean.replace(relative, old, new)
    assert ": unchanged" not in run_cli("--root", str(clean.root), "signs", "--press").out

    after, fresh = sign_files(incremental), sign_files(clean)
    assert sorted(after) == sorted(fresh)
    assert [name for name in after if after[name] != fresh[name]] == []
    rewritten = {name for name in after if before.get(name) != after[name]}
    assert "proof-book.pdf" in rewritten
    # Exactly the signs whose files changed were laid out again; the others were kept.
    for sign in SIGNS:
        proof = f"proofs/{sign}.pdf"
        assert (proof in rewritten) == (f"{sign}: {proof}" in run.out), (sign, run.out)
    if kind == "rename a town":
        assert {"proofs/alpha-panel.pdf", "proofs/beta-gateway.pdf"} <= rewritten


def test_a_single_sign_run_refreshes_the_book_only_when_every_page_is_current(
    built: tuple[TmpCorridor, Run], tmp_path: Path
) -> None:
    corridor = TmpCorridor(tmp_path / "project")
    shutil.copytree(built[0].root, corridor.root)
    book = out(corridor, "proof-book.pdf")
    old_book = book.read_bytes()
    corridor.replace("sites/towns/beta.yml", "name: 乙乡\n", "name: 乙镇\n")

    first = run_cli("--root", str(corridor.root), "signs", "alpha-panel")
    assert "proof-book.pdf not refreshed" in first.out, first.out
    assert "beta-gateway" in first.out.split("not refreshed")[1]
    assert book.read_bytes() == old_book

    stale = first.out.split("not refreshed: ")[1].split(" not laid out")[0].split(", ")
    rest = run_cli("--root", str(corridor.root), "signs", *stale)
    assert "wrote build/signs/proof-book.pdf" in rest.out, rest.out
    clean = make_sign_corridor(tmp_path / "clean")
    clean.replace("sites/towns/beta.yml", "name: 乙乡\n", "name: 乙镇\n")
    run_cli("--root", str(clean.root), "signs")
    assert book.read_bytes() == out(clean, "proof-book.pdf").read_bytes()
