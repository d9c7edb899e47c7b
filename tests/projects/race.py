"""Run by tests/projects/test_races.py in a process of its own, against the
database DATABASE_URL names (a real file or server, not the test runner's
in-memory copy): eight people save one project from the same version, and
six managers confirm one stage change, all at once. Prints one line of JSON:
what each attempt ended in."""
import collections
import datetime
import json
import os
import sys
import threading

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from projects import services  # noqa: E402
from projects.choices import Stage  # noqa: E402
from projects.models import InvestmentProject, ProjectStageChange  # noqa: E402
from tests.factories import ProjectFactory, ZoneFactory  # noqa: E402
from tests.personas import manager_of, staff_of  # noqa: E402


def race(count, attempt):
    """Start ``count`` threads together; each returns what its attempt ended in."""
    outcomes, start = [], threading.Barrier(count)

    def run(index):
        try:
            start.wait()
            outcomes.append(attempt(index))
        except services.EditConflict:
            outcomes.append("conflict")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - what the test must never see
            outcomes.append(f"error: {type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return dict(collections.Counter(outcomes))


def main():
    call_command("migrate", verbosity=0)
    zone = ZoneFactory()
    staff = staff_of(zone)
    managers = [manager_of(zone, username=f"manager{index}") for index in range(6)]
    project = ProjectFactory(zone=zone, stage=Stage.NEGOTIATING, confirmed_stage=Stage.NEGOTIATING, signed_on=None)
    change = services.project_stage_change(
        user=staff, project=project, stage=Stage.SIGNED, changed_on=datetime.date(2024, 3, 1)
    )
    version = InvestmentProject.objects.get(pk=project.pk).version

    def save(index):
        services.project_update(
            user=staff, project=InvestmentProject.objects.get(pk=project.pk),
            data={"name": f"同时保存{index}"}, expected_version=version,
        )
        return "saved"

    def confirm(index):
        services.stage_change_confirm(user=managers[index], change=ProjectStageChange.objects.get(pk=change.pk))
        return "confirmed"

    result = {"saves": race(8, save), "confirmations": race(6, confirm)}
    project.refresh_from_db()
    result["version_after"] = project.version - version
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
