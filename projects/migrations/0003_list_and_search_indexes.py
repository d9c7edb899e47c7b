"""Indexes for the project list and the investor search (PostgreSQL only).

Measured with ``manage.py bench`` on 100,000 projects and 45,000
enterprises:

- ``project_updated_idx`` (updated_at DESC, id DESC) serves the project
  list's default order (newest change first): the first 50 rows come off
  the index instead of joining zone, investor, industry and official to
  every visible project and sorting them all (the page's SELECT went from
  about 230 ms to under 10 ms).
- ``enterprise_name_trgm``, a trigram index on ``UPPER(name)``, serves
  ``investor__name__icontains`` (the list's investor filter, and any search
  that looks investors up in a subquery). Django writes icontains on
  PostgreSQL as ``UPPER(col::text) LIKE UPPER('%term%')``, so the index is on
  the same ``UPPER(...)``. Only terms of three characters or more have a
  trigram; a two-character term (common in Chinese) is answered by a scan.

Not here, on purpose: a trigram index on the project name. The list's free
search ORs the project name with the investor's name across a join, and the
admin's search ORs it with subqueries; PostgreSQL can use an index for
neither shape, so the index would only cost writes. It pays once a search
combines it with the investor index (see the bench report): 0004 adds it,
with searches reshaped to use it.

These exist on PostgreSQL only: pg_trgm and GIN are not SQLite's, and the
test suite runs on SQLite. So they are created by a guarded RunPython rather
than declared in the models' ``Meta.indexes``; the migration state does not
know them, which keeps ``makemigrations`` quiet on both databases. pg_trgm
is a trusted extension (PostgreSQL 13+): the database owner can create it.
Reversing drops the indexes and leaves the extension, which other things may
use.
"""
from django.db import migrations

# (name, model, method and column expressions). Plain SQL: Django renders
# OpClass inside an index only with django.contrib.postgres installed, and
# these few lines say exactly what PostgreSQL gets.
INDEXES = [
    ("project_updated_idx", "investmentproject", "btree (updated_at DESC, id DESC)"),
    ("enterprise_name_trgm", "enterprise", "gin (UPPER(name) gin_trgm_ops)"),
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
    dependencies = [("projects", "0002_zone_month_total")]

    operations = [migrations.RunPython(create, drop)]
