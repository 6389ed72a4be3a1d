from django.urls import path

from mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("", views.index, name="index"),
]
