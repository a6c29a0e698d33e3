"""My initiatives: each one with what is open or overdue, counted in the database."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from partnership.selectors.mine import my_memberships


@require_safe
@login_required
def my_initiatives(request):
    """One query for the list, whatever the number of initiatives or of their records."""
    today = timezone.localdate()
    ctx = {"memberships": list(my_memberships(request.user, today=today)), "today": today}
    return render(request, "partnership/my_initiatives.html", ctx)
