"""What is raised with a scheme's leaders: a member's enquiry and its answer, a concern about
a match and its closing, and the record of a data breach. Services as in `mentoring/services.py`
(keyword-only, the actor as `by`, one transaction each, refusals as `RuleBroken`)."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config import clock
from config.workdays import add_working_days
from mentoring import emails, workflow
from mentoring.models import (
    Concern,
    DataBreach,
    Enquiry,
    Match,
    Participant,
    Scheme,
)
from mentoring.services import RuleBroken, locked_by_pair, require_allowed, require_manager
from outbox.services import email_enqueue

_Raised = TypeVar("_Raised", Enquiry, Concern)

# --- Enquiries, concerns and data breaches -------------------------------------------------


def _locked_for_leaders(record: _Raised, by: User) -> _Raised:
    """The enquiry or concern locked, with its scheme, once `by` is shown to lead the scheme."""
    record = (
        type(record)
        .objects.select_for_update(of=("self",))
        .select_related("scheme")
        .get(pk=record.pk)
    )
    require_manager(scheme=record.scheme, by=by)
    return record


def enquiry_send(*, scheme: Scheme, by: User, subject: str, message: str) -> Enquiry:
    """A participant's query to the scheme's leaders, due back within the scheme's response
    time in working days (weekends and England and Wales bank holidays not counted)."""
    with transaction.atomic():
        if not Participant.objects.filter(scheme=scheme, user=by).exists():
            raise RuleBroken("Only people taking part in this scheme can send it a query.")
        sent_at = clock.now()
        return Enquiry.objects.create(
            scheme=scheme,
            sender=by,
            subject=subject,
            message=message,
            sent_at=sent_at,
            due_on=add_working_days(timezone.localdate(sent_at), scheme.response_days),
        )


def enquiry_answer(*, enquiry: Enquiry, by: User, answer: str) -> Enquiry:
    with transaction.atomic():
        enquiry = _locked_for_leaders(enquiry, by)
        if enquiry.answered_at:
            raise RuleBroken("This query has been answered already.")
        if not answer.strip():
            raise RuleBroken("Write an answer.")
        enquiry.answer = answer
        enquiry.answered_by = by
        enquiry.answered_at = clock.now()
        enquiry.save()
        emails.query_answered(enquiry)
        return enquiry


def concern_raise(*, match: Match, by: User, description: str) -> Concern:
    with transaction.atomic():
        match, _ = locked_by_pair(match=match, by=by)
        require_allowed(workflow.RAISE_CONCERN, match.status)
        return Concern.objects.create(
            scheme=match.scheme,
            match=match,
            raised_by=by,
            description=description,
            raised_at=clock.now(),
        )


def concern_close(*, concern: Concern, by: User, notes: str) -> Concern:
    with transaction.atomic():
        concern = _locked_for_leaders(concern, by)
        if concern.closed_at:
            raise RuleBroken("This concern is closed already.")
        if not notes.strip():
            raise RuleBroken("Record what was done about the concern.")
        concern.leader_notes = notes
        concern.closed_at = clock.now()
        concern.closed_by = by
        concern.save()
        return concern


def breach_record(
    *,
    scheme: Scheme,
    by: User,
    discovered_at: dt.datetime,
    description: str,
    people_affected: str,
    actions_taken: str,
    occurred_at: dt.datetime | None = None,
) -> DataBreach:
    """Record a data breach and tell the careers team by email. The record keeps when it
    was recorded and when the email went; a failed email leaves that empty (and the page
    says so) rather than losing the record."""
    with transaction.atomic():
        require_manager(scheme=scheme, by=by)
        now = clock.now()
        if discovered_at > now or (occurred_at and occurred_at > now):
            raise RuleBroken("The dates cannot be in the future.")
        if occurred_at and occurred_at > discovered_at:
            raise RuleBroken("A breach cannot be discovered before it happened.")
        breach = DataBreach.objects.create(
            scheme=scheme,
            recorded_by=by,
            occurred_at=occurred_at,
            discovered_at=discovered_at,
            description=description,
            people_affected=people_affected,
            actions_taken=actions_taken,
            recorded_at=now,
        )
        email_enqueue(
            to=settings.CAREERS_TEAM_EMAIL,
            subject=f"Data breach recorded: {scheme.name}",
            text=(
                f"{by} recorded a personal-data breach in the mentoring scheme {scheme.name}.\n\n"
                f"Discovered: {timezone.localtime(discovered_at):%d %b %Y %H:%M}\n"
                f"Recorded: {timezone.localtime(now):%d %b %Y %H:%M}\n\n"
                f"What happened:\n{description}\n\n"
                f"Who is affected:\n{people_affected}\n\n"
                f"Actions taken:\n{actions_taken}\n"
            ),
            category="mentoring-breach",
            key=f"breach-{breach.pk}",
        )
        # Written to the outbox with the breach: the worker sends it, retrying until it goes.
        breach.careers_team_notified_at = clock.now()
        breach.save(update_fields=["careers_team_notified_at"])
        return breach
