"""The survey analysts' equity pages: importing figures (and the imports' problems), choosing a
section's reference groups, and recording and editing recommendations and their actions."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts import roles as staff_roles
from accounts.permissions import role_required
from careers.equity import formats as fmt
from careers.equity import services
from careers.equity.forms import (
    ActionForm,
    EquityUploadForm,
    ProgressForm,
    RecommendationForm,
    ReferenceForm,
)
from careers.equity.models import Action, EquityImport, Recommendation
from careers.equity.views._common import (
    EQUITY,
    below_programme,
    category_choices,
    programme_or_404,
    section_code,
)
from config.actions import GET_POST, acted, posted
from config.breadcrumbs import breadcrumbs
from config.paging import page_of

analysts_only = role_required(staff_roles.SURVEY_ANALYSTS)


@GET_POST
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
    page = page_of(request, imports, 25)
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
    page = page_of(request, record.problems, 50)
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


@GET_POST
@analysts_only
def reference_edit(request, programme, section):
    programme = programme_or_404(programme)
    code = section_code(section)
    choices = category_choices(programme, code)
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
            "breadcrumbs": below_programme(programme),
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


@GET_POST
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


@GET_POST
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


@GET_POST
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


@GET_POST
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


@GET_POST
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
