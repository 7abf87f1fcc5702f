from django.db import migrations

from kirjaamo.lib.pg import pg_only_sql


class Migration(migrations.Migration):
    dependencies = [("parties", "0002_search_indexes")]

    operations = [
        pg_only_sql(
            [
                # Street-address search while typing: `search_text LIKE 'mannerheimintie 5%'`.
                # A btree range is ~0.1 ms where the trigram index needs ~10 ms at 1M persons,
                # because every address shares the frequent trigrams of "katu"/"tie"
                # (docs/benchmarks.md); the trigram index stays for substrings.
                "CREATE INDEX IF NOT EXISTS contactpoint_address_prefix ON parties_contactpoint "
                "(search_text varchar_pattern_ops) WHERE kind = 'address'",
                # Planner statistics only (no schema change): `LIKE '%token%'` is estimated from
                # the histogram, and the default 100 entries misjudge a token by 10-50x in both
                # directions at 1M parties, picking a trigram bitmap over 20,000 rows or a
                # sequential scan for a rare token. 1000 entries cost ~0.3 ms of planning.
                "ALTER TABLE parties_party ALTER COLUMN search_name SET STATISTICS 1000",
                "ALTER TABLE parties_contactpoint ALTER COLUMN search_text SET STATISTICS 1000",
            ],
            [
                "DROP INDEX IF EXISTS contactpoint_address_prefix",
                "ALTER TABLE parties_party ALTER COLUMN search_name SET STATISTICS -1",
                "ALTER TABLE parties_contactpoint ALTER COLUMN search_text SET STATISTICS -1",
            ],
        ),
    ]
