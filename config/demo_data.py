"""What the demo loaders share: their lists, read from fixtures/demo/<name>.json, and the
moments they act at (the demos walk records through the services under `config.clock`)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from config.workdays import is_working_day

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "demo"


@cache
def _read(name: str) -> str:
    return (FIXTURES / f"{name}.json").read_text(encoding="utf-8")


def fixture(name: str):
    """The demo lists in fixtures/demo/<name>.json (a fresh copy each call)."""
    return json.loads(_read(name))


def moment(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """`day` at `hour`:`minute`, local time, aware."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def working_days_ago(days: int, today: dt.date | None = None) -> dt.date:
    day = today or timezone.localdate()
    while days > 0:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day
