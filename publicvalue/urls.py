"""The value framework (/publieke-waarde/kader/, coordinators) and an initiative's value records
(/initiatieven/<slug>/waarde/...). The value profile page, which sets the value beside the city's
support, is composed in ``partnership``."""

from django.urls import path

from publicvalue import views

app_name = "publicvalue"
urlpatterns = [
    path("publieke-waarde/kader/", views.value_framework, name="value_framework"),
    path(
        "publieke-waarde/kader/dimensies/nieuw/",
        views.value_dimension_edit,
        name="value_dimension_create",
    ),
    path(
        "publieke-waarde/kader/dimensies/<int:pk>/",
        views.value_dimension_edit,
        name="value_dimension_edit",
    ),
    path(
        "publieke-waarde/kader/dimensies/<int:pk>/uit-gebruik/",
        views.value_dimension_retire,
        name="value_dimension_retire",
    ),
    path(
        "publieke-waarde/kader/dimensies/<int:pk>/verwijderen/",
        views.value_dimension_delete,
        name="value_dimension_delete",
    ),
    path(
        "publieke-waarde/kader/indicatoren/nieuw/",
        views.value_indicator_edit,
        name="value_indicator_create",
    ),
    path(
        "publieke-waarde/kader/indicatoren/<int:pk>/",
        views.value_indicator_edit,
        name="value_indicator_edit",
    ),
    path(
        "publieke-waarde/kader/indicatoren/<int:pk>/uit-gebruik/",
        views.value_indicator_retire,
        name="value_indicator_retire",
    ),
    path(
        "publieke-waarde/kader/indicatoren/<int:pk>/verwijderen/",
        views.value_indicator_delete,
        name="value_indicator_delete",
    ),
    path(
        "initiatieven/<slug:slug>/waarde/nieuw/",
        views.value_record_create,
        name="value_record_create",
    ),
    path(
        "initiatieven/<slug:slug>/waarde/<int:pk>/bewerken/",
        views.value_record_edit,
        name="value_record_edit",
    ),
    path(
        "initiatieven/<slug:slug>/waarde/<int:pk>/verifieren/",
        views.value_record_verify,
        name="value_record_verify",
    ),
    path(
        "initiatieven/<slug:slug>/waarde/<int:pk>/verduidelijking/",
        views.value_record_clarify,
        name="value_record_clarify",
    ),
    path(
        "initiatieven/<slug:slug>/waarde/<int:pk>/bijlage/",
        views.value_record_attachment,
        name="value_record_attachment",
    ),
]
