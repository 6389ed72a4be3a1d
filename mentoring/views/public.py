"""Public scheme pages: the list of schemes and a scheme's page, open to everyone."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from mentoring import eligibility, filters
from mentoring.models import (
    Participant,
    Scheme,
)
from mentoring.views._common import (
    _crumbs,
    _page,
)

# --- Public scheme pages -------------------------------------------------------------------


@require_safe
def index(request):
    schemes = Scheme.objects.prefetch_related("leaders").order_by("name")
    scheme_filter = filters.SchemeFilter(request.GET, queryset=schemes)
    led = []
    if request.user.is_authenticated and not request.user.is_superuser:
        led = list(Scheme.objects.managed_by(request.user))
    return render(
        request,
        "mentoring/index.jinja",
        {
            "title": "Mentoring schemes",
            "filter": scheme_filter,
            "page": _page(request, scheme_filter.qs),
            "led": led,
        },
    )


@require_safe
def scheme_detail(request, slug):
    scheme = get_object_or_404(Scheme.objects.prefetch_related("leaders"), slug=slug)
    mine = []
    if request.user.is_authenticated:
        mine = list(Participant.objects.filter(scheme=scheme, user=request.user).active())
    return render(
        request,
        "mentoring/scheme_detail.jinja",
        {
            "title": scheme.name,
            "scheme": scheme,
            "who_can_join": eligibility.who_can_join(scheme.rules),
            "closed_reasons": eligibility.reasons_closed(scheme.status),
            "mine": mine,
            "can_manage": scheme.is_managed_by(request.user),
            "breadcrumbs": _crumbs(),
        },
    )
