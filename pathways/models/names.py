"""The names the map answers to besides its own: earlier slugs that redirect to the current
address, and search synonyms (abbreviations and old names)."""

from django.db import models
from simple_history.models import HistoricalRecords

from pathways.models.career_map import Role, StartingPoint, exactly_one_set


class SlugHistory(models.Model):
    """An earlier slug of a role or starting point: its old address redirects to the new one."""

    old_slug = models.SlugField(max_length=80, unique=True)
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, null=True, blank=True, related_name="old_slugs"
    )
    starting_point = models.ForeignKey(
        StartingPoint, on_delete=models.CASCADE, null=True, blank=True, related_name="old_slugs"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]
        verbose_name_plural = "slug history"
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_set("role", "starting_point"),
                name="slughistory_exactly_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.old_slug} → {(self.role or self.starting_point).slug}"


class SearchSynonym(models.Model):
    """A name people search for that the roles' own words miss: an abbreviation or an old
    name ("DClinPsy", "IAPT", "HIT"). A search for the term also searches for `means`."""

    term = models.CharField(max_length=60, unique=True, help_text="Matched without case.")
    means = models.CharField(
        max_length=200, help_text="The words to search for instead, as in the search box."
    )
    note = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {self.means}"
