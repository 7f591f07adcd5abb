"""Checking the catalogues (`corridor check`): syntax, header, text rules and review state.

Errors are what would print wrong or break a build: a malformed file, a wrong encoding or
plural count, a catalogue for a language the corridor does not publish, placeholders that
differ from the source, Chinese or Latin text in a Tibetan translation, discouraged Tibetan
code points, a Tibetan line that starts with a shad. Warnings are content still in progress:
untranslated, fuzzy and unreviewed entries, entries whose record field no longer exists
(obsolete: they are never used), a template out of date with the records.

Syntax is checked twice: by our strict reader, whose messages name the line and say what to
do, and then — when that finds nothing — by GNU `msgfmt --check-format --check-header`, the
reference implementation, whose findings are passed on as they are.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog

from corridor.i18n import tibetan
from corridor.i18n.catalogues import (
    SOURCE_LANGUAGE,
    State,
    entry_state,
    is_review_comment,
    parse_review,
    review_stamp,
)
from corridor.i18n.extraction import (
    TEMPLATE_FILE,
    extract_template,
    message_source,
    render_template,
)
from corridor.i18n.header import check_header, plural_count
from corridor.i18n.pofile import PoEntry, PoFile, decode_po, parse_po
from corridor.i18n.review import entry_key, entry_translation
from corridor.problems import Problem, Severity
from corridor.projectfiles import read_bytes
from corridor.records import CORRIDOR_FILE, Loaded
from corridor.speech import _, language_name, ngettext

TRANSLATIONS = "translations"
# %(name)s, %s, %d, {name}: what templates fill in. Record text is never formatted, but a
# placeholder-like sequence must still match so that a template can reuse a record string.
_PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sdifr]|%[sdif]|\{[A-Za-z_]\w*\}")
_CATALOGUE_PATH = re.compile(rf"^{TRANSLATIONS}/([^/]+)/LC_MESSAGES/messages\.po$")


def check_catalogues(
    root: Path, loaded: Loaded, *, against_template: bool = True
) -> tuple[list[Problem], list[str]]:
    """Every catalogue under translations/ and the template, against the loaded records.

    A project without a translations/ folder has nothing to check. When the records have
    errors, checks that compare catalogues with the records are skipped: a broken record
    would make every one of its translations look obsolete. `against_template=False` skips
    them too (they only ever warn, and extracting the template lays out every sign).
    """
    folder = root / TRANSLATIONS
    if not folder.is_dir():
        return [], []
    problems: list[Problem] = []
    files: list[str] = []
    targets = configured_targets(loaded)
    template: Catalog | None = None
    if loaded.ok and against_template:
        template, found = extract_template(root)
        problems.extend(found)
    if (root / TEMPLATE_FILE).is_file():
        files.append(TEMPLATE_FILE)
    if template is not None:
        problems.extend(_template_freshness(root, template))
    present: set[str] = set()
    for path in sorted(p for p in folder.rglob("*.po") if p.is_file()):
        display = path.relative_to(root).as_posix()
        files.append(display)
        match = _CATALOGUE_PATH.match(display)
        if match is None:
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "",
                    _(
                        "catalogues live in translations/<language>/LC_MESSAGES/messages.po; "
                        "this file is never read"
                    ),
                    _("move it there, or delete it"),
                )
            )
            continue
        lang = match[1]
        present.add(lang)
        unusable = _unconfigured(display, lang, targets)
        if unusable is not None:
            problems.append(unusable)
            continue
        problems.extend(check_catalogue(path, display, lang, template))
    for lang in targets or []:
        if lang not in present:
            problems.append(
                Problem(
                    f"{TRANSLATIONS}/{lang}/LC_MESSAGES/messages.po",
                    1,
                    1,
                    "",
                    _(
                        "there is no {language} catalogue: pages and signs show the Chinese in "
                        "its place"
                    ).format(language=language_name(lang)),
                    _("run `corridor i18n update` to create it"),
                    Severity.WARNING,
                )
            )
    return problems, files


def configured_targets(loaded: Loaded) -> list[str] | None:
    """The target languages of sites/corridor.yml, read even when other records are broken."""
    if loaded.corridor is not None:
        return list(loaded.corridor.info.languages.targets)
    document = loaded.documents.get(CORRIDOR_FILE)
    data = document.data if document is not None else None
    languages = data.get("languages") if isinstance(data, dict) else None
    targets = languages.get("targets") if isinstance(languages, dict) else None
    if isinstance(targets, list) and all(isinstance(t, str) for t in targets):
        return list(targets)
    return None


def check_catalogue(path: Path, display: str, lang: str, template: Catalog | None) -> list[Problem]:
    """One catalogue: encoding, syntax, header, then every entry."""
    raw, unreadable = read_bytes(path, display)
    if raw is None:
        return [unreadable] if unreadable else []
    text, problem = decode_po(raw, display)
    if text is None:
        return [problem] if problem else []
    po, problems = parse_po(text, display)
    if problems:
        return problems
    problems = check_header(po, lang)
    if any(p.is_error for p in problems):
        # Entries read under a wrong header cannot be trusted: fix the header first.
        return problems
    for entry in po.messages:
        problems.extend(_entry_problems(po, entry, lang))
    if template is not None:
        problems.extend(_against_template(po, template))
    if not any(p.is_error for p in problems):
        problems.extend(_msgfmt(path, po))
    return problems


def _unconfigured(display: str, lang: str, targets: list[str] | None) -> Problem | None:
    if lang == SOURCE_LANGUAGE:
        return Problem(
            display,
            1,
            1,
            "",
            _("Chinese is the source language: it has no catalogue, the records are the text"),
            _("delete {folder}").format(folder=f"{TRANSLATIONS}/{lang}/"),
        )
    if targets is not None and lang not in targets:
        return Problem(
            display,
            1,
            1,
            "",
            _(
                "a catalogue for {lang} ({language}), which is not configured in "
                "{file} (languages.targets: {targets})"
            ).format(
                lang=lang,
                language=language_name(lang),
                file=CORRIDOR_FILE,
                targets=", ".join(targets),
            ),
            _("add {lang} to languages.targets, or delete {folder}").format(
                lang=lang, folder=f"{TRANSLATIONS}/{lang}/"
            ),
        )
    return None


def _entry_problems(po: PoFile, entry: PoEntry, lang: str) -> list[Problem]:
    """Placeholders, plural forms, line breaks and the Tibetan rules of one entry."""
    problems: list[Problem] = []
    field = entry.context or ""

    def problem(
        line: int, message: str, hint: str | None, severity: Severity = Severity.ERROR
    ) -> None:
        problems.append(Problem(po.file, line, 1, field, message, hint, severity))

    if entry.plural and len(entry.translations) != plural_count(lang):
        count = plural_count(lang)
        problem(
            entry.line("msgid_plural"),
            _(
                "a plural entry in {language} needs {count} msgstr[…] "
                "(nplurals={count}), found {found}"
            ).format(language=language_name(lang), count=count, found=len(entry.translations)),
            None,
        )
    for form, translation in enumerate(entry.translations):
        if not translation:
            continue
        name = f"msgstr[{form}]" if entry.plural else "msgstr"
        source = entry.text("msgid_plural") if entry.plural and form else entry.msgid
        source = source or ""
        line = entry.line(name)
        want, got = _placeholders(source), _placeholders(translation)
        if want != got:
            problem(
                line,
                _(
                    "placeholders differ: the source has {source}, the translation has "
                    "{translation}"
                ).format(source=_listed(want), translation=_listed(got)),
                _(
                    "copy every %(name)s or {name} from the source unchanged; translate the "
                    "words around them"
                ),
            )
        if source.count("\n") != translation.count("\n"):
            problem(
                line,
                _("the source has {source}, the translation {translation}").format(
                    source=_lines(source), translation=_lines(translation)
                ),
                _("keep one line of translation for each line of the source"),
                Severity.WARNING,
            )
        if lang == "bo":
            problems.extend(_tibetan_problems(po, entry, name, source, translation))
    return problems


def _tibetan_problems(
    po: PoFile, entry: PoEntry, name: str, source: str, translation: str
) -> list[Problem]:
    problems: list[Problem] = []
    field = entry.context or ""

    def problem(offset: int, message: str, hint: str, severity: Severity = Severity.ERROR) -> None:
        line = entry.translation_line(offset, name)
        problems.append(Problem(po.file, line, 1, field, message, hint, severity))

    for offset, run in tibetan.han_runs(translation):
        problem(
            offset,
            _("Chinese characters in the Tibetan translation: {text}").format(text=run),
            _("write the name or word in Tibetan script"),
        )
    for offset, word in tibetan.latin_words(translation, source):
        problem(
            offset,
            _("Latin letters in the Tibetan translation: {word}").format(word=word),
            _(
                "write it in Tibetan script; only codes copied from the Chinese (such as G318) "
                "stay in Latin letters"
            ),
        )
    for offset, char in tibetan.discouraged(translation):
        problem(
            offset,
            _("discouraged code point {code} {char}").format(code=f"U+{ord(char):04X}", char=char),
            _("write the sequence {sequence} instead").format(sequence=tibetan.DISCOURAGED[char]),
        )
    for offset in tibetan.lines_starting_with_shad(translation):
        problem(
            offset,
            _("a line starts with a shad (།)"),
            _("a shad ends the text before it: move it to the end of the previous line"),
        )
    for offset in tibetan.nga_before_shad(translation):
        problem(
            offset,
            _("ང before a shad needs the non-breaking tsheg ༌ (U+0F0C): ང༌།"),
            _("replace ་ (U+0F0B) before the shad with ༌ (U+0F0C), or insert it after ང"),
            Severity.WARNING,
        )
    return problems


def _against_template(po: PoFile, template: Catalog) -> list[Problem]:
    """Entries the records no longer have, entries the catalogue lacks, and review state."""
    problems: list[Problem] = []
    wanted = {(message_source(m.id), m.context) for m in template if m.id}
    wanted_contexts = Counter(m.context for m in template if m.id and m.context)
    stale_contexts: set[str] = set()
    used: list[PoEntry] = []
    for entry in po.messages:
        line = entry.line("msgctxt") if entry.context is not None else entry.line("msgid")
        field = entry.context or ""

        def warn(message: str, hint: str, line: int = line, field: str = field) -> None:
            problems.append(Problem(po.file, line, 1, field, message, hint, Severity.WARNING))

        if (entry.msgid, entry.context) not in wanted:
            if entry.context is not None and wanted_contexts[entry.context]:
                stale_contexts.add(entry.context)
                warn(
                    _(
                        "the Chinese source of this field has changed: this entry translates "
                        "the old text and is not used"
                    ),
                    _("run `corridor i18n update`: the entry becomes fuzzy for review"),
                )
            else:
                warn(
                    _(
                        "obsolete: no record or template has this context {context}; the entry "
                        "is never used"
                    ).format(context=entry.context)
                    if entry.context is not None
                    else _(
                        "obsolete: no record or template has this msgid; the entry is never used"
                    ),
                    _(
                        "run `corridor i18n update` to move it to the obsolete entries (#~), or "
                        "correct its msgctxt"
                    ),
                )
            continue
        problems.extend(_review_state(po, entry, line))
        used.append(entry)
    problems.extend(_unreviewed_summary(po, used))
    present = {(e.msgid, e.context) for e in po.messages}
    for message in template:
        key = (message_source(message.id), message.context) if message.id else None
        if key is None or key in present or message.context in stale_contexts:
            continue
        problems.append(
            Problem(
                po.file,
                1,
                1,
                message.context or "",
                _("not in the catalogue yet: pages and signs show the Chinese"),
                _("run `corridor i18n update`, then translate the new entry"),
                Severity.WARNING,
            )
        )
    return problems


def _unreviewed_summary(po: PoFile, used: list[PoEntry]) -> list[Problem]:
    """One warning for all translations nobody has reviewed yet.

    Listing each of them would bury the problems an editor must act on; the count is what a
    check needs to say, and `corridor i18n status --by-record` says where they are.
    """
    machine = unreviewed = 0
    for entry in used:
        state, _review, by_machine = entry_state(
            entry.context, entry.msgid, entry_translation(entry), entry.fuzzy, entry.user_comments
        )
        if state is State.UNREVIEWED:
            unreviewed += 1
            machine += by_machine
    if not unreviewed:
        return []
    counted = (
        ngettext(
            "{n} translation is not reviewed yet ({machine} machine-translated): it may not go "
            "to press",
            "{n} translations are not reviewed yet ({machine} machine-translated): they may "
            "not go to press",
            unreviewed,
        )
        if machine
        else ngettext(
            "{n} translation is not reviewed yet: it may not go to press",
            "{n} translations are not reviewed yet: they may not go to press",
            unreviewed,
        )
    ).format(n=unreviewed, machine=machine)
    return [
        Problem(
            po.file,
            1,
            1,
            "",
            counted,
            _(
                "`corridor i18n status --by-record` shows where; once a qualified translator has "
                "checked one: corridor i18n review {lang} CONTEXT --by NAME"
            ).format(lang=_lang(po)),
            Severity.WARNING,
        )
    ]


def _review_state(po: PoFile, entry: PoEntry, line: int) -> list[Problem]:
    translation = entry_translation(entry)
    state, _review, _machine = entry_state(
        entry.context, entry.msgid, translation, entry.fuzzy, entry.user_comments
    )
    field = entry.context or ""
    key = entry_key(entry)

    def warn(message: str, hint: str) -> Problem:
        return Problem(po.file, line, 1, field, message, hint, Severity.WARNING)

    if state is State.UNTRANSLATED:
        return [
            warn(
                _("not translated yet: pages and signs show the Chinese"),
                _("translate it in Poedit, Weblate or a text editor"),
            )
        ]
    if state is State.FUZZY:
        return [
            warn(
                _(
                    "fuzzy: the Chinese source changed since this was translated (#| shows the "
                    "old source)"
                ),
                _("update the translation, then remove the fuzzy flag"),
            )
        ]
    if state is State.REVIEWED:
        return []
    review_hint = _(
        "once a qualified translator has checked it: corridor i18n review {lang} '{key}' --by NAME"
    ).format(lang=_lang(po), key=key)
    found: list[Problem] = []
    for _line, comment in entry.comments:
        if not is_review_comment(comment):
            continue
        parsed = parse_review(comment)
        if parsed is None:
            found.append(
                warn(
                    _("review comment not understood: {comment}").format(comment=comment),
                    _("let `corridor i18n review` write it: reviewed: YYYY-MM-DD by NAME [stamp]"),
                )
            )
        elif parsed[1] != review_stamp(entry.context, entry.msgid, translation):
            review = parsed[0]
            found.append(
                warn(
                    _(
                        "not reviewed: the review by {name} on {date} was of a different text "
                        "(source or translation edited since)"
                    ).format(name=review.by, date=review.on.isoformat()),
                    review_hint,
                )
            )
    # A plain unreviewed entry is counted, not listed: see _unreviewed_summary.
    return found


def _template_freshness(root: Path, template: Catalog) -> list[Problem]:
    path = root / TEMPLATE_FILE
    if not path.is_file():
        return [
            Problem(
                TEMPLATE_FILE,
                1,
                1,
                "",
                _("the template is missing"),
                _("run `corridor i18n extract`"),
                Severity.WARNING,
            )
        ]
    if path.read_bytes() == render_template(template):
        return []
    return [
        Problem(
            TEMPLATE_FILE,
            1,
            1,
            "",
            _("the template is out of date with the records and templates"),
            _("run `corridor i18n update` (or `corridor i18n extract`) and commit the result"),
            Severity.WARNING,
        )
    ]


def _msgfmt(path: Path, po: PoFile) -> list[Problem]:
    """GNU msgfmt's own verdict on a file our reader accepted, at the entry it names."""
    display = po.file
    program = shutil.which("msgfmt")
    if program is None:
        return [
            Problem(
                display,
                1,
                1,
                "",
                _(
                    "GNU msgfmt is not installed, so the catalogue was not checked by gettext "
                    "itself"
                ),
                _("install gettext (Debian: apt-get install gettext)"),
                Severity.WARNING,
            )
        ]
    result = subprocess.run(
        [program, "--check-format", "--check-header", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},
        check=False,
        timeout=60,
    )
    problems: list[Problem] = []
    prefix = f"{path}:"
    for raw in result.stderr.splitlines():
        if raw.startswith((" ", "\t")) and problems:
            last = problems.pop()
            problems.append(
                Problem(
                    last.file,
                    last.line,
                    last.column,
                    last.field,
                    f"{last.message} {raw.strip()}",
                    last.hint,
                    last.severity,
                )
            )
            continue
        if not raw.startswith(prefix):
            continue
        match = re.match(r"^(\d+)(?::(\d+))?: (.*)$", raw[len(prefix) :])
        line, column, message = (1, 1, raw[len(prefix) :].strip())
        if match:
            line, column, message = int(match[1]), int(match[2] or 1), match[3]
        warning = message.startswith("warning: ")
        entry = next((e for e in po.entries if e.first_line <= line <= e.last_line), None)
        problems.append(
            Problem(
                display,
                line,
                column,
                (entry.context or "") if entry is not None else "",
                # msgfmt's own words (run with LC_ALL=C: English), passed on as it says them.
                f"msgfmt: {message.removeprefix('warning: ')}",
                _("GNU gettext's own check; details: msgfmt --check-format --check-header FILE"),
                Severity.WARNING if warning else Severity.ERROR,
            )
        )
    if result.returncode and not any(p.is_error for p in problems):
        problems.append(
            Problem(
                display,
                1,
                1,
                "",
                _("msgfmt rejects the file: {reason}").format(reason=result.stderr.strip()),
            )
        )
    return problems


def _lines(text: str) -> str:
    count = text.count("\n") + 1
    return ngettext("{n} line", "{n} lines (paragraphs)", count).format(n=count)


def _placeholders(text: str) -> Counter[str]:
    return Counter(_PLACEHOLDER.findall(text))


def _listed(found: Counter[str]) -> str:
    if not found:
        return _("none")
    return ", ".join(sorted(found.elements()))


def _lang(po: PoFile) -> str:
    match = _CATALOGUE_PATH.match(po.file)
    return match[1] if match else "LANG"
