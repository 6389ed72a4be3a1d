"""Every write of referral data, and every read that must be audited.

Each workflow change is one transaction that locks the referral (`select_for_update`) and
checks the version the user was looking at: if someone else changed it in between, the
change is refused with `ReferralConflict`, which says who did what, and nothing is written.
Every function writes its audit event itself (signals would miss bulk operations)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, time

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from config import clock
from config.rules import RuleBroken
from config.workdays import working_days_between
from referrals import audit, emails, queries, workflow
from referrals.access import is_careers_staff
from referrals.models import (
    AuditEvent,
    EducatorUpdate,
    Referral,
    Session,
    Signpost,
    StateChange,
    SupportPlan,
    SupportService,
)

logger = logging.getLogger(__name__)

WORKFLOW_FIELDS = ("state", "priority", "adviser", "outcome", "return_reason", "sharing_level")
PERSONAL_FIELDS = (
    "name",
    "email",
    "phone",
    "grade",
    "specialty",
    "region",
    "reasons",
    "reasons_other",
    "help_wanted",
    "preferred_contact",
)
REFERRER_FIELDS = ("referrer_name", "referrer_email", "referrer_role", "referrer_organisation")
# Stored as the submission gives them (the two addresses are stored lower-cased).
AS_SUBMITTED = (
    *(name for name in PERSONAL_FIELDS + REFERRER_FIELDS if not name.endswith("email")),
    "privacy_consent",
    "trainee_agreed",
)
DECLINE_SALT = "referrals.decline"


class ReferralRefused(RuleBroken, ValueError):
    """A change the rules refuse (a date in the future, a reason missing, a value the workflow
    does not know). Also a ValueError, which is what these refusals were before."""


class ReferralConflict(RuleBroken):
    """Someone else changed the referral since the user loaded it."""

    def __init__(self, referral: Referral):
        self.referral = referral
        who = str(referral.last_changed_by) if referral.last_changed_by_id else "Someone"
        what = workflow.ACTION_LABELS.get(referral.last_action, "changed it").lower()
        when = timezone.localtime(referral.last_changed_at) if referral.last_changed_at else None
        at = f" at {when:%H:%M on %-d %B}" if when else ""
        super().__init__(
            f"{who} already acted on {referral.reference}{at} ({what}) while you had it "
            f"open. It is now {workflow.STATE_LABELS[referral.state].lower()}. "
            "Check the referral and try again if it still needs doing."
        )


class EmailLimitReached(RuleBroken):
    """Too many referrals for one email address in the window: nothing is stored or sent, but
    the sender is answered exactly as if it had been, so the answer never tells whether that
    address was referred before (views treat it as success)."""


# --- Reads that are audited ---------------------------------------------------------------


def referral_open(*, by: User, reference: str) -> Referral:
    """The referral for its detail page, with everything the page shows, audited as viewed.
    Unknown references and users who may not see referrals both get a 404."""
    referral = get_object_or_404(
        Referral.objects.visible_to(by)
        .select_related("adviser", "logged_by", "plan", "last_changed_by")
        .prefetch_related(
            "steps__by",
            "sessions__adviser",
            "signposts__service",
            "signposts__by",
            "updates__shared_by",
        ),
        reference=reference.upper(),
    )
    audit.record(user=by, action=AuditEvent.VIEW, what="Opened the referral", referral=referral)
    return referral


def referral_get_for_change(*, by: User, reference: str, audit_view: bool = True) -> Referral:
    """The referral an action page is about. Showing the page is audited as a view (it shows
    who the referral is about); a submitted change is audited by the service that makes it."""
    referral = get_object_or_404(
        Referral.objects.visible_to(by).select_related("adviser", "plan"),
        reference=reference.upper(),
    )
    if audit_view:
        audit.record(
            user=by, action=AuditEvent.VIEW, what="Opened an action page", referral=referral
        )
    return referral


def referrals_listed(*, by: User, referrals: list[Referral], what: str) -> None:
    """A list page showed these referrals (names and references): one event each."""
    audit.record_many(user=by, action=AuditEvent.LIST, what=what, referrals=referrals)


def referrals_download(*, by: User, queryset: QuerySet[Referral]) -> list[Referral]:
    """Rows for a caseload download, audited as downloaded (one event per referral)."""
    if not is_careers_staff(by):
        raise PermissionDenied
    rows = list(queryset.select_related("adviser"))
    audit.record_many(
        user=by, action=AuditEvent.DOWNLOAD, what="Downloaded in the caseload CSV", referrals=rows
    )
    return rows


def decline_token(referral: Referral) -> str:
    """The signed link that lets the trainee decline an educator's referral. It names the
    referral's current decline nonce, so it works once, and not after the referral has been
    closed, returned or reopened (each clears the nonce)."""
    if not referral.decline_nonce:
        raise ReferralRefused(f"{referral.reference} has no decline link")
    return signing.dumps({"r": referral.reference, "n": referral.decline_nonce}, salt=DECLINE_SALT)


# --- Workflow changes ---------------------------------------------------------------------


def _lock(user, referral: Referral, version: int) -> Referral:
    """The referral locked for this transaction, if the user may change it and it is still
    the version they saw."""
    if not is_careers_staff(user):
        raise PermissionDenied
    # No select_related here: after waiting for a lock, PostgreSQL re-reads the locked row
    # but not the rows joined to it, so related objects are read afterwards.
    locked = Referral.objects.visible_to(user).select_for_update().get(pk=referral.pk)
    if locked.version != version:
        raise ReferralConflict(locked)
    return locked


def _commit(
    referral: Referral,
    *,
    user,
    action: str,
    what: str,
    before: dict,
    after_fields=WORKFLOW_FIELDS,
    note: str = "",
    now: datetime,
    step: bool = True,
) -> Referral:
    """Save a change: bump the version, stamp who and when, record the workflow step and the
    audit event with before and after."""
    from_state = before.get("state", referral.state)
    if referral.state != from_state or action in (workflow.CLOSE, workflow.RETURN, workflow.REOPEN):
        # A decline link acts only on the referral as the trainee was told of it: once the
        # referral changes state, the link is dead (the trainee can still reply to the email).
        referral.decline_nonce = ""
    referral.version += 1
    referral.last_action = action
    referral.last_changed_at = now
    referral.last_changed_by = user if getattr(user, "is_authenticated", False) else None
    referral.save()
    if step:
        StateChange.objects.create(
            referral=referral,
            action=action,
            from_state=from_state,
            to_state=referral.state,
            by=referral.last_changed_by,
            at=now,
            note=note,
        )
    old, new = audit.diff(before, audit.snapshot(referral, after_fields))
    audit.record(
        user=user,
        action=AuditEvent.CHANGE,
        what=what,
        referral=referral,
        before=old,
        after=new,
        fallback_actor="trainee (decline link)",
    )
    return referral


def _touch(referral: Referral, *, user, action: str, now: datetime) -> None:
    """A change to something the referral owns (plan, signpost, update): bump the version."""
    referral.version += 1
    referral.last_action, referral.last_changed_at, referral.last_changed_by = action, now, user
    referral.save(update_fields=["version", "last_action", "last_changed_at", "last_changed_by"])


def _stamp_first_contact(referral: Referral, when: datetime) -> None:
    if referral.first_contact_at is None:
        referral.first_contact_at = when
        referral.first_contact_working_days = working_days_between(
            timezone.localdate(referral.received_at), timezone.localdate(when)
        )


def _require_choice(value: str, options: Sequence[tuple[str, str]], what: str) -> None:
    """Refuse a value that is not one of a workflow's (value, label) choices."""
    if value not in dict(options):
        raise ReferralRefused(f"Unknown {what} {value!r}")


