"""The signposting directory: services outside the portal that careers staff point people to."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.actions import GET_POST, acted, posted
from config.breadcrumbs import breadcrumbs
from config.paging import page_of
from referrals import admin_settings, forms
from referrals.filters import SupportServiceFilter
from referrals.models import SupportService
from referrals.views._common import CASELOAD, careers_staff_required


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
            "page": page_of(request, services_qs, settings.REFERRALS_PAGE_SIZE),
            "breadcrumbs": breadcrumbs(CASELOAD),
        },
    )


@never_cache
@GET_POST
@careers_staff_required
def service_edit(request, pk=None):
    service = get_object_or_404(SupportService, pk=pk) if pk else None
    form = forms.SupportServiceForm(posted(request), instance=service)

    def run(data):
        fields = {name: data[name] for name in admin_settings.SERVICE_FIELDS}
        if service is None:
            return admin_settings.support_service_add(by=request.user, **fields)
        return admin_settings.support_service_change(by=request.user, service=service, **fields)

    if acted(request, form, run, done=lambda saved: f"{saved.name} saved."):
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
