from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractRoleKind(models.TextChoices):
    HOLDER = "holder", _("Contract holder")
    USER = "user", _("User")
    PAYER = "payer", _("Payer")


class ProductKind(models.TextChoices):
    BROADBAND = "broadband", _("Broadband")
    MOBILE = "mobile", _("Mobile")
    FIXED_PHONE = "fixed_phone", _("Fixed-line phone")
    TV = "tv", _("TV")
    HOSTING = "hosting", _("Hosting")
    OTHER = "other", _("Other")


class EquipmentKind(models.TextChoices):
    ROUTER = "router", _("Router")
    ONT = "ont", _("Fibre terminal (ONT)")
    SET_TOP_BOX = "set_top_box", _("Set-top box")
    PHONE = "phone", _("Phone")
    OTHER = "other", _("Other")


class BlockReason(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid invoices")
    CUSTOMER_REQUEST = "customer_request", _("Customer's request")
    MISUSE = "misuse", _("Misuse")
    SECURITY = "security", _("Information security")
