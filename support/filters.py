"""Filters for the public lists (GET, so each filtered page can be bookmarked)."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from support import vocab
from support.models import Resource, Session, Workshop


def month_choices(now=None, months: int = 12):
    today = timezone.localdate(now)
    first = today.replace(day=1)
    out = []
    for _ in range(months):
        out.append((f"{first:%Y-%m}", f"{first:%B %Y}"))
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return out


class WorkshopFilter(django_filters.FilterSet):
    """Workshops with a future session. Audience: open to all, or restricted to include the
    chosen profession, grade or region."""

    profession = django_filters.ChoiceFilter(
        label="Profession", choices=vocab.PROFESSIONS, empty_label="Any", method="audience"
    )
    grade = django_filters.ChoiceFilter(
        label="Grade or stage", choices=vocab.GRADES, empty_label="Any", method="audience"
    )
    region = django_filters.ChoiceFilter(
        label="Region", choices=vocab.REGIONS, empty_label="Any", method="audience"
    )
    month = django_filters.ChoiceFilter(
        label="Month", choices=month_choices, empty_label="Any month", method="in_month"
    )
    format = django_filters.ChoiceFilter(
        label="Format", choices=vocab.FORMATS, empty_label="Any", method="in_format"
    )

    class Meta:
        model = Workshop
        fields = ["profession", "grade", "region", "month", "format"]

    def audience(self, queryset, name, value):
        field = {"profession": "professions", "grade": "grades", "region": "regions"}[name]
        return queryset.filter(
            Q(open_to_all=True) | Q(**{f"{field}__contains": [value]}) | Q(**{f"{field}__len": 0})
        )

    def _with_session(self, queryset, **lookup):
        sessions = Session.objects.upcoming().filter(**lookup)
        return queryset.filter(pk__in=sessions.values("workshop_id"))

    def in_month(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        return self._with_session(queryset, starts_at__year=year, starts_at__month=month)

    def in_format(self, queryset, name, value):
        return self._with_session(queryset, format=value)


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search resources", method="search")
    audience = django_filters.ChoiceFilter(
        label="For", choices=vocab.RESOURCE_AUDIENCES, empty_label="Anyone", method="with_audience"
    )
    topic = django_filters.ChoiceFilter(
        label="Topic", choices=vocab.TOPICS, empty_label="Any topic", method="with_topic"
    )
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=vocab.RESOURCE_KINDS, empty_label="Any kind"
    )

    class Meta:
        model = Resource
        fields = ["q", "audience", "topic", "kind"]
        form = forms.Form

    def search(self, queryset, name, value):
        value = value.strip()[:200]
        return queryset.search(value) if value else queryset

    def with_audience(self, queryset, name, value):
        return queryset.filter(audiences__contains=[value])

    def with_topic(self, queryset, name, value):
        return queryset.filter(topics__contains=[value])
