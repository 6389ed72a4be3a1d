"""Pages of workshops and resources. Thin: objects come through querysets scoped to the user
(a booking is its booker's: 404 for anyone else), staff pages are for careers staff (403 for
other signed-in users), and every change is one service call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from accounts import roles
from accounts.permissions import role_required
from config.breadcrumbs import breadcrumbs, section
from config.downloads import csv_response
from support import charts, filters, forms, ics, queries, services, vocab
from support.models import Booking, Resource, Session, Workshop
from support.services import RuleBroken, SessionFull

PER_PAGE = 20
GET_POST = require_http_methods(["GET", "HEAD", "POST"])
staff_required = role_required(roles.CAREERS_STAFF)


def _page(request, queryset, per_page=PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


SUPPORT = section("support:index", "Workshops and resources")


def _workshops_crumb():
    return (reverse("support:workshop-list"), "Workshops")


def _manage_crumb():
    return (reverse("support:manage"), "Manage workshops")


def _below_manage():
    """Breadcrumbs for careers staff's workshop pages: workshops, then managing them."""
    return breadcrumbs(SUPPORT, _workshops_crumb(), _manage_crumb())


def _resources_crumb():
    return (reverse("support:resource-list"), "Resources")


def _sessions_with_counts():
    return Session.objects.with_counts().order_by("starts_at", "pk")


def _form_page(request, *, title, form, breadcrumbs, submit, intro=(), cancel=None, **extra):
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
    workshop_filter = filters.WorkshopFilter(request.GET, queryset=workshops)
    return render(
        request,
        "support/workshop_list.jinja",
        {
            "title": "Careers workshops",
            "filter": workshop_filter,
            "page": _page(request, workshop_filter.qs),
            "breadcrumbs": breadcrumbs(SUPPORT),
        },
    )


def _published_workshop(request, slug) -> Workshop:
    workshop = get_object_or_404(Workshop, slug=slug)
    if not workshop.is_published and not services.is_careers_staff(request.user):
        raise Http404("No such workshop")
    return workshop


def _detail(request, workshop, form=None, *, status=200, offer_waiting=False):
    now = timezone.now()
    sessions = list(_sessions_with_counts().filter(workshop=workshop))
    upcoming = [s for s in sessions if s.status == Session.Status.SCHEDULED and s.starts_at > now]
    bookable = [s for s in upcoming if s.booking_closes_at > now]
    mine = None
    if request.user.is_authenticated:
        mine = (
            Booking.objects.filter(workshop=workshop, user=request.user, status__in=Booking.ACTIVE)
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
            "breadcrumbs": breadcrumbs(SUPPORT, _workshops_crumb()),
        },
        status=status,
    )


@require_safe
def workshop_detail(request, slug):
    return _detail(request, _published_workshop(request, slug))


@login_required
@require_http_methods(["POST"])
def workshop_book(request, slug):
    workshop = _published_workshop(request, slug)
    bookable = list(
        _sessions_with_counts().filter(workshop=workshop, status=Session.Status.SCHEDULED)
    )
    form = forms.BookingForm(request.POST, workshop=workshop, sessions=bookable)
    if not form.is_valid():
        return _detail(request, workshop, form)
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
        return _detail(request, workshop, form, offer_waiting=True)
    except RuleBroken as refusal:
        problems = services.eligibility_problems(workshop, audience)
        if problems:
            for name, text in problems.items():
                form.add_error(name, text)
        else:
            form.add_error("session", refusal.message)
        return _detail(request, workshop, form)
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
    past = [b for b in bookings if b not in current]
    return render(
        request,
        "support/my_bookings.jinja",
        {
            "title": "Your workshop bookings",
            "current": current,
            "past": past[:50],
            "now": now,
            "breadcrumbs": breadcrumbs(SUPPORT, _workshops_crumb()),
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
    form = forms.forms.Form(request.POST or None)
    title = "Cancel your place"
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking, by=request.user)
        except RuleBroken as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"Cancelled: {booking.session.workshop.title}.")
            return redirect("support:my-bookings")
    return _form_page(
        request,
        title=title,
        form=form,
        breadcrumbs=breadcrumbs(
            SUPPORT,
            _workshops_crumb(),
            (reverse("support:my-bookings"), "Your bookings"),
        ),
        submit="Cancel my place",
        intro=[
            f"{booking.session.workshop.title}: "
            f"{timezone.localtime(booking.session.starts_at):%A %-d %B %Y, %H:%M}.",
            "If someone is waiting, your place goes to them.",
        ],
        cancel=reverse("support:my-bookings"),
        warning=True,
    )


