"""The injectable clock: the real time unless a block sets it; blocks nest and end cleanly,
also when they raise, and a setting in one thread is not seen by another."""

import datetime as dt
import threading

import pytest
from django.utils import timezone

from config import clock

PAST = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def test_without_a_setting_the_clock_is_the_real_time():
    before = timezone.now()
    now = clock.now()
    assert before <= now <= timezone.now() and timezone.is_aware(now)
    assert not clock.is_set()


def test_inside_a_block_the_clock_answers_the_moment_set_and_nests():
    later = PAST + dt.timedelta(days=3)
    with clock.at(PAST) as when:
        assert when == PAST and clock.now() == PAST and clock.is_set()
        assert clock.localdate() == timezone.localdate(PAST)
        with clock.at(later):
            assert clock.now() == later
        assert clock.now() == PAST
    assert not clock.is_set() and clock.now() > PAST


def test_the_setting_ends_when_the_block_raises():
    with pytest.raises(RuntimeError), clock.at(PAST):
        raise RuntimeError("stop")
    assert not clock.is_set()


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError), clock.at(dt.datetime(2026, 3, 2, 9, 30)):
        pass


def test_another_thread_does_not_see_the_setting():
    seen = []
    with clock.at(PAST):
        thread = threading.Thread(target=lambda: seen.append(clock.is_set()))
        thread.start()
        thread.join()
    assert seen == [False]
