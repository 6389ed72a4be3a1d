"""Helpers the mentoring pages share: breadcrumbs, the leader check, the form page."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from config.actions import acted, posted
from config.breadcrumbs import breadcrumbs, section
from mentoring.models import (
    Scheme,
)

# A mentoring page's trail: breadcrumbs(MENTORING, *steps) (Home, Mentoring, then steps).
MENTORING = section("mentoring:index", "Mentoring")


def _scheme_crumb(scheme):
    return (scheme.get_absolute_url(), scheme.name)


def _manage_crumb(scheme):
    return (reverse("mentoring:scheme-manage", args=[scheme.slug]), "Manage")


def _manage_crumbs(scheme, *steps):
    """A leader page's trail: Home, Mentoring, the scheme, Manage, then `steps`."""
    return breadcrumbs(MENTORING, _scheme_crumb(scheme), _manage_crumb(scheme), *steps)


def _leader_page(request, scheme, template, *, title, crumbs=(), **context):
    """A leader's page of the scheme: its title, the scheme and the Manage trail (then
    `crumbs`), with the page's own `context`."""
    return render(
        request,
        template,
        {
            "title": title,
            "scheme": scheme,
            "breadcrumbs": _manage_crumbs(scheme, *crumbs),
            **context,
        },
    )


def _managed_scheme(request, slug) -> Scheme:
    scheme = get_object_or_404(Scheme, slug=slug)
    if not scheme.is_managed_by(request.user):
        raise PermissionDenied
    return scheme


def _form_page(
    request, *, title, form, breadcrumbs, submit, intro=(), rows=(), cancel=None, **extra
):
    return render(
        request,
        "mentoring/form_page.jinja",
        {
            "title": title,
            "form": form,
            "breadcrumbs": breadcrumbs,
            "submit": submit,
            "intro": intro,
            "rows": rows,
            "cancel": cancel,
            **extra,
        },
    )


def _action_page(request, form, run, *, done, field=None, then=None, **page):
    """The one action pattern (config/actions.py `acted`) on a form page of its own: a
    redirect to `then` (a URL or a record; by default the record the service wrote), or the
    form page again (`page` for `_form_page`), with the refusal and what the person typed."""
    record = acted(request, form, run, done=done, field=field)
    if record:
        return redirect(record if then is None else then)
    return _form_page(request, form=form, **page)


def _offered_form(request, form_class, *, offered):
    """The form of an action on a record's own page, while the action is `offered` (a concern
    still open, say), else None; a POST always gets it, and goes to the service, whose refusal
    (closed already) becomes the form's error."""
    if offered or request.method == "POST":
        return form_class(posted(request))
    return None


def _not_now(request, reason, *, title, breadcrumbs, back):
    """The page for an action that cannot be taken now, asked for with GET: the workflow's
    reason and the way back (`back` is (href, text)); a POST goes to the service instead,
    whose refusal is a form error. None when there is no reason (the action is offered)."""
    if reason is None or request.method == "POST":
        return None
    return render(
        request,
        "mentoring/refused.jinja",
        {
            "title": title,
            "heading": "You cannot do this now",
            "reasons": [reason],
            "back": back,
            "breadcrumbs": breadcrumbs,
        },
    )
