"""Actions on the partner page, under /initiatieven/<slug>/. Each redirects back to it."""

from django.urls import path

from partnership.views import logging as views

urlpatterns = [
    path("<slug:slug>/contact/nieuw/", views.contact_new, name="contact_new"),
    path("<slug:slug>/contact/<int:pk>/reageren/", views.contact_answer, name="contact_answer"),
    path("<slug:slug>/toezegging/nieuw/", views.commitment_new, name="commitment_new"),
    path(
        "<slug:slug>/toezegging/<int:pk>/afhandelen/",
        views.commitment_settle,
        name="commitment_settle",
    ),
    path(
        "<slug:slug>/toezegging/<int:pk>/betwisten/",
        views.commitment_dispute,
        name="commitment_dispute",
    ),
    path("<slug:slug>/knelpunt/nieuw/", views.blockage_new, name="blockage_new"),
    path("<slug:slug>/knelpunt/melden/", views.blockage_raise, name="blockage_raise"),
    path(
        "<slug:slug>/knelpunt/<int:pk>/reageren/",
        views.blockage_respond,
        name="blockage_respond",
    ),
    path(
        "<slug:slug>/knelpunt/<int:pk>/doorsturen/",
        views.blockage_handoff,
        name="blockage_handoff",
    ),
    path(
        "<slug:slug>/knelpunt/<int:pk>/escaleren/",
        views.blockage_escalate,
        name="blockage_escalate",
    ),
    path(
        "<slug:slug>/knelpunt/<int:pk>/afhandelen/",
        views.blockage_settle,
        name="blockage_settle",
    ),
    path("<slug:slug>/knelpunt/<int:pk>/beoordelen/", views.rate_blockage, name="rate_blockage"),
    path("<slug:slug>/verzoek/<int:pk>/beoordelen/", views.rate_request, name="rate_request"),
    path("<slug:slug>/aanspreekpunt/", views.assign, name="initiative_assign"),
]
