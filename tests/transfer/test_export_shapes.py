"""Files shaped like the exports people bring, run through the command line
as a user runs it: Outlook CSV in English and in the code pages of its
localised exports, Google Contacts CSV, address books' vCards 2.1/3.0/4.0,
open-source CRM lead exports, workbooks with title rows, merged cells and a
footer, an .ods without its mimetype, an .xls, a semicolon CSV with decimal
commas, and rows with only a name, only a company or only a number that
fails validation.

Each file is written here, shaped by hand after what those programs write
(no third-party file is copied). For each: rows add up, a dry run reports
what the import then does, nothing is stored with a replacement character,
importing the file again creates nothing, and an export read back into a
database of another phone region gives the same leads field for field."""

from __future__ import annotations

import base64
import csv
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from leaddesk.cli import main
from leaddesk.domain.contact import check_phone
from leaddesk.domain.lead import Lead
from leaddesk.store.database import Database
from tests.transfer.conftest import all_leads

Capture = pytest.CaptureFixture[str]

# --- builders: files as the programs write them --------------------------------------------


def _csv_text(rows: list[list[str]], *, delimiter: str = ",", quote_all: bool = False) -> str:
    buffer = io.StringIO()
    end = "\r\n"
    if quote_all:
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=end, quoting=csv.QUOTE_ALL)
    else:
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=end)
    writer.writerows(rows)
    return buffer.getvalue()


def _wide(header: list[str], values: dict[str, str]) -> list[str]:
    """A row of a wide export: most columns empty, as Outlook writes them."""
    unknown = set(values) - set(header)
    assert not unknown, unknown
    return [values.get(name, "") for name in header]


OUTLOOK_EN = [
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business Street 2", "Business City", "Business State",
    "Business Postal Code", "Business Country/Region", "Home Street", "Home City",
    "Home Postal Code", "Home Country/Region", "Assistant's Phone", "Business Fax",
    "Business Phone", "Business Phone 2", "Callback", "Car Phone", "Company Main Phone",
    "Home Fax", "Home Phone", "Mobile Phone", "Other Phone", "Pager", "Account",
    "Anniversary", "Birthday", "Categories", "E-mail Address", "E-mail Type",
    "E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type", "E-mail 2 Display Name",
    "Initials", "Keywords", "Language", "Notes", "Priority", "Private", "Sensitivity",
    "Web Page",
]  # fmt: skip


def outlook_english(folder: Path) -> Path:
    rows = [
        {"Title": "Mr.", "First Name": "John", "Last Name": "Smith", "Company": "Acme Ltd",
         "Job Title": "Purchasing Manager", "Business Street": "1 Main Street",
         "Business City": "London", "Business Postal Code": "EC1A 1BB",
         "Business Country/Region": "United Kingdom", "Business Phone": "020 7946 0958",
         "Mobile Phone": "07911 123456", "E-mail Address": "john.smith@acme.example",
         "E-mail Type": "SMTP", "E-mail Display Name": "John Smith (john.smith@acme.example)",
         "Categories": "Trade show;Hot", "Notes": "Met at the fair.\r\nCall in May.",
         "Priority": "Normal", "Private": "False", "Sensitivity": "Normal",
         "Birthday": "0/0/00", "Anniversary": "0/0/00"},
        {"First Name": "Mary", "Last Name": "O'Neil", "Company": "Beta Widgets Inc.",
         "Business Phone": "+44 161 496 0000", "E-mail Address": "mary@beta.example",
         "E-mail Type": "SMTP", "E-mail 2 Address": "m.oneil@home.example",
         "E-mail 2 Type": "SMTP", "Web Page": "www.beta.example", "Priority": "Normal",
         "Private": "False", "Sensitivity": "Normal"},
        # Exchange users: the address is an X.500 path, not an email.
        {"First Name": "Paul", "Last Name": "Green", "Company": "Acme Ltd",
         "E-mail Address": "/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients"
                           "/cn=pgreen",
         "E-mail Type": "EX", "Business Phone": "020 7946 0000", "Priority": "Normal",
         "Private": "False", "Sensitivity": "Normal"},
    ]  # fmt: skip
    text = _csv_text([OUTLOOK_EN, *(_wide(OUTLOOK_EN, r) for r in rows)], quote_all=True)
    path = folder / "contacts.CSV"
    path.write_bytes(text.encode("cp1252"))
    return path


OUTLOOK_DE = [
    "Anrede", "Vorname", "Weitere Vornamen", "Nachname", "Suffix", "Firma", "Abteilung",
    "Position", "Straße geschäftlich", "Ort geschäftlich", "Region geschäftlich",
    "Postleitzahl geschäftlich", "Land/Region geschäftlich", "Telefon geschäftlich",
    "Telefon geschäftlich 2", "Mobiltelefon", "Fax geschäftlich", "Telefon privat",
    "Kategorien", "E-Mail-Adresse", "E-Mail-Typ", "E-Mail: Angezeigter Name",
    "E-Mail 2: Adresse", "Notizen", "Webseite", "Geburtstag", "Priorität", "Privat",
    "Vertraulichkeit",
]  # fmt: skip


