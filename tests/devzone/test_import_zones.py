"""`import_zones`: zones from the national catalogue 《中国开发区审核公告目录》.

The sample file holds the two zones the project seeds and four invented ones
(名称 with 示例, codes G3799xx/G4599xx/S3799xx), one per kind of row the
import has to read.
"""
import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from zones.models import Zone
from zones.services import CATALOGUE_COLUMNS, zones_import
from tests.factories import ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in their English msgids, whatever the catalogues say."""
    with translation.override("en"):
        yield

SAMPLE = Path(__file__).parent / "data" / "catalogue_sample.csv"
SAMPLE_CODES = {"G371152", "S377028", "G379901", "G379902", "G459903", "S379904"}

DONGYING = ["1", "G371152", "东营经济技术开发区", "山东省", "东营市/东营区", "国务院", "经济技术开发区",
            "2010.03", "1735.0", "有色金属、新材料、装备制造"]
YIYUAN = ["2", "S377028", "山东沂源经济开发区", "山东省", "淄博市/沂源县", "省政府", "经济开发区",
          "2006.03", "295.08", "医药、新材料、食品"]


def write_csv(tmp_path, rows, *, header=CATALOGUE_COLUMNS, encoding="utf-8-sig", name="catalogue.csv"):
    """A CSV as Excel saves it: a header row, CRLF line ends."""
    lines = [",".join(header)] + [",".join(row) for row in rows]
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def run(path, *args):
    """Run the command; its stdout, its stderr and the CommandError if it failed."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_zones", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_it_creates_the_zones_with_the_catalogue_facts():
    """Each catalogue column lands on its field, with exact values."""
    out, err, failure = run(SAMPLE)

    assert failure is None, err
    assert "Created 6, updated 0, 0 unchanged." in out
    assert set(Zone.objects.values_list("code", flat=True)) == SAMPLE_CODES

    dongying = Zone.objects.get(code="G371152")
    assert dongying.name == "东营经济技术开发区"
    assert (dongying.province, dongying.city, dongying.county) == ("山东省", "东营市", "东营区")
    assert dongying.approving_authority == "state_council"
    assert dongying.zone_type == "etdz"
    assert dongying.approved_on == datetime.date(2010, 3, 1)
    assert dongying.approved_area_ha == Decimal("1735.00")
    assert dongying.catalogue_industries == "有色金属、新材料、装备制造"

    yiyuan = Zone.objects.get(code="S377028")
    assert yiyuan.name == "山东沂源经济开发区"
    assert (yiyuan.province, yiyuan.city, yiyuan.county) == ("山东省", "淄博市", "沂源县")
    assert yiyuan.approving_authority == "province"
    assert yiyuan.zone_type == "economic"
    assert yiyuan.approved_on == datetime.date(2006, 3, 1)
    assert yiyuan.approved_area_ha == Decimal("295.08")
    assert yiyuan.catalogue_industries == "医药、新材料、食品"

    kinds = dict(Zone.objects.values_list("code", "zone_type"))
    assert kinds == {
        "G371152": "etdz", "S377028": "economic", "G379901": "high_tech",
        "G379902": "bonded", "G459903": "border", "S379904": "industrial",
    }
    assert Zone.objects.get(code="S379904").approving_authority == "province"  # 省人民政府
    assert Zone.objects.get(code="G379901").city == "示例市"
    assert Zone.objects.get(code="G379901").county == ""


def test_a_second_import_changes_nothing():
    """Re-importing the same file saves no zone: counts and history stay put."""
    zones_import(file=SAMPLE)
    zones, history = Zone.objects.count(), Zone.history.count()

    out, err, failure = run(SAMPLE)

    assert failure is None, err
    assert "Created 0, updated 0, 6 unchanged." in out
    assert Zone.objects.count() == zones == 6
    assert Zone.history.count() == history == 6


