from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kirjaamo.accounts"
    label = "accounts"
