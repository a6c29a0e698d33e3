"""/account/profiel/: everyone's own profile. /beheer/afdelingen/: coordinators keep the
clusters and departments (the users page, which also offers partner organisations, is the
partnership app's)."""

from django.urls import path

from initiatives.accounts import views

app_name = "accounts"
urlpatterns = [
    path("account/profiel/", views.profile, name="profile"),
    path("beheer/afdelingen/", views.department_list, name="department_list"),
    path("beheer/afdelingen/<int:pk>/", views.department_edit, name="department_edit"),
]
