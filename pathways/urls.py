from django.urls import path

from pathways.views import directory, map_page, open_data, roles, route_finder

app_name = "pathways"

urlpatterns = [
    path("", directory.index, name="index"),
    path("roles/<slug:slug>/", roles.role_detail, name="role-detail"),
    path("map/", map_page.map_view, name="map"),
    path("routes/", route_finder.route_finder, name="route-finder"),
    path("routes.json", route_finder.routes_json, name="routes-json"),
    path("export.json", open_data.export_json, name="export-json"),
    path("export/<slug:name>.csv", open_data.export_csv, name="export-csv"),
    path("open-data/", open_data.open_data, name="open-data"),
]
