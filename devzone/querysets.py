from django.db import models


class ZoneQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Zones a user may see: all for administrators and city-level
        managers (``devzone.view_all_zones``), otherwise their memberships."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_perm("devzone.view_all_zones"):
            return self
        return self.filter(memberships__user=user)


class PeriodFigureQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year=year)

    def whole_year(self):
        return self.filter(quarter__isnull=True, month__isnull=True)

    def in_zone(self, zone):
        return self.filter(zone=zone)


class TargetQuerySet(PeriodFigureQuerySet):
    pass


class ReportedFigureQuerySet(PeriodFigureQuerySet):
    pass
