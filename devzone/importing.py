"""What every import of a sheet into devzone shares: the one place.

An import reads a file in three steps, each refusing before the next costs
anything: the file itself (its type, its size, what a workbook unpacks to),
its header row (matched to the import's columns), then its rows. Only the
last step is the import's own; this module holds the others, and the words
both sides use: ``RowError`` (a problem at a row and column as the user's
file shows them), ``ImportRejected`` (the file is refused, with every
problem listed) and ``ImportResult`` (what an import did with each row).

Headers and values are compared as staff type them: full-width or not, any
case, spaces and quotes ignored, and a translated header in every interface
language, so that a sheet made in one language imports in the other.
"""
import csv
import enum
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

logger = logging.getLogger(__name__)

MB = 1024 * 1024

# The OLE2 container of .xls, and of a workbook saved with a password.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"

IGNORED_IN_COMPARISON = re.compile(r"[\s\"'“”‘’「」『』*\ufeff]")
HEADER_NOTE = re.compile(r"\((.*)\)$")


# What an import reports ---------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """A row, or one cell of it, that an import cannot take. ``row`` is the
    number the user's program shows for it (the header is row 1); ``column``
    the header as the user will recognise it."""

    row: int
    column: str
    message: str

    @property
    def line(self) -> int:
        # A CSV's rows are lines to whoever opens it in an editor; the
        # catalogue import and its command speak of lines.
        return self.row

    def __str__(self):
        return _("Line %(line)d, column %(column)s: %(message)s") % {
            "line": self.row,
            "column": self.column or "—",
            "message": self.message,
        }


class ImportRejected(ValidationError):
    """Nothing was imported: ``message`` says why in plain language and
    ``errors`` lists each problem by row and column.

    A ValidationError, so that whatever already turns bad input into a
    message (a form, a management command) handles a refused file too."""

    def __init__(self, message, errors=(), *, code=None):
        super().__init__(str(message), code=code)
        self.errors = list(errors)

    def __str__(self):
        return self.message

    @classmethod
    def listing(cls, errors: list[RowError], *, max_shown: int) -> "ImportRejected":
        """Every problem counted, the first ``max_shown`` listed: a wholly
        wrong file would otherwise list thousands."""
        shown = errors[:max_shown]
        message = ngettext(
            "%(count)d problem found. Correct it and upload the file again.",
            "%(count)d problems found. Correct them and upload the file again.",
            len(errors),
        ) % {"count": len(errors)}
        if len(errors) > len(shown):
            message += " " + _("The first %(shown)d are listed.") % {"shown": len(shown)}
        return cls(message, shown)


@dataclass
class ImportResult:
    """What an import did. ``created``, ``updated`` and ``unchanged`` hold
    what each import records of a row it took; ``errors`` the rows it could
    not take. After a dry run nothing of it stays written."""

    dry_run: bool = False
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def failed_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})

    failed_lines = failed_rows  # see RowError.line

    @property
    def counts(self) -> dict[str, int]:
        return {"created": len(self.created), "updated": len(self.updated), "unchanged": len(self.unchanged)}


def row_errors(error: ValidationError, *, row: int, column_of: Callable[[str], str]) -> list[RowError]:
    """A model's or a service's ValidationError as row errors, each at the
    column ``column_of`` names for its field (NON_FIELD_ERRORS included)."""
    if not hasattr(error, "error_dict"):
        return [RowError(row, "", message) for message in error.messages]
    return [
        RowError(row, column_of(field_name), message)
        for field_name, field_errors in error.error_dict.items()
        for message in ValidationError(field_errors).messages
    ]


# Comparing what staff type ---------------------------------------------------------------


def compared(text) -> str:
    """Text as an import compares it: full-width folded to ASCII (NFKC), case,
    spaces and quotes ignored, and so are the star of a required column and
    the byte-order mark a CSV may begin with."""
    return IGNORED_IN_COMPARISON.sub("", unicodedata.normalize("NFKC", str(text)).casefold())


def in_every_language(text) -> set[str]:
    """A lazy message as each interface language says it; other text as it is."""
    if not isinstance(text, Promise):
        return {str(text)}
    spellings = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            spellings.add(str(text))
    return spellings


# The header row -----------------------------------------------------------------------------


class HeaderProblem(enum.Enum):
    UNKNOWN = "unknown"
    REPEATED = "repeated"
    OTHER_UNIT = "other unit"


@dataclass(frozen=True)
class HeaderCell:
    """A named cell of a header row: its position, its text as the file
    spells it, the column it names (None if none) and the note in brackets
    after the name, compared (``计划总投资（亿元）`` gives ``亿元``)."""

    index: int
    text: str
    key: str | None
    note: str | None = None
    problem: HeaderProblem | None = None


@dataclass(frozen=True)
class Header:
    """What a sheet's header row says: its named cells, and the required
    columns it lacks, in the import's order."""

    cells: tuple[HeaderCell, ...]
    missing: tuple[str, ...]

    @property
    def positions(self) -> dict[int, str]:
        """The column read at each position."""
        return {cell.index: cell.key for cell in self.cells if cell.problem is None}

    @property
    def spelled(self) -> dict[str, str]:
        """Each column's header as the file spells it."""
        return {cell.key: cell.text for cell in self.cells if cell.problem is None}

    def values(self, record) -> dict:
        """A row's cells by column; a cell under no column is left out."""
        return {key: record[index] for index, key in self.positions.items() if index < len(record)}


