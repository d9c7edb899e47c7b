"""The columns of the project import: what each holds, how the template heads
it, and how the header row of a sheet is matched to them."""
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.forms import AMOUNT_UNIT
from devzone.importing import HeaderLookup, HeaderProblem, RowError

from ..choices import Stage


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

IMPORTABLE_STAGES = [stage for stage in Stage if stage != Stage.WITHDRAWN]

# Written into the template's example row, and refused when it comes back.
EXAMPLE_NAME = gettext_lazy("Example: new energy battery project (replace this row)")


def header_lookup() -> HeaderLookup:
    # Built per import, not at import time: the labels are read in every
    # interface language, which needs the settings.
    return HeaderLookup(
        {column.key: (column.label, *column.aliases) for column in COLUMNS},
        required=[column.key for column in COLUMNS if column.required],
        # 万元 as well as the unit's translations: a sheet written by hand
        # names the unit as staff say it.
        units={column.key: (column.unit, "万元") for column in COLUMNS if column.unit},
    )


def map_header(cells) -> tuple[dict[int, str], dict[str, str], list[RowError]]:
    """Which column of the template each position of the file is, the header
    as the file spells each column, and the header's problems (unknown,
    repeated or missing columns, an amount in another unit)."""
    header = header_lookup().read(cells)
    errors = []
    for cell in header.cells:
        if cell.problem == HeaderProblem.UNKNOWN:
            message = _("Unknown column. Rename it to a column of the template or delete it.")
        elif cell.problem == HeaderProblem.REPEATED:
            message = _("This column appears twice.")
        elif cell.problem == HeaderProblem.OTHER_UNIT:
            message = _("Amounts are read in 10k yuan; convert the column and name it %(header)s.") % {
                "header": COLUMNS_BY_KEY[cell.key].header()
            }
        else:
            continue
        errors.append(RowError(1, cell.text, message))
    for key in header.missing:
        errors.append(RowError(1, COLUMNS_BY_KEY[key].header(), _("This required column is missing.")))
    return header.positions, header.spelled, errors
