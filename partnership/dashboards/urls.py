"""/dashboard/: the index, the five council dashboards and the coordinator's settings."""

from django.urls import path

from partnership.dashboards import views
from partnership.dashboards.registry import DASHBOARDS

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard_index, name="dashboard_index"),
    path("instellingen/", views.dashboard_settings, name="dashboard_settings"),
    *(
        path(f"{board.slug}/", views.dashboard, {"slug": board.slug}, name=board.url_name)
        for board in DASHBOARDS
    ),
]
