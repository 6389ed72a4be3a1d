"""The public equity pages, for everyone: the reports of entry by programme, year and section
(and their downloads), trends, the workforce, plans, the pipeline and the recommendations.
Unknown programmes, years and sections are 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from careers.equity import charts, queries
from careers.equity import formats as fmt
from careers.equity.filters import (
    EntryReportFilter,
    EntryTrendFilter,
    RecommendationFilter,
    WorkforceFilter,
)
from careers.equity.models import EntryFigure, PlanTarget, Programme, Recommendation, StaffCount
from careers.equity.views._common import (
    EQUITY,
    below_programme,
    below_recommendations,
    category_choices,
    is_analyst,
    programme_or_404,
    section_code,
)
from config.breadcrumbs import breadcrumbs
from config.downloads import csv_response, spreadsheet_safe, xlsx_response


@require_safe
def index(request):
    programmes = list(Programme.objects.order_by("name"))
    return render(
        request,
        "careers/equity/index.jinja",
        {
            "title": "Who gets in and who gets on",
            "breadcrumbs": breadcrumbs(),
            "programmes": programmes,
            "has_workforce": StaffCount.objects.exists(),
            "has_plans": PlanTarget.objects.exists(),
            "recommendations": Recommendation.objects.count(),
            "is_analyst": is_analyst(request.user),
        },
    )


@require_safe
def entry_programme(request, programme):
    programme = programme_or_404(programme)
    data = queries.entry_index(programme)
    return render(
        request,
        "careers/equity/programme.jinja",
        {
            "title": f"Entry to training: {programme.name}",
            "breadcrumbs": breadcrumbs(EQUITY),
            "programme": programme,
            "years": data["years"],
            "sections": data["sections"],
            "section_labels": fmt.SECTIONS,
            "section_slug": fmt.section_slug,
            "is_analyst": is_analyst(request.user),
        },
    )


def _report(request, programme, year, section):
    programme = programme_or_404(programme)
    code = section_code(section)
    figures = list(
        EntryFigure.objects.filter(programme=programme, year=year, section=code).order_by(
            "row_number", "pk"
        )
    )
    if not figures:
        raise Http404("No figures for that year and section")
    choices = list({f.category_key: f.category for f in figures}.items())
    report_filter = EntryReportFilter(
        request.GET, queryset=EntryFigure.objects.none(), reference_choices=choices
    )
    report = queries.entry_report(
        programme,
        year,
        code,
        reference=report_filter.value("reference"),
        rows=report_filter.value("rows") or "all",
        figures=figures,
    )
    return programme, code, report_filter, report


@require_safe
def entry_report(request, programme, year, section):
    programme, code, report_filter, report = _report(request, programme, year, section)
    other_years = (
        EntryFigure.objects.filter(programme=programme, section=code)
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )
    rate_chart = charts.dot_whisker(
        [
            {
                "label": item["category"],
                "value": item["rate_percent"],
                "low": item["rate_low"],
                "high": item["rate_high"],
                "missing": "suppressed" if item["suppressed"] else "no applicants",
            }
            for item in report["rows"]
        ]
    )
    rl_rows = [item for item in report["rows"] if not item["is_reference"]]
    rl_chart = charts.dot_whisker(
        [
            {
                "label": item["category"],
                "value": item["rl"],
                "low": item["rl_low"],
                "high": item["rl_high"],
                "missing": item["rl_reason"] or "no figure",
            }
            for item in rl_rows
        ],
        unit="",
        reference=1.0,
    )
    query = request.GET.urlencode()
    return render(
        request,
        "careers/equity/report.jinja",
        {
            "title": f"{programme.name}: {report['section_label'].lower()}, {year}",
            "breadcrumbs": below_programme(programme),
            "programme": programme,
            "report": report,
            "filter": report_filter,
            "form": report_filter.form,
            "rate_chart": rate_chart,
            "rl_chart": rl_chart,
            "section_slug": fmt.section_slug(code),
            "years": list(other_years),
            "query": query,
            "is_analyst": is_analyst(request.user),
        },
    )


@require_safe
def entry_download(request, programme, year, section, kind):
    if kind not in ("csv", "xlsx"):
        raise Http404("No such download")
    programme, code, _filter, report = _report(request, programme, year, section)
    rows = queries.entry_csv_rows(report)
    name = f"{programme.slug}-{year}-{fmt.section_slug(code)}"
    if kind == "csv":
        return csv_response(f"{name}.csv", queries.CSV_HEADER, rows)
    return xlsx_response(
        f"{name}.xlsx",
        queries.CSV_HEADER,
        rows,
        sheet=f"{year} {code.title()}",
        cell=_xlsx_cell,
        notes=[f"Reference group: {report['reference']}"]
        + [f"Source: {source}" for source in report["sources"]],
    )


def _xlsx_cell(value):
    if isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return spreadsheet_safe(value)
    return value


@require_safe
def entry_trends(request, programme, section):
    programme = programme_or_404(programme)
    code = section_code(section)
    choices = category_choices(programme, code)
    if not choices:
        raise Http404("No figures for that section")
    trend_filter = EntryTrendFilter(
        request.GET, queryset=EntryFigure.objects.none(), choices=choices
    )
    measure = trend_filter.value("measure") or "rl"
    data = queries.entry_trends(
        programme,
        code,
        measure=measure,
        reference=trend_filter.value("reference"),
        categories=trend_filter.value("category"),
        year_from=trend_filter.value("year_from"),
        year_to=trend_filter.value("year_to"),
    )
    chart = None
    if data:
        chart = charts.lines(
            [str(y) for y in data["years"]],
            data["series"],
            unit="%" if measure == "rate" else "",
            reference=1.0 if measure == "rl" else None,
        )
    return render(
        request,
        "careers/equity/trends.jinja",
        {
            "title": f"{programme.name}: {fmt.SECTIONS[code].lower()} across years",
            "breadcrumbs": below_programme(programme),
            "programme": programme,
            "data": data,
            "chart": chart,
            "measure": measure,
            "filter": trend_filter,
            "form": trend_filter.form,
            "section_slug": section,
            "reference_label": dict(choices).get(
                (data or {}).get("reference") or "", (data or {}).get("reference")
            ),
        },
    )


@require_safe
def workforce(request):
    options = queries.workforce_options()
    workforce_filter = WorkforceFilter(
        request.GET, queryset=StaffCount.objects.none(), options=options
    )
    value = workforce_filter.value
    characteristic = value("characteristic") or workforce_filter.default_characteristic
    year = (
        int(value("year")) if value("year") else (options["years"][0] if options["years"] else None)
    )
    selection = {
        "characteristic": characteristic,
        "organisation": value("organisation"),
        "staff_group": value("staff_group"),
        "role": value("role"),
    }
    data = queries.representation(year=year, **selection) if year else None
    trend = (
        queries.senior_share_trend(**selection, from_band=value("from_band") or queries.SENIOR_FROM)
        if year
        else None
    )
    band_chart = (
        charts.lines([fmt.BAND_LABELS.get(b, b) for b in data["bands"]], data["series"])
        if data
        else None
    )
    trend_chart = (
        charts.lines([str(y) for y in trend["years"]], trend["chart_series"]) if trend else None
    )
    organisation = dict(options["organisations"]).get(selection["organisation"], "England")
    return render(
        request,
        "careers/equity/workforce.jinja",
        {
            "title": "Progression: staff by band",
            "breadcrumbs": breadcrumbs(EQUITY),
            "filter": workforce_filter,
            "form": workforce_filter.form,
            "data": data,
            "trend": trend,
            "band_chart": band_chart,
            "trend_chart": trend_chart,
            "year": year,
            "characteristic_label": fmt.SECTIONS.get(characteristic, characteristic),
            "organisation_label": organisation or "England",
            "selection": selection,
        },
    )


@require_safe
def plans(request):
    data = queries.plans()
    for plan in data:
        plan["chart"] = charts.lines(
            [str(r["year"]) for r in plan["rows"]], plan["series"], unit=""
        )
    return render(
        request,
        "careers/equity/plans.jinja",
        {
            "title": "Workforce plans: where we need to be against where we are",
            "breadcrumbs": breadcrumbs(EQUITY),
            "plans": data,
        },
    )


@require_safe
def pipeline(request, programme):
    programme = programme_or_404(programme)
    section = request.GET.get("section") or "ETHNICITY"
    if section not in queries.PIPELINE_SECTIONS:
        raise Http404("No pipeline for that section")
    data = queries.pipeline(programme, section)
    chart = (
        charts.lines([s["short"] for s in data["stages"]], data["series"])
        if data["stages"]
        else None
    )
    return render(
        request,
        "careers/equity/pipeline.jinja",
        {
            "title": f"The pipeline into {programme.name.lower()}",
            "breadcrumbs": below_programme(programme),
            "programme": programme,
            "data": data,
            "chart": chart,
            "sections": [(s, fmt.SECTIONS[s]) for s in queries.PIPELINE_SECTIONS],
            "section": section,
        },
    )


@require_safe
def recommendation_list(request):
    recommendations = RecommendationFilter(
        request.GET, queryset=Recommendation.objects.prefetch_related("actions")
    )
    items = list(recommendations.qs.order_by("theme", "status", "due_date", "pk"))
    themes = []
    for value, label in Recommendation.Theme.choices:
        chosen = [r for r in items if r.theme == value]
        if chosen:
            themes.append({"value": value, "label": label, "items": chosen})
    counts = dict.fromkeys(Recommendation.Status.values, 0)
    for item in items:
        counts[item.status] += 1
    return render(
        request,
        "careers/equity/recommendations.jinja",
        {
            "title": "Recommendations and action plans",
            "breadcrumbs": breadcrumbs(EQUITY),
            "filter": recommendations,
            "form": recommendations.form,
            "themes": themes,
            "status_counts": [
                (label, counts[value]) for value, label in Recommendation.Status.choices
            ],
            "is_analyst": is_analyst(request.user),
        },
    )


@require_safe
def recommendation_detail(request, pk):
    recommendation = get_object_or_404(
        Recommendation.objects.prefetch_related("actions__updates"), pk=pk
    )
    return render(
        request,
        "careers/equity/recommendation.jinja",
        {
            "title": recommendation.title,
            "breadcrumbs": below_recommendations(),
            "recommendation": recommendation,
            "actions": list(recommendation.actions.all()),
            "is_analyst": is_analyst(request.user),
        },
    )
