"""The words column headers are written in beyond English: what Outlook
and Google Contacts write when they export in German, French, Spanish,
Italian, Dutch, Portuguese, Russian, Japanese and Chinese, and the main
words of their Polish, Czech, Swedish, Danish, Norwegian, Finnish and
Turkish exports, and the words
people use in their own sheets ("Ansprechpartner", "Nom du client").

Words are written here as people write them; :mod:`leaddesk.transfer.mapping`
compares them in its folded form (case, accents, spaces and punctuation
aside), after taking off what only qualifies a column: a number and
"value" (Google's "E-Mail 1 - Wert"), business or home ("Telefon
geschäftlich", "Rue (bureau)", "会社電話"), an address part's prefix
("Adresse 1 - Ort", "Werkadres, plaats") and whose it is ("Kundenname").
"""

from __future__ import annotations

from leaddesk.transfer.fields import Field

F = Field

WORDS: dict[Field, tuple[str, ...]] = {
    F.FIRST_NAME: (
        "Imię", "Jméno", "Křestní jméno", "Förnamn", "Fornavn", "Etunimi", "İlk Ad",
        "Vorname", "Rufname", "Prénom", "Nombre de pila", "Nome", "Primer nombre", "Voornaam",
        "Roepnaam", "Primeiro nome", "Nome próprio", "Имя", "名", "名字", "名 (ふりがな)",
        "Given name", "First",
    ),
    F.MIDDLE_NAME: (
        "Drugie imię", "Druhé jméno", "Mellannamn", "Mellemnavn", "Mellomnavn", "Toinen nimi",
        "İkinci Ad",
        "Weitere Vornamen", "Zweiter Vorname", "Deuxième prénom", "Autre prénom",
        "Segundo nombre", "Secondo nome", "Middelste naam", "Tweede voornaam", "Segundo nome",
        "Nome do meio", "Отчество", "ミドル ネーム", "中间名", "中間名",
    ),
    F.LAST_NAME: (
        "Nazwisko", "Příjmení", "Efternamn", "Efternavn", "Etternavn", "Sukunimi", "Soyadı",
        "Nachname", "Familienname", "Zuname", "Nom de famille", "Apellido", "Apellidos",
        "Cognome", "Achternaam", "Familienaam", "Sobrenome", "Apelido", "Apelidos",
        "Фамилия", "姓", "姓氏", "姓 (ふりがな)",
    ),
    F.FULL_NAME: (
        "Vollständiger Name", "Ansprechpartner", "Ansprechperson", "Kontaktperson",
        "Kontakt", "Nom complet", "Contact", "Interlocuteur", "Nombre completo",
        "Contacto", "Persona de contacto", "Nome completo", "Contatto", "Referente",
        "Nominativo", "Naam", "Volledige naam", "Contactpersoon", "Contato", "Contacto",
        "Pessoa de contato", "ФИО", "Ф.И.О.", "Полное имя", "Контакт", "Контактное лицо",
        "名前", "氏名", "表示名", "姓名", "全名", "联系人", "聯絡人", "显示名称", "顯示名稱",
    ),
    F.COMPANY: (
        "Nazwa firmy", "Společnost", "Företag", "Yritys", "Şirket",
        "Firma", "Firmenname", "Unternehmen", "Organisation", "Betrieb", "Arbeitgeber",
        "Société", "Entreprise", "Raison sociale", "Organisation", "Empresa", "Compañía",
        "Organización", "Razón social", "Società", "Azienda", "Ditta", "Organizzazione",
        "Ragione sociale", "Bedrijf", "Bedrijfsnaam", "Organisatie", "Companhia",
        "Organização", "Razão social", "Организация", "Компания", "Фирма", "Предприятие",
        "Название компании", "会社名", "会社", "勤務先", "組織", "公司", "公司名称", "单位",
        "單位", "组织", "工作单位",
    ),
    F.TITLE: (
        "Stanowisko", "Befattning", "Stilling", "Tehtävänimike", "İş Unvanı",
        "Berufsbezeichnung", "Funktion", "Stellung", "Jobtitel", "Fonction", "Poste",
        "Intitulé du poste", "Puesto", "Cargo", "Qualifica", "Posizione", "Mansione",
        "Functie", "Functietitel", "Função", "Должность", "役職", "肩書き", "职务", "職務",
        "职位", "職位", "職稱",
    ),
    F.EMAIL: (
        "Adres e-mail", "E-mailová adresa", "E-postadress", "E-postadresse", "E-mail-adresse",
        "Sähköpostiosoite", "Sähköposti", "E-posta Adresi", "E-posta",
        "E-Mail-Adresse", "E-Mail", "Mail", "Adresse de messagerie", "Courriel",
        "Adresse e-mail", "Adresse électronique", "Correo electrónico", "Correo",
        "Dirección de correo electrónico", "Indirizzo posta elettronica", "Posta elettronica",
        "Indirizzo e-mail", "E-mailadres", "Endereço de email", "Endereço de e-mail",
        "Endereço de correio eletrónico", "Correio eletrónico", "Адрес эл. почты",
        "Электронная почта", "Эл. почта", "Почта", "E-mail адрес", "電子メール アドレス",
        "電子メール", "メールアドレス", "メール", "电子邮件地址", "电子邮件", "邮箱", "邮件",
        "電子郵件地址", "電子郵件",
    ),
    F.PHONE: (
        "Telefon komórkowy", "Komórka", "Mobilní telefon", "Matkapuhelin", "Puhelin",
        "Cep Telefonu",
        "Telefon", "Telefonnummer", "Rufnummer", "Mobiltelefon", "Mobilnummer", "Mobil", "Handy",
        "Handynummer", "Téléphone", "Tél.", "Tél. mobile", "Portable", "Mobile", "Teléfono",
        "Teléfono móvil", "Móvil", "Celular", "Telefono", "Cellulare", "Telefoon",
        "Mobiele telefoon", "Mobiel", "Telefone", "Telefone celular", "Telemóvel",
        "Телефон", "Мобильный телефон", "Мобильный", "Сотовый", "電話", "電話番号",
        "携帯電話", "電話", "电话", "電話號碼", "电话号码", "移动电话", "手机", "行動電話",
    ),
    F.WEBSITE: (
        "Strona sieci Web", "Strona WWW", "Webová stránka", "Webbsida", "Verkkosivu",
        "Webseite", "Internetseite", "Homepage", "Page Web", "Site web", "Site Internet",
        "Página web", "Sitio web", "Pagina web", "Sito web", "Sito", "Webpagina", "Website",
        "Página da Web", "Site", "Веб-страница", "Веб-сайт", "Сайт", "Web ページ",
        "ホームページ", "ウェブサイト", "网页", "网站", "網頁", "網站",
    ),
    F.ADDRESS: (
        "Ulica", "Ulice", "Gatuadress", "Gateadresse", "Katuosoite",
        "Straße", "Strasse", "Adresse", "Anschrift", "Rue", "Calle", "Dirección",
        "Domicilio", "Indirizzo", "Straat", "Adres", "Rua", "Endereço", "Morada",
        "Улица", "Адрес", "番地", "住所", "街道", "地址",
    ),
    F.CITY: (
        "Miejscowość", "Miasto", "Město", "Kaupunki", "Şehir",
        "Ort", "Stadt", "Wohnort", "Ville", "Localité", "Ciudad", "Localidad", "Población",
        "Città", "Località", "Comune", "Plaats", "Woonplaats", "Stad", "Cidade",
        "Localidade", "Город", "Населённый пункт", "市区町村", "都市", "城市", "市/县",
        "市/縣",
    ),
    F.POSTAL_CODE: (
        "Kod pocztowy", "PSČ", "Postnummer", "Postinumero", "Posta Kodu",
        "Postleitzahl", "PLZ", "Code postal", "Código postal", "CAP", "Codice postale",
        "Postcode", "CEP", "Индекс", "Почтовый индекс", "郵便番号", "邮政编码", "邮编",
        "郵遞區號",
    ),
    F.COUNTRY: (
        "Kraj", "Kraj/region", "Země/oblast", "Země", "Maa", "Ülke",
        "Land", "Land/Region", "Pays", "Pays/Région", "País", "País o región",
        "Paese", "Nazione", "Land/regio", "País/Região", "Страна", "Страна или регион",
        "国/地域", "国", "国家/地区", "国家", "國家/地區", "國家",
    ),
    F.NOTES: (
        "Notatki", "Uwagi", "Poznámky", "Anteckningar", "Noter", "Notater", "Muistiinpanot",
        "Notlar",
        "Notizen", "Notiz", "Bemerkungen", "Bemerkung", "Anmerkungen", "Kommentar",
        "Kommentare", "Remarques", "Commentaires", "Commentaire", "Notas", "Comentarios",
        "Observaciones", "Note", "Commenti", "Osservazioni", "Notities", "Opmerkingen",
        "Anotações", "Observações", "Comentários", "Заметки", "Примечания", "Примечание",
        "Комментарий", "Комментарии", "メモ", "備考", "附注", "备注", "備註", "記事",
    ),
    F.TAGS: (
        "Kategorier", "Luokat", "Kategoriler",
        "Kategorien", "Kategorie", "Gruppen", "Schlagwörter", "Gruppenmitgliedschaft",
        "Catégories", "Étiquettes", "Groupes", "Appartenance à un groupe", "Categorías",
        "Etiquetas", "Grupos", "Pertenencia a grupos", "Categorie", "Etichette", "Gruppi",
        "Appartenenza a gruppi", "Categorieën", "Groepen", "Groepslidmaatschap",
        "Categorias", "Marcadores", "Associação a grupos", "Категории", "Группы", "Метки",
        "Членство в группах", "分類", "ラベル", "グループ", "グループ メンバーシップ", "类别",
        "類別", "标签", "標籤", "分组", "群组成员身份",
    ),
    F.SOURCE: (
        "Źródło", "Zdroj", "Källa", "Kilde", "Lähde", "Kaynak",
        "Quelle", "Herkunft", "Lead-Quelle", "Kanal", "Origine", "Provenance", "Fuente",
        "Origen", "Procedencia", "Fonte", "Provenienza", "Bron", "Herkomst", "Origem",
        "Источник", "Канал", "ソース", "流入元", "来源", "來源", "渠道",
    ),
    F.OWNER: (
        "Besitzer", "Verantwortlich", "Zuständig", "Betreuer", "Vertriebsmitarbeiter",
        "Propriétaire", "Responsable", "Commercial", "Propietario", "Vendedor",
        "Proprietario", "Responsabile", "Commerciale", "Eigenaar", "Verantwoordelijke",
        "Accountmanager", "Proprietário", "Responsável", "Владелец", "Ответственный",
        "Менеджер", "担当者", "所有者", "负责人", "負責人", "销售",
    ),
    F.STAGE: (
        "Phase", "Stufe", "Étape", "Etapa", "Fase", "Этап", "Стадия", "ステージ", "阶段",
        "階段",
    ),
    F.LEAD_STATUS: (
        "Statut", "Статус", "ステータス", "状态", "狀態",
    ),
    F.CREATED_AT: (
        "Erstellt", "Erstellt am", "Angelegt am", "Erfasst am", "Créé le",
        "Date de création", "Creado", "Fecha de creación", "Creato", "Data di creazione",
        "Aangemaakt", "Aanmaakdatum", "Criado em", "Data de criação", "Создан",
        "Дата создания", "作成日", "作成日時", "创建时间", "创建日期", "建立日期",
    ),
    F.NEXT_FOLLOW_UP: (
        "Wiedervorlage", "Nächster Kontakt", "Nachfassen", "Relance", "Prochaine relance",
        "Seguimiento", "Próximo seguimiento", "Richiamo", "Prossimo contatto", "Opvolging",
        "Volgende actie", "Acompanhamento", "Próximo contato", "Следующий контакт",
        "Напоминание", "次回フォロー", "下次跟进", "下次跟進",
    ),
    F.DO_NOT_CONTACT: (
        "Nicht kontaktieren", "Ne pas contacter", "No contactar", "Non contattare",
        "Niet benaderen", "Não contactar", "Не звонить", "連絡不可", "请勿联系",
    ),
}  # fmt: skip
"""Field → headers that name it."""

