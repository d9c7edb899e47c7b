"""How devzone writes spreadsheets: no download runs a formula, and every
figure is the number the page shows.

A name typed as "=HYPERLINK(...)" (by whoever recorded a project, a zone or
an investor) must reach the manager who downloads it as text, not run in
their spreadsheet (formula or CSV injection).

- In XLSX only a cell stored as a formula runs, and openpyxl stores any
  text that begins with "=" as one. No workbook devzone writes holds a
  formula of its own, so such cells are stored as text instead, which Excel
  and WPS show exactly as typed.
- CSV has no types: a spreadsheet runs a cell that starts like a formula,
  so the cell gets a leading quote.
"""
import io
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.cell import WriteOnlyCell

from zones.choices import MetricUnit

CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text):
    return f"'{text}" if text[:1] in CSV_FORMULA_STARTS else text


def text_cell(sheet, text):
    """A text value for ``sheet.append`` on a write-only sheet (large
    exports stream rows and cannot be gone over again before saving)."""
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def workbook_bytes(workbook):
    """Save a (not write-only) workbook, with every cell that openpyxl took
    for a formula stored as the text it was."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# A figure in a download is the number the page shows: rounded half up
# (四舍五入) to the page's places, stored as a number (so it can be summed)
# with the number format that shows those places.
AMOUNT_FORMAT = "#,##0.00"  # 万元, two decimals, as tables show them
PERCENT_FORMAT = "0.0"  # per cent or points, one decimal
COUNT_FORMAT = "#,##0"
CENT, TENTH = Decimal("0.01"), Decimal("0.1")


def number_cell(sheet, value, *, places, number_format):
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=Decimal(value).quantize(places, rounding=ROUND_HALF_UP))
    cell.number_format = number_format
    return cell


def amount_cell(sheet, value):
    """An amount in 万元."""
    return number_cell(sheet, value, places=CENT, number_format=AMOUNT_FORMAT)


def percent_cell(sheet, value):
    """A rate, a completion, a growth or a gap in points."""
    return number_cell(sheet, value, places=TENTH, number_format=PERCENT_FORMAT)


def figure_cell(sheet, value, unit):
    """A metric's figure by its unit: 万元, a rate, or a count (whole, unless
    the value carries decimals: then two places, as the page prints it)."""
    if unit == MetricUnit.WAN_YUAN:
        return amount_cell(sheet, value)
    if unit == MetricUnit.PERCENT:
        return percent_cell(sheet, value)
    if value is not None and Decimal(value) == Decimal(value).to_integral_value():
        return number_cell(sheet, value, places=Decimal(1), number_format=COUNT_FORMAT)
    return number_cell(sheet, value, places=CENT, number_format=AMOUNT_FORMAT)
