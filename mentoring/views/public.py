"""Public scheme pages: the list of schemes and a scheme's page, open to everyone."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from config.breadcrumbs import breadcrumbs
from config.paging import page_of
from mentoring import eligibility, filters
from mentoring.models import (
    Participant,
    Scheme,
)
from mentoring.views._common import (
    MENTORING,
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
            "page": page_of(request, scheme_filter.qs),
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
            "breadcrumbs": breadcrumbs(MENTORING),
        },
    )


@require_safe
def find_mentor(request):
    """From a route-finder result: open schemes with mentors who hold or have held the role
    the visitor aims for (or the next role on their route), and careers support."""
    from pathways.queries import published_role_choices

    names = dict(published_role_choices())
    start, goal = request.GET.get("from", ""), request.GET.get("to", "")
    route = [slug for slug in request.GET.get("route", "").split(",") if slug in names]
    if goal not in names:
        goal = ""
    after_start = [slug for slug in route if slug != start]
    wanted = {goal, *after_start[:1]} - {""}
    schemes = []
    if wanted:
        movers = (
            Participant.objects.mentors()
            .active()
            .filter(scheme__status="open", available=True)
            .filter(Q(current_role__in=wanted) | Q(past_roles__overlap=list(wanted)))
        )
        schemes = list(
            Scheme.objects.filter(pk__in=movers.values("scheme_id")).order_by("name").distinct()
        )
    return render(
        request,
        "mentoring/find_mentor.jinja",
        {
            "title": "Find a mentor who has made this move",
            "start_name": names.get(start, ""),
            "goal_name": names.get(goal, ""),
            "schemes": schemes,
            "query": request.GET.urlencode(),
            "breadcrumbs": breadcrumbs(MENTORING),
        },
    )
