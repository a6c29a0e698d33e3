"""Requests and cooperation of one initiative, under /initiatieven/<slug>/."""

from django.urls import path

from partnership.views import requests

urlpatterns = [
    path("<slug:slug>/verzoeken/nieuw/", requests.request_create, name="request_create"),
    path("<slug:slug>/verzoeken/<int:pk>/", requests.request_detail, name="request_detail"),
    path(
        "<slug:slug>/verzoeken/<int:pk>/in-behandeling/",
        requests.request_consider_view,
        name="request_consider",
    ),
    path(
        "<slug:slug>/verzoeken/<int:pk>/besluit/",
        requests.request_decide_view,
        name="request_decide",
    ),
    path(
        "<slug:slug>/verzoeken/<int:pk>/intrekken/",
        requests.request_withdraw_view,
        name="request_withdraw",
    ),
    path(
        "<slug:slug>/verzoeken/<int:pk>/termijn/",
        requests.request_clock_view,
        name="request_clock",
    ),
    path("<slug:slug>/partners/nieuw/", requests.partner_link_create, name="partner_link_create"),
    path("<slug:slug>/opdrachten/nieuw/", requests.contract_create, name="contract_create"),
]
