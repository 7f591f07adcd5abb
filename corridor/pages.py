"""Records → Markdown pages, one set per language, from `templates/pages/*.md.j2`.

The website's pages are rendered here and handed to mkdocs by the plugin (the only module that
imports mkdocs). Everything a page says comes from the records, through the catalogues:

* record text goes through `Catalogues.translate`: a Tibetan page shows Tibetan; a missing or
  fuzzy translation shows the Chinese source inside ``lang="zh"`` with a "translation
  pending" tag; an unreviewed (e.g. machine) translation is marked when review markers are on;
* template text goes through gettext (Jinja's i18n extension), from the same catalogues;
* every value a template prints is escaped for Markdown *and* HTML (`finalize`), so a record
  holding ``<script>``, ``{{ }}``, ``**bold**`` or ``[link](…)`` reads as literal text on the
  page and in the search index. Only `Markup` made here (spans, paragraphs) passes unescaped.

Templates use `StrictUndefined`: a misspelt variable fails the build, and `TemplateError`
names the template file and line.
"""

from __future__ import annotations

import re
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from babel.support import NullTranslations
from markupsafe import Markup

from corridor import templating
from corridor.history import last_commit_dates
from corridor.i18n.catalogues import (
    SOURCE_LANGUAGE,
    Catalogues,
    State,
    Translation,
    load_catalogues,
)
from corridor.i18n.formatting import day_name, day_ranges, format_date, format_number, format_time
from corridor.i18n.messages import context, document_messages, file_record
from corridor.maps import corridor_places
from corridor.model import (
    Corridor,
    Day,
    Hall,
    IndustryBase,
    Location,
    Source,
    Town,
    record_key,
    town_places,
)
from corridor.opendata import DATA_DIR
from corridor.opendata import FILES as OPEN_DATA_FILES
from corridor.problems import Problem, sort_problems
from corridor.records import CORRIDOR_FILE, TOWNS_DIR, Loaded, load_corridor
from corridor.site_maps import MAP_PAGE, root_from
from corridor.speech import _
from corridor.urls import LANGUAGES, language_root, page_path
from corridor.website import WEBSITE_FILE, WebsiteConfig, load_website

TEMPLATES_DIR = "templates/pages"
# Folders whose changes change pages: the dates pages show come from their git history.
DATA_FOLDERS = ("sites", "docs", "translations")
# The site's languages in the order the switcher lists them; the source language first.
# Each language's name in itself, for the language switcher.
LANGUAGE_NAMES = {"zh": "中文", "bo": "བོད་ཡིག", "en": "English"}

# ASCII characters that mean something to Markdown anywhere in a line (emphasis, code, links,
# attr_list braces, escapes, tables' pipes): in record text they are written as numeric
# character references, which Markdown leaves alone and browsers and the search indexer read
# back as the plain character. `<`, `>` and `&` become entities as in any HTML.
_MARKDOWN_ACTIVE = "\\`*_{}[]|"
# Quotes too: the theme prints some of this text into attributes unescaped (Material's
# `aria-label="{{ config.site_name }}"`), where a quote would end the attribute.
_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        **{c: f"&#{ord(c)};" for c in _MARKDOWN_ACTIVE},
    }
)
# What makes a block only at the start of a line: lists (1. - +), headings (#, ===),
# quotes (>) and indented code.
_LINE_START = re.compile(r"^(\s*)(\d+\.|[-+#=>])")
# Line breaks and runs of spaces become one space; no-break spaces (U+202F in English times)
# stay.
_SPACE = re.compile(r"[ \t\r\n]+")


def markdown_text(text: str) -> Markup:
    """Text that reads literally wherever it lands in Markdown: inline, in a heading or in HTML.

    >>> str(markdown_text("<b>x</b> **y** {{ z }}"))
    '&lt;b&gt;x&lt;/b&gt; &#42;&#42;y&#42;&#42; &#123;&#123; z &#125;&#125;'
    >>> str(markdown_text("1. item & more")), str(markdown_text("- Tea-Horse Road"))
    ('1&#46; item &amp; more', '&#45; Tea-Horse Road')
    """
    # One line, spaces kept at the ends ("Location: " + value).
    text = _SPACE.sub(" ", text).translate(_ESCAPES)
    if match := _LINE_START.match(text):
        marker = match[2]
        text = match[1] + marker[:-1] + f"&#{ord(marker[-1])};" + text[match.end() :]
    return Markup(text)


