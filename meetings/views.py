"""Promotion activity pages (招商活动, 客商接待). Views stay thin: they pick the
rows the user may see, validate a form, call one service and redirect."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from devzone import access
from devzone.access import StaffOnlyMixin
from devzone.forms import apply_validation_error
from devzone.history import change_history

from . import services
from .filtersets import ActivityFilterSet
from .forms import ActivityForm
from .models import PromotionActivity


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
