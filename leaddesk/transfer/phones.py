"""Reading a phone number with the E.164 form LeadDesk's export writes
beside it, so a round trip never depends on the default region.

A number typed without a country code ("079 123 45 67") is a Swiss mobile
where it was typed, and something else, or nothing, in a database whose
phone region is Germany. The export writes each number's E.164 form
("+41791234567") next to the typed one. The import reads a typed number
with its own region as always; when that does not give an E.164 form the
file names, and the region of that form does, the number keeps its text as
typed and is read with that region from then on (see
:attr:`leaddesk.domain.lead.Lead.phone_regions`): the lead keeps its
number, valid, and needs no review.

A number that is not valid where it was typed has no E.164 form; its
E.164 cell says where it was checked instead ("not valid in US"), so that
another region does not make it some other number ("(555) 123-4567" is a
valid London number): it is read with that region again, and stays a
number to review.

The E.164 columns only help read the typed ones: a typed number edited in
the spreadsheet, with its E.164 cell left as it was, is read as edited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from leaddesk.domain.contact import check_phone

_NOT_VALID = re.compile(r"not valid in ([A-Z]{2})")


def not_valid_in(region: str) -> str:
    """What the export writes for the E.164 form of a number that is not
    valid in ``region``, where it was checked."""
    return f"not valid in {region}"


def checked_region(cell: str) -> str:
    """The region of a :func:`not_valid_in` cell ("" for any other text)."""
    found = _NOT_VALID.fullmatch(cell.strip())
    return found[1] if found else ""


def region_for(
    typed: str, region: str, e164_forms: Sequence[str], not_valid: Sequence[str] = ()
) -> str:
    """The region to read ``typed`` with: ``region``, unless the number
    means one of the ``e164_forms`` only when read with that form's own,
    or was not valid in one of the ``not_valid`` regions it came from
    (and still is not there: else it was edited)."""
    read = check_phone(typed, region)
    if read.e164 and read.e164 in e164_forms:
        return region
    for form in e164_forms:
        own = region_of(form)
        if own and own != region and check_phone(typed, own).e164 == form:
            return own
    for other in not_valid:
        if other != region and not check_phone(typed, other).valid:
            return other
    return region


@lru_cache(maxsize=4096)
def region_of(e164: str) -> str:
    """The region a number in E.164 form belongs to ("" when none does)."""
    import phonenumbers

    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(e164))
    except phonenumbers.NumberParseException:
        return ""
    return region if region and region != "001" else ""
