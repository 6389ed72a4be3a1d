"""The public referral pages: about the service, the two referral forms, the confirmation,
and the decline link a trainee is emailed when someone else referred them."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts import limits
from config.actions import GET_POST, show_refusal
from config.breadcrumbs import breadcrumbs, section
from config.rules import RateLimited, RuleBroken
from referrals import choices, declining, forms, services, submissions
from referrals.access import is_careers_staff
from referrals.views import caseload as staff

SENT_SALT = "referrals.sent"
SENT_MAX_AGE = 60 * 60  # seconds the confirmation link works


@never_cache
@require_safe
def index(request):
    """Careers staff see the caseload; everyone else the explanation of the service."""
    if is_careers_staff(request.user):
        return staff.caseload(request)
    return about(request)


@never_cache
@require_safe
def about(request):
    return render(
        request,
        "referrals/about.jinja",
        {
            "title": "Confidential careers support",
            "target_days": settings.REFERRALS_FIRST_CONTACT_TARGET_DAYS,
            "is_staff": is_careers_staff(request.user),
        },
    )


def _sent(source: str):
    """The confirmation page. Nothing is kept in the session: once the referral is stored,
    nothing else can fail before the sender is told (a session save failing after the commit
    used to answer 503 and invite a duplicate). The link carries only the kind of form, signed
    and short-lived, and the page is the same whatever happened to the referral."""
    token = signing.dumps(source, salt=SENT_SALT)
    return redirect(reverse("referrals:submitted") + "?" + urlencode({"sent": token}))


def _submit(request, form_class, source, template, title):
    form = form_class(request.POST or None)
    rate_limited = None
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            # Look the same as success to the bot; store and send nothing.
            return _sent(source)
        try:
            submissions.referral_submit(
                **submissions.answers(form.cleaned_data),
                source=source,
                site_url=request.build_absolute_uri("/"),
                client=limits.client_key(request),
            )
        except services.EmailLimitReached:
            # Answered exactly as a stored referral: no hint about the address's history.
            return _sent(source)
        except RateLimited as error:
            rate_limited = error.message
            form.add_error(None, rate_limited)
        except RuleBroken as refusal:  # any other refusal: on the form, with the input kept
            show_refusal(form, refusal)
        else:
            return _sent(source)
    return render(
        request,
        template,
        {
            "title": title,
            "form": form,
            "target_days": settings.REFERRALS_FIRST_CONTACT_TARGET_DAYS,
            "breadcrumbs": breadcrumbs(section("referrals:about", "Careers support")),
        },
        status=429 if rate_limited else 200,
    )


def _referral_form_page(form_class, source, template, title):
    """A public page with a referral form: sent, it becomes a referral from `source`."""

    @never_cache
    @GET_POST
    def page(request):
        return _submit(request, form_class, source, template, title)

    return page


self_referral = _referral_form_page(
    forms.ReferralForm,
    choices.SELF_WEB,
    "referrals/self_referral.jinja",
    "Refer yourself for careers support",
)
educator_referral = _referral_form_page(
    forms.EducatorReferralForm,
    choices.EDUCATOR_WEB,
    "referrals/educator_referral.jinja",
    "Refer a trainee for careers support",
)


@never_cache
@require_safe
def submitted(request):
    try:
        source = signing.loads(request.GET.get("sent", ""), salt=SENT_SALT, max_age=SENT_MAX_AGE)
    except signing.BadSignature:
        return redirect("referrals:about")
    return render(
        request,
        "referrals/submitted.jinja",
        {
            "title": "Referral sent",
            "sent": {"source": source},
            "target_days": settings.REFERRALS_FIRST_CONTACT_TARGET_DAYS,
        },
    )


@never_cache
@GET_POST
def decline(request, token):
    reference = declining.decline_reference(token)
    if reference is None:
        return render(
            request,
            "referrals/decline.jinja",
            {"title": "This link has expired or is not valid", "invalid": True},
            status=404,
        )
    if request.method == "POST":
        declined = declining.referral_decline(token=token)
        return render(
            request,
            "referrals/decline.jinja",
            {
                "title": "Referral declined" if declined else "Nothing to decline",
                "done": True,
                "declined": declined,
                "reference": reference,
            },
        )
    return render(
        request,
        "referrals/decline.jinja",
        {"title": "Decline the referral", "reference": reference},
    )
