"""Careers support pages for everyone: the workshops and their dates, and the resource library
(with its page for trainers and supervisors)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from config.breadcrumbs import breadcrumbs
from config.forms import file_size
from support import filters, services, vocab
from support.models import Resource, Session, Workshop
from support.views._common import (
    LIST_FIELDS,
    SUPPORT,
    filtered_list,
    published_workshop,
    resources_crumb,
    workshop_page,
)


@require_safe
def index(request):
    return render(
        request,
        "support/index.jinja",
        {
            "title": "Careers workshops and resources",
            "is_staff": services.is_careers_staff(request.user),
        },
    )


# --- Workshops: public -----------------------------------------------------------------------


@require_safe
def workshop_list(request):
    now = timezone.now()
    upcoming = Session.objects.upcoming(now).with_counts().order_by("starts_at", "pk")
    workshops = (
        Workshop.objects.published()
        .filter(pk__in=Session.objects.upcoming(now).values("workshop_id"))
        .prefetch_related(Prefetch("sessions", queryset=upcoming, to_attr="upcoming"))
        .order_by("title")
    )
    return filtered_list(
        request,
        "support/workshop_list.jinja",
        filters.WorkshopFilter(request.GET, queryset=workshops),
        title="Careers workshops",
    )


@require_safe
def workshop_detail(request, slug):
    return workshop_page(request, published_workshop(request, slug))


@require_safe
def resource_list(request):
    resources = Resource.objects.published().defer(*LIST_FIELDS).order_by("title")
    return filtered_list(
        request,
        "support/resource_list.jinja",
        filters.ResourceFilter(request.GET, queryset=resources),
        title="Careers resources",
        vocab=vocab,
        is_staff=services.is_careers_staff(request.user),
    )


@require_safe
def trainers(request):
    resources = (
        Resource.objects.published()
        .filter(audiences__contains=[vocab.TRAINERS])
        .defer(*LIST_FIELDS)
        .order_by("title")
    )
    return render(
        request,
        "support/trainers.jinja",
        {
            "title": "Supporting a trainee's career planning",
            "resources": resources,
            "vocab": vocab,
            "breadcrumbs": breadcrumbs(SUPPORT, resources_crumb()),
        },
    )


def _visible_resource(request, slug, *fields) -> Resource:
    queryset = Resource.objects.all()
    if not services.is_careers_staff(request.user):
        queryset = queryset.published()
    return get_object_or_404(queryset.defer(*fields), slug=slug)


@require_safe
def resource_detail(request, slug):
    resource = _visible_resource(request, slug, "document")
    return render(
        request,
        "support/resource_detail.jinja",
        {
            "title": resource.title,
            "resource": resource,
            "vocab": vocab,
            "size": file_size(resource.document_size) if resource.document_size else "",
            "is_staff": services.is_careers_staff(request.user),
            "breadcrumbs": breadcrumbs(SUPPORT, resources_crumb()),
        },
    )


@require_safe
def resource_document(request, slug):
    resource = _visible_resource(request, slug)
    if not resource.document:
        raise Http404("No document")
    response = HttpResponse(bytes(resource.document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{resource.slug}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
