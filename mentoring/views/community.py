"""The mentor community of a scheme: leaders post announcements, mentors start discussions,
and both reply. Only the scheme's active mentors and its leaders (and admins) may see it:
anyone else signed in is refused (403, as for the scheme's other private pages), anonymous
visitors are sent to sign in, and a post of another scheme is not found (404). Every read and
write is recorded (CommunityAccess, by the services) and no page is stored by a cache."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.actions import GET_POST, acted, posted
from config.breadcrumbs import breadcrumbs
from config.paging import PER_PAGE, page_of
from mentoring import forms, posts
from mentoring.models import CommunityPost, Scheme, in_community
from mentoring.views._common import (
    MENTORING,
    _scheme_crumb,
)

KINDS = dict(CommunityPost.KINDS)


def _community_scheme(request, slug) -> Scheme:
    scheme = get_object_or_404(Scheme, slug=slug)
    if not in_community(scheme, request.user):
        raise PermissionDenied
    return scheme


def _community_crumbs(scheme):
    return breadcrumbs(
        MENTORING,
        _scheme_crumb(scheme),
        (reverse("mentoring:community", args=[scheme.slug]), "Mentor community"),
    )


@never_cache
@login_required
@require_safe
def community(request, slug):
    scheme = _community_scheme(request, slug)
    posts.community_read(scheme=scheme, by=request.user)
    kind = request.GET.get("kind", "")
    threads = CommunityPost.objects.filter(scheme=scheme).threads()
    if kind in KINDS:
        threads = threads.filter(kind=kind)
    else:
        kind = ""
    return render(
        request,
        "mentoring/community.jinja",
        {
            "title": f"Mentor community: {scheme.name}",
            "scheme": scheme,
            "page": page_of(request, threads),
            "kind": kind,
            "kinds": CommunityPost.KINDS,
            "is_leader": scheme.is_managed_by(request.user),
            "breadcrumbs": breadcrumbs(MENTORING, _scheme_crumb(scheme)),
        },
    )


@never_cache
@login_required
@GET_POST
def community_post_create(request, slug):
    scheme = _community_scheme(request, slug)
    is_leader = scheme.is_managed_by(request.user)
    form = forms.CommunityPostForm(
        posted(request),
        can_announce=is_leader,
        initial={"kind": CommunityPost.ANNOUNCEMENT},
    )
    post = acted(
        request,
        form,
        lambda data: posts.community_post(
            scheme=scheme,
            by=request.user,
            kind=data.get("kind", CommunityPost.DISCUSSION),
            title=data["title"],
            body=data["body"],
        ),
        done="Posted: the scheme's mentors and leaders can read it.",
    )
    if post:
        return redirect("mentoring:community-post", scheme.slug, post.pk)
    return render(
        request,
        "mentoring/community_form.jinja",
        {
            "title": "Write a post for the mentor community",
            "scheme": scheme,
            "form": form,
            "cancel": reverse("mentoring:community", args=[scheme.slug]),
            "breadcrumbs": _community_crumbs(scheme),
        },
    )


@never_cache
@login_required
@GET_POST
def community_post(request, slug, pk):
    scheme = _community_scheme(request, slug)
    post = get_object_or_404(
        CommunityPost.objects.select_related("author"),
        scheme=scheme,
        pk=pk,
        reply_to__isnull=True,
    )
    form = forms.CommunityReplyForm(posted(request))
    if acted(
        request,
        form,
        lambda data: posts.community_reply(post=post, by=request.user, body=data["body"]),
        done="Reply posted.",
        field="body",
    ):
        last = (post.replies.count() - 1) // PER_PAGE + 1
        return redirect(
            reverse("mentoring:community-post", args=[scheme.slug, post.pk])
            + f"?page={last}#replies"
        )
    if request.method != "POST":
        posts.community_read(scheme=scheme, by=request.user, post=post)
    replies = post.replies.select_related("author").order_by("posted_at", "pk")
    return render(
        request,
        "mentoring/community_post.jinja",
        {
            "title": post.title,
            "scheme": scheme,
            "post": post,
            "replies": page_of(request, replies),
            "form": form,
            "breadcrumbs": _community_crumbs(scheme),
        },
    )
