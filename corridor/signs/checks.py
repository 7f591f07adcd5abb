"""Checking signs: sign types, references, fonts and glyphs, images, QR, fit.

`load_signs` reads `sites/sign-types.yml` through the same loader as every record (positions
kept), the catalogues, and resolves every sign; `SignProject.check` adds the checks that need
fonts and layout. `corridor check` and `corridor signs` both report what this finds.
"""

from __future__ import annotations

import difflib
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, UnidentifiedImageError

from corridor.i18n.catalogues import Catalogues, load_catalogues
from corridor.problems import Problem
from corridor.projectfiles import refusal
from corridor.records import Loaded, read_record
from corridor.signs.content import ResolvedSign, SignContent, read_site_url, resolve_signs
from corridor.signs.fonts import REFERENCE_GLYPHS, FontBook
from corridor.signs.qr import MIN_SIZE_MM, qr_size_mm
from corridor.signs.types import LANGUAGE_NAMES, SIGN_TYPES_FILE, SignType, SignTypes, language
from corridor.speech import _
from corridor.urls import LANGUAGES
from corridor.yamlfile import YamlDocument

if TYPE_CHECKING:  # WeasyPrint loads only when a sign is laid out (about 1 s, 60 MB)
    from corridor.signs.layout import SignLayout

MIN_PPI = 150
# Pillow's own limit against decompression bombs: a photograph for a sign needs far less (a
# 1 × 0.6 m box at 150 ppi is 13 megapixels) and each image is decoded in full when checked.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
# The slots each layout draws.
TEMPLATE_SLOTS = {
    "gateway": ("title",),
    "nameplate": ("title",),
    "directional": ("destination",),
    "panel": ("title", "body"),
    "base": ("title", "products"),
}


@dataclass
class SignProject:
    """Everything `corridor check` and `corridor signs` know about the signs."""

    root: Path
    loaded: Loaded
    sign_types: SignTypes | None
    catalogues: Catalogues
    site_url: str | None
    signs: list[ResolvedSign]
    problems: list[Problem]  # about types, config, catalogues: not one sign's
    type_problems: dict[str, list[Problem]] = field(default_factory=dict)
    fontbook: FontBook = field(default_factory=FontBook)
    files: list[str] = field(default_factory=list)

    def sign_problems(self, resolved: ResolvedSign) -> list[Problem]:
        """The problems that stop one sign: its own and its type's."""
        return [*resolved.problems, *self.type_problems.get(resolved.type_id, [])]

    def layout(self) -> SignLayout:
        from corridor.signs.layout import SignLayout

        assert self.sign_types is not None
        return SignLayout(self.root, self.sign_types, self.fontbook)

    def static_problems(self, content: SignContent) -> list[Problem]:
        """Checks that need no layout: glyphs in the named fonts, image resolution."""
        document = self.loaded.documents.get(content.file)
        return [
            *_glyph_problems(content, self.fontbook),
            *_image_problems(self.root, content, document),
        ]


def load_signs(root: Path, loaded: Loaded) -> SignProject:
    """Read the sign types and resolve every sign (no layout yet)."""
    has_signs = loaded.corridor is not None and any(t.signs for t in loaded.corridor.towns)
    catalogues, catalogue_problems = load_catalogues(root, LANGUAGES)
    project = SignProject(root, loaded, None, catalogues, read_site_url(root), [], [])
    if not (root / SIGN_TYPES_FILE).is_file():
        if has_signs:
            project.problems.append(
                Problem(
                    SIGN_TYPES_FILE,
                    1,
                    1,
                    "",
                    _("the sign types file is missing"),
                    _("signs in the town files name types defined there"),
                )
            )
        return project
    project.files.append(SIGN_TYPES_FILE)
    sign_types, document, problems = read_record(root, SIGN_TYPES_FILE, SignTypes)
    project.problems.extend(problems)
    if sign_types is None or document is None:
        return project
    project.sign_types = sign_types
    for index, sign_type in enumerate(sign_types.types):
        found = _type_problems(root, sign_types, index, sign_type, document, project.fontbook)
        if found:
            project.type_problems[sign_type.id] = found
    project.problems.extend(_press_problems(root, sign_types, document))
    if loaded.corridor is None:
        return project
    project.signs = resolve_signs(loaded, sign_types, catalogues, project.site_url)
    project.problems.extend(catalogue_problems)
    wants_qr = any(
        (t := sign_types.type(s.type_id)) is not None and t.qr is not None for s in project.signs
    )
    if wants_qr and project.site_url is None:
        project.problems.append(
            Problem(
                "mkdocs.yml",
                1,
                1,
                "site_url",
                _("site_url is not set: QR codes on signs need the site's permanent address"),
                _("add e.g. site_url: https://example.org/ to mkdocs.yml"),
            )
        )
    return project


