"""Importing projects from Excel: the template, every row or none, each
problem reported by Excel row and column, and files that are refused before
they are read."""
import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from devzone import importing
from projects import imports, services
from projects.choices import Stage, StageChangeStatus
from projects.imports import ImportLimits, ImportRejected
from projects.imports.columns import map_header
from projects.models import Enterprise, InvestmentProject, ProjectStageChange
from tests.factories import IndustryFactory, OfficialFactory, ProjectFactory, ZoneFactory
from tests.personas import administrator, manager_of, staff_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)
MB = 1024 * 1024

# The headers as a Chinese sheet spells them, and as an English one does;
# both are read whatever the user's language.
ZH = {
    "zone": "开发区",
    "name": "项目名称",
    "investor": "投资方",
    "industry": "产业",
    "stage": "阶段",
    "stage_date": "阶段日期",
    "planned_investment": "计划总投资（万元）",
    "planned_start_on": "计划开工日期",
    "is_major": "重大项目",
    "is_key": "重点项目",
    "is_fortune500": "500强项目",
    "is_four_new": "四新经济项目",
    "is_foreign_funded": "外资项目",
    "lead_official": "牵头领导",
    "description": "说明",
}
EN = {
    "zone": "zone",
    "name": "project name",
    "investor": "investor",
    "industry": "industry",
    "stage": "stage",
    "stage_date": "date of the stage",
    "planned_investment": "planned total investment (10k yuan)",
    "planned_start_on": "planned start date",
    "is_major": "major project",
    "is_key": "key project",
    "is_fortune500": "Fortune-500 project",
    "is_four_new": "four-new economy project",
    "is_foreign_funded": "foreign-funded",
    "lead_official": "lead official",
    "description": "description",
}


@pytest.fixture
def zone():
    return ZoneFactory(name="山东沂源经济开发区", short_name="沂源经开区")


@pytest.fixture
def other_zone():
    return ZoneFactory(name="东营经济技术开发区", short_name="东营经开区")


@pytest.fixture
def staff(zone):
    return staff_of(zone)


@pytest.fixture
def industry():
    return IndustryFactory(name="新材料")


@pytest.fixture
def official(zone):
    return OfficialFactory(zone=zone, name="张明")


def row(**cells):
    """A valid row of the Chinese sheet, with ``cells`` changed."""
    return {
        "zone": "山东沂源经济开发区",
        "name": "年产5万吨新材料项目",
        "stage": "洽谈",
        "stage_date": datetime.datetime(2024, 2, 22),
        **cells,
    }


def workbook(rows, *, headers=ZH, columns=None, extra=None):
    """An .xlsx as bytes: the header row, then one row per dict (a value of
    None leaves the cell empty). ``extra`` lists rows appended as they are."""
    columns = columns or list(headers)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([headers[key] for key in columns])
    for cells in rows:
        sheet.append([cells.get(key) for key in columns])
    for values in extra or ():
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content, name="项目.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def run(user, rows, **kwargs):
    return imports.projects_import(user=user, file=upload(workbook(rows, **kwargs)))


def refused(user, content, name="项目.xlsx"):
    with pytest.raises(ImportRejected) as excinfo:
        imports.projects_import(user=user, file=upload(content, name))
    return excinfo.value


def problems(user, rows, **kwargs):
    """The (row, column, message) of every problem; nothing may be saved."""
    before = InvestmentProject.objects.count()
    rejected = refused(user, workbook(rows, **kwargs))
    assert InvestmentProject.objects.count() == before
    return [(error.row, error.column, error.message) for error in rejected.errors]


def database_state():
    return {
        "projects": InvestmentProject.objects.count(),
        "enterprises": Enterprise.objects.count(),
        "stage changes": ProjectStageChange.objects.count(),
        "project history": InvestmentProject.history.count(),
        "enterprise history": Enterprise.history.count(),
        "stage change history": ProjectStageChange.history.count(),
    }


# Importing ---------------------------------------------------------------------------


