"""Promotion activity pages (招商活动, 客商接待), meetings and the directives
they set (会议要求), and the supervision page (督办). Views stay thin: they
pick the rows the user may see, validate a form, call one service and
redirect."""
import copy

from django.db.models import Count, F, Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from devzone import access
from devzone.access import StaffOnlyMixin, ZoneScopedMixin
from devzone.history import change_history
from devzone.views import ServiceFormMixin
from zones.models import Official

from . import services
from .choices import DirectiveStatus, ParticipantRole
from .filtersets import ActivityFilterSet, DirectiveFilterSet, MeetingFilterSet
from .forms import (
    ActivityForm,
    DirectiveForm,
    DirectiveNoteForm,
    DirectiveStatusForm,
    MeetingForm,
    MeetingRows,
)
from .models import Directive, Meeting, PromotionActivity


class ActivityListView(FilterView):
    model = PromotionActivity
    filterset_class = ActivityFilterSet
    template_name = "meetings/promotionactivity_list.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            PromotionActivity.objects.visible_to(self.request.user)
            .select_related("zone")
            .annotate(project_count=Count("projects"))
            .order_by("-year", F("date").desc(nulls_last=True), "title", "-pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        context["can_add"] = access.editable_zones(self.request.user).exists()
        return context


class ActivityDetailView(ZoneScopedMixin, DetailView):
    model = PromotionActivity
    template_name = "meetings/promotionactivity_detail.html"

    def get_queryset(self):
        return PromotionActivity.objects.select_related("zone", "source", "recorded_by")

    def get_context_data(self, **kwargs):
        activity = self.object
        return super().get_context_data(
            projects=activity.projects.select_related("investor").order_by("name"),
            history=change_history(activity, hidden=["year"]),  # the year follows the date
            can_edit=access.can_edit_zone(self.request.user, activity.zone_id),
            **kwargs,
        )


class ActivityFormMixin(ServiceFormMixin):
    form_class = ActivityForm
    template_name = "meetings/promotionactivity_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def success_redirect(self, activity):
        return reverse("meetings:activity_detail", args=[activity.pk])


class ActivityCreateView(StaffOnlyMixin, ActivityFormMixin, FormView):
    def perform(self, form):
        return services.activity_create(
            user=self.request.user, data=form.activity_data(), projects=form.cleaned_data["projects"]
        )

    def get_success_message(self, activity):
        return _("Activity “%(title)s” recorded.") % {"title": activity.title}


class ActivityEditView(ZoneScopedMixin, ActivityFormMixin, FormView):
    model = PromotionActivity
    action = "edit"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(activity=self.object, **kwargs)

    def perform(self, form):
        return services.activity_update(
            user=self.request.user,
            activity=self.object,
            data=form.activity_data(),
            projects=form.cleaned_data["projects"],
        )

    def get_success_message(self, activity):
        return _("Activity “%(title)s” saved.") % {"title": activity.title}


# Meetings ----------------------------------------------------------------------


class FilteredListMixin:
    """The filter and the page number live in the URL; the sort links and
    the pages keep the filter."""

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        context["today"] = timezone.localdate()
        return context


class MeetingListView(FilteredListMixin, FilterView):
    model = Meeting
    filterset_class = MeetingFilterSet
    template_name = "meetings/meeting_list.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            Meeting.objects.visible_to(self.request.user)
            .select_related("zone")
            .with_directive_counts(timezone.localdate())
            .order_by("-date", "title", "-pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=access.can_record(self.request.user), **kwargs)


class MeetingDetailView(ZoneScopedMixin, DetailView):
    model = Meeting
    template_name = "meetings/meeting_detail.html"

    def get_queryset(self):
        return Meeting.objects.select_related("zone", "source")

    def get_context_data(self, **kwargs):
        meeting = self.object
        today = timezone.localdate()
        participants = list(meeting.participants.select_related("official").order_by("role", "id"))
        roles = [
            (label, [p for p in participants if p.role == value])
            for value, label in ParticipantRole.choices
        ]
        directives = (
            meeting.directives.for_list()
            .with_overdue(today)
            .prefetch_related(Prefetch("assisting_staff", queryset=Official.objects.order_by("name")))
            .order_by("order", "pk")
        )
        return super().get_context_data(
            roles=[(label, people) for label, people in roles if people],
            documents=meeting.documents.select_related("read_by").order_by("order", "pk"),
            directives=directives,
            today=today,
            history=change_history(meeting),
            can_edit=access.can_edit_zone(self.request.user, meeting.zone_id),
            **kwargs,
        )


class MeetingObjectMixin(ZoneScopedMixin):
    """A staff member's form on the meeting of the URL: it must be one the
    user may edit."""

    model = Meeting
    action = "edit"

    def get_queryset(self):
        return Meeting.objects.select_related("zone")


class MeetingFormView(ServiceFormMixin, View):
    """The meeting with its three tables (participants, documents, targets):
    all valid, then one service call; otherwise the page again with every
    message beside its field or on its row."""

    template_name = "meetings/meeting_form.html"
    object = None  # the meeting being edited

    def zone(self, form):
        """The meeting's zone, if known yet: the rows' choices and checks
        depend on it."""
        if self.object is not None:
            return self.object.zone
        zones = access.editable_zones(self.request.user)
        value = form.data.get(form.add_prefix("zone")) if form.is_bound else form.fields["zone"].initial
        try:
            return zones.filter(pk=int(value)).first() if value else None
        except (TypeError, ValueError):
            return None

    def bind(self, data=None):
        """The meeting's form; its rows are kept on the view (``self.rows``),
        beside it on the page and in the service call."""
        user = self.request.user
        form = MeetingForm(data, user=user, instance=copy.copy(self.object) if self.object else None)
        self.rows = MeetingRows(data, meeting=self.object or Meeting(), user=user, zone=self.zone(form))
        return form

    def render(self, form, status=200):
        context = {"form": form, "rows": self.rows, "meeting": self.object}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(self.bind())

    def post(self, request, *args, **kwargs):
        form = self.bind(request.POST)
        form_valid, rows_valid = form.is_valid(), self.rows.is_valid()
        return self.form_valid(form) if form_valid and rows_valid else self.form_invalid(form)

    def form_invalid(self, form):
        return self.render(form)

    def get_success_message(self, meeting):
        return _("Meeting “%(title)s” saved.") % {"title": meeting.title}

    def success_redirect(self, meeting):
        return reverse("meetings:meeting_detail", args=[meeting.pk])


class MeetingCreateView(StaffOnlyMixin, MeetingFormView):
    def perform(self, form):
        return services.meeting_create(user=self.request.user, data=form.meeting_data(), **self.rows.rows())


class MeetingEditView(MeetingObjectMixin, MeetingFormView):
    def perform(self, form):
        return services.meeting_update(
            user=self.request.user, meeting=self.object, data=form.meeting_data(), **self.rows.rows()
        )


# Directives --------------------------------------------------------------------


class DirectiveListView(FilteredListMixin, FilterView):
    model = Directive
    filterset_class = DirectiveFilterSet
    template_name = "meetings/directive_list.html"
    paginate_by = 50
    mine = False

    def get_queryset(self):
        return (
            Directive.objects.visible_to(self.request.user)
            .for_list()
            .with_overdue(timezone.localdate())
            .order_by("-meeting__date", "meeting_id", "order", "pk")
        )


class MyDirectiveListView(DirectiveListView):
    """The directives the signed-in user leads or assists with, through the
    official linked to their account."""

    mine = True

    def get_queryset(self):
        return super().get_queryset().involving(self.request.user)

    def get_context_data(self, **kwargs):
        linked = Official.objects.filter(user=self.request.user).select_related("zone").first()
        return super().get_context_data(mine=True, linked_official=linked, **kwargs)


class DirectiveContextMixin(ZoneScopedMixin):
    """The directive of the URL and what its page shows, with the status and
    note forms (bound when one of them was sent back with errors)."""

    model = Directive
    template_name = "meetings/directive_detail.html"

    def get_queryset(self):
        return Directive.objects.select_related("meeting__zone", "lead_official", "source")

    def directive_context(self, directive, *, status_form=None, note_form=None):
        can_edit = access.can_edit_zone(self.request.user, directive.meeting.zone_id)
        # As DirectiveQuerySet.overdue(): past due and not done.
        due_on, done = directive.due_on, directive.status == DirectiveStatus.DONE
        return {
            "directive": directive,
            "is_overdue": not done and due_on is not None and due_on < timezone.localdate(),
            "notes": directive.notes.select_related("author").order_by("-noted_on", "-created_at"),
            "assisting": directive.assisting_staff.order_by("name"),
            "projects": directive.projects.select_related("zone").order_by("name"),
            "history": change_history(directive),
            "can_edit": can_edit,
            "status_form": (status_form or DirectiveStatusForm(directive=directive)) if can_edit else None,
            "note_form": (note_form or DirectiveNoteForm(directive=directive)) if can_edit else None,
        }


class DirectiveDetailView(DirectiveContextMixin, DetailView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.directive_context(self.object), **kwargs)


def directive_url(directive):
    return reverse("meetings:directive_detail", args=[directive.pk])


class DirectiveObjectMixin(ServiceFormMixin, DirectiveContextMixin):
    """A staff member's form on the directive of the URL: it must be one the
    user may edit; the form comes back to the directive's page."""

    action = "edit"

    def success_redirect(self, saved):
        return directive_url(self.object)


class DirectiveStatusView(DirectiveObjectMixin, FormView):
    """Mark a directive in progress or done, or reopen it; the page is the
    directive's own, with this form bound."""

    form_class = DirectiveStatusForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "directive": self.object}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(**self.directive_context(self.object, status_form=kwargs["form"]), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.directive_set_status(
            user=self.request.user,
            directive=self.object,
            status=data["status"],
            completed_on=data["completed_on"],
            note=data["note"],
        )

    def get_success_message(self, directive):
        return _("Directive marked “%(status)s”.") % {"status": directive.get_status_display()}


class DirectiveNoteCreateView(DirectiveObjectMixin, FormView):
    form_class = DirectiveNoteForm
    success_message = gettext_lazy("Progress note added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "directive": self.object}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(**self.directive_context(self.object, note_form=kwargs["form"]), **kwargs)

    def perform(self, form):
        return services.directive_note_add(user=self.request.user, directive=self.object, **form.note_data())


class DirectiveCreateView(MeetingObjectMixin, ServiceFormMixin, FormView):
    form_class = DirectiveForm
    template_name = "meetings/directive_form.html"
    success_message = gettext_lazy("Directive added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.object, **kwargs)

    def perform(self, form):
        return services.directive_create(
            user=self.request.user,
            meeting=self.object,
            data=form.directive_data(),
            assisting_staff=form.cleaned_data["assisting_staff"],
            projects=form.cleaned_data["projects"],
        )

    def success_redirect(self, directive):
        return directive_url(directive)


class DirectiveEditView(DirectiveObjectMixin, FormView):
    form_class = DirectiveForm
    template_name = "meetings/directive_form.html"
    success_message = gettext_lazy("Directive saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.object.meeting, "instance": copy.copy(self.object)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.object.meeting, directive=self.object, **kwargs)

    def perform(self, form):
        return services.directive_update(
            user=self.request.user,
            directive=self.object,
            data=form.directive_data(),
            assisting_staff=form.cleaned_data["assisting_staff"],
            projects=form.cleaned_data["projects"],
        )
