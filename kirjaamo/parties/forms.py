"""Forms of the customer card.

A form parses the input and checks it with the same pure validation the services use
(kirjaamo.parties.validation), so every error is shown at once next to its field in the UI
language. Saving calls the services inside one transaction: if a service still refuses (a HETU or
customer number taken meanwhile), nothing is written and its ValidationError is mapped back onto
the form's fields by `add_service_errors`.

A HETU is never put back into a form: the edit form shows it masked and has an empty input for a
new code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kirjaamo.audit.actor import Actor
from kirjaamo.lib.identifiers import phone_display
from kirjaamo.parties import services
from kirjaamo.parties.choices import (
    ContactKind,
    ContactPointKind,
    ContactPointUse,
    CustomerSegment,
    Language,
    Source,
)
from kirjaamo.parties.models import ContactPoint, Organisation, OrganisationContact, Party, Person
from kirjaamo.parties.selectors import person_by_customer_number
from kirjaamo.parties.validation import clean_contact_point, clean_organisation, clean_person
from kirjaamo.profile.active import collects

CHOOSE = ("", _("— choose —"))


def add_service_errors(
    form: forms.Form, exc: ValidationError, field_map: Mapping[str, str] | None = None
) -> None:
    """Put the messages of a service's ValidationError next to the matching form fields.

    `field_map` renames service fields to form fields; messages for fields the form does not
    have are shown at the top of the form. A field that already failed its own check keeps
    that one message.
    """
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for key, messages in exc.message_dict.items():
        target: str | None = (field_map or {}).get(key, key)
        if target not in form.fields:
            target = None
        if target is not None and target in form.errors:
            continue  # the field's own check already says what is wrong with it
        for message in messages:
            form.add_error(target, message)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _code_input() -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})


class HetuInput(forms.TextInput):
    """A text input that never writes its value back into the page: a HETU typed in is not
    echoed in the response, not even after a validation error."""

    def format_value(self, value: Any) -> str | None:
        return None


def _hetu_input() -> HetuInput:
    return HetuInput(attrs={"autocomplete": "off", "spellcheck": "false"})


def explain_hidden_hetu(form: forms.Form, field: str) -> None:
    """After a failed save, tell the user that the code they typed is not shown again."""
    if form.is_bound and form.data.get(field) and field not in form.errors:
        note = _(
            "The identity code you typed is not shown again, for privacy. Type it again "
            "before saving."
        )
        form.fields[field].help_text = note
        form[field].help_text = note  # the bound field copied the text when it was cleaned


class ContactFieldsMixin:
    """Optional first phone, e-mail and postal address with one source, for the create forms."""

    CONTACT_FIELDS = ("phone", "email", "street", "postal_code", "post_office", "source")

    @staticmethod
    def contact_fields() -> dict[str, forms.Field]:
        return {
            "phone": forms.CharField(
                label=_("Phone"),
                required=False,
                max_length=40,
                help_text=_("Any common form, e.g. 040 123 4567 or +358 40 123 4567."),
                widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            ),
            "email": forms.CharField(
                label=_("E-mail"),
                required=False,
                max_length=254,
                widget=forms.EmailInput(attrs={"autocomplete": "off"}),
            ),
            "street": forms.CharField(label=_("Street address"), required=False, max_length=200),
            "postal_code": forms.CharField(label=_("Postal code"), required=False, max_length=16),
            "post_office": forms.CharField(label=_("Post office"), required=False, max_length=100),
            "source": forms.ChoiceField(
                label=_("Source of the contact data"),
                choices=Source.choices,
                initial=Source.DATA_SUBJECT,
            ),
        }

    def contact_values(self, data: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The contact points the user filled in, as keyword arguments of the service."""
        source = data.get("source") or Source.DATA_SUBJECT
        out = []
        if data.get("phone"):
            out.append({"kind": ContactPointKind.PHONE, "phone": data["phone"], "source": source})
        if data.get("email"):
            out.append({"kind": ContactPointKind.EMAIL, "email": data["email"], "source": source})
        if data.get("street") or data.get("postal_code") or data.get("post_office"):
            out.append(
                {
                    "kind": ContactPointKind.ADDRESS,
                    "street": data.get("street", ""),
                    "postal_code": data.get("postal_code", ""),
                    "post_office": data.get("post_office", ""),
                    "source": source,
                }
            )
        return out

    def check_contacts(self, form: forms.Form, data: Mapping[str, Any]) -> None:
        for values in self.contact_values(data):
            try:
                clean_contact_point(**values)
            except ValidationError as exc:
                add_service_errors(form, exc, {"country": "postal_code"})

    @staticmethod
    def create_contacts(*, actor: Actor, party: Party, values: Iterable[dict[str, Any]]) -> None:
        for kwargs in values:
            services.contact_point_create(actor=actor, party=party, **kwargs)


