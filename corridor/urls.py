"""The site's permanent page addresses, made from record ids in one place.

Every output that links to a record (the website's pages and navigation, map popups, the strip
map, the open-data GeoJSON, the QR codes on signs) takes its address from here, so a page
never moves because one output spelt it differently. Ids are permanent (see records.py), so
these addresses are too.

Paths are relative to a language's root: Chinese (the source) at the site root, Tibetan under
``bo/`` and English under ``en/``.
"""

from __future__ import annotations

from typing import Literal

PlaceKind = Literal["town", "hall", "base"]
"""What a record is: a town or township, an exhibition hall, an industry base."""

# The site's languages, the source first, and the folder of each: the one list of them.
LANGUAGE_ROOTS: dict[str, str] = {"zh": "", "bo": "bo/", "en": "en/"}
LANGUAGES: tuple[str, ...] = tuple(LANGUAGE_ROOTS)
_KIND_FOLDERS: dict[PlaceKind, str] = {"town": "towns", "hall": "halls", "base": "bases"}


def language_root(language: str) -> str:
    """The folder of a language's pages, relative to the site root.

    >>> language_root("zh"), language_root("bo")
    ('', 'bo/')
    """
    return LANGUAGE_ROOTS[language]


def page_path(kind: PlaceKind, place_id: str) -> str:
    """A record's page, relative to its language's root (a folder: the URL ends in /).

    >>> page_path("town", "shiyang"), page_path("hall", "ganxipo")
    ('towns/shiyang/', 'halls/ganxipo/')
    """
    return f"{_KIND_FOLDERS[kind]}/{place_id}/"


def page_url(site_url: str, language: str, kind: PlaceKind, place_id: str) -> str:
    """A record's page in a language, under `site_url` (absolute, or "/" for root-relative).

    >>> page_url("https://example.org/g318/", "bo", "base", "shiyang-tea")
    'https://example.org/g318/bo/bases/shiyang-tea/'
    >>> page_url("/", "zh", "town", "labahe")
    '/towns/labahe/'
    """
    base = site_url if site_url.endswith("/") else site_url + "/"
    return f"{base}{language_root(language)}{page_path(kind, place_id)}"
