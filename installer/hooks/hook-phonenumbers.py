"""PyInstaller hook for phonenumbers, replacing the stock one: the region
metadata is loaded by module name at run time, so it is listed here; the
geocoding, carrier and time-zone data (~45 MB) LeadDesk never reads is not."""

from PyInstaller.utils.hooks import collect_submodules

UNUSED = {"geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata"}


def _used(name: str) -> bool:
    parts = name.split(".")
    return len(parts) < 2 or parts[1] not in UNUSED


hiddenimports = collect_submodules("phonenumbers", filter=_used)
