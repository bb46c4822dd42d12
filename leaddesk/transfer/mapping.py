"""Matching a file's column headers to lead fields.

Headers are compared case-, accent- and punctuation-insensitively
("E-mail 1 - Value" is ``email1value``) against the names that real
exports use: HubSpot, Salesforce (Data Loader API names and report
labels), Pipedrive, Zoho, LinkedIn, Google and Outlook contacts, Mailchimp
and LeadDesk itself. The result is a :class:`Mapping` a window can show and
change before importing. A column that names no field is kept on each
lead as a custom field, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from leaddesk.domain.identity import TITLES
from leaddesk.domain.text import fold
from leaddesk.transfer import header_words as words
from leaddesk.transfer.columns import FOREIGN, export_version, own_export_fields
from leaddesk.transfer.fields import Field
from leaddesk.transfer.guess import guess_field, says_nothing

F = Field
STRONG, WEAK = 2, 1

_NAMES: dict[Field, tuple[str, ...]] = {
    F.FIRST_NAME: ("firstname", "first", "givenname", "given", "forename", "fname", "prenom",
                   "vorname", "nombre"),
    F.MIDDLE_NAME: ("middlename", "additionalname", "middle", "middleinitial"),
    F.LAST_NAME: ("lastname", "last", "surname", "familyname", "family", "lname", "nom",
                  "nachname", "apellido", "apellidos"),
    F.FULL_NAME: ("name", "fullname", "contactname", "personname", "leadname", "displayname",
                  "contact", "person"),
    F.COMPANY: ("company", "companyname", "organization", "organisation", "organizationname",
                "organisationname", "org", "account", "accountname", "companyaccount",
                "associatedcompany", "business", "businessname", "employer", "firm",
                "entreprise", "societe", "firma", "empresa", "personorganization"),
    F.TITLE: ("jobtitle", "position", "designation", "organizationtitle", "organisationtitle",
              "occupation", "jobposition", "poste", "headline"),
    F.EMAIL: ("courriel", "emailadresse"),
    F.WEBSITE: ("website", "websiteurl", "web", "webpage", "url", "homepage", "site",
                "companywebsite", "website1value", "linkedinurl", "profileurl", "linkedin"),
    F.ADDRESS: ("address", "street", "streetaddress", "address1", "addressline1",
                "address1street", "businessstreet", "mailingstreet", "postaladdress",
                "personpostaladdress"),
    F.CITY: ("city", "town", "locality", "address1city", "businesscity", "mailingcity",
             "ville", "stadt", "ciudad"),
    F.POSTAL_CODE: ("postalcode", "zip", "zipcode", "postcode", "zippostalcode",
                    "address1postalcode", "businesspostalcode", "mailingpostalcode", "plz",
                    "codepostal"),
    F.COUNTRY: ("country", "countryregion", "address1country", "businesscountryregion",
                "businesscountry", "mailingcountry", "pays", "land", "pais"),
    F.SOURCE: ("source", "leadsource", "originalsource", "origin", "channel", "sourcechannel",
               "referralsource", "howdidyouhearaboutus", "contactsource", "wherefrom",
               "foundvia", "foundthrough", "howfound", "howdidtheyfindus", "camefrom"),
    F.INTEREST: ("interest", "inboundoutbound", "direction"),
    F.OWNER: ("owner", "leadowner", "contactowner", "accountowner", "ownerid", "ownername",
              "assignedto", "salesrep", "recordowner", "hubspotowner", "personowner"),
    F.TAGS: ("tags", "tag", "labels", "groupmembership", "categories", "category",
             "personlabel", "label"),
    F.NOTES: ("notes", "note", "description", "comments", "comment", "remarks", "memo",
              "personnotes"),
    F.COMPETITOR: ("competitor", "competitors", "currentvendor", "currenttool",
                   "competitorinuse", "currentsolution"),
    F.CONSENT: ("consent", "optin", "optedin", "marketingconsent", "emailconsent",
                "gdprconsent", "subscribed"),
    F.CONSENT_AT: ("consentdate", "consentat", "consentdateutc", "optintime", "optindate",
                   "optedinat", "consentgiven"),
    F.CONSENT_HOW: ("consenthow", "consentmethod", "consentsource", "optinsource",
                    "optinmethod"),
    F.DO_NOT_CONTACT: ("donotcontact", "dnc", "donotcall", "hasoptedoutofemail",
                       "emailoptout", "optedout", "optout", "unsubscribed", "donotemail"),
    F.NEXT_FOLLOW_UP: ("nextfollowup", "followup", "followupdate", "nextfollowupdate",
                       "nextactivitydate", "nextactivity", "nextcontactdate"),
    F.STAGE: ("stage", "lifecyclestage", "lifecycle", "leadstage", "funnelstage"),
    F.LEAD_STATUS: ("leadstatus", "status", "personstatus", "contactstatus"),
    F.DISQUALIFIED_REASON: ("disqualifiedreason", "disqualificationreason", "lostreason",
                            "unqualifiedreason"),
    F.BUDGET: ("budget", "hasbudget"),
    F.AUTHORITY: ("authority", "decisionmaker", "isdecisionmaker"),
    F.NEED: ("need", "hasneed"),
    F.TIMEFRAME: ("timeframe", "timeline", "timing"),
    F.BUDGET_DETAIL: ("budgetdetail", "budgetdetails", "budgetamount", "budgetnotes"),
    F.AUTHORITY_DETAIL: ("authoritydetail", "authoritydetails", "decisionrole"),
    F.NEED_DETAIL: ("needdetail", "needdetails", "painpoint", "painpoints"),
    F.TIMEFRAME_DETAIL: ("timeframedetail", "timeframedetails", "timelinedetail"),
    F.CREATED_AT: ("created", "createdat", "createddate", "createdate", "createdtime",
                   "datecreated", "connectedon", "dateadded", "createdutc", "signupdate"),
    F.LAST_ACTIVITY_AT: ("lastactivity", "lastactivitydate", "lastactivityat",
                         "lastcontacted", "lastcontact", "lastactivityutc",
                         "lastengagementdate"),
}  # fmt: skip
# Names that usually mean something else when a better column is present:
# Outlook's "Title" is Mr/Ms when "Job Title" exists, and the like.
_WEAK: dict[str, Field] = {
    "title": F.TITLE,
    "titre": F.TITLE,  # Outlook in French: both Mr/Ms and the job
    "titel": F.TITLE,
    "titulo": F.TITLE,
    "titolo": F.TITLE,
    "role": F.TITLE,
    "function": F.TITLE,
    "address1formatted": F.ADDRESS,
    "homestreet": F.ADDRESS,
    "homecity": F.CITY,
    "homepostalcode": F.POSTAL_CODE,
    "homecountryregion": F.COUNTRY,
    "cc": F.COUNTRY,
    "confirmtime": F.CONSENT_AT,
}
_EMAIL = re.compile(
    r"^(?:primary|work|business|home|other|personal|secondary)?e?mail\d*"
    r"(?:address|value|adresse)?\d*(?:address|value)?(?:work|home|other|personal|business)?$"
)
_PHONE = re.compile(
    r"^(?:primary|work|business|home|other|mobile|main|direct|office|company|callback)?"
    r"(?:phone|telephone|tel|mobile|cell|cellphone|mobilephone|handy|telefon|telefono|portable)"
    r"\d*(?:number|value|no)?\d*(?:work|home|mobile|other|main|office)?$"
)
_ORGANIZATION = re.compile(r"^organi[sz]ation\d*(name|title)$")
_PREFIXES = ("person", "contact", "lead", "primary")


def header_key(header: str) -> str:
    """ "E-mail 1 - Value" → "email1value"."""
    return "".join(ch for ch in fold(header) if ch.isalnum())


def _keys(texts: tuple[str, ...]) -> tuple[str, ...]:
    """Folded, longest first (so "deltrabajo" comes off before "trabajo")."""
    return tuple(sorted({header_key(t) for t in texts} - {""}, key=len, reverse=True))


_LOOKUP: dict[str, tuple[Field, int]] = {
    header_key(name): (target, STRONG) for target, names in words.WORDS.items() for name in names
}
_LOOKUP |= {name: (target, STRONG) for target, names in _NAMES.items() for name in names}
_LOOKUP |= {name: (target, WEAK) for name, target in _WEAK.items()}
_QUALIFIED = {
    header_key(name): target for target, names in words.QUALIFIED_ONLY.items() for name in names
}
_AMBIGUOUS = frozenset(_keys(words.AMBIGUOUS_NAMES))
_VALUE_WORDS = _keys(words.VALUE_WORDS)
_QUALIFIERS = (
    (_keys(words.WHOSE), STRONG),
    (_keys(words.ADDRESS_PARTS), STRONG),
    (_keys(words.BUSINESS), STRONG),
    (_keys(words.HOME), WEAK),
)
_ORGANIZATIONS = _keys(words.ORGANIZATION)
_ORGANIZATION_PARTS = {key: F.COMPANY for key in _keys(words.ORGANIZATION_NAME)} | {
    key: F.TITLE for key in _keys(words.ORGANIZATION_TITLE)
}


def recognise(header: str) -> tuple[Field, int] | None:
    """The field a header names and how surely (STRONG or WEAK); None when
    it names none."""
    key = header_key(header)
    if not key:
        return None
    found = _match(key)
    if found is None:
        for prefix in _PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                found = _match(key[len(prefix) :])
                if found is not None:
                    break
    return found or _qualified(key)


def _qualified(key: str) -> tuple[Field, int] | None:
    """The field of a header once what only qualifies it comes off: a
    number and Google's "value", then whose, which address and which kind
    of contact it is ("Kunden-Telefon 2 geschäftlich" → "telefon")."""
    core = "".join(ch for ch in key if not ch.isdigit()) or key
    for value in _VALUE_WORDS:
        if core.endswith(value) and len(core) > len(value):
            core = core[: -len(value)]
            break
    strength = STRONG
    qualified = core != key
    for _ in range(3):
        found = _match(core) or _organization(core)
        if found is not None:
            return found[0], min(found[1], strength)
        if qualified and core in _QUALIFIED:
            return _QUALIFIED[core], strength
        stripped = _strip_qualifier(core)
        if stripped is None:
            return None
        core, weight = stripped
        strength = min(strength, weight)
        qualified = True
    return None


def _strip_qualifier(key: str) -> tuple[str, int] | None:
    for qualifiers, strength in _QUALIFIERS:
        for word in qualifiers:
            if len(key) > len(word):
                if key.startswith(word):
                    return key[len(word) :], strength
                if key.endswith(word):
                    return key[: -len(word)], strength
    return None


def _organization(key: str) -> tuple[Field, int] | None:
    """Google's "Organisation 1 - Name" / "- Titel" in its languages."""
    for word in _ORGANIZATIONS:
        if key.startswith(word) and key[len(word) :] in _ORGANIZATION_PARTS:
            return _ORGANIZATION_PARTS[key[len(word) :]], STRONG
    return None


