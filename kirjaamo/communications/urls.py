from django.urls import path

from kirjaamo.communications import views

app_name = "communications"
urlpatterns = [
    path("asiakkaat/<int:party_id>/muistiinpanot/uusi/", views.note_create, name="note_create"),
    path(
        "asiakkaat/<int:party_id>/tallenteet/uusi/",
        views.recording_upload,
        name="recording_upload",
    ),
    path("tallenteet/<int:recording_id>/kuuntele/", views.recording_play, name="recording_play"),
    path(
        "tallenteet/<int:recording_id>/lataa/", views.recording_download, name="recording_download"
    ),
]
