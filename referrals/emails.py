"""The emails of the referral workflow. Their words are built here; `send` composes them as
every email is (accounts.mail: plain text and an HTML part from the same words, the careers
team's sign-off) and writes them to the outbox, called by the services inside their
transaction, so an email exists exactly when its change does; the worker sends it, retrying
while SMTP is down.

The public forms let anyone type any email address, so an email that a public form causes
contains no text the sender typed (no names, no free text): a fixed message, our reference,
dates and a link. Otherwise the forms would let anyone send their own words in the portal's
name to any address."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from accounts import mail
from referrals import choices, workflow


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


def send(messages: list[Message]) -> int:
    """Write the emails to the outbox, in the caller's transaction."""
    for message in messages:
        mail.send(
            to=message.to,
            subject=message.subject,
            paragraphs=[part for part in message.body.split("\n\n") if part.strip()],
            from_careers_team=True,
            category="referrals",
        )
    return len(messages)


def self_referral_received(referral) -> Message:
    return Message(
        referral.email,
        f"We have your careers support referral {referral.reference}",
        "Hello,\n\n"
        "Thank you for contacting the careers support team. Your reference is "
        f"{referral.reference}.\n\n"
        f"An adviser will contact you within {settings.REFERRALS_FIRST_CONTACT_TARGET_DAYS} "
        f"working days (by {referral.first_contact_due:%-d %B %Y}). What you tell us is "
        "confidential: we do not share it with your employer, trainers or supervisors "
        "without your agreement.\n\n"
        "If you need to add something or no longer want support, reply to this email "
        "quoting your reference. If you did not contact us, reply to tell us and we will "
        "delete the referral.",
    )


def educator_referral_received(referral) -> Message:
    return Message(
        referral.referrer_email,
        f"Your referral to careers support: {referral.reference}",
        "Hello,\n\n"
        "Thank you for referring a trainee to the careers support team. The reference is "
        f"{referral.reference}.\n\n"
        "We have told them about the referral and how to decline it. Support is "
        "confidential: we will only share with you what they agree we may share.\n\n"
        "If you did not make this referral, reply to this email quoting the reference.",
    )


def trainee_told_of_referral(referral, decline_url: str) -> Message:
    return Message(
        referral.email,
        f"You have been referred to careers support ({referral.reference})",
        "Hello,\n\n"
        "A trainer or supervisor has referred you to the careers support team for "
        "confidential one-to-one careers support, and told us you agreed. Your reference is "
        f"{referral.reference}.\n\n"
        f"An adviser will contact you within {settings.REFERRALS_FIRST_CONTACT_TARGET_DAYS} "
        "working days. What you tell us stays confidential: we only share with the person "
        "who referred you what you agree we may share. To find out who referred you, reply "
        "to this email quoting your reference.\n\n"
        "If you do not want this support, you can decline the referral here:\n"
        f"{decline_url}\n"
        "or reply to this email quoting your reference. Declining has no consequences for "
        "your training.",
    )


def team_told_of_new_referral(referral) -> Message:
    # No personal details: the team reads them in the portal, where access is audited.
    source = dict(choices.SOURCES).get(referral.source, referral.source)
    return Message(
        settings.CAREERS_TEAM_EMAIL,
        f"New careers support referral {referral.reference}",
        f"A new referral has arrived: {referral.reference} ({source}).\n\n"
        f"Sign in to the portal to triage it. First contact is due by "
        f"{referral.first_contact_due:%-d %B %Y}.",
    )


def adviser_allocated(referral) -> Message:
    return Message(
        referral.adviser.email,
        f"Referral {referral.reference} allocated to you",
        f"Referral {referral.reference} ({dict(workflow.PRIORITIES).get(referral.priority, '')}"
        f" priority) has been allocated to you. First contact is due by "
        f"{referral.first_contact_due:%-d %B %Y}. Sign in to the portal to read it.",
    )


def referral_returned(referral, services) -> Message:
    reason = dict(workflow.RETURN_REASONS).get(referral.return_reason, "")
    lines = [
        "Hello,\n",
        f"Thank you for your referral {referral.reference}. We are not able to take it "
        f"forward as it stands ({reason.split(':')[0].lower()}).",
    ]
    if referral.return_note:
        lines.append(f"\n{referral.return_note}")
    if services:
        lines.append("\nThese services may be able to help:\n")
        for service in services:
            lines.append(f"- {service.name}: {service.purpose}")
            lines.append(f"  How to contact: {service.how_to_contact}")
            if service.website:
                lines.append(f"  {service.website}")
    lines.append("\nYou are welcome to contact us again at any time.")
    return Message(
        referral.email, f"Your careers support referral {referral.reference}", "\n".join(lines)
    )


def educator_update(referral, update) -> Message:
    return Message(
        referral.referrer_email,
        f"Update on your careers support referral {referral.reference}",
        "Hello,\n\n"
        f"An update from the careers support team on the trainee you referred "
        f"({referral.reference}), shared with their agreement:\n\n{update.text}",
    )
