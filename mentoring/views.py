"""Mentoring pages. Thin: each finds its objects through a user-scoped queryset (404 for what
the user may not see) or a permission check (403), and calls a service for every change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.downloads import csv_response
from mentoring import eligibility, filters, forms, queries, services, vocab
from mentoring.models import (
    LIVE_STATUSES,
    Concern,
    DataBreach,
    Enquiry,
    Feedback,
    Match,
    MatchStatus,
    Participant,
    ProposalStatus,
    Scheme,
    SchemeProposal,
)
from mentoring.services import RuleBroken

PER_PAGE = 20
GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _page(request, queryset, per_page=PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _crumbs(*items):
    return [{"href": reverse("mentoring:index"), "text": "Mentoring"}, *items]


def _scheme_crumb(scheme):
    return {"href": scheme.get_absolute_url(), "text": scheme.name}


def _manage_crumb(scheme):
    return {"href": reverse("mentoring:scheme-manage", args=[scheme.slug]), "text": "Manage"}


def _managed_scheme(request, slug) -> Scheme:
    scheme = get_object_or_404(Scheme, slug=slug)
    if not scheme.is_managed_by(request.user):
        raise PermissionDenied
    return scheme


def _form_page(
    request, *, title, form, breadcrumbs, submit, intro=(), rows=(), cancel=None, **extra
):
    return render(
        request,
        "mentoring/form_page.jinja",
        {
            "title": title,
            "form": form,
            "breadcrumbs": breadcrumbs,
            "submit": submit,
            "intro": intro,
            "rows": rows,
            "cancel": cancel,
            **extra,
        },
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


@login_required
@GET_POST
def apply(request, slug, role):
    if role not in (vocab.MENTOR, vocab.MENTEE):
        raise Http404
    scheme = get_object_or_404(Scheme, slug=slug)
    title = f"Apply to be a {role}"
    crumbs = _crumbs(_scheme_crumb(scheme))
    closed = eligibility.reasons_closed(scheme.status)
    if closed:
        return render(
            request,
            "mentoring/refused.jinja",
            {"title": title, "reasons": closed, "scheme": scheme, "breadcrumbs": crumbs},
        )
    existing = Participant.objects.active().filter(scheme=scheme, user=request.user, role=role)
    if existing.exists():
        return render(
            request,
            "mentoring/refused.jinja",
            {
                "title": title,
                "reasons": [f"You have already applied to this scheme as a {role}."],
                "heading": "You have applied already",
                "existing": existing.first(),
                "scheme": scheme,
                "breadcrumbs": crumbs,
            },
        )
    form = forms.ApplicationForm(request.POST or None, role=role, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_apply(
                scheme=scheme, user=request.user, role=role, data=form.cleaned_data
            )
        except RuleBroken as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"Your application to {scheme.name} is in.")
            return redirect(participant)
    return _form_page(
        request,
        title=title,
        form=form,
        breadcrumbs=crumbs,
        submit="Send application",
        intro=[f"{scheme.name}. " + " ".join(eligibility.who_can_join(scheme.rules))],
        cancel=scheme.get_absolute_url(),
    )


# --- Scheme proposals ----------------------------------------------------------------------


@login_required
@GET_POST
def proposal_create(request):
    form = forms.ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = services.proposal_submit(proposer=request.user, data=form.cleaned_data)
        messages.success(request, "Your proposal has been sent to the admins for review.")
        return redirect(proposal)
    return _form_page(
        request,
        title="Propose a mentoring scheme",
        form=form,
        breadcrumbs=_crumbs(),
        submit="Send proposal",
        intro=[
            "Tell us about the scheme you would like to lead. An admin reviews every proposal: "
            "they may approve it, ask for changes or decline it, with notes for you. When it is "
            "approved, the scheme is created with you as its leader."
        ],
    )


@login_required
@require_safe
def proposal_list(request):
    proposals = SchemeProposal.objects.visible_to(request.user).select_related("proposer", "scheme")
    proposal_filter = filters.ProposalFilter(request.GET, queryset=proposals)
    return render(
        request,
        "mentoring/proposal_list.jinja",
        {
            "title": "Scheme proposals" if request.user.is_superuser else "Your scheme proposals",
            "filter": proposal_filter,
            "page": _page(request, proposal_filter.qs),
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
@GET_POST
def proposal_detail(request, pk):
    proposal = get_object_or_404(
        SchemeProposal.objects.visible_to(request.user).select_related(
            "proposer", "scheme", "reviewed_by"
        ),
        pk=pk,
    )
    review_form = None
    if request.user.is_superuser and proposal.status == ProposalStatus.SUBMITTED:
        review_form = forms.ReviewForm(request.POST or None)
        if request.method == "POST" and review_form.is_valid():
            try:
                proposal = services.proposal_review(
                    proposal=proposal,
                    reviewer=request.user,
                    decision=review_form.cleaned_data["decision"],
                    notes=review_form.cleaned_data["notes"],
                )
            except RuleBroken as refusal:
                review_form.add_error(None, refusal.message)
            else:
                messages.success(request, f"Proposal {proposal.get_status_display().lower()}.")
                return redirect(proposal)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "mentoring/proposal_detail.jinja",
        {
            "title": f"Proposal: {proposal.name}",
            "proposal": proposal,
            "form": review_form,
            "breadcrumbs": _crumbs(
                {"href": reverse("mentoring:proposal-list"), "text": "Scheme proposals"}
            ),
        },
    )


@login_required
@GET_POST
def proposal_edit(request, pk):
    proposal = get_object_or_404(SchemeProposal.objects.visible_to(request.user), pk=pk)
    if proposal.proposer_id != request.user.pk:
        raise PermissionDenied
    if proposal.status != ProposalStatus.CHANGES_REQUESTED:
        messages.error(request, "You can change a proposal only when the admins ask for changes.")
        return redirect(proposal)
    form = forms.ProposalForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        proposal = services.proposal_resubmit(proposal=proposal, by=request.user, data=data)
        messages.success(request, "Your changed proposal has been sent for review.")
        return redirect(proposal)
    return _form_page(
        request,
        title=f"Change your proposal: {proposal.name}",
        form=form,
        breadcrumbs=_crumbs({"href": proposal.get_absolute_url(), "text": proposal.name}),
        submit="Send changed proposal",
        intro=[f"The admins asked for changes: {proposal.review_notes}"],
        cancel=proposal.get_absolute_url(),
    )


# --- The member's own pages ----------------------------------------------------------------


@login_required
@require_safe
def my_mentoring(request):
    user = request.user
    applications = (
        Participant.objects.filter(user=user).select_related("scheme").order_by("-applied_at")
    )
    matches = (
        Match.objects.filter(Q(mentor__user=user) | Q(mentee__user=user))
        .with_people()
        .order_by("-proposed_at")
    )
    return render(
        request,
        "mentoring/mine.jinja",
        {
            "title": "Your mentoring",
            "applications": _page(request, applications),
            "matches": list(matches[:50]),
            "enquiries": list(Enquiry.objects.filter(sender=user).select_related("scheme")[:20]),
            "proposals": list(SchemeProposal.objects.filter(proposer=user)[:20]),
            "breadcrumbs": _crumbs(),
            "today": timezone.localdate(),
        },
    )


def _participant_for(request, pk) -> Participant:
    return get_object_or_404(
        Participant.objects.visible_to(request.user).select_related("scheme", "user"), pk=pk
    )


def _may_act_for(request, participant) -> bool:
    return request.user.pk == participant.user_id or participant.scheme.is_managed_by(request.user)


@login_required
@require_safe
def participant_detail(request, pk):
    participant = _participant_for(request, pk)
    matches = (
        Match.objects.filter(Q(mentor=participant) | Q(mentee=participant))
        .with_people()
        .order_by("-proposed_at")
    )
    is_leader = participant.scheme.is_managed_by(request.user)
    return render(
        request,
        "mentoring/participant_detail.jinja",
        {
            "title": f"{participant.user}: {participant.get_role_display().lower()} in "
            f"{participant.scheme.name}",
            "participant": participant,
            "matches": list(matches),
            "show_characteristics": participant.characteristics_visible_to(request.user),
            "is_leader": is_leader,
            "is_self": participant.user_id == request.user.pk,
            "waiting": is_leader
            and Participant.objects.filter(pk=participant.pk).waiting_mentees().exists(),
            "breadcrumbs": _crumbs(
                _scheme_crumb(participant.scheme),
            ),
        },
    )


@login_required
@GET_POST
def participant_preparation(request, pk):
    participant = _participant_for(request, pk)
    if not _may_act_for(request, participant) or not participant.is_mentor:
        raise PermissionDenied
    form = forms.PreparationForm(
        request.POST or None,
        initial={
            "completed_on": participant.preparation_completed_on,
            "notes": participant.preparation_notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_record_preparation(
                participant=participant,
                by=request.user,
                completed_on=form.cleaned_data["completed_on"],
                notes=form.cleaned_data["notes"],
            )
        except RuleBroken as refusal:
            form.add_error("completed_on", refusal.message)
        else:
            messages.success(request, "Preparation recorded: you can now be matched.")
            return redirect(participant)
    return _form_page(
        request,
        title="Record your mentor preparation",
        form=form,
        breadcrumbs=_crumbs(
            _scheme_crumb(participant.scheme),
            {"href": participant.get_absolute_url(), "text": "Application"},
        ),
        submit="Record preparation",
        intro=[
            "Mentors complete the scheme's preparation (a short course on mentoring, "
            "boundaries and confidentiality) before they can be matched."
        ],
        cancel=participant.get_absolute_url(),
    )


@login_required
@require_POST
def participant_availability(request, pk):
    participant = _participant_for(request, pk)
    if not _may_act_for(request, participant):
        raise PermissionDenied
    available = request.POST.get("available") == "yes"
    try:
        services.participant_set_availability(
            participant=participant, by=request.user, available=available
        )
    except RuleBroken as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            "You are available for new matches again."
            if available
            else "Your availability is paused: you will not be offered new matches.",
        )
    return redirect(participant)


@login_required
@GET_POST
def participant_withdraw(request, pk):
    participant = _participant_for(request, pk)
    if not _may_act_for(request, participant):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.participant_withdraw(participant=participant, by=request.user)
        except RuleBroken as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "The application has been withdrawn.")
        return redirect(participant)
    return render(
        request,
        "mentoring/confirm.jinja",
        {
            "title": "Withdraw this application?",
            "text": f"{participant.user} will no longer take part in {participant.scheme.name} "
            f"as a {participant.role}.",
            "submit": "Withdraw",
            "cancel": participant.get_absolute_url(),
            "breadcrumbs": _crumbs(_scheme_crumb(participant.scheme)),
        },
    )


# --- Matches -----------------------------------------------------------------------------


def _match_for(request, pk) -> Match:
    return get_object_or_404(Match.objects.visible_to(request.user).with_people(), pk=pk)


def _match_crumbs(match):
    return _crumbs(_scheme_crumb(match.scheme), {"href": match.get_absolute_url(), "text": "Match"})


def _participant_only(request, match) -> str:
    side = match.side_of(request.user)
    if side is None:
        raise PermissionDenied
    return side


def _refuse_wrong_state(request, match, *states, doing):
    if match.status not in states:
        messages.error(
            request,
            f"This match is {match.get_status_display().lower()}: you cannot {doing}.",
        )
        return redirect(match)
    return None


@login_required
@require_safe
def match_detail(request, pk):
    match = _match_for(request, pk)
    user = request.user
    side = match.side_of(user)
    is_leader = match.scheme.is_managed_by(user)
    feedback = list(Feedback.objects.filter(match=match).select_related("author"))
    if not is_leader:
        feedback = [item for item in feedback if item.author_id == user.pk]
    return render(
        request,
        "mentoring/match_detail.jinja",
        {
            "title": f"Match: {match.mentor.user} and {match.mentee.user}",
            "match": match,
            "side": side,
            "is_leader": is_leader,
            "reasons": match.reasons_for(user),
            "show_mentee_characteristics": is_leader
            or side == vocab.MENTEE
            or (side == vocab.MENTOR and match.mentee.share_with_mentor),
            "show_mentor_characteristics": is_leader
            or side == vocab.MENTOR
            or (side == vocab.MENTEE and match.mentor.share_with_mentee),
            "meetings": list(match.meetings.select_related("logged_by")),
            "progress": list(match.progress_updates.select_related("author")),
            "feedback": feedback,
            "has_given_feedback": any(item.author_id == user.pk for item in feedback),
            "concern_count": match.concerns.count() if is_leader else None,
            "breadcrumbs": _crumbs(_scheme_crumb(match.scheme)),
        },
    )


@login_required
@GET_POST
def match_respond(request, pk):
    match = _match_for(request, pk)
    side = _participant_only(request, match)
    refused = _refuse_wrong_state(
        request, match, MatchStatus.PROPOSED, doing="accept or decline it now"
    )
    if refused:
        return refused
    if match.has_accepted(side):
        messages.error(request, "You have accepted this match already.")
        return redirect(match)
    form = forms.RespondForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            match = services.match_respond(
                match=match, by=request.user, accept=accept, reason=form.cleaned_data["reason"]
            )
        except RuleBroken as refusal:
            messages.error(request, refusal.message)
        else:
            if match.status == MatchStatus.ACTIVE:
                messages.success(request, "You have both accepted: the match is active.")
            elif accept:
                messages.success(request, "Accepted. The match starts when you have both accepted.")
            else:
                messages.success(request, "You have declined the match.")
        return redirect(match)
    other = match.mentee if side == vocab.MENTOR else match.mentor
    return _form_page(
        request,
        title="Accept or decline this match",
        form=form,
        breadcrumbs=_match_crumbs(match),
        submit="Send answer",
        rows=[
            ("Scheme", match.scheme.name),
            ("Your " + ("mentee" if side == vocab.MENTOR else "mentor"), str(other.user)),
            ("Field", other.get_field_display()),
            ("Career stage", other.get_career_stage_display()),
            ("Meeting preference", other.get_meeting_mode_display()),
        ],
        cancel=match.get_absolute_url(),
    )


@login_required
@GET_POST
def match_meeting(request, pk):
    match = _match_for(request, pk)
    _participant_only(request, match)
    refused = _refuse_wrong_state(request, match, MatchStatus.ACTIVE, doing="log a meeting")
    if refused:
        return refused
    form = forms.MeetingForm(request.POST or None, initial={"met_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_log(match=match, by=request.user, **form.cleaned_data)
        except RuleBroken as refusal:
            form.add_error("met_on", refusal.message)
        else:
            messages.success(request, "Meeting logged.")
            return redirect(match)
    return _form_page(
        request,
        title="Log a meeting",
        form=form,
        breadcrumbs=_match_crumbs(match),
        submit="Log meeting",
        cancel=match.get_absolute_url(),
    )


@login_required
@GET_POST
def match_progress(request, pk):
    match = _match_for(request, pk)
    _participant_only(request, match)
    refused = _refuse_wrong_state(request, match, MatchStatus.ACTIVE, doing="record progress")
    if refused:
        return refused
    form = forms.ProgressForm(request.POST or None, goals=match.mentee.goal_lines())
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_record(match=match, by=request.user, **form.cleaned_data)
        except RuleBroken as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "Progress recorded.")
        return redirect(match)
    return _form_page(
        request,
        title="Record progress against a goal",
        form=form,
        breadcrumbs=_match_crumbs(match),
        submit="Record progress",
        cancel=match.get_absolute_url(),
    )


@login_required
@GET_POST
def match_end(request, pk):
    match = _match_for(request, pk)
    if match.side_of(request.user) is None and not match.scheme.is_managed_by(request.user):
        raise PermissionDenied
    refused = _refuse_wrong_state(request, match, MatchStatus.ACTIVE, doing="end it")
    if refused:
        return refused
    form = forms.EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.match_end(
                match=match,
                by=request.user,
                completed=form.cleaned_data["outcome"] == "completed",
                reason=form.cleaned_data["reason"],
            )
        except RuleBroken as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "The match has ended. Both of you are asked for feedback.")
        return redirect(match)
    return _form_page(
        request,
        title="End this match",
        form=form,
        breadcrumbs=_match_crumbs(match),
        submit="End match",
        intro=["When the match ends, the mentor and the mentee are each asked for feedback."],
        cancel=match.get_absolute_url(),
    )


@login_required
@GET_POST
def match_extend(request, pk):
    match = _match_for(request, pk)
    _participant_only(request, match)
    refused = _refuse_wrong_state(request, match, MatchStatus.ACTIVE, doing="extend it")
    if refused:
        return refused
    if request.method == "POST" and request.POST.get("agree") == "yes":
        try:
            match = services.match_extension_agree(match=match, by=request.user)
        except RuleBroken as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request, f"Extension agreed: the match now ends on {match.ends_on:%d %B %Y}."
            )
        return redirect(match)
    form = forms.ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.match_extension_request(
                match=match, by=request.user, months=form.cleaned_data["months"]
            )
        except RuleBroken as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "Extension asked for: the other person needs to agree.")
        return redirect(match)
    return _form_page(
        request,
        title="Ask to extend this match",
        form=form,
        breadcrumbs=_match_crumbs(match),
        submit="Ask to extend",
        intro=["A match is extended when you both agree: the other person is asked to confirm."],
        cancel=match.get_absolute_url(),
    )


@login_required
@GET_POST
def match_feedback(request, pk):
    match = _match_for(request, pk)
    _participant_only(request, match)
    refused = _refuse_wrong_state(
        request, match, MatchStatus.COMPLETED, MatchStatus.ENDED_EARLY, doing="give feedback yet"
    )
    if refused:
        return refused
    form = forms.FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(
                match=match,
                by=request.user,
                ratings=form.ratings(),
                comment=form.cleaned_data["comment"],
            )
        except RuleBroken as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "Thank you for your feedback.")
        return redirect(match)
    return _form_page(
        request,
        title="Feedback on your match",
        form=form,
        breadcrumbs=_match_crumbs(match),
        submit="Send feedback",
        intro=["Your feedback goes to the scheme's leaders and helps them improve the scheme."],
        cancel=match.get_absolute_url(),
    )


@login_required
@GET_POST
def match_concern(request, pk):
    match = _match_for(request, pk)
    _participant_only(request, match)
    form = forms.ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_raise(
                match=match, by=request.user, description=form.cleaned_data["description"]
            )
        except RuleBroken as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "Your concern has been sent to the scheme's leaders only.")
        return redirect(match)
    return _form_page(
        request,
        title="Raise a concern about this match",
        form=form,
        breadcrumbs=_match_crumbs(match),
        submit="Send concern",
        cancel=match.get_absolute_url(),
    )


# --- Enquiries -----------------------------------------------------------------------------


@login_required
@GET_POST
def enquiry_create(request, slug):
    scheme = get_object_or_404(Scheme, slug=slug)
    if not Participant.objects.filter(scheme=scheme, user=request.user).exists():
        raise PermissionDenied
    form = forms.EnquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enquiry = services.enquiry_send(scheme=scheme, by=request.user, **form.cleaned_data)
        messages.success(
            request, f"Query sent. The scheme aims to answer by {enquiry.due_on:%d %B %Y}."
        )
        return redirect(enquiry)
    return _form_page(
        request,
        title=f"Send a query to the leaders of {scheme.name}",
        form=form,
        breadcrumbs=_crumbs(_scheme_crumb(scheme)),
        submit="Send query",
        intro=[
            f"The scheme answers queries within {scheme.response_days} working days "
            "(weekends and bank holidays are not counted)."
        ],
    )


@login_required
@GET_POST
def enquiry_detail(request, pk):
    enquiry = get_object_or_404(
        Enquiry.objects.visible_to(request.user).select_related("scheme", "sender", "answered_by"),
        pk=pk,
    )
    is_leader = enquiry.scheme.is_managed_by(request.user)
    form = None
    if is_leader and not enquiry.answered_at:
        form = forms.AnswerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.enquiry_answer(
                    enquiry=enquiry, by=request.user, answer=form.cleaned_data["answer"]
                )
            except RuleBroken as refusal:
                form.add_error("answer", refusal.message)
            else:
                messages.success(request, "Answer sent.")
                return redirect(enquiry)
    elif request.method == "POST":
        raise PermissionDenied
    crumbs = [_scheme_crumb(enquiry.scheme)]
    if is_leader:
        crumbs += [
            _manage_crumb(enquiry.scheme),
            {
                "href": reverse("mentoring:enquiry-list", args=[enquiry.scheme.slug]),
                "text": "Queries",
            },
        ]
    return render(
        request,
        "mentoring/enquiry_detail.jinja",
        {
            "title": f"Query: {enquiry.subject}",
            "enquiry": enquiry,
            "form": form,
            "overdue": enquiry.is_overdue(),
            "breadcrumbs": _crumbs(*crumbs),
        },
    )


# --- Leader pages --------------------------------------------------------------------------


@login_required
@require_safe
def scheme_manage(request, slug):
    scheme = _managed_scheme(request, slug)
    figures = queries.dashboard(scheme)
    overdue = Enquiry.objects.filter(
        scheme=scheme, answered_at__isnull=True, due_on__lt=timezone.localdate()
    ).count()
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
            "breadcrumbs": _crumbs(_scheme_crumb(scheme)),
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
    form = forms.SchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Scheme details saved.")
        return redirect("mentoring:scheme-manage", scheme.slug)
    return _form_page(
        request,
        title=f"Edit {scheme.name}",
        form=form,
        breadcrumbs=_crumbs(_scheme_crumb(scheme), _manage_crumb(scheme)),
        submit="Save scheme",
        cancel=reverse("mentoring:scheme-manage", args=[scheme.slug]),
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
    participant_filter = filters.ParticipantFilter(request.GET, queryset=people)
    return render(
        request,
        "mentoring/participant_list.jinja",
        {
            "title": f"Mentors and mentees in {scheme.name}",
            "scheme": scheme,
            "filter": participant_filter,
            "page": _page(request, participant_filter.qs),
            "breadcrumbs": _crumbs(_scheme_crumb(scheme), _manage_crumb(scheme)),
        },
    )


@login_required
@require_safe
def match_list(request, slug):
    scheme = _managed_scheme(request, slug)
    matches = Match.objects.filter(scheme=scheme).with_people()
    match_filter = filters.MatchFilter(request.GET, queryset=matches)
    return render(
        request,
        "mentoring/match_list.jinja",
        {
            "title": f"Matches in {scheme.name}",
            "scheme": scheme,
            "filter": match_filter,
            "page": _page(request, match_filter.qs),
            "breadcrumbs": _crumbs(_scheme_crumb(scheme), _manage_crumb(scheme)),
        },
    )


def _report_batch(request, result):
    if result.created:
        count = len(result.created)
        messages.success(
            request,
            f"{count} {'match' if count == 1 else 'matches'} proposed: the mentors and mentees "
            "are asked to accept.",
        )
    for _mentor, _mentee, reason in result.refused[:5]:
        messages.error(request, f"A pair was not proposed: {reason}")


@login_required
@GET_POST
def cohort(request, slug):
    scheme = _managed_scheme(request, slug)
    if request.method == "POST":
        if request.POST.get("all") == "yes":
            suggested = queries.cohort(scheme).suggestions
            pairs = [(s.mentor.pk, s.mentee.pk) for s in suggested]
        else:
            pairs = []
            for value in request.POST.getlist("pair"):
                mentor_id, _, mentee_id = value.partition("-")
                if mentor_id.isdigit() and mentee_id.isdigit():
                    pairs.append((int(mentor_id), int(mentee_id)))
        if not pairs:
            messages.error(request, "Choose at least one suggested pair to propose.")
        else:
            _report_batch(
                request,
                services.match_propose_many(scheme=scheme, pairs=pairs, proposed_by=request.user),
            )
        return redirect("mentoring:cohort", scheme.slug)
    result = queries.cohort(scheme)
    return render(
        request,
        "mentoring/cohort.jinja",
        {
            "title": f"Match the cohort: {scheme.name}",
            "scheme": scheme,
            "cohort": result,
            "page": _page(request, result.suggestions, per_page=50),
            "closed_reasons": eligibility.reasons_closed(scheme.status),
            "breadcrumbs": _crumbs(_scheme_crumb(scheme), _manage_crumb(scheme)),
        },
    )


@login_required
@GET_POST
def mentee_suggestions(request, slug, pk):
    scheme = _managed_scheme(request, slug)
    mentee = get_object_or_404(
        Participant.objects.mentees().filter(scheme=scheme).select_related("user"), pk=pk
    )
    if request.method == "POST":
        mentor_id = request.POST.get("mentor", "")
        mentor = Participant.objects.filter(
            scheme=scheme, pk=mentor_id if mentor_id.isdigit() else 0
        ).first()
        if mentor is None:
            messages.error(request, "Choose a mentor from the list.")
        else:
            try:
                match = services.match_propose(
                    mentor=mentor, mentee=mentee, proposed_by=request.user
                )
            except RuleBroken as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(request, "Match proposed: both are asked to accept.")
                return redirect(match)
        return redirect("mentoring:mentee-suggestions", scheme.slug, mentee.pk)
    suggestions = queries.suggestions_for(scheme, mentee)
    return render(
        request,
        "mentoring/suggestions.jinja",
        {
            "title": f"Mentors for {mentee.user}",
            "scheme": scheme,
            "mentee": mentee,
            "page": _page(request, suggestions),
            "live": Match.objects.filter(mentee=mentee, status__in=LIVE_STATUSES).first(),
            "breadcrumbs": _crumbs(
                _scheme_crumb(scheme),
                _manage_crumb(scheme),
                {
                    "href": reverse("mentoring:cohort", args=[scheme.slug]),
                    "text": "Match the cohort",
                },
            ),
        },
    )


@login_required
@require_safe
def enquiry_list(request, slug):
    scheme = _managed_scheme(request, slug)
    enquiries = Enquiry.objects.filter(scheme=scheme).select_related("sender")
    enquiry_filter = filters.EnquiryFilter(request.GET, queryset=enquiries)
    return render(
        request,
        "mentoring/enquiry_list.jinja",
        {
            "title": f"Queries to {scheme.name}",
            "scheme": scheme,
            "filter": enquiry_filter,
            "page": _page(request, enquiry_filter.qs),
            "today": timezone.localdate(),
            "breadcrumbs": _crumbs(_scheme_crumb(scheme), _manage_crumb(scheme)),
        },
    )


@login_required
@require_safe
def concern_list(request, slug):
    scheme = _managed_scheme(request, slug)
    concerns = Concern.objects.filter(scheme=scheme).select_related(
        "raised_by", "match__mentor__user", "match__mentee__user"
    )
    concern_filter = filters.ConcernFilter(request.GET, queryset=concerns)
    return render(
        request,
        "mentoring/concern_list.jinja",
        {
            "title": f"Concerns in {scheme.name}",
            "scheme": scheme,
            "filter": concern_filter,
            "page": _page(request, concern_filter.qs),
            "breadcrumbs": _crumbs(_scheme_crumb(scheme), _manage_crumb(scheme)),
        },
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
    form = None
    if concern.is_open:
        form = forms.ConcernCloseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.concern_close(
                    concern=concern, by=request.user, notes=form.cleaned_data["notes"]
                )
            except RuleBroken as refusal:
                form.add_error("notes", refusal.message)
            else:
                messages.success(request, "Concern closed.")
                return redirect("mentoring:concern-detail", scheme.slug, concern.pk)
    elif request.method == "POST":
        messages.error(request, "This concern is closed already.")
        return redirect("mentoring:concern-detail", scheme.slug, concern.pk)
    return render(
        request,
        "mentoring/concern_detail.jinja",
        {
            "title": "Concern about a match",
            "scheme": scheme,
            "concern": concern,
            "form": form,
            "breadcrumbs": _crumbs(
                _scheme_crumb(scheme),
                _manage_crumb(scheme),
                {"href": reverse("mentoring:concern-list", args=[scheme.slug]), "text": "Concerns"},
            ),
        },
    )


@login_required
@require_safe
def breach_list(request, slug):
    scheme = _managed_scheme(request, slug)
    breaches = DataBreach.objects.filter(scheme=scheme).select_related("recorded_by")
    return render(
        request,
        "mentoring/breach_list.jinja",
        {
            "title": f"Data breaches: {scheme.name}",
            "scheme": scheme,
            "page": _page(request, breaches),
            "breadcrumbs": _crumbs(_scheme_crumb(scheme), _manage_crumb(scheme)),
        },
    )


@login_required
@GET_POST
def breach_create(request, slug):
    scheme = _managed_scheme(request, slug)
    form = forms.BreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            breach = services.breach_record(scheme=scheme, by=request.user, **form.cleaned_data)
        except RuleBroken as refusal:
            form.add_error(None, refusal.message)
        else:
            if breach.careers_team_notified_at:
                messages.success(request, "Breach recorded and the careers team told by email.")
            else:
                messages.error(
                    request,
                    "Breach recorded, but the email to the careers team failed: tell them now.",
                )
            return redirect("mentoring:breach-list", scheme.slug)
    return _form_page(
        request,
        title="Record a data breach",
        form=form,
        breadcrumbs=_crumbs(
            _scheme_crumb(scheme),
            _manage_crumb(scheme),
            {"href": reverse("mentoring:breach-list", args=[scheme.slug]), "text": "Data breaches"},
        ),
        submit="Record breach and tell the careers team",
        intro=[
            "Record any loss or disclosure of personal data about the scheme's mentors or "
            "mentees. The careers team is emailed at once so that they can decide within 72 "
            "hours whether to report it to the Information Commissioner's Office."
        ],
        cancel=reverse("mentoring:breach-list", args=[scheme.slug]),
    )
