"""Filters for every list (GET, so each filtered page can be bookmarked)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from mentoring import vocab
from mentoring.models import (
    Concern,
    Enquiry,
    Match,
    MatchStatus,
    Participant,
    ParticipantStatus,
    ProposalStatus,
    Scheme,
    SchemeProposal,
    SchemeStatus,
)


def _people(queryset, prefixes, value):
    query = Q()
    for prefix in prefixes:
        query |= Q(**{f"{prefix}email__icontains": value}) | Q(
            **{f"{prefix}full_name__icontains": value}
        )
    return queryset.filter(query)


class SchemeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search schemes", method="search")
    status = django_filters.ChoiceFilter(choices=SchemeStatus.choices, empty_label="Any status")

    class Meta:
        model = Scheme
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(description__icontains=value) | Q(aims__icontains=value)
        )


class ProposalFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices, empty_label="Any status")

    class Meta:
        model = SchemeProposal
        fields = ["status"]


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name or email", method="search")
    role = django_filters.ChoiceFilter(choices=vocab.ROLES, empty_label="Mentors and mentees")
    status = django_filters.ChoiceFilter(
        choices=ParticipantStatus.choices, empty_label="Any status"
    )
    field = django_filters.ChoiceFilter(
        label="Field", choices=vocab.FIELDS, empty_label="Any field"
    )
    waiting = django_filters.BooleanFilter(
        label="Only mentees waiting for a match",
        method="only_waiting",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Participant
        fields = ["q", "role", "status", "field", "waiting"]

    def search(self, queryset, name, value):
        return _people(queryset, ["user__"], value)

    def only_waiting(self, queryset, name, value):
        return queryset.waiting_mentees() if value else queryset


class MatchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Mentor or mentee name or email", method="search")
    status = django_filters.ChoiceFilter(choices=MatchStatus.choices, empty_label="Any status")

    class Meta:
        model = Match
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        return _people(queryset, ["mentor__user__", "mentee__user__"], value)


class EnquiryFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label="Show",
        choices=[
            ("open", "Waiting for an answer"),
            ("overdue", "Overdue"),
            ("answered", "Answered"),
        ],
        empty_label="All queries",
        method="by_state",
    )

    class Meta:
        model = Enquiry
        fields = ["state"]

    def by_state(self, queryset, name, value):
        if value == "answered":
            return queryset.filter(answered_at__isnull=False)
        if value == "overdue":
            return queryset.overdue(timezone.localdate())
        return queryset.unanswered()


class ConcernFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label="Show",
        choices=[("open", "Open"), ("closed", "Closed")],
        empty_label="All concerns",
        method="by_state",
    )

    class Meta:
        model = Concern
        fields = ["state"]

    def by_state(self, queryset, name, value):
        return queryset.filter(closed_at__isnull=(value == "open"))