def test_it_imports_every_row_with_exact_values(staff, zone, industry, official):
    """Each cell lands on its field: amounts as exact decimals in 万元, dates
    from date cells and from text, flags from 是/否, 1/0 and yes/no."""
    result = run(
        staff,
        [
            row(
                name="新能源电池项目",
                investor="  山东新能源科技有限公司 ",
                industry="新材料",
                stage="已签约",
                stage_date=datetime.datetime(2024, 3, 1),
                planned_investment=12345.67,
                planned_start_on="2024-06-30",
                is_major="是",
                is_key=1,
                is_fortune500="否",
                is_four_new="yes",
                is_foreign_funded=None,
                lead_official="张明",
                description="一期：电芯与电池包。",
            ),
            row(name="智能装备项目", stage="negotiating", stage_date="2024/1/5", planned_investment="8,000"),
        ],
    )

    battery, equipment = result.projects
    battery.refresh_from_db()
    assert battery.zone == zone
    assert battery.name == "新能源电池项目"
    assert battery.investor.name == "山东新能源科技有限公司"
    assert battery.industry == industry
    assert battery.planned_investment == Decimal("12345.67")
    assert battery.planned_start_on == datetime.date(2024, 6, 30)
    assert (battery.is_major, battery.is_key, battery.is_fortune500, battery.is_four_new, battery.is_foreign_funded) == (
        True, True, False, True, False,
    )
    assert battery.lead_official == official
    assert battery.description == "一期：电芯与电池包。"
    # Staff record a signing; it counts once a manager confirms it.
    assert (battery.stage, battery.confirmed_stage, battery.signed_on) == (Stage.SIGNED, Stage.LEAD, None)
    change = battery.stage_changes.get()
    assert (change.stage, change.changed_on, change.status, change.recorded_by) == (
        Stage.SIGNED, datetime.date(2024, 3, 1), StageChangeStatus.PENDING, staff,
    )

    equipment.refresh_from_db()
    assert equipment.investor is None
    assert equipment.planned_investment == Decimal("8000.00")
    assert (equipment.stage, equipment.confirmed_stage) == (Stage.NEGOTIATING, Stage.NEGOTIATING)
    assert equipment.stage_changes.get().changed_on == datetime.date(2024, 1, 5)
    assert InvestmentProject.objects.count() == 2
    assert battery.history.count() >= 1


def test_an_administrator_s_signing_counts_at_once(zone):
    """The service's rules apply: an administrator's signing needs no
    confirmation and sets the signing date."""
    project = run(administrator(), [row(stage="签约", stage_date=datetime.datetime(2024, 3, 1))]).projects[0]
    project.refresh_from_db()
    assert (project.stage, project.confirmed_stage, project.signed_on) == (
        Stage.SIGNED, Stage.SIGNED, datetime.date(2024, 3, 1),
    )


def test_english_headers_and_values_are_read_whatever_the_language(staff, zone, industry):
    """A sheet made in English imports for a Chinese user, and the other way round."""
    english_row = row(
        zone="沂源经开区", investor="Acme Ltd.", industry="新材料", stage="Signed", stage_date="2024-03-01",
        planned_investment=500, is_major="Yes", is_key="no", is_fortune500="TRUE", is_four_new=0,
    )
    with translation.override("zh-hans"):
        project = run(staff, [english_row], headers=EN).projects[0]
    assert (project.zone, project.stage, project.planned_investment) == (zone, Stage.SIGNED, Decimal("500.00"))
    assert (project.is_major, project.is_key, project.is_fortune500, project.is_four_new) == (True, False, True, False)

    with translation.override("en"):
        project = run(staff, [row(name="第二个项目", stage="已开工")]).projects[0]
    assert project.stage == Stage.STARTED


def test_only_the_required_columns_are_needed(staff, zone):
    """A sheet with just zone, name, stage and date imports; the rest is empty or no."""
    project = run(staff, [row()], columns=["zone", "name", "stage", "stage_date"]).projects[0]
    assert (project.investor, project.industry, project.planned_investment, project.is_major, project.description) == (
        None, None, None, False, "",
    )


