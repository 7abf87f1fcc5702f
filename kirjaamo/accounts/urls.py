from django.contrib.auth import views as auth_views
from django.urls import path

from kirjaamo.accounts import views

app_name = "accounts"
urlpatterns = [
    path(
        "kirjaudu/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("kirjaudu-ulos/", auth_views.LogoutView.as_view(), name="logout"),
    path("aloitus/", views.start, name="start"),
]
