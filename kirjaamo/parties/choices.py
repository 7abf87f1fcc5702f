from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class Language(models.TextChoices):
    FI = "fi", _("Finnish")
    SV = "sv", _("Swedish")
    EN = "en", _("English")


class CustomerSegment(models.TextChoices):
    CONSUMER = "consumer", _("Consumer")
    BUSINESS = "business", _("Business")


class ContactKind(models.TextChoices):
    """The role a person has as a contact of an organisation (ILJOJA notice §5)."""

    DECISION_MAKER = "decision_maker", _("Decision-maker")
    ADMINISTRATION = "administration", _("Administration")
    BILLING = "billing", _("Billing")
    TECHNICAL = "technical", _("Technical")


class ContactPointKind(models.TextChoices):
    ADDRESS = "address", _("Postal address")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")


class ContactPointUse(models.TextChoices):
    GENERAL = "general", _("General")
    HOME = "home", _("Home")
    WORK = "work", _("Work")
    BILLING = "billing", _("Billing")


class Source(models.TextChoices):
    """Where a piece of contact data came from (Art 14(2)(f); the notices' "tietolähteet")."""

    DATA_SUBJECT = "data_subject", _("The data subject")
    POPULATION_REGISTER = "population_register", _("Population Information System (DVV)")
    YTJ_PRH = "ytj_prh", _("YTJ / PRH")
    CREDIT_BUREAU = "credit_bureau", _("Credit bureau")
    PARTNER = "partner", _("Partner")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    INSTALLER = "installer", _("Installer")
    OTHER = "other", _("Other")
