from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "kirjaamo.contracts"
    label = "contracts"
