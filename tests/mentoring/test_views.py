"""What the pages show and do: privacy of characteristics, forms that keep input, the cohort
matched and confirmed, overrides, wrong-state refusals, the dashboard and its download, and
query counts that do not grow with rows."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from mentoring import concerns, proposals, services
from mentoring.models import Match, MatchStatus, Participant
from outbox.sending import outbox_send_due
from tests.factories import UserFactory
from tests.mentoring.factories import (
    APPLICATION,
    PROPOSAL,
    MatchFactory,
    MenteeFactory,
    MentorFactory,
    proposal_submitted,
)
from tests.responses import assert_page

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


# --- Characteristics are private -----------------------------------------------------------


@pytest.fixture
def private_mentee(scheme, member):
    return MenteeFactory(
        scheme=scheme,
        user=member,
        characteristics=["lgbtq", "disabled"],
        wanted_shared=["lgbtq"],
        share_with_mentor=False,
    )


def test_characteristics_are_seen_by_the_person_and_the_schemes_leaders_only(
    client_for, private_mentee, leader, other_leader, scheme, mentor
):
    match = MatchFactory(scheme=scheme, mentor=mentor, mentee=private_mentee)
    url = reverse("mentoring:participant-detail", args=[private_mentee.pk])
    assert "LGBTQ+" in text(client_for(private_mentee.user).get(url))
    assert "LGBTQ+" in text(client_for(leader).get(url))
    assert client_for(other_leader).get(url).status_code == 404
    # The mentor sees neither the characteristics nor the reason that names them.
    page = text(client_for(mentor.user).get(match.get_absolute_url()))
    assert "LGBTQ+" not in page and "Disabled" not in page
    assert "Same field" in page
    assert "out of 100" not in page  # the total would give the hidden part away
    assert "75 out of 100" in text(client_for(leader).get(match.get_absolute_url()))
    # Public pages never show them, to anyone.
    for public in (reverse("mentoring:index"), scheme.get_absolute_url()):
        assert "LGBTQ+" not in text(client_for(UserFactory()).get(public))
        assert "LGBTQ+" not in text(Client().get(public))


def test_the_mentor_sees_the_mentees_characteristics_when_the_mentee_chose_to_share(
    client_for, private_mentee, scheme, mentor
):
    private_mentee.share_with_mentor = True
    private_mentee.save()
    match = MatchFactory(scheme=scheme, mentor=mentor, mentee=private_mentee)
    page = text(client_for(mentor.user).get(match.get_absolute_url()))
    assert "LGBTQ+" in page and "shared privately" in page


def test_the_dashboard_shows_participation_only_through_disclosure_control(
    client_for, leader, scheme
):
    for _ in range(9):
        MenteeFactory(scheme=scheme, characteristics=["first_in_family"])
    for _ in range(3):
        MenteeFactory(scheme=scheme, characteristics=["disabled"])
    figures = text(client_for(leader).get(reverse("mentoring:scheme-manage", args=[scheme.slug])))
    csv_text = (
        client_for(leader).get(reverse("mentoring:dashboard-csv", args=[scheme.slug])).content
    ).decode("utf-8-sig")
    rows = {(row[0], row[1]): row[2] for row in csv.reader(io.StringIO(csv_text))}
    # 9 -> 10, 3 -> *, 12 mentees -> 10; 10 of 10 -> 100%.
    assert (
        rows[("participation", "First in family to go to university: mentees (published count)")]
        == "10"
    )
    assert (
        rows[
            (
                "participation",
                "Disabled or living with a long-term condition: mentees (published count)",
            )
        ]
        == "*"
    )
    assert rows[("participation", "mentees (published count)")] == "10"
    assert (
        rows[
            ("participation", "First in family to go to university: mentees (% of published total)")
        ]
        == "100"
    )
    assert "Published totals: 0 mentors, 10 mentees" in figures


def test_the_dashboard_shows_a_count_of_none_as_0_not_blank(client_for, leader, scheme):
    """The NHS summary list prints nothing for the number 0: a new scheme's leader saw blanks
    beside "Active mentees" and "Mentees waiting for a match"."""
    page = text(client_for(leader).get(reverse("mentoring:scheme-manage", args=[scheme.slug])))
    flat = " ".join(page.split())
    for key in ("Active mentees", "Mentees waiting for a match"):
        assert f'{key} </dt> <dd class="nhsuk-summary-list__value"> 0 </dd>' in flat, key


def test_the_dashboard_download_is_safe_to_open_in_a_spreadsheet(client_for, leader, scheme):
    response = client_for(leader).get(reverse("mentoring:dashboard-csv", args=[scheme.slug]))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="ppn-dashboard.csv"' in response["Content-Disposition"]


# --- Applying --------------------------------------------------------------------------------


def application(**changes):
    """The application form filled in well: `APPLICATION`, asking to share only what the
    applicant said of themselves (the form refuses more, where the services drop it)."""
    form = {"topics": ["applications", "interviews"], "wanted_shared": ["first_in_family"]}
    return APPLICATION | form | changes


def test_a_member_applies_as_a_mentee_through_the_form(client_for, member, scheme):
    response = client_for(member).post(
        reverse("mentoring:apply", args=[scheme.slug, "mentee"]), application()
    )
    participant = Participant.objects.get(user=member)
    assert response.status_code == 302 and response["Location"] == participant.get_absolute_url()
    assert participant.topics == ["applications", "interviews"]


def test_a_bad_application_shows_the_error_summary_and_keeps_what_was_typed(
    client_for, member, scheme
):
    response = client_for(member).post(
        reverse("mentoring:apply", args=[scheme.slug, "mentee"]),
        application(membership_number="", goals="My own goal", wanted_shared=["disabled"]),
    )
    page = text(response)
    assert response.status_code == 200
    assert "<title>Error: " in page and "There is a problem" in page
    assert "My own goal" in page
    assert "Tick only characteristics" in page
    assert not Participant.objects.exists()


def test_an_ineligible_member_is_refused_with_the_reason_in_the_form(client_for, member, scheme):
    page = text(
        client_for(member).post(
            reverse("mentoring:apply", args=[scheme.slug, "mentee"]),
            application(grade="student"),
        )
    )
    assert "Error: " in page and "You gave Student member" in page
    assert not Participant.objects.exists()


def test_a_closed_scheme_explains_that_it_is_not_taking_applications(client_for, member, scheme):
    scheme.status = "closed"
    scheme.save()
    page = text(client_for(member).get(reverse("mentoring:apply", args=[scheme.slug, "mentee"])))
    assert "This scheme is closed." in page and 'name="membership_number"' not in page
    response = client_for(member).post(
        reverse("mentoring:apply", args=[scheme.slug, "mentee"]), application()
    )
    assert "This scheme is closed." in text(response)
    assert not Participant.objects.exists()


# --- Matching the cohort -----------------------------------------------------------------


@pytest.fixture
def cohort(scheme):
    mentors = [MentorFactory(scheme=scheme, capacity=1) for _ in range(2)]
    mentees = [MenteeFactory(scheme=scheme) for _ in range(3)]
    return mentors, mentees


def test_the_cohort_page_suggests_pairs_with_scores_and_reasons_and_a_waiting_list(
    client_for, leader, scheme, cohort
):
    page = text(client_for(leader).get(reverse("mentoring:cohort", args=[scheme.slug])))
    assert "3 mentees waiting, 2 mentors with 2 free places" in page
    assert "Suggested: 2 pairs" in page
    assert "Same field: Clinical psychology" in page
    assert "Waiting list" in page


def test_a_leader_proposes_all_suggested_matches_at_once(client_for, leader, scheme, cohort):
    response = client_for(leader).post(
        reverse("mentoring:cohort", args=[scheme.slug]), {"all": "yes"}
    )
    assert response.status_code == 302
    assert Match.objects.filter(scheme=scheme, status=MatchStatus.PROPOSED).count() == 2


def test_a_leader_proposes_only_the_ticked_pairs(client_for, leader, scheme, cohort):
    mentors, mentees = cohort
    client_for(leader).post(
        reverse("mentoring:cohort", args=[scheme.slug]),
        {"pair": [f"{mentors[0].pk}-{mentees[2].pk}"]},
    )
    assert list(Match.objects.values_list("mentor", "mentee")) == [(mentors[0].pk, mentees[2].pk)]


def test_a_leader_overrides_a_suggestion_by_choosing_another_mentor(
    client_for, leader, scheme, cohort
):
    mentors, mentees = cohort
    url = reverse("mentoring:mentee-suggestions", args=[scheme.slug, mentees[0].pk])
    assert "Mentors with a free place, best first" in text(client_for(leader).get(url))
    response = client_for(leader).post(url, {"mentor": mentors[1].pk})
    match = Match.objects.get()
    assert response["Location"] == match.get_absolute_url()
    assert (match.mentor, match.mentee) == (mentors[1], mentees[0])


def test_a_refused_proposal_is_explained_to_the_leader(client_for, leader, scheme, cohort):
    mentors, mentees = cohort
    scheme.status = "paused"
    scheme.save()
    url = reverse("mentoring:mentee-suggestions", args=[scheme.slug, mentees[0].pk])
    response = client_for(leader).post(url, {"mentor": mentors[1].pk})
    assert response.status_code == 200  # the same page, with the error
    assert "This scheme is paused" in text(response)
    assert not Match.objects.exists()


def test_a_leader_cannot_propose_pairs_from_another_scheme(
    client_for, leader, scheme, other_scheme
):
    foreign_mentor = MentorFactory(scheme=other_scheme)
    foreign_mentee = MenteeFactory(scheme=other_scheme)
    client_for(leader).post(
        reverse("mentoring:cohort", args=[scheme.slug]),
        {"pair": [f"{foreign_mentor.pk}-{foreign_mentee.pk}"]},
    )
    assert not Match.objects.exists()


# --- The life of a match through the pages -------------------------------------------------


def test_both_accept_through_the_pages_and_the_match_becomes_active(client_for, match):
    url = reverse("mentoring:match-respond", args=[match.pk])
    client_for(match.mentor.user).post(url, {"decision": "accept"})
    response = client_for(match.mentee.user).post(url, {"decision": "accept"}, follow=True)
    assert "You have both accepted: the match is active." in text(response)
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE


def test_declining_without_a_reason_shows_the_error_and_changes_nothing(client_for, match):
    response = client_for(match.mentee.user).post(
        reverse("mentoring:match-respond", args=[match.pk]), {"decision": "decline"}
    )
    assert "Give a reason for declining" in text(response)
    match.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED


def test_an_action_on_a_match_in_the_wrong_state_is_refused_with_a_message(client_for, match):
    response = client_for(match.mentee.user).get(
        reverse("mentoring:match-meeting", args=[match.pk])
    )
    assert response.status_code == 200
    page = text(response)
    assert "This match is proposed: you cannot log a meeting." in page
    assert match.get_absolute_url() in page and 'name="met_on"' not in page


def test_the_match_ends_and_feedback_is_asked_for(client_for, match):
    services.match_respond(match=match, by=match.mentor.user, accept=True)
    services.match_respond(match=match, by=match.mentee.user, accept=True)
    client = client_for(match.mentor.user)
    client.post(reverse("mentoring:match-end", args=[match.pk]), {"outcome": "completed"})
    page = text(client.get(match.get_absolute_url()))
    assert "Give feedback" in page
    client.post(
        reverse("mentoring:match-feedback", args=[match.pk]),
        {"rating_goals": "5", "rating_relationship": "4", "rating_scheme": "5", "comment": "Good"},
    )
    page = text(client.get(match.get_absolute_url()))
    assert "Give feedback" not in page and "4 out of 5" in page


def test_a_concern_is_seen_by_the_leaders_but_not_by_the_other_person(client_for, match, leader):
    client_for(match.mentee.user).post(
        reverse("mentoring:match-concern", args=[match.pk]), {"description": "Mentor cancels a lot"}
    )
    concerns = reverse("mentoring:concern-list", args=[match.scheme.slug])
    assert client_for(leader).get(concerns).status_code == 200
    concern = match.concerns.get()
    detail = reverse("mentoring:concern-detail", args=[match.scheme.slug, concern.pk])
    assert "Mentor cancels a lot" in text(client_for(leader).get(detail))
    assert "Mentor cancels a lot" not in text(
        client_for(match.mentor.user).get(match.get_absolute_url())
    )
    assert client_for(match.mentor.user).get(detail).status_code == 403


def test_a_leader_records_a_breach_through_the_form_and_the_careers_team_is_emailed(
    client_for, leader, scheme, mailoutbox
):
    response = client_for(leader).post(
        reverse("mentoring:breach-create", args=[scheme.slug]),
        {
            "discovered_at": "2026-01-05T10:30",
            "description": "List sent to the wrong people",
            "people_affected": "5 mentees",
            "actions_taken": "Asked for deletion",
        },
        follow=True,
    )
    assert "Breach recorded and the careers team told by email." in text(response)
    assert outbox_send_due().sent == 1
    assert len(mailoutbox) == 1


def test_a_breach_form_with_a_future_date_keeps_the_input(client_for, leader, scheme):
    response = client_for(leader).post(
        reverse("mentoring:breach-create", args=[scheme.slug]),
        {"discovered_at": "2999-01-05T10:30", "description": "Typed text"},
    )
    page = text(response)
    assert "Error: " in page and "cannot be in the future" in page and "Typed text" in page


# --- Leaders see only their own ----------------------------------------------------------


def test_the_index_lists_only_the_schemes_a_leader_leads_under_schemes_you_lead(
    client_for, leader, scheme, other_scheme
):
    page = text(client_for(leader).get(reverse("mentoring:index")))
    assert "Manage Psychological professions network" in page
    assert "Manage Forensic network" not in page


def test_an_admin_reviews_a_proposal_in_the_portal(client_for, superuser, member):
    proposal = proposal_submitted(member)
    url = reverse("mentoring:proposal-detail", args=[proposal.pk])
    response = client_for(superuser).post(url, {"decision": "declined"})
    assert "Say what needs to change" in text(response)
    client_for(superuser).post(url, {"decision": "approved"})
    proposal.refresh_from_db()
    assert proposal.scheme.leaders.get() == member


# --- Query counts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["participant-list", "match-list", "scheme-manage", "cohort", "enquiry-list", "concern-list"],
)
def test_leader_pages_cost_the_same_queries_with_more_rows(
    client_for, leader, scheme, name, django_assert_max_num_queries
):
    client = client_for(leader)
    url = reverse(f"mentoring:{name}", args=[scheme.slug])

    def add_rows(n):
        for _ in range(n):
            match = MatchFactory(scheme=scheme)
            concerns.enquiry_send(scheme=scheme, by=match.mentee.user, subject="s", message="m")
            concerns.concern_raise(match=match, by=match.mentee.user, description="c")

    add_rows(2)
    with django_assert_max_num_queries(25) as small:
        assert_page(client.get(url), scheme.name)
    add_rows(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert_page(client.get(url), scheme.name)


def test_index_match_detail_and_mine_cost_a_fixed_number_of_queries(
    client_for, match, django_assert_max_num_queries
):
    client = client_for(match.mentee.user)
    for _ in range(5):
        MatchFactory()
    for url in (
        reverse("mentoring:index"),
        match.get_absolute_url(),
        reverse("mentoring:mine"),
        match.mentee.get_absolute_url(),
    ):
        with django_assert_max_num_queries(16):
            assert_page(client.get(url), match.scheme.name)


# --- Leaders edit their scheme; mentors prepare and pause; proposals are changed ---------


def test_a_leader_edits_the_scheme_rules_and_status(client_for, leader, scheme):
    response = client_for(leader).post(
        reverse("mentoring:scheme-edit", args=[scheme.slug]),
        {
            "description": "New description",
            "aims": scheme.aims,
            "status": "paused",
            "membership_required": "on",
            "allowed_grades": ["student", "graduate"],
            "match_length_months": "6",
            "default_mentor_capacity": "3",
            "response_days": "3",
            "minimum_score": "50",
        },
    )
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert (scheme.status, scheme.allowed_grades, scheme.match_length_months) == (
        "paused",
        ["student", "graduate"],
        6,
    )


def test_a_scheme_edit_with_bad_values_keeps_the_input(client_for, leader, scheme):
    response = client_for(leader).post(
        reverse("mentoring:scheme-edit", args=[scheme.slug]),
        {"description": "Kept text", "match_length_months": "99", "allowed_grades": []},
    )
    page = text(response)
    assert "Error: " in page and "Kept text" in page


def test_a_mentor_records_preparation_then_pauses_and_resumes(client_for, scheme):
    mentor = MentorFactory(scheme=scheme, preparation_completed_on=None)
    client = client_for(mentor.user)
    page = text(client.get(mentor.get_absolute_url()))
    assert "Preparation not recorded yet" in page
    client.post(
        reverse("mentoring:participant-preparation", args=[mentor.pk]),
        {"completed_on": "2025-03-01", "notes": "Online course"},
    )
    client.post(
        reverse("mentoring:participant-availability", args=[mentor.pk]), {"available": "no"}
    )
    mentor.refresh_from_db()
    assert str(mentor.preparation_completed_on) == "2025-03-01" and not mentor.available
    client.post(
        reverse("mentoring:participant-availability", args=[mentor.pk]), {"available": "yes"}
    )
    mentor.refresh_from_db()
    assert mentor.available


def test_a_participant_withdraws_unless_they_have_a_live_match(client_for, match):
    client = client_for(match.mentee.user)
    url = reverse("mentoring:participant-withdraw", args=[match.mentee.pk])
    response = client.post(url)
    assert response.status_code == 200  # the same page, with the error
    assert "End or decline your current matches before withdrawing." in text(response)
    services.match_respond(match=match, by=match.mentee.user, accept=False, reason="No")
    client.post(url)
    match.mentee.refresh_from_db()
    assert match.mentee.status == "withdrawn"


def test_a_proposer_changes_a_proposal_when_asked(client_for, member, superuser):
    proposal = proposal_submitted(member)
    edit = reverse("mentoring:proposal-edit", args=[proposal.pk])
    refused = text(client_for(member).get(edit))  # not asked for changes yet
    assert "You can change a proposal only when the admins ask for changes." in refused
    assert 'name="aims"' not in refused
    proposals.proposal_review(
        proposal=proposal, by=superuser, decision="changes_requested", notes="More aims"
    )
    assert "More aims" in text(client_for(member).get(edit))
    client_for(member).post(edit, PROPOSAL | {"aims": "Clearer aims"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.aims) == ("submitted", "Clearer aims")


def test_a_leader_answers_a_query_and_an_overdue_one_is_flagged(client_for, leader, mentee, scheme):
    enquiry = concerns.enquiry_send(scheme=scheme, by=mentee.user, subject="Rooms", message="?")
    type(enquiry).objects.filter(pk=enquiry.pk).update(due_on="2020-01-01")
    page = text(client_for(leader).get(reverse("mentoring:scheme-manage", args=[scheme.slug])))
    assert "1 query is overdue" in page
    listing = text(
        client_for(leader).get(
            reverse("mentoring:enquiry-list", args=[scheme.slug]) + "?state=overdue"
        )
    )
    assert "Rooms" in listing and "Overdue" in listing
    client_for(leader).post(enquiry.get_absolute_url(), {"answer": "Book through the office"})
    assert "Book through the office" in text(
        client_for(mentee.user).get(enquiry.get_absolute_url())
    )


def test_someone_who_has_applied_already_is_shown_their_application_not_the_form(
    client_for, mentee, scheme
):
    page = text(
        client_for(mentee.user).get(reverse("mentoring:apply", args=[scheme.slug, "mentee"]))
    )
    assert "You have already applied to this scheme as a mentee." in page
    assert mentee.get_absolute_url() in page and 'name="goals"' not in page


def test_a_refusal_from_the_service_is_a_form_error_with_the_input_kept(client_for, match):
    """The one action pattern (issue 16): the service refuses, the page shows its message as
    a form error, and what the person typed is still in the form."""
    services.match_respond(match=match, by=match.mentor.user, accept=True)
    services.match_respond(match=match, by=match.mentee.user, accept=True)
    services.match_end(match=match, by=match.mentor.user, completed=True)
    client = client_for(match.mentor.user)
    url = reverse("mentoring:match-feedback", args=[match.pk])
    answers = {"rating_goals": "5", "rating_relationship": "4", "rating_scheme": "5"}
    client.post(url, {**answers, "comment": "Good"})
    response = client.post(url, {**answers, "comment": "Typed a second time"})
    assert response.status_code == 200
    page = text(response)
    assert "You have given feedback on this match already." in page
    assert "Typed a second time" in response.content.decode()
    assert match.feedback.count() == 1
