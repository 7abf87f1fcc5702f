from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from kirjaamo.lib.pg import pg_only_sql


class Migration(migrations.Migration):
    dependencies = [("parties", "0001_initial")]

    operations = [
        # CREATE EXTENSION IF NOT EXISTS pg_trgm; a no-op on SQLite. pg_trgm is a trusted
        # extension, so a non-superuser database owner may create it.
        TrigramExtension(),
        pg_only_sql(
            [
                # Name search: `search_name LIKE '%token%'` per token (kirjaamo.search).
                "CREATE INDEX IF NOT EXISTS party_search_name_trgm ON parties_party "
                "USING gin (search_name gin_trgm_ops)",
                # Street-address search over postal addresses.
                "CREATE INDEX IF NOT EXISTS contactpoint_address_trgm ON parties_contactpoint "
                "USING gin (search_text gin_trgm_ops) WHERE kind = 'address'",
                # E-mail prefix search while typing: `search_text LIKE 'abc%'`.
                "CREATE INDEX IF NOT EXISTS contactpoint_email_prefix ON parties_contactpoint "
                "(search_text varchar_pattern_ops) WHERE kind = 'email'",
            ],
            [
                "DROP INDEX IF EXISTS party_search_name_trgm",
                "DROP INDEX IF EXISTS contactpoint_address_trgm",
                "DROP INDEX IF EXISTS contactpoint_email_prefix",
            ],
        ),
    ]
