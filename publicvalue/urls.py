"""/publieke-waarde/: the value framework, edited by coordinators."""

from django.urls import path

from publicvalue import views

urlpatterns = [
    path("kader/", views.value_framework, name="value_framework"),
    path("kader/dimensies/nieuw/", views.value_dimension_edit, name="value_dimension_create"),
    path("kader/dimensies/<int:pk>/", views.value_dimension_edit, name="value_dimension_edit"),
    path(
        "kader/dimensies/<int:pk>/uit-gebruik/",
        views.value_dimension_retire,
        name="value_dimension_retire",
    ),
    path(
        "kader/dimensies/<int:pk>/verwijderen/",
        views.value_dimension_delete,
        name="value_dimension_delete",
    ),
    path("kader/indicatoren/nieuw/", views.value_indicator_edit, name="value_indicator_create"),
    path("kader/indicatoren/<int:pk>/", views.value_indicator_edit, name="value_indicator_edit"),
    path(
        "kader/indicatoren/<int:pk>/uit-gebruik/",
        views.value_indicator_retire,
        name="value_indicator_retire",
    ),
    path(
        "kader/indicatoren/<int:pk>/verwijderen/",
        views.value_indicator_delete,
        name="value_indicator_delete",
    ),
]
