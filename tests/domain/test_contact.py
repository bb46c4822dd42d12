from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from leaddesk.domain.contact import check_email, check_phone, default_region, format_international

REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)


@given(st.text(max_size=400))
def test_email_check_never_raises(text: str) -> None:
    check = check_email(text)
    assert check.text == text
    assert check.valid != bool(check.problem)


_ATEXT = "abcXYZ019!#$%&'*+/=?^_`{|}~-"
_INTL = _ATEXT + "éÉüßçñøΩжあ中٣\u0301\u00a0\u200b\u2028\u0085\ufb01\U0001f600"
"""Beyond ASCII: letters, a digit, a combining mark, a no-break space, a
format character, separators, a compatibility ligature and an emoji."""
_DOMAINS = [
    "cobalt.es", "Cobalt.ES", "mail.example.com", "bücher.de", "BÜCHER.de", "xn--bcher-kva.de",
    "localhost", "nodot", "trailing.", ".leading.com", "a..b.com", "under_score.com",
    "-dash.com", "dash-.com", "x" * 64 + ".com", "x" * 63 + ".com", "123.456", "[1.2.3.4]",
    "sub.test", "site.invalid", "a.b.c.d.e.f.org", "münchen.example", "", "two@ats.com",
]  # fmt: skip


_ROLES = ["info", "marketing", "sales", "support", "abuse", "noc", "security", "postmaster",
          "hostmaster", "usenet", "news", "webmaster", "www", "uucp", "ftp", "office",
          "kontakt"]  # fmt: skip
"""RFC 2142's role mailboxes (which email-validator lower-cases), and two
that are not."""


def _mixed_case(word: str) -> st.SearchStrategy[str]:
    flips = st.lists(st.booleans(), min_size=len(word), max_size=len(word))
    return flips.map(
        lambda up: "".join(c.upper() if u else c for c, u in zip(word, up, strict=True))
    )


@settings(max_examples=600)
@given(
    st.lists(st.text(_ATEXT, min_size=1, max_size=30), min_size=1, max_size=3).map(".".join)
    | st.lists(st.text(_INTL, min_size=1, max_size=30), min_size=1, max_size=3).map(".".join)
    | st.text(max_size=70)
    | st.sampled_from(_ROLES).flatmap(_mixed_case)
    | st.sampled_from(_ROLES).flatmap(_mixed_case).map(lambda role: f"{role}.{role.upper()}"),
    st.sampled_from(_DOMAINS),
)
@example("INFO", "EXAMPLE.COM")
@example("Sales", "cobalt.es")
@example("mar\u212aeting", "cobalt.es")  # a Kelvin sign lower-cases to "k"
@example("\u0301abc", "cobalt.es")  # a mark first combines with what comes before
@example("abc\u0301", "cobalt.es")
@example("e\u0301", "cobalt.es")  # not in NFC
@example("a\u200bb", "cobalt.es")
@example("a\u00a0b", "cobalt.es")
@example("\ufb01n", "cobalt.es")
@example("zoë.ørsted", "bücher.de")
def test_email_check_agrees_with_email_validator(local: str, domain: str) -> None:
    """The fast path for plain local parts gives exactly what
    email-validator gives for the whole address."""
    from email_validator import EmailNotValidError, validate_email

    address = f"{local}@{domain}"
    check = check_email(address)
    try:
        expected = validate_email(address.strip(), check_deliverability=False).normalized
    except (EmailNotValidError, ValueError, UnicodeError):
        expected = ""
    if address.strip().lower().startswith("mailto:") or address.strip() != address.strip("<> "):
        return  # prefixes and brackets are taken off before checking
    assert check.normalized == expected
    assert check.valid != bool(check.problem)


@pytest.mark.parametrize("local", ["a" * 60, "é" * 60, "Zoë.ørsted"])
@pytest.mark.parametrize("labels", [3, 4])
@pytest.mark.parametrize("label", ["x" * 61, "ü" * 40, "xn--bcher-kva"])
def test_long_addresses_are_measured_as_email_validator_does(
    local: str, labels: int, label: str
) -> None:
    """Near the 254-byte limit, in UTF-8 and in IDNA ASCII."""
    from email_validator import EmailNotValidError, validate_email

    address = f"{local}@{'.'.join([label] * labels)}.com"
    try:
        expected = validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError:
        expected = ""
    assert check_email(address).normalized == expected


@given(st.text(max_size=200), st.sampled_from(REGIONS))
def test_phone_check_never_raises(text: str, region: str) -> None:
    check = check_phone(text, region)
    assert check.text == text
    assert check.valid != bool(check.problem)
    assert check.display in (check.e164, text)


