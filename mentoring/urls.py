from django.urls import path

from mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("propose/", views.proposal_create, name="proposal-create"),
    path("proposals/", views.proposal_list, name="proposal-list"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("mine/", views.my_mentoring, name="mine"),
    path("applications/<int:pk>/", views.participant_detail, name="participant-detail"),
    path(
        "applications/<int:pk>/preparation/",
        views.participant_preparation,
        name="participant-preparation",
    ),
    path(
        "applications/<int:pk>/availability/",
        views.participant_availability,
        name="participant-availability",
    ),
    path(
        "applications/<int:pk>/withdraw/", views.participant_withdraw, name="participant-withdraw"
    ),
    path("matches/<int:pk>/", views.match_detail, name="match-detail"),
    path("matches/<int:pk>/respond/", views.match_respond, name="match-respond"),
    path("matches/<int:pk>/meetings/new/", views.match_meeting, name="match-meeting"),
    path("matches/<int:pk>/progress/new/", views.match_progress, name="match-progress"),
    path("matches/<int:pk>/end/", views.match_end, name="match-end"),
    path("matches/<int:pk>/extend/", views.match_extend, name="match-extend"),
    path(
        "matches/<int:pk>/extend/agree/",
        views.match_extension_agree,
        name="match-extension-agree",
    ),
    path("matches/<int:pk>/feedback/", views.match_feedback, name="match-feedback"),
    path("matches/<int:pk>/concern/", views.match_concern, name="match-concern"),
    path("enquiries/<int:pk>/", views.enquiry_detail, name="enquiry-detail"),
    path("find-a-mentor/", views.find_mentor, name="find-mentor"),
    path("<slug:slug>/", views.scheme_detail, name="scheme-detail"),
    path("<slug:slug>/apply/<str:role>/", views.apply, name="apply"),
    path("<slug:slug>/queries/new/", views.enquiry_create, name="enquiry-create"),
    path("<slug:slug>/community/", views.community, name="community"),
    path("<slug:slug>/community/new/", views.community_post_create, name="community-post-create"),
    path("<slug:slug>/community/<int:pk>/", views.community_post, name="community-post"),
    path("<slug:slug>/manage/", views.scheme_manage, name="scheme-manage"),
    path("<slug:slug>/manage/dashboard.csv", views.scheme_dashboard_csv, name="dashboard-csv"),
    path("<slug:slug>/manage/edit/", views.scheme_edit, name="scheme-edit"),
    path("<slug:slug>/manage/people/", views.participant_list, name="participant-list"),
    path("<slug:slug>/manage/matches/", views.match_list, name="match-list"),
    path("<slug:slug>/manage/cohort/", views.cohort, name="cohort"),
    path(
        "<slug:slug>/manage/mentees/<int:pk>/suggestions/",
        views.mentee_suggestions,
        name="mentee-suggestions",
    ),
    path(
        "<slug:slug>/manage/people/<int:pk>/membership/",
        views.membership_decide,
        name="membership-decide",
    ),
    path("<slug:slug>/manage/queries/", views.enquiry_list, name="enquiry-list"),
    path("<slug:slug>/manage/concerns/", views.concern_list, name="concern-list"),
    path("<slug:slug>/manage/concerns/<int:pk>/", views.concern_detail, name="concern-detail"),
    path("<slug:slug>/manage/guidance/", views.guidance_list, name="guidance-list"),
    path(
        "<slug:slug>/manage/guidance/<str:audience>/<str:moment>/",
        views.guidance_edit,
        name="guidance-edit",
    ),
    path(
        "<slug:slug>/manage/guidance/<str:audience>/<str:moment>/<int:version>/",
        views.guidance_version,
        name="guidance-version",
    ),
    path("<slug:slug>/manage/breaches/", views.breach_list, name="breach-list"),
    path("<slug:slug>/manage/breaches/new/", views.breach_create, name="breach-create"),
]
