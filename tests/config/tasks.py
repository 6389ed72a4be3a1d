"""A task for the worker tests (tests/config/test_worker.py)."""

from django_tasks import task


@task()
def ping(word: str) -> str:
    return word.upper()
