"""Matches: the pages a mentor and mentee (and the scheme's leaders) use for one match."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from config.actions import GET_POST, acted, posted
from config.breadcrumbs import breadcrumbs
from mentoring import concerns, forms, services, vocab, workflow
from mentoring.models import (
    Feedback,
    Match,
    MatchStatus,
)
from mentoring.views._common import (
    MENTORING,
    _action_page,
    _not_now,
    _scheme_crumb,
)
from mentoring.views.guidance import current_guidance

# --- Matches -----------------------------------------------------------------------------


def _match_for(request, pk) -> Match:
    return get_object_or_404(Match.objects.visible_to(request.user).with_people(), pk=pk)


def _match_crumbs(match):
    return breadcrumbs(MENTORING, _scheme_crumb(match.scheme), (match.get_absolute_url(), "Match"))


def _match_for_pair(request, pk) -> tuple[Match, str]:
    """The match, for its mentor or mentee to act on (403 for anyone else who may see it),
    and the side the user is on."""
    match = _match_for(request, pk)
    side = match.side_of(request.user)
    if side is None:
        raise PermissionDenied
    return match, side


def _facts(match, user, side) -> dict:
    """What the workflow needs to know about `user` and the match besides its status."""
    return {
        "accepted": bool(side) and match.has_accepted(side),
        "extension_asked_by": workflow.asked_by(match.extension_requested_by_id, user.pk),
    }


def _not_offered(request, match, action, *, title, **facts):
    """A GET of an action the match's workflow does not allow now: the reason, on a page of
    its own. (A POST goes to the service, which refuses in the same words.)"""
    facts = _facts(match, request.user, match.side_of(request.user)) | facts
    reason = workflow.refusal(action, match.status, **facts)
    return _not_now(
        request,
        reason,
        title=title,
        breadcrumbs=_match_crumbs(match),
        back=(match.get_absolute_url(), "Back to the match"),
    )


def _match_page(request, match, *, agree_form=None):
    """The match's page; `agree_form` is the extension agreement sent back with its error."""
    user = request.user
    side = match.side_of(user)
    is_leader = match.scheme.is_managed_by(user)
    feedback = list(Feedback.objects.filter(match=match).select_related("author"))
    has_given_feedback = any(item.author_id == user.pk for item in feedback)
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
            "actions": workflow.match_actions(
                match.status,
                in_pair=side is not None,
                leads=is_leader,
                feedback_given=has_given_feedback,
                **_facts(match, user, side),
            ),
            "form": agree_form,
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
            "concern_count": match.concerns.count() if is_leader else None,
            # The scheme's guidance for this side, once the match is proposed or active.
            "guidance": current_guidance(match.scheme, side, "matched")
            if side and match.is_live
            else None,
            "breadcrumbs": breadcrumbs(MENTORING, _scheme_crumb(match.scheme)),
        },
    )


@login_required
@require_safe
def match_detail(request, pk):
    return _match_page(request, _match_for(request, pk))


def _match_action(
    request, match, action, form, run, *, title, done, field=None, facts=None, **page
):
    """One action on a match, the one pattern: not offered now (a GET), the workflow's reason;
    else the form, the service through `run`, back to the match on success, or the form again
    with the refusal and the input kept. `page` goes to the form page (submit, intro, ...)."""
    refused = _not_offered(request, match, action, title=title, **(facts or {}))
    if refused:
        return refused
    return _action_page(
        request,
        form,
        run,
        done=done,
        field=field,
        then=match,
        title=title,
        breadcrumbs=_match_crumbs(match),
        cancel=match.get_absolute_url(),
        **page,
    )


@login_required
@GET_POST
def match_respond(request, pk):
    match, side = _match_for_pair(request, pk)
    form = forms.RespondForm(posted(request))
    other = match.mentee if side == vocab.MENTOR else match.mentor
    return _match_action(
        request,
        match,
        workflow.RESPOND,
        form,
        lambda data: services.match_respond(
            match=match,
            by=request.user,
            accept=data["decision"] == "accept",
            reason=data["reason"],
        ),
        done=lambda responded: (
            "You have both accepted: the match is active."
            if responded.status == MatchStatus.ACTIVE
            else "Accepted. The match starts when you have both accepted."
            if form.cleaned_data["decision"] == "accept"
            else "You have declined the match."
        ),
        title="Accept or decline this match",
        submit="Send answer",
        rows=[
            ("Scheme", match.scheme.name),
            ("Your " + ("mentee" if side == vocab.MENTOR else "mentor"), str(other.user)),
            ("Field", other.get_field_display()),
            ("Career stage", other.get_career_stage_display()),
            ("Meeting preference", other.get_meeting_mode_display()),
        ],
    )


