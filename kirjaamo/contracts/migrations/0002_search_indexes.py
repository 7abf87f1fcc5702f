from django.db import migrations

from kirjaamo.lib.pg import pg_only_sql


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_initial"), ("parties", "0002_search_indexes")]

    operations = [
        pg_only_sql(
            [
                # Connection-address search (installer and customer-service calls).
                "CREATE INDEX IF NOT EXISTS connection_search_text_trgm ON contracts_connection "
                "USING gin (search_text gin_trgm_ops)",
            ],
            ["DROP INDEX IF EXISTS connection_search_text_trgm"],
        ),
    ]