@settings(max_examples=300)
@given(st.sampled_from(REGIONS), st.sampled_from(["NATIONAL", "INTERNATIONAL", "E164", "RFC3966"]))
def test_valid_numbers_round_trip_to_e164(region: str, style: str) -> None:
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    if example is None or not phonenumbers.is_valid_number(example):
        return
    e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    written = phonenumbers.format_number(example, getattr(phonenumbers.PhoneNumberFormat, style))
    check = check_phone(written, region)
    assert check.valid, (written, check.problem)
    assert check.e164 == e164
    assert check_phone(check.e164, "US").e164 == e164


def test_phone_keeps_the_text_as_typed_and_stores_e164() -> None:
    check = check_phone("(415) 555-2671", "US")
    assert check.e164 == "+14155552671"
    assert check.text == "(415) 555-2671"
    assert check_phone("06 12 34 56 78", "FR").e164 == "+33612345678"
    assert check_phone("tel:+44-20-7946-0018", "US").e164 == "+442079460018"
    assert format_international("+14155552671") == "+1 415-555-2671"


@pytest.mark.parametrize("text", ["555-12", "not a phone", "+1 000 000 0000", "12"])
def test_invalid_phones_are_flagged_not_dropped(text: str) -> None:
    check = check_phone(text, "US")
    assert not check.valid
    assert check.display == text
    assert check.problem.endswith(".")


def test_email_normalised_offline_and_compared_case_insensitively() -> None:
    check = check_email("  Chloé.Dupont@EXAMPLE.fr ")
    assert check.valid
    assert check.normalized == "Chloé.Dupont@example.fr"
    assert check.key == check_email("chloé.dupont@example.FR").key
    assert check_email("mailto:<sam@example.com>").normalized == "sam@example.com"


@pytest.mark.parametrize(
    "text", ["sam@", "@example.com", "sam at example dot com", "a@b", "x" * 400]
)
def test_invalid_emails_are_flagged_not_dropped(text: str) -> None:
    check = check_email(text)
    assert not check.valid
    assert check.stored == text
    assert check.problem


def test_default_region_comes_from_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("locale.getlocale", lambda: ("en_GB", "UTF-8"))
    assert default_region() == "GB"
    monkeypatch.setattr("locale.getlocale", lambda: (None, None))
    assert default_region() == "US"


_SEPARATORS = [
    "",
    " ",
    "-",
    ".",
    "(",
    ")",
    " (",
    ") ",
    " x",
    " ext. ",
    "#",
    "/",
    ";",
    "+",
    "*",
    "٣",
]
"""The usual separators, and some that mean more (extensions, a second
number, another country code, a non-ASCII digit)."""
_CALLING_CODES = ["1", "7", "20", "33", "39", "44", "49", "52", "55", "61", "81", "86", "91",
                  "225", "352", "380", "599", "800", "882", "979", "0", "999", "28"]  # fmt: skip


@settings(max_examples=600)
@given(
    st.sampled_from(_CALLING_CODES),
    st.lists(
        st.tuples(
            st.sampled_from(_SEPARATORS),
            st.text("0123456789", min_size=1, max_size=5),
        ),
        max_size=6,
    ),
    st.sampled_from(["US", "FR", "IT", "GB", "ZZ", ""]),
)
def test_international_numbers_parse_as_phonenumbers_parses_them(
    code: str, groups: list[tuple[str, str]], region: str
) -> None:
    """The fast path for "+<digits>" gives parse's number, or leaves the
    text to parse (which then fails or succeeds on its own)."""
    from leaddesk.domain.contact import _parse_plain

    text = "+" + code + "".join(separator + digits for separator, digits in groups)
    fast = _parse_plain(text, region)
    try:
        slow = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException:
        slow = None
    if fast is not None:
        assert fast == slow
        assert phonenumbers.is_valid_number(fast) == phonenumbers.is_valid_number(slow)


@pytest.mark.parametrize(
    "text",
    ["+39 06 1234 5678", "+39 0312 345678", "+44 (0)20 7946 0958", "+7 8 495 123-45-67",
     "+54 9 11 1234 5678", "+52 1 55 1234 5678", "+1 (415) 555-2671", "+49 (0) 30 123456"],
)  # fmt: skip
def test_numbers_with_leading_zeros_and_national_prefixes(text: str) -> None:
    from leaddesk.domain.contact import _parse_plain

    assert _parse_plain(text, "US") == phonenumbers.parse(text, "US")


