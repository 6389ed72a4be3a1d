"""The Django admin never answers a server error for a staff user who holds only some of a
model's permissions. For every registered model, a staff user holding exactly one of its view,
add, change and delete permissions (then view with add, and view with change)
gets every page of the model's admin (the list and its actions, the add page, a real record's
change, delete and history pages, the history's version page, autocomplete, the password
page) as the admin's own permission checks say: the page, or a 403. The add, change and delete
forms, posted as they are shown, save (the services behind the admin check the permission
that matches what is being done) or answer 403 to a user who may not; and the admin never
allows more than the permissions held.

One record of each model is made once for the module (tests/hostile/admin_records.py). Each
user's requests run in a savepoint rolled back after them, so that one user's saves and
deletes are not the next one's. The role editors' group holds no permissions here, and the
career map's users are role editors (its admin is for them only), so that they too hold
exactly the permissions given."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts import roles
from tests.factories import PASSWORD, UserFactory
from tests.hostile.admin_records import admin_records
from tests.hostile.forms import as_submitted
from tests.world import rolled_back

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
PERMISSION_SETS = [("view",), ("add",), ("change",), ("delete",), ("view", "add")]
PERMISSION_SETS += [("view", "change")]
# What a form needs that it does not show filled in: a new account's password.
TYPED = {"accounts.User": {"password1": PASSWORD, "password2": PASSWORD}}
# The admin's pages of a model, by URL name (after "<app>_<model>_"), that the walk requests.
WALKED = {"changelist", "add", "change", "delete", "history", "simple_history"}
WALKED |= {"auth_user_password_change"}


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker):
    def make():
        Group.objects.get_or_create(name=roles.ROLE_EDITORS)[0].permissions.clear()
        return admin_records(), UserFactory(is_staff=True, is_superuser=True)

    with rolled_back(django_db_blocker, make) as built:
        yield built


def test_the_walk_requests_every_page_of_every_models_admin():
    """An admin page added later (a custom URL) is walked too, once it is added here."""
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        names = {url.name.removeprefix(prefix) for url in model_admin.get_urls() if url.name}
        assert names <= WALKED, (model._meta.label, names - WALKED)


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_partial_permissions_get_their_pages_or_a_403_never_a_server_error(made, model):
    records, superuser = made
    assert model._meta.label in records, "make one in tests/hostile/admin_records.py"
    walk = _Walk(model, records[model._meta.label], superuser)
    problems, walked = [], set()
    for held in PERMISSION_SETS:
        with transaction.atomic():
            user = _staff_holding(model, held)
            may = _May(walk.model_admin, walk.record, user)
            problems += [f"{held}: the admin allows {what}" for what in may.beyond(held)]
            # Users the admin answers alike in every check (change alone and view with change;
            # add alone and delete alone where the admin is read-only) get the same pages.
            if may.key() not in walked:
                walked.add(may.key())
                problems += [f"{held}: {problem}" for problem in walk.as_user(user, may)]
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)


def _staff_holding(model, held):
    opts = model._meta
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    codenames = [get_permission_codename(action, opts) for action in held]
    permissions = Permission.objects.filter(content_type=content_type, codename__in=codenames)
    assert len(permissions) == len(held), (opts.label, held)
    user = UserFactory(
        is_staff=True, roles=[roles.ROLE_EDITORS] if opts.app_label == "pathways" else []
    )
    user.user_permissions.add(*permissions)
    return user


def _request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


class _May:
    """What the model's admin says the user may do with the record."""

    def __init__(self, model_admin, record, user):
        request = _request_for(user)
        self.list = model_admin.has_view_or_change_permission(request)
        self.view = model_admin.has_view_or_change_permission(request, record)
        self.add = model_admin.has_add_permission(request)
        self.change = model_admin.has_change_permission(request, record)
        self.delete = model_admin.has_delete_permission(request, record)

    def key(self) -> tuple[bool, ...]:
        return (self.list, self.view, self.add, self.change, self.delete)

    def beyond(self, held) -> list[str]:
        """What the admin allows that the permissions held do not allow."""
        needs = {"list": {"view", "change"}, "view": {"view", "change"}, "add": {"add"}}
        needs |= {"change": {"change"}, "delete": {"delete"}}
        return [what for what in needs if getattr(self, what) and not needs[what] & set(held)]


