"""Runs the periodic jobs in SCHEDULED_JOBS (config/schedule.py): all of them once (for cron),
one with --job NAME, or --loop to stay running and run each at its interval (make run and
make serve start one beside the worker). --list prints the schedule."""

from django.core.management.base import BaseCommand, CommandError

from config import schedule


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--job", help="Run only this job (its name from --list).")
        parser.add_argument("--list", action="store_true", dest="show", help="Print the schedule.")
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, each job at its interval."
        )
        parser.add_argument(
            "--tick", type=float, default=60, help="With --loop: seconds between looks (60)."
        )

    def handle(self, *args, job=None, show=False, loop=False, tick=60, **options):
        jobs = schedule.jobs()
        if show:
            for each in jobs:
                self.stdout.write(f"{each.name}\tevery {each.every}\t{each.target}")
            return
        if job:
            jobs = [each for each in jobs if each.name == job]
            if not jobs:
                raise CommandError(f"No scheduled job named {job!r} (see --list).")
        if loop:
            schedule.loop(jobs, tick=tick)
            return
        failed = [each.name for each in jobs if not schedule.run_job(each)]
        if failed:
            raise CommandError(f"Did not run: {', '.join(failed)} (see the log).")
        self.stdout.write(f"Ran {', '.join(each.name for each in jobs)}.")
