"""The columns of each import kind and the validation of one row, without the database.

Rows are validated by the same functions the services use (`kirjaamo.parties.validation`,
`kirjaamo.contracts.validation`, `kirjaamo.billing.services.clean_invoice` and
`clean_collection_case`), so a file is held to the same rules as a form and the two cannot drift
apart. What needs the register (matching, duplicates against existing data, product codes) is
checked by the importers in `kirjaamo.imports.parties` / `.contracts` / `.products`.

A problem is reported as (column, reason); the reason is a translated sentence that never
repeats the cell's value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kirjaamo.billing.choices import InvoiceStatus
from kirjaamo.billing.services import clean_collection_case, clean_invoice
from kirjaamo.contracts.validation import (
    ConnectionData,
    ProductData,
    clean_connection,
    clean_contract,
    clean_product,
)
from kirjaamo.imports import cells
from kirjaamo.imports.choices import ImportKind
from kirjaamo.parties.choices import ContactPointKind, Language
from kirjaamo.parties.services import hetu_index_of
from kirjaamo.parties.validation import (
    ContactPointData,
    OrganisationData,
    PersonData,
    clean_contact_point,
    clean_organisation,
    clean_person,
)

MAX_CUSTOMER_NUMBER = 20  # parties.Customer.customer_number
PRODUCT_SEPARATOR = "|"
_STATUSES = frozenset(InvoiceStatus.values)


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    read: Callable[[object], object] = cells.text


def _postal(value: object) -> str:
    return cells.digits_text(value, width=5)


ADDRESS_COLUMNS = (
    Column("street"),
    Column("postal_code", read=_postal),
    Column("city"),
    Column("country", read=lambda v: cells.text(v).upper()),
    Column("phone", read=cells.phone_text),
    Column("email"),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.PERSONS: (
        Column("customer_number", required=True, read=cells.code),
        Column("first_names", required=True),
        Column("last_name", required=True),
        Column("hetu"),
        Column("hetu_temporary", read=cells.flag),
        Column("language", read=lambda v: cells.text(v).lower()),
        Column("profession"),
        *ADDRESS_COLUMNS,
    ),
    ImportKind.ORGANISATIONS: (
        Column("customer_number", required=True, read=cells.code),
        Column("name", required=True),
        Column("business_id"),
        Column("association_number", read=cells.code),
        *ADDRESS_COLUMNS,
    ),
    ImportKind.PRODUCTS: (
        Column("code", required=True, read=cells.code),
        Column("name", required=True),
        Column("kind", required=True, read=cells.choice),
        Column("active", read=cells.optional_flag),
    ),
    ImportKind.CONTRACTS: (
        Column("contract_number", required=True, read=cells.code),
        Column("customer_number", required=True, read=cells.code),
        Column("opened_on", required=True, read=cells.date),
        Column("terminated_on", read=cells.date),
        Column("seller"),
        Column("products"),
        Column("connection_number", read=cells.code),
        Column("connection_street"),
        Column("connection_postal_code", read=_postal),
        Column("connection_city"),
        Column("payer_customer_number", read=cells.code),
        Column("user_customer_number", read=cells.code),
    ),
    ImportKind.INVOICES: (
        Column("invoice_number", required=True, read=cells.code),
        Column("customer_number", required=True, read=cells.code),
        Column("contract_number", read=cells.code),
        Column("issued_on", required=True, read=cells.date),
        Column("due_on", required=True, read=cells.date),
        Column("amount", required=True, read=cells.amount_cents),
        Column("status", required=True, read=cells.choice),
        Column("paid_on", read=cells.date),
        Column("collection_agency"),
        Column("collection_handed_over_on", read=cells.date),
        Column("collection_closed_on", read=cells.date),
    ),
}

# Field names of the shared validators -> the file's column that holds the value.
_PARTY_COLUMNS = {"post_office": "city", "birth_date": "hetu"}
_CONTRACT_COLUMNS = {"number": "contract_number"}
_CONNECTION_COLUMNS = {
    "connection_number": "connection_number",
    "street": "connection_street",
    "postal_code": "connection_postal_code",
    "post_office": "connection_city",
}
_INVOICE_COLUMNS = {"number": "invoice_number", "amount_cents": "amount"}
_COLLECTION_COLUMNS = {
    "agency": "collection_agency",
    "handed_over_on": "collection_handed_over_on",
    "closed_on": "collection_closed_on",
}


@dataclass
class Problem:
    row: int | None  # as the spreadsheet shows it, header = 1; None for the whole file
    column: str
    reason: str


class RowInvalid(Exception):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def check_header(kind: str, header: Sequence[str]) -> list[Problem]:
    """Unknown, repeated and missing columns, each named (row 1 of the file).

    When required columns are missing, the first row may be a data row (a file saved without
    its heading row), so unknown headings are then named by their position only: the cell
    could hold a name or a HETU, which must not be repeated in the report.
    """
    columns = COLUMNS[kind]
    known = {c.name for c in columns}
    present = set(header)
    missing = [c.name for c in columns if c.required and c.name not in present]
    all_columns = ", ".join(c.name for c in columns)
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, name in enumerate(header):
        if not name:
            continue
        if name in seen:
            shown = name if name in known or not missing else ""
            problems.append(
                Problem(
                    1,
                    shown,
                    _("Column %(position)s repeats a heading that is already used.")
                    % {"position": _column_letter(index)},
                )
            )
        elif name not in known:
            position = _column_letter(index)
            if missing:
                reason = _(
                    "Column %(position)s has an unknown heading. The first row must name the "
                    "columns: %(columns)s."
                ) % {"position": position, "columns": all_columns}
                problems.append(Problem(1, "", reason))
            else:
                reason = _(
                    "Unknown column (column %(position)s). The columns of this kind of file are: "
                    "%(columns)s."
                ) % {"position": position, "columns": all_columns}
                problems.append(Problem(1, name, reason))
        seen.add(name)
    for name in missing:
        problems.append(Problem(1, name, _("This required column is missing.")))
    return problems


# The model field each column fills, for the register profile's `not_collected` (principle 1):
# a value in a column whose data the active profile does not collect is refused.
_CONTACT_FIELDS = {
    "street": "parties.ContactPoint.street",
    "postal_code": "parties.ContactPoint.postal_code",
    "city": "parties.ContactPoint.post_office",
    "country": "parties.ContactPoint.country",
    "phone": "parties.ContactPoint.phone",
    "email": "parties.ContactPoint.email",
}
COLUMN_FIELDS: dict[str, dict[str, str]] = {
    "persons": {
        **_CONTACT_FIELDS,
        "hetu": "parties.Person.hetu_encrypted",
        "hetu_temporary": "parties.Person.hetu_temporary",
        "language": "parties.Person.language",
        "profession": "parties.Person.profession",
    },
    "organisations": dict(_CONTACT_FIELDS),
    "contracts": {
        "seller": "contracts.Contract.seller",
        "products": "contracts.ContractProduct.product",
        "connection_number": "contracts.Connection.connection_number",
        "connection_street": "contracts.Connection.street",
        "connection_postal_code": "contracts.Connection.postal_code",
        "connection_city": "contracts.Connection.post_office",
        "payer_customer_number": "contracts.ContractRole.role",
        "user_customer_number": "contracts.ContractRole.role",
    },
    "invoices": {
        "collection_agency": "billing.CollectionCase.agency",
        "collection_handed_over_on": "billing.CollectionCase.handed_over_on",
        "collection_closed_on": "billing.CollectionCase.closed_on",
    },
}


class RowReader:
    """Reads a row's cells by column name and converts them; collects cell problems."""

    def __init__(self, kind: str, header: Sequence[str]) -> None:
        from kirjaamo.profile.active import collects

        self.columns = COLUMNS[kind]
        self.position = {name: i for i, name in enumerate(header) if name}
        self.width = len(header)
        self.unnamed = [i for i, name in enumerate(header) if not name]
        self.not_collected = {
            column for column, ref in COLUMN_FIELDS.get(kind, {}).items() if not collects(ref)
        }

    def read(self, cells_: Sequence[object]) -> dict[str, object]:
        values: dict[str, object] = {}
        problems: list[tuple[str, str]] = []
        extra = list(cells_[self.width :]) + [cells_[i] for i in self.unnamed if i < len(cells_)]
        if any(cells.text(c) for c in extra):
            problems.append(("", _("The row has a value in a column without a heading.")))
        for column in self.columns:
            index = self.position.get(column.name)
            raw = cells_[index] if index is not None and index < len(cells_) else None
            try:
                values[column.name] = column.read(raw)
            except cells.CellError as exc:
                problems.append((column.name, str(exc)))
                continue
            if column.name in self.not_collected and values[column.name] not in (None, "", False):
                problems.append(
                    (
                        column.name,
                        _(
                            "The register profile does not collect this data; leave the "
                            "column empty or remove it."
                        ),
                    )
                )
        if problems:
            raise RowInvalid(problems)
        return values


