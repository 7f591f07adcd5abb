"""The `corridor` mkdocs plugin: the only module that imports mkdocs. It adapts, it does not decide.

One mkdocs build makes one language (`language:` option, normally from the environment
variable ``CORRIDOR_LANGUAGE``; `corridor build` runs one build per language). The plugin

* reads the records, `sites/website.yml` and the catalogues on every build (never at import:
  `mkdocs serve` imports once and rebuilds many times) and stops the build on any problem;
* sets the language: Material's interface language, the site name, the site URL under the
  language's prefix (``bo/``, ``en/``), the search separator and jieba's dictionary;
* adds the pages rendered by `corridor.pages` and the hand-written pages of
  ``docs/<lang>/``, and builds the navigation (one section per town);
* fills the pages' map slot (`corridor.site_maps`: strip maps inline, the map page's frame),
  adds the interactive map document ``map/map.html`` and, in the Chinese build only (it sits
  at the site's root), the open data under ``data/`` for the whole site;
* gives each page its "data last changed" date (also the sitemap's date), its language
  alternates and the footer;
* writes the subset Tibetan web font after the pages are written, from the Tibetan
  characters they contain.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from markupsafe import Markup, escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from corridor import fonts
from corridor.i18n.catalogues import SOURCE_LANGUAGE
from corridor.pages import (
    LANGUAGE_NAMES,
    Site,
    TemplateError,
    labels,
    load_site,
    markdown_text,
    nav_config,
    navigation,
    render_pages,
    render_snippet,
)
from corridor.problems import Problem, sort_problems
from corridor.projectfiles import refusal
from corridor.search import SEARCH, jieba_dictionary, search_terms
from corridor.site_maps import MAP_DOCUMENT, SiteMaps, load_site_maps, open_data_files
from corridor.speech import _
from corridor.urls import LANGUAGES, language_root

T = TypeVar("T")
log = logging.getLogger("mkdocs.plugins.corridor")


class CorridorConfig(Config):  # type: ignore[no-untyped-call]
    language = c.Choice(LANGUAGES, default="zh")
    # Off for production: no marks on unreviewed translations (pending ones always show).
    review_markers = c.Type(bool, default=True)
    tibetan_font = c.Type(str, default=fonts.NOTO_SERIF_TIBETAN.format(weight="Regular"))


class CorridorPlugin(BasePlugin[CorridorConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.site: Site | None = None
        self.maps: SiteMaps | None = None
        # The whole site's address (mkdocs.yml), before on_config adds the language's folder.
        self.site_url = ""
        self.data_files: dict[str, str] = {}
        self.footer = Markup("")
        self.language_roots: dict[str, str] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Before Material's search plugin reads its settings.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        lang = self.config.language
        site = self._load(root, lang)
        self.site = site
        # A map that cannot be drawn (no Tianditu key) stops the build: never a blank map.
        maps, map_problems = load_site_maps(site.loaded, site.catalogues, lang, os.environ)
        _stop_on(map_problems)
        assert maps is not None
        self.maps = maps
        site.map_html = maps.slot
        self.site_url = config.site_url or ""

        config.theme["language"] = lang
        config.site_name = str(markdown_text(_translated(site, "corridor:name")))
        config.site_description = str(escape(_translated(site, "corridor:summary")))
        # `mkdocs serve` previews one language at the server's root.
        if config.site_url and not self.serving:
            root_url = config.site_url.rstrip("/") + "/"
            config.site_url = root_url + language_root(lang)
            # The sitemap's hreflang alternates are absolute addresses in every language.
            self.language_roots = {other: root_url + language_root(other) for other in LANGUAGES}
        config.extra["alternate"] = [
            {"name": LANGUAGE_NAMES[other], "lang": other, "link": "/" + language_root(other)}
            for other in LANGUAGES
        ]
        self._configure_search(config, root, site)
        self.footer = self._guard(lambda: render_snippet(site, "_footer.html.j2"))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        site = self._site()
        docs = Path(config.docs_dir)
        lang = site.lang
        problems: list[Problem] = []
        written: list[str] = []
        for file in list(files):
            # mkdocs follows links in docs/: one leading outside the project is not published.
            if file.abs_src_path and Path(file.abs_src_path).is_relative_to(docs):
                project = Path(config.config_file_path).parent
                source = Path(file.abs_src_path)
                display = source.relative_to(project).as_posix()
                refused = refusal(source, display)
                if refused is not None:
                    problems.append(Problem(display, 1, 1, "", refused))
                    files.remove(file)
                    continue
            head, _slash, rest = file.src_uri.partition("/")
            if head not in LANGUAGES or not rest:
                continue
            files.remove(file)
            if head != lang:
                continue
            if file.is_documentation_page():
                written.append(rest)
                for other in LANGUAGES:
                    if not (docs / other / rest).is_file():
                        problems.append(
                            Problem(
                                f"docs/{head}/{rest}",
                                1,
                                1,
                                "",
                                _("this page has no {lang} version: add {file}").format(
                                    lang=other, file=f"docs/{other}/{rest}"
                                ),
                                _(
                                    "every language has the same pages, so the language "
                                    "switcher always lands on the same page"
                                ),
                            )
                        )
            files.append(
                File(
                    rest,
                    src_dir=str(docs / lang),
                    dest_dir=config.site_dir,
                    use_directory_urls=config.use_directory_urls,
                )
            )
            self.data_files[rest] = f"docs/{lang}/{rest}"
        pages = self._guard(lambda: render_pages(site))
        for page in pages:
            if files.get_file_from_path(page.src) is not None:
                problems.append(
                    Problem(
                        f"docs/{lang}/{page.src}",
                        1,
                        1,
                        "",
                        _("a hand-written page has the path of a generated page"),
                        _("rename or move it: generated pages own towns/, halls/, bases/ …"),
                    )
                )
                continue
            files.append(File.generated(config, page.src, content=page.markdown))
            self.data_files[page.src] = page.data_file
        _stop_on(problems)
        maps = self._maps()
        files.append(File.generated(config, MAP_DOCUMENT, content=maps.document()))
        if lang == SOURCE_LANGUAGE:
            for path, text in open_data_files(maps, LANGUAGES, self.site_url).items():
                files.append(File.generated(config, path, content=text))
        section_labels = self._guard(lambda: labels(site))
        config.nav = nav_config(
            navigation(
                site,
                str(section_labels.home),
                str(section_labels.towns_section),
                sorted(written),
            )
        )
        return files

    # After every plugin's on_files: the pages and files as mkdocs will build them.
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        folder = os.environ.get(DUMP_VARIABLE)
        if folder:
            dump_pages(Path(folder) / self._site().lang, config, files)
        return nav

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        site = self._site()
        data_file = self.data_files.get(page.file.src_uri, "sites/corridor.yml")
        # The sitemap's <lastmod>: when the page's data changed, never the build's clock.
        page.update_date = site.data_changed(data_file).isoformat()
        page.meta["corridor_changed"] = self._guard(
            lambda: render_snippet(site, "_changed.html.j2", data_file)
        )
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Material writes `page.title | striptags` into <title>, and Jinja's striptags also
        # un-escapes: a record named "</title><script>…" would become markup there. The title
        # mkdocs takes from the H1 is escaped text; as meta title, Material prints it as is.
        if page.title and not page.is_homepage:
            page.meta["title"] = page.title
        return html

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # Extra keys for overrides/main.html (TemplateContext is open to plugins' keys).
        extra: dict[str, Any] = {
            "corridor_alternates": alternates(self._site().lang, page.url),
            "corridor_changed": page.meta.get("corridor_changed", ""),
        }
        context.update(extra)  # type: ignore[typeddict-item]
        return context

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        env.globals["corridor_footer"] = self.footer
        env.globals["corridor_language_names"] = LANGUAGE_NAMES
        env.globals["corridor_language_roots"] = self.language_roots
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        texts = [path.read_text(encoding="utf-8") for path in sorted(site_dir.rglob("*.html"))]
        faces = []
        # Regular only: a bold subset weighed another 100 kB on every Tibetan page (measured
        # by tests/perf/test_web_budget.py); browsers embolden the regular face instead.
        for weight, source in ((400, self.config.tibetan_font),):
            if not Path(source).is_file():
                raise PluginError(
                    _(
                        "the Tibetan font {file} is missing: install Debian's fonts-noto-core "
                        "or set tibetan_font in mkdocs.yml"
                    ).format(file=source)
                )
            cache = Path(config.config_file_path).resolve().parent / "build" / ".cache" / "fonts"
            data = fonts.cached_subset(Path(source), texts, cache)
            name = fonts.font_name(f"tibetan-{weight}", data)
            target = site_dir / "assets" / "fonts" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            faces.append(_font_face(name, weight))
        css = site_dir / "assets" / "stylesheets" / "corridor-fonts.css"
        css.parent.mkdir(parents=True, exist_ok=True)
        css.write_text("".join(faces), encoding="utf-8")

    # --- helpers ----------------------------------------------------------------------------

    def _site(self) -> Site:
        if self.site is None:
            raise PluginError("corridor: on_config did not run")
        return self.site

    def _maps(self) -> SiteMaps:
        if self.maps is None:
            raise PluginError("corridor: on_config did not run")
        return self.maps

    def _load(self, root: Path, lang: str) -> Site:
        site, problems = load_site(root, lang, review_markers=self.config.review_markers)
        _stop_on(problems)
        assert site is not None
        return site

    def _configure_search(self, config: MkDocsConfig, root: Path, site: Site) -> None:
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is None:
            return
        separator, pipeline = SEARCH[site.lang]
        search.config.separator = separator
        search.config.pipeline = pipeline
        dictionary = root / "build" / ".cache" / f"jieba-{site.lang}.txt"
        dictionary.parent.mkdir(parents=True, exist_ok=True)
        staging = dictionary.with_suffix(f".{os.getpid()}.tmp")
        staging.write_text(
            jieba_dictionary(search_terms(site.corridor, site.website)), encoding="utf-8"
        )
        staging.replace(dictionary)
        search.config.jieba_dict_user = str(dictionary)
        # jieba reports its dictionary loading at DEBUG on its own stderr handler.
        logging.getLogger("jieba").setLevel(logging.WARNING)

    def _guard(self, render: Callable[[], T]) -> T:
        try:
            return render()
        except TemplateError as error:
            raise PluginError(error.problem.render()) from None


# `CORRIDOR_DUMP_PAGES=<folder> corridor build` also writes, per language, what this plugin
# hands to mkdocs: <folder>/<lang>/docs/ (every page's Markdown and every file from docs/) and
# <folder>/<lang>/settings.json (site name, URL, language, search settings, navigation). The
# benchmark (scripts/bench.py) builds them with plain mkdocs-material, without this plugin,
# as the "bare" baseline our build time is compared with.
DUMP_VARIABLE = "CORRIDOR_DUMP_PAGES"


def dump_pages(target: Path, config: MkDocsConfig, files: Files) -> None:
    """Write the site's pages and own files as mkdocs sees them, and the settings we chose."""
    docs = Path(config.docs_dir).resolve()
    for file in files:
        source = Path(file.abs_src_path).resolve() if file.abs_src_path else None
        if source is not None and not source.is_relative_to(docs):
            continue  # the theme's files: mkdocs adds them in a bare build too
        path = target / "docs" / file.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.content_bytes)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    settings = {
        "site_name": config.site_name,
        "site_description": config.site_description,
        "site_url": config.site_url,
        "language": config.theme["language"],
        "alternate": config.extra.get("alternate"),
        "nav": config.nav,
        "search": {
            key: search.config.get(key)
            for key in ("separator", "pipeline", "jieba_dict_user", "lang")
            if search is not None and search.config.get(key) is not None
        },
    }
    (target / "settings.json").write_text(
        json.dumps(settings, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def _translated(site: Site, key: str) -> str:
    field = key.partition(":")[2]
    source = getattr(site.corridor.info, field)
    return site.catalogues.translate(site.lang, key, source).text


def _stop_on(problems: list[Problem]) -> None:
    errors = [p for p in sort_problems(problems) if p.is_error]
    if errors:
        rendered = "\n".join(p.render() for p in errors)
        raise PluginError(_("the site cannot be built:") + f"\n{rendered}")


def alternates(lang: str, url: str) -> list[dict[str, str]]:
    """The same page in every language, as links relative to the page at `url` in `lang`.

    >>> [a["href"] for a in alternates("zh", "towns/alpha/")]
    ['./', '../../bo/towns/alpha/', '../../en/towns/alpha/']
    >>> [a["href"] for a in alternates("bo", "")]
    ['../', './', '../en/']
    """
    here = language_root(lang) + url
    found = []
    for other in LANGUAGES:
        there = language_root(other) + url
        href = posixpath.relpath(there or ".", here or ".")
        found.append(
            {
                "lang": other,
                "name": LANGUAGE_NAMES[other],
                "href": "./" if href == "." else href + "/",
                "current": "true" if other == lang else "",
            }
        )
    return found


def _font_face(name: str, weight: int) -> str:
    # unicode-range: browsers fetch the font only for pages with Tibetan text, and use it
    # only for Tibetan characters (Chinese and Latin keep the system fonts).
    return (
        '@font-face{font-family:"Corridor Tibetan";'
        f'src:url("../fonts/{name}") format("woff2");'
        f"font-weight:{weight};font-style:normal;font-display:swap;"
        "unicode-range:U+0F00-0FFF,U+200B-200D,U+25CC}\n"
    )
