"""Importing contracts (with products and a connection) and invoices.

Both refer to customers by customer number, so customers are imported first. Contracts are
matched on the contract number, invoices on the invoice number; a matched row updates what
changed. Products must exist in the catalogue: an unknown code is an error that lists the known
codes, because a typo must not create a product. Holders and payers are never moved by an
import (a different holder or payer is an error), and nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence

from django.db.models import F
from django.utils.translation import gettext as _

from kirjaamo.billing.models import Invoice
from kirjaamo.contracts.choices import ContractRoleKind
from kirjaamo.contracts.models import Connection, Contract, ContractProduct, ContractRole, Product
from kirjaamo.imports.choices import ImportKind
from kirjaamo.imports.importer import Importer
from kirjaamo.imports.validation import (
    ConnectionData,
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
MAX_CODES_LISTED = 40


def _customers(numbers: list[str]) -> dict[str, int]:
    return dict(
        Customer.objects.filter(customer_number__in=numbers).values_list(
            "customer_number", "party_id"
        )
    )


def _no_customer() -> str:
    return _("No customer in the register has this customer number. Import the customers first.")


class ContractImporter(Importer[ContractRow]):
    kind = ImportKind.CONTRACTS

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.catalogue = dict(Product.objects.values_list("code", "pk"))

    def clean(self, row: int, values: Mapping[str, object]) -> ContractRow:
        return clean_contract_row(row, values)

    def _unknown_product(self) -> str:
        if not self.catalogue:
            return _("The product catalogue is empty; add the products before the contracts.")
        codes = sorted(self.catalogue)
        listed = ", ".join(codes[:MAX_CODES_LISTED]) + (
            " …" if len(codes) > MAX_CODES_LISTED else ""
        )
        return _("Unknown product code. The catalogue has: %(codes)s.") % {"codes": listed}

    def process(self, records: Sequence[ContractRow], *, write: bool) -> None:
        candidates = []
        for r in records:
            ok = self.first_in_file("contract", r.number, row=r.row, column="contract_number")
            if r.connection is not None:
                ok = (
                    self.first_in_file(
                        "connection", r.connection.number, row=r.row, column="connection_number"
                    )
                    and ok
                )
            if any(code not in self.catalogue for code in r.product_codes):
                self.problems.add(r.row, "products", self._unknown_product())
                ok = False
            if ok:
                candidates.append(r)
        holders = _customers([r.customer_number for r in candidates])
        existing = Contract.objects.in_bulk([r.number for r in candidates], field_name="number")
        ids = [c.pk for c in existing.values()]
        current_holder: dict[int, int] = {}
        for contract_id, party_id in (
            ContractRole.objects.filter(contract_id__in=ids, role=ContractRoleKind.HOLDER)
            .order_by("started_on", "pk")
            .values_list("contract_id", "party_id")
        ):
            current_holder[contract_id] = party_id  # the latest holder wins
        has_products: dict[int, set[int]] = defaultdict(set)
        for contract_id, product_id in ContractProduct.objects.filter(
            contract_id__in=ids
        ).values_list("contract_id", "product_id"):
            has_products[contract_id].add(product_id)
        connections = Connection.objects.in_bulk(
            [r.connection.number for r in candidates if r.connection is not None],
            field_name="connection_number",
        )

        creates: list[tuple[ContractRow, int]] = []
        updates: list[tuple[ContractRow, Contract, list[int], Connection | None]] = []
        new_connections: list[tuple[int, ConnectionData]] = []
        for r in candidates:
            holder = holders.get(r.customer_number)
            if holder is None:
                self.problems.add(r.row, "customer_number", _no_customer())
                continue
            contract = existing.get(r.number)
            connection = connections.get(r.connection.number) if r.connection else None
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
                creates.append((r, holder))
                continue
            if current_holder.get(contract.pk) != holder:
                self.problems.add(
                    r.row,
                    "customer_number",
                    _(
                        "The contract is in the register with a different holder. Change the "
                        "holder in Kirjaamo; an import does not move contracts."
                    ),
                )
                continue
            terminated_on = r.terminated_on or contract.terminated_on
            if terminated_on is not None and terminated_on < r.opened_on:
                self.problems.add(
                    r.row, "opened_on", _("The contract cannot end before it opened.")
                )
                continue
            changed = (
                bool(r.seller and r.seller != contract.seller)
                or r.opened_on != contract.opened_on
                or terminated_on != contract.terminated_on
            )
            new_products = [
                self.catalogue[code]
                for code in r.product_codes
                if self.catalogue[code] not in has_products[contract.pk]
            ]
            moved = (
                connection is not None
                and r.connection is not None
                and (
                    (connection.street, connection.postal_code, connection.post_office)
                    != (r.connection.street, r.connection.postal_code, r.connection.post_office)
                )
            )
            if r.connection is not None and connection is None:
                new_connections.append((contract.pk, r.connection))
            if (
                changed
                or new_products
                or moved
                or (r.connection is not None and connection is None)
            ):
                self.counts.updated += 1
                updates.append((r, contract, new_products, connection if moved else None))
            else:
                self.counts.unchanged += 1
        self.counts.created += len(creates)
        self.counts.add_extra(
            "products_added",
            sum(len(r.product_codes) for r, _h in creates) + sum(len(u[2]) for u in updates),
        )
        self.counts.add_extra(
            "connections_created",
            sum(1 for r, _h in creates if r.connection is not None) + len(new_connections),
        )
        self.counts.add_extra("connections_updated", sum(1 for u in updates if u[3] is not None))
        if write and not self.problems:
            self._write(creates, updates, new_connections)

    def _write(
        self,
        creates: list[tuple[ContractRow, int]],
        updates: list[tuple[ContractRow, Contract, list[int], Connection | None]],
        new_connections: list[tuple[int, ConnectionData]],
    ) -> None:
        ins = self.inserter
        contract_ids = ins.insert_returning_ids(
            Contract,
            CONTRACT_COLUMNS,
            [(r.number, r.seller, r.opened_on, r.terminated_on, self.now) for r, _h in creates],
        )
        ins.insert(
            ContractRole,
            ROLE_COLUMNS,
            [
                (cid, holder, ContractRoleKind.HOLDER, r.opened_on, r.terminated_on)
                for (r, holder), cid in zip(creates, contract_ids, strict=True)
            ],
        )
        products = [
            (cid, self.catalogue[code], r.opened_on, r.terminated_on)
            for (r, _h), cid in zip(creates, contract_ids, strict=True)
            for code in r.product_codes
        ]
        for r, contract, new_products, _moved in updates:
            ended = r.terminated_on or contract.terminated_on
            products.extend((contract.pk, pid, r.opened_on, ended) for pid in new_products)
        ins.insert(ContractProduct, PRODUCT_COLUMNS, products)
        new_connections = [
            (cid, r.connection)
            for (r, _h), cid in zip(creates, contract_ids, strict=True)
            if r.connection is not None
        ] + new_connections
        ins.insert(
            Connection,
            CONNECTION_COLUMNS,
            [
                (cid, c.number, c.street, c.postal_code, c.post_office, None, None, c.search_text)
                for cid, c in new_connections
            ],
        )
        self._apply_updates(updates)
        self.party_ids.update(holder for _r, holder in creates)
        if creates:
            self.fields.update(["number", "seller", "opened_on", "terminated_on", "holder"])
        if products:
            self.fields.add("products")
        if new_connections:
            self.fields.add("connection")

    def _apply_updates(
        self, updates: list[tuple[ContractRow, Contract, list[int], Connection | None]]
    ) -> None:
        changed: list[Contract] = []
        moved: list[Connection] = []
        for r, contract, _new_products, connection in updates:
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
                    contract_id__in=[contract.pk for _r, contract, _p, _c in updates]
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
        creates: list[tuple[InvoiceRow, int, int | None]] = []
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
                creates.append((r, payer, contract_id))
                continue
            if invoice.payer_id != payer:
                self.problems.add(
                    r.row,
                    "customer_number",
                    _("The invoice is in the register with a different payer."),
                )
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
            if not differs:
                self.counts.unchanged += 1
                continue
            for name in differs:
                setattr(invoice, name, new[name])
                self.fields.add(name.removesuffix("_id"))
            self.counts.updated += 1
            changed.append(invoice)
        self.counts.created += len(creates)
        if not write or self.problems:
            return
        self.inserter.insert(
            Invoice,
            INVOICE_COLUMNS,
            [
                (r.number, payer, cid, r.issued_on, r.due_on, r.amount_cents, r.status, r.paid_on)
                for r, payer, cid in creates
            ],
        )
        if creates:
            self.fields.update(c.removesuffix("_id") for c in INVOICE_COLUMNS)
        if changed:
            Invoice.objects.bulk_update(changed, INVOICE_UPDATE_FIELDS, batch_size=500)
        self.party_ids.update(payer for _r, payer, _c in creates)
        self.party_ids.update(i.payer_id for i in changed)
