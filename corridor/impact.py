"""`corridor impact`: what a change to records or catalogues does to the published outputs.

A reviewer reads this before merging: which pages change in which language, which map entries
move or are relabelled, and which signs need re-approval and reprinting because their text
changed. The comparison is between two snapshots of `sites/` and `translations/` — a git
revision and the working tree (or two revisions) — loaded with the same code as the build, so
"changed" means changed in what is published, not in the file's bytes.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from corridor.i18n.catalogues import Catalogues, load_catalogues
from corridor.i18n.messages import document_messages, file_record
from corridor.model import Corridor, Location
from corridor.records import load_corridor
from corridor.signs.checks import SignProject, load_signs
from corridor.speech import _
from corridor.urls import PlaceKind, page_path

SOURCE = "zh"
# Fields whose change shows beyond the record's own page (lists, cards, popups, the map).
SHOWN_ELSEWHERE = {"name", "summary"}


class ImpactError(Exception):
    """The revision cannot be read (not a repository, unknown revision, unloadable data)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    corridor: Corridor
    sources: dict[str, str]  # message context → Chinese text
    catalogues: Catalogues
    signs: dict[str, dict[str, str]]  # sign id → what it prints, part by part

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
    pages: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    map_entries: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # sign id → what changed on it ("new", "removed", or the parts that print differently)
    signs: dict[str, list[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.changes


def snapshot(root: Path) -> Snapshot:
    """Load records and catalogues under `root`; refuse data that does not load."""
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
    return Snapshot(loaded.corridor, sources, catalogues, printed_signs(load_signs(root, loaded)))


def snapshot_at(root: Path, revision: str) -> Snapshot:
    """The data as committed at `revision`, read from git without touching the work tree."""
    try:
        commit = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except ImpactError as error:
        raise ImpactError(
            _("`{revision}` is not a revision of this repository").format(revision=revision)
        ) from error
    # mkdocs.yml holds site_url, which the signs' QR codes print.
    archive = _git_bytes(
        root, "archive", "--format=tar", commit.strip(), "--", "sites", "mkdocs.yml"
    )
    with tempfile.TemporaryDirectory(prefix="corridor-impact-") as folder:
        _unpack(archive, Path(folder))
        translations = _git_bytes(
            root, "ls-tree", "-r", "--name-only", commit.strip(), "translations"
        )
        if translations.strip():
            more = _git_bytes(root, "archive", "--format=tar", commit.strip(), "--", "translations")
            _unpack(more, Path(folder))
        return snapshot(Path(folder))


def _unpack(archive: bytes, folder: Path) -> None:
    """Write the regular files of a `git archive` tar under `folder`, nothing else.

    Written by hand rather than with `extractall(filter="data")`: that filter exists only from
    Python 3.11.4, and Debian 12's Python is 3.11.2. Links and special files are skipped and a
    name that would leave `folder` is refused, so a committed symlink cannot reach outside.
    """
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        for member in tar:
            if not member.isfile():
                continue
            target = (folder / member.name).resolve()
            if not target.is_relative_to(folder.resolve()):
                raise ImpactError(
                    _("`{name}` in the archive leaves its folder").format(name=member.name)
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            extracted = tar.extractfile(member)
            assert extracted is not None  # a regular file always has contents
            target.write_bytes(extracted.read())


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


def _places(corridor: Corridor) -> Iterator[tuple[str, PlaceKind, str, Location]]:
    """(record, kind, id, location) of every place."""
    for town in corridor.towns:
        yield f"towns/{town.id}", "town", town.id, town.location
        for hall in town.halls:
            yield f"towns/{town.id}/halls/{hall.id}", "hall", hall.id, hall.location
        for base in town.bases:
            yield f"towns/{town.id}/bases/{base.id}", "base", base.id, base.location


def _facts(corridor: Corridor) -> dict[tuple[str, str], str]:
    """Non-text facts that outputs show, keyed by (record, field)."""
    facts: dict[tuple[str, str], str] = {}
    for town in corridor.towns:
        facts[(f"towns/{town.id}", "kind")] = town.kind
        places = [("halls", hall) for hall in town.halls] + [("bases", b) for b in town.bases]
        for key, place in places:
            # Text fields are compared as messages (per language); these are the rest.
            dumped = place.model_dump(mode="json", exclude={"location", "sources"})
            for name, value in dumped.items():
                if not isinstance(value, str) or name in ("status", "industry", "phone"):
                    facts[(f"towns/{town.id}/{key}/{place.id}", name)] = repr(value)
    for record, _kind, _id, location in _places(corridor):
        facts[(record, "location")] = f"{location.lat:.6f},{location.lon:.6f}"
    facts[("corridor", "towns")] = ",".join(t.id for t in corridor.towns)
    return facts


def compare(before: Snapshot, after: Snapshot) -> Impact:
    """Every published difference between two snapshots, and what it affects."""
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
    _affect(impact, after.corridor, languages)
    _affect(impact, before.corridor, languages)
    for sign_id in sorted(before.signs.keys() | after.signs.keys()):
        was, now = before.signs.get(sign_id), after.signs.get(sign_id)
        if was is None:
            impact.signs[sign_id] = [_("new sign")]
        elif now is None:
            impact.signs[sign_id] = [_("sign removed")]
        elif was != now:
            impact.signs[sign_id] = sorted(
                part for part in was.keys() | now.keys() if was.get(part) != now.get(part)
            )
    return impact


def _affect(impact: Impact, corridor: Corridor, languages: list[str]) -> None:
    """Pages and map entries each change reaches (run on both snapshots: added and removed
    records have a page on one side only)."""
    kinds = {record: (kind, place_id) for record, kind, place_id, _ in _places(corridor)}
    town_records = {f"towns/{t.id}": t for t in corridor.towns}
    for change in impact.changes:
        langs = languages if change.lang is None else [change.lang]
        top_field = change.field.split(".")[0].split("[")[0]
        pages: set[str] = set()
        if change.record == "corridor":
            pages.add("")
        elif change.record in kinds:
            kind, place_id = kinds[change.record]
            pages.add(page_path(kind, place_id))
            town = change.record.split("/")[1]
            if top_field in SHOWN_ELSEWHERE or change.lang is None:
                pages |= {"", page_path("town", town)}
                for lang in langs:
                    impact.map_entries[lang].add(change.record)
            if kind == "town" and top_field == "name":
                # Hall and base pages name their town.
                owner = town_records[change.record]
                pages |= {page_path("hall", h.id) for h in owner.halls}
                pages |= {page_path("base", b.id) for b in owner.bases}
        for lang in langs:
            impact.pages[lang] |= pages


def render(impact: Impact, since: str) -> list[str]:
    """The report a reviewer reads, line by line."""
    if impact.empty and not impact.signs:
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
    lines.append(_("pages:"))
    by_page: dict[str, list[str]] = defaultdict(list)
    for lang, pages in sorted(impact.pages.items()):
        for page in pages:
            by_page[page].append(lang)
    for page in sorted(by_page):
        lines.append(f"  /{page}  [{' '.join(sorted(by_page[page]))}]")
    entries = sorted({e for es in impact.map_entries.values() for e in es})
    lines.append(_("map entries:") if entries else _("map entries: none"))
    lines.extend(f"  {entry}" for entry in entries)
    if impact.signs:
        lines.append(_("signs to approve again and reprint:"))
        lines.extend(f"  {sign}: {', '.join(parts)}" for sign, parts in impact.signs.items())
    else:
        lines.append(_("signs: no printed text changes"))
    return lines
