"""The dashboards' data as chart series (JSON for ECharts) and as XLSX."""
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from devzone.money import wan_to_yi
from devzone.spreadsheets import amount_cell, figure_cell, percent_cell, workbook_bytes


def yi(value):
    """万元 to 亿元 for a chart axis (charts show 亿元, UI.md)."""
    if value is None:
        return None
    return float(wan_to_yi(value).quantize(Decimal("0.0001")))


def chart_data(dashboard):
    months = dashboard.months
    return {
        "unit": pgettext("unit of a chart axis", "100M yuan"),
        "monthLabels": [_("Month %(month)d") % {"month": row["month"]} for row in months],
        "investment": {
            "title": _("Cumulative investment completed against plan"),
            "actual": [yi(row["cumulative_investment"]) for row in months],
            "plan": [yi(row["cumulative_plan"]) for row in months],
            "actualName": _("completed (cumulative)"),
            "planName": _("planned (cumulative)"),
        },
        "funds": {
            "title": _("Funds in place by month"),
            "values": [yi(row["funds"]) for row in months],
            "name": _("funds in place"),
        },
        "industries": {
            "title": _("Planned investment of signed projects by industry"),
            "items": [
                {"name": row["industry__name"] or _("no industry recorded"), "value": yi(row["investment"])}
                for row in dashboard.industries
            ],
        },
        "funnel": {
            "title": _("Pipeline (confirmed stages)"),
            "items": [{"name": str(step["label"]), "value": step["reached"]} for step in dashboard.funnel],
            "unit": _("projects"),
        },
        "gaps": {
            "title": _("Largest gaps between planned and completed investment"),
            "names": [row["name"] for row in dashboard.gaps],
            "planned": [yi(row["planned_investment"]) for row in dashboard.gaps],
            "completed": [yi(row["completed"]) for row in dashboard.gaps],
            "plannedName": _("planned total investment"),
            "completedName": _("investment completed"),
        },
    }


def dashboard_xlsx(dashboard):
    """One sheet per table of the dashboard; amounts in 万元, said in headers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Targets")
    sheet.append([_("metric"), _("period"), _("target"), _("actual"), _("completion (%)"), _("time elapsed (%)"), _("status")])
    for card in dashboard.cards:
        target = card.target
        sheet.append(
            [
                target.metric.display_name + f" ({target.metric.get_unit_display()})",
                str(target.period_label),
                figure_cell(sheet, target.value, target.metric.unit),
                figure_cell(sheet, card.actual, target.metric.unit),
                percent_cell(sheet, card.completion),
                None if card.is_rate else percent_cell(sheet, card.elapsed),
                str(card.light_label),
            ]
        )
    sheet = workbook.create_sheet(_("By month"))
    sheet.append([_("month"), _("investment completed (10k yuan)"), _("funds in place (10k yuan)"),
                  _("cumulative investment (10k yuan)"), _("cumulative planned (10k yuan)")])
    for row in dashboard.months:
        sheet.append([row["month"], *(amount_cell(sheet, row[key]) for key in
                      ("investment", "funds", "cumulative_investment", "cumulative_plan"))])
    sheet = workbook.create_sheet(_("By industry"))
    sheet.append([_("industry"), _("projects"), _("planned total investment (10k yuan)")])
    for row in dashboard.industries:
        sheet.append([row["industry__name"] or _("no industry recorded"), row["projects"], amount_cell(sheet, row["investment"])])
    sheet = workbook.create_sheet(_("Pipeline"))
    sheet.append([_("stage"), _("projects reaching it"), _("conversion from the previous stage (%)")])
    for step in dashboard.funnel:
        sheet.append([str(step["label"]), step["reached"], percent_cell(sheet, step["conversion"])])
    sheet = workbook.create_sheet(_("Gaps"))
    sheet.append([_("project"), _("planned total investment (10k yuan)"), _("investment completed (10k yuan)"), _("gap (10k yuan)")])
    for row in dashboard.gaps:
        sheet.append([row["name"], *(amount_cell(sheet, row[key]) for key in ("planned_investment", "completed", "gap"))])
    return workbook_bytes(workbook)


def ranking_xlsx(*, metric, year, as_of, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Ranking")
    sheet.append([f"{metric.display_name} ({metric.get_unit_display()}) {year}, {as_of:%Y-%m-%d}"])
    sheet.append([_("rank"), _("zone"), _("actual"), _("target"), _("completion (%)"), _("same period last year"), _("growth (%)")])
    for row in rows:
        sheet.append([row.rank, row.zone.name, figure_cell(sheet, row.actual, metric.unit),
                      figure_cell(sheet, row.target, metric.unit), percent_cell(sheet, row.completion),
                      figure_cell(sheet, row.last_year, metric.unit), percent_cell(sheet, row.growth)])
    return workbook_bytes(workbook)
