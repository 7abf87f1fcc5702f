from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "kirjaamo.parties"
    label = "parties"
