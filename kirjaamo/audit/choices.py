from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    UI = "ui", _("Staff UI")
    CLI = "cli", _("Command line")
    API = "api", _("API")
    SYSTEM = "system", _("System")


class EventKind(models.TextChoices):
    WRITE = "write", _("Change")
    CONSULTATION = "consultation", _("Consultation")
    EXPORT = "export", _("Export")
    SECURITY = "security", _("Security")


class Purpose(models.TextChoices):
    """Why the data was used; the screen or command states it, the audit event records it."""

    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    BILLING = "billing", _("Billing and collection")
    DATA_PROTECTION = "data_protection", _("Data protection (DPO)")
    ADMINISTRATION = "administration", _("Administration")
    IMPORT = "import", _("Data import")
    DEMO = "demo", _("Demo data")
    MAINTENANCE = "maintenance", _("Maintenance")
    BENCHMARK = "benchmark", _("Benchmark")
