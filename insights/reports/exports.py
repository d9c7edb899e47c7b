"""A stored bulletin as an XLSX workbook, made on request from the stored
data (nothing is kept on disk: several web hosts share one database)."""
from django.utils.translation import gettext as _
from openpyxl import Workbook

from devzone.spreadsheets import figure_cell, percent_cell, workbook_bytes
from zones.choices import MetricUnit


def bulletin_xlsx(bulletin):
    data = bulletin.data
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Bulletin")
    sheet.append([_("Bulletin %(year)s-%(month)02d") % {"year": bulletin.year, "month": bulletin.month}])
    sheet.append([_("figures as of"), bulletin.as_of.isoformat()])
    sheet.append([_("time elapsed (%)"), percent_cell(sheet, data.get("elapsed"))])
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
        code = section.get("unit", "")
        unit = str(MetricUnit(code).label) if code in MetricUnit.values else code

        def figures(row):
            return [
                figure_cell(sheet, row["actual"], code), figure_cell(sheet, row["target"], code),
                percent_cell(sheet, row["completion"]), percent_cell(sheet, row["gap"]),
                figure_cell(sheet, row["last_year"], code), percent_cell(sheet, row["growth"]),
            ]

        for row in section["rows"]:
            sheet.append([section["name"], unit, row["rank"], row["zone"], *figures(row)])
        total = section.get("total")
        if total:
            sheet.append([section["name"], unit, None, _("all zones"), *figures(total)])
    return workbook_bytes(workbook)
