"""Equity of entry and progression: public pages for everyone; import, reference groups and
recommendations' editing for survey analysts. Unknown programmes, years and sections are 404."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from accounts import roles as staff_roles
from accounts.permissions import role_required
from careers.equity import charts, queries, services
from careers.equity import formats as fmt
from careers.equity.filters import (
    EntryReportFilter,
    EntryTrendFilter,
    RecommendationFilter,
    WorkforceFilter,
)
from careers.equity.forms import (
    ActionForm,
    EquityUploadForm,
    ProgressForm,
    RecommendationForm,
    ReferenceForm,
)
from careers.equity.models import (
    Action,
    EntryFigure,
    EquityImport,
    PlanTarget,
    Programme,
    Recommendation,
    StaffCount,
)
from config.actions import acted, posted
from config.breadcrumbs import breadcrumbs, section
from config.downloads import csv_response, spreadsheet_safe, xlsx_response

analysts_only = role_required(staff_roles.SURVEY_ANALYSTS)


def _is_analyst(user) -> bool:
    return user.is_authenticated and user.in_group(staff_roles.SURVEY_ANALYSTS)


EQUITY = section("careers:equity:index", "Who gets in and who gets on")


def _below_programme(programme):
    """Breadcrumbs for a page about one programme: the section, then the programme's page."""
    return breadcrumbs(
        EQUITY, (reverse("careers:equity:entry-programme", args=[programme.slug]), programme.name)
    )


def _below_recommendations():
    return breadcrumbs(EQUITY, (reverse("careers:equity:recommendation-list"), "Recommendations"))


def _programme(slug) -> Programme:
    return get_object_or_404(Programme, slug=slug)


def _section(slug) -> str:
    code = fmt.SECTION_BY_SLUG.get(slug)
    if code is None:
        raise Http404("No such section")
    return code


def _page(request, items, per_page=25):
    from careers.views import _page as careers_page

    return careers_page(request, items, per_page)


# --- Public ----------------------------------------------------------------------------------


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
            "is_analyst": _is_analyst(request.user),
        },
    )


@require_safe
def entry_programme(request, programme):
    programme = _programme(programme)
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
            "is_analyst": _is_analyst(request.user),
        },
    )


def _report(request, programme, year, section):
    programme = _programme(programme)
    code = _section(section)
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
            "breadcrumbs": _below_programme(programme),
            "programme": programme,
            "report": report,
            "filter": report_filter,
            "form": report_filter.form,
            "rate_chart": rate_chart,
            "rl_chart": rl_chart,
            "section_slug": fmt.section_slug(code),
            "years": list(other_years),
            "query": query,
            "is_analyst": _is_analyst(request.user),
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


def _category_choices(programme, code) -> list[tuple[str, str]]:
    """(key, name) of a section's categories, in the order the figures give them."""
    return list(
        dict(
            EntryFigure.objects.filter(programme=programme, section=code)
            .order_by("year", "row_number")
            .values_list("category_key", "category")
        ).items()
    )


@require_safe
def entry_trends(request, programme, section):
    programme = _programme(programme)
    code = _section(section)
    choices = _category_choices(programme, code)
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
            "breadcrumbs": _below_programme(programme),
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
    programme = _programme(programme)
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
            "breadcrumbs": _below_programme(programme),
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
            "is_analyst": _is_analyst(request.user),
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
            "breadcrumbs": _below_recommendations(),
            "recommendation": recommendation,
            "actions": list(recommendation.actions.all()),
            "is_analyst": _is_analyst(request.user),
        },
    )


# --- Survey analysts ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@analysts_only
def import_upload(request):
    posted = request.method == "POST"
    form = EquityUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "upload"
            with open(path, "wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                record = services.equity_import(
                    path=path,
                    filename=upload.name,
                    programme=form.cleaned_data["programme"],
                    sheet=form.cleaned_data["sheet"],
                    by=request.user,
                )
            except services.RowsRejected as refused:
                messages.error(request, refused.message)
                return redirect("careers:equity:import-detail", pk=refused.record.pk)
            except services.FileRefused as refused:
                form.add_error("file", refused.message)
            else:
                messages.success(request, record.message)
                return redirect("careers:equity:import-detail", pk=record.pk)
    return render(
        request,
        "careers/equity/upload.jinja",
        {
            "title": "Import equity figures",
            "breadcrumbs": breadcrumbs(EQUITY),
            "form": form,
            "layouts": fmt.LAYOUTS,
            "layout_labels": fmt.LAYOUT_LABELS,
        },
    )


@require_safe
@analysts_only
def import_list(request):
    imports = EquityImport.objects.select_related("programme", "created_by").defer("problems")
    page = _page(request, imports)
    return render(
        request,
        "careers/equity/imports.jinja",
        {
            "title": "Equity imports",
            "breadcrumbs": breadcrumbs(EQUITY),
            "page": page,
        },
    )


@require_safe
@analysts_only
def import_detail(request, pk):
    record = get_object_or_404(
        EquityImport.objects.select_related("programme", "created_by"), pk=pk
    )
    page = _page(request, record.problems, per_page=50)
    return render(
        request,
        "careers/equity/import_detail.jinja",
        {
            "title": f"Import of {record.filename}",
            "breadcrumbs": breadcrumbs(
                EQUITY, (reverse("careers:equity:import-list"), "Equity imports")
            ),
            "record": record,
            "page": page,
        },
    )


