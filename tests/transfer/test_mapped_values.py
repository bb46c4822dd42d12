"""Values of Source, Stage and Lead status columns: names LeadDesk knows
(in the languages big exports use) map; values that say more map and are
kept as given; values that map to nothing are kept, never dropped; and
the user's choices win."""

from __future__ import annotations

from pathlib import Path

from leaddesk.domain.stages import Stage
from leaddesk.store.database import Database
from leaddesk.transfer.fields import Field
from leaddesk.transfer.mapped_values import KEEP, value_key
from leaddesk.transfer.pipeline import ImportJob, ImportOptions
from tests.transfer.conftest import Importer, all_leads, write_csv

HUBSPOT = [
    ["Email", "Lifecycle Stage", "Original Source", "Lead Status"],
    ["a@example.com", "Subscriber", "Empfehlung", ""],
    ["b@example.com", "Evangelist", "referral - Hans", ""],
    ["c@example.com", "Marketing Qualified Lead", "Offline Sources", "Open"],
    ["d@example.com", "Customer", "Paid Search", "In progress"],
    ["e@example.com", "", "Messe München 2024", "Unqualified"],
]  # fmt: skip


def test_values_map_and_nothing_is_dropped(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    report = import_file(write_csv(tmp_path / "hubspot.csv", HUBSPOT))
    assert report.problems == []
    leads = {lead.email[0]: lead for lead in all_leads(db)}
    seen = {k: (lead.stage, lead.source, lead.custom) for k, lead in leads.items()}
    assert seen == {
        "a": (Stage.NEW, "referral", {"Lifecycle Stage": "Subscriber"}),
        "b": (Stage.CUSTOMER, "referral", {"Lifecycle Stage": "Evangelist",
                                           "Original Source": "referral - Hans"}),
        "c": (Stage.MQL, "Offline Sources", {"Lead Status": "Open"}),
        "d": (Stage.CUSTOMER, "online_ad", {"Lead Status": "In progress"}),
        "e": (Stage.DISQUALIFIED, "event", {"Original Source": "Messe München 2024",
                                            "Lead Status": "Unqualified"}),
    }  # fmt: skip


def test_the_users_choices_win(tmp_path: Path, db: Database) -> None:
    job = ImportJob(write_csv(tmp_path / "hubspot.csv", HUBSPOT))
    job.mapping.values = {
        Field.STAGE.value: {value_key("Subscriber"): Stage.MQL.value},
        Field.SOURCE.value: {value_key("Empfehlung"): KEEP, value_key("Offline Sources"): "event"},
        Field.LEAD_STATUS.value: {value_key("In progress"): Stage.SAL.value},
    }
    report = job.run(db, ImportOptions(region="US"))
    assert report.problems == []
    leads = {lead.email[0]: lead for lead in all_leads(db)}
    assert (leads["a"].stage, leads["a"].source) == (Stage.MQL, "Empfehlung")
    assert leads["a"].custom == {"Lifecycle Stage": "Subscriber"}
    assert (leads["c"].source, leads["c"].custom["Original Source"]) == ("event", "Offline Sources")
    # A status does not override the stage the Stage column gives.
    assert leads["d"].stage is Stage.CUSTOMER and leads["d"].custom["Lead Status"] == "In progress"
