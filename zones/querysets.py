from django.db import models


def zone_ids_visible_to(user):
    # Imported here: the access module imports the models that use these
    # querysets.
    from devzone.access import visible_zone_ids

    return visible_zone_ids(user)


class ZoneScopedQuerySet(models.QuerySet):
    """A queryset of records that belong to a zone through ``zone_path``."""

    zone_path = "zone"

    def visible_to(self, user):
        """What a user may see: every zone for administrators and city-level
        managers, otherwise the zones of their memberships."""
        if not user.is_authenticated:
            return self.none()
        ids = zone_ids_visible_to(user)
        if ids is None:
            return self
        return self.filter(**{f"{self.zone_path}__in": ids})

    def in_zone(self, zone):
        return self.filter(**{self.zone_path: zone})


class ZoneQuerySet(ZoneScopedQuerySet):
    zone_path = "pk"


class PeriodFigureQuerySet(ZoneScopedQuerySet):
    def for_year(self, year):
        return self.filter(year=year)

    def whole_year(self):
        return self.filter(quarter__isnull=True, month__isnull=True)


class TargetQuerySet(PeriodFigureQuerySet):
    pass


class ReportedFigureQuerySet(PeriodFigureQuerySet):
    pass
