"""Forms and filters for the career map's public pages."""

import re

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import F, Q
from django.utils.choices import BaseChoiceIterator

from pathways.models import PayBand, ProfessionGroup, Role, SearchSynonym, Setting

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TRIGRAM_THRESHOLD = 0.3


class DirectoryForm(forms.Form):
    def clean(self):
        data = super().clean()
        low, high = data.get("band_from"), data.get("band_to")
        orders = getattr(self, "band_orders", {})
        if low and high and orders.get(low, 0) > orders.get(high, 0):
            self.add_error(
                "band_to", "The highest band must be the same as or above the lowest band"
            )
        return data


def synonym_expansions(value: str) -> list[str]:
    """The search text again with each name people use ("DClinPsy", "IAPT", "HIT") replaced by
    the words the roles use (SearchSynonym rows, kept by role editors): one query."""
    lowered = value.lower()
    expansions = []
    for term, means in SearchSynonym.objects.values_list("term", "means"):
        pattern = re.compile(rf"(?<!\w){re.escape(term.lower())}(?!\w)")
        if pattern.search(lowered):
            expanded = pattern.sub(means, lowered)
            if expanded != lowered and expanded not in expansions:
                expansions.append(expanded)
    return expansions


class RoleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search roles",
        method="search",
        max_length=100,
        help_text="For example: psychologist, DClinPsy, talking therapies, CBT, nurse",
    )
    group = django_filters.MultipleChoiceFilter(
        field_name="profession_group",
        label="Profession group",
        choices=ProfessionGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    band_from = django_filters.ChoiceFilter(
        label="Lowest band", method="filter_band_from", empty_label="Any band"
    )
    band_to = django_filters.ChoiceFilter(
        label="Highest band", method="filter_band_to", empty_label="Any band"
    )
    setting = django_filters.ChoiceFilter(
        label="Where the role works",
        choices=Setting.choices,
        method="filter_setting",
        empty_label="Any setting",
    )
    entry_level = django_filters.BooleanFilter(
        label="Roles you can go into straight from school, a degree or another profession",
        method="filter_first_step",
        widget=forms.CheckboxInput,
    )
    salaried_training = django_filters.BooleanFilter(
        label="Salaried training available",
        method="filter_flag",
        widget=forms.CheckboxInput,
    )
    regulated = django_filters.ChoiceFilter(
        label="Regulation",
        choices=[("yes", "Regulated roles"), ("no", "Roles not regulated by law")],
        method="filter_regulated",
        empty_label="Any",
    )

    class Meta:
        model = Role
        fields = []
        form = DirectoryForm

    def __init__(self, *args, bands=None, first_steps=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_steps = first_steps
        self.bands = list(bands if bands is not None else PayBand.objects.all())
        self.band_orders = {band.code: band.order for band in self.bands}
        choices = [(band.code, band.name) for band in self.bands]
        self.filters["band_from"].extra["choices"] = choices
        self.filters["band_to"].extra["choices"] = choices

    @property
    def form(self):
        form = super().form
        form.band_orders = self.band_orders
        return form

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        texts = [value, *synonym_expansions(value)]
        words = phrase = None
        for text in texts:
            more_words = SearchQuery(text, config="english", search_type="websearch")
            more_phrase = SearchQuery(text, config="english", search_type="phrase")
            words = more_words if words is None else words | more_words
            phrase = more_phrase if phrase is None else phrase | more_phrase
        vector = F("search_vector")
        return (
            queryset.annotate(
                rank=SearchRank(vector, words) + 2 * SearchRank(vector, phrase),
                similarity=TrigramWordSimilarity(value, "name"),
            )
            .filter(Q(search_vector=words) | Q(similarity__gt=TRIGRAM_THRESHOLD))
            .order_by(-(F("rank") + F("similarity")), "name")
        )

    def filter_band_from(self, queryset, name, value):
        return queryset.filter(
            Q(band_max__order__gte=self.band_orders[value])
            | Q(band_max__isnull=True, band_min__order__gte=self.band_orders[value])
        )

    def filter_band_to(self, queryset, name, value):
        return queryset.filter(band_min__order__lte=self.band_orders[value])

    def filter_setting(self, queryset, name, value):
        return queryset.filter(settings__contains=[value])

    def filter_first_step(self, queryset, name, value):
        """Roles a starting point reaches in one move with everything it needs held (see
        routes.first_steps); without the graph, roles with any link from a starting point."""
        if not value:
            return queryset
        if self.first_steps is None:
            return queryset.filter(entry_level=True)
        return queryset.filter(slug__in=list(self.first_steps))

    def filter_flag(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset

    def filter_regulated(self, queryset, name, value):
        return queryset.exclude(regulator="") if value == "yes" else queryset.filter(regulator="")


class RouteForm(forms.Form):
    """Where from and where to. Choices come from the route graph (cached), grouped by
    profession group (starting points first) so a long list can be scanned; render the two
    selects with pathways/_long_select.jinja, which reuses their options (pathways/cache.py)."""

    start = forms.ChoiceField(
        label="Where are you starting from?",
        error_messages={"required": "Choose where you are starting from"},
    )
    goal = forms.ChoiceField(
        label="Which role do you want to reach?",
        error_messages={"required": "Choose the role you want to reach"},
    )
    funded = forms.BooleanField(
        label="Salaried or funded training only",
        required=False,
        help_text="Leave out routes that need self-funded training",
    )

    # In the query string the two lists are `from` and `to` (Python keywords, so not
    # attribute names): /pathways/routes/?from=<slug>&to=<slug>.
    QUERY_NAMES = {"start": "from", "goal": "to"}

    def add_prefix(self, field_name):
        return self.QUERY_NAMES.get(field_name, field_name)

    def __init__(self, *args, graph, **kwargs):
        super().__init__(*args, **kwargs)
        self.graph = graph
        start_choices, goal_choices = route_choices(graph)
        self.fields["start"].choices = _Prepared(start_choices)
        self.fields["goal"].choices = _Prepared(goal_choices)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("start") == data.get("goal"):
            self.add_error("goal", "Choose a role different from where you are starting")
        return data


class _Prepared(BaseChoiceIterator):
    """Choices already in Django's normal form, so a form does not normalise 2,000 of them
    again on every request."""

    def __init__(self, choices):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)


_route_choices: tuple = (None, None)


def route_choices(graph) -> tuple[list, list]:
    """The start and goal choices for a route graph, grouped: starting points, then each
    profession group's roles by name. Kept for the graph (which is rebuilt when the map
    changes), as sorting a big map's names on every request is wasted work."""
    global _route_choices
    cached_graph, choices = _route_choices
    if cached_graph is graph:
        return choices
    labels = dict(ProfessionGroup.choices)
    by_group: dict[str, list] = {}
    for slug in sorted(graph.names, key=lambda slug: (graph.names[slug], slug)):
        if slug not in graph.starts:
            by_group.setdefault(graph.groups.get(slug, ""), []).append((slug, graph.names[slug]))
    groups = [(labels[key], by_group[key]) for key in labels if key in by_group]
    others = [role for key, roles in by_group.items() if key not in labels for role in roles]
    if others:
        groups.append(("Other roles", sorted(others, key=lambda role: (role[1], role[0]))))
    starts = [
        (slug, f"{graph.names[slug]} (starting point)")
        for slug in sorted(graph.starts, key=lambda slug: (graph.names[slug], slug))
    ]
    start_choices = [("", "Choose a starting point or role")]
    if starts:
        start_choices.append(("Starting points", starts))
    start_choices += groups
    choices = (start_choices, [("", "Choose a role"), *groups])
    _route_choices = (graph, choices)
    return choices


class MapFilterForm(forms.Form):
    group = forms.MultipleChoiceField(
        label="Show profession groups",
        choices=ProfessionGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
