"""Hypothesis settings for the hostile-input tests: no example database left in the
worktree, and a failure prints the blob that reproduces it."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "hostile",
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("hostile")
