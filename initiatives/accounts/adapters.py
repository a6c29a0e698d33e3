from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.models import Group

from initiatives.accounts.roles import INITIATOR


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up can be closed by setting; whoever signs up themselves is an initiator."""

    def is_open_for_signup(self, request):
        return settings.ACCOUNT_SIGNUP_OPEN

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            group, _ = Group.objects.get_or_create(name=INITIATOR)
            user.groups.add(group)
        return user