def _moment(day: date, now: datetime) -> datetime:
    """A date the user entered, as a moment: now if it is today, midday otherwise."""
    if day == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(day, time(12)))


def referral_triage(
    *, by: User, referral: Referral, version: int, priority: str, note: str = ""
) -> Referral:
    now = clock.now()
    _require_choice(priority, workflow.PRIORITIES, "priority")
    with transaction.atomic():
        referral = _lock(by, referral, version)
        before = audit.snapshot(referral, WORKFLOW_FIELDS)
        referral.state = workflow.state_after(workflow.TRIAGE, referral.state)
        referral.priority = priority
        referral.triaged_at = referral.triaged_at or now
        return _commit(
            referral,
            user=by,
            action=workflow.TRIAGE,
            what=f"Triaged as {priority}",
            before=before,
            note=note,
            now=now,
        )


def referral_allocate(
    *, by: User, referral: Referral, version: int, adviser: User, note: str = ""
) -> Referral:
    now = clock.now()
    if not queries.advisers().filter(pk=adviser.pk).exists():
        raise ReferralRefused("The adviser must be a member of careers staff who takes referrals")
    with transaction.atomic():
        referral = _lock(by, referral, version)
        before = audit.snapshot(referral, WORKFLOW_FIELDS)
        referral.state = workflow.state_after(workflow.ALLOCATE, referral.state)
        referral.adviser = adviser
        referral.allocated_at = now
        referral = _commit(
            referral,
            user=by,
            action=workflow.ALLOCATE,
            what=f"Allocated to {adviser.email}",
            before=before,
            note=note,
            now=now,
        )
        if adviser != by:
            emails.send([emails.adviser_allocated(referral)])
    return referral


