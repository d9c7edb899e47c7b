"""The world of tests/test_permissions.py (one record behind every URL of its
TABLE, the five personas), and the same world stocked with a record of every
model of devzone, projects and meetings whose text fields all hold a payload.
"""
import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Cast, Concat
from django.http import HttpResponseForbidden

from devzone import roles
from zones.models import Sourced
from insights.models import AssessmentScheme, OutboxMessage, TaskRun
from insights.reports import services as report_services
from meetings.models import Directive, Meeting, PromotionActivity
from projects.models import Enterprise, InvestmentProject, ProjectStageChange
from tests.factories import (
    DirectiveNoteFactory,
    IndustryFactory,
    MechanismFactory,
    MeetingDocumentFactory,
    MeetingParticipantFactory,
    OfficialFactory,
    ProgressReportFactory,
    ProjectFactory,
    ReportedFigureFactory,
    SourceArticleFactory,
    TargetFactory,
    metric,
)
from tests.test_permissions import world  # noqa: F401  (the fixture, shared)

APPS = ("zones", "projects", "meetings", "insights")

# What the CSRF middleware answers with while these tests run: a 403 that
# says it came from the middleware, so that a 403 of the access rules is
# never taken for it.
CSRF_REFUSED = "X-Csrf-Refused"


def csrf_refused(request, reason=""):
    response = HttpResponseForbidden(reason)
    response[CSRF_REFUSED] = reason
    return response


@pytest.fixture
def csrf_settings(settings):
    settings.CSRF_FAILURE_VIEW = "tests.security.conftest.csrf_refused"
    return settings


@pytest.fixture
def users(world):
    """The personas of the world; the administrator is a superuser who is
    also in the administrator group, as real ones are."""
    users = world[0]
    users["administrator"].groups.add(Group.objects.get_or_create(name=roles.ADMINISTRATOR)[0])
    return users


def our_models():
    """Every concrete model of the three apps, without simple_history's
    Historical* shadows, and the user model (names show as authors)."""
    found = [
        model
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.abstract and not model.__name__.startswith("Historical")
    ]
    return [*found, get_user_model()]


