"""Referral emails go through the outbox: written in the referral's transaction (with a text
and an HTML part, wording unchanged), kept while the mail server is down, sent when it is back."""

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from outbox.models import Email
from outbox.sending import outbox_send_due
from referrals.models import Referral
from tests.referrals.factories import SELF_REFERRAL
from tests.servers import closed_port


def test_a_self_referral_writes_its_emails_to_the_outbox_and_they_survive_smtp_down(
    client, db, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    response = client.post(reverse("referrals:new"), SELF_REFERRAL)
    assert response.status_code == 302  # the person never sees the mail server's failure
    referral = Referral.objects.get()
    to_person = Email.objects.get(to="aisha@example.net")
    assert to_person.subject == f"We have your careers support referral {referral.reference}"
    assert "Thank you for contacting the careers support team." in to_person.text_body
    assert "<p>" in to_person.html_body
    assert outbox_send_due().failed == 2  # the person and the team
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_send_due(now=timezone.now() + dt.timedelta(minutes=5)).sent == 2
    assert {message.to[0] for message in mail.outbox} == {
        "aisha@example.net",
        settings.CAREERS_TEAM_EMAIL,
    }


def test_referral_emails_are_signed_by_the_careers_team_who_get_the_replies(client, db, settings):
    client.post(reverse("referrals:new"), SELF_REFERRAL)
    email = Email.objects.get(to="aisha@example.net")
    assert email.reply_to == settings.CAREERS_TEAM_EMAIL
    assert email.text_body.endswith(
        f"\n\nThe careers support team\n{settings.CAREERS_TEAM_EMAIL}\n"
    )