def outlook_german(folder: Path) -> Path:
    rows = [
        {"Anrede": "Herr", "Vorname": "Thomas", "Nachname": "Müller",
         "Firma": "Müller & Söhne GmbH",
         "Position": "Geschäftsführer", "Straße geschäftlich": "Königstraße 12",
         "Ort geschäftlich": "Stuttgart", "Postleitzahl geschäftlich": "70173",
         "Land/Region geschäftlich": "Deutschland", "Telefon geschäftlich": "0711 1234567",
         "Mobiltelefon": "0171 2345678", "E-Mail-Adresse": "t.mueller@mueller-soehne.example",
         "E-Mail-Typ": "SMTP", "Kategorien": "Messe", "Notizen": "Rückruf erwünscht – ab März",
         "Geburtstag": "0.0.00", "Priorität": "Normal", "Privat": "Aus",
         "Vertraulichkeit": "Normal"},
        {"Anrede": "Frau", "Vorname": "Jürgen", "Nachname": "Weiß", "Firma": "Straßenbau AG",
         "Telefon geschäftlich": "+49 30 1234567", "E-Mail-Adresse": "weiss@strassenbau.example",
         "E-Mail-Typ": "SMTP", "Priorität": "Normal", "Privat": "Aus",
         "Vertraulichkeit": "Normal"},
    ]  # fmt: skip
    text = _csv_text([OUTLOOK_DE, *(_wide(OUTLOOK_DE, r) for r in rows)], quote_all=True)
    path = folder / "Kontakte.CSV"
    path.write_bytes(text.encode("cp1252"))
    return path


OUTLOOK_FR = [
    "Titre", "Prénom", "Deuxième prénom", "Nom", "Suffixe", "Société ", "Service ", "Titre",
    "Rue (bureau)", "Ville (bureau)", "Dép/Région (bureau)", "Code postal (bureau)",
    "Pays/Région (bureau)", "Téléphone (bureau)", "Téléphone 2 (bureau)", "Tél. mobile",
    "Télécopie (bureau)", "Catégories", "Adresse de messagerie", "Type de messagerie",
    "Nom complet de l'adresse de messagerie", "Notes", "Page Web", "Priorité",
    "Privé", "Critère de diffusion",
]  # fmt: skip


def outlook_french(folder: Path) -> Path:
    # Outlook in French calls both the courtesy title and the job "Titre".
    rows = [
        ["M.", "François", "", "Lefèvre", "", "Société Générale d'Électricité SARL", "",
         "Directeur",
         "12 rue de la Paix", "Paris", "", "75002", "France", "01 42 68 53 00", "",
         "06 12 34 56 78", "", "Salon", "f.lefevre@sge.example", "SMTP",
         "François Lefèvre (f.lefevre@sge.example)", "Intéressé par l'offre « Pro »", "",
         "Normale", "Non", "Normal"],
        ["Mme", "Hélène", "", "Dubœuf", "", "Crème & Cie", "", "Gérante", "", "Lyon", "",
         "69001", "France", "04 78 00 00 00", "", "", "", "", "helene@creme.example", "SMTP",
         "", "", "", "Normale", "Non", "Normal"],
    ]  # fmt: skip
    text = _csv_text([OUTLOOK_FR, *rows], quote_all=True)
    path = folder / "contacts-fr.csv"
    path.write_bytes(text.encode("cp1252"))
    return path


OUTLOOK_RU = [
    "Обращение", "Имя", "Отчество", "Фамилия", "Суффикс", "Организация", "Отдел",
    "Должность", "Улица (раб. адрес)", "Город (раб. адрес)", "Область (раб. адрес)",
    "Индекс (раб. адрес)", "Страна или регион (раб. адрес)", "Рабочий телефон",
    "Телефон раб. 2", "Мобильный телефон", "Факс (раб.)", "Категории", "Адрес эл. почты",
    "Тип эл. почты", "Краткое имя эл. почты", "Заметки", "Веб-страница",
]  # fmt: skip


def outlook_russian(folder: Path) -> Path:
    rows = [
        {"Имя": "Иван", "Отчество": "Петрович", "Фамилия": "Иванов", "Организация": "ООО «Ромашка»",
         "Должность": "Директор по закупкам", "Город (раб. адрес)": "Москва",
         "Рабочий телефон": "+7 495 123-45-67", "Мобильный телефон": "8 (916) 123-45-67",
         "Адрес эл. почты": "ivanov@romashka.example", "Тип эл. почты": "SMTP",
         "Заметки": "Перезвонить в понедельник", "Категории": "Выставка"},
        {"Имя": "Ольга", "Фамилия": "Смирнова", "Организация": "АО «Вектор»",
         "Рабочий телефон": "+7 812 555-01-02", "Адрес эл. почты": "o.smirnova@vector.example",
         "Тип эл. почты": "SMTP"},
    ]  # fmt: skip
    text = _csv_text([OUTLOOK_RU, *(_wide(OUTLOOK_RU, r) for r in rows)], quote_all=True)
    path = folder / "контакты.csv"
    path.write_bytes(text.encode("cp1251"))
    return path


OUTLOOK_PL = ["Tytuł", "Imię", "Drugie imię", "Nazwisko", "Sufiks", "Firma", "Dział",
              "Stanowisko", "Ulica (służbowy)", "Miejscowość (służbowy)",
              "Kod pocztowy (służbowy)", "Kraj/region (służbowy)", "Telefon służbowy",
              "Telefon komórkowy", "Adres e-mail", "Typ e-mail", "Notatki"]  # fmt: skip


def outlook_polish(folder: Path) -> Path:
    rows = [
        ["", "Łukasz", "", "Wróbel", "", "Żółw Spółka z o.o.", "", "Kierownik działu",
         "ul. Piękna 5", "Łódź", "90-001", "Polska", "+48 42 636 00 00", "600 100 200",
         "lukasz@zolw.example", "SMTP", "Prosi o ofertę, dzwonić rano"],
        ["", "Małgorzata", "", "Kęska", "", "Źródło S.A.", "", "", "", "Kraków", "", "",
         "12 345 67 89", "", "m.keska@zrodlo.example", "SMTP", ""],
    ]  # fmt: skip
    path = folder / "kontakty.csv"
    path.write_bytes(_csv_text([OUTLOOK_PL, *rows], quote_all=True).encode("cp1250"))
    return path


