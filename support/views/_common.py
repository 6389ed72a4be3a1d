"""What the careers support pages share: who may see them, breadcrumbs, the form page,
and a workshop's page (shown again with a refused booking)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.permissions import role_required
from config.breadcrumbs import breadcrumbs, section
from config.paging import page_of
from support import forms, services
from support.models import Booking, Session, Workshop

staff_required = role_required(roles.CAREERS_STAFF)


SUPPORT = section("support:index", "Workshops and resources")


def filtered_list(request, template, filterset, *, title, **extra):
    """A public list page: the filter form and one page of what it lets through."""
    return render(
        request,
        template,
        {
            "title": title,
            "filter": filterset,
            "page": page_of(request, filterset.qs),
            **extra,
            "breadcrumbs": breadcrumbs(SUPPORT),
        },
    )


def workshops_crumb():
    return (reverse("support:workshop-list"), "Workshops")


def manage_crumb():
    return (reverse("support:manage"), "Manage workshops")


def below_manage():
    """Breadcrumbs for careers staff's workshop pages: workshops, then managing them."""
    return breadcrumbs(SUPPORT, workshops_crumb(), manage_crumb())


def resources_crumb():
    return (reverse("support:resource-list"), "Resources")


def sessions_with_counts():
    return Session.objects.with_counts().order_by("starts_at", "pk")


def form_page(request, *, title, form, breadcrumbs, submit, intro=(), cancel=None, **extra):
    return render(
        request,
        "support/form_page.jinja",
        {
            "title": title,
            "form": form,
            "breadcrumbs": breadcrumbs,
            "submit": submit,
            "intro": intro,
            "cancel": cancel,
            **extra,
        },
    )


# --- Resources -----------------------------------------------------------------------------

LIST_FIELDS = ("document", "body")


def published_workshop(request, slug) -> Workshop:
    workshop = get_object_or_404(Workshop, slug=slug)
    if not workshop.is_published and not services.is_careers_staff(request.user):
        raise Http404("No such workshop")
    return workshop


def workshop_page(request, workshop, form=None, *, status=200, offer_waiting=False):
    now = timezone.now()
    sessions = list(sessions_with_counts().filter(workshop=workshop))
    upcoming = [s for s in sessions if s.status == Session.Status.SCHEDULED and s.starts_at > now]
    bookable = [s for s in upcoming if s.booking_closes_at > now]
    mine = None
    if request.user.is_authenticated:
        # A place on a date to come (the service's one-place rule): a place on a date that
        # has passed does not stop the person booking the next one.
        mine = (
            Booking.objects.filter(
                workshop=workshop,
                user=request.user,
                status__in=Booking.ACTIVE,
                session__starts_at__gt=now,
                session__status=Session.Status.SCHEDULED,
            )
            .select_related("session")
            .first()
        )
    if form is None and bookable and request.user.is_authenticated and not mine:
        form = forms.BookingForm(workshop=workshop, sessions=bookable)
    return render(
        request,
        "support/workshop_detail.jinja",
        {
            "title": workshop.title,
            "workshop": workshop,
            "sessions": upcoming,
            "bookable": bookable,
            "mine": mine,
            "form": form,
            "offer_waiting": offer_waiting,
            "now": now,
            "is_staff": services.is_careers_staff(request.user),
            "breadcrumbs": breadcrumbs(SUPPORT, workshops_crumb()),
        },
        status=status,
    )