def referral_record_contact(
    *, by: User, referral: Referral, version: int, contacted_on: date, note: str = ""
) -> Referral:
    now = clock.now()
    with transaction.atomic():
        referral = _lock(by, referral, version)
        _check_date_in_referral(referral, contacted_on, now)
        before = audit.snapshot(referral, (*WORKFLOW_FIELDS, "first_contact_at"))
        referral.state = workflow.state_after(workflow.RECORD_CONTACT, referral.state)
        _stamp_first_contact(referral, _moment(contacted_on, now))
        return _commit(
            referral,
            user=by,
            action=workflow.RECORD_CONTACT,
            what="First contact recorded",
            before=before,
            after_fields=(*WORKFLOW_FIELDS, "first_contact_at"),
            note=note,
            now=now,
        )


def _check_date_in_referral(referral: Referral, day: date, now: datetime) -> None:
    if day > timezone.localdate(now):
        raise ReferralRefused("The date cannot be in the future")
    if day < timezone.localdate(referral.received_at):
        raise ReferralRefused("The date cannot be before the referral was received")


SESSION_FIELDS = ("held_on", "mode", "adviser", "minutes", "notes")


def referral_record_session(
    *,
    by: User,
    referral: Referral,
    version: int,
    held_on: date,
    mode: str,
    adviser: User,
    minutes: int,
    notes: str = "",
) -> Session:
    """A session with the trainee. The first one on an allocated referral is the first
    contact and starts support."""
    now = clock.now()
    with transaction.atomic():
        referral = _lock(by, referral, version)
        workflow.check(workflow.RECORD_SESSION, referral.state)
        _check_date_in_referral(referral, held_on, now)
        before = audit.snapshot(referral, WORKFLOW_FIELDS)
        session = Session.objects.create(
            referral=referral,
            held_on=held_on,
            mode=mode,
            adviser=adviser,
            minutes=minutes,
            notes=notes,
            recorded_by=by,
            recorded_at=now,
        )
        from_state = referral.state
        referral.state = workflow.state_after(workflow.RECORD_SESSION, referral.state)
        _stamp_first_contact(referral, _moment(held_on, now))
        _commit(
            referral,
            user=by,
            action=workflow.RECORD_SESSION,
            what=f"Session recorded ({held_on:%-d %b %Y}, {mode}, {minutes} min)",
            before={**before, "session": None},
            after_fields=WORKFLOW_FIELDS,
            now=now,
            step=from_state != referral.state,
        )
        # The session itself, in the same event trail (notes as a length only).
        audit.record(
            user=by,
            action=AuditEvent.CHANGE,
            what="Session added",
            referral=referral,
            after=audit.snapshot(session, SESSION_FIELDS),
        )
    return session


PLAN_FIELDS = ("goals", "actions", "review_on")


