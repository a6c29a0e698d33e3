from django.urls import path

from partnership.views import worklist

urlpatterns = [
    path("", worklist.worklist, name="worklist"),
]