@login_required
@GET_POST
def match_meeting(request, pk):
    match, side = _match_for_pair(request, pk)
    return _match_action(
        request,
        match,
        workflow.LOG_MEETING,
        forms.MeetingForm(posted(request), initial={"met_on": timezone.localdate()}),
        lambda data: services.meeting_log(
            match=match,
            by=request.user,
            met_on=data["met_on"],
            duration_minutes=data["duration_minutes"],
            mode=data["mode"],
            notes=data["notes"],
        ),
        done="Meeting logged.",
        field="met_on",
        title="Log a meeting",
        submit="Log meeting",
        # The scheme's guidance before the first meeting, until a meeting is logged.
        guidance=None
        if match.meetings.exists()
        else current_guidance(match.scheme, side, "first-meeting"),
        guidance_heading="Before your first meeting",
    )


@login_required
@GET_POST
def match_progress(request, pk):
    match, _side = _match_for_pair(request, pk)
    return _match_action(
        request,
        match,
        workflow.RECORD_PROGRESS,
        forms.ProgressForm(posted(request), goals=match.mentee.goal_lines()),
        lambda data: services.progress_record(
            match=match,
            by=request.user,
            goal=data["goal"],
            status=data["status"],
            note=data["note"],
        ),
        done="Progress recorded.",
        title="Record progress against a goal",
        submit="Record progress",
    )


@login_required
@GET_POST
def match_end(request, pk):
    match = _match_for(request, pk)
    if match.side_of(request.user) is None and not match.scheme.is_managed_by(request.user):
        raise PermissionDenied
    return _match_action(
        request,
        match,
        workflow.END,
        forms.EndForm(posted(request)),
        lambda data: services.match_end(
            match=match,
            by=request.user,
            completed=data["outcome"] == "completed",
            reason=data["reason"],
        ),
        done="The match has ended. Both of you are asked for feedback.",
        title="End this match",
        submit="End match",
        intro=["When the match ends, the mentor and the mentee are each asked for feedback."],
    )


@login_required
@GET_POST
def match_extend(request, pk):
    match, _side = _match_for_pair(request, pk)
    return _match_action(
        request,
        match,
        workflow.EXTEND,
        forms.ExtensionForm(posted(request)),
        lambda data: services.match_extension_request(
            match=match, by=request.user, months=data["months"]
        ),
        done="Extension asked for: the other person needs to agree.",
        title="Ask to extend this match",
        submit="Ask to extend",
        intro=["A match is extended when you both agree: the other person is asked to confirm."],
    )


@login_required
@require_POST
def match_extension_agree(request, pk):
    """The other person agrees the extension asked for, with the button on the match's page;
    a refusal shows that page again with the error."""
    match, _side = _match_for_pair(request, pk)
    form = forms.ConfirmForm(request.POST)
    if acted(
        request,
        form,
        lambda data: services.match_extension_agree(match=match, by=request.user),
        done=lambda agreed: f"Extension agreed: the match now ends on {agreed.ends_on:%d %B %Y}.",
    ):
        return redirect(match)
    return _match_page(request, match, agree_form=form)


@login_required
@GET_POST
def match_feedback(request, pk):
    match, _side = _match_for_pair(request, pk)
    form = forms.FeedbackForm(posted(request))
    return _match_action(
        request,
        match,
        workflow.GIVE_FEEDBACK,
        form,
        lambda data: services.feedback_give(
            match=match, by=request.user, ratings=form.ratings(), comment=data["comment"]
        ),
        facts={
            "feedback_given": Feedback.objects.filter(match=match, author=request.user).exists()
        },
        done="Thank you for your feedback.",
        title="Feedback on your match",
        submit="Send feedback",
        intro=["Your feedback goes to the scheme's leaders and helps them improve the scheme."],
    )


@login_required
@GET_POST
def match_concern(request, pk):
    match, _side = _match_for_pair(request, pk)
    return _match_action(
        request,
        match,
        workflow.RAISE_CONCERN,
        forms.ConcernForm(posted(request)),
        lambda data: concerns.concern_raise(
            match=match, by=request.user, description=data["description"]
        ),
        done="Your concern has been sent to the scheme's leaders only.",
        title="Raise a concern about this match",
        submit="Send concern",
    )