def test_a_changed_row_updates_the_zone_and_only_the_changed_fields(tmp_path):
    """A new area and industry list are saved once, as one history record;
    the other zone in the file is left alone."""
    zones_import(file=SAMPLE)
    changed = DONGYING[:8] + ["1800.5", "有色金属、新材料、高端装备"]
    path = write_csv(tmp_path, [changed, YIYUAN])

    result = zones_import(file=path)

    assert result.ok
    assert [(row.line, row.code, row.fields) for row in result.updated] == [
        (2, "G371152", ("approved_area_ha", "catalogue_industries")),
    ]
    assert [row.code for row in result.unchanged] == ["S377028"]
    dongying = Zone.objects.get(code="G371152")
    assert dongying.approved_area_ha == Decimal("1800.50")
    assert dongying.catalogue_industries == "有色金属、新材料、高端装备"
    assert dongying.history.count() == 2
    assert Zone.objects.get(code="S377028").history.count() == 1


def test_a_renamed_zone_keeps_its_code_and_its_record(tmp_path):
    """The code is what identifies a zone: a new name in the catalogue renames it."""
    zones_import(file=SAMPLE)
    pk = Zone.objects.get(code="G371152").pk
    path = write_csv(tmp_path, [DONGYING[:2] + ["东营经济技术开发区（新）"] + DONGYING[3:]])

    result = zones_import(file=path)

    assert [row.fields for row in result.updated] == [("name",)]
    assert Zone.objects.get(pk=pk).name == "东营经济技术开发区（新）"
    assert Zone.objects.count() == 6


def test_the_seeded_zones_are_unchanged_by_the_sample(tmp_path):
    """The two zones the seed command writes (same facts, with a short name
    and a source) come out of the catalogue import untouched."""
    seeded = [
        ZoneFactory(code="G371152", name="东营经济技术开发区", short_name="东营经开区",
                    approving_authority="state_council", zone_type="etdz", approved_on=datetime.date(2010, 3, 1),
                    approved_area_ha=Decimal("1735.00"), catalogue_industries="有色金属、新材料、装备制造",
                    province="山东省", city="东营市", county="东营区"),
        ZoneFactory(code="S377028", name="山东沂源经济开发区", short_name="沂源经开区",
                    approving_authority="province", zone_type="economic", approved_on=datetime.date(2006, 3, 1),
                    approved_area_ha=Decimal("295.08"), catalogue_industries="医药、新材料、食品",
                    province="山东省", city="淄博市", county="沂源县"),
    ]
    history = Zone.history.count()

    result = zones_import(file=SAMPLE)

    assert sorted(row.code for row in result.unchanged) == ["G371152", "S377028"]
    assert len(result.created) == 4
    assert Zone.history.count() == history + 4
    for zone in seeded:
        assert zone.history.count() == 1


def test_a_zone_entered_without_a_code_is_matched_by_name(tmp_path):
    """A zone recorded before its catalogue code was known gets the code;
    the import never makes a second zone of the same name."""
    zone = ZoneFactory(name="东营经济技术开发区", short_name="东营经开区", province="山东省", city="东营市")
    path = write_csv(tmp_path, [DONGYING])

    result = zones_import(file=path)

    assert result.ok
    assert [row.code for row in result.updated] == ["G371152"]
    zone.refresh_from_db()
    assert zone.code == "G371152"
    assert zone.short_name == "东营经开区"
    assert zone.county == "东营区"
    assert Zone.objects.count() == 1


def test_a_name_held_by_another_coded_zone_is_reported(tmp_path):
    """Names are unique: a row whose name belongs to a zone of another code
    is refused, and that zone is untouched."""
    other = ZoneFactory(name="东营经济技术开发区", code="G370001")
    path = write_csv(tmp_path, [DONGYING, YIYUAN])

    result = zones_import(file=path)

    assert [(e.line, e.column) for e in result.errors] == [(2, "开发区名称")]
    assert "G370001" in result.errors[0].message
    assert [row.code for row in result.created] == ["S377028"]
    other.refresh_from_db()
    assert other.code == "G370001"
    assert not Zone.objects.filter(code="G371152").exists()