@settings(max_examples=800)
@given(
    st.sampled_from([*_CALLING_CODES, "34", "41", "46", "47", "353", "262", "590", "212", "886"]),
    st.text("0123456789", min_size=2, max_size=14),
)
def test_validity_agrees_with_phonenumbers(code: str, national: str) -> None:
    from leaddesk.domain.contact import _is_valid

    number = phonenumbers.PhoneNumber(country_code=int(code), national_number=int(national))
    if national.startswith("0"):
        number.italian_leading_zero = True
        number.number_of_leading_zeros = len(national) - len(national.lstrip("0")) or None
    assert _is_valid(number) == phonenumbers.is_valid_number(number)


@pytest.mark.parametrize(
    "text",
    ["+33 6 12 34 56 78", "+33 1 23 45 67 89", "+49 151 12345678", "+34 612 345 678",
     "+33 8 00 12 34 56", "+44 20 7946 0958", "+1 415 555 2671", "+800 1234 5678",
     "+33 6 12 34 56", "+49 30 1"],
)  # fmt: skip
def test_validity_of_common_numbers(text: str) -> None:
    from leaddesk.domain.contact import _is_valid

    number = phonenumbers.parse(text, None)
    assert _is_valid(number) == phonenumbers.is_valid_number(number)


@pytest.mark.parametrize("region", ["FR", "DE", "ES", "GB", "IT", "CH", "NL", "SE", "IN", "JP",
                                    "BR", "ZA", "AU", "MX", "US", "IM", "RU"])  # fmt: skip
def test_every_kind_of_number_is_valid_as_phonenumbers_says(region: str) -> None:
    """phonenumbers' own example of each kind of number (toll free, shared
    cost, pager…) for regions of one country code and of shared ones."""
    from leaddesk.domain.contact import _is_valid

    kinds = [value for name, value in vars(phonenumbers.PhoneNumberType).items() if name.isupper()]
    examples = [phonenumbers.example_number_for_type(region, kind) for kind in kinds]
    found = [number for number in examples if number is not None]
    assert len(found) >= 3
    for number in found:
        assert _is_valid(number) == phonenumbers.is_valid_number(number), number


_REGIONS_TO_TRY = ["US", "CA", "FR", "GB", "DE", "IT", "ES", "BR", "AR", "MX", "IN", "JP", "AU",
                   "RU", "CN", "SG", "NL", "CH"]  # fmt: skip


@settings(max_examples=800)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_SEPARATORS),
            st.text("0123456789", min_size=1, max_size=5),
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(_REGIONS_TO_TRY),
)
def test_national_numbers_parse_as_phonenumbers_parses_them(
    groups: list[tuple[str, str]], region: str
) -> None:
    """Without a "+", in the user's region: the fast path gives parse's
    number, or leaves the text to parse."""
    from leaddesk.domain.contact import _parse_plain

    text = "".join(separator + digits for separator, digits in groups).strip()
    fast = _parse_plain(text, region)
    try:
        slow = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        slow = None
    if fast is not None:
        assert fast == slow


@pytest.mark.parametrize(
    ("text", "region"),
    [("(512) 555-0199", "US"), ("512.555.0199", "US"), ("06 12 34 56 78", "FR"),
     ("020 7946 0958", "GB"), ("030 1234567", "DE"), ("06 1234 5678", "IT"),
     ("(11) 91234-5678", "BR"), ("011 15 1234-5678", "AR"), ("1 512 555 0199", "US"),
     ("0033 6 12 34 56 78", "FR"), ("011 44 20 7946 0958", "US"), ("8 (495) 123-45-67", "RU")],
)  # fmt: skip
def test_numbers_written_without_a_plus(text: str, region: str) -> None:
    from leaddesk.domain.contact import _parse_plain

    expected = phonenumbers.parse(text, region)
    fast = _parse_plain(text, region)
    assert fast is None or fast == expected
    if not text.startswith(("1 ", "00", "011 ")):  # prefixes left to parse
        assert fast is not None
    assert check_phone(text, region).e164 == (
        phonenumbers.format_number(expected, phonenumbers.PhoneNumberFormat.E164)
        if phonenumbers.is_valid_number(expected)
        else ""
    )


def test_a_phonenumbers_without_the_steps_the_fast_paths_take_still_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A future phonenumbers may rename what the fast paths borrow: checks
    then go through parse and is_valid_number, with the same results."""
    from leaddesk.domain import contact

    monkeypatch.setattr(contact, "_INTERNALS", (*contact._INTERNALS, "_a_renamed_step"))
    contact._internals_known.cache_clear()
    contact.check_phone.cache_clear()
    try:
        assert contact._parse_plain("+33 6 12 34 56 78", "US") is None
        assert check_phone("+33 6 12 34 56 78", "US").e164 == "+33612345678"
        assert check_phone("(512) 555-0199", "US").e164 == "+15125550199"
        assert not check_phone("+33 6 12", "US").valid
    finally:
        contact._internals_known.cache_clear()
        contact.check_phone.cache_clear()
