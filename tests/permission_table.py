"""The permission matrix's table: what every kind of user gets from every URL pattern of the
project (EXPECTED, and ADMIN_CHANGELISTS for the admin), real arguments for each pattern
(`url_arguments`), the object-level checks across schemes and people (OBJECT_CHECKS), and the
confidential pages that must give no hint whether a record exists (NO_HINT_PAGES, REFUSED).

The walk that checks them is tests/test_permission_matrix.py; the no-store, breadcrumb and
browser sweeps read the same table."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.urls import reverse

from referrals.views.actions import ACTION_PATHS
from tests.world import USER_KINDS

# --- Outcomes -------------------------------------------------------------------------------

OK = 200
DENIED = 403  # signed in without the right: the 403 page
MISSING = 404  # not in the user's queryset: the 404 page
NOT_ALLOWED = 405  # a POST-only URL asked for with GET
LOGIN = "sign in"  # 302 to the portal's sign-in page, next= this page
ADMIN_LOGIN = "admin sign in"  # 302 to the admin's sign-in page, next= this page


@dataclass(frozen=True)
class Redirect:
    """302 to another page: `to` is a URL name, reversed with the row's own arguments when
    `same_args`."""

    to: str
    same_args: bool = False
    target: str = ""  # the path, once reversed

    def __str__(self):
        return f"302 to {self.to}"

    def resolved(self, arguments) -> Redirect:
        return replace(self, target=reverse(self.to, kwargs=arguments if self.same_args else None))


# Columns: one per user kind, in this order.
assert USER_KINDS == (
    "anonymous",
    "member",
    "careers_staff",
    "careers_manager",
    "scheme_leader",
    "role_editor",
    "survey_analyst",
    "superuser",
)
L, A = LOGIN, ADMIN_LOGIN
#                anon  member careers manager leader editor analyst super
PUBLIC = (OK, OK, OK, OK, OK, OK, OK, OK)
SIGNED_IN = (L, OK, OK, OK, OK, OK, OK, OK)
CAREERS = (L, 403, OK, OK, 403, 403, 403, 403)  # superusers are not careers staff by flag
# One referral's pages: 404 for everyone outside the careers team, as for a missing reference.
ONE_REFERRAL = (L, 404, OK, OK, 404, 404, 404, 404)
REFERRALS_MANAGERS = (L, 403, 403, OK, 403, 403, 403, 403)
ANALYSTS = (L, 403, 403, 403, 403, 403, OK, OK)  # superusers count as analysts
LEADERS_OF_A = (L, 403, 403, 403, OK, 403, 403, OK)  # scheme A's leaders and admins
IN_SCHEME_A = (L, 404, 404, 404, OK, 404, 404, OK)  # records in scheme A (visible_to)
PARTICIPANTS_ONLY = (L, 404, 404, 404, 403, 404, 404, 403)  # the match's two people only
ADMINS = (A, A, A, A, A, 403, A, OK)  # admin pages: staff flag, then model permissions
EDITORS_AND_ADMINS = (A, A, A, A, A, OK, A, OK)
SUPPORT_STAFF = (L, 403, OK, OK, 403, 403, 403, OK)  # careers staff and superusers

EXPECTED: dict[str, tuple] = {
    # Site pages and accounts.
    "home": PUBLIC,
    "accessibility": PUBLIC,
    "privacy": PUBLIC,
    "accounts:sign-in": (OK, *[Redirect("home")] * 7),
    "accounts:sign-out": PUBLIC,  # a confirmation page; only POST signs out
    "accounts:register": (OK, *[Redirect("accounts:account")] * 7),
    "accounts:confirm": (410,) * 8,  # a forged link: "this link does not work", for anyone
    "accounts:confirm-resend": PUBLIC,
    "accounts:password-reset": PUBLIC,
    "accounts:password-reset-confirm": (410,) * 8,
    "accounts:email-confirm": (410,) * 8,
    "accounts:account": SIGNED_IN,
    "accounts:password-change": SIGNED_IN,
    "accounts:email-change": SIGNED_IN,
    "accounts:email-preferences": SIGNED_IN,
    "accounts:data-download": SIGNED_IN,
    "accounts:account-delete": SIGNED_IN,
    # Career map: all public.
    "pathways:index": PUBLIC,
    "pathways:role-detail": PUBLIC,
    "pathways:map": PUBLIC,
    "pathways:route-finder": PUBLIC,
    "pathways:routes-json": PUBLIC,
    "pathways:export-json": PUBLIC,
    "pathways:export-csv": PUBLIC,
    "pathways:open-data": PUBLIC,
    # Graduate aspirations: published reports public, raw data for analysts.
    "careers:index": PUBLIC,
    "careers:trends": PUBLIC,
    "careers:wave-report": PUBLIC,
    "careers:wave-download": PUBLIC,
    "careers:wave-download-xlsx": PUBLIC,
    "careers:wave-preview": (405,) * 8,  # POST only, refused before anything else
    "careers:wave-publish": (405,) * 8,
    "careers:wave-withdraw": (405,) * 8,
    "careers:import": ANALYSTS,
    "careers:import-list": ANALYSTS,
    "careers:import-detail": ANALYSTS,
    "careers:import-problems": ANALYSTS,
    "careers:import-retry": (405,) * 8,  # POST only, refused before anything else
    "careers:wave-unrounded": ANALYSTS,
    "careers:wave-responses": ANALYSTS,
    "careers:wave-delete": ANALYSTS,
    # Equity of entry and progression: the pages public, imports and editing for analysts.
    "careers:equity:index": PUBLIC,
    "careers:equity:entry-programme": PUBLIC,
    "careers:equity:entry-report": PUBLIC,
    "careers:equity:entry-download": PUBLIC,
    "careers:equity:entry-trends": PUBLIC,
    "careers:equity:workforce": PUBLIC,
    "careers:equity:plans": PUBLIC,
    "careers:equity:pipeline": PUBLIC,
    "careers:equity:recommendation-list": PUBLIC,
    "careers:equity:recommendation-detail": PUBLIC,
    "careers:equity:reference-edit": ANALYSTS,
    "careers:equity:recommendation-new": ANALYSTS,
    "careers:equity:recommendation-edit": ANALYSTS,
    "careers:equity:recommendation-history": ANALYSTS,
    "careers:equity:action-new": ANALYSTS,
    "careers:equity:action-edit": ANALYSTS,
    "careers:equity:action-progress": ANALYSTS,
    "careers:equity:import": ANALYSTS,
    "careers:equity:import-list": ANALYSTS,
    "careers:equity:import-detail": ANALYSTS,
    # Mentoring.
    "mentoring:index": PUBLIC,
    "mentoring:scheme-detail": PUBLIC,
    "mentoring:find-mentor": PUBLIC,
    "mentoring:membership-decide": LEADERS_OF_A,
    "mentoring:proposal-create": SIGNED_IN,
    "mentoring:proposal-list": SIGNED_IN,  # each sees their own; admins all
    "mentoring:proposal-detail": (L, 404, 404, 404, 404, 404, 404, OK),  # the proposer, admins
    "mentoring:proposal-edit": (L, 404, 404, 404, 404, 404, 404, 403),  # the proposer only
    "mentoring:mine": SIGNED_IN,
    "mentoring:apply": SIGNED_IN,
    "mentoring:enquiry-create": (L, *[DENIED] * 7),  # people taking part in the scheme only
    "mentoring:participant-detail": IN_SCHEME_A,
    "mentoring:participant-preparation": IN_SCHEME_A,
    "mentoring:participant-availability": (L, *[NOT_ALLOWED] * 7),  # POST only
    "mentoring:participant-withdraw": IN_SCHEME_A,
    "mentoring:match-detail": IN_SCHEME_A,
    "mentoring:match-respond": PARTICIPANTS_ONLY,
    "mentoring:match-meeting": PARTICIPANTS_ONLY,
    "mentoring:match-progress": PARTICIPANTS_ONLY,
    "mentoring:match-end": IN_SCHEME_A,  # the two people or the scheme's leaders
    "mentoring:match-extend": PARTICIPANTS_ONLY,
    "mentoring:match-extension-agree": (L, *[NOT_ALLOWED] * 7),  # POST only
    "mentoring:match-feedback": PARTICIPANTS_ONLY,
    "mentoring:match-concern": PARTICIPANTS_ONLY,
    "mentoring:enquiry-detail": IN_SCHEME_A,
    "mentoring:scheme-manage": LEADERS_OF_A,
    "mentoring:dashboard-csv": LEADERS_OF_A,
    "mentoring:scheme-edit": LEADERS_OF_A,
    "mentoring:participant-list": LEADERS_OF_A,
    "mentoring:match-list": LEADERS_OF_A,
    "mentoring:cohort": LEADERS_OF_A,
    "mentoring:mentee-suggestions": LEADERS_OF_A,
    "mentoring:enquiry-list": LEADERS_OF_A,
    "mentoring:concern-list": LEADERS_OF_A,
    "mentoring:concern-detail": LEADERS_OF_A,
    "mentoring:breach-list": LEADERS_OF_A,
    "mentoring:breach-create": LEADERS_OF_A,
    "mentoring:guidance-list": LEADERS_OF_A,
    "mentoring:guidance-edit": LEADERS_OF_A,
    "mentoring:guidance-version": LEADERS_OF_A,
    # The mentor community: scheme A's active mentors (OBJECT_CHECKS), leaders and admins.
    "mentoring:community": LEADERS_OF_A,
    "mentoring:community-post-create": LEADERS_OF_A,
    "mentoring:community-post": LEADERS_OF_A,
    # Careers-support referrals: public forms; everything else careers staff only.
    "referrals:index": PUBLIC,  # the caseload for careers staff, the explanation for others
    "referrals:about": PUBLIC,
    "referrals:new": PUBLIC,
    "referrals:new-educator": PUBLIC,
    "referrals:submitted": (Redirect("referrals:about"),) * 8,  # nothing sent in this session
    "referrals:decline": PUBLIC,  # with a valid signed token
    "referrals:log": CAREERS,
    "referrals:caseload-csv": CAREERS,
    "referrals:report": CAREERS,
    "referrals:report-csv": CAREERS,
    "referrals:audit": REFERRALS_MANAGERS,
    "referrals:service-list": CAREERS,
    "referrals:service-new": CAREERS,
    "referrals:service-edit": CAREERS,
    "referrals:detail": ONE_REFERRAL,
    "referrals:action-triage": ONE_REFERRAL,
    "referrals:action-allocate": ONE_REFERRAL,
    "referrals:action-first-contact": ONE_REFERRAL,
    "referrals:action-session": ONE_REFERRAL,
    "referrals:action-plan": ONE_REFERRAL,
    "referrals:action-signpost": ONE_REFERRAL,
    "referrals:action-return": ONE_REFERRAL,
    "referrals:action-close": ONE_REFERRAL,
    "referrals:action-reopen": ONE_REFERRAL,
    "referrals:action-edit": ONE_REFERRAL,
    "referrals:action-sharing": ONE_REFERRAL,
    "referrals:action-update": ONE_REFERRAL,
    # Careers workshops and resources: public pages; a booking's pages for its booker only;
    # careers staff pages (superusers too: workshop data is not referral data).
    "support:index": PUBLIC,
    "support:workshop-list": PUBLIC,
    "support:workshop-detail": PUBLIC,
    "support:workshop-book": (L, *[NOT_ALLOWED] * 7),  # POST only
    "support:my-bookings": SIGNED_IN,
    "support:booking-calendar": (L, *[MISSING] * 7),  # someone else's booking
    "support:booking-cancel": (L, *[MISSING] * 7),
    "support:feedback": (L, *[MISSING] * 7),
    "support:manage": SUPPORT_STAFF,
    "support:workshop-new": SUPPORT_STAFF,
    "support:workshop-edit": SUPPORT_STAFF,
    "support:session-new": SUPPORT_STAFF,
    "support:session-detail": SUPPORT_STAFF,
    "support:session-edit": SUPPORT_STAFF,
    "support:session-cancel": SUPPORT_STAFF,
    "support:attendance": SUPPORT_STAFF,
    "support:report": SUPPORT_STAFF,
    "support:report-csv": SUPPORT_STAFF,
    "support:resource-list": PUBLIC,
    "support:trainers": PUBLIC,
    "support:resource-review": SUPPORT_STAFF,
    "support:resource-new": SUPPORT_STAFF,
    "support:resource-detail": PUBLIC,
    "support:resource-edit": SUPPORT_STAFF,
    "support:resource-document": PUBLIC,
    # The Django admin, as one group: its index here, each model's change list below.
    "admin": (A, A, A, A, A, OK, A, OK),
}

# The change list of every model registered in the admin.
ADMIN_CHANGELISTS: dict[str, tuple] = {
    "auth.Group": ADMINS,
    "accounts.User": ADMINS,
    "axes.AccessAttempt": ADMINS,
    "axes.AccessLog": ADMINS,
    "axes.AccessFailureLog": ADMINS,
    "django_tasks_database.DBTaskResult": ADMINS,
    "pathways.PayBand": EDITORS_AND_ADMINS,
    "pathways.Role": EDITORS_AND_ADMINS,
    "pathways.RoleReviewDue": EDITORS_AND_ADMINS,
    "pathways.SourceCheck": EDITORS_AND_ADMINS,
    "pathways.Qualification": EDITORS_AND_ADMINS,
    "pathways.Requirement": EDITORS_AND_ADMINS,
    "pathways.StudyStep": EDITORS_AND_ADMINS,
    "pathways.SearchSynonym": EDITORS_AND_ADMINS,
    "pathways.SlugHistory": EDITORS_AND_ADMINS,
    "pathways.StartingPoint": EDITORS_AND_ADMINS,
    "pathways.EntryRoute": EDITORS_AND_ADMINS,
    "pathways.Link": EDITORS_AND_ADMINS,
    "pathways.WaitingRule": EDITORS_AND_ADMINS,
    "mentoring.Scheme": ADMINS,
    "mentoring.SchemeProposal": ADMINS,
    "mentoring.Participant": ADMINS,
    "mentoring.Match": ADMINS,
    "mentoring.Enquiry": ADMINS,
    "mentoring.Concern": ADMINS,
    "mentoring.Feedback": ADMINS,
    "mentoring.DataBreach": ADMINS,
    "outbox.Email": ADMINS,
    "referrals.AdviserProfile": ADMINS,
    "referrals.SupportService": ADMINS,
    "support.Workshop": ADMINS,
    "support.Booking": ADMINS,
    "support.Feedback": ADMINS,
    "support.Resource": ADMINS,
}


def url_arguments(w) -> dict[str, dict]:
    """Real arguments for every URL pattern that takes any."""
    reference = {"reference": w.referral.reference}
    forged = {"uidb64": "MQ", "token": "c0ffee-0123456789abcdef"}
    return {
        "accounts:confirm": forged,
        "accounts:password-reset-confirm": forged,
        "accounts:email-confirm": forged,
        "accounts:data-download": {"fmt": "json"},
        "pathways:role-detail": {"slug": w.role.slug},
        "pathways:export-csv": {"name": "roles"},
        "careers:import-detail": {"pk": w.survey_job.pk},
        "careers:import-problems": {"pk": w.survey_job.pk},
        "careers:import-retry": {"pk": w.survey_job.pk},
        "careers:wave-report": {"slug": w.wave.slug},
        "careers:wave-download": {"slug": w.wave.slug, "table": "interest"},
        "careers:wave-download-xlsx": {"slug": w.wave.slug, "table": "interest"},
        "careers:wave-preview": {"slug": w.wave.slug},
        "careers:wave-publish": {"slug": w.wave.slug},
        "careers:wave-withdraw": {"slug": w.wave.slug},
        "careers:wave-unrounded": {"slug": w.wave.slug},
        "careers:wave-responses": {"slug": w.wave.slug},
        "careers:wave-delete": {"slug": w.wave.slug},
        **{
            f"careers:equity:{name}": {"programme": w.programme.slug}
            for name in ("entry-programme", "pipeline")
        },
        "careers:equity:entry-report": {
            "programme": w.programme.slug,
            "year": 2018,
            "section": "ethnicity",
        },
        "careers:equity:entry-download": {
            "programme": w.programme.slug,
            "year": 2018,
            "section": "ethnicity",
            "kind": "csv",
        },
        **{
            f"careers:equity:{name}": {"programme": w.programme.slug, "section": "ethnicity"}
            for name in ("entry-trends", "reference-edit")
        },
        **{
            f"careers:equity:recommendation-{name}": {"pk": w.recommendation.pk}
            for name in ("detail", "edit", "history")
        },
        "careers:equity:action-new": {"pk": w.recommendation.pk},
        "careers:equity:action-edit": {"pk": w.equity_action.pk},
        "careers:equity:action-progress": {"pk": w.equity_action.pk},
        "careers:equity:import-detail": {"pk": w.equity_job.pk},
        "mentoring:proposal-detail": {"pk": w.proposal.pk},
        "mentoring:proposal-edit": {"pk": w.proposal.pk},
        "mentoring:participant-detail": {"pk": w.mentor_a.pk},
        "mentoring:participant-preparation": {"pk": w.mentor_a.pk},
        "mentoring:participant-availability": {"pk": w.mentor_a.pk},
        "mentoring:participant-withdraw": {"pk": w.mentor_a.pk},
        **{
            f"mentoring:match-{page}": {"pk": w.match_a.pk}
            for page in (
                "detail",
                "respond",
                "meeting",
                "progress",
                "end",
                "extend",
                "extension-agree",
                "feedback",
                "concern",
            )
        },
        "mentoring:enquiry-detail": {"pk": w.enquiry_a.pk},
        "mentoring:scheme-detail": {"slug": w.scheme_a.slug},
        "mentoring:membership-decide": {"slug": w.scheme_a.slug, "pk": w.mentor_a.pk},
        "mentoring:apply": {"slug": w.scheme_a.slug, "role": "mentee"},
        "mentoring:enquiry-create": {"slug": w.scheme_a.slug},
        **{f"mentoring:{page}": {"slug": w.scheme_a.slug} for page in LEADER_PAGES_WITHOUT_IDS},
        "mentoring:mentee-suggestions": {"slug": w.scheme_a.slug, "pk": w.mentee_a.pk},
        "mentoring:concern-detail": {"slug": w.scheme_a.slug, "pk": w.concern_a.pk},
        "mentoring:guidance-edit": GUIDANCE_SLOT | {"slug": w.scheme_a.slug},
        "mentoring:guidance-version": GUIDANCE_SLOT | {"slug": w.scheme_a.slug, "version": 1},
        "mentoring:community-post": {"slug": w.scheme_a.slug, "pk": w.community_post_a.pk},
        "referrals:decline": {"token": w.decline_token},
        "referrals:service-edit": {"pk": w.service.pk},
        "referrals:detail": reference,
        **{f"referrals:action-{slug}": reference for slug in ACTION_PATHS.values()},
        **{
            f"support:{page}": {"slug": w.workshop.slug}
            for page in ("workshop-detail", "workshop-book", "workshop-edit", "session-new")
        },
        **{
            f"support:{page}": {"pk": w.workshop_session.pk}
            for page in ("session-detail", "session-edit", "session-cancel", "attendance")
        },
        **{
            f"support:{page}": {"pk": w.workshop_booking.pk}
            for page in ("booking-calendar", "booking-cancel", "feedback")
        },
        **{
            f"support:{page}": {"slug": w.resource.slug}
            for page in ("resource-detail", "resource-edit", "resource-document")
        },
    }


GUIDANCE_SLOT = {"audience": "mentee", "moment": "apply"}
LEADER_PAGES_WITHOUT_IDS = (
    "scheme-manage",
    "dashboard-csv",
    "scheme-edit",
    "participant-list",
    "match-list",
    "cohort",
    "enquiry-list",
    "concern-list",
    "breach-list",
    "breach-create",
    "guidance-list",
    "community",
    "community-post-create",
)
QUERIES = {"pathways:routes-json": "from=psychology-graduate&to=clinical-psychologist"}


# --- Object-level checks ----------------------------------------------------------------------

# (who, URL name, arguments as {parameter: world object name or literal}, expected).
# "mentee" and "mentor" are the two people in scheme A's match; scheme B has its own.
LEADER_PAGE_NAMES = [f"mentoring:{page}" for page in LEADER_PAGES_WITHOUT_IDS]
OBJECT_CHECKS = [
    # A scheme leader: another scheme's people, matches, queries and concerns.
    ("scheme_leader", "mentoring:match-detail", {"pk": "match_b"}, MISSING),
    ("scheme_leader", "mentoring:match-end", {"pk": "match_b"}, MISSING),
    ("scheme_leader", "mentoring:participant-detail", {"pk": "mentee_b"}, MISSING),
    ("scheme_leader", "mentoring:participant-withdraw", {"pk": "mentee_b"}, MISSING),
    ("scheme_leader", "mentoring:participant-preparation", {"pk": "mentor_b"}, MISSING),
    ("scheme_leader", "mentoring:enquiry-detail", {"pk": "enquiry_b"}, MISSING),
    ("scheme_leader", "mentoring:concern-detail", {"slug": "scheme_a", "pk": "concern_b"}, MISSING),
    ("scheme_leader", "mentoring:concern-detail", {"slug": "scheme_b", "pk": "concern_b"}, DENIED),
    (
        "scheme_leader",
        "mentoring:mentee-suggestions",
        {"slug": "scheme_a", "pk": "mentee_b"},
        MISSING,
    ),
    (
        "scheme_leader",
        "mentoring:mentee-suggestions",
        {"slug": "scheme_b", "pk": "mentee_b"},
        DENIED,
    ),
    *[("scheme_leader", name, {"slug": "scheme_b"}, DENIED) for name in LEADER_PAGE_NAMES],
    # The mentor community: scheme A's mentor is in; the mentee is not; posts stay in their
    # own scheme; a reply is not a page of its own.
    ("mentor", "mentoring:community", {"slug": "scheme_a"}, OK),
    ("mentor", "mentoring:community-post-create", {"slug": "scheme_a"}, OK),
    ("mentor", "mentoring:community-post", {"slug": "scheme_a", "pk": "community_post_a"}, OK),
    ("mentor", "mentoring:community", {"slug": "scheme_b"}, DENIED),
    ("mentor", "mentoring:guidance-list", {"slug": "scheme_a"}, DENIED),
    ("mentee", "mentoring:community", {"slug": "scheme_a"}, DENIED),
    ("mentee", "mentoring:community-post-create", {"slug": "scheme_a"}, DENIED),
    ("mentee", "mentoring:community-post", {"slug": "scheme_a", "pk": "community_post_a"}, DENIED),
    (
        "scheme_leader",
        "mentoring:community-post",
        {"slug": "scheme_a", "pk": "community_post_b"},
        MISSING,
    ),
    (
        "scheme_leader",
        "mentoring:community-post",
        {"slug": "scheme_b", "pk": "community_post_b"},
        DENIED,
    ),
    (
        "scheme_leader",
        "mentoring:guidance-edit",
        {"slug": "scheme_a", "audience": "carer", "moment": "apply"},
        MISSING,
    ),
    (
        "scheme_leader",
        "mentoring:guidance-version",
        {"slug": "scheme_a", "audience": "mentee", "moment": "apply", "version": 99},
        MISSING,
    ),
    *[
        ("scheme_leader", f"mentoring:guidance-{page}", {"slug": "scheme_b", **extra}, DENIED)
        for page, extra in (
            ("edit", GUIDANCE_SLOT),
            ("version", GUIDANCE_SLOT | {"version": 1}),
        )
    ],
    # A participant: their own application, match and query, and nobody else's.
    ("mentee", "mentoring:participant-detail", {"pk": "mentee_a"}, OK),
    ("mentee", "mentoring:participant-detail", {"pk": "mentee_b"}, MISSING),
    ("mentee", "mentoring:participant-withdraw", {"pk": "mentee_b"}, MISSING),
    ("mentee", "mentoring:participant-preparation", {"pk": "mentor_b"}, MISSING),
    ("mentee", "mentoring:match-detail", {"pk": "match_a"}, OK),
    ("mentee", "mentoring:match-meeting", {"pk": "match_a"}, OK),
    *[
        ("mentee", f"mentoring:match-{page}", {"pk": "match_b"}, MISSING)
        for page in ("detail", "respond", "meeting", "progress", "end", "extend", "feedback")
    ],
    ("mentee", "mentoring:match-concern", {"pk": "match_b"}, MISSING),
    ("mentee", "mentoring:enquiry-detail", {"pk": "enquiry_a"}, OK),
    ("mentee", "mentoring:enquiry-detail", {"pk": "enquiry_b"}, MISSING),
    ("mentee", "mentoring:enquiry-create", {"slug": "scheme_a"}, OK),
    ("mentee", "mentoring:enquiry-create", {"slug": "scheme_b"}, DENIED),
    ("mentee", "mentoring:concern-detail", {"slug": "scheme_a", "pk": "concern_a"}, DENIED),
    ("mentee", "mentoring:scheme-manage", {"slug": "scheme_a"}, DENIED),
    ("mentee", "mentoring:proposal-detail", {"pk": "proposal"}, OK),
    # Their own proposal can be changed only when the admins ask: the page says so (the
    # reason and the way back to the proposal, no form; test_actions checks the words).
    ("mentee", "mentoring:proposal-edit", {"pk": "proposal"}, OK),
    # The other person in the match: not the mentee's application, query or concern.
    ("mentor", "mentoring:participant-detail", {"pk": "mentee_a"}, MISSING),
    ("mentor", "mentoring:enquiry-detail", {"pk": "enquiry_a"}, MISSING),
    ("mentor", "mentoring:concern-detail", {"slug": "scheme_a", "pk": "concern_a"}, DENIED),
    ("mentor", "mentoring:match-detail", {"pk": "match_a"}, OK),
    ("mentor", "mentoring:participant-preparation", {"pk": "mentor_a"}, OK),
    # Another member: nobody's proposal but their own.
    ("member", "mentoring:proposal-detail", {"pk": "proposal"}, MISSING),
    ("member", "mentoring:proposal-edit", {"pk": "proposal"}, MISSING),
    # Careers staff and analysts: an unknown record is the 404 page.
    ("careers_staff", "referrals:detail", {"reference": "CS-999999999"}, MISSING),
    ("careers_staff", "referrals:action-triage", {"reference": "CS-999999999"}, MISSING),
    ("careers_staff", "referrals:service-edit", {"pk": 999_999_999}, MISSING),
    ("survey_analyst", "careers:import-detail", {"pk": 999_999_999}, MISSING),
    ("survey_analyst", "careers:wave-responses", {"slug": "no-such-wave"}, MISSING),
    ("anonymous", "referrals:decline", {"token": "forged-token"}, MISSING),
]


# Pages of confidential records (referrals; raw survey data) for users without the right
# answer exactly the same for a record that exists and one that does not.
NO_HINT_PAGES = [
    ("referrals:detail", {"reference": "referral"}, {"reference": "CS-999999999"}),
    *[
        (f"referrals:action-{slug}", {"reference": "referral"}, {"reference": "CS-999999999"})
        for slug in ACTION_PATHS.values()
    ],
    ("referrals:service-edit", {"pk": "service"}, {"pk": 999_999_999}),
    ("careers:import-detail", {"pk": "survey_job"}, {"pk": 999_999_999}),
    ("careers:import-problems", {"pk": "survey_job"}, {"pk": 999_999_999}),
    ("careers:wave-unrounded", {"slug": "wave"}, {"slug": "no-such-wave"}),
    ("careers:wave-responses", {"slug": "wave"}, {"slug": "no-such-wave"}),
    ("careers:wave-delete", {"slug": "wave"}, {"slug": "no-such-wave"}),
]
# Who is refused each app's confidential pages.
REFUSED = {
    "referrals": ["anonymous", "member", "scheme_leader", "role_editor", "survey_analyst"]
    + ["superuser"],
    "careers": ["anonymous", "member", "careers_staff", "scheme_leader", "role_editor"],
}
