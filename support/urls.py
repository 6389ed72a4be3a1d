from django.urls import path

from support import views

app_name = "support"

urlpatterns = [
    path("", views.index, name="index"),
    # Workshops: public list and pages, the booker's own pages, careers staff's pages.
    path("workshops/", views.workshop_list, name="workshop-list"),
    path("workshops/mine/", views.my_bookings, name="my-bookings"),
    path(
        "workshops/bookings/<int:pk>/calendar.ics", views.booking_calendar, name="booking-calendar"
    ),
    path("workshops/bookings/<int:pk>/cancel/", views.booking_cancel, name="booking-cancel"),
    path("workshops/bookings/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("workshops/manage/", views.manage, name="manage"),
    path("workshops/manage/new/", views.workshop_new, name="workshop-new"),
    path("workshops/manage/report/", views.report, name="report"),
    path("workshops/manage/report.csv", views.report_csv, name="report-csv"),
    path("workshops/sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("workshops/sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("workshops/sessions/<int:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path("workshops/sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("workshops/<slug:slug>/", views.workshop_detail, name="workshop-detail"),
    path("workshops/<slug:slug>/book/", views.workshop_book, name="workshop-book"),
    path("workshops/<slug:slug>/edit/", views.workshop_edit, name="workshop-edit"),
    path("workshops/<slug:slug>/sessions/new/", views.session_new, name="session-new"),
    # Resources.
    path("resources/", views.resource_list, name="resource-list"),
    path("resources/for-trainers/", views.trainers, name="trainers"),
    path("resources/review/", views.resource_review, name="resource-review"),
    path("resources/new/", views.resource_new, name="resource-new"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource-detail"),
    path("resources/<slug:slug>/edit/", views.resource_edit, name="resource-edit"),
    path("resources/<slug:slug>/document.pdf", views.resource_document, name="resource-document"),
]
