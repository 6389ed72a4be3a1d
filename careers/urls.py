from django.urls import include, path

from careers import views

app_name = "careers"

urlpatterns = [
    path("", views.index, name="index"),
    path("trends/", views.trends, name="trends"),
    path("import/", views.import_upload, name="import"),
    path("imports/", views.import_list, name="import-list"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/problems.csv", views.import_problems, name="import-problems"),
    path("imports/<int:pk>/retry/", views.import_retry, name="import-retry"),
    path("waves/<slug:slug>/", views.wave_report, name="wave-report"),
    path("waves/<slug:slug>/download/<str:table>.csv", views.wave_download, name="wave-download"),
    path(
        "waves/<slug:slug>/download/<str:table>.xlsx",
        views.wave_download,
        {"extension": "xlsx"},
        name="wave-download-xlsx",
    ),
    path("waves/<slug:slug>/preview/", views.wave_preview, name="wave-preview"),
    path("waves/<slug:slug>/publish/", views.wave_publish, name="wave-publish"),
    path("waves/<slug:slug>/withdraw/", views.wave_withdraw, name="wave-withdraw"),
    path("waves/<slug:slug>/unrounded/", views.wave_unrounded, name="wave-unrounded"),
    path("waves/<slug:slug>/responses/", views.wave_responses, name="wave-responses"),
    path("waves/<slug:slug>/delete/", views.wave_delete, name="wave-delete"),
    path("equity/", include("careers.equity.urls")),
]
