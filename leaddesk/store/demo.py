"""Demo data: realistic leads, deterministic for a seed.

People and companies from several countries with valid phones and emails,
every source, stage and temperature, and activities and stage histories
spread over the last year.

A million leads must load in under a minute, so rows are generated as
plain tuples in the stored column order (a test checks they are exactly
what :func:`leaddesk.store.derive.lead_columns` would store), by worker
processes while the main process writes them with one ``executemany`` per
table and chunk. Each chunk has its own seed, so the result does not
depend on how many workers ran.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import select

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.clock import utcnow
from leaddesk.domain.identity import company_key, name_key
from leaddesk.domain.lead import ActivityKind
from leaddesk.domain.scoring import lead_score
from leaddesk.domain.sources import SOURCE_KEYS, Interest, interest_for
from leaddesk.domain.stages import Stage
from leaddesk.domain.text import fold, search_document, site_words
from leaddesk.lifetime import worker_pool
from leaddesk.store import demo_data as data
from leaddesk.store.bulk import (
    bulk_load,
    convert_rows,
    dialect_named,
    index_leads,
    indexes_deferred,
    insert_rows,
    reserve_ids,
)
from leaddesk.store.database import Database
from leaddesk.store.demo_times import StoredTimes
from leaddesk.store.leads import tag_ids_for
from leaddesk.store.schema import LeadRow

CHUNK = 10_000
NEW_FILE_MIN = 50_000
"""From this many leads, a first load into a SQLite file builds a new file."""

LEAD_COLUMNS = (
    "id", "first_name", "last_name", "company", "title", "email", "email_key", "phone",
    "phone_e164", "phone_region", "website", "address", "city", "postal_code", "country",
    "source", "interest", "interest_manual", "owner", "notes", "competitor", "consent",
    "consent_at", "consent_how", "do_not_contact", "next_follow_up", "budget", "authority",
    "need", "timeframe", "budget_detail", "authority_detail", "need_detail",
    "timeframe_detail", "stage", "stage_entered_at", "disqualified_reason", "temperature",
    "score", "enrichment", "needs_review", "review_reasons", "sort_name", "sort_company",
    "name_key", "company_key",
    "search_text", "last_activity_at", "created_at", "updated_at", "version",
)  # fmt: skip
STAGE_COLUMNS = ("lead_id", "from_stage", "to_stage", "changed_at", "reason")
ACTIVITY_COLUMNS = (
    "id", "lead_id", "kind", "occurred_at", "outcome", "text", "duration_seconds",
)  # fmt: skip

_FUNNEL = Stage.funnel()
_STAGES = list(Stage)
_STAGE_WEIGHTS = (34, 18, 12, 10, 9, 17)  # new, mql, sal, sql, customer, disqualified
_SOURCE_WEIGHTS = (14, 10, 9, 5, 4, 3, 8, 8, 10, 6, 3, 9, 6, 5)
_KINDS = list(ActivityKind)
_KIND_WEIGHTS = (30, 30, 10, 10, 12, 8)
# Share of criteria known, and of known ones answered yes, by stage.
_BANT_ODDS = {
    Stage.NEW: (0.15, 0.4),
    Stage.MQL: (0.4, 0.55),
    Stage.SAL: (0.6, 0.6),
    Stage.SQL: (0.9, 0.85),
    Stage.CUSTOMER: (1.0, 0.95),
    Stage.DISQUALIFIED: (0.6, 0.3),
}
_YEAR = 365 * 86400
TAG_NAMES = (*data.TAGS, *dict.fromkeys(tag for tag, _ in data.FEEDBACK))
_INDEXED_TABLES = ("leads", "stage_changes", "activities", "lead_tags", "activity_tags")


@dataclass
class Chunk:
    """Generated rows; ``lead_id`` columns hold positions in ``leads`` until
    :func:`load_demo` knows the real ids."""

    leads: list[list[Any]] = field(default_factory=list)
    stage_changes: list[list[Any]] = field(default_factory=list)
    activities: list[list[Any]] = field(default_factory=list)
    lead_tags: list[tuple[int, str]] = field(default_factory=list)
    activity_tags: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Country:
    info: data.Country
    first: tuple[tuple[str, str], ...]  # name, folded
    last: tuple[tuple[str, str], ...]


@cache
def _countries() -> tuple[tuple[_Country, ...], tuple[int, ...]]:
    countries = tuple(
        _Country(
            c,
            tuple((n, fold(n)) for n in c.first_names),
            tuple((n, fold(n)) for n in c.last_names),
        )
        for c in data.COUNTRIES
    )
    return countries, tuple(c.weight for c in data.COUNTRIES)


# Names, companies, titles, cities and notes repeat across demo leads: their
# folded forms and search words are computed once per process. The search
# document of a lead is the concatenation of its parts' documents.
_doc = cache(lambda text: search_document([text]))
_fold = cache(fold)
_name_key = cache(name_key)
_company_key = cache(company_key)


def generate_chunk(seed: int, index: int, size: int, now: datetime, dialect: str) -> Chunk:
    """``size`` leads for chunk ``index`` of a demo data set, with values
    converted for the ``dialect`` database."""
    rng = random.Random(f"leaddesk-demo:{seed}:{index}")
    chunk = Chunk()
    countries, weights = _countries()
    picks = rng.choices(countries, weights, k=size)
    stages = rng.choices(_STAGES, _STAGE_WEIGHTS, k=size)
    sources = rng.choices(SOURCE_KEYS, _SOURCE_WEIGHTS, k=size)
    times = _stored_times(dialect, now)
    for position in range(size):
        _lead(rng, chunk, position, picks[position], stages[position], sources[position], times)
    if dialect != "sqlite":
        # On SQLite every value is already stored form (see StoredTimes).
        target = dialect_named(dialect)
        chunk.leads = convert_rows(target, "leads", LEAD_COLUMNS, chunk.leads)
        chunk.stage_changes = convert_rows(
            target, "stage_changes", STAGE_COLUMNS, chunk.stage_changes
        )
        chunk.activities = convert_rows(target, "activities", ACTIVITY_COLUMNS, chunk.activities)
    return chunk


@lru_cache(maxsize=2)
def _stored_times(dialect: str, now: datetime) -> StoredTimes:
    # Keyed by the dialect's name: a new dialect object for every chunk
    # would miss the cache and rebuild the tables (a tenth of a second).
    return StoredTimes(dialect_named(dialect), now, _YEAR // 86400 + 1)


def _lead(
    rng: random.Random,
    chunk: Chunk,
    position: int,
    country: _Country,
    stage: Stage,
    source: str,
    times: StoredTimes,
) -> None:
    """One lead; every time is generated as whole seconds before now."""
    info = country.info
    now = times.now
    first, first_folded = rng.choice(country.first)
    last, last_folded = rng.choice(country.last)
    word = rng.choice(data.COMPANY_WORDS)
    trade = rng.choice(data.COMPANY_TRADES)
    company = f"{word} {trade} {rng.choice(info.company_suffixes)}"
    domain = f"{word.lower()}{trade.lower()}.{info.tld}"
    number = f"{rng.randint(1, 99)}" if rng.random() < 0.15 else ""
    local = f"{first_folded}.{last_folded.replace(' ', '')}{number}"
    email = f"{local}@{domain}"
    typed, e164, national = _phone(rng, info)
    created = rng.randint(3600, _YEAR)
    history = _history(rng, stage, created)
    entered = history[-1][3]
    bant = _bant(rng, stage)
    title = rng.choice(data.TITLES)
    extras = rng.random()
    website = f"https://www.{domain}" if extras < 0.6 else ""
    city = rng.choice(info.cities) if extras < 0.8 else ""
    country_name = info.name if extras < 0.85 else ""
    notes = rng.choice(data.NOTES) if rng.random() < 0.3 else ""
    interest = interest_for(source)
    consent, consent_at, consent_how, do_not_contact = "unknown", None, "", False
    if interest is Interest.INBOUND or rng.random() < 0.1:
        consent = "yes" if rng.random() < 0.8 else "unknown"
        consent_at = created
        consent_how = "Web form opt-in" if source == "website_form" else "Verbal, on a call"
    elif rng.random() < 0.03:
        consent, do_not_contact = "no", True
    follow_up = None
    if stage not in (Stage.CUSTOMER, Stage.DISQUALIFIED) and rng.random() < 0.5:
        follow_up = now.date() + timedelta(days=rng.randint(-14, 30))
    last_activity = _activities(rng, chunk, position, created, times)
    tags = sorted(rng.sample(data.TAGS, k=rng.choice((0, 0, 1, 1, 2))))
    chunk.lead_tags.extend((position, tag) for tag in tags)
    owner, competitor = rng.choice(data.OWNERS), rng.choice(data.COMPETITORS)
    filled = 6 + bool(website) + bool(city) + bool(country_name)
    enrichment = round(100 * filled / 9)
    search = "".join(
        [
            _doc(first), _doc(last), _doc(company), _doc(title), _doc(local), _doc(domain),
            _phone_words(e164, national),
            _doc(city), _doc(notes), *(_doc(tag) for tag in tags),
            _doc(country_name), _doc(site_words(website)), _doc(competitor),
        ]
    )  # fmt: skip
    activity_at = None if last_activity is None else now - timedelta(seconds=last_activity)
    updated = min(created, entered, created if last_activity is None else last_activity)
    chunk.leads.append(
        [
            position, first, last, company, title, email, email, typed, e164, info.code,
            website, "",
            city, "", country_name, source, interest.value if interest else None, False,
            owner, notes, competitor, consent,
            times(consent_at), consent_how, do_not_contact, times.day(follow_up),
            bant.budget.value, bant.authority.value, bant.need.value, bant.timeframe.value,
            bant.budget_detail, bant.authority_detail, bant.need_detail,
            bant.timeframe_detail, stage.value, times(entered), history[-1][4],
            bant.temperature.value, lead_score(bant, stage, activity_at, enrichment, now),
            enrichment, False, "", f"{last_folded} {first_folded}", _fold(company),
            _name_key(first, last), _company_key(company), search,
            times(last_activity), times(created), times(updated), 1,
        ]
    )  # fmt: skip
    for row in history:
        row[0] = position
        row[3] = times(row[3])
    chunk.stage_changes.extend(history)


def _phone(rng: random.Random, info: data.Country) -> tuple[str, str, str]:
    prefix = rng.choice(info.phone_prefixes)
    rest = info.phone_length - len(prefix)
    national = prefix + str(rng.randrange(10**rest)).zfill(rest)
    if info.code == "US" and national[3] in "01":  # US exchanges start with 2-9
        national = f"{national[:3]}5{national[4:]}"
    groups, start = [], 0
    for size in info.phone_groups:
        groups.append(national[start : start + size])
        start += size
    separator = rng.choice((" ", " ", "-", "."))
    typed = f"+{info.calling_code} {separator.join(groups)}"
    return typed, f"+{info.calling_code}{national}", national


def _phone_words(e164: str, national: str) -> str:
    """The search words of a demo phone number: what
    :func:`leaddesk.domain.text.phone_terms` finds in it, where the digits as
    typed are always the E.164 digits (the groups cover the whole national
    number), without going through the typed text character by character."""
    full = e164[1:]
    return f" {full} {national} {full[-7:]}"


def _history(rng: random.Random, stage: Stage, created: int) -> list[list[Any]]:
    """Stage changes from creation to ``stage``, in time order, as rows
    (times in seconds before now)."""
    if stage is Stage.DISQUALIFIED:
        steps: list[Stage] = [*_FUNNEL[: rng.randint(1, 4)], Stage.DISQUALIFIED]
    else:
        steps = list(_FUNNEL[: _FUNNEL.index(stage) + 1])
    moments = sorted(rng.randrange(created) for _ in range(len(steps) - 1))
    rows: list[list[Any]] = [[None, None, steps[0].value, created, ""]]
    for previous, step, offset in zip(steps, steps[1:], moments, strict=False):
        reason = rng.choice(data.DISQUALIFY_REASONS) if step is Stage.DISQUALIFIED else ""
        rows.append([None, previous.value, step.value, created - offset, reason])
    return rows


def _bant(rng: random.Random, stage: Stage) -> Bant:
    """Answers that fit the stage: later stages know more and say yes more."""
    known, yes = _BANT_ODDS[stage]
    answers = [
        Answer.UNKNOWN
        if rng.random() >= known
        else (Answer.YES if rng.random() < yes else Answer.NO)
        for _ in range(4)
    ]
    budget, authority, need, timeframe = answers
    return Bant(
        budget,
        authority,
        need,
        timeframe,
        budget_detail=f"{rng.choice((5, 10, 15, 25, 40, 60))}k per year"
        if budget is Answer.YES
        else "",
        authority_detail=rng.choice(("Decision maker", "Signs off budget", "Influencer"))
        if authority is not Answer.UNKNOWN
        else "",
        need_detail=rng.choice(("Replace spreadsheets", "Faster follow-up", "Team visibility"))
        if need is Answer.YES
        else "",
        timeframe_detail=rng.choice(("This quarter", "Within 6 months", "Next year"))
        if timeframe is not Answer.UNKNOWN
        else "",
    )


def _activities(
    rng: random.Random, chunk: Chunk, position: int, created: int, times: StoredTimes
) -> int | None:
    """Activities since ``created``; returns the latest one's time (seconds
    before now)."""
    count = rng.choice((0, 0, 1, 1, 2, 2, 3, 4))
    if not count:
        return None
    latest = created
    for kind in rng.choices(_KINDS, _KIND_WEIGHTS, k=count):
        at = created - rng.randrange(created)
        outcome, duration = "", 0
        if kind is ActivityKind.FEEDBACK:
            tag, text = rng.choice(data.FEEDBACK)
            chunk.activity_tags.append((len(chunk.activities), tag))
        elif kind is ActivityKind.CALL:
            outcome = rng.choice(data.CALL_OUTCOMES)
            duration = rng.randint(30, 1500) if outcome in ("Connected", "Interested") else 0
            text = "Discussed needs and next steps." if duration else ""
        else:
            text = rng.choice(data.NOTES)
        chunk.activities.append([None, position, kind.value, times(at), outcome, text, duration])
        latest = min(latest, at)
    return latest


def _chunks(count: int, seed: int, now: datetime, dialect: str, workers: int) -> Iterator[Chunk]:
    sizes = [min(CHUNK, count - start) for start in range(0, count, CHUNK)]
    if workers <= 1 or len(sizes) == 1:
        for index, size in enumerate(sizes):
            yield generate_chunk(seed, index, size, now, dialect)
        return
    with worker_pool(workers) as pool:
        # Keep a few chunks in flight: enough to overlap with writing,
        # few enough to bound memory.
        pending = []
        for index, size in enumerate(sizes):
            pending.append(pool.submit(generate_chunk, seed, index, size, now, dialect))
            if len(pending) > workers * 2:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def load_demo(
    database: Database,
    count: int,
    *,
    seed: int = 1,
    now: datetime | None = None,
    workers: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Adds ``count`` demo leads in one transaction; returns how many.

    Many leads into an empty SQLite file nobody else has open are written
    into a new file that then takes the old one's place (see
    :mod:`leaddesk.store.demo_file`): same rows, a fraction of the time.
    """
    now = now or utcnow()
    if count >= NEW_FILE_MIN and database.dialect == "sqlite":
        from leaddesk.store.demo_file import load_into_new_file

        loaded = load_into_new_file(
            database,
            count,
            seed=seed,
            now=now,
            workers=workers,
            tag_names=TAG_NAMES,
            progress=progress,
        )
        if loaded is not None:
            return loaded
    done = 0
    with database.session() as session, bulk_load(session), ExitStack() as stack:
        if session.scalar(select(LeadRow.id).limit(1)) is None:
            stack.enter_context(indexes_deferred(session, _INDEXED_TABLES))
        # In a fixed order, so that tags get the same ids on every run.
        tag_ids = tag_ids_for(session, TAG_NAMES)
        tag_ids = {name: tag_ids[fold(name)] for name in TAG_NAMES}
        for chunk in _chunks(count, seed, now, database.dialect, workers):
            first = reserve_ids(session, "leads", len(chunk.leads))
            for row in chunk.leads:
                row[0] += first
            insert_rows(session, "leads", LEAD_COLUMNS, chunk.leads, converted=True)
            index_leads(session, first, first + len(chunk.leads) - 1)
            for row in chunk.stage_changes:
                row[0] += first
            insert_rows(
                session, "stage_changes", STAGE_COLUMNS, chunk.stage_changes, converted=True
            )
            rows = [(first + p, tag_ids[tag]) for p, tag in chunk.lead_tags]
            insert_rows(session, "lead_tags", ("lead_id", "tag_id"), rows)
            first_activity = reserve_ids(session, "activities", len(chunk.activities))
            for offset, row in enumerate(chunk.activities):
                row[0] = first_activity + offset
                row[1] += first
            insert_rows(session, "activities", ACTIVITY_COLUMNS, chunk.activities, converted=True)
            rows = [(first_activity + a, tag_ids[tag]) for a, tag in chunk.activity_tags]
            insert_rows(session, "activity_tags", ("activity_id", "tag_id"), rows)
            done += len(chunk.leads)
            if progress:
                progress(done, count)
    return done