def referral_save_plan(
    *, by: User, referral: Referral, version: int, goals: str, actions: str, review_on: date
) -> SupportPlan:
    now = clock.now()
    with transaction.atomic():
        referral = _lock(by, referral, version)
        workflow.check(workflow.SAVE_PLAN, referral.state)
        plan = SupportPlan.objects.filter(referral=referral).first()
        before = audit.snapshot(plan, PLAN_FIELDS) if plan else {}
        plan = plan or SupportPlan(referral=referral)
        plan.goals, plan.actions, plan.review_on = goals, actions, review_on
        plan.updated_by, plan.updated_at = by, now
        plan.save()
        _touch(referral, user=by, action=workflow.SAVE_PLAN, now=now)
        old, new = audit.diff(before, audit.snapshot(plan, PLAN_FIELDS))
        audit.record(
            user=by,
            action=AuditEvent.CHANGE,
            what="Support plan saved",
            referral=referral,
            before=old,
            after=new,
        )
    return plan


def referral_signpost(
    *,
    by: User,
    referral: Referral,
    version: int,
    service: SupportService | None = None,
    workshop: tuple[str, str] | None = None,
    note: str = "",
) -> Signpost:
    """Signpost to a directory service, or suggest a careers workshop: `workshop` is its
    (title, page path) from support.queries.workshops_to_suggest()."""
    if (service is None) == (workshop is None):
        raise ReferralRefused("Signpost to one service or one workshop")
    now = clock.now()
    title, path = workshop or ("", "")
    name = service.name if service else f"the workshop {title}"
    with transaction.atomic():
        referral = _lock(by, referral, version)
        workflow.check(workflow.SIGNPOST, referral.state)
        signpost = Signpost.objects.create(
            referral=referral,
            service=service,
            workshop_title=title,
            workshop_path=path,
            note=note,
            by=by,
            at=now,
        )
        _touch(referral, user=by, action=workflow.SIGNPOST, now=now)
        audit.record(
            user=by,
            action=AuditEvent.CHANGE,
            what=f"Signposted to {name}",
            referral=referral,
            after={"service": name, "note": audit.snapshot(signpost, ["note"])["note"]},
        )
    return signpost


def referral_return(
    *,
    by: User,
    referral: Referral,
    version: int,
    reason: str,
    note: str = "",
    services: Sequence[SupportService] = (),
) -> Referral:
    """Return with advice: the reason, a note, and the services signposted instead. The
    person is emailed, which is also the first contact."""
    now = clock.now()
    _require_choice(reason, workflow.RETURN_REASONS, "return reason")
    with transaction.atomic():
        referral = _lock(by, referral, version)
        before = audit.snapshot(referral, (*WORKFLOW_FIELDS, "return_note"))
        referral.state = workflow.state_after(workflow.RETURN, referral.state)
        referral.return_reason, referral.return_note = reason, note
        referral.returned_at = now
        _stamp_first_contact(referral, now)
        Signpost.objects.bulk_create(
            [Signpost(referral=referral, service=s, by=by, at=now) for s in services]
        )
        referral = _commit(
            referral,
            user=by,
            action=workflow.RETURN,
            what="Returned with advice"
            + (f"; signposted to {', '.join(s.name for s in services)}" if services else ""),
            before=before,
            after_fields=(*WORKFLOW_FIELDS, "return_note"),
            note=note,
            now=now,
        )
        emails.send([emails.referral_returned(referral, services)])
    return referral


def referral_close(
    *, by: User, referral: Referral, version: int, outcome: str, note: str = ""
) -> Referral:
    now = clock.now()
    _require_choice(outcome, workflow.OUTCOMES, "outcome")
    with transaction.atomic():
        referral = _lock(by, referral, version)
        return _close(referral, user=by, outcome=outcome, note=note, now=now)


def _close(referral: Referral, *, user, outcome: str, note: str, now: datetime) -> Referral:
    workflow.check_outcome(outcome, referral.state)
    before = audit.snapshot(referral, (*WORKFLOW_FIELDS, "closing_note"))
    referral.state = workflow.state_after(workflow.CLOSE, referral.state)
    referral.outcome, referral.closing_note, referral.closed_at = outcome, note, now
    return _commit(
        referral,
        user=user,
        action=workflow.CLOSE,
        what=f"Closed: {dict(workflow.OUTCOMES)[outcome].lower()}",
        before=before,
        after_fields=(*WORKFLOW_FIELDS, "closing_note"),
        note=note,
        now=now,
    )


