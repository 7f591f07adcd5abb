"""Pages from records, before mkdocs: what each language's Markdown says and how it escapes."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from corridor.pages import (
    NAV_TOWNS_LIMIT,
    GeneratedPage,
    Site,
    TemplateError,
    load_site,
    markdown_text,
    navigation,
    render_pages,
)
from corridor.search import search_terms
from tests.conftest import ROOT, TmpCorridor, make_site_project

MATERIAL = Path(__import__("material").__file__).parent / "templates"


@pytest.fixture
def project(tmp_path: Path) -> TmpCorridor:
    return make_site_project(tmp_path / "project")


def site_of(root: Path, lang: str, review_markers: bool = True) -> Site:
    site, problems = load_site(root, lang, review_markers=review_markers)
    assert problems == [] and site is not None
    return site


def pages_of(root: Path, lang: str, review_markers: bool = True) -> dict[str, GeneratedPage]:
    return {p.src: p for p in render_pages(site_of(root, lang, review_markers))}


def test_every_record_has_its_permanent_page(project: TmpCorridor) -> None:
    assert sorted(pages_of(project.root, "zh")) == [
        "about-data/index.md",
        "bases/alpha-tea/index.md",
        "bases/beta-herb/index.md",
        "bases/index.md",
        "halls/alpha-hall/index.md",
        "halls/beta-hall/index.md",
        "halls/index.md",
        "index.md",
        "map/index.md",
        "towns/alpha/index.md",
        "towns/beta/index.md",
        "towns/index.md",
        "visiting/index.md",
    ]


def test_renaming_a_record_keeps_its_url(project: TmpCorridor) -> None:
    project.replace("sites/towns/alpha.yml", "name: 甲镇展示馆", "name: 甲镇新名字展示馆")
    pages = pages_of(project.root, "zh")
    assert "甲镇新名字展示馆" in pages["halls/alpha-hall/index.md"].markdown


def test_home_lists_towns_in_route_order_with_what_to_see(project: TmpCorridor) -> None:
    home = pages_of(project.root, "zh")["index.md"].markdown
    assert home.startswith("# 测试走廊\n")
    assert home.index("[甲镇](/towns/alpha/index.md)") < home.index("[乙乡](/towns/beta/index.md)")
    assert "[甲镇展示馆](/halls/alpha-hall/index.md)" in home
    assert "[乙乡药材基地](/bases/beta-herb/index.md)" in home
    # Planned records say so where they are listed.
    assert re.search(r"beta-hall/index\.md\) <span class=\"corridor-tag[^>]*>规划中<", home)


def test_tibetan_page_is_tibetan_and_marks_what_is_not(project: TmpCorridor) -> None:
    pages = pages_of(project.root, "bo")
    town = pages["towns/alpha/index.md"].markdown
    # A machine translation, unreviewed: shown, and marked as unreviewed.
    assert town.startswith('# <span class="corridor-unreviewed">ཀ་གྲོང་རྡལ།</span>\n')
    # A fuzzy translation (its source changed) is not shown: the Chinese is, marked.
    assert '<p lang="zh" class="corridor-fallback">甲镇是测试用的镇。</p>' in town
    assert '<p class="corridor-pending">ཡིག་སྒྱུར་མ་ཟིན།</p>' in town
    assert "ཀ་གྲོང་རྡལ་ནི་སྔོན་གྱི་ཡིག་སྒྱུར།" not in town
    # Interface words come from the catalogue too.
    assert "## མི་རིགས་རིག་གཞུང་འགྲེམས་སྟོན་ཁང༌།" in town
    # The page says, in Tibetan, how much of it is not translated or not reviewed.
    assert "ཤོག་ངོས་འདིའི་ཡི་གེ་ས་ཆ་" in town and "ཡིག་སྒྱུར་ས་ཆ་" in town
    # An untranslated name falls back to Chinese inside lang="zh".
    beta = pages["towns/beta/index.md"].markdown
    assert beta.startswith('# <span lang="zh" class="corridor-fallback">乙乡</span>\n')


def test_reviewed_translations_carry_no_marker(project: TmpCorridor) -> None:
    home = pages_of(project.root, "bo")["index.md"].markdown
    assert home.startswith("# ཚོད་ལྟའི་ལམ་ཐིག\n")


def test_review_markers_can_be_turned_off_but_pending_stays(project: TmpCorridor) -> None:
    town = pages_of(project.root, "bo", review_markers=False)["towns/alpha/index.md"].markdown
    assert "corridor-unreviewed" not in town
    assert "ཡིག་སྒྱུར་ས་ཆ་" not in town
    assert 'lang="zh" class="corridor-fallback"' in town


def test_opening_hours_are_formatted_per_language(project: TmpCorridor) -> None:
    for lang, expected in [
        ("zh", "- 星期二–星期日 09:00–17:00"),
        ("en", "- Tuesday–Sunday 9:00\u202fAM–5:00\u202fPM"),
    ]:
        hall = pages_of(project.root, lang)["halls/alpha-hall/index.md"].markdown
        assert expected in hall


def test_english_names_follow_the_catalogue(project: TmpCorridor) -> None:
    pages = pages_of(project.root, "en")
    assert pages["index.md"].markdown.startswith("# Test Corridor\n")
    hall = pages["halls/alpha-hall/index.md"].markdown
    assert '- Theme: <span class="corridor-unreviewed">Tea-Horse Road</span>' in hall


HOSTILE = "<script>alert(1)</script> {{ 7*7 }} **bold** [link](http://evil.example) # x"


def test_hostile_record_text_is_literal_in_markdown(project: TmpCorridor) -> None:
    project.replace("sites/towns/alpha.yml", "summary: 甲镇简介。", f"summary: '{HOSTILE}'")
    project.replace("sites/towns/alpha.yml", "name: 甲镇\n", "name: 甲<b>镇</b>\n")
    town = pages_of(project.root, "zh")["towns/alpha/index.md"].markdown
    assert "<script>" not in town and "<b>" not in town
    assert "**bold**" not in town and "[link]" not in town and "{{" not in town
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#123;&#123; 7&#42;7 &#125;&#125;" in town
    assert town.startswith("# 甲&lt;b&gt;镇&lt;/b&gt;\n")


def test_translator_text_is_escaped_too(project: TmpCorridor) -> None:
    po = project.root / "translations" / "en" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace('msgstr "Jia Town"', 'msgstr "<img src=x onerror=alert(1)>Jia"'),
        encoding="utf-8",
    )
    town = pages_of(project.root, "en")["towns/alpha/index.md"].markdown
    assert "<img" not in town and "&lt;img src=x onerror=alert(1)&gt;Jia" in town


def test_template_error_names_template_file_and_line(project: TmpCorridor) -> None:
    template = project.root / "templates" / "pages" / "town.md.j2"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "{{ no_such_variable }}")
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render_pages(site_of(project.root, "zh"))
    assert caught.value.problem.render() == (
        "templates/pages/town.md.j2:5:1: undefined: 'no_such_variable' is undefined"
    )


def test_template_syntax_error_names_file_and_line(project: TmpCorridor) -> None:
    template = project.root / "templates" / "pages" / "hall.md.j2"
    template.write_text("# x\n\n{% if %}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render_pages(site_of(project.root, "zh"))
    assert caught.value.problem.file == "templates/pages/hall.md.j2"
    assert caught.value.problem.line == 3


def test_markdown_text_neutralises_block_syntax_at_line_start() -> None:
    for text in ["1. one", "- item", "# heading", "> quote", "=====", "    code"]:
        escaped = str(markdown_text(text))
        assert not re.match(r"^\s*(\d+\.|[-#>=])", escaped), escaped


def test_search_terms_keep_proper_nouns_whole() -> None:
    site = site_of(ROOT, "zh")
    terms = search_terms(site.corridor, site.website)
    for term in ["茶马古道", "川牛膝", "喇叭河", "二郎山", "天全", "猕猴桃", "歌唱二郎山"]:
        assert term in terms
    # A whole hall name would hide the 茶马古道 inside it from search.
    assert "甘溪坡茶马古道陈列馆" not in terms


def test_tibetan_interface_translates_every_material_key() -> None:
    def keys(path: Path) -> set[str]:
        return set(re.findall(r'^\s*"([a-z.]+)":', path.read_text(encoding="utf-8"), re.M))

    english = keys(MATERIAL / "partials" / "languages" / "en.html")
    tibetan_path = ROOT / "overrides" / "partials" / "languages" / "bo.html"
    assert english and english <= keys(tibetan_path)
    text = tibetan_path.read_text(encoding="utf-8")
    assert "MACHINE-MADE" in text
    # Every value that is words (not a setting) is Tibetan.
    for key, value in re.findall(r'^\s*"([a-z.]+)": "(.*)",?$', text, re.M):
        if key.startswith(("search.config", "language", "direction")):
            continue
        assert re.search(r"[\u0f00-\u0fff]", value), key


def test_navigation_lists_a_few_towns_but_not_hundreds(project: TmpCorridor) -> None:
    site = site_of(project.root, "zh")
    few = navigation(site, "首页", "乡镇", [])
    assert (few[0].title, few[0].src) == ("首页", "index.md")
    towns = next(entry for entry in few if entry.children)
    assert [child.src for child in towns.children[1].children] == [
        "towns/alpha/index.md",
        "halls/alpha-hall/index.md",
        "bases/alpha-tea/index.md",
    ]
    many = dataclasses.replace(
        site,
        corridor=site.corridor.model_copy(
            update={"towns": site.corridor.towns * (NAV_TOWNS_LIMIT // 2 + 1)}
        ),
    )
    towns = next(entry for entry in navigation(many, "首页", "乡镇", []) if entry.children)
    # Past the limit only the towns page stays, so no page's navigation grows with the towns.
    assert [child.src for child in towns.children] == ["towns/index.md"]
