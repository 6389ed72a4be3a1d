"""django-filter sets for the careers pages. Every filter is a GET parameter, so each view of a
list or a report is a bookmarkable URL."""

import django_filters
from django import forms
from django.conf import settings

from careers import queries
from careers import survey_format as fmt
from careers.models import Response, SurveyImport, Wave


def _by_dimension(queryset, name, value):
    if value == fmt.NOT_ANSWERED:
        return queryset.filter(**{f"{name}__isnull": True})
    return queryset.filter(**{name: value})


def _dimension_filter(dimension):
    label, _ = fmt.DIMENSIONS[dimension]
    return django_filters.ChoiceFilter(
        label=label,
        choices=queries.dimension_choices(dimension),
        empty_label="Everyone",
        method=lambda queryset, name, value: _by_dimension(queryset, name, value),
        field_name=dimension,
    )


class ReportFilter(django_filters.FilterSet):
    """Subgroups of a wave's report, and the dimension to break the tables down by. Its form
    only validates the choices: the figures come from `careers.queries`."""

    by = django_filters.ChoiceFilter(
        label="Break the tables down by",
        choices=[(name, label) for name, (label, _) in fmt.DIMENSIONS.items()],
        empty_label="No breakdown",
        method=lambda queryset, name, value: queryset,
    )
    gender = _dimension_filter("gender")
    ethnic_group = _dimension_filter("ethnic_group")
    disability = _dimension_filter("disability")
    age_band = _dimension_filter("age_band")
    region = _dimension_filter("region")
    first_generation = _dimension_filter("first_generation")

    class Meta:
        model = Response
        fields = []

    def __init__(self, *args, limited: bool = False, **kwargs):
        """`limited`: the public report, which allows at most CAREERS_PUBLIC_MAX_FILTERS
        subgroup filters and CAREERS_PUBLIC_MAX_BREAKDOWNS breakdowns (analysts' unrounded page
        is not limited)."""
        self.limited = limited
        self._limits_checked = False
        super().__init__(*args, **kwargs)

    def _check_limits(self):
        if self._limits_checked or not self.limited:
            return
        self._limits_checked = True
        form = self.form
        if not form.is_valid():
            return
        data = form.cleaned_data
        chosen = [d for d in fmt.DIMENSIONS if data.get(d)]
        most = settings.CAREERS_PUBLIC_MAX_FILTERS
        for dimension in chosen[most:]:
            label = fmt.DIMENSIONS[dimension][0]
            form.add_error(
                dimension,
                f"Choose one group of respondents at a time: set “{label}” to Everyone"
                if most
                else f"Set “{label}” to Everyone: published reports are of everyone",
            )
        by = data.get("by")
        if by and settings.CAREERS_PUBLIC_MAX_BREAKDOWNS < 1:
            form.add_error("by", "Published reports cannot be broken down")
        elif by and by in chosen[:most]:
            form.add_error(
                "by", "Break the tables down by something other than the group you chose"
            )

    def is_valid(self):
        self._check_limits()
        return super().is_valid()

    def subgroup(self) -> dict:
        data = self.form.cleaned_data if self.is_valid() else {}
        return {d: data.get(d) for d in fmt.DIMENSIONS if data.get(d)}

    def breakdown(self) -> str | None:
        return (self.form.cleaned_data.get("by") or None) if self.is_valid() else None


class ResponseFilter(django_filters.FilterSet):
    respondent_id = django_filters.CharFilter(
        label="Respondent id contains", lookup_expr="icontains"
    )
    current_status = django_filters.ChoiceFilter(
        label="Current status", choices=fmt.CURRENT_STATUSES, empty_label="Any"
    )
    gender = _dimension_filter("gender")
    ethnic_group = _dimension_filter("ethnic_group")
    region = _dimension_filter("region")
    has_comments = django_filters.BooleanFilter(
        label="Only responses with comments",
        method="filter_has_comments",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Response
        fields = []

    def filter_has_comments(self, queryset, name, value):
        return queryset.exclude(comments="") if value else queryset


class WaveFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="Wave name contains", lookup_expr="icontains")

    class Meta:
        model = Wave
        fields = []


class ImportFilter(django_filters.FilterSet):
    wave_name = django_filters.CharFilter(label="Wave name contains", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(
        label="Status", choices=SurveyImport.Status.choices, empty_label="Any"
    )

    class Meta:
        model = SurveyImport
        fields = []
