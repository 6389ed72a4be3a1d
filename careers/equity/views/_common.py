"""What every equity page shares: who counts as an analyst, the breadcrumbs, looking up a
programme and a section (404 when unknown), paging, and a section's categories."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts import roles as staff_roles
from careers.equity import formats as fmt
from careers.equity.models import EntryFigure, Programme
from config.breadcrumbs import breadcrumbs, section


def is_analyst(user) -> bool:
    return user.is_authenticated and user.in_group(staff_roles.SURVEY_ANALYSTS)


EQUITY = section("careers:equity:index", "Who gets in and who gets on")


def below_programme(programme):
    """Breadcrumbs for a page about one programme: the section, then the programme's page."""
    return breadcrumbs(
        EQUITY, (reverse("careers:equity:entry-programme", args=[programme.slug]), programme.name)
    )


def below_recommendations():
    return breadcrumbs(EQUITY, (reverse("careers:equity:recommendation-list"), "Recommendations"))


def programme_or_404(slug) -> Programme:
    return get_object_or_404(Programme, slug=slug)


def section_code(slug) -> str:
    code = fmt.SECTION_BY_SLUG.get(slug)
    if code is None:
        raise Http404("No such section")
    return code


def category_choices(programme, code) -> list[tuple[str, str]]:
    """(key, name) of a section's categories, in the order the figures give them."""
    return list(
        dict(
            EntryFigure.objects.filter(programme=programme, section=code)
            .order_by("year", "row_number")
            .values_list("category_key", "category")
        ).items()
    )
