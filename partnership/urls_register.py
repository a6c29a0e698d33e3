"""The public register of decided requests, and the kinds of request, under /verzoeken/."""

from django.urls import path

from partnership.views import register, request_kinds

urlpatterns = [
    path("", register.request_register, name="request_register"),
    path("soorten/", request_kinds.request_kinds, name="request_kinds"),
    path("soorten/<int:pk>/", request_kinds.request_kind_edit, name="request_kind_edit"),
]
