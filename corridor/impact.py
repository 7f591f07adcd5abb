"""`corridor impact`: what a change to records or catalogues does to the published outputs.

A reviewer reads this before merging: which records and fields changed, which files of the
website change in which language, and which signs need re-approval and reprinting, with what
each prints differently. Nothing here predicts what an output reads: both versions — a git
revision and the working tree (or two revisions) — are published with the real build (the
website with `corridor build`'s own language builds, the signs as the digests `corridor signs`
compares), and the outputs are compared byte for byte. So an output is listed exactly when
its bytes change, whatever template, page or map shows the field.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from corridor.i18n.catalogues import Catalogues, load_catalogues
from corridor.i18n.messages import document_messages, file_record
from corridor.model import Corridor
from corridor.records import load_corridor
from corridor.signs.checks import SignProject, load_signs
from corridor.sitebuild import build_languages, source_date_epoch
from corridor.speech import _
from corridor.urls import LANGUAGES, language_root

SOURCE = "zh"
# What a revision contributes: the data. The rest of a checked-out revision (the templates
# and theme overrides) is taken from the working tree, because it must match the code that
# runs — the installed `corridor` package.
CODE_FOLDERS = ("templates", "overrides")
# Made by the build from the inputs; copied so a checkout need not subset fonts again.
CACHE_FOLDER = Path("build") / ".cache"


class ImpactError(Exception):
    """The revision cannot be read (not a repository, unknown revision, unloadable data)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    corridor: Corridor
    sources: dict[str, str]  # message context → Chinese text
    catalogues: Catalogues
    signs: dict[str, dict[str, str]]  # sign id → what it prints, part by part
    digests: dict[str, str]  # sign id → what its PDFs are made from (see signs.build)
    site: dict[str, str]  # website file (relative to build/site) → SHA-256 of its bytes

    def text(self, lang: str, context: str) -> str | None:
        source = self.sources.get(context)
        if source is None:
            return None
        translation = self.catalogues.translate(lang, context, source)
        return f"{translation.text}\x00{translation.state}"


def printed_signs(project: SignProject) -> dict[str, dict[str, str]]:
    """What each sign prints, part by part (`title/bo`, `destination[0]`, `qr` …).

    Compared between two snapshots, a difference in any part means the approved proof no
    longer matches: the sign must be approved and made again.
    """
    printed: dict[str, dict[str, str]] = {}
    for resolved in project.signs:
        content = resolved.content
        if content is None:
            continue
        parts = {f"{slot}/{block.lang}": block.plain for slot, block in content.texts()}
        for index, row in enumerate(content.rows):
            parts[f"destination[{index}]"] = f"{row.arrow} {row.distance_text}"
        parts["qr"] = content.qr_url or ""
        parts["strip map"] = content.strip_svg or ""
        parts["type"] = content.type.id
        printed[resolved.sign_id] = parts
    return printed


@dataclass(frozen=True, slots=True, order=True)
class Change:
    """One published string or place that differs: `lang` is None for non-text facts."""

    record: str  # corridor | towns/<t> | towns/<t>/halls/<h> | towns/<t>/bases/<b>
    field: str
    lang: str | None


