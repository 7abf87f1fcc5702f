from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "kirjaamo.billing"
    label = "billing"
