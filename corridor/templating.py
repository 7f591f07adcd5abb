"""Every Jinja environment of ours, in one place: sandboxed and strict.

The rule (see ARCHITECTURE.md, *Text is data*): record text, catalogue text and settings are
values handed to ``render()``, never part of a template's source. The sandbox is the second
wall: should a future change break the rule, a template still cannot reach Python objects
(``lipsum.__globals__``, ``__class__``, mutating methods) — the sandbox refuses them.
"""

from __future__ import annotations

from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment


def environment(loader: jinja2.BaseLoader, **options: Any) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment with `StrictUndefined` (a misspelt name fails the render).

    `options` are Jinja's own (``autoescape``, ``extensions``, ``finalize``, …).
    """
    return ImmutableSandboxedEnvironment(loader=loader, undefined=jinja2.StrictUndefined, **options)


class _ElementEnvironment(ImmutableSandboxedEnvironment):
    """folium's template environment (its `tojavascript` filter), sandboxed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Imported here: folium costs about a second, and the pages never need it.
        from folium.template import tojavascript

        super().__init__(*args, **kwargs)
        self.filters["tojavascript"] = tojavascript


class ElementTemplate(jinja2.Template):
    """The template of a folium/branca element of ours (`_template = ElementTemplate(...)`).

    Only our own code is ever its source. Beware: branca parses what an element's macros
    *render* as the source of a new template (`MacroElement.render` wraps the output in
    ``Element(text)``), with Jinja's plain environment; so no element may render record
    text — the map hands it to the browser as data (`corridor.maps.interactive`).
    """

    environment_class = _ElementEnvironment