GOOGLE = [
    "Name", "Given Name", "Additional Name", "Family Name", "Yomi Name", "Given Name Yomi",
    "Additional Name Yomi", "Family Name Yomi", "Name Prefix", "Name Suffix", "Initials",
    "Nickname", "Short Name", "Maiden Name", "Birthday", "Gender", "Location",
    "Billing Information", "Directory Server", "Mileage", "Occupation", "Hobby",
    "Sensitivity", "Priority", "Subject", "Notes", "Language", "Photo", "Group Membership",
    "E-mail 1 - Type", "E-mail 1 - Value", "E-mail 2 - Type", "E-mail 2 - Value",
    "Phone 1 - Type", "Phone 1 - Value", "Phone 2 - Type", "Phone 2 - Value",
    "Address 1 - Type", "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City",
    "Address 1 - PO Box", "Address 1 - Region", "Address 1 - Postal Code",
    "Address 1 - Country", "Address 1 - Extended Address", "Organization 1 - Type",
    "Organization 1 - Name", "Organization 1 - Yomi Name", "Organization 1 - Title",
    "Organization 1 - Department", "Organization 1 - Symbol", "Organization 1 - Location",
    "Organization 1 - Job Description", "Website 1 - Type", "Website 1 - Value",
]  # fmt: skip


def google_contacts(folder: Path) -> Path:
    rows = [
        {"Name": "Ana Ruiz", "Given Name": "Ana", "Family Name": "Ruiz",
         "Group Membership": "* myContacts ::: Customers",
         "E-mail 1 - Type": "* Work",
         "E-mail 1 - Value": "ana@cobalt.example ::: ana.ruiz@gmail.example",
         "E-mail 2 - Type": "Home", "E-mail 2 - Value": "ana.home@mail.example",
         "Phone 1 - Type": "Mobile", "Phone 1 - Value": "+34 612 345 678 ::: +34 912 345 678",
         "Organization 1 - Name": "Cobalt Labs S.L.", "Organization 1 - Title": "CTO",
         "Address 1 - Type": "Work",
         "Address 1 - Formatted": "Calle Mayor 1\n28013 Madrid\nSpain",
         "Address 1 - Street": "Calle Mayor 1", "Address 1 - City": "Madrid",
         "Address 1 - Postal Code": "28013", "Address 1 - Country": "Spain",
         "Website 1 - Type": "Work", "Website 1 - Value": "https://cobalt.example",
         "Photo": "https://lh3.googleusercontent.example/photo.jpg",
         "Notes": "Asked for a demo"},
        {"Name": "Bo Chen", "Given Name": "Bo", "Family Name": "Chen",
         "Group Membership": "* myContacts", "Phone 1 - Type": "Work",
         "Phone 1 - Value": "+1 415-555-2671", "Organization 1 - Name": "Acme Corp"},
        {"Name": "", "Organization 1 - Name": "Delta Logistics GmbH",
         "Group Membership": "* myContacts", "E-mail 1 - Type": "Work",
         "E-mail 1 - Value": "info@delta-logistics.example"},
    ]  # fmt: skip
    path = folder / "contacts.csv"
    path.write_text(_csv_text([GOOGLE, *(_wide(GOOGLE, r) for r in rows)]), encoding="utf-8")
    return path


def _fold(line: str, width: int = 75) -> str:
    """RFC 6350 folding: a line break and a space every ``width`` octets."""
    parts = [line[i : i + width] for i in range(0, len(line), width)] or [""]
    return "\r\n ".join(parts)


_JPEG = base64.b64encode(bytes(range(256)) * 3).decode()


def vcards_thunderbird(folder: Path) -> Path:
    cards = [
        "BEGIN:VCARD", "VERSION:4.0", "FN:Claire Dupont", "N:Dupont;Claire;;;",
        "EMAIL;PREF=1:claire@dupont.example", "EMAIL:claire.dupont@perso.example",
        "TEL;TYPE=work;VALUE=TEXT:+33 1 42 68 53 00", "TEL;TYPE=cell;VALUE=TEXT:06 12 34 56 78",
        "ORG:Dupont & Fils SARL;Ventes", "TITLE:Responsable achats",
        "ADR;TYPE=work:;;12 rue de la Paix;Paris;;75002;France",
        _fold("NOTE:Rencontrée au salon de Lyon\\, veut un devis pour 40 postes avant la fin du "
              "trimestre\\; rappeler après les vacances."),
        "UID:3f1a8a9e-1b0c-4c8f-9b3e-0d6e9c1f2a11", "END:VCARD",
        "BEGIN:VCARD", "VERSION:3.0", "FN:Ken Adams", "N:Adams;Ken;;;",
        "EMAIL;TYPE=INTERNET:ken@adams.example", "TEL;TYPE=WORK:+1 (415) 555-0123",
        "URL:https://adams.example", "END:VCARD",
    ]  # fmt: skip
    path = folder / "thunderbird.vcf"
    path.write_text("\r\n".join(cards) + "\r\n", encoding="utf-8", newline="")
    return path