class HeaderLookup:
    """The columns an import reads, by every header that names them.

    ``spellings`` gives each column's key its headers; a lazy label counts in
    every interface language. A header may carry a note in brackets
    ("批准时间 (YYYY.MM)"); for a column read in a unit, ``units`` lists the
    notes it accepts, since 计划总投资（亿元）read as 万元 would be 10000 times
    too small."""

    def __init__(
        self,
        spellings: Mapping[str, Iterable],
        *,
        required: Iterable[str] = (),
        units: Mapping[str, Iterable] | None = None,
    ):
        self.keys = {
            compared(spelling): key
            for key, texts in spellings.items()
            for text in texts
            for spelling in in_every_language(text)
        }
        self.required = tuple(required)
        self.units = {
            key: {compared(spelling) for text in texts for spelling in in_every_language(text)}
            for key, texts in (units or {}).items()
        }

    def find(self, text) -> tuple[str | None, str | None]:
        """The column a header names, and its note."""
        base = compared(text)
        if base in self.keys:
            return self.keys[base], None
        match = HEADER_NOTE.search(base)
        if match is None:
            return None, None
        return self.keys.get(base[: match.start()]), match.group(1)

    def read(self, cells: Iterable) -> Header:
        """Each named cell's column. The first cell naming a column is read;
        a later one naming it again, or naming another unit, is a problem."""
        named, read = [], set()
        for index, value in enumerate(cells):
            text = "" if value is None else str(value).strip()
            if not text:
                continue
            key, note = self.find(text)
            problem = None
            if key is None:
                problem = HeaderProblem.UNKNOWN
            elif key in read:
                problem = HeaderProblem.REPEATED
            elif key in self.units and note is not None and note not in self.units[key]:
                problem = HeaderProblem.OTHER_UNIT
            else:
                read.add(key)
            named.append(HeaderCell(index=index, text=text, key=key, note=note, problem=problem))
        return Header(cells=tuple(named), missing=tuple(key for key in self.required if key not in read))


# Reading a file into rows ------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """A sheet's header row, and its non-blank rows each with the number the
    user's program shows for it (blank rows between keep their numbers)."""

    header: tuple
    rows: list[tuple[int, tuple]]


def read_csv(data: bytes | str) -> Sheet:
    """The rows of a CSV, UTF-8 (with or without a BOM) or GB18030/GBK as
    Excel on a Chinese Windows saves it."""
    text = data if isinstance(data, str) else _decoded(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    header, rows, last_line = None, [], 0
    for record in reader:
        # A record may span lines (a quoted cell with a line break); it is
        # numbered by the line where it starts.
        line, last_line = last_line + 1, reader.line_num
        if header is None:
            header = tuple(record)
            continue
        if not any(cell.strip() for cell in record):
            continue  # blank lines, and the ",,,,," rows Excel leaves below a table
        rows.append((line, tuple(record)))
    if header is None:
        raise ImportRejected(_("The file is empty: it has no header row."), code="empty")
    return Sheet(header=header, rows=rows)


def _decoded(data: bytes) -> str:
    if data.startswith(ZIP_SIGNATURE):
        raise ImportRejected(
            _("This is an Excel workbook, not CSV. In Excel choose Save As, CSV UTF-8 (comma delimited)."),
            code="workbook",
        )
    # UTF-8 first: a GB18030 decoder accepts almost any bytes, so trying it
    # first would turn a UTF-8 file into nonsense instead of failing.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRejected(
        _("The file is neither UTF-8 nor GB18030 (GBK) text. Save it as CSV UTF-8."), code="encoding"
    )


