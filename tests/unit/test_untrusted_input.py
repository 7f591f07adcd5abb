"""Files, paths, images, dates and numbers from sites/ and translations/ are untrusted input.

Whatever an editor or translator commits, the tools read nothing outside the project, and
every mistake ends in a FILE:LINE:COL message with exit code 1: never a traceback, never an
"internal error", never Pillow's warnings on the terminal.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest

from tests.conftest import Run, TmpCorridor, run_cli


def check(project: TmpCorridor, *more: str) -> Run:
    return run_cli("--root", str(project.root), "check", *more)


def assert_clean_failure(run: Run, *expected: str) -> None:
    """Exit 1, each expected line printed, and no traceback or internal error."""
    text = run.out + run.err
    assert run.code == 1, text
    assert "Traceback" not in text and "internal error" not in text, text
    assert "Warning" not in run.err, run.err
    lines = run.out.splitlines()
    for line in expected:
        assert any(out.startswith(line) for out in lines), (line, lines)


# --- files outside the project --------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project: nothing in it may be read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def link_from_outside(root: Path, relative: str, outside: Path) -> Path:
    """Move the project's file out of the project and leave a link to it in its place."""
    path = root / relative
    moved = outside / path.name
    shutil.move(path, moved)
    path.symlink_to(moved)
    return moved


def test_town_file_linked_from_outside_is_refused(tmp_corridor: TmpCorridor, outside: Path) -> None:
    secret = link_from_outside(tmp_corridor.root, "sites/towns/beta.yml", outside)
    secret.write_text(secret.read_text(encoding="utf-8").replace("乙镇", "外部秘密"), "utf-8")
    run = check(tmp_corridor)
    assert_clean_failure(run, "sites/towns/beta.yml:1:1: ")
    assert "outside the project" in run.out
    assert "外部秘密" not in run.out


def test_link_inside_the_project_is_read(tmp_corridor: TmpCorridor) -> None:
    town = tmp_corridor.root / "sites/towns/beta.yml"
    shared = tmp_corridor.root / "shared"
    shared.mkdir()
    shutil.move(town, shared / "beta.yml")
    town.symlink_to(Path("../../shared/beta.yml"))
    run = check(tmp_corridor)
    assert run.code == 0, run.out + run.err


def test_yml_link_to_a_folder_is_an_error(tmp_corridor: TmpCorridor) -> None:
    (tmp_corridor.root / "sites/towns/gamma.yml").symlink_to(tmp_corridor.root / "sites")
    run = check(tmp_corridor)
    assert_clean_failure(run, "sites/towns/gamma.yml:1:1: ")


def test_corridor_file_linked_from_outside_is_refused(
    tmp_corridor: TmpCorridor, outside: Path
) -> None:
    link_from_outside(tmp_corridor.root, "sites/corridor.yml", outside)
    assert_clean_failure(check(tmp_corridor), "sites/corridor.yml:1:1: ")


def test_route_linked_from_outside_or_a_folder_is_refused(
    tmp_corridor: TmpCorridor, outside: Path
) -> None:
    link_from_outside(tmp_corridor.root, "sites/route.geojson", outside)
    assert_clean_failure(check(tmp_corridor), "sites/route.geojson:1:1: ")
    route = tmp_corridor.root / "sites/route.geojson"
    route.unlink()
    route.mkdir()
    assert_clean_failure(check(tmp_corridor), "sites/route.geojson:1:1: ")


def test_catalogue_linked_from_outside_is_refused(tmp_path: Path, outside: Path) -> None:
    from tests.conftest import make_sign_corridor

    project = make_sign_corridor(tmp_path / "project")
    link_from_outside(project.root, "translations/bo/LC_MESSAGES/messages.po", outside)
    assert_clean_failure(check(project), "translations/bo/LC_MESSAGES/messages.po:1:1: ")


# --- sign images ----------------------------------------------------------------------------


def png(width: int, height: int, *, rows: bool = True) -> bytes:
    """A valid 1-bit greyscale PNG of any size (all black): tiny on disk, huge in memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    raw = (b"\0" + b"\0" * ((width + 7) // 8)) * height if rows else b"\0"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def with_image(sign_corridor: TmpCorridor) -> TmpCorridor:
    """The sign corridor with an image box on panels and an image on alpha's panel."""
    sign_corridor.replace(
        "sites/sign-types.yml",
        "    qr: {scan_distance_m: 0.5, language: zh}",
        "    qr: {scan_distance_m: 0.5, language: zh}\n    image: {width_mm: 300, height_mm: 200}",
    )
    (sign_corridor.root / "sites/images").mkdir()
    sign_corridor.replace(
        "sites/towns/alpha.yml",
        "      - 背夫把茶背过二郎山。\n",
        "      - 背夫把茶背过二郎山。\n    image: {file: images/photo.png, credit: 测试}\n",
    )
    return sign_corridor


