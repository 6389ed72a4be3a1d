"""Every page of workshops and resources, for careers staff, a signed-in person without rights
and an anonymous visitor; query counts asserted with the status and content; forms refusing
bad input with the NHS error summary and the input kept."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from outbox.models import Email
from support import vocab
from support.models import Booking, Feedback, Resource, Session
from tests.factories import UserFactory
from tests.responses import assert_page
from tests.support.factories import (
    BookingFactory,
    ResourceFactory,
    SessionFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def things(person):
    workshop = WorkshopFactory(title="Choosing a specialty", slug="choosing-a-specialty")
    session = SessionFactory(workshop=workshop, capacity=3)
    booking = BookingFactory(session=session, user=person)
    resource = ResourceFactory(title="Explore roles", slug="explore-roles", roles=["psychiatrist"])
    document = ResourceFactory(
        kind=vocab.DOCUMENT,
        slug="a-guide",
        url="",
        document=b"%PDF-1.7\n%%EOF\n",
        document_size=15,
        document_name="guide.pdf",
        accessibility_note="Tagged PDF.",
    )
    return {
        "workshop": workshop,
        "session": session,
        "booking": booking,
        "resource": resource,
        "document": document,
    }


PUBLIC, SIGNED_IN, OWN, STAFF = "public", "signed in", "own", "staff"


def pages(t):
    """(URL, who may see it)."""
    w, s, b, r = t["workshop"], t["session"], t["booking"], t["resource"]
    return [
        (reverse("support:index"), PUBLIC),
        (reverse("support:workshop-list"), PUBLIC),
        (reverse("support:workshop-detail", args=[w.slug]), PUBLIC),
        (reverse("support:resource-list"), PUBLIC),
        (reverse("support:trainers"), PUBLIC),
        (reverse("support:resource-detail", args=[r.slug]), PUBLIC),
        (reverse("support:resource-document", args=[t["document"].slug]), PUBLIC),
        (reverse("support:my-bookings"), SIGNED_IN),
        (reverse("support:booking-calendar", args=[b.pk]), OWN),
        (reverse("support:booking-cancel", args=[b.pk]), OWN),
        (reverse("support:feedback", args=[b.pk]), OWN),
        (reverse("support:manage"), STAFF),
        (reverse("support:workshop-new"), STAFF),
        (reverse("support:workshop-edit", args=[w.slug]), STAFF),
        (reverse("support:session-new", args=[w.slug]), STAFF),
        (reverse("support:session-detail", args=[s.pk]), STAFF),
        (reverse("support:session-edit", args=[s.pk]), STAFF),
        (reverse("support:session-cancel", args=[s.pk]), STAFF),
        (reverse("support:attendance", args=[s.pk]), STAFF),
        (reverse("support:report"), STAFF),
        (reverse("support:report-csv"), STAFF),
        (reverse("support:resource-review"), STAFF),
        (reverse("support:resource-new"), STAFF),
        (reverse("support:resource-edit", args=[r.slug]), STAFF),
    ]


EXPECTED = {
    # who: {access: status}
    "anonymous": {PUBLIC: 200, SIGNED_IN: 302, OWN: 302, STAFF: 302},
    "member": {PUBLIC: 200, SIGNED_IN: 200, OWN: 404, STAFF: 403},
    "booker": {PUBLIC: 200, SIGNED_IN: 200, OWN: 200, STAFF: 403},
    "staff": {PUBLIC: 200, SIGNED_IN: 200, OWN: 404, STAFF: 200},
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_page_answers_each_kind_of_user(client, things, staff, person, who):
    users = {"member": UserFactory(), "booker": person, "staff": staff}
    if who in users:
        client.force_login(users[who])
    problems = []
    for url, access in pages(things):
        response = client.get(url)
        expected = EXPECTED[who][access]
        if response.status_code != expected:
            problems.append(f"{url}: {response.status_code}, expected {expected}")
        if expected == 302 and "/accounts/sign-in/" not in response["Location"]:
            problems.append(f"{url}: not sent to sign in")
    assert not problems, "\n".join(problems)


def test_every_support_url_is_in_the_test(things):
    from support.urls import urlpatterns

    tested = {url for url, _ in pages(things)}
    assert len(tested) == len(urlpatterns) - 1  # the booking POST is tested on its own


def test_booking_needs_an_account(client, things):
    url = reverse("support:workshop-book", args=[things["workshop"].slug])
    response = client.post(url, {"session": things["session"].pk})
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    assert Booking.objects.count() == 1


def test_a_visitor_is_told_an_account_is_for_booking_workshops_and_where_to_make_one(
    client, things
):
    for name, args in (("workshop-list", []), ("workshop-detail", [things["workshop"].slug])):
        body = client.get(reverse(f"support:{name}", args=args)).content.decode()
        assert f'href="{reverse("accounts:register")}"' in body
    assert_page(client.get(reverse("accounts:register")), "book careers workshops")
    assert_page(client.get(reverse("accounts:sign-in")), "people booking careers workshops")


# --- Query counts with status and content -----------------------------------------------------


def test_the_workshop_list_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for n in range(6):
        workshop = WorkshopFactory(title=f"Workshop {n}")
        for _ in range(3):
            SessionFactory(workshop=workshop, capacity=4)
    BookingFactory(session=Session.objects.first())
    with django_assert_num_queries(3):
        response = client.get(reverse("support:workshop-list"))
    assert_page(response, "Workshop 5", "3 places left of 4", "4 places left of 4")


def test_the_workshop_list_filters_by_month_format_and_audience_and_keeps_them_in_the_url(client):
    now = timezone.now()
    in_two_months = (timezone.localdate() + dt.timedelta(days=62)).replace(day=15)
    online = WorkshopFactory(title="Online interview practice")
    SessionFactory(
        workshop=online,
        format=vocab.ONLINE,
        place="",
        joining_link="https://meet.example.org/abc",
        starts_at=timezone.make_aware(dt.datetime.combine(in_two_months, dt.time(18))),
        booking_closes_at=now + dt.timedelta(days=20),
    )
    nurses = WorkshopFactory(title="Nursing careers", open_to_all=False, professions=["nursing"])
    SessionFactory(workshop=nurses)
    month = f"{in_two_months:%Y-%m}"
    response = client.get(reverse("support:workshop-list"), {"format": "online", "month": month})
    body = response.content.decode()
    assert "Online interview practice" in body and "Nursing careers" not in body
    assert f'value="{month}" selected' in body or f'value="{month}"' in body
    response = client.get(reverse("support:workshop-list"), {"profession": "medicine"})
    body = response.content.decode()
    assert "Online interview practice" in body and "Nursing careers" not in body
    response = client.get(reverse("support:workshop-list"), {"profession": "nursing"})
    assert "Nursing careers" in response.content.decode()
    # The joining link is never on a public page.
    assert "meet.example.org" not in client.get(online.get_absolute_url()).content.decode()


def test_the_resource_list_searches_with_full_text_and_costs_fixed_queries(
    client, django_assert_num_queries
):
    ResourceFactory(title="Applying for specialty training", summary="Interviews and portfolios")
    ResourceFactory(title="Returning to practice", topics=["returning"], audiences=["trainers"])
    for n in range(10):
        ResourceFactory(title=f"Filler {n}", summary="Something else")
    with django_assert_num_queries(2):
        response = client.get(reverse("support:resource-list"), {"q": "interview"})
    assert_page(response, "Applying for specialty training", "1 resource")
    assert "Filler" not in response.content.decode()
    response = client.get(
        reverse("support:resource-list"), {"topic": "returning", "audience": "trainers"}
    )
    body = response.content.decode()
    assert "Returning to practice" in body and "Applying for specialty" not in body


def test_my_bookings_shows_the_joining_link_only_to_people_with_a_place(
    client, person, django_assert_num_queries
):
    online = SessionFactory(
        format=vocab.ONLINE, place="", joining_link="https://meet.example.org/secret", capacity=1
    )
    BookingFactory(session=online, user=person)
    waiter = UserFactory()
    BookingFactory(session=online, user=waiter, status=Booking.Status.WAITING, booked_at=None)
    client.force_login(person)
    with django_assert_num_queries(6):  # session, user, bookings; the session saved (3)
        response = client.get(reverse("support:my-bookings"))
    assert_page(response, "https://meet.example.org/secret")
    client.force_login(waiter)
    body = client.get(reverse("support:my-bookings")).content.decode()
    assert "meet.example.org" not in body and "On the waiting list" in body


def test_staff_pages_cost_fixed_queries(client, staff, things, django_assert_num_queries):
    for n in range(5):
        BookingFactory(session=things["session"] if n < 2 else SessionFactory())
    client.force_login(staff)
    # Session, user, groups, count, workshops, sessions; the session saved (3 more), as on a
    # first request: the next within 30 seconds does not write it.
    with django_assert_num_queries(9):
        response = client.get(reverse("support:manage"))
    assert_page(response, "3 of 3", "Choosing a specialty")
    with django_assert_num_queries(5):
        response = client.get(reverse("support:session-detail", args=[things["session"].pk]))
    assert_page(response, "Aisha Rahman", "Booked (3)")


def test_the_role_resources_fragment_costs_one_query():
    """A template fragment, not a page (the page is tested below with assert_page)."""
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext

    ResourceFactory(title="Becoming a psychiatrist", roles=["psychiatrist"])
    ResourceFactory(title="Untagged")

    class Role:
        slug = "psychiatrist"

    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("support/_role_resources.jinja", {"role": Role()})
    assert len(queries) == 1
    assert "Becoming a psychiatrist" in html and "Untagged" not in html


# --- Booking through the page --------------------------------------------------------------------


def test_booking_through_the_page_then_cancelling(client, person):
    session = SessionFactory(capacity=1)
    client.force_login(person)
    response = client.post(
        reverse("support:workshop-book", args=[session.workshop.slug]),
        {"session": session.pk, "join_waiting_list": "on"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("support:my-bookings")
    booking = Booking.objects.get(user=person)
    assert booking.status == "booked"
    calendar = client.get(reverse("support:booking-calendar", args=[booking.pk]))
    assert calendar["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in calendar.content and b"Education Centre" in calendar.content
    response = client.post(reverse("support:booking-cancel", args=[booking.pk]))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_a_full_session_offers_the_waiting_list_with_the_error_summary(client, person):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    client.force_login(person)
    url = reverse("support:workshop-book", args=[session.workshop.slug])
    response = client.post(url, {"session": session.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body and "There is a problem" in body
    assert "This session is full. You can join the waiting list instead." in body
    assert 'href="#id_join_waiting_list"' in body and "Join the waiting list" in body
    assert not Booking.objects.filter(user=person).exists()
    client.post(url, {"session": session.pk, "join_waiting_list": "on"})
    assert Booking.objects.get(user=person).status == "waiting"


def test_booking_past_the_deadline_is_refused_on_the_page(client, person):
    now = timezone.now()
    session = SessionFactory(
        starts_at=now + dt.timedelta(hours=3), booking_closes_at=now - dt.timedelta(hours=1)
    )
    client.force_login(person)
    response = client.post(
        reverse("support:workshop-book", args=[session.workshop.slug]), {"session": session.pk}
    )
    body = response.content.decode()
    assert "Booking for this session closed" in body and 'href="#id_session"' in body
    assert not Booking.objects.exists() and not Email.objects.exists()


def test_a_restricted_workshop_names_the_fields_that_do_not_fit(client, person):
    workshop = WorkshopFactory(open_to_all=False, professions=["medicine"], grades=["core"])
    session = SessionFactory(workshop=workshop)
    client.force_login(person)
    url = reverse("support:workshop-book", args=[workshop.slug])
    response = client.post(url, {"session": session.pk})
    body = response.content.decode()
    assert 'href="#id_profession"' in body and 'href="#id_grade"' in body
    response = client.post(url, {"session": session.pk, "profession": "nursing", "grade": "core"})
    body = response.content.decode()
    assert "professions only: Medicine (doctors)" in body
    assert 'value="core" selected' in body  # the input is kept
    assert not Booking.objects.exists()


def test_lowering_capacity_below_the_bookings_is_refused_on_the_capacity_field(client, staff):
    session = SessionFactory(capacity=3)
    BookingFactory(session=session)
    BookingFactory(session=session)
    client.force_login(staff)
    local = timezone.localtime(session.starts_at)
    closes = timezone.localtime(session.booking_closes_at)
    response = client.post(
        reverse("support:session-edit", args=[session.pk]),
        {
            "starts_at": f"{local:%Y-%m-%dT%H:%M}",
            "minutes": "90",
            "format": "in_person",
            "place": session.place,
            "access_note": session.access_note,
            "capacity": "1",
            "booking_closes_at": f"{closes:%Y-%m-%dT%H:%M}",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'href="#id_capacity"' in body
    assert "cannot be lower than 2" in body and 'value="1"' in body
    session.refresh_from_db()
    assert session.capacity == 3


def test_staff_take_attendance_and_see_the_report_and_csv(client, staff):
    now = timezone.now()
    held = SessionFactory(
        starts_at=now - dt.timedelta(days=2), booking_closes_at=now - dt.timedelta(days=3)
    )
    came, missed = BookingFactory(session=held), BookingFactory(session=held)
    client.force_login(staff)
    response = client.post(reverse("support:attendance", args=[held.pk]), {f"came_{came.pk}": "on"})
    assert response.status_code == 302
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attended, missed.attended) == (True, False)
    Feedback.objects.create(booking=came, rating=4)
    report = client.get(reverse("support:report")).content.decode()
    assert 'role="img"' in report and "<title id=" in report and "50" in report
    csv = client.get(reverse("support:report-csv"))
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Kind,Period or workshop,Sessions held")
    assert any(
        line.startswith(f"workshop,{held.workshop.title},1,2,1,1,0,50,1,4.0") for line in lines
    )


def test_the_report_marks_the_month_under_way_as_so_far_and_only_that_one(client, staff):
    client.force_login(staff)
    this_month = f"{timezone.localdate():%b %Y}"
    lines = client.get(reverse("support:report-csv")).content.decode("utf-8-sig").splitlines()
    months = [line.split(",")[1] for line in lines if line.startswith("month,")]
    assert len(months) == 12 and months[-1] == f"{this_month} (so far)"
    assert not any("so far" in month for month in months[:-1])
    assert f"{this_month} (so far)" in client.get(reverse("support:report")).content.decode()


def test_a_workshop_title_that_looks_like_a_formula_is_neutralised_in_the_csv(client, staff):
    now = timezone.now()
    workshop = WorkshopFactory(title='=HYPERLINK("http://x")')
    SessionFactory(
        workshop=workshop,
        starts_at=now - dt.timedelta(days=1),
        booking_closes_at=now - dt.timedelta(days=2),
    )
    client.force_login(staff)
    body = client.get(reverse("support:report-csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body


# --- Resources -------------------------------------------------------------------------------


def _resource_post(**changes):
    data = {
        "kind": "document",
        "title": "Less than full-time training",
        "slug": "less-than-full-time",
        "summary": "What it is and how to apply.",
        "accessibility_note": "Tagged headings; ask us for a Word version.",
        "audiences": ["trainees"],
        "topics": ["applying"],
        "review_on": "2027-06-01",
        "owner": "Careers support team",
        "is_published": "on",
    }
    data.update(changes)
    return data


def test_staff_upload_a_pdf_and_anyone_can_open_it(client, staff, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = client.post(
        reverse("support:resource-new"),
        {**_resource_post(), "upload": SimpleUploadedFile("ltft.pdf", pdf, "application/pdf")},
    )
    assert response.status_code == 302
    resource = Resource.objects.get(slug="less-than-full-time")
    assert resource.document_size == len(pdf)
    client.logout()
    document = client.get(reverse("support:resource-document", args=[resource.slug]))
    assert document["Content-Type"] == "application/pdf" and document.content == pdf
    detail = client.get(resource.get_absolute_url()).content.decode()
    assert "PDF, 1 KB" in detail and "Tagged headings" in detail


def test_an_upload_that_is_not_a_pdf_or_too_large_is_refused(client, staff, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    fake = SimpleUploadedFile("report.pdf", b"PK\x03\x04 a zip pretending", "application/pdf")
    response = client.post(reverse("support:resource-new"), {**_resource_post(), "upload": fake})
    body = response.content.decode()
    assert "The file must be a PDF" in body and 'href="#id_upload"' in body
    assert 'value="Less than full-time training"' in body
    settings.SUPPORT_DOCUMENT_MAX_BYTES = 2048
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 4096, "application/pdf")
    response = client.post(reverse("support:resource-new"), {**_resource_post(), "upload": big})
    assert "The file must be 2 KB or smaller" in response.content.decode()
    assert not Resource.objects.exists()


def test_out_of_date_resources_are_listed_for_review(client, staff):
    ResourceFactory(title="Old page", review_on=timezone.localdate() - dt.timedelta(days=1))
    ResourceFactory(title="Fresh page")
    client.force_login(staff)
    body = client.get(reverse("support:resource-review")).content.decode()
    assert "Old page" in body and "Fresh page" not in body


def test_the_trainers_page_links_to_the_educator_referral_form(client):
    ResourceFactory(title="Supporting trainees", audiences=["trainers"])
    body = client.get(reverse("support:trainers")).content.decode()
    assert reverse("referrals:new-educator") in body and "Supporting trainees" in body


def test_an_unpublished_workshop_or_resource_is_not_found_by_the_public(client):
    workshop = WorkshopFactory(is_published=False)
    resource = ResourceFactory(is_published=False)
    assert client.get(workshop.get_absolute_url()).status_code == 404
    assert client.get(resource.get_absolute_url()).status_code == 404


def test_the_career_map_role_page_shows_its_resources_and_an_edit_shows_at_once(client):
    from tests.pathways.factories import RoleFactory

    role = RoleFactory(slug="clinical-psychologist", name="Clinical psychologist")
    url = reverse("pathways:role-detail", args=[role.slug])
    assert "Careers resources for this role" not in client.get(url).content.decode()
    resource = ResourceFactory(title="Clinical psychology at NHS Health Careers", roles=[role.slug])
    body = client.get(url).content.decode()
    assert "Careers resources for this role" in body and resource.title in body
    resource.title = "Renamed resource"
    resource.save()
    assert "Renamed resource" in client.get(url).content.decode()  # the page cache moved on


def test_staff_add_a_session_and_bad_input_names_the_fields(client, staff):
    workshop = WorkshopFactory()
    client.force_login(staff)
    url = reverse("support:session-new", args=[workshop.slug])
    start = timezone.localtime() + dt.timedelta(days=14)
    data = {
        "starts_at": f"{start:%Y-%m-%dT%H:%M}",
        "minutes": "90",
        "format": "in_person",
        "place": "",
        "capacity": "0",
        "booking_closes_at": f"{start - dt.timedelta(days=1):%Y-%m-%dT%H:%M}",
    }
    response = client.post(url, data)
    assert_page(response, "There is a problem", "There must be at least 1 place")
    response = client.post(url, {**data, "capacity": "12"})
    assert_page(response, "Enter the place for an in-person session")
    assert 'href="#id_place"' in response.content.decode()
    assert not Session.objects.exists()
    response = client.post(url, {**data, "capacity": "12", "place": "Room 4, Leeds"})
    assert response.status_code == 302
    assert Session.objects.get().capacity == 12


def test_every_problem_with_a_session_is_named_at_once(client, staff):
    """The place and the deadline are both wrong: the error summary names both, not one and
    then the other."""
    client.force_login(staff)
    start = timezone.localtime() + dt.timedelta(days=14)
    response = client.post(
        reverse("support:session-new", args=[WorkshopFactory().slug]),
        {
            "starts_at": f"{start:%Y-%m-%dT%H:%M}",
            "minutes": "90",
            "format": "in_person",
            "place": "",
            "capacity": "12",
            "booking_closes_at": f"{start + dt.timedelta(days=1):%Y-%m-%dT%H:%M}",
        },
    )
    assert_page(
        response,
        "Enter the place for an in-person session",
        "The booking deadline must be before the session starts",
    )
    body = response.content.decode()
    assert 'href="#id_place"' in body and 'href="#id_booking_closes_at"' in body
    assert not Session.objects.exists()


def test_staff_publish_a_workshop_and_a_restricted_one_needs_its_audience(client, staff):
    client.force_login(staff)
    url = reverse("support:workshop-new")
    data = {
        "title": "Less than full-time training",
        "slug": "mine",
        "summary": "How it works and how to apply.",
        "facilitator": "Priya Shah",
        "is_published": "on",
    }
    response = client.post(url, data)
    assert_page(response, "Select who the workshop is for, or tick open to all")
    response = client.post(url, {**data, "open_to_all": "on"})
    assert_page(response, "This web address name is taken by a page of its own")
    response = client.post(url, {**data, "open_to_all": "on", "slug": "ltft"})
    assert response.status_code == 302
    assert client.get(reverse("support:workshop-detail", args=["ltft"])).status_code == 200


def test_a_cancelled_bookings_calendar_file_cancels_the_event_without_the_joining_link(
    client, person
):
    online = SessionFactory(
        format=vocab.ONLINE, place="", joining_link="https://meet.example.org/s"
    )
    booking = BookingFactory(session=online, user=person, status=Booking.Status.CANCELLED)
    client.force_login(person)
    body = client.get(reverse("support:booking-calendar", args=[booking.pk])).content.decode()
    assert "METHOD:CANCEL" in body and "STATUS:CANCELLED" in body
    assert "meet.example.org" not in body


def test_a_text_that_is_too_long_is_named_in_the_error_summary(client, staff):
    client.force_login(staff)
    data = {
        "title": "Less than full-time training",
        "slug": "ltft",
        "summary": "x" * 3001,
        "facilitator": "Priya Shah",
        "open_to_all": "on",
    }
    response = client.post(reverse("support:workshop-new"), data)
    assert_page(response, "Summary must be 3,000 characters or fewer")
    assert "Ensure this value" not in response.content.decode()
    workshop = WorkshopFactory()
    start = timezone.localtime() + dt.timedelta(days=14)
    response = client.post(
        reverse("support:session-new", args=[workshop.slug]),
        {
            "starts_at": f"{start:%Y-%m-%dT%H:%M}",
            "minutes": "90",
            "format": "in_person",
            "place": "Room 4, Leeds",
            "access_note": "x" * 1001,
            "capacity": "12",
            "booking_closes_at": f"{start - dt.timedelta(days=1):%Y-%m-%dT%H:%M}",
        },
    )
    assert_page(response, "Accessible-venue note must be 1,000 characters or fewer")
    assert 'href="#id_access_note"' in response.content.decode()


def test_a_session_that_has_taken_place_shows_as_held_as_on_the_manage_page(client, staff):
    now = timezone.now()
    held = SessionFactory(
        starts_at=now - dt.timedelta(days=2), booking_closes_at=now - dt.timedelta(days=3)
    )
    coming = SessionFactory(workshop=held.workshop)
    client.force_login(staff)
    body = client.get(reverse("support:session-detail", args=[held.pk])).content.decode()
    assert "Held" in body and "Scheduled" not in body
    body = client.get(reverse("support:session-detail", args=[coming.pk])).content.decode()
    assert "To come" in body and "Scheduled" not in body


def test_a_sessions_page_title_gives_its_date_as_the_other_pages_do(client, staff):
    start = timezone.make_aware(dt.datetime(2031, 3, 7, 18, 0))
    session = SessionFactory(workshop__title="Choosing a specialty", starts_at=start)
    client.force_login(staff)
    response = client.get(reverse("support:session-detail", args=[session.pk]))
    assert "<title>Choosing a specialty, 7 Mar 2031, 18:00 " in response.content.decode()
    response = client.get(reverse("support:session-cancel", args=[session.pk]))
    assert_page(response, "Choosing a specialty, 7 Mar 2031, 18:00")


def test_a_cancelled_session_does_not_offer_to_take_attendance(client, staff):
    session = SessionFactory(status=Session.Status.CANCELLED)
    client.force_login(staff)
    body = client.get(reverse("support:session-detail", args=[session.pk])).content.decode()
    assert "Cancelled" in body
    assert reverse("support:attendance", args=[session.pk]) not in body


def test_a_cancelled_sessions_empty_list_says_why_it_is_empty(client, staff):
    session = SessionFactory(capacity=2)
    BookingFactory(session=session)
    client.force_login(staff)
    client.post(reverse("support:session-cancel", args=[session.pk]))
    response = client.get(reverse("support:session-detail", args=[session.pk]))
    assert_page(response, "the session is cancelled, and everyone who was booked or waiting")
    assert "Nobody yet." not in response.content.decode()


def test_a_sessions_page_lists_who_cancelled_and_who_lost_a_place_to_its_cancellation(
    client, staff, person
):
    session = SessionFactory(capacity=2)
    gave_up = BookingFactory(session=session, user=UserFactory(full_name="Ravi Patel"))
    BookingFactory(session=session, user=person)
    client.force_login(gave_up.user)
    client.post(reverse("support:booking-cancel", args=[gave_up.pk]))
    client.force_login(staff)
    response = client.get(reverse("support:session-detail", args=[session.pk]))
    assert_page(response, "Booked (1)", "Cancelled places (1)", "People who cancelled their place")
    assert "Ravi Patel" in response.content.decode()
    client.post(reverse("support:session-cancel", args=[session.pk]))
    response = client.get(reverse("support:session-detail", args=[session.pk]))
    assert_page(response, "Cancelled places (2)", "Aisha Rahman", "Ravi Patel")


def _session_post(session, **changes):
    local = timezone.localtime(session.starts_at)
    closes = timezone.localtime(session.booking_closes_at)
    data = {
        "starts_at": f"{local:%Y-%m-%dT%H:%M}",
        "minutes": str(session.minutes),
        "format": session.format,
        "place": session.place,
        "access_note": session.access_note,
        "capacity": str(session.capacity),
        "booking_closes_at": f"{closes:%Y-%m-%dT%H:%M}",
    }
    return data | changes


def test_saving_a_session_says_whether_the_people_booked_were_emailed(client, staff):
    on_the_minute = (timezone.now() + dt.timedelta(days=10)).replace(second=0, microsecond=0)
    session = SessionFactory(capacity=3, starts_at=on_the_minute)
    BookingFactory(session=session)
    client.force_login(staff)
    url = reverse("support:session-edit", args=[session.pk])
    response = client.post(url, _session_post(session, capacity="5"), follow=True)
    assert_page(response, "Session saved.")
    assert "emailed" not in response.content.decode()
    response = client.post(url, _session_post(session, place="Room 9, Leeds"), follow=True)
    assert_page(response, "Session saved. Everyone booked is emailed the change.")


def test_attendance_is_offered_from_an_hour_before_the_start_as_the_rule_allows(client, staff):
    now = timezone.now()
    later = SessionFactory(starts_at=now + dt.timedelta(days=3))
    soon = SessionFactory(starts_at=now + dt.timedelta(minutes=30))
    client.force_login(staff)
    response = client.get(reverse("support:session-detail", args=[later.pk]))
    assert_page(response, "Attendance can be taken from")
    assert reverse("support:attendance", args=[later.pk]) not in response.content.decode()
    response = client.get(reverse("support:session-detail", args=[soon.pk]))
    assert_page(response, "Take attendance")
    assert "Attendance can be taken from" not in response.content.decode()


def test_workshops_and_one_to_one_support_each_lead_to_the_other(client, db):
    """Careers support is one service to a visitor, though its two halves are kept apart in
    code (referral data is confidential): each landing page links to the other."""
    hub = client.get(reverse("support:index")).content.decode()
    assert f'href="{reverse("referrals:about")}"' in hub and "One-to-one careers support" in hub
    about = client.get(reverse("referrals:about")).content.decode()
    assert f'href="{reverse("support:workshop-list")}"' in about
    assert f'href="{reverse("support:resource-list")}"' in about
