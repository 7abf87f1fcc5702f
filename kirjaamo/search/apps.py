from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "kirjaamo.search"
    label = "search"
