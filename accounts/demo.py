"""Demo sign-ins: one per staff role, an admin and a member with no staff role (the list is in
fixtures/demo/accounts.json), and the helpers the other apps' demos make their people with.

Every account is made the way a real one is: the first administrator as `createsuperuser`
makes it (`User.objects.create_superuser`), staff accounts by that administrator through
`services.account_create` (the Django admin's "add user" page), members who sign in by
registering and following the confirmation link (`account_register`, `account_confirm`),
and the demo's people who never sign in by the administrator without a password. They joined
on the day the fixture says (`config.clock`); the emails the services write for the demo's
past are taken out of the outbox again."""

import datetime as dt

from django.utils import timezone

from accounts import mail, services, tokens
from accounts.models import User
from config import clock
from config.demo_data import fixture
from outbox.models import Email

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - demo data only, printed by make run

DATA = fixture("accounts")
# (email, full name, group or None, superuser), from fixtures/demo/accounts.json. Second users
# that the app demos give parts to (a second adviser, a mentor, a second scheme's leader) have
# no name here: the app demo that uses them makes them with their details.
DEMO_USERS = [(u["email"], u["full_name"], u["group"], u["superuser"]) for u in DATA["users"]]
ADMIN = next(email for email, _, _, superuser in DEMO_USERS if superuser)


def _joined(days_ago: int | None = None) -> dt.datetime:
    days = DATA["joined_days_ago"] if days_ago is None else days_ago
    return timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) - dt.timedelta(
        days=days
    )


def _quietly(make):
    """`make()`, with the account emails it writes taken back out of the outbox."""
    before = Email.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    made = make()
    Email.objects.filter(pk__gt=before, category="account").delete()
    return made


def admin() -> User:
    """The demo's administrator, made as `manage.py createsuperuser` makes one."""
    user = User.objects.filter(email=ADMIN).first()
    if user is None:
        name = next(n for email, n, _, _ in DEMO_USERS if email == ADMIN)
        with clock.at(_joined()):
            user = User.objects.create_superuser(
                email=ADMIN, password=DEMO_PASSWORD, full_name=name, confirmed_at=clock.now()
            )
    return user


def staff(email: str, full_name: str, staff_roles=()) -> User:
    """A member of staff, their account made by the administrator with their roles; roles an
    existing account lacks are given to it."""
    user = User.objects.filter(email=email).first()
    if user is None:
        with clock.at(_joined()):
            return services.account_create(
                by=admin(),
                email=email,
                full_name=full_name,
                password=DEMO_PASSWORD,
                staff_roles=staff_roles,
            )
    for role in staff_roles:
        if not user.in_group(role):
            user = services.staff_role_grant(by=admin(), user=user, role=role)
    return user


def member(email: str, full_name: str, *, signs_in: bool = True, days_ago=None) -> User:
    """A member: one who signs in registered and confirmed their address (with the demo
    password); one who never signs in has an account the administrator made, no password."""
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    with clock.at(_joined(days_ago)):
        if not signs_in:
            return services.account_create(by=admin(), email=email, full_name=full_name)
        user = _quietly(
            lambda: services.account_register(
                email=email, password=DEMO_PASSWORD, full_name=full_name
            )
        )
        return services.account_confirm(
            uidb64=tokens.uid_for(user), token=tokens.confirm_account.make_token(user)
        )


def load(stdout=None):
    admin()
    for email, full_name, group_name, superuser in DEMO_USERS:
        if full_name is None or superuser:
            continue  # made, with its details, by the app demo that uses it (or admin())
        if group_name:
            staff(email, full_name, [group_name])
        else:
            member(email, full_name)

    # A member who chose their emails: no digests, but reminders and feedback requests.
    for email, opt_outs in DATA["member_email_opt_outs"].items():
        user = User.objects.get(email=email)
        if sorted(user.email_opt_outs) != sorted(opt_outs):
            services.email_preferences_set(
                by=user, wanted=sorted(mail.OPTIONAL_KEYS - set(opt_outs))
            )
    # Someone who registered on their own and has not yet followed the confirmation link:
    # the account cannot sign in until they do.
    pending = DATA["pending"]
    if not User.objects.filter(email=pending["email"]).exists():
        with clock.at(_joined(pending["registered_days_ago"])):
            _quietly(
                lambda: services.account_register(
                    email=pending["email"], password=DEMO_PASSWORD, full_name=pending["full_name"]
                )
            )


def sign_ins():
    return [
        (email, group or ("admin (superuser)" if superuser else "member, no staff role"))
        for email, _, group, superuser in DEMO_USERS
    ]