def vcards_apple(folder: Path) -> Path:
    photo = _fold("PHOTO;ENCODING=b;TYPE=JPEG:" + _JPEG)
    cards = [
        "BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//macOS 14.0//EN",
        "N:Okafor;Ngozi;;;", "FN:Ngozi Okafor", "ORG:Lagos Digital Ltd;",
        "TITLE:Head of Sales", "item1.EMAIL;type=INTERNET;type=pref:ngozi@lagosdigital.example",
        "item1.X-ABLabel:_$!<Other>!$_",
        "TEL;type=WORK;type=VOICE;type=pref:+41 44 668 18 00",
        "TEL;type=MAIN:+41 (0)44 668 18 00", "TEL;type=CELL;type=VOICE:+41 79 123 45 67",
        "item2.ADR;type=WORK;type=pref:;;Bahnhofstrasse 1;Zürich;;8001;Switzerland",
        "item2.X-ABADR:ch",
        "LABEL;TYPE=WORK:Bahnhofstrasse 1\\n8001 Zürich\\nSwitzerland",
        "SOURCE:https://contacts.example/ngozi.vcf",
        photo, "CATEGORIES:Partners,Fair 2024",
        "X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson", "END:VCARD",
    ]  # fmt: skip
    path = folder / "Apple.vcf"
    path.write_text("\r\n".join(cards) + "\r\n", encoding="utf-8", newline="")
    return path


def vcards_evolution(folder: Path) -> Path:
    cards = [
        "BEGIN:VCARD", "VERSION:3.0",
        "UID:pas-id-5B2A3F1C00000001", "X-EVOLUTION-FILE-AS:Nowak\\, Piotr",
        "FN:Piotr Nowak", "N:Nowak;Piotr;;;", "ORG:Kowalski i Syn Sp. z o.o.;",
        "EMAIL;TYPE=WORK;X-EVOLUTION-UI-SLOT=1:piotr.nowak@kowalski.example",
        "TEL;TYPE=WORK,VOICE;X-EVOLUTION-UI-SLOT=1:+48 22 123 45 67",
        "TEL;TYPE=CELL;X-EVOLUTION-UI-SLOT=2:+48 601 234 567",
        "ADR;TYPE=WORK:;;ul. Marszałkowska 1;Warszawa;;00-001;Polska",
        "LABEL;TYPE=WORK:ul. Marszałkowska 1\\n00-001 Warszawa\\nPolska",
        "REV:2024-03-01T10:00:00Z", "END:VCARD",
    ]  # fmt: skip
    path = folder / "evolution.vcf"
    path.write_text("\r\n".join(cards) + "\r\n", encoding="utf-8", newline="")
    return path


def vcards_21_quoted_printable(folder: Path) -> Path:
    """A phone's or an old Outlook's vCard 2.1: quoted-printable text in the
    Windows code page and no CHARSET, soft line breaks, and a base64 photo
    continued on indented lines and ended by a blank line."""

    def qp(text: str) -> str:
        def one(c: str) -> str:
            if 32 < ord(c) < 127 and c not in "=;":
                return c
            return "".join(f"={b:02X}" for b in c.encode("cp1250"))

        return "".join(map(one, text))

    note = qp("Spotkanie w Łodzi, prosi o ofertę na przyszły tydzień. Dzwonić rano.")
    soft = "=\r\n".join(note[i : i + 70] for i in range(0, len(note), 70))
    photo_lines = [_JPEG[i : i + 72] for i in range(0, len(_JPEG), 72)]
    lines = [
        "BEGIN:VCARD", "VERSION:2.1",
        f"N;ENCODING=QUOTED-PRINTABLE:{qp('Iksiński')};{qp('Łukasz')};;;",
        f"FN;ENCODING=QUOTED-PRINTABLE:{qp('Łukasz Iksiński')}",
        f"ORG;ENCODING=QUOTED-PRINTABLE:{qp('Żuraw Spółka Akcyjna')}",
        "TEL;WORK;VOICE:+48 42 636 00 00", "TEL;CELL:+48 600 100 200",
        "EMAIL;PREF;INTERNET:lukasz@zuraw.example",
        f"NOTE;ENCODING=QUOTED-PRINTABLE:{soft}",
        "PHOTO;ENCODING=BASE64;TYPE=JPEG:" + photo_lines[0],
        *("  " + line for line in photo_lines[1:]), "",
        "END:VCARD",
        "BEGIN:VCARD", "VERSION:2.1", "N:Kowalczyk;Anna", "FN:Anna Kowalczyk",
        f"ADR;WORK;ENCODING=QUOTED-PRINTABLE:;;{qp('ul. Piękna 5')};{qp('Kraków')};;30-001;Polska",
        "TEL;WORK:+48 12 345 67 89", "END:VCARD",
    ]  # fmt: skip
    path = folder / "telefon.vcf"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("ascii"))
    return path


def vcards_utf16(folder: Path) -> Path:
    """Windows Contacts and Outlook write vCards in UTF-16 with a BOM."""
    cards = [
        "BEGIN:VCARD", "VERSION:3.0", "N:Søren;Kjær;;;", "FN:Kjær Søren",
        "ORG:Ærø Fisk ApS", "EMAIL;TYPE=INTERNET,PREF:kjaer@aeroe.example",
        "TEL;TYPE=WORK:+45 32 12 34 56", "END:VCARD",
        "BEGIN:VCARD", "VERSION:3.0", "N:田中;太郎;;;", "FN:田中 太郎",
        "ORG:株式会社サンプル", "TEL;TYPE=WORK:+81 3-1234-5678",
        "EMAIL:tanaka@sample.example", "END:VCARD",
    ]  # fmt: skip
    path = folder / "Windows Contacts.vcf"
    path.write_bytes(("\r\n".join(cards) + "\r\n").encode("utf-16"))
    return path


