"""`corridor signs`: proofs, press files and the proof book, re-rendering only what changed.

Each sign's inputs — its record, the texts and review states it shows, its type, policy and
colours, the fonts' files, the templates, the code — are hashed; a sign whose hash and output
files are unchanged since the last run is not rendered again (the cache lives in
``build/signs/.cache.json``). Every PDF is written atomically; a sign with an error gets no
new PDF, and its previous files are left as they were (the summary says so).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from corridor import speech
from corridor.atomic import replacing_file
from corridor.i18n.catalogues import State
from corridor.problems import Problem, Severity
from corridor.records import Loaded
from corridor.signs.checks import SignProject, load_signs
from corridor.signs.content import ResolvedSign, SignContent
from corridor.signs.layout import MARKS_MM, Artwork, FitResult, Mode, SignLayout
from corridor.signs.pdf import pdf_bytes, write_pdf
from corridor.speech import N_, _

OUTPUT = Path("build") / "signs"
CACHE_FILE = OUTPUT / ".cache.json"
CACHE_VERSION = 1
FIT_KEYS = ("scales", "status", "renders", "problems")
# How many strings of a language are in each state that keeps a sign from press.
_STATE_COUNTS = {
    State.UNREVIEWED: N_("{n} unreviewed"),
    State.FUZZY: N_("{n} fuzzy"),
    State.UNTRANSLATED: N_("{n} untranslated"),
}
Action = Literal["written", "unchanged", "refused"]


@dataclass(frozen=True, slots=True)
class SignsOptions:
    ids: tuple[str, ...] = ()
    press: bool = False
    test_print: bool = False
    jobs: int = 1


@dataclass(slots=True)
class Outcome:
    """What happened to one sign in one run."""

    sign_id: str
    action: Action
    written: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # reasons
    seconds: float = 0.0
    fit: dict[str, Any] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)


def data_date(loaded: Loaded) -> date:
    """The date printed on proofs: SOURCE_DATE_EPOCH if set, else the records' date.

    Never the clock, so the same data always gives the same PDF bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    assert loaded.corridor is not None
    return loaded.corridor.info.updated


def press_blockers(content: SignContent) -> list[str]:
    """Why a sign may not go to press: every language whose text is not reviewed."""
    reasons = []
    for lang in content.policy.order:
        states: dict[State, int] = {}
        for _slot, block in content.texts():
            if block.lang == lang:
                for paragraph in block.paragraphs:
                    state = paragraph.translation.state
                    if state not in (State.SOURCE, State.REVIEWED):
                        states[state] = states.get(state, 0) + 1
        if states:
            # Translators: between the counts of one language: "1 unreviewed, 2 fuzzy".
            counts = _(", ").join(
                _(_STATE_COUNTS[state]).format(n=n) for state, n in sorted(states.items())
            )
            reasons.append(f"{lang}: {counts}")
    return reasons