def test_empty_rows_are_skipped_and_rows_keep_their_excel_numbers(staff, zone):
    """Blank rows (also cells of spaces) are skipped; a problem below them
    is reported at the row Excel shows."""
    content = workbook([row(name="甲项目")], extra=[[], ["  ", None, ""], [], ["山东沂源经济开发区", "乙项目", None, None, "洽谈"]])
    rejected = refused(staff, content)
    assert [(e.row, e.column, e.message) for e in rejected.errors] == [(6, "阶段日期", "This cell is required.")]


def test_dates_are_read_from_date_cells_and_from_text(staff, zone):
    dates = [datetime.datetime(2024, 3, 5), datetime.date(2024, 3, 5), "2024-03-05", "2024/3/5", "2024.03.05",
             "2024年3月5日", "2024-03-05 00:00:00"]
    rows = [row(name=f"项目{i}", stage_date=value) for i, value in enumerate(dates)]
    projects = run(staff, rows).projects
    assert {p.stage_changes.get().changed_on for p in projects} == {datetime.date(2024, 3, 5)}


# One bad row: nothing saved ------------------------------------------------------------


def test_one_bad_row_among_good_ones_saves_nothing(staff, zone):
    """Every row is checked first: a bad third row keeps the first and
    fourth out too, and no investor, stage change or history is written."""
    before = database_state()
    rows = [
        row(name="甲项目", investor="甲公司"),
        row(name="乙项目", investor="乙公司", planned_investment="一千万"),
        row(name="丙项目", investor="丙公司"),
    ]
    rejected = refused(staff, workbook(rows))
    assert [(e.row, e.column, e.message) for e in rejected.errors] == [
        (3, "计划总投资（万元）", "Not a number: 一千万.")
    ]
    assert rejected.message == "1 problem found. Correct it and upload the file again."
    assert database_state() == before


