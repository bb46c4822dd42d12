"""Reading vCard 3.0 and 4.0 files as phones and mail programs write them."""

from __future__ import annotations

from pathlib import Path

from leaddesk.store.database import Database
from tests.transfer.conftest import Importer, all_leads

VCARD_3 = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Chloé Dubois\r\n"
    "N:Dubois;Chloé;;;\r\n"
    "ORG:Lumière\\, Fils & Cie;Ventes\r\n"
    "TITLE:Directrice commerciale\r\n"
    "TEL;TYPE=WORK,VOICE:+33 1 42 68 53 00\r\n"
    "TEL;TYPE=CELL,PREF:+33 6 12 34 56 78\r\n"
    "EMAIL;TYPE=INTERNET,WORK:chloe@lumiere.fr\r\n"
    "EMAIL;TYPE=INTERNET,HOME:chloe.dubois@example.org\r\n"
    "ADR;TYPE=WORK:;;12 rue de la Paix;Paris;Île-de-France;75002;France\r\n"
    "NOTE:Met at the Paris fair\\, wants a demo.\\nCall after 10.\r\n"
    "CATEGORIES:Prospect,Trade show\r\n"
    "X-LINKEDIN:chloe-dubois\r\n"
    "END:VCARD\r\n"
)
VCARD_4 = (
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "FN:Jürgen Müller\n"
    "N:Müller;Jürgen;;Dr.;\n"
    "ORG:Nordwind GmbH\n"
    "TITLE:Head of Sales\n"
    'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+49-151-2345-6789;ext=12\n'
    "EMAIL;TYPE=work:jm@nordwind.de\n"
    "NOTE:This note is long enough that the program that wrote the card folded\n"
    "  it over two lines.\n"
    "URL:https://nordwind.example\n"
    "END:VCARD\n"
)


def test_vcard_3_and_4(tmp_path: Path, db: Database, import_file: Importer) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_text(VCARD_3 + VCARD_4, encoding="utf-8", newline="")
    report = import_file(path)
    assert (report.rows, report.created, report.rejected) == (2, 2, 0)
    chloe, jurgen = all_leads(db)
    assert (chloe.first_name, chloe.last_name) == ("Chloé", "Dubois")
    assert chloe.company == "Lumière, Fils & Cie"
    assert chloe.custom["Department"] == "Ventes"
    assert chloe.title == "Directrice commerciale"
    # The preferred number comes first.
    assert chloe.phone == "+33 6 12 34 56 78"
    assert chloe.phones == ["+33 1 42 68 53 00"]
    assert chloe.email == "chloe@lumiere.fr"
    assert chloe.emails == ["chloe.dubois@example.org"]
    assert (chloe.address, chloe.city, chloe.postal_code, chloe.country) == (
        "12 rue de la Paix", "Paris", "75002", "France",
    )  # fmt: skip
    assert chloe.custom["State"] == "Île-de-France"
    assert chloe.notes == "Met at the Paris fair, wants a demo.\nCall after 10."
    assert sorted(chloe.tags) == ["Prospect", "Trade show"]
    assert chloe.custom["X-LINKEDIN"] == "chloe-dubois"

    assert (jurgen.first_name, jurgen.last_name, jurgen.company) == (
        "Jürgen", "Müller", "Nordwind GmbH",
    )  # fmt: skip
    assert jurgen.phone == "+49-151-2345-6789 ext. 12"
    assert jurgen.phone_e164 == "+4915123456789"
    assert jurgen.email == "jm@nordwind.de"
    assert jurgen.notes == (
        "This note is long enough that the program that wrote the card folded it over two lines."
    )
    assert jurgen.website == "https://nordwind.example"
    assert not chloe.needs_review and not jurgen.needs_review


def test_vcard_problem_rows_point_at_the_card(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Ruiz\nEMAIL:ana@cobalt.es\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nNOTE:nobody\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bo Chen\nEMAIL:bo at acme\nEND:VCARD\n"
    )
    path = tmp_path / "contacts.vcf"
    path.write_text(text, encoding="utf-8")
    report = import_file(path)
    assert (report.created, report.rejected, report.needs_review) == (2, 1, 1)
    assert [(p.row, p.field) for p in report.problems] == [(6, ""), (10, "email")]
    _ana, bo = all_leads(db)
    assert bo.email == "bo at acme" and bo.needs_review
