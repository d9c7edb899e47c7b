"""Promotion activity pages (招商活动, 客商接待), meetings and the directives
they set (会议要求), and the supervision page (督办). Views stay thin: they
pick the rows the user may see, validate a form, call one service and
redirect."""
import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from devzone import access
from devzone.access import StaffOnlyMixin
from devzone.forms import apply_validation_error
from devzone.history import change_history
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


class ActivityDetailView(DetailView):
    model = PromotionActivity
    template_name = "meetings/promotionactivity_detail.html"

    def get_queryset(self):
        return PromotionActivity.objects.visible_to(self.request.user).select_related("zone", "source", "recorded_by")

    def get_context_data(self, **kwargs):
        activity = self.object
        return super().get_context_data(
            projects=activity.projects.select_related("investor").order_by("name"),
            history=change_history(activity, hidden=["year"]),  # the year follows the date
            can_edit=access.can_edit_zone(self.request.user, activity.zone_id),
            **kwargs,
        )


class ActivityCreateView(StaffOnlyMixin, FormView):
    form_class = ActivityForm
    template_name = "meetings/promotionactivity_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            activity = services.activity_create(
                user=self.request.user, data=form.activity_data(), projects=form.cleaned_data["projects"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Activity “%(title)s” recorded.") % {"title": activity.title})
        return redirect("meetings:activity_detail", pk=activity.pk)


class ActivityEditView(FormView):
    """Fetch the activity among those the user may see (404 otherwise), then
    require the right to edit its zone (403 otherwise)."""

    form_class = ActivityForm
    template_name = "meetings/promotionactivity_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.activity = get_object_or_404(PromotionActivity.objects.visible_to(request.user), pk=kwargs["pk"])
        if not access.can_edit_zone(request.user, self.activity.zone_id):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.activity}

    def get_context_data(self, **kwargs):
        return super().get_context_data(activity=self.activity, **kwargs)

    def form_valid(self, form):
        try:
            activity = services.activity_update(
                user=self.request.user,
                activity=self.activity,
                data=form.activity_data(),
                projects=form.cleaned_data["projects"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Activity “%(title)s” saved.") % {"title": activity.title})
        return redirect("meetings:activity_detail", pk=activity.pk)


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


class MeetingDetailView(DetailView):
    model = Meeting
    template_name = "meetings/meeting_detail.html"

    def get_queryset(self):
        return Meeting.objects.visible_to(self.request.user).select_related("zone", "source")

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


class MeetingObjectMixin:
    """Fetch the meeting from the URL among those the user may see (404
    otherwise), then require the right to edit its zone (403 otherwise)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.meeting = get_object_or_404(
            Meeting.objects.visible_to(request.user).select_related("zone"), pk=kwargs["pk"]
        )
        if not access.can_edit_zone(request.user, self.meeting.zone_id):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MeetingFormView(View):
    """The meeting with its three tables (participants, documents, targets):
    all valid, then one service call; otherwise the page again with every
    message beside its field or on its row."""

    template_name = "meetings/meeting_form.html"
    meeting = None

    def zone(self, form):
        """The meeting's zone, if known yet: the rows' choices and checks
        depend on it."""
        if self.meeting is not None:
            return self.meeting.zone
        zones = access.editable_zones(self.request.user)
        value = form.data.get(form.add_prefix("zone")) if form.is_bound else form.fields["zone"].initial
        try:
            return zones.filter(pk=int(value)).first() if value else None
        except (TypeError, ValueError):
            return None

    def forms(self, data=None):
        user = self.request.user
        form = MeetingForm(data, user=user, instance=copy.copy(self.meeting) if self.meeting else None)
        rows = MeetingRows(data, meeting=self.meeting or Meeting(), user=user, zone=self.zone(form))
        return form, rows

    def render(self, form, rows, status=200):
        context = {"form": form, "rows": rows, "meeting": self.meeting}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(*self.forms())

    def post(self, request, *args, **kwargs):
        form, rows = self.forms(request.POST)
        form_valid, rows_valid = form.is_valid(), rows.is_valid()
        if not (form_valid and rows_valid):
            return self.render(form, rows)
        try:
            meeting = self.save(form, rows)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(form, rows)
        messages.success(request, _("Meeting “%(title)s” saved.") % {"title": meeting.title})
        return redirect("meetings:meeting_detail", pk=meeting.pk)


class MeetingCreateView(StaffOnlyMixin, MeetingFormView):
    def save(self, form, rows):
        return services.meeting_create(user=self.request.user, data=form.meeting_data(), **rows.rows())


class MeetingEditView(MeetingObjectMixin, MeetingFormView):
    def save(self, form, rows):
        return services.meeting_update(
            user=self.request.user, meeting=self.meeting, data=form.meeting_data(), **rows.rows()
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


class DirectiveContextMixin:
    """What the directive page shows, with the status and note forms (bound
    when one of them was sent back with errors)."""

    template_name = "meetings/directive_detail.html"

    def directive_queryset(self):
        return Directive.objects.visible_to(self.request.user).select_related(
            "meeting__zone", "lead_official", "source"
        )

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
    model = Directive

    def get_queryset(self):
        return self.directive_queryset()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.directive_context(self.object), **kwargs)


class DirectiveObjectMixin(DirectiveContextMixin):
    """Fetch the directive among those the user may see (404 otherwise),
    then require the right to edit its zone (403 otherwise)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.directive = get_object_or_404(self.directive_queryset(), pk=kwargs["pk"])
        if not access.can_edit_zone(request.user, self.directive.meeting.zone_id):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DirectiveStatusView(DirectiveObjectMixin, FormView):
    """Mark a directive in progress or done, or reopen it; the page is the
    directive's own, with this form bound."""

    form_class = DirectiveStatusForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "directive": self.directive}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(**self.directive_context(self.directive, status_form=kwargs["form"]), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            directive = services.directive_set_status(
                user=self.request.user,
                directive=self.directive,
                status=data["status"],
                completed_on=data["completed_on"],
                note=data["note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Directive marked “%(status)s”.") % {"status": directive.get_status_display()}
        )
        return redirect("meetings:directive_detail", pk=directive.pk)


class DirectiveNoteCreateView(DirectiveObjectMixin, FormView):
    form_class = DirectiveNoteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "directive": self.directive}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(**self.directive_context(self.directive, note_form=kwargs["form"]), **kwargs)

    def form_valid(self, form):
        try:
            services.directive_note_add(user=self.request.user, directive=self.directive, **form.note_data())
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Progress note added."))
        return redirect("meetings:directive_detail", pk=self.directive.pk)


class DirectiveCreateView(MeetingObjectMixin, FormView):
    form_class = DirectiveForm
    template_name = "meetings/directive_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting}

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)

    def form_valid(self, form):
        try:
            directive = services.directive_create(
                user=self.request.user,
                meeting=self.meeting,
                data=form.directive_data(),
                assisting_staff=form.cleaned_data["assisting_staff"],
                projects=form.cleaned_data["projects"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Directive added."))
        return redirect("meetings:directive_detail", pk=directive.pk)


class DirectiveEditView(DirectiveObjectMixin, FormView):
    form_class = DirectiveForm
    template_name = "meetings/directive_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "meeting": self.directive.meeting,
            "instance": copy.copy(self.directive),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.directive.meeting, directive=self.directive, **kwargs)

    def form_valid(self, form):
        try:
            directive = services.directive_update(
                user=self.request.user,
                directive=self.directive,
                data=form.directive_data(),
                assisting_staff=form.cleaned_data["assisting_staff"],
                projects=form.cleaned_data["projects"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Directive saved."))
        return redirect("meetings:directive_detail", pk=directive.pk)
