"""Dashboard pages: thin views over insights.dashboards.selectors."""
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from devzone import access
from devzone.access import ZoneScopedMixin
from devzone.db_routers import replica_reads
from meetings.models import Meeting
from zones.models import Metric

from .. import figures
from . import exports, links, selectors
from .forms import DashboardForm, RankingForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ReplicaReadsMixin:
    """Answer the whole request, template included, from the read replica
    when one is configured (devzone/db_routers.py). The response is rendered
    here because a TemplateResponse would otherwise render, and read, after
    the block has ended."""

    def dispatch(self, request, *args, **kwargs):
        # Who may see what is decided on the primary: a membership revoked a
        # moment ago must not linger on a replica that is behind. The answers
        # are cached on the user for the rest of the request.
        access.user_zones(request.user)
        with replica_reads():
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response


class ZoneDashboardMixin(ReplicaReadsMixin):
    def get_dashboard(self):
        """Read zone, year and as-of date from the URL; a bad value falls
        back to its default (and the form shows why), a zone outside the
        user's zones is a 404."""
        zones = access.user_zones(self.request.user)
        form = DashboardForm(self.request.GET, zones=zones)
        form.is_valid()
        if "zone" in form.errors:
            raise Http404
        zone = form.cleaned_data.get("zone") or (zones[0] if zones else None)
        if zone is None:
            raise Http404
        dashboard = selectors.zone_dashboard(zone=zone, year=form.cleaned_data["year"], as_of=form.cleaned_data["as_of"])
        return form, dashboard


class ZoneDashboardView(ZoneDashboardMixin, TemplateView):
    template_name = "dashboards/zone_dashboard.html"

    def get_context_data(self, **kwargs):
        form, dashboard = self.get_dashboard()
        zone_id, start = dashboard.zone.pk, dashboard.start
        end = min(dashboard.end, dashboard.as_of)
        charts = exports.chart_data(dashboard)
        return super().get_context_data(
            form=form,
            dashboard=dashboard,
            cards=[
                (card, links.drill_down_url(card.target.metric.code, zone_id=zone_id, start=card.start, end=min(card.end, dashboard.as_of)))
                for card in dashboard.cards
            ],
            comparisons=[
                (row, links.drill_down_url(row.metric.code, zone_id=zone_id, start=start, end=end))
                for row in dashboard.comparisons
            ],
            alert_urls={
                kind: links.attention_url(kind, zone_id=zone_id, as_of=dashboard.as_of)
                for kind in ("overdue_start", "silent")
            },
            charts=charts,
            chart_list=[
                {"key": key, "title": charts[key]["title"], "table": f"dashboards/_table_{key}.html"}
                for key in ("investment", "funds", "industries", "funnel", "gaps")
            ],
            **kwargs,
        )


class ZoneDashboardExportView(ZoneDashboardMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        _form, dashboard = self.get_dashboard()
        name = f"dashboard-{dashboard.zone.code or dashboard.zone.pk}-{dashboard.year}.xlsx"
        return xlsx_response(exports.dashboard_xlsx(dashboard), name)


class RankingMixin(ReplicaReadsMixin):
    def get_ranking(self):
        metrics = list(Metric.objects.filter(code__in=figures.COMPUTED).order_by("sort_order"))
        form = RankingForm(self.request.GET, metrics=metrics)
        form.is_valid()
        metric = form.cleaned_data.get("metric") or metrics[0]
        year, as_of = form.cleaned_data["year"], form.cleaned_data["as_of"]
        rows = selectors.ranking(zones=access.user_zones(self.request.user), metric=metric, year=year, as_of=as_of)
        rows = sort_rows(rows, self.request.GET.get("sort", "rank"))
        return form, metric, year, as_of, rows


SORT_KEYS = {
    "rank": lambda row: (row.rank is None, row.rank or 0),
    "zone": lambda row: row.zone.name,
    "actual": lambda row: (row.actual is None, -(row.actual or 0)),
    "target": lambda row: (row.target is None, -(row.target or 0)),
    "completion": lambda row: (row.completion is None, -(row.completion or 0)),
    "last_year": lambda row: (row.last_year is None, -(row.last_year or 0)),
    "growth": lambda row: (row.growth is None, -(row.growth or 0)),
}


def sort_rows(rows, key):
    """Sort the ranking (a few hundred zones at most) by a column; a leading
    "-" reverses it."""
    reverse = key.startswith("-")
    sort_key = SORT_KEYS.get(key.lstrip("-"), SORT_KEYS["rank"])
    return sorted(rows, key=sort_key, reverse=reverse)


class RankingView(RankingMixin, TemplateView):
    template_name = "dashboards/ranking.html"

    def get_context_data(self, **kwargs):
        form, metric, year, as_of, rows = self.get_ranking()
        query = self.request.GET.copy()
        query.pop("sort", None)
        columns = [
            ("rank", _("rank")),
            ("zone", _("zone")),
            ("actual", _("actual")),
            ("target", _("target")),
            ("completion", _("completion")),
            ("last_year", _("same period last year")),
            ("growth", _("growth")),
        ]
        return super().get_context_data(
            form=form,
            metric=metric,
            year=year,
            as_of=as_of,
            rows=rows,
            columns=columns,
            sort=self.request.GET.get("sort", "rank"),
            query=query.urlencode(),
            **kwargs,
        )


class RankingExportView(RankingMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        _form, metric, year, as_of, rows = self.get_ranking()
        return xlsx_response(exports.ranking_xlsx(metric=metric, year=year, as_of=as_of, rows=rows), f"ranking-{metric.code}-{year}.xlsx")


class MeetingTargetsView(ZoneScopedMixin, TemplateView):
    """The targets a meeting set, with what the records give today. The
    meeting's page (a meetings page, which may not import the figures
    engine) loads it with htmx; opened on its own it is a page."""

    model = Meeting

    def get_template_names(self):
        partial = self.request.headers.get("HX-Request") == "true"
        return ["dashboards/_meeting_targets.html" if partial else "dashboards/meeting_targets.html"]

    def get_context_data(self, **kwargs):
        meeting = self.object
        targets = meeting.targets.select_related("metric").order_by("year", "quarter", "month", "metric__sort_order")
        return super().get_context_data(
            meeting=meeting, progress=figures.target_progress(targets=targets, as_of=timezone.localdate()), **kwargs
        )
