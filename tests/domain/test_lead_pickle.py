"""Leads cross process boundaries (an import's workers send them to the
process that writes): pickling must give back the same lead."""

from __future__ import annotations

import pickle
from datetime import date, datetime

from leaddesk.domain.bant import Answer, Bant, Temperature
from leaddesk.domain.lead import Lead
from leaddesk.domain.sources import Interest
from leaddesk.domain.stages import Stage
from leaddesk.transfer.duplicates import keys_of


def test_a_lead_survives_pickling_field_for_field() -> None:
    lead = Lead(
        id=7, first_name="Chloé", last_name="Dubois", company="Lumière SARL", title="CEO",
        email="chloe@lumiere.fr", phone="+33 6 12 34 56 78", emails=["c@l.fr"],
        phones=["+33 1 23 45 67 89"], website="lumiere.fr", address="1 rue X", city="Paris",
        postal_code="75001", country="France", source="referral", interest=Interest.INBOUND,
        owner="sam", tags=["VIP", "Q3"], notes="Met at a fair.", competitor="Acme",
        consent=Answer.YES, consent_at=datetime(2026, 3, 1, 9, 30), consent_how="form",
        do_not_contact=True, next_follow_up=date(2026, 4, 2),
        bant=Bant(Answer.YES, Answer.NO, Answer.UNKNOWN, Answer.YES, "5k", "", "", "Q3"),
        stage=Stage.SQL, disqualified_reason="", custom={"Colour": "blue"},
        phone_e164="+33612345678", temperature=Temperature.WARM, score=55, enrichment=89,
        needs_review=True, review_reasons="x", stage_entered_at=datetime(2026, 3, 2),
        last_activity_at=datetime(2026, 3, 3), created_at=datetime(2026, 3, 1),
        updated_at=datetime(2026, 3, 4), version=3,
    )  # fmt: skip
    back = pickle.loads(pickle.dumps(lead))
    assert back == lead
    assert back.stage is Stage.SQL and back.bant.budget is Answer.YES
    assert back.interest is Interest.INBOUND and back.temperature is Temperature.WARM
    assert pickle.loads(pickle.dumps(Lead())) == Lead()


def test_keys_keep_their_block_through_pickling() -> None:
    keys = keys_of(["a@b.c"], [], ["+14155552671"], ["12"], "Bob", "Smith", "Acme Ltd")
    back = pickle.loads(pickle.dumps(keys))
    assert back == keys and back.block == keys.block == ("acme", "rs")
    assert back.identity == keys.identity and back.nearby == "robert smith"
