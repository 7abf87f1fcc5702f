from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "kirjaamo.history"
    label = "history"
