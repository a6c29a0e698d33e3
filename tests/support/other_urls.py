"""Another URL configuration, in which the home page lives elsewhere (tests of ``{% url %}``)."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("elsewhere/", lambda request: HttpResponse(), name="home")]
