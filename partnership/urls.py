"""Root URLs. Paths are Dutch and part of the product; keep them."""

from django.contrib import admin
from django.urls import include, path

from partnership.views import core, users

urlpatterns = [
    path("", core.home, name="home"),
    path("health/", core.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("beheer/gebruikers/", users.user_list, name="user_list"),
    path("beheer/gebruikers/<int:pk>/", users.user_roles, name="user_roles"),
    path("", include("partnership.urls_privacy")),
    # /initiatieven/: the fixed paths (catalogue, nieuw, mijn, ...) before the <slug> pages.
    path("initiatieven/", include("initiatives.urls")),
    path("initiatieven/", include("publicvalue.urls_initiative")),
    path("initiatieven/", include("partnership.urls_requests")),
    path("initiatieven/", include("partnership.urls_logging")),
    path("initiatieven/", include("partnership.urls_partner")),
    path("publieke-waarde/", include("publicvalue.urls")),
    path("werkvoorraad/", include("partnership.urls_worklist")),
    path("verzoeken/", include("partnership.urls_register")),
    path("dashboard/", include("partnership.dashboards.urls")),
]
