"""The website's own settings, `sites/website.yml`: filing number, publisher, search terms.

Kept apart from the corridor records because it is about the publication, not the place; it
is read with the same strict loader, so a mistake is reported at its file and line like any
record problem. The publisher's name is `Text` (translated through the catalogues).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field

from corridor.model import Format, Model, Text, Url
from corridor.problems import Problem
from corridor.records import SITES, validate_document
from corridor.speech import N_
from corridor.yamlfile import read_yaml

WEBSITE_FILE = f"{SITES}/website.yml"

IcpNumber = Annotated[
    str,
    Format(
        r"[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新]ICP备\d{8,10}号(?:-\d{1,3})?",
        N_("an ICP filing number such as 蜀ICP备12345678号-1"),
        "蜀ICP备12345678号-1",
    ),
]
# A proper noun for the Chinese search segmenter: Han characters only, 2 to 12 of them.
SearchTerm = Annotated[
    str, Format(r"[\u4e00-\u9fff]{2,12}", N_("2 to 12 Chinese characters"), "甘溪坡")
]


class Filing(Model):
    """The ICP filing shown in every page's footer, as the law requires of sites in China."""

    icp: IcpNumber = Field(description=N_("The ICP filing number, as issued"))
    url: Url = Field(
        "https://beian.miit.gov.cn/", description=N_("Where the number can be checked")
    )
    sample: bool = Field(description=N_("true while the number is a placeholder, not the real one"))


class Publisher(Model):
    name: Text = Field(
        description=N_("The office that publishes the site (its host unit)"),
        examples=["天全县人民政府办公室"],
    )
    sample: bool = Field(description=N_("true while the office is a placeholder"))


class WebsiteConfig(Model):
    """`sites/website.yml`."""

    filing: Filing = Field(description=N_("The ICP filing shown in the footer"))
    publisher: Publisher = Field(description=N_("Who publishes the site"))
    search_terms: list[SearchTerm] = Field(
        default_factory=list,
        description=N_("Proper nouns search must keep whole, beyond those taken from the records"),
        examples=[["甘溪坡", "二郎山隧道"]],
    )


def load_website(root: Path) -> tuple[WebsiteConfig | None, list[Problem]]:
    """Read and validate `sites/website.yml`; every problem is returned, none raised."""
    document, problems = read_yaml(root / WEBSITE_FILE, WEBSITE_FILE)
    if document is None:
        return None, problems
    config, errors = validate_document(document, WebsiteConfig)
    return config, [*problems, *errors]
