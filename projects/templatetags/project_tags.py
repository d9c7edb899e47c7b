from django import template
from django.utils.html import format_html

from projects.choices import Stage, StageChangeStatus

register = template.Library()

STAGE_STYLE = {
    Stage.LEAD: "secondary",
    Stage.NEGOTIATING: "info",
    Stage.SIGNED: "primary",
    Stage.STARTED: "warning",
    Stage.PRODUCTION: "success",
    Stage.WITHDRAWN: "dark",
}

STATUS_STYLE = {
    StageChangeStatus.PENDING: "warning",
    StageChangeStatus.CONFIRMED: "success",
    StageChangeStatus.REJECTED: "danger",
}


@register.simple_tag
def stage_badge(stage):
    """A stage as a coloured badge that also says the stage in words."""
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', STAGE_STYLE.get(stage, "secondary"), Stage(stage).label
    )


@register.simple_tag
def status_badge(status):
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', STATUS_STYLE.get(status, "secondary"), StageChangeStatus(status).label
    )


@register.simple_tag(takes_context=True)
def sort_link(context, field, label):
    """A sortable column header that keeps the current filters."""
    request = context["request"]
    query = request.GET.copy()
    current = query.get("sort", "")
    query["sort"] = f"-{field}" if current == field else field
    query.pop("page", None)
    arrow = " ▲" if current == field else (" ▼" if current == f"-{field}" else "")
    return format_html('<a class="link-body-emphasis text-decoration-none" href="?{}">{}{}</a>', query.urlencode(), label, arrow)
