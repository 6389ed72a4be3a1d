"""Scheme proposals: a member proposes a scheme; careers staff review it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from mentoring import filters, forms, services
from mentoring.models import (
    ProposalStatus,
    SchemeProposal,
)
from mentoring.services import RuleBroken
from mentoring.views._common import (
    GET_POST,
    _crumbs,
    _form_page,
    _page,
)

# --- Scheme proposals ----------------------------------------------------------------------


@login_required
@GET_POST
def proposal_create(request):
    form = forms.ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = services.proposal_submit(by=request.user, data=form.cleaned_data)
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
            "breadcrumbs": _crumbs((reverse("mentoring:proposal-list"), "Scheme proposals")),
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
        breadcrumbs=_crumbs((proposal.get_absolute_url(), proposal.name)),
        submit="Send changed proposal",
        intro=[f"The admins asked for changes: {proposal.review_notes}"],
        cancel=proposal.get_absolute_url(),
    )
