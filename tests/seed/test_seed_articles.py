"""manage.py seed_articles: every fact of the two source articles, loaded once.

The expected values below were read from the articles by hand; they are
deliberately not imported from ``meetings.seed.articles``.
"""
import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from zones.models import Industry, Mechanism, Official, ReportedFigure, SourceArticle, Target, Zone
from meetings.models import Directive, Meeting, MeetingDocument, MeetingParticipant, PromotionActivity
from meetings.seed.loader import seed_articles
from projects.models import Enterprise, InvestmentProject, ProjectStageChange
from tests.factories import ZoneFactory

YIYUAN_KEY = "yiyuan-2024-02-22-mobilization"
DONGYING_KEY = "dongying-2023-01-13-work-conference"
YIYUAN = "S377028"
DONGYING = "G371152"

SOURCED_MODELS = [
    Zone, Official, Mechanism, ReportedFigure, Target, Enterprise, InvestmentProject, Meeting, Directive,
    PromotionActivity,
]

pytestmark = pytest.mark.django_db


def run_command():
    out = StringIO()
    call_command("seed_articles", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    return run_command()


def reported(code, metric):
    return ReportedFigure.objects.get(zone__code=code, metric__code=metric, year=2022, quarter=None, month=None)


def target(code, metric, year):
    return Target.objects.get(zone__code=code, metric__code=metric, year=year, quarter=None, month=None)


def all_row_counts():
    """Rows of every model of the three apps, historical models included."""
    return {
        model._meta.label: model.objects.count()
        for app in ("zones", "projects", "meetings", "insights")
        for model in apps.get_app_config(app).get_models()
    }


# --- the articles -------------------------------------------------------


def test_it_records_both_articles_with_their_bibliographic_facts(seeded):
    """Each article is one SourceArticle keyed by its file name, with the
    publication facts the capture gives and no more."""
    yiyuan = SourceArticle.objects.get(key=YIYUAN_KEY)
    assert yiyuan.title == "击鼓催征扬帆奋进启新程——山东沂源经济开发区召开招商引资暨项目建设集中攻坚动员大会"
    assert yiyuan.publisher == "山东沂源经济开发区"
    assert yiyuan.site == "中国开发区协会"
    assert yiyuan.section == "省级开发区动态"
    assert yiyuan.published_at == datetime.datetime(2024, 2, 26, 15, 19, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert yiyuan.published_at.utcoffset() is not None
    assert yiyuan.event_date == datetime.date(2024, 2, 22)

    dongying = SourceArticle.objects.get(key=DONGYING_KEY)
    assert dongying.title == "创新实干 事争一流丨东营经济技术开发区:招商引资为高质量发展注入“源头活水”"
    assert dongying.publisher == "东营日报社/爱东营"
    assert (dongying.reporter, dongying.correspondent, dongying.editor) == ("贾重霄", "张雪雯", "邓玉莉")
    assert dongying.published_at is None
    assert dongying.event_date == datetime.date(2023, 1, 13)
    assert "书面授权" in dongying.rights_note and "不得转载" in dongying.rights_note


# --- zones and industries -----------------------------------------------


def test_it_gives_each_zone_its_catalogue_entry(seeded):
    """Both zones carry the catalogue's code, authority, type, approval
    month, area, industries and place."""
    dongying = Zone.objects.get(code=DONGYING)
    assert (dongying.name, dongying.short_name) == ("东营经济技术开发区", "东营经开区")
    assert (dongying.approving_authority, dongying.zone_type) == ("state_council", "etdz")
    assert dongying.approved_on == datetime.date(2010, 3, 1)
    assert dongying.approved_area_ha == Decimal("1735.00")
    assert dongying.catalogue_industries == "有色金属、新材料、装备制造"
    assert (dongying.province, dongying.city, dongying.county) == ("山东省", "东营市", "东营区")

    yiyuan = Zone.objects.get(code=YIYUAN)
    assert (yiyuan.name, yiyuan.short_name) == ("山东沂源经济开发区", "沂源经开区")
    assert (yiyuan.approving_authority, yiyuan.zone_type) == ("province", "economic")
    assert yiyuan.approved_on == datetime.date(2006, 3, 1)
    assert yiyuan.approved_area_ha == Decimal("295.08")
    assert yiyuan.catalogue_industries == "医药、新材料、食品"
    assert (yiyuan.province, yiyuan.city, yiyuan.county) == ("山东省", "淄博市", "沂源县")
    assert Zone.objects.count() == 2


def test_it_links_the_leading_industries_each_article_names(seeded):
    """Dongying leads with four industries, Yiyuan with three sectors; 新材料
    is one Industry row shared by both."""
    def leading(code):
        return set(Zone.objects.get(code=code).leading_industries.values_list("name", flat=True))

    assert leading(DONGYING) == {"航空航天", "新材料", "高端装备制造", "数字经济"}
    assert leading(YIYUAN) == {"新医药", "新材料", "新能源"}
    assert Industry.objects.filter(name="新材料").count() == 1


def test_it_records_the_other_industries_named_without_inventing_chain_links(seeded):
    """Industries named in passing exist; no parent is set because neither
    article states a chain link."""
    names = set(Industry.objects.values_list("name", flat=True))
    assert {"海上光伏", "海上风电装备", "生物医药", "创新药物", "化工"} <= names
    assert not Industry.objects.filter(parent__isnull=False).exists()


# --- people, meetings, documents ----------------------------------------


def test_it_records_the_four_yiyuan_officials_and_their_part_in_the_meeting(seeded):
    """刘峰 spoke, 谭延训 chaired, 唐新泉 and 魏燕玲 read out documents, each
    with the titles the article gives."""
    officials = dict(Official.objects.filter(zone__code=YIYUAN).values_list("name", "titles"))
    assert officials == {
        "刘峰": "党工委副书记、管委会主任",
        "谭延训": "党工委委员、管委会副主任",
        "唐新泉": "党工委委员、纪检监察工委书记",
        "魏燕玲": "党工委委员、管委会副主任",
    }
    roles = {
        (p.official.name, p.role): p.titles_at_meeting
        for p in MeetingParticipant.objects.filter(meeting__zone__code=YIYUAN).select_related("official")
    }
    assert roles == {
        ("刘峰", "speaker"): "党工委副书记、管委会主任",
        ("谭延训", "chair"): "党工委委员、管委会副主任",
        ("唐新泉", "reader"): "党工委委员、纪检监察工委书记",
        ("魏燕玲", "reader"): "党工委委员、管委会副主任",
    }
    assert not Official.objects.filter(zone__code=DONGYING).exists()


def test_it_records_both_meetings(seeded):
    """One meeting per article, of the right kind, with its attendance and
    the three higher-level meetings Yiyuan's carries out."""
    yiyuan = Meeting.objects.get(zone__code=YIYUAN)
    assert (yiyuan.date, yiyuan.title, yiyuan.kind) == (
        datetime.date(2024, 2, 22), "招商引资暨项目建设集中攻坚动员大会", "mobilization"
    )
    assert "开发区全体干部职工" in yiyuan.attendance
    assert "自然资源所" in yiyuan.attendance and "执法中队" in yiyuan.attendance
    assert yiyuan.implements.splitlines() == [
        "全省高水平开放暨高质量招商引资大会",
        "全市聚力突破招商引资和项目建设动员大会",
        "全县招商引资暨项目建设集中攻坚动员大会",
    ]
    assert yiyuan.summary

    dongying = Meeting.objects.get(zone__code=DONGYING)
    assert (dongying.date, dongying.title, dongying.kind) == (
        datetime.date(2023, 1, 13), "2023年经济工作暨“双招双引”工作会议", "work_conference"
    )
    assert dongying.summary


def test_it_records_the_two_documents_read_out_and_who_read_each(seeded):
    """唐新泉 read the 四下基层 plan first, 魏燕玲 the 揭榜挂帅 plan second."""
    documents = [
        (d.order, d.title, d.read_by.name)
        for d in MeetingDocument.objects.filter(meeting__zone__code=YIYUAN).select_related("read_by")
    ]
    assert documents == [
        (1, "中共沂源经济开发区工作委员会关于常态化开展“四下基层”转作风抓落实的实施方案", "唐新泉"),
        (2, "沂源经济开发区“揭榜挂帅”工作方案", "魏燕玲"),
    ]


# --- directives ---------------------------------------------------------


def test_it_records_the_twelve_yiyuan_requirements_in_order(seeded):
    """3 on project construction, 5 on investment attraction, 3 on the
    business environment, 1 on party conduct; open, with no due date."""
    directives = list(Directive.objects.filter(meeting__zone__code=YIYUAN).order_by("order"))
    assert [d.order for d in directives] == list(range(1, 13))
    assert [d.category for d in directives] == (
        ["project_construction"] * 3 + ["investment_attraction"] * 5 + ["business_environment"] * 3
        + ["party_conduct"]
    )
    assert all(d.status == "open" and d.due_on is None for d in directives)
    assert "160亿元" in directives[1].text and "50个重大项目" in directives[1].text
    assert "瑞阳" in directives[6].text
    assert "园区事园内办" in directives[9].text


def test_it_records_the_seven_dongying_requirements(seeded):
    """一号工程, the policy window, 精准施策, 聚焦目标, 压实责任, 督查考核 and
    the spring offensive: six on investment attraction, one on projects."""
    directives = list(Directive.objects.filter(meeting__zone__code=DONGYING).order_by("order"))
    assert len(directives) == 7
    assert Counter(d.category for d in directives) == {"investment_attraction": 6, "project_construction": 1}
    assert "一号工程" in directives[0].text
    assert "政策窗口期" in directives[1].text
    assert "一事一议" in directives[2].text
    assert "快签约、快落地" in directives[3].text
    assert "以商引商" in directives[4].text
    assert "周调度、月通报、年考核" in directives[5].text
    assert "开门红" in directives[6].text


# --- figures ------------------------------------------------------------


@pytest.mark.parametrize(
    "metric, value, qualifier, yoy, rank",
    [
        ("promotion_activities", "625", "exact", None, None),
        ("investor_visits", "1100", "more_than", None, None),
        ("signed_projects", "177", "exact", None, 1),
        ("funds_in_place", "2180000", "exact", "20", 1),  # 218亿元
        ("projects_over_100m", "88", "exact", "10", None),
        ("projects_over_1b", "15", "exact", "50", None),
        ("fortune500_projects", "16", "exact", None, 1),
        ("four_new_projects", "38", "exact", None, 1),
        ("city_share_f500_four_new", "30", "at_least", None, None),
        ("planned_total_investment", "7000000", "over", None, None),  # 超700亿元
        ("commencement_rate", "70", "nearly", None, None),
        ("promotion_events", "3", "exact", None, None),
        ("introduced_projects", "39", "exact", None, None),
    ],
)
def test_it_records_dongying_2022_results_with_their_qualifiers(seeded, metric, value, qualifier, yoy, rank):
    """Each 2022 figure is a whole-year ReportedFigure with the article's
    value (万元 for money), bound, growth and city rank."""
    figure = reported(DONGYING, metric)
    assert figure.value == Decimal(value)
    assert figure.qualifier == qualifier
    assert figure.yoy_growth_percent == (Decimal(yoy) if yoy else None)
    assert figure.rank == rank
    assert figure.rank_scope == ("全市" if rank else "")


def test_the_dongying_meeting_announced_all_thirteen_figures_and_set_the_2023_plan(seeded):
    """The 2022 figures and 2023 targets link to the Dongying meeting."""
    meeting = Meeting.objects.get(zone__code=DONGYING)
    assert meeting.reported_figures.count() == 13
    assert ReportedFigure.objects.count() == 13
    assert set(meeting.targets.values_list("metric__code", flat=True)) == {
        "key_projects", "key_projects_investment", "annual_planned_investment"
    }


def test_it_records_the_2023_dongying_plan(seeded):
    """243 key projects of 1853亿元 in total, 486亿元 planned for the year."""
    assert target(DONGYING, "key_projects", 2023).value == Decimal("243")
    assert target(DONGYING, "key_projects_investment", 2023).value == Decimal("18530000")
    assert target(DONGYING, "annual_planned_investment", 2023).value == Decimal("4860000")
    assert set(Target.objects.filter(zone__code=DONGYING).values_list("qualifier", flat=True)) == {"exact"}


def test_it_records_the_yiyuan_2024_major_projects_target(seeded):
    """50 major projects worth 160亿元, set by the Yiyuan meeting."""
    assert target(YIYUAN, "major_projects", 2024).value == Decimal("50")
    assert target(YIYUAN, "major_projects_investment", 2024).value == Decimal("1600000")
    meeting = Meeting.objects.get(zone__code=YIYUAN)
    assert meeting.targets.count() == 2
    assert not meeting.reported_figures.exists()


# --- enterprises, mechanisms, projects, activities ----------------------


def test_it_records_the_three_yiyuan_leading_enterprises(seeded):
    """瑞阳, 药玻 and 鲁阳 are leading enterprises of Yiyuan under the short
    names the article uses."""
    rows = {
        e.short_name: (e.name, e.industry.name, e.is_leading, e.zone.code)
        for e in Enterprise.objects.select_related("industry", "zone")
    }
    assert rows == {
        "瑞阳": ("瑞阳制药股份有限公司", "医药", True, YIYUAN),
        "药玻": ("山东省药用玻璃股份有限公司", "医药包装", True, YIYUAN),
        "鲁阳": ("山东鲁阳节能材料股份有限公司", "新材料", True, YIYUAN),
    }


def test_it_records_each_zones_mechanisms(seeded):
    """The named working methods of each zone, described and quoted."""
    def names(code):
        return set(Mechanism.objects.filter(zone__code=code).values_list("name", flat=True))

    assert {
        "揭榜挂帅", "全员帮包", "六个一体化", "四下基层", "三县战略", "四新四创", "三提三争", "朋友圈招商",
        "园区事园内办", "政策工具包", "惠企政策智慧推送平台",
    } <= names(YIYUAN)
    assert {
        "一号工程", "一事一议", "周调度、月通报、年考核", "领导招商", "全员招商", "驻点招商", "节会招商",
        "以商引商", "春季招商攻势",
    } <= names(DONGYING)
    assert not Mechanism.objects.filter(description="").exists()


def test_it_records_the_named_dongying_projects_without_inventing_dates(seeded):
    """The wind-power park has started, 道合 is signed; dates and amounts the
    article does not give stay empty, and no stage change is fabricated."""
    wind = InvestmentProject.objects.get(zone__code=DONGYING, name="东营海上风电装备产业园项目")
    assert (wind.stage, wind.confirmed_stage) == ("started", "started")
    assert wind.industry.name == "海上风电装备"
    daohe = InvestmentProject.objects.get(zone__code=DONGYING, name="道合医药研究院及创新药物产业化项目")
    assert (daohe.stage, daohe.confirmed_stage) == ("signed", "signed")
    for project in (wind, daohe):
        assert project.planned_investment is None
        assert (project.signed_on, project.started_on, project.production_on) == (None, None, None)
    assert not ProjectStageChange.objects.exists()


def test_it_records_the_two_named_2022_promotion_activities(seeded):
    """The signing ceremony led to the wind-power park; the Suzhou
    conference was held in 苏州; neither has a published date."""
    ceremony = PromotionActivity.objects.get(title="海上光伏暨东营海上风电装备产业园项目集中签约仪式")
    assert (ceremony.kind, ceremony.year, ceremony.date) == ("signing_ceremony", 2022, None)
    assert list(ceremony.projects.values_list("name", flat=True)) == ["东营海上风电装备产业园项目"]
    suzhou = PromotionActivity.objects.get(title="苏州生物医药产业招商推介会")
    assert (suzhou.kind, suzhou.year, suzhou.date, suzhou.place) == ("promotion_conference", 2022, None, "苏州")
    assert PromotionActivity.objects.filter(zone__code=DONGYING).count() == 2


# --- citations and what is not stored -----------------------------------


def test_every_seeded_row_cites_its_article_with_a_short_quotation(seeded):
    """Rows of every sourced model point at an article and quote one short
    clause of it."""
    for model in SOURCED_MODELS:
        rows = model.objects.all()
        assert rows.exists(), model
        assert not rows.filter(source__isnull=True).exists(), model
        assert not rows.filter(source_quote="").exists(), model
        assert max(len(quote) for quote in rows.values_list("source_quote", flat=True)) <= 150, model
    yiyuan_meeting = Meeting.objects.get(zone__code=YIYUAN)
    assert yiyuan_meeting.source.key == YIYUAN_KEY
    assert not Directive.objects.filter(meeting=yiyuan_meeting).exclude(source__key=YIYUAN_KEY).exists()
    assert not ReportedFigure.objects.exclude(source__key=DONGYING_KEY).exists()


def test_the_article_text_itself_is_not_stored(seeded):
    """Long passages of either article appear in no text column of any
    table, historical ones included: only short clauses are kept."""
    passages = [
        # Dongying: republication is forbidden.
        "一处处热火朝天的建设场面,一批批关乎未来发展的项目成果,汇成一幅气势恢宏的壮丽长卷",
        "招商引资既是开发区经济稳定增长的“核心支撑”,也是开发区产业加快转型的“重要引擎”",
        "开发区针对招商引资政策进行了修订,面对新情况新问题,及时研究制定新的政策和措施",
        "全年开展招商引资活动625批次,接待客商1100余批次;签约引进项目177个",
        # Yiyuan.
        "营商环境是高质量发展的“强磁场”,要不断顺应市场变化,改革创新服务模式",
    ]
    for app in ("zones", "projects", "meetings", "insights"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
                    for passage in passages:
                        found = model.objects.filter(**{f"{field.name}__contains": passage})
                        assert not found.exists(), (model._meta.label, field.name, passage)


# --- re-running ---------------------------------------------------------


def test_it_reports_what_it_created():
    """The first run's counts per model match the articles' contents."""
    counts = seed_articles()
    created = {label: row["created"] for label, row in counts.items()}
    assert created == {
        "zones.SourceArticle": 2,
        "zones.Zone": 2,
        "zones.Industry": 13,
        "zones.Official": 4,
        "zones.Mechanism": 23,
        "zones.ReportedFigure": 13,
        "zones.Target": 5,
        "projects.Enterprise": 3,
        "projects.InvestmentProject": 2,
        "meetings.Meeting": 2,
        "meetings.MeetingParticipant": 4,
        "meetings.MeetingDocument": 2,
        "meetings.Directive": 19,
        "meetings.PromotionActivity": 2,
    }
    assert all(row["updated"] == 0 and row["unchanged"] == 0 for row in counts.values())


def test_a_second_run_changes_nothing_and_adds_no_history(seeded):
    """Re-running creates no row and no historical record in any table, and
    says every row was unchanged."""
    before = all_row_counts()
    history_before = (Zone.history.count(), ReportedFigure.history.count(), Directive.history.count())

    out = run_command()

    assert all_row_counts() == before
    assert (Zone.history.count(), ReportedFigure.history.count(), Directive.history.count()) == history_before
    counts = seed_articles()
    assert all(row["created"] == 0 and row["updated"] == 0 for row in counts.values())
    assert "Updated" not in out
    assert "0 created, 0 updated, 96 unchanged" in out


def test_a_rerun_restores_an_edited_article_fact_and_says_so(seeded):
    """A figure is the article's record: edited in the admin, it is put back
    on the next run, with one history record and a line naming the field."""
    figure = reported(DONGYING, "funds_in_place")
    figure.value = Decimal("1")
    figure.qualifier = "about"
    figure.save()
    history = ReportedFigure.history.count()

    out = run_command()

    figure.refresh_from_db()
    assert (figure.value, figure.qualifier) == (Decimal("2180000"), "exact")
    assert ReportedFigure.history.count() == history + 1
    assert "value, qualifier" in out
    assert seed_articles()["zones.ReportedFigure"] == {"created": 0, "updated": 0, "unchanged": 13}


def test_a_rerun_keeps_what_staff_own(seeded):
    """Progress and living facts belong to staff once seeded: a finished
    directive, a project's later stage, an official's new titles, a note
    the article has no value for and a re-imported catalogue entry stay."""
    directive = Directive.objects.get(meeting__zone__code=YIYUAN, order=2)
    directive.status, directive.completed_on = "done", datetime.date(2024, 12, 31)
    directive.save()
    InvestmentProject.objects.filter(name="东营海上风电装备产业园项目").update(stage="production")
    Official.objects.filter(name="刘峰").update(titles="党工委书记")
    Zone.objects.filter(code=DONGYING).update(catalogue_industries="有色金属、新材料、装备制造、航空航天")
    ReportedFigure.objects.filter(metric__code="investor_visits").update(note="另据统计局口径")

    run_command()

    directive.refresh_from_db()
    assert (directive.status, directive.completed_on) == ("done", datetime.date(2024, 12, 31))
    assert InvestmentProject.objects.get(name="东营海上风电装备产业园项目").stage == "production"
    assert Official.objects.get(name="刘峰").titles == "党工委书记"
    assert Zone.objects.get(code=DONGYING).catalogue_industries == "有色金属、新材料、装备制造、航空航天"
    assert reported(DONGYING, "investor_visits").note == "另据统计局口径"


def test_a_rerun_restores_a_removed_link(seeded):
    """A figure unlinked from its meeting is linked again; links are never
    removed."""
    meeting = Meeting.objects.get(zone__code=DONGYING)
    meeting.reported_figures.remove(reported(DONGYING, "funds_in_place"))

    run_command()

    assert meeting.reported_figures.count() == 13


def test_it_completes_a_zone_import_zones_created_and_keeps_its_catalogue_entry():
    """A zone already loaded from the catalogue is found by its code, not
    duplicated; the seed fills its empty fields and keeps the rest."""
    zone = ZoneFactory(
        code=DONGYING, name="东营经济技术开发区", short_name="", catalogue_industries="有色金属,新材料,装备制造",
        province="山东省", city="东营市",
    )

    seed_articles()

    zone.refresh_from_db()
    assert Zone.objects.filter(code=DONGYING).get().pk == zone.pk
    assert zone.catalogue_industries == "有色金属,新材料,装备制造"
    assert zone.short_name == "东营经开区"
    assert zone.county == "东营区"
    assert zone.source.key == DONGYING_KEY
    assert Zone.objects.count() == 2


def test_the_command_prints_a_summary_per_model(seeded):
    """The command ends with one line per model and a total."""
    assert "zones.ReportedFigure: 13 created, 0 updated, 0 unchanged" in seeded
    assert "96 created, 0 updated, 0 unchanged" in seeded
