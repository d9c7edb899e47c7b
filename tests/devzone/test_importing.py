"""devzone.importing: what the zone catalogue import and the project import
share. Headers are matched in Chinese and English, problems carry the row
and column the user sees, and a file is refused before it costs anything."""
import io

import openpyxl
import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext_lazy

from devzone import importing
from devzone.importing import (
    HeaderLookup,
    HeaderProblem,
    ImportRejected,
    ImportResult,
    RowError,
    compared,
    read_csv,
    read_xlsx_upload,
    row_errors,
)

MB = 1024 * 1024


def lookup():
    """Two required columns named by translated labels (开发区 / zone,
    项目名称 / project name), one with an alias, and an amount in 万元."""
    return HeaderLookup(
        {
            "zone": (gettext_lazy("zone"), "development zone"),
            "name": (gettext_lazy("project name"),),
            "amount": ("计划总投资",),
        },
        required=["zone", "name"],
        units={"amount": ("万元",)},
    )


def xlsx(rows):
    book = openpyxl.Workbook()
    for values in rows:
        book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def limits(**kwargs):
    return {"max_file_mb": 5, "max_uncompressed_mb": 50, "max_rows": 500, "too_many_rows": "Too many.", **kwargs}


# The header row -------------------------------------------------------------------------------


def test_it_reads_chinese_and_english_headers_as_the_same_columns():
    """A lazy label is read in every interface language, whatever the
    current one; position by position, as the file spells each header."""
    chinese = lookup().read(["开发区", "项目名称"])
    english = lookup().read(["Zone", " project  name "])
    assert chinese.positions == english.positions == {0: "zone", 1: "name"}
    assert chinese.spelled == {"zone": "开发区", "name": "项目名称"}
    assert english.spelled == {"zone": "Zone", "name": "project  name"}
    assert chinese.missing == english.missing == ()
    with translation.override("zh-hans"):
        assert lookup().read(["zone", "项目名称"]).positions == {0: "zone", 1: "name"}


def test_full_width_case_spaces_quotes_and_a_star_do_not_matter():
    assert compared("“ＤＥＶＥＬＯＰＭＥＮＴ  Zone”*") == compared("development zone") == "developmentzone"
    assert lookup().find("＊开发区") == ("zone", None)


def test_a_note_in_brackets_is_read_apart_and_a_wrong_unit_is_a_problem():
    header = lookup().read(["开发区", "项目名称", "计划总投资（亿元）"])
    (amount,) = [cell for cell in header.cells if cell.key == "amount"]
    assert (amount.note, amount.problem) == ("亿元", HeaderProblem.OTHER_UNIT)
    assert 2 not in header.positions

    header = lookup().read(["开发区 (全称)", "项目名称", "计划总投资 (万元)"])
    assert header.positions == {0: "zone", 1: "name", 2: "amount"}
    assert [cell.problem for cell in header.cells] == [None, None, None]


def test_unknown_repeated_and_missing_columns_are_told_apart():
    """The first cell naming a column is read, a later one is a repeat;
    blank header cells are no column at all."""
    header = lookup().read(["备注", None, "zone", "  ", "开发区"])
    assert [(cell.index, cell.text, cell.key, cell.problem) for cell in header.cells] == [
        (0, "备注", None, HeaderProblem.UNKNOWN),
        (2, "zone", "zone", None),
        (4, "开发区", "zone", HeaderProblem.REPEATED),
    ]
    assert header.positions == {2: "zone"}
    assert header.missing == ("name",)


def test_a_row_s_values_are_taken_by_column():
    header = lookup().read(["备注", "项目名称", "开发区"])
    assert header.values(("x", "甲项目", "沂源", "beyond")) == {"name": "甲项目", "zone": "沂源"}
    assert header.values(("x", "乙项目")) == {"name": "乙项目"}


# Problems and results ---------------------------------------------------------------------------


def test_a_row_error_carries_its_row_column_and_message():
    error = RowError(7, "阶段日期", "This cell is required.")
    assert (error.row, error.line, error.column, error.message) == (7, 7, "阶段日期", "This cell is required.")
    assert str(error) == "Line 7, column 阶段日期: This cell is required."
    assert str(RowError(3, "", "Refused.")) == "Line 3, column —: Refused."


def test_a_result_counts_what_it_did_and_the_rows_it_could_not_take():
    result = ImportResult(
        created=["a", "b"],
        unchanged=["c"],
        errors=[RowError(5, "代码", "x"), RowError(3, "名称", "y"), RowError(5, "面积", "z")],
    )
    assert result.counts == {"created": 2, "updated": 0, "unchanged": 1}
    assert result.failed_rows == result.failed_lines == [3, 5]
    assert not result.ok
    assert ImportResult().ok


