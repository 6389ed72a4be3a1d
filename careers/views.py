"""Graduate aspirations: published reports for everyone, served from the reports stored when
the wave was published (no public request counts responses); import, preview, publish and
withdraw, raw responses, unrounded figures and deleting waves for survey analysts (never cached:
Cache-Control no-store)."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db import connections, router, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from markupsafe import Markup

from accounts import roles as staff_roles
from accounts.permissions import role_required
from careers import disclosure, publication, queries, served, services
from careers import survey_format as fmt
from careers.filters import ImportFilter, ReportFilter, ResponseFilter, WaveFilter
from careers.forms import ConfirmForm, UploadForm
from careers.models import Response, SurveyImport, Wave
from config.actions import GET_POST, posted
from config.breadcrumbs import breadcrumbs, section
from config.downloads import csv_response, xlsx_response
from config.paging import page_of

analysts_only = role_required(staff_roles.SURVEY_ANALYSTS)
PAGE_SIZE = 25


def _is_analyst(user) -> bool:
    return user.is_authenticated and user.in_group(staff_roles.SURVEY_ANALYSTS)


ASPIRATIONS = section("careers:index", "Graduate aspirations")


def _below_wave(wave, title) -> dict:
    """The context every page of one wave shares: its title, the wave, and breadcrumbs to
    the section, then the wave's report."""
    return {
        "title": title,
        "breadcrumbs": breadcrumbs(
            ASPIRATIONS, (reverse("careers:wave-report", args=[wave.slug]), wave.name)
        ),
        "wave": wave,
    }


# --- Public ----------------------------------------------------------------------------------


