"""The workbook staff download to fill in: the project sheet with its
headers and an example row, the instructions, and the lists its drop-downs
offer. Its headers read back as the columns they head (see ``columns``)."""
import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from devzone import access
from devzone.spreadsheets import workbook_bytes
from zones.models import Industry, Official

from ..choices import Stage
from .columns import COLUMNS, DATE_KEYS, EXAMPLE_NAME, FLAG_KEYS, IMPORTABLE_STAGES

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
EXAMPLE_FONT = Font(italic=True, color="808080")
DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.00"


def template_workbook(*, user, limits) -> bytes:
    """The .xlsx to fill in: a header row in the user's language with an
    example row, the instructions (with ``limits``, what one file may hold),
    and the values to choose from (the user's zones, the stages, yes/no, the
    industries) as drop-down lists."""
    zones = list(access.editable_zones(user).order_by("name"))
    industries = list(Industry.objects.order_by("name").values_list("name", flat=True))
    stages = [str(stage.label) for stage in IMPORTABLE_STAGES]
    flags = [_("yes"), _("no")]

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Projects")
    instructions = workbook.create_sheet(_("Instructions"))
    lists = workbook.create_sheet(_("Allowed values"))

    sheet.append([column.header() for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"

    zone = zones[0] if zones else None
    official = Official.objects.filter(zone=zone).order_by("name").first() if zone else None
    example = {
        "zone": zone.name if zone else "",
        "name": str(EXAMPLE_NAME),
        "investor": _("Example New Energy Co., Ltd."),
        "industry": industries[0] if industries else "",
        "stage": str(Stage.SIGNED.label),
        "stage_date": datetime.date(2024, 2, 22),
        "planned_investment": Decimal(50000),
        "planned_start_on": datetime.date(2024, 6, 30),
        "is_major": _("yes"),
        "is_key": _("yes"),
        "is_fortune500": _("no"),
        "is_four_new": _("yes"),
        "is_foreign_funded": _("no"),
        "lead_official": official.name if official else "",
        "description": _("Battery cells and packs, phase one."),
    }
    sheet.append([example[column.key] for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=2, column=index)
        cell.font = EXAMPLE_FONT
        if column.key in DATE_KEYS:
            cell.number_format = DATE_FORMAT
        elif column.key == "planned_investment":
            cell.number_format = AMOUNT_FORMAT

    _write_lists(
        sheet,
        lists,
        max_rows=limits.max_rows,
        zones=[z.name for z in zones],
        stages=stages,
        flags=flags,
        industries=industries,
    )
    _write_instructions(instructions, lists_title=lists.title, limits=limits)
    # The example row and the lists hold names as recorded; as text cells
    # they read back as the same names (a quote in front would not).
    return workbook_bytes(workbook)


def _write_lists(sheet, lists, *, max_rows, zones, stages, flags, industries):
    """One column per list on its own sheet, and a drop-down on the data
    sheet pointing at it (a list typed into the validation itself may not
    exceed 255 characters, which a city's zones would)."""
    last_row = max_rows + 1  # under the header
    letters = {column.key: get_column_letter(index) for index, column in enumerate(COLUMNS, start=1)}
    choices = [
        (_("zone"), zones, ["zone"]),
        (_("stage"), stages, ["stage"]),
        (f"{_('yes')}/{_('no')}", flags, list(FLAG_KEYS)),
        (_("industry"), industries, ["industry"]),
    ]
    for index, (title, values, keys) in enumerate(choices, start=1):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=title).font = Font(bold=True)
        lists.column_dimensions[letter].width = 30 if index in (1, 4) else 16
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value)
        if not values:
            continue
        validation = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Not on the list"),
            error=_("Choose a value from the list."),
        )
        sheet.add_data_validation(validation)
        for key in keys:
            validation.add(f"{letters[key]}2:{letters[key]}{last_row}")
    lists.freeze_panes = "A2"


def _write_instructions(sheet, *, lists_title, limits):
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 90
    sheet.append([_("How to fill in the project import")])
    sheet["A1"].font = Font(bold=True, size=13)
    notes = [
        _("One project per row on the first sheet. Keep its header row as it is; empty rows are skipped."),
        _("Amounts are in 10k yuan (万元): 100 million yuan (1 亿元) is written 10000."),
        _("Dates as YYYY-MM-DD, for example 2024-02-22; cells formatted as dates in Excel work too."),
        _("Replace the grey example row with your own projects."),
        _(
            "Every row is checked before anything is saved: if any row has a problem, nothing is imported and "
            "each problem is listed with its row and column."
        ),
        _("At most %(rows)d projects and %(size)d MB per file.")
        % {"rows": limits.max_rows, "size": limits.max_file_mb},
        _("The sheet “%(sheet)s” lists the zones, stages and industries to choose from.") % {"sheet": lists_title},
    ]
    for note in notes:
        sheet.append([note])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=3)
    sheet.append([])
    sheet.append([_("column"), _("required"), _("what to write")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in COLUMNS:
        sheet.append([column.header(), _("yes") if column.required else _("no"), str(column.help)])
        sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
