from django.db import migrations

from kirjaamo.lib.pg import pg_only_sql


class Migration(migrations.Migration):
    dependencies = [("contracts", "0002_search_indexes"), ("parties", "0003_address_prefix_index")]

    operations = [
        pg_only_sql(
            [
                # Connection-address search while typing, as parties 0003 for postal addresses.
                "CREATE INDEX IF NOT EXISTS connection_search_text_prefix ON contracts_connection "
                "(search_text varchar_pattern_ops)",
                "ALTER TABLE contracts_connection ALTER COLUMN search_text SET STATISTICS 1000",
            ],
            [
                "DROP INDEX IF EXISTS connection_search_text_prefix",
                "ALTER TABLE contracts_connection ALTER COLUMN search_text SET STATISTICS -1",
            ],
        ),
    ]