BAD_ROWS = [
    DONGYING,                                                                  # line 2: good
    ["2", "X371153", "坏代码开发区"] + YIYUAN[3:],                              # line 3: bad code
    ["3", "S370003", "坏月份开发区"] + YIYUAN[3:7] + ["2010.13"] + YIYUAN[8:],  # line 4: month 13
    ["4", "S370004", "负面积开发区"] + YIYUAN[3:8] + ["-5"] + YIYUAN[9:],       # line 5: negative area
    ["5", "S370005", "怪类型开发区"] + YIYUAN[3:6] + ["科技城"] + YIYUAN[7:],    # line 6: unknown type
    ["6", "S370006", ""] + YIYUAN[3:],                                         # line 7: no name
    ["7", "G371152", "另一个开发区"] + DONGYING[3:],                             # line 8: code of line 2
    YIYUAN,                                                                    # line 9: good
]
BAD_ROW_ERRORS = [
    (3, "代码"),
    (4, "批准时间"),
    (5, "核准面积_公顷"),
    (6, "开发区类型"),
    (7, "开发区名称"),
    (8, "代码"),
]


def test_bad_rows_are_reported_with_their_line_and_column_and_skipped(tmp_path):
    """Each row the import cannot take is named by its line (the header is
    line 1) and column; the good rows around them are taken."""
    path = write_csv(tmp_path, BAD_ROWS)

    result = zones_import(file=path)

    assert [(e.line, e.column) for e in result.errors] == BAD_ROW_ERRORS
    assert result.failed_lines == [3, 4, 5, 6, 7, 8]
    assert [(row.line, row.code) for row in result.created] == [(2, "G371152"), (9, "S377028")]
    assert set(Zone.objects.values_list("code", flat=True)) == {"G371152", "S377028"}
    assert Zone.objects.get(code="G371152").name == "东营经济技术开发区"
    assert Zone.history.count() == 2
    messages = {e.line: e.message for e in result.errors}
    assert "X371153" in messages[3]
    assert "2010.13" in messages[4]
    assert "科技城" in messages[6]
    assert "line 2" in messages[8] and "东营经济技术开发区" in messages[8]


def test_the_command_prints_every_bad_row_then_fails(tmp_path):
    """The report comes first, on stderr; the exit status is non-zero."""
    path = write_csv(tmp_path, BAD_ROWS)

    out, err, failure = run(path)

    assert failure is not None
    assert "6 rows could not be taken." in str(failure)
    assert "Created 2, updated 0, 0 unchanged." in out
    for line, column in BAD_ROW_ERRORS:
        assert f"Line {line}, column {column}: " in err


def test_several_bad_cells_of_one_row_are_all_reported(tmp_path):
    """A user fixing a row sees everything wrong with it at once."""
    path = write_csv(tmp_path, [["1", "G37", "某开发区", "山东省", "", "市政府办公室", "开发区", "2010/00", "abc", ""]])

    result = zones_import(file=path)

    assert [(e.line, e.column) for e in result.errors] == [
        (2, "代码"), (2, "批准级别"), (2, "开发区类型"), (2, "批准时间"), (2, "核准面积_公顷"),
    ]
    assert result.failed_lines == [2]
    assert not Zone.objects.exists()


@pytest.mark.parametrize("area", ["1735.004", "1e30", "123456789", "NaN", "一千"])
def test_an_area_the_field_cannot_hold_is_reported_on_its_column(tmp_path, area):
    """Too many decimals or digits, or no number at all: an error on 核准面积_公顷."""
    path = write_csv(tmp_path, [DONGYING[:8] + [area] + DONGYING[9:]])

    result = zones_import(file=path)

    assert [(e.line, e.column) for e in result.errors] == [(2, "核准面积_公顷")]
    assert not Zone.objects.exists()


