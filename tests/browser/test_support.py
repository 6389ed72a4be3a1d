"""Browser journeys through workshops and resources, with axe-core on every page visited: a
member finds a workshop, meets a full session, joins the waiting list, books another, downloads
the calendar file and cancels; careers staff take attendance on a phone-sized screen and read
the report; the resource library is searched. Screenshots at 375 and 1280 px are written to
the test's temporary folder for looking at."""

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from support import vocab
from support.models import Booking
from tests.browser.pages import assert_accessible, follow, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.support.factories import BookingFactory, ResourceFactory, SessionFactory, WorkshopFactory

SHOTS = Path(os.environ.get("SUPPORT_SCREENSHOTS", Path(tempfile.gettempdir()) / "support-shots"))


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def workshops(transactional_db):
    member = UserFactory(email="member@example.org", full_name="Morgan Lee")
    full = SessionFactory(
        workshop=WorkshopFactory(title="Choosing a specialty", slug="choosing-a-specialty"),
        capacity=1,
    )
    BookingFactory(session=full)
    online = SessionFactory(
        workshop=WorkshopFactory(
            title="Applying for specialty training", slug="applying-for-specialty-training"
        ),
        format=vocab.ONLINE,
        place="",
        access_note="",
        joining_link="https://meet.example.org/apply",
        capacity=20,
    )
    return {"member": member, "full": full, "online": online}


def test_a_member_joins_a_waiting_list_books_a_place_and_cancels(page, workshops):
    page.goto("/careers-support/workshops/")
    assert_accessible(page)
    assert page.get_by_text("Full: waiting list open").is_visible()
    assert page.get_by_text("20 places left of 20").first.is_visible()
    shoot(page, "workshop-list")

    sign_in(page, "member@example.org", PASSWORD)
    page.goto("/careers-support/workshops/choosing-a-specialty/")
    assert_accessible(page)
    page.get_by_label("If the session is full, put me on the waiting list").uncheck()
    follow(page.get_by_role("button", name="Book a place"))
    assert page.title().startswith("Error: ")
    assert page.locator(".nhsuk-error-summary").get_by_text("This session is full").is_visible()
    assert_accessible(page)
    shoot(page, "workshop-full")
    page.get_by_label("If the session is full, put me on the waiting list").check()
    follow(page.get_by_role("button", name="Join the waiting list"))
    assert page.get_by_text("you are on the waiting list").is_visible()
    assert_accessible(page)

    page.goto("/careers-support/workshops/applying-for-specialty-training/")
    follow(page.get_by_role("button", name="Book a place"))
    assert page.locator("h1").inner_text() == "Your workshop bookings"
    assert page.get_by_role("link", name="https://meet.example.org/apply").is_visible()
    assert_accessible(page)
    shoot(page, "my-bookings")

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Add to your calendar")).click()
    text = Path(download.value.path()).read_text()
    assert "BEGIN:VEVENT" in text and "meet.example.org/apply" in text

    follow(page.get_by_role("link", name=re.compile("Cancel your place")))
    assert_accessible(page)
    follow(page.get_by_role("button", name="Cancel my place"))
    assert page.get_by_text("Cancelled: Applying for specialty training").is_visible()
    statuses = dict(
        Booking.objects.filter(user=workshops["member"]).values_list("workshop__slug", "status")
    )
    assert statuses == {
        "choosing-a-specialty": "waiting",
        "applying-for-specialty-training": "cancelled",
    }