# Form fields that hold a profile-declared field: absent when the profile does not collect it.
PROFILE_FIELDS = {
    "hetu": "parties.Person.hetu_encrypted",
    "new_hetu": "parties.Person.hetu_encrypted",
    "remove_hetu": "parties.Person.hetu_encrypted",
    "hetu_temporary": "parties.Person.hetu_temporary",
    "birth_date": "parties.Person.birth_date",
    "profession": "parties.Person.profession",
}


def drop_not_collected(form: forms.Form) -> None:
    """Remove the inputs for data the register profile does not collect (principle 1)."""
    for name, ref in PROFILE_FIELDS.items():
        if name in form.fields and not collects(ref):
            del form.fields[name]


class PersonCreateForm(ContactFieldsMixin, forms.Form):
    first_names = forms.CharField(label=_("First names"), max_length=200)
    last_name = forms.CharField(label=_("Last name"), max_length=200)
    hetu = forms.CharField(
        label=_("Personal identity code (HETU)"),
        required=False,
        max_length=20,
        help_text=_("Optional. Stored encrypted and shown only masked."),
        widget=_hetu_input(),
    )
    hetu_temporary = forms.BooleanField(
        label=_("The code is a temporary identity code (900–999)"), required=False
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("Taken from the identity code when one is given."),
        widget=_date_input(),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial="fi")
    profession = forms.CharField(label=_("Profession or position"), required=False, max_length=200)
    customer_number = forms.CharField(
        label=_("Customer number"),
        required=False,
        max_length=20,
        help_text=_("Leave empty if the person is not a customer, e.g. only a contact person."),
        widget=_code_input(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(self.contact_fields())
        drop_not_collected(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            clean_person(
                first_names=data.get("first_names", ""),
                last_name=data.get("last_name", ""),
                hetu=data.get("hetu") or None,
                hetu_temporary=bool(data.get("hetu_temporary")),
                birth_date=data.get("birth_date"),
                language=data.get("language", ""),
                profession=data.get("profession", ""),
            )
        except ValidationError as exc:
            add_service_errors(self, exc)
        self.check_contacts(self, data)
        return data

    @transaction.atomic
    def save(self, *, actor: Actor) -> Person:
        data = self.cleaned_data
        person = services.person_create(
            actor=actor,
            first_names=data["first_names"],
            last_name=data["last_name"],
            hetu=data.get("hetu") or None,
            hetu_temporary=bool(data.get("hetu_temporary")),
            birth_date=data.get("birth_date"),
            language=data["language"],
            profession=data.get("profession", ""),
        )
        if data["customer_number"]:
            services.customer_create(
                actor=actor,
                party=person.party,
                customer_number=data["customer_number"],
                segment=CustomerSegment.CONSUMER,
            )
        self.create_contacts(actor=actor, party=person.party, values=self.contact_values(data))
        return person


class OrganisationCreateForm(ContactFieldsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    business_id = forms.CharField(
        label=_("Business ID (Y-tunnus)"),
        required=False,
        max_length=20,
        help_text=_("E.g. 1234567-8."),
        widget=_code_input(),
    )
    association_number = forms.CharField(
        label=_("Association register number"), required=False, max_length=20
    )
    customer_number = forms.CharField(
        label=_("Customer number"), required=False, max_length=20, widget=_code_input()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(self.contact_fields())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            clean_organisation(
                name=data.get("name", ""),
                business_id=data.get("business_id") or None,
                association_number=data.get("association_number", ""),
            )
        except ValidationError as exc:
            add_service_errors(self, exc)
        self.check_contacts(self, data)
        return data

    @transaction.atomic
    def save(self, *, actor: Actor) -> Organisation:
        data = self.cleaned_data
        organisation = services.organisation_create(
            actor=actor,
            name=data["name"],
            business_id=data["business_id"] or None,
            association_number=data["association_number"],
        )
        if data["customer_number"]:
            services.customer_create(
                actor=actor,
                party=organisation.party,
                customer_number=data["customer_number"],
                segment=CustomerSegment.BUSINESS,
            )
        self.create_contacts(
            actor=actor, party=organisation.party, values=self.contact_values(data)
        )
        return organisation


class PersonIdentityForm(forms.Form):
    """Edit a person's identity. The HETU field is always empty: a code typed in replaces the
    stored one; leaving it empty keeps it."""

    first_names = forms.CharField(label=_("First names"), max_length=200)
    last_name = forms.CharField(label=_("Last name"), max_length=200)
    new_hetu = forms.CharField(
        label=_("New personal identity code (HETU)"),
        required=False,
        max_length=20,
        help_text=_("Leave empty to keep the current code. A code entered here replaces it."),
        widget=_hetu_input(),
    )
    hetu_temporary = forms.BooleanField(
        label=_("The code is a temporary identity code (900–999)"), required=False
    )
    remove_hetu = forms.BooleanField(label=_("Remove the identity code"), required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=_date_input())
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    profession = forms.CharField(label=_("Profession or position"), required=False, max_length=200)

    def __init__(self, *args: Any, person: Person, has_hetu: bool, **kwargs: Any) -> None:
        self.person = person
        self.has_hetu = has_hetu
        kwargs.setdefault(
            "initial",
            {
                "first_names": person.first_names,
                "last_name": person.last_name,
                "hetu_temporary": person.hetu_temporary,
                "birth_date": person.birth_date,
                "language": person.language,
                "profession": person.profession,
            },
        )
        super().__init__(*args, **kwargs)
        drop_not_collected(self)
        if not has_hetu and "remove_hetu" in self.fields:
            del self.fields["remove_hetu"]
            self.fields["new_hetu"].label = _("Personal identity code (HETU)")
            self.fields["new_hetu"].help_text = _(
                "Optional. Stored encrypted and shown only masked."
            )

    def changes(self) -> dict[str, Any]:
        """Keyword arguments for person_update. The birth date is passed only when the user
        changed it, so a new code alone re-derives it."""
        data = self.cleaned_data
        changes: dict[str, Any] = {
            "first_names": data["first_names"],
            "last_name": data["last_name"],
            "language": data["language"],
            "profession": data.get("profession", ""),
            "hetu_temporary": bool(data.get("hetu_temporary")),
        }
        if data.get("new_hetu"):
            changes["hetu"] = data["new_hetu"]
        elif data.get("remove_hetu"):
            changes["hetu"] = None
            changes["hetu_temporary"] = False
        if data.get("birth_date") != self.person.birth_date:
            changes["birth_date"] = data.get("birth_date")
        return changes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_hetu") and data.get("remove_hetu"):
            self.add_error(
                "remove_hetu", _("Either enter a new code or remove the code, not both.")
            )
        elif data.get("hetu_temporary") and not (self.has_hetu or data.get("new_hetu")):
            self.add_error(
                "hetu_temporary", _("A code can be marked temporary only when one is given.")
            )
        return data

    def save(self, *, actor: Actor) -> Person:
        """Update through the service; its ValidationError (field -> messages) is raised as is
        and nothing is written."""
        return services.person_update(actor=actor, person=self.person, **self.changes())

    SERVICE_FIELDS = {"hetu": "new_hetu"}


class OrganisationIdentityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    business_id = forms.CharField(
        label=_("Business ID (Y-tunnus)"), required=False, max_length=20, widget=_code_input()
    )
    association_number = forms.CharField(
        label=_("Association register number"), required=False, max_length=20
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        self.organisation = organisation
        kwargs.setdefault(
            "initial",
            {
                "name": organisation.name,
                "business_id": organisation.business_id or "",
                "association_number": organisation.association_number,
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            clean_organisation(
                name=data.get("name", ""),
                business_id=data.get("business_id") or None,
                association_number=data.get("association_number", ""),
            )
        except ValidationError as exc:
            add_service_errors(self, exc)
        return data

    def save(self, *, actor: Actor) -> Organisation:
        data = self.cleaned_data
        return services.organisation_update(
            actor=actor,
            organisation=self.organisation,
            name=data["name"],
            business_id=data["business_id"] or None,
            association_number=data["association_number"],
        )


class ContactPointForm(forms.Form):
    """Add or edit one contact point; the fields depend on its kind."""

    KIND_FIELDS = {
        ContactPointKind.ADDRESS: ("street", "postal_code", "post_office", "country"),
        ContactPointKind.PHONE: ("phone",),
        ContactPointKind.EMAIL: ("email",),
    }

    street = forms.CharField(label=_("Street address"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), max_length=16)
    post_office = forms.CharField(label=_("Post office"), max_length=100)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        initial="FI",
        help_text=_("Two-letter country code, e.g. FI or SE."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        help_text=_("Any common form, e.g. 040 123 4567 or +358 40 123 4567."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    use = forms.ChoiceField(label=_("Use"), choices=ContactPointUse.choices, initial="general")
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[CHOOSE, *Source.choices],
        help_text=_("Where this information came from now, e.g. the customer on the phone."),
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        contact_point: ContactPoint | None = None,
        **kwargs: Any,
    ) -> None:
        self.kind = kind
        self.contact_point = contact_point
        if contact_point is not None:
            kwargs.setdefault(
                "initial",
                {
                    "street": contact_point.street,
                    "postal_code": contact_point.postal_code,
                    "post_office": contact_point.post_office,
                    "country": contact_point.country or "FI",
                    "phone": phone_display(contact_point.phone) if contact_point.phone else "",
                    "email": contact_point.email,
                    "use": contact_point.use,
                },
            )
        else:
            kwargs.setdefault("initial", {"source": Source.DATA_SUBJECT, "country": "FI"})
        super().__init__(*args, **kwargs)
        keep = {*self.KIND_FIELDS[ContactPointKind(kind)], "use", "source"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = {name: data.get(name, "") for name in self.fields}
        # A missing source or use is already reported by its field; check the value anyway.
        values["source"] = values["source"] or Source.DATA_SUBJECT
        values["use"] = values["use"] or ContactPointUse.GENERAL
        try:
            clean_contact_point(kind=self.kind, **values)
        except ValidationError as exc:
            add_service_errors(
                self, ValidationError({k: v for k, v in exc.message_dict.items() if k in data})
            )
        return data

    def save(self, *, actor: Actor, party: Party) -> ContactPoint:
        if self.contact_point is None:
            return services.contact_point_create(
                actor=actor, party=party, kind=self.kind, **self.values()
            )
        return services.contact_point_update(
            actor=actor, contact_point=self.contact_point, **self.values()
        )


class OrganisationContactForm(ContactFieldsMixin, forms.Form):
    """Add a contact person to an organisation: an existing person (by customer number) or a new
    person with an optional phone and e-mail."""

    kind = forms.ChoiceField(label=_("Contact kind"), choices=[CHOOSE, *ContactKind.choices])
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    existing_customer_number = forms.CharField(
        label=_("Customer number of an existing person"),
        required=False,
        max_length=20,
        help_text=_("Fill this in, or the name of a new person below, not both."),
        widget=_code_input(),
    )
    first_names = forms.CharField(label=_("First names"), required=False, max_length=200)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=200)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        self.organisation = organisation
        self.existing: Person | None = None
        super().__init__(*args, **kwargs)
        fields = self.contact_fields()
        for name in ("phone", "email", "source"):
            self.fields[name] = fields[name]
        # Only a new person's phone and e-mail need a source.
        self.fields["source"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = data.get("existing_customer_number", "")
        named = data.get("first_names") or data.get("last_name")
        if number and named:
            self.add_error(
                "existing_customer_number",
                _("Give either the customer number of an existing person or a new name."),
            )
        elif number:
            self.existing = person_by_customer_number(number)
            if self.existing is None:
                self.add_error("existing_customer_number", _("No person has this customer number."))
            elif data.get("phone") or data.get("email"):
                self.add_error(
                    None,
                    _(
                        "Add the phone and e-mail of an existing person on their own card; "
                        "leave them empty here."
                    ),
                )
        else:
            try:
                clean_person(
                    first_names=data.get("first_names", ""),
                    last_name=data.get("last_name", ""),
                    hetu=None,
                    hetu_temporary=False,
                    birth_date=None,
                    language=Language.FI,
                    profession="",
                )
            except ValidationError as exc:
                add_service_errors(self, exc)
            self.check_contacts(self, data)
        return data

    @transaction.atomic
    def save(self, *, actor: Actor) -> OrganisationContact:
        data = self.cleaned_data
        person = self.existing
        if person is None:
            person = services.person_create(
                actor=actor, first_names=data["first_names"], last_name=data["last_name"]
            )
            self.create_contacts(actor=actor, party=person.party, values=self.contact_values(data))
        return services.organisation_contact_add(
            actor=actor,
            person=person,
            organisation=self.organisation,
            kind=data["kind"],
            title=data["title"],
        )


__all__ = [
    "ContactPointForm",
    "OrganisationContactForm",
    "OrganisationCreateForm",
    "OrganisationIdentityForm",
    "PersonCreateForm",
    "PersonIdentityForm",
    "add_service_errors",
]
