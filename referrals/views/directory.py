"""The signposting directory: services outside the portal that careers staff point people to."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.actions import GET_POST
from config.breadcrumbs import breadcrumbs
from config.paging import page_of
from referrals import forms
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