@dataclass
class Impact:
    changes: list[Change]
    # language → website files whose bytes differ (relative to that language's root)
    site: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # sign id → what changed on it ("new", "removed", or the parts that print differently)
    signs: dict[str, list[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.changes and not self.signs and not any(self.site.values())


def snapshot(root: Path) -> Snapshot:
    """Load and publish the project at `root`; refuse data that does not load or build."""
    loaded = load_corridor(root)
    if loaded.corridor is None:
        first = next(p for p in loaded.problems if p.is_error)
        raise ImpactError(
            _("the records do not load ({problem})").format(problem=first.render().splitlines()[0])
        )
    sources = {
        message.context: message.source
        for display, document in loaded.documents.items()
        if (record := file_record(display)) is not None
        for message in document_messages(document, record)
    }
    languages = [SOURCE, *loaded.corridor.info.languages.targets]
    catalogues, _problems = load_catalogues(root, languages)
    project = load_signs(root, loaded)
    digests: dict[str, str] = {}
    if project.sign_types is not None:
        # Imported here: WeasyPrint (behind the layout) takes a second to import.
        from corridor.signs.build import sign_digests

        digests = sign_digests(project, project.layout())
    return Snapshot(
        loaded.corridor,
        sources,
        catalogues,
        printed_signs(project),
        digests,
        published_site(root, loaded.corridor),
    )


def published_site(root: Path, corridor: Corridor) -> dict[str, str]:
    """Every file `corridor build` makes of the project at `root`, with its SHA-256.

    The same language builds as `corridor build`, dated the same way, into a temporary
    folder: the project's own build/site is not touched.
    """
    epoch = str(source_date_epoch(root, corridor))
    with tempfile.TemporaryDirectory(prefix="corridor-impact-site-") as folder:
        target = Path(folder)
        reports = build_languages(root, target, environment={"SOURCE_DATE_EPOCH": epoch})
        failed = [r for r in reports if not r.ok]
        if failed:
            raise ImpactError(
                _("the {language} site does not build:\n{output}").format(
                    language=failed[0].lang, output=failed[0].output
                )
            )
        return {
            path.relative_to(target).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(target.rglob("*"))
            if path.is_file()
        }


def snapshot_at(root: Path, revision: str) -> Snapshot:
    """The project as committed at `revision`, published without touching the work tree."""
    with checkout(root, revision) as project:
        return snapshot(project)


@contextmanager
def checkout(root: Path, revision: str) -> Iterator[Path]:
    """The project at `revision`, checked out into a temporary folder.

    A shared clone, so git itself writes the files (what a checkout of that commit would
    hold) and `git log` there knows the history up to it — the dates the pages show. The
    templates and theme come from the working tree (see CODE_FOLDERS).
    """
    try:
        commit = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except ImpactError as error:
        raise ImpactError(
            _("`{revision}` is not a revision of this repository").format(revision=revision)
        ) from error
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    with tempfile.TemporaryDirectory(prefix="corridor-impact-") as folder:
        clone = Path(folder) / "checkout"
        _git(root, "clone", "--quiet", "--shared", "--no-checkout", str(top), str(clone))
        _git(clone, "-c", "advice.detachedHead=false", "checkout", "--quiet", commit)
        project = clone / root.resolve().relative_to(top.resolve())
        for name in CODE_FOLDERS:
            shutil.rmtree(project / name, ignore_errors=True)
            if (root / name).is_dir():
                shutil.copytree(root / name, project / name, symlinks=True)
        if (root / CACHE_FOLDER).is_dir():
            shutil.copytree(root / CACHE_FOLDER, project / CACHE_FOLDER)
        yield project


def _git_bytes(root: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError as error:
        raise ImpactError(_("git is not installed")) from error
    if result.returncode:
        # git's own words, in the language git speaks.
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise ImpactError(
            message[-1] if message else _("git {command} failed").format(command=args[0])
        )
    return result.stdout


def _git(root: Path, *args: str) -> str:
    return _git_bytes(root, *args).decode()


def require_repository(root: Path) -> None:
    try:
        _git(root, "rev-parse", "--is-inside-work-tree")
    except ImpactError as error:
        raise ImpactError(
            _("{folder} is not inside a git repository").format(folder=root)
        ) from error


def _facts(corridor: Corridor) -> dict[tuple[str, str], str]:
    """Non-text facts of the records, keyed by (record, field): the change list's other half."""
    facts: dict[tuple[str, str], str] = {}
    for entry in corridor.places():
        if not entry.position:
            town = entry.town
            facts[(entry.key, "kind")] = town.kind
            facts[(entry.key, "location")] = f"{town.location.lat:.6f},{town.location.lon:.6f}"
            continue
        # Text fields are compared as messages (per language); these are the rest.
        dumped = entry.record.model_dump(mode="json", exclude={"sources"})
        for name, value in dumped.items():
            if not isinstance(value, str) or name in ("status", "industry", "phone"):
                facts[(entry.key, name)] = repr(value)
    facts[("corridor", "towns")] = ",".join(t.id for t in corridor.towns)
    return facts


def compare(before: Snapshot, after: Snapshot) -> Impact:
    """Every published difference between two snapshots."""
    languages = [SOURCE, *after.corridor.info.languages.targets]
    changes: set[Change] = set()
    for context in before.sources.keys() | after.sources.keys():
        record, _, name = context.partition(":")
        for lang in languages:
            if before.text(lang, context) != after.text(lang, context):
                changes.add(Change(record, name, lang))
    old, new = _facts(before.corridor), _facts(after.corridor)
    for record, name in old.keys() | new.keys():
        if old.get((record, name)) != new.get((record, name)):
            changes.add(Change(record, name, None))
    impact = Impact(sorted(changes))
    for path in before.site.keys() | after.site.keys():
        if before.site.get(path) != after.site.get(path):
            lang, inside = _language_of(path)
            impact.site[lang].add(inside)
    for sign_id in sorted(before.digests.keys() | after.digests.keys()):
        if before.digests.get(sign_id) != after.digests.get(sign_id):
            impact.signs[sign_id] = _sign_change(before, after, sign_id)
    return impact


def _language_of(path: str) -> tuple[str, str]:
    """(language, path inside that language's root) of a file of build/site."""
    for lang in LANGUAGES:
        root = language_root(lang)
        if root and path.startswith(root):
            return lang, path[len(root) :]
    return SOURCE, path


def _sign_change(before: Snapshot, after: Snapshot, sign_id: str) -> list[str]:
    was, now = before.signs.get(sign_id), after.signs.get(sign_id)
    if sign_id not in before.digests:
        return [_("new sign") if was is None else _("laid out again (it had errors)")]
    if sign_id not in after.digests:
        return [_("sign removed") if now is None else _("cannot be laid out (`corridor check`)")]
    assert was is not None and now is not None
    parts = sorted(part for part in was.keys() | now.keys() if was.get(part) != now.get(part))
    # Same words, different artwork: its colours, review marks, strip map or layout.
    return parts or [_("artwork (colours, review marks, strip map or layout)")]


def render(impact: Impact, since: str) -> list[str]:
    """The report a reviewer reads, line by line."""
    if impact.empty:
        return [_("no published change since {since}").format(since=since)]
    records = sorted({c.record for c in impact.changes})
    lines = [
        _("changes since {since}: {changes} in {records} records").format(
            since=since, changes=len(impact.changes), records=len(records)
        )
    ]
    every = _("all")
    for record in records:
        fields = sorted({(c.field, c.lang or every) for c in impact.changes if c.record == record})
        described = ", ".join(f"{name} ({lang})" for name, lang in fields)
        lines.append(f"  {record}: {described}")
    by_file: dict[str, list[str]] = defaultdict(list)
    for lang, files in sorted(impact.site.items()):
        for path in files:
            by_file[path].append(lang)
    pages = {path: langs for path, langs in by_file.items() if path.endswith("index.html")}
    others = {path: langs for path, langs in by_file.items() if path not in pages}
    lines.append(_("pages:") if pages else _("pages: none"))
    for path in sorted(pages):
        address = "/" + path.removesuffix("index.html")
        lines.append(f"  {address}  [{' '.join(sorted(pages[path]))}]")
    if others:
        lines.append(_("other website files:"))
        lines.extend(f"  {path}  [{' '.join(sorted(others[path]))}]" for path in sorted(others))
    if impact.signs:
        lines.append(_("signs to approve again and reprint:"))
        lines.extend(f"  {sign}: {', '.join(parts)}" for sign, parts in impact.signs.items())
    else:
        lines.append(_("signs: no printed change"))
    return lines
