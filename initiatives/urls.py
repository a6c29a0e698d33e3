"""/initiatieven/...: the fixed paths first; the initiative page itself (<slug>/) is routed by
the partnership app, included after this module."""

from django.urls import path

from initiatives.views import catalogue, edit, invitations, membership, registration, status

app_name = "initiatives"
urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("nieuw/", registration.initiative_register, name="initiative_create"),
    path("uitnodiging/<str:token>/", membership.invitation_accept, name="invitation_accept"),
    path("<slug:slug>/bewerken/", edit.initiative_edit, name="initiative_edit"),
    path("<slug:slug>/status/", status.initiative_status, name="initiative_status"),
    path("<slug:slug>/uitnodigen/", membership.initiative_invite, name="initiative_invite"),
    path(
        "<slug:slug>/lead-overdragen/",
        membership.initiative_hand_lead,
        name="initiative_hand_lead",
    ),
    path("<slug:slug>/verlaten/", membership.initiative_leave, name="initiative_leave"),
    path(
        "<slug:slug>/uitnodigingen/<int:pk>/intrekken/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
]
