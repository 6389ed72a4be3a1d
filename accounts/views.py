import time

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from accounts.forms import SignInForm
from accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.jinja"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    extra_context = {"title": "Sign in"}

    def form_valid(self, form):
        response = super().form_valid(form)
        now = time.time()
        self.request.session[SIGNED_IN_AT] = now
        self.request.session[LAST_SEEN_AT] = now
        return response


class SignOutView(auth_views.LogoutView):
    """GET shows a confirmation with a button; only POST signs out."""

    http_method_names = ["get", "post", "options"]
    template_name = "accounts/signed_out.jinja"

    def get(self, request, *args, **kwargs):
        return render(request, "accounts/sign_out.jinja", {"title": "Sign out"})

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


def locked_out(request, credentials, *args, **kwargs):
    """Shown by django-axes after too many failed sign-ins."""
    return render(request, "accounts/locked_out.jinja", {"title": "Too many attempts"}, status=429)