def test_careers_staff_take_attendance_on_a_phone_and_read_the_report(page, transactional_db):
    UserFactory(email="careers@example.org", roles=[roles.CAREERS_STAFF])
    now = timezone.now()
    today = SessionFactory(
        starts_at=now - dt.timedelta(minutes=30),
        booking_closes_at=now - dt.timedelta(days=1),
        workshop=WorkshopFactory(title="Thinking about a career outside medicine"),
    )
    people = [
        BookingFactory(session=today, user=UserFactory(full_name=name))
        for name in ("Aisha Rahman", "Ben Carter", "Chloe Davies")
    ]
    sign_in(page, "careers@example.org", PASSWORD)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/careers-support/workshops/sessions/{today.pk}/attendance/")
    assert_accessible(page)
    page.get_by_label("Aisha Rahman").check()
    page.get_by_label("Chloe Davies").check()
    shoot(page, "attendance")
    follow(page.get_by_role("button", name="Save attendance"))
    assert page.get_by_text("Attendance saved: 2 of 3 came.").is_visible()
    assert page.get_by_label("Aisha Rahman").is_checked()
    assert not page.get_by_label("Ben Carter").is_checked()
    assert_accessible(page)
    attended = {b.user.full_name: b.attended for b in Booking.objects.select_related("user")}
    assert attended == {"Aisha Rahman": True, "Ben Carter": False, "Chloe Davies": True}
    assert len(people) == 3

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/careers-support/workshops/manage/report/")
    assert page.get_by_role("img", name=re.compile("Workshop places booked and attended")).count()
    assert page.get_by_role("table").first.is_visible()
    # On a phone the figures scroll sideways in the NHS scroll component, which takes focus
    # for the keyboard; on a desktop they fit, with no scroll shadow and no extra tab stop.
    months = page.get_by_role("region", name="Per month, last 12 months")
    assert "nhsuk-scroll__content" in months.get_attribute("class")
    expect(months).to_have_attribute("tabindex", "0")  # set by the frontend's script
    assert page.evaluate("document.documentElement.scrollWidth") == 375
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    expect(months).not_to_have_attribute("tabindex", "0")
    expect(page.locator(".nhsuk-scroll--scrollable")).to_have_count(0)
    assert_accessible(page)
    shoot(page, "report")
    page.goto("/careers-support/workshops/manage/")
    assert_accessible(page)
    shoot(page, "manage")


def test_the_resource_library_is_searched_and_the_trainers_page_is_accessible(
    page, transactional_db
):
    ResourceFactory(
        title="How to become a psychiatrist",
        publisher="Royal College of Psychiatrists",
        summary="The training pathway through core and higher psychiatry training.",
    )
    ResourceFactory(title="Returning to practice", summary="SuppoRTT", topics=["returning"])
    ResourceFactory(
        title="Career conversations",
        audiences=["trainers"],
        kind="guide",
        url="",
        body="Ask open questions.\n\nListen.",
    )
    page.goto("/careers-support/resources/")
    assert_accessible(page)
    page.get_by_label("Search resources").fill("psychiatry training")
    follow(page.get_by_role("button", name="Apply filters"))
    assert "q=psychiatry+training" in page.url
    assert page.get_by_role("link", name="How to become a psychiatrist").is_visible()
    assert page.get_by_role("link", name="Returning to practice").count() == 0
    assert_accessible(page)
    shoot(page, "resources")
    page.goto("/careers-support/resources/for-trainers/")
    assert page.get_by_role("link", name="Refer a trainee to careers support").is_visible()
    assert_accessible(page)
    shoot(page, "trainers")
    follow(page.get_by_role("link", name="Career conversations"))
    assert_accessible(page)


def test_a_summary_typed_past_the_character_count_is_named_in_the_error_summary(
    page, transactional_db
):
    UserFactory(email="careers@example.org", roles=[roles.CAREERS_STAFF])
    sign_in(page, "careers@example.org", PASSWORD)
    page.goto("/careers-support/workshops/manage/new/")
    page.get_by_label("Title").fill("Less than full-time training")
    page.get_by_label("Web address name").fill("ltft")
    page.get_by_label("Facilitator").fill("Priya Shah")
    page.get_by_label("Summary").fill("x" * 3005)  # the character count lets it be typed
    assert page.get_by_text("You have 5 characters too many").first.is_visible()
    follow(page.get_by_role("button", name="Save workshop"))
    assert page.title().startswith("Error: ")
    message = "Summary must be 3,000 characters or fewer"
    assert page.locator(".nhsuk-error-summary").get_by_role("link", name=message).is_visible()
    assert len(page.get_by_label("Summary").input_value()) == 3005  # what was typed is kept
    assert_accessible(page)
