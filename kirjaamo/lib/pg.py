"""Migration helpers for PostgreSQL-only DDL (trigram indexes) that must be a no-op on SQLite."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def pg_only_sql(forward: list[str], backward: list[str]) -> migrations.RunPython:
    """A migration operation that runs `forward` SQL on PostgreSQL and nothing elsewhere.

    Used for indexes Django cannot declare for both databases (GIN trigram with an operator
    class). SQLite answers the same queries by scanning, which is fine at demo sizes.
    """

    def run(statements: list[str]) -> Any:
        def apply(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor != "postgresql":
                return
            for sql in statements:
                schema_editor.execute(sql)

        return apply

    return migrations.RunPython(run(forward), run(backward), elidable=False)
