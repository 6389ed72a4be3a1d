from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone


def normalise_email(value: str) -> str:
    """The one spelling of an email address for signing in and for the sign-in throttle:
    surrounding spaces removed, lower case (addresses sign in in any case)."""
    return (value or "").strip().lower()


class UserManager(DjangoUserManager):
    """Users sign in with their email address; there is no username."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=normalise_email(self.normalize_email(email)), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=normalise_email(email))


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(
        "admin site access", default=False, help_text="Can sign in to the admin site."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Self-service accounts: inactive until the emailed link is followed (confirmed_at set).
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # A new address asked for, not yet confirmed from a link sent to it.
    pending_email = models.EmailField(blank=True)
    # Categories of non-essential email the member chose not to receive (accounts.mail).
    email_opt_outs = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    # Set when the member deleted their account: personal details are then removed.
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        if self.deleted_at:
            return "A deleted account"
        return self.full_name or self.email

    def in_group(self, name: str) -> bool:
        # Cached per request object, so menus and checks cost one query at most.
        if not hasattr(self, "_group_names"):
            self._group_names = set(self.groups.values_list("name", flat=True))
        return self.is_superuser or name in self._group_names


class LimitedAction(models.Model):
    """One use of a rate-limited action (registering, asking for a link, sending a referral), by
    a client or for an address (accounts/limits.py). The key is a digest, so neither addresses
    nor IP addresses are stored in clear."""

    action = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["action", "key", "at"])]

    def __str__(self):
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"
