"""Careers staff's pages: workshops and their sessions, attendance, the workshops report, and
reviewing and editing the resource library."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from config.actions import GET_POST, acted, posted
from config.breadcrumbs import breadcrumbs
from config.downloads import csv_response
from config.paging import page_of
from support import charts, forms, queries, services
from support.models import Booking, Resource, Session, Workshop
from support.views._common import (
    LIST_FIELDS,
    SUPPORT,
    below_manage,
    form_page,
    manage_crumb,
    resources_crumb,
    sessions_with_counts,
    staff_required,
    workshops_crumb,
)

# --- Workshops: careers staff ---------------------------------------------------------------


@staff_required
@require_safe
def manage(request):
    workshops = Workshop.objects.prefetch_related(
        Prefetch("sessions", queryset=sessions_with_counts())
    ).order_by("title")
    return render(
        request,
        "support/manage.jinja",
        {
            "title": "Manage workshops",
            "page": page_of(request, workshops),
            "now": timezone.now(),
            "breadcrumbs": breadcrumbs(SUPPORT, workshops_crumb()),
        },
    )


def _workshop_form(request, workshop=None):
    form = forms.WorkshopForm(request.POST or None, instance=workshop)

    def run(data):
        fields = {name: data[name] for name in services.WORKSHOP_FIELDS}
        if workshop is None:
            return services.workshop_create(by=request.user, **fields)
        return services.workshop_update(workshop=workshop, by=request.user, **fields)

    if acted(request, form, run, done=lambda saved: f"Saved: {saved.title}."):
        return redirect("support:manage")
    return form_page(
        request,
        title="Edit workshop" if workshop else "New workshop",
        form=form,
        breadcrumbs=below_manage(),
        submit="Save workshop",
        cancel=reverse("support:manage"),
    )


@staff_required
@GET_POST
def workshop_new(request):
    return _workshop_form(request)


@staff_required
@GET_POST
def workshop_edit(request, slug):
    return _workshop_form(request, get_object_or_404(Workshop, slug=slug))


def _session_form_page(request, form, *, title, workshop, submit):
    return form_page(
        request,
        title=title,
        form=form,
        breadcrumbs=below_manage(),
        submit=submit,
        intro=[workshop.title],
        cancel=reverse("support:manage"),
    )


@staff_required
@GET_POST
def session_new(request, slug):
    workshop = get_object_or_404(Workshop, slug=slug)
    form = forms.SessionForm(request.POST or None)
    if acted(
        request,
        form,
        lambda data: services.session_create(
            workshop=workshop, by=request.user, **_session_fields(data)
        ),
        done="Session added.",
    ):
        return redirect("support:manage")
    return _session_form_page(
        request, form, title="Add a session", workshop=workshop, submit="Add session"
    )


def _session_fields(data) -> dict:
    """The session's fields from its form's data, for session_create and session_update."""
    return {name: data[name] for name in services.SESSION_FIELDS}


def _staff_session(pk) -> Session:
    return get_object_or_404(sessions_with_counts().select_related("workshop"), pk=pk)


@staff_required
@require_safe
def session_detail(request, pk):
    session = _staff_session(pk)
    bookings = session.bookings.select_related("user")
    return render(
        request,
        "support/session_detail.jinja",
        {
            "title": str(session),
            "session": session,
            "booked": [b for b in bookings if b.status == Booking.Status.BOOKED],
            "waiting": [b for b in bookings if b.status == Booking.Status.WAITING],
            # Who gave up a place (or had it cancelled with the session), the latest first.
            "cancelled": sorted(
                (b for b in bookings if b.status == Booking.Status.CANCELLED),
                key=lambda b: (b.cancelled_at is not None, b.cancelled_at),
                reverse=True,
            ),
            "now": timezone.now(),
            "breadcrumbs": below_manage(),
        },
    )


@staff_required
@GET_POST
def session_edit(request, pk):
    session = _staff_session(pk)
    sequence = session.sequence  # moved on by a change of time, length, place or link
    form = forms.SessionForm(request.POST or None, session=session)
    if acted(
        request,
        form,
        lambda data: services.session_update(
            session=session, by=request.user, **_session_fields(data)
        ),
        done=lambda saved: (
            "Session saved. Everyone booked is emailed the change."
            if saved.sequence != sequence
            else "Session saved."
        ),
    ):
        return redirect("support:session-detail", pk=session.pk)
    return _session_form_page(
        request, form, title="Change a session", workshop=session.workshop, submit="Save session"
    )


@staff_required
@GET_POST
def session_cancel(request, pk):
    session = _staff_session(pk)
    form = forms.forms.Form(posted(request))
    if acted(
        request,
        form,
        lambda data: services.session_cancel(session=session, by=request.user),
        done="Session cancelled. Everyone booked or waiting is told.",
    ):
        return redirect("support:manage")
    return form_page(
        request,
        title="Cancel this session",
        form=form,
        breadcrumbs=below_manage(),
        submit="Cancel the session",
        intro=[
            str(session),
            f"{session.booked_count} booked and {session.waiting_count} waiting will be emailed.",
        ],
        cancel=reverse("support:session-detail", args=[session.pk]),
        warning=True,
    )


@staff_required
@GET_POST
def attendance(request, pk):
    session = _staff_session(pk)
    bookings = (
        session.bookings.filter(status=Booking.Status.BOOKED)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    form = forms.AttendanceForm(request.POST or None, bookings=bookings)
    count = acted(
        request,
        form,
        lambda data: services.attendance_record(
            session=session, by=request.user, attended=form.attended()
        ),
        done=lambda count: f"Attendance saved: {sum(form.attended().values())} of {count} came.",
    )
    if count is not None:  # saved (of no bookings, too)
        return redirect("support:attendance", pk=session.pk)
    return render(
        request,
        "support/attendance.jinja",
        {
            "title": f"Attendance: {session.workshop.title}",
            "session": session,
            "form": form,
            "breadcrumbs": breadcrumbs(
                SUPPORT,
                manage_crumb(),
                (reverse("support:session-detail", args=[session.pk]), "Session"),
            ),
        },
    )


@staff_required
@require_safe
def report(request):
    months = queries.monthly_figures()
    return render(
        request,
        "support/report.jinja",
        {
            "title": "Workshops report",
            "months": months,
            "workshops": queries.workshop_figures(),
            "chart": charts.attendance_chart(months),
            "columns": queries.FIGURE_HEADER,
            "row": queries.figure_row,
            "breadcrumbs": below_manage(),
        },
    )


@staff_required
@require_safe
def report_csv(request):
    rows = [["month", *queries.figure_row(f)] for f in queries.monthly_figures()] + [
        ["workshop", *queries.figure_row(f)] for f in queries.workshop_figures()
    ]
    return csv_response("workshops-report.csv", ["Kind", *queries.FIGURE_HEADER], rows)


@staff_required
@require_safe
def resource_review(request):
    today = timezone.localdate()
    due = Resource.objects.due_for_review(today).defer(*LIST_FIELDS).order_by("review_on")
    return render(
        request,
        "support/resource_review.jinja",
        {
            "title": "Resources due for review",
            "page": page_of(request, due),
            "today": today,
            "breadcrumbs": breadcrumbs(SUPPORT, resources_crumb()),
        },
    )


def _resource_form(request, resource=None):
    form = forms.ResourceForm(request.POST or None, request.FILES or None, instance=resource)

    def run(data):
        fields = {name: data[name] for name in services.RESOURCE_FIELDS}
        upload = data.get("upload")
        document = services.Document(content=upload.read(), name=upload.name) if upload else None
        if resource is None:
            return services.resource_create(by=request.user, document=document, **fields)
        return services.resource_update(
            resource=resource, by=request.user, document=document, **fields
        )

    saved = acted(request, form, run, done=lambda saved: f"Saved: {saved.title}.")
    if saved:
        return redirect(saved.get_absolute_url())
    return form_page(
        request,
        title="Edit resource" if resource else "New resource",
        form=form,
        breadcrumbs=breadcrumbs(SUPPORT, resources_crumb()),
        submit="Save resource",
        cancel=reverse("support:resource-list"),
        enctype="multipart/form-data",
    )


@staff_required
@GET_POST
def resource_new(request):
    return _resource_form(request)


@staff_required
@GET_POST
def resource_edit(request, slug):
    return _resource_form(request, get_object_or_404(Resource.objects.defer("document"), slug=slug))
