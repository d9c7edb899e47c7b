"""Writes for zones, industries and targets."""
import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from devzone.importing import Header, HeaderLookup, ImportRejected, ImportResult, RowError, read_csv, row_errors

from .choices import ApprovingAuthority, ZoneType
from .models import Zone, zone_code_validator

# Columns of 《中国开发区审核公告目录》 as the import expects them. 序号 is the
# catalogue's own row number and carries no fact, so it may be left out.
COL_SERIAL = "序号"
COL_CODE = "代码"
COL_NAME = "开发区名称"
COL_PROVINCE = "省份"
COL_PLACE = "城市/区县"
COL_AUTHORITY = "批准级别"
COL_TYPE = "开发区类型"
COL_APPROVED = "批准时间"
COL_AREA = "核准面积_公顷"
COL_INDUSTRIES = "主导产业"

CATALOGUE_COLUMNS = (
    COL_SERIAL, COL_CODE, COL_NAME, COL_PROVINCE, COL_PLACE, COL_AUTHORITY, COL_TYPE, COL_APPROVED, COL_AREA,
    COL_INDUSTRIES,
)
REQUIRED_COLUMNS = CATALOGUE_COLUMNS[1:]

# Header spellings seen in hand-made sheets, read as the catalogue's own.
# A note in brackets ("批准时间 (YYYY.MM)", "核准面积（公顷）") is dropped.
COLUMN_ALIASES = {
    COL_AREA: ("核准面积",),
    COL_PLACE: ("城市", "所在地"),
}
CATALOGUE_HEADER = HeaderLookup(
    {column: (column, *COLUMN_ALIASES.get(column, ())) for column in CATALOGUE_COLUMNS}, required=REQUIRED_COLUMNS
)

# Which column a model field is read from, to point a validation error at it.
FIELD_COLUMNS = {
    "code": COL_CODE,
    "name": COL_NAME,
    "province": COL_PROVINCE,
    "city": COL_PLACE,
    "county": COL_PLACE,
    "approving_authority": COL_AUTHORITY,
    "zone_type": COL_TYPE,
    "approved_on": COL_APPROVED,
    "approved_area_ha": COL_AREA,
    "catalogue_industries": COL_INDUSTRIES,
}

AUTHORITIES = {
    "国务院": ApprovingAuthority.STATE_COUNCIL,
    "国家级": ApprovingAuthority.STATE_COUNCIL,
    "省政府": ApprovingAuthority.PROVINCE,
    "省人民政府": ApprovingAuthority.PROVINCE,
    "省级人民政府": ApprovingAuthority.PROVINCE,
    "省级": ApprovingAuthority.PROVINCE,
}

# The catalogue's section headings, and the kinds of customs area listed under
# 海关特殊监管区域, which the model does not tell apart.
ZONE_TYPES = {
    "经济技术开发区": ZoneType.ETDZ,
    "高新技术产业开发区": ZoneType.HIGH_TECH,
    "海关特殊监管区域": ZoneType.BONDED,
    "综合保税区": ZoneType.BONDED,
    "保税区": ZoneType.BONDED,
    "保税港区": ZoneType.BONDED,
    "出口加工区": ZoneType.BONDED,
    "保税物流园区": ZoneType.BONDED,
    "边境经济合作区": ZoneType.BORDER,
    "跨境经济合作区": ZoneType.BORDER,
    "边境/跨境经济合作区": ZoneType.BORDER,
    "经济开发区": ZoneType.ECONOMIC,
    "工业园区": ZoneType.INDUSTRIAL,
    "其他": ZoneType.OTHER,
    "其他类型开发区": ZoneType.OTHER,
}

# What the error message offers: the catalogue's own headings.
CATALOGUE_TYPE_NAMES = ("经济技术开发区", "高新技术产业开发区", "海关特殊监管区域", "边境经济合作区", "跨境经济合作区",
                        "经济开发区", "工业园区", "其他")

