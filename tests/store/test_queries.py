"""The lead list: search, filters, sorting and paging in SQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from leaddesk.domain.bant import Answer, Bant, Temperature
from leaddesk.domain.lead import Lead
from leaddesk.domain.stages import Stage
from leaddesk.store.backend import SearchPlan
from leaddesk.store.database import Database
from leaddesk.store.leads import add_tag, create_lead, insert_leads, move_stage
from leaddesk.store.queries import (
    FollowUp,
    LeadQuery,
    SortKey,
    count_leads,
    lead_ids,
    page_leads,
)

TODAY = date(2026, 6, 15)
HOT = Bant(*[Answer.YES] * 4)
PEOPLE = [
    Lead(first_name="Chloé", last_name="Dubois", company="Lumière SARL", email="chloe@lumiere.fr",
         phone="+33 6 12 34 56 78", source="referral", bant=HOT, notes="Met at the Lyon fair"),
    Lead(first_name="Jürgen", last_name="Müller", company="Nordwind GmbH",
         email="j.mueller@nordwind.de", phone="+49 151 23456789", source="linkedin",
         next_follow_up=TODAY - timedelta(days=2)),
    Lead(first_name="Ana", last_name="Ruiz", company="Cobalt Labs", email="ana@cobalt.es",
         phone="(415) 555-2671", source="cold_call", bant=Bant(budget=Answer.YES),
         next_follow_up=TODAY),
    Lead(first_name="Chris", last_name="Dunn", company="Cobalt Labs", email="chris@cobalt",
         source="website_form", next_follow_up=TODAY + timedelta(days=3)),
    Lead(company="Acme Widgets", phone="+1 212 989 0000", source="event"),
]  # fmt: skip


@pytest.fixture
def people(db: Database) -> Database:
    with db.session() as session:
        insert_leads(session, PEOPLE, region="US")
    return db


def names(db: Database, query: LeadQuery) -> list[str]:
    with db.read() as session:
        return [row.display_name for row in page_leads(session, query)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("chloe", ["Chloé Dubois"]),
        ("CHLOÉ", ["Chloé Dubois"]),
        ("ch", ["Chloé Dubois", "Chris Dunn"]),
        ("c", ["Chloé Dubois", "Chris Dunn", "Ana Ruiz"]),
        ("mull", ["Jürgen Müller"]),
        ("cobalt", ["Chris Dunn", "Ana Ruiz"]),
        ("cobalt ana", ["Ana Ruiz"]),
        ("nordwind.de", ["Jürgen Müller"]),
        ("j.mueller@", ["Jürgen Müller"]),
        ("415 555", ["Ana Ruiz"]),
        ("5552671", ["Ana Ruiz"]),
        ("+33 6 12", ["Chloé Dubois"]),
        ("06 12 34", []),
        ("lyon", ["Chloé Dubois"]),
        ("zebra", []),
        ('"; DROP TABLE leads', []),
    ],
)
def test_search_is_prefix_case_and_accent_insensitive(
    people: Database, text: str, expected: list[str]
) -> None:
    assert names(people, LeadQuery(search=text)) == expected


@pytest.mark.parametrize(
    "text",
    ["c", "ch", "cobalt", "cobalt ana", "j.mueller@", "415 555", "+33 6 12", "zebra", "lyon"],
)
def test_both_search_plans_find_the_same_leads(people: Database, text: str) -> None:
    query = LeadQuery(search=text, sort=SortKey.COMPANY, descending=True)
    with people.read() as session:
        by_index = [r.id for r in page_leads(session, query, plan=SearchPlan.INDEX)]
        by_scan = [r.id for r in page_leads(session, query, plan=SearchPlan.SCAN)]
        counts = {count_leads(session, query, plan=plan) for plan in SearchPlan}
    assert by_index == by_scan
    assert counts == {len(by_index)}


@pytest.mark.parametrize("budget", [2, 1000])
@pytest.mark.parametrize("sort", [SortKey.NAME, SortKey.COMPANY])
def test_dense_searches_walk_then_fall_back_with_the_same_result(
    db: Database, monkeypatch: pytest.MonkeyPatch, budget: int, sort: SortKey
) -> None:
    """Many matches: the ordered walk (or, when its budget runs out, the
    sorted index matches) gives exactly the page the plain query gives."""
    leads = [
        Lead(
            first_name=f"Smith{i % 5}",
            last_name="Smith" if i % 3 else "Baker",
            company=f"C{i % 11}",
        )
        for i in range(120)
    ]
    with db.session() as session:
        insert_leads(session, leads, region="US")
    monkeypatch.setattr("leaddesk.store.backend.DENSE_MATCHES", 0)
    monkeypatch.setattr("leaddesk.store.queries.NAME_DENSE_MATCHES", 0)
    monkeypatch.setattr("leaddesk.store.queries.PG_SORTED_MATCHES", 0)  # PostgreSQL walks
    monkeypatch.setattr("leaddesk.store.queries.SCAN_BUDGET", budget)
    for text in ("smith", "smith baker", "c1"):
        query = LeadQuery(search=text, sort=sort)
        with db.read() as session:
            chosen = page_leads(session, query, limit=10)
            forced = page_leads(session, query, limit=10, plan=SearchPlan.INDEX)
            following = page_leads(session, query, limit=10, after=chosen[-1]) if chosen else []
            expected = lead_ids(session, query, limit=20)
        assert [r.id for r in chosen] == [r.id for r in forced] == expected[:10]
        assert [r.id for r in following] == expected[10:20]


def test_filters_combine(people: Database) -> None:
    assert names(people, LeadQuery(temperatures=(Temperature.HOT,))) == ["Chloé Dubois"]
    assert names(people, LeadQuery(temperatures=(Temperature.WARM, Temperature.HOT))) == [
        "Chloé Dubois",
        "Ana Ruiz",
    ]
    assert names(people, LeadQuery(sources=("cold_call", "linkedin"))) == [
        "Jürgen Müller",
        "Ana Ruiz",
    ]
    assert names(people, LeadQuery(search="cobalt", temperatures=(Temperature.COLD,))) == [
        "Chris Dunn"
    ]
    assert names(people, LeadQuery(needs_review=True)) == ["Chris Dunn"]


def test_stage_and_tag_filters(people: Database) -> None:
    with people.session() as session:
        ids = {r.display_name: r.id for r in page_leads(session, LeadQuery())}
        move_stage(session, [ids["Ana Ruiz"], ids["Chris Dunn"]], Stage.MQL)
        add_tag(session, [ids["Chris Dunn"], ids["Acme Widgets"]], "Webinar")
    assert names(people, LeadQuery(stages=(Stage.MQL,))) == ["Chris Dunn", "Ana Ruiz"]
    assert names(people, LeadQuery(tags=("webinar",))) == ["Acme Widgets", "Chris Dunn"]
    assert names(people, LeadQuery(tags=("webinar",), stages=(Stage.MQL,))) == ["Chris Dunn"]
    assert names(people, LeadQuery(search="webinar")) == ["Acme Widgets", "Chris Dunn"]


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        (FollowUp.OVERDUE, ["Jürgen Müller"]),
        (FollowUp.TODAY, ["Ana Ruiz"]),
        (FollowUp.DUE, ["Jürgen Müller", "Ana Ruiz"]),
        (FollowUp.THIS_WEEK, ["Chris Dunn", "Ana Ruiz"]),
        (FollowUp.NONE, ["Acme Widgets", "Chloé Dubois"]),
    ],
)
def test_follow_up_filters(people: Database, which: FollowUp, expected: list[str]) -> None:
    assert names(people, LeadQuery(follow_up=which, today=TODAY)) == expected


def test_sorting_by_columns(people: Database) -> None:
    assert names(people, LeadQuery()) == [
        "Acme Widgets", "Chloé Dubois", "Chris Dunn", "Jürgen Müller", "Ana Ruiz",
    ]  # fmt: skip
    assert names(people, LeadQuery(sort=SortKey.COMPANY))[:3] == [
        "Acme Widgets",
        "Ana Ruiz",  # same company as Chris Dunn: created first
        "Chris Dunn",
    ]
    assert names(people, LeadQuery(sort=SortKey.SCORE, descending=True))[0] == "Chloé Dubois"
    by_follow_up = names(people, LeadQuery(sort=SortKey.FOLLOW_UP))
    assert by_follow_up[-3:] == ["Jürgen Müller", "Ana Ruiz", "Chris Dunn"]


def _read_three_ways(session: Session, query: LeadQuery) -> tuple[list[int], list[int], list[int]]:
    """The ids of ``query`` all at once, a page of 40 at a time by offset,
    and a page at a time from the last lead of the page before."""
    everything = lead_ids(session, query)
    by_offset = [
        r.id
        for start in range(0, len(everything), 40)
        for r in page_leads(session, query, offset=start, limit=40)
    ]
    by_key: list[int] = []
    last = None
    while page := page_leads(session, query, limit=40, after=last):
        by_key += [r.id for r in page]
        last = page[-1]
    return everything, by_offset, by_key


@pytest.mark.parametrize(
    ("sorted_matches", "few_matches", "budget"),
    [(0, 0, 5000), (1_000_000, 1_000_000, 5000), (1_000_000, -1, 5000), (1_000_000, -1, 3)],
    ids=["walk", "sort", "bounded walk", "bounded walk, then sort"],
)
def test_searched_pages_by_offset_and_by_key_agree_whichever_way_they_are_read(
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    sorted_matches: int,
    few_matches: int,
    budget: int,
) -> None:
    """A search pages the same whether its matches are sorted (few matches)
    or the sort order is walked (many), or a bounded walk is tried first:
    in every order, by offset or by key."""
    leads = [
        Lead(first_name=f"Jo{i % 7}", last_name=f"Name{i % 13:02d}", company=f"Jones {i % 5}")
        for i in range(150)
    ] + [Lead(first_name="Ann", last_name=f"Other{i}") for i in range(30)]
    with db.session() as session:
        insert_leads(session, leads, region="US")
    monkeypatch.setattr("leaddesk.store.queries.PG_SORTED_MATCHES", sorted_matches)
    monkeypatch.setattr("leaddesk.store.queries.NAME_DENSE_MATCHES", sorted_matches)
    monkeypatch.setattr("leaddesk.store.queries.PG_FEW_MATCHES", few_matches)
    monkeypatch.setattr("leaddesk.store.queries.SCAN_BUDGET", budget)
    for sort in (SortKey.NAME, SortKey.COMPANY, SortKey.CREATED, SortKey.SCORE):
        for descending in (False, True):
            query = LeadQuery(search="jo", sort=sort, descending=descending)
            with db.read() as session:
                everything, by_offset, by_key = _read_three_ways(session, query)
            assert len(everything) == 150
            assert by_offset == everything
            assert by_key == everything


def test_paging_by_offset_and_by_key_agree(db: Database) -> None:
    leads = [Lead(first_name=f"Person{i % 7}", last_name=f"Name{i % 13:02d}") for i in range(250)]
    with db.session() as session:
        insert_leads(session, leads, region="US")
    for sort, descending in [(SortKey.NAME, False), (SortKey.NAME, True), (SortKey.CREATED, False)]:
        query = LeadQuery(sort=sort, descending=descending)
        with db.read() as session:
            everything, by_offset, by_key = _read_three_ways(session, query)
        assert len(everything) == 250
        assert by_offset == everything
        assert by_key == everything


def test_counts_can_be_capped(people: Database) -> None:
    with people.read() as session:
        assert count_leads(session, LeadQuery()) == 5
        assert count_leads(session, LeadQuery(), cap=3) == 4  # "3+"
        assert count_leads(session, LeadQuery(search="cobalt")) == 2


def test_search_index_follows_edits_and_deletes(db: Database) -> None:
    from leaddesk.store.leads import get_lead, purge_leads, save_lead, trash_leads

    with db.session() as session:
        lead = create_lead(session, Lead(first_name="Zoë", company="Atlas"))
        assert names(db, LeadQuery(search="zoe")) == []  # not committed yet for other sessions
    assert names(db, LeadQuery(search="zoe")) == ["Zoë"]
    with db.session() as session:
        lead = get_lead(session, lead.id or 0)
        lead.first_name = "Chloë"
        save_lead(session, lead)
    assert names(db, LeadQuery(search="zoe")) == []
    assert names(db, LeadQuery(search="chloe")) == ["Chloë"]
    with db.session() as session:
        trash_leads(session, [lead.id or 0])
        purge_leads(session)
    assert names(db, LeadQuery(search="chloe")) == []
