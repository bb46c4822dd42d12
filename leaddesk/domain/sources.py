"""Lead sources and the interest (inbound or outbound) they imply.

Known sources are stored by key; any other text a user or a spreadsheet
brings is kept as typed, so the list is open.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache


class Interest(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# key, label, interest. Social networks count as inbound: the lead engaged
# with us there; prospecting on them by hand is what "cold call" and
# "purchased list" stand for.
_SOURCES: tuple[tuple[str, str, Interest | None], ...] = (
    ("website_form", "Website form", Interest.INBOUND),
    ("referral", "Referral", Interest.INBOUND),
    ("linkedin", "LinkedIn", Interest.INBOUND),
    ("facebook", "Facebook", Interest.INBOUND),
    ("instagram", "Instagram", Interest.INBOUND),
    ("x", "X/Twitter", Interest.INBOUND),
    ("email_campaign", "Email campaign", Interest.INBOUND),
    ("online_ad", "Online ad / PPC", Interest.INBOUND),
    ("organic_search", "Organic search", Interest.INBOUND),
    ("event", "Event", Interest.INBOUND),
    ("survey", "Survey", Interest.INBOUND),
    ("cold_call", "Cold call", Interest.OUTBOUND),
    ("purchased_list", "Purchased list", Interest.OUTBOUND),
    ("other", "Other", None),
)

SOURCE_KEYS: tuple[str, ...] = tuple(key for key, _, _ in _SOURCES)
_LABELS = {key: label for key, label, _ in _SOURCES}
_INTEREST = {key: interest for key, _, interest in _SOURCES}

_SYNONYMS: dict[str, str] = {
    "web": "website_form",
    "website": "website_form",
    "webform": "website_form",
    "form": "website_form",
    "contactform": "website_form",
    "landingpage": "website_form",
    "wordofmouth": "referral",
    "partner": "referral",
    "partnerreferral": "referral",
    "employeereferral": "referral",
    "externalreferral": "referral",
    "linkedinsalesnavigator": "linkedin",
    "fb": "facebook",
    "facebookads": "facebook",
    "ig": "instagram",
    "twitter": "x",
    "xtwitter": "x",
    "email": "email_campaign",
    "emailmarketing": "email_campaign",
    "newsletter": "email_campaign",
    "mailchimp": "email_campaign",
    "ppc": "online_ad",
    "ad": "online_ad",
    "ads": "online_ad",
    "onlinead": "online_ad",
    "onlineadppc": "online_ad",
    "paidsearch": "online_ad",
    "googleads": "online_ad",
    "adwords": "online_ad",
    "paidsocial": "online_ad",
    "organic": "organic_search",
    "seo": "organic_search",
    "search": "organic_search",
    "google": "organic_search",
    "tradeshow": "event",
    "conference": "event",
    "seminar": "event",
    "webinar": "event",
    "coldcalling": "cold_call",
    "outbound": "cold_call",
    "phone": "cold_call",
    "list": "purchased_list",
    "purchasedlist": "purchased_list",
    "dataprovider": "purchased_list",
}


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


_BY_SQUASHED = {_key(k): k for k in SOURCE_KEYS} | {_key(v): k for k, v in _LABELS.items()}


def normalize_source(text: str | None) -> str:
    """The stored form of a source: a known key, or the text as typed."""
    if not text:
        return ""
    return _normalized(text)


@lru_cache(maxsize=1024)
def _normalized(text: str) -> str:
    squashed = _key(text)
    known = _BY_SQUASHED.get(squashed) or _SYNONYMS.get(squashed)
    return known or text.strip()


def source_label(source: str) -> str:
    """What to show for a stored source."""
    return _LABELS.get(source, source)


def is_known_source(source: str) -> bool:
    return source in _LABELS


def interest_for(source: str) -> Interest | None:
    """Inbound or outbound as the source implies; None when it does not say
    (an unknown or "other" source). Users can override the result."""
    return _INTEREST.get(source)