QUALIFIED_ONLY: dict[Field, tuple[str, ...]] = {
    F.ADDRESS: ("Via", "街"),
    F.CITY: ("市",),
}
"""Words that name a field only with a qualifier ("Via (uff.)", "商務 - 市"):
alone they mean something else, or too little."""

AMBIGUOUS_NAMES = ("Nom", "Nombre", "Nome", "Naam", "Имя")
"""Words that mean the first name beside a last-name column and the whole
name without one."""

VALUE_WORDS = ("value", "wert", "valeur", "valor", "valore", "waarde", "значение", "値", "值")
"""What Google appends to a numbered column: "E-Mail 1 - Wert"."""

BUSINESS = (
    "business", "work", "office", "company", "geschäftlich", "dienstlich", "Büro",
    "bureau", "travail", "professionnel", "del trabajo", "de trabajo", "trabajo",
    "oficina", "ufficio", "uff", "lavoro", "op werk", "werk", "zakelijk", "kantoor",
    "comercial", "trabalho", "рабочий", "рабочая", "раб. адрес", "раб", "служебный",
    "会社", "勤務先", "商务", "商務", "工作", "单位", "służbowy", "służbowa", "służbowe",
    "do zaměstnání", "pracovní", "arbete", "arbejde", "arbeid",
)  # fmt: skip
"""Qualifiers of a business contact (taken for the lead's own)."""
HOME = (
    "home", "private", "personal", "privat", "domicile", "personnel", "privé", "casa",
    "particular", "domicilio", "abitazione", "ab", "thuis", "prive", "residencial",
    "pessoal", "домашний", "домашняя", "дом. адрес", "дом", "личный", "自宅", "住宅",
    "家庭", "私人", "other", "sonstige", "andere", "autre", "otro", "altro", "overig",
    "outro", "другой", "その他", "其他", "domowy", "domowa", "prywatny", "domů", "soukromý",
    "hem", "hjem", "hjemme", "koti",
)  # fmt: skip
"""Qualifiers of a home or other contact: second choice for a single field."""
ADDRESS_PARTS = (
    "address", "adresse", "anschrift", "dirección", "indirizzo", "adres", "werkadres",
    "huisadres", "endereço", "адрес", "住所", "地址", "商务地址", "商務地址", "住宅地址",
)  # fmt: skip
"""Prefixes of an address's parts: "Adresse 1 - Ort", "Werkadres, plaats"."""
WHOSE = (
    "client", "customer", "kunde", "kunden", "prospect", "interessent", "du client",
    "cliente", "del cliente", "do cliente", "klant", "van de klant", "клиента", "клиент",
    "顧客", "客户", "客戶",
)  # fmt: skip
"""Whose the column is: "Client name", "Nom du client" name the lead."""
ORGANIZATION = ("organisation", "organization", "organización", "organizzazione",
                "organisatie", "organização", "организация", "組織", "组织", "組織")  # fmt: skip
"""Google's "Organization 1 - Name" and "- Title" in each language."""
ORGANIZATION_NAME = ("name", "nom", "nombre", "nome", "naam", "название", "名前", "名称", "名稱")
ORGANIZATION_TITLE = ("title", "titel", "titre", "cargo", "titolo", "functie", "título",
                      "должность", "役職", "职位", "職稱")  # fmt: skip
