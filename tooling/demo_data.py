"""Synthetic data for demonstrations and benchmarks (``manage.py generate_demo_data``).

For N zones it makes plausible 开发区 (names, catalogue codes, approval
dates, areas, leading industries), about forty industries (some with a
parent), enterprises (private, state-owned, foreign, a few Fortune Global
500), the officials of each zone, investment projects with their stage
changes and monthly progress reports, promotion activities, the annual work
conference that sets each zone's targets for the current and the previous
year, and a few published figures.

Rules it keeps:

- Deterministic: everything is drawn from one ``random.Random(seed)`` and a
  fixed "today" (2026-11-27 unless told otherwise); nothing depends on the
  clock, on set or dict ordering, or on database ids. The same seed on the
  same database gives the same rows, ids apart.
- Marked: every generated record that can cite a source cites the source
  article ``generated-demo-data``, and generated zones get catalogue codes
  G9xxxxx/S9xxxxx, a range no real code uses (province codes run 11 to 82).
  ``demo_data_delete`` removes exactly those records and what hangs off
  them; when a record someone entered still refers to one of them, it
  rolls back and says so rather than deleting that record too.
- Fast: rows go in with ``bulk_create`` in batches of 10,000. That skips
  ``save()`` and signals: no simple_history records are written for
  generated rows (their history starts with the first real edit), the
  ``auto_now`` timestamps come from the generator rather than the clock,
  and derived tables such as the monthly totals must be rebuilt afterwards
  (the command does).

It reads and writes all three apps, so it sits above them: no app imports
this module.
"""
import datetime
import math
import random
import secrets
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, models, transaction

from devzone import roles
from zones.choices import ApprovingAuthority, MetricCode, Qualifier, ZoneType
from zones.models import Industry, Membership, Metric, Official, ReportedFigure, SourceArticle, Target, Zone
from meetings.choices import ActivityKind, MeetingKind
from meetings.models import Meeting, PromotionActivity
from projects.choices import Stage, StageChangeStatus
from projects.models import Enterprise, InvestmentProject, ProgressReport, ProjectStageChange

DEMO_SOURCE_KEY = "generated-demo-data"
DEFAULT_TODAY = datetime.date(2026, 11, 27)
BATCH_SIZE = 10_000
BENCH_ADMIN = "bench_admin"
BENCH_MANAGER = "bench_manager"

# Asia/Shanghai has kept UTC+8 without daylight saving since 1991: a fixed
# offset gives the same instants without depending on the tz database.
CST = datetime.timezone(datetime.timedelta(hours=8), "CST")

# Sourced models the generator writes, in the order they are deleted
# (dependants first: a project protects its zone, investor and officials).
GENERATED_MODELS = [
    PromotionActivity,
    Meeting,
    Target,
    ReportedFigure,
    ProjectStageChange,
    InvestmentProject,
    Enterprise,
    Official,
    Zone,
]

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