def bounded_reads(view):
    """Public survey pages read inside a transaction with a statement timeout
    (CAREERS_PUBLIC_STATEMENT_TIMEOUT_MS): a read that runs long is cancelled and the visitor
    gets the 503 page, instead of holding a worker and a connection."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        alias = router.db_for_read(Wave)
        connection = connections[alias]
        # Inside an outer transaction (a test's), the block below is a savepoint, and the
        # setting would outlive it: it is put back after the view (a failed statement rolls
        # the savepoint back, and the setting with it).
        nested = connection.in_atomic_block
        with transaction.atomic(using=alias):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('statement_timeout'),"
                    " set_config('statement_timeout', %s, true)",
                    [f"{settings.CAREERS_PUBLIC_STATEMENT_TIMEOUT_MS}ms"],
                )
                before = cursor.fetchone()[0]
            response = view(request, *args, **kwargs)
            if nested:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])
            return response

    return wrapper


@require_safe
@bounded_reads
def index(request):
    analyst = _is_analyst(request.user)
    waves = Wave.objects.latest_first().defer("figures", "publication")
    if not analyst:
        waves = waves.published()
    waves = WaveFilter(request.GET, queryset=waves)
    page = page_of(request, waves.qs, PAGE_SIZE)
    return render(
        request,
        "careers/index.jinja",
        {
            "title": "Graduate career aspirations",
            "breadcrumbs": breadcrumbs(),
            "filter": waves,
            "form": waves.form,
            "page": page,
            "waves": [(wave, disclosure.publish_count(wave.respondents)) for wave in page],
            "is_analyst": analyst,
        },
    )


@require_safe
@bounded_reads
def trends(request):
    data = queries.trends(services.published_roles())
    return render(
        request,
        "careers/trends.jinja",
        {
            "title": "Trends across survey waves",
            "breadcrumbs": breadcrumbs(ASPIRATIONS),
            "trends": data,
        },
    )


def _subgroup_labels(subgroup):
    return [
        (fmt.DIMENSIONS[d][0], dict(queries.dimension_choices(d))[v]) for d, v in subgroup.items()
    ]


def _report_choice(report_filter, subgroup, by) -> dict:
    """The context a report page shows its filter with: the form, the subgroup chosen (and
    its labels) and the breakdown."""
    return {
        "filter": report_filter,
        "form": report_filter.form,
        "subgroup": subgroup,
        "subgroup_labels": _subgroup_labels(subgroup),
        "by": by,
    }


def _query(subgroup, by=None) -> str:
    params = {**subgroup, **({"by": by} if by else {})}
    return ("?" + urlencode(params)) if params else ""


def _published_body(wave, subgroup, by):
    """The report's body as HTML: its stored published report rendered (or the "too few"
    message), kept by the process under the wave's stamp (careers.served), so a visitor asking
    for every combination costs one render each, not one per request."""
    key = ("body", served.stamp(wave), queries.subgroup_key(subgroup), by or "")
    cached = served.served.get(key)
    if cached is None:
        cached = _stored_body(wave, subgroup, by)
        served.served.set(key, cached, len(cached[0]))
    return cached


def _stored_body(wave, subgroup, by):
    """(HTML, published respondents) of a report's body: for a published wave, rendered once
    and kept on the stored report, so each combination is rendered once whatever the number of
    processes; a preview is rendered each time (analysts only)."""
    from careers.models import PublishedReport

    stored = (
        PublishedReport.objects.filter(
            wave=wave, subgroup=queries.subgroup_key(subgroup), by=by or ""
        )
        .values_list("pk", "html", "content__respondents")
        .first()
    )
    if stored is None:
        return _render_body(wave, subgroup, by, None), None
    pk, html, respondents = stored
    if not html or not wave.is_published:
        content = PublishedReport.objects.values_list("content", flat=True).get(pk=pk)
        html = _render_body(wave, subgroup, by, content)
        if wave.is_published:
            PublishedReport.objects.filter(pk=pk).update(html=html)
    return html, respondents


def _render_body(wave, subgroup, by, content):
    context = {
        "wave": wave,
        "published": True,
        "by": by,
        "too_few": content is None,
        "min_group": settings.CAREERS_PUBLISH_MIN_GROUP,
        "query_all": _query(subgroup),
        "query_by": _query(subgroup, by),
        "subgroup": subgroup,
    }
    if content is not None:
        tables, groups = queries.published_page(content, services.published_roles())
        context.update(tables=tables, groups=groups, respondents=content["respondents"])
    return render_to_string("careers/includes/report_body.jinja", context)


def _wave_for(request, slug):
    """The wave for a report page: published ones for everyone, any for survey analysts."""
    wave = get_object_or_404(Wave.objects.defer("figures", "publication"), slug=slug)
    if not wave.is_published and not _is_analyst(request.user):
        raise Http404("No such wave")
    return wave


@require_safe
@bounded_reads
def wave_report(request, slug):
    wave = _wave_for(request, slug)
    analyst = _is_analyst(request.user)
    page_key = None
    if _whole_page_cacheable(request, wave, analyst):
        # Keyed by the report's parameters as sent: a page served again costs the wave's row
        # and nothing else (not even checking the form); only valid requests are kept.
        page_key = ("page", served.stamp(wave), served.query_key(request, REPORT_PARAMETERS))
        cached = served.served.get(page_key)
        if cached is not None:
            return HttpResponse(cached.replace(NONCE_MARK, str(request.csp_nonce)))
    report_filter = ReportFilter(request.GET, queryset=Response.objects.none(), limited=True)
    subgroup, by = report_filter.subgroup(), report_filter.breakdown()
    errors = bool(report_filter.form.errors)
    body, respondents = ("", None)
    if wave.status in (Wave.Status.PUBLISHED, Wave.Status.PREVIEWED) and not errors:
        body, respondents = _published_body(wave, subgroup, by)
    response = render(
        request,
        "careers/report.jinja",
        {
            "title": wave.name,
            "breadcrumbs": breadcrumbs(ASPIRATIONS),
            "wave": wave,
            **_report_choice(report_filter, subgroup, by),
            "body": Markup(body),  # noqa: S704 - rendered by our autoescaped template
            "respondents": respondents,
            "is_analyst": analyst,
            "publication": wave.publication if analyst else {},  # a query, for analysts
            "min_wave": settings.CAREERS_PUBLISH_MIN_WAVE,
            "min_group": settings.CAREERS_PUBLISH_MIN_GROUP,
        },
    )
    if not wave.is_published:
        add_never_cache_headers(response)
    elif page_key and not errors and response.status_code == 200:
        html = response.content.decode().replace(str(request.csp_nonce), NONCE_MARK)
        served.served.set(page_key, html, len(html))
    return response


NONCE_MARK = "careers-csp-nonce-mark"
REPORT_PARAMETERS = frozenset(ReportFilter.base_filters)


def _whole_page_cacheable(request, wave, analyst) -> bool:
    """An anonymous visitor with nothing of their own on the page (no session, so no messages):
    the whole page depends only on the wave and the combination asked for, so it is rendered
    once per process and served from the cache, with this request's CSP nonce put back."""
    return (
        wave.is_published
        and not analyst
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


DOWNLOAD_TABLES = (*queries.TABLES, queries.RESPONDENTS)


@require_safe
@bounded_reads
def wave_download(request, slug, table, extension="csv"):
    if table not in DOWNLOAD_TABLES:
        raise Http404("No such table")
    wave = get_object_or_404(Wave.objects.published().defer("figures", "publication"), slug=slug)
    # A published table's file is the same for everyone: made once per process and kept.
    key = (
        "download",
        served.stamp(wave),
        table,
        extension,
        served.query_key(request, REPORT_PARAMETERS),
    )
    made = served.served.get(key)
    if made is None:
        made = _download(wave, table, extension, request.GET)
        if made[2]:
            served.served.set(key, made, len(made[0]))
    content, headers, _valid = made
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def _download(wave, table, extension, query) -> tuple[bytes, tuple, bool]:
    """(content, headers, whether the request was valid) of a download."""
    report_filter = ReportFilter(query, queryset=Response.objects.none(), limited=True)
    subgroup, by = report_filter.subgroup(), report_filter.breakdown()
    if report_filter.form.errors:
        header, rows = (
            ["note"],
            [[" ".join(e for errs in report_filter.form.errors.values() for e in errs)]],
        )
    else:
        content = queries.published_report(wave, subgroup, by)
        if content is None:
            header, rows = publication.withheld_rows()
        else:
            header, rows = publication.table_rows(content, table)
    suffix = "".join(f"-{v}" for v in subgroup.values())
    name = f"{wave.slug}-{table}{suffix}{'-by-' + by if by else ''}.{extension}"
    made = (
        xlsx_response(name, header, rows, sheet=table)
        if extension == "xlsx"
        else csv_response(name, header, rows)
    )
    return made.content, tuple(made.items()), not report_filter.form.errors


# --- Survey analysts -------------------------------------------------------------------------


def _publication_action(request, slug, run, done):
    """A button on the wave's report page (the same services as `manage.py publish_wave`): a
    refusal is shown at the top of that page, where the button is (it has no input to keep)."""
    wave = get_object_or_404(Wave.objects.defer("figures"), slug=slug)
    if ConfirmForm(request.POST).is_valid():
        try:
            run(wave)
        except services.PublicationRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, done(wave))
    return redirect("careers:wave-report", slug=wave.slug)


