"""The one schedule of periodic jobs (SCHEDULED_JOBS, manage.py run_scheduled)."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.contrib.sessions.models import Session as DjangoSession
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from config import schedule
from referrals.models import Referral
from tests.referrals.factories import ReferralFactory, closed_with_a_plan, past_retention

EVERY_DAY = timedelta(days=1)


def test_every_periodic_job_is_on_the_schedule_and_each_target_exists():
    names = {job.name for job in schedule.jobs()}
    assert {
        "anonymise_referrals",
        "clearsessions",
        "prune_db_task_results",
        "send_reminders",
        "send_emails",
        "workshop_reminders",
    } <= names
    commands = get_commands()
    for job in schedule.jobs():
        if job.target.startswith(schedule.COMMAND):
            assert job.name in commands, job.target
        else:
            module, _, attribute = job.target.rpartition(".")
            assert callable(getattr(import_module(module), attribute)), job.target


@pytest.mark.parametrize(
    "entries",
    [
        [("manage.py clearsessions",)],
        [("manage.py clearsessions", 86400)],
        [("", EVERY_DAY)],
        [("manage.py clearsessions", timedelta(0))],
        [("manage.py clearsessions", EVERY_DAY), ("manage.py clearsessions --x", EVERY_DAY)],
    ],
)
def test_a_bad_schedule_entry_is_refused(entries):
    with pytest.raises(ImproperlyConfigured):
        schedule.jobs(entries)


@pytest.mark.django_db
def test_run_scheduled_runs_every_job_on_real_data(capsys):
    old = closed_with_a_plan(past_retention())
    recent = ReferralFactory(name="Amir Khan")
    DjangoSession.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    DjangoSession.objects.create(
        session_key="y" * 32, session_data="", expire_date=timezone.now() + timedelta(days=1)
    )
    finished = timezone.now() - timedelta(days=20)
    for finished_at in (finished, timezone.now()):
        DBTaskResult.objects.create(
            status="SUCCESSFUL",
            args_kwargs={"args": [], "kwargs": {}},
            task_path="careers.tasks.survey_import_task",
            queue_name="default",
            backend_name="default",
            run_after=finished_at,
            started_at=finished_at,
            finished_at=finished_at,
        )
    call_command("run_scheduled")
    assert (
        "Ran anonymise_referrals, clearsessions, prune_db_task_results, send_reminders, "
        "send_emails, workshop_reminders." in capsys.readouterr().out
    )
    assert Referral.objects.get(pk=old.pk).anonymised_at is not None
    assert Referral.objects.get(pk=recent.pk).name == "Amir Khan"
    assert list(DjangoSession.objects.values_list("session_key", flat=True)) == ["y" * 32]
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_one_job_can_be_run_by_name_and_an_unknown_name_is_refused(capsys):
    DjangoSession.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    call_command("run_scheduled", "--job", "clearsessions")
    assert capsys.readouterr().out.strip() == "Ran clearsessions."
    assert not DjangoSession.objects.exists()
    with pytest.raises(CommandError, match="No scheduled job named 'nothing'"):
        call_command("run_scheduled", "--job", "nothing")


@pytest.mark.django_db
def test_a_failing_job_is_logged_and_does_not_stop_the_others(settings, caplog):
    settings.SCHEDULED_JOBS = [
        ("manage.py no_such_command", EVERY_DAY),
        ("manage.py clearsessions", EVERY_DAY),
    ]
    with pytest.raises(CommandError, match="Did not run: no_such_command"):
        call_command("run_scheduled")
    messages = [r.getMessage() for r in caplog.records if r.name == "config.schedule"]
    assert messages == ["Scheduled job no_such_command failed", "Ran clearsessions"]


class FakeTime:
    """The loop's clock and sleep for a test: time (in seconds from 0) moves only when the
    loop sleeps."""

    def __init__(self):
        self.now = 0.0

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_the_loop_runs_each_job_when_its_interval_has_passed():
    hourly = schedule.Job("manage.py hourly", timedelta(hours=1))
    daily = schedule.Job("manage.py daily", EVERY_DAY)
    time = FakeTime()
    ran = []

    def run(job):
        ran.append((time.now // 3600, job.name))
        return True

    schedule.loop(
        [hourly, daily], tick=600, clock=time.clock, sleep=time.sleep, rounds=6 * 25, run=run
    )
    assert [hour for hour, name in ran if name == "daily"] == [0, 24]
    assert [hour for hour, name in ran if name == "hourly"] == list(range(25))


def test_the_loop_tries_a_job_that_did_not_run_again_after_five_minutes():
    daily = schedule.Job("manage.py daily", EVERY_DAY)
    time = FakeTime()
    tried = []

    def run(job):
        tried.append(time.now / 60)
        return len(tried) > 2  # the database is back at the third try

    schedule.loop([daily], tick=60, clock=time.clock, sleep=time.sleep, rounds=60, run=run)
    assert tried == [0, 5, 10]


def test_the_list_shows_the_schedule(capsys):
    call_command("run_scheduled", "--list")
    lines = capsys.readouterr().out.splitlines()
    assert "clearsessions\tevery 1 day, 0:00:00\tmanage.py clearsessions" in lines
