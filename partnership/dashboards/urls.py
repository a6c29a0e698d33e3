"""/dashboard/: the index, the five council dashboards and the coordinator's settings."""

from django.urls import path

from partnership.dashboards import cache, views
from partnership.dashboards.registry import DASHBOARDS

# Connected here, when the URLconf loads, so that no shared app config has to know about us.
cache.connect()

urlpatterns = [
    path("", views.dashboard_index, name="dashboard_index"),
    path("instellingen/", views.dashboard_settings, name="dashboard_settings"),
    *(
        path(f"{board.slug}/", views.dashboard, {"slug": board.slug}, name=board.url_name)
        for board in DASHBOARDS
    ),
]
