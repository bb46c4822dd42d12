"""Enrichment (how complete a profile is) and the lead score.

The score (0–100) orders leads by how worth calling they are:

* **BANT, up to 50 points**: 12.5 for each criterion answered yes.
* **Engagement, up to 25 points**, from the most recent activity: 25 within
  the last 7 days, 15 within 30, 5 within 90, none after that.
* **Enrichment, up to 25 points**: a quarter of the enrichment percentage.

A disqualified lead scores 0, so it sorts below every live lead. The store
computes the score whenever a lead or its activity log changes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from leaddesk.domain.bant import Bant
from leaddesk.domain.lead import Lead
from leaddesk.domain.stages import Stage

ENRICHMENT_FIELDS: tuple[str, ...] = (
    "name",
    "company",
    "title",
    "email",
    "phone",
    "source",
    "website",
    "location",
    "country",
)
"""What a complete profile has; each counts equally."""

ENRICHED_AT = 80
"""From this percentage on, a profile counts as enriched."""
PARTLY_ENRICHED_AT = 50

_ENGAGEMENT_STEPS = ((timedelta(days=7), 25), (timedelta(days=30), 15), (timedelta(days=90), 5))


def enrichment_percent(lead: Lead) -> int:
    """Share of :data:`ENRICHMENT_FIELDS` that are filled in, 0–100."""
    filled = (
        bool(lead.first_name.strip() or lead.last_name.strip()),
        bool(lead.company.strip()),
        bool(lead.title.strip()),
        bool(lead.email.strip() or lead.emails),
        bool(lead.phone.strip() or lead.phones),
        bool(lead.source.strip()),
        bool(lead.website.strip()),
        bool(lead.address.strip() or lead.city.strip()),
        bool(lead.country.strip()),
    )
    return round(100 * sum(filled) / len(filled))


def enrichment_label(percent: int) -> str:
    if percent >= ENRICHED_AT:
        return "Enriched"
    if percent >= PARTLY_ENRICHED_AT:
        return "Partly enriched"
    return "Not enriched"


def engagement_points(last_activity: datetime | None, now: datetime) -> int:
    if last_activity is None:
        return 0
    age = now - last_activity
    for limit, points in _ENGAGEMENT_STEPS:
        if age <= limit:
            return points
    return 0


def lead_score(
    bant: Bant, stage: Stage, last_activity: datetime | None, enrichment: int, now: datetime
) -> int:
    """The 0–100 score described in this module's docstring."""
    if stage is Stage.DISQUALIFIED:
        return 0
    points = 12.5 * bant.met + engagement_points(last_activity, now) + enrichment / 4
    return max(0, min(100, round(points)))
