"""Offline validation and normalisation of email addresses and phone numbers.

Nothing here talks to the network: email-validator runs without DNS, and
phonenumbers parses against its bundled metadata. An invalid value is never
dropped: the check keeps the text as typed and says what is wrong, and the
caller marks the lead *needs review*.

Validation results repeat (the same domains, the same formats, the same
numbers in a re-imported file), so both checks are cached.
"""

from __future__ import annotations

import importlib
import locale
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from leaddesk.domain.text import digits


class _ImportedOnFirstUse:
    """Stands in for a module until one of its names is read, then imports
    it and takes its place: phonenumbers costs about 10 ms to import, which
    opening the window need not wait for."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        module = importlib.import_module(self._name)
        globals()[self._name] = module
        return getattr(module, attribute)


if TYPE_CHECKING:
    import phonenumbers
else:
    phonenumbers = _ImportedOnFirstUse("phonenumbers")

DEFAULT_REGION = "US"
_MAX_EMAIL = 320
_MAX_PHONE = 64


@dataclass(frozen=True, slots=True)
class EmailCheck:
    """An email as typed, its normalised form when valid, and the problem
    when not."""

    text: str
    normalized: str = ""
    problem: str = ""

    @property
    def valid(self) -> bool:
        return bool(self.normalized)

    @property
    def key(self) -> str:
        """The form duplicates are compared by: case-insensitive."""
        return (self.normalized or self.text.strip()).casefold()

    @property
    def stored(self) -> str:
        """What is saved: the normalised address, or the text as typed."""
        return self.normalized or self.text


@dataclass(frozen=True, slots=True)
class PhoneCheck:
    """A phone as typed, its E.164 form when valid, and the problem when not."""

    text: str
    e164: str = ""
    national: str = ""
    problem: str = ""

    @property
    def valid(self) -> bool:
        return bool(self.e164)

    @property
    def display(self) -> str:
        """E.164 when valid, else the text as typed (the CLI contract)."""
        return self.e164 or self.text


@lru_cache(maxsize=65536)
def check_email(text: str) -> EmailCheck:
    """Checks syntax offline; never raises."""
    stripped = text.strip()
    if stripped.lower().startswith("mailto:"):
        stripped = stripped[7:]
    stripped = stripped.strip().strip("<>").strip()
    if not stripped:
        return EmailCheck(text, problem="The email address is empty.")
    if len(stripped) > _MAX_EMAIL:
        return EmailCheck(text, problem="The email address is too long.")
    local, at, domain = stripped.rpartition("@")
    if at and len(local) <= _MAX_LOCAL and _plain_local(local):
        if local.isascii() and local.lower() in _role_mailboxes():
            # As email-validator does: RFC 2142's role mailboxes (info,
            # sales, postmaster…) are case-insensitive, stored lower-case.
            local = local.lower()
        # A dot-atom local part in NFC is valid as it is and normalises to
        # itself, so only the domain needs email-validator, once per domain.
        normalized_domain, ascii_domain, problem = _domain(domain)
        if problem:
            return EmailCheck(text, problem=problem)
        normalized = f"{local}@{normalized_domain}"
        # The lengths email-validator checks, in UTF-8 bytes: as typed,
        # normalised, and with the domain in IDNA ASCII.
        local_bytes = len(local.encode())
        if (
            max(
                len(stripped.encode()),
                len(normalized.encode()),
                local_bytes + 1 + len(ascii_domain),
            )
            <= _MAX_ADDRESS
        ):
            return EmailCheck(text, normalized=normalized)
    normalized, problem = _validated(stripped)
    return EmailCheck(text, normalized=normalized, problem=problem)


# RFC 5322 dot-atom of ASCII characters, as email-validator accepts it, and
# the same with any character beyond ASCII (RFC 6531).
_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")
_ATOM_INTL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\U0010ffff-]+"
    r"(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\U0010ffff-]+)*\Z"
)
_MAX_LOCAL = 64
_MAX_ADDRESS = 254


def _plain_local(local: str) -> bool:
    """Whether email-validator takes ``local`` as it is: a dot-atom, and
    beyond ASCII also in NFC, of letters, numbers, punctuation and symbols
    (and marks, except first)."""
    if _ATOM.match(local):
        return True
    if local.isascii() or not _ATOM_INTL.match(local):
        return False
    if not unicodedata.is_normalized("NFC", local):
        return False
    for position, character in enumerate(local):
        kind = unicodedata.category(character)[0]
        if kind not in "LNPS" and (kind != "M" or position == 0):
            return False
    return True


@lru_cache(maxsize=1)
def _role_mailboxes() -> frozenset[str]:
    """The local parts email-validator lower-cases (its RFC 2142 list)."""
    from email_validator import rfc_constants

    return frozenset(getattr(rfc_constants, "CASE_INSENSITIVE_MAILBOX_NAMES", ()))


@lru_cache(maxsize=8192)
def _domain(domain: str) -> tuple[str, str, str]:
    """The normalised domain, its IDNA ASCII form and the problem, checked
    with a stand-in local part (the problem then speaks of the domain only)."""
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(f"x@{domain}", check_deliverability=False)
    except EmailNotValidError as error:
        return "", "", _sentence(str(error))
    except (ValueError, UnicodeError) as error:  # idna edge cases on exotic input
        return "", "", _sentence(str(error) or "Not a valid email address.")
    return str(result.domain), str(result.ascii_domain), ""


def _validated(address: str) -> tuple[str, str]:
    # Imported when first needed: about 14 ms that opening the window skips.
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError as error:
        return "", _sentence(str(error))
    except (ValueError, UnicodeError) as error:  # idna edge cases on exotic input
        return "", _sentence(str(error) or "Not a valid email address.")
    return str(result.normalized), ""


@lru_cache(maxsize=65536)
def check_phone(text: str, region: str = DEFAULT_REGION) -> PhoneCheck:
    """Parses with ``region`` for numbers written without a country code;
    never raises."""
    stripped = text.strip()
    if stripped.lower().startswith("tel:"):
        stripped = stripped[4:]
    if not stripped:
        return PhoneCheck(text, problem="The phone number is empty.")
    if len(stripped) > _MAX_PHONE:
        return PhoneCheck(text, problem="The phone number is too long.")
    try:
        number = _parse_plain(stripped, region.upper()) or phonenumbers.parse(
            stripped, region.upper() or None
        )
    except phonenumbers.NumberParseException:
        return PhoneCheck(text, problem="This is not a phone number.")
    if not _is_valid(number):
        where = phonenumbers.region_code_for_number(number) or region.upper()
        return PhoneCheck(text, problem=f"This is not a valid phone number for {where}.")
    return PhoneCheck(
        text,
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        national=phonenumbers.national_significant_number(number),
    )


_INTERNATIONAL = re.compile(r"\+[0-9][0-9 ().-]*\Z")
_NATIONAL = re.compile(r"\(?[0-9][0-9 ().-]*\Z")


def _parse_plain(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    """What ``phonenumbers.parse`` gives for digits with the usual
    separators, with a "+" and the country code ("+33 6 12 34 56 78") or
    without, in ``region`` ("(512) 555-0199"): the ways numbers are
    written nearly always. It skips parse's scanning of free text (two
    thirds of its time) and then takes parse's own steps, in parse's
    order. None for anything else, and where parse would fail."""
    if not _internals_known():
        return None
    util = phonenumbers.phonenumberutil
    if _INTERNATIONAL.match(text):
        number_digits = digits(text)
        if len(number_digits) <= util._MIN_LENGTH_FOR_NSN:
            return None
        country_code, national = util._extract_country_code(number_digits)
        if not country_code:
            return None
        metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
            country_code, util.region_code_for_country_code(country_code)
        )
    elif region and _NATIONAL.match(text):
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
        national = digits(text)
        if metadata is None or len(national) <= util._MIN_LENGTH_FOR_NSN:
            return None
        try:
            # An international prefix (011 in the US, 00 elsewhere) or the
            # region's own country code written first: left to parse.
            found, _ = util._maybe_extract_country_code(
                national, metadata, False, phonenumbers.PhoneNumber()
            )
        except phonenumbers.NumberParseException:
            return None
        country_code = metadata.country_code or 0
        if found or not country_code:
            return None
    else:
        return None
    if metadata is None or len(national) < util._MIN_LENGTH_FOR_NSN:
        return None
    _, stripped, _ = util._maybe_strip_national_prefix_carrier_code(national, metadata)
    # Without the prefix, a number too short for the region keeps it.
    results = util.ValidationResult
    if util._test_number_length(stripped, metadata) not in (
        results.TOO_SHORT,
        results.IS_POSSIBLE_LOCAL_ONLY,
        results.INVALID_LENGTH,
    ):
        national = stripped
    if not util._MIN_LENGTH_FOR_NSN <= len(national) <= util._MAX_LENGTH_FOR_NSN:
        return None
    number = phonenumbers.PhoneNumber(country_code=country_code)
    util._set_italian_leading_zeros_for_phone_number(national, number)
    number.national_number = int(national)
    return number


def _is_valid(number: phonenumbers.PhoneNumber) -> bool:
    """``phonenumbers.is_valid_number``, trying mobile numbers first
    (is_valid_number tries eight rarer kinds first, as it finds the
    number's kind, not just whether it has one)."""
    if not _internals_known():
        return bool(phonenumbers.is_valid_number(number))
    util = phonenumbers.phonenumberutil
    # As is_valid_number: the region the number belongs to, then whether
    # it has a kind of number there.
    country_code = number.country_code or 0
    region = phonenumbers.region_code_for_number(number)
    if region is None:
        return False
    if region == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY:
        return bool(phonenumbers.is_valid_number(number))
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)
    if metadata is None or util.country_code_for_valid_region(region) != country_code:
        return False
    national = util.national_significant_number(number)
    matches = util._is_number_matching_desc
    if not matches(national, metadata.general_desc):
        return False
    if not metadata.same_mobile_and_fixed_line_pattern and matches(national, metadata.mobile):
        return True
    return any(
        matches(national, kind)
        for kind in (
            metadata.fixed_line, metadata.premium_rate, metadata.toll_free, metadata.shared_cost,
            metadata.voip, metadata.personal_number, metadata.pager, metadata.uan,
            metadata.voicemail,
        )
    )  # fmt: skip