SUITECRM = [
    "ID", "Salutation", "First Name", "Last Name", "Title", "Department", "Account Name",
    "Email Address", "Office Phone", "Mobile", "Fax", "Primary Address Street",
    "Primary Address City", "Primary Address State", "Primary Address Postal Code",
    "Primary Address Country", "Status", "Status Description", "Lead Source",
    "Lead Source Description", "Description", "Assigned User Name", "Date Created",
    "Date Modified", "Do Not Call", "Opportunity Amount",
]  # fmt: skip


def crm_leads(folder: Path) -> Path:
    """A CRM's lead export: SuiteCRM's columns with Salesforce's and HubSpot's
    statuses and lifecycle labels in them, as one file mixes after a move."""
    header = [*SUITECRM, "Lifecycle Stage"]
    rows = [
        ["4a8c3b2e-1f0d-4e6b-9a7c-5d2e1f0a9b8c", "Ms.", "Sally", "Bronsen", "Director Sales",
         "", "Tortoise Corp", "sally@tortoise.example", "(555) 123-4567", "", "",
         "10 Tortoise Way", "Springfield", "IL", "62701", "USA", "Open", "",
         "Cold Call", "", "Wants pricing", "admin", "2024-03-01 10:15", "2024-03-02 11:00",
         "0", "10000", ""],
        ["7d1e2f3a-4b5c-4d6e-8f9a-0b1c2d3e4f5a", "Mr.", "Max", "Jensen", "CEO", "",
         "Jensen Holdings LLC", "max@jensen.example", "+1 212 555 0199", "", "", "", "",
         "", "", "", "Assigned", "", "Web Site", "", "", "sarah", "2024-03-05 09:00",
         "2024-03-05 09:00", "1", "", "Subscriber"],
        ["9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b", "", "Rita", "Moreno", "", "",
         "Evangelist Media", "rita@moreno.example", "", "", "", "", "", "", "", "",
         "Recycled", "", "Partner", "", "", "", "2024-02-11 14:30", "2024-02-11 14:30", "0",
         "", "Evangelist"],
    ]  # fmt: skip
    path = folder / "Leads.csv"
    path.write_text(_csv_text([header, *rows], quote_all=True), encoding="utf-8")
    return path


def espocrm_leads(folder: Path) -> Path:
    header = ["Name", "Salutation", "First Name", "Last Name", "Account Name", "Email",
              "Phone", "Status", "Source", "Industry", "Opportunity Amount",
              "Opportunity Amount Currency", "Assigned User", "Created At"]  # fmt: skip
    rows = [
        ["Mr. Ken Ito", "Mr.", "Ken", "Ito", "Ito Trading K.K.", "ken@ito.example",
         "+81 3 1234 5678", "New", "Conference", "Retail", "25000", "USD", "Admin",
         "2024-01-10 08:00:00"],
        ["Lena Berg", "", "Lena", "Berg", "", "lena@berg.example", "", "In Process",
         "Existing Customer", "", "", "", "", "2024-01-12 12:00:00"],
    ]  # fmt: skip
    path = folder / "Lead.csv"
    path.write_text(_csv_text([header, *rows]), encoding="utf-8")
    return path


