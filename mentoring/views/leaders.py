"""Leader pages: managing a scheme, its people, cohort matching, queries, concerns, breaches."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from config.actions import GET_POST, acted, posted
from config.breadcrumbs import breadcrumbs
from config.downloads import csv_response
from config.paging import PER_PAGE, page_of
from mentoring import concerns, eligibility, filters, forms, queries, services
from mentoring.models import (
    LIVE_STATUSES,
    Concern,
    DataBreach,
    Enquiry,
    Match,
    Participant,
)
from mentoring.views._common import (
    MENTORING,
    _action_page,
    _leader_page,
    _manage_crumbs,
    _managed_scheme,
    _offered_form,
    _scheme_crumb,
)

# --- Leader pages --------------------------------------------------------------------------


def _filtered_list(request, scheme, template, *, title, filterset, **extra):
    """A leader's filterable, paginated list of the scheme's records."""
    return _leader_page(
        request,
        scheme,
        template,
        title=title,
        filter=filterset,
        page=page_of(request, filterset.qs),
        **extra,
    )


@login_required
@require_safe
def scheme_manage(request, slug):
    scheme = _managed_scheme(request, slug)
    figures = queries.dashboard(scheme)
    overdue = Enquiry.objects.filter(scheme=scheme).overdue(timezone.localdate()).count()
    open_concerns = Concern.objects.filter(scheme=scheme, closed_at__isnull=True).count()
    return render(
        request,
        "mentoring/manage.jinja",
        {
            "title": f"Manage {scheme.name}",
            "scheme": scheme,
            "figures": figures,
            "overdue": overdue,
            "open_concerns": open_concerns,
            "breadcrumbs": breadcrumbs(MENTORING, _scheme_crumb(scheme)),
        },
    )


@login_required
@require_safe
def scheme_dashboard_csv(request, slug):
    scheme = _managed_scheme(request, slug)
    figures = queries.dashboard(scheme)
    return csv_response(
        f"{scheme.slug}-dashboard.csv",
        ["section", "figure", "value"],
        queries.dashboard_csv_rows(scheme, figures),
    )


@login_required
@GET_POST
def scheme_edit(request, slug):
    scheme = _managed_scheme(request, slug)
    form = forms.SchemeForm(posted(request), instance=scheme)
    manage = reverse("mentoring:scheme-manage", args=[scheme.slug])
    return _action_page(
        request,
        form,
        lambda data: services.scheme_update(
            scheme=scheme,
            by=request.user,
            description=data["description"],
            aims=data["aims"],
            diversity_aims=data["diversity_aims"],
            how_to_join=data["how_to_join"],
            status=data["status"],
            membership_required=data["membership_required"],
            allowed_grades=data["allowed_grades"],
            required_branch=data["required_branch"],
            required_network=data["required_network"],
            required_role=data["required_role"],
            required_setting=data["required_setting"],
            match_length_months=data["match_length_months"],
            default_mentor_capacity=data["default_mentor_capacity"],
            response_days=data["response_days"],
            minimum_score=data["minimum_score"],
        ),
        done="Scheme details saved.",
        then=manage,
        title=f"Edit {scheme.name}",
        breadcrumbs=_manage_crumbs(scheme),
        submit="Save scheme",
        cancel=manage,
    )


@login_required
@require_safe
def participant_list(request, slug):
    scheme = _managed_scheme(request, slug)
    people = (
        Participant.objects.filter(scheme=scheme)
        .select_related("user")
        .with_live_count()
        .order_by("role", "applied_at", "pk")
    )
    return _filtered_list(
        request,
        scheme,
        "mentoring/participant_list.jinja",
        title=f"Mentors and mentees in {scheme.name}",
        filterset=filters.ParticipantFilter(request.GET, queryset=people),
    )


@login_required
@require_safe
def match_list(request, slug):
    scheme = _managed_scheme(request, slug)
    matches = Match.objects.filter(scheme=scheme).with_people()
    return _filtered_list(
        request,
        scheme,
        "mentoring/match_list.jinja",
        title=f"Matches in {scheme.name}",
        filterset=filters.MatchFilter(request.GET, queryset=matches),
    )


def _proposed(result) -> str | None:
    count = len(result.created)
    if not count:
        return None
    return (
        f"{count} {'match' if count == 1 else 'matches'} proposed: the mentors and mentees "
        "are asked to accept."
    )


@login_required
@GET_POST
def cohort(request, slug):
    """The suggested cohort; proposing all of it or the ticked pairs. A refusal, or pairs the
    service could not propose, show the page again with the errors and the boxes as ticked."""
    scheme = _managed_scheme(request, slug)
    form = forms.CohortForm(posted(request))
    result = acted(
        request,
        form,
        lambda data: services.match_propose_many(
            scheme=scheme,
            pairs=queries.cohort_pairs(scheme) if data["all"] else data["pairs"],
            by=request.user,
        ),
        done=_proposed,
    )
    if result and not result.refused:
        return redirect("mentoring:cohort", scheme.slug)
    for _mentor, _mentee, reason in result.refused[:5] if result else ():
        form.add_error(None, f"A pair was not proposed: {reason}")
    solved = queries.cohort_page(
        scheme,
        page=request.GET.get("page"),
        waiting_page=request.GET.get("waiting"),
        per_page=PER_PAGE,
    )
    return _leader_page(
        request,
        scheme,
        "mentoring/cohort.jinja",
        title=f"Match the cohort: {scheme.name}",
        solved=solved,
        page=solved.page,
        waiting_page=solved.waiting_page,
        form=form,
        ticked=form.ticked(),
        closed_reasons=eligibility.reasons_closed(scheme.status),
    )


@login_required
@GET_POST
def mentee_suggestions(request, slug, pk):
    scheme = _managed_scheme(request, slug)
    mentee = get_object_or_404(
        Participant.objects.mentees().filter(scheme=scheme).select_related("user"), pk=pk
    )
    form = forms.MentorChoiceForm(
        posted(request), mentors=Participant.objects.filter(scheme=scheme).select_related("user")
    )
    match = acted(
        request,
        form,
        lambda data: services.match_propose(mentor=data["mentor"], mentee=mentee, by=request.user),
        done="Match proposed: both are asked to accept.",
    )
    if match:
        return redirect(match)
    suggestions = queries.suggestions_for(scheme, mentee)
    return _leader_page(
        request,
        scheme,
        "mentoring/suggestions.jinja",
        title=f"Mentors for {mentee.user}",
        crumbs=[(reverse("mentoring:cohort", args=[scheme.slug]), "Match the cohort")],
        mentee=mentee,
        page=page_of(request, suggestions),
        live=Match.objects.filter(mentee=mentee, status__in=LIVE_STATUSES).first(),
        form=form,
        chosen=getattr(form, "cleaned_data", {}).get("mentor"),  # the pick refused
    )


@login_required
@require_safe
def enquiry_list(request, slug):
    scheme = _managed_scheme(request, slug)
    enquiries = Enquiry.objects.filter(scheme=scheme).select_related("sender")
    return _filtered_list(
        request,
        scheme,
        "mentoring/enquiry_list.jinja",
        title=f"Queries to {scheme.name}",
        filterset=filters.EnquiryFilter(request.GET, queryset=enquiries),
        today=timezone.localdate(),
    )


@login_required
@require_safe
def concern_list(request, slug):
    scheme = _managed_scheme(request, slug)
    concerns = Concern.objects.filter(scheme=scheme).select_related(
        "raised_by", "match__mentor__user", "match__mentee__user"
    )
    return _filtered_list(
        request,
        scheme,
        "mentoring/concern_list.jinja",
        title=f"Concerns in {scheme.name}",
        filterset=filters.ConcernFilter(request.GET, queryset=concerns),
    )


@login_required
@GET_POST
def concern_detail(request, slug, pk):
    scheme = _managed_scheme(request, slug)
    concern = get_object_or_404(
        Concern.objects.filter(scheme=scheme).select_related(
            "raised_by", "closed_by", "match__mentor__user", "match__mentee__user"
        ),
        pk=pk,
    )
    form = _offered_form(request, forms.ConcernCloseForm, offered=concern.is_open)
    if form is not None and acted(
        request,
        form,
        lambda data: concerns.concern_close(concern=concern, by=request.user, notes=data["notes"]),
        done="Concern closed.",
        field="notes",
    ):
        return redirect("mentoring:concern-detail", scheme.slug, concern.pk)
    return _leader_page(
        request,
        scheme,
        "mentoring/concern_detail.jinja",
        title="Concern about a match",
        crumbs=[(reverse("mentoring:concern-list", args=[scheme.slug]), "Concerns")],
        concern=concern,
        form=form,
    )


@login_required
@require_safe
def breach_list(request, slug):
    scheme = _managed_scheme(request, slug)
    breaches = DataBreach.objects.filter(scheme=scheme).select_related("recorded_by")
    return _leader_page(
        request,
        scheme,
        "mentoring/breach_list.jinja",
        title=f"Data breaches: {scheme.name}",
        page=page_of(request, breaches),
    )


@login_required
@GET_POST
def breach_create(request, slug):
    scheme = _managed_scheme(request, slug)
    form = forms.BreachForm(posted(request))
    breaches = reverse("mentoring:breach-list", args=[scheme.slug])
    return _action_page(
        request,
        form,
        lambda data: concerns.breach_record(
            scheme=scheme,
            by=request.user,
            discovered_at=data["discovered_at"],
            occurred_at=data["occurred_at"],
            description=data["description"],
            people_affected=data["people_affected"],
            actions_taken=data["actions_taken"],
        ),
        # The email is written to the outbox with the breach, so it is always on its way.
        done="Breach recorded and the careers team told by email.",
        then=breaches,
        title="Record a data breach",
        breadcrumbs=_manage_crumbs(scheme, (breaches, "Data breaches")),
        submit="Record breach and tell the careers team",
        intro=[
            "Record any loss or disclosure of personal data about the scheme's mentors or "
            "mentees. The careers team is emailed at once so that they can decide within 72 "
            "hours whether to report it to the Information Commissioner's Office."
        ],
        cancel=breaches,
    )


@login_required
@GET_POST
def membership_decide(request, slug, pk):
    """A leader confirms (or refuses) the membership number an applicant gave."""
    scheme = _managed_scheme(request, slug)
    participant = get_object_or_404(
        Participant.objects.filter(scheme=scheme).select_related("user", "scheme"), pk=pk
    )
    form = forms.MembershipDecisionForm(posted(request))
    body = scheme.membership_body or "the scheme's membership"
    return _action_page(
        request,
        form,
        lambda data: services.participant_membership_decide(
            participant=participant,
            by=request.user,
            accepted=data["decision"] == "confirm",
            reason=data["reason"],
        ),
        done="Decision recorded and the applicant told by email.",
        then=participant,
        title=f"Check {participant.user}'s membership",
        breadcrumbs=_manage_crumbs(scheme),
        submit="Record decision",
        intro=[
            f"{participant.user} gave the {body} membership number "
            f"{participant.membership_number or '(none)'}. Check it with {body}."
        ],
        cancel=participant.get_absolute_url(),
    )
