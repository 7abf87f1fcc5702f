from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "kirjaamo.scale"
    label = "scale"
