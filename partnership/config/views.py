from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from initiatives import permissions
from initiatives.models import Area, Initiative
from partnership.dashboards.registry import DASHBOARDS, public_slugs


@require_safe
def home(request):
    """The front door; visitors also find here the dashboards a coordinator made public."""
    public = set() if permissions.can_read_dashboards(request.user) else public_slugs()
    ctx = {
        "public_count": Initiative.objects.public().count(),
        "public_dashboards": [board for board in DASHBOARDS if board.slug in public],
    }
    return render(request, "partnership/home.html", ctx)


@never_cache
@require_safe
def health(request):
    """For load balancers: 200 when the database answers, 503 when it does not. It reads one of
    the app's own tables (a database that answers but lacks them, e.g. never migrated or the wrong
    one, is not healthy)."""
    try:
        Area.objects.exists()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (CSRF_FAILURE_VIEW): the site's own page."""
    return render(request, "403_csrf.html", status=403)