APPROVAL_MONTH = re.compile(r"^(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*月?$")
AREA_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class ZoneRow:
    """A row that was (or, in a dry run, would have been) taken; ``fields``
    names what an update changed."""

    line: int
    code: str
    name: str
    fields: tuple[str, ...] = ()


@transaction.atomic
def zones_import(
    *,
    file: str | Path | BinaryIO | None = None,
    rows: Iterable[Mapping[str, str]] | None = None,
    dry_run: bool = False,
    user=None,
) -> ImportResult:
    """Load zones from the national catalogue 《中国开发区审核公告目录》.

    Give either ``file`` (a CSV path or binary file, UTF-8 with or without a
    BOM, or GB18030/GBK as Chinese Excel saves it) or ``rows`` (mappings of
    column to text, the first at line 2, as under a header row).

    Zones are matched by catalogue code, then by exact name among zones that
    have no code yet, so an import never duplicates a zone. Every valid row is
    taken and every other row is reported with its line and column and
    skipped: one bad line should not hold back the rest of a catalogue of
    thousands. A blank optional cell leaves what the zone has. A zone is saved
    only when a fact differs, so its history records only real changes.
    ``dry_run`` does all of it and then rolls back.

    A file that cannot be read at all (wrong encoding, missing columns) raises
    ``ImportRejected``, a ``ValidationError``, before anything is written.
    """
    if (file is None) == (rows is None):
        raise TypeError("zones_import() takes either file or rows.")
    numbered_rows = _read_csv(file) if file is not None else _number_rows(rows)
    importer = _CatalogueImport(user=user, result=ImportResult(dry_run=dry_run))
    for line, row in numbered_rows:
        importer.take(line, row)
    if dry_run:
        transaction.set_rollback(True)
    return importer.result


def _check_columns(header: Header) -> None:
    if header.missing:
        raise ImportRejected(
            _("The file lacks the columns %(missing)s. The header row should read: %(expected)s.")
            % {"missing": "、".join(header.missing), "expected": ", ".join(CATALOGUE_COLUMNS)},
            code="missing_columns",
        )


def _read_csv(file) -> list[tuple[int, dict[str, str]]]:
    if isinstance(file, (str, Path)):
        data = Path(file).read_bytes()
    else:
        data = file.read()
    sheet = read_csv(data)
    header = CATALOGUE_HEADER.read(sheet.header)
    _check_columns(header)
    return [(line, header.values(record)) for line, record in sheet.rows]


def _number_rows(rows) -> list[tuple[int, dict[str, str]]]:
    rows = [{key: value for name, value in row.items() if (key := CATALOGUE_HEADER.find(name)[0])} for row in rows]
    if rows:
        _check_columns(CATALOGUE_HEADER.read(rows[0]))
    return [(index, row) for index, row in enumerate(rows, start=2)]


def _cell(row, column) -> str:
    return (row.get(column) or "").strip()


