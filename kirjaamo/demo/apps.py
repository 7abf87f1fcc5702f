from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kirjaamo.demo"
    label = "demo"
