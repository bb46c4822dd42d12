"""Text files in the encodings contact programs write them in: localised
Outlook and Google exports in their own code pages, checked by what lands
in the database and by what the importer says about the encoding."""

from __future__ import annotations

from pathlib import Path

import pytest

from leaddesk.store.database import Database
from leaddesk.transfer import csvfile, table
from leaddesk.transfer.errors import UnreadableFile
from leaddesk.transfer.pipeline import ImportJob
from leaddesk.transfer.readers import read_here
from tests.transfer.conftest import Importer, all_leads, write_csv

# Outlook's "Export to a file" in each language, in the code page Windows
# uses for it (the column order is Outlook's, the people made up).
OUTLOOK = {
    "ru": (
        "cp1251",
        ["Имя", "Отчество", "Фамилия", "Организация", "Должность", "Улица (раб. адрес)",
         "Город (раб. адрес)", "Индекс (раб. адрес)", "Страна или регион (раб. адрес)",
         "Рабочий телефон", "Адрес эл. почты", "Заметки", "Категории"],
        ["Иван", "Сергеевич", "Петров", "ООО «Ромашка»", "Директор по закупкам",
         "ул. Ленина, 5", "Москва", "101000", "Россия", "+7 495 123-45-67",
         "ivan.petrov@romashka.ru", "Звонить после обеда", "Поставщики"],
        ("Иван Сергеевич", "Петров"),
    ),
    "de": (
        "cp1252",
        ["Vorname", "Nachname", "Firma", "Position", "Straße geschäftlich",
         "Ort geschäftlich", "Postleitzahl geschäftlich", "Land/Region geschäftlich",
         "Telefon geschäftlich", "E-Mail-Adresse", "Notizen", "Kategorien"],
        ["Jürgen", "Müller", "Müller & Söhne GmbH", "Einkaufsleiter",
         "Königstraße 12", "Düsseldorf", "40212", "Deutschland", "+49 211 1234567",
         "j.mueller@mueller-soehne.de", "Rückruf erwünscht", "Messe"],
        ("Jürgen", "Müller"),
    ),
    "fr": (
        "cp1252",
        ["Prénom", "Nom", "Société", "Fonction", "Rue (bureau)", "Ville (bureau)",
         "Code postal (bureau)", "Pays/Région (bureau)", "Téléphone (bureau)",
         "Adresse de messagerie", "Notes", "Catégories"],
        ["Hélène", "Lefèvre", "Lumière SARL", "Directrice générale", "3 rue de l'Église",
         "Besançon", "25000", "France", "+33 3 81 12 34 56", "helene@lumiere.fr",
         "Très intéressée", "Salon"],
        ("Hélène", "Lefèvre"),
    ),
    "es": (
        "cp1252",
        ["Nombre", "Apellidos", "Compañía", "Puesto", "Calle del trabajo", "Ciudad de trabajo",
         "Código postal del trabajo", "País o región del trabajo", "Teléfono del trabajo",
         "Dirección de correo electrónico", "Notas", "Categorías"],
        ["Begoña", "Ibáñez Núñez", "Compañía Logística", "Jefa de compras", "Calle Mayor 7",
         "Logroño", "26001", "España", "+34 941 123 456", "begona@logistica.es",
         "Llamar en otoño", "Feria"],
        ("Begoña", "Ibáñez Núñez"),
    ),
    "it": (
        "cp1252",
        ["Nome", "Cognome", "Società", "Posizione", "Via (uff.)", "Città (uff.)",
         "CAP (uff.)", "Paese (uff.)", "Telefono ufficio", "Indirizzo posta elettronica",
         "Note", "Categorie"],
        ["Niccolò", "Ferrè", "Caffè Sì S.r.l.", "Responsabile acquisti", "Via Roma 1",
         "Forlì", "47121", "Italia", "+39 0543 123456", "niccolo@caffesi.it",
         "Richiamare lunedì", "Fiera"],
        ("Niccolò", "Ferrè"),
    ),
    "nl": (
        "cp1252",
        ["Voornaam", "Achternaam", "Bedrijf", "Functie", "Werkadres, straat",
         "Werkadres, plaats", "Werkadres, postcode", "Werkadres, land/regio",
         "Telefoon op werk", "E-mailadres", "Notities", "Categorieën"],
        ["Daniël", "de Vries", "Zoëtermeer B.V.", "Inkoper", "Kerkstraat 1", "Zoetermeer",
         "2711 AA", "Nederland", "+31 79 123 4567", "daniel@zoetermeer.nl",
         "Geïnteresseerd", "Beurs"],
        ("Daniël", "de Vries"),
    ),
    "pt": (
        "cp1252",
        ["Nome", "Sobrenome", "Empresa", "Cargo", "Rua comercial", "Cidade comercial",
         "CEP comercial", "País/Região comercial", "Telefone comercial", "Endereço de email",
         "Anotações", "Categorias"],
        ["João", "Conceição", "Açaí & Cia Ltda", "Gerente de compras", "Rua São Bento 10",
         "São Paulo", "01010-000", "Brasil", "+55 11 3123-4567", "joao@acai.com.br",
         "Ligar à tarde", "Feira"],
        ("João", "Conceição"),
    ),
    "ja": (
        "shift_jis",
        ["姓", "名", "会社名", "役職", "番地 (会社)", "市区町村 (会社)", "郵便番号 (会社)",
         "国/地域 (会社)", "会社電話", "電子メール アドレス", "メモ", "分類"],
        ["山田", "太郎", "株式会社テスト", "購買部長", "丸の内1-1-1", "千代田区", "100-0005",
         "日本", "+81 3-1234-5678", "taro.yamada@test.co.jp", "午後に電話", "展示会"],
        ("太郎", "山田"),
    ),
    "zh": (
        "gb18030",
        ["姓", "名", "公司", "职务", "商务地址 街道", "商务地址 市/县", "商务地址 邮政编码",
         "商务地址 国家/地区", "商务电话", "电子邮件地址", "附注", "类别"],
        ["王", "伟", "北京科技有限公司", "采购经理", "朝阳路1号", "北京", "100020", "中国",
         "+86 10 6512 3456", "wang.wei@bjtech.cn", "下午打电话", "展会"],
        ("伟", "王"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(OUTLOOK))
def test_localised_outlook_exports_in_their_own_code_page(
    tmp_path: Path, db: Database, import_file: Importer, language: str
) -> None:
    encoding, headers, values, (first, last) = OUTLOOK[language]
    path = write_csv(tmp_path / f"outlook-{language}.csv", [headers, values], encoding=encoding)
    report = import_file(path)
    assert (report.created, report.rejected, report.custom_columns) == (1, 0, [])
    (lead,) = all_leads(db)
    by_header = dict(zip(headers, values, strict=True))
    assert (lead.first_name, lead.last_name) == (first, last)
    assert lead.company in by_header.values() and lead.company
    assert lead.email == values[headers.index(next(h for h in headers if "@" in by_header[h]))]
    assert lead.phone.startswith("+") and lead.phone in values
    assert lead.city in values and lead.postal_code in values and lead.country in values
    assert lead.address in values and lead.title in values and lead.notes in values
    assert lead.tags == [values[-1]]
    assert not lead.needs_review and lead.custom == {}


def test_a_russian_export_is_read_as_windows_1251_without_a_word(tmp_path: Path) -> None:
    encoding, headers, values, _ = OUTLOOK["ru"]
    path = write_csv(tmp_path / "contacts.csv", [headers, values], encoding=encoding)
    job = ImportJob(path)
    assert job.encoding is not None and job.encoding.codec == "cp1251"
    assert job.headers == headers
    assert job.notes == []


def test_an_uncertain_guess_says_which_encoding_was_used(tmp_path: Path) -> None:
    # One accented letter: Windows-1250 and -1252 read it differently
    # (è or č), and nothing in the file says which it is.
    path = tmp_path / "leads.csv"
    path.write_bytes("Name,Email\nMarie Lefèvre,marie@x.fr\n".encode("cp1252"))
    job = ImportJob(path)
    assert job.encoding is not None and job.encoding.codec == "cp1252"
    assert job.notes == [
        "leads.csv was read as Western European (Windows-1252), the likeliest of several "
        "encodings: check the accents, or choose the file's encoding."
    ]


def test_the_users_choice_of_encoding_is_used(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    path = tmp_path / "leads.csv"
    path.write_bytes("Name,Email\nJan Iksiński,jan@x.pl\n".encode("cp1250"))
    job = ImportJob(path, encoding="cp1250")
    assert job.encoding is not None and (job.encoding.codec, job.encoding.chosen) == (
        "cp1250",
        True,
    )
    job.run(db)
    (jan,) = all_leads(db)
    assert jan.last_name == "Iksiński"


def test_utf8_with_a_few_damaged_bytes_stays_utf8_and_marks_the_rows(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    # Two exports pasted together: UTF-8 throughout, one name in Windows-1252.
    text = "Name,Company,Email\n" + "".join(
        f"Zoë Šimić-{chr(65 + n)}{n},Café Ünion {n},z{n}@x.de\n" for n in range(30)
    )
    path = tmp_path / "joined.csv"
    path.write_bytes(text.encode("utf-8") + "René Noël,Acme,rene@x.fr\n".encode("cp1252"))
    report = import_file(path)
    assert report.created == 31
    leads = all_leads(db)
    assert leads[0].first_name == "Zoë" and leads[0].company == "Café Ünion 0"
    assert not any(lead.needs_review for lead in leads[:30])
    rene = leads[30]
    assert rene.needs_review and "\ufffd" in rene.first_name + rene.last_name
    assert "could not be read" in rene.review_reasons
    assert ImportJob(path).notes == [
        "2 bytes of joined.csv are not Unicode (UTF-8) text; they read as “\ufffd” and "
        "their rows are marked needs review."
    ]


def test_a_file_over_the_row_limit_is_refused_before_any_row_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csvfile, "MAX_ROWS", 50)
    monkeypatch.setattr(table, "MAX_ROWS", 50)
    path = write_csv(tmp_path / "big.csv", [["Email"], *([f"p{n}@x.com"] for n in range(51))])
    # The reader's own limit, so read in this process (whose limits the test changed).
    with pytest.raises(UnreadableFile, match=r"big\.csv has more than 50 rows"):
        read_here(path)
    # Fifty rows (and rows written over several lines) are fine.
    ok = write_csv(
        tmp_path / "ok.csv", [["Email", "Notes"], *([f"p{n}@x.com", "a\nb"] for n in range(50))]
    )
    assert read_here(ok).total == 101
