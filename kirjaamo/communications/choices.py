from django.db import models
from django.utils.translation import gettext_lazy as _


class NoteCategory(models.TextChoices):
    GENERAL = "general", _("General")
    BILLING = "billing", _("Billing")
    TECHNICAL = "technical", _("Technical")
    SALES = "sales", _("Sales")
    COMPLAINT = "complaint", _("Complaint")


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    LETTER = "letter", _("Letter")
    CHAT = "chat", _("Chat")


class Direction(models.TextChoices):
    INBOUND = "in", _("Received")
    OUTBOUND = "out", _("Sent")