def _match(key: str) -> tuple[Field, int] | None:
    if key in _LOOKUP:
        return _LOOKUP[key]
    if _EMAIL.match(key):
        return F.EMAIL, STRONG
    if _PHONE.match(key):
        return F.PHONE, STRONG
    organization = _ORGANIZATION.match(key)
    if organization:
        return (F.COMPANY if organization.group(1) == "name" else F.TITLE), STRONG
    return None


def recognised(header: str) -> bool:
    return recognise(header) is not None


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the file and what it becomes."""

    index: int
    header: str
    field: Field
    automatic: bool = True
    """False once the user chose the field."""
    guessed: bool = False
    """Chosen from the column's values, its header naming no field."""

    @property
    def name(self) -> str:
        """The custom field name: the header, or "Column C" without one."""
        return self.header.strip()[:255] or f"Column {column_letter(self.index)}"


@dataclass
class Mapping:
    """What each column of a file becomes; change it with :meth:`set`."""

    columns: list[Column]
    export_version: int = FOREIGN
    """Which LeadDesk export wrote the file, if one did (see
    :func:`leaddesk.transfer.columns.export_version`)."""
    default_source: str = ""
    """The source given to rows without one (a LinkedIn connections export
    comes from LinkedIn)."""
    extra: list[str] = field(default_factory=list)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    """What the user chose for values of Source, Stage and Lead status
    columns: by field, then by value (see leaddesk.transfer.mapped_values)."""

    def set(self, index: int, target: Field) -> None:
        self.columns[index] = replace(
            self.columns[index], field=target, automatic=False, guessed=False
        )

    def fields(self) -> dict[Field, list[Column]]:
        result: dict[Field, list[Column]] = {}
        for column in self.columns:
            result.setdefault(column.field, []).append(column)
        return result

    def custom_columns(self) -> list[str]:
        """Headers kept as custom fields, for the report."""
        return [c.name for c in self.columns if c.field is Field.CUSTOM]

    @property
    def leaddesk_export(self) -> bool:
        return self.export_version != FOREIGN

    def describe(self) -> dict[str, str]:
        return {c.name: c.field.value for c in self.columns}


