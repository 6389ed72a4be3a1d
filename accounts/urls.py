from django.urls import path

from accounts import member_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    # Members' self-service (accounts.member_views).
    path("register/", member_views.register, name="register"),
    path("confirm/<uidb64>/<token>/", member_views.confirm, name="confirm"),
    path("confirm/again/", member_views.confirm_resend, name="confirm-resend"),
    path("password-reset/", member_views.password_reset, name="password-reset"),
    path(
        "password-reset/<uidb64>/<token>/",
        member_views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("email/confirm/<uidb64>/<token>/", member_views.email_confirm, name="email-confirm"),
    path("account/", member_views.account, name="account"),
    path("account/password/", member_views.password_change, name="password-change"),
    path("account/email/", member_views.email_change, name="email-change"),
    path("account/emails/", member_views.email_preferences, name="email-preferences"),
    path("account/my-data.<str:fmt>", member_views.data_download, name="data-download"),
    path("account/delete/", member_views.account_delete, name="account-delete"),
]
