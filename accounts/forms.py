from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from accounts.models import normalise_email


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account is inactive.",
    }

    def clean_username(self):
        # Email addresses sign in in any case (User.objects.get_by_natural_key), so the
        # sign-in throttle (django-axes, keyed on this value) must see one spelling of each:
        # otherwise every change of case would be a fresh set of attempts.
        return normalise_email(self.cleaned_data["username"])


class AdminSignInForm(AdminAuthenticationForm):
    """The admin's sign-in form, with the email address normalised exactly as on the portal's
    sign-in page (the throttle normalises it too, whatever the form)."""

    def clean_username(self):
        return normalise_email(self.cleaned_data["username"])