def owner_xlsx(folder: Path) -> Path:
    """An owner's sheet: a title and a date above, its own header words, a
    company merged down three rows, mixed phone formats, a footer."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kunden 2024"
    sheet.append(["Leads Messe Frankfurt 2024"])
    sheet.append(["Stand: März"])
    sheet.append([])
    sheet.append(["Client name", "Firma", "Tel.", "E-Mail", "Budget", "Bemerkung"])
    sheet.append(["Anna Schmidt", "Beta GmbH", "030 1234567", "anna@beta.example", "50k", "Messe"])
    sheet.append(["Ben Wolf", None, "+49 (0)40 123456", "ben@beta.example", "€ 20.000", ""])
    sheet.append(["Carla Roth", None, 4930987654, "", "ja", "Rückruf"])
    sheet.merge_cells("B5:B7")
    sheet.append(["Dieter Kurz", "Gamma AG", "0049 89 1234567", "dieter@gamma.example", "nein", ""])
    sheet.append([])
    sheet.append(["letzte Änderung 01.03.2024 Anna"])
    path = folder / "Kundenliste.xlsx"
    workbook.save(path)
    return path


def _ods_cell(value: Any) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    from xml.sax.saxutils import escape

    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
        "</table:table-cell>"
    )


def ods_without_mimetype(folder: Path) -> Path:
    """An .ods written by a program that leaves out the mimetype member
    (and the manifest): LibreOffice opens it all the same."""
    rows: list[list[Any]] = [
        ["Nom", "Prénom", "Société", "Courriel", "Téléphone"],
        ["Martin", "Julie", "Atelier Bleu SAS", "julie@atelier-bleu.example", "01 23 45 67 89"],
        ["Bernard", "Luc", "", "luc.bernard@free.example", 612345678],
    ]
    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Contacts">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = folder / "contacts.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def xls_workbook(folder: Path) -> Path:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Adressen")
    sheet.write(0, 0, "Adressliste")
    for column, text in enumerate(["Name", "Firma", "Telefon", "E-Mail", "Ort"]):
        sheet.write(2, column, text)
    rows = [
        ("Ines Vogel", "Vogel & Partner KG", 41446681800.0, "ines@vogel.example", "Zürich"),
        ("Otto Brandt", "", "044 668 18 01", "otto@brandt.example", "Bern"),
    ]
    for number, row in enumerate(rows, 3):
        for column, value in enumerate(row):
            if value != "":
                sheet.write(number, column, value)
    path = folder / "adressen.xls"
    book.save(str(path))
    return path


def semicolon_decimal_comma(folder: Path) -> Path:
    """A CSV saved by a spreadsheet program set to German: semicolons, decimal
    commas and thousands dots in numbers."""
    rows = [
        ["Vorname", "Nachname", "Unternehmen", "E-Mail", "Telefon", "Umsatz", "Budget"],
        ["Karl", "Huber", "Huber Bau GmbH", "karl@huber.example", "+43 1 234 56 78",
         "1.234,56", "1.500,00 €"],
        ["Eva", "Lang", "Lang; Söhne OG", "eva@lang.example", "0664 1234567", "980,5", ""],
    ]  # fmt: skip
    path = folder / "export_de.csv"
    path.write_bytes(_csv_text(rows, delimiter=";").encode("cp1252"))
    return path


def sparse_rows(folder: Path) -> Path:
    """Rows people leave half done: only a name, only a company, only a
    number that fails validation, and the same name at two companies."""
    rows = [
        ["Name", "Company", "Email", "Phone"],
        ["Bo Chen", "", "", ""],
        ["", "Gamma AG", "", ""],
        ["", "", "", "123456789"],
        ["Dana Scully", "", "", "123456789"],
        ["Tom Baker", "Acme", "", ""],
        ["Tom Baker", "Globex", "", ""],
        ["", "", "not-an-email", ""],
    ]
    path = folder / "sparse.csv"
    path.write_text(_csv_text(rows), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Shape:
    build: Callable[[Path], Path]
    region: str
    """The phone region of the database it is first imported into."""
    expected: set[tuple[str, str, str, str]] = field(default_factory=set)
    """Some of the leads it must give: (first name, last name, company, email)."""
    other_region: str = "US"
    titles: set[str] = field(default_factory=set)
    """Every job title it gives (never a courtesy title)."""


SHAPES: dict[str, Shape] = {
    "outlook-en": Shape(outlook_english, "GB", {
        ("John", "Smith", "Acme Ltd", "john.smith@acme.example"),
        ("Mary", "O'Neil", "Beta Widgets Inc.", "mary@beta.example"),
    }, titles={"Purchasing Manager"}),
    "outlook-de-cp1252": Shape(outlook_german, "DE", {
        ("Thomas", "Müller", "Müller & Söhne GmbH", "t.mueller@mueller-soehne.example"),
        ("Jürgen", "Weiß", "Straßenbau AG", "weiss@strassenbau.example"),
    }, titles={"Geschäftsführer"}),
    "outlook-fr-cp1252": Shape(outlook_french, "FR", {
        ("François", "Lefèvre", "Société Générale d'Électricité SARL", "f.lefevre@sge.example"),
        ("Hélène", "Dubœuf", "Crème & Cie", "helene@creme.example"),
    }, titles={"Directeur", "Gérante"}),
    "outlook-ru-cp1251": Shape(outlook_russian, "RU", {
        # The patronymic is the middle name, said with the first.
        ("Иван Петрович", "Иванов", "ООО «Ромашка»", "ivanov@romashka.example"),
        ("Ольга", "Смирнова", "АО «Вектор»", "o.smirnova@vector.example"),
    }, titles={"Директор по закупкам"}),
    "outlook-pl-cp1250": Shape(outlook_polish, "PL", {
        ("Łukasz", "Wróbel", "Żółw Spółka z o.o.", "lukasz@zolw.example"),
        ("Małgorzata", "Kęska", "Źródło S.A.", "m.keska@zrodlo.example"),
    }, titles={"Kierownik działu"}),
    "google-contacts": Shape(google_contacts, "ES", {
        ("Ana", "Ruiz", "Cobalt Labs S.L.", "ana@cobalt.example"),
        ("Bo", "Chen", "Acme Corp", ""),
        ("", "", "Delta Logistics GmbH", "info@delta-logistics.example"),
    }),
    "vcard-thunderbird": Shape(vcards_thunderbird, "FR", {
        ("Claire", "Dupont", "Dupont & Fils SARL", "claire@dupont.example"),
        ("Ken", "Adams", "", "ken@adams.example"),
    }, titles={"Responsable achats"}),
    "vcard-apple": Shape(vcards_apple, "CH", {
        ("Ngozi", "Okafor", "Lagos Digital Ltd", "ngozi@lagosdigital.example"),
    }, titles={"Head of Sales"}),
    "vcard-evolution": Shape(vcards_evolution, "PL", {
        ("Piotr", "Nowak", "Kowalski i Syn Sp. z o.o.", "piotr.nowak@kowalski.example"),
    }),
    "vcard-2.1-qp": Shape(vcards_21_quoted_printable, "PL", {
        ("Łukasz", "Iksiński", "Żuraw Spółka Akcyjna", "lukasz@zuraw.example"),
        ("Anna", "Kowalczyk", "", ""),
    }),
    "vcard-utf16": Shape(vcards_utf16, "DK", {
        ("Kjær", "Søren", "Ærø Fisk ApS", "kjaer@aeroe.example"),
        ("太郎", "田中", "株式会社サンプル", "tanaka@sample.example"),
    }),
    "crm-suitecrm": Shape(crm_leads, "US", {
        ("Sally", "Bronsen", "Tortoise Corp", "sally@tortoise.example"),
        ("Max", "Jensen", "Jensen Holdings LLC", "max@jensen.example"),
        ("Rita", "Moreno", "Evangelist Media", "rita@moreno.example"),
    }, other_region="GB", titles={"Director Sales", "CEO"}),
    "crm-espocrm": Shape(espocrm_leads, "JP", {
        ("Ken", "Ito", "Ito Trading K.K.", "ken@ito.example"),
        ("Lena", "Berg", "", "lena@berg.example"),
    }),
    "owner-xlsx": Shape(owner_xlsx, "DE", {
        ("Anna", "Schmidt", "Beta GmbH", "anna@beta.example"),
        ("Ben", "Wolf", "Beta GmbH", "ben@beta.example"),
        ("Carla", "Roth", "Beta GmbH", ""),
        ("Dieter", "Kurz", "Gamma AG", "dieter@gamma.example"),
    }),
    "ods-no-mimetype": Shape(ods_without_mimetype, "FR", {
        ("Julie", "Martin", "Atelier Bleu SAS", "julie@atelier-bleu.example"),
        ("Luc", "Bernard", "", "luc.bernard@free.example"),
    }),
    "xls": Shape(xls_workbook, "CH", {
        ("Ines", "Vogel", "Vogel & Partner KG", "ines@vogel.example"),
        ("Otto", "Brandt", "", "otto@brandt.example"),
    }),
    "semicolon-decimal-comma": Shape(semicolon_decimal_comma, "AT", {
        ("Karl", "Huber", "Huber Bau GmbH", "karl@huber.example"),
        ("Eva", "Lang", "Lang; Söhne OG", "eva@lang.example"),
    }),
    "sparse-rows": Shape(sparse_rows, "US", {
        ("Bo", "Chen", "", ""), ("", "", "Gamma AG", ""), ("Tom", "Baker", "Acme", ""),
        ("Tom", "Baker", "Globex", ""),
    }, other_region="DE"),
}  # fmt: skip


# --- running the command line ---------------------------------------------------------------


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """A new database file, migrated once, copied for each database."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.db"
        Database.open(str(path)).close()
        yield path


