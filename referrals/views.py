"""Pages of careers-support referrals. Views are thin: referral data comes only through
`Referral.objects.visible_to(user)` or the services (which audit the access); changes go
through the services. Every page here is sent with Cache-Control: no-store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from config.breadcrumbs import breadcrumbs, section
from config.client import client_address
from config.downloads import csv_response
from config.rules import RuleBroken
from referrals import choices, forms, queries, services, workflow
from referrals.access import is_careers_staff, is_referrals_manager
from referrals.filters import AuditFilter, CaseloadFilter, SupportServiceFilter
from referrals.models import AuditEvent, Referral, SupportPlan, SupportService
from referrals.workflow import TransitionNotAllowed

SENT_SALT = "referrals.sent"
SENT_MAX_AGE = 60 * 60  # seconds the confirmation link works

# The URL of each action page: /referrals/<reference>/<path>/ named referrals:action-<path>.
ACTION_PATHS = {
    workflow.TRIAGE: "triage",
    workflow.ALLOCATE: "allocate",
    workflow.RECORD_CONTACT: "first-contact",
    workflow.RECORD_SESSION: "session",
    workflow.SAVE_PLAN: "plan",
    workflow.SIGNPOST: "signpost",
    workflow.RETURN: "return",
    workflow.CLOSE: "close",
    workflow.REOPEN: "reopen",
    workflow.EDIT: "edit",
    workflow.SET_SHARING: "sharing",
    workflow.SHARE_UPDATE: "update",
}
STEP_LABELS = {
    **workflow.ACTION_LABELS,
    "create": "Referral received",
    workflow.RECORD_SESSION: "First session: support started",
    workflow.CLOSE: "Closed",
    workflow.RETURN: "Returned with advice",
    workflow.TRIAGE: "Triaged",
    workflow.ALLOCATE: "Allocated",
    workflow.REOPEN: "Reopened",
}


def careers_staff_required(view):
    """Anonymous visitors go to sign-in; signed-in users who are not careers staff get 403,
    or 404 on a page for one referral, exactly as for a reference that does not exist."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_careers_staff(request.user):
            if "reference" in kwargs:
                raise Http404("No such referral")
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_referrals_manager(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


CASELOAD = section("referrals:index", "Careers support")


def _page(request, queryset):
    return Paginator(queryset, settings.REFERRALS_PAGE_SIZE).get_page(request.GET.get("page"))


# --- Public pages -------------------------------------------------------------------------


@never_cache
@require_safe
def index(request):
    """Careers staff see the caseload; everyone else the explanation of the service."""
    if is_careers_staff(request.user):
        return caseload(request)
    return about(request)


@never_cache
@require_safe
def about(request):
    return render(
        request,
        "referrals/about.jinja",
        {
            "title": "Confidential careers support",
            "target_days": settings.REFERRALS_FIRST_CONTACT_TARGET_DAYS,
            "is_staff": is_careers_staff(request.user),
        },
    )


def _sent(source: str):
    """The confirmation page. Nothing is kept in the session: once the referral is stored,
    nothing else can fail before the sender is told (a session save failing after the commit
    used to answer 503 and invite a duplicate). The link carries only the kind of form, signed
    and short-lived, and the page is the same whatever happened to the referral."""
    token = signing.dumps(source, salt=SENT_SALT)
    return redirect(reverse("referrals:submitted") + "?" + urlencode({"sent": token}))


def _submit(request, form_class, source, template, title):
    form = form_class(request.POST or None)
    rate_limited = None
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            # Look the same as success to the bot; store and send nothing.
            return _sent(source)
        fields = services.Submission.__dataclass_fields__
        submission = services.Submission(
            **{name: value for name, value in form.cleaned_data.items() if name in fields}
        )
        try:
            services.referral_submit(
                submission=submission,
                source=source,
                site_url=request.build_absolute_uri("/"),
                client=client_address(request),
            )
        except services.EmailLimitReached:
            # Answered exactly as a stored referral: no hint about the address's history.
            return _sent(source)
        except services.RateLimited as error:
            rate_limited = error.message
            form.add_error(None, rate_limited)
        else:
            return _sent(source)
    return render(
        request,
        template,
        {
            "title": title,
            "form": form,
            "target_days": settings.REFERRALS_FIRST_CONTACT_TARGET_DAYS,
            "breadcrumbs": breadcrumbs(section("referrals:about", "Careers support")),
        },
        status=429 if rate_limited else 200,
    )


def _referral_form_page(form_class, source, template, title):
    """A public page with a referral form: sent, it becomes a referral from `source`."""

    @never_cache
    @require_http_methods(["GET", "HEAD", "POST"])
    def page(request):
        return _submit(request, form_class, source, template, title)

    return page


self_referral = _referral_form_page(
    forms.ReferralForm,
    choices.SELF_WEB,
    "referrals/self_referral.jinja",
    "Refer yourself for careers support",
)
educator_referral = _referral_form_page(
    forms.EducatorReferralForm,
    choices.EDUCATOR_WEB,
    "referrals/educator_referral.jinja",
    "Refer a trainee for careers support",
)


@never_cache
@require_safe
def submitted(request):
    try:
        source = signing.loads(request.GET.get("sent", ""), salt=SENT_SALT, max_age=SENT_MAX_AGE)
    except signing.BadSignature:
        return redirect("referrals:about")
    return render(
        request,
        "referrals/submitted.jinja",
        {
            "title": "Referral sent",
            "sent": {"source": source},
            "target_days": settings.REFERRALS_FIRST_CONTACT_TARGET_DAYS,
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def decline(request, token):
    reference = services.decline_reference(token)
    if reference is None:
        return render(
            request,
            "referrals/decline.jinja",
            {"title": "This link has expired or is not valid", "invalid": True},
            status=404,
        )
    if request.method == "POST":
        declined = services.referral_decline(token=token)
        return render(
            request,
            "referrals/decline.jinja",
            {
                "title": "Referral declined" if declined else "Nothing to decline",
                "done": True,
                "declined": declined,
                "reference": reference,
            },
        )
    return render(
        request,
        "referrals/decline.jinja",
        {"title": "Decline the referral", "reference": reference},
    )


# --- Caseload -----------------------------------------------------------------------------


def _caseload_filter(request):
    return CaseloadFilter(
        request.GET,
        queryset=Referral.objects.visible_to(request.user).worklist_order(),
        user=request.user,
        advisers=services.advisers(),
    )


@never_cache
@require_safe
@careers_staff_required
def caseload(request):
    caseload_filter = _caseload_filter(request)
    if caseload_filter.is_valid():
        queryset = caseload_filter.qs.select_related("adviser")
    else:
        queryset = caseload_filter.queryset.none()
    page = _page(request, queryset)
    rows = list(page.object_list)
    services.referrals_listed(by=request.user, referrals=rows, what="Listed in the caseload")
    today = timezone.localdate()
    return render(
        request,
        "referrals/caseload.jinja",
        {
            "title": "Careers support caseload",
            "filter": caseload_filter,
            "form": caseload_filter.form,
            "page": page,
            "rows": [
                {
                    "referral": r,
                    "waited": r.waiting_working_days(today),
                    "overdue": r.is_overdue(today),
                }
                for r in rows
            ],
            "target_days": settings.REFERRALS_FIRST_CONTACT_TARGET_DAYS,
            "is_manager": is_referrals_manager(request.user),
            "breadcrumbs": breadcrumbs(),
        },
    )


@never_cache
@require_safe
@careers_staff_required
def caseload_csv(request):
    caseload_filter = _caseload_filter(request)
    if not caseload_filter.is_valid():
        return redirect("referrals:index")
    today = timezone.localdate()
    rows = services.referrals_download(by=request.user, queryset=caseload_filter.qs)
    return csv_response(
        f"caseload-{today:%Y-%m-%d}.csv",
        [
            "Reference",
            "Name",
            "Email",
            "Source",
            "Grade",
            "Region",
            "Received",
            "State",
            "Priority",
            "Adviser",
            "First contact due",
            "First contact",
            "Working days waited",
            "Overdue",
            "Outcome",
        ],
        (
            [
                r.reference,
                r.name,
                r.email,
                r.get_source_display(),
                r.get_grade_display(),
                r.get_region_display(),
                timezone.localdate(r.received_at).isoformat(),
                r.get_state_display(),
                r.get_priority_display(),
                str(r.adviser) if r.adviser_id else "",
                r.first_contact_due.isoformat(),
                timezone.localdate(r.first_contact_at).isoformat() if r.first_contact_at else "",
                r.waiting_working_days(today),
                "yes" if r.is_overdue(today) else "",
                r.get_outcome_display(),
            ]
            for r in rows
        ),
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@careers_staff_required
def log_referral(request):
    form = forms.StaffLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = services.Submission.__dataclass_fields__
        referral = services.referral_submit(
            submission=services.Submission(
                **{k: v for k, v in form.cleaned_data.items() if k in fields}
            ),
            source=form.cleaned_data["source"],
            by=request.user,
        )
        messages.success(request, f"Referral {referral.reference} logged.")
        return redirect("referrals:detail", reference=referral.reference)
    return render(
        request,
        "referrals/log.jinja",
        {
            "title": "Log a referral received by phone or email",
            "form": form,
            "breadcrumbs": breadcrumbs(CASELOAD),
        },
    )


@never_cache
@require_safe
@careers_staff_required
def detail(request, reference):
    referral = services.referral_open(by=request.user, reference=reference)
    today = timezone.localdate()
    actions = [
        a
        for a in workflow.available_actions(
            referral.state,
            from_educator=referral.from_educator,
            anonymised=referral.anonymised_at is not None,
        )
        if a in ACTIONS
    ]
    return render(
        request,
        "referrals/detail.jinja",
        {
            "title": f"Referral {referral.reference}",
            "referral": referral,
            "waited": referral.waiting_working_days(today),
            "overdue": referral.is_overdue(today),
            "next_step": referral.next_step(),
            "actions": [(a, workflow.ACTION_LABELS[a]) for a in actions],
            "is_manager": is_referrals_manager(request.user),
            "plan": _plan_of(referral),
            "action_paths": ACTION_PATHS,
            "reason_labels": dict(choices.REASONS),
            "step_labels": STEP_LABELS,
            "breadcrumbs": breadcrumbs(CASELOAD),
        },
    )


def _plan_of(referral):
    try:
        return referral.plan
    except SupportPlan.DoesNotExist:
        return None


# --- Workflow actions: one page each, one service each ------------------------------------


@dataclass
class Action:
    form_class: type
    submit: str
    run: Callable  # (request, referral, cleaned_data) -> success message
    initial: Callable = lambda referral: {}  # noqa: E731
    needs_advisers: bool = False
    hint: str = ""


def _service(service: Callable, *fields: str, done: Callable) -> Callable:
    """An action's run: `service` called with the actor, the referral, the version the form
    was loaded at and the named form fields; `done(referral, data)` words the message."""

    def run(request, referral, data):
        service(
            by=request.user,
            referral=referral,
            version=data["version"],
            **{name: data[name] for name in fields},
        )
        return done(referral, data)

    return run


def _run_signpost(request, referral, data):
    services.referral_signpost(
        by=request.user,
        referral=referral,
        version=data["version"],
        service=data["service"],
        workshop=data["workshop"] or None,
        note=data["note"],
    )
    if data["workshop"]:
        return f"Workshop suggested: {data['workshop'][0]}."
    return f"Signposted to {data['service'].name}."


def _run_return(request, referral, data):
    services.referral_return(
        by=request.user,
        referral=referral,
        version=data["version"],
        reason=data["reason"],
        note=data["note"],
        services=list(data["services"]),
    )
    return f"{referral.reference} returned, and the advice emailed."


def _run_edit(request, referral, data):
    changes = {
        name: data[name]
        for name in data
        if name != "version" and data[name] != getattr(referral, name)
    }
    if not changes:
        return "Nothing was changed."
    services.referral_edit(
        by=request.user, referral=referral, version=data["version"], changes=changes
    )
    return "Details saved."


def _edit_initial(referral):
    names = list(services.PERSONAL_FIELDS)
    if referral.from_educator:
        names += list(services.REFERRER_FIELDS)
    return {name: getattr(referral, name) for name in names}


def _today(referral):
    return {"contacted_on": timezone.localdate()}


ACTIONS: dict[str, Action] = {
    workflow.TRIAGE: Action(
        forms.TriageForm,
        "Save triage",
        _service(
            services.referral_triage,
            "priority",
            "note",
            done=lambda r, d: f"{r.reference} triaged as {d['priority']}.",
        ),
        lambda r: {"priority": r.priority},
        hint="Urgent: distress, a deadline within weeks (such as an ARCP or a resignation), or "
        "ill health. Urgent referrals go to the top of the worklist.",
    ),
    workflow.ALLOCATE: Action(
        forms.AllocateForm,
        "Allocate",
        _service(
            services.referral_allocate,
            "adviser",
            "note",
            done=lambda r, d: f"{r.reference} allocated to {d['adviser']}.",
        ),
        lambda r: {"adviser": r.adviser_id},
        needs_advisers=True,
    ),
    workflow.RECORD_CONTACT: Action(
        forms.ContactForm,
        "Record first contact",
        _service(
            services.referral_record_contact,
            "contacted_on",
            "note",
            done=lambda r, d: "First contact recorded: support has started.",
        ),
        _today,
    ),
    workflow.RECORD_SESSION: Action(
        forms.SessionForm,
        "Record session",
        _service(
            services.referral_record_session,
            "held_on",
            "mode",
            "adviser",
            "minutes",
            "notes",
            done=lambda r, d: "Session recorded.",
        ),
        lambda r: {"held_on": timezone.localdate(), "adviser": r.adviser_id, "minutes": 45},
        needs_advisers=True,
    ),
    workflow.SAVE_PLAN: Action(
        forms.PlanForm,
        "Save plan",
        _service(
            services.referral_save_plan,
            "goals",
            "actions",
            "review_on",
            done=lambda r, d: "Support plan saved.",
        ),
        lambda r: (
            {"goals": plan.goals, "actions": plan.actions, "review_on": plan.review_on}
            if (plan := _plan_of(r))
            else {}
        ),
    ),
    workflow.SIGNPOST: Action(forms.SignpostForm, "Record signpost", _run_signpost),
    workflow.RETURN: Action(
        forms.ReturnForm,
        "Return referral",
        _run_return,
        hint="The person is emailed the reason, your advice and the services you choose.",
    ),
    workflow.CLOSE: Action(
        forms.CloseForm,
        "Close referral",
        _service(
            services.referral_close,
            "outcome",
            "note",
            done=lambda r, d: (
                f"{r.reference} closed: {dict(workflow.OUTCOMES)[d['outcome']].lower()}."
            ),
        ),
        hint="Plan agreed, resolved and referred elsewhere need support to have started.",
    ),
    workflow.REOPEN: Action(
        forms.ReopenForm,
        "Reopen referral",
        _service(services.referral_reopen, "reason", done=lambda r, d: f"{r.reference} reopened."),
    ),
    workflow.EDIT: Action(forms.EditDetailsForm, "Save details", _run_edit, _edit_initial),
    workflow.SET_SHARING: Action(
        forms.SharingForm,
        "Save",
        _service(
            services.referral_set_sharing,
            "level",
            done=lambda r, d: "What the trainee agreed to share is recorded.",
        ),
        lambda r: {"level": r.sharing_level},
        hint="Ask the trainee. Nothing is shared with the referrer unless they agree.",
    ),
    workflow.SHARE_UPDATE: Action(
        forms.UpdateForm,
        "Send update",
        _service(
            services.referral_share_update,
            "kind",
            "text",
            done=lambda r, d: "Update emailed to the referrer.",
        ),
        hint="Session notes are never shared. Write only what the trainee agreed to.",
    ),
}


def _action_form(action: Action, referral, data=None):
    form_class = action.form_class
    if form_class is forms.EditDetailsForm and referral.from_educator:
        form_class = forms.EditEducatorDetailsForm
    kwargs = {"advisers": services.advisers()} if action.needs_advisers else {}
    initial = {"version": referral.version, **action.initial(referral)}
    return form_class(data, initial=initial, **kwargs)


def _action_view(request, reference, name):
    action = ACTIONS[name]
    referral = services.referral_get_for_change(
        by=request.user, reference=reference, audit_view=request.method != "POST"
    )
    problem = None
    if not workflow.is_allowed(name, referral.state):
        problem = str(TransitionNotAllowed(_not_allowed_message(name, referral)))
    form = None if problem else _action_form(action, referral, request.POST or None)
    status = 200
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            message = action.run(request, referral, form.cleaned_data)
        except services.ReferralConflict as conflict:
            problem, status = str(conflict), 409
            referral = conflict.referral
            if workflow.is_allowed(name, referral.state):
                # Keep what they typed, now against the current version.
                data = request.POST.copy()
                data["version"] = str(referral.version)
                form = _action_form(action, referral, data)
            else:
                form = None
        except TransitionNotAllowed as refused:
            problem, status, form = str(refused), 409, form
        except RuleBroken as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, message)
            return redirect("referrals:detail", reference=referral.reference)
    elif request.method == "POST" and problem:
        status = 409
    return render(
        request,
        "referrals/action.jinja",
        {
            "title": f"{workflow.ACTION_LABELS[name]}: {referral.reference}",
            "heading": workflow.ACTION_LABELS[name],
            "referral": referral,
            "form": form,
            "action": action,
            "problem": problem,
            "breadcrumbs": breadcrumbs(
                CASELOAD,
                (reverse("referrals:detail", args=[referral.reference]), referral.reference),
            ),
        },
        status=status,
    )


def _not_allowed_message(name, referral):
    return (
        f"You cannot {workflow.ACTION_LABELS[name].lower()} now: {referral.reference} is "
        f"{referral.get_state_display().lower()}."
    )


def _make_action_view(name):
    @never_cache
    @require_http_methods(["GET", "HEAD", "POST"])
    @careers_staff_required
    def view(request, reference):
        return _action_view(request, reference, name)

    view.__name__ = f"action_{name}"
    return view


action_views = {name: _make_action_view(name) for name in ACTIONS}


# --- Reports ------------------------------------------------------------------------------


def _report(request):
    period = forms.ReportPeriodForm(request.GET or None)
    start = end = None
    if period.is_bound and period.is_valid():
        start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    return period, queries.referrals_report(user=request.user, start=start, end=end)


@never_cache
@require_safe
@careers_staff_required
def report(request):
    period, figures = _report(request)
    return render(
        request,
        "referrals/report.jinja",
        {
            "title": "Careers support reports",
            "form": period,
            "report": figures,
            "breadcrumbs": breadcrumbs(CASELOAD),
        },
    )


@never_cache
@require_safe
@careers_staff_required
def report_csv(request):
    _period, figures = _report(request)
    return csv_response(
        f"careers-support-report-{timezone.localdate():%Y-%m-%d}.csv",
        ["Measure", "Category", "Count", "Percent"],
        queries.report_csv_rows(figures),
    )


# --- Audit trail --------------------------------------------------------------------------


@never_cache
@require_safe
@manager_required
def audit_trail(request):
    audit_filter = AuditFilter(
        request.GET or None,
        queryset=AuditEvent.objects.visible_to(request.user).select_related("referral"),
    )
    events = audit_filter.qs if audit_filter.is_bound else audit_filter.queryset
    if audit_filter.is_bound and not audit_filter.is_valid():
        events = audit_filter.queryset.none()
    page = _page(request, events)
    return render(
        request,
        "referrals/audit.jinja",
        {
            "title": "Referrals audit trail",
            "form": audit_filter.form,
            "page": page,
            "breadcrumbs": breadcrumbs(CASELOAD),
        },
    )


# --- Signposting directory ----------------------------------------------------------------


@never_cache
@require_safe
@careers_staff_required
def service_list(request):
    service_filter = SupportServiceFilter(
        request.GET or None, queryset=SupportService.objects.all()
    )
    services_qs = service_filter.qs if service_filter.is_bound else service_filter.queryset
    if service_filter.is_bound and not service_filter.is_valid():
        services_qs = SupportService.objects.none()
    return render(
        request,
        "referrals/service_list.jinja",
        {
            "title": "Signposting directory",
            "form": service_filter.form,
            "page": _page(request, services_qs),
            "breadcrumbs": breadcrumbs(CASELOAD),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@careers_staff_required
def service_edit(request, pk=None):
    service = get_object_or_404(SupportService, pk=pk) if pk else None
    form = forms.SupportServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved.name} saved.")
        return redirect("referrals:service-list")
    return render(
        request,
        "referrals/service_form.jinja",
        {
            "title": f"Edit {service.name}" if service else "Add a support service",
            "form": form,
            "service": service,
            "breadcrumbs": breadcrumbs(
                CASELOAD, (reverse("referrals:service-list"), "Signposting directory")
            ),
        },
    )
