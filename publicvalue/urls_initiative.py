"""/initiatieven/<slug>/waarde/...: an initiative's value profile and its value records."""

from django.urls import path

from publicvalue import views

urlpatterns = [
    path("<slug:slug>/waarde/", views.value_profile, name="value_profile"),
    path("<slug:slug>/waarde/nieuw/", views.value_record_create, name="value_record_create"),
    path(
        "<slug:slug>/waarde/<int:pk>/bewerken/", views.value_record_edit, name="value_record_edit"
    ),
    path(
        "<slug:slug>/waarde/<int:pk>/verifieren/",
        views.value_record_verify,
        name="value_record_verify",
    ),
    path(
        "<slug:slug>/waarde/<int:pk>/verduidelijking/",
        views.value_record_clarify,
        name="value_record_clarify",
    ),
    path(
        "<slug:slug>/waarde/<int:pk>/bijlage/",
        views.value_record_attachment,
        name="value_record_attachment",
    ),
]
