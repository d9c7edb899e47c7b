"""Projects from an Excel workbook: the template staff fill in, and the
import that takes every row of it or none.

The file is checked in three steps, each refusing before the next costs
anything: the upload itself (extension, size, a real .xlsx, what it unpacks
to: ``devzone.importing``, shared with the zone catalogue import), then
every row (``rows``: each bad cell reported with its Excel row number and
its header as the file spells it), and only then the writes, here, one
``services.project_create`` per row inside one transaction, so that stage
rules, pending confirmation (甄别) and history apply exactly as for a project
entered by hand.

Headers and values are read in Chinese or English whatever the user's
language: a template downloaded in one language imports in the other
(``columns``; the workbook itself is ``template``).
"""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from devzone.importing import ImportRejected, ImportResult, RowError, read_xlsx_upload, row_errors

from .. import services
from ..models import InvestmentProject
from . import template
from .columns import COLUMNS, EXAMPLE_NAME
from .rows import RowReader

__all__ = [
    "COLUMNS",
    "EXAMPLE_NAME",
    "LIMITS",
    "ImportLimits",
    "ImportRejected",
    "ProjectImportResult",
    "import_template",
    "projects_import",
]


@dataclass(frozen=True)
class ImportLimits:
    """What one upload may hold. A sheet of projects is a few hundred KB;
    the limits keep a wrong or hostile file from tying up a worker."""

    max_file_mb: float = 5
    # Each row goes through project_create (validation, history, the stage
    # change): about 50 queries. 500 rows stay well inside a web request's
    # time on PostgreSQL; a larger sheet is split.
    max_rows: int = 500
    # What the zip entries may unpack to: a zip bomb is refused before
    # openpyxl inflates anything.
    max_uncompressed_mb: float = 50


# Read when called, from here, by the import, the template and the page
# that states them, so that all three say the same.
LIMITS = ImportLimits()

# How many problems the page lists; a wholly wrong file would otherwise
# list thousands.
MAX_ERRORS_SHOWN = 200


class ProjectImportResult(ImportResult):
    @property
    def projects(self) -> list[InvestmentProject]:
        return self.created


def import_template(*, user) -> bytes:
    """The .xlsx to fill in, in the user's language, offering the user's zones."""
    return template.template_workbook(user=user, limits=LIMITS)


def _rejected(errors):
    return ImportRejected.listing(errors, max_shown=MAX_ERRORS_SHOWN)


def projects_import(*, user, file) -> ProjectImportResult:
    """Import the projects of an uploaded .xlsx: every row, or none.

    Raises ``ImportRejected`` with every problem found; nothing is then
    saved. Each row is created by ``services.project_create`` as the user,
    so an investor new to devzone is added, and a signing, start or
    production recorded by staff waits for a manager's confirmation.
    """
    sheet = read_xlsx_upload(
        file,
        max_file_mb=LIMITS.max_file_mb,
        max_uncompressed_mb=LIMITS.max_uncompressed_mb,
        max_rows=LIMITS.max_rows,
        too_many_rows=_("The file has more than %(limit)d projects. Split it into files of at most %(limit)d rows.")
        % {"limit": LIMITS.max_rows},
    )
    if not sheet.rows:
        reader = RowReader(user=user, header=sheet.header, rows=[])
        if reader.errors:
            raise _rejected(reader.errors)
        raise ImportRejected(_("The file has no projects: fill in a row under the header."))
    with transaction.atomic():
        reader = RowReader(user=user, header=sheet.header, rows=sheet.rows)
        parsed = reader.read()
        if reader.errors:
            raise _rejected(reader.errors)
        projects, errors = [], []
        for row in parsed:
            try:
                projects.append(services.project_create(user=user, **row.create_kwargs()))
            except ValidationError as error:
                errors.extend(row_errors(error, row=row.number, column_of=reader.field_column))
            except IntegrityError:
                # Another user saved the same project while this file was read.
                errors.append(RowError(row.number, reader.column("name"),
                                       _("This project was saved by someone else meanwhile.")))
        if errors:
            # Raising inside the block rolls back every project already created.
            raise _rejected(errors)
    return ProjectImportResult(created=projects)
