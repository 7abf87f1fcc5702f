from django.urls import path

from kirjaamo.search import views

app_name = "search"
urlpatterns = [
    path("", views.home, name="home"),
]
