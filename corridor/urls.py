"""Permanent URLs: every town, hall and base has a path made from its id, and only its id.

Sign QR codes point at these paths, so they must never change when a record's Chinese name
(or any other field) changes. Paths are relative to a language's root: the Chinese site is at
the site root, Tibetan under ``bo/``, English under ``en/`` (see `language_prefix`).
"""

from __future__ import annotations

SOURCE_LANGUAGE = "zh"


def town_url(town_id: str) -> str:
    """
    >>> town_url("sijing")
    'towns/sijing/'
    """
    return f"towns/{town_id}/"


def hall_url(hall_id: str) -> str:
    """
    >>> hall_url("ganxipo")
    'halls/ganxipo/'
    """
    return f"halls/{hall_id}/"


def base_url(base_id: str) -> str:
    """
    >>> base_url("sijing-tea")
    'bases/sijing-tea/'
    """
    return f"bases/{base_id}/"


def language_prefix(lang: str) -> str:
    """Where a language's site lives, relative to the site root.

    >>> language_prefix("zh"), language_prefix("bo")
    ('', 'bo/')
    """
    return "" if lang == SOURCE_LANGUAGE else f"{lang}/"
