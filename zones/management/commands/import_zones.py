from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zones.services import zones_import


class Command(BaseCommand):
    help = (
        "Load zones from the national catalogue 《中国开发区审核公告目录》 saved as CSV "
        "(UTF-8 or GB18030). Valid rows are taken; every other row is reported and "
        "the command then fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file, with the catalogue's header row.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")

    def handle(self, *args, file, dry_run, verbosity, **options):
        try:
            result = zones_import(file=file, dry_run=dry_run)
        except FileNotFoundError:
            raise CommandError(_("No such file: %(file)s") % {"file": file}) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

        if verbosity >= 2:
            for row in result.created:
                self.stdout.write(_("Line %(line)d: new zone %(code)s %(name)s") % vars(row))
            for row in result.updated:
                self.stdout.write(
                    _("Line %(line)d: %(code)s %(name)s changes %(fields)s")
                    % {**vars(row), "fields": ", ".join(row.fields)}
                )
        for error in result.errors:
            self.stderr.write(str(error))

        counts = result.counts
        if dry_run:
            summary = _("Dry run, nothing written: would create %(created)d, would update %(updated)d, "
                        "%(unchanged)d unchanged.")
        else:
            summary = _("Created %(created)d, updated %(updated)d, %(unchanged)d unchanged.")
        self.stdout.write(summary % counts)

        if result.errors:
            lines = len(result.failed_lines)
            raise CommandError(
                ngettext("%(count)d row could not be taken.", "%(count)d rows could not be taken.", lines)
                % {"count": lines}
            )
