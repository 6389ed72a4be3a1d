"""The equity pages, under /careers/equity/ (namespace careers:equity)."""

from django.urls import path

from careers.equity.views import analysts, public

app_name = "equity"

urlpatterns = [
    path("", public.index, name="index"),
    path("entry/<slug:programme>/", public.entry_programme, name="entry-programme"),
    path(
        "entry/<slug:programme>/<int:year>/<slug:section>/",
        public.entry_report,
        name="entry-report",
    ),
    path(
        "entry/<slug:programme>/<int:year>/<slug:section>/download.<str:kind>",
        public.entry_download,
        name="entry-download",
    ),
    path("entry/<slug:programme>/trends/<slug:section>/", public.entry_trends, name="entry-trends"),
    path(
        "entry/<slug:programme>/references/<slug:section>/",
        analysts.reference_edit,
        name="reference-edit",
    ),
    path("workforce/", public.workforce, name="workforce"),
    path("plans/", public.plans, name="plans"),
    path("pipeline/<slug:programme>/", public.pipeline, name="pipeline"),
    path("recommendations/", public.recommendation_list, name="recommendation-list"),
    path("recommendations/new/", analysts.recommendation_new, name="recommendation-new"),
    path("recommendations/<int:pk>/", public.recommendation_detail, name="recommendation-detail"),
    path(
        "recommendations/<int:pk>/edit/", analysts.recommendation_edit, name="recommendation-edit"
    ),
    path(
        "recommendations/<int:pk>/history/",
        analysts.recommendation_history,
        name="recommendation-history",
    ),
    path("recommendations/<int:pk>/actions/new/", analysts.action_new, name="action-new"),
    path("actions/<int:pk>/edit/", analysts.action_edit, name="action-edit"),
    path("actions/<int:pk>/progress/", analysts.action_progress, name="action-progress"),
    path("import/", analysts.import_upload, name="import"),
    path("imports/", analysts.import_list, name="import-list"),
    path("imports/<int:pk>/", analysts.import_detail, name="import-detail"),
]
