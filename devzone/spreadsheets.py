"""Saving the workbooks devzone hands out.

openpyxl stores any text that begins with "=" as a formula, so a project or
zone named "=HYPERLINK(...)" by whoever typed it would run in the
spreadsheet of the manager who downloads it (formula injection). No
workbook devzone writes holds a formula of its own, so every such cell is
turned back into the text it was, which Excel and WPS then show as typed.
"""
import io


def workbook_bytes(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