def fresh(template: Path, path: Path) -> Path:
    shutil.copy(template, path)
    return path


def cli(capsys: Capture, *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def imported(capsys: Capture, db: Path, path: Path, *extra: str) -> dict[str, Any]:
    report = json.loads(cli(capsys, "--db", str(db), "import", str(path), "--json", *extra))
    assert isinstance(report, dict)
    rows, created, merged = report["rows"], report["created"], report["merged"]
    assert rows == created + merged + report["skipped_duplicates"] + report["rejected"], report
    return report


def stored(db: Path) -> list[Lead]:
    database = Database.open(str(db))
    try:
        return all_leads(database)
    finally:
        database.close()


SKIPPED = {"id", "phone_e164", "temperature", "score", "enrichment", "needs_review",
           "review_reasons", "stage_entered_at", "updated_at", "deleted_at", "version",
           "phone_regions"}  # fmt: skip


def comparable(lead: Lead, region: str) -> dict[str, Any]:
    """The lead as a user sees it, each number as the database reads it."""
    values = {f.name: getattr(lead, f.name) for f in fields(Lead) if f.name not in SKIPPED}
    values["tags"] = sorted(lead.tags)
    values["computed"] = (lead.temperature, lead.score, lead.needs_review, lead.review_reasons)
    values["numbers"] = [
        check_phone(number, lead.region_for(number, region)).e164
        for number in (lead.phone, *lead.phones)
    ]
    return values


def assert_same(got: list[Lead], region: str, want: list[Lead], want_region: str) -> None:
    """The same leads field for field, in whatever order they were written."""

    def key(lead: Lead) -> str:
        return repr((lead.first_name, lead.last_name, lead.company, lead.email, lead.phone))

    pairs = zip(sorted(got, key=key), sorted(want, key=key), strict=True)
    for after, before in pairs:
        a, b = comparable(after, region), comparable(before, want_region)
        assert {k: v for k, v in a.items() if b[k] != v} == {
            k: v for k, v in b.items() if a[k] != v
        }, key(before)


def texts(lead: Lead) -> Iterator[str]:
    for item in fields(Lead):
        value = getattr(lead, item.name)
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from value
        elif isinstance(value, dict):
            yield from value
            yield from value.values()
    yield from (getattr(lead.bant, f.name) for f in fields(lead.bant))


def without_run(report: dict[str, Any]) -> dict[str, Any]:
    """A report without what differs between a dry run and the real one."""
    return {k: v for k, v in report.items() if k not in {"batch", "dry_run", "outcomes"}} | {
        "outcomes": [{k: v for k, v in o.items() if k != "lead"} for o in report["outcomes"]]
    }


@pytest.mark.parametrize("name", list(SHAPES))
def test_a_file_shaped_like_an_export(
    name: str, template: Path, tmp_path: Path, capsys: Capture
) -> None:
    shape = SHAPES[name]
    path = shape.build(tmp_path)
    db = fresh(template, tmp_path / "leads.db")
    region = ("--region", shape.region)

    dry = imported(capsys, db, path, "--dry-run", *region)
    assert stored(db) == []
    first = imported(capsys, db, path, *region)
    assert without_run(dry) == without_run(first)
    assert first["created"] > 0
    leads = stored(db)
    assert len(leads) == first["created"]
    unreadable = [(lead.first_name, t) for lead in leads for t in texts(lead) if "\ufffd" in t]
    assert not unreadable
    got = {(x.first_name, x.last_name, x.company, x.email) for x in leads}
    assert shape.expected <= got, sorted(got)
    titles = {x.title for x in leads} - {""}
    assert titles == shape.titles, leads

    again = imported(capsys, db, path, *region)
    assert again["created"] == 0, again
    assert again["rejected"] == first["rejected"]
    assert_same(stored(db), shape.region, leads, shape.region)

    for exported, dialect in (("leads.xlsx", "comma"), ("leads.csv", "semicolon")):
        target = tmp_path / exported
        cli(capsys, "--db", str(db), "export", str(target), "--csv-dialect", dialect)
        other = fresh(template, tmp_path / f"other-{exported}.db")
        back = imported(capsys, other, target, "--region", shape.other_region)
        assert (back["created"], back["rejected"]) == (len(leads), 0), back
        assert_same(stored(other), shape.other_region, leads, shape.region)


# --- generated files ------------------------------------------------------------------------

FIRST = ["Ana", "Anna", "Jürgen", "Juergen", "John", "Jon", "Bo", "Robert", "Bob", "Zoë", ""]
LAST = ["Ruiz", "Müller", "Mueller", "Smith", "Chen", "Hill", "O'Neil", ""]
COMPANY = ["Acme Ltd", "ACME Ltd.", "Acme", "Beta GmbH", "Beta GmbH.", "Müller & Söhne GmbH",
           "Mueller & Soehne GmbH", "Gamma AG", ""]  # fmt: skip
PHONE = ["", "", "+41 44 668 18 00", "+41 (0)44 668 18 00", "123456789", "+1 415 555 2671"]
EMAIL = ["", "", "ana@cobalt.example", "ANA@cobalt.example", "bo@acme.example", "info@@acme",
         "j.smith@acme.example"]  # fmt: skip
FORMATS = ["csv", "semicolon", "xlsx", "vcf"]


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    company: str
    email: str
    phone: str


def write_people(folder: Path, fmt: str, people: list[Person], name: str = "people") -> Path:
    """The people as a file of the format: each row or card one person."""
    header = ["First name", "Last name", "Company", "Email", "Phone"]
    rows = [[p.first, p.last, p.company, p.email, p.phone] for p in people]
    if fmt in {"csv", "semicolon"}:
        path = folder / f"{name}.csv"
        delimiter = ";" if fmt == "semicolon" else ","
        encoding = "cp1252" if fmt == "semicolon" else "utf-8"
        path.write_bytes(_csv_text([header, *rows], delimiter=delimiter).encode(encoding))
        return path
    if fmt == "xlsx":
        workbook = Workbook()
        for row in [header, *rows]:
            workbook.active.append(row)
        path = folder / f"{name}.xlsx"
        workbook.save(path)
        return path
    lines = []
    for p in people:
        lines += ["BEGIN:VCARD", "VERSION:3.0", f"N:{p.last};{p.first};;;",
                  f"FN:{' '.join(x for x in (p.first, p.last) if x)}"]  # fmt: skip
        lines += [f"ORG:{p.company}"] * bool(p.company)
        lines += [f"EMAIL;TYPE=INTERNET:{p.email}"] * bool(p.email)
        lines += [f"TEL;TYPE=WORK:{p.phone}"] * bool(p.phone)
        lines.append("END:VCARD")
    path = folder / f"{name}.vcf"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8", newline="")
    return path


def _identified(person: Person) -> bool:
    return any((person.first, person.last, person.company, person.email, person.phone))


PEOPLE = st.lists(
    st.builds(
        Person,
        st.sampled_from(FIRST),
        st.sampled_from(LAST),
        st.sampled_from(COMPANY),
        st.sampled_from(EMAIL),
        st.sampled_from(PHONE),
    ).filter(_identified),
    min_size=1,
    max_size=10,
)
PROPERTY = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])  # fmt: skip


