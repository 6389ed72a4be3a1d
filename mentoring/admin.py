"""The Django admin for mentoring: for admins to look things up. Changes with rules in them
(matches, reviews, breaches) are made in the portal's pages, which go through the services."""

from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group

from accounts import roles
from config.admin import ReadOnlyInAdmin
from mentoring import services
from mentoring.models import (
    Concern,
    DataBreach,
    Enquiry,
    Feedback,
    Match,
    Participant,
    Scheme,
    SchemeProposal,
)


class SchemeAdminForm(forms.ModelForm):
    """On the add page, what `scheme_create` would refuse (a name in use in another letter
    case, a reserved web address name) is refused on the form, not with a server error."""

    def clean(self):
        data = super().clean()
        if not self.instance.pk and data.get("name") and data.get("slug"):
            refusals = services.scheme_name_refusals(name=data["name"], slug=data["slug"])
            for field, refusal in refusals.items():
                self.add_error(field, refusal)
        return data


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "match_length_months", "default_mentor_capacity"]
    list_filter = ["status"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["leaders"]
    form = SchemeAdminForm

    def save_model(self, request, obj, form, change):
        if not change:
            # A new scheme is set up by the one function for it; the admin then saves the
            # other fields of its form (and its leaders) on the record that function wrote.
            made = services.scheme_create(
                by=request.user,
                name=obj.name,
                slug=obj.slug,
                description=obj.description,
                aims=obj.aims,
                diversity_aims=obj.diversity_aims,
            )
            obj.pk, obj.created_at = made.pk, made.created_at
            obj._state.adding = False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # The leaders are saved here, after save_model; like set_up_scheme's, each joins the
        # scheme leaders' group.
        super().save_related(request, form, formsets, change)
        group, _ = Group.objects.get_or_create(name=roles.SCHEME_LEADERS)
        group.user_set.add(*form.instance.leaders.all())


@admin.register(SchemeProposal)
class SchemeProposalAdmin(admin.ModelAdmin):
    list_display = ["name", "proposer", "status", "submitted_at"]
    list_filter = ["status"]
    readonly_fields = ["proposer", "status", "reviewed_by", "reviewed_at", "scheme"]

    def has_add_permission(self, request):
        # Members propose schemes on the portal (proposals.proposal_submit); the admin's form
        # has no proposer to give a proposal, which the database requires.
        return False


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyInAdmin, admin.ModelAdmin):
    list_display = ["user", "scheme", "role", "status", "applied_at"]
    list_filter = ["scheme", "role", "status"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user", "scheme"]
    raw_id_fields = ["user"]


@admin.register(Match)
class MatchAdmin(ReadOnlyInAdmin, admin.ModelAdmin):
    # Matches are proposed through the services, which guard capacity.
    list_display = ["__str__", "scheme", "status", "score", "proposed_at"]
    list_filter = ["scheme", "status"]
    list_select_related = ["mentor__user", "mentee__user", "scheme"]


@admin.register(Enquiry)
class EnquiryAdmin(ReadOnlyInAdmin, admin.ModelAdmin):
    pass


@admin.register(Concern)
class ConcernAdmin(ReadOnlyInAdmin, admin.ModelAdmin):
    pass


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyInAdmin, admin.ModelAdmin):
    pass


@admin.register(DataBreach)
class DataBreachAdmin(admin.ModelAdmin):
    list_display = ["__str__", "scheme", "discovered_at", "careers_team_notified_at"]

    def has_add_permission(self, request):
        # Breaches are recorded on the portal (concerns.breach_record), which tells the
        # careers team; a record added here would skip that.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
