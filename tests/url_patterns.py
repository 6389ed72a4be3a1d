"""Every URL pattern of the project, found through the URL resolver (`project_patterns`), and the
admin's change list of every registered model (`admin_urls`): what the permission matrix, the
no-store, breadcrumb and browser sweeps walk."""

from __future__ import annotations

from django.contrib import admin
from django.urls import URLResolver, get_resolver, reverse


def project_patterns(resolver=None, namespace="", prefix=""):
    """(key, route) for every URL pattern, recursing into includes (the route is the whole
    route below the app's include, prefixes of nested includes too). Every pattern of the
    admin site is the one key "admin"."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            if inner == "admin":
                yield "admin", str(pattern.pattern)
                continue
            # An app's own include starts its routes; an include inside an app adds its prefix.
            within = prefix + str(pattern.pattern) if pattern.namespace is None else ""
            yield from project_patterns(pattern, inner, within)
        else:
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield ":".join(filter(None, [namespace, name])), prefix + str(pattern.pattern)


def admin_urls() -> dict[str, str]:
    return {
        model._meta.label: reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        )
        for model in admin.site._registry
    }
