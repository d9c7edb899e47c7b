"""The back office of the read side: assessment schemes are edited here
(with their history); what the tasks produce is shown read-only, and new runs
start from the actions, which call the reports' services like the app's "run
now" form. The schedules themselves are django-celery-beat's "Periodic
tasks", further down the index."""
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AssessmentResult, AssessmentScheme, Bulletin, DispatchSheet, OutboxMessage, TaskKind, TaskRun
from .outbox import services as outbox_services
from .reports import services


class GeneratedAdmin(admin.ModelAdmin):
    """Produced by a task: shown, deleted if need be, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.concrete_fields]


def _request_runs(modeladmin, request, kind, parameter_sets):
    for parameters in parameter_sets:
        run = services.run_request(user=request.user, kind=kind, parameters=parameters)
        modeladmin.message_user(
            request, _("%(kind)s: run #%(run)s started.") % {"kind": TaskKind(kind).label, "run": run.pk}
        )


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(SimpleHistoryAdmin):
    list_display = ("year", "name", "weights", "completion_cap", "overdue_start_deduction", "overdue_directive_deduction")
    search_fields = ("name", "notes")
    ordering = ("-year",)
    actions = ["run_assessment"]

    @admin.action(description=_("Score the zones with the selected schemes"))
    def run_assessment(self, request, queryset):
        _request_runs(self, request, TaskKind.ASSESSMENT, [{"scheme": scheme.pk} for scheme in queryset])


@admin.register(AssessmentResult)
class AssessmentResultAdmin(GeneratedAdmin):
    list_display = ("scheme", "zone", "score", "rank", "as_of", "generated_at")
    list_select_related = ("scheme", "zone")
    search_fields = ("zone__name", "zone__short_name", "scheme__name")
    ordering = ("-scheme__year", "rank", "zone__name")


@admin.register(Bulletin)
class BulletinAdmin(GeneratedAdmin):
    list_display = ("__str__", "as_of", "generated_at", "generated_by")
    list_select_related = ("generated_by",)
    search_fields = ("text",)
    ordering = ("-year", "-month")
    actions = ["produce_again"]

    @admin.action(description=_("Produce the selected bulletins again"))
    def produce_again(self, request, queryset):
        _request_runs(self, request, TaskKind.BULLETIN, [{"year": b.year, "month": b.month} for b in queryset])


@admin.register(DispatchSheet)
class DispatchSheetAdmin(GeneratedAdmin):
    list_display = ("zone", "week_start", "generated_at", "emailed_at")
    list_select_related = ("zone",)
    search_fields = ("zone__name", "zone__short_name")
    date_hierarchy = "week_start"
    ordering = ("-week_start", "zone__name")
    show_full_result_count = False


@admin.register(TaskRun)
class TaskRunAdmin(GeneratedAdmin):
    list_display = ("__str__", "kind", "status", "zone", "requested_by", "created_at", "finished_at", "attempts")
    list_filter = ("kind", "status")
    list_select_related = ("zone", "requested_by")
    search_fields = ("celery_task_id", "error", "zone__name")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    show_full_result_count = False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(GeneratedAdmin):
    list_display = ("key", "state", "channel", "recipient", "zone", "attempts", "created_at", "sent_at")
    list_filter = ("state", "channel")
    list_select_related = ("zone",)
    search_fields = ("key", "recipient", "subject", "zone__name")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    show_full_result_count = False
    actions = ["send_again"]

    @admin.action(description=_("Send the selected messages again"))
    def send_again(self, request, queryset):
        for message in queryset:
            try:
                outbox_services.message_resend(user=request.user, message_id=message.pk)
            except ValidationError as exc:
                self.message_user(request, f"{message}: {' '.join(exc.messages)}", messages.WARNING)
            else:
                self.message_user(request, _("%(message)s: sent again.") % {"message": message})
