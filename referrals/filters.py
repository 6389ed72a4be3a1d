"""Filters for the caseload, the directory and the audit trail (GET, bookmarkable)."""

from __future__ import annotations

import operator
from functools import reduce

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from config.widgets import DateInput
from referrals import choices, workflow
from referrals.models import AuditEvent, Referral, SupportService

OPEN = "open"
ALL = "all"


def _matching(queryset, value, *lookups):
    """The rows where any of the lookups matches the text searched for (all rows if blank)."""
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(reduce(operator.or_, (Q(**{lookup: value}) for lookup in lookups)))


class CaseloadFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name, email or reference", method="search", max_length=150)
    state = django_filters.ChoiceFilter(
        label="State",
        choices=[(OPEN, "Open (not closed or returned)"), *workflow.STATES, (ALL, "All")],
        empty_label=None,
        method="filter_state",
    )
    priority = django_filters.ChoiceFilter(
        label="Priority", choices=workflow.PRIORITIES, empty_label="Any"
    )
    # Choices from the advisers the view passes, read once as a list: a model choice field
    # reads its queryset through a server-side cursor, three round trips on every request.
    adviser = django_filters.ChoiceFilter(label="Adviser", choices=[], empty_label="Any")
    reason = django_filters.ChoiceFilter(
        label="Reason", choices=choices.REASONS, empty_label="Any", method="filter_reason"
    )
    source = django_filters.ChoiceFilter(label="Source", choices=choices.SOURCES, empty_label="Any")
    mine = django_filters.BooleanFilter(
        label="Only my referrals", method="filter_mine", widget=forms.CheckboxInput
    )
    overdue = django_filters.BooleanFilter(
        label="Only overdue for first contact", method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Referral
        fields = []

    def __init__(self, data=None, *args, user=None, advisers=None, **kwargs):
        data = data.copy() if data is not None else None
        if data is not None and not data.get("state"):
            data["state"] = OPEN
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.filters["adviser"].extra["choices"] = [
            (str(adviser.pk), adviser.full_name or adviser.email) for adviser in advisers or ()
        ]

    def search(self, queryset, name, value):
        return _matching(queryset, value, "reference__iexact", "name__icontains", "email__iexact")

    def filter_state(self, queryset, name, value):
        if value == OPEN:
            return queryset.open()
        if value == ALL:
            return queryset
        return queryset.filter(state=value)

    def filter_reason(self, queryset, name, value):
        return queryset.filter(reasons__contains=[value])

    def filter_mine(self, queryset, name, value):
        return queryset.filter(adviser=self.user) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset


class SupportServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search", max_length=100)
    kind = django_filters.ChoiceFilter(
        label="Kind of service", choices=choices.SERVICE_KINDS, empty_label="Any"
    )
    coverage = django_filters.ChoiceFilter(
        label="Coverage", choices=choices.SERVICE_COVERAGE, empty_label="Any"
    )

    class Meta:
        model = SupportService
        fields = []

    def search(self, queryset, name, value):
        return _matching(
            queryset, value, "name__icontains", "purpose__icontains", "eligibility__icontains"
        )


class AuditFilter(django_filters.FilterSet):
    reference = django_filters.CharFilter(
        label="Referral reference", method="filter_reference", max_length=20
    )
    actor = django_filters.CharFilter(
        label="Who (email address)", field_name="actor_label", lookup_expr="iexact", max_length=254
    )
    action = django_filters.ChoiceFilter(
        label="What", choices=AuditEvent.ACTIONS, empty_label="Any"
    )
    start = django_filters.DateFilter(
        label="From", field_name="at", lookup_expr="date__gte", widget=DateInput()
    )
    end = django_filters.DateFilter(
        label="To", field_name="at", lookup_expr="date__lte", widget=DateInput()
    )

    class Meta:
        model = AuditEvent
        fields = []

    def filter_reference(self, queryset, name, value):
        return queryset.filter(reference__iexact=value.strip()) if value.strip() else queryset