def test_a_refusal_lists_the_first_problems_and_counts_them_all():
    errors = [RowError(row, "阶段", "Not a stage.") for row in range(2, 6)]
    rejected = ImportRejected.listing(errors, max_shown=3)
    assert rejected.message == "4 problems found. Correct them and upload the file again. The first 3 are listed."
    assert rejected.errors == errors[:3]
    assert ImportRejected.listing(errors[:1], max_shown=3).message == (
        "1 problem found. Correct it and upload the file again."
    )


def test_a_refusal_is_a_validation_error_with_its_code():
    """So a management command or a form reports it as any bad input."""
    rejected = ImportRejected("The file is empty.", code="empty")
    assert isinstance(rejected, ValidationError)
    assert (rejected.code, rejected.messages, str(rejected), rejected.errors) == (
        "empty", ["The file is empty."], "The file is empty.", [],
    )


def test_a_validation_error_becomes_row_errors_at_the_columns_of_its_fields():
    columns = {"changed_on": "阶段日期", NON_FIELD_ERRORS: "项目名称"}
    error = ValidationError({"changed_on": ["Too early.", "Not a workday."], NON_FIELD_ERRORS: ["Exists."]})
    assert row_errors(error, row=4, column_of=columns.get) == [
        RowError(4, "阶段日期", "Too early."),
        RowError(4, "阶段日期", "Not a workday."),
        RowError(4, "项目名称", "Exists."),
    ]
    assert row_errors(ValidationError("Refused."), row=2, column_of=columns.get) == [RowError(2, "", "Refused.")]


# Reading files ---------------------------------------------------------------------------------


def test_an_upload_over_the_size_limit_is_refused_before_it_is_opened(monkeypatch):
    content = xlsx([["开发区"], ["沂源"]])
    monkeypatch.setattr(importing, "load_workbook", pytest.fail)
    with pytest.raises(ImportRejected) as excinfo:
        read_xlsx_upload(SimpleUploadedFile("项目.xlsx", content), **limits(max_file_mb=0.001))
    assert excinfo.value.message == (
        f"The file is {len(content) / MB:.1f} MB; at most 0.001 MB can be imported at once. Split it into smaller "
        "files."
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("项目.xls", "This is an Excel 97-2003 workbook (.xls)."),
        ("项目.csv", "This is a CSV file."),
        ("项目", "Upload an Excel workbook (.xlsx): the template filled in."),
    ],
)
def test_an_upload_that_is_not_named_xlsx_is_refused_with_what_to_do(name, message):
    with pytest.raises(ImportRejected) as excinfo:
        read_xlsx_upload(SimpleUploadedFile(name, xlsx([["开发区"]])), **limits())
    assert excinfo.value.message.startswith(message)


def test_a_workbook_s_rows_keep_their_excel_numbers_and_blank_rows_are_skipped():
    content = xlsx([["开发区", "项目名称"], ["沂源", "甲"], [None, "  "], ["东营", "乙"]])
    sheet = read_xlsx_upload(SimpleUploadedFile("项目.xlsx", content), **limits())
    assert sheet.header == ("开发区", "项目名称")
    assert sheet.rows == [(2, ("沂源", "甲")), (4, ("东营", "乙"))]


def test_a_workbook_with_more_rows_than_the_limit_is_refused_with_the_caller_s_message():
    content = xlsx([["开发区"], ["甲"], ["乙"], ["丙"]])
    assert len(read_xlsx_upload(SimpleUploadedFile("项目.xlsx", content), **limits(max_rows=3)).rows) == 3
    with pytest.raises(ImportRejected) as excinfo:
        read_xlsx_upload(SimpleUploadedFile("项目.xlsx", content), **limits(max_rows=2))
    assert excinfo.value.message == "Too many."


def test_a_csv_is_read_in_utf8_or_gb18030_with_its_line_numbers():
    """A record spanning lines is numbered by the line it starts on; blank
    lines and Excel's ",," rows are skipped."""
    text = '代码,开发区名称\r\nG371152,"东营经济\r\n技术开发区"\r\n,\r\n\r\nS377028,山东沂源经济开发区\r\n'
    for data in (text.encode("utf-8-sig"), text.encode("gb18030"), text):
        sheet = read_csv(data)
        assert sheet.header == ("代码", "开发区名称")
        assert sheet.rows == [(2, ("G371152", "东营经济\r\n技术开发区")), (6, ("S377028", "山东沂源经济开发区"))]


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        (b"PK\x03\x04" + bytes(20), "workbook", "This is an Excel workbook, not CSV."),
        ("代码".encode("utf-16"), "encoding", "The file is neither UTF-8 nor GB18030 (GBK) text."),
        (b"", "empty", "The file is empty: it has no header row."),
    ],
    ids=["workbook", "encoding", "empty"],
)
def test_a_file_that_is_not_a_csv_is_refused_with_what_to_do(data, code, message):
    with pytest.raises(ImportRejected) as excinfo:
        read_csv(data)
    assert excinfo.value.code == code
    assert excinfo.value.message.startswith(message)
