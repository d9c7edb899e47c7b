"""Load the catalogue of metrics that targets, reported figures and the
dashboards refer to by code. Names are kept here as literals: a migration must
not change when the app's code does."""
from django.db import migrations

# code, Chinese name, English name, kind, unit
CATALOGUE = [
    ("signed_projects", "签约项目", "Signed projects", "count", "projects"),
    ("funds_in_place", "到位资金", "Funds in place", "amount", "wan_yuan"),
    ("planned_total_investment", "签约项目计划总投资", "Planned total investment of signed projects", "amount", "wan_yuan"),
    ("annual_planned_investment", "年度计划投资", "Annual planned investment", "amount", "wan_yuan"),
    ("investment_completed", "完成投资", "Investment completed", "amount", "wan_yuan"),
    ("projects_over_100m", "过亿元项目", "Projects of 100 million yuan and more", "count", "projects"),
    ("projects_over_1b", "过10亿元项目", "Projects of 1 billion yuan and more", "count", "projects"),
    ("fortune500_projects", "500强项目", "Fortune-500 projects", "count", "projects"),
    ("four_new_projects", "“四新”经济项目", "Four-new economy projects", "count", "projects"),
    ("promotion_activities", "招商引资活动", "Promotion activities", "count", "batches"),
    ("investor_visits", "接待客商", "Investor visits received", "count", "batches"),
    ("commencement_rate", "签约项目落地开工率", "Commencement rate of signed projects", "percent", "percent"),
    ("key_projects", "重点项目", "Key projects", "count", "projects"),
    ("key_projects_investment", "重点项目总投资", "Total investment of key projects", "amount", "wan_yuan"),
    ("major_projects", "重大项目", "Major projects", "count", "projects"),
    ("major_projects_investment", "重大项目总投资", "Total investment of major projects", "amount", "wan_yuan"),
    ("promotion_events", "举办重大招商活动", "Promotion events held", "count", "events"),
    ("introduced_projects", "引进项目", "Projects introduced", "count", "projects"),
    ("city_share_f500_four_new", "500强及“四新”项目占全市比重", "Share of the city's Fortune-500 and four-new projects", "percent", "percent"),
]


def load(apps, schema_editor):
    Metric = apps.get_model("devzone", "Metric")
    for order, (code, name, name_en, kind, unit) in enumerate(CATALOGUE, start=1):
        Metric.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "kind": kind, "unit": unit, "sort_order": order * 10},
        )


def unload(apps, schema_editor):
    apps.get_model("devzone", "Metric").objects.filter(code__in=[row[0] for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("devzone", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