def _problems(
    errors: ValidationError | Mapping[str, Sequence[object]], columns: Mapping[str, str]
) -> list[tuple[str, str]]:
    """(column, reason) of a validator's field errors; `columns` maps its field names."""
    items = errors.message_dict if isinstance(errors, ValidationError) else errors
    return [
        (columns.get(name, name), str(message))
        for name, messages in items.items()
        for message in messages
    ]


def _customer_number(
    values: Mapping[str, object],
    problems: list[tuple[str, str]],
    *,
    column: str = "customer_number",
    required: bool = True,
) -> str:
    number = str(values[column])
    if not number:
        if required:
            problems.append((column, _("Customer number is required.")))
    elif len(number) > MAX_CUSTOMER_NUMBER:
        problems.append((column, _("Customer number is too long.")))
    return number


def _contact_points(
    values: Mapping[str, object], *, source: str, problems: list[tuple[str, str]]
) -> list[ContactPointData]:
    """The address, phone and e-mail of the row; each is optional, but an address is whole."""
    points = []
    street, postal, city = (str(values[k]) for k in ("street", "postal_code", "city"))
    wanted: list[tuple[str, dict[str, str]]] = []
    if street or postal or city:
        wanted.append(
            (
                ContactPointKind.ADDRESS,
                {
                    "street": street,
                    "postal_code": postal,
                    "post_office": city,
                    "country": str(values["country"]) or "FI",
                },
            )
        )
    if values["phone"]:
        wanted.append((ContactPointKind.PHONE, {"phone": str(values["phone"])}))
    if values["email"]:
        wanted.append((ContactPointKind.EMAIL, {"email": str(values["email"])}))
    for kind, fields in wanted:
        try:
            points.append(clean_contact_point(kind=kind, source=source, **fields))
        except ValidationError as exc:
            problems.extend(_problems(exc, _PARTY_COLUMNS))
    return points