# (province, short form, prefecture-level cities)
PROVINCES = [
    ("北京市", "北京", ["北京"]),
    ("天津市", "天津", ["天津"]),
    ("上海市", "上海", ["上海"]),
    ("重庆市", "重庆", ["重庆"]),
    ("河北省", "河北", ["石家庄", "唐山", "保定", "邯郸", "沧州", "廊坊", "邢台"]),
    ("山西省", "山西", ["太原", "大同", "长治", "晋中", "运城"]),
    ("内蒙古自治区", "内蒙古", ["呼和浩特", "包头", "鄂尔多斯", "赤峰"]),
    ("辽宁省", "辽宁", ["沈阳", "大连", "鞍山", "营口", "锦州", "盘锦"]),
    ("吉林省", "吉林", ["长春", "吉林", "四平", "松原"]),
    ("黑龙江省", "黑龙江", ["哈尔滨", "齐齐哈尔", "大庆", "牡丹江", "佳木斯"]),
    ("江苏省", "江苏", ["南京", "苏州", "无锡", "常州", "南通", "徐州", "盐城", "扬州", "镇江", "泰州", "淮安", "连云港", "宿迁"]),
    ("浙江省", "浙江", ["杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "台州", "衢州", "丽水"]),
    ("安徽省", "安徽", ["合肥", "芜湖", "蚌埠", "马鞍山", "安庆", "滁州", "阜阳", "宣城"]),
    ("福建省", "福建", ["福州", "厦门", "泉州", "漳州", "莆田", "龙岩"]),
    ("江西省", "江西", ["南昌", "九江", "赣州", "上饶", "宜春", "吉安"]),
    ("山东省", "山东", ["济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海", "日照", "临沂", "德州", "聊城", "滨州", "菏泽"]),
    ("河南省", "河南", ["郑州", "洛阳", "开封", "新乡", "许昌", "南阳", "周口", "焦作", "平顶山"]),
    ("湖北省", "湖北", ["武汉", "宜昌", "襄阳", "荆州", "黄石", "孝感", "十堰"]),
    ("湖南省", "湖南", ["长沙", "株洲", "湘潭", "岳阳", "常德", "衡阳", "郴州"]),
    ("广东省", "广东", ["广州", "深圳", "佛山", "东莞", "惠州", "珠海", "中山", "江门", "湛江", "肇庆", "汕头"]),
    ("广西壮族自治区", "广西", ["南宁", "柳州", "桂林", "钦州", "北海", "玉林"]),
    ("海南省", "海南", ["海口", "三亚", "儋州"]),
    ("四川省", "四川", ["成都", "绵阳", "德阳", "宜宾", "泸州", "南充", "眉山", "遂宁"]),
    ("贵州省", "贵州", ["贵阳", "遵义", "六盘水", "安顺"]),
    ("云南省", "云南", ["昆明", "曲靖", "玉溪", "保山"]),
    ("陕西省", "陕西", ["西安", "宝鸡", "咸阳", "渭南", "榆林", "汉中"]),
    ("甘肃省", "甘肃", ["兰州", "天水", "白银", "酒泉"]),
    ("宁夏回族自治区", "宁夏", ["银川", "石嘴山", "吴忠"]),
    ("青海省", "青海", ["西宁", "海东"]),
    ("新疆维吾尔自治区", "新疆", ["乌鲁木齐", "克拉玛依", "哈密"]),
]
MUNICIPALITIES = {"北京", "天津", "上海", "重庆"}

# Provincial zones often carry a part of the city in their name.
ZONE_QUARTERS = ["", "城东", "城西", "城南", "城北", "临港", "空港"]

# (name, parent, word used in company names, products: (product, unit or None))
INDUSTRIES = [
    ("装备制造", None, "机械", [("成套装备", "台（套）")]),
    ("高端装备制造", "装备制造", "智能装备", [("高端数控机床", "台"), ("精密减速器", "万台"), ("工业机器人", "台")]),
    ("智能制造装备", "装备制造", "智能科技", [("智能装备", "台（套）"), ("智能物流装备", "套"), ("激光加工设备", "台")]),
    ("工程机械", "装备制造", "重工", [("挖掘机", "台"), ("高空作业平台", "台"), ("工程机械结构件", "万件")]),
    ("航空航天", "装备制造", "航空科技", [("航空零部件", "万件"), ("工业无人机", "架"), ("卫星通信设备", "套")]),
    ("海上风电装备", "装备制造", "风电装备", [("海上风电塔筒", "套"), ("风电叶片", "套"), ("海上风电单桩", "根")]),
    ("轨道交通装备", "装备制造", "轨道交通", [("轨道交通车辆配件", "万件"), ("城轨车辆", "辆")]),
    ("新材料", None, "新材料", [("新型建筑材料", "万平方米"), ("高性能复合材料", "吨"), ("特种玻璃", "吨")]),
    ("化工新材料", "新材料", "新材料科技", [("高性能聚氨酯", "吨"), ("特种工程塑料", "吨"), ("电子级化学品", "吨")]),
    ("有色金属", "新材料", "金属材料", [("高端铝板带箔", "吨"), ("铜基新材料", "吨"), ("再生铝", "吨")]),
    ("稀土新材料", "新材料", "稀土材料", [("稀土永磁材料", "吨"), ("稀土抛光粉", "吨")]),
    ("碳纤维复合材料", "新材料", "碳纤维", [("碳纤维", "吨"), ("复合材料制品", "万件")]),
    ("生物医药", None, "生物医药", [("生物医药产业园", None), ("医药中间体", "吨")]),
    ("创新药物", "生物医药", "药业", [("创新药物产业化", None), ("原料药", "吨"), ("生物制剂", "万支")]),
    ("医疗器械", "生物医药", "医疗器械", [("医用耗材", "万套"), ("体外诊断试剂", "万人份"), ("医学影像设备", "台")]),
    ("医药包装", "生物医药", "药用包装", [("药用玻璃", "吨"), ("医药包装材料", "吨")]),
    ("中医药", "生物医药", "中药", [("中药饮片", "吨"), ("中药配方颗粒", "吨")]),
    ("新能源", None, "新能源", [("新能源装备", "台（套）"), ("生物质发电", None)]),
    ("光伏", "新能源", "光伏科技", [("光伏组件", "GW"), ("光伏电池片", "GW"), ("分布式光伏电站", None)]),
    ("锂电池", "新能源", "锂电科技", [("锂离子电池", "GWh"), ("正极材料", "吨"), ("电池隔膜", "亿平方米")]),
    ("氢能", "新能源", "氢能科技", [("氢燃料电池系统", "套"), ("电解水制氢装备", "台（套）")]),
    ("储能", "新能源", "储能科技", [("储能电池", "GWh"), ("储能系统集成", "GWh")]),
    ("新一代信息技术", None, "信息技术", [("5G通信设备", "万台"), ("光纤光缆", "万芯公里")]),
    ("集成电路", "新一代信息技术", "半导体", [("集成电路封装测试", "亿颗"), ("功率半导体器件", "万片"), ("半导体材料", "吨")]),
    ("电子信息", "新一代信息技术", "电子", [("电子元器件", "亿只"), ("印制电路板", "万平方米"), ("光电显示模组", "万片")]),
    ("人工智能", "新一代信息技术", "智能", [("人工智能产业园", None), ("智能终端", "万台"), ("算力中心", None)]),
    ("软件和信息服务", "新一代信息技术", "软件", [("软件研发中心", None), ("数据中心", None)]),
    ("汽车", None, "汽车", [("专用车", "辆"), ("汽车改装", None)]),
    ("新能源汽车", "汽车", "新能源汽车", [("新能源汽车", "万辆"), ("电驱动系统", "万套")]),
    ("汽车零部件", "汽车", "汽车部件", [("汽车零部件", "万件"), ("汽车轮毂", "万只"), ("汽车线束", "万套")]),
    ("化工", None, "化工", [("化工中间体", "吨")]),
    ("精细化工", "化工", "精细化工", [("精细化学品", "吨"), ("水性涂料", "吨"), ("催化剂", "吨")]),
    ("石油化工", "化工", "石化", [("高端聚烯烃", "万吨"), ("丙烯", "万吨")]),
    ("食品", None, "食品", [("饮料", "万吨")]),
    ("食品加工", "食品", "食品科技", [("食品精深加工", "吨"), ("休闲食品", "吨"), ("乳制品", "吨")]),
    ("预制菜", "食品", "食品", [("预制菜", "吨"), ("中央厨房", None)]),
    ("纺织服装", None, "纺织", [("功能性面料", "万米"), ("高档服装", "万件")]),
    ("节能环保", None, "环保科技", [("固废综合利用", "吨"), ("环保装备", "台（套）"), ("污水处理", None)]),
    ("现代物流", None, "物流", [("智慧物流园", None), ("仓储物流中心", None)]),
    ("冷链物流", "现代物流", "冷链物流", [("冷链物流园", None), ("冷库", None)]),
    ("数字经济", None, "数字科技", [("数字经济产业园", None), ("工业互联网平台", None)]),
    ("现代服务业", None, "服务", [("总部经济", None), ("科技企业孵化器", None)]),
    ("跨境电商", "现代服务业", "电子商务", [("跨境电商产业园", None), ("跨境电商海外仓", None)]),
    ("文化旅游", "现代服务业", "文化旅游", [("文旅综合体", None), ("特色小镇", None)]),
    ("现代农业", None, "农业科技", [("现代农业产业园", None), ("智慧农业示范基地", None)]),
]
# "四新" (new technology, industry, business model, format) projects.
FOUR_NEW_INDUSTRIES = {
    "新一代信息技术", "集成电路", "人工智能", "软件和信息服务", "数字经济", "新能源", "光伏", "锂电池",
    "氢能", "储能", "新能源汽车", "生物医药", "创新药物", "跨境电商", "碳纤维复合材料",
}

BRAND_HEADS = "恒华鑫瑞宏金天海中新远正泰盛隆达富安荣嘉博润丰永兴昌利晟德通凯"
BRAND_TAILS = "瑞达源泰丰信创远通盛华宇隆科润康辰祥和利力航峰诚"
FOREIGN_BRANDS = [
    "艾森特", "博朗斯", "维斯卡", "诺瓦特", "卡尔森", "莱茵哈特", "施密德", "奥拓", "杜兰", "特雷斯",
    "麦克斯韦", "韦伯", "贝克曼", "菲尼克", "阿尔斯通", "松川", "丰和", "大和田", "三星光", "现泰",
    "金泰", "伊顿斯", "霍尼特", "拜尔森", "赛诺",
]
# (country, places an outbound visit goes to)
FOREIGN_COUNTRIES = [
    ("德国", "德国法兰克福"), ("日本", "日本大阪"), ("韩国", "韩国首尔"), ("美国", "美国芝加哥"),
    ("新加坡", "新加坡"), ("法国", "法国巴黎"), ("瑞士", "瑞士苏黎世"), ("荷兰", "荷兰鹿特丹"),
    ("中国香港", "中国香港"), ("中国台湾", "中国台湾台北"),
]
COMPANY_SUFFIXES = ["有限公司", "有限公司", "股份有限公司", "集团有限公司", "科技有限公司"]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_NAMES = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲芬燕彬鹏辉建国志峰宇浩凯晨婷雪琳"
    "海波斌东亮成龙林文俊"
)
LEADER_TITLES = [
    "党工委书记",
    "党工委副书记、管委会主任",
    "党工委委员、管委会副主任",
    "党工委委员、管委会副主任",
    "党工委委员、纪检监察工委书记",
    "投资促进局局长",
    "投资促进局副局长",
    "经济发展局局长",
]
PROMOTION_STAFF_TITLE = "投资促进局招商专员"

WITHDRAWN_REASONS = [
    "投资方战略调整，项目终止",
    "资金链紧张，投资方暂缓投资",
    "用地规划条件不具备，项目终止",
    "环评未获批复，项目终止",
    "投资方转投其他地区",
    "市场环境变化，投资方放弃投资",
    "双方在投资强度上未达成一致",
]
REJECTION_REASONS = [
    "未见正式签约合同，请补充后再报",
    "签约主体与登记信息不一致",
    "开工手续不全，请补充施工许可证",
    "日期与实际不符，请核实",
]
REPORT_PROBLEMS = [
    "用地指标待落实，需协调自然资源部门",
    "环评审批进行中，需加快办理",
    "电力增容需协调供电公司",
    "施工许可证办理进度偏慢",
    "配套道路尚未贯通",
    "设备进口通关时间较长",
    "项目融资需银行支持",
    "天然气管网接入需协调",
    "技术工人招聘困难",
    "土地征收补偿尚未完成",
    "规划方案调整待审批",
    "污水管网配套尚未完成",
]
ACTIVITY_OUTCOMES = [
    "达成初步合作意向",
    "签订投资框架协议",
    "对接项目线索3条",
    "对接项目线索5条",
    "邀请企业来区实地考察",
    "就项目选址深入交流",
    "",
]

SIGNING_GAP = {  # days from the previous move to a move into this stage
    Stage.NEGOTIATING: (10, 150),
    Stage.SIGNED: (20, 300),
    Stage.STARTED: (15, 270),
    Stage.PRODUCTION: (120, 720),
    Stage.WITHDRAWN: (30, 500),
}
PIPELINE = [Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCTION]
FINAL_STAGE_WEIGHTS = [
    (Stage.LEAD, 18),
    (Stage.NEGOTIATING, 17),
    (Stage.SIGNED, 20),
    (Stage.STARTED, 22),
    (Stage.PRODUCTION, 17),
    (Stage.WITHDRAWN, 6),
]
# How long ago the last move of a project in each stage happened, at most.
LAST_MOVE_MAX_AGE = {
    Stage.LEAD: 600,
    Stage.NEGOTIATING: 600,
    Stage.SIGNED: 3 * 365,
    Stage.STARTED: 4 * 365,
    Stage.PRODUCTION: 5 * 365,
    Stage.WITHDRAWN: 4 * 365,
}
PENDING_SHARE = 0.03  # of all projects: the last move waits for a manager (甄别)
REJECTED_SIGNING_SHARE = 0.02  # of signed projects: an earlier signing was sent back

# Completed investment, as a share of the planned total, over the reported
# months of a project at each stage; production may run over plan.
COMPLETION_SHARE = {
    Stage.SIGNED: (0.02, 0.25),
    Stage.STARTED: (0.15, 0.85),
    Stage.PRODUCTION: (0.85, 1.18),
    Stage.WITHDRAWN: (0.0, 0.15),
}

TARGET_METRICS = [
    MetricCode.SIGNED_PROJECTS,
    MetricCode.FUNDS_IN_PLACE,
    MetricCode.PLANNED_TOTAL_INVESTMENT,
    MetricCode.INVESTMENT_COMPLETED,
    MetricCode.PROJECTS_OVER_100M,
    MetricCode.PROJECTS_OVER_1B,
    MetricCode.FORTUNE500_PROJECTS,
    MetricCode.FOUR_NEW_PROJECTS,
    MetricCode.PROMOTION_ACTIVITIES,
    MetricCode.INVESTOR_VISITS,
    MetricCode.COMMENCEMENT_RATE,
    MetricCode.KEY_PROJECTS,
    MetricCode.MAJOR_PROJECTS,
]
WAN_100M = 10_000 * 100  # 1亿元 = 10,000 万元, in cents of 万元
WAN_1B = 100_000 * 100


class DemoDataError(Exception):
    """The generator cannot do what was asked; the message says why."""


@dataclass
class Summary:
    counts: dict = field(default_factory=dict)
    timings: list = field(default_factory=list)  # (phase, seconds)
    notes: list = field(default_factory=list)


# ---------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------


def demo_source():
    source, _ = SourceArticle.objects.get_or_create(
        key=DEMO_SOURCE_KEY,
        defaults={
            "title": "生成的演示数据（manage.py generate_demo_data）",
            "publisher": "devzone",
            "rights_note": "Synthetic data for demonstrations and benchmarks; not a real record.",
        },
    )
    return source


def generated_counts():
    """How many generated zones, projects and progress reports the database holds."""
    source = SourceArticle.objects.filter(key=DEMO_SOURCE_KEY).first()
    if source is None:
        return {"zones": 0, "projects": 0, "progress_reports": 0}
    return {
        "zones": Zone.objects.filter(source=source).count(),
        "projects": InvestmentProject.objects.filter(source=source).count(),
        "progress_reports": ProgressReport.objects.filter(project__source=source).count(),
    }


@transaction.atomic
def demo_data_delete():
    """Delete the generated records and what hangs off them (reports, stage
    changes, links, memberships of generated zones, derived totals).

    Raw deletes, because Django's collector would load every row and send a
    signal for it (simple_history would then write a million history rows).
    A record someone entered that still points at a generated one through a
    protecting foreign key (a project recorded in a generated zone, say) is
    not deleted: the constraint check fails, everything is rolled back and
    DemoDataError says which table.
    """
    source = SourceArticle.objects.filter(key=DEMO_SOURCE_KEY).first()
    counts = defaultdict(int)
    if source is None:
        return dict(counts)
    for model in GENERATED_MODELS:
        _delete_cascading(model._base_manager.filter(source=source), counts)
    try:
        connection.check_constraints()
    except IntegrityError as error:
        raise DemoDataError(
            "Records that were not generated still refer to generated ones, so the generated data "
            f"cannot be deleted without them; nothing was deleted. ({error})"
        ) from error
    return {label: n for label, n in counts.items() if n}


def demo_data_generate(*, zones, projects, reports, seed, today=DEFAULT_TODAY, log=None):
    """Generate the data set in one transaction and return a Summary."""
    if zones < 1 or projects < 0 or reports < 0:
        raise DemoDataError("Give at least one zone, and no negative counts.")
    generator = _Generator(seed=seed, today=today, log=log or (lambda message: None))
    with transaction.atomic(), _given_timestamps():
        generator.run(zones=zones, projects=projects, reports=reports)
    return generator.summary


@transaction.atomic
def bench_users_ensure():
    """The benchmark accounts: ``bench_admin`` (superuser) and
    ``bench_manager`` (manager, member of every generated zone). Returns
    (username, password) pairs; the password is None for an account that
    already existed, whose password is left alone."""
    User = get_user_model()
    source = demo_source()
    created = []
    for username, superuser in ((BENCH_ADMIN, True), (BENCH_MANAGER, False)):
        user, is_new = User.objects.get_or_create(
            username=username, defaults={"is_superuser": superuser, "is_staff": superuser}
        )
        password = None
        if is_new:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
        created.append((username, password))
        if not superuser:
            user.groups.add(Group.objects.get_or_create(name=roles.MANAGER)[0])
            zone_ids = Zone.objects.filter(source=source).values_list("pk", flat=True)
            Membership.objects.bulk_create(
                [Membership(user=user, zone_id=zone_id) for zone_id in zone_ids],
                batch_size=BATCH_SIZE,
                ignore_conflicts=True,
            )
    return created


# ---------------------------------------------------------------------------
# Deleting
# ---------------------------------------------------------------------------


def _delete_cascading(queryset, counts):
    """Delete ``queryset`` without loading it: first the rows that cascade
    from it, the many-to-many links and its history, then the rows."""
    model = queryset.model
    pks = queryset.values("pk")
    for rel in model._meta.related_objects:
        if rel.many_to_many:
            through = rel.through
            if through._meta.auto_created:
                column = rel.field.m2m_reverse_field_name()
                counts[through._meta.label] += _raw_delete(through._base_manager.filter(**{f"{column}__in": pks}))
            continue
        related = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": pks})
        if rel.on_delete is models.CASCADE:
            _delete_cascading(related, counts)
        elif rel.on_delete is models.SET_NULL:
            related.update(**{rel.field.name: None})
        # PROTECT and the rest: left for the constraint check to report.
    for m2m in model._meta.local_many_to_many:
        through = m2m.remote_field.through
        if through._meta.auto_created:
            column = m2m.m2m_field_name()
            counts[through._meta.label] += _raw_delete(through._base_manager.filter(**{f"{column}__in": pks}))
    history = getattr(model, "history", None)
    if history is not None:
        # History rows have no foreign key to their record: drop them with it.
        counts[history.model._meta.label] += _raw_delete(history.model._base_manager.filter(id__in=pks))
    counts[model._meta.label] += _raw_delete(queryset)


def _raw_delete(queryset):
    # One DELETE ... WHERE ... IN (subquery), no signals: see demo_data_delete.
    return queryset._raw_delete(queryset.db)


# ---------------------------------------------------------------------------
# Generating
# ---------------------------------------------------------------------------


@contextmanager
def _given_timestamps():
    """Let bulk_create keep the created/updated/recorded stamps the generator
    sets, instead of the clock's (``auto_now`` would make every run differ)."""
    stamped = [
        model_field
        for model in (InvestmentProject, ProjectStageChange, ProgressReport)
        for model_field in model._meta.concrete_fields
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
    ]
    saved = [(stamp, stamp.auto_now, stamp.auto_now_add) for stamp in stamped]
    for stamp in stamped:
        stamp.auto_now = stamp.auto_now_add = False
    try:
        yield
    finally:
        for stamp, auto_now, auto_now_add in saved:
            stamp.auto_now, stamp.auto_now_add = auto_now, auto_now_add


def _month_index(day):
    return day.year * 12 + day.month - 1


def _month_bounds(index):
    year, month0 = divmod(index, 12)
    start = datetime.date(year, month0 + 1, 1)
    year2, month2 = divmod(index + 1, 12)
    return start, datetime.date(year2, month2 + 1, 1) - datetime.timedelta(days=1)


def _wan(cents):
    """An amount in 万元 from whole hundredths, with exactly two decimals."""
    return Decimal(cents).scaleb(-2)


def _round_wan(value):
    """Round a planned figure as people write them: to 10, 100 or 1,000 万元."""
    if value < 1_000:
        step = 10
    elif value < 100_000:
        step = 100
    else:
        step = 1_000
    return max(step, int(round(value / step)) * step)


class _ProjectSpec:
    """What pass one decides about a project before anything is written."""

    __slots__ = (
        "zone", "name", "investor", "industry", "moves", "stage", "confirmed_stage", "withdrawn_reason",
        "planned", "flags", "dates", "first_month", "last_month", "months", "budget", "lead", "assisting",
        "extra", "created",
    )


class _Generator:
    def __init__(self, *, seed, today, log):
        self.rng = random.Random(seed)
        self.today = today
        self.log = log
        self.summary = Summary()
        # Nothing is stamped after the end of the working day "today".
        self.latest = datetime.datetime(today.year, today.month, today.day, 19, 0, tzinfo=CST)
        self._clock = time.perf_counter()

    def phase(self, label):
        now = time.perf_counter()
        self.summary.timings.append((label, round(now - self._clock, 2)))
        self.log(f"  {label}: {now - self._clock:.1f} s")
        self._clock = now

    def count(self, label, n):
        self.summary.counts[label] = self.summary.counts.get(label, 0) + n

    def stamp(self, day):
        """A working-hours moment on ``day`` (never after today)."""
        day = min(day, self.today)
        minutes = self.rng.randrange(8 * 60, 19 * 60)
        return datetime.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=CST)

    def days_between(self, low, high):
        return datetime.timedelta(days=self.rng.randint(low, high))

    # -- the whole run -----------------------------------------------------

    def run(self, *, zones, projects, reports):
        self.source = demo_source()
        self.metrics = {m.code: m for m in Metric.objects.filter(code__in=TARGET_METRICS)}
        missing = [code for code in TARGET_METRICS if code not in self.metrics]
        if missing:
            raise DemoDataError(f"The metric catalogue lacks {', '.join(missing)}: run the migrations first.")
        self.make_industries()
        self.make_zones(zones)
        self.make_officials()
        self.make_enterprises(max(10, round(projects * 0.45)))
        specs = self.plan_projects(projects)
        self.allocate_reports(specs, reports)
        self.write_projects(specs)
        self.make_activities()
        self.make_targets_and_figures()

    # -- reference data ----------------------------------------------------

    def make_industries(self):
        """Reuse industries of the same name (seed data has some); create
        the others. Industries are shared reference data: --replace keeps them."""
        names = [row[0] for row in INDUSTRIES]
        existing = {industry.name: industry for industry in Industry.objects.filter(name__in=names)}
        self.industries = []
        for name, parent, word, products in INDUSTRIES:
            industry = existing.get(name)
            if industry is None:
                parent_industry = existing.get(parent) if parent else None
                industry = Industry.objects.create(
                    name=name, parent=parent_industry, description="演示数据生成的产业（generate_demo_data）。"
                )
                existing[name] = industry
            self.industries.append((industry, word, products))
        self.phase(f"{len(self.industries)} industries")

    def make_zones(self, count):
        rng = self.rng
        taken_names = set(Zone.objects.values_list("name", flat=True))
        taken_codes = set(Zone.objects.exclude(code=None).values_list("code", flat=True))
        national, provincial = [], []
        for province, short, cities in PROVINCES:
            for city in cities:
                place = (province, short, city)
                national.append((place, "etdz", "", f"{city}经济技术开发区", f"{city}经开区"))
                national.append((place, "high_tech", "", f"{city}高新技术产业开发区", f"{city}高新区"))
                for quarter in ZONE_QUARTERS:
                    prefix = "" if city in MUNICIPALITIES else short
                    provincial.append(
                        (place, "economic", quarter, f"{prefix}{city}{quarter}经济开发区", f"{city}{quarter}经开区")
                    )
                    provincial.append(
                        (place, "industrial", quarter, f"{prefix}{city}{quarter}工业园区", f"{city}{quarter}工业园")
                    )
        rng.shuffle(national)
        rng.shuffle(provincial)
        national = [c for c in national if c[3] not in taken_names]
        provincial = [c for c in provincial if c[3] not in taken_names]
        if count > len(national) + len(provincial):
            raise DemoDataError(
                f"At most {len(national) + len(provincial)} zone names are available; ask for fewer zones."
            )
        wanted_national = min(len(national), round(count * 0.3))
        chosen = national[:wanted_national] + provincial[: count - wanted_national]
        if len(chosen) < count:
            chosen += national[wanted_national : wanted_national + count - len(chosen)]
        rng.shuffle(chosen)

        industry_names = [industry.name for industry, _, _ in self.industries if industry.parent_id is None]
        zones, links, self.zone_weights, self.zone_meta = [], [], [], []
        short_names = set()
        for (province, short, city), kind, quarter, name, short_name in chosen:
            is_national = kind in ("etdz", "high_tech")
            letter = "G" if is_national else "S"
            while True:
                code = f"{letter}9{rng.randrange(100_000):05d}"
                if code not in taken_codes:
                    taken_codes.add(code)
                    break
            if short_name in short_names:
                short_name = name[:50]
            short_names.add(short_name)
            first_year = {"etdz": 1984, "high_tech": 1988}.get(kind, 1992)
            approved_on = datetime.date(rng.randint(first_year, 2020), rng.randint(1, 12), 1)
            area = rng.uniform(500, 3000) if is_national else rng.uniform(150, 1500)
            leading = rng.sample(range(len(self.industries)), rng.randint(2, 4))
            zones.append(
                Zone(
                    name=name,
                    short_name=short_name,
                    code=code,
                    approving_authority=(
                        ApprovingAuthority.STATE_COUNCIL if is_national else ApprovingAuthority.PROVINCE
                    ),
                    zone_type={"etdz": ZoneType.ETDZ, "high_tech": ZoneType.HIGH_TECH, "economic": ZoneType.ECONOMIC,
                               "industrial": ZoneType.INDUSTRIAL}[kind],
                    approved_on=approved_on,
                    approved_area_ha=Decimal(round(area * 100)).scaleb(-2),
                    catalogue_industries="、".join(rng.sample(industry_names, 3)),
                    province=province,
                    city=f"{city}市" if city not in MUNICIPALITIES else province,
                    source=self.source,
                )
            )
            links.append(leading)
            # Big zones record more projects: national ones about twice as many.
            self.zone_weights.append(rng.lognormvariate(0, 0.5) * (1.8 if is_national else 1.0))
            self.zone_meta.append({"city": city, "short": short_name})
        Zone.objects.bulk_create(zones, batch_size=BATCH_SIZE)
        through = Zone.leading_industries.through
        through.objects.bulk_create(
            [
                through(zone_id=zone.pk, industry_id=self.industries[i][0].pk)
                for zone, picks in zip(zones, links)
                for i in picks
            ],
            batch_size=BATCH_SIZE,
        )
        self.zones = zones
        self.count("zones", len(zones))
        self.phase(f"{len(zones)} zones")

    def person_name(self, taken):
        rng = self.rng
        while True:
            given = rng.choice(GIVEN_NAMES) + (rng.choice(GIVEN_NAMES) if rng.random() < 0.7 else "")
            name = rng.choice(SURNAMES) + given
            if name not in taken:
                taken.add(name)
                return name

    def make_officials(self):
        rng = self.rng
        officials = []
        self.zone_officials = []  # per zone: (leaders, promotion staff) as indexes into `officials`
        for zone in self.zones:
            taken = set()
            leaders, staff = [], []
            for title in LEADER_TITLES:
                leaders.append(len(officials))
                officials.append(Official(zone=zone, name=self.person_name(taken), titles=title, source=self.source))
            for _ in range(rng.randint(4, 10)):
                staff.append(len(officials))
                officials.append(
                    Official(zone=zone, name=self.person_name(taken), titles=PROMOTION_STAFF_TITLE, source=self.source)
                )
            self.zone_officials.append((leaders, staff))
        Official.objects.bulk_create(officials, batch_size=BATCH_SIZE)
        self.officials = officials
        self.count("officials", len(officials))
        self.phase(f"{len(officials)} officials")

    def make_enterprises(self, count):
        rng = self.rng
        taken = set(Enterprise.objects.values_list("name", flat=True))
        places = [(province, short) for province, short, _ in PROVINCES]
        cities = [city for _, _, cities in PROVINCES for city in cities]
        enterprises, self.enterprise_industry = [], []
        while len(enterprises) < count:
            industry_index = rng.randrange(len(self.industries))
            _, word, _ = self.industries[industry_index]
            brand = rng.choice(BRAND_HEADS) + rng.choice(BRAND_TAILS)
            kind = rng.random()
            home_country, home_region = "中国", ""
            foreign = state_owned = f500 = china500 = False
            if kind < 0.12:
                foreign = True
                home_country, _ = rng.choice(FOREIGN_COUNTRIES)
                brand = rng.choice(FOREIGN_BRANDS)
                city = rng.choice(cities)
                name = rng.choice([
                    f"{brand}（中国）投资有限公司",
                    f"{brand}{word}（{city}）有限公司",
                    f"{brand}{word}（中国）有限公司",
                ])
                f500 = rng.random() < 0.3
            elif kind < 0.22:
                state_owned = True
                province, short = rng.choice(places)
                name = rng.choice([
                    f"中国{brand}{word}集团有限公司",
                    f"{province}{brand}{word}集团有限公司",
                    f"{short}{brand}投资控股集团有限公司",
                ])
                f500 = name.startswith("中国") and rng.random() < 0.4
                china500 = f500 or rng.random() < 0.25
                home_region = province
            else:
                province, short = rng.choice(places)
                city = rng.choice(cities)
                place = rng.choice([short, city, city, ""])
                suffix = rng.choice(COMPANY_SUFFIXES)
                if suffix == "科技有限公司" and word.endswith("科技"):
                    suffix = "有限公司"
                name = f"{place}{brand}{word}{suffix}"
                china500 = rng.random() < 0.03
                home_region = province
            if name in taken or len(name) > 200:
                continue
            taken.add(name)
            local = rng.random() < 0.08
            zone = self.zones[rng.randrange(len(self.zones))] if local else None
            enterprises.append(
                Enterprise(
                    name=name,
                    short_name=f"{brand}{word}"[:50] if rng.random() < 0.6 else "",
                    zone=zone,
                    industry=self.industries[industry_index][0],
                    is_leading=local and rng.random() < 0.3,
                    is_fortune_global_500=f500,
                    is_china_500=china500,
                    is_state_owned=state_owned,
                    is_foreign=foreign,
                    home_region=home_region,
                    home_country=home_country,
                    source=self.source,
                )
            )
            self.enterprise_industry.append(industry_index)
        Enterprise.objects.bulk_create(enterprises, batch_size=BATCH_SIZE)
        self.enterprises = enterprises
        self.count("enterprises", len(enterprises))
        self.phase(f"{len(enterprises)} enterprises")

    # -- projects, pass one: decide everything -----------------------------

    def plan_projects(self, count):
        rng = self.rng
        today = self.today
        cum_weights, total = [], 0.0
        for weight in self.zone_weights:
            total += weight
            cum_weights.append(total)
        zone_range = range(len(self.zones))
        stages = [stage for stage, _ in FINAL_STAGE_WEIGHTS]
        stage_weights = [weight for _, weight in FINAL_STAGE_WEIGHTS]
        signed_share = sum(w for s, w in FINAL_STAGE_WEIGHTS if s in (Stage.SIGNED, Stage.STARTED, Stage.PRODUCTION))
        pending_probability = PENDING_SHARE * sum(stage_weights) / signed_share
        names_by_zone = defaultdict(set)
        last_report_month = _month_index(today.replace(day=1) - datetime.timedelta(days=1))
        specs = []
        for _ in range(count):
            spec = _ProjectSpec()
            spec.zone = rng.choices(zone_range, cum_weights=cum_weights)[0]
            final = rng.choices(stages, weights=stage_weights)[0]
            pending = final in (Stage.SIGNED, Stage.STARTED, Stage.PRODUCTION) and rng.random() < pending_probability

            # The path through the pipeline, then the dates, walking back
            # from the last move.
            if final == Stage.WITHDRAWN:
                reached = rng.choices(PIPELINE[:4], weights=[35, 40, 20, 5])[0]
                path = PIPELINE[: PIPELINE.index(reached) + 1] + [Stage.WITHDRAWN]
            else:
                path = PIPELINE[: PIPELINE.index(final) + 1]
            if len(path) > 1 and path[1] == Stage.NEGOTIATING and rng.random() < 0.25:
                path = path[1:]  # introduced straight into negotiations
            last_age = rng.randint(0, 45) if pending else rng.randint(0, LAST_MOVE_MAX_AGE[final])
            dates = [today - datetime.timedelta(days=last_age)]
            for stage in reversed(path[1:]):
                dates.append(dates[-1] - self.days_between(*SIGNING_GAP[stage]))
            dates.reverse()
            moves = []
            for i, (stage, day) in enumerate(zip(path, dates)):
                status = StageChangeStatus.PENDING if pending and i == len(path) - 1 else StageChangeStatus.CONFIRMED
                moves.append([stage, day, status, ""])
            spec.stage = path[-1]
            spec.confirmed_stage = path[-2] if pending else path[-1]
            spec.withdrawn_reason = rng.choice(WITHDRAWN_REASONS) if final == Stage.WITHDRAWN else ""
            if final == Stage.WITHDRAWN:
                moves[-1][3] = spec.withdrawn_reason
            counted = {stage: day for stage, day, status, _ in moves if status == StageChangeStatus.CONFIRMED}
            signing = next((day for stage, day, _, _ in moves if stage == Stage.SIGNED), None)
            if signing and not pending and rng.random() < REJECTED_SIGNING_SHARE:
                # An earlier signing a manager sent back, settled before the
                # real one was recorded (a pending move blocks the next).
                at = path.index(Stage.SIGNED)
                before = dates[at - 1]
                if (signing - before).days > 12:
                    rejected_on = before + datetime.timedelta(days=rng.randint(1, (signing - before).days - 11))
                    rejected = [Stage.SIGNED, rejected_on, StageChangeStatus.REJECTED, rng.choice(REJECTION_REASONS)]
                    moves.insert(at, rejected)
            spec.moves = moves
            spec.dates = {
                "signed_on": counted.get(Stage.SIGNED),
                "started_on": counted.get(Stage.STARTED),
                "production_on": counted.get(Stage.PRODUCTION),
                "planned_start_on": signing + self.days_between(15, 180) if signing else None,
            }

            # Investor, industry, name.
            no_investor = 0.25 if spec.stage in (Stage.LEAD, Stage.NEGOTIATING) else 0.06
            spec.investor = None if rng.random() < no_investor else int(len(self.enterprises) * rng.random() ** 1.6)
            if spec.investor is not None and rng.random() < 0.8:
                spec.industry = self.enterprise_industry[spec.investor]
            else:
                spec.industry = rng.randrange(len(self.industries))
            spec.name = self.project_name(spec, names_by_zone[spec.zone])

            # Money and flags.
            investor = self.enterprises[spec.investor] if spec.investor is not None else None
            big = investor is not None and (investor.is_state_owned or investor.is_fortune_global_500)
            unknown = {Stage.LEAD: 0.35, Stage.NEGOTIATING: 0.15}.get(spec.stage, 0.02)
            if rng.random() < unknown:
                spec.planned = None
            else:
                value = rng.lognormvariate(math.log(20_000), 1.3) * (3 if big else 1)
                spec.planned = _round_wan(min(value, 5_000_000)) * 100
            planned = spec.planned or 0
            industry_name = self.industries[spec.industry][0].name
            spec.flags = {
                "is_major": planned >= WAN_1B and rng.random() < 0.85 or planned >= WAN_1B // 2 and rng.random() < 0.2,
                "is_key": rng.random() < (0.4 if planned >= 30_000 * 100 else 0.05),
                "is_fortune500": bool(investor and investor.is_fortune_global_500),
                "is_four_new": rng.random() < (0.6 if industry_name in FOUR_NEW_INDUSTRIES else 0.1),
                "is_foreign_funded": bool(investor and investor.is_foreign),
            }
            reached_signing = spec.dates["signed_on"] is not None or signing is not None
            extra = {}
            if reached_signing and planned:
                wan = planned / 100
                if rng.random() < 0.7:
                    extra["land_mu"] = Decimal(round(wan / rng.uniform(100, 400) * 100)).scaleb(-2)
                if rng.random() < 0.7:
                    extra["jobs"] = max(5, int(wan / rng.uniform(50, 300)))
                if spec.stage in (Stage.STARTED, Stage.PRODUCTION) and rng.random() < 0.6:
                    output = int(wan * rng.uniform(0.8, 3) * 100)
                    extra["annual_output"] = _wan(output)
                    extra["annual_tax"] = _wan(int(output * rng.uniform(0.03, 0.08)))
            if rng.random() < 0.2:
                extra["description"] = "主要建设生产车间、研发中心及配套设施。"
            spec.extra = extra

            leaders, staff = self.zone_officials[spec.zone]
            spec.lead = rng.choice(staff + leaders[1:4]) if rng.random() < 0.8 else None
            spec.assisting = []
            if rng.random() < 0.25:
                spec.assisting = [o for o in rng.sample(staff, min(len(staff), rng.randint(1, 2))) if o != spec.lead]

            # The months this project could report on: from its signing
            # (recorded, even if not yet confirmed) to last month, a year
            # past production at most, or its withdrawal.
            spec.first_month = spec.last_month = None
            spec.months = 0
            if signing:
                last = last_report_month
                if spec.dates["production_on"]:
                    last = min(last, _month_index(spec.dates["production_on"]) + 12)
                if spec.stage == Stage.WITHDRAWN:
                    last = min(last, _month_index(moves[-1][1]))
                first = _month_index(signing)
                if last >= first:
                    spec.first_month, spec.last_month, spec.months = first, last, last - first + 1
            spec.created = moves[0][1]
            specs.append(spec)
        self.phase(f"{count} projects planned")
        return specs

    def project_name(self, spec, taken):
        rng = self.rng
        _, _, products = self.industries[spec.industry]
        investor = self.enterprises[spec.investor] if spec.investor is not None else None
        for _ in range(10):
            product, unit = rng.choice(products)
            if unit:
                if unit.startswith(("万", "亿", "G")):
                    amount = rng.choice([1, 2, 3, 5, 8, 10, 12, 15, 20, 30, 50])
                else:
                    amount = rng.choice([50, 100, 200, 300, 500, 800, 1000, 2000, 3000, 5000])
                base = f"年产{amount}{unit}{product}"
            else:
                base = product
            # Named after the investor only when it is in the investor's line.
            if (investor is not None and investor.short_name and rng.random() < 0.5
                    and self.enterprise_industry[spec.investor] == spec.industry):
                base = investor.short_name + base
            for suffix in ("项目", "二期项目", "扩建项目", "技改项目", "三期项目"):
                name = base + suffix
                if name not in taken:
                    taken.add(name)
                    return name
        serial = 2
        while f"{base}（{serial}）项目" in taken:
            serial += 1
        name = f"{base}（{serial}）项目"
        taken.add(name)
        return name

    def allocate_reports(self, specs, wanted):
        """Share the wanted reports among projects in proportion to the
        months each could report on (largest remainder, ties by order);
        each project reports its most recent months."""
        available = sum(spec.months for spec in specs)
        if wanted > available:
            self.summary.notes.append(
                f"Only {available} project-months can carry a monthly report; made {available} reports, not {wanted}."
            )
            wanted = available
        remainders = []
        given = 0
        for index, spec in enumerate(specs):
            if not available:
                spec.budget = 0
                continue
            share, remainder = divmod(spec.months * wanted, available)
            spec.budget = share
            given += share
            if spec.months:
                remainders.append((-remainder, index))
        remainders.sort()
        for _, index in remainders[: wanted - given]:
            specs[index].budget += 1

    # -- projects, pass two: write -----------------------------------------

    def write_projects(self, specs):
        rng = self.rng
        self.zone_year = defaultdict(lambda: defaultdict(int))  # (zone, year) -> metric -> value
        self.signed_by_zone_month = defaultdict(list)  # (zone, month index) -> project pks
        self.leads_by_zone_month = defaultdict(list)
        assisting_through = InvestmentProject.assisting_staff.through
        for start in range(0, len(specs), BATCH_SIZE):
            chunk = specs[start : start + BATCH_SIZE]
            projects, report_rows, change_rows = [], [], []
            for spec in chunk:
                changes = self.stage_change_rows(spec)
                reports = self.report_rows(spec)
                last_change = max(row["recorded_at"] for row in changes)
                last_report = reports[-1]["created_at"] if reports else last_change
                created = changes[0]["recorded_at"]
                updated = max(last_change, last_report) + datetime.timedelta(minutes=rng.randint(0, 30))
                projects.append(
                    InvestmentProject(
                        zone=self.zones[spec.zone],
                        name=spec.name,
                        investor=self.enterprises[spec.investor] if spec.investor is not None else None,
                        industry=self.industries[spec.industry][0],
                        stage=spec.stage,
                        confirmed_stage=spec.confirmed_stage,
                        withdrawn_reason=spec.withdrawn_reason,
                        planned_investment=_wan(spec.planned) if spec.planned is not None else None,
                        lead_official=self.officials[spec.lead] if spec.lead is not None else None,
                        version=1 + len(changes) + len(reports),
                        created_at=created,
                        updated_at=updated,
                        source=self.source,
                        **spec.flags,
                        **spec.dates,
                        **spec.extra,
                    )
                )
                change_rows.append(changes)
                report_rows.append(reports)
                self.tally(spec, reports)
            InvestmentProject.objects.bulk_create(projects, batch_size=BATCH_SIZE)
            links = [
                assisting_through(investmentproject_id=project.pk, official_id=self.officials[o].pk)
                for project, spec in zip(projects, chunk)
                for o in spec.assisting
            ]
            assisting_through.objects.bulk_create(links, batch_size=BATCH_SIZE)
            ProjectStageChange.objects.bulk_create(
                [
                    ProjectStageChange(project_id=project.pk, source=self.source, **row)
                    for project, rows in zip(projects, change_rows)
                    for row in rows
                ],
                batch_size=BATCH_SIZE,
            )
            batch = []
            for project, rows in zip(projects, report_rows):
                for row in rows:
                    batch.append(ProgressReport(project_id=project.pk, **row))
                if len(batch) >= BATCH_SIZE:
                    ProgressReport.objects.bulk_create(batch, batch_size=BATCH_SIZE)
                    self.count("progress reports", len(batch))
                    batch = []
            if batch:
                ProgressReport.objects.bulk_create(batch, batch_size=BATCH_SIZE)
                self.count("progress reports", len(batch))
            for project, spec in zip(projects, chunk):
                signed_on = spec.dates["signed_on"]
                if signed_on:
                    self.signed_by_zone_month[(spec.zone, _month_index(signed_on))].append(project.pk)
                if spec.stage in (Stage.LEAD, Stage.NEGOTIATING):
                    self.leads_by_zone_month[(spec.zone, _month_index(spec.created))].append(project.pk)
            self.count("projects", len(projects))
            self.count("stage changes", sum(len(rows) for rows in change_rows))
            self.count("assisting staff links", len(links))
            self.log(f"    {start + len(chunk)} projects written")
        self.phase(
            f"{self.summary.counts.get('projects', 0)} projects, {self.summary.counts.get('stage changes', 0)} stage "
            f"changes, {self.summary.counts.get('progress reports', 0)} progress reports"
        )

    def stage_change_rows(self, spec):
        rng = self.rng
        rows = []
        for stage, day, status, reason in spec.moves:
            recorded = self.stamp(day + datetime.timedelta(days=rng.randint(0, 3)))
            confirmed_at = None
            rejection = ""
            if status == StageChangeStatus.CONFIRMED:
                confirmed_at = recorded
                if stage in (Stage.SIGNED, Stage.STARTED, Stage.PRODUCTION):
                    delay = datetime.timedelta(days=rng.randint(0, 7), minutes=rng.randint(5, 600))
                    confirmed_at = min(recorded + delay, self.latest)
            elif status == StageChangeStatus.REJECTED:
                delay = datetime.timedelta(days=rng.randint(0, 5), minutes=rng.randint(5, 600))
                confirmed_at = min(recorded + delay, self.latest)
                rejection, reason = reason, ""
            rows.append(
                {
                    "stage": stage,
                    "changed_on": day,
                    "reason": reason,
                    "status": status,
                    "recorded_at": recorded,
                    "confirmed_at": confirmed_at,
                    "rejection_reason": rejection,
                }
            )
        # Rows in the order they were recorded (a rejected signing comes
        # before the confirmed one).
        rows.sort(key=lambda row: row["recorded_at"])
        return rows

    def report_rows(self, spec):
        """The project's monthly reports, oldest first: its most recent
        ``budget`` months. Amounts add up to at most 1.2x the planned total."""
        if not spec.budget:
            return []
        rng = self.rng
        first = spec.last_month - spec.budget + 1
        started = spec.dates["started_on"]
        production = spec.dates["production_on"]
        timeline = [(day, stage) for stage, day, status, _ in spec.moves if status != StageChangeStatus.REJECTED]
        base = spec.planned if spec.planned else int(rng.lognormvariate(math.log(5_000), 1.0) * 100)
        low, high = COMPLETION_SHARE.get(spec.stage, COMPLETION_SHARE[Stage.SIGNED])
        invested_total = int(base * rng.uniform(low, high))
        funds_total = int(invested_total * min(rng.uniform(0.6, 1.02), 1.2))
        months, weights = [], []
        for index in range(first, spec.last_month + 1):
            period_start, period_end = _month_bounds(index)
            if production and period_start > production:
                weight = 0.15
            elif started and period_end >= started:
                weight = 1.0
            else:
                weight = 0.3
            weight = 0.0 if rng.random() < 0.1 else weight * rng.uniform(0.3, 1.7)
            months.append((period_start, period_end))
            weights.append(weight)
        total_weight = sum(weights) or 1.0
        rows = []
        for (period_start, period_end), weight in zip(months, weights):
            stage = Stage.LEAD
            for day, moved_to in timeline:
                if day <= period_end:
                    stage = moved_to
            share = weight / total_weight
            rows.append(
                {
                    "period_start": period_start,
                    "period_end": period_end,
                    "investment_completed": _wan(int(invested_total * share)),
                    "funds_in_place": _wan(int(funds_total * share * rng.uniform(0.8, 1.0))),
                    "stage": stage,
                    "problems": rng.choice(REPORT_PROBLEMS) if rng.random() < 0.1 else "",
                    "created_at": self.stamp(period_end + datetime.timedelta(days=rng.randint(1, 6))),
                }
            )
        return rows

    def tally(self, spec, reports):
        """Per zone and year, what the targets are set against."""
        signed_on = spec.dates["signed_on"]
        if signed_on:
            row = self.zone_year[(spec.zone, signed_on.year)]
            planned = spec.planned or 0
            row[MetricCode.SIGNED_PROJECTS] += 1
            row[MetricCode.PLANNED_TOTAL_INVESTMENT] += planned
            row[MetricCode.PROJECTS_OVER_100M] += planned >= WAN_100M
            row[MetricCode.PROJECTS_OVER_1B] += planned >= WAN_1B
            row[MetricCode.FORTUNE500_PROJECTS] += spec.flags["is_fortune500"]
            row[MetricCode.FOUR_NEW_PROJECTS] += spec.flags["is_four_new"]
            row[MetricCode.KEY_PROJECTS] += spec.flags["is_key"]
            row[MetricCode.MAJOR_PROJECTS] += spec.flags["is_major"]
        for report in reports:
            row = self.zone_year[(spec.zone, report["period_end"].year)]
            row[MetricCode.INVESTMENT_COMPLETED] += int(report["investment_completed"].scaleb(2))
            row[MetricCode.FUNDS_IN_PLACE] += int(report["funds_in_place"].scaleb(2))

    # -- activities, meetings, targets, figures ----------------------------

    def make_activities(self):
        rng = self.rng
        today = self.today
        cities = [city for _, _, cities in PROVINCES for city in cities]
        kinds = [ActivityKind.OUTBOUND_VISIT, ActivityKind.INVESTOR_RECEPTION, ActivityKind.PROMOTION_CONFERENCE,
                 ActivityKind.SIGNING_CEREMONY]
        mean_weight = sum(self.zone_weights) / len(self.zone_weights)
        activities, links = [], []
        for zone_index, zone in enumerate(self.zones):
            meta = self.zone_meta[zone_index]
            leaders, _ = self.zone_officials[zone_index]
            scale = self.zone_weights[zone_index] / mean_weight
            for year in range(today.year - 2, today.year + 1):
                last_day = min(today, datetime.date(year, 12, 31))
                span = (last_day - datetime.date(year, 1, 1)).days
                count = max(2, round(rng.uniform(15, 45) * scale * (span + 1) / 365))
                ceremonies = 0
                for _ in range(count):
                    day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, span))
                    kind = rng.choices(kinds, weights=[40, 40, 12, 8])[0]
                    industry = self.industries[rng.randrange(len(self.industries))][0].name
                    enterprise = self.enterprises[rng.randrange(len(self.enterprises))].name
                    abroad = rng.random() < 0.1
                    place = rng.choice(FOREIGN_COUNTRIES)[1] if abroad else rng.choice(cities)
                    if kind == ActivityKind.OUTBOUND_VISIT:
                        title = rng.choice([f"赴{place}开展{industry}产业链招商", f"赴{place}拜访{enterprise}",
                                            f"{self.officials[rng.choice(leaders)].name}带队赴{place}考察{industry}企业"])
                        counterpart = enterprise
                    elif kind == ActivityKind.INVESTOR_RECEPTION:
                        title = rng.choice(
                            [f"接待{enterprise}考察团", f"{enterprise}来{meta['short']}考察{industry}项目"]
                        )
                        place, counterpart = meta["short"], enterprise
                    elif kind == ActivityKind.PROMOTION_CONFERENCE:
                        title = f"{meta['short']}{industry}产业招商推介会（{place}）"
                        counterpart = ""
                    else:
                        ceremonies += 1
                        title = f"{meta['short']}{year}年第{ceremonies}批重点项目集中签约仪式"
                        place, counterpart = meta["short"], ""
                    activity = PromotionActivity(
                        zone=zone,
                        date=day,
                        year=day.year,  # bulk_create skips save(), which sets it
                        kind=kind,
                        title=title[:300],
                        place=place[:200],
                        counterpart=counterpart[:300],
                        outcome=rng.choice(ACTIVITY_OUTCOMES),
                        source=self.source,
                    )
                    activities.append(activity)
                    row = self.zone_year[(zone_index, year)]
                    if kind == ActivityKind.INVESTOR_RECEPTION:
                        row[MetricCode.INVESTOR_VISITS] += 1
                    else:
                        row[MetricCode.PROMOTION_ACTIVITIES] += 1
                    # What the activity led to: the projects signed at a
                    # ceremony that month; a new lead after a visit.
                    month = _month_index(day)
                    if kind == ActivityKind.SIGNING_CEREMONY:
                        signed = self.signed_by_zone_month.get((zone_index, month), [])
                        chosen = rng.sample(signed, min(len(signed), rng.randint(2, 8)))
                    else:
                        leads = self.leads_by_zone_month.get((zone_index, month), []) or self.leads_by_zone_month.get(
                            (zone_index, month + 1), []
                        )
                        chosen = [rng.choice(leads)] if leads and rng.random() < 0.3 else []
                    links.append(chosen)
        PromotionActivity.objects.bulk_create(activities, batch_size=BATCH_SIZE)
        through = PromotionActivity.projects.through
        rows = [
            through(promotionactivity_id=activity.pk, investmentproject_id=pk)
            for activity, pks in zip(activities, links)
            for pk in pks
        ]
        through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.count("promotion activities", len(activities))
        self.count("activity-project links", len(rows))
        self.phase(f"{len(activities)} promotion activities")

    def make_targets_and_figures(self):
        rng = self.rng
        today = self.today
        year_share = ((today - datetime.date(today.year, 1, 1)).days + 1) / 365
        meetings, targets, meeting_targets = [], [], []
        for zone_index, zone in enumerate(self.zones):
            for year in (today.year - 1, today.year):
                actual = self.zone_year[(zone_index, year)]
                day = min(datetime.date(year, 2, rng.randint(5, 25)), today)
                meetings.append(
                    Meeting(
                        zone=zone,
                        date=day,
                        title=f"{year}年招商引资工作会议",
                        kind=MeetingKind.WORK_CONFERENCE,
                        attendance="管委会全体干部职工",
                        summary="总结上年招商引资工作，部署全年目标任务。",
                        source=self.source,
                    )
                )
                first = len(targets)
                for code in TARGET_METRICS:
                    metric = self.metrics[code]
                    if code == MetricCode.COMMENCEMENT_RATE:
                        value = Decimal(round(rng.uniform(60, 90) * 10)).scaleb(-1)
                    else:
                        done = actual[code]
                        if year == today.year:
                            done /= year_share  # the pace so far, over a whole year
                        planned = done * rng.uniform(0.85, 1.25)
                        if metric.unit == "wan_yuan":
                            value = _wan(max(100, round(planned / 100 / 100) * 100) * 100)
                        else:
                            value = Decimal(max(1, round(planned)))
                    targets.append(Target(zone=zone, metric=metric, year=year, value=value, source=self.source))
                meeting_targets.append(range(first, len(targets)))
        Meeting.objects.bulk_create(meetings, batch_size=BATCH_SIZE)
        Target.objects.bulk_create(targets, batch_size=BATCH_SIZE)
        through = Meeting.targets.through
        through.objects.bulk_create(
            [through(meeting_id=meeting.pk, target_id=targets[i].pk) for meeting, span in zip(meetings, meeting_targets)
             for i in span],
            batch_size=BATCH_SIZE,
        )

        # Published figures for last year: the official count of signings
        # and the funds in place, which differ a little from devzone's own.
        year = today.year - 1
        figures = []
        for code in (MetricCode.SIGNED_PROJECTS, MetricCode.FUNDS_IN_PLACE):
            values = []
            for zone_index in range(len(self.zones)):
                done = self.zone_year[(zone_index, year)][code]
                if code == MetricCode.SIGNED_PROJECTS:
                    values.append(Decimal(done))
                else:
                    values.append(_wan(max(0, round(done * rng.uniform(0.97, 1.06) / 1000)) * 1000))
            by_city = defaultdict(list)
            for zone_index, value in enumerate(values):
                by_city[self.zone_meta[zone_index]["city"]].append((-value, zone_index))
            ranks = {}
            for members in by_city.values():
                members.sort()
                for rank, (_, zone_index) in enumerate(members, start=1):
                    ranks[zone_index] = (rank, len(members))
            for zone_index, value in enumerate(values):
                rank, peers = ranks[zone_index]
                qualifier = Qualifier.EXACT
                if code == MetricCode.FUNDS_IN_PLACE and rng.random() < 0.2:
                    qualifier = Qualifier.OVER
                figures.append(
                    ReportedFigure(
                        zone=self.zones[zone_index],
                        metric=self.metrics[code],
                        year=year,
                        value=value,
                        qualifier=qualifier,
                        yoy_growth_percent=Decimal(round(rng.uniform(-10, 35) * 100)).scaleb(-2),
                        rank=rank if peers > 1 else None,
                        rank_scope="全市开发区" if peers > 1 else "",
                        source=self.source,
                    )
                )
        ReportedFigure.objects.bulk_create(figures, batch_size=BATCH_SIZE)
        self.count("meetings", len(meetings))
        self.count("targets", len(targets))
        self.count("reported figures", len(figures))
        self.phase(f"{len(meetings)} meetings, {len(targets)} targets, {len(figures)} reported figures")
