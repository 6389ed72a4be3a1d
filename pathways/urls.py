from django.urls import path

from pathways import views

app_name = "pathways"

urlpatterns = [
    path("", views.index, name="index"),
    path("roles/<slug:slug>/", views.role_detail, name="role-detail"),
    path("map/", views.map_view, name="map"),
    path("routes/", views.route_finder, name="route-finder"),
    path("routes.json", views.routes_json, name="routes-json"),
    path("export.json", views.export_json, name="export-json"),
    path("export/<slug:name>.csv", views.export_csv, name="export-csv"),
    path("open-data/", views.open_data, name="open-data"),
]
