from django.urls import path

from pathways import views

app_name = "pathways"

urlpatterns = [
    path("", views.index, name="index"),
    path("roles/<slug:slug>/", views.role_detail, name="role-detail"),
]
