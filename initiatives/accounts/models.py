"""Who people are: the user (e-mail is the login) and the municipal departments they work in.

The lowest app: every other app references users and departments, so nothing here imports them.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.accounts.validators import validate_phone


class Department(models.Model):
    """A municipal cluster (``parent`` empty) or a department within one."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("cluster"),
    )
    email = models.EmailField(
        _("e-mail address"), blank=True, help_text=_("Where hand-offs to this department are sent.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
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


class User(AbstractUser):
    """E-mail is the login. Civil servants belong to a department."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)

    class PreferredContact(models.TextChoices):
        EMAIL = "email", _("by e-mail")
        PHONE = "phone", _("by phone")
        EITHER = "either", _("either, by e-mail or by phone")

    # One field for the whole name as the person writes it: Dutch names ("Jan de Vries", "Fatima
    # el Amrani") do not split cleanly into first and last names, and nothing here sorts by them.
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    preferred_contact = models.CharField(
        _("preferred way of contact"),
        max_length=10,
        choices=PreferredContact.choices,
        default=PreferredContact.EMAIL,
    )
    # An initiator's phone is theirs: the city sees it only when they say so (the rule is
    # ``initiatives.permissions.can_see_phone``). Staff's phones are work numbers.
    phone_visible_to_city = models.BooleanField(
        _("the municipality may see my phone number"), default=False
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("department"),
    )
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """What others read as this person's name: the name they gave, else their address."""
        return self.shown_name(self.name, self.email)

    @staticmethod
    def shown_name(name: str, email: str) -> str:
        """``display_name`` from a row's name and address, for reads that build no users."""
        return name.strip() or email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class FormSubmission(models.Model):
    """A create form that was saved, by its one-time token: posting it again (double click, back
    button, a flaky network resending) leads to the result instead of storing a second record."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    result_url = models.CharField(_("result"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return self.token


class AuthenticatorReset(models.Model):
    """The audit trail of lost authenticators: a coordinator removed a user's second factor.

    Rows are only ever added. The addresses are copied so that the record survives the people.
    """

    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="authenticator_resets",
        verbose_name=_("user"),
    )
    user_email = models.EmailField(_("e-mail address of the user"))
    reset_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reset by"),
    )
    reset_by_email = models.EmailField(_("e-mail address of the coordinator"))
    reset_at = models.DateTimeField(_("reset at"), auto_now_add=True)
    authenticators = models.PositiveIntegerField(_("authenticators removed"))

    class Meta:
        ordering = ["-reset_at", "-pk"]
        verbose_name = _("authenticator reset")
        verbose_name_plural = _("authenticator resets")

    def __str__(self) -> str:
        return f"{self.user_email} ({self.reset_at:%Y-%m-%d %H:%M})"