def digest_of(value: Any) -> str:
    """A stable hash of plain data (JSON with sorted keys)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _files_digest(paths: Iterable[Path]) -> str:
    sha = hashlib.sha256()
    for path in sorted(paths):
        sha.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


# Every kind of page `corridor signs` makes of a sign (the fit's too): the digest hashes each.
PAGE_MODES: tuple[Mode, ...] = ("measure", "proof", "press", "test-print", "book")


def created_stamp(when: date) -> str:
    """The creation time written into a sign's PDFs: the data's date, never the clock."""
    return f"{when.isoformat()}T00:00:00Z"


def sign_digest(
    project: SignProject,
    layout: SignLayout,
    content: SignContent,
    when: date,
    shared: dict[str, str],
) -> str:
    """The hash of everything one sign's PDFs are made from (its "data version").

    Not a list of the fields a sign reads, kept by hand beside the templates (that list once
    missed the panels' strip map, and renaming a town left their proofs stale): the sign's
    pages themselves, as the templates render them at the nominal size in every mode. Whatever
    a template shows — a record field, a translation and its review state, the strip map, a
    colour, the QR code — is in them. Added is what the markup only points to: the image's and
    the press profile's bytes, the fonts, the code and the templates. The project's own folder
    is left out of the markup, so a copy of the project (`corridor impact` builds one) gives
    the same digests.
    """
    nominal = {slot.name: 1.0 for slot in content.type.slots}
    artwork = Artwork(created=created_stamp(when))
    here = project.root.resolve().as_uri()
    pages = [
        hashlib.sha256(
            layout.html(layout.view(content, nominal, mode, artwork)).replace(here, "").encode()
        ).hexdigest()
        for mode in PAGE_MODES
    ]
    referenced = []
    if content.sign.image is not None:
        referenced.append(project.root / "sites" / content.sign.image.file)
    profile = project.sign_types.press.icc_profile if project.sign_types else None
    if profile:
        referenced.append(project.root / profile)
    files = _files_digest(path for path in referenced if path.is_file())
    return digest_of(
        {"pages": pages, "files": files, "fonts": layout.fontbook.fingerprint(), **shared}
    )


def layout_errors(project: SignProject, resolved: ResolvedSign) -> list[Problem]:
    """The errors that keep a sign from being laid out at all."""
    errors = [p for p in project.sign_problems(resolved) if p.is_error]
    if resolved.content is not None:
        errors += [p for p in project.static_problems(resolved.content) if p.is_error]
    return errors


def sign_digests(project: SignProject, layout: SignLayout) -> dict[str, str]:
    """The digest of every sign that can be laid out, by id: what `corridor signs` would
    compare with its cache, and `corridor impact` between two versions of the data."""
    when = data_date(project.loaded)
    shared = environment_inputs(project.root)
    return {
        resolved.sign_id: sign_digest(project, layout, resolved.content, when, shared)
        for resolved in project.signs
        if resolved.content is not None and not layout_errors(project, resolved)
    }


def environment_inputs(root: Path) -> dict[str, str]:
    """Inputs shared by every sign: the templates and the code that lays signs out."""
    code = Path(__file__).parent
    return {
        "templates": _files_digest((root / "templates" / "signs").glob("*")),
        "code": _files_digest(code.glob("*.py")),
        "cache": str(CACHE_VERSION),
    }


@dataclass
class SignsRun:
    """One `corridor signs` run over a loaded project."""

    project: SignProject
    options: SignsOptions
    report: Callable[[str], None] = print
    outcomes: list[Outcome] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # sign id → its digest now

    @property
    def root(self) -> Path:
        return self.project.root

    def run(self) -> list[Outcome]:
        project = self.project
        out = self.root / OUTPUT
        cache = read_cache(self.root)
        when = data_date(project.loaded)
        layout = project.layout()
        jobs: list[_Job] = []
        # Every sign's, not only the selected ones': the proof book is current only when each
        # of its pages is (see proofbook.book_entries).
        self.digests = sign_digests(project, layout)
        selected = [
            r for r in project.signs if not self.options.ids or r.sign_id in self.options.ids
        ]
        for index, resolved in enumerate(selected, 1):
            content = resolved.content
            if content is None or resolved.sign_id not in self.digests:
                errors = layout_errors(project, resolved)
                outcome = Outcome(resolved.sign_id, "refused", refused=[p.render() for p in errors])
                self._done(index, len(selected), outcome)
                continue
            digest = self.digests[resolved.sign_id]
            entry = cache.get(resolved.sign_id, {})
            want_press = self.options.press
            proof = out / "proofs" / f"{content.sign.id}.pdf"
            fresh = entry.get("proof_hash") == digest and proof.is_file()
            press_fresh = entry.get("press_hash") == digest and entry.get(
                "press_state"
            ) == _press_key(self.options)
            if fresh and (not want_press or press_fresh):
                outcome = Outcome(
                    resolved.sign_id,
                    "unchanged",
                    cache=entry,
                    fit={k: entry.get(k) for k in FIT_KEYS},
                )
                self._done(index, len(selected), outcome)
                continue
            jobs.append(
                _Job(
                    index,
                    len(selected),
                    content.sign.id,
                    digest,
                    when,
                    want_press,
                    self.options.test_print,
                    fresh,
                )
            )
        for index, rendered in self._render(jobs, layout):
            self._done(index, len(selected), rendered)
        for outcome in self.outcomes:
            if outcome.cache:
                cache[outcome.sign_id] = {**cache.get(outcome.sign_id, {}), **outcome.cache}
        write_cache(self.root, cache)
        return self.outcomes

    def _render(self, jobs: list[_Job], layout: SignLayout) -> Iterable[tuple[int, Outcome]]:
        if self.options.jobs <= 1 or len(jobs) <= 1:
            for job in jobs:
                yield job.index, render_job(self.project, layout, job)
            return
        # Workers are forked after the project is loaded: they inherit it (and the fonts
        # already measured) instead of reloading everything per sign.
        _FORKED["project"] = self.project
        _FORKED["layout"] = layout
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(self.options.jobs, mp_context=context) as pool:
                for job, outcome in zip(jobs, pool.map(_render_in_worker, jobs), strict=True):
                    yield job.index, outcome
        finally:
            _FORKED.clear()

    def _done(self, index: int, total: int, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        what = {
            "written": ", ".join(outcome.written) or _("nothing new"),
            "unchanged": _("unchanged"),
            "refused": _("refused"),
        }[outcome.action]
        if outcome.action == "written" and outcome.refused:
            what += _("; press refused")
        seconds = f" ({outcome.seconds:.1f} s)" if outcome.seconds else ""
        self.report(f"[{index}/{total}] {outcome.sign_id}: {what}{seconds}")


# Set only in the parent just before forking workers, read only by them (see _render).
_FORKED: dict[str, SignProject | SignLayout] = {}


@dataclass(frozen=True, slots=True)
class _Job:
    index: int
    total: int
    sign_id: str
    digest: str
    when: date
    press: bool
    test_print: bool
    proof_fresh: bool


def _press_key(options: SignsOptions) -> str:
    return "test-print" if options.test_print else "press"


def _render_in_worker(job: _Job) -> Outcome:
    project, layout = _FORKED["project"], _FORKED["layout"]
    assert isinstance(project, SignProject) and isinstance(layout, SignLayout)
    # One layout per worker process (inherited at fork): fonts and templates load once.
    return render_job(project, layout, job)


def slug_line(content: SignContent, when: date, digest: str, mode: str) -> str:
    t = content.type
    purpose = {
        "proof": "样稿 PROOF — 不得用于印刷 not for press",
        "test-print": "测试打样 TEST PRINT — not for production",
    }.get(mode, "")
    return (
        f"{content.sign.id} · {t.id} ({t.name}) · {t.width_mm:g} × {t.height_mm:g} mm trim, "
        f"{t.bleed_mm:g} mm bleed · {when.isoformat()} · data {digest[:12]} · {purpose}"
    )


def render_job(project: SignProject, layout: SignLayout, job: _Job) -> Outcome:
    """Fit, then write the proof and (if asked and allowed) the press file of one sign."""
    started = time.perf_counter()
    content = next(
        r.content for r in project.signs if r.sign_id == job.sign_id and r.content is not None
    )
    out = project.root / OUTPUT
    created = created_stamp(job.when)
    artwork = Artwork(slug=slug_line(content, job.when, job.digest, "proof"), created=created)
    fit = layout.fit(content)
    fit_data = fit_record(fit)
    outcome = Outcome(job.sign_id, "written", fit=fit_data)
    if not fit.ok:
        outcome.action = "refused"
        outcome.refused = [p.render() for p in fit.problems if p.is_error]
        outcome.seconds = time.perf_counter() - started
        # The fit is kept (the book lists why it failed); the files stay what they were.
        outcome.cache = {"hash": job.digest, **fit_data}
        return outcome
    bleed = content.type.bleed_mm
    if not job.proof_fresh:
        html = layout.html(layout.view(content, fit.scales, "proof", artwork))
        write_pdf(
            layout.render(html),
            out / "proofs" / f"{content.sign.id}.pdf",
            trim_inset_mm=MARKS_MM + bleed,
            bleed_inset_mm=MARKS_MM,
            identity=f"proof {job.digest}",
        )
        outcome.written.append(f"proofs/{content.sign.id}.pdf")
        # The book's page of this sign, made now so the book only assembles pages.
        art = render_artwork(layout, content, fit.scales, job.digest, created)
        with replacing_file(project.root / artwork_path(content.sign.id)) as temporary:
            temporary.write_bytes(art)
    press_state = None
    if job.press:
        blockers = press_blockers(content)
        if blockers and not job.test_print:
            outcome.refused = [
                _("press refused: not every string is reviewed ({reasons})").format(
                    # Translators: between languages: "bo: 1 unreviewed; en: 2 fuzzy".
                    reasons=_("; ").join(blockers)
                )
            ]
            # A press file made from older data must not wait in press/ to be printed.
            old = out / "press" / f"{content.sign.id}.pdf"
            if old.is_file():
                old.unlink()
                outcome.refused.append(
                    _("removed {file}: it no longer matches the data").format(
                        file=f"press/{old.name}"
                    )
                )
        else:
            mode: Mode = "test-print" if blockers else "press"
            name = f"{content.sign.id}.test-print.pdf" if blockers else f"{content.sign.id}.pdf"
            press_art = Artwork(
                slug=slug_line(content, job.when, job.digest, mode), created=created
            )
            view = layout.view(content, fit.scales, mode, press_art)
            variant = None
            profile = project.sign_types.press.icc_profile if project.sign_types else None
            if profile and mode == "press":
                view["icc_profile"] = (project.root / profile).resolve().as_uri()
                variant = "pdf/x-4"
            margin = MARKS_MM if mode == "test-print" else 0.0
            write_pdf(
                layout.render(layout.html(view)),
                out / "press" / name,
                trim_inset_mm=margin + bleed,
                bleed_inset_mm=margin,
                identity=f"{mode} {job.digest}",
                pdf_variant=variant,
            )
            outcome.written.append(f"press/{name}")
            press_state = "test-print" if job.test_print else "press"
    outcome.seconds = time.perf_counter() - started
    outcome.cache = {"hash": job.digest, **fit_data, "proof_hash": job.digest}
    if press_state is not None:
        outcome.cache.update(press_hash=job.digest, press_state=press_state)
    return outcome


def artwork_path(sign_id: str) -> Path:
    """Where `corridor signs` keeps a sign's book artwork (its PDF, trimmed, no furniture)."""
    return OUTPUT / "artwork" / f"{sign_id}.pdf"


def render_artwork(
    layout: SignLayout,
    content: SignContent,
    scales: dict[str, float],
    digest: str,
    created: str,
) -> bytes:
    """A sign's page for the proof book: its artwork with the review labels, trimmed."""
    view = layout.view(content, scales, "book", Artwork(created=created))
    # The TrimBox is what the overlay shows: the sign as it will be cut.
    return pdf_bytes(
        layout.render(layout.html(view)),
        trim_inset_mm=content.type.bleed_mm,
        bleed_inset_mm=0,
        identity=f"art {digest}",
    )


def fit_record(fit: FitResult) -> dict[str, Any]:
    return {
        "scales": fit.scales,
        "status": fit.status(),
        "renders": fit.renders,
        "problems": [asdict(p) for p in fit.problems],
        # The problems' sentences are in the language of the run that measured them.
        "language": speech.language(),
    }


def _fit_current(entry: dict[str, Any], digest: str) -> bool:
    """Whether a cached fit can be reported as it is: same inputs, and its problems (if
    any) worded in the language the tool speaks now."""
    if entry.get("hash") != digest or "problems" not in entry:
        return False
    return not entry["problems"] or entry.get("language") == speech.language()


def fit_problems(record: dict[str, Any]) -> list[Problem]:
    return [
        Problem(**{**p, "severity": Severity(p["severity"])}) for p in record.get("problems", [])
    ]


def read_cache(root: Path) -> dict[str, Any]:
    try:
        data = json.loads((root / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    signs = data.get("signs")
    return signs if isinstance(signs, dict) else {}


def write_cache(root: Path, signs: dict[str, Any]) -> None:
    text = json.dumps(
        {"version": CACHE_VERSION, "signs": signs}, ensure_ascii=False, indent=1, sort_keys=True
    )
    with replacing_file(root / CACHE_FILE) as temporary:
        temporary.write_text(text, encoding="utf-8")


def check_signs(root: Path, loaded: Loaded) -> tuple[list[Problem], list[str]]:
    """Every sign problem `corridor check` reports, fit included.

    Fit needs WeasyPrint's layout; results are kept in the signs cache by input hash, so an
    unchanged sign is not laid out again.
    """
    project = load_signs(root, loaded)
    problems = list(project.problems)
    for found in project.type_problems.values():
        problems.extend(found)
    if project.sign_types is None:
        return problems, project.files
    cache = read_cache(root)
    changed = False
    when = data_date(loaded) if loaded.corridor is not None else None
    shared = environment_inputs(root)
    layout = project.layout()
    for resolved in project.signs:
        problems.extend(resolved.problems)
        content = resolved.content
        if content is None or resolved.type_id in project.type_problems or when is None:
            continue
        static = project.static_problems(content)
        problems.extend(static)
        if any(p.is_error for p in static):
            continue
        digest = sign_digest(project, layout, content, when, shared)
        entry = cache.get(resolved.sign_id, {})
        if not _fit_current(entry, digest):
            fit = layout.fit(content)
            # Only the fit is refreshed: proof_hash/press_hash still name what the files
            # on disk were made from, so `corridor signs` re-renders them.
            entry = {**entry, "hash": digest, **fit_record(fit)}
            cache[resolved.sign_id] = entry
            changed = True
        problems.extend(fit_problems(entry))
    if changed:
        write_cache(root, cache)
    return problems, project.files
