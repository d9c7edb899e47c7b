"""What devzone does so that no download runs a formula: the one place.

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

from openpyxl.cell import WriteOnlyCell

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
