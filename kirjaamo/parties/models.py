"""Parties of the register: persons and organisations, their roles and contact points.

A `Party` is the identity every other table points to (contracts, invoices, notes, audit
subjects). Its `Person` or `Organisation` row holds the identity data. One party can be a
customer, a contract holder or payer, and the contact person of several organisations at once.

`search_name` and `search_text` are folded copies (kirjaamo.lib.text.fold) used only for
substring search; on PostgreSQL they carry trigram GIN indexes (migration 0002), which Django
cannot declare in Meta for both databases.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kirjaamo.lib.identifiers import hetu_mask
from kirjaamo.lib.personal import personal_data
from kirjaamo.parties.choices import (
    ContactKind,
    ContactPointKind,
    ContactPointUse,
    CustomerSegment,
    Language,
    PartyKind,
    Source,
)


@personal_data("search_name", not_personal=("id", "kind", "created_at", "updated_at"))
class Party(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices)
    search_name = models.CharField(max_length=400, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return f"party {self.pk}"


@personal_data(
    "first_names",
    "last_name",
    "hetu_encrypted",
    "hetu_index",
    "hetu_temporary",
    "birth_date",
    "language",
    "profession",
    not_personal=("party",),
)
class Person(models.Model):
    party = models.OneToOneField(Party, on_delete=models.CASCADE, primary_key=True)
    first_names = models.CharField(_("first names"), max_length=200)
    last_name = models.CharField(_("last name"), max_length=200)
    # HETU: AES-GCM ciphertext (kirjaamo.lib.crypto) and a keyed HMAC blind index for exact
    # lookup. The clear value is never stored; the century sign is part of the value.
    hetu_encrypted = models.BinaryField(null=True, blank=True, editable=False)
    hetu_index = models.CharField(  # noqa: DJ001 (NULL = no HETU; unique only when present)
        max_length=64, null=True, blank=True, editable=False
    )
    hetu_temporary = models.BooleanField(
        _("temporary identity code"),
        default=False,
        help_text=_("Temporary codes (individual number 900–999) are accepted only when marked."),
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FI
    )
    profession = models.CharField(_("profession or position"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.UniqueConstraint(fields=["hetu_index"], name="person_hetu_index_unique"),
            models.CheckConstraint(
                condition=Q(hetu_index__isnull=True, hetu_encrypted__isnull=True)
                | Q(hetu_index__isnull=False, hetu_encrypted__isnull=False),
                name="person_hetu_index_with_ciphertext",
            ),
        ]

    def __str__(self) -> str:
        return f"person {self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}".strip()

    @property
    def hetu_masked(self) -> str:
        """The HETU with the individual number and check character hidden, or ""."""
        from kirjaamo.parties.selectors import person_hetu

        value = person_hetu(self)
        return hetu_mask(value) if value else ""


@personal_data(not_personal=("party", "name", "business_id", "association_number"))
class Organisation(models.Model):
    party = models.OneToOneField(Party, on_delete=models.CASCADE, primary_key=True)
    name = models.CharField(_("name"), max_length=300)
    business_id = models.CharField(  # noqa: DJ001 (NULL = none; unique only when present)
        _("business ID (Y-tunnus)"), max_length=9, null=True, blank=True
    )
    association_number = models.CharField(
        _("association register number"), max_length=20, blank=True
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["business_id"], name="organisation_business_id_unique"),
        ]

    def __str__(self) -> str:
        return f"organisation {self.pk}"


@personal_data(
    "customer_number", "segment", "partner", "started_on", "ended_on", not_personal=("id", "party")
)
class Customer(models.Model):
    """The customer role of a party: customer number and segment, with its validity."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="customer_roles")
    customer_number = models.CharField(_("customer number"), max_length=20)
    segment = models.CharField(_("segment"), max_length=16, choices=CustomerSegment.choices)
    partner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_customers",
        verbose_name=_("customer of partner"),
        help_text=_("Set when the party is a customer of a cooperation partner."),
    )
    started_on = models.DateField(_("customer since"))
    ended_on = models.DateField(_("customer until"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer relationship")
        verbose_name_plural = _("customer relationships")
        constraints = [
            models.UniqueConstraint(fields=["customer_number"], name="customer_number_unique"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="customer_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["party"], name="customer_party_idx")]


@personal_data(
    "kind", "title", "started_on", "ended_on", not_personal=("id", "person", "organisation")
)
class OrganisationContact(models.Model):
    """A person acting as a contact of an organisation, e.g. its billing contact."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_roles")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(_("contact kind"), max_length=32, choices=ContactKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="orgcontact_ends_after_start",
            ),
        ]


@personal_data(
    "use",
    "street",
    "postal_code",
    "post_office",
    "country",
    "phone",
    "email",
    "source",
    "obtained_at",
    "search_text",
    not_personal=("id", "party", "kind"),
)
class ContactPoint(models.Model):
    """An address, phone number or e-mail address of a party, with where it came from."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="contact_points")
    kind = models.CharField(_("kind"), max_length=16, choices=ContactPointKind.choices)
    use = models.CharField(
        _("use"), max_length=16, choices=ContactPointUse.choices, default=ContactPointUse.GENERAL
    )
    street = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)  # E.164
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    source = models.CharField(_("source"), max_length=32, choices=Source.choices)
    obtained_at = models.DateTimeField(_("obtained"))
    search_text = models.CharField(max_length=400, blank=True)

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=ContactPointKind.ADDRESS, phone="", email="")
                    & ~Q(street="")
                    & ~Q(postal_code="")
                    & ~Q(country="")
                )
                | (Q(kind=ContactPointKind.PHONE, street="", email="") & ~Q(phone=""))
                | (Q(kind=ContactPointKind.EMAIL, street="", phone="") & ~Q(email="")),
                name="contactpoint_fields_match_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["party", "kind"], name="contactpoint_party_idx"),
            # Exact phone search (E.164) and exact e-mail search (folded in search_text).
            models.Index(fields=["phone"], name="contactpoint_phone_idx", condition=~Q(phone="")),
            models.Index(
                fields=["search_text"],
                name="contactpoint_email_idx",
                condition=Q(kind=ContactPointKind.EMAIL),
            ),
        ]

    def __str__(self) -> str:
        return f"contact point {self.pk}"


__all__ = ["ContactPoint", "Customer", "Organisation", "OrganisationContact", "Party", "Person"]
