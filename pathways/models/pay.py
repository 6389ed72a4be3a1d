"""Agenda for Change pay bands, one row per band and pay year (`PayBand.objects` reads the
current year, `PayBand.every_year` all of them), and the field that names one
(`optional_pay_band`)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class PayBandQuerySet(models.QuerySet):
    def current(self):
        """The bands of the latest pay year loaded (pay years sort as text: 2026/27 after
        2025/26)."""
        latest = PayBand.every_year.order_by("-pay_year").values("pay_year")[:1]
        return self.filter(pay_year=models.Subquery(latest))

    def of_year(self, pay_year: str):
        return self.filter(pay_year=pay_year)


class CurrentPayBandManager(models.Manager.from_queryset(PayBandQuerySet)):
    """`PayBand.objects`: the bands of the current pay year only, so every page and table
    that reads pay shows one year. Earlier years stay in the table (PayBand.every_year)."""

    def get_queryset(self):
        return super().get_queryset().current()


class PayBand(models.Model):
    """An Agenda for Change pay band with its annual range for one pay year. A pay year is
    part of a band's identity: loading a new year adds rows and keeps the earlier years.
    `PayBand.objects` reads the current (latest) year; `PayBand.every_year` reads them all."""

    code = models.SlugField(max_length=4, help_text="For example 5 or 8a.")
    name = models.CharField(max_length=20, help_text="For example Band 5.")
    order = models.PositiveSmallIntegerField(help_text="Lowest band first.")
    min_pay = models.PositiveIntegerField("lowest annual pay (£)", null=True, blank=True)
    max_pay = models.PositiveIntegerField("highest annual pay (£)", null=True, blank=True)
    pay_year = models.CharField(max_length=7, help_text="For example 2026/27.")
    source_url = models.URLField(max_length=300)
    checked_on = models.DateField(
        null=True, blank=True, help_text="Empty when the figures were not seen at the source."
    )
    unchecked = models.CharField(
        "facts not checked",
        max_length=300,
        blank=True,
        help_text="Say here what could not be checked, for example a range not yet seen in "
        "the publisher's table (the pay is then left empty, never estimated).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CurrentPayBandManager()
    every_year = PayBandQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        base_manager_name = "every_year"
        constraints = [
            models.CheckConstraint(
                condition=Q(min_pay__lte=models.F("max_pay")), name="payband_min_not_above_max"
            ),
            models.CheckConstraint(
                condition=Q(min_pay__isnull=True, max_pay__isnull=True)
                | Q(min_pay__isnull=False, max_pay__isnull=False),
                name="payband_pay_both_or_neither",
            ),
            models.UniqueConstraint(fields=["pay_year", "code"], name="payband_one_code_a_year"),
            models.UniqueConstraint(fields=["pay_year", "order"], name="payband_one_order_a_year"),
        ]

    def __str__(self):
        return f"{self.name} ({self.pay_year})"

    @property
    def has_pay(self):
        return self.min_pay is not None and self.max_pay is not None

    def clean(self):
        if self.min_pay is not None and self.max_pay is not None and self.min_pay > self.max_pay:
            raise ValidationError({"max_pay": "The highest pay cannot be below the lowest pay."})
        if (self.min_pay is None) != (self.max_pay is None):
            raise ValidationError(
                {"max_pay": "Give both the lowest and the highest pay, or neither."}
            )


def optional_pay_band(verbose_name: str) -> models.ForeignKey:
    """A field naming one pay band, or none; a band keeps no list of what points at it, and
    cannot be deleted while something does."""
    return models.ForeignKey(
        PayBand,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
