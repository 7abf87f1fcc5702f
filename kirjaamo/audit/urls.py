from django.urls import path

from kirjaamo.audit import views

app_name = "audit"
urlpatterns = [
    path("loki/", views.log, name="log"),
]
