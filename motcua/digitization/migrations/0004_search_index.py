"""The full-text index of scanned documents (see ``motcua.digitization.search``).

Written by hand: each database gets its own engine. SQLite gets an FTS5
virtual table, PostgreSQL a table with a ``tsvector`` and a GIN index (plus the
``unaccent`` extension). Neither table is a model; only ``search.py`` reads or
writes them.
"""

from django.db import migrations

SQLITE_CREATE = (
    # The folded body is already without accents; ``remove_diacritics 2`` keeps
    # the index accent-blind even if something unfolded is ever written to it.
    "CREATE VIRTUAL TABLE digitization_scan_fts USING fts5("
    "document_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')",
)
SQLITE_DROP = ("DROP TABLE IF EXISTS digitization_scan_fts",)

POSTGRES_CREATE = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # No foreign key to digitization_scanneddocument on purpose: Django empties
    # model tables with a plain TRUNCATE (between transactional tests, `flush`),
    # which PostgreSQL refuses for a table referenced by a table it does not
    # truncate. Searches join the scanned documents, so an orphan row is inert.
    "CREATE TABLE digitization_scan_search ("
    "document_id bigint PRIMARY KEY, body text NOT NULL, tsv tsvector NOT NULL)",
    "CREATE INDEX digitization_scan_search_tsv ON digitization_scan_search USING gin (tsv)",
)
# The extension stays: other code may come to use it.
POSTGRES_DROP = ("DROP TABLE IF EXISTS digitization_scan_search",)


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
        schema_editor.execute(statement)


def create_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def drop_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


class Migration(migrations.Migration):
    dependencies = [
        ("digitization", "0003_unit_signed"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
