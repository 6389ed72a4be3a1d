"""Graduate aspirations: published reports for everyone; import, raw responses, unrounded
figures and deleting waves for survey analysts."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import roles as staff_roles
from accounts.permissions import role_required
from careers import disclosure, queries, services
from careers import survey_format as fmt
from careers.filters import ImportFilter, ReportFilter, ResponseFilter, WaveFilter
from careers.forms import ConfirmForm, UploadForm
from careers.models import Response, SurveyImport, Wave
from config.downloads import csv_response

analysts_only = role_required(staff_roles.SURVEY_ANALYSTS)
PAGE_SIZE = 25


def _is_analyst(user) -> bool:
    return user.is_authenticated and user.in_group(staff_roles.SURVEY_ANALYSTS)


def _page(request, items, per_page=PAGE_SIZE):
    """A page of a list (the template's pager keeps the query string)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _crumbs(*pairs):
    return [{"href": href, "text": text} for href, text in pairs]


def _base_crumbs():
    return [("/", "Home"), (reverse("careers:index"), "Graduate aspirations")]


# --- Public ----------------------------------------------------------------------------------


@require_safe
def index(request):
    waves = WaveFilter(request.GET, queryset=Wave.objects.latest_first().defer("figures"))
    page = _page(request, waves.qs)
    return render(
        request,
        "careers/index.jinja",
        {
            "title": "Graduate career aspirations",
            "breadcrumbs": _crumbs(("/", "Home")),
            "filter": waves,
            "form": waves.form,
            "page": page,
            "waves": [(wave, disclosure.publish_count(wave.respondents)) for wave in page],
            "is_analyst": _is_analyst(request.user),
        },
    )


@require_safe
def trends(request):
    roles = services.published_roles()
    data = queries.trends(Wave.objects.in_order(), roles)
    return render(
        request,
        "careers/trends.jinja",
        {
            "title": "Trends across survey waves",
            "breadcrumbs": _crumbs(*_base_crumbs()),
            "trends": data,
        },
    )


def _report_context(request, wave, published=True):
    report_filter = ReportFilter(request.GET, queryset=Response.objects.none())
    subgroup, by = report_filter.subgroup(), report_filter.breakdown()
    figures = queries.wave_figures(wave, subgroup)
    roles = services.published_roles()
    total = figures.get("respondents", 0)
    return {
        "wave": wave,
        "filter": report_filter,
        "form": report_filter.form,
        "subgroup": subgroup,
        "subgroup_labels": [
            (fmt.DIMENSIONS[d][0], dict(queries.dimension_choices(d))[v])
            for d, v in subgroup.items()
        ],
        "by": by,
        "respondents": total if not published else disclosure.publish_count(total),
        "too_few": published and disclosure.publish_count(total) in (0, "*"),
        "tables": queries.report_tables(figures, roles, by=by, published=published),
        "groups": queries.respondent_groups(figures, published=published),
        "published": published,
        "query": request.GET.urlencode(),
    }


@require_safe
def wave_report(request, slug):
    wave = get_object_or_404(Wave, slug=slug)
    context = _report_context(request, wave)
    context.update(
        title=wave.name,
        breadcrumbs=_crumbs(*_base_crumbs()),
        is_analyst=_is_analyst(request.user),
    )
    return render(request, "careers/report.jinja", context)


@require_safe
def wave_download(request, slug, table):
    if table not in queries.TABLES and table != queries.RESPONDENTS:
        raise Http404("No such table")
    wave = get_object_or_404(Wave, slug=slug)
    report_filter = ReportFilter(request.GET, queryset=Response.objects.none())
    figures = queries.wave_figures(wave, report_filter.subgroup())
    header, rows = queries.published_table(
        figures, table, services.published_roles(), by=report_filter.breakdown()
    )
    suffix = "".join(f"-{v}" for v in report_filter.subgroup().values())
    by = report_filter.breakdown()
    name = f"{wave.slug}-{table}{suffix}{'-by-' + by if by else ''}.csv"
    return csv_response(name, header, rows)


# --- Survey analysts -------------------------------------------------------------------------


@require_safe
@analysts_only
def wave_unrounded(request, slug):
    wave = get_object_or_404(Wave, slug=slug)
    context = _report_context(request, wave, published=False)
    context.update(
        title=f"{wave.name}: unrounded figures",
        breadcrumbs=_crumbs(
            *_base_crumbs(), (reverse("careers:wave-report", args=[slug]), wave.name)
        ),
    )
    return render(request, "careers/unrounded.jinja", context)


@require_safe
@analysts_only
def wave_responses(request, slug):
    wave = get_object_or_404(Wave, slug=slug)
    responses = ResponseFilter(request.GET, queryset=Response.objects.filter(wave=wave))
    page = _page(request, responses.qs)
    roles = services.published_roles()
    return render(
        request,
        "careers/responses.jinja",
        {
            "title": f"{wave.name}: responses",
            "breadcrumbs": _crumbs(
                *_base_crumbs(), (reverse("careers:wave-report", args=[slug]), wave.name)
            ),
            "wave": wave,
            "filter": responses,
            "form": responses.form,
            "page": page,
            "roles": roles,
            "barriers": dict(fmt.BARRIERS),
        },
    )


@require_http_methods(["GET", "POST"])
@analysts_only
def wave_delete(request, slug):
    wave = get_object_or_404(Wave.objects.defer("figures"), slug=slug)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.wave_delete(wave=wave, user=request.user)
        messages.success(request, f"The wave “{wave.name}” and all its responses were deleted.")
        return redirect("careers:index")
    return render(
        request,
        "careers/wave_delete.jinja",
        {
            "title": f"Delete {wave.name}",
            "breadcrumbs": _crumbs(
                *_base_crumbs(), (reverse("careers:wave-report", args=[slug]), wave.name)
            ),
            "wave": wave,
            "imports": wave.imports.order_by("created_at"),
        },
    )


@require_http_methods(["GET", "POST"])
@analysts_only
def import_upload(request):
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = services.survey_import_submit(
                wave_name=data["wave"],
                upload=data["file"],
                sheet=data["sheet"],
                skip_invalid=data["skip_invalid"],
                user=request.user,
            )
        except services.ImportRefused as refused:
            form.add_error("file", str(refused))
        else:
            return redirect("careers:import-detail", pk=job.pk)
    return render(
        request,
        "careers/upload.jinja",
        {
            "title": "Import a survey file",
            "breadcrumbs": _crumbs(*_base_crumbs()),
            "form": form,
            "waves": Wave.objects.latest_first().values_list("name", flat=True)[:10],
        },
    )


@require_safe
@analysts_only
def import_list(request):
    imports = ImportFilter(
        request.GET,
        queryset=SurveyImport.objects.select_related("wave", "created_by").defer(
            "problems", "wave__figures"
        ),
    )
    page = _page(request, imports.qs)
    return render(
        request,
        "careers/imports.jinja",
        {
            "title": "Survey imports",
            "breadcrumbs": _crumbs(*_base_crumbs()),
            "filter": imports,
            "form": imports.form,
            "page": page,
        },
    )


@require_safe
@analysts_only
def import_detail(request, pk):
    job = get_object_or_404(
        SurveyImport.objects.select_related("wave", "created_by").defer("wave__figures"), pk=pk
    )
    page = _page(request, job.problems, per_page=50)
    return render(
        request,
        "careers/import_detail.jinja",
        {
            "title": f"Import of {job.filename}",
            "breadcrumbs": _crumbs(
                *_base_crumbs(), (reverse("careers:import-list"), "Survey imports")
            ),
            "job": job,
            "page": page,
            "can_retry": job.can_retry,
        },
    )


@require_safe
@analysts_only
def import_problems(request, pk):
    job = get_object_or_404(SurveyImport, pk=pk)
    return csv_response(
        f"import-{job.pk}-problems.csv", ["row", "column", "value", "reason"], job.problems
    )


@require_POST
@analysts_only
def import_retry(request, pk):
    job = get_object_or_404(SurveyImport, pk=pk)
    try:
        job = services.survey_import_retry(job=job, user=request.user)
    except services.ImportRefused as refused:
        messages.error(request, str(refused))
    return redirect("careers:import-detail", pk=job.pk)