@dataclass
class PersonRow:
    row: int
    customer_number: str
    person: PersonData
    hetu_index: str | None
    language_given: bool
    profession_given: bool
    contact_points: list[ContactPointData] = field(default_factory=list)


def clean_person_row(row: int, values: Mapping[str, object], *, source: str) -> PersonRow:
    problems: list[tuple[str, str]] = []
    number = _customer_number(values, problems)
    language = str(values["language"])
    person: PersonData | None = None
    try:
        person = clean_person(
            first_names=str(values["first_names"]),
            last_name=str(values["last_name"]),
            hetu=str(values["hetu"]) or None,
            hetu_temporary=bool(values["hetu_temporary"]),
            birth_date=None,
            language=language or Language.FI,
            profession=str(values["profession"]),
        )
    except ValidationError as exc:
        problems.extend(_problems(exc, _PARTY_COLUMNS))
    points = _contact_points(values, source=source, problems=problems)
    if problems or person is None:
        raise RowInvalid(problems)
    return PersonRow(
        row=row,
        customer_number=number,
        person=person,
        hetu_index=hetu_index_of(person.hetu) if person.hetu else None,
        language_given=bool(language),
        profession_given=bool(values["profession"]),
        contact_points=points,
    )


@dataclass
class OrganisationRow:
    row: int
    customer_number: str
    organisation: OrganisationData
    association_given: bool
    contact_points: list[ContactPointData] = field(default_factory=list)