def image_line(project: TmpCorridor) -> str:
    """`sites/towns/alpha.yml:LINE:COL: ` of the image's file name."""
    lines = project.read("sites/towns/alpha.yml").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if "image: {file:" in line)
    column = lines[number - 1].index("file:") + len("file: ") + 1
    return f"sites/towns/alpha.yml:{number}:{column}: "


def test_image_path_climbing_out_of_the_project_is_refused(
    with_image: TmpCorridor, outside: Path
) -> None:
    (outside / "x.png").write_bytes(png(2000, 1400))
    with_image.replace("sites/towns/alpha.yml", "images/photo.png", "../../outside/x.png")
    run = check(with_image)
    assert_clean_failure(run, image_line(with_image))
    assert "image.file" in run.out
    signs = run_cli("--root", str(with_image.root), "signs", "alpha-panel")
    assert signs.code == 1, signs.out + signs.err
    assert not (with_image.root / "build/signs/proofs/alpha-panel.pdf").exists()


def test_image_linked_from_outside_is_refused(with_image: TmpCorridor, outside: Path) -> None:
    (outside / "x.png").write_bytes(png(2000, 1400))
    (with_image.root / "sites/images/photo.png").symlink_to(outside / "x.png")
    run = check(with_image)
    assert_clean_failure(run, image_line(with_image))
    assert "outside the project" in run.out


def test_corrupt_png_is_an_error(with_image: TmpCorridor) -> None:
    good = png(2000, 1400)
    # The header says 2000 × 1400, the pixel data is cut off: only decoding finds it.
    (with_image.root / "sites/images/photo.png").write_bytes(good[:60] + b"\0" * 40)
    run = check(with_image)
    assert_clean_failure(run, image_line(with_image))
    assert "sites/images/photo.png" in run.out


@pytest.mark.parametrize("megapixels", [144, 900])
def test_huge_image_is_a_clear_error(with_image: TmpCorridor, megapixels: int) -> None:
    side = int((megapixels * 1_000_000) ** 0.5)
    (with_image.root / "sites/images/photo.png").write_bytes(png(side, side, rows=False))
    run = check(with_image)
    assert_clean_failure(run, image_line(with_image))
    assert "megapixel" in run.out


# --- dates and numbers at their edges -------------------------------------------------------


def updated_line(project: TmpCorridor) -> str:
    lines = project.read("sites/corridor.yml").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("updated:"))
    return f"sites/corridor.yml:{number}:10: updated: "


@pytest.mark.parametrize("day", ["1969-12-31", "1900-01-01", "2107-01-01", "9999-12-31"])
def test_updated_date_outside_what_outputs_can_hold_is_an_error(
    fixture_site: Path, tmp_path: Path, day: str
) -> None:
    from tests.conftest import build_site, site_project_like

    project = site_project_like(fixture_site, tmp_path / "project")
    project.replace("sites/corridor.yml", "updated: 2026-01-01", f"updated: {day}")
    assert_clean_failure(check(project), updated_line(project))
    build = build_site(project.root, "--lang", "zh")
    assert_clean_failure(build, updated_line(project))


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("lat: 30.00, lon: 102.80", "lat: .nan, lon: 102.80", "location.lat"),
        ("lat: 30.00, lon: 102.80", "lat: 30.00, lon: .inf", "location.lon"),
        ("lat: 30.00, lon: 102.80", "lat: 1e999, lon: 102.80", "location.lat"),
    ],
)
def test_numbers_that_are_not_finite_are_errors(
    tmp_corridor: TmpCorridor, old: str, new: str, field: str
) -> None:
    tmp_corridor.replace("sites/towns/alpha.yml", old, new)
    run = check(tmp_corridor)
    assert_clean_failure(run)
    assert any(
        line.startswith("sites/towns/alpha.yml:7:") and f": {field}: " in line
        for line in run.out.splitlines()
    ), run.out


def test_price_that_is_infinite_is_an_error(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.replace(
        "sites/towns/alpha.yml",
        "      verified: true\n",
        "      verified: true\n    admission: {free: false, price_yuan: .inf, verified: true}\n",
    )
    run = check(tmp_corridor)
    assert_clean_failure(run)
    assert "price_yuan" in run.out


def test_page_in_docs_linked_from_outside_is_not_published(
    fixture_site: Path, tmp_path: Path, outside: Path
) -> None:
    from tests.conftest import build_site, site_project_like

    project = site_project_like(fixture_site, tmp_path / "project")
    secret = link_from_outside(project.root, "docs/zh/site.md", outside)
    secret.write_text("# 外部秘密\n", encoding="utf-8")
    run = build_site(project.root, "--lang", "zh")
    assert run.code == 1, run.out + run.err
    assert "docs/zh/site.md:1:1: docs/zh/site.md leads outside the project" in run.out
    assert "Traceback" not in run.err
    assert not list((project.root / "build").rglob("*.html"))
