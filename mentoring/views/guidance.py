"""Guidance for participants: a scheme's leaders write it (each save a new version, the
history kept); mentors and mentees see the newest version at three moments: before applying
(the application page), on being matched (the match page, once proposed or active) and before
the first meeting (the meeting log, until a meeting is logged)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from config.actions import GET_POST, acted, posted
from config.paging import page_of
from mentoring import forms, posts
from mentoring.models import GuidanceAudience, GuidanceMoment, GuidanceVersion
from mentoring.views._common import (
    _leader_page,
    _managed_scheme,
)

AUDIENCES = dict(GuidanceAudience.choices)
MOMENTS = dict(GuidanceMoment.choices)


def current_guidance(scheme, audience: str, moment: str) -> GuidanceVersion | None:
    """The version a participant on this side (mentor or mentee) sees at this moment."""
    return GuidanceVersion.objects.current(scheme, audience, moment)


def _slot(audience, moment):
    if audience not in AUDIENCES or moment not in MOMENTS:
        raise Http404
    return f"{AUDIENCES[audience]}: {MOMENTS[moment].lower()}"


def _list_crumb(scheme):
    return (reverse("mentoring:guidance-list", args=[scheme.slug]), "Guidance")


@login_required
@require_safe
def guidance_list(request, slug):
    scheme = _managed_scheme(request, slug)
    # The newest version of each (audience, moment), and how many versions each has.
    newest = {
        (v.audience, v.moment): v
        for v in GuidanceVersion.objects.filter(scheme=scheme)
        .select_related("written_by")
        .order_by("audience", "moment", "-version")
        .distinct("audience", "moment")
    }
    counts = {
        (row["audience"], row["moment"]): row["n"]
        for row in GuidanceVersion.objects.filter(scheme=scheme)
        .values("audience", "moment")
        .annotate(n=Count("pk"))
    }
    slots = [
        {
            "audience": audience,
            "audience_label": audience_label,
            "moment": moment,
            "moment_label": moment_label,
            "current": newest.get((audience, moment)),
            "versions": counts.get((audience, moment), 0),
        }
        for audience, audience_label in GuidanceAudience.choices
        for moment, moment_label in GuidanceMoment.choices
    ]
    return _leader_page(
        request,
        scheme,
        "mentoring/guidance_list.jinja",
        title=f"Guidance for mentors and mentees: {scheme.name}",
        slots=slots,
    )


@login_required
@GET_POST
def guidance_edit(request, slug, audience, moment):
    scheme = _managed_scheme(request, slug)
    slot = _slot(audience, moment)
    current = current_guidance(scheme, audience, moment)
    initial = {"title": current.title, "body": current.body} if current else {}
    form = forms.GuidanceForm(posted(request), initial=initial)
    if acted(
        request,
        form,
        lambda data: posts.guidance_write(
            scheme=scheme,
            by=request.user,
            audience=audience,
            moment=moment,
            title=data["title"],
            body=data["body"],
        ),
        done=lambda version: f"Version {version.version} saved: participants now see it.",
        field="body",
    ):
        return redirect("mentoring:guidance-edit", scheme.slug, audience, moment)
    history = GuidanceVersion.objects.filter(
        scheme=scheme, audience=audience, moment=moment
    ).select_related("written_by")
    return _leader_page(
        request,
        scheme,
        "mentoring/guidance_edit.jinja",
        title=f"Guidance for {slot.lower()}",
        crumbs=[_list_crumb(scheme)],
        audience=audience,
        moment=moment,
        current=current,
        form=form,
        history=page_of(request, history.order_by("-version")),
    )


@login_required
@require_safe
def guidance_version(request, slug, audience, moment, version):
    scheme = _managed_scheme(request, slug)
    slot = _slot(audience, moment)
    shown = get_object_or_404(
        GuidanceVersion.objects.select_related("written_by"),
        scheme=scheme,
        audience=audience,
        moment=moment,
        version=version,
    )
    current = current_guidance(scheme, audience, moment)
    return _leader_page(
        request,
        scheme,
        "mentoring/guidance_version.jinja",
        title=f"Guidance for {slot.lower()}: version {shown.version}",
        crumbs=[_list_crumb(scheme)],
        shown=shown,
        is_current=current is not None and current.pk == shown.pk,
        edit_url=reverse("mentoring:guidance-edit", args=[scheme.slug, audience, moment]),
    )
