import factory
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import User

PASSWORD = "correct-horse-battery-staple"


def server_user(**fields):
    """A user whose password a server started in its own process can check: those servers run
    with the real hashers, the test process with a fast one (config/settings.py)."""
    user = UserFactory(**fields)
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get_or_create(name=name)[0])
        if create:
            self.save()


# One of each kind of signed-in person the tests use: the conftest fixtures and the permission
# world (tests/world.py) make them from here, with these addresses.
PEOPLE = {
    "member": {"email": "member@example.org"},
    "careers_staff": {"email": "careers@example.org", "roles": [roles.CAREERS_STAFF]},
    "scheme_leader": {"email": "leader@example.org", "roles": [roles.SCHEME_LEADERS]},
    "role_editor": {"email": "editor@example.org", "roles": [roles.ROLE_EDITORS], "is_staff": True},
    "survey_analyst": {"email": "analyst@example.org", "roles": [roles.SURVEY_ANALYSTS]},
    "superuser": {"email": "admin@example.org", "is_superuser": True, "is_staff": True},
}


def person(kind: str) -> User:
    return UserFactory(**PEOPLE[kind])
