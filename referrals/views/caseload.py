"""Careers staff's pages: the caseload (the worklist) and its download, logging a referral
received by phone or email, and a referral's page with the actions its state offers."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.actions import GET_POST, acted
from config.breadcrumbs import breadcrumbs
from config.downloads import csv_response
from config.paging import page_of
from referrals import choices, forms, queries, services, submissions, workflow
from referrals.access import is_referrals_manager
from referrals.filters import CaseloadFilter
from referrals.models import Referral
from referrals.views._common import CASELOAD, careers_staff_required, plan_of
from referrals.views.actions import ACTION_PATHS

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


def _caseload_filter(request):
    return CaseloadFilter(
        request.GET,
        queryset=Referral.objects.visible_to(request.user).worklist_order(),
        user=request.user,
        advisers=queries.advisers(),
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
    page = page_of(request, queryset, settings.REFERRALS_PAGE_SIZE)
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
@GET_POST
@careers_staff_required
def log_referral(request):
    form = forms.StaffLogForm(request.POST or None)
    referral = acted(
        request,
        form,
        lambda data: submissions.referral_submit(
            **submissions.answers(data),
            source=data["source"],
            by=request.user,
        ),
        done=lambda referral: f"Referral {referral.reference} logged.",
    )
    if referral:
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
        if a in ACTION_PATHS
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
            "plan": plan_of(referral),
            "action_paths": ACTION_PATHS,
            "reason_labels": dict(choices.REASONS),
            "step_labels": STEP_LABELS,
            "breadcrumbs": breadcrumbs(CASELOAD),
        },
    )
