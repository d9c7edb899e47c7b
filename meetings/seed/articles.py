"""What the two source articles say, as plain data, one dict per article.

Read by hand from the captured articles (not at run time: the project never
opens them). ``source_quote`` values are verbatim clauses of the article, kept
short; ``text``, ``summary`` and ``description`` values are our own words.
Money is in 万元 (1 亿元 = 10000 万元); a figure the article bounds (超, 余, 近,
以上) keeps its qualifier.

Facts not in the articles are marked where they are used: the zones'
catalogue entries come from 《中国开发区审核公告目录》, and the enterprises'
registered names from their registrations (the article uses short names).
"""
import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

YIYUAN = {
    "article": {
        "key": "yiyuan-2024-02-22-mobilization",
        "title": "击鼓催征扬帆奋进启新程——山东沂源经济开发区召开招商引资暨项目建设集中攻坚动员大会",
        "publisher": "山东沂源经济开发区",
        "site": "中国开发区协会",
        "section": "省级开发区动态",
        "reporter": "",
        "correspondent": "",
        "editor": "",
        "published_at": datetime.datetime(2024, 2, 26, 15, 19, tzinfo=SHANGHAI),
        "event_date": datetime.date(2024, 2, 22),
        "rights_note": "",
    },
    # Catalogue facts (code to county) are from the national catalogue, not
    # from the article; the article supports the zone and its three sectors.
    "zone": {
        "code": "S377028",
        "name": "山东沂源经济开发区",
        "short_name": "沂源经开区",
        "approving_authority": "province",
        "zone_type": "economic",
        "approved_on": datetime.date(2006, 3, 1),
        "approved_area_ha": Decimal("295.08"),
        "catalogue_industries": "医药、新材料、食品",
        "province": "山东省",
        "city": "淄博市",
        "county": "沂源县",
        "leading_industries": ["新医药", "新材料", "新能源"],
        "source_quote": "紧盯新医药、新材料、新能源三大板块",
    },
    # parent stays empty: the article names no chain link between these.
    "industries": [
        {"name": "新医药", "description": "沂源经开区产业招商紧盯的三大板块之一。"},
        {"name": "新材料", "description": ""},
        {"name": "新能源", "description": "沂源经开区产业招商紧盯的三大板块之一。"},
        {"name": "化工", "description": "沂源经开区设有化工园区（化工产业园）。"},
        # The next two are read from the leading enterprises' names (瑞阳制药,
        # 药玻 = 药用玻璃); the article itself gives them no industry.
        {"name": "医药", "description": ""},
        {"name": "医药包装", "description": "药用玻璃等医药包装材料。"},
    ],
    "officials": [
        {"name": "刘峰", "titles": "党工委副书记、管委会主任", "source_quote": "经济开发区党工委副书记、管委会主任刘峰讲话"},
        {"name": "谭延训", "titles": "党工委委员、管委会副主任", "source_quote": "经济开发区党工委委员、管委会副主任谭延训主持"},
        {
            "name": "唐新泉",
            "titles": "党工委委员、纪检监察工委书记",
            "source_quote": "党工委委员、纪检监察工委书记唐新泉同志宣读了",
        },
        {"name": "魏燕玲", "titles": "党工委委员、管委会副主任", "source_quote": "党工委委员、管委会副主任魏燕玲同志宣读了"},
    ],
    "mechanisms": [
        {
            "name": "揭榜挂帅",
            "description": "重大项目和重点任务公开“揭榜”，由干部挂帅负责；开发区为此制定了工作方案。",
            "source_quote": "推深做实揭榜挂帅负责制、全员帮包工作制等机制",
        },
        {
            "name": "全员帮包",
            "description": "干部职工分工包靠项目，帮助项目推进建设、办理审批。",
            "source_quote": "推深做实揭榜挂帅负责制、全员帮包工作制等机制",
        },
        {
            "name": "六个一体化",
            "description": "精准招商所用的机制；文章未列出六项具体内容。",
            "source_quote": "用好用活“六个一体化”机制",
        },
        {
            "name": "四下基层",
            "description": "党员干部常态化下基层、转作风、抓落实，党工委为此制定了实施方案。",
            "source_quote": "常态化开展“四下基层”转作风抓落实",
        },
        {
            "name": "三县战略",
            "description": "2023年开发区工作始终坚持的战略；文章未展开具体内容。",
            "source_quote": "开发区始终坚持“三县战略”",
        },
        {
            "name": "四新四创",
            "description": "2023年开发区务实推进的工作部署；文章未展开具体内容。",
            "source_quote": "务实推进“四新四创”",
        },
        {
            "name": "三提三争",
            "description": "2023年开发区工作紧扣的要求；文章未展开具体内容。",
            "source_quote": "牢牢紧扣“三提三争”",
        },
        {
            "name": "朋友圈招商",
            "description": "借助龙头企业、行业领军企业的合作关系引进关联企业。",
            "source_quote": "广泛开展“朋友圈”招商,激活企业间“磁石效应”",
        },
        {
            "name": "园区事园内办",
            "description": "完善企业服务中心功能，企业的审批服务事项在园区内办理。",
            "source_quote": "真正实现“园区事园内办”",
        },
        {
            "name": "政策工具包",
            "description": "用于助企纾困、为市场主体减负的成套政策。",
            "source_quote": "用好用活“政策工具包”",
        },
        {
            "name": "惠企政策智慧推送平台",
            "description": "向企业推送惠企政策的平台，会议要求建立完善。",
            "source_quote": "建立完善惠企政策智慧推送平台",
        },
        {
            "name": "园中园",
            "description": "在开发区内按产业建设专业园区，做产业链文章。",
            "source_quote": "深耕细作“园中园”",
        },
        {
            "name": "全员招商",
            "description": "开发区全体干部职工人人参与招商。",
            "source_quote": "要抓实全员招商",
        },
        {
            "name": "以商招商",
            "description": "发挥已落户的龙头企业作用，引进上下游和关联企业。",
            "source_quote": "要加快以商招商",
        },
    ],
    # Registered names are not in the article, which uses the short names.
    "enterprises": [
        {
            "name": "瑞阳制药股份有限公司",
            "short_name": "瑞阳",
            "industry": "医药",
            "is_leading": True,
            "description": "文章以简称“瑞阳”列为龙头企业；全称非文章所载。",
            "source_quote": "发挥好瑞阳、药玻、鲁阳等龙头企业、行业领军企业作用",
        },
        {
            "name": "山东省药用玻璃股份有限公司",
            "short_name": "药玻",
            "industry": "医药包装",
            "is_leading": True,
            "description": "文章以简称“药玻”列为龙头企业；全称非文章所载。",
            "source_quote": "发挥好瑞阳、药玻、鲁阳等龙头企业、行业领军企业作用",
        },
        {
            "name": "山东鲁阳节能材料股份有限公司",
            "short_name": "鲁阳",
            "industry": "新材料",
            "is_leading": True,
            "description": "文章以简称“鲁阳”列为龙头企业；全称非文章所载。",
            "source_quote": "发挥好瑞阳、药玻、鲁阳等龙头企业、行业领军企业作用",
        },
    ],
    "meeting": {
        "date": datetime.date(2024, 2, 22),
        "title": "招商引资暨项目建设集中攻坚动员大会",
        "kind": "mobilization",
        "attendance": "开发区全体干部职工，开发区自然资源所、执法中队全体人员",
        "implements": "\n".join(
            [
                "全省高水平开放暨高质量招商引资大会",
                "全市聚力突破招商引资和项目建设动员大会",
                "全县招商引资暨项目建设集中攻坚动员大会",
            ]
        ),
        "summary": (
            "沂源经开区召开2024年招商引资暨项目建设集中攻坚动员大会，回顾2023年工作，"
            "从项目建设、招商引资、营商环境、党建作风四方面部署任务：集中攻坚总投资160亿元的"
            "50个重大项目，推行揭榜挂帅、全员帮包，紧盯新医药、新材料、新能源开展产业招商。"
        ),
        "source_quote": "2月22日,经济开发区召开招商引资暨项目建设集中攻坚动员大会",
    },
    "participants": [
        {"official": "刘峰", "role": "speaker", "titles_at_meeting": "党工委副书记、管委会主任"},
        {"official": "谭延训", "role": "chair", "titles_at_meeting": "党工委委员、管委会副主任"},
        {"official": "唐新泉", "role": "reader", "titles_at_meeting": "党工委委员、纪检监察工委书记"},
        {"official": "魏燕玲", "role": "reader", "titles_at_meeting": "党工委委员、管委会副主任"},
    ],
    "documents": [
        {
            "order": 1,
            "title": "中共沂源经济开发区工作委员会关于常态化开展“四下基层”转作风抓落实的实施方案",
            "read_by": "唐新泉",
        },
        {"order": 2, "title": "沂源经济开发区“揭榜挂帅”工作方案", "read_by": "魏燕玲"},
    ],
    # In the article's order; the position is the directive's ``order``.
    "directives": [
        {
            "category": "project_construction",
            "text": "加大项目谋划储备力度，抢抓战略机遇，争取建链强链补链延链效果明显的大项目、好项目。",
            "source_quote": "要加大谋划储备力度,积极抢抓战略机遇",
        },
        {
            "category": "project_construction",
            "text": "集中攻坚总投资160亿元的50个重大项目，落实揭榜挂帅负责制、全员帮包工作制，尽可能多地完成投资和建设任务。",
            "source_quote": "要集中攻坚推进实施,聚焦年前谋划的总投资160亿元的50个重大项目",
        },
        {
            "category": "project_construction",
            "text": "强化要素资源保障：加快开发区和化工园区调区扩区，优化空间布局，加速实施化工产业园基础设施提升工程，提升园区承载力。",
            "source_quote": "要强化要素资源保障,加快经济开发区和化工园区调区扩区",
        },
        {
            "category": "investment_attraction",
            "text": "抓实全员招商：全体干部职工人人参与、同唱一台戏，打好组合拳。",
            "source_quote": "要抓实全员招商,以“主人翁”精神,全体动员、人人出力",
        },
        {
            "category": "investment_attraction",
            "text": "突出精准招商：用好“六个一体化”机制，精准开展“走出去、引进来”。",
            "source_quote": "要突出精准招商,用好用活“六个一体化”机制,精准开展“走出去、引进来”。",
        },
        {
            "category": "investment_attraction",
            "text": "强化产业招商：紧盯新医药、新材料、新能源三大板块，发挥产业链头部企业作用延链补链强链，建好“园中园”。",
            "source_quote": "要强化产业招商,紧盯新医药、新材料、新能源三大板块",
        },
        {
            "category": "investment_attraction",
            "text": "加快以商招商：发挥瑞阳、药玻、鲁阳等龙头企业和行业领军企业作用，广泛开展“朋友圈”招商。",
            "source_quote": "要加快以商招商,发挥好瑞阳、药玻、鲁阳等龙头企业、行业领军企业作用",
        },
        {
            "category": "investment_attraction",
            "text": "增强招商实效：围绕主导产业、新兴产业和重点产业门类，引进科技含量高、资源消耗少的项目和上下游配套企业。",
            "source_quote": "要增强招商实效,围绕主导产业、新兴产业和重点发展的产业门类",
        },
        {
            "category": "business_environment",
            "text": "加大帮包支持力度：助企纾困，扫清影响项目进度的障碍，用好“政策工具包”为市场主体减负。",
            "source_quote": "要加大帮包支持力度,全力助企纾困、排忧解难",
        },
        {
            "category": "business_environment",
            "text": "优化审批集成服务：完善企业服务中心功能，实现“园区事园内办”，建立完善惠企政策智慧推送平台，加大政策争取落实力度。",
            "source_quote": "要优化审批集成服务,完善提升企业服务中心功能设置,真正实现“园区事园内办”",
        },
        {
            "category": "business_environment",
            "text": "强化资源要素保障：合力推进项目建设进度，盘活闲置厂房，节约集约利用土地。",
            "source_quote": "盘活闲置厂房,最大程度节约集约利用土地",
        },
        {
            "category": "party_conduct",
            "text": "党建引领强基础促提升：在“四下基层”中转作风抓落实，在揭榜挂帅中当先锋挑重担。",
            "source_quote": "要在党建引领下强基础促提升,在“四下基层”中转作风抓落实,在揭榜挂帅中当先锋挑重担",
        },
    ],
    "reported_figures": [],
    "targets": [
        {
            "metric": "major_projects",
            "year": 2024,
            "value": Decimal("50"),
            "qualifier": "exact",
            "note": "年前谋划、2024年集中攻坚的重大项目。",
            "source_quote": "聚焦年前谋划的总投资160亿元的50个重大项目",
        },
        {
            "metric": "major_projects_investment",
            "year": 2024,
            "value": Decimal("1600000"),  # 160亿元
            "qualifier": "exact",
            "note": "50个重大项目的总投资。",
            "source_quote": "聚焦年前谋划的总投资160亿元的50个重大项目",
        },
    ],
    "projects": [],
    "activities": [],
}

