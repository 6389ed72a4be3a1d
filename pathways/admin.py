"""The career map in the Django admin: role editors and superusers only, with history and
revert (django-simple-history), validation, and a list of roles due for review."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from accounts.roles import ROLE_EDITORS
from config.admin import HTTPS_LINKS, ReadOnlyInAdmin
from pathways.models import (
    EntryRoute,
    Gain,
    Link,
    PayBand,
    Qualification,
    Requirement,
    RequirementOption,
    Role,
    RoleReviewDue,
    RoleSource,
    SearchSynonym,
    Setting,
    SlugHistory,
    SourceCheck,
    StartingPoint,
    StartingPointHolds,
    StudyStep,
    WaitingRule,
)
from pathways.sources import KINDS, source_report


def is_role_editor(user) -> bool:
    return bool(
        user.is_active and user.is_staff and (user.is_superuser or user.in_group(ROLE_EDITORS))
    )


class RoleEditorsOnly:
    """Whatever permissions a staff user holds, only role editors and superusers see the map."""

    formfield_overrides = HTTPS_LINKS

    def has_module_permission(self, request):
        return is_role_editor(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_role_editor(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_role_editor(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_role_editor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_role_editor(request.user) and super().has_delete_permission(request, obj)


class HistoryAdmin(SimpleHistoryAdmin):
    """simple_history's admin, whose version page saves a posted form (a revert, or any
    change typed into it) for anyone who may view the record: saving it is a change, and
    takes the right to change the record."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            record = self.get_object(request, unquote(object_id))
            if not self.has_change_permission(request, record):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReportForRoleEditors(ReadOnlyInAdmin):
    """An admin page that only reports on the map: role editors who may view roles read it,
    and nobody adds, changes or deletes through it."""

    def has_view_permission(self, request, obj=None):
        return is_role_editor(request.user) and request.user.has_perm("pathways.view_role")

    def has_module_permission(self, request):
        return self.has_view_permission(request)


class StableSlugMixin:
    """Slugs are part of public URLs and open data: set once, then read-only."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "slug"] if obj is not None else fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else {"slug": ("name",)}


@admin.register(PayBand)
class PayBandAdmin(RoleEditorsOnly, HistoryAdmin):
    """Every pay year's bands (pages read the latest year; earlier years are kept)."""

    list_display = ["name", "code", "min_pay", "max_pay", "pay_year", "checked_on", "unchecked"]
    list_filter = ["pay_year"]
    ordering = ["-pay_year", "order"]

    def get_queryset(self, request):
        return PayBand.every_year.all()


class RoleSourceInline(RoleEditorsOnly, admin.TabularInline):
    model = RoleSource
    extra = 1


class RequirementInline(RoleEditorsOnly, admin.TabularInline):
    """A role's, entry route's, link's or study step's requirements; the options (what meets
    each one) are edited on the requirement's own page."""

    model = Requirement
    extra = 0
    fields = ["options_summary", "note", "source_url", "checked_on", "edit_link"]
    readonly_fields = ["options_summary", "edit_link"]

    @admin.display(description="Met by any of")
    def options_summary(self, obj):
        if obj.pk is None:
            return "Save first, then add what meets it."
        return "; ".join(str(option) for option in obj.options.all()) or "Nothing yet"

    @admin.display(description="Edit")
    def edit_link(self, obj):
        if obj.pk is None:
            return ""
        url = reverse("admin:pathways_requirement_change", args=[obj.pk])
        return format_html('<a href="{}">Edit what meets it</a>', url)


class GainInline(RoleEditorsOnly, admin.TabularInline):
    model = Gain
    extra = 0
    fields = ["qualification", "source_url", "checked_on"]


# The role page in the admin, section by section; the role form edits these fields and no others.
ROLE_FIELDSETS = [
    (None, {"fields": ["name", "slug", "status", "profession_group", "also_known_as"]}),
    ("About the role", {"fields": ["summary", "work", "settings", "entry_requirements"]}),
    (
        "Pay",
        {"fields": ["band_min", "band_max", "trainee_band", "other_pay", "pay_note"]},
    ),
    ("Registration", {"fields": ["regulator", "registration"]}),
    ("Review", {"fields": ["unchecked", "reviewed_on"]}),
]


