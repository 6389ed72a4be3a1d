"""Work done once at start-up, so that the first requests each worker serves are not slowed by
it (with gunicorn --preload it happens once, before the workers fork): every Jinja2 template
compiled (the NHS design system's macros), and the bank holidays loaded (the `holidays`
package imports its country's module on first use, 170 ms on this machine, which every
worker's first caseload and first self-referral used to pay)."""

from django.template import engines
from django.utils import timezone

from config.workdays import bank_holidays


def compile_templates() -> int:
    env = engines["jinja2"].env
    names = [name for name in env.list_templates() if name.endswith(".jinja")]
    for name in names:
        env.get_template(name)
    return len(names)


def load_bank_holidays() -> None:
    """This year's and next year's (first contact can fall due in January)."""
    year = timezone.localdate().year
    bank_holidays(year)
    bank_holidays(year + 1)


def warm_up() -> int:
    load_bank_holidays()
    return compile_templates()