def clean_organisation_row(
    row: int, values: Mapping[str, object], *, source: str
) -> OrganisationRow:
    problems: list[tuple[str, str]] = []
    number = _customer_number(values, problems)
    organisation: OrganisationData | None = None
    try:
        organisation = clean_organisation(
            name=str(values["name"]),
            business_id=str(values["business_id"]) or None,
            association_number=str(values["association_number"]),
        )
    except ValidationError as exc:
        problems.extend(_problems(exc, _PARTY_COLUMNS))
    points = _contact_points(values, source=source, problems=problems)
    if problems or organisation is None:
        raise RowInvalid(problems)
    return OrganisationRow(
        row=row,
        customer_number=number,
        organisation=organisation,
        association_given=bool(values["association_number"]),
        contact_points=points,
    )


@dataclass
class ProductRow:
    row: int
    product: ProductData
    active: bool | None  # None: not given (a new product is active, an existing one keeps it)


def clean_product_row(row: int, values: Mapping[str, object]) -> ProductRow:
    try:
        product = clean_product(
            code=str(values["code"]), name=str(values["name"]), kind=str(values["kind"])
        )
    except ValidationError as exc:
        raise RowInvalid(_problems(exc, {})) from None
    active = values["active"]
    return ProductRow(row=row, product=product, active=active if isinstance(active, bool) else None)


@dataclass
class ContractRow:
    row: int
    number: str
    customer_number: str
    opened_on: dt.date
    terminated_on: dt.date | None
    seller: str
    product_codes: list[str]
    connection: ConnectionData | None
    payer_customer_number: str = ""  # empty: not given
    user_customer_number: str = ""


def _connection(
    values: Mapping[str, object], problems: list[tuple[str, str]]
) -> ConnectionData | None:
    """The row's connection by `clean_connection`; None when all its cells are empty."""
    given = {name: str(values[column]) for name, column in _CONNECTION_COLUMNS.items()}
    if not any(given.values()):
        return None
    try:
        return clean_connection(**given)
    except ValidationError as exc:
        problems.extend(_problems(exc, _CONNECTION_COLUMNS))
    return None


def clean_contract_row(row: int, values: Mapping[str, object]) -> ContractRow:
    problems: list[tuple[str, str]] = []
    customer_number = _customer_number(values, problems)
    opened_on, terminated_on = values["opened_on"], values["terminated_on"]
    opened = opened_on if isinstance(opened_on, dt.date) else None
    terminated = terminated_on if isinstance(terminated_on, dt.date) else None
    if opened is None:
        problems.append(("opened_on", _("The opening date is required.")))
    contract = None
    try:
        contract = clean_contract(
            number=str(values["contract_number"]),
            seller=str(values["seller"]),
            # Without an opening date there is nothing to compare the termination date with.
            opened_on=opened or dt.date.min,
            terminated_on=terminated if opened else None,
        )
    except ValidationError as exc:
        problems.extend(_problems(exc, _CONTRACT_COLUMNS))
    codes: list[str] = []
    for item in str(values["products"]).split(PRODUCT_SEPARATOR):
        product_code = item.strip()
        if product_code and product_code not in codes:
            codes.append(product_code)
    connection = _connection(values, problems)
    payer = _customer_number(values, problems, column="payer_customer_number", required=False)
    user = _customer_number(values, problems, column="user_customer_number", required=False)
    if problems or opened is None or contract is None:
        raise RowInvalid(problems)
    return ContractRow(
        row=row,
        number=contract.number,
        customer_number=customer_number,
        opened_on=opened,
        terminated_on=terminated,
        seller=contract.seller,
        product_codes=codes,
        connection=connection,
        payer_customer_number=payer,
        user_customer_number=user,
    )


