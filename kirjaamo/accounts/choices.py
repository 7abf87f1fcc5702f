from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Staff roles (DESIGN.md "Who uses it"). What each may do is decided in gates.py only."""

    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    BILLING = "billing", _("Billing")
    INSTALLER = "installer", _("Installer / technician")
    MARKETING = "marketing", _("Marketing")
    DPO = "dpo", _("Data protection officer")
    ADMIN = "admin", _("Administrator")
