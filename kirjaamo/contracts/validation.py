"""Pure validation of contract data, shared by the services and the bulk importer.

Each `clean_*` function takes raw values, returns them cleaned (whitespace normalised, codes
normalised) or raises Django's `ValidationError` with a dict of field -> messages, and never
touches the database: what needs the register (a number already in use, a product code in the
catalogue) is checked by the caller. Having one function per rule is what keeps the form, the
API and the import from drifting apart. Messages are translated sentences that never repeat the
value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kirjaamo.contracts.choices import ProductKind
from kirjaamo.lib.identifiers import IdentifierError, postal_code_normalize
from kirjaamo.lib.text import fold

MAX_NUMBER = 32  # Contract.number, Connection.connection_number, Product.code
MAX_SELLER = 200
MAX_PRODUCT_NAME = 200
MAX_STREET = 200
MAX_POST_OFFICE = 100
MAX_SEARCH_TEXT = 400  # Connection.search_text
# TextChoices.values builds a new list on every access; validation runs per imported row.
PRODUCT_KINDS = tuple(ProductKind.values)
_PRODUCT_KINDS = frozenset(PRODUCT_KINDS)


def _words(value: str) -> str:
    return " ".join((value or "").split())


@dataclass(frozen=True)
class ProductData:
    code: str
    name: str
    kind: str


def clean_product(*, code: str, name: str, kind: str) -> ProductData:
    """A catalogue entry; an unknown kind is an error that lists the kinds there are."""
    errors: dict[str, list[str]] = {}
    code, name = (code or "").strip(), _words(name)
    if not code:
        errors["code"] = [_("Product code is required.")]
    elif len(code) > MAX_NUMBER:
        errors["code"] = [_("Product code is too long.")]
    if not name:
        errors["name"] = [_("Product name is required.")]
    elif len(name) > MAX_PRODUCT_NAME:
        errors["name"] = [_("Product name is too long.")]
    if kind not in _PRODUCT_KINDS:
        errors["kind"] = [
            _("Unknown product kind. The kinds are: %(kinds)s.")
            % {"kinds": ", ".join(PRODUCT_KINDS)}
        ]
    if errors:
        raise ValidationError(errors)
    return ProductData(code=code, name=name, kind=kind)


def termination_errors(*, opened_on: dt.date, terminated_on: dt.date | None) -> list[str]:
    """The problems of a termination date (empty when it is fine or not given)."""
    if terminated_on is not None and terminated_on < opened_on:
        return [_("The contract cannot end before it opened.")]
    return []


@dataclass(frozen=True)
class ContractData:
    number: str
    seller: str


def clean_contract(
    *, number: str, seller: str, opened_on: dt.date, terminated_on: dt.date | None = None
) -> ContractData:
    """A contract's own values: its number, the seller and the dates."""
    errors: dict[str, list[str]] = {}
    number, seller = (number or "").strip(), _words(seller)
    if not number:
        errors["number"] = [_("Contract number is required.")]
    elif len(number) > MAX_NUMBER:
        errors["number"] = [_("Contract number is too long.")]
    if len(seller) > MAX_SELLER:
        errors["seller"] = [_("Seller is too long.")]
    if ended := termination_errors(opened_on=opened_on, terminated_on=terminated_on):
        errors["terminated_on"] = ended
    if errors:
        raise ValidationError(errors)
    return ContractData(number=number, seller=seller)


@dataclass(frozen=True)
class ConnectionData:
    connection_number: str
    street: str
    postal_code: str
    post_office: str

    @property
    def search_text(self) -> str:
        """The folded address the search matches (`Connection.search_text`)."""
        return fold(f"{self.street} {self.postal_code} {self.post_office}")[:MAX_SEARCH_TEXT]


def clean_connection(
    *, connection_number: str, street: str, postal_code: str, post_office: str
) -> ConnectionData:
    """A connection (liittymä): its number and the Finnish address where it is installed."""
    errors: dict[str, list[str]] = {}
    connection_number = (connection_number or "").strip()
    street = _words(street)
    post_office = _words(post_office).upper()
    if not connection_number:
        errors["connection_number"] = [_("Connection number is required.")]
    elif len(connection_number) > MAX_NUMBER:
        errors["connection_number"] = [_("Connection number is too long.")]
    if not street:
        errors["street"] = [_("Connection address is required.")]
    elif len(street) > MAX_STREET:
        errors["street"] = [_("Connection address is too long.")]
    if not post_office:
        errors["post_office"] = [_("Post office is required.")]
    elif len(post_office) > MAX_POST_OFFICE:
        errors["post_office"] = [_("Post office is too long.")]
    try:
        postal_code = postal_code_normalize(postal_code or "")
    except IdentifierError as exc:
        errors["postal_code"] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    return ConnectionData(
        connection_number=connection_number,
        street=street,
        postal_code=postal_code,
        post_office=post_office,
    )
