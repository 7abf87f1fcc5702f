"""URLs carry ids only, never personal values (search text travels in POST bodies)."""

from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("kirjaamo.accounts.urls")),
    path("", include("kirjaamo.search.urls")),
    path("asiakkaat/", include("kirjaamo.parties.urls")),
    path("", include("kirjaamo.communications.urls")),
    path("tietosuoja/", include("kirjaamo.audit.urls")),
    path("", include("kirjaamo.profile.urls")),
]
