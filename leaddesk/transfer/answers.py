"""Reading BANT answers and budgets the way people write them in a
spreadsheet: yes, no and unknown in English, German, French, Spanish,
Italian, Dutch and Portuguese, with ticks, crosses and question marks; and
a Budget cell that holds an amount ("50k", "€ 20.000", "$1.5M", "20 000 €"),
which means the budget is there.

Like every parser of the import, these return None for text they do not
recognise, so the caller keeps the text and says so.
"""

from __future__ import annotations

import re
from functools import lru_cache

from leaddesk.domain.bant import Answer
from leaddesk.domain.text import fold

_WORDS: dict[Answer, tuple[str, ...]] = {
    Answer.YES: (
        "yes", "y", "yeah", "yep", "yup", "true", "t", "1", "x", "ok", "okay", "sure",
        "confirmed", "approved", "available", "met", "✓", "✔", "☑", "✅", "👍", "+",
        "ja", "j", "jawohl", "jo", "wahr", "klar", "bestatigt", "vorhanden",  # de
        "oui", "o", "vrai", "confirme", "disponible",  # fr
        "si", "s", "verdadero", "confirmado",  # es
        "vero", "certo", "confermato",  # it
        "waar", "zeker", "bevestigd",  # nl
        "sim", "verdadeiro", "disponivel",  # pt
    ),
    Answer.NO: (
        "no", "n", "nope", "false", "f", "0", "not met", "✗", "✘", "☐", "❌", "👎",
        "nein", "falsch", "kein", "keine", "keins", "nicht vorhanden",  # de
        "non", "faux", "aucun", "aucune",  # fr
        "falso", "ninguno", "ninguna",  # es
        "nessuno", "nessuna",  # it
        "nee", "neen", "onwaar", "geen",  # nl
        "nao", "nenhum", "nenhuma",  # pt
    ),
    Answer.UNKNOWN: (
        "", "unknown", "unk", "?", "??", "???", "n/a", "na", "n.a", "tbd", "tbc", "-", "–",
        "—", "none", "unclear", "maybe", "perhaps", "not sure", "pending", "open", "idk",
        "dont know", "don't know", "no idea",
        "unbekannt", "weiss nicht", "k.a", "ka", "keine angabe", "vielleicht", "offen",
        "unklar", "keine ahnung",  # de
        "inconnu", "inconnue", "peut-etre", "nsp", "je ne sais pas", "a voir", "en attente",
        "desconocido", "no se", "quizas", "quiza", "tal vez", "pendiente", "ni idea",  # es
        "sconosciuto", "non so", "forse", "da definire", "in attesa",  # it
        "onbekend", "weet niet", "misschien", "nvt", "n.v.t", "geen idee",  # nl
        "desconhecido", "nao sei", "talvez", "a definir", "pendente",  # pt
    ),
}  # fmt: skip
_ANSWERS = {word: answer for answer, words in _WORDS.items() for word in words}

_CURRENCY = (
    r"[€$£¥₹₣₽]|r\$|us\$|chf|eur|usd|gbp|sek|nok|dkk|pln|czk|huf|cad|aud|nzd|jpy|inr|brl"
    r"|mxn|sfr\.?|fr\.?|euros?|dollars?|francs?|pounds?"
)
_MULTIPLIER = (
    r"k|m|mm|mn|mio\.?|mill?\.?|millions?|millionen|millones|milioni|milh[oõ]es|bn|mrd\.?"
    r"|billions?|tsd\.?|tausend|mille|mil|teur|keur|tchf|k€|m€"
)
_NUMBER = r"\d{1,3}(?:[.,'’ \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_AMOUNT = re.compile(
    rf"""^(?:ca\.?|approx\.?|about|around|circa|env\.?|environ|etwa|ungef[aä]hr|~|≈|>|<|≥|≤
          |max\.?|min\.?|up\s+to|bis|hasta|fino\s+a|tot|jusqu'?[aà]|at\s+least|mindestens)?\s*
        (?:(?:{_CURRENCY})\s*)?
        (?P<number>{_NUMBER})(?:\s*(?:{_MULTIPLIER})(?=\s*(?:-|–|to|bis)))?
        (?:\s*(?:-|–|to|bis|à|a)\s*(?:(?:{_CURRENCY})\s*)?(?:{_NUMBER}))?
        \s*(?:{_MULTIPLIER})?\.?
        \s*(?:(?:{_CURRENCY})\s*)?
        (?:(?:/|per\s|pro\s|par\s|por\s|al\s)\s*\w+\.?|p\.?\s?a\.?|a\s+year|a\s+month|yearly
           |monthly|annual|jährlich|par\s+an)?$""",
    re.IGNORECASE | re.VERBOSE,
)
"""An amount of money, as people write one: a number with its thousands
grouped any common way, a multiplier (k, M, Mio, Tsd…), a currency before
or after, a range, "approx.", "per year"."""


@lru_cache(maxsize=4096)
def parse_answer(text: str) -> Answer | None:
    """Yes, no or unknown, as written in any of the languages above."""
    found = Answer.parse(text)
    if found is not None:
        return found
    key = " ".join(fold(text).split()).strip(" .!()[]")
    return _ANSWERS.get(key)


@lru_cache(maxsize=4096)
def parse_amount(text: str) -> Answer | None:
    """YES for a Budget cell that holds an amount, NO for an amount of
    nothing ("0 €"), None for anything else."""
    found = _AMOUNT.match(" ".join(text.split()))
    if found is None:
        return None
    return Answer.YES if any(ch in "123456789" for ch in found.group("number")) else Answer.NO
