from unittest import mock

from django.utils import timezone

from config import workdays
from config.warmup import warm_up


def test_warm_up_loads_the_bank_holidays_so_no_request_pays_for_them():
    """The holidays package imports its country's module on first use (170 ms); start-up does
    it, so a worker's first caseload and self-referral only read the kept years."""
    workdays.bank_holidays.cache_clear()
    assert warm_up() > 100  # templates compiled
    today = timezone.localdate()
    with mock.patch.object(workdays.holidays, "country_holidays") as loader:
        assert workdays.add_working_days(today, 5) > today
        workdays.is_working_day(today.replace(year=today.year + 1, month=1, day=2))
    loader.assert_not_called()
