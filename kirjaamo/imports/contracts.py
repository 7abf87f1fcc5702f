"""Importing contracts (with products, a connection and their roles) and invoices (with a
collection case).

Both refer to customers by customer number, so customers are imported first. Contracts are
matched on the contract number, invoices on the invoice number; a matched row updates what
changed. Products must exist in the catalogue: an unknown code is an error that lists the known
codes, because a typo must not create a product. Holders, payers and users of a contract and
the payer of an invoice are never changed by an import (a different one is an error), and
nothing is deleted. A collection case is matched on invoice, agency and hand-over date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kirjaamo.billing.models import CollectionCase, Invoice
from kirjaamo.contracts.choices import ContractRoleKind
from kirjaamo.contracts.models import Connection, Contract, ContractProduct, ContractRole, Product
from kirjaamo.contracts.validation import ConnectionData
from kirjaamo.imports.bulk import values_by_key
from kirjaamo.imports.choices import ImportKind
from kirjaamo.imports.importer import Importer
from kirjaamo.imports.validation import (
    ContractRow,
    InvoiceRow,
    clean_contract_row,
    clean_invoice_row,
)
from kirjaamo.parties.models import Customer

CONTRACT_COLUMNS = ("number", "seller", "opened_on", "terminated_on", "created_at")
ROLE_COLUMNS = ("contract_id", "party_id", "role", "started_on", "ended_on")
PRODUCT_COLUMNS = ("contract_id", "product_id", "started_on", "ended_on")
CONNECTION_COLUMNS = (
    "contract_id",
    "connection_number",
    "street",
    "postal_code",
    "post_office",
    "activated_on",
    "closed_on",
    "search_text",
)
INVOICE_COLUMNS = (
    "number",
    "payer_id",
    "contract_id",
    "issued_on",
    "due_on",
    "amount_cents",
    "status",
    "paid_on",
)
INVOICE_UPDATE_FIELDS = ["contract_id", "issued_on", "due_on", "amount_cents", "status", "paid_on"]
COLLECTION_COLUMNS = ("invoice_id", "agency", "handed_over_on", "closed_on")
MAX_CODES_LISTED = 40


@dataclass(frozen=True)
class _RoleColumn:
    """An optional role column of the contracts file and its errors."""

    column: str
    role: str
    other: Promise  # the contract has another party in this role


# The holder is the required `customer_number`; payer and user are optional and follow the
# same rules: the customer must be in the register, and an existing contract's party in that
# role is never replaced by an import.
OPTIONAL_ROLES = (
    _RoleColumn(
        "payer_customer_number",
        ContractRoleKind.PAYER,
        gettext_lazy(
            "The contract is in the register with a different payer. Change the payer in "
            "Kirjaamo; an import does not change who pays a contract."
        ),
    ),
    _RoleColumn(
        "user_customer_number",
        ContractRoleKind.USER,
        gettext_lazy(
            "The contract is in the register with a different user. Change the user in "
            "Kirjaamo; an import does not change who uses a contract."
        ),
    ),
)


def _customers(numbers: list[str]) -> dict[str, int]:
    return values_by_key(Customer, "customer_number", "party_id", numbers)


def _no_customer() -> str:
    return _("No customer in the register has this customer number. Import the customers first.")


@dataclass
class _ContractUpdate:
    row: ContractRow
    contract: Contract
    new_products: list[int]
    moved: Connection | None  # the register's connection, when its address changed
    new_roles: list[tuple[int, str]] = field(default_factory=list)  # (party id, role)


class ContractImporter(Importer[ContractRow]):
    kind = ImportKind.CONTRACTS

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.catalogue = dict(Product.objects.values_list("code", "pk"))

    def clean(self, row: int, values: Mapping[str, object]) -> ContractRow:
        return clean_contract_row(row, values)

    def _unknown_product(self) -> str:
        if not self.catalogue:
            return _(
                "The product catalogue is empty; import the products (kirjaamo import products) "
                "before the contracts."
            )
        codes = sorted(self.catalogue)
        listed = ", ".join(codes[:MAX_CODES_LISTED]) + (
            " …" if len(codes) > MAX_CODES_LISTED else ""
        )
        return _("Unknown product code. The catalogue has: %(codes)s.") % {"codes": listed}

    def _parties(
        self, r: ContractRow, customers: Mapping[str, int]
    ) -> tuple[int, list[tuple[int, _RoleColumn]]] | None:
        """The holder's party id and the (party id, role) of the row's payer and user; None
        (and a problem for each) when a customer number is not in the register."""
        holder = customers.get(r.customer_number)
        ok = holder is not None
        if holder is None:
            self.problems.add(r.row, "customer_number", _no_customer())
        others: list[tuple[int, _RoleColumn]] = []
        for spec in OPTIONAL_ROLES:
            number = getattr(r, spec.column)
            if not number:
                continue
            party = customers.get(number)
            if party is None:
                self.problems.add(r.row, spec.column, _no_customer())
                ok = False
            else:
                others.append((party, spec))
        if not ok or holder is None:
            return None
        return holder, others

    def process(self, records: Sequence[ContractRow], *, write: bool) -> None:
        candidates = []
        for r in records:
            ok = self.first_in_file("contract", r.number, row=r.row, column="contract_number")
            if r.connection is not None:
                ok = (
                    self.first_in_file(
                        "connection",
                        r.connection.connection_number,
                        row=r.row,
                        column="connection_number",
                    )
                    and ok
                )
            if any(code not in self.catalogue for code in r.product_codes):
                self.problems.add(r.row, "products", self._unknown_product())
                ok = False
            if ok:
                candidates.append(r)
        customers = _customers(
            [
                number
                for r in candidates
                for number in (r.customer_number, r.payer_customer_number, r.user_customer_number)
                if number
            ]
        )
        existing = Contract.objects.in_bulk([r.number for r in candidates], field_name="number")
        ids = [c.pk for c in existing.values()]
        # The party currently in each role: the role that started last (ties: the newest row).
        current: dict[tuple[int, str], int] = {}
        for contract_id, role, party_id in (
            ContractRole.objects.filter(contract_id__in=ids)
            .order_by("started_on", "pk")
            .values_list("contract_id", "role", "party_id")
        ):
            current[(contract_id, role)] = party_id
        has_products: dict[int, set[int]] = defaultdict(set)
        for contract_id, product_id in ContractProduct.objects.filter(
            contract_id__in=ids
        ).values_list("contract_id", "product_id"):
            has_products[contract_id].add(product_id)
        connections = Connection.objects.in_bulk(
            [r.connection.connection_number for r in candidates if r.connection is not None],
            field_name="connection_number",
        )

        creates: list[tuple[ContractRow, int, list[tuple[int, _RoleColumn]]]] = []
        updates: list[_ContractUpdate] = []
        new_connections: list[tuple[int, ConnectionData]] = []
        for r in candidates:
            parties = self._parties(r, customers)
            if parties is None:
                continue
            holder, others = parties
            contract = existing.get(r.number)
            connection = connections.get(r.connection.connection_number) if r.connection else None
            if connection is not None and (
                contract is None or connection.contract_id != contract.pk
            ):
                self.problems.add(
                    r.row,
                    "connection_number",
                    _("This connection number belongs to another contract in the register."),
                )
                continue
            if contract is None:
                creates.append((r, holder, others))
                continue
            update = self._plan_update(r, contract, holder, others, current, has_products)
            if update is None:
                continue
            moved = (
                connection is not None
                and r.connection is not None
                and (
                    (connection.street, connection.postal_code, connection.post_office)
                    != (r.connection.street, r.connection.postal_code, r.connection.post_office)
                )
            )
            added_connection = r.connection is not None and connection is None
            if r.connection is not None and added_connection:
                new_connections.append((contract.pk, r.connection))
            update.moved = connection if moved else None
            if (
                update.new_products
                or update.new_roles
                or moved
                or added_connection
                or self._changed(r, contract)
            ):
                self.counts.updated += 1
                updates.append(update)
            else:
                self.counts.unchanged += 1
        self.counts.created += len(creates)
        self.counts.add_extra(
            "products_added",
            sum(len(r.product_codes) for r, _h, _o in creates)
            + sum(len(u.new_products) for u in updates),
        )
        self.counts.add_extra(
            "connections_created",
            sum(1 for r, _h, _o in creates if r.connection is not None) + len(new_connections),
        )
        self.counts.add_extra("connections_updated", sum(1 for u in updates if u.moved))
        self.counts.add_extra(
            "roles_added",
            sum(len(o) for _r, _h, o in creates) + sum(len(u.new_roles) for u in updates),
        )
        if write and not self.problems:
            self._write(creates, updates, new_connections)

    @staticmethod
    def _changed(r: ContractRow, contract: Contract) -> bool:
        return (
            bool(r.seller and r.seller != contract.seller)
            or r.opened_on != contract.opened_on
            or (r.terminated_on or contract.terminated_on) != contract.terminated_on
        )

    def _plan_update(
        self,
        r: ContractRow,
        contract: Contract,
        holder: int,
        others: list[tuple[int, _RoleColumn]],
        current: Mapping[tuple[int, str], int],
        has_products: Mapping[int, set[int]],
    ) -> _ContractUpdate | None:
        """What the row adds to a contract in the register; None (and problems) when it
        would change who holds, pays or uses it, or end it before it opened."""
        ok = True
        if current.get((contract.pk, ContractRoleKind.HOLDER)) != holder:
            self.problems.add(
                r.row,
                "customer_number",
                _(
                    "The contract is in the register with a different holder. Change the "
                    "holder in Kirjaamo; an import does not move contracts."
                ),
            )
            ok = False
        new_roles: list[tuple[int, str]] = []
        for party, spec in others:
            present = current.get((contract.pk, spec.role))
            if present is None:
                new_roles.append((party, spec.role))
            elif present != party:
                self.problems.add(r.row, spec.column, str(spec.other))
                ok = False
        terminated_on = r.terminated_on or contract.terminated_on
        if terminated_on is not None and terminated_on < r.opened_on:
            self.problems.add(r.row, "opened_on", _("The contract cannot end before it opened."))
            ok = False
        if not ok:
            return None
        new_products = [
            self.catalogue[code]
            for code in r.product_codes
            if self.catalogue[code] not in has_products.get(contract.pk, set())
        ]
        return _ContractUpdate(
            row=r, contract=contract, new_products=new_products, moved=None, new_roles=new_roles
        )

    def _write(
        self,
        creates: list[tuple[ContractRow, int, list[tuple[int, _RoleColumn]]]],
        updates: list[_ContractUpdate],
        new_connections: list[tuple[int, ConnectionData]],
    ) -> None:
        ins = self.inserter
        contract_ids = ins.insert_returning_ids(
            Contract,
            CONTRACT_COLUMNS,
            [(r.number, r.seller, r.opened_on, r.terminated_on, self.now) for r, _h, _o in creates],
        )
        created = list(zip(creates, contract_ids, strict=True))
        # Every role of a new contract starts when it opened and ends when it was terminated.
        roles: list[tuple[int, int, str, dt.date, dt.date | None]] = []
        for (r, holder, others), cid in created:
            roles.append((cid, holder, ContractRoleKind.HOLDER, r.opened_on, r.terminated_on))
            roles.extend((cid, p, spec.role, r.opened_on, r.terminated_on) for p, spec in others)
        products = [
            (cid, self.catalogue[code], r.opened_on, r.terminated_on)
            for (r, _h, _o), cid in created
            for code in r.product_codes
        ]
        for u in updates:
            ended = u.row.terminated_on or u.contract.terminated_on
            products.extend((u.contract.pk, pid, u.row.opened_on, ended) for pid in u.new_products)
            roles.extend(
                (u.contract.pk, party, role, u.row.opened_on, ended) for party, role in u.new_roles
            )
        ins.insert(ContractRole, ROLE_COLUMNS, roles)
        ins.insert(ContractProduct, PRODUCT_COLUMNS, products)
        new_connections = [
            (cid, r.connection) for (r, _h, _o), cid in created if r.connection is not None
        ] + new_connections
        ins.insert(
            Connection,
            CONNECTION_COLUMNS,
            [
                (
                    cid,
                    c.connection_number,
                    c.street,
                    c.postal_code,
                    c.post_office,
                    None,
                    None,
                    c.search_text,
                )
                for cid, c in new_connections
            ],
        )
        self._apply_updates(updates)
        self.party_ids.update(party for _cid, party, *_rest in roles)
        if creates:
            self.fields.update(["number", "seller", "opened_on", "terminated_on", "holder"])
        self.fields.update(role for _cid, _party, role, *_rest in roles)
        if products:
            self.fields.add("products")
        if new_connections:
            self.fields.add("connection")

    def _apply_updates(self, updates: list[_ContractUpdate]) -> None:
        changed: list[Contract] = []
        moved: list[Connection] = []
        for u in updates:
            r, contract, connection = u.row, u.contract, u.moved
            terminated_on = r.terminated_on or contract.terminated_on
            if terminated_on != contract.terminated_on:
                self._terminate(contract, old=contract.terminated_on, new=terminated_on)
            if r.seller:
                contract.seller = r.seller
            contract.opened_on = r.opened_on
            contract.terminated_on = terminated_on
            changed.append(contract)
            if connection is not None and r.connection is not None:
                connection.street = r.connection.street
                connection.postal_code = r.connection.postal_code
                connection.post_office = r.connection.post_office
                connection.search_text = r.connection.search_text
                moved.append(connection)
        if updates:
            self.party_ids.update(
                ContractRole.objects.filter(
                    contract_id__in=[u.contract.pk for u in updates]
                ).values_list("party_id", flat=True)
            )
        if changed:
            Contract.objects.bulk_update(
                changed, ["seller", "opened_on", "terminated_on"], batch_size=500
            )
            self.fields.update(["seller", "opened_on", "terminated_on"])
        if moved:
            Connection.objects.bulk_update(
                moved, ["street", "postal_code", "post_office", "search_text"], batch_size=500
            )
            self.fields.add("connection")

    def _terminate(self, contract: Contract, *, old: dt.date | None, new: dt.date | None) -> None:
        """End the roles and products that were open (or ended with the contract) on `new`,
        as `kirjaamo.contracts.services.contract_terminate` does; none ends before it began."""
        if new is None:
            return
        for model in (ContractRole, ContractProduct):
            ending = model._default_manager.filter(contract=contract)
            ending = (
                ending.filter(ended_on__isnull=True) if old is None else ending.filter(ended_on=old)
            )
            ending.filter(started_on__lte=new).update(ended_on=new)
            ending.filter(started_on__gt=new).update(ended_on=F("started_on"))


@dataclass
class _InvoicePlan:
    row: InvoiceRow
    invoice: Invoice | None  # None: a new invoice
    payer: int
    contract_id: int | None
    open_case: bool = False  # the row's collection case is new
    closing: CollectionCase | None = None  # the register's case whose closing date is set


class InvoiceImporter(Importer[InvoiceRow]):
    kind = ImportKind.INVOICES

    def clean(self, row: int, values: Mapping[str, object]) -> InvoiceRow:
        return clean_invoice_row(row, values)

    def process(self, records: Sequence[InvoiceRow], *, write: bool) -> None:
        candidates = [
            r
            for r in records
            if self.first_in_file("invoice", r.number, row=r.row, column="invoice_number")
        ]
        payers = _customers([r.customer_number for r in candidates])
        contracts = dict(
            Contract.objects.filter(
                number__in=[r.contract_number for r in candidates if r.contract_number]
            ).values_list("number", "pk")
        )
        existing = Invoice.objects.in_bulk([r.number for r in candidates], field_name="number")
        cases: dict[int, list[CollectionCase]] = defaultdict(list)
        with_collection = [
            existing[r.number].pk for r in candidates if r.collection and r.number in existing
        ]
        for case in CollectionCase.objects.filter(invoice_id__in=with_collection).order_by("pk"):
            cases[case.invoice_id].append(case)
        plans: list[_InvoicePlan] = []
        changed: list[Invoice] = []
        for r in candidates:
            payer = payers.get(r.customer_number)
            contract_id = contracts.get(r.contract_number) if r.contract_number else None
            if payer is None:
                self.problems.add(r.row, "customer_number", _no_customer())
            if r.contract_number and contract_id is None:
                self.problems.add(
                    r.row,
                    "contract_number",
                    _(
                        "No contract in the register has this contract number. Import the "
                        "contracts first."
                    ),
                )
                continue
            if payer is None:
                continue
            invoice = existing.get(r.number)
            if invoice is None:
                plans.append(
                    _InvoicePlan(
                        row=r,
                        invoice=None,
                        payer=payer,
                        contract_id=contract_id,
                        open_case=r.collection is not None,
                    )
                )
                continue
            if invoice.payer_id != payer:
                self.problems.add(
                    r.row,
                    "customer_number",
                    _("The invoice is in the register with a different payer."),
                )
                continue
            plan = _InvoicePlan(row=r, invoice=invoice, payer=payer, contract_id=contract_id)
            if r.collection is not None and not self._plan_case(plan, cases[invoice.pk]):
                continue
            new = {
                "contract_id": contract_id if contract_id is not None else invoice.contract_id,
                "issued_on": r.issued_on,
                "due_on": r.due_on,
                "amount_cents": r.amount_cents,
                # Status and payment date always come from the file together (clean_invoice).
                "status": r.status,
                "paid_on": r.paid_on,
            }
            differs = [name for name, value in new.items() if getattr(invoice, name) != value]
            if not (differs or plan.open_case or plan.closing):
                self.counts.unchanged += 1
                continue
            for name in differs:
                setattr(invoice, name, new[name])
                self.fields.add(name.removesuffix("_id"))
            if differs:
                changed.append(invoice)
            self.counts.updated += 1
            plans.append(plan)
        self.counts.created += sum(1 for p in plans if p.invoice is None)
        self.counts.add_extra("collection_cases_opened", sum(1 for p in plans if p.open_case))
        self.counts.add_extra("collection_cases_closed", sum(1 for p in plans if p.closing))
        if write and not self.problems:
            self._write(plans, changed)

    def _plan_case(self, plan: _InvoicePlan, cases: list[CollectionCase]) -> bool:
        """Match the row's collection case with the invoice's cases in the register: the same
        agency (case does not matter) and hand-over date is the same case, whose closing date
        the row may set; otherwise a new case, unless another one is still open."""
        collection = plan.row.collection
        assert collection is not None
        agency = collection.agency.casefold()
        for case in cases:
            if (
                case.agency.casefold() == agency
                and case.handed_over_on == collection.handed_over_on
            ):
                if collection.closed_on is not None and collection.closed_on != case.closed_on:
                    plan.closing = case
                return True
        if any(case.closed_on is None for case in cases):
            self.problems.add(
                plan.row.row,
                "collection_agency",
                _(
                    "The invoice already has an open collection case with another agency or "
                    "hand-over date. Close that case first (in Kirjaamo, or by importing its "
                    "closing date); an import does not move an invoice between agencies."
                ),
            )
            return False
        plan.open_case = True
        return True

    def _write(self, plans: list[_InvoicePlan], changed: list[Invoice]) -> None:
        ins = self.inserter
        creates = [p for p in plans if p.invoice is None]
        invoice_ids = ins.insert_returning_ids(
            Invoice,
            INVOICE_COLUMNS,
            [
                (
                    p.row.number,
                    p.payer,
                    p.contract_id,
                    p.row.issued_on,
                    p.row.due_on,
                    p.row.amount_cents,
                    p.row.status,
                    p.row.paid_on,
                )
                for p in creates
            ],
        )
        if creates:
            self.fields.update(c.removesuffix("_id") for c in INVOICE_COLUMNS)
        if changed:
            Invoice.objects.bulk_update(changed, INVOICE_UPDATE_FIELDS, batch_size=500)
        new_ids = {id(p): pk for p, pk in zip(creates, invoice_ids, strict=True)}
        opened = []
        for p in plans:
            if p.open_case and p.row.collection is not None:
                invoice_id = p.invoice.pk if p.invoice is not None else new_ids[id(p)]
                c = p.row.collection
                opened.append((invoice_id, c.agency, c.handed_over_on, c.closed_on))
        ins.insert(CollectionCase, COLLECTION_COLUMNS, opened)
        closing = []
        for p in plans:
            if p.closing is not None and p.row.collection is not None:
                p.closing.closed_on = p.row.collection.closed_on
                closing.append(p.closing)
        if closing:
            CollectionCase.objects.bulk_update(closing, ["closed_on"], batch_size=500)
            self.fields.add("closed_on")
        if opened:
            self.fields.update(["agency", "handed_over_on"])
            if any(closed_on is not None for *_rest, closed_on in opened):
                self.fields.add("closed_on")
        self.party_ids.update(p.payer for p in plans)