def test_an_identical_repeated_row_is_reported_as_a_duplicate(tmp_path):
    """A catalogue has one row per zone: a row given twice is taken once and
    the repeat is reported, so a copy-paste slip in the sheet is seen."""
    path = write_csv(tmp_path, [DONGYING, YIYUAN, DONGYING])

    result = zones_import(file=path)

    assert [(e.line, e.column) for e in result.errors] == [(4, "代码")]
    assert "line 2" in result.errors[0].message
    assert Zone.objects.filter(code="G371152").count() == 1
    assert Zone.objects.count() == 2


def test_one_name_under_two_codes_is_reported(tmp_path):
    """Two codes cannot both be 山东沂源经济开发区; the later line is refused."""
    path = write_csv(tmp_path, [YIYUAN, ["9", "S377099"] + YIYUAN[2:]])

    result = zones_import(file=path)

    assert [(e.line, e.column) for e in result.errors] == [(3, "开发区名称")]
    assert "S377028" in result.errors[0].message
    assert list(Zone.objects.values_list("code", flat=True)) == ["S377028"]


def test_a_dry_run_writes_nothing_and_reports_what_it_would_do(tmp_path):
    """--dry-run reads and checks everything, then rolls back: no zone, no history."""
    out, err, failure = run(SAMPLE, "--dry-run")

    assert failure is None, err
    assert "would create 6, would update 0, 0 unchanged" in out
    assert not Zone.objects.exists()
    assert not Zone.history.exists()


def test_a_dry_run_over_existing_zones_changes_nothing(tmp_path):
    """A dry run reports the update and the bad rows it would meet, fails like
    the real run, and leaves the zone as it was."""
    zones_import(file=SAMPLE)
    history = Zone.history.count()
    path = write_csv(tmp_path, [DONGYING[:8] + ["1800", DONGYING[9]]] + BAD_ROWS[1:3])

    out, err, failure = run(path, "--dry-run")

    assert "would create 0, would update 1, 0 unchanged" in out
    assert "Line 3, column 代码" in err and "Line 4, column 批准时间" in err
    assert failure is not None
    assert Zone.objects.get(code="G371152").approved_area_ha == Decimal("1735.00")
    assert Zone.objects.count() == 6
    assert Zone.history.count() == history


def test_a_gb18030_file_from_chinese_excel_imports(tmp_path):
    """Excel on a Chinese Windows saves CSV as GBK/GB18030; it reads the same."""
    path = write_csv(tmp_path, [DONGYING, YIYUAN], encoding="gb18030")
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")

    result = zones_import(file=path)

    assert result.ok, result.errors
    assert dict(Zone.objects.values_list("code", "name")) == {
        "G371152": "东营经济技术开发区", "S377028": "山东沂源经济开发区",
    }
    assert Zone.objects.get(code="S377028").county == "沂源县"


def test_a_month_excel_may_have_mangled_is_refused_not_guessed(tmp_path):
    """Excel turns 2010.10 into 2010.1; the import will not read that as January."""
    path = write_csv(tmp_path, [DONGYING[:7] + ["2010.1"] + DONGYING[8:], YIYUAN[:7] + ["2006.3"] + YIYUAN[8:]])

    result = zones_import(file=path)

    assert [(e.line, e.column) for e in result.errors] == [(2, "批准时间")]
    assert "2010.01 or 2010.10" in result.errors[0].message
    assert Zone.objects.get(code="S377028").approved_on == datetime.date(2006, 3, 1)


def test_a_utf8_file_without_bom_imports(tmp_path):
    path = write_csv(tmp_path, [DONGYING], encoding="utf-8")

    result = zones_import(file=path)

    assert [row.code for row in result.created] == ["G371152"]


