"""A stored bulletin as an XLSX workbook, made on request from the stored
data (nothing is kept on disk: several web hosts share one database)."""
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from zones.choices import MetricUnit
from devzone.spreadsheets import workbook_bytes


def _number(value):
    return None if value is None else float(Decimal(value))


def bulletin_xlsx(bulletin):
    data = bulletin.data
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Bulletin")
    sheet.append([_("Bulletin %(year)s-%(month)02d") % {"year": bulletin.year, "month": bulletin.month}])
    sheet.append([_("figures as of"), bulletin.as_of.isoformat()])
    sheet.append([_("time elapsed (%)"), _number(data.get("elapsed"))])
    sheet.append([])
    paragraphs = data.get("paragraphs", {})
    for text in [paragraphs.get("overall", ""), *(p["text"] for p in paragraphs.get("zones", []))]:
        sheet.append([text])
    sheet.column_dimensions["A"].width = 120

    sheet = workbook.create_sheet(_("Figures"))
    sheet.append([
        _("metric"), _("unit"), _("rank"), _("zone"), _("actual"), _("target"), _("completion (%)"),
        _("against time elapsed (points)"), _("same period last year"), _("growth (%)"),
    ])
    for section in data.get("metrics", []):
        unit = section.get("unit", "")
        unit = str(MetricUnit(unit).label) if unit in MetricUnit.values else unit
        for row in section["rows"]:
            sheet.append([
                section["name"], unit, row["rank"], row["zone"], _number(row["actual"]), _number(row["target"]),
                _number(row["completion"]), _number(row["gap"]), _number(row["last_year"]), _number(row["growth"]),
            ])
        total = section.get("total")
        if total:
            sheet.append([
                section["name"], unit, None, _("all zones"), _number(total["actual"]), _number(total["target"]),
                _number(total["completion"]), _number(total["gap"]), _number(total["last_year"]), _number(total["growth"]),
            ])
    return workbook_bytes(workbook)
