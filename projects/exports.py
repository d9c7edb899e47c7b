"""The project list as CSV and XLSX: one column definition for both."""
import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from devzone.spreadsheets import amount_cell, csv_text, text_cell


def _columns():
    # (header, value) built per call so headers follow the active language.
    return [
        (_("zone"), lambda p: str(p.zone)),
        (_("project name"), lambda p: p.name),
        (_("investor"), lambda p: p.investor.name if p.investor_id else ""),
        (_("industry"), lambda p: str(p.industry) if p.industry_id else ""),
        (_("stage"), lambda p: p.get_stage_display()),
        (_("confirmed stage"), lambda p: p.get_confirmed_stage_display()),
        (_("planned total investment (10k yuan)"), lambda p: p.planned_investment),
        (_("signing date"), lambda p: p.signed_on),
        (_("planned start date"), lambda p: p.planned_start_on),
        (_("actual start date"), lambda p: p.started_on),
        (_("production date"), lambda p: p.production_on),
        (_("lead official"), lambda p: str(p.lead_official) if p.lead_official_id else ""),
        (_("major project"), lambda p: p.is_major),
        (_("Fortune-500 project"), lambda p: p.is_fortune500),
        (_("four-new economy project"), lambda p: p.is_four_new),
        (_("foreign-funded"), lambda p: p.is_foreign_funded),
    ]


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def projects_csv(queryset):
    """UTF-8 with a byte-order mark, which Excel needs to read Chinese."""
    columns = _columns()
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([header for header, _value in columns])
    for project in queryset.iterator(chunk_size=2000):
        writer.writerow([csv_text(_text(value(project))) for _header, value in columns])
    return buffer.getvalue().encode("utf-8")


def projects_xlsx(queryset):
    """Amounts stay numbers (in 万元, said in the header) so they can be summed."""
    columns = _columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Projects"))
    sheet.append([header for header, _value in columns])
    for project in queryset.iterator(chunk_size=2000):
        row = []
        for _header, value in columns:
            cell = value(project)
            if isinstance(cell, Decimal):  # the one amount column, in 万元
                row.append(amount_cell(sheet, cell))
            else:
                row.append(text_cell(sheet, _text(cell)) if isinstance(cell, (bool, str)) or cell is None else cell)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

