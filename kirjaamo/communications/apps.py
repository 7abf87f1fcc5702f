from django.apps import AppConfig


class CommunicationsConfig(AppConfig):
    name = "kirjaamo.communications"
    label = "communications"