_INTERNALS = (
    "_MIN_LENGTH_FOR_NSN", "_MAX_LENGTH_FOR_NSN", "_extract_country_code",
    "_maybe_extract_country_code", "_maybe_strip_national_prefix_carrier_code",
    "_test_number_length", "_set_italian_leading_zeros_for_phone_number",
    "_is_number_matching_desc", "ValidationResult", "COUNTRY_CODE_TO_REGION_CODE",
    "country_code_for_valid_region", "national_significant_number",
)  # fmt: skip


@lru_cache(maxsize=1)
def _internals_known() -> bool:
    """Whether this phonenumbers still has the steps the fast paths take
    (they are its own, not its public interface): a release without them
    is used through parse and is_valid_number alone.

    When it has them, phonenumbers is also told to keep its compiled
    patterns: it otherwise goes through re.compile's own cache on every
    use, a fifth of checking a number."""
    util = phonenumbers.phonenumberutil
    if not all(hasattr(util, name) for name in _INTERNALS) or not hasattr(
        phonenumbers.re_util, "enable_pattern_cache"
    ):
        return False
    phonenumbers.re_util.enable_pattern_cache()
    return True


def format_international(e164: str) -> str:
    """ "+14155552671" → "+1 415-555-2671", for display."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def is_region(code: str) -> bool:
    return code.upper() in phonenumbers.SUPPORTED_REGIONS


def default_region() -> str:
    """The region of the user's locale (en_GB → GB), else US."""
    try:
        name = locale.getlocale()[0] or ""
    except ValueError:
        name = ""
    _, _, country = name.replace("-", "_").partition("_")
    country = country[:2].upper()
    return country if is_region(country) else DEFAULT_REGION


def _sentence(message: str) -> str:
    message = message.strip()
    if not message.endswith("."):
        message += "."
    return message
