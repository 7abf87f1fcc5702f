from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kirjaamo.audit"
    label = "audit"
