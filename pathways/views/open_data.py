"""The career map as open data: JSON, CSV files and the page that describes them."""

import json

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from config import downloads
from config.breadcrumbs import breadcrumbs
from config.downloads import csv_response
from pathways import queries
from pathways.models import (
    PayBand,
    Role,
)
from pathways.views._common import CAREER_MAP


@require_safe
@downloads.open_data
def export_json(request):
    response = JsonResponse(
        queries.export_data(), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Content-Disposition"] = 'inline; filename="career-map.json"'
    return response


CSV_FILES = {
    "pay-bands": (
        "pay_bands",
        ["code", "name", "order", "min_pay", "max_pay", "pay_year", "source_url", "checked_on"],
    ),
    "starting-points": ("starting_points", ["slug", "name", "description", "order"]),
    "entry-routes": (
        "entry_routes",
        [
            "slug",
            "name",
            "kind",
            "length_months",
            "salaried",
            "funding",
            "training_band",
            "training_pay_note",
            "requirements",
            "academic_level",
            "source_url",
            "checked_on",
        ],
    ),
    "roles": (
        "roles",
        [
            "slug",
            "name",
            "status",
            "profession_group",
            "also_known_as",
            "summary",
            "work",
            "settings",
            "band_min",
            "band_max",
            "trainee_band",
            "other_pay",
            "pay_note",
            "regulator",
            "registration",
            "entry_requirements",
            "unchecked",
            "reviewed_on",
            "sources",
        ],
    ),
    "links": (
        "links",
        [
            "from",
            "from_kind",
            "to",
            "kind",
            "entry_route",
            "min_experience_months",
            "note",
            "source_url",
        ],
    ),
    "rules": (
        "rules",
        [
            "name",
            "description",
            "after_routes",
            "before_routes",
            "wait_months",
            "active",
            "source_url",
            "checked_on",
        ],
    ),
}


def _cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False)
        return ";".join(value)
    return value


@require_safe
@downloads.open_data
def export_csv(request, name):
    if name not in CSV_FILES:
        raise Http404("No such file")
    key, header = CSV_FILES[name]
    data = queries.export_data()
    rows = ([_cell(row.get(column)) for column in header] for row in data[key])
    return csv_response(f"career-map-{name}.csv", header, rows)


@require_safe
def open_data(request):
    return render(
        request,
        "pathways/open_data.jinja",
        {
            "title": "Open data: the career map",
            "breadcrumbs": breadcrumbs(CAREER_MAP),
            "csv_files": list(CSV_FILES),
            "licence": settings.OPEN_DATA_LICENCE,
            "pay_year": PayBand.objects.values_list("pay_year", flat=True).first(),
            "counts": {
                "roles": Role.objects.published().count(),
                "links": queries.published_links().count(),
            },
            "example": reverse("pathways:routes-json")
            + "?from=psychology-graduate&to=clinical-psychologist",
        },
    )
