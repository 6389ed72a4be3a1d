"""The source check: `manage.py check_sources`, the admin's source check list and the allow-list
of publisher hosts in pathways/source_hosts.txt."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

from pathways.models import Link, PayBand, Role, RoleSource
from pathways.sources import HOST, MISSING, OVERDUE, allowed_hosts, source_report, url_problem
from tests.factories import UserFactory
from tests.responses import assert_page

ADMIN = "/admin/pathways/sourcecheck/"
TODAY = datetime.date(2026, 12, 1)


def run(**options):
    from io import StringIO

    out = StringIO()
    call_command("check_sources", stdout=out, **options)
    return out.getvalue()


@pytest.mark.parametrize(
    "url",
    [
        "http://rcpsych.ac.uk/discoverpsychiatry/acareerinpsychiatry/informationformedstudents.aspx",
        "https://mpft2.franktesting.co.uk/working-here/allied-health-professions/occupational-therapist",
        "https://cdev3.hee.nhs.uk/learning-disability/careers/find-a-role-to-suit-you/social-work/",
        "https://docplayer.net/3802358-National-profiles-for-clinical-psychologists.html",
        "https://www.jobijoba.co.uk/detail/92/3b2976dc7c955c88122db460a0cc4153",
        "https://www.imgconnect.co.uk/news/2025/02/nhs-pay-scales-for-psychologists/483",
        "https://merco.co.uk/page/nurses",
        "https://academyonlinelearning.com/pathways-become-nurse",
        "https://nhstakehomepaycalculator.co.uk/guides/nhs-pay-bands-2025-26",
        "https://www.nhsjobs.com/job/UK/London/Rainham/NELFT_NHS_Foundation_Trust/x-v7487123",
        "https://www.healthcareers.nhs.uk/",
    ],
)
def test_staging_hosts_mirrors_aggregators_old_http_pages_and_home_pages_are_refused(url):
    assert url_problem(url) is not None


def test_specific_pages_on_publishers_own_hosts_are_accepted():
    for url in (
        "https://www.healthcareers.nhs.uk/explore-roles/psychological-therapies/roles/counsellor",
        "https://www.jobs.nhs.uk/candidate/jobadvert/C9342-25-0638",
        "https://www.babcp.com/Accreditation/Provisional-Accreditation/Core-Professions",
        "https://legislation.gov.uk/uksi/2008/1206/body/made",  # "www." is ignored
    ):
        assert url_problem(url) is None, url
    assert "jobs.nhs.uk" in allowed_hosts() and "franktesting.co.uk" not in allowed_hosts()


def test_the_shipped_career_map_passes_the_check(career_map):
    output = run(today=TODAY)
    assert "0 problems" in output
    report = source_report(today=TODAY)
    assert report.ok and report.facts_checked > 300
    # facts the data marks as not seen at their source are listed, not hidden
    assert len(report.not_checked) == PayBand.objects.count()


def test_the_command_reports_each_kind_of_problem_and_exits_with_status_1(career_map):
    role = Role.objects.get(slug="counsellor")
    role.reviewed_on = datetime.date(2025, 11, 1)
    role.save()
    RoleSource.objects.create(
        role=role, title="A mirror", url="https://docplayer.net/123-x.html", checked_on=TODAY
    )
    Role.objects.get(slug="arts-therapist").sources.all().delete()
    Link.objects.filter(to_role__slug="counsellor").update(source_url="")
    with pytest.raises(CommandError) as raised:
        run(today=TODAY)
    assert raised.value.returncode == 1
    report = source_report(today=TODAY)
    assert [p.record for p in report.by_kind(OVERDUE)] == ["Role: Counsellor"]
    assert "docplayer.net is not on the allow-list" in report.by_kind(HOST)[0].detail
    missing = {p.record for p in report.by_kind(MISSING)}
    assert "Role: Arts therapist" in missing
    assert any(record.startswith("Link: ") and "Counsellor" in record for record in missing)


def test_reviews_older_than_twelve_months_are_reported_on_the_day_they_fall_due(career_map):
    # sources last checked on 21 November 2026 fall due a year later, to the day
    assert source_report(today=datetime.date(2027, 11, 21)).ok
    assert source_report(today=datetime.date(2027, 11, 22)).by_kind(OVERDUE)
    # roles reviewed on 1 December 2026
    due = {p.record for p in source_report(today=datetime.date(2027, 12, 2)).by_kind(OVERDUE)}
    assert "Role: Clinical psychologist" in due
    assert "Role: Clinical psychologist" not in {
        p.record for p in source_report(today=datetime.date(2027, 12, 1)).by_kind(OVERDUE)
    }


def test_role_editors_see_the_source_check_in_the_admin(
    client_for, role_editor, career_map, django_assert_max_num_queries
):
    role = Role.objects.get(slug="counsellor")
    RoleSource.objects.create(
        role=role, title="A mirror", url="https://docplayer.net/123-x.html", checked_on=TODAY
    )
    client = client_for(role_editor)
    client.get("/admin/")  # warm the session
    with django_assert_max_num_queries(40):
        response = client.get(ADMIN)
    html = assert_page(response, "Source not on an allowed host (1)").content.decode()
    assert "Source not on an allowed host (1)" in html
    assert "docplayer.net is not on the allow-list" in html
    assert f"/admin/pathways/role/{role.pk}/change/" in html
    assert "Marked in the data as not checked" in html


def test_other_staff_and_visitors_cannot_see_the_source_check(
    client, client_for, member, career_map
):
    response = client.get(ADMIN)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client_for(member).get(ADMIN).status_code == 302  # not staff
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="pathways"))
    assert client_for(staff).get(ADMIN).status_code == 403
