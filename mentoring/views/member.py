"""The member's own pages: applying, their mentoring page, their application, their queries."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from config.actions import GET_POST, acted, posted
from config.breadcrumbs import breadcrumbs
from config.paging import page_of
from mentoring import concerns, eligibility, forms, services, vocab, workflow
from mentoring.models import (
    Enquiry,
    Match,
    Participant,
    Scheme,
    SchemeProposal,
)
from mentoring.views._common import (
    MENTORING,
    _action_page,
    _manage_crumb,
    _offered_form,
    _scheme_crumb,
)
from mentoring.views.guidance import current_guidance

# --- The member's own pages ----------------------------------------------------------------


@login_required
@GET_POST
def apply(request, slug, role):
    if role not in (vocab.MENTOR, vocab.MENTEE):
        raise Http404
    scheme = get_object_or_404(Scheme, slug=slug)
    title = f"Apply to be a {role}"
    crumbs = breadcrumbs(MENTORING, _scheme_crumb(scheme))
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
                "reasons": [workflow.already_applied(role)],
                "heading": "You have applied already",
                "existing": existing.first(),
                "scheme": scheme,
                "breadcrumbs": crumbs,
            },
        )
    # From a route-finder result: "Find a mentor who has made this move" (?from=&to=&route=).
    initial = {
        "current_role": request.GET.get("from", ""),
        "target_role": request.GET.get("to", ""),
        "route_roles": request.GET.get("route", ""),
    }
    form = forms.ApplicationForm(
        posted(request),
        role=role,
        scheme=scheme,
        initial=initial,
    )
    return _action_page(
        request,
        form,
        lambda data: services.participant_apply(scheme=scheme, by=request.user, role=role, **data),
        done=f"Your application to {scheme.name} is in.",
        title=title,
        breadcrumbs=crumbs,
        submit="Send application",
        intro=[f"{scheme.name}. " + " ".join(eligibility.who_can_join(scheme.rules))],
        cancel=scheme.get_absolute_url(),
        guidance=current_guidance(scheme, role, "apply"),
        guidance_heading="Before you apply",
    )


@login_required
@require_safe
def my_mentoring(request):
    user = request.user
    applications = (
        Participant.objects.filter(user=user).select_related("scheme").order_by("-applied_at")
    )
    matches = Match.objects.involving(user).with_people().order_by("-proposed_at")
    return render(
        request,
        "mentoring/mine.jinja",
        {
            "title": "Your mentoring",
            "applications": page_of(request, applications),
            "matches": list(matches[:50]),
            "enquiries": list(Enquiry.objects.filter(sender=user).select_related("scheme")[:20]),
            "proposals": list(SchemeProposal.objects.filter(proposer=user)[:20]),
            "breadcrumbs": breadcrumbs(MENTORING),
            "today": timezone.localdate(),
        },
    )


def _participant_for(request, pk) -> Participant:
    return get_object_or_404(
        Participant.objects.visible_to(request.user).select_related("scheme", "user"), pk=pk
    )


def _participant_to_act_for(request, pk) -> Participant:
    """The application, for its applicant or one of the scheme's leaders to act on."""
    participant = _participant_for(request, pk)
    if request.user.pk != participant.user_id and not participant.scheme.is_managed_by(
        request.user
    ):
        raise PermissionDenied
    return participant


def _participant_page(request, participant, *, availability_form=None):
    """The application's page; `availability_form` is the pause or resume button's form, sent
    back with the service's refusal."""
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
            "form": availability_form,
            "breadcrumbs": breadcrumbs(
                MENTORING,
                _scheme_crumb(participant.scheme),
            ),
        },
    )


@login_required
@require_safe
def participant_detail(request, pk):
    return _participant_page(request, _participant_for(request, pk))


@login_required
@GET_POST
def participant_preparation(request, pk):
    participant = _participant_to_act_for(request, pk)
    if not participant.is_mentor:
        raise PermissionDenied
    form = forms.PreparationForm(
        posted(request),
        initial={
            "completed_on": participant.preparation_completed_on,
            "notes": participant.preparation_notes,
        },
    )
    return _action_page(
        request,
        form,
        lambda data: services.participant_record_preparation(
            participant=participant,
            by=request.user,
            completed_on=data["completed_on"],
            notes=data["notes"],
        ),
        done="Preparation recorded: you can now be matched.",
        field="completed_on",
        then=participant,
        title="Record your mentor preparation",
        breadcrumbs=breadcrumbs(
            MENTORING,
            _scheme_crumb(participant.scheme),
            (participant.get_absolute_url(), "Application"),
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
    participant = _participant_to_act_for(request, pk)
    form = forms.AvailabilityForm(request.POST)
    if acted(
        request,
        form,
        lambda data: services.participant_set_availability(
            participant=participant, by=request.user, available=data["available"] == "yes"
        ),
        done=lambda changed: (
            "You are available for new matches again."
            if changed.available
            else "Your availability is paused: you will not be offered new matches."
        ),
    ):
        return redirect(participant)
    return _participant_page(request, participant, availability_form=form)


@login_required
@GET_POST
def participant_withdraw(request, pk):
    participant = _participant_to_act_for(request, pk)
    form = forms.ConfirmForm(posted(request))
    if acted(
        request,
        form,
        lambda data: services.participant_withdraw(participant=participant, by=request.user),
        done="The application has been withdrawn.",
    ):
        return redirect(participant)
    return render(
        request,
        "mentoring/confirm.jinja",
        {
            "title": "Withdraw this application?",
            "form": form,
            "text": f"{participant.user} will no longer take part in {participant.scheme.name} "
            f"as a {participant.role}.",
            "submit": "Withdraw",
            "cancel": participant.get_absolute_url(),
            "breadcrumbs": breadcrumbs(MENTORING, _scheme_crumb(participant.scheme)),
        },
    )


# --- Enquiries -----------------------------------------------------------------------------


@login_required
@GET_POST
def enquiry_create(request, slug):
    scheme = get_object_or_404(Scheme, slug=slug)
    if not Participant.objects.filter(scheme=scheme, user=request.user).exists():
        raise PermissionDenied
    form = forms.EnquiryForm(posted(request))
    return _action_page(
        request,
        form,
        lambda data: concerns.enquiry_send(
            scheme=scheme, by=request.user, subject=data["subject"], message=data["message"]
        ),
        done=lambda sent: f"Query sent. The scheme aims to answer by {sent.due_on:%d %B %Y}.",
        title=f"Send a query to the leaders of {scheme.name}",
        breadcrumbs=breadcrumbs(MENTORING, _scheme_crumb(scheme)),
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
    if request.method == "POST" and not is_leader:
        raise PermissionDenied
    # Leaders are offered the answer until it is sent.
    form = _offered_form(request, forms.AnswerForm, offered=is_leader and not enquiry.answered_at)
    if form is not None and acted(
        request,
        form,
        lambda data: concerns.enquiry_answer(
            enquiry=enquiry, by=request.user, answer=data["answer"]
        ),
        done="Answer sent.",
        field="answer",
    ):
        return redirect(enquiry)
    crumbs = [_scheme_crumb(enquiry.scheme)]
    if is_leader:
        crumbs += [
            _manage_crumb(enquiry.scheme),
            (reverse("mentoring:enquiry-list", args=[enquiry.scheme.slug]), "Queries"),
        ]
    return render(
        request,
        "mentoring/enquiry_detail.jinja",
        {
            "title": f"Query: {enquiry.subject}",
            "enquiry": enquiry,
            "form": form,
            "overdue": enquiry.is_overdue(),
            "breadcrumbs": breadcrumbs(MENTORING, *crumbs),
        },
    )