class _CatalogueImport:
    """The state of one import: the zones as they stand, and what earlier
    lines of the file have claimed."""

    def __init__(self, *, user, result):
        self.user = user
        self.result = result
        self.by_code = {}
        self.by_name = {}
        for zone in Zone.objects.all():
            self.by_name[zone.name] = zone
            if zone.code:
                self.by_code[zone.code] = zone
        self.code_lines = {}  # code -> (line, name) where the file first gave it
        self.name_lines = {}  # name -> (line, code)

    def error(self, line, column, message):
        self.result.errors.append(RowError(row=line, column=column, message=message))

    def take(self, line, row):
        errors_before = len(self.result.errors)
        values = self.parse(line, row)
        code, name = values.get("code"), values.get("name")
        self.check_repeats(line, code, name)
        if len(self.result.errors) > errors_before:
            return
        zone = self.by_code.get(code)
        if zone is None:
            # A zone entered before it had a catalogue code is the same zone.
            holder = self.by_name.get(name)
            zone = holder if holder is not None and not holder.code else None
        holder = self.by_name.get(name)
        if holder is not None and holder is not zone:
            self.error(
                line,
                COL_NAME,
                _("The name %(name)s already belongs to the zone with code %(code)s.")
                % {"name": name, "code": holder.code or "—"},
            )
            return
        if zone is None:
            self.create(line, values)
        else:
            self.update(line, zone, values)

    def parse(self, line, row) -> dict:
        """The row's facts as model values; each bad cell is reported."""
        values = {}

        code = _cell(row, COL_CODE).upper()
        if not code:
            self.error(line, COL_CODE, _("The catalogue code is missing."))
        else:
            try:
                zone_code_validator(code)
                values["code"] = code
            except ValidationError as exc:
                self.error(line, COL_CODE, _("%(value)s is not a catalogue code. %(rule)s")
                           % {"value": code, "rule": " ".join(exc.messages)})

        name = _cell(row, COL_NAME)
        if not name:
            self.error(line, COL_NAME, _("The zone name is missing."))
        else:
            values["name"] = name

        if province := _cell(row, COL_PROVINCE):
            values["province"] = province

        if place := _cell(row, COL_PLACE).replace("／", "/"):
            # "淄博市/沂源县" names both; "东营市东营区" is kept whole as the
            # city, since guessing where a city name ends goes wrong on names
            # like 市中区.
            city, _slash, county = place.partition("/")
            values["place"] = (city.strip(), county.strip(), place)

        authority = _cell(row, COL_AUTHORITY)
        if not authority:
            self.error(line, COL_AUTHORITY, _("The approving authority is missing."))
        elif authority in AUTHORITIES:
            values["approving_authority"] = AUTHORITIES[authority]
        elif authority.endswith("政府"):
            # "山东省人民政府", "北京市人民政府": the government of a province or
            # of a municipality directly under the central government.
            values["approving_authority"] = ApprovingAuthority.PROVINCE
        else:
            self.error(line, COL_AUTHORITY, _("%(value)s is not an approving authority; write 国务院 or 省政府.")
                       % {"value": authority})

        zone_type = _cell(row, COL_TYPE)
        bare_type = re.sub(r"^(国家级|省级)", "", zone_type)
        if not zone_type:
            self.error(line, COL_TYPE, _("The zone type is missing."))
        elif bare_type in ZONE_TYPES:
            values["zone_type"] = ZONE_TYPES[bare_type]
        else:
            self.error(line, COL_TYPE, _("%(value)s is not a zone type of the catalogue; write one of %(types)s.")
                       % {"value": zone_type, "types": "、".join(CATALOGUE_TYPE_NAMES)})

        if approved := _cell(row, COL_APPROVED):
            match = APPROVAL_MONTH.match(approved)
            if match is None:
                self.error(line, COL_APPROVED, _("%(value)s is not a month; write it as 2010.03.")
                           % {"value": approved})
            elif re.fullmatch(r"\d{4}\.1", approved):
                # Excel reads 2010.10 as the number 2010.1 and saves it so.
                self.error(line, COL_APPROVED, _("%(value)s could be January or October (Excel drops the 0 of "
                                                 "%(year)s.10); write %(year)s.01 or %(year)s.10.")
                           % {"value": approved, "year": match[1]})
            elif not 1 <= int(match[2]) <= 12:
                self.error(line, COL_APPROVED, _("%(value)s has no month %(month)s; a month is 01 to 12.")
                           % {"value": approved, "month": match[2]})
            else:
                values["approved_on"] = datetime.date(int(match[1]), int(match[2]), 1)

        if area := _cell(row, COL_AREA).replace(",", ""):
            try:
                amount = Decimal(area)
                # 1735.000 is 1735.00; 1735.004 stays as it is for the model to refuse.
                quantized = amount.quantize(AREA_PLACES)
            except InvalidOperation:  # not a number, or too large to be one here
                amount = quantized = None
            if amount is None or not amount.is_finite():
                self.error(line, COL_AREA, _("%(value)s is not a number of hectares.") % {"value": area})
            elif amount < 0:
                self.error(line, COL_AREA, _("The approved area cannot be negative."))
            else:
                values["approved_area_ha"] = quantized if quantized == amount else amount

        if industries := _cell(row, COL_INDUSTRIES):
            values["catalogue_industries"] = industries

        return values

    def check_repeats(self, line, code, name):
        """A catalogue has one row per zone: a code or a name given again is
        reported on the later line, even when the rows are identical."""
        if code:
            if code in self.code_lines:
                first_line, first_name = self.code_lines[code]
                if name and first_name and name != first_name:
                    message = _("Code %(code)s was already used on line %(first)d for %(name)s.")
                else:
                    message = _("Code %(code)s already appears on line %(first)d; each zone takes one row.")
                self.error(line, COL_CODE, message % {"code": code, "first": first_line, "name": first_name})
            else:
                self.code_lines[code] = (line, name)
        if name:
            if name in self.name_lines:
                first_line, first_code = self.name_lines[name]
                if code and first_code and code != first_code:
                    self.error(
                        line,
                        COL_NAME,
                        _("The name %(name)s was already used on line %(first)d for code %(code)s.")
                        % {"name": name, "first": first_line, "code": first_code},
                    )
            else:
                self.name_lines[name] = (line, code)

    def assign(self, zone, values) -> list[str]:
        """Put the row's facts on the zone; the fields that changed."""
        changed = []
        for attname, value in values.items():
            if attname == "place":
                city, county, whole = value
                if not county and zone.city + zone.county == whole:
                    continue  # "东营市东营区" for a zone kept as 东营市 + 东营区
                pairs = [("city", city), ("county", county)]
            else:
                pairs = [(attname, value)]
            for name, new in pairs:
                if getattr(zone, name) != new:
                    setattr(zone, name, new)
                    changed.append(name)
        return changed

    def validate(self, line, zone) -> bool:
        # Uniqueness is checked above with a message that names the other zone.
        try:
            zone.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            self.result.errors += row_errors(exc, row=line, column_of=lambda name: FIELD_COLUMNS.get(name, name))
            return False
        return True

    def save(self, line, zone, **kwargs) -> bool:
        if self.user is not None:
            zone._history_user = self.user
        zone._change_reason = _("Imported from the national catalogue of development zones")
        try:
            # A savepoint per row: a row the database refuses after all (a
            # zone saved meanwhile by someone else) must not end the import.
            with transaction.atomic():
                zone.save(**kwargs)
        except IntegrityError as exc:
            self.error(line, COL_CODE, _("The database refused the row: %(reason)s") % {"reason": exc})
            return False
        return True

    def create(self, line, values):
        zone = Zone()
        self.assign(zone, values)
        if not self.validate(line, zone) or not self.save(line, zone):
            return
        self.by_code[zone.code] = zone
        self.by_name[zone.name] = zone
        self.result.created.append(ZoneRow(line=line, code=zone.code, name=zone.name))

    def update(self, line, zone, values):
        old_name = zone.name
        snapshot = {f: getattr(zone, f) for f in FIELD_COLUMNS}
        changed = self.assign(zone, values)
        if not changed:
            self.result.unchanged.append(ZoneRow(line=line, code=zone.code, name=zone.name))
            return
        if not self.validate(line, zone) or not self.save(line, zone, update_fields=changed):
            for attname, value in snapshot.items():
                setattr(zone, attname, value)
            return
        self.by_code[zone.code] = zone
        if zone.name != old_name:
            self.by_name.pop(old_name, None)
            self.by_name[zone.name] = zone
        self.result.updated.append(ZoneRow(line=line, code=zone.code, name=zone.name, fields=tuple(changed)))
