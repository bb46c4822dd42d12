"""What the values of a file's Source, Stage and Lead status columns
become: one of LeadDesk's sources or stages, or the value as given.

Each distinct value gets a proposal: a name LeadDesk knows for a source or
a stage, in English or in the languages big mail and contact programs
export in ("Empfehlung" is a referral), or the first words of a value that
says more ("referral - Hans"). The import wizard shows the proposals and
lets the user choose otherwise (the choices travel in
:attr:`leaddesk.transfer.mapping.Mapping.values`); an import without a
window takes the proposals.

Nothing is dropped: a source that maps to nothing is kept as the lead's
source text; a stage or status that maps to nothing leaves the stage as it
is and is kept in a custom field named after its column; and a value that
maps but says more than the name of what it maps to (HubSpot's
"Evangelist", a customer; "referral - Hans") is kept in that custom field
too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from leaddesk.domain.sources import SOURCE_KEYS, is_known_source, source_label
from leaddesk.domain.stages import Stage
from leaddesk.domain.text import fold
from leaddesk.transfer.fields import Field
from leaddesk.transfer.values import import_source, parse_status

KEEP = ""
"""The choice to keep a value as given."""
MAPPED_FIELDS = (Field.SOURCE, Field.STAGE, Field.LEAD_STATUS)

_SOURCE_WORDS: dict[str, tuple[str, ...]] = {
    "referral": (
        "empfehlung", "weiterempfehlung", "mundpropaganda", "recommandation", "parrainage",
        "bouche a oreille", "recomendacion", "referido", "referencia", "boca a boca",
        "raccomandazione", "passaparola", "segnalazione", "aanbeveling", "doorverwijzing",
        "mond tot mond", "indicacao", "recomendacao",
    ),
    "website_form": (
        "kontaktformular", "webformular", "formular", "webseite", "formulaire",
        "formulaire de contact", "site web", "formulario", "formulario web", "sitio web",
        "pagina web", "modulo", "modulo di contatto", "sito web", "contactformulier",
        "webformulier", "formulario de contato", "site",
    ),
    "event": (
        "messe", "veranstaltung", "konferenz", "salon", "evenement", "conference", "evento",
        "feria", "congreso", "fiera", "convegno", "beurs", "congres", "feira",
    ),
    "cold_call": (
        "kaltakquise", "telefonakquise", "anruf", "demarchage", "prospection telephonique",
        "appel", "llamada en frio", "llamada", "chiamata a freddo", "telefonata",
        "koude acquisitie", "telefonische acquisitie", "ligacao fria", "telefonema",
    ),
    "purchased_list": (
        "gekaufte liste", "adressliste", "adresskauf", "fichier achete", "liste achetee",
        "lista comprada", "base de datos comprada", "lista acquistata", "gekochte lijst",
        "adressenlijst",
    ),
    "organic_search": (
        "suchmaschine", "google suche", "moteur de recherche", "recherche google", "buscador",
        "busqueda organica", "motore di ricerca", "ricerca organica", "zoekmachine",
        "mecanismo de busca", "busca organica",
    ),
    "email_campaign": (
        "e-mail-kampagne", "mailing", "campagne e-mail", "campagne email", "emailing",
        "campana de email", "campagna email", "nieuwsbrief", "e-mailcampagne",
        "campanha de email",
    ),
    "online_ad": (
        "werbung", "anzeige", "online-werbung", "publicite", "annonce", "publicidad", "anuncio",
        "pubblicita", "annuncio", "advertentie", "reclame", "publicidade",
    ),
    "survey": ("umfrage", "sondage", "enquete", "encuesta", "sondaggio", "questionario"),
}  # fmt: skip
_STAGE_NAMES: dict[Stage, tuple[str, ...]] = {
    Stage.NEW: ("new lead", "neu", "nouveau", "nouvelle", "nuevo", "nueva", "nuovo", "nuova",
                "nieuw", "novo", "nova"),
    Stage.MQL: ("marketing qualified lead",),
    Stage.SAL: ("sales accepted lead",),
    Stage.SQL: ("sales qualified lead",),
    Stage.CUSTOMER: ("kunde", "client", "cliente", "klant"),
    Stage.DISQUALIFIED: ("disqualifiziert", "disqualifie", "descalificado", "squalificato",
                         "gediskwalificeerd", "desqualificado"),
}  # fmt: skip
"""Other names of LeadDesk's stages, in the languages of the big exports."""
_STAGE_HINTS: dict[Stage, tuple[str, ...]] = {
    Stage.SQL: ("qualifiziert", "qualifie", "calificado", "cualificado", "qualificato",
                "gekwalificeerd", "qualificado"),
    Stage.CUSTOMER: ("gewonnen", "gagne", "ganado", "vinto", "ganho"),
    Stage.DISQUALIFIED: ("verloren", "perdu", "perdido", "perso", "kein interesse",
                         "pas interesse", "sin interes", "non interessato", "geen interesse",
                         "sem interesse"),
}  # fmt: skip
"""Words that come close to a stage: the value is kept beside it."""
_HEAD = re.compile(r"\s+[-–—:/(|]\s*|\s*[:(,|]\s*|\s+(?:via|by|von|par|por|da|door)\s+")


