"""django-filter sets for the equity pages: every choice is a GET parameter, so each view is a
bookmarkable URL. The forms only validate the choices; the figures come from queries."""

import django_filters
from django import forms

from careers.equity import formats as fmt
from careers.equity.models import EntryFigure, Recommendation, StaffCount
from config.widgets import NumberInput


def _noop(queryset, name, value):
    return queryset


NO_REFERENCE = "The programme's reference group"


def _reference_group():
    """The choice of reference group; its choices (the programme's categories) are set by the
    filter's page, and none chosen means the programme's own."""
    return django_filters.ChoiceFilter(
        label="Reference group", choices=[], empty_label=NO_REFERENCE, method=_noop
    )


class EntryReportFilter(django_filters.FilterSet):
    reference = _reference_group()
    rows = django_filters.ChoiceFilter(
        label="Rows",
        choices=[
            ("totals", "Group totals and ungrouped categories"),
            ("detail", "Detailed categories only"),
        ],
        empty_label="Every row the source gives",
        method=_noop,
    )

    class Meta:
        model = EntryFigure
        fields = []

    def __init__(self, *args, reference_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["reference"].extra["choices"] = list(reference_choices)
        self.form.fields["reference"].choices = [
            ("", NO_REFERENCE),
            *reference_choices,
        ]

    def value(self, name):
        return (self.form.cleaned_data.get(name) or None) if self.is_valid() else None


class EntryTrendFilter(django_filters.FilterSet):
    measure = django_filters.ChoiceFilter(
        label="Measure",
        choices=[
            ("rl", "Relative likelihood of the reference group being accepted"),
            ("rate", "Acceptance rate"),
        ],
        empty_label=None,
        method=_noop,
    )
    reference = _reference_group()
    category = django_filters.MultipleChoiceFilter(
        label="Categories (none chosen: group totals)",
        choices=[],
        method=_noop,
        widget=forms.CheckboxSelectMultiple,
    )
    year_from = django_filters.NumberFilter(label="From year", method=_noop)
    year_to = django_filters.NumberFilter(label="To year", method=_noop)

    class Meta:
        model = EntryFigure
        fields = []

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["reference"].choices = [("", NO_REFERENCE), *choices]
        self.form.fields["category"].choices = list(choices)
        for name, label in (("year_from", "From year"), ("year_to", "To year")):
            self.form.fields[name] = forms.IntegerField(
                label=label,
                required=False,
                min_value=fmt.FIRST_YEAR,
                max_value=fmt.LAST_TARGET_YEAR,
                widget=NumberInput(),
            )

    def value(self, name):
        return (self.form.cleaned_data.get(name) or None) if self.is_valid() else None


class WorkforceFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label="Year", choices=[], empty_label="Latest", method=_noop)
    characteristic = django_filters.ChoiceFilter(
        label="Characteristic", choices=[], empty_label=None, method=_noop
    )
    organisation = django_filters.ChoiceFilter(
        label="Organisation", choices=[], empty_label="England (every organisation)", method=_noop
    )
    staff_group = django_filters.ChoiceFilter(
        label="Staff group", choices=[], empty_label="Every staff group", method=_noop
    )
    role = django_filters.ChoiceFilter(
        label="Role", choices=[], empty_label="Every role", method=_noop
    )
    from_band = django_filters.ChoiceFilter(
        label="Senior staff, for the trend: from",
        choices=[(b, fmt.BAND_LABELS[b]) for b in fmt.BANDS],
        empty_label="Band 8a (the default)",
        method=_noop,
    )

    class Meta:
        model = StaffCount
        fields = []

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        fields["year"].choices = [("", "Latest"), *[(str(y), str(y)) for y in options["years"]]]
        chars = options["characteristics"] or ["ETHNICITY"]
        fields["characteristic"].choices = [(c, fmt.SECTIONS.get(c, c)) for c in chars]
        fields["organisation"].choices = [
            ("", "England (every organisation)"),
            *options["organisations"],
        ]
        fields["staff_group"].choices = [
            ("", "Every staff group"),
            *[(g, g) for g in options["staff_groups"]],
        ]
        fields["role"].choices = [("", "Every role"), *options["roles"]]
        self.default_characteristic = "ETHNICITY" if "ETHNICITY" in chars else chars[0]

    def value(self, name):
        return (self.form.cleaned_data.get(name) or "") if self.is_valid() else ""


class RecommendationFilter(django_filters.FilterSet):
    theme = django_filters.ChoiceFilter(
        label="Theme", choices=Recommendation.Theme.choices, empty_label="Every theme"
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Recommendation.Status.choices, empty_label="Any status"
    )
    owner_organisation = django_filters.CharFilter(label="Owner contains", lookup_expr="icontains")

    class Meta:
        model = Recommendation
        fields = []