@require_POST
@analysts_only
def wave_preview(request, slug):
    return _publication_action(
        request,
        slug,
        lambda wave: services.wave_preview(wave=wave, by=request.user),
        done=lambda wave: "The preview is ready: these are the figures the public will see.",
    )


@require_POST
@analysts_only
def wave_publish(request, slug):
    return _publication_action(
        request,
        slug,
        lambda wave: services.wave_publish(wave=wave, by=request.user),
        done=lambda wave: f"“{wave.name}” is published.",
    )


@require_POST
@analysts_only
def wave_withdraw(request, slug):
    return _publication_action(
        request,
        slug,
        lambda wave: services.wave_withdraw(wave=wave, by=request.user),
        done=lambda wave: f"“{wave.name}” is withdrawn: the public can no longer see it.",
    )


@require_safe
@never_cache
@analysts_only
def wave_unrounded(request, slug):
    wave = get_object_or_404(Wave, slug=slug)
    report_filter = ReportFilter(request.GET, queryset=Response.objects.none())
    subgroup, by = report_filter.subgroup(), report_filter.breakdown()
    figures = queries.wave_figures(wave, subgroup)
    roles = services.published_roles()
    return render(
        request,
        "careers/unrounded.jinja",
        {
            **_below_wave(wave, f"{wave.name}: unrounded figures"),
            **_report_choice(report_filter, subgroup, by),
            "respondents": figures.get("respondents", 0),
            "too_few": False,
            "tables": queries.report_tables(figures, roles, by=by),
            "groups": queries.respondent_groups(figures),
            "published": False,
        },
    )


