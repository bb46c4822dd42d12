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


def test_a_utf16_address_book_is_read(tmp_path: Path, db: Database, import_file: Importer) -> None:
    # Windows address books save vCards in UTF-16, with or without a mark.
    for encoding in ("utf-16", "utf-16-le"):
        path = tmp_path / f"contacts-{encoding}.vcf"
        path.write_bytes(VCARD_3.encode(encoding))
        report = import_file(path)
        assert (report.rows, report.rejected) == (1, 0)
    (chloe,) = all_leads(db)  # the second file's card is the same person
    assert (chloe.first_name, chloe.company) == ("Chloé", "Lumière, Fils & Cie")


VCARD_21 = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;ENCODING=QUOTED-PRINTABLE:Iksi=F1ski;Jan;;;\r\n"
    "FN;ENCODING=QUOTED-PRINTABLE:Jan Iksi=F1ski\r\n"
    "ORG;ENCODING=QUOTED-PRINTABLE:Zak=B3ady =A3=F3d=9F;\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE:Dzwoni=E6 po po=B3udniu, najlepiej w =9Crod=EA.=0D=0A=\r\n"
    "Ma=B3a firma, du=BFe plany.\r\n"
    "TEL;WORK;VOICE:+48 42 123 45 67\r\n"
    "EMAIL;INTERNET:jan@zaklady.pl\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:W=C3=B3jcik;Zofia;;;\r\n"
    "EMAIL;INTERNET:zofia@example.pl\r\n"
    "END:VCARD\r\n"
)


def test_quoted_printable_without_a_charset_reads_in_the_files_code_page(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    # A phone's vCard 2.1 export: quoted-printable Windows-1250, no CHARSET.
    path = tmp_path / "phone.vcf"
    path.write_bytes(VCARD_21.encode("ascii"))
    report = import_file(path)
    assert report.created == 2
    jan, zofia = all_leads(db)
    assert (jan.first_name, jan.last_name) == ("Jan", "Iksiński")
    assert jan.company == "Zakłady Łódź"
    assert jan.notes == "Dzwonić po południu, najlepiej w środę.\r\nMała firma, duże plany."
    assert not jan.needs_review
    assert zofia.last_name == "Wójcik"


def test_bytes_nothing_can_read_are_marked_not_hidden(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:M=C3=BCller=FF;Anna;;;\r\n"
        "EMAIL:anna@example.de\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "broken.vcf"
    path.write_bytes(card.encode("ascii"))
    import_file(path)
    (anna,) = all_leads(db)
    assert anna.last_name == "Müller\ufffd"
    assert anna.needs_review and "could not be read" in anna.review_reasons


def test_label_is_the_address_source_is_kept_and_every_number_stays(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nN:Ruiz;Ana;;;\r\n"
        "LABEL;TYPE=WORK:Calle Mayor 7\\n28013 Madrid\\nEspaña\r\n"
        "SOURCE:https://contacts.example.com/ana.vcf\r\n"
        "TEL;TYPE=WORK:123 456\r\n"
        "TEL;TYPE=FAX:123-456\r\n"
        "TEL;TYPE=CELL:+34 612 34 56 78\r\n"
        "TEL;TYPE=HOME:+34 612345678\r\n"
        "END:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\n"
        "ADR;TYPE=WORK:;;1 Main St;Springfield;;12345;USA\r\n"
        "LABEL;TYPE=WORK:1 Main St\\nSpringfield 12345\\nUSA\r\n"
        "EMAIL:bo@acme.com\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "cards.vcf"
    path.write_text(card, encoding="utf-8")
    import_file(path, region="ES")
    ana, bo = all_leads(db)
    assert ana.address == "Calle Mayor 7, 28013 Madrid, España"
    assert ana.tags == [] and bo.tags == []
    assert ana.source == "" and ana.custom["SOURCE"] == "https://contacts.example.com/ana.vcf"
    # Two ways of writing one valid number are one number; two texts of an
    # invalid one may be two (nobody can tell), and both are kept.
    assert [ana.phone, *ana.phones] == ["123 456", "123-456", "+34 612 34 56 78"]
    assert bo.address == "1 Main St" and bo.custom["LABEL"] == "1 Main St\nSpringfield 12345\nUSA"


def test_a_note_folded_over_many_lines_is_read_whole(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    lines = [f" part {n:05d}" for n in range(2_000)]
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Ruiz\nNOTE:start\n" + "\n".join(lines)
    path = tmp_path / "long.vcf"
    path.write_text(card + "\nEMAIL:ana@cobalt.es\nEND:VCARD\n", encoding="utf-8")
    import_file(path)
    (ana,) = all_leads(db)
    assert ana.notes == "start" + "".join(line[1:] for line in lines)
    assert ana.email == "ana@cobalt.es"
