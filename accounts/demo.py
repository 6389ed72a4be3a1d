"""Demo sign-ins: one per staff role, an admin and a member with no staff role (the list is in
fixtures/demo/accounts.json)."""

from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import User
from config.demo_data import fixture

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - demo data only, printed by make run

DATA = fixture("accounts")
# (email, full name, group or None, superuser), from fixtures/demo/accounts.json. Second users
# that the app demos give parts to (a second adviser, a mentor, a second scheme's leader) have
# no name here: the app demo that uses them makes them with their details.
DEMO_USERS = [(u["email"], u["full_name"], u["group"], u["superuser"]) for u in DATA["users"]]


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
    for email, opt_outs in DATA["member_email_opt_outs"].items():
        User.objects.filter(email=email).update(email_opt_outs=opt_outs)
    # Someone who registered on their own and has not yet followed the confirmation link:
    # the account cannot sign in until they do.
    pending, created = User.objects.get_or_create(
        email=DATA["pending"]["email"],
        defaults={"full_name": DATA["pending"]["full_name"], "is_active": False},
    )
    if created:
        pending.set_password(DEMO_PASSWORD)
        pending.save()


def sign_ins():
    return [
        (email, group or ("admin (superuser)" if superuser else "member, no staff role"))
        for email, _, group, superuser in DEMO_USERS
    ]