@require_safe
@never_cache
@analysts_only
def wave_responses(request, slug):
    wave = get_object_or_404(Wave, slug=slug)
    responses = ResponseFilter(request.GET, queryset=Response.objects.filter(wave=wave))
    page = page_of(request, responses.qs, PAGE_SIZE)
    roles = services.published_roles()
    return render(
        request,
        "careers/responses.jinja",
        {
            **_below_wave(wave, f"{wave.name}: responses"),
            "filter": responses,
            "form": responses.form,
            "page": page,
            "roles": roles,
            "barriers": dict(fmt.BARRIERS),
        },
    )


@GET_POST
@never_cache
@analysts_only
def wave_delete(request, slug):
    wave = get_object_or_404(Wave.objects.defer("figures"), slug=slug)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.wave_delete(wave=wave, by=request.user)
        messages.success(request, f"The wave “{wave.name}” and all its responses were deleted.")
        return redirect("careers:index")
    return render(
        request,
        "careers/wave_delete.jinja",
        {
            **_below_wave(wave, f"Delete {wave.name}"),
            "imports": wave.imports.order_by("created_at"),
        },
    )


@GET_POST
@never_cache
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
                by=request.user,
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
            "breadcrumbs": breadcrumbs(ASPIRATIONS),
            "form": form,
            "waves": Wave.objects.latest_first().values_list("name", flat=True)[:10],
        },
    )


@require_safe
@never_cache
@analysts_only
def import_list(request):
    imports = ImportFilter(
        request.GET,
        queryset=SurveyImport.objects.select_related("wave", "created_by").defer(
            "problems", "wave__figures"
        ),
    )
    page = page_of(request, imports.qs, PAGE_SIZE)
    return render(
        request,
        "careers/imports.jinja",
        {
            "title": "Survey imports",
            "breadcrumbs": breadcrumbs(ASPIRATIONS),
            "filter": imports,
            "form": imports.form,
            "page": page,
        },
    )


@require_safe
@never_cache
@analysts_only
def import_detail(request, pk):
    job = get_object_or_404(
        SurveyImport.objects.select_related("wave", "created_by").defer("wave__figures"), pk=pk
    )
    page = page_of(request, job.problems, per_page=50)
    return render(
        request,
        "careers/import_detail.jinja",
        {
            "title": f"Import of {job.filename}",
            "breadcrumbs": breadcrumbs(
                ASPIRATIONS, (reverse("careers:import-list"), "Survey imports")
            ),
            "job": job,
            "page": page,
            "can_retry": job.can_retry,
        },
    )


@require_safe
@never_cache
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
        job = services.survey_import_retry(job=job, by=request.user)
    except services.ImportRefused as refused:
        messages.error(request, str(refused))
    return redirect("careers:import-detail", pk=job.pk)