def read_xlsx_upload(
    file, *, max_file_mb: float, max_uncompressed_mb: float, max_rows: int, too_many_rows: str
) -> Sheet:
    """The first sheet of an uploaded .xlsx. Each guard refuses before the
    next costs anything: the upload's name and size, then what the zip
    unpacks to, then the rows, of which a sheet holding more than
    ``max_rows`` is refused with ``too_many_rows``."""
    data = _xlsx_bytes(file, max_file_mb=max_file_mb)
    _check_zip(data, max_uncompressed_mb=max_uncompressed_mb)
    return _read_xlsx(data, max_rows=max_rows, too_many_rows=too_many_rows)


def _xlsx_bytes(file, *, max_file_mb: float) -> bytes:
    """The bytes of an upload that could be an .xlsx; anything else is refused
    with what to do instead."""
    name = (getattr(file, "name", "") or "").lower()
    if name.endswith(".xls"):
        raise ImportRejected(_("This is an Excel 97-2003 workbook (.xls). Open it in Excel, choose Save As and pick "
                               "Excel Workbook (.xlsx)."))
    if name.endswith(".csv"):
        raise ImportRejected(_("This is a CSV file. Open it in Excel, choose Save As and pick Excel Workbook (.xlsx), "
                               "or copy the rows into the template."))
    if not name.endswith(".xlsx"):
        raise ImportRejected(_("Upload an Excel workbook (.xlsx): the template filled in."))

    limit = int(max_file_mb * MB)
    size = getattr(file, "size", None)
    if size is None or size <= limit:
        if hasattr(file, "seek"):
            file.seek(0)
        # One byte past the limit tells a file that is too large without
        # reading the rest of it.
        data = file.read(limit + 1)
        size = len(data)
    if size > limit:
        raise ImportRejected(_("The file is %(size)s MB; at most %(limit)s MB can be imported at once. Split it "
                               "into smaller files.") % {"size": f"{size / MB:.1f}", "limit": max_file_mb})
    return data


def _check_zip(data: bytes, *, max_uncompressed_mb: float):
    """An .xlsx is a zip holding [Content_Types].xml. What the entries unpack
    to is summed from the zip's own directory before anything is inflated;
    zipfile never inflates an entry past the size the directory declares, so
    the sum is a bound, not a promise."""
    if data[:8] == OLE2_SIGNATURE:
        raise ImportRejected(_("The file is named .xlsx but is an older Excel 97-2003 workbook, or one protected by "
                               "a password. Remove any password and save it in Excel as Excel Workbook (.xlsx)."))
    not_xlsx = _("The file is named .xlsx but is not an Excel workbook. Save it in Excel as Excel Workbook (.xlsx), "
                 "or fill in the template.")
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise ImportRejected(not_xlsx)
    try:
        with zipfile.ZipFile(buffer) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise ImportRejected(not_xlsx) from None
    if "[Content_Types].xml" not in {entry.filename for entry in entries}:
        raise ImportRejected(not_xlsx)
    if any(entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for entry in entries):
        # Excel only stores or deflates; zipfile inflates bzip2 and lzma
        # without an output bound per read.
        raise ImportRejected(not_xlsx)
    if sum(entry.file_size for entry in entries) > int(max_uncompressed_mb * MB):
        raise ImportRejected(_("The workbook unpacks to more than %(limit)s MB, too much to read. Remove pictures "
                               "and unused sheets, or split it into smaller files.") % {"limit": max_uncompressed_mb})


def _read_xlsx(data: bytes, *, max_rows: int, too_many_rows: str) -> Sheet:
    unreadable = _("The workbook could not be read. Open it in Excel and save it again as Excel Workbook (.xlsx).")
    try:
        # defusedxml is installed, so openpyxl parses with it: no entity
        # expansion, no external entities.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a user's broken file, whatever part of it fails
        logger.info("unreadable workbook uploaded", exc_info=True)
        raise ImportRejected(unreadable)
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
            if len(rows) >= max_rows:
                raise ImportRejected(too_many_rows)
            rows.append((number, values))
    except ImportRejected:
        raise
    except Exception:
        logger.info("unreadable worksheet uploaded", exc_info=True)
        raise ImportRejected(unreadable)
    finally:
        workbook.close()
    if not header or not any(value is not None for value in header):
        raise ImportRejected(_("The first sheet has no header row. Download the template and fill it in."))
    return Sheet(header=header, rows=rows)
