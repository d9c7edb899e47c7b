"""Factories for every model, in one place (factory_boy)."""
import datetime
import importlib
from decimal import Decimal

import factory
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model

from zones.models import Industry, Mechanism, Membership, Metric, Official, ReportedFigure, SourceArticle, Target, Zone
from meetings.models import Directive, DirectiveNote, Meeting, MeetingDocument, MeetingParticipant, PromotionActivity
from projects.choices import Stage
from projects.models import Enterprise, InvestmentProject, ProgressReport, ProjectStageChange
from projects.totals import month_totals_refresh


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-for-tests-1")


class SourceArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceArticle

    key = factory.Sequence(lambda n: f"article-{n}")
    title = factory.Sequence(lambda n: f"文章{n}")
    publisher = "某开发区"


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    name = factory.Sequence(lambda n: f"测试经济开发区{n}")
    short_name = factory.Sequence(lambda n: f"测试{n}")
    province = "山东省"
    city = "淄博市"


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"产业{n}")


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    zone = factory.SubFactory(ZoneFactory)
    name = factory.Sequence(lambda n: f"干部{n}")
    titles = "管委会副主任"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    zone = factory.SubFactory(ZoneFactory)


class _MovedModels:
    """The app registry as devzone's 0002 migration asks it: that migration
    wrote devzone.Metric, which lives in zones since the apps were split."""

    def get_model(self, app_label, model_name):
        return django_apps.get_model("zones", model_name)


def load_metric_catalogue():
    """The metric catalogue, written again by the migration's own function
    (a transactional test may follow a flush that emptied it)."""
    importlib.import_module("devzone.migrations.0002_metric_catalogue").load(_MovedModels(), None)


def metric(code):
    """Metrics are a catalogue loaded by migration; tests look them up."""
    if not Metric.objects.exists():
        load_metric_catalogue()
    return Metric.objects.get(code=code)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    zone = factory.SubFactory(ZoneFactory)
    metric = factory.LazyFunction(lambda: metric("signed_projects"))
    year = 2024
    value = Decimal("100")


class ReportedFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportedFigure

    zone = factory.SubFactory(ZoneFactory)
    metric = factory.LazyFunction(lambda: metric("signed_projects"))
    year = 2023
    value = Decimal("100")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"示例企业{n}有限公司")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentProject

    zone = factory.SubFactory(ZoneFactory)
    name = factory.Sequence(lambda n: f"示例项目{n}")
    investor = factory.SubFactory(EnterpriseFactory)
    stage = Stage.SIGNED
    confirmed_stage = Stage.SIGNED
    planned_investment = Decimal("50000")
    signed_on = datetime.date(2024, 3, 1)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    project = factory.SubFactory(ProjectFactory)
    period_start = datetime.date(2024, 4, 1)
    period_end = datetime.date(2024, 4, 30)
    investment_completed = Decimal("1000")
    funds_in_place = Decimal("800")
    stage = Stage.SIGNED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # A report made here skips the services, which keep the monthly
        # totals: count it in its month as they would.
        report = super()._create(model_class, *args, **kwargs)
        month_totals_refresh(keys=[(report.project.zone_id, report.period_end)])
        return report


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    zone = factory.SubFactory(ZoneFactory)
    date = datetime.date(2024, 2, 22)
    title = factory.Sequence(lambda n: f"工作会议{n}")
    kind = "work_conference"


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"要求{n}")
    category = "investment_attraction"


class PromotionActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromotionActivity

    zone = factory.SubFactory(ZoneFactory)
    date = datetime.date(2024, 5, 10)
    year = 2024
    kind = "outbound_visit"
    title = factory.Sequence(lambda n: f"招商活动{n}")


class MechanismFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mechanism

    zone = factory.SubFactory(ZoneFactory)
    name = factory.Sequence(lambda n: f"机制{n}")


class ProjectStageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectStageChange

    project = factory.SubFactory(ProjectFactory)
    stage = Stage.SIGNED
    changed_on = datetime.date(2024, 3, 1)


class MeetingParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingParticipant

    meeting = factory.SubFactory(MeetingFactory)
    official = factory.SubFactory(OfficialFactory, zone=factory.SelfAttribute("..meeting.zone"))
    role = "speaker"


class MeetingDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingDocument

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"文件{n}")


class DirectiveNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectiveNote

    directive = factory.SubFactory(DirectiveFactory)
    noted_on = datetime.date(2024, 3, 15)
    text = factory.Sequence(lambda n: f"进展{n}")
