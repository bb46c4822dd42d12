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

The E.164 columns only help read the typed ones: a typed number edited in
the spreadsheet, with its E.164 cell left as it was, is read as edited.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from leaddesk.domain.contact import check_phone


def region_for(typed: str, region: str, e164_forms: Sequence[str]) -> str:
    """The region to read ``typed`` with: ``region``, unless the number
    means one of the ``e164_forms`` only when read with that form's own."""
    if not e164_forms or check_phone(typed, region).e164 in e164_forms:
        return region
    for form in e164_forms:
        own = region_of(form)
        if own and own != region and check_phone(typed, own).e164 == form:
            return own
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