# The 2022 results and the 2023 plan were announced at the meeting, so each
# figure cites the meeting article; the clause each rests on is its quote.
_DONGYING_RANK_NOTE = "全区签约项目个数、到位资金总量、500强及“四新”项目等指标均居全市第1位。"
_DONGYING_RESULTS_QUOTE = "投资过亿元项目88个、过10亿元项目15个,分别增长10%、50%"
_DONGYING_F500_QUOTE = "引进500强项目16个、“四新”经济项目38个,占全市30%以上"
_DONGYING_KEY_PROJECTS_QUOTE = "开发区已确定了总投资1853亿元的243个重点项目"
_DONGYING_EVENTS_QUOTE = "举办海上光伏暨东营海上风电装备产业园项目集中签约仪式、苏州生物医药产业招商推介会等3场活动"

DONGYING = {
    "article": {
        "key": "dongying-2023-01-13-work-conference",
        "title": "创新实干 事争一流丨东营经济技术开发区:招商引资为高质量发展注入“源头活水”",
        "publisher": "东营日报社/爱东营",
        # The captured page's rights notice speaks for 东营网 as "本网".
        "site": "东营网",
        "section": "",
        "reporter": "贾重霄",
        "correspondent": "张雪雯",
        "editor": "邓玉莉",
        "published_at": None,  # the capture carries no publication time
        "event_date": datetime.date(2023, 1, 13),
        "rights_note": "版权属东营日报社；未经东营网书面授权不得转载、链接、转贴或以其他方式复制发表。",
    },
    "zone": {
        "code": "G371152",
        "name": "东营经济技术开发区",
        "short_name": "东营经开区",
        "approving_authority": "state_council",
        "zone_type": "etdz",
        "approved_on": datetime.date(2010, 3, 1),
        "approved_area_ha": Decimal("1735.00"),
        "catalogue_industries": "有色金属、新材料、装备制造",
        "province": "山东省",
        "city": "东营市",
        "county": "东营区",
        "leading_industries": ["航空航天", "新材料", "高端装备制造", "数字经济"],
        "source_quote": "聚焦航空航天、新材料、高端装备制造、数字经济等主导产业开展精准招商",
    },
    # parent stays empty: the article does not say, e.g., that offshore wind
    # equipment belongs to 高端装备制造 in the zone's chain.
    "industries": [
        {"name": "航空航天", "description": "东营经开区主导产业之一。"},
        {"name": "新材料", "description": ""},
        {"name": "高端装备制造", "description": "东营经开区主导产业之一。"},
        {"name": "数字经济", "description": "东营经开区主导产业之一。"},
        {"name": "海上光伏", "description": "东营经开区2022年举办海上光伏项目集中签约仪式。"},
        {"name": "海上风电装备", "description": "东营经开区2022年促成海上风电装备产业园项目落地实施。"},
        {"name": "生物医药", "description": "东营经开区2022年在苏州举办生物医药产业招商推介会。"},
        {"name": "创新药物", "description": "东营经开区2022年引进创新药物产业化项目。"},
    ],
    "officials": [],
    "mechanisms": [
        {
            "name": "一号工程",
            "description": "把招商引资作为引领发展、深化改革、改善民生的“一号工程”。",
            "source_quote": "始终把招商引资作为引领发展、深化改革、改善民生的‘一号工程’",
        },
        {
            "name": "一事一议",
            "description": "对带动能力强、产业链条长的大企业、大项目单独商定支持条件。",
            "source_quote": "大胆采取“一事一议”的办法",
        },
        {
            "name": "周调度、月通报、年考核",
            "description": "招商引资考评机制：每周调度进度，每月通报，每年考核实绩。",
            "source_quote": "坚持“周调度、月通报、年考核”考评机制",
        },
        {
            "name": "领导招商",
            "description": "领导干部带头招商。",
            "source_quote": "突出领导招商、全员招商、驻点招商、节会招商和以商引商",
        },
        {
            "name": "全员招商",
            "description": "全区上下全员参与招商。",
            "source_quote": "突出领导招商、全员招商、驻点招商、节会招商和以商引商",
        },
        {
            "name": "驻点招商",
            "description": "派人驻外常驻开展招商。",
            "source_quote": "突出领导招商、全员招商、驻点招商、节会招商和以商引商",
        },
        {
            "name": "节会招商",
            "description": "借助节会、展会等活动招商。",
            "source_quote": "突出领导招商、全员招商、驻点招商、节会招商和以商引商",
        },
        {
            "name": "以商引商",
            "description": "通过已落户企业引荐新的投资者。",
            "source_quote": "突出领导招商、全员招商、驻点招商、节会招商和以商引商",
        },
        {
            "name": "春季招商攻势",
            "description": "年初集中开展招商，力争一季度招商引资“开门红”。",
            "source_quote": "启动春季招商攻势,全面掀起招商引资新热潮",
        },
    ],
    "enterprises": [],
    "meeting": {
        "date": datetime.date(2023, 1, 13),
        "title": "2023年经济工作暨“双招双引”工作会议",
        "kind": "work_conference",
        "attendance": "",
        "implements": "",
        "summary": (
            "东营经开区召开2023年经济工作暨“双招双引”工作会议，通报2022年招商引资成绩"
            "（签约项目177个、到位资金218亿元，多项指标居全市第1位），确定2023年243个重点项目、"
            "年度计划投资486亿元，从政策、目标、责任、考核四方面部署招商引资工作。"
        ),
        "source_quote": "1月13日,东营经济技术开发区2023年经济工作暨“双招双引”工作会议成功召开。",
    },
    "participants": [],
    "documents": [],
    "directives": [
        {
            "category": "investment_attraction",
            "text": "始终把招商引资作为引领发展、深化改革、改善民生的“一号工程”，加快创新政策、创新机制。",
            "source_quote": "始终把招商引资作为引领发展、深化改革、改善民生的‘一号工程’,加快创新政策、创新机制。",
        },
        {
            # Names both 招商引资 and 项目建设; filed under project
            # construction, which no other Dongying directive covers.
            "category": "project_construction",
            "text": "抢抓市委、市政府支持开发区高质量发展的政策窗口期，在招商引资、项目建设上持续发力、攻坚突破。",
            "source_quote": "全区将抢抓市委、市政府支持开发区高质量发展的政策窗口期",
        },
        {
            "category": "investment_attraction",
            "text": "精准施策：修订招商引资政策，针对新情况新问题制定新政策新措施，对带动能力强、产业链条长的大企业大项目实行“一事一议”。",
            "source_quote": "对带动能力强、产业链条长的大企业、大项目大胆采取“一事一议”的办法",
        },
        {
            "category": "investment_attraction",
            "text": "聚焦目标：围绕航空航天、新材料、高端装备制造、数字经济等主导产业精准招商，瞄准国内外500强、大型央企等重点企业主动对接，推动重大项目快签约、快落地。",
            "source_quote": "推动重大项目快签约、快落地",
        },
        {
            "category": "investment_attraction",
            "text": "压实责任：全员参与、上下联动，突出领导招商、全员招商、驻点招商、节会招商和以商引商。",
            "source_quote": "突出领导招商、全员招商、驻点招商、节会招商和以商引商",
        },
        {
            "category": "investment_attraction",
            "text": "督查考核：科学设置考核指标、优化计分方式，坚持“周调度、月通报、年考核”，以实绩论英雄。",
            "source_quote": "坚持“周调度、月通报、年考核”考评机制",
        },
        {
            "category": "investment_attraction",
            "text": "动员各招商引资责任单位启动春季招商攻势，实现2023年一季度招商引资“开门红”。",
            "source_quote": "奋力实现2023年一季度招商引资“开门红”",
        },
    ],
    # Whole-year figures for 2022.
    "reported_figures": [
        {
            "metric": "promotion_activities",
            "year": 2022,
            "value": Decimal("625"),
            "qualifier": "exact",
            "source_quote": "全年开展招商引资活动625批次",
        },
        {
            "metric": "investor_visits",
            "year": 2022,
            "value": Decimal("1100"),
            "qualifier": "more_than",
            "source_quote": "接待客商1100余批次",
        },
        {
            "metric": "signed_projects",
            "year": 2022,
            "value": Decimal("177"),
            "qualifier": "exact",
            "rank": 1,
            "rank_scope": "全市",
            "note": _DONGYING_RANK_NOTE,
            "source_quote": "签约引进项目177个",
        },
        {
            "metric": "funds_in_place",
            "year": 2022,
            "value": Decimal("2180000"),  # 218亿元
            "qualifier": "exact",
            "yoy_growth_percent": Decimal("20"),
            "rank": 1,
            "rank_scope": "全市",
            "note": _DONGYING_RANK_NOTE,
            "source_quote": "到位资金218亿元,同比增长20%",
        },
        {
            "metric": "projects_over_100m",
            "year": 2022,
            "value": Decimal("88"),
            "qualifier": "exact",
            "yoy_growth_percent": Decimal("10"),
            "source_quote": _DONGYING_RESULTS_QUOTE,
        },
        {
            "metric": "projects_over_1b",
            "year": 2022,
            "value": Decimal("15"),
            "qualifier": "exact",
            "yoy_growth_percent": Decimal("50"),
            "source_quote": _DONGYING_RESULTS_QUOTE,
        },
        {
            "metric": "fortune500_projects",
            "year": 2022,
            "value": Decimal("16"),
            "qualifier": "exact",
            "rank": 1,
            "rank_scope": "全市",
            "note": _DONGYING_RANK_NOTE,
            "source_quote": _DONGYING_F500_QUOTE,
        },
        {
            "metric": "four_new_projects",
            "year": 2022,
            "value": Decimal("38"),
            "qualifier": "exact",
            "rank": 1,
            "rank_scope": "全市",
            "note": _DONGYING_RANK_NOTE,
            "source_quote": _DONGYING_F500_QUOTE,
        },
        {
            "metric": "city_share_f500_four_new",
            "year": 2022,
            "value": Decimal("30"),
            "qualifier": "at_least",
            "note": "文章写“占全市30%以上”，紧接500强项目16个、“四新”经济项目38个之后。",
            "source_quote": _DONGYING_F500_QUOTE,
        },
        {
            "metric": "planned_total_investment",
            "year": 2022,
            "value": Decimal("7000000"),  # 超700亿元
            "qualifier": "over",
            "note": "文章只写“2022年计划总投资”，未说明口径；按签约项目计划总投资记。",
            "source_quote": "2022年计划总投资超700亿元",
        },
        {
            "metric": "commencement_rate",
            "year": 2022,
            "value": Decimal("70"),
            "qualifier": "nearly",
            "source_quote": "签约项目落地开工率近70%",
        },
        {
            "metric": "promotion_events",
            "year": 2022,
            "value": Decimal("3"),
            "qualifier": "exact",
            "note": "文章点名其中两场：海上光伏暨东营海上风电装备产业园项目集中签约仪式、苏州生物医药产业招商推介会。",
            "source_quote": _DONGYING_EVENTS_QUOTE,
        },
        {
            "metric": "introduced_projects",
            "year": 2022,
            "value": Decimal("39"),
            "qualifier": "exact",
            "source_quote": "引进道合医药研究院及创新药物产业化等39个项目",
        },
    ],
    "targets": [
        {
            "metric": "key_projects",
            "year": 2023,
            "value": Decimal("243"),
            "qualifier": "exact",
            "source_quote": _DONGYING_KEY_PROJECTS_QUOTE,
        },
        {
            "metric": "key_projects_investment",
            "year": 2023,
            "value": Decimal("18530000"),  # 1853亿元
            "qualifier": "exact",
            "note": "243个重点项目的总投资。",
            "source_quote": _DONGYING_KEY_PROJECTS_QUOTE,
        },
        {
            "metric": "annual_planned_investment",
            "year": 2023,
            "value": Decimal("4860000"),  # 486亿元
            "qualifier": "exact",
            "source_quote": "确定了投资486亿元的年度计划",
        },
    ],
    # Dates of signing and start were not published: the date fields stay
    # empty and no stage change is recorded (see the loader).
    "projects": [
        {
            "name": "东营海上风电装备产业园项目",
            "industry": "海上风电装备",
            "stage": "started",
            "description": "2022年集中签约，并促成落地实施（据2023年1月13日会议通报）；签约、开工日期文章未载。",
            "source_quote": "促成海上风电装备产业园项目落地实施",
        },
        {
            "name": "道合医药研究院及创新药物产业化项目",
            "industry": "创新药物",
            "stage": "signed",
            "description": "2022年引进（据2023年1月13日会议通报）；签约日期和投资额文章未载。",
            "source_quote": "引进道合医药研究院及创新药物产业化等39个项目",
        },
    ],
    "activities": [
        {
            "year": 2022,
            "kind": "signing_ceremony",
            "title": "海上光伏暨东营海上风电装备产业园项目集中签约仪式",
            "place": "",
            "projects": ["东营海上风电装备产业园项目"],
            "source_quote": _DONGYING_EVENTS_QUOTE,
        },
        {
            "year": 2022,
            "kind": "promotion_conference",
            "title": "苏州生物医药产业招商推介会",
            "place": "苏州",
            "projects": [],
            "source_quote": _DONGYING_EVENTS_QUOTE,
        },
    ],
}

ARTICLES = [YIYUAN, DONGYING]
