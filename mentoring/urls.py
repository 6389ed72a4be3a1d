from django.urls import include, path

from mentoring import views

app_name = "mentoring"

# A match's pages, under matches/<pk>/.
match_patterns = [
    path("", views.match_detail, name="match-detail"),
    path("respond/", views.match_respond, name="match-respond"),
    path("meetings/new/", views.match_meeting, name="match-meeting"),
    path("progress/new/", views.match_progress, name="match-progress"),
    path("end/", views.match_end, name="match-end"),
    path("extend/", views.match_extend, name="match-extend"),
    path("extend/agree/", views.match_extension_agree, name="match-extension-agree"),
    path("feedback/", views.match_feedback, name="match-feedback"),
    path("concern/", views.match_concern, name="match-concern"),
]

# A scheme's leader pages, under <slug>/manage/.
GUIDANCE = "guidance/<str:audience>/<str:moment>/"
manage_patterns = [
    path("", views.scheme_manage, name="scheme-manage"),
    path("dashboard.csv", views.scheme_dashboard_csv, name="dashboard-csv"),
    path("edit/", views.scheme_edit, name="scheme-edit"),
    path("people/", views.participant_list, name="participant-list"),
    path("matches/", views.match_list, name="match-list"),
    path("cohort/", views.cohort, name="cohort"),
    path("mentees/<int:pk>/suggestions/", views.mentee_suggestions, name="mentee-suggestions"),
    path("people/<int:pk>/membership/", views.membership_decide, name="membership-decide"),
    path("queries/", views.enquiry_list, name="enquiry-list"),
    path("concerns/", views.concern_list, name="concern-list"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern-detail"),
    path("guidance/", views.guidance_list, name="guidance-list"),
    path(GUIDANCE, views.guidance_edit, name="guidance-edit"),
    path(GUIDANCE + "<int:version>/", views.guidance_version, name="guidance-version"),
    path("breaches/", views.breach_list, name="breach-list"),
    path("breaches/new/", views.breach_create, name="breach-create"),
]

# An application's pages, under applications/<pk>/.
application_patterns = [
    path("", views.participant_detail, name="participant-detail"),
    path("preparation/", views.participant_preparation, name="participant-preparation"),
    path("availability/", views.participant_availability, name="participant-availability"),
    path("withdraw/", views.participant_withdraw, name="participant-withdraw"),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("propose/", views.proposal_create, name="proposal-create"),
    path("proposals/", views.proposal_list, name="proposal-list"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("mine/", views.my_mentoring, name="mine"),
    path("applications/<int:pk>/", include(application_patterns)),
    path("matches/<int:pk>/", include(match_patterns)),
    path("enquiries/<int:pk>/", views.enquiry_detail, name="enquiry-detail"),
    path("find-a-mentor/", views.find_mentor, name="find-mentor"),
    path("<slug:slug>/", views.scheme_detail, name="scheme-detail"),
    path("<slug:slug>/apply/<str:role>/", views.apply, name="apply"),
    path("<slug:slug>/queries/new/", views.enquiry_create, name="enquiry-create"),
    path("<slug:slug>/community/", views.community, name="community"),
    path("<slug:slug>/community/new/", views.community_post_create, name="community-post-create"),
    path("<slug:slug>/community/<int:pk>/", views.community_post, name="community-post"),
    path("<slug:slug>/manage/", include(manage_patterns)),
]
