"""Read models for the reporting page: counts by month, reason, grade, source and outcome,
and the service standard (working days to first contact against the target)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Aggregate, Count, F, FloatField, Func, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts import roles
from accounts.models import User
from referrals import choices, workflow
from referrals.models import Referral


def advisers() -> QuerySet[User]:
    """Careers staff who take referrals (for allocation)."""
    return (
        User.objects.filter(groups__name=roles.CAREERS_STAFF, is_active=True)
        .exclude(referrals_profile__takes_referrals=False)
        .order_by("full_name", "email")
    )


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class Unnest(Func):
    function = "UNNEST"


@dataclass
class Row:
    label: str
    count: int
    percent: float | None = None


@dataclass
class Report:
    start: date | None
    end: date | None
    total: int
    target_days: int
    contacted: int
    within_target: int
    overdue_now: int
    median_days: float | None
    by_month: list[Row] = field(default_factory=list)
    by_reason: list[Row] = field(default_factory=list)
    by_grade: list[Row] = field(default_factory=list)
    by_source: list[Row] = field(default_factory=list)
    by_outcome: list[Row] = field(default_factory=list)
    by_state: list[Row] = field(default_factory=list)

    @property
    def measured(self) -> int:
        """Referrals the standard applies to so far: contacted, or waiting past the target."""
        return self.contacted + self.overdue_now

    @property
    def within_target_percent(self) -> float | None:
        return round(100 * self.within_target / self.measured, 1) if self.measured else None

    @property
    def month_max(self) -> int:
        return max((row.count for row in self.by_month), default=0)

    def tables(self):
        return [
            ("Referrals by month received", "Month", self.by_month),
            ("Reasons given (a referral can give several)", "Reason", self.by_reason),
            ("Profession and grade", "Grade", self.by_grade),
            ("Source", "Source", self.by_source),
            ("Outcome of closed referrals", "Outcome", self.by_outcome),
            ("Current state", "State", self.by_state),
        ]


def _rows(counts, labels: list[tuple[str, str]], total: int) -> list[Row]:
    counts = dict(counts)
    return [
        Row(label, n, round(100 * n / total, 1) if total else None)
        for value, label in labels
        for n in [counts.get(value, 0)]
    ]


def referrals_report(*, user, start: date | None = None, end: date | None = None) -> Report:
    """Figures for referrals received between start and end (inclusive; all when open-ended)."""
    today = timezone.localdate()
    received = Referral.objects.visible_to(user)
    if start:
        received = received.filter(received_at__date__gte=start)
    if end:
        received = received.filter(received_at__date__lte=end)

    figures = received.aggregate(
        total=Count("id"),
        contacted=Count("id", filter=Q(first_contact_at__isnull=False)),
        within_target=Count(
            "id",
            filter=Q(first_contact_at__isnull=False)
            & Q(first_contact_at__date__lte=F("first_contact_due")),
        ),
        overdue_now=Count(
            "id",
            filter=Q(
                state__in=workflow.AWAITING_CONTACT_STATES,
                first_contact_at__isnull=True,
                first_contact_due__lt=today,
            ),
        ),
        median_days=Median("first_contact_working_days"),
    )
    total = figures["total"]

    months = (
        received.annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    by_month = [Row(f"{timezone.localtime(m['month']):%b %Y}", m["n"]) for m in months]
    reasons = (
        received.annotate(reason=Unnest("reasons"))
        .values_list("reason")
        .annotate(n=Count("id"))
        .values_list("reason", "n")
    )

    def counts_by(name):
        return received.values_list(name).annotate(n=Count("id")).values_list(name, "n")

    return Report(
        start=start,
        end=end,
        total=total,
        target_days=settings.REFERRALS_FIRST_CONTACT_TARGET_DAYS,
        contacted=figures["contacted"],
        within_target=figures["within_target"],
        overdue_now=figures["overdue_now"],
        median_days=figures["median_days"],
        by_month=by_month,
        by_reason=_rows(reasons, choices.REASONS, total),
        by_grade=_rows(counts_by("grade"), choices.GRADES, total),
        by_source=_rows(counts_by("source"), choices.SOURCES, total),
        by_outcome=_rows(
            counts_by("outcome").filter(state=workflow.CLOSED),
            workflow.OUTCOMES,
            received.filter(state=workflow.CLOSED).count(),
        ),
        by_state=_rows(counts_by("state"), workflow.STATES, total),
    )


def report_csv_rows(report: Report):
    yield ["Referrals received", "", report.total, ""]
    yield ["Contacted", "", report.contacted, ""]
    yield [
        f"First contact within {report.target_days} working days",
        "",
        report.within_target,
        report.within_target_percent if report.within_target_percent is not None else "",
    ]
    yield ["Waiting past the target now", "", report.overdue_now, ""]
    yield [
        "Median working days to first contact",
        "",
        report.median_days if report.median_days is not None else "",
        "",
    ]
    for title, _heading, rows in report.tables():
        for row in rows:
            yield [title, row.label, row.count, "" if row.percent is None else row.percent]
