"""Careers staff's workflow steps on a referral: one page each, one service call each.

Each action is a view here and a URL in `referrals/urls.py` (`/referrals/<reference>/<path>/`,
named `referrals:action-<path>`). A view names its form, its service call with explicit
keyword arguments and its message; `_action_page` does the rest the same way for all of them:
the form with what was typed, a refusal from the service as an error on the form, a referral
that changed meanwhile as a conflict (409) with the input kept against the new version, and a
step the referral's state does not allow as the workflow's reason."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from config.actions import GET_POST, show_refusal
from config.breadcrumbs import breadcrumbs
from config.rules import RuleBroken
from referrals import forms, queries, services, workflow
from referrals.views._common import CASELOAD, careers_staff_required, plan_of
from referrals.workflow import TransitionNotAllowed

# The address of each action's page, by workflow action (the referral page links to them).
ACTION_PATHS = {
    workflow.TRIAGE: "triage",
    workflow.ALLOCATE: "allocate",
    workflow.RECORD_CONTACT: "first-contact",
    workflow.RECORD_SESSION: "session",
    workflow.SAVE_PLAN: "plan",
    workflow.SIGNPOST: "signpost",
    workflow.RETURN: "return",
    workflow.CLOSE: "close",
    workflow.REOPEN: "reopen",
    workflow.EDIT: "edit",
    workflow.SET_SHARING: "sharing",
    workflow.SHARE_UPDATE: "update",
}


def staff_action(view):
    """An action page: careers staff only (404 for anyone else, as for a missing reference),
    never cached, a form to GET and POST."""
    return never_cache(GET_POST(careers_staff_required(view)))


def _action_page(
    request,
    reference: str,
    name: str,
    form_class: type,
    *,
    run: Callable,
    submit: str,
    initial: Callable = lambda referral: {},  # noqa: E731
    hint: str = "",
    advisers: bool = False,
    educator_form: type | None = None,
):
    """The page of action `name` on a referral. `run(referral, cleaned_data)` calls the service
    and answers the success message; `initial(referral)` fills the form; `advisers` gives the
    form the list of advisers to choose from; `educator_form`, if given, is the form for a
    referral from a trainer or supervisor."""
    referral = services.referral_get_for_change(
        by=request.user, reference=reference, audit_view=request.method != "POST"
    )

    def form_for(referral, data=None):
        kwargs = {"advisers": queries.advisers()} if advisers else {}
        chosen = educator_form if educator_form and referral.from_educator else form_class
        return chosen(data, initial={"version": referral.version, **initial(referral)}, **kwargs)

    problem, status = None, 200
    if not workflow.is_allowed(name, referral.state):
        problem = workflow.not_now(name, state=referral.state, reference=referral.reference)
    form = None if problem else form_for(referral, request.POST or None)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            message = run(referral, form.cleaned_data)
        except services.ReferralConflict as conflict:
            problem, status = str(conflict), 409
            referral = conflict.referral
            if workflow.is_allowed(name, referral.state):
                # Keep what they typed, now against the current version.
                data = request.POST.copy()
                data["version"] = str(referral.version)
                form = form_for(referral, data)
            else:
                form = None
        except TransitionNotAllowed as refused:
            problem, status = str(refused), 409
        except RuleBroken as refused:
            show_refusal(form, refused)
        else:
            messages.success(request, message)
            return redirect("referrals:detail", reference=referral.reference)
    elif request.method == "POST" and problem:
        status = 409
    return render(
        request,
        "referrals/action.jinja",
        {
            "title": f"{workflow.ACTION_LABELS[name]}: {referral.reference}",
            "heading": workflow.ACTION_LABELS[name],
            "referral": referral,
            "form": form,
            "submit": submit,
            "hint": hint,
            "problem": problem,
            "breadcrumbs": breadcrumbs(
                CASELOAD,
                (reverse("referrals:detail", args=[referral.reference]), referral.reference),
            ),
        },
        status=status,
    )


# --- The actions --------------------------------------------------------------------------


@staff_action
def triage(request, reference):
    def run(referral, data):
        services.referral_triage(
            by=request.user,
            referral=referral,
            version=data["version"],
            priority=data["priority"],
            note=data["note"],
        )
        return f"{referral.reference} triaged as {data['priority']}."

    return _action_page(
        request,
        reference,
        workflow.TRIAGE,
        forms.TriageForm,
        run=run,
        submit="Save triage",
        initial=lambda referral: {"priority": referral.priority},
        hint="Urgent: distress, a deadline within weeks (such as an ARCP or a resignation), or "
        "ill health. Urgent referrals go to the top of the worklist.",
    )


@staff_action
def allocate(request, reference):
    def run(referral, data):
        services.referral_allocate(
            by=request.user,
            referral=referral,
            version=data["version"],
            adviser=data["adviser"],
            note=data["note"],
        )
        return f"{referral.reference} allocated to {data['adviser']}."

    return _action_page(
        request,
        reference,
        workflow.ALLOCATE,
        forms.AllocateForm,
        run=run,
        submit="Allocate",
        initial=lambda referral: {"adviser": referral.adviser_id},
        advisers=True,
    )


@staff_action
def record_contact(request, reference):
    def run(referral, data):
        services.referral_record_contact(
            by=request.user,
            referral=referral,
            version=data["version"],
            contacted_on=data["contacted_on"],
            note=data["note"],
        )
        return "First contact recorded: support has started."

    return _action_page(
        request,
        reference,
        workflow.RECORD_CONTACT,
        forms.ContactForm,
        run=run,
        submit="Record first contact",
        initial=lambda referral: {"contacted_on": timezone.localdate()},
    )


@staff_action
def record_session(request, reference):
    def run(referral, data):
        services.referral_record_session(
            by=request.user,
            referral=referral,
            version=data["version"],
            held_on=data["held_on"],
            mode=data["mode"],
            adviser=data["adviser"],
            minutes=data["minutes"],
            notes=data["notes"],
        )
        return "Session recorded."

    return _action_page(
        request,
        reference,
        workflow.RECORD_SESSION,
        forms.SessionForm,
        run=run,
        submit="Record session",
        initial=lambda referral: {
            "held_on": timezone.localdate(),
            "adviser": referral.adviser_id,
            "minutes": 45,
        },
        advisers=True,
    )


@staff_action
def save_plan(request, reference):
    def run(referral, data):
        services.referral_save_plan(
            by=request.user,
            referral=referral,
            version=data["version"],
            goals=data["goals"],
            actions=data["actions"],
            review_on=data["review_on"],
        )
        return "Support plan saved."

    def initial(referral):
        plan = plan_of(referral)
        if plan is None:
            return {}
        return {"goals": plan.goals, "actions": plan.actions, "review_on": plan.review_on}

    return _action_page(
        request,
        reference,
        workflow.SAVE_PLAN,
        forms.PlanForm,
        run=run,
        submit="Save plan",
        initial=initial,
    )


@staff_action
def signpost(request, reference):
    def run(referral, data):
        services.referral_signpost(
            by=request.user,
            referral=referral,
            version=data["version"],
            service=data["service"],
            workshop=data["workshop"] or None,
            note=data["note"],
        )
        if data["workshop"]:
            return f"Workshop suggested: {data['workshop'][0]}."
        return f"Signposted to {data['service'].name}."

    return _action_page(
        request, reference, workflow.SIGNPOST, forms.SignpostForm, run=run, submit="Record signpost"
    )


@staff_action
def return_referral(request, reference):
    def run(referral, data):
        services.referral_return(
            by=request.user,
            referral=referral,
            version=data["version"],
            reason=data["reason"],
            note=data["note"],
            services=list(data["services"]),
        )
        return f"{referral.reference} returned, and the advice emailed."

    return _action_page(
        request,
        reference,
        workflow.RETURN,
        forms.ReturnForm,
        run=run,
        submit="Return referral",
        hint="The person is emailed the reason, your advice and the services you choose.",
    )


@staff_action
def close(request, reference):
    def run(referral, data):
        services.referral_close(
            by=request.user,
            referral=referral,
            version=data["version"],
            outcome=data["outcome"],
            note=data["note"],
        )
        return f"{referral.reference} closed: {dict(workflow.OUTCOMES)[data['outcome']].lower()}."

    return _action_page(
        request,
        reference,
        workflow.CLOSE,
        forms.CloseForm,
        run=run,
        submit="Close referral",
        hint="Plan agreed, resolved and referred elsewhere need support to have started.",
    )


@staff_action
def reopen(request, reference):
    def run(referral, data):
        services.referral_reopen(
            by=request.user, referral=referral, version=data["version"], reason=data["reason"]
        )
        return f"{referral.reference} reopened."

    return _action_page(
        request, reference, workflow.REOPEN, forms.ReopenForm, run=run, submit="Reopen referral"
    )


@staff_action
def edit(request, reference):
    def run(referral, data):
        changes = {
            name: data[name]
            for name in data
            if name != "version" and data[name] != getattr(referral, name)
        }
        if not changes:
            return "Nothing was changed."
        services.referral_edit(
            by=request.user, referral=referral, version=data["version"], **changes
        )
        return "Details saved."

    def initial(referral):
        names = list(services.PERSONAL_FIELDS)
        if referral.from_educator:
            names += list(services.REFERRER_FIELDS)
        return {name: getattr(referral, name) for name in names}

    return _action_page(
        request,
        reference,
        workflow.EDIT,
        forms.EditDetailsForm,
        run=run,
        submit="Save details",
        initial=initial,
        # A referral from a trainer or supervisor also has the referrer's details to correct.
        educator_form=forms.EditEducatorDetailsForm,
    )


@staff_action
def set_sharing(request, reference):
    def run(referral, data):
        services.referral_set_sharing(
            by=request.user, referral=referral, version=data["version"], level=data["level"]
        )
        return "What the trainee agreed to share is recorded."

    return _action_page(
        request,
        reference,
        workflow.SET_SHARING,
        forms.SharingForm,
        run=run,
        submit="Save",
        initial=lambda referral: {"level": referral.sharing_level},
        hint="Ask the trainee. Nothing is shared with the referrer unless they agree.",
    )


@staff_action
def share_update(request, reference):
    def run(referral, data):
        services.referral_share_update(
            by=request.user,
            referral=referral,
            version=data["version"],
            kind=data["kind"],
            text=data["text"],
        )
        return "Update emailed to the referrer."

    return _action_page(
        request,
        reference,
        workflow.SHARE_UPDATE,
        forms.UpdateForm,
        run=run,
        submit="Send update",
        hint="Session notes are never shared. Write only what the trainee agreed to.",
    )