def auto_map(
    headers: list[str],
    samples: list[list[str]] | None = None,
    fields: list[Field] | None = None,
) -> Mapping:
    """The mapping LeadDesk proposes for these headers. ``samples`` are the
    first rows (cells by column), from which a column whose header names
    no field is guessed; ``fields`` is the mapping a reader knows already
    (a vCard's columns are the reader's own)."""
    if fields is not None:
        return Mapping(
            [Column(i, h, f) for i, (h, f) in enumerate(zip(headers, fields, strict=True))]
        )
    version = export_version(headers)
    if version != FOREIGN:
        return _own_export(headers, version)
    guesses = [recognise(h) for h in headers]
    guesses = _whole_names(headers, guesses)
    guessed = _from_values(headers, guesses, samples or [])
    _courtesy_titles(guesses, samples or [])
    # Single fields go to the surest column, and among equals the first;
    # the other candidates are kept as custom fields.
    chosen: dict[Field, int] = {}
    for index, guess in enumerate(guesses):
        if guess is None or guess[0].multiple:
            continue
        target, strength = guess
        best = chosen.get(target)
        if best is None or strength > (guesses[best] or (target, 0))[1]:
            chosen[target] = index
    columns = []
    for index, (header, guess) in enumerate(zip(headers, guesses, strict=True)):
        if guess is None:
            target = Field.CUSTOM
        elif guess[0].multiple or chosen.get(guess[0]) == index:
            target = guess[0]
        else:
            target = Field.CUSTOM
        columns.append(Column(index, header, target, guessed=index in guessed))
    return Mapping(columns, default_source=_default_source(headers))


