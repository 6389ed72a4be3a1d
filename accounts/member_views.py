"""The pages members use to run their own account: register, confirm the address, reset or
change the password, change the address, choose emails, download their data, delete the
account. Registration, reset and "send the link again" answer with the same page whether or not
the address has an account; the services limit them per client and per address, and a client
over its limit gets "Too many requests" (429).
Every page is sent with Cache-Control: no-store."""

from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts import forms, limits, services
from config.actions import GET_POST, posted, show_refusal
from config.downloads import csv_response
from config.rules import RateLimited


def _form_page(request, *, title, form, submit, intro=(), status=200, **extra):
    return render(
        request,
        "accounts/form_page.jinja",
        {"title": title, "form": form, "submit": submit, "intro": intro, **extra},
        status=status,
    )


def _sent_page(request, *, title, lines):
    return render(request, "accounts/message.jinja", {"title": title, "lines": lines})


def _link_sent(request, line):
    """The "Check your email" page after a link is asked for: `line`, then how long it works."""
    return _sent_page(
        request,
        title="Check your email",
        lines=[line, f"The link works once, for {settings.ACCOUNT_LINK_DAYS} days."],
    )


def _too_many(request, refusal: RateLimited):
    return render(
        request,
        "accounts/message.jinja",
        {"title": "Too many requests", "lines": [refusal.message]},
        status=429,
    )


CHECK_EMAIL = (
    "If {email} can be used for a new account, we have sent a link to it to confirm the "
    "address. If it already has an account, we have sent it an email saying so instead.",
    "Check your inbox (and your spam folder). The link works once, for {days} days.",
)


@never_cache
@GET_POST
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = forms.RegisterForm(posted(request))
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.account_register(
                email=email,
                password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"],
                client=limits.client_key(request),
            )
        except RateLimited as refusal:
            return _too_many(request, refusal)
        return _sent_page(
            request,
            title="Check your email",
            lines=[
                line.format(email=email, days=settings.ACCOUNT_LINK_DAYS) for line in CHECK_EMAIL
            ],
        )
    return _form_page(
        request,
        title="Create an account",
        form=form,
        submit="Create account",
        intro=[
            "An account lets you book careers workshops, apply to mentoring schemes and follow "
            "your bookings, applications and matches. You do not need one to browse the career "
            "map.",
        ],
        after_form=[("Already have an account?", reverse("accounts:sign-in"), "Sign in")],
    )


def _link_refused(request, refusal, *, resend: str, resend_text: str):
    """A link the service refuses (expired, used, forged): "This link does not work" (410),
    with the page `resend` to ask for a new one."""
    return render(
        request,
        "accounts/message.jinja",
        {
            "title": "This link does not work",
            "lines": [refusal.message, "You can ask for a new link."],
            "action": (reverse(resend), resend_text),
        },
        status=410,
    )


def _opened_by_link(check, *, resend: str, resend_text: str):
    """For a page a one-time link opens: `check(uidb64=, token=)` checks the link and the view
    is called with the account it answers."""

    def decorate(view):
        @wraps(view)
        def page(request, uidb64, token):
            try:
                user = check(uidb64=uidb64, token=token)
            except services.AccountRefused as refusal:
                return _link_refused(request, refusal, resend=resend, resend_text=resend_text)
            return view(request, user)

        return page

    return decorate


def _confirmed_by_button(*, check, act, title, intro, submit, done, resend, resend_text):
    """A page a one-time confirmation link opens. Opening it only checks the link and shows a
    button; the press (a POST) acts. Mail scanners, common in NHS mail, open every link in a
    message before the reader does: if opening acted, they would use the link up and the reader
    would find "This link does not work"."""

    @never_cache
    @GET_POST
    def page(request, uidb64, token):
        try:
            if request.method == "POST":
                user = act(uidb64=uidb64, token=token)
            else:
                user = check(uidb64=uidb64, token=token)
                return _form_page(
                    request, title=title, form=Form(), submit=submit, intro=intro(user)
                )
        except services.AccountRefused as refusal:
            return _link_refused(request, refusal, resend=resend, resend_text=resend_text)
        return done(request)

    return page


def _account_confirmed(request):
    messages.success(request, "Your email address is confirmed. You can now sign in.")
    return redirect("accounts:sign-in")


confirm = _confirmed_by_button(
    check=services.account_confirm_user,
    act=services.account_confirm,
    title="Confirm your email address",
    intro=lambda user: [f"Confirm {user.email} as the address of your account."],
    submit="Confirm my email address",
    done=_account_confirmed,
    resend="accounts:confirm-resend",
    resend_text="Send a new confirmation link",
)


def _link_request_page(*, send, sent_line, title, submit, intro):
    """A page that asks for an address and emails a link to it, within the limits; the answer
    is the same whether or not the address has an account."""

    @never_cache
    @GET_POST
    def page(request):
        form = forms.EmailOnlyForm(posted(request))
        if request.method == "POST" and form.is_valid():
            email = form.cleaned_data["email"]
            try:
                send(email=email, client=limits.client_key(request))
            except RateLimited as refusal:
                return _too_many(request, refusal)
            return _link_sent(request, sent_line(email))
        return _form_page(request, title=title, form=form, submit=submit, intro=intro)

    return page


