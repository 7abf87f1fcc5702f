from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "kirjaamo.imports"
    label = "imports"