@login_required
@GET_POST
def feedback(request, pk):
    booking = _own_booking(request, pk)
    crumbs = breadcrumbs(
        SUPPORT, _workshops_crumb(), (reverse("support:my-bookings"), "Your bookings")
    )
    form = forms.FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                booking=booking,
                by=request.user,
                rating=form.cleaned_data["rating"],
                comments=form.cleaned_data["comments"],
            )
        except RuleBroken as refusal:
            form.add_error("rating", refusal.message)
        else:
            messages.success(request, "Thank you for your feedback.")
            return redirect("support:my-bookings")
    return _form_page(
        request,
        title=f"Feedback: {booking.session.workshop.title}",
        form=form,
        breadcrumbs=crumbs,
        submit="Send feedback",
    )


# --- Workshops: careers staff ---------------------------------------------------------------


@staff_required
@require_safe
def manage(request):
    workshops = Workshop.objects.prefetch_related(
        Prefetch("sessions", queryset=_sessions_with_counts())
    ).order_by("title")
    return render(
        request,
        "support/manage.jinja",
        {
            "title": "Manage workshops",
            "page": _page(request, workshops),
            "now": timezone.now(),
            "breadcrumbs": breadcrumbs(SUPPORT, _workshops_crumb()),
        },
    )


def _workshop_form(request, workshop=None):
    form = forms.WorkshopForm(request.POST or None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "title": data["title"],
            "slug": data["slug"],
            "summary": data["summary"],
            "facilitator": data["facilitator"],
            "open_to_all": data["open_to_all"],
            "professions": data["professions"],
            "grades": data["grades"],
            "regions": data["regions"],
            "is_published": data["is_published"],
        }
        try:
            if workshop is None:
                workshop = services.workshop_create(by=request.user, **fields)
            else:
                workshop = services.workshop_update(workshop=workshop, by=request.user, **fields)
        except services.SlugTaken as refused:
            form.add_error("slug", refused.message)
        else:
            messages.success(request, f"Saved: {workshop.title}.")
            return redirect("support:manage")
    return _form_page(
        request,
        title="Edit workshop" if workshop else "New workshop",
        form=form,
        breadcrumbs=_below_manage(),
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
    return _form_page(
        request,
        title=title,
        form=form,
        breadcrumbs=_below_manage(),
        submit=submit,
        intro=[workshop.title],
        cancel=reverse("support:manage"),
    )


@staff_required
@GET_POST
def session_new(request, slug):
    workshop = get_object_or_404(Workshop, slug=slug)
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(workshop=workshop, by=request.user, **_session_fields(form))
        except RuleBroken as refusal:
            form.add_rule_error(refusal.message)
        else:
            messages.success(request, "Session added.")
            return redirect("support:manage")
    return _session_form_page(
        request, form, title="Add a session", workshop=workshop, submit="Add session"
    )


def _session_fields(form) -> dict:
    """The session's fields from its form, for session_create and session_update."""
    data = form.cleaned_data
    return {
        "starts_at": data["starts_at"],
        "minutes": data["minutes"],
        "format": data["format"],
        "place": data["place"],
        "access_note": data["access_note"],
        "joining_link": data["joining_link"],
        "capacity": data["capacity"],
        "booking_closes_at": data["booking_closes_at"],
    }


def _staff_session(pk) -> Session:
    return get_object_or_404(_sessions_with_counts().select_related("workshop"), pk=pk)


@staff_required
@require_safe
def session_detail(request, pk):
    session = _staff_session(pk)
    bookings = session.bookings.filter(status__in=Booking.ACTIVE).select_related("user")
    return render(
        request,
        "support/session_detail.jinja",
        {
            "title": str(session),
            "session": session,
            "booked": [b for b in bookings if b.status == Booking.Status.BOOKED],
            "waiting": [b for b in bookings if b.status == Booking.Status.WAITING],
            "now": timezone.now(),
            "breadcrumbs": _below_manage(),
        },
    )


@staff_required
@GET_POST
def session_edit(request, pk):
    session = _staff_session(pk)
    form = forms.SessionForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, by=request.user, **_session_fields(form))
        except RuleBroken as refusal:
            form.add_rule_error(refusal.message)
        else:
            messages.success(request, "Session saved. Anyone booked is told of a change.")
            return redirect("support:session-detail", pk=session.pk)
    return _session_form_page(
        request, form, title="Change a session", workshop=session.workshop, submit="Save session"
    )


