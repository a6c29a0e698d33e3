"""The authentication backends: Django's and allauth's, reading the session's user on every
request in one query compiled once, with the user's role names (which every page's navigation
and permission checks ask for), instead of two queries built anew per request."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import Exists, OuterRef

from initiatives.accounts import roles
from initiatives.accounts.compiled import instances

USER_ID = -7_100_001  # the stand-in: no user has it as a key


def _query():
    user_model = get_user_model()
    groups = user_model.groups.through.objects.filter(user=OuterRef("pk"))
    return user_model._default_manager.filter(pk=USER_ID).annotate(
        **{f"has_role_{name}": Exists(groups.filter(group__name=name)) for name in roles.ROLES}
    )


class _UserWithRoles:
    def get_user(self, user_id):
        """As Django's ``ModelBackend.get_user``, with ``roles.roles_of`` answered already."""
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        found = instances(("session user",), _query, {USER_ID: pk})
        user = found[0] if found else None
        if user is None or not self.user_can_authenticate(user):
            return None
        names = frozenset(name for name in roles.ROLES if getattr(user, f"has_role_{name}"))
        setattr(user, roles.READ_WITH_USER, names)
        return user


class ModelBackend(_UserWithRoles, DjangoModelBackend):
    pass


class AuthenticationBackend(_UserWithRoles, AllauthBackend):
    pass
