"""Reading the rows of a project sheet: each cell into the value
``services.project_create`` takes, or into a problem at its row and column.
Every row is read before anything is written, so that the user corrects the
file once, not once per problem."""
import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from devzone import access
from devzone.importing import RowError, compared, in_every_language
from zones.models import Industry, Official, Zone

from ..choices import Stage
from ..forms import MAX_AMOUNT
from ..models import InvestmentProject
from .columns import COLUMNS_BY_KEY, EXAMPLE_NAME, FIELD_COLUMNS, FLAG_KEYS, IMPORTABLE_STAGES, map_header

NAME_MAX = InvestmentProject._meta.get_field("name").max_length
INVESTOR_MAX = 200
DESCRIPTION_MAX = 5000
AMOUNT_PLACES = Decimal("0.01")

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

YES = {"1", "yes", "y", "true", "是", "√", "✓", "✔"}
NO = {"0", "no", "n", "false", "否", "×", "✗"}

DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0{1,2}:00(?::00)?)?$"
)


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


class RowReader:
    """The state of one import: the zones, industries and officials looked
    up once, and the projects the file and the database already hold."""

    def __init__(self, *, user, header, rows):
        self.user = user
        self.rows = rows
        self.positions, self.spelled, self.errors = map_header(header)
        self.today = timezone.localdate()
        self.zones_by_name, self.zones_by_short = {}, {}
        for zone in Zone.objects.only("pk", "name", "short_name"):
            self.zones_by_name[compared(zone.name)] = zone
            if zone.short_name:
                self.zones_by_short.setdefault(compared(zone.short_name), []).append(zone)
        self.industries = {compared(industry.name): industry for industry in Industry.objects.all()}
        self.stages = {}
        for stage in Stage:
            for spelling in {stage.value, *in_every_language(stage.label)}:
                self.stages[compared(spelling)] = stage
        self.stages.update({compared(alias): stage for alias, stage in STAGE_ALIASES.items()})
        yes, no = in_every_language(gettext_lazy("yes")), in_every_language(gettext_lazy("no"))
        self.yes = {compared(text) for text in YES | yes}
        self.no = {compared(text) for text in NO | no}
        self.example_names = {compared(name) for name in in_every_language(EXAMPLE_NAME)}
        self._officials = None

    def column(self, key):
        """The header as the file spells it (or as the template does, for a
        column the file lacks)."""
        return self.spelled.get(key) or COLUMNS_BY_KEY[key].header()

    def field_column(self, field_name):
        """The header of the column a field named in a service's
        ValidationError was read from; what belongs to no field is the
        project's, shown at its name."""
        key = FIELD_COLUMNS.get(field_name, "name" if field_name == NON_FIELD_ERRORS else None)
        return self.column(key) if key else ""

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
        row = ParsedRow(number=number)
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
        zone = self.zones_by_name.get(compared(text))
        if zone is None:
            candidates = self.zones_by_short.get(compared(text), [])
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
        if compared(name) in self.example_names:
            raise CellError(_("This is the template's example row; replace it with a real project or delete it."))
        return name

    def read_industry(self, value):
        text = _text(value)
        industry = self.industries.get(compared(text))
        if industry is None:
            raise CellError(_("No industry is named %(value)s; choose one from the list.") % {"value": text})
        return industry

    def read_stage(self, value):
        text = _text(value)
        stage = self.stages.get(compared(text))
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
        text = compared(_text(value))
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
        official = self.officials(zone).get(compared(name))
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
                self._officials.setdefault(official.zone_id, {})[compared(official.name)] = official
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
class ParsedRow:
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