@staff_required
@GET_POST
def session_cancel(request, pk):
    session = _staff_session(pk)
    form = forms.forms.Form(request.POST or None)
    if request.method == "POST":
        try:
            services.session_cancel(session=session, by=request.user)
        except RuleBroken as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Session cancelled. Everyone booked or waiting is told.")
            return redirect("support:manage")
    return _form_page(
        request,
        title="Cancel this session",
        form=form,
        breadcrumbs=_below_manage(),
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
    if request.method == "POST" and form.is_valid():
        try:
            count = services.attendance_record(
                session=session, by=request.user, attended=form.attended()
            )
        except RuleBroken as refusal:
            form.add_error(None, refusal.message)
        else:
            came = sum(form.attended().values())
            messages.success(request, f"Attendance saved: {came} of {count} came.")
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
                _manage_crumb(),
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
            "breadcrumbs": _below_manage(),
        },
    )


@staff_required
@require_safe
def report_csv(request):
    rows = [["month", *queries.figure_row(f)] for f in queries.monthly_figures()] + [
        ["workshop", *queries.figure_row(f)] for f in queries.workshop_figures()
    ]
    return csv_response("workshops-report.csv", ["Kind", *queries.FIGURE_HEADER], rows)


# --- Resources -----------------------------------------------------------------------------

LIST_FIELDS = ("document", "body")


@require_safe
def resource_list(request):
    resources = Resource.objects.published().defer(*LIST_FIELDS).order_by("title")
    resource_filter = filters.ResourceFilter(request.GET, queryset=resources)
    return render(
        request,
        "support/resource_list.jinja",
        {
            "title": "Careers resources",
            "filter": resource_filter,
            "page": _page(request, resource_filter.qs),
            "vocab": vocab,
            "is_staff": services.is_careers_staff(request.user),
            "breadcrumbs": breadcrumbs(SUPPORT),
        },
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
            "breadcrumbs": breadcrumbs(SUPPORT, _resources_crumb()),
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
            "size": forms.file_size(resource.document_size) if resource.document_size else "",
            "is_staff": services.is_careers_staff(request.user),
            "breadcrumbs": breadcrumbs(SUPPORT, _resources_crumb()),
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
            "page": _page(request, due),
            "today": today,
            "breadcrumbs": breadcrumbs(SUPPORT, _resources_crumb()),
        },
    )


def _resource_form(request, resource=None):
    form = forms.ResourceForm(request.POST or None, request.FILES or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "kind": data["kind"],
            "title": data["title"],
            "slug": data["slug"],
            "summary": data["summary"],
            "body": data["body"],
            "url": data["url"],
            "publisher": data["publisher"],
            "checked_on": data["checked_on"],
            "accessibility_note": data["accessibility_note"],
            "audiences": data["audiences"],
            "topics": data["topics"],
            "roles": data["roles"],
            "review_on": data["review_on"],
            "owner": data["owner"],
            "is_published": data["is_published"],
        }
        upload = data.get("upload")
        document = services.Document(content=upload.read(), name=upload.name) if upload else None
        try:
            if resource is None:
                resource = services.resource_create(by=request.user, document=document, **fields)
            else:
                resource = services.resource_update(
                    resource=resource, by=request.user, document=document, **fields
                )
        except services.SlugTaken as refused:
            form.add_error("slug", refused.message)
        else:
            messages.success(request, f"Saved: {resource.title}.")
            return redirect(resource.get_absolute_url())
    return _form_page(
        request,
        title="Edit resource" if resource else "New resource",
        form=form,
        breadcrumbs=breadcrumbs(SUPPORT, _resources_crumb()),
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