def _type_problems(
    root: Path,
    sign_types: SignTypes,
    index: int,
    sign_type: SignType,
    document: YamlDocument,
    fontbook: FontBook,
) -> list[Problem]:
    at = ("types", index)
    problems = []
    policy = sign_types.policies.get(sign_type.policy)
    if policy is None:
        problems.append(
            document.problem(
                (*at, "policy"),
                _("unknown language policy `{policy}`").format(policy=sign_type.policy),
                _("policies: {names}").format(names=", ".join(sign_types.policies)),
            )
        )
    for role in ("background", "text", "accent"):
        name = getattr(sign_type.colours, role)
        if name not in sign_types.colours:
            problems.append(
                document.problem(
                    (*at, "colours", role),
                    _("unknown colour `{name}`").format(name=name),
                    _("colours: {names}").format(names=", ".join(sign_types.colours)),
                )
            )
    families = fontbook.families()
    for lang, font in sign_type.fonts.items():
        if font.family not in families:
            close = difflib.get_close_matches(font.family, sorted(families), n=1, cutoff=0.6)
            problems.append(
                document.problem(
                    (*at, "fonts", lang, "family"),
                    _("unknown font `{family}`: fontconfig (fc-list) does not know it").format(
                        family=font.family
                    ),
                    _("did you mean `{name}`?").format(name=close[0])
                    if close
                    else _("install it (see scripts/debian-packages.txt) or name an installed one"),
                )
            )
            continue
        face = fontbook.face(font, lang)
        if face is None or face.missing(REFERENCE_GLYPHS[lang]):
            problems.append(
                document.problem(
                    (*at, "fonts", lang, "family"),
                    _("font `{family}` ({weight}) has no {language} letters").format(
                        family=font.family, weight=font.weight, language=LANGUAGE_NAMES[lang]
                    ),
                )
            )
    names = {slot.name for slot in sign_type.slots}
    for needed in TEMPLATE_SLOTS[sign_type.template]:
        if needed not in names:
            problems.append(
                document.problem(
                    (*at, "slots"),
                    _("a {layout} layout needs a slot named `{slot}`").format(
                        layout=sign_type.template, slot=needed
                    ),
                )
            )
    if policy is None:
        return problems
    for lang in policy.order:
        if lang not in sign_type.fonts:
            problems.append(
                document.problem(
                    (*at, "fonts"),
                    _("no font for {lang} (the policy shows it)").format(lang=lang),
                )
            )
    if problems:
        return problems
    from corridor.signs.layout import SignLayout

    layout = SignLayout(root, sign_types, fontbook)
    for j, slot in enumerate(sign_type.slots):
        missing = [lang for lang in policy.order if lang not in slot.lines]
        if missing:
            problems.append(
                document.problem(
                    (*at, "slots", j, "lines"),
                    _("no line count for {languages}").format(languages=", ".join(missing)),
                )
            )
        lowest = layout.minimum_scale(sign_type, slot)
        if lowest > 1:
            distance = slot.viewing_distance_m or sign_type.viewing_distance_m
            minimum = sign_types.legibility.minimum_mm(distance)
            small = min(policy.order, key=lambda lang: policy.sizes[lang])
            problems.append(
                document.problem(
                    (*at, "slots", j, "cap_height_mm"),
                    _(
                        "{language} ({lang}) at {size} × {cap} mm = {height} mm is below the "
                        "legibility minimum of {minimum} mm for {distance} m viewing distance"
                    ).format(
                        language=LANGUAGE_NAMES[small],
                        lang=small,
                        size=f"{policy.sizes[small]:g}",
                        cap=f"{slot.cap_height_mm:g}",
                        height=f"{policy.sizes[small] * slot.cap_height_mm:.0f}",
                        minimum=f"{minimum:.0f}",
                        distance=f"{distance:g}",
                    ),
                    _("raise cap_height_mm to at least {height}").format(
                        height=f"{slot.cap_height_mm * lowest:.0f}"
                    ),
                )
            )
    if sign_type.qr is not None:
        size = qr_size_mm(sign_type.qr)
        wanted = max(MIN_SIZE_MM, sign_type.qr.scan_distance_m * 100)
        if size < wanted - 0.05:
            problems.append(
                document.problem(
                    (*at, "qr", "size_mm"),
                    _(
                        "a QR code scanned from {distance} m must be at least {wanted} mm "
                        "(20 mm and a tenth of the distance), not {size} mm"
                    ).format(
                        distance=f"{sign_type.qr.scan_distance_m:g}",
                        wanted=f"{wanted:.0f}",
                        size=f"{size:g}",
                    ),
                )
            )
    return problems