def test_a_refusal_by_the_service_rolls_back_the_rows_already_created(staff, zone, monkeypatch):
    """A rule only the service knows, met at the second row, undoes the
    first row's project, investor and history, and is reported at its column."""
    real_create = services.project_create
    calls = []

    def create(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise ValidationError({"changed_on": "The date cannot be before the previous stage change."})
        return real_create(**kwargs)

    monkeypatch.setattr(services, "project_create", create)
    before = database_state()
    rejected = refused(staff, workbook([row(name="甲项目", investor="新公司"), row(name="乙项目")]))
    assert [(e.row, e.column, e.message) for e in rejected.errors] == [
        (3, "阶段日期", "The date cannot be before the previous stage change.")
    ]
    assert database_state() == before


# Each kind of bad value ------------------------------------------------------------------

BAD_VALUES = [
    ("planned_investment", "abc", "Not a number: abc."),
    ("planned_investment", -5, "The planned total investment cannot be negative."),
    ("planned_investment", 200000000, "This amount is implausibly large; amounts are entered in 10k yuan."),
    ("planned_investment", 1.234, "At most two decimal places."),
    ("stage_date", "2024-13-01", "Not a date: 2024-13-01. Write dates as 2024-02-22."),
    ("stage_date", "下个月", "Not a date: 下个月. Write dates as 2024-02-22."),
    ("stage_date", 45000, "Not a date: 45000. Write dates as 2024-02-22."),
    ("stage_date", TOMORROW.isoformat(), "The date of a stage change cannot be in the future."),
    ("stage_date", None, "This cell is required."),
    ("planned_start_on", "2024-02-30", "Not a date: 2024-02-30. Write dates as 2024-02-22."),
    ("stage", "暂停", "Not a stage: 暂停. Write one of: Lead, Negotiating, Signed, Started construction, In production."),
    ("stage", "withdrawn", ("A project cannot be imported as withdrawn; import it at its last stage and withdraw it "
                            "on its page.")),
    ("stage", None, "This cell is required."),
    ("zone", "不存在的开发区", "No zone is named 不存在的开发区."),
    ("zone", None, "This cell is required."),
    ("industry", "航空航天", "No industry is named 航空航天; choose one from the list."),
    ("lead_official", "李四", "山东沂源经济开发区 has no official named 李四."),
    ("name", None, "This cell is required."),
    ("name", "项" * 201, "At most 200 characters; this has 201."),
    ("investor", "公" * 201, "At most 200 characters; this has 201."),
    ("description", "说" * 5001, "At most 5000 characters; this has 5001."),
    ("is_major", "也许", "Write yes or no, not 也许."),
    ("is_foreign_funded", 2, "Write yes or no, not 2."),
]


@pytest.mark.parametrize(("key", "value", "message"), BAD_VALUES, ids=[f"{k}-{i}" for i, (k, _v, _m) in
                                                                        enumerate(BAD_VALUES)])
def test_each_bad_value_is_reported_at_its_row_and_column(staff, zone, key, value, message):
    assert problems(staff, [row(), row(**{"name": "第二个项目", key: value})]) == [(3, ZH[key], message)]


def test_every_problem_of_the_file_is_listed_at_once(staff, zone):
    """The user corrects the file once, not once per problem."""
    rows = [row(zone="某开发区", planned_investment=-1), row(name=None, stage="取消")]
    assert problems(staff, rows) == [
        (2, "开发区", "No zone is named 某开发区."),
        (2, "计划总投资（万元）", "The planned total investment cannot be negative."),
        (3, "项目名称", "This cell is required."),
        (3, "阶段", "Not a stage: 取消. Write one of: Lead, Negotiating, Signed, Started construction, In production."),
    ]


def test_a_planned_start_before_the_signing_is_refused(staff, zone):
    """It would stop a manager from confirming the signing later."""
    rows = [row(stage="签约", stage_date="2024-03-01", planned_start_on="2024-02-01")]
    assert problems(staff, rows) == [
        (2, "计划开工日期", "The planned start cannot be before the signing date."),
    ]


def test_a_zone_the_user_does_not_record_in_is_refused(staff, zone, other_zone):
    assert problems(staff, [row(), row(name="乙项目", zone="东营经开区")]) == [
        (3, "开发区", "You cannot record projects in 东营经济技术开发区."),
    ]


def test_a_manager_cannot_import_into_the_zones_they_read(zone):
    """Managers confirm but never record."""
    assert problems(manager_of(zone), [row()]) == [
        (2, "开发区", "You cannot record projects in 山东沂源经济开发区."),
    ]


def test_a_short_name_shared_by_two_zones_needs_the_full_name(staff, zone):
    ZoneFactory(name="沂源县另一开发区", short_name="沂源经开区")
    assert problems(staff, [row(zone="沂源经开区")]) == [
        (2, "开发区", "沂源经开区 is the short name of several zones; write the full name."),
    ]


def test_the_official_must_belong_to_the_row_s_zone(staff, zone, other_zone):
    OfficialFactory(zone=other_zone, name="王五")
    assert problems(staff, [row(lead_official="王五")]) == [
        (2, "牵头领导", "山东沂源经济开发区 has no official named 王五."),
    ]


def test_the_template_s_example_row_is_not_imported(staff, zone):
    with translation.override("en"):
        example = str(imports.EXAMPLE_NAME)
    assert problems(staff, [row(name=example)]) == [
        (2, "项目名称", "This is the template's example row; replace it with a real project or delete it."),
    ]


# Duplicates ---------------------------------------------------------------------------------


def test_a_project_the_zone_already_has_is_reported_not_imported_twice(staff, zone):
    """Same zone, name and investor; or the same name with no investor."""
    ProjectFactory(zone=zone, name="甲项目", investor=Enterprise.objects.create(name="甲公司"))
    ProjectFactory(zone=zone, name="乙项目", investor=None)
    rows = [row(name="甲项目", investor="甲公司"), row(name="乙项目"), row(name="丙项目")]
    assert problems(staff, rows) == [
        (2, "项目名称", "山东沂源经济开发区 already has a project of this name from this investor."),
        (3, "项目名称", "山东沂源经济开发区 already has a project of this name without an investor."),
    ]
    assert InvestmentProject.objects.filter(name="甲项目").count() == 1


def test_the_same_name_from_another_investor_or_in_another_zone_is_a_new_project(staff, zone, other_zone):
    ProjectFactory(zone=zone, name="甲项目", investor=Enterprise.objects.create(name="甲公司"))
    ProjectFactory(zone=other_zone, name="乙项目", investor=None)
    result = run(staff, [row(name="甲项目", investor="乙公司"), row(name="乙项目")])
    assert len(result.projects) == 2


def test_two_rows_of_the_file_giving_the_same_project_are_reported(staff, zone):
    rows = [row(name="甲项目", investor="甲公司"), row(name="乙项目"), row(name="甲项目", investor="甲公司"),
            row(name="乙项目", stage="签约")]
    assert problems(staff, rows) == [
        (4, "项目名称", "The same project as row 2 (same zone, name and investor)."),
        (5, "项目名称", "The same project as row 3 (same zone, name and investor)."),
    ]


# The header row -------------------------------------------------------------------------------


def test_a_missing_required_column_and_an_unknown_one_are_reported(staff, zone):
    headers = {**ZH, "extra": "备注栏"}
    rows = [row(extra="随便写")]
    assert problems(staff, rows, headers=headers, columns=["zone", "name", "stage", "extra"]) == [
        (1, "备注栏", "Unknown column. Rename it to a column of the template or delete it."),
        (1, "date of the stage", "This required column is missing."),
    ]


def test_an_amount_column_in_another_unit_is_refused(staff, zone):
    """计划总投资（亿元）would be read 10000 times too small."""
    headers = {**ZH, "planned_investment": "计划总投资（亿元）"}
    assert problems(staff, [row(planned_investment=5)], headers=headers) == [
        (1, "计划总投资（亿元）", ("Amounts are read in 10k yuan; convert the column and name it planned total "
                               "investment (10k yuan).")),
    ]


def test_a_column_given_twice_is_refused(staff, zone):
    headers = {**ZH, "name2": "项目名称"}
    assert problems(staff, [row(name2="又一个")], headers=headers, columns=[*ZH, "name2"]) == [
        (1, "项目名称", "This column appears twice."),
    ]


def test_a_cell_outside_the_columns_is_reported(staff, zone):
    content = workbook([], columns=["zone", "name", "stage", "stage_date"],
                       extra=[["山东沂源经济开发区", "甲项目", "洽谈", "2024-02-22", None, "多余"]])
    rejected = refused(staff, content)
    assert [(e.row, e.column, e.message) for e in rejected.errors] == [
        (2, "F", "This cell is outside the template's columns; delete it or move it."),
    ]


def test_a_sheet_without_projects_is_refused(staff, zone):
    assert refused(staff, workbook([])).message == "The file has no projects: fill in a row under the header."
    empty = openpyxl.Workbook()
    buffer = io.BytesIO()
    empty.save(buffer)
    assert refused(staff, buffer.getvalue()).message == (
        "The first sheet has no header row. Download the template and fill it in."
    )


# The template -----------------------------------------------------------------------------------


def load(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def test_the_template_speaks_the_user_s_language(staff, zone):
    """Chinese by default, English for an English user; the same columns."""
    with translation.override("zh-hans"):
        chinese = load(imports.import_template(user=staff))
    with translation.override("en"):
        english = load(imports.import_template(user=staff))
    zh_headers = [cell.value for cell in chinese.worksheets[0][1]]
    en_headers = [cell.value for cell in english.worksheets[0][1]]
    assert zh_headers[:5] == ["开发区", "项目名称", "投资方", "产业", "阶段"]
    assert en_headers == list(EN.values())
    assert len(zh_headers) == len(en_headers)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_header_reads_back_as_its_own_column(language):
    """No two columns share a header in any language, and each header the
    template writes is read as the column it heads (a translation that
    collided with another column's would break every file)."""
    with translation.override(language):
        headers = [column.header() for column in imports.COLUMNS]
    assert len(set(headers)) == len(headers)
    positions, _spelled, errors = map_header(headers)
    assert errors == []
    assert list(positions.values()) == [column.key for column in imports.COLUMNS]


def test_the_template_offers_the_user_s_zones_stages_flags_and_industries(staff, zone, other_zone, industry,
                                                                           official):
    """Drop-down lists point at the list sheet; another zone's name is not on it."""
    book = load(imports.import_template(user=staff))
    sheet, instructions, lists = book.worksheets
    assert [sheet.title, instructions.title, lists.title] == ["Projects", "Instructions", "Allowed values"]

    def listed(letter):
        return [cell.value for cell in lists[letter] if cell.value is not None]

    assert listed("A") == ["zone", "山东沂源经济开发区"]
    assert listed("B") == ["stage", "Lead", "Negotiating", "Signed", "Started construction", "In production"]
    assert listed("C") == ["yes/no", "yes", "no"]
    assert listed("D") == ["industry", "新材料"]

    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations["A2:A501"] == "'Allowed values'!$A$2:$A$2"
    assert validations["E2:E501"] == "'Allowed values'!$B$2:$B$6"
    assert validations["D2:D501"] == "'Allowed values'!$D$2:$D$2"
    flags = next(v for v in sheet.data_validations.dataValidation if "I2:I501" in str(v.sqref))
    assert {str(r) for r in flags.sqref.ranges} == {"I2:I501", "J2:J501", "K2:K501", "L2:L501", "M2:M501"}

    assert sheet.column_dimensions["B"].width == 32
    example = [cell.value for cell in sheet[2]]
    assert example[:2] == ["山东沂源经济开发区", str(imports.EXAMPLE_NAME)]
    assert example[13] == "张明"

    explained = {r[0]: r[2] for r in instructions.iter_rows(values_only=True) if r[0] in EN.values()}
    assert set(explained) == set(EN.values())
    assert "10k yuan" in explained["planned total investment (10k yuan)"]
    assert any("YYYY-MM-DD" in str(r[0]) for r in instructions.iter_rows(values_only=True))


def test_the_template_filled_in_imports_cleanly(staff, zone, industry, official):
    """Round trip in Chinese: download, replace the example row, add one,
    upload as an English user."""
    with translation.override("zh-hans"):
        book = load(imports.import_template(user=staff))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "开发区"
    first = [cell.value for cell in sheet[2]]
    first[1] = "新能源电池项目"  # the example's values, under a real name
    sheet.delete_rows(2)
    sheet.append(first)
    sheet.append(["沂源经开区", "智能装备项目", None, None, "洽谈", "2024-01-05", None, None, "否"])
    buffer = io.BytesIO()
    book.save(buffer)

    with translation.override("en"):
        battery, equipment = imports.projects_import(user=staff, file=upload(buffer.getvalue())).projects
    assert (battery.zone, battery.investor.name, battery.industry, battery.lead_official) == (
        zone, first[2], industry, official,
    )
    assert (battery.stage, battery.planned_investment, battery.planned_start_on) == (
        Stage.SIGNED, Decimal("50000.00"), datetime.date(2024, 6, 30),
    )
    assert (battery.is_major, battery.is_key, battery.is_fortune500, battery.is_four_new) == (True, True, False, True)
    assert battery.stage_changes.get().changed_on == datetime.date(2024, 2, 22)
    assert (equipment.stage, equipment.is_major) == (Stage.NEGOTIATING, False)


def test_the_template_in_english_round_trips_too(staff, zone):
    with translation.override("en"):
        book = load(imports.import_template(user=staff))
        sheet = book.worksheets[0]
        sheet["B2"] = "Battery plant"
        buffer = io.BytesIO()
        book.save(buffer)
        project = imports.projects_import(user=staff, file=upload(buffer.getvalue())).projects[0]
    assert (project.name, project.investor.name, project.stage) == (
        "Battery plant", "Example New Energy Co., Ltd.", Stage.SIGNED,
    )


# Limits and unsafe files -------------------------------------------------------------------------


def test_openpyxl_parses_with_defusedxml():
    """defusedxml is installed, so openpyxl refuses entity tricks in the XML."""
    assert openpyxl.xml.DEFUSEDXML is True


def test_more_rows_than_the_limit_are_refused(staff, zone, monkeypatch):
    monkeypatch.setattr(imports, "LIMITS", ImportLimits(max_rows=3))
    assert len(run(staff, [row(name=f"项目{i}") for i in range(3)]).projects) == 3
    rejected = refused(staff, workbook([row(name=f"新项目{i}") for i in range(4)]))
    assert rejected.message == "The file has more than 3 projects. Split it into files of at most 3 rows."
    assert rejected.errors == []
    assert InvestmentProject.objects.count() == 3


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(staff, zone, monkeypatch):
    content = workbook([row()])
    monkeypatch.setattr(imports, "LIMITS", ImportLimits(max_file_mb=0.001))
    monkeypatch.setattr(importing, "load_workbook", pytest.fail)
    rejected = refused(staff, content)
    assert rejected.message == (
        f"The file is {len(content) / MB:.1f} MB; at most 0.001 MB can be imported at once. Split it into smaller "
        "files."
    )


def test_a_zip_bomb_is_refused_before_it_is_inflated(staff, monkeypatch):
    """A small file whose entries unpack to more than the limit (50 MB) is
    refused from the zip's directory, before openpyxl opens it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/sharedStrings.xml", "w") as entry:
            zeros = bytes(MB)
            for _chunk in range(imports.LIMITS.max_uncompressed_mb + 1):
                entry.write(zeros)
    content = buffer.getvalue()
    assert len(content) < imports.LIMITS.max_file_mb * MB
    monkeypatch.setattr(importing, "load_workbook", pytest.fail)
    assert refused(staff, content).message == (
        "The workbook unpacks to more than 50 MB, too much to read. Remove pictures and unused sheets, or split it "
        "into smaller files."
    )


def test_an_xml_entity_bomb_is_refused(staff, zone, caplog):
    """The billion-laughs trick inside a worksheet is refused by defusedxml
    instead of filling the memory."""
    source = io.BytesIO(workbook([row()]))
    target = io.BytesIO()
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
    )
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[-1]  # without any XML declaration of its own
                data = bomb.encode() + body.replace(b"<t>", b"<t>&lol2;", 1)
            copy.writestr(item, data)
    with caplog.at_level("INFO", logger="devzone.importing"):
        rejected = refused(staff, target.getvalue())
    assert rejected.message == (
        "The workbook could not be read. Open it in Excel and save it again as Excel Workbook (.xlsx)."
    )
    causes, error = [], caplog.records[-1].exc_info[1]
    while error is not None:
        causes.append(type(error).__name__)
        error = error.__cause__ or error.__context__
    assert "EntitiesForbidden" in causes


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("项目.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
         "This is an Excel 97-2003 workbook (.xls). Open it in Excel, choose Save As and pick Excel Workbook (.xlsx)."),
        ("项目.csv", "开发区,项目名称\n".encode(),
         ("This is a CSV file. Open it in Excel, choose Save As and pick Excel Workbook (.xlsx), or copy the rows "
          "into the template.")),
        ("项目.pdf", b"%PDF-1.4", "Upload an Excel workbook (.xlsx): the template filled in."),
        ("项目.xlsx", "开发区,项目名称\n山东沂源经济开发区,甲项目\n".encode(),
         ("The file is named .xlsx but is not an Excel workbook. Save it in Excel as Excel Workbook (.xlsx), or "
          "fill in the template.")),
        ("项目.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
         ("The file is named .xlsx but is an older Excel 97-2003 workbook, or one protected by a password. "
          "Remove any password and save it in Excel as Excel Workbook (.xlsx).")),
    ],
    ids=["xls", "csv", "pdf", "csv-renamed", "xls-renamed"],
)
def test_a_file_that_is_not_an_xlsx_is_refused_with_what_to_do(staff, name, content, message):
    assert refused(staff, content, name).message == message


def test_a_zip_that_is_not_a_workbook_is_refused(staff):
    """No [Content_Types].xml, a compression Excel never writes, or parts
    that are not XML."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert refused(staff, buffer.getvalue()).message.startswith("The file is named .xlsx but is not an Excel workbook.")

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_BZIP2) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert refused(staff, buffer.getvalue()).message.startswith("The file is named .xlsx but is not an Excel workbook.")

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "not xml at all")
    assert refused(staff, buffer.getvalue()).message.startswith("The workbook could not be read.")


