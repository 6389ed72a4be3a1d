"""The one action pattern (issue 16): every change on a record goes through a form and one
service call; a refusal from the service comes back on the same page as an error in the NHS
error summary, with what the person typed or chose kept; the pages offer the actions the
workflow (mentoring/workflow.py) allows, and the services refuse in the workflow's words."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring import concerns, proposals, services, workflow
from mentoring.models import Concern, Match, MatchStatus, Meeting, ProposalStatus
from tests.mentoring.factories import PROPOSAL, MenteeFactory, MentorFactory, proposal_submitted
from tests.responses import assert_page, shows

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def refused_on_the_page(response, message):
    """The same page (200), "Error: " in its title, and the message in the error summary."""
    page = text(response)
    assert response.status_code == 200
    assert "<title>Error: " in page and "There is a problem" in page
    summary = page[page.index("There is a problem") :]
    assert message in summary[: summary.index("</div>") + 2000]
    return page


def active(match):
    services.match_respond(match=match, by=match.mentor.user, accept=True)
    return services.match_respond(match=match, by=match.mentee.user, accept=True)


# --- The workflow, as plain data -----------------------------------------------------------


def test_the_workflow_offers_each_side_the_actions_of_the_matchs_status():
    pair = {"in_pair": True, "leads": False}
    assert workflow.match_actions(MatchStatus.PROPOSED, **pair) == {
        workflow.RESPOND,
        workflow.RAISE_CONCERN,
    }
    assert workflow.RESPOND not in workflow.match_actions(
        MatchStatus.PROPOSED, **pair, accepted=True
    )
    assert workflow.match_actions(MatchStatus.ACTIVE, **pair) == {
        workflow.LOG_MEETING,
        workflow.RECORD_PROGRESS,
        workflow.EXTEND,
        workflow.END,
        workflow.RAISE_CONCERN,
    }
    assert workflow.AGREE_EXTENSION in workflow.match_actions(
        MatchStatus.ACTIVE, **pair, extension_asked_by="other"
    )
    assert workflow.AGREE_EXTENSION not in workflow.match_actions(
        MatchStatus.ACTIVE, **pair, extension_asked_by="me"
    )
    assert workflow.match_actions(MatchStatus.COMPLETED, **pair) == {
        workflow.GIVE_FEEDBACK,
        workflow.RAISE_CONCERN,
    }
    assert workflow.match_actions(MatchStatus.DECLINED, **pair) == frozenset()
    # A leader who is not in the pair may only end an active match.
    assert workflow.match_actions(MatchStatus.ACTIVE, in_pair=False, leads=True) == {workflow.END}
    assert workflow.match_actions(MatchStatus.PROPOSED, in_pair=False, leads=True) == frozenset()


def test_the_service_refuses_in_the_workflows_words(match):
    reason = workflow.refusal(workflow.END, MatchStatus.PROPOSED)
    assert reason == "This match is proposed: you cannot end it."
    with pytest.raises(services.RuleBroken) as refused:
        services.match_end(match=match, by=match.mentor.user, completed=True)
    assert refused.value.message == reason


def test_someone_who_has_accepted_cannot_then_decline_the_proposed_match(match):
    services.match_respond(match=match, by=match.mentor.user, accept=True)
    with pytest.raises(services.RuleBroken, match="You have accepted this match already."):
        services.match_respond(match=match, by=match.mentor.user, accept=False, reason="No")
    match.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED


# --- The match page offers what the workflow allows ----------------------------------------


def test_the_match_page_offers_the_pair_and_the_leader_their_actions(client_for, match, leader):
    respond = reverse("mentoring:match-respond", args=[match.pk])
    meeting = reverse("mentoring:match-meeting", args=[match.pk])
    end = reverse("mentoring:match-end", args=[match.pk])
    page = text(assert_page(client_for(match.mentee.user).get(match.get_absolute_url())))
    assert respond in page and meeting not in page
    services.match_respond(match=match, by=match.mentee.user, accept=True)
    page = text(client_for(match.mentee.user).get(match.get_absolute_url()))
    assert respond not in page  # accepted already
    services.match_respond(match=match, by=match.mentor.user, accept=True)
    page = text(client_for(match.mentor.user).get(match.get_absolute_url()))
    assert meeting in page and end in page and respond not in page
    page = text(client_for(leader).get(match.get_absolute_url()))
    assert end in page and meeting not in page


# --- Refusals come back on the same page with the input kept ------------------------------


def test_a_meeting_on_a_match_not_active_is_refused_in_the_form_with_the_notes_kept(
    client_for, match
):
    response = client_for(match.mentee.user).post(
        reverse("mentoring:match-meeting", args=[match.pk]),
        {
            "met_on": timezone.localdate().isoformat(),
            "duration_minutes": "45",
            "mode": "online",
            "notes": "We talked about interviews",
        },
    )
    page = refused_on_the_page(response, "This match is proposed: you cannot log a meeting.")
    assert "We talked about interviews" in page and 'value="45"' in page
    assert not Meeting.objects.exists()


def test_declining_after_accepting_is_refused_in_the_form_with_the_reason_kept(client_for, match):
    client = client_for(match.mentor.user)
    url = reverse("mentoring:match-respond", args=[match.pk])
    client.post(url, {"decision": "accept"})
    # Asked for again, the page says why it cannot be answered now; no form.
    again = text(assert_page(client.get(url), "You have accepted this match already."))
    assert 'name="decision"' not in again
    response = client.post(url, {"decision": "decline", "reason": "My rota changed"})
    page = refused_on_the_page(response, "You have accepted this match already.")
    assert "My rota changed" in page
    match.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED


def test_agreeing_your_own_extension_is_refused_on_the_match_page(client_for, match):
    match = active(match)
    services.match_extension_request(match=match, by=match.mentor.user, months=3)
    ends_on = Match.objects.get(pk=match.pk).ends_on
    agree = reverse("mentoring:match-extension-agree", args=[match.pk])
    response = client_for(match.mentor.user).post(agree)
    page = refused_on_the_page(
        response, "The other person in the match needs to agree the extension."
    )
    assert "Match: " in page and "waiting for the other person to agree" in page
    assert Match.objects.get(pk=match.pk).ends_on == ends_on
    # The other person is offered the button, and agreeing moves the end date.
    mentee_page = text(client_for(match.mentee.user).get(match.get_absolute_url()))
    assert agree in mentee_page and "Agree to extend by 3 months" in mentee_page
    response = client_for(match.mentee.user).post(agree, follow=True)
    assert "Extension agreed: the match now ends on" in text(response)
    assert Match.objects.get(pk=match.pk).extended_months == 3


def test_a_mentee_pausing_availability_is_refused_on_their_application_page(client_for, mentee):
    response = client_for(mentee.user).post(
        reverse("mentoring:participant-availability", args=[mentee.pk]), {"available": "no"}
    )
    page = refused_on_the_page(response, "Only mentors pause their availability.")
    assert mentee.scheme.name in page


def test_withdrawing_with_a_live_match_is_refused_on_the_confirmation_page(client_for, match):
    response = client_for(match.mentee.user).post(
        reverse("mentoring:participant-withdraw", args=[match.mentee.pk])
    )
    page = refused_on_the_page(response, "End or decline your current matches before withdrawing.")
    assert "Withdraw this application?" in page
    match.mentee.refresh_from_db()
    assert match.mentee.status == "active"


def test_a_refused_pick_from_the_suggestions_keeps_the_mentor_chosen(client_for, leader, scheme):
    chosen = MentorFactory(scheme=scheme, capacity=1)
    mentee = MenteeFactory(scheme=scheme)
    scheme.status = "paused"
    scheme.save()
    url = reverse("mentoring:mentee-suggestions", args=[scheme.slug, mentee.pk])
    response = client_for(leader).post(url, {"mentor": chosen.pk})
    page = refused_on_the_page(response, "This scheme is paused")
    assert shows(page, f"You chose {chosen.user}: the match was not proposed.")
    assert not Match.objects.exists()
    response = client_for(leader).post(url, {"mentor": "999999"})
    refused_on_the_page(response, "Choose a mentor from the list.")


def test_pairs_the_service_refuses_keep_the_cohort_ticked_as_the_leader_ticked_it(
    client_for, leader, scheme
):
    mentors = [MentorFactory(scheme=scheme, capacity=1) for _ in range(2)]
    mentees = [MenteeFactory(scheme=scheme) for _ in range(2)]
    url = reverse("mentoring:cohort", args=[scheme.slug])
    page = text(client_for(leader).get(url))
    pairs = re.findall(r'name="pair" type="checkbox" value="(\d+-\d+)" checked', page)
    assert len(pairs) == 2  # all ticked before anything is posted
    scheme.status = "paused"
    scheme.save()
    response = client_for(leader).post(url, {"pair": [pairs[0]]})
    page = refused_on_the_page(response, "A pair was not proposed: This scheme is paused")
    assert f'value="{pairs[0]}" checked' in page
    assert f'value="{pairs[1]}" checked' not in page and f'value="{pairs[1]}"' in page
    assert not Match.objects.exists()
    assert mentors and mentees


def test_proposing_no_pair_is_refused_on_the_cohort_page(client_for, leader, scheme):
    response = client_for(leader).post(reverse("mentoring:cohort", args=[scheme.slug]), {})
    refused_on_the_page(response, "Choose at least one suggested pair to propose.")


def test_closing_a_closed_concern_is_refused_with_the_notes_kept(client_for, leader, match):
    concern = concerns.concern_raise(match=match, by=match.mentee.user, description="Late")
    url = reverse("mentoring:concern-detail", args=[match.scheme.slug, concern.pk])
    client_for(leader).post(url, {"notes": "Spoke to both"})
    response = client_for(leader).post(url, {"notes": "Typed again by a second leader"})
    page = refused_on_the_page(response, "This concern is closed already.")
    assert "Typed again by a second leader" in page
    assert Concern.objects.get().leader_notes == "Spoke to both"


def test_changing_a_proposal_not_sent_back_is_refused_with_the_changes_kept(client_for, member):
    proposal = proposal_submitted(member)
    response = client_for(member).post(
        reverse("mentoring:proposal-edit", args=[proposal.pk]),
        PROPOSAL | {"aims": "My newly typed aims"},
    )
    page = refused_on_the_page(
        response, "You can change a proposal only when the admins ask for changes."
    )
    assert "My newly typed aims" in page
    proposal.refresh_from_db()
    assert proposal.aims == "a"


def test_reviewing_a_reviewed_proposal_is_refused_with_the_notes_kept(
    client_for, member, superuser
):
    proposal = proposal_submitted(member)
    proposals.proposal_review(proposal=proposal, by=superuser, decision="approved")
    url = reverse("mentoring:proposal-detail", args=[proposal.pk])
    assert 'name="decision"' not in text(client_for(superuser).get(url))  # not offered
    response = client_for(superuser).post(url, {"decision": "declined", "notes": "Second thoughts"})
    page = refused_on_the_page(
        response, "This proposal is approved: only proposals waiting for review can be reviewed."
    )
    assert "Second thoughts" in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED


def test_answering_an_answered_query_is_refused_with_the_answer_kept(client_for, leader, mentee):
    enquiry = concerns.enquiry_send(scheme=mentee.scheme, by=mentee.user, subject="S", message="?")
    concerns.enquiry_answer(enquiry=enquiry, by=leader, answer="First answer")
    url = enquiry.get_absolute_url()
    assert 'name="answer"' not in text(client_for(leader).get(url))  # not offered
    response = client_for(leader).post(url, {"answer": "Typed by a second leader"})
    page = refused_on_the_page(response, "This query has been answered already.")
    assert "Typed by a second leader" in page
    enquiry.refresh_from_db()
    assert enquiry.answer == "First answer"
    assert client_for(mentee.user).post(url, {"answer": "x"}).status_code == 403
