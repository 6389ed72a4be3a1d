"""What the apps' admin classes share."""

from django.db import models

# A link typed without a scheme is read as https, as on the staff pages' forms (and Django
# 6's default): `formfield_overrides = HTTPS_LINKS` on an admin class with a URL field.
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyInAdmin:
    """For a model that only the services write (their rules, audit and emails apply): the
    admin shows its rows and adds, changes and deletes none. Put it before the admin base
    class: `class EmailAdmin(ReadOnlyInAdmin, admin.ModelAdmin)`."""

    formfield_overrides = HTTPS_LINKS  # its view pages still build the form, disabled

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WrittenByService:
    """For a model whose new records one service function writes (its rules, audit and emails
    apply): the admin's add page calls `service_write(request, obj, form)`, which answers the
    record that function wrote, and the admin goes on with that record (its log entry, the
    change page it opens). A change is saved as the admin saves it, unless `admin_saves` says
    otherwise. Put it before the admin base class:
    `class UserAdmin(WrittenByService, DjangoUserAdmin)`."""

    def admin_saves(self, form, change) -> bool:
        """Whether the admin saves the form itself instead of the service (a change, here)."""
        return change

    def service_write(self, request, obj, form):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        if self.admin_saves(form, change):
            return super().save_model(request, obj, form, change)
        made = self.service_write(request, obj, form)
        obj.pk = made.pk
        obj.refresh_from_db()
        obj._state.adding = False
