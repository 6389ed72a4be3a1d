from django.urls import path

from support.views import member, public, staff

app_name = "support"

urlpatterns = [
    path("", public.index, name="index"),
    # Workshops: public list and pages, the booker's own pages, careers staff's pages.
    path("workshops/", public.workshop_list, name="workshop-list"),
    path("workshops/mine/", member.my_bookings, name="my-bookings"),
    path(
        "workshops/bookings/<int:pk>/calendar.ics", member.booking_calendar, name="booking-calendar"
    ),
    path("workshops/bookings/<int:pk>/cancel/", member.booking_cancel, name="booking-cancel"),
    path("workshops/bookings/<int:pk>/feedback/", member.feedback, name="feedback"),
    path("workshops/manage/", staff.manage, name="manage"),
    path("workshops/manage/new/", staff.workshop_new, name="workshop-new"),
    path("workshops/manage/report/", staff.report, name="report"),
    path("workshops/manage/report.csv", staff.report_csv, name="report-csv"),
    path("workshops/sessions/<int:pk>/", staff.session_detail, name="session-detail"),
    path("workshops/sessions/<int:pk>/edit/", staff.session_edit, name="session-edit"),
    path("workshops/sessions/<int:pk>/cancel/", staff.session_cancel, name="session-cancel"),
    path("workshops/sessions/<int:pk>/attendance/", staff.attendance, name="attendance"),
    path("workshops/<slug:slug>/", public.workshop_detail, name="workshop-detail"),
    path("workshops/<slug:slug>/book/", member.workshop_book, name="workshop-book"),
    path("workshops/<slug:slug>/edit/", staff.workshop_edit, name="workshop-edit"),
    path("workshops/<slug:slug>/sessions/new/", staff.session_new, name="session-new"),
    # Resources.
    path("resources/", public.resource_list, name="resource-list"),
    path("resources/for-trainers/", public.trainers, name="trainers"),
    path("resources/review/", staff.resource_review, name="resource-review"),
    path("resources/new/", staff.resource_new, name="resource-new"),
    path("resources/<slug:slug>/", public.resource_detail, name="resource-detail"),
    path("resources/<slug:slug>/edit/", staff.resource_edit, name="resource-edit"),
    path("resources/<slug:slug>/document.pdf", public.resource_document, name="resource-document"),
]
