"""Scheme proposals: a member proposes a scheme; careers staff review it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from config.actions import GET_POST, acted, posted
from config.breadcrumbs import breadcrumbs
from config.paging import page_of
from mentoring import filters, forms, proposals, workflow
from mentoring.models import SchemeProposal
from mentoring.views._common import (
    MENTORING,
    _action_page,
    _not_now,
    _offered_form,
)

# --- Scheme proposals ----------------------------------------------------------------------


def _proposal_text(data) -> dict:
    """The proposal form's answers, as the keyword arguments the services take."""
    return {name: data[name] for name in forms.ProposalForm.Meta.fields}


@login_required
@GET_POST
def proposal_create(request):
    form = forms.ProposalForm(posted(request))
    return _action_page(
        request,
        form,
        lambda data: proposals.proposal_submit(by=request.user, **_proposal_text(data)),
        done="Your proposal has been sent to the admins for review.",
        title="Propose a mentoring scheme",
        breadcrumbs=breadcrumbs(MENTORING),
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
            "page": page_of(request, proposal_filter.qs),
            "breadcrumbs": breadcrumbs(MENTORING),
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
    if not request.user.is_superuser and request.method == "POST":
        raise PermissionDenied
    # Admins are offered the review while the workflow allows it.
    reviewable = workflow.refusal(workflow.REVIEW, proposal.status) is None
    offered = request.user.is_superuser and reviewable
    review_form = _offered_form(request, forms.ReviewForm, offered=offered)
    reviewed = review_form is not None and acted(
        request,
        review_form,
        lambda data: proposals.proposal_review(
            proposal=proposal,
            by=request.user,
            decision=data["decision"],
            notes=data["notes"],
        ),
        done=lambda done: f"Proposal {done.get_status_display().lower()}.",
    )
    if reviewed:
        return redirect(reviewed)
    return render(
        request,
        "mentoring/proposal_detail.jinja",
        {
            "title": f"Proposal: {proposal.name}",
            "proposal": proposal,
            "form": review_form,
            "breadcrumbs": breadcrumbs(
                MENTORING, (reverse("mentoring:proposal-list"), "Scheme proposals")
            ),
        },
    )


@login_required
@GET_POST
def proposal_edit(request, pk):
    proposal = get_object_or_404(SchemeProposal.objects.visible_to(request.user), pk=pk)
    if proposal.proposer_id != request.user.pk:
        raise PermissionDenied
    title = f"Change your proposal: {proposal.name}"
    crumbs = breadcrumbs(MENTORING, (proposal.get_absolute_url(), proposal.name))
    refused = _not_now(
        request,
        workflow.refusal(workflow.RESUBMIT, proposal.status),
        title=title,
        breadcrumbs=crumbs,
        back=(proposal.get_absolute_url(), "Back to the proposal"),
    )
    if refused:
        return refused
    form = forms.ProposalForm(posted(request), instance=proposal)
    return _action_page(
        request,
        form,
        lambda data: proposals.proposal_resubmit(
            proposal=proposal,
            by=request.user,
            **_proposal_text(data),
        ),
        done="Your changed proposal has been sent for review.",
        title=title,
        breadcrumbs=crumbs,
        submit="Send changed proposal",
        intro=[f"The admins asked for changes: {proposal.review_notes}"],
        cancel=proposal.get_absolute_url(),
    )