class _Walk:
    """Every page of one model's admin, for one user after another."""

    def __init__(self, model, record, superuser):
        self.model, self.record, self.opts = model, record, model._meta
        self.model_admin = admin.site._registry[model]
        self.form_id = f"{self.opts.model_name}_form"
        self.superuser = superuser
        self.seen = {}

    def url(self, name, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def as_user(self, user, may) -> list[str]:
        """What went wrong, if anything."""
        model_admin, record, opts = self.model_admin, self.record, self.opts
        problems: list[str] = []
        client = Client()
        client.raise_request_exception = False
        client.force_login(user)

        def check(method, url, expected, data=None):
            response = getattr(client, method)(url, data or {})
            expected = {expected} if isinstance(expected, int) else expected
            if response.status_code not in expected:
                problems.append(
                    f"{method.upper()} {url}: {response.status_code}, not {expected}"
                    + _errors(response)
                )
            return response

        def page_or_403(allowed):
            return 200 if allowed else 403

        def saved_or_403(allowed):
            return 302 if allowed else 403

        check("get", reverse("admin:app_list", args=[opts.app_label]), self.app_index(user))
        check("get", self.url("changelist"), page_or_403(may.list))
        for action in model_admin.get_actions(_request_for(self.superuser)):
            data = {"action": action, "_selected_action": [record.pk], "index": "0"}
            check("post", self.url("changelist"), {200, 302} if may.list else 403, data)

        change = self.url("change", record.pk)
        change_data = self.shown(check("get", change, page_or_403(may.view)), change)
        add_data = self.shown(check("get", self.url("add"), page_or_403(may.add)), self.url("add"))
        check("get", self.url("history", record.pk), page_or_403(may.view))
        typed = TYPED.get(opts.label, {})

        if "simple_history" in self.page_names():
            version = record.history.order_by("history_id").last().history_id
            version_url = self.url("simple_history", record.pk, version)
            version_page = check("get", version_url, page_or_403(may.view))
            history_form = f"{record.history.model._meta.model_name}_form"
            version_data = self.shown(version_page, version_url, history_form)
            check("post", version_url, saved_or_403(may.change), version_data)
        for field in model_admin.autocomplete_fields:
            remote = opts.get_field(field).remote_field.model
            query = {"app_label": opts.app_label, "model_name": opts.model_name}
            query |= {"field_name": field, "term": ""}
            allowed = admin.site._registry[remote].has_view_permission(_request_for(user))
            autocomplete = f"{reverse('admin:autocomplete')}?{urlencode(query)}"
            check("get", autocomplete, page_or_403(allowed))
        if "auth_user_password_change" in self.page_names():
            password = reverse("admin:auth_user_password_change", args=[record.pk])
            check("get", password, page_or_403(may.change))
            data = {"usable_password": "true"} | typed
            check("post", password, saved_or_403(may.change), data)

        check("post", change, saved_or_403(may.change), change_data | typed)

        delete = self.url("delete", record.pk)
        check("get", delete, page_or_403(may.delete))
        with transaction.atomic():
            check("post", delete, self.deleted_or_not(user) if may.delete else 403, {"post": "yes"})
            transaction.set_rollback(True)

        # A new record filled in as the record's own change page shows it, with the record
        # gone (its row deleted in this savepoint) so that nothing unique of it is taken:
        # data the admin accepts, for every model, without listing each model's fields.
        own = self.record_as_shown()
        data = add_data | {name: values for name, values in own.items() if name in add_data}
        _forget(record)
        check("post", self.url("add"), saved_or_403(may.add), data | typed)
        return problems

    def page_names(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}_"
        return {url.name.removeprefix(prefix) for url in self.model_admin.get_urls() if url.name}

    def shown(self, response, url, form_id=None):
        """The admin form's data as the page shows it; as a superuser's page shows it when the
        user is refused the page (what they would post anyway)."""
        if response.status_code == 200:
            return as_submitted(response.content.decode(), form_id or self.form_id)
        return self.superusers(url, form_id or self.form_id)

    def superusers(self, url, form_id):
        """The form as a superuser's page shows it, fetched once per walk."""
        if (url, form_id) not in self.seen:
            client = Client()
            client.force_login(self.superuser)
            self.seen[url, form_id] = as_submitted(client.get(url).content.decode(), form_id)
        return self.seen[url, form_id]

    def record_as_shown(self):
        """The record's own fields as its change page shows them to a superuser (the main
        form's, not its inlines'), and those the page does not show for editing (a slug
        set once) as the record holds them."""
        shown = self.superusers(self.url("change", self.record.pk), self.form_id)
        data = {name: values for name, values in shown.items() if "-" not in name}
        for field in self.opts.concrete_fields:
            value = getattr(self.record, field.attname)
            if field.name not in data and not field.is_relation and value not in (None, ""):
                data[field.name] = [str(value)]
        return data

    def app_index(self, user):
        """The app's page lists the models the user may do anything with, or is not found."""
        request = _request_for(user)
        shown = any(
            model_admin.has_module_permission(request)
            and any(model_admin.get_model_perms(request).values())
            for model, model_admin in admin.site._registry.items()
            if model._meta.app_label == self.opts.app_label
        )
        return 200 if shown else 404

    def deleted_or_not(self, user):
        """A delete is done (302), or the page says what protects the record (200), or it is
        refused for the related records the user may not delete (403)."""
        _deleted, _counts, perms_needed, protected = self.model_admin.get_deleted_objects(
            [self.record], _request_for(user)
        )
        return 200 if protected else 403 if perms_needed else 302


def _forget(record) -> None:
    opts = record._meta.concrete_model._meta
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{opts.db_table}" WHERE "{opts.pk.column}" = %s', [record.pk])


def _errors(response) -> str:
    """The errors a form page shows, to say why it did not save."""
    context = response.context or {}
    if "adminform" not in context:
        return ""
    errors = dict(context["adminform"].form.errors)
    for inline in context.get("inline_admin_formsets", []):
        errors |= {inline.formset.prefix: inline.formset.errors + inline.formset.non_form_errors()}
    return f" {errors}"