@require_http_methods(["GET", "POST"])
@analysts_only
def reference_edit(request, programme, section):
    programme = _programme(programme)
    code = _section(section)
    choices = _category_choices(programme, code)
    if not choices or code == "TOTALS":
        raise Http404("No figures for that section")
    form = ReferenceForm(
        posted(request),
        choices=choices,
        initial={"category_key": programme.reference_for(code)},
    )
    if acted(
        request,
        form,
        lambda data: services.programme_set_reference(
            programme=programme, section=code, category_key=data["category_key"], by=request.user
        ),
        done="The reference group was changed.",
        field="category_key",
    ):
        return redirect("careers:equity:entry-programme", programme=programme.slug)
    return render(
        request,
        "careers/equity/reference.jinja",
        {
            "title": f"Reference group for {fmt.SECTIONS[code].lower()}",
            "breadcrumbs": _below_programme(programme),
            "form": form,
            "programme": programme,
        },
    )


def _recommendation_form_page(request, form, title, recommendation=None):
    crumbs = [EQUITY, (reverse("careers:equity:recommendation-list"), "Recommendations")]
    if recommendation:
        crumbs.append(
            (
                reverse("careers:equity:recommendation-detail", args=[recommendation.pk]),
                recommendation.title,
            )
        )
    return render(
        request,
        "careers/equity/form.jinja",
        {"title": title, "breadcrumbs": breadcrumbs(*crumbs), "form": form, "submit": "Save"},
    )


@require_http_methods(["GET", "POST"])
@analysts_only
def recommendation_new(request):
    form = RecommendationForm(posted(request))
    recommendation = acted(
        request,
        form,
        lambda data: services.recommendation_create(by=request.user, **data),
        done="The recommendation was recorded.",
    )
    if recommendation:
        return redirect("careers:equity:recommendation-detail", pk=recommendation.pk)
    return _recommendation_form_page(request, form, "Record a recommendation")


@require_http_methods(["GET", "POST"])
@analysts_only
def recommendation_edit(request, pk):
    recommendation = get_object_or_404(Recommendation, pk=pk)
    form = RecommendationForm(
        posted(request),
        instance=Recommendation.objects.get(pk=pk),
    )
    if acted(
        request,
        form,
        lambda data: services.recommendation_update(
            recommendation=recommendation, by=request.user, **data
        ),
        done="The recommendation was changed.",
    ):
        return redirect("careers:equity:recommendation-detail", pk=pk)
    return _recommendation_form_page(
        request, form, f"Change: {recommendation.title}", recommendation
    )


@require_safe
@analysts_only
def recommendation_history(request, pk):
    recommendation = get_object_or_404(Recommendation, pk=pk)
    changes = []
    records = list(recommendation.history.select_related("history_user").order_by("history_date"))
    previous = None
    for record in records:
        changed = []
        if previous is not None:
            changed = [change.field for change in record.diff_against(previous).changes]
        changes.append(
            {"record": record, "what": "Recommendation", "title": record.title, "changed": changed}
        )
        previous = record
    action_ids = list(recommendation.actions.values_list("pk", flat=True))
    for record in Action.history.filter(id__in=action_ids).select_related("history_user"):
        changes.append({"record": record, "what": "Action", "title": record.title, "changed": []})
    from careers.equity.models import ProgressUpdate

    for record in ProgressUpdate.history.filter(action_id__in=action_ids).select_related(
        "history_user"
    ):
        changes.append(
            {"record": record, "what": "Progress update", "title": record.text[:80], "changed": []}
        )
    changes.sort(key=lambda c: c["record"].history_date, reverse=True)
    return render(
        request,
        "careers/equity/history.jinja",
        {
            "title": f"History: {recommendation.title}",
            "breadcrumbs": breadcrumbs(
                EQUITY,
                (reverse("careers:equity:recommendation-list"), "Recommendations"),
                (reverse("careers:equity:recommendation-detail", args=[pk]), recommendation.title),
            ),
            "changes": changes,
            "recommendation": recommendation,
        },
    )


@require_http_methods(["GET", "POST"])
@analysts_only
def action_new(request, pk):
    recommendation = get_object_or_404(Recommendation, pk=pk)
    form = ActionForm(posted(request))
    if acted(
        request,
        form,
        lambda data: services.action_create(recommendation=recommendation, by=request.user, **data),
        done="The action was added.",
    ):
        return redirect("careers:equity:recommendation-detail", pk=pk)
    return _recommendation_form_page(
        request, form, f"Add an action: {recommendation.title}", recommendation
    )


@require_http_methods(["GET", "POST"])
@analysts_only
def action_edit(request, pk):
    action = get_object_or_404(Action.objects.select_related("recommendation"), pk=pk)
    form = ActionForm(posted(request), instance=Action.objects.get(pk=pk))
    if acted(
        request,
        form,
        lambda data: services.action_update(action=action, by=request.user, **data),
        done="The action was changed.",
    ):
        return redirect("careers:equity:recommendation-detail", pk=action.recommendation_id)
    return _recommendation_form_page(
        request, form, f"Change the action: {action.title}", action.recommendation
    )


@require_http_methods(["GET", "POST"])
@analysts_only
def action_progress(request, pk):
    action = get_object_or_404(Action.objects.select_related("recommendation"), pk=pk)
    form = ProgressForm(posted(request))
    if acted(
        request,
        form,
        lambda data: services.progress_add(action=action, by=request.user, **data),
        done="The progress update was added.",
        field="percent_complete",
    ):
        return redirect("careers:equity:recommendation-detail", pk=action.recommendation_id)
    return _recommendation_form_page(
        request, form, f"Progress on: {action.title}", action.recommendation
    )
