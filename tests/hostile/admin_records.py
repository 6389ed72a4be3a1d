"""One real record of every model registered in the Django admin, made with the apps' factories
and services (the ORM where a record has neither), for tests/hostile/test_admin_permissions.py.
A model registered later needs a line here: the test fails until it has one."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from accounts import roles
from tests.factories import UserFactory


def admin_records() -> dict[str, models.Model]:
    """{model label: a record of it}, made in the current transaction."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django_tasks_db.models import DBTaskResult

    from mentoring import concerns
    from mentoring.models import DataBreach
    from mentoring.models import Feedback as MatchFeedback
    from outbox.models import Email
    from outbox.tasks import send_due_emails
    from pathways.models import (
        Qualification,
        Requirement,
        RequirementOption,
        RoleSource,
        SearchSynonym,
        SlugHistory,
        StudyStep,
        WaitingRule,
    )
    from support.models import Feedback as WorkshopFeedback
    from tests.mentoring.factories import MatchFactory, proposal_submitted
    from tests.pathways.factories import (
        EntryRouteFactory,
        LinkFactory,
        PayBandFactory,
        RoleFactory,
        StartingPointFactory,
    )
    from tests.referrals.factories import AdviserProfileFactory, SupportServiceFactory
    from tests.support.factories import BookingFactory, ResourceFactory

    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=800)  # due for review, and a source check's finding
    attempt = {"user_agent": "Firefox", "ip_address": "192.0.2.1", "username": "x@example.org"}
    attempt |= {"http_accept": "text/html", "path_info": "/admin/login/"}

    role = RoleFactory(reviewed_on=long_ago)
    start = StartingPointFactory()
    route = EntryRouteFactory()
    qualification = Qualification.objects.create(slug="gbc", name="GBC")
    step = StudyStep.objects.create(slug="conversion", name="Conversion course", months=12)
    step.gains.add(qualification)
    requirement = Requirement.objects.create(
        role=role, source_url="https://www.bps.org.uk/", checked_on=today
    )
    RequirementOption.objects.create(requirement=requirement, qualification=qualification)
    rule = WaitingRule.objects.create(name="A year between trainings", wait_months=12)
    rule.after_routes.add(route)
    rule.before_routes.add(route)

    match = MatchFactory(status="active", started_on=today, scheme__leaders=[UserFactory()])
    mentee = match.mentee.user
    booking = BookingFactory()
    send_due_emails.enqueue()  # a background task's record
    made = {
        "auth.Group": Group.objects.create(name="Operators"),
        "axes.AccessAttempt": AccessAttempt.objects.create(
            **attempt, get_data="", post_data="", failures_since_start=1
        ),
        "axes.AccessLog": AccessLog.objects.create(**attempt),
        "axes.AccessFailureLog": AccessFailureLog.objects.create(**attempt),
        "django_tasks_database.DBTaskResult": DBTaskResult.objects.get(),
        "accounts.User": UserFactory(full_name="Sam Jones"),
        "pathways.PayBand": PayBandFactory(),
        "pathways.Role": role,
        "pathways.RoleReviewDue": role,
        "pathways.StartingPoint": start,
        "pathways.EntryRoute": route,
        "pathways.Qualification": qualification,
        "pathways.StudyStep": step,
        "pathways.Requirement": requirement,
        "pathways.SearchSynonym": SearchSynonym.objects.create(term="CBT", means="cognitive"),
        "pathways.SlugHistory": SlugHistory.objects.create(old_slug="old-name", role=role),
        "pathways.Link": LinkFactory(from_role=role),
        "pathways.WaitingRule": rule,
        "pathways.SourceCheck": RoleSource.objects.create(
            role=role, title="NHS Careers", url="https://www.nhs.uk/", checked_on=long_ago
        ),
        "mentoring.Scheme": match.scheme,
        "mentoring.SchemeProposal": proposal_submitted(UserFactory()),
        "mentoring.Participant": match.mentee,
        "mentoring.Match": match,
        "mentoring.Enquiry": concerns.enquiry_send(
            scheme=match.scheme, by=mentee, subject="Rooms", message="Where do we meet?"
        ),
        "mentoring.Concern": concerns.concern_raise(
            match=match, by=mentee, description="Missed meetings"
        ),
        "mentoring.Feedback": MatchFeedback.objects.create(
            match=match,
            author=mentee,
            role="mentee",
            rating_goals=4,
            rating_relationship=5,
            rating_scheme=4,
        ),
        "mentoring.DataBreach": DataBreach.objects.create(
            scheme=match.scheme,
            recorded_by=match.mentor.user,
            discovered_at=timezone.now(),
            description="A list sent to the wrong address",
            people_affected="Two mentees",
            actions_taken="Asked the recipient to delete it",
        ),
        "referrals.AdviserProfile": AdviserProfileFactory(
            user=UserFactory(roles=[roles.CAREERS_STAFF])
        ),
        "referrals.SupportService": SupportServiceFactory(),
        "outbox.Email": Email.objects.create(to=mentee.email, subject="Hello", text_body="Hi."),
        "support.Workshop": booking.workshop,
        "support.Booking": booking,
        "support.Feedback": WorkshopFeedback.objects.create(booking=booking, rating=4),
        "support.Resource": ResourceFactory(),
    }
    # The proxies' records are their own model's instances (their admin's queryset reads them).
    return {label: _as(label, record) for label, record in made.items()}


def _as(label: str, record: models.Model) -> models.Model:
    from django.apps import apps

    model = apps.get_model(label)
    return model.objects.get(pk=record.pk) if type(record) is not model else record
