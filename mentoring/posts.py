"""What leaders write for a scheme's participants (guidance) and what mentors write to each other
(the mentor community): who may read and write, and the services that write. Services as in
`mentoring/services.py`."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from mentoring import emails
from mentoring.models import (
    CommunityAccess,
    CommunityPost,
    GuidanceAudience,
    GuidanceMoment,
    GuidanceVersion,
    Participant,
    Scheme,
    in_community,
)
from mentoring.services import RuleBroken, require_manager

# --- Guidance for participants -------------------------------------------------------------


def guidance_write(
    *, scheme: Scheme, by: User, audience: str, moment: str, title: str, body: str
) -> GuidanceVersion:
    """A leader writes a new version of the scheme's guidance for mentors or mentees at one
    moment (before applying, on being matched, before the first meeting). Versions are never
    changed: each save is the next version, participants see the newest, and each records who
    wrote it and when. Refused when nothing has changed."""
    with transaction.atomic():
        # The scheme's row is locked so two leaders saving at once get consecutive numbers.
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        require_manager(scheme=scheme, by=by)
        if audience not in GuidanceAudience.values:
            raise RuleBroken("Choose guidance for mentors or for mentees.")
        if moment not in GuidanceMoment.values:
            raise RuleBroken(
                "Choose when the guidance is shown: before applying, on being matched or "
                "before the first meeting."
            )
        title, body = title.strip(), body.strip()
        if not title:
            raise RuleBroken("Enter a title for the guidance.")
        if not body:
            raise RuleBroken("Enter the guidance.")
        current = GuidanceVersion.objects.current(scheme, audience, moment)
        if current and (current.title, current.body) == (title, body):
            raise RuleBroken("This is the same as the current version: change something first.")
        return GuidanceVersion.objects.create(
            scheme=scheme,
            audience=audience,
            moment=moment,
            version=current.version + 1 if current else 1,
            title=title,
            body=body,
            written_by=by,
        )


# --- The mentor community --------------------------------------------------------------------

COMMUNITY_READ_LIST = "read-list"


COMMUNITY_READ_POST = "read-post"


COMMUNITY_POST = "post"


COMMUNITY_REPLY = "reply"


def _require_community(scheme: Scheme, user) -> None:
    if not in_community(scheme, user):
        raise RuleBroken("Only this scheme's mentors and leaders can use its mentor community.")


def community_read(
    *, scheme: Scheme, by: User, post: CommunityPost | None = None
) -> CommunityAccess:
    """Record that someone read the community's posts (post None) or one thread: the
    community is private to the scheme's mentors and leaders, and every read is audited."""
    with transaction.atomic():
        _require_community(scheme, by)
        if post is not None and post.scheme_id != scheme.pk:
            raise RuleBroken("That post is in another scheme.")
        return CommunityAccess.objects.create(
            scheme=scheme,
            user=by,
            action=COMMUNITY_READ_POST if post else COMMUNITY_READ_LIST,
            post=post,
        )


def community_post(*, scheme: Scheme, by: User, kind: str, title: str, body: str) -> CommunityPost:
    """A leader's announcement or anyone's discussion post in the scheme's mentor community."""
    with transaction.atomic():
        _require_community(scheme, by)
        if kind not in (CommunityPost.ANNOUNCEMENT, CommunityPost.DISCUSSION):
            raise RuleBroken("Choose an announcement or a discussion.")
        if kind == CommunityPost.ANNOUNCEMENT and not scheme.is_managed_by(by):
            raise RuleBroken("Only the scheme's leaders post announcements.")
        title, body = title.strip(), body.strip()
        if not title:
            raise RuleBroken("Enter a title for your post.")
        if not body:
            raise RuleBroken("Enter your post.")
        post = CommunityPost.objects.create(
            scheme=scheme, author=by, kind=kind, title=title, body=body
        )
        CommunityAccess.objects.create(scheme=scheme, user=by, action=COMMUNITY_POST, post=post)
        if kind == CommunityPost.ANNOUNCEMENT:
            mentors = [
                p.user
                for p in Participant.objects.mentors()
                .active()
                .filter(scheme=scheme)
                .select_related("user")
            ]
            emails.community_announced(post, mentors)
        return post


def community_reply(*, post: CommunityPost, by: User, body: str) -> CommunityPost:
    """A reply to an announcement or a discussion, by one of the scheme's mentors or leaders."""
    with transaction.atomic():
        post = CommunityPost.objects.select_related("scheme").get(pk=post.pk)
        _require_community(post.scheme, by)
        if post.reply_to_id:
            raise RuleBroken("Reply to the post itself, not to a reply.")
        body = body.strip()
        if not body:
            raise RuleBroken("Enter your reply.")
        reply = CommunityPost.objects.create(
            scheme=post.scheme,
            author=by,
            kind=CommunityPost.DISCUSSION,
            reply_to=post,
            body=body,
        )
        CommunityAccess.objects.create(
            scheme=post.scheme, user=by, action=COMMUNITY_REPLY, post=reply
        )
        return reply
