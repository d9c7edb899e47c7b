"""Where each dashboard number drills down to: the filtered list whose rows
make it up, so any total can be checked row by row."""
import datetime
from urllib.parse import urlencode

from django.urls import reverse

from projects.choices import SIGNED_OR_LATER, Stage
from meetings.selectors import ACTIVITY_METRICS
from projects.selectors import BILLION, HUNDRED_MILLION

ACTIVE = [Stage.LEAD, Stage.NEGOTIATING, *SIGNED_OR_LATER]


def _projects(**params):
    return f"{reverse('projects:project_list')}?{urlencode(params, doseq=True)}"


def drill_down_url(code, *, zone_id, start, end):
    """The list behind a computed metric for a zone and period, or None."""
    signed = {"zone": zone_id, "confirmed": SIGNED_OR_LATER, "signed_after": start, "signed_before": end}
    if code in {"signed_projects", "planned_total_investment"}:
        return _projects(**signed)
    if code == "commencement_rate":
        return _projects(**signed)
    if code == "projects_over_100m":
        return _projects(**signed, planned_min=HUNDRED_MILLION)
    if code == "projects_over_1b":
        return _projects(**signed, planned_min=BILLION)
    if code == "fortune500_projects":
        return _projects(**signed, flags="is_fortune500")
    if code == "four_new_projects":
        return _projects(**signed, flags="is_four_new")
    if code in {"key_projects", "key_projects_investment"}:
        return _projects(zone=zone_id, confirmed=ACTIVE, flags="is_key")
    if code in {"major_projects", "major_projects_investment"}:
        return _projects(zone=zone_id, confirmed=ACTIVE, flags="is_major")
    if code in {"funds_in_place", "investment_completed"}:
        params = {"zone": zone_id, "period_end_after": start, "period_end_before": end}
        return f"{reverse('projects:progress_report_list')}?{urlencode(params)}"
    if code in ACTIVITY_METRICS:
        # A whole year also counts the activities recorded with only their
        # year (insights.figures): the list then filters by the year.
        whole_year = (start, end) == (datetime.date(start.year, 1, 1), datetime.date(start.year, 12, 31))
        period = {"year": start.year} if whole_year else {"date_after": start, "date_before": end}
        params = {"zone": zone_id, "metric": code, **period}
        return f"{reverse('meetings:activity_list')}?{urlencode(params)}"
    return None


def attention_url(kind, *, zone_id, as_of):
    return _projects(zone=zone_id, attention=kind, as_of=as_of)
