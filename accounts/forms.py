from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
        return self.cleaned_data["username"].lower()
