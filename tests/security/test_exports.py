"""The downloads (CSV and XLSX) are attachments no browser takes for a page,
and no cell of them runs as a formula when a spreadsheet opens it, whatever
the names in them say (CSV or formula injection: a project named
=HYPERLINK(...) must arrive as text)."""
import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.security.pages import pages

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FormulaCells(AssertionError):
    """Cells of a download that a spreadsheet would run as formulas."""


# url name, its arguments: every download of TABLE (test below), the
# project list in both formats.
DOWNLOADS = [
    pytest.param("projects:project_export", ["csv"], id="project_export-csv"),
    pytest.param("projects:project_export", ["xlsx"], id="project_export-xlsx"),
    pytest.param("projects:project_import_template", [], id="project_import_template"),
    pytest.param("dashboards:zone_export", [], id="zone_export"),
    pytest.param("dashboards:ranking_export", [], id="ranking_export"),
    pytest.param("reports:bulletin_export", None, id="bulletin_export"),
]


def test_every_download_is_an_attachment_that_is_not_html(client, world, users):
    """Every URL of TABLE that answers with a file says it is one (a
    Content-Disposition attachment), in a type no browser renders, with
    nosniff so that it is not guessed otherwise; and DOWNLOADS lists them
    all."""
    client.force_login(users["administrator"])
    found = set()
    for name, url, query in pages("administrator", world):
        response = client.get(url, query)
        if not response.has_header("Content-Disposition"):
            continue
        found.add(name)
        assert response["Content-Disposition"].startswith("attachment;"), url
        assert response["Content-Type"].split(";")[0] in ("text/csv", XLSX), url
        assert response["X-Content-Type-Options"] == "nosniff", url
    assert found == {param.values[0] for param in DOWNLOADS}


def formula(n):
    return f'=HYPERLINK("http://x.invalid/{n}r', '","x")'


def cells(response):
    """Every cell of the download as (type, value): 'f' for a formula."""
    if response["Content-Type"].startswith("text/csv"):
        rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        return [("f" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else "s", value)
                for row in rows for value in row]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [(cell.data_type, cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize(("name", "args"), DOWNLOADS)
def test_a_name_written_as_a_formula_arrives_as_text(client, world, users, stocked, name, args):
    """With every text field set to a formula, the download holds the
    formulas' text (so names reached it) and not one formula cell."""
    stocked(formula)
    _users, world_args, data = world
    client.force_login(users["administrator"])
    response = client.get(reverse(name, args=world_args.get(name, []) if args is None else args), data.get(name, {}))
    assert response.status_code == 200
    found = cells(response)
    assert any("x.invalid" in str(value) for _kind, value in found), "no name reached the download"
    formulas = [value for kind, value in found if kind == "f"]
    if formulas:
        raise FormulaCells(f"{len(formulas)} formula cells, e.g. {formulas[:3]}")