def _escape_value(value: Any) -> Any:
    """Jinja's `finalize`: every printed value is escaped unless it is already `Markup`."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return markdown_text(str(value))


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """One Markdown page for mkdocs: where it goes and what it says."""

    src: str  # "towns/sijing/index.md", relative to the language's docs
    markdown: str
    data_file: str  # the record file whose change dates the page ("sites/towns/sijing.yml")


@dataclass(frozen=True, slots=True)
class NavEntry:
    """A navigation item: a page (`src`) or a section (`children`); `title` is escaped HTML."""

    title: str | None
    src: str | None = None
    children: tuple[NavEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class PageOptions:
    """How pages are rendered: the language and whether review markers show."""

    lang: str
    review_markers: bool = True
    # The "data last changed" date of each input file (from git), by POSIX path.
    changed: dict[str, date] = field(default_factory=dict)


class TemplateError(Exception):
    """A template failed to render; `problem` names the template file and line."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.render())
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Record:
    """A record as templates see it: the model plus the key its messages are filed under."""

    key: str
    model: Any
    town: Town | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)


@dataclass
class PageText:
    """Translates record text for one page and remembers how sure each piece is."""

    catalogues: Catalogues
    lang: str
    review_markers: bool
    pending_label: str = ""
    states: Counter[State] = field(default_factory=Counter)
    machine: int = 0

    def translate(self, record: Record, path: str) -> Translation:
        source = _lookup(record.model, path)
        if not isinstance(source, str):
            raise TypeError(f"{record.key}:{path} is not text")
        translation = self.catalogues.translate(self.lang, context(record.key, path), source)
        if self.lang != SOURCE_LANGUAGE:
            self.states[translation.state] += 1
            self.machine += translation.machine and not translation.fallback
        return translation

    def name(self, record: Record, path: str = "name") -> Markup:
        """A record field in a heading or link: the text, in its language, without tags."""
        translation = self.translate(record, path)
        return _span(translation, self._attributes(translation))

    def inline(self, record: Record, path: str) -> Markup:
        """A record field as inline text, with a "translation pending" tag if it is Chinese."""
        translation = self.translate(record, path)
        text = _span(translation, self._attributes(translation))
        if translation.fallback:
            text += Markup(' <small class="corridor-pending">{}</small>').format(self.pending_label)
        return text

    def paragraphs(self, record: Record, path: str) -> Markup:
        """A multi-line record field: one HTML paragraph per line of the text."""
        translation = self.translate(record, path)
        attributes = self._attributes(translation)
        lines = [line for line in translation.text.splitlines() if line.strip()]
        html = [f"<p{attributes}>{markdown_text(line)}</p>" for line in lines]
        if translation.fallback:
            html.insert(0, f'<p class="corridor-pending">{self.pending_label}</p>')
        return Markup("\n\n".join(html))

    @property
    def pending(self) -> int:
        return self.states[State.UNTRANSLATED] + self.states[State.FUZZY]

    @property
    def unreviewed(self) -> int:
        return self.states[State.UNREVIEWED]

    def _attributes(self, translation: Translation) -> str:
        if translation.fallback:
            return f' lang="{translation.text_lang}" class="corridor-fallback"'
        if self.review_markers and translation.state is State.UNREVIEWED:
            return ' class="corridor-unreviewed"'
        return ""


def _span(translation: Translation, attributes: str) -> Markup:
    text = markdown_text(translation.text)
    return Markup(f"<span{attributes}>{text}</span>") if attributes else text


def _lookup(model: Any, path: str) -> Any:
    """A field by dotted path with list indexes: ``opening.note``, ``products[1]``."""
    value = model
    for part in path.split("."):
        name, _, index = part.partition("[")
        value = getattr(value, name)
        if index:
            value = value[int(index.rstrip("]"))]
    return value