def value_key(text: str) -> str:
    """The form values are compared and chosen by: case, accents and
    spacing aside."""
    return " ".join(fold(text).split())


def _squashed(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


_BY_WORD = {_squashed(w): key for key, words in _SOURCE_WORDS.items() for w in words}
_STAGE_BY_WORD = {_squashed(w): s for s, words in _STAGE_HINTS.items() for w in words}
_OWN_STAGE_NAMES = {
    _squashed(name): stage
    for stage in Stage
    for name in (stage.value, stage.label, stage.long_label, *_STAGE_NAMES.get(stage, ()))
}


@dataclass(frozen=True, slots=True)
class Proposal:
    target: str
    """A source key or a stage's value; KEEP to keep the value as given."""
    plain: bool
    """Whether the value is only a name of ``target``, nothing more."""


@lru_cache(maxsize=4096)
def propose(target: Field, text: str) -> Proposal:
    """What a value of a Source, Stage or Lead status column becomes."""
    if target is Field.SOURCE:
        return _source(text)
    return _stage(text, status=target is Field.LEAD_STATUS)


def _source(text: str) -> Proposal:
    known = import_source(text)
    if is_known_source(known):
        return Proposal(known, True)
    if _squashed(text) in _BY_WORD:
        return Proposal(_BY_WORD[_squashed(text)], True)
    for head in _heads(text):
        found = _source(head)
        if found.target and found.target != "other":  # "Other campaigns" says more
            return Proposal(found.target, False)
    return Proposal(KEEP, False)


def _stage(text: str, *, status: bool) -> Proposal:
    own = _OWN_STAGE_NAMES.get(_squashed(text))
    if own is not None:
        return Proposal(own.value, True)
    found = parse_status(text) if status else Stage.parse(text)
    found = found or _STAGE_BY_WORD.get(_squashed(text))
    if found is not None:
        return Proposal(found.value, False)
    for head in _heads(text):
        again = _stage(head, status=status)
        if again.target:
            return Proposal(again.target, False)
    return Proposal(KEEP, False)


def _heads(text: str) -> list[str]:
    """The beginnings of a value that says more: "referral - Hans" →
    "referral"; "Messe München 2024" → "Messe"."""
    heads = []
    split = _HEAD.split(text.strip(), maxsplit=1)
    if len(split) > 1 and split[0]:
        heads.append(split[0])
    first = text.strip().split(" ", 1)[0]
    if first and first != text.strip() and first not in heads:
        heads.append(first)
    return heads


def choice_labels(target: Field) -> list[tuple[str, str]]:
    """(value, label) of what a value can become, "as given" last."""
    if target is Field.SOURCE:
        return [(key, source_label(key)) for key in SOURCE_KEYS]
    return [(stage.value, stage.long_label) for stage in Stage]


def chosen(values: dict[str, dict[str, str]], target: Field, text: str) -> Proposal:
    """The user's choice for a value (a value chosen to become something
    other than what it names says more than that), else the proposal."""
    proposal = propose(target, text)
    if target.value not in values:
        return proposal
    own = values[target.value].get(value_key(text))
    if own is None or own == proposal.target:
        return proposal
    return Proposal(own, False)
