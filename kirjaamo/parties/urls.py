from django.urls import path

from kirjaamo.parties import views

app_name = "parties"
urlpatterns = [
    path("uusi-henkilo/", views.person_create, name="person_create"),
    path("uusi-organisaatio/", views.organisation_create, name="organisation_create"),
    path("<int:party_id>/", views.card, name="card"),
    path("<int:party_id>/tunnistetiedot/", views.identity_edit, name="identity_edit"),
    path(
        "<int:party_id>/yhteystiedot/uusi/<str:kind>/",
        views.contact_point_create,
        name="contact_point_create",
    ),
    path(
        "<int:party_id>/yhteystiedot/<int:contact_point_id>/",
        views.contact_point_edit,
        name="contact_point_edit",
    ),
    path(
        "<int:party_id>/yhteystiedot/<int:contact_point_id>/poista/",
        views.contact_point_delete,
        name="contact_point_delete",
    ),
    path(
        "<int:party_id>/yhteyshenkilot/uusi/",
        views.organisation_contact_add,
        name="organisation_contact_add",
    ),
]
