from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.lead import Lead
from leaddesk.domain.scoring import enrichment_label, enrichment_percent, lead_score
from leaddesk.domain.sources import Interest, interest_for, normalize_source, source_label
from leaddesk.domain.stages import Stage

NOW = datetime(2026, 6, 15, 12, 0)


def test_name_and_phone_only_is_not_enriched() -> None:
    lead = Lead(first_name="Ana", phone="+34 612 345 678")
    assert enrichment_percent(lead) == 22
    assert enrichment_label(enrichment_percent(lead)) == "Not enriched"


def test_full_profile_is_enriched() -> None:
    lead = Lead(
        first_name="Ana",
        last_name="Ruiz",
        company="Cobalt Labs",
        title="CTO",
        email="ana@cobalt.es",
        phone="+34 612 345 678",
        source="referral",
        website="https://cobalt.es",
        city="Madrid",
        country="Spain",
    )
    assert enrichment_percent(lead) == 100
    assert enrichment_label(100) == "Enriched"


def test_score_weighs_bant_engagement_and_enrichment() -> None:
    hot = Bant(*[Answer.YES] * 4)
    assert lead_score(hot, Stage.SQL, NOW - timedelta(days=1), 100, NOW) == 100
    assert lead_score(Bant(), Stage.NEW, None, 0, NOW) == 0
    assert lead_score(hot, Stage.SQL, None, 0, NOW) == 50
    recent = lead_score(Bant(), Stage.NEW, NOW - timedelta(days=3), 0, NOW)
    month = lead_score(Bant(), Stage.NEW, NOW - timedelta(days=20), 0, NOW)
    stale = lead_score(Bant(), Stage.NEW, NOW - timedelta(days=200), 0, NOW)
    assert recent > month > stale == 0


def test_disqualified_leads_score_zero() -> None:
    assert lead_score(Bant(*[Answer.YES] * 4), Stage.DISQUALIFIED, NOW, 100, NOW) == 0


@given(
    st.lists(st.sampled_from(list(Answer)), min_size=4, max_size=4),
    st.sampled_from(list(Stage)),
    st.integers(0, 100),
    st.one_of(st.none(), st.integers(0, 1000)),
)
def test_score_stays_within_0_and_100(
    answers: list[Answer], stage: Stage, enrichment: int, days_ago: int | None
) -> None:
    last = None if days_ago is None else NOW - timedelta(days=days_ago)
    assert 0 <= lead_score(Bant(*answers), stage, last, enrichment, NOW) <= 100


def test_sources_are_recognised_and_unknown_ones_kept_as_typed() -> None:
    assert normalize_source("Website") == "website_form"
    assert normalize_source("Google Ads") == "online_ad"
    assert normalize_source("Twitter") == "x"
    assert normalize_source("LinkedIn") == "linkedin"
    assert normalize_source("Cold Calling") == "cold_call"
    assert normalize_source("Podcast guest") == "Podcast guest"
    assert source_label("online_ad") == "Online ad / PPC"
    assert source_label("Podcast guest") == "Podcast guest"


def test_interest_follows_the_source_unless_overridden() -> None:
    assert interest_for("website_form") is Interest.INBOUND
    assert interest_for("purchased_list") is Interest.OUTBOUND
    assert interest_for("Podcast guest") is None
    assert Lead(first_name="Li", source="cold_call").effective_interest is Interest.OUTBOUND
    overridden = Lead(first_name="Li", source="cold_call", interest=Interest.INBOUND)
    assert overridden.effective_interest is Interest.INBOUND
