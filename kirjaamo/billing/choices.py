from django.db import models
from django.utils.translation import gettext_lazy as _


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    CREDITED = "credited", _("Credited")
    IN_COLLECTION = "in_collection", _("In collection")
