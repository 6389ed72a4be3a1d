"""What the apps' admin classes share."""


class ReadOnlyInAdmin:
    """For a model that only the services write (their rules, audit and emails apply): the
    admin shows its rows and adds, changes and deletes none. Put it before the admin base
    class: `class EmailAdmin(ReadOnlyInAdmin, admin.ModelAdmin)`."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