def text_fields(model):
    """CharFields and TextFields without choices; not the user's password
    hash, which is never printed and which logs the user out if changed."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not field.choices
        and not (model is get_user_model() and field.name == "password")
    ]


def refusing_validators(field, value):
    refusing = []
    for validator in field.validators:
        try:
            validator(value)
        except ValidationError:
            refusing.append(validator)
    return refusing


class Injection:
    """Every text field of every row of ``our_models()`` set to
    ``head + <row pk> + tail``, where ``payload(n)`` gives head and tail for
    the n-th field (the pk keeps unique fields unique).

    A field whose own validators refuse the payload (a slug, a catalogue
    code, a username) is skipped: no form could store it either. One too
    short for it fails: the payload is to be shortened, not the field
    left out."""

    def __init__(self, payload):
        self.payload = payload
        self.fields = {}  # n: "Model.field"
        self.skipped = []

    def apply(self):
        self.fields, self.skipped = {}, []
        n = 0
        for model in our_models():
            updates = {}
            for field in text_fields(model):
                n += 1
                head, tail = self.payload(n)
                label = f"{model.__name__}.{field.name}"
                refused_by = refusing_validators(field, f"{head}{10**9}{tail}")
                too_long_only = refused_by and all(isinstance(v, MaxLengthValidator) for v in refused_by)
                assert not too_long_only, f"shorten the payload for {label}"
                if refused_by:
                    self.skipped.append(label)
                    continue
                self.fields[n] = label
                updates[field.name] = Concat(
                    models.Value(head),
                    Cast("pk", output_field=models.CharField()),
                    models.Value(tail),
                    output_field=models.TextField(),
                )
            if updates:
                model._base_manager.update(**updates)
        return self


def stock(scene):
    """One record (at least) of every model, linked to the world's records so
    that every page has something to show: a source article, an industry
    and an official on the project, a meeting with participants, documents,
    targets and figures, a directive with a note, a problem reported."""
    users, args, _data = scene
    project = InvestmentProject.objects.get(pk=args["projects:project_detail"][0])
    zone = project.zone
    meeting = Meeting.objects.get(pk=args["meetings:meeting_detail"][0])
    directive = Directive.objects.get(pk=args["meetings:directive_detail"][0])
    activity = PromotionActivity.objects.get(pk=args["meetings:activity_detail"][0])
    change = ProjectStageChange.objects.get(pk=args["projects:stage_change_confirm"][0])

    source = SourceArticleFactory(site="某网站", section="要闻", reporter="记者", editor="编辑")
    industry = IndustryFactory(parent=IndustryFactory(), description="产业说明")
    official = OfficialFactory(zone=zone, user=users["staff"])
    signed = ProjectFactory(
        zone=zone, industry=industry, lead_official=official, planned_investment=Decimal("90000"),
        signed_on=datetime.date(2024, 2, 1), planned_start_on=datetime.date(2024, 3, 1), description="说明",
    )
    signed.assisting_staff.add(official)
    InvestmentProject.objects.filter(pk=project.pk).update(
        industry=industry, lead_official=official, description="说明", withdrawn_reason="理由"
    )
    Enterprise.objects.filter(pk=project.investor_id).update(
        industry=industry, zone=zone, short_name="简称", description="企业说明", home_region="山东"
    )
    ProjectStageChange.objects.filter(pk=change.pk).update(reason="原因", rejection_reason="材料不全")
    ProgressReportFactory(project=signed, problems="用地指标未落实")
    zone.leading_industries.add(industry)
    MechanismFactory(zone=zone, description="机制说明")
    target = TargetFactory(zone=zone, year=2024, value=Decimal("4"), note="备注")
    figure = ReportedFigureFactory(zone=zone, year=2024, rank_scope="全市", note="备注")
    meeting.targets.add(target)
    meeting.reported_figures.add(figure)
    Meeting.objects.filter(pk=meeting.pk).update(attendance="全体", implements="上级会议", summary="摘要")
    MeetingParticipantFactory(meeting=meeting, official=official, titles_at_meeting="主任")
    MeetingDocumentFactory(meeting=meeting, read_by=official)
    directive.assisting_staff.add(official)
    directive.projects.add(project)
    Directive.objects.filter(pk=directive.pk).update(lead_official=official, due_on=datetime.date(2024, 6, 30))
    DirectiveNoteFactory(directive=directive, author=users["staff"])
    PromotionActivity.objects.filter(pk=activity.pk).update(place="上海", counterpart="客商", outcome="成果")
    activity.projects.add(project)
    AssessmentScheme.objects.filter(year=2024).update(name="考核", notes="说明")
    TaskRun.objects.update(error="失败原因", celery_task_id="task-id")
    OutboxMessage.objects.create(
        key="test:1", zone=zone, recipient="staff@example.com", subject="主题", body="正文", error="失败原因",
    )
    for model in our_models():
        if issubclass(model, Sourced):
            model._base_manager.update(source=source, source_quote="原话")
    get_user_model().objects.update(first_name="名", last_name="姓")
    metric("signed_projects")  # the catalogue, should a flush have emptied it


def produce_reports(scene):
    """The world's bulletin, dispatch sheet and assessment, produced again
    from the records as they now read: their stored JSON holds the payloads
    too, as it would after a zone or project was named so."""
    _users, args, _data = scene
    report_services.bulletin_produce(year=2024, month=10)
    sheet_zone = InvestmentProject.objects.get(pk=args["projects:project_detail"][0]).zone
    report_services.dispatch_produce(week_start=datetime.date(2024, 11, 4), zones=[sheet_zone], send_email=False)
    report_services.assessment_produce(scheme=AssessmentScheme.objects.get(pk=args["reports:assessment_detail"][0]))


@pytest.fixture
def stocked(world, users):
    """``stocked(payload)``: the world with a row of every model, every text
    field injected (before and after the reports are produced, which
    rewrite the bulletin's text), returning the Injection."""

    def make(payload):
        stock(world)
        injection = Injection(payload).apply()
        produce_reports(world)
        injection.apply()
        missing = [model.__name__ for model in our_models() if not model._base_manager.exists()]
        assert missing == [], "add a record of these models to stock()"
        return injection

    return make
