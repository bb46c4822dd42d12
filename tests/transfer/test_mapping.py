"""Headers and values as other tools export them, mapped to lead fields:
each test imports a file in one tool's shape and checks what landed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from leaddesk.domain.bant import Answer
from leaddesk.domain.stages import Stage
from leaddesk.store.database import Database
from leaddesk.transfer.fields import Field
from leaddesk.transfer.mapping import auto_map
from tests.transfer.conftest import Importer, all_leads, write_csv


def test_hubspot_contacts(tmp_path: Path, db: Database, import_file: Importer) -> None:
    rows = [
        ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Lifecycle Stage",
         "Lead Status", "Associated Company", "Contact owner", "Job Title", "Original Source",
         "Create Date"],
        ["1001", "Ana", "Ruiz", "ana@cobalt.es", "+1 415 555 2671", "Marketing Qualified Lead",
         "Open", "Cobalt Labs", "Sam Rivera", "CTO", "Organic Search", "2024-03-14 09:30"],
        ["1002", "Bo", "Chen", "bo@acme.com", "", "Sales Qualified Lead", "In progress",
         "Acme", "", "", "Paid Social", ""],
        ["1003", "Cy", "Dee", "cy@d.io", "", "Customer", "", "D.io", "", "", "Referrals", ""],
        ["1004", "Di", "Eve", "di@e.io", "", "Subscriber", "", "", "", "", "Offline Sources", ""],
        ["1005", "Ed", "Fox", "ed@f.io", "", "Opportunity", "", "", "", "", "", ""],
        ["1006", "Flo", "Gu", "flo@g.io", "", "Lead", "Unqualified", "", "", "", "", ""],
    ]  # fmt: skip
    report = import_file(write_csv(tmp_path / "hubspot.csv", rows))
    assert report.created == 6
    assert report.custom_columns == ["Record ID"]
    ana, bo, cy, di, ed, flo = all_leads(db)
    assert (ana.company, ana.owner, ana.title, ana.phone_e164) == (
        "Cobalt Labs", "Sam Rivera", "CTO", "+14155552671",
    )  # fmt: skip
    assert ana.stage is Stage.MQL
    assert ana.source == "organic_search"
    assert ana.created_at == datetime(2024, 3, 14, 9, 30)
    assert ana.custom == {"Record ID": "1001", "Lead Status": "Open"}
    assert bo.stage is Stage.SQL and bo.source == "online_ad"
    assert bo.custom["Lead Status"] == "In progress"
    assert cy.stage is Stage.CUSTOMER and cy.source == "referral"
    assert di.stage is Stage.NEW
    assert di.source == "Offline Sources"  # unknown sources are kept as typed
    assert ed.stage is Stage.SQL
    # A lead status naming a stage sets it only when no stage column does.
    assert flo.stage is Stage.NEW and flo.custom["Lead Status"] == "Unqualified"


def test_salesforce_data_loader_api_names_in_capitals(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [
        ["ID", "FIRSTNAME", "LASTNAME", "COMPANY", "TITLE", "EMAIL", "PHONE", "MOBILEPHONE",
         "LEADSOURCE", "STATUS", "OWNERID", "STREET", "CITY", "POSTALCODE", "COUNTRY",
         "HASOPTEDOUTOFEMAIL", "DESCRIPTION"],
        ["00Q5e000001", "Ana", "Ruiz", "Cobalt Labs", "CTO", "ana@cobalt.es", "(415) 555-2671",
         "415-555-0100", "Web", "Closed - Not Converted", "0055e000003", "1 Main St",
         "San Francisco", "94105", "USA", "1", "Wants pricing"],
    ]  # fmt: skip
    import_file(write_csv(tmp_path / "lead.csv", rows))
    (ana,) = all_leads(db)
    assert (ana.first_name, ana.last_name, ana.company, ana.title) == (
        "Ana", "Ruiz", "Cobalt Labs", "CTO",
    )  # fmt: skip
    assert (ana.email, ana.phone, ana.phones) == (
        "ana@cobalt.es", "(415) 555-2671", ["415-555-0100"],
    )  # fmt: skip
    assert ana.source == "website_form"
    assert ana.stage is Stage.DISQUALIFIED
    assert ana.owner == "0055e000003"
    assert (ana.address, ana.city, ana.postal_code, ana.country) == (
        "1 Main St", "San Francisco", "94105", "USA",
    )  # fmt: skip
    assert ana.do_not_contact
    assert ana.notes == "Wants pricing"
    # The status says more than the stage it sets: kept as given.
    assert ana.custom == {"ID": "00Q5e000001", "STATUS": "Closed - Not Converted"}


def test_salesforce_report_labels(tmp_path: Path, db: Database, import_file: Importer) -> None:
    rows = [
        ["Lead Owner", "First Name", "Last Name", "Title", "Company / Account", "Email",
         "Lead Source", "Lead Status", "Rating"],
        ["Sam Rivera", "Bo", "Chen", "VP Ops", "Acme", "bo@acme.com", "Trade Show",
         "Working - Contacted", "Hot"],
    ]  # fmt: skip
    report = import_file(write_csv(tmp_path / "report.csv", rows))
    (bo,) = all_leads(db)
    assert (bo.owner, bo.company, bo.title, bo.source) == ("Sam Rivera", "Acme", "VP Ops", "event")
    assert bo.custom == {"Lead Status": "Working - Contacted", "Rating": "Hot"}
    assert report.custom_columns == ["Rating"]


def test_pipedrive_people(tmp_path: Path, db: Database, import_file: Importer) -> None:
    rows = [
        ["Person - Name", "Person - Organization", "Person - Email - Work",
         "Person - Email - Home", "Person - Phone - Work", "Person - Phone - Mobile",
         "Person - Owner", "Person - Label", "Person - Notes"],
        ["Ana María Ruiz", "Cobalt Labs", "ana@cobalt.es", "ana@gmail.com", "+1 415 555 2671",
         "+1 415 555 0100", "Sam", "Hot lead", "Met at SaaStr"],
    ]  # fmt: skip
    import_file(write_csv(tmp_path / "people.csv", rows))
    (ana,) = all_leads(db)
    assert (ana.first_name, ana.last_name, ana.company) == ("Ana María", "Ruiz", "Cobalt Labs")
    assert (ana.email, ana.emails) == ("ana@cobalt.es", ["ana@gmail.com"])
    assert (ana.phone, ana.phones) == ("+1 415 555 2671", ["+1 415 555 0100"])
    assert (ana.owner, ana.tags, ana.notes) == ("Sam", ["Hot lead"], "Met at SaaStr")


def test_zoho_leads(tmp_path: Path, db: Database, import_file: Importer) -> None:
    rows = [
        ["Record Id", "Lead Owner", "First Name", "Last Name", "Company", "Email", "Mobile",
         "Lead Source", "Lead Status", "Street", "City", "Zip Code", "Country"],
        ["zcrm_123", "Sam", "Cy", "Dee", "D.io", "cy@d.io", "+44 7911 123456", "Cold Call",
         "Contacted", "2 High St", "Leeds", "LS1 4AP", "UK"],
    ]  # fmt: skip
    import_file(write_csv(tmp_path / "Leads_2026.csv", rows))
    (cy,) = all_leads(db)
    assert (cy.owner, cy.company, cy.phone_e164, cy.source) == (
        "Sam", "D.io", "+447911123456", "cold_call",
    )  # fmt: skip
    assert (cy.address, cy.city, cy.postal_code, cy.country) == (
        "2 High St",
        "Leeds",
        "LS1 4AP",
        "UK",
    )
    assert cy.custom == {"Record Id": "zcrm_123", "Lead Status": "Contacted"}


def test_google_contacts_new_form_with_multi_values(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [
        ["First Name", "Middle Name", "Last Name", "Organization Name", "Organization Title",
         "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value",
         "Phone 1 - Label", "Phone 1 - Value", "Labels", "Notes"],
        ["Chloé", "Anne", "Dubois", "Lumière SARL", "CEO", "* Work",
         "chloe@lumiere.fr ::: chloe.d@lumiere.fr", "Home", "chloe@example.org", "Mobile",
         "+33 6 12 34 56 78 ::: +33 1 42 68 53 00", "Clients ::: * myContacts", "Café"],
    ]  # fmt: skip
    import_file(write_csv(tmp_path / "contacts.csv", rows))
    (chloe,) = all_leads(db)
    assert (chloe.first_name, chloe.last_name) == ("Chloé Anne", "Dubois")
    assert (chloe.company, chloe.title) == ("Lumière SARL", "CEO")
    assert chloe.email == "chloe@lumiere.fr"
    assert chloe.emails == ["chloe.d@lumiere.fr", "chloe@example.org"]
    assert chloe.phone == "+33 6 12 34 56 78"
    assert chloe.phones == ["+33 1 42 68 53 00"]
    assert sorted(chloe.tags) == ["Clients", "myContacts"]
    assert chloe.notes == "Café"


def test_google_contacts_legacy_form(tmp_path: Path, db: Database, import_file: Importer) -> None:
    rows = [
        ["Name", "Given Name", "Family Name", "Organization 1 - Name", "Organization 1 - Title",
         "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value",
         "Group Membership"],
        ["Jürgen Müller", "Jürgen", "Müller", "Nordwind GmbH", "Head of Sales", "* Work",
         "jm@nordwind.de", "Mobile", "+49 151 23456789", "* myContacts ::: Germany"],
    ]  # fmt: skip
    import_file(write_csv(tmp_path / "google.csv", rows))
    (jurgen,) = all_leads(db)
    assert (jurgen.first_name, jurgen.last_name) == ("Jürgen", "Müller")
    assert (jurgen.company, jurgen.title) == ("Nordwind GmbH", "Head of Sales")
    assert (jurgen.email, jurgen.phone_e164) == ("jm@nordwind.de", "+4915123456789")
    assert sorted(jurgen.tags) == ["Germany", "myContacts"]


def test_outlook_contacts(tmp_path: Path, db: Database, import_file: Importer) -> None:
    rows = [
        ["Title", "First Name", "Middle Name", "Last Name", "Company", "Job Title",
         "E-mail Address", "E-mail 2 Address", "Business Phone", "Mobile Phone",
         "Business Street", "Business City", "Business Postal Code", "Business Country/Region",
         "Web Page", "Categories"],
        ["Ms.", "Ana", "", "Ruiz", "Cobalt Labs", "CTO", "ana@cobalt.es", "", "(415) 555-2671",
         "(415) 555-0100", "1 Main St", "San Francisco", "94105", "United States",
         "cobalt.example", "Prospects;Tier 1"],
    ]  # fmt: skip
    import_file(write_csv(tmp_path / "outlook.csv", rows))
    (ana,) = all_leads(db)
    assert ana.title == "CTO"  # "Job Title", not Outlook's Mr/Ms "Title"
    assert ana.custom == {"Title": "Ms."}
    assert (ana.email, ana.phone, ana.phones) == (
        "ana@cobalt.es", "(415) 555-2671", ["(415) 555-0100"],
    )  # fmt: skip
    assert (ana.address, ana.city, ana.postal_code, ana.country) == (
        "1 Main St", "San Francisco", "94105", "United States",
    )  # fmt: skip
    assert ana.website == "cobalt.example"
    assert sorted(ana.tags) == ["Prospects", "Tier 1"]


def test_mailchimp_audience_opt_in_time_is_consent(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [
        ["Email Address", "First Name", "Last Name", "Address", "Phone Number", "MEMBER_RATING",
         "OPTIN_TIME", "OPTIN_IP", "CONFIRM_TIME", "TAGS"],
        ["ana@cobalt.es", "Ana", "Ruiz", "", "", "2", "2024-03-14 09:30:00", "203.0.113.9",
         "2024-03-14 09:31:12", '"Newsletter"'],
        ["bo@acme.com", "Bo", "Chen", "", "", "1", "", "", "", ""],
    ]  # fmt: skip
    import_file(write_csv(tmp_path / "subscribed_members_export.csv", rows))
    ana, bo = all_leads(db)
    assert ana.consent is Answer.YES
    assert ana.consent_at == datetime(2024, 3, 14, 9, 30)
    assert ana.source == "email_campaign"
    assert ana.tags == ["Newsletter"]
    assert ana.custom["OPTIN_IP"] == "203.0.113.9"
    assert bo.consent is Answer.UNKNOWN and bo.source == "email_campaign"


@pytest.mark.parametrize(
    ("text", "answer"),
    [("yes", Answer.YES), ("Y", Answer.YES), ("TRUE", Answer.YES), ("1", Answer.YES),
     ("no", Answer.NO), ("n", Answer.NO), ("False", Answer.NO), ("0", Answer.NO),
     ("unknown", Answer.UNKNOWN), ("", Answer.UNKNOWN)],
)  # fmt: skip
def test_bant_answers(
    tmp_path: Path, db: Database, import_file: Importer, text: str, answer: Answer
) -> None:
    rows = [["Email", "Budget", "Authority", "Need", "Timeframe", "Budget detail"],
            ["ana@cobalt.es", text, text, text, text, "€20k"]]  # fmt: skip
    assert import_file(write_csv(tmp_path / "bant.csv", rows)).problems == []
    (ana,) = all_leads(db)
    assert [ana.bant.budget, ana.bant.authority, ana.bant.need, ana.bant.timeframe] == [answer] * 4
    assert ana.bant.budget_detail == "€20k"


def test_bant_text_that_is_no_answer_becomes_the_detail(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [["Email", "Budget", "Timeframe"], ["ana@cobalt.es", "$50k approved", "Q3"]]
    report = import_file(write_csv(tmp_path / "bant.csv", rows))
    (ana,) = all_leads(db)
    assert (ana.bant.budget, ana.bant.budget_detail) == (Answer.UNKNOWN, "$50k approved")
    assert (ana.bant.timeframe, ana.bant.timeframe_detail) == (Answer.UNKNOWN, "Q3")
    assert [(p.row, p.field, p.value) for p in report.problems] == [
        (2, "budget", "$50k approved"), (2, "timeframe", "Q3"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "stage"),
    [("MQL", Stage.MQL), ("m.q.l.", Stage.MQL), ("Marketing qualified", Stage.MQL),
     ("sal", Stage.SAL), ("S.A.L", Stage.SAL), ("Sales Accepted Lead", Stage.SAL),
     ("SQL", Stage.SQL), ("sql ", Stage.SQL), ("Sales-Qualified Lead", Stage.SQL),
     ("Customer", Stage.CUSTOMER), ("Lead", Stage.NEW), ("Subscriber", Stage.NEW)],
)  # fmt: skip
def test_stage_spellings(
    tmp_path: Path, db: Database, import_file: Importer, text: str, stage: Stage
) -> None:
    rows = [["Email", "Stage"], ["ana@cobalt.es", text]]
    import_file(write_csv(tmp_path / "stages.csv", rows))
    assert all_leads(db)[0].stage is stage


def test_unknown_stage_is_kept_and_reported(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [["Email", "Stage"], ["ana@cobalt.es", "Evaluating"]]
    report = import_file(write_csv(tmp_path / "stages.csv", rows))
    (ana,) = all_leads(db)
    assert ana.stage is Stage.NEW
    assert ana.custom == {"Stage": "Evaluating"}
    assert [(p.row, p.field, p.value) for p in report.problems] == [(2, "stage", "Evaluating")]


@pytest.mark.parametrize(
    ("full", "first", "last"),
    [("Ana María Ruiz", "Ana María", "Ruiz"), ("Ruiz, Ana", "Ana", "Ruiz"),
     ("Ludwig van Beethoven", "Ludwig", "van Beethoven"), ("Cher", "Cher", ""),
     ("Martin Luther King Jr.", "Martin Luther", "King Jr.")],
)  # fmt: skip
def test_full_name_split(
    tmp_path: Path, db: Database, import_file: Importer, full: str, first: str, last: str
) -> None:
    import_file(write_csv(tmp_path / "names.csv", [["Full Name", "Company"], [full, "Acme"]]))
    (lead,) = all_leads(db)
    assert (lead.first_name, lead.last_name) == (first, last)


def test_headers_match_whatever_their_case_and_punctuation() -> None:
    mapping = auto_map(["E-MAIL", "first_name", "Last-Name", "COMPANY NAME", "Téléphone",
                        "zip/postal code", "Nothing Known"])  # fmt: skip
    assert [c.field for c in mapping.columns] == [
        Field.EMAIL, Field.FIRST_NAME, Field.LAST_NAME, Field.COMPANY, Field.PHONE,
        Field.POSTAL_CODE, Field.CUSTOM,
    ]  # fmt: skip


@pytest.mark.parametrize("header", ["Where from", "Found via", "How found", "Came from"])
def test_an_owners_words_for_where_a_lead_came_from_name_the_source(header: str) -> None:
    mapping = auto_map(["Client name", "Mail", header])
    assert [c.field for c in mapping.columns][2] == Field.SOURCE
