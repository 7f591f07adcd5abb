"""Sign families (`sites/sign-types.yml`): sizes, colours, fonts, language policy, slots.

Everything a sign maker or a policy office might change is data here, not code: the order
and relative size of the scripts (regulations differ between prefectures), the legibility
rule, colours as CMYK with an sRGB preview, and the fonts by family name.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, cast

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from corridor.model import Model, Plain, Slug
from corridor.speech import N_, _

# The languages as sign staff read them in messages and proof labels.
LANGUAGE_NAMES = {"zh": "中文", "bo": "藏文", "en": "英文"}

SIGN_TYPES_FILE = "sites/sign-types.yml"
Language = Literal["zh", "bo", "en"]
Template = Literal["gateway", "nameplate", "directional", "panel", "base"]


def language(code: str) -> Language:
    """A language code (from a policy's `order`) as the key type of the policy's tables."""
    return cast(Language, code)


# WeasyPrint (like Acrobat) handles pages up to 200 inches; larger signs are tiled by the
# sign maker and must be split into panels here.
MAX_SIDE_MM = 5000.0
# Tibetan stacks need room above and below (W3C tlreq); the brief asks for at least 1.8.
MIN_TIBETAN_LINE_HEIGHT = 1.8


class Legibility(Model):
    """The rule that turns a viewing distance into a minimum letter height."""

    cap_height_mm_per_m: float = Field(
        gt=0,
        le=20,
        description=N_("Minimum cap/character height per metre of viewing distance"),
        examples=[2.5],
    )
    source: Plain = Field(
        description=N_("Where the rule comes from, for the docs and proofs"),
        examples=["行业经验：每 10 米视距约 25 毫米字高"],
    )

    def minimum_mm(self, viewing_distance_m: float) -> float:
        """The smallest legible cap height at `viewing_distance_m`.

        >>> Legibility(cap_height_mm_per_m=2.5, source="x").minimum_mm(10)
        25.0
        """
        return self.cap_height_mm_per_m * viewing_distance_m


_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class Colour(Model):
    """A print colour (CMYK percentages) and its sRGB equivalent for screen previews."""

    cmyk: Annotated[
        list[Annotated[float, Field(ge=0, le=100)]], Field(min_length=4, max_length=4)
    ] = Field(description=N_("Cyan, magenta, yellow, black in percent"), examples=[[0, 45, 75, 60]])
    srgb: Annotated[str, Field(pattern=_HEX.pattern)] = Field(
        description=N_("#rrggbb"), examples=["#66381a"]
    )
    note: Plain | None = Field(
        None, description=N_("Where the colour comes from"), examples=["县旅游标识主色"]
    )

    def css_cmyk(self) -> str:
        """The colour for print, as CSS `device-cmyk()` (fractions).

        >>> Colour(cmyk=[0, 40, 70, 65], srgb="#5c3b1e").css_cmyk()
        'device-cmyk(0 0.4 0.7 0.65)'
        """
        parts = " ".join(f"{value / 100:g}" for value in self.cmyk)
        return f"device-cmyk({parts})"


class Font(Model):
    """A font by its fontconfig family name (no generic fallback is ever used)."""

    family: Plain = Field(
        description=N_("Exactly as `fc-list : family` prints it"), examples=["Noto Sans CJK SC"]
    )
    weight: Literal["regular", "bold"] = Field("regular", description=N_("regular or bold"))

    @property
    def css_weight(self) -> int:
        return 700 if self.weight == "bold" else 400


class LanguagePolicy(Model):
    """Order, relative size and arrangement of the languages on a sign."""

    order: Annotated[list[Language], Field(min_length=1)] = Field(
        description=N_("Languages from first (top or left) to last")
    )
    sizes: dict[Language, Annotated[float, Field(gt=0, le=1)]] = Field(
        description=N_("Cap height of each language relative to the slot's nominal size"),
        examples=[{"zh": 1, "bo": 0.9, "en": 0.6}],
    )
    line_heights: dict[Language, Annotated[float, Field(ge=1, le=3)]] = Field(
        description=N_("Line height of each language, as a multiple of its font size"),
        examples=[{"zh": 1.3, "bo": 1.9, "en": 1.25}],
    )
    arrangement: Literal["stacked", "side-by-side"] = Field(
        description=N_("stacked: one language above the next; side-by-side: in columns")
    )
    note: Plain | None = Field(
        None, description=N_("Which regulation the policy follows"), examples=["县默认：中文在上"]
    )

    @model_validator(mode="after")
    def _complete(self) -> LanguagePolicy:
        if len(set(self.order)) != len(self.order):
            raise PydanticCustomError("repeat", _("a language is listed twice in order"), {})
        for name, mapping in (("sizes", self.sizes), ("line_heights", self.line_heights)):
            missing = [lang for lang in self.order if lang not in mapping]
            if missing:
                raise PydanticCustomError(
                    "policy",
                    _("{name} gives no value for {missing}"),
                    {"name": name, "missing": ", ".join(missing)},
                )
        if self.line_heights.get("bo", MIN_TIBETAN_LINE_HEIGHT) < MIN_TIBETAN_LINE_HEIGHT:
            raise PydanticCustomError(
                "policy",
                _("Tibetan needs a line height of at least {minimum} for its stacks"),
                {"minimum": MIN_TIBETAN_LINE_HEIGHT},
            )
        return self


class Slot(Model):
    """One piece of text on a sign, in every language of the policy."""

    name: Slug = Field(description=N_("The slot's name: title, subtitle, body, destination …"))
    shows: Slug = Field(
        description=N_(
            "The record field shown (name, summary, introduction, theme, products), "
            "or the sign's own title, subtitle or body"
        ),
        examples=["name"],
    )
    cap_height_mm: float = Field(
        gt=0,
        le=1000,
        description=N_("Nominal cap height of a language whose size is 1"),
        examples=[60],
    )
    lines: dict[Language, Annotated[int, Field(ge=1, le=60)]] = Field(
        description=N_("Lines each language's box holds at the nominal size"),
        examples=[{"zh": 1, "bo": 1, "en": 2}],
    )
    viewing_distance_m: float | None = Field(
        None,
        gt=0,
        le=500,
        description=N_("Overrides the type's viewing distance for this slot"),
        examples=[3],
    )


class ImageBox(Model):
    """Where a sign's photograph goes, at print size (its pixels must give 150 ppi here)."""

    width_mm: float = Field(gt=0, description=N_("Width at print size"), examples=[400])
    height_mm: float = Field(gt=0, description=N_("Height at print size"), examples=[300])


class QrCode(Model):
    scan_distance_m: float = Field(
        gt=0,
        le=10,
        description=N_("How far away people scan it: the code is about 1/10 of this"),
        examples=[1],
    )
    size_mm: float | None = Field(
        None, gt=0, description=N_("Overrides the computed size"), examples=[40]
    )
    language: Language = Field("zh", description=N_("Which language's page the code opens"))


class SignColours(Model):
    background: Slug = Field(
        description=N_("Background colour: a name from `colours`"), examples=["corridor-brown"]
    )
    text: Slug = Field(description=N_("Text colour: a name from `colours`"), examples=["white"])
    accent: Slug = Field(
        description=N_("Accent colour (rules, arrows): a name from `colours`"),
        examples=["tea-green"],
    )


class SignType(Model):
    """A sign family: one layout, many signs (NPS UniGuide's idea)."""

    id: Slug = Field(description=N_("Permanent id of the sign family, named by signs' `type`"))
    name: Plain = Field(description=N_("What sign makers and staff call it"), examples=["展馆铭牌"])
    template: Template = Field(description=N_("Layout in templates/signs/<template>.html.j2"))
    width_mm: float = Field(gt=0, description=N_("Trim width"), examples=[1200])
    height_mm: float = Field(gt=0, description=N_("Trim height"), examples=[400])
    bleed_mm: float = Field(
        3, ge=0, le=10, description=N_("Artwork beyond the trim on each side"), examples=[3]
    )
    safe_margin_mm: float = Field(
        ge=0, description=N_("No text closer than this to the trim"), examples=[40]
    )
    viewing_distance_m: float = Field(
        gt=0, le=500, description=N_("Typical reading distance"), examples=[10]
    )
    policy: Slug = Field(description=N_("A language policy from `policies`"))
    colours: SignColours = Field(description=N_("The sign's colours, by name"))
    fonts: dict[Language, Font] = Field(description=N_("The font of each language"))
    slots: Annotated[list[Slot], Field(min_length=1)] = Field(
        description=N_("The pieces of text on the sign, at least one")
    )
    qr: QrCode | None = Field(None, description=N_("A QR code to the record's page, if any"))
    image: ImageBox | None = Field(None, description=N_("Room for a photograph, if any"))
    presents: list[Literal["town", "hall", "base"]] = Field(
        default_factory=list,
        description=N_("Which kinds of record a sign of this type presents"),
    )
    note: Plain | None = Field(
        None, description=N_("A note for sign staff"), examples=["GB/T 15566 导向标识"]
    )

    @model_validator(mode="after")
    def _possible(self) -> SignType:
        for side, value in (("width_mm", self.width_mm), ("height_mm", self.height_mm)):
            if value > MAX_SIDE_MM:
                raise PydanticCustomError(
                    "size",
                    _(
                        "{side} is {value} mm; one PDF page holds at most {limit} mm: "
                        "split the sign into panels"
                    ),
                    {"side": side, "value": f"{value:g}", "limit": f"{MAX_SIDE_MM:g}"},
                )
        if 2 * self.safe_margin_mm >= min(self.width_mm, self.height_mm):
            raise PydanticCustomError(
                "size",
                _(
                    "the safe margins ({margin} mm each side) leave no room on a "
                    "{width} × {height} mm sign"
                ),
                {
                    "margin": f"{self.safe_margin_mm:g}",
                    "width": f"{self.width_mm:g}",
                    "height": f"{self.height_mm:g}",
                },
            )
        names = [slot.name for slot in self.slots]
        if len(set(names)) != len(names):
            raise PydanticCustomError("repeat", _("two slots have the same name"), {})
        return self

    def slot(self, name: str) -> Slot | None:
        return next((s for s in self.slots if s.name == name), None)


class PressSettings(Model):
    icc_profile: Annotated[str, Field(pattern=r"^[A-Za-z0-9_./-]+\.ic[cm]$")] | None = Field(
        None,
        description=N_(
            "The printer's CMYK ICC profile (relative to the project folder): "
            "press files become PDF/X-4 with it as output intent"
        ),
        examples=["print/printer.icc"],
    )
    output_condition: Plain | None = Field(
        None, description=N_("e.g. FOGRA39, Japan Color 2001"), examples=["FOGRA39"]
    )


class SignTypes(Model):
    """The whole of `sites/sign-types.yml`."""

    legibility: Legibility = Field(description=N_("The minimum letter height rule"))
    colours: dict[Slug, Colour] = Field(description=N_("Named print colours"))
    policies: dict[Slug, LanguagePolicy] = Field(description=N_("Named language policies"))
    types: Annotated[list[SignType], Field(min_length=1)] = Field(
        description=N_("The sign families, at least one")
    )
    press: PressSettings = Field(
        default_factory=lambda: PressSettings(), description=N_("Settings of press files")
    )

    def type(self, type_id: str) -> SignType | None:
        return next((t for t in self.types if t.id == type_id), None)