def test_a_long_list_of_problems_is_cut_short(staff, zone, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ERRORS_SHOWN", 2)
    rejected = refused(staff, workbook([row(name=f"项目{i}", stage="?") for i in range(3)]))
    assert rejected.message == "3 problems found. Correct them and upload the file again. The first 2 are listed."
    assert [e.row for e in rejected.errors] == [2, 3]


# Through the pages -----------------------------------------------------------------------------------

# reverse() under the tests' English gives the /en/ pages; Chinese ones have no prefix.



def test_the_page_imports_and_goes_to_the_list(client, staff, zone):
    client.force_login(staff)
    content = workbook([row(name="甲项目"), row(name="乙项目", stage="签约")])
    response = client.post(reverse("projects:project_import"), {"file": upload(content)})
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:project_list")
    assert set(InvestmentProject.objects.values_list("name", flat=True)) == {"甲项目", "乙项目"}


def test_the_page_lists_the_problems_and_saves_nothing(client, staff, zone):
    client.force_login(staff)
    before = database_state()
    content = workbook([row(name="甲项目", investor="新公司"), row(name="乙项目", stage_date="2024-02-31")])
    response = client.post(reverse("projects:project_import"), {"file": upload(content)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert "1 problem found. Correct it and upload the file again." in html
    assert "<td>3</td><td>阶段日期</td><td>Not a date: 2024-02-31. Write dates as 2024-02-22.</td>" in html
    assert database_state() == before


def test_the_page_lists_the_problems_in_chinese_by_default(client, staff, zone):
    """The column is named as in the file; the problem in the user's language."""
    client.force_login(staff)
    content = workbook([row(stage_date="2024-02-31")])
    with translation.override("zh-hans"):
        url = reverse("projects:project_import")
        message = translation.gettext("Not a date: %(value)s. Write dates as 2024-02-22.") % {"value": "2024-02-31"}
    assert url == "/projects/import/"
    assert message != "Not a date: 2024-02-31. Write dates as 2024-02-22."
    response = client.post(url, {"file": upload(content)})
    assert f"<td>2</td><td>阶段日期</td><td>{message}</td>" in response.content.decode()
    assert not InvestmentProject.objects.exists()


def test_the_page_explains_a_refused_file(client, staff):
    client.force_login(staff)
    response = client.post(reverse("projects:project_import"), {"file": upload(b"a,b\n", "projects.csv")})
    assert response.status_code == 200
    assert "This is a CSV file." in response.content.decode()
    assert not InvestmentProject.objects.exists()


def test_the_page_shows_the_limits(client, staff):
    client.force_login(staff)
    response = client.get(reverse("projects:project_import"))
    assert response.status_code == 200
    assert "at most 5 MB and 500 rows" in response.content.decode()


def test_the_template_downloads(client, staff, zone):
    client.force_login(staff)
    response = client.get(reverse("projects:project_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert load(response.content).worksheets[0]["A2"].value == "山东沂源经济开发区"


def test_a_manager_may_neither_import_nor_download(client, zone):
    """Managers confirm; recording is for staff and administrators."""
    client.force_login(manager_of(zone))
    assert client.get(reverse("projects:project_import")).status_code == 403
    assert client.post(reverse("projects:project_import"), {"file": upload(workbook([row()]))}).status_code == 403
    assert client.get(reverse("projects:project_import_template")).status_code == 403
    assert not InvestmentProject.objects.exists()
