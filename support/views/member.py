"""A signed-in person's own workshop pages: booking a place or joining the waiting list, their
bookings, a booking's calendar file, cancelling, and feedback after a session."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from config.actions import GET_POST, acted, posted, show_refusal
from config.breadcrumbs import breadcrumbs
from support import forms, ics, services
from support.models import Booking, Feedback, Session
from support.services import RuleBroken, SessionFull
from support.views._common import (
    SUPPORT,
    form_page,
    published_workshop,
    sessions_with_counts,
    workshop_page,
    workshops_crumb,
)


@login_required
@require_http_methods(["POST"])
def workshop_book(request, slug):
    workshop = published_workshop(request, slug)
    bookable = list(
        sessions_with_counts().filter(workshop=workshop, status=Session.Status.SCHEDULED)
    )
    form = forms.BookingForm(request.POST, workshop=workshop, sessions=bookable)
    if not form.is_valid():
        return workshop_page(request, workshop, form)
    session = next(s for s in bookable if s.pk == form.cleaned_data["session"])
    audience = services.Audience(
        profession=form.cleaned_data.get("profession", ""),
        grade=form.cleaned_data.get("grade", ""),
        region=form.cleaned_data.get("region", ""),
    )
    try:
        booking = services.booking_create(
            session=session,
            by=request.user,
            audience=audience,
            join_waiting_list=form.cleaned_data["join_waiting_list"],
        )
    except SessionFull as refusal:
        form.add_error("join_waiting_list", refusal.message)
        return workshop_page(request, workshop, form, offer_waiting=True)
    except RuleBroken as refusal:
        show_refusal(form, refusal, field="session")  # the audience rules on their own fields
        return workshop_page(request, workshop, form)
    if booking.status == Booking.Status.BOOKED:
        messages.success(request, "Your place is booked. We have emailed you the details.")
    else:
        messages.success(
            request, "The session is full: you are on the waiting list. We will email you."
        )
    return redirect("support:my-bookings")


@login_required
@require_safe
def my_bookings(request):
    bookings = (
        Booking.objects.filter(user=request.user)
        .select_related("session__workshop", "feedback")
        .order_by("-session__starts_at", "-pk")
    )
    now = timezone.now()
    current = [b for b in bookings if b.status in Booking.ACTIVE and b.session.ends_at > now]
    past = [b for b in bookings if b not in current]  # the latest first
    current.reverse()  # the soonest first
    return render(
        request,
        "support/my_bookings.jinja",
        {
            "title": "Your workshop bookings",
            "current": current,
            "past": past[:50],
            "now": now,
            "breadcrumbs": breadcrumbs(SUPPORT, workshops_crumb()),
        },
    )


def _own_booking(request, pk) -> Booking:
    return get_object_or_404(
        Booking.objects.filter(user=request.user).select_related("session__workshop", "user"),
        pk=pk,
    )


@login_required
@require_safe
@never_cache
def booking_calendar(request, pk):
    booking = _own_booking(request, pk)
    session = booking.session
    if booking.status == Booking.Status.WAITING:
        raise Http404("No place booked")
    description = session.workshop.summary
    if session.is_online and booking.status == Booking.Status.BOOKED:
        description += f"\n\nJoin online: {session.joining_link}"
    elif session.access_note:
        description += f"\n\nAccess: {session.access_note}"
    event = ics.Event(
        uid=f"session-{session.pk}@mental-health-careers",
        start=session.starts_at,
        end=session.ends_at,
        summary=session.workshop.title,
        description=description,
        location=(
            (session.joining_link if booking.status == Booking.Status.BOOKED else "Online")
            if session.is_online
            else session.place
        ),
        url=request.build_absolute_uri(session.workshop.get_absolute_url()),
        sequence=session.sequence,
        cancelled=session.status == Session.Status.CANCELLED
        or booking.status == Booking.Status.CANCELLED,
    )
    response = HttpResponse(ics.calendar([event]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{session.workshop.slug}.ics"'
    return response


@login_required
@GET_POST
def booking_cancel(request, pk):
    booking = _own_booking(request, pk)
    form = forms.forms.Form(posted(request))
    if acted(
        request,
        form,
        lambda data: services.booking_cancel(booking=booking, by=request.user),
        done=f"Cancelled: {booking.session.workshop.title}.",
    ):
        return redirect("support:my-bookings")
    waiting = booking.status == Booking.Status.WAITING
    return form_page(
        request,
        title="Cancel your waiting-list place" if waiting else "Cancel your place",
        form=form,
        breadcrumbs=breadcrumbs(
            SUPPORT,
            workshops_crumb(),
            (reverse("support:my-bookings"), "Your bookings"),
        ),
        submit="Cancel my waiting-list place" if waiting else "Cancel my place",
        intro=[
            f"{booking.session.workshop.title}: "
            f"{timezone.localtime(booking.session.starts_at):%A %-d %B %Y, %H:%M}.",
            "Once you cancel, you will not be offered a place if one comes free."
            if waiting
            else "If someone is waiting, your place goes to them.",
        ],
        cancel=reverse("support:my-bookings"),
        warning=True,
    )


@login_required
@GET_POST
def feedback(request, pk):
    booking = _own_booking(request, pk)
    if request.method != "POST" and Feedback.objects.filter(booking=booking).exists():
        # The feedback email's link opened again: no form to fill in only to be refused.
        messages.info(request, services.FEEDBACK_GIVEN)
        return redirect("support:my-bookings")
    crumbs = breadcrumbs(
        SUPPORT, workshops_crumb(), (reverse("support:my-bookings"), "Your bookings")
    )
    form = forms.FeedbackForm(request.POST or None)
    if acted(
        request,
        form,
        lambda data: services.feedback_submit(
            booking=booking, by=request.user, rating=data["rating"], comments=data["comments"]
        ),
        done="Thank you for your feedback.",
        field="rating",
    ):
        return redirect("support:my-bookings")
    return form_page(
        request,
        title=f"Feedback: {booking.session.workshop.title}",
        form=form,
        breadcrumbs=crumbs,
        submit="Send feedback",
    )