def _press_problems(root: Path, sign_types: SignTypes, document: YamlDocument) -> list[Problem]:
    profile = sign_types.press.icc_profile
    if profile is not None and not (root / profile).is_file():
        return [
            document.problem(
                ("press", "icc_profile"),
                _("the ICC profile {file} does not exist").format(file=profile),
                _("give its path relative to the project folder, or set icc_profile: null"),
            )
        ]
    return []


def _glyph_problems(content: SignContent, fontbook: FontBook) -> list[Problem]:
    problems = []
    for slot_name, block in content.texts():
        font = content.type.fonts[language(block.text_lang)]
        face = fontbook.face(font, block.text_lang)
        if face is None:
            continue
        missing = face.missing(block.plain)
        if missing:
            shown = ", ".join(f"“{c}” U+{ord(c):04X}" for c in missing[:5])
            problems.append(
                Problem(
                    content.file,
                    content.line,
                    1,
                    "",
                    _(
                        "sign `{sign}`: font `{family}` has no glyph for {characters} in the "
                        "{lang} text of slot {slot} (it would print as tofu)"
                    ).format(
                        sign=content.sign.id,
                        family=font.family,
                        characters=shown,
                        lang=block.lang,
                        slot=slot_name,
                    ),
                    _("correct the text, or name a font that covers it"),
                )
            )
    return problems


def _image_problems(
    root: Path, content: SignContent, document: YamlDocument | None
) -> list[Problem]:
    image, box = content.sign.image, content.type.image
    if image is None:
        return []
    # At the file name itself (signs[2].image.file), where the editor types the fix.
    index = re.fullmatch(r"signs\[(\d+)\]", content.field)
    at = ("signs", int(index[1]), "image", "file") if index else ()
    line, column = content.line, content.column
    if document is not None and at:
        position = document.position(at)
        line, column = position.line, position.column
    field = f"{content.field}.image.file" if index else "image.file"

    def problem(message: str, hint: str | None = None) -> Problem:
        return Problem(content.file, line, column, field, message, hint)

    if box is None:
        return [
            problem(_("sign type {type} has no room for an image").format(type=content.type.id))
        ]
    pixels, trouble, hint = inspect_image(root, image.file)
    if pixels is None:
        return [problem(trouble or "", hint)]
    # The picture covers its box (cropped to fill it), so the tighter axis decides.
    ppi = min(pixels[0] / (box.width_mm / 25.4), pixels[1] / (box.height_mm / 25.4))
    if ppi < MIN_PPI:
        return [
            problem(
                _(
                    "sign `{sign}`: the image {file} ({width} × {height} px) prints at {ppi} ppi "
                    "in its {box_width} × {box_height} mm box; at least {minimum} ppi is needed"
                ).format(
                    sign=content.sign.id,
                    file=f"sites/{image.file}",
                    width=pixels[0],
                    height=pixels[1],
                    ppi=f"{ppi:.0f}",
                    box_width=f"{box.width_mm:g}",
                    box_height=f"{box.height_mm:g}",
                    minimum=MIN_PPI,
                ),
                _("use an image of at least {width} × {height} px").format(
                    width=f"{box.width_mm / 25.4 * MIN_PPI:.0f}",
                    height=f"{box.height_mm / 25.4 * MIN_PPI:.0f}",
                ),
            )
        ]
    return []


def inspect_image(root: Path, file: str) -> tuple[tuple[int, int] | None, str | None, str | None]:
    """A sign image's size in pixels once fully checked, else (None, what is wrong, hint).

    `file` is relative to sites/. The image must be inside the project, at most `MAX_PIXELS`
    and decode completely; the layout embeds only images that pass (`SignLayout`).
    """
    path = root / "sites" / file
    display = f"sites/{file}"
    refused = refusal(path, display)
    if refused is not None:
        return None, refused, _("put the image under sites/, e.g. sites/images/")
    if not path.exists():
        return None, _("the image {file} does not exist").format(file=display), None
    too_large = (
        _("{file} is larger than {limit} megapixels").format(
            file=display, limit=f"{MAX_PIXELS / 1e6:.0f}"
        ),
        _("scale it down: {ppi} ppi at the size it prints is enough").format(ppi=MIN_PPI),
    )
    try:
        # Pillow warns about large images and raises above twice its limit: ours to say, once.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as picture:
                pixels = picture.size
                if pixels[0] * pixels[1] > MAX_PIXELS:
                    return None, *too_large
                # verify() checks the file's structure (chunk checksums, truncation) even
                # where WeasyPrint has told Pillow to accept truncated images; load() decodes.
                picture.verify()
            with Image.open(path) as picture:
                picture.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None, *too_large
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None, _("{file} is not a readable PNG or JPEG").format(file=display), None
    return pixels, None, None
