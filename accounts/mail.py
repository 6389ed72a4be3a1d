"""Emails to people, every one through the outbox. An email is a subject, paragraphs and one link
to the page it is about; `compose` makes the plain-text and HTML parts from the same words.

Non-essential emails (reminders, digests, feedback requests) carry a category a member can turn
off on their email preferences page; essential ones (anything about their account, and each
step of their application and match) are always sent."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.html import escape

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


def compose(
    *, subject: str, paragraphs: list[str], link: str = "", link_text: str = ""
) -> Composed:
    url = absolute(link) if link else ""
    text = "\n\n".join(paragraphs)
    if url:
        text += f"\n\n{link_text or 'Open the page'}:\n{url}"
    text += f"\n\n{settings.SITE_NAME}\n"
    html = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    if url:
        html += f'<p><a href="{escape(url)}">{escape(link_text or "Open the page")}</a></p>'
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(subject)}'
        f"</title></head><body>{html}<p>{escape(settings.SITE_NAME)}</p></body></html>"
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
    category: str,
    key: str | None = None,
):
    """Write one email to the outbox, in the caller's transaction."""
    composed = compose(subject=subject, paragraphs=paragraphs, link=link, link_text=link_text)
    return email_enqueue(
        to=to,
        subject=composed.subject,
        text=composed.text,
        html=composed.html,
        category=category,
        key=key,
    )


def send_to_user(user, **kwargs):
    """Write one email to a person, unless they turned its (non-essential) category off."""
    if not wants(user, kwargs["category"]):
        return None
    return send(to=user.email, **kwargs)
