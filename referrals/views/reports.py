"""Careers staff's reports of the service, and the managers' audit trail."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.breadcrumbs import breadcrumbs
from config.downloads import csv_response
from config.paging import page_of
from referrals import forms, queries
from referrals.filters import AuditFilter
from referrals.models import AuditEvent
from referrals.views._common import CASELOAD, careers_staff_required, manager_required


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
    page = page_of(request, events, settings.REFERRALS_PAGE_SIZE)
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
