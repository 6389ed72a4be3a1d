"""Demo sign-ins: one per staff role, an admin and a member with no staff role."""

from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import User

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - demo data only, printed by make run

DEMO_USERS = [
    # (email, full name, group or None, superuser)
    ("admin@example.org", "Ada Admin", None, True),
    ("careers@example.org", "Priya Shah", roles.CAREERS_STAFF, False),
    ("leader@example.org", "Sam Okafor", roles.SCHEME_LEADERS, False),
    ("editor@example.org", "Rowan Price", roles.ROLE_EDITORS, False),
    ("analyst@example.org", "Alex Murray", roles.SURVEY_ANALYSTS, False),
    ("member@example.org", "Morgan Lee", None, False),
    # Second users that the app demos give parts to (a second adviser, a mentor, a second
    # scheme's leader), listed here so that `load_demo` prints them with the rest.
    ("adviser@example.org", "Jordan Ellis", roles.CAREERS_STAFF, False),
    ("mentor@example.org", None, None, False),
    ("forensic-leader@example.org", None, roles.SCHEME_LEADERS, False),
]


def load(stdout=None):
    for email, full_name, group_name, superuser in DEMO_USERS:
        if full_name is None:
            continue  # created, with its details, by the app demo that uses it
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": full_name,
                "is_superuser": superuser,
                # Role editors work in the Django admin, which needs is_staff.
                "is_staff": superuser or group_name == roles.ROLE_EDITORS,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.confirmed_at = user.date_joined
            user.save()
        if group_name:
            # get_or_create: tests that flush the database (browser tests) lose migration data.
            user.groups.add(Group.objects.get_or_create(name=group_name)[0])

    # A member who chose their emails: no digests, but reminders and feedback requests.
    User.objects.filter(email="member@example.org").update(email_opt_outs=["digests"])
    # Someone who registered on their own and has not yet followed the confirmation link:
    # the account cannot sign in until they do.
    pending, created = User.objects.get_or_create(
        email="new-member@example.org",
        defaults={"full_name": "Nia Okoye", "is_active": False},
    )
    if created:
        pending.set_password(DEMO_PASSWORD)
        pending.save()


def sign_ins():
    return [
        (email, group or ("admin (superuser)" if superuser else "member, no staff role"))
        for email, _, group, superuser in DEMO_USERS
    ]
