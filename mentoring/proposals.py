"""Scheme proposals: a member proposes a scheme, changes it when the admins ask, and an admin
reviews it (approving creates the scheme, paused, led by the proposer). Services as in
`mentoring/services.py` (keyword-only, the actor as `by`, one transaction each, refusals as
`RuleBroken`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from config import clock
from mentoring import workflow
from mentoring.models import ProposalStatus, Scheme, SchemeProposal
from mentoring.services import RESERVED_SLUGS, RuleBroken, require_allowed, set_up_scheme


def proposal_submit(
    *,
    by: User,
    name: str,
    description: str,
    aims: str,
    diversity_aims: str = "",
    mentor_experience: str,
    mentee_experience: str = "",
    support: str,
    time_commitment: str,
) -> SchemeProposal:
    with transaction.atomic():
        return SchemeProposal.objects.create(
            proposer=by,
            submitted_at=clock.now(),
            name=name,
            description=description,
            aims=aims,
            diversity_aims=diversity_aims,
            mentor_experience=mentor_experience,
            mentee_experience=mentee_experience,
            support=support,
            time_commitment=time_commitment,
        )


def proposal_resubmit(
    *,
    proposal: SchemeProposal,
    by: User,
    name: str,
    description: str,
    aims: str,
    diversity_aims: str = "",
    mentor_experience: str,
    mentee_experience: str = "",
    support: str,
    time_commitment: str,
) -> SchemeProposal:
    """The proposer sends the proposal again, changed as the admins asked."""
    with transaction.atomic():
        proposal = SchemeProposal.objects.select_for_update().get(pk=proposal.pk)
        if by.pk != proposal.proposer_id:
            raise RuleBroken("Only the person who proposed the scheme can change it.")
        require_allowed(workflow.RESUBMIT, proposal.status)
        proposal.name, proposal.description, proposal.aims = name, description, aims
        proposal.diversity_aims, proposal.support = diversity_aims, support
        proposal.mentor_experience = mentor_experience
        proposal.mentee_experience = mentee_experience
        proposal.time_commitment = time_commitment
        proposal.status = ProposalStatus.SUBMITTED
        proposal.submitted_at = clock.now()
        proposal.save()
        return proposal


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "scheme"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Scheme.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def proposal_review(
    *, proposal: SchemeProposal, by: User, decision: str, notes: str = ""
) -> SchemeProposal:
    """An admin approves (creating the scheme, led by the proposer), asks for changes or
    declines. Asking for changes or declining needs notes for the proposer."""
    with transaction.atomic():
        proposal = SchemeProposal.objects.select_for_update().get(pk=proposal.pk)
        if not by.is_superuser:
            raise RuleBroken("Only admins review scheme proposals.")
        require_allowed(workflow.REVIEW, proposal.status)
        if decision not in (
            ProposalStatus.APPROVED,
            ProposalStatus.CHANGES_REQUESTED,
            ProposalStatus.DECLINED,
        ):
            raise RuleBroken("Choose approve, ask for changes or decline.")
        if decision != ProposalStatus.APPROVED and not notes.strip():
            raise RuleBroken("Say what needs to change, or why the proposal is declined.")
        if decision == ProposalStatus.APPROVED:
            if Scheme.objects.filter(name__iexact=proposal.name).exists():
                raise RuleBroken("A scheme with this name exists already: ask for a new name.")
            proposal.scheme = set_up_scheme(
                name=proposal.name,
                slug=_unique_slug(proposal.name),
                description=proposal.description,
                aims=proposal.aims,
                diversity_aims=proposal.diversity_aims,
                leaders=[proposal.proposer],
            )
        proposal.status = decision
        proposal.review_notes = notes
        proposal.reviewed_by = by
        proposal.reviewed_at = clock.now()
        proposal.save()
        return proposal
