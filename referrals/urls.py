from django.urls import path, register_converter

from referrals import views

app_name = "referrals"


class ReferenceConverter:
    regex = "[Cc][Ss]-[0-9]{1,12}"

    def to_python(self, value):
        return value.upper()

    def to_url(self, value):
        return str(value)


register_converter(ReferenceConverter, "reference")

urlpatterns = [
    path("", views.index, name="index"),
    path("about/", views.about, name="about"),
    path("new/", views.self_referral, name="new"),
    path("refer-a-trainee/", views.educator_referral, name="new-educator"),
    path("sent/", views.submitted, name="submitted"),
    path("decline/<str:token>/", views.decline, name="decline"),
    path("log/", views.log_referral, name="log"),
    path("caseload.csv", views.caseload_csv, name="caseload-csv"),
    path("report/", views.report, name="report"),
    path("report.csv", views.report_csv, name="report-csv"),
    path("audit/", views.audit_trail, name="audit"),
    path("services/", views.service_list, name="service-list"),
    path("services/new/", views.service_edit, name="service-new"),
    path("services/<int:pk>/", views.service_edit, name="service-edit"),
    path("<reference:reference>/", views.detail, name="detail"),
    *[
        path(f"<reference:reference>/{slug}/", views.action_views[name], name=f"action-{slug}")
        for name, slug in views.ACTION_PATHS.items()
    ],
]