@PROPERTY
@given(people=PEOPLE, fmt=st.sampled_from(FORMATS))
def test_importing_a_generated_file_again_creates_nothing(
    template: Path, capsys: Capture, people: list[Person], fmt: str
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = write_people(folder, fmt, people)
        db = fresh(template, folder / "leads.db")
        first = imported(capsys, db, path, "--region", "CH")
        before = stored(db)
        again = imported(capsys, db, path, "--region", "CH")
        assert again["created"] == 0, (first, again)
        assert again["rejected"] == first["rejected"]
        assert_same(stored(db), "CH", before, "CH")


@PROPERTY
@given(
    people=st.lists(
        st.builds(Person, st.sampled_from(FIRST), st.sampled_from(LAST),
                  st.sampled_from(COMPANY), st.just(""), st.sampled_from(PHONE)),
        min_size=2, max_size=8,
    ),
    fmt=st.sampled_from(FORMATS),
    split=st.integers(0, 8),
)  # fmt: skip
def test_people_with_different_emails_are_never_merged(
    template: Path, capsys: Capture, people: list[Person], fmt: str, split: int
) -> None:
    """However alike their names, companies and phones, rows whose emails
    differ are different people, in one file or over two imports."""
    domains = ["acme.example", "beta.example"]
    people = [
        Person(p.first, p.last, p.company, f"person{i}@{domains[i % 2]}", p.phone)
        for i, p in enumerate(people)
    ]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = fresh(template, folder / "leads.db")
        parts = [people[:split], people[split:]] if 0 < split < len(people) else [people]
        for number, part in enumerate(parts):
            path = write_people(folder, fmt, part, f"part{number}")
            report = imported(capsys, db, path, "--region", "CH")
            assert report["created"] == len(part), report
        assert sorted(x.email for x in stored(db)) == sorted(p.email for p in people)
