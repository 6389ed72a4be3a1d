"""Emails to people, every one through the outbox, and every app's emails composed here. An
email is a subject, paragraphs and one link to the page it is about, and a sign-off (the site's
name, or the careers team's with their address to reply to); `compose` makes the plain-text and
HTML parts from the same words.

Non-essential emails (reminders, digests, feedback requests) carry a category a member can turn
off on their email preferences page; essential ones (anything about their account, each step
of their application and match, their workshop bookings) are always sent."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.html import escape, urlize

from outbox.services import email_enqueue

# Non-essential categories a member may turn off: (key, label, description).
OPTIONAL_CATEGORIES = [
    (
        "mentoring-reminders",
        "Mentoring reminders",
        "Reminders when a match has had no meeting for a while or is about to end.",
    ),
    (
        "mentoring-feedback",
        "Requests for feedback",
        "A request to say how a match went, when it ends.",
    ),
    (
        "mentoring-community",
        "Mentor community announcements",
        "An email when a scheme's leaders post an announcement to its mentors.",
    ),
    (
        "digests",
        "Digests for staff and leaders",
        "A summary of overdue queries or referrals waiting for first contact.",
    ),
    (
        "support.reminder",
        "Workshop reminders",
        "A reminder the day before a workshop session you have a place on.",
    ),
    (
        "support.feedback",
        "Workshop feedback requests",
        "A request to say how a workshop session went, after it.",
    ),
]
OPTIONAL_KEYS = {key for key, _label, _description in OPTIONAL_CATEGORIES}


@dataclass(frozen=True)
class Composed:
    subject: str
    text: str
    html: str


def absolute(path: str) -> str:
    """A link for an email: the site's base address and the path."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def _html_paragraph(paragraph: str) -> str:
    # Addresses in the words are links; a line break inside a paragraph is kept.
    return "<p>" + urlize(escape(paragraph)).replace("\n", "<br>") + "</p>"


def compose(
    *,
    subject: str,
    paragraphs: list[str],
    link: str = "",
    link_text: str = "",
    from_careers_team: bool = False,
) -> Composed:
    """The text and HTML parts of one email. Referrals' and workshops' emails come
    `from_careers_team`: signed by the team, with their address (also the one to reply to)."""
    url = absolute(link) if link else ""
    closing = (
        ["The careers support team", settings.CAREERS_TEAM_EMAIL]
        if from_careers_team
        else [settings.SITE_NAME]
    )
    text = "\n\n".join(paragraphs)
    if url:
        text += f"\n\n{link_text or 'Open the page'}:\n{url}"
    text += "\n\n" + "\n".join(closing) + "\n"
    html = "".join(_html_paragraph(paragraph) for paragraph in paragraphs)
    html_closing = _html_paragraph("\n".join(closing))
    if url:
        html += f'<p><a href="{escape(url)}">{escape(link_text or "Open the page")}</a></p>'
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(subject)}'
        f"</title></head><body>{html}{html_closing}</body></html>"
    )
    return Composed(subject=subject, text=text, html=html)


def wants(user, category: str) -> bool:
    """Whether this person receives email of this category (essential ones always)."""
    if getattr(user, "deleted_at", None):
        return False
    return category not in OPTIONAL_KEYS or category not in (user.email_opt_outs or [])


def send(
    *,
    to: str,
    subject: str,
    paragraphs: list[str],
    link: str = "",
    link_text: str = "",
    from_careers_team: bool = False,
    category: str,
    key: str | None = None,
):
    """Write one email to the outbox, in the caller's transaction."""
    composed = compose(
        subject=subject,
        paragraphs=paragraphs,
        link=link,
        link_text=link_text,
        from_careers_team=from_careers_team,
    )
    return email_enqueue(
        to=to,
        subject=composed.subject,
        text=composed.text,
        html=composed.html,
        reply_to=settings.CAREERS_TEAM_EMAIL if from_careers_team else "",
        category=category,
        key=key,
    )


def send_to_user(user, **kwargs):
    """Write one email to a person, unless they turned its (non-essential) category off."""
    if not wants(user, kwargs["category"]):
        return None
    return send(to=user.email, **kwargs)
