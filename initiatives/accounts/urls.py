"""/beheer/gebruikers/: coordinators give roles and place civil servants in departments;
/beheer/afdelingen/: they keep the clusters and departments."""

from django.urls import path

from initiatives.accounts import views

app_name = "accounts"
urlpatterns = [
    path("beheer/gebruikers/", views.user_list, name="user_list"),
    path("beheer/gebruikers/<int:pk>/", views.user_roles, name="user_roles"),
    path("beheer/afdelingen/", views.department_list, name="department_list"),
    path("beheer/afdelingen/<int:pk>/", views.department_edit, name="department_edit"),
]