Guess = tuple[Field, int] | None


def _whole_names(headers: list[str], guesses: list[Guess]) -> list[Guess]:
    """ "Nom" or "Nombre" is the first or last name beside the other one,
    and the whole name without it."""
    found = {g[0] for g in guesses if g is not None}
    if F.FULL_NAME in found or (F.FIRST_NAME in found and F.LAST_NAME in found):
        return guesses
    return [
        (F.FULL_NAME, g[1])
        if g is not None and g[0] in (F.FIRST_NAME, F.LAST_NAME) and header_key(h) in _AMBIGUOUS
        else g
        for h, g in zip(headers, guesses, strict=True)
    ]


def _from_values(headers: list[str], guesses: list[Guess], samples: list[list[str]]) -> set[int]:
    """Fills in, from its values, the field of each column whose header
    names none (in place); returns the columns so guessed."""
    if not samples:
        return set()
    taken = {g[0] for g in guesses if g is not None}
    if taken & {F.FIRST_NAME, F.LAST_NAME}:
        taken.add(F.FULL_NAME)
    guessed = set()
    for index, header in enumerate(headers):
        if guesses[index] is not None:
            continue
        values = [row[index] for row in samples if index < len(row) and row[index].strip()]
        target = guess_field(values, header_says_nothing=says_nothing(header))
        if target is not None and (target.multiple or target not in taken):
            guesses[index] = (target, WEAK)
            taken.add(target)
            guessed.add(index)
    return guessed


_COURTESY = TITLES | {"m", "mm", "messrs", "sir", "madam", "madame", "monsieur", "sr", "sra",
                     "srta", "senor", "senora", "signor", "signora", "sigg", "dona", "pan",
                     "pani", "гн", "гжа", "hr", "fr", "mevr", "dhr"}  # fmt: skip
"""Mr, Mme, Herr, Sra.: a "Title" column of these is the salutation."""


def _courtesy_titles(guesses: list[Guess], samples: list[list[str]]) -> None:
    """A title column whose values are all courtesy titles (Outlook's
    "Title" beside "Job Title", its French export's first "Titre") is no
    job title: kept as a custom field, in place."""
    for index, guess in enumerate(guesses):
        if guess is None or guess[0] is not F.TITLE:
            continue
        values = [row[index] for row in samples if index < len(row) and row[index].strip()]
        if values and all(re.sub(r"[\W_]+", "", fold(v)) in _COURTESY for v in values):
            guesses[index] = None


def _own_export(headers: list[str], version: int) -> Mapping:
    fields = own_export_fields(headers)
    columns = [Column(i, header, fields[i]) for i, header in enumerate(headers)]
    return Mapping(columns, export_version=version)


def _default_source(headers: list[str]) -> str:
    keys = {header_key(h) for h in headers}
    if {"connectedon", "position"} <= keys:
        return "linkedin"
    if {"emailaddress", "optintime"} <= keys or {"emailaddress", "memberrating"} <= keys:
        return "email_campaign"
    return ""


def column_letter(index: int) -> str:
    """0 → "A", 26 → "AA", as spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
