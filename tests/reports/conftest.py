"""A small world for the reports, with every number worked out by hand in
the tests that use it.

Two zones of one city (so ranks read 居全市第X位), a third nobody works on
(it stays out of the bulletin), 2024 targets, projects signed this year and
last year, one progress report with money, one with a problem, a directive
past due. The bulletin is October 2024: figures to 2024-10-31, the 305th
day of a leap year, so 序时进度 is 305 / 366 = 83.3%.
"""
import datetime
from decimal import Decimal

import pytest

from devzone.celery import app as celery_app
from insights.models import AssessmentScheme
from projects.choices import Stage
from tests.factories import (
    DirectiveFactory,
    MeetingFactory,
    ProgressReportFactory,
    ProjectFactory,
    TargetFactory,
    ZoneFactory,
    metric,
)
from tests.personas import administrator, make_user, manager_of, staff_of

D = datetime.date


@pytest.fixture
def eager():
    """Run tasks in-process, as without a broker (CI sets one)."""
    conf = celery_app.conf
    before = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager, conf.task_eager_propagates = True, True
    yield
    conf.task_always_eager, conf.task_eager_propagates = before


@pytest.fixture
def world(db):
    a = ZoneFactory(name="甲经济开发区", short_name="甲区", city="淄博市", province="山东省")
    b = ZoneFactory(name="乙经济开发区", short_name="乙区", city="淄博市", province="山东省")
    ZoneFactory(name="丙经济开发区", short_name="丙区", city="淄博市", province="山东省")  # no target, no project
    TargetFactory(zone=a, metric=metric("signed_projects"), year=2024, value=Decimal("4"))
    TargetFactory(zone=b, metric=metric("signed_projects"), year=2024, value=Decimal("2"))
    TargetFactory(zone=a, metric=metric("funds_in_place"), year=2024, value=Decimal("1000"))

    def signed(zone, day, **kwargs):
        kwargs.setdefault("planned_investment", Decimal("5000"))
        return ProjectFactory(zone=zone, signed_on=day, **kwargs)

    projects = {
        # Zone A: three signings from January to October 2024, one in November.
        "a1": signed(a, D(2024, 3, 1), name="甲一", planned_start_on=D(2024, 9, 1)),
        "a2": signed(a, D(2024, 5, 1), name="甲二"),
        "a3": signed(a, D(2024, 10, 31), name="甲三"),
        "a4": signed(a, D(2024, 11, 2), name="甲四"),
        # ... and two in the same months of 2023, one later that year.
        "a5": signed(a, D(2023, 3, 1), name="甲五", stage=Stage.STARTED, confirmed_stage=Stage.STARTED,
                     started_on=D(2023, 6, 1)),
        "a6": signed(a, D(2023, 10, 31), name="甲六", stage=Stage.STARTED, confirmed_stage=Stage.STARTED,
                     started_on=D(2023, 12, 1)),
        "a7": signed(a, D(2023, 11, 15), name="甲七", stage=Stage.STARTED, confirmed_stage=Stage.STARTED,
                     started_on=D(2024, 1, 1)),
        # Zone B: one signing each year.
        "b1": signed(b, D(2024, 4, 1), name="乙一"),
        "b2": signed(b, D(2023, 5, 5), name="乙二", stage=Stage.STARTED, confirmed_stage=Stage.STARTED,
                     started_on=D(2023, 8, 1)),
    }
    ProgressReportFactory(project=projects["a2"], period_start=D(2024, 6, 1), period_end=D(2024, 6, 30),
                          investment_completed=Decimal("1200"), funds_in_place=Decimal("800"))
    ProgressReportFactory(project=projects["a3"], period_start=D(2024, 10, 28), period_end=D(2024, 11, 1),
                          investment_completed=Decimal("0"), funds_in_place=Decimal("0"), problems="用地指标未落实")
    meeting = MeetingFactory(zone=a, date=D(2024, 9, 1), title="三季度调度会")
    DirectiveFactory(meeting=meeting, text="加快甲一项目开工", due_on=D(2024, 10, 30))
    DirectiveFactory(meeting=meeting, text="已办结的要求", due_on=D(2024, 10, 1), status="done",
                     completed_on=D(2024, 9, 30))
    return {"a": a, "b": b, "projects": projects, "meeting": meeting}


@pytest.fixture
def scheme(world):
    return AssessmentScheme.objects.create(
        year=2024,
        name="2024年度招商引资考核",
        weights={"signed_projects": 60, "funds_in_place": 40},
        completion_cap=Decimal("100"),
        overdue_start_deduction=Decimal("1"),
        overdue_directive_deduction=Decimal("0.5"),
    )


@pytest.fixture
def people(world):
    a, b = world["a"], world["b"]
    people = {
        "staff": staff_of(a),
        "other_staff": staff_of(b, username="other_staff"),
        "manager": manager_of(a),
        "administrator": administrator(),
        "superuser": make_user("root", superuser=True),
    }
    people["staff"].email = "staff@a.example"
    people["staff"].save()
    people["other_staff"].email = "staff@b.example"
    people["other_staff"].save()
    people["manager"].email = "manager@a.example"  # a manager, not staff: no dispatch e-mail
    people["manager"].save()
    staff_of(a, username="staff_without_email")
    return people
