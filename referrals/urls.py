from django.urls import path, register_converter

from referrals.views import actions, caseload, directory, public, reports

app_name = "referrals"


class ReferenceConverter:
    regex = "[Cc][Ss]-[0-9]{1,12}"

    def to_python(self, value):
        return value.upper()

    def to_url(self, value):
        return str(value)


register_converter(ReferenceConverter, "reference")

urlpatterns = [
    path("", public.index, name="index"),
    path("about/", public.about, name="about"),
    path("new/", public.self_referral, name="new"),
    path("refer-a-trainee/", public.educator_referral, name="new-educator"),
    path("sent/", public.submitted, name="submitted"),
    path("decline/<str:token>/", public.decline, name="decline"),
    path("log/", caseload.log_referral, name="log"),
    path("caseload.csv", caseload.caseload_csv, name="caseload-csv"),
    path("report/", reports.report, name="report"),
    path("report.csv", reports.report_csv, name="report-csv"),
    path("audit/", reports.audit_trail, name="audit"),
    path("services/", directory.service_list, name="service-list"),
    path("services/new/", directory.service_edit, name="service-new"),
    path("services/<int:pk>/", directory.service_edit, name="service-edit"),
    path("<reference:reference>/", caseload.detail, name="detail"),
    # A referral's workflow steps (their paths are actions.ACTION_PATHS, which a test checks).
    path("<reference:reference>/triage/", actions.triage, name="action-triage"),
    path("<reference:reference>/allocate/", actions.allocate, name="action-allocate"),
    path(
        "<reference:reference>/first-contact/", actions.record_contact, name="action-first-contact"
    ),
    path("<reference:reference>/session/", actions.record_session, name="action-session"),
    path("<reference:reference>/plan/", actions.save_plan, name="action-plan"),
    path("<reference:reference>/signpost/", actions.signpost, name="action-signpost"),
    path("<reference:reference>/return/", actions.return_referral, name="action-return"),
    path("<reference:reference>/close/", actions.close, name="action-close"),
    path("<reference:reference>/reopen/", actions.reopen, name="action-reopen"),
    path("<reference:reference>/edit/", actions.edit, name="action-edit"),
    path("<reference:reference>/sharing/", actions.set_sharing, name="action-sharing"),
    path("<reference:reference>/update/", actions.share_update, name="action-update"),
]
