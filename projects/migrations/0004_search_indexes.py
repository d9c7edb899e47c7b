"""Trigram indexes on the project name and the investor's short name, for
the searches (PostgreSQL only).

0003 left the project name unindexed because neither search had a shape
an index could serve: both ORed the name with ``investor_id IN (SELECT
...)``, a hashed subplan PostgreSQL can only test row by row, so every
search scanned all projects and upper-cased every name. The searches now
look the matching investors (and, in the admin, zones) up first and pass
their ids as a list (``projects.querysets.related_match``); the OR
becomes ``UPPER(name) LIKE ... OR investor_id IN (1, 2, ...)``, which
PostgreSQL answers with a BitmapOr of ``project_name_trgm`` and the foreign
key's index, and estimates well enough to keep walking
``project_updated_idx`` for the first page.

Measured with ``manage.py bench`` on 100,000 projects and 45,000
enterprises, searching 新材料 (4,468 projects: 1,616 by name, the rest by
one of 1,876 investors), PostgreSQL 15, EXPLAIN ANALYZE:

- the list's count: a sequential scan of every project, 65-80 ms, became a
  bitmap scan, 8-9 ms; the page's SELECT stayed on project_updated_idx
  (3-6 ms);
- the admin's four statements (count, page, the date hierarchy's MIN/MAX
  and its years), 70-82 ms each, became 8-9 ms each;
- ``enterprise_short_name_trgm`` serves the admin's investor lookup (name
  or short name): a sequential scan of 45,000 enterprises, 90 ms under
  load, became a BitmapOr of the two enterprise indexes, 3 ms.

Whole pages, ``manage.py bench`` medians of 30 requests, the old and the
new code run in turn (on a machine other work kept busy: the unsearched
list took 81-95 ms there, 55 ms in the README's run): the project list
searched 138-147 ms to 95-97 ms (10 queries, was 9), with a two-character
term 182-225 ms to 119-122 ms (9), the admin's search 243-280 ms to
133-139 ms (9, was 7). Other pages unchanged.

Sizes: project_name_trgm 4.7 MB, enterprise_short_name_trgm 1.7 MB.

A term without a trigram (two characters, common in Chinese: 智能) cannot
use these indexes. It is still answered correctly, by a scan; without
letter case it is matched by a plain LIKE, which skips upper-casing every
name (``projects.querysets.text_lookup``).

Like 0003, created by a guarded RunPython: pg_trgm and GIN are not
SQLite's, and the migration state does not know the indexes, which keeps
``makemigrations`` quiet on both databases. Reversing drops them.
"""
from django.db import migrations

# (name, model, method and column expressions), as in 0003.
INDEXES = [
    ("project_name_trgm", "investmentproject", "gin (UPPER(name) gin_trgm_ops)"),
    ("enterprise_short_name_trgm", "enterprise", "gin (UPPER(short_name) gin_trgm_ops)"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, model_name, definition in INDEXES:
        table = apps.get_model("projects", model_name)._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} "
            f"ON {schema_editor.quote_name(table)} USING {definition}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_list_and_search_indexes")]

    operations = [migrations.RunPython(create, drop)]
