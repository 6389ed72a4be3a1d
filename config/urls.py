from django.contrib import admin
from django.urls import include, path

from config import views

admin.site.site_header = "Mental health careers: administration"
admin.site.site_title = "Mental health careers admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/", include("accounts.urls")),
    path("pathways/", include("pathways.urls")),
    path("careers/", include("careers.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("referrals/", include("referrals.urls")),
    path("careers-support/", include("support.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
