from django.urls import path

from partnership.views import partner_page

urlpatterns = [
    path("<slug:slug>/", partner_page.initiative_detail, name="initiative_detail"),
]