class RoleForm(forms.ModelForm):
    settings = forms.MultipleChoiceField(
        choices=Setting.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Role
        fields = [field for _, section in ROLE_FIELDSETS for field in section["fields"]]


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Last reviewed over 12 months ago")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.review_overdue(timezone.localdate())
        return queryset


@admin.register(Role)
class RoleAdmin(RoleEditorsOnly, StableSlugMixin, HistoryAdmin):
    form = RoleForm
    list_display = ["name", "slug", "status", "profession_group", "band_min", "reviewed_on"]
    list_filter = ["status", "profession_group", ReviewDueFilter]
    search_fields = ["name", "slug", "also_known_as"]
    inlines = [RoleSourceInline, RequirementInline, GainInline]
    fieldsets = ROLE_FIELDSETS


@admin.register(RoleReviewDue)
class RoleReviewDueAdmin(ReportForRoleEditors, admin.ModelAdmin):
    """Roles whose facts were last reviewed more than 12 months ago, oldest first."""

    list_display = ["name", "reviewed_on", "status", "edit_link"]
    ordering = ["reviewed_on", "name"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).review_overdue(timezone.localdate())

    @admin.display(description="Edit")
    def edit_link(self, obj):
        url = reverse("admin:pathways_role_change", args=[obj.pk])
        return format_html('<a href="{}">Review {}</a>', url, obj.name)


class HoldsInline(RoleEditorsOnly, admin.TabularInline):
    model = StartingPointHolds
    extra = 1
    verbose_name = "what a person here holds at the start"
    verbose_name_plural = "what a person here holds at the start"


@admin.register(StartingPoint)
class StartingPointAdmin(RoleEditorsOnly, StableSlugMixin, HistoryAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "slug"]
    inlines = [HoldsInline]


@admin.register(EntryRoute)
class EntryRouteAdmin(RoleEditorsOnly, StableSlugMixin, HistoryAdmin):
    list_display = ["name", "kind", "length_months", "salaried", "funding", "training_band"]
    list_filter = ["kind", "salaried", "funding"]
    search_fields = ["name", "slug"]
    inlines = [RequirementInline, GainInline]


@admin.register(Qualification)
class QualificationAdmin(RoleEditorsOnly, StableSlugMixin, HistoryAdmin):
    list_display = ["name", "slug", "kind", "every_role_gives", "checked_on"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]


@admin.register(StudyStep)
class StudyStepAdmin(RoleEditorsOnly, StableSlugMixin, HistoryAdmin):
    list_display = ["name", "months", "funding", "leads_to", "checked_on"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["available_from", "gains", "not_for"]
    inlines = [RequirementInline]


class RequirementOptionInline(RoleEditorsOnly, admin.TabularInline):
    model = RequirementOption
    extra = 1
    verbose_name = "way to meet it"
    verbose_name_plural = "ways to meet it (any one is enough)"


@admin.register(Requirement)
class RequirementAdmin(RoleEditorsOnly, HistoryAdmin):
    list_display = ["__str__", "owner_kind", "checked_on", "source_url"]
    list_filter = ["checked_on"]
    search_fields = ["note", "role__name", "entry_route__name", "study_step__name"]
    autocomplete_fields = ["role", "entry_route", "link"]
    list_select_related = ["role", "entry_route", "study_step", "link__to_role"]
    inlines = [RequirementOptionInline]

    @admin.display(description="For")
    def owner_kind(self, obj):
        if obj.role_id:
            return "Role"
        if obj.entry_route_id:
            return "Entry route"
        if obj.link_id:
            return "Link"
        return "Study step"


@admin.register(SearchSynonym)
class SearchSynonymAdmin(RoleEditorsOnly, HistoryAdmin):
    list_display = ["term", "means", "note"]
    search_fields = ["term", "means"]


@admin.register(SlugHistory)
class SlugHistoryAdmin(RoleEditorsOnly, admin.ModelAdmin):
    list_display = ["old_slug", "role", "starting_point", "created_at"]
    search_fields = ["old_slug"]
    autocomplete_fields = ["role", "starting_point"]


@admin.register(Link)
class LinkAdmin(RoleEditorsOnly, HistoryAdmin):
    list_display = ["__str__", "kind", "entry_route", "min_experience_months"]
    list_filter = ["kind"]
    search_fields = ["from_role__name", "from_start__name", "to_role__name"]
    autocomplete_fields = ["from_role", "from_start", "to_role", "entry_route"]
    list_select_related = ["from_role", "from_start", "to_role", "entry_route"]


@admin.register(WaitingRule)
class WaitingRuleAdmin(RoleEditorsOnly, HistoryAdmin):
    list_display = ["name", "wait_months", "funded_only", "active"]
    filter_horizontal = ["after_routes", "before_routes"]


@admin.register(SourceCheck)
class SourceCheckAdmin(ReportForRoleEditors, admin.ModelAdmin):
    """One page listing what `manage.py check_sources` reports, each with a link to fix it."""

    change_list_template = "admin/pathways/source_check.html"

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = source_report(today=timezone.localdate())
        groups = [(label, report.by_kind(kind)) for kind, label in KINDS.items()]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Source check",
            "report": report,
            "groups": groups,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.change_list_template, context)
