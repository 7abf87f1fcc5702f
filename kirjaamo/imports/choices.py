from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PERSONS = "persons", _("Persons")
    ORGANISATIONS = "organisations", _("Organisations")
    PRODUCTS = "products", _("Products")
    CONTRACTS = "contracts", _("Contracts")
    INVOICES = "invoices", _("Invoices")


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