def test_a_missing_column_is_named_in_a_clear_error(tmp_path):
    """Nothing is read from a file whose header lacks a column the import needs."""
    header = [c for c in CATALOGUE_COLUMNS if c not in ("批准级别", "主导产业")]
    row = [c for c, h in zip(DONGYING, CATALOGUE_COLUMNS) if h in header]
    path = write_csv(tmp_path, [row], header=header)

    out, err, failure = run(path)

    assert failure is not None
    assert "The file lacks the columns 批准级别、主导产业." in str(failure)
    assert not Zone.objects.exists()


def test_the_serial_column_may_be_left_out_and_header_notes_are_ignored(tmp_path):
    """序号 carries no fact; "批准时间 (YYYY.MM)" is the 批准时间 column."""
    header = [c if c != "批准时间" else "批准时间 (YYYY.MM)" for c in CATALOGUE_COLUMNS[1:]]
    path = write_csv(tmp_path, [DONGYING[1:]], header=header)

    result = zones_import(file=path)

    assert result.ok, result.errors
    assert Zone.objects.get(code="G371152").approved_on == datetime.date(2010, 3, 1)


def test_a_city_and_county_without_a_slash_stay_whole_in_the_city(tmp_path):
    """"东营市东营区" is kept as the city rather than guessed apart; for a zone
    already kept as 东营市 + 东营区 that is no change."""
    whole = DONGYING[:4] + ["东营市东营区"] + DONGYING[5:]
    path = write_csv(tmp_path, [whole])

    zones_import(file=path)
    zone = Zone.objects.get(code="G371152")
    assert (zone.city, zone.county) == ("东营市东营区", "")

    zone.city, zone.county = "东营市", "东营区"
    zone.save()
    result = zones_import(file=path)
    assert [row.code for row in result.unchanged] == ["G371152"]
    zone.refresh_from_db()
    assert (zone.city, zone.county) == ("东营市", "东营区")


def test_blank_optional_cells_leave_what_the_zone_has(tmp_path):
    """A row without area or industries does not erase them."""
    zones_import(file=SAMPLE)
    sparse = DONGYING[:4] + ["", DONGYING[5], DONGYING[6], "", "", ""]
    path = write_csv(tmp_path, [sparse])

    result = zones_import(file=path)

    assert [row.code for row in result.unchanged] == ["G371152"]
    assert Zone.objects.get(code="G371152").approved_area_ha == Decimal("1735.00")


def test_blank_lines_excel_leaves_below_the_table_are_skipped(tmp_path):
    path = write_csv(tmp_path, [DONGYING, [""] * 10, [""] * 10])

    result = zones_import(file=path)

    assert result.ok
    assert len(result.created) == 1


def test_rows_can_be_given_without_a_file():
    """Callers that already hold the rows (an upload form) pass them as
    mappings; line numbers count from 2 as under a header row."""
    rows = [dict(zip(CATALOGUE_COLUMNS, DONGYING)), dict(zip(CATALOGUE_COLUMNS, YIYUAN[:7] + ["2006.3x"] + YIYUAN[8:]))]

    result = zones_import(rows=rows, dry_run=True)

    assert [row.code for row in result.created] == ["G371152"]
    assert [(e.line, e.column) for e in result.errors] == [(3, "批准时间")]
    assert not Zone.objects.exists()


def test_an_excel_workbook_is_refused_with_a_hint(tmp_path):
    """The catalogue is often passed around as .xlsx; the import asks for CSV."""
    path = tmp_path / "catalogue.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)))

    out, err, failure = run(path)

    assert failure is not None
    assert "Excel workbook" in str(failure)


def test_a_file_in_no_chinese_encoding_is_refused(tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_bytes(",".join(CATALOGUE_COLUMNS).encode("utf-16"))

    with pytest.raises(ValidationError) as excinfo:
        zones_import(file=path)
    assert excinfo.value.code == "encoding"