@dataclass(frozen=True)
class CollectionData:
    agency: str
    handed_over_on: dt.date
    closed_on: dt.date | None


@dataclass
class InvoiceRow:
    row: int
    number: str
    customer_number: str
    contract_number: str
    issued_on: dt.date
    due_on: dt.date
    amount_cents: int
    status: str
    paid_on: dt.date | None
    collection: CollectionData | None = None


def _collection(
    values: Mapping[str, object], status: str, problems: list[tuple[str, str]]
) -> CollectionData | None:
    """The row's collection case by `clean_collection_case`; None when its cells are empty."""
    agency = str(values["collection_agency"])
    handed_over_on, closed_on = values["collection_handed_over_on"], values["collection_closed_on"]
    handed = handed_over_on if isinstance(handed_over_on, dt.date) else None
    closed = closed_on if isinstance(closed_on, dt.date) else None
    if not (agency or handed or closed):
        return None
    if not agency:
        problems.append(
            (
                "collection_agency",
                _("Name the collection agency: the collection dates belong to its case."),
            )
        )
    if handed is None:
        problems.append(
            (
                "collection_handed_over_on",
                _("Give the date the invoice was handed over to the collection agency."),
            )
        )
    # An open case means the claim is with the agency. A closed case may end with the invoice
    # paid, credited or back with the company, so its status is then whatever the file says.
    if closed is None and status in _STATUSES and status != InvoiceStatus.IN_COLLECTION:
        problems.append(
            (
                "status",
                _(
                    "An invoice with an open collection case has the status in_collection. "
                    "Correct the status, give the date the case was closed, or leave the "
                    "collection columns empty."
                ),
            )
        )
    if not agency or handed is None:
        return None
    try:
        clean_agency = clean_collection_case(agency=agency, handed_over_on=handed, closed_on=closed)
    except ValidationError as exc:
        problems.extend(_problems(exc, _COLLECTION_COLUMNS))
        return None
    return CollectionData(agency=clean_agency, handed_over_on=handed, closed_on=closed)


def clean_invoice_row(row: int, values: Mapping[str, object]) -> InvoiceRow:
    problems: list[tuple[str, str]] = []
    number = str(values["invoice_number"])
    customer_number = _customer_number(values, problems)
    issued_on, due_on, amount = values["issued_on"], values["due_on"], values["amount"]
    paid_on, status = values["paid_on"], str(values["status"])
    if issued_on is None:
        problems.append(("issued_on", _("The invoice date is required.")))
    if due_on is None:
        problems.append(("due_on", _("The due date is required.")))
    if amount is None:
        problems.append(("amount", _("The amount is required.")))
    # Missing dates or amount are reported above; stand-ins let clean_invoice report the rest.
    issued = issued_on if isinstance(issued_on, dt.date) else None
    due = due_on if isinstance(due_on, dt.date) else None
    paid = paid_on if isinstance(paid_on, dt.date) else None
    errors = clean_invoice(
        number=number,
        issued_on=issued or due or dt.date.min,
        due_on=due or issued or dt.date.min,
        amount_cents=amount if isinstance(amount, int) else 0,
        status=status,
        paid_on=paid,
    )
    problems.extend(_problems(errors, _INVOICE_COLUMNS))
    collection = _collection(values, status, problems)
    if problems or issued is None or due is None or not isinstance(amount, int):
        raise RowInvalid(problems)
    return InvoiceRow(
        row=row,
        number=number.strip(),
        customer_number=customer_number,
        contract_number=str(values["contract_number"]),
        issued_on=issued,
        due_on=due,
        amount_cents=amount,
        status=status,
        paid_on=paid,
        collection=collection,
    )
