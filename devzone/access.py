"""Who may see and do what: the one place that decides.

Outsiders get a 404 for a record outside their zones (its existence is none of
their business); a user who may see a record but whose role lacks the action
gets a 403. Views use the mixins below; querysets use ``visible_to(user)``.
"""
from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from . import roles
from zones.models import Zone


def has_role(user, role):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return role == roles.ADMINISTRATOR
    # Group names are cached on the user object for the request.
    if not hasattr(user, "_devzone_roles"):
        user._devzone_roles = set(user.groups.values_list("name", flat=True))
    return role in user._devzone_roles


def is_administrator(user):
    return user.is_authenticated and (user.is_superuser or has_role(user, roles.ADMINISTRATOR))


def is_manager(user):
    return has_role(user, roles.MANAGER)


def is_staff_member(user):
    return has_role(user, roles.STAFF)


def sees_all_zones(user):
    """Administrators and city-level managers (the ``view_all_zones``
    permission) see every zone."""
    if is_administrator(user):
        return True
    # Only a manager can be city-level: the others are spared the query.
    if not is_manager(user):
        return False
    if not hasattr(user, "_devzone_all_zones"):
        # One query for the user's own and their groups' permission, where
        # has_perm would make two.
        user._devzone_all_zones = Permission.objects.filter(
            Q(user=user) | Q(group__user=user), content_type__app_label="zones", codename="view_all_zones"
        ).exists()
    return user._devzone_all_zones


def user_zones(user):
    """The zones a user may see, as a list fetched once per request (the
    layout, the forms and the access checks all read it)."""
    if not hasattr(user, "_devzone_zones"):
        zones = Zone.objects.only("pk", "name", "short_name", "code").order_by("name")
        if not sees_all_zones(user):
            zones = zones.filter(memberships__user=user)
        user._devzone_zones = list(zones)
    return user._devzone_zones


def visible_zone_ids(user):
    """The ids of the zones a user may see, or None for every zone."""
    if sees_all_zones(user):
        return None
    return frozenset(zone.pk for zone in user_zones(user))


def can_edit_zone(user, zone_id):
    """Staff record in their own zones; administrators anywhere; managers
    read and confirm but never edit."""
    if is_administrator(user):
        return True
    if not is_staff_member(user):
        return False
    return zone_id in visible_zone_ids(user)


def can_confirm_zone(user, zone_id):
    """Managers confirm stage changes (甄别) of the zones they see."""
    if is_administrator(user):
        return True
    if not is_manager(user):
        return False
    ids = visible_zone_ids(user)
    return ids is None or zone_id in ids


def can_record(user):
    """Whether the user may record anything at all (for showing buttons)."""
    if is_administrator(user):
        return True
    return is_staff_member(user) and bool(visible_zone_ids(user))


def editable_zones(user):
    if is_administrator(user):
        return Zone.objects.all()
    if not is_staff_member(user):
        return Zone.objects.none()
    return Zone.objects.filter(pk__in=visible_zone_ids(user))


# What each action asks of the user's role, for a record whose zone they see.
ACTIONS = {
    "read": None,  # seeing the record is enough
    "edit": can_edit_zone,
    "confirm": can_confirm_zone,
}


def record_zone_id(record, zone_path):
    """The id of the zone a record belongs to, along its queryset's
    ``zone_path`` ("zone", "project__zone", "pk" for a zone itself)."""
    *hops, last = zone_path.split("__")
    for hop in hops:
        record = getattr(record, hop)
    return record.pk if last == "pk" else getattr(record, record._meta.get_field(last).attname)


def may(user, action, record, zone_path):
    """Whether the user's role allows ``action`` on a record they may see."""
    check = ACTIONS[action]
    return check is None or check(user, record_zone_id(record, zone_path))


class ZoneScopedMixin(AccessMixin):
    """A view of the one record named by the URL (``pk``), for every view
    that takes one: the record is fetched among those the user may see (404
    for anything else, whether it exists or not), then the role must allow
    ``action`` on its zone (403 otherwise). The record is ``self.object``,
    fetched once: a DetailView's ``get_object`` returns it.

    ``model`` names the records; a view narrows or joins in
    ``get_queryset``, and ``visible_to(user)`` is always applied on top.
    ``action``: "read", "edit" (staff of the zone, administrators) or
    "confirm" (managers of the zone, administrators).
    """

    model = None
    action = "read"
    pk_url_kwarg = "pk"

    def get_queryset(self):
        return self.model._default_manager.all()

    def dispatch(self, request, *args, **kwargs):
        # The login middleware sends anonymous users to the login page
        # before this runs; should a view be exempted, they go there too.
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        method = request.method.lower()
        if method in self.http_method_names and hasattr(self, method):
            # A method the view does not answer is a 405, with nothing fetched.
            queryset = self.get_queryset().visible_to(request.user)
            self.object = get_object_or_404(queryset, pk=kwargs[self.pk_url_kwarg])
            if not may(request.user, self.action, self.object, getattr(queryset, "zone_path", "zone")):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return self.object


class RoleRequiredMixin(AccessMixin):
    """Refuse (403) a page the role has no use for, such as a staff-only form
    for a manager."""

    allowed = ()  # callables taking the user

    def dispatch(self, request, *args, **kwargs):
        if not any(check(request.user) for check in self.allowed):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StaffOnlyMixin(RoleRequiredMixin):
    """Pages for recording: staff and administrators; managers get a 403."""

    allowed = (is_staff_member, is_administrator)


def role_label(user):
    for role in (roles.ADMINISTRATOR, roles.MANAGER, roles.STAFF):
        if has_role(user, role) or (role == roles.ADMINISTRATOR and user.is_superuser):
            return roles.ROLE_LABELS[role]
    return ""
