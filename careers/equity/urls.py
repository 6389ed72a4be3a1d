"""The equity pages, under /careers/equity/ (namespace careers:equity)."""

from django.urls import path

from careers.equity import views

app_name = "equity"

urlpatterns = [
    path("", views.index, name="index"),
    path("entry/<slug:programme>/", views.entry_programme, name="entry-programme"),
    path(
        "entry/<slug:programme>/<int:year>/<slug:section>/",
        views.entry_report,
        name="entry-report",
    ),
    path(
        "entry/<slug:programme>/<int:year>/<slug:section>/download.<str:kind>",
        views.entry_download,
        name="entry-download",
    ),
    path("entry/<slug:programme>/trends/<slug:section>/", views.entry_trends, name="entry-trends"),
    path(
        "entry/<slug:programme>/references/<slug:section>/",
        views.reference_edit,
        name="reference-edit",
    ),
    path("workforce/", views.workforce, name="workforce"),
    path("plans/", views.plans, name="plans"),
    path("pipeline/<slug:programme>/", views.pipeline, name="pipeline"),
    path("recommendations/", views.recommendation_list, name="recommendation-list"),
    path("recommendations/new/", views.recommendation_new, name="recommendation-new"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation-detail"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation-edit"),
    path(
        "recommendations/<int:pk>/history/",
        views.recommendation_history,
        name="recommendation-history",
    ),
    path("recommendations/<int:pk>/actions/new/", views.action_new, name="action-new"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/progress/", views.action_progress, name="action-progress"),
    path("import/", views.import_upload, name="import"),
    path("imports/", views.import_list, name="import-list"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
]