def referral_reopen(*, by: User, referral: Referral, version: int, reason: str) -> Referral:
    now = clock.now()
    if not reason.strip():
        raise ReferralRefused("Give the reason for reopening")
    with transaction.atomic():
        referral = _lock(by, referral, version)
        workflow.check(
            workflow.REOPEN, referral.state, anonymised=referral.anonymised_at is not None
        )
        before = audit.snapshot(referral, WORKFLOW_FIELDS)
        referral.state = workflow.state_after(
            workflow.REOPEN, referral.state, has_adviser=referral.adviser_id is not None
        )
        referral.outcome = referral.return_reason = ""
        referral.closed_at = referral.returned_at = None
        referral.reopened_count += 1
        return _commit(
            referral,
            user=by,
            action=workflow.REOPEN,
            what="Reopened",
            before=before,
            note=reason,
            now=now,
        )


def referral_edit(
    *,
    by: User,
    referral: Referral,
    version: int,
    name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    grade: str | None = None,
    specialty: str | None = None,
    region: str | None = None,
    reasons: Sequence[str] | None = None,
    reasons_other: str | None = None,
    help_wanted: str | None = None,
    preferred_contact: str | None = None,
    referrer_name: str | None = None,
    referrer_email: str | None = None,
    referrer_role: str | None = None,
    referrer_organisation: str | None = None,
) -> Referral:
    """Correct the person's details or the referrer's: one keyword for each field that can be
    corrected (PERSONAL_FIELDS and REFERRER_FIELDS). A field not given (None) stays as it is;
    the audit's before and after name only the fields whose value changes."""
    now = clock.now()
    given = {
        "name": name,
        "email": email,
        "phone": phone,
        "grade": grade,
        "specialty": specialty,
        "region": region,
        "reasons": None if reasons is None else list(reasons),
        "reasons_other": reasons_other,
        "help_wanted": help_wanted,
        "preferred_contact": preferred_contact,
        "referrer_name": referrer_name,
        "referrer_email": referrer_email,
        "referrer_role": referrer_role,
        "referrer_organisation": referrer_organisation,
    }
    with transaction.atomic():
        referral = _lock(by, referral, version)
        workflow.check(workflow.EDIT, referral.state)
        changes = {
            field: value
            for field, value in given.items()
            if value is not None and value != getattr(referral, field)
        }
        before = audit.snapshot(referral, sorted(changes))
        for field, value in changes.items():
            setattr(referral, field, value)
        return _commit(
            referral,
            user=by,
            action=workflow.EDIT,
            what="Details edited",
            before=before,
            after_fields=sorted(changes),
            now=now,
            step=False,
        )


def referral_set_sharing(*, by: User, referral: Referral, version: int, level: str) -> Referral:
    now = clock.now()
    _require_choice(level, workflow.SHARING_LEVELS, "sharing level")
    with transaction.atomic():
        referral = _lock(by, referral, version)
        workflow.check(workflow.SET_SHARING, referral.state, from_educator=referral.from_educator)
        before = audit.snapshot(referral, WORKFLOW_FIELDS)
        referral.sharing_level = level
        return _commit(
            referral,
            user=by,
            action=workflow.SET_SHARING,
            what="Trainee's agreement to share recorded",
            before=before,
            now=now,
            step=False,
        )


def referral_share_update(
    *, by: User, referral: Referral, version: int, kind: str, text: str
) -> EducatorUpdate:
    """An update to the referring educator, only within what the trainee agreed to share."""
    now = clock.now()
    with transaction.atomic():
        referral = _lock(by, referral, version)
        workflow.check(workflow.SHARE_UPDATE, referral.state, from_educator=referral.from_educator)
        if not workflow.may_share(kind, referral.sharing_level):
            raise workflow.TransitionNotAllowed(
                "The trainee has not agreed to share this with the referrer. Record what "
                "they agreed to share first."
            )
        update = EducatorUpdate.objects.create(
            referral=referral, kind=kind, text=text, shared_by=by, shared_at=now
        )
        _touch(referral, user=by, action=workflow.SHARE_UPDATE, now=now)
        audit.record(
            user=by,
            action=AuditEvent.CHANGE,
            what="Update shared with the referrer",
            referral=referral,
            after={"kind": kind, "text": audit.snapshot(update, ["text"])["text"]},
        )
        emails.send([emails.educator_update(referral, update)])
    return update