def environment(root: Path, translations: NullTranslations) -> jinja2.Environment:
    """The Jinja environment for page templates (`Site.environment` makes one per build).

    `_()` returns the translated template string escaped like record text: a translator's
    string is text, never markup; its `%(name)s` values are escaped too unless `Markup`.
    """
    env = templating.environment(
        jinja2.FileSystemLoader(root / TEMPLATES_DIR),
        extensions=["jinja2.ext.i18n"],
        finalize=_escape_value,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    def gettext(message: str, **values: Any) -> Markup:
        text = markdown_text(translations.gettext(message))
        return text % {k: _escape_value(v) for k, v in values.items()} if values else text

    def ngettext(singular: str, plural: str, n: int, **values: Any) -> Markup:
        text = markdown_text(translations.ngettext(singular, plural, n))
        return text % {"num": n, **{k: _escape_value(v) for k, v in values.items()}}

    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
    return env


@dataclass
class Site:
    """Everything a build of one language needs to render its pages."""

    root: Path
    loaded: Loaded
    corridor: Corridor
    website: WebsiteConfig
    catalogues: Catalogues
    options: PageOptions
    # The map slot: (scope, id) → HTML for the corridor map ("corridor", None) or a town's
    # map ("town", id). Empty until the map module fills it (see ARCHITECTURE.md, Website).
    map_html: Callable[[str, str | None], Markup] = field(
        default=lambda scope, record_id: Markup("")
    )
    _environment: jinja2.Environment | None = field(default=None, init=False, repr=False)

    @property
    def lang(self) -> str:
        return self.options.lang

    # The record lists every page's template may use: made once per build, not per page
    # (per page they made a 300-town site quadratic: 14 s of a 97 s Tibetan build).
    @cached_property
    def town_records(self) -> tuple[Record, ...]:
        return tuple(town_record(t) for t in self.corridor.towns)

    @cached_property
    def hall_records(self) -> tuple[Record, ...]:
        return tuple(place_record(t, "halls", h) for t in self.corridor.towns for h in t.halls)

    @cached_property
    def base_records(self) -> tuple[Record, ...]:
        return tuple(place_record(t, "bases", b) for t in self.corridor.towns for b in t.bases)

    def data_changed(self, data_file: str) -> date:
        """When `data_file` last changed: its last commit, else the corridor's `updated`."""
        return self.options.changed.get(data_file, self.corridor.info.updated)

    def environment(self) -> jinja2.Environment:
        """This build's Jinja environment, made on first use.

        One per `Site` (one per build): templates compile once per build instead of once per
        snippet — the "last changed" line is rendered for every page — and a new build (as
        `mkdocs serve` makes on every change) gets a new environment, so edits are seen.
        """
        if self._environment is None:
            self._environment = environment(self.root, self.catalogues.gettext(self.lang))
        return self._environment


def load_site(
    root: Path, lang: str, *, review_markers: bool = True
) -> tuple[Site | None, list[Problem]]:
    """Read records, website settings and catalogues for a build of `lang`.

    The site is returned only when nothing is in error; every problem is returned.
    """
    loaded = load_corridor(root)
    website, website_problems = load_website(root)
    catalogues, catalogue_problems = load_catalogues(root, list(LANGUAGES))
    problems = sort_problems([*loaded.problems, *website_problems, *catalogue_problems])
    if any(p.is_error for p in problems) or loaded.corridor is None or website is None:
        return None, problems
    options = PageOptions(
        lang=lang,
        review_markers=review_markers,
        changed=last_commit_dates(root, DATA_FOLDERS),
    )
    return Site(root, loaded, loaded.corridor, website, catalogues, options), problems


# Where a page's notices (translation state) go once the whole page has been rendered.
NOTICES = "<!-- corridor:notices -->"


def render_pages(site: Site) -> list[GeneratedPage]:
    """Every generated page of one language. Raises `TemplateError` on a template error."""
    env = site.environment()
    corridor = site.corridor
    pages: list[GeneratedPage] = []
    pending_label = str(labels(site, env).pending)

    def render(template: str, src: str, data_file: str, **values: Any) -> None:
        text = PageText(site.catalogues, site.lang, site.options.review_markers, pending_label)
        values = {"open_data": open_data_links(src, site.lang), **values}
        body = _render(env, site.root, template, _globals(site, text, data_file, values))
        notice = _render(
            env, site.root, "_notices.html.j2", _globals(site, text, data_file, {"page": text})
        )
        pages.append(GeneratedPage(src, body.replace(NOTICES, notice.strip()), data_file))

    town_files = _town_files(corridor)
    render("home.md.j2", "index.md", CORRIDOR_FILE)
    render(
        "map.md.j2",
        src_path(MAP_PAGE),
        _newest(site, [CORRIDOR_FILE, *town_files]),
        map_states=map_text_states(site),
    )
    render("towns.md.j2", "towns/index.md", CORRIDOR_FILE)
    render("halls.md.j2", "halls/index.md", CORRIDOR_FILE)
    render("bases.md.j2", "bases/index.md", CORRIDOR_FILE)
    for town in corridor.towns:
        town_file = f"{TOWNS_DIR}/{town.id}.yml"
        render(
            "town.md.j2", src_path(page_path("town", town.id)), town_file, town=town_record(town)
        )
        for entry in town_places(town):
            if entry.position:
                name, record = entry.kind, entry.record
                assert isinstance(record, Hall | IndustryBase)
                values = {
                    "town": town_record(town),
                    name: place_record(town, entry.position[0], record),
                }
                render(f"{name}.md.j2", src_path(entry.page), town_file, **values)
    render("visiting.md.j2", "visiting/index.md", _newest(site, town_files))
    render(
        "about-data.md.j2",
        "about-data/index.md",
        _newest(site, [CORRIDOR_FILE, WEBSITE_FILE, *town_files]),
        review=review_summary(site),
    )
    return pages


def open_data_links(src: str, lang: str) -> dict[str, str]:
    """The site-wide open-data files (written once, above the language folders), by name, as
    links from the page built from `src`.

    >>> open_data_links("about-data/index.md", "bo")["places.csv"]
    '../../data/places.csv'
    >>> open_data_links("index.md", "zh")["corridor.geojson"]
    'data/corridor.geojson'
    """
    # The site's root is one folder above the language's (none for Chinese); a page's source
    # `a/index.md` has as many folders as its URL `a/`.
    up = root_from(language_root(lang) + src)
    return {name: f"{up}{DATA_DIR}/{name}" for name in OPEN_DATA_FILES}


def map_text_states(site: Site) -> dict[str, int]:
    """How many of the record texts the map shows (names, summaries) are in each review state
    in the site's language: the map page says how many are unreviewed or not yet translated,
    as other pages mark them in place."""
    counts: Counter[str] = Counter()
    for place in corridor_places(site.corridor):
        for path in ("name", "summary"):
            source = getattr(place, path)
            state = site.catalogues.translate(site.lang, f"{place.context}:{path}", source).state
            counts[state.value] += 1
    return dict(counts)


def render_snippet(site: Site, template: str, data_file: str = "", **values: Any) -> Markup:
    """A piece of HTML for the theme (footer, "last changed"), from `templates/pages/`."""
    env = site.environment()
    text = PageText(site.catalogues, site.lang, site.options.review_markers)
    return Markup(_render(env, site.root, template, _globals(site, text, data_file, values)))


def labels(site: Site, env: jinja2.Environment | None = None) -> Any:
    """Interface words the plugin needs outside pages (nav section titles, tags), as a module.

    They live in `templates/pages/_labels.j2` so Babel extracts them with the rest.
    """
    env = env or site.environment()
    text = PageText(site.catalogues, site.lang, review_markers=False)
    try:
        return env.get_template("_labels.j2").make_module(_globals(site, text, "", {}))
    except Exception:
        # Same reporting as a page (file and line), by rendering it the usual way.
        _render(env, site.root, "_labels.j2", _globals(site, text, "", {}))
        raise


def _render(env: jinja2.Environment, root: Path, name: str, values: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(values)
    except jinja2.TemplateSyntaxError as error:
        file = _template_display(root, error.filename, name)
        raise TemplateError(
            Problem(
                file,
                error.lineno,
                1,
                "",
                _("template syntax error: {reason}").format(reason=error.message),
            )
        ) from error
    except jinja2.TemplateNotFound as error:
        raise TemplateError(
            Problem(
                f"{TEMPLATES_DIR}/{name}",
                1,
                1,
                "",
                _("template not found: {name}").format(name=error.name),
            )
        ) from error
    except Exception as error:
        # Jinja rewrites tracebacks so template frames carry the template's file and line;
        # the innermost template frame is where the error is.
        file, line = f"{TEMPLATES_DIR}/{name}", 1
        for frame, lineno in traceback.walk_tb(error.__traceback__):
            filename = frame.f_code.co_filename
            if filename.endswith(".j2"):
                file, line = _template_display(root, filename, name), lineno
        # Jinja's own words ("'town' is undefined") stay as it says them.
        message = (
            _("undefined: {reason}").format(reason=error.message)
            if isinstance(error, jinja2.UndefinedError)
            else f"{type(error).__name__}: {error}"
        )
        raise TemplateError(Problem(file, line, 1, "", message)) from error


def _template_display(root: Path, filename: str | None, name: str) -> str:
    if not filename:
        return f"{TEMPLATES_DIR}/{name}"
    try:
        return Path(filename).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return filename


def src_path(url: str) -> str:
    """The Markdown source behind a permanent URL.

    >>> src_path("halls/ganxipo/")
    'halls/ganxipo/index.md'
    """
    return f"{url}index.md"


def town_record(town: Town) -> Record:
    return Record(record_key(town.id), town)


def place_record(town: Town, kind: str, place: Hall | IndustryBase) -> Record:
    return Record(record_key(town.id, kind, place.id), place, town)


def _town_files(corridor: Corridor) -> list[str]:
    return [f"{TOWNS_DIR}/{town.id}.yml" for town in corridor.towns]


def _newest(site: Site, files: Sequence[str]) -> str:
    """The file among `files` that changed last (a page built from several files)."""
    return max(files, key=lambda f: (site.data_changed(f), f))


_HAN = re.compile(r"[\u3400-\u9fff]")


def _globals(site: Site, text: PageText, data_file: str, values: dict[str, Any]) -> dict[str, Any]:
    corridor = site.corridor
    lang = site.lang

    def link(url: str) -> Markup:
        # Links name the Markdown source from the docs root, so mkdocs checks them strictly
        # and writes them relative to each page. Ids are slugs: nothing in them to escape.
        return Markup("/" + src_path(url))

    def as_written(value: str) -> Markup:
        # Text printed as written (citations): Chinese on a Tibetan page is marked as such.
        escaped = markdown_text(value)
        if lang != SOURCE_LANGUAGE and _HAN.search(value):
            return Markup('<span lang="zh">{}</span>').format(escaped)
        return escaped

    return {
        "lang": lang,
        "is_source": lang == SOURCE_LANGUAGE,
        "review_markers": site.options.review_markers,
        "corridor": Record("corridor", corridor.info),
        "route": site.loaded.route,
        "towns": site.town_records,
        "halls": site.hall_records,
        "bases": site.base_records,
        "website": Record("website", site.website),
        "name": text.name,
        "tr": text.inline,
        "paragraphs": text.paragraphs,
        "notices": Markup(NOTICES),
        "town_link": lambda t: link(page_path("town", t.id)),
        "hall_link": lambda h: link(page_path("hall", h.id)),
        "base_link": lambda b: link(page_path("base", b.id)),
        "town_record": town_record,
        "halls_of": lambda t: [place_record(t.model, "halls", h) for h in t.model.halls],
        "bases_of": lambda t: [place_record(t.model, "bases", b) for b in t.model.bases],
        "map_slot": site.map_html,
        "opening_lines": lambda o: opening_lines(o, lang),
        # Numbers and degree signs only: nothing to escape, and never at a line start.
        "point": lambda location: Markup(format_point(location)),
        "number": lambda n: format_number(n, lang),
        "changed": format_date(site.data_changed(data_file), lang) if data_file else "",
        "as_written": as_written,
        "source_line": source_line,
        **values,
    }


def opening_lines(opening: Any, lang: str) -> list[tuple[str, str, str]]:
    """Opening periods as (days, opens, closes) in the language's day names and time format.

    >>> from corridor.model import Opening
    >>> o = Opening.model_validate({"periods": [{"days": ["tue", "wed", "thu"],
    ...     "open": "09:00", "close": "17:00"}], "verified": True})
    >>> opening_lines(o, "en")
    [('Tuesday–Thursday', '9:00\u202fAM', '5:00\u202fPM')]
    """
    lines = []
    for period in opening.periods:
        days = ", ".join(_day_span(first, last, lang) for first, last in day_ranges(period.days))
        lines.append((days, format_time(period.open, lang), format_time(period.close, lang)))
    return lines


def _day_span(first: Day, last: Day, lang: str) -> str:
    if first == last:
        return day_name(first, lang)
    return f"{day_name(first, lang)}–{day_name(last, lang)}"


def format_point(location: Location) -> str:
    """
    >>> from corridor.model import Location
    >>> format_point(Location(lat=30.0669, lon=102.7586, approximate=True))
    '30.0669° N, 102.7586° E'
    """
    lat = f"{abs(location.lat):.4f}° {'N' if location.lat >= 0 else 'S'}"
    lon = f"{abs(location.lon):.4f}° {'E' if location.lon >= 0 else 'W'}"
    return f"{lat}, {lon}"


def source_line(source: Source) -> str:
    """A citation as one line of plain text (printed escaped, as written).

    >>> from corridor.model import Source
    >>> source_line(Source(title="统计用区划代码", publisher="国家统计局", year=2023))
    '统计用区划代码，国家统计局，2023'
    """
    parts = [source.title, source.publisher, str(source.year) if source.year else None]
    return "，".join(p for p in parts if p)


# --- the "about the data" page: review state per language -----------------------------------


@dataclass(frozen=True, slots=True)
class ReviewCount:
    lang: str
    counts: dict[str, int]
    machine: int
    total: int


def review_summary(site: Site) -> list[ReviewCount]:
    """How many record strings are reviewed, unreviewed, fuzzy or missing, per target language."""
    messages = [
        message
        for display, document in sorted(site.loaded.documents.items())
        if (record := file_record(display)) is not None
        for message in document_messages(document, record)
    ]
    summary = []
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        counts: Counter[str] = Counter()
        machine = 0
        for message in messages:
            translation = site.catalogues.translate(lang, message.context, message.source)
            counts[translation.state.value] += 1
            machine += translation.machine and not translation.fallback
        summary.append(ReviewCount(lang, dict(counts), machine, len(messages)))
    return summary


# --- navigation ------------------------------------------------------------------------------


NAV_TOWNS_LIMIT = 12


def navigation(
    site: Site, home_label: str, towns_label: str, extra: Sequence[str]
) -> list[NavEntry]:
    """The site's navigation: short at the top, one section per town, hand-written pages last.

    The home page is "home" there, not its title: the title is the site's name, which the
    navigation already shows above its entries.

    Sections keep each page's navigation small: with Material's `navigation.prune`, a page
    carries the top level and its own town's pages, not every page of the corridor. A
    corridor of more than `NAV_TOWNS_LIMIT` towns lists them on the towns page only.
    """
    text = PageText(site.catalogues, site.lang, review_markers=False)

    def title(record: Record, path: str) -> str:
        translation = text.translate(record, path)
        escaped = str(markdown_text(translation.text))
        if translation.fallback:
            return f'<span lang="{translation.text_lang}">{escaped}</span>'
        return escaped

    towns: list[NavEntry] = [NavEntry(None, "towns/index.md")]
    # Beyond a screenful of towns the list helps nobody, and every page would carry it (the
    # site's size would grow with the square of the towns): then the towns page lists them.
    listed = site.corridor.towns if len(site.corridor.towns) <= NAV_TOWNS_LIMIT else ()
    for town in listed:
        children = [NavEntry(None, src_path(page_path("town", town.id)))]
        children += [NavEntry(None, src_path(page_path("hall", h.id))) for h in town.halls]
        children += [NavEntry(None, src_path(page_path("base", b.id))) for b in town.bases]
        towns.append(NavEntry(title(town_record(town), "name"), children=tuple(children)))
    entries = [
        NavEntry(home_label, "index.md"),
        NavEntry(None, src_path(MAP_PAGE)),
        NavEntry(towns_label, children=tuple(towns)),
        NavEntry(None, "halls/index.md"),
        NavEntry(None, "bases/index.md"),
        NavEntry(None, "visiting/index.md"),
        NavEntry(None, "about-data/index.md"),
    ]
    entries += [NavEntry(None, src) for src in extra]
    return entries


def nav_config(entries: Sequence[NavEntry]) -> list[Any]:
    """Navigation entries in the shape of mkdocs.yml's `nav`."""
    config: list[Any] = []
    for entry in entries:
        if entry.children:
            config.append({entry.title: nav_config(entry.children)})
        elif entry.title:
            config.append({entry.title: entry.src})
        else:
            config.append(entry.src)
    return config
