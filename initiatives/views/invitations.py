"""Members withdraw an invitation that nobody has accepted yet (the partner page lists them)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from initiatives import permissions, services
from initiatives.formtools import error_text
from initiatives.selectors import visible_initiative_or_404


@require_POST
@login_required
def invitation_revoke(request, slug: str, pk: int):
    initiative = visible_initiative_or_404(request.user, slug)
    permissions.check(permissions.can_invite(request.user, initiative))
    invitation = get_object_or_404(initiative.invitations, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email},
        )
    return redirect(initiative.get_absolute_url() + "#members-heading")
