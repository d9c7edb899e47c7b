"""Projects from an Excel workbook: the template staff fill in, and the
import that takes every row of it or none.

The file is checked in three steps, each refusing before the next costs
anything: the upload itself (extension, size, a real .xlsx, what it unpacks
to), then every row (each bad cell reported with its Excel row number and
its header as the file spells it), and only then the writes, one
``services.project_create`` per row inside one transaction, so that stage
rules, pending confirmation (甄别) and history apply exactly as for a project
entered by hand.

Headers and values are read in Chinese or English whatever the user's
language: a template downloaded in one language imports in the other.
"""
import datetime
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from devzone import access
from devzone.spreadsheets import workbook_bytes
from devzone.forms import AMOUNT_UNIT
from zones.models import Industry, Official, Zone

from . import services
from .choices import Stage
from .forms import MAX_AMOUNT
from .models import InvestmentProject

logger = logging.getLogger(__name__)

MB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    """What one upload may hold. A sheet of projects is a few hundred KB;
    the limits keep a wrong or hostile file from tying up a worker."""

    max_file_mb: int = 5
    # Each row goes through project_create (validation, history, the stage
    # change): about 50 queries. 500 rows stay well inside a web request's
    # time on PostgreSQL; a larger sheet is split.
    max_rows: int = 500
    # What the zip entries may unpack to: a zip bomb is refused before
    # openpyxl inflates anything.
    max_uncompressed_mb: int = 50


LIMITS = ImportLimits()

# How many problems the page lists; a wholly wrong file would otherwise
# list thousands.
MAX_ERRORS_SHOWN = 200

