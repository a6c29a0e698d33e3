"""Root URLs. Paths are Dutch and part of the product; keep them.

Each app has one ``urls.py`` with its own namespace. Order matters under /initiatieven/: the
initiatives app's fixed paths (nieuw/, uitnodiging/...) come before the partnership app's
<slug>/ pages.

The admin has no login of its own: it sends visitors to allauth's login (rate limits, the second
factor), and answers 403 to logged-in users who are not staff.
"""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from partnership.config import views

admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("initiatives.accounts.urls")),
    path("initiatieven/", include("initiatives.urls")),
    path("", include("publicvalue.urls")),
    path("", include("partnership.urls")),
    path("dashboard/", include("partnership.dashboards.urls")),
]
