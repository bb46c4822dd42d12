"""Mapping presets: the columns a user re-mapped by hand, remembered per
set of headers and offered the next time a file with the same headers
comes in (the monthly export from the same web form, the same CRM).

Presets live in the database's settings table rather than in the user's
QSettings: the files come from the same sources whoever imports them, so on
a team database everyone gets the corrections; they move with the lead file
when it is copied to another laptop; and this layer needs no Qt.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import delete
from sqlalchemy.orm import Session

from leaddesk.store import settings
from leaddesk.store.schema import Setting
from leaddesk.transfer.fields import Field
from leaddesk.transfer.mapping import Mapping, header_key

PREFIX = "import-preset:"

Preset = dict[int, Field]
"""Column index → the field the user chose for it."""


def signature(headers: list[str]) -> str:
    """The same for two files whose headers read the same (case, accents
    and punctuation aside), in the same order."""
    keys = "\x1f".join(header_key(h) for h in headers)
    return hashlib.sha256(keys.encode("utf-8")).hexdigest()[:40]


def corrections(mapping: Mapping) -> Preset:
    """The columns whose field the user chose."""
    return {c.index: c.field for c in mapping.columns if not c.automatic}


def save_preset(session: Session, headers: list[str], mapping: Mapping) -> bool:
    """Remembers the user's corrections for these headers (forgets them
    when there are none); True when a preset was kept."""
    key = PREFIX + signature(headers)
    chosen = corrections(mapping)
    if not chosen:
        session.execute(delete(Setting).where(Setting.key == key))
        return False
    stored = {str(index): target.value for index, target in chosen.items()}
    settings.put(session, key, json.dumps({"headers": headers, "fields": stored}))
    return True


def load_preset(session: Session, headers: list[str]) -> Preset:
    """The corrections remembered for these headers; empty when none (or
    when what is stored cannot be read any more)."""
    text = settings.get(session, PREFIX + signature(headers))
    if not text:
        return {}
    try:
        stored = json.loads(text)["fields"]
        preset = {int(index): Field(value) for index, value in stored.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}
    return {index: target for index, target in preset.items() if 0 <= index < len(headers)}


def apply_preset(mapping: Mapping, preset: Preset) -> int:
    """Applies the preset to ``mapping``; returns how many columns changed."""
    changed = 0
    for index, target in preset.items():
        if index < len(mapping.columns) and mapping.columns[index].field is not target:
            changed += 1
        if index < len(mapping.columns):
            mapping.set(index, target)
    return changed
