"""Mentoring's part of the scheduled reminders (`manage.py send_reminders`): overdue queries (a
daily digest to each scheme's leaders), matches without a meeting for a while, and matches
about to end (to both people). Each email has a key, so running the command again the same day
(or while nothing has changed) sends nothing twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce

from mentoring import emails
from mentoring.models import Enquiry, Match, MatchStatus, Scheme


def send(*, today: dt.date) -> dict[str, int]:
    counts = {"overdue_query_digests": 0, "quiet_matches": 0, "matches_ending": 0}
    with transaction.atomic():
        overdue = (
            Enquiry.objects.overdue(today).select_related("scheme").order_by("scheme_id", "due_on")
        )
        by_scheme: dict[int, list[Enquiry]] = {}
        for enquiry in overdue:
            by_scheme.setdefault(enquiry.scheme_id, []).append(enquiry)
        for scheme in Scheme.objects.filter(pk__in=by_scheme).prefetch_related("leaders"):
            emails.queries_overdue(scheme, by_scheme[scheme.pk], list(scheme.leaders.all()), today)
            counts["overdue_query_digests"] += 1

        quiet_days = settings.MENTORING_QUIET_DAYS
        active = Match.objects.filter(status=MatchStatus.ACTIVE).with_people()
        quiet = active.annotate(last_seen=Coalesce(Max("meetings__met_on"), "started_on")).filter(
            last_seen__lte=today - dt.timedelta(days=quiet_days)
        )
        for match in quiet:
            emails.match_without_meeting(match, (today - match.last_seen).days, match.last_seen)
            counts["quiet_matches"] += 1

        ending = active.filter(
            ends_on__gte=today,
            ends_on__lte=today + dt.timedelta(days=settings.MENTORING_ENDING_NOTICE_DAYS),
        )
        for match in ending:
            emails.match_ending_soon(match)
            counts["matches_ending"] += 1
    return counts
