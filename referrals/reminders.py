"""Referrals' part of the scheduled reminders (`manage.py send_reminders`): one daily digest to
the careers team of referrals overdue for first contact. It names references and due dates
only, never personal details: the team reads those in the portal, where access is audited."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from accounts import mail
from referrals.models import Referral


def send(*, today: dt.date) -> dict[str, int]:
    with transaction.atomic():
        overdue = list(
            Referral.objects.overdue(today)
            .order_by("first_contact_due", "reference")
            .values_list("reference", "first_contact_due")
        )
        if overdue:
            mail.send(
                to=settings.CAREERS_TEAM_EMAIL,
                subject=f"{len(overdue)} referral{'s' if len(overdue) != 1 else ''} overdue "
                "for first contact",
                paragraphs=[
                    "These referrals have passed their first-contact date:",
                    *[f"{reference}, due {due:%-d %B %Y}" for reference, due in overdue],
                ],
                link=reverse("referrals:index"),
                link_text="Open the referrals",
                category="digests",
                key=f"referrals-overdue-{today:%Y%m%d}",
            )
    return {"overdue_referral_digests": 1 if overdue else 0}