NAME_MAX = InvestmentProject._meta.get_field("name").max_length
INVESTOR_MAX = 200
DESCRIPTION_MAX = 5000
AMOUNT_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class RowError:
    """One cell (or row) the import cannot take. ``row`` is the Excel row
    number the user sees (the header is row 1); ``column`` the header as the
    file spells it."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        return f"{self.row or '—'} {self.column or '—'}: {self.message}"


class ImportRejected(Exception):
    """Nothing was imported; ``message`` says why in plain language and
    ``errors`` lists each problem by row and column."""

    def __init__(self, message, errors=()):
        super().__init__(message)
        self.message = str(message)
        self.errors = list(errors)

    def __str__(self):
        return self.message


@dataclass
class ImportResult:
    projects: list = field(default_factory=list)


@dataclass(frozen=True)
class Column:
    """A column of the template. ``label`` is the header in the user's
    language; ``aliases`` are further spellings read as this column, so a
    sheet keeps importing when a translation is reworded."""

    key: str
    label: object
    help: object
    width: int = 16
    required: bool = False
    aliases: tuple = ()
    unit: object = None  # shown in brackets after the label

    def header(self):
        return f"{self.label} ({self.unit})" if self.unit else str(self.label)


FLAG_HELP = gettext_lazy("Optional. Yes or no; an empty cell means no.")

COLUMNS = (
    Column(
        "zone",
        gettext_lazy("zone"),
        gettext_lazy("Required. The zone's full or short name, one of the zones you record projects in."),
        width=24,
        required=True,
        aliases=("开发区", "development zone"),
    ),
    Column(
        "name",
        gettext_lazy("project name"),
        gettext_lazy(
            "Required. At most 200 characters. A zone cannot have two projects of the same name from the same "
            "investor."
        ),
        width=32,
        required=True,
        aliases=("项目名称", "项目", "name"),
    ),
    Column(
        "investor",
        gettext_lazy("investor"),
        gettext_lazy("Optional. The company's full registered name; a company new to devzone is added."),
        width=28,
        aliases=("投资方", "投资企业", "投资主体"),
    ),
    Column(
        "industry",
        gettext_lazy("industry"),
        gettext_lazy("Optional. One of the industries on the list sheet."),
        width=16,
        aliases=("产业", "所属产业", "行业"),
    ),
    Column(
        "stage",
        gettext_lazy("stage"),
        gettext_lazy(
            "Required. Lead, negotiating, signed, started construction or in production. A signing, a start or "
            "production counts once a manager of the zone confirms it."
        ),
        width=14,
        required=True,
        aliases=("阶段", "项目阶段"),
    ),
    Column(
        "stage_date",
        gettext_lazy("date of the stage"),
        gettext_lazy("Required. The date the project reached this stage, as 2024-02-22; not in the future."),
        width=14,
        required=True,
        aliases=("阶段日期", "stage date"),
    ),
    Column(
        "planned_investment",
        gettext_lazy("planned total investment"),
        gettext_lazy(
            "Optional. In 10k yuan (100 million yuan is 10000), not negative, at most 100000000, two decimals at "
            "most."
        ),
        width=18,
        aliases=("计划总投资", "总投资"),
        unit=AMOUNT_UNIT,
    ),
    Column(
        "planned_start_on",
        gettext_lazy("planned start date"),
        gettext_lazy("Optional. A date such as 2024-06-30; for a signed project not before the signing date."),
        width=14,
        aliases=("计划开工日期", "计划开工时间"),
    ),
    Column("is_major", gettext_lazy("major project"), FLAG_HELP, width=10, aliases=("重大项目",)),
    Column("is_key", gettext_lazy("key project"), FLAG_HELP, width=10, aliases=("重点项目",)),
    Column("is_fortune500", gettext_lazy("Fortune-500 project"), FLAG_HELP, width=10, aliases=("500强项目",)),
    Column("is_four_new", gettext_lazy("four-new economy project"), FLAG_HELP, width=12, aliases=("四新经济项目",)),
    Column("is_foreign_funded", gettext_lazy("foreign-funded"), FLAG_HELP, width=10, aliases=("外资", "外资项目")),
    Column(
        "lead_official",
        gettext_lazy("lead official"),
        gettext_lazy("Optional. The name of an official of the project's zone who leads it (揭榜挂帅)."),
        width=12,
        aliases=("牵头领导", "牵头人"),
    ),
    Column(
        "description",
        gettext_lazy("description"),
        gettext_lazy("Optional. At most 5000 characters."),
        width=40,
        aliases=("说明", "项目简介", "项目说明"),
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
FLAG_KEYS = ("is_major", "is_key", "is_fortune500", "is_four_new", "is_foreign_funded")
DATE_KEYS = ("stage_date", "planned_start_on")

# Which column a field named in a service's ValidationError was read from.
FIELD_COLUMNS = {
    "zone": "zone",
    "name": "name",
    "investor": "investor",
    "industry": "industry",
    "stage": "stage",
    "changed_on": "stage_date",
    "signed_on": "stage_date",
    "started_on": "stage_date",
    "production_on": "stage_date",
    "planned_investment": "planned_investment",
    "planned_start_on": "planned_start_on",
    "lead_official": "lead_official",
    "description": "description",
    **{key: key for key in FLAG_KEYS},
}

# The glossary's words for the stages (项目线索 → 洽谈 → 签约 → 落地/开工 →
# 投产/达产), which staff write as often as the labels.
STAGE_ALIASES = {
    "线索": Stage.LEAD,
    "项目线索": Stage.LEAD,
    "洽谈": Stage.NEGOTIATING,
    "签约": Stage.SIGNED,
    "开工": Stage.STARTED,
    "落地": Stage.STARTED,
    "投产": Stage.PRODUCTION,
    "达产": Stage.PRODUCTION,
    "终止": Stage.WITHDRAWN,
}
IMPORTABLE_STAGES = [stage for stage in Stage if stage != Stage.WITHDRAWN]

YES = {"1", "yes", "y", "true", "是", "√", "✓", "✔"}
NO = {"0", "no", "n", "false", "否", "×", "✗"}

DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0{1,2}:00(?::00)?)?$"
)
HEADER_NOTE = re.compile(r"\((.*)\)$")
IGNORED_IN_KEYS = re.compile(r"[\s\"'“”‘’「」『』*]")


def _key(text) -> str:
    """Text as compared: full-width folded to ASCII (NFKC), case and spaces,
    quotes and a required-column star ignored."""
    return IGNORED_IN_KEYS.sub("", unicodedata.normalize("NFKC", str(text)).casefold())


def _in_every_language(text) -> set[str]:
    """A lazy message as each interface language says it."""
    spellings = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            spellings.add(str(text))
    return spellings


def _example_names() -> set[str]:
    return {_key(name) for name in _in_every_language(EXAMPLE_NAME)}


EXAMPLE_NAME = gettext_lazy("Example: new energy battery project (replace this row)")


# The template ------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
EXAMPLE_FONT = Font(italic=True, color="808080")
DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.00"


def import_template(*, user) -> bytes:
    """The .xlsx to fill in: a header row in the user's language with an
    example row, the instructions, and the values to choose from (the user's
    zones, the stages, yes/no, the industries) as drop-down lists."""
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

    _write_lists(sheet, lists, zones=[z.name for z in zones], stages=stages, flags=flags, industries=industries)
    _write_instructions(instructions, lists_title=lists.title)
    # The example row and the lists hold names as recorded; as text cells
    # they read back as the same names (a quote in front would not).
    return workbook_bytes(workbook)


def _write_lists(sheet, lists, *, zones, stages, flags, industries):
    """One column per list on its own sheet, and a drop-down on the data
    sheet pointing at it (a list typed into the validation itself may not
    exceed 255 characters, which a city's zones would)."""
    last_row = LIMITS.max_rows + 1
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


def _write_instructions(sheet, *, lists_title):
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
        % {"rows": LIMITS.max_rows, "size": LIMITS.max_file_mb},
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


# Reading the file ----------------------------------------------------------------


def _refuse(message):
    raise ImportRejected(message)


def _read_upload(file) -> bytes:
    """The bytes of an upload that could be an .xlsx; anything else is refused
    with what to do instead."""
    name = (getattr(file, "name", "") or "").lower()
    if name.endswith(".xls"):
        _refuse(_("This is an Excel 97-2003 workbook (.xls). Open it in Excel, choose Save As and pick "
                  "Excel Workbook (.xlsx)."))
    if name.endswith(".csv"):
        _refuse(_("This is a CSV file. Open it in Excel, choose Save As and pick Excel Workbook (.xlsx), or "
                  "copy the rows into the template."))
    if not name.endswith(".xlsx"):
        _refuse(_("Upload an Excel workbook (.xlsx): the template filled in."))

    limit = int(LIMITS.max_file_mb * MB)
    size = getattr(file, "size", None)
    if size is None or size <= limit:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
        size = len(data)
    if size > limit:
        _refuse(_("The file is %(size)s MB; at most %(limit)s MB can be imported at once. Split it into "
                  "smaller files.") % {"size": f"{size / MB:.1f}", "limit": LIMITS.max_file_mb})
    return data


def _check_zip(data: bytes):
    """An .xlsx is a zip holding [Content_Types].xml. What the entries unpack
    to is summed from the zip's own directory before anything is inflated;
    zipfile never inflates an entry past the size the directory declares, so
    the sum is a bound, not a promise."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        # The OLE2 container of .xls, and of a workbook saved with a password.
        _refuse(_("The file is named .xlsx but is an older Excel 97-2003 workbook, or one protected by a "
                  "password. Remove any password and save it in Excel as Excel Workbook (.xlsx)."))
    not_xlsx = _("The file is named .xlsx but is not an Excel workbook. Save it in Excel as Excel Workbook "
                 "(.xlsx), or fill in the template.")
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        _refuse(not_xlsx)
    try:
        with zipfile.ZipFile(buffer) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        _refuse(not_xlsx)
    if "[Content_Types].xml" not in {entry.filename for entry in entries}:
        _refuse(not_xlsx)
    if any(entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for entry in entries):
        # Excel only stores or deflates; zipfile inflates bzip2 and lzma
        # without an output bound per read.
        _refuse(not_xlsx)
    if sum(entry.file_size for entry in entries) > int(LIMITS.max_uncompressed_mb * MB):
        _refuse(_("The workbook unpacks to more than %(limit)s MB, too much to read. Remove pictures and unused "
                  "sheets, or split it into smaller files.") % {"limit": LIMITS.max_uncompressed_mb})


def _read_rows(data: bytes):
    """The header and the non-empty rows of the first sheet, each with its
    Excel row number."""
    try:
        # defusedxml is installed, so openpyxl parses with it: no entity
        # expansion, no external entities.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a user's broken file, whatever part of it fails
        logger.info("unreadable workbook uploaded", exc_info=True)
        _refuse(_("The workbook could not be read. Open it in Excel and save it again as Excel Workbook (.xlsx)."))
    try:
        sheet = workbook.worksheets[0]
        # The <dimension> a program wrote may be wrong; read what is there.
        sheet.reset_dimensions()
        header, rows = None, []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = tuple(None if isinstance(v, str) and not v.strip() else v for v in values)
            if number == 1:
                header = values
                continue
            if not any(value is not None for value in values):
                continue
            if len(rows) >= LIMITS.max_rows:
                _refuse(_("The file has more than %(limit)d projects. Split it into files of at most %(limit)d "
                          "rows.") % {"limit": LIMITS.max_rows})
            rows.append((number, values))
    except ImportRejected:
        raise
    except Exception:
        logger.info("unreadable worksheet uploaded", exc_info=True)
        _refuse(_("The workbook could not be read. Open it in Excel and save it again as Excel Workbook (.xlsx)."))
    finally:
        workbook.close()
    if not header or not any(value is not None for value in header):
        _refuse(_("The first sheet has no header row. Download the template and fill it in."))
    return header, rows


def _header_lookup() -> dict[str, str]:
    """Every accepted spelling of every header, as compared, to its column."""
    lookup = {}
    for column in COLUMNS:
        for spelling in {*_in_every_language(column.label), *column.aliases}:
            lookup[_key(spelling)] = column.key
    return lookup


def _unit_spellings() -> set[str]:
    return {_key(unit) for unit in _in_every_language(AMOUNT_UNIT)} | {"万元"}


def _map_header(header):
    """Which column of the template each position of the file is, and the
    header problems (unknown, repeated or missing columns)."""
    lookup, units = _header_lookup(), _unit_spellings()
    positions, spelled, errors = {}, {}, []
    for index, value in enumerate(header):
        if value is None:
            continue
        text = str(value).strip()
        base, note = _key(text), None
        match = HEADER_NOTE.search(base)
        if base not in lookup and match:
            base, note = base[: match.start()], match.group(1)
        key = lookup.get(base)
        if key is None:
            errors.append(RowError(1, text, _("Unknown column. Rename it to a column of the template or delete it.")))
            continue
        if key in spelled:
            errors.append(RowError(1, text, _("This column appears twice.")))
            continue
        column = COLUMNS_BY_KEY[key]
        if column.unit and note is not None and note not in units:
            # 计划总投资（亿元）would be read as 万元, 10000 times too small.
            errors.append(RowError(1, text, _("Amounts are read in 10k yuan; convert the column and name it "
                                              "%(header)s.") % {"header": column.header()}))
            continue
        positions[index] = key
        spelled[key] = text
    for column in COLUMNS:
        if column.required and column.key not in spelled:
            errors.append(RowError(1, column.header(), _("This required column is missing.")))
    return positions, spelled, errors


# Reading the cells -----------------------------------------------------------------


class CellError(Exception):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    return str(value).strip()


def _date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    match = DATE_TEXT.match(unicodedata.normalize("NFKC", text))
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(_("Not a date: %(value)s. Write dates as 2024-02-22.") % {"value": text})


def _amount(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        amount = None
    elif isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))  # the shortest decimal that is this float: what was typed
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        text = re.sub(r"[,\s]", "", text).removesuffix("万元").removesuffix("万")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
    if amount is None or not amount.is_finite():
        raise CellError(_("Not a number: %(value)s.") % {"value": _text(value)})
    if amount < 0:
        raise CellError(_("The planned total investment cannot be negative."))
    if amount > MAX_AMOUNT:
        raise CellError(_("This amount is implausibly large; amounts are entered in 10k yuan."))
    if amount != amount.quantize(AMOUNT_PLACES):
        raise CellError(_("At most two decimal places."))
    return amount.quantize(AMOUNT_PLACES)


def _limited(value, limit) -> str:
    text = _text(value)
    if len(text) > limit:
        raise CellError(_("At most %(limit)d characters; this has %(length)d.") % {"limit": limit, "length": len(text)})
    return text


class _Reader:
    """The state of one import: the zones, industries and officials looked
    up once, and the projects the file and the database already hold."""

    def __init__(self, *, user, header, rows):
        self.user = user
        self.rows = rows
        self.positions, self.spelled, self.errors = _map_header(header)
        self.today = timezone.localdate()
        self.zones_by_name, self.zones_by_short = {}, {}
        for zone in Zone.objects.only("pk", "name", "short_name"):
            self.zones_by_name[_key(zone.name)] = zone
            if zone.short_name:
                self.zones_by_short.setdefault(_key(zone.short_name), []).append(zone)
        self.industries = {_key(industry.name): industry for industry in Industry.objects.all()}
        self.stages = {}
        for stage in Stage:
            for spelling in {stage.value, *_in_every_language(stage.label)}:
                self.stages[_key(spelling)] = stage
        self.stages.update({_key(alias): stage for alias, stage in STAGE_ALIASES.items()})
        yes, no = _in_every_language(gettext_lazy("yes")), _in_every_language(gettext_lazy("no"))
        self.yes = {_key(text) for text in YES | yes}
        self.no = {_key(text) for text in NO | no}
        self.example_names = _example_names()
        self._officials = None

    def column(self, key):
        """The header as the file spells it (or as the template does, for a
        column the file lacks)."""
        return self.spelled.get(key) or COLUMNS_BY_KEY[key].header()

    def error(self, row, key, message):
        self.errors.append(RowError(row, self.column(key) if key else "", str(message)))

    def read(self):
        """Every row as the keyword arguments of ``project_create``; the
        problems are in ``self.errors``."""
        if self.errors:  # the header does not fit: the cells cannot be read
            return []
        parsed = [self.read_row(number, values) for number, values in self.rows]
        self.check_duplicates(parsed)
        return parsed

    def read_row(self, number, values):
        cells = {}
        for index, value in enumerate(values):
            if index in self.positions:
                cells[self.positions[index]] = value
            elif value is not None:
                letter = get_column_letter(index + 1)
                self.errors.append(
                    RowError(number, letter, _("This cell is outside the template's columns; delete it or move it."))
                )
        row = _Row(number=number)
        readers = [
            ("zone", self.read_zone, True),
            ("name", self.read_name, True),
            ("investor", lambda v: _limited(v, INVESTOR_MAX), False),
            ("industry", self.read_industry, False),
            ("stage", self.read_stage, True),
            ("stage_date", self.read_stage_date, True),
            ("planned_investment", _amount, False),
            ("planned_start_on", _date, False),
            *((key, self.read_flag, False) for key in FLAG_KEYS),
            ("description", lambda v: _limited(v, DESCRIPTION_MAX), False),
        ]
        for key, reader, required in readers:
            value = cells.get(key)
            if value is None:
                if required:
                    self.error(number, key, _("This cell is required."))
                continue
            try:
                row.values[key] = reader(value)
            except CellError as problem:
                self.error(number, key, problem)
        self.read_lead_official(row, cells.get("lead_official"))
        self.check_rules(row)
        return row

    def read_zone(self, value):
        text = _text(value)
        zone = self.zones_by_name.get(_key(text))
        if zone is None:
            candidates = self.zones_by_short.get(_key(text), [])
            if len(candidates) > 1:
                raise CellError(_("%(value)s is the short name of several zones; write the full name.")
                                % {"value": text})
            zone = candidates[0] if candidates else None
        if zone is None:
            raise CellError(_("No zone is named %(value)s.") % {"value": text})
        if not access.can_edit_zone(self.user, zone.pk):
            raise CellError(_("You cannot record projects in %(zone)s.") % {"zone": zone.name})
        return zone

    def read_name(self, value):
        name = _limited(value, NAME_MAX)
        if _key(name) in self.example_names:
            raise CellError(_("This is the template's example row; replace it with a real project or delete it."))
        return name

    def read_industry(self, value):
        text = _text(value)
        industry = self.industries.get(_key(text))
        if industry is None:
            raise CellError(_("No industry is named %(value)s; choose one from the list.") % {"value": text})
        return industry

    def read_stage(self, value):
        text = _text(value)
        stage = self.stages.get(_key(text))
        if stage == Stage.WITHDRAWN:
            raise CellError(_("A project cannot be imported as withdrawn; import it at its last stage and withdraw "
                              "it on its page."))
        if stage is None:
            raise CellError(_("Not a stage: %(value)s. Write one of: %(stages)s.")
                            % {"value": text, "stages": ", ".join(str(s.label) for s in IMPORTABLE_STAGES)})
        return stage

    def read_stage_date(self, value):
        date = _date(value)
        if date > self.today:
            raise CellError(_("The date of a stage change cannot be in the future."))
        return date

    def read_flag(self, value):
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        text = _key(_text(value))
        if text in self.yes:
            return True
        if text in self.no:
            return False
        raise CellError(_("Write yes or no, not %(value)s.") % {"value": _text(value)})

    def read_lead_official(self, row, value):
        if value is None:
            return
        zone = row.values.get("zone")
        if zone is None:
            return  # the zone's own error says enough
        name = _text(value)
        official = self.officials(zone).get(_key(name))
        if official is None:
            self.error(row.number, "lead_official", _("%(zone)s has no official named %(value)s.")
                       % {"zone": zone.name, "value": name})
        else:
            row.values["lead_official"] = official

    def officials(self, zone):
        """The officials of the user's zones by name, fetched once."""
        if self._officials is None:
            self._officials = {}
            for official in Official.objects.filter(zone__in=access.editable_zones(self.user)):
                self._officials.setdefault(official.zone_id, {})[_key(official.name)] = official
        return self._officials.get(zone.pk, {})

    def check_rules(self, row):
        """Rules across cells that the service would only find later: a
        planned start before the signing fails when a manager confirms it."""
        values = row.values
        start, stage_date = values.get("planned_start_on"), values.get("stage_date")
        if values.get("stage") == Stage.SIGNED and start and stage_date and start < stage_date:
            self.error(row.number, "planned_start_on", _("The planned start cannot be before the signing date."))

    def check_duplicates(self, rows):
        """A project the zone already has, or one the file gives twice, is
        reported; it is never imported twice."""
        keyed = [(row, row.identity) for row in rows if row.identity is not None]
        zone_ids = {identity[0] for _row, identity in keyed}
        names = {identity[1] for _row, identity in keyed}
        existing = set(
            InvestmentProject.objects.filter(zone_id__in=zone_ids, name__in=names).values_list(
                "zone_id", "name", "investor__name"
            )
        )
        first_rows = {}
        for row, identity in keyed:
            zone = row.values["zone"]
            if identity in existing:
                if identity[2] is None:
                    message = _("%(zone)s already has a project of this name without an investor.")
                else:
                    message = _("%(zone)s already has a project of this name from this investor.")
                self.error(row.number, "name", message % {"zone": zone.name})
            elif identity in first_rows:
                self.error(row.number, "name", _("The same project as row %(row)d (same zone, name and investor).")
                           % {"row": first_rows[identity]})
            else:
                first_rows[identity] = row.number


@dataclass
class _Row:
    number: int
    values: dict = field(default_factory=dict)

    @property
    def identity(self):
        """What makes two projects the same: zone, name and investor."""
        if "zone" not in self.values or "name" not in self.values:
            return None
        return (self.values["zone"].pk, self.values["name"], self.values.get("investor") or None)

    def create_kwargs(self):
        values = self.values
        data = {
            "zone": values["zone"],
            "name": values["name"],
            "industry": values.get("industry"),
            "planned_investment": values.get("planned_investment"),
            "planned_start_on": values.get("planned_start_on"),
            "lead_official": values.get("lead_official"),
            "description": values.get("description", ""),
            **{key: values.get(key, False) for key in FLAG_KEYS},
        }
        return {
            "data": data,
            "investor_name": values.get("investor", ""),
            "stage": values["stage"],
            "stage_date": values["stage_date"],
        }


def _rejected(errors):
    shown = errors[:MAX_ERRORS_SHOWN]
    message = ngettext(
        "%(count)d problem found. Correct it and upload the file again.",
        "%(count)d problems found. Correct them and upload the file again.",
        len(errors),
    ) % {"count": len(errors)}
    if len(errors) > len(shown):
        message += " " + _("The first %(shown)d are listed.") % {"shown": len(shown)}
    return ImportRejected(message, shown)


def _service_errors(reader, number, error):
    """A service's ValidationError as row errors, each at the column its
    field was read from."""
    if not hasattr(error, "error_dict"):
        return [RowError(number, "", message) for message in error.messages]
    errors = []
    for field_name, field_errors in error.error_dict.items():
        key = FIELD_COLUMNS.get(field_name, "name" if field_name == NON_FIELD_ERRORS else None)
        column = reader.column(key) if key else ""
        for message in ValidationError(field_errors).messages:
            errors.append(RowError(number, column, message))
    return errors


def projects_import(*, user, file) -> ImportResult:
    """Import the projects of an uploaded .xlsx: every row, or none.

    Raises ``ImportRejected`` with every problem found; nothing is then
    saved. Each row is created by ``services.project_create`` as the user,
    so an investor new to devzone is added, and a signing, start or
    production recorded by staff waits for a manager's confirmation.
    """
    data = _read_upload(file)
    _check_zip(data)
    header, rows = _read_rows(data)
    if not rows:
        reader = _Reader(user=user, header=header, rows=[])
        if reader.errors:
            raise _rejected(reader.errors)
        raise ImportRejected(_("The file has no projects: fill in a row under the header."))
    with transaction.atomic():
        reader = _Reader(user=user, header=header, rows=rows)
        parsed = reader.read()
        if reader.errors:
            raise _rejected(reader.errors)
        projects, errors = [], []
        for row in parsed:
            try:
                projects.append(services.project_create(user=user, **row.create_kwargs()))
            except ValidationError as error:
                errors.extend(_service_errors(reader, row.number, error))
            except IntegrityError:
                # Another user saved the same project while this file was read.
                errors.append(RowError(row.number, reader.column("name"),
                                       _("This project was saved by someone else meanwhile.")))
        if errors:
            # Raising inside the block rolls back every project already created.
            raise _rejected(errors)
    return ImportResult(projects=projects)