confirm_resend = _link_request_page(
    send=services.confirmation_resend,
    sent_line=lambda email: (
        f"If {email} has an account waiting for confirmation, we have sent a new link to it."
    ),
    title="Send a new confirmation link",
    submit="Send link",
    intro=["Give the address you registered with and we will send a new link."],
)

password_reset = _link_request_page(
    send=services.password_reset_request,
    sent_line=lambda email: (
        f"If {email} has an account, we have sent a link to it to reset the password."
    ),
    title="Reset your password",
    submit="Send reset link",
    intro=["Give your account's email address and we will send you a link."],
)


@never_cache
@GET_POST
@_opened_by_link(
    services.password_reset_user,
    resend="accounts:password-reset",
    resend_text="Send a new reset link",
)
def password_reset_confirm(request, user):
    form = forms.SetNewPasswordForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        services.password_set(user=user, password=form.cleaned_data["password"], reason="reset")
        messages.success(request, "Your password has been reset. You can now sign in.")
        return redirect("accounts:sign-in")
    return _form_page(request, title="Choose a new password", form=form, submit="Save password")


def _email_changed(request):
    messages.success(request, "Your new email address is confirmed.")
    return redirect("accounts:account" if request.user.is_authenticated else "accounts:sign-in")


email_confirm = _confirmed_by_button(
    check=services.email_change_user,
    act=services.email_change_confirm,
    title="Confirm your new email address",
    intro=lambda user: [f"Your account's email address will change to {user.pending_email}."],
    submit="Confirm new address",
    done=_email_changed,
    resend="accounts:email-change",
    resend_text="Ask again to change your email address",
)


# --- Signed in ------------------------------------------------------------------------------


@never_cache
@login_required
@require_safe
def account(request):
    return render(
        request,
        "accounts/account.jinja",
        {"title": "Your account", "refusals": services.account_deletion_refusals(by=request.user)},
    )


@never_cache
@login_required
@GET_POST
def password_change(request):
    form = forms.ChangePasswordForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        user = services.password_set(
            user=request.user, password=form.cleaned_data["password"], reason="changed"
        )
        update_session_auth_hash(request, user)
        messages.success(request, "Your password has changed.")
        return redirect("accounts:account")
    return _form_page(request, title="Change your password", form=form, submit="Change password")


@never_cache
@login_required
@GET_POST
def email_change(request):
    form = forms.ChangeEmailForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        new_email = form.cleaned_data["new_email"]
        try:
            services.email_change_request(
                by=request.user, new_email=new_email, client=limits.client_key(request)
            )
        except RateLimited as refusal:
            return _too_many(request, refusal)
        except services.AccountRefused as refusal:
            show_refusal(form, refusal, field="new_email")
        else:
            return _link_sent(
                request,
                f"If {new_email} can be used, we have sent a link to it. Your address changes "
                "when you follow that link.",
            )
    return _form_page(
        request,
        title="Change your email address",
        form=form,
        submit="Send confirmation link",
        intro=[f"Your email address is {request.user.email}."],
    )


@never_cache
@login_required
@GET_POST
def email_preferences(request):
    from accounts.mail import OPTIONAL_KEYS

    current = sorted(OPTIONAL_KEYS - set(request.user.email_opt_outs))
    form = forms.EmailPreferencesForm(posted(request), initial={"wanted": current})
    if request.method == "POST" and form.is_valid():
        services.email_preferences_set(by=request.user, wanted=form.cleaned_data["wanted"])
        messages.success(request, "Your email choices are saved.")
        return redirect("accounts:account")
    return _form_page(request, title="Choose your emails", form=form, submit="Save choices")


@never_cache
@login_required
@require_safe
def data_download(request, fmt):
    if fmt not in ("json", "csv"):
        raise Http404("The download is JSON or CSV")
    data = services.account_export(by=request.user)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(data, indent=2, default=str), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="my-data.json"'
        return response
    rows = [
        [section, number, name, value]
        for section, records in data.items()
        for number, record in enumerate(records, start=1)
        for name, value in record.items()
    ]
    return csv_response("my-data.csv", ["section", "record", "field", "value"], rows)


@never_cache
@login_required
@GET_POST
def account_delete(request):
    refusals = services.account_deletion_refusals(by=request.user)
    form = forms.DeleteAccountForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(by=request.user)
        except services.AccountRefused as refusal:
            show_refusal(form, refusal)
        else:
            logout(request)
            messages.success(request, "Your account has been deleted.")
            return redirect("home")
    return _form_page(
        request,
        title="Delete your account",
        form=form,
        submit="Delete my account",
        warning=True,
        intro=refusals
        or [
            "Your name, email address and what you wrote about yourself, or in a mentor "
            "community's discussions, are removed. Your matches, feedback and queries are kept "
            "without your name, for the schemes' figures.",
            "Your places on workshops to come are given up, so the next person waiting gets them.",
            "Download your data first if you want a copy.",
        ],
    )
