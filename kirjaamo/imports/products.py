"""Importing the product catalogue (codes, names, kinds, whether a product is sold).

Products are matched on their code: a new code creates a product, a known code takes the row's
name and kind (and `active`, when given). Rows are validated by
`kirjaamo.contracts.validation.clean_product`, the rule of `product_create` and
`product_update`. Nothing is deleted, and a code never changes: contracts and contract files
refer to products by it. The catalogue is not personal data, so the import's audit event has no
subjects and no change history is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kirjaamo.contracts.models import Product
from kirjaamo.imports.choices import ImportKind
from kirjaamo.imports.importer import Importer
from kirjaamo.imports.validation import ProductRow, clean_product_row

PRODUCT_FIELDS = ["name", "kind", "active"]


class ProductImporter(Importer[ProductRow]):
    kind = ImportKind.PRODUCTS

    def clean(self, row: int, values: Mapping[str, object]) -> ProductRow:
        return clean_product_row(row, values)

    def process(self, records: Sequence[ProductRow], *, write: bool) -> None:
        candidates = [
            r
            for r in records
            if self.first_in_file("code", r.product.code, row=r.row, column="code")
        ]
        existing = Product.objects.in_bulk([r.product.code for r in candidates], field_name="code")
        creates: list[ProductRow] = []
        changed: list[Product] = []
        changed_fields: set[str] = set()
        for r in candidates:
            product = existing.get(r.product.code)
            if product is None:
                creates.append(r)
                continue
            new = {
                "name": r.product.name,
                "kind": r.product.kind,
                "active": product.active if r.active is None else r.active,
            }
            differs = [name for name in PRODUCT_FIELDS if getattr(product, name) != new[name]]
            if not differs:
                self.counts.unchanged += 1
                continue
            for name in differs:
                setattr(product, name, new[name])
            changed_fields.update(differs)
            changed.append(product)
            self.counts.updated += 1
        self.counts.created += len(creates)
        if not write or self.problems:
            return
        if creates:
            Product.objects.bulk_create(
                [
                    Product(
                        code=r.product.code,
                        name=r.product.name,
                        kind=r.product.kind,
                        active=True if r.active is None else r.active,
                    )
                    for r in creates
                ],
                batch_size=500,
            )
            self.fields.update(["code", *PRODUCT_FIELDS])
        if changed:
            Product.objects.bulk_update(changed, PRODUCT_FIELDS, batch_size=500)
            self.fields.update(changed_fields)
